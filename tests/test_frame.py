"""ui/web/frame.py: page runs take turns (issue 15: at most PAGE_RUNS_AT_ONCE pages compute at once)."""

from __future__ import annotations

import threading

import pytest

from ui.web import frame


@pytest.fixture
def turns(monkeypatch):
    """Two turns instead of the server's PAGE_RUNS_AT_ONCE, so the test needs three threads, not five."""
    monkeypatch.setattr(frame, "_page_turns", threading.BoundedSemaphore(2))
    return 2


def _enter(inside: list, entered: threading.Event, leave: threading.Event, lock: threading.Lock) -> None:
    with frame.framed_page():
        with lock:
            inside.append(threading.get_ident())
        entered.set()
        leave.wait(10)
        with lock:
            inside.remove(threading.get_ident())


def test_a_page_beyond_the_turns_waits_until_one_ends(turns):
    inside, lock, leave = [], threading.Lock(), [threading.Event() for _ in range(3)]
    entered = [threading.Event() for _ in range(3)]
    threads = [threading.Thread(target=_enter, args=(inside, entered[i], leave[i], lock), daemon=True) for i in range(3)]
    for thread in threads:
        thread.start()
    assert entered[0].wait(5) and entered[1].wait(5)
    assert not entered[2].wait(0.3)  # the third waits while two pages compute
    assert len(inside) == 2
    leave[0].set()  # one ends: the third goes in
    assert entered[2].wait(5)
    for event in leave:
        event.set()
    for thread in threads:
        thread.join(5)
    assert inside == [] and not any(thread.is_alive() for thread in threads)


@pytest.mark.parametrize("ending", [RuntimeError("the page failed"), SystemExit(0)])
def test_a_page_that_ends_by_an_exception_gives_its_turn_back(turns, ending):
    for _ in range(turns + 1):  # one more than the turns: a turn kept by a failed page would block here
        with pytest.raises(type(ending)):
            with frame.framed_page():
                raise ending
    assert frame._page_turns.acquire(timeout=1) and frame._page_turns.acquire(timeout=1)
    assert not frame._run.framed  # and the page after it runs its frame again

