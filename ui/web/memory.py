"""Giving freed memory back to the system after page runs (issue 15).

A page run at 100× allocates tens of megabytes it frees when it ends (the results it filters, the tables it converts,
the messages it sends). glibc keeps what was freed inside its heaps for the next allocation, so under many readers at
once the server's resident memory stays at its high-water mark: after the 30-user load test at 100×, with every session
gone, 38 MB sat free inside the heaps (bench/RESULTS.md, sixteenth round). `malloc_trim(0)` hands such free pages back.

It costs a walk over the heaps while their locks are held, so it is done on a thread of its own (never in a reader's
run), every TRIM_EVERY_S seconds while readers' pages run and for TRIM_AFTER_LAST_RUN_S seconds after the last one
ends, and not at all where the C library has no malloc_trim (musl, macOS): nothing else depends on it. Where it
runs, Arrow allocates from the same heap (`arrow_on_the_c_heap`), so what Arrow frees is given back too.
"""

from __future__ import annotations

import ctypes
import threading
import time
from typing import Callable

TRIM_EVERY_S = 10.0
# How long after the last run ends trimming goes on: a closed tab's session is dropped up to
# server.disconnectedSessionTTL (120 s) after the tab closed, with no run to follow it, and what it held is freed then.
TRIM_AFTER_LAST_RUN_S = 150.0


def _malloc_trim() -> Callable[[], object] | None:
    """glibc's malloc_trim(0), or None where there is none."""
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: trim(0)  # ctypes releases the GIL while it runs: the readers' runs go on meanwhile


class Trimmer:
    """From the first run's end, trims every `every` seconds on a thread of its own, until `after` seconds have
    passed since the last run ended; then sleeps until a run ends again."""

    def __init__(self, trim: Callable[[], object] | None, every: float = TRIM_EVERY_S,
                 after: float = TRIM_AFTER_LAST_RUN_S, clock=time.monotonic, sleep=time.sleep):
        self._trim, self._every, self._after, self._clock, self._sleep = trim, every, after, clock, sleep
        self._last_end = float("-inf")
        self._lock = threading.Lock()
        self._woken = threading.Event()
        self._thread: threading.Thread | None = None
        self._before: list[Callable[[bool], object]] = []
        self.trims = 0

    def also(self, work: Callable[[bool], object]) -> None:
        """Do `work(last)` on the trimming thread before each trim (a full garbage collection when one is due: what it
        frees is then trimmed too); `last` is True for the trim that ends a period of trimming, once the last closed
        tab's session has expired. An exception in it is swallowed: it never stops the trimming."""
        self._before.append(work)

    def run_ended(self) -> None:
        """A page run has ended (cheap: the trimming is done on the trimmer's thread)."""
        if self._trim is None:
            return
        self._last_end = self._clock()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="malloc-trim", daemon=True)
                self._thread.start()
        self._woken.set()

    def _loop(self) -> None:
        while True:  # a daemon thread: it ends with the server
            self._woken.wait()
            self._woken.clear()
            while self._clock() - self._last_end <= self._after:
                self._tick(last=False)
                self._sleep(self._every)
            self._tick(last=True)  # nothing has run for `after` seconds: every closed tab's session is gone

    def _tick(self, last: bool) -> None:
        for work in self._before:
            try:
                work(last)
            except Exception:  # noqa: BLE001 - housekeeping; the trims go on
                pass
        self._trim()
        self.trims += 1


def arrow_on_the_c_heap(trim: Callable[[], object] | None, pyarrow=None) -> str:
    """Where there is a malloc_trim, Arrow's buffers (pandas' text columns, the tables sent to the browser) are taken
    from the C library's heap, where the trims give them back, instead of from Arrow's own allocator (mimalloc), which
    keeps freed pages: at 100× the analyses a first visit to the departments page computes left 27 MB held after they
    were freed, and the breakdown page's 36 MB more (bench/RESULTS.md, twenty-fourth round); with the C heap, 7 MB and
    4 MB. Says which allocator Arrow now uses."""
    if pyarrow is None:
        import pyarrow
    if trim is not None:
        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    return pyarrow.default_memory_pool().backend_name


_TRIM = _malloc_trim()
TRIMMER = Trimmer(_TRIM)
ARROW_ALLOCATOR = arrow_on_the_c_heap(_TRIM)
