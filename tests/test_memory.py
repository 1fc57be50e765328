"""ui/web/memory.py: freed memory is handed back every TRIM_EVERY_S seconds from a page run's end until
TRIM_AFTER_LAST_RUN_S seconds after the last one."""

from __future__ import annotations

import threading

import pytest

from ui.web import frame, memory


class _Time:
    """A clock the trimmer's sleeps move on, so its thread runs through minutes at once."""

    def __init__(self):
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class _Trims:
    """A stand-in for malloc_trim: records when it was called (on the fake clock)."""

    def __init__(self, time: _Time):
        self.time, self.at = time, []

    def __call__(self) -> int:
        self.at.append(self.time.now - 1000.0)
        return 1


def _settled(trimmer: memory.Trimmer, timeout: float = 5.0) -> None:
    """Until the trimmer's thread waits for the next run's end."""
    deadline = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if trimmer._thread is not None and not trimmer._woken.is_set() and trimmer._clock() - trimmer._last_end > trimmer._after:
            deadline.wait(0.05)  # the thread may still be between its last check and its wait
            return
        deadline.wait(0.01)
    raise AssertionError("the trimmer kept trimming")


# every = 10 s, after = 25 s: a run ending at 0 → trims at 0, 10, 20, and a last one at 30, the first tick more than 25 s
# after the run (every closed tab's session has expired by then)
@pytest.mark.parametrize("every, after, trims_at", [
    (10, 25, [0, 10, 20, 30]),
    (10, 150, [float(s) for s in range(0, 161, 10)]),  # the server's: 16 trims over the 150 s after the last run, 1 after
    (10, 0, [0, 10]),
])
def test_trims_from_a_run_end_until_the_period_after_it(every, after, trims_at):
    time = _Time()
    trims = _Trims(time)
    trimmer = memory.Trimmer(trims, every=every, after=after, clock=time.clock, sleep=time.sleep)
    trimmer.run_ended()
    _settled(trimmer)
    assert trims.at == trims_at and trimmer.trims == len(trims_at)


def test_a_later_run_starts_trimming_again():
    time = _Time()
    trims = _Trims(time)
    trimmer = memory.Trimmer(trims, every=10, after=15, clock=time.clock, sleep=time.sleep)
    trimmer.run_ended()
    _settled(trimmer)
    assert trims.at == [0, 10, 20]  # 20: the last, more than 15 s after the run
    time.now += 1000  # a quiet quarter of an hour: no trims meanwhile
    assert trims.at == [0, 10, 20]
    trimmer.run_ended()
    _settled(trimmer)
    assert trims.at == [0, 10, 20, 1020, 1030, 1040]


def test_work_before_each_trim_is_told_the_last_and_never_stops_the_trims():
    time = _Time()
    trims = _Trims(time)
    trimmer = memory.Trimmer(trims, every=10, after=25, clock=time.clock, sleep=time.sleep)
    told = []

    def work(last: bool) -> None:
        told.append((time.now - 1000.0, last))
        raise RuntimeError("housekeeping failed")

    trimmer.also(work)
    trimmer.run_ended()
    _settled(trimmer)
    assert told == [(0, False), (10, False), (20, False), (30, True)]
    assert trims.at == [0, 10, 20, 30]


def test_without_malloc_trim_nothing_is_started():
    trimmer = memory.Trimmer(None)
    trimmer.run_ended()
    assert trimmer._thread is None and trimmer.trims == 0


def test_glibc_malloc_trim_is_found_and_runs():
    trim = memory._malloc_trim()
    assert trim is not None  # this machine's C library is glibc (ENVIRONMENT.md)
    assert trim() in (0, 1)  # 1: memory was given back, 0: there was none to give


@pytest.mark.parametrize("turn", ["framed_page", "page_turn"])
def test_a_page_run_and_a_fragment_run_ask_for_a_trim_when_they_end(monkeypatch, turn):
    asked = []
    monkeypatch.setattr(frame, "TRIMMER", type("T", (), {"run_ended": lambda self: asked.append(turn)})())
    with getattr(frame, turn)():
        assert asked == []  # not while the run computes
    assert asked == [turn]
    with pytest.raises(RuntimeError):
        with getattr(frame, turn)():
            raise RuntimeError("the page failed")
    assert asked == [turn, turn]  # a failed run's garbage is freed too


class _Arrow:
    """A stand-in for pyarrow's pool switch: records the pools set."""

    def __init__(self):
        self.pools, self.current = [], "mimalloc"

    def system_memory_pool(self):
        return "system"

    def set_memory_pool(self, pool):
        self.pools.append(pool)
        self.current = pool

    def default_memory_pool(self):
        return type("Pool", (), {"backend_name": self.current})()


@pytest.mark.parametrize("trim, pools, backend", [
    (lambda: 0, ["system"], "system"),  # glibc: Arrow allocates from the heap the trims give back
    (None, [], "mimalloc"),  # no malloc_trim (musl, macOS): Arrow keeps its own allocator
])
def test_arrow_allocates_from_the_c_heap_where_it_is_trimmed(trim, pools, backend):
    arrow = _Arrow()
    assert memory.arrow_on_the_c_heap(trim, arrow) == backend
    assert arrow.pools == pools


def test_the_server_s_arrow_buffers_come_from_the_c_heap():
    """On this machine (glibc) the app's import switched Arrow's default pool, and Arrow allocates from it."""
    import pyarrow as pa

    assert memory.TRIMMER._trim is not None  # glibc here
    assert memory.ARROW_ALLOCATOR == "system" == pa.default_memory_pool().backend_name
    before = pa.system_memory_pool().bytes_allocated()
    column = pa.array(["对口合作"] * 10_000)
    assert pa.system_memory_pool().bytes_allocated() - before >= 10_000 * len("对口合作".encode())
    del column
