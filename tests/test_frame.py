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


def _enter(inside: list, entered: threading.Event, leave: threading.Event, lock: threading.Lock, turn=frame.framed_page) -> None:
    with turn():
        with lock:
            inside.append(threading.get_ident())
        entered.set()
        leave.wait(10)
        with lock:
            inside.remove(threading.get_ident())


# runs: what each of the three threads runs, a full page run (`framed_page`) or a fragment's run alone (`page_turn`)
@pytest.mark.parametrize("runs", [("page", "page", "page"), ("page", "fragment", "fragment")])
def test_a_page_beyond_the_turns_waits_until_one_ends(turns, runs):
    inside, lock, leave = [], threading.Lock(), [threading.Event() for _ in range(3)]
    entered = [threading.Event() for _ in range(3)]
    turn = {"page": frame.framed_page, "fragment": frame.page_turn}
    threads = [threading.Thread(target=_enter, args=(inside, entered[i], leave[i], lock, turn[run]), daemon=True)
               for i, run in enumerate(runs)]
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



# A FRAGMENT RERUN (a reviewer): a change of the explorer's search or filters, or of the themes page's tasks-behind picker,
# reruns that page's fragment alone, not dashboard.py: it computed (the search, the results table, the task card) without
# a turn, so any number of readers typing searches computed at once. page_turn takes one there (the second case of
# test_a_page_beyond_the_turns_waits_until_one_ends); inside a full page run, which has its turn already, it takes none (a
# second in the same thread could wait for ever).
def test_a_fragment_inside_a_full_page_run_takes_no_second_turn(monkeypatch):
    monkeypatch.setattr(frame, "_page_turns", threading.BoundedSemaphore(1))
    done = threading.Event()

    def page() -> None:
        with frame.framed_page(), frame.page_turn():  # the page's first run draws its fragment
            done.set()

    thread = threading.Thread(target=page, daemon=True)
    thread.start()
    assert done.wait(5), "the fragment waited for the turn its own page run holds"
    thread.join(5)
    assert frame._page_turns.acquire(timeout=1)  # and the turn was given back


def test_a_fragment_that_ends_by_an_exception_gives_its_turn_back(turns):
    for _ in range(turns + 1):
        with pytest.raises(RuntimeError):
            with frame.page_turn():
                raise RuntimeError("the fragment failed")
    assert frame._page_turns.acquire(timeout=1) and frame._page_turns.acquire(timeout=1)


def test_the_pages_fragments_take_turns():
    """Every fragment of the pages is made with ui.web.frame.page_fragment, not st.fragment itself."""
    from analytics import paths

    for script in sorted((paths.ROOT / "pages").glob("*.py")):
        assert "@st.fragment" not in script.read_text(encoding="utf-8"), script.name
