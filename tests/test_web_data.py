"""Issue 15: analyses kept once for all sessions, handed out as private copies; figures keyed on where
their frames came from (ui.web.data.analysis / figure), not on hashing the frames on every run."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from analytics.themes import theme_shares
    from ui.web import data

    programmes = tuple(data.cached_corpus().programmes.programme_id)
    first = data.analysis(theme_shares, programmes, scope="primary", themes=None)
    rows = len(first)
    first["share"] = -1.0  # a caller changing its copy, in place
    first.drop(first.index[:3], inplace=True)
    again = data.analysis(theme_shares, programmes, scope="primary", themes=None)
    st.session_state["rows"] = (rows, len(again), float(again.share.min()))
    st.session_state["same_origin"] = data._origin(again) == data._origin(
        data.analysis(theme_shares, programmes, scope="primary", themes=None))
    st.session_state["derived_origin"] = data._origin(again.assign(extra=1))

    built = st.session_state.setdefault("built", [])

    def count_rows(frame, tag):
        built.append(tag)
        return len(frame)

    st.session_state["figures"] = (data.figure(count_rows, again, "t"), data.figure(count_rows, data.analysis(
        theme_shares, programmes, scope="primary", themes=None), "t"))


def test_analysis_copies_are_private_and_figures_key_on_their_origin():
    at = AppTest.from_function(_script, default_timeout=120).run()
    assert not at.exception
    rows, rows_again, smallest = at.session_state["rows"]
    assert rows_again == rows > 3 and smallest >= 0  # the cache never saw the caller's changes
    assert at.session_state["same_origin"] is True
    assert at.session_state["derived_origin"] is None  # a frame derived from a result is hashed, not trusted
    first, second = at.session_state["figures"]
    assert first == second == rows
    assert at.session_state["built"] == ["t"]  # two copies of one result: one figure built


def _derived_script():
    import streamlit as st

    from analytics.themes import theme_shares
    from ui.web import data

    programmes = tuple(data.cached_corpus().programmes.programme_id)
    shares = data.analysis(theme_shares, programmes, scope="primary", themes=None)
    built = st.session_state.setdefault("built", [])

    def top(frame, names, tag):
        built.append(tag)
        return frame.share.max()

    # frames not from analysis() (derived) are keyed by their contents; unhashable arguments by their text
    equal = [data.figure(top, shares.assign(extra=1), {"a": [1]}, "derived") for _ in range(2)]
    other = data.figure(top, shares.assign(share=shares.share / 2), {"a": [1]}, "halved")
    other_names = data.figure(top, shares.assign(extra=1), {"a": [2]}, "names")
    st.session_state["values"] = (*equal, other, other_names, float(shares.share.max()))


def test_figures_of_derived_frames_are_keyed_on_their_contents():
    at = AppTest.from_function(_derived_script, default_timeout=120).run()
    assert not at.exception
    first, second, halved, names, top = at.session_state["values"]
    assert first == second == names == top and halved == top / 2
    # equal contents and arguments: built once; other contents or other names: built again
    assert at.session_state["built"] == ["derived", "halved", "names"]


def _drawn_script():
    import plotly.graph_objects as go
    import streamlit as st

    from ui.web import widgets

    fig = st.session_state.get("fig")
    if fig is None:
        fig = st.session_state["fig"] = go.Figure(go.Bar(x=["甲", "乙"], y=[3, 5]), layout={"title": {"text": "t"}})
    calls = st.session_state.setdefault("calls", [])
    original = type(fig).to_dict

    def counting(self):
        calls.append(1)
        return original(self)

    type(fig).to_dict = counting
    try:
        st.plotly_chart(widgets.drawn_figure(fig), key="c")
    finally:
        type(fig).to_dict = original


def test_a_cached_figure_is_turned_into_its_dict_once():
    import json

    at = AppTest.from_function(_drawn_script, default_timeout=60).run()
    at.run()
    assert not at.exception
    assert len(at.session_state["calls"]) == 1  # two runs, one conversion
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["x"] == ["甲", "乙"] and spec["layout"]["title"]["text"] == "t"


def _shown_script():
    import pandas as pd
    import streamlit as st

    from ui.web import data

    built = st.session_state.setdefault("built", [])

    def names_table(corpus, word):
        built.append(word)
        return pd.DataFrame({"name": [word, "plain"], "n": [1, 2]})

    first = data.shown_table(names_table, data.cached_corpus(), "a\u202egnp.exe")
    again = data.shown_table(names_table, data.cached_corpus(), "a\u202egnp.exe")
    st.session_state["out"] = (list(first.name), again is first, data.is_plain(first), data.is_plain(first.copy()))


def test_shown_tables_are_escaped_once_and_built_once():
    at = AppTest.from_function(_shown_script, default_timeout=60).run()
    assert not at.exception
    names, same, plain, copy_plain = at.session_state["out"]
    assert names == ["agnp.exe", "plain"]  # the right-to-left override is gone
    assert same and plain and not copy_plain  # a frame made from it is escaped again by show_table
    assert at.session_state["built"] == ["a\u202egnp.exe"]


def _screen_script():
    import pandas as pd
    import streamlit as st

    from ui.web import data

    def table(corpus, kind):
        if kind == "mixed":  # one column holding numbers and words: Arrow refuses it as it is
            return pd.DataFrame({"name": ["<b>甲</b>", "乙"], "n": [1, "二"]})
        return pd.DataFrame({"name": ["<b>甲</b>", "=1+1"], "n": [1, 2]})

    shown = data.shown_table(table, data.cached_corpus(), "plain")
    mixed = data.shown_table(table, data.cached_corpus(), "mixed")
    first, again = data.screen_form(shown), data.screen_form(shown)
    other = data.screen_form(pd.DataFrame({"name": ["a\u202eb"]}))  # not from shown_table: escaped now
    st.session_state["out"] = (type(first).__name__, first is again, first.column_names, first.column("name").to_pylist(),
                               type(data.screen_form(mixed)).__name__, type(other).__name__, list(other.name))


def test_shown_tables_reach_the_screen_in_arrow_form_made_once():
    at = AppTest.from_function(_screen_script, default_timeout=60).run()
    assert not at.exception
    kind, same, columns, names, mixed_kind, other_kind, other_names = at.session_state["out"]
    assert (kind, same, columns) == ("Table", True, ["name", "n"])  # converted once, no index column
    assert names == ["<b>甲</b>", "=1+1"]  # what plain_table made of it (st.dataframe shows text, never markup)
    assert mixed_kind == "DataFrame"  # handed over as pandas: Streamlit mends mixed columns itself
    assert (other_kind, other_names) == ("DataFrame", ["ab"])


@pytest.mark.parametrize("growth, expected", [
    ([], [None]),                                         # nothing added since the last run: nothing to do
    ([0], ["freeze", None]),                              # an entry added: frozen once, then nothing
    ([0, 0], ["freeze", None]),                           # two entries in one run: one freeze
    ([63], ["freeze"]),                                   # 63 dropped entries: not yet worth a full collection
    ([40, 24], ["collect", None]),                        # 64 dropped: unfreeze, collect everything, freeze again
])
def test_long_lived_objects_are_frozen_after_runs_that_added_them(growth, expected):
    import gc

    from ui.web.data import _LongLived

    gc.unfreeze()  # other tests' corpora may be frozen: start from none, so a count > 0 is settle()'s
    memory = _LongLived()
    memory.pending = False  # as after the first run
    for evicted in growth:
        memory.grown(evicted=evicted)
    try:
        assert [memory.settle() for _ in expected] == expected
        assert (gc.get_freeze_count() > 0) == any(expected)  # nothing to do: nothing frozen
    finally:
        gc.unfreeze()


def test_registries_read_for_the_drafting_page_are_frozen_at_the_next_run():
    """The registries the drafting page reads live as long as the server, like the shared entries: the next run's
    settle() freezes them. They were never frozen, and at 1000× Streamlit's collection after every later run of any
    page walked their 183,000 units (0.43 s a run)."""
    from analytics import paths
    from ui.web import data

    data._snapshot_registries.clear()
    memory, data._MEMORY = data._MEMORY, data._LongLived()
    data._MEMORY.pending = False  # as after the first run
    try:
        registries = data._snapshot_registries(str(paths.DATA_DIR), "not-a-snapshot-key")  # read from data/
        assert registries is not None and len(registries.units) > 0
        assert data._MEMORY.pending
    finally:
        data._MEMORY = memory
        data._snapshot_registries.clear()


def _parts_script():
    import streamlit as st

    from analytics.network import pairing_network
    from analytics.profile import programme_profile
    from ui.web import data

    nodes, edges = data.analysis(pairing_network)
    edges.drop(edges.index, inplace=True)  # a caller emptying its copy
    profile = data.analysis(programme_profile, "szq-fx")
    st.session_state["out"] = (
        data._origin(nodes) is not None, data._origin(edges) is not None, data._origin(profile.themes) is not None,
        len(data.analysis(pairing_network)[1]), data._origin(nodes) == data._origin(data.analysis(pairing_network)[0]))


def test_parts_of_a_result_are_private_copies_keyed_by_origin():
    at = AppTest.from_function(_parts_script, default_timeout=120).run()
    assert not at.exception
    nodes_known, edges_known, themes_known, edges_again, same = at.session_state["out"]
    assert nodes_known and edges_known and themes_known and same
    assert edges_again > 0  # the shared result kept its edges


def test_a_missing_entry_is_computed_once_while_others_wait():
    """Issue 15 (30 users at 100×): sessions asking at once for the same missing entry get one computation."""
    import threading
    import time

    from ui.web.data import _Shared

    store, calls, results = _Shared(10), [], []

    def build():
        calls.append(1)
        time.sleep(0.3)
        return "value"

    threads = [threading.Thread(target=lambda: results.append(store.get("key", build))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert calls == [1] and results == ["value"] * 8


def test_a_waiter_computes_itself_when_the_computing_run_fails():
    import threading
    import time

    from ui.web.data import _Shared

    store, outcomes = _Shared(10), []
    started = threading.Event()

    def failing():
        started.set()
        time.sleep(0.2)
        raise KeyboardInterrupt("the computing run was stopped")  # a BaseException, as Streamlit's stop is

    def first():
        try:
            store.get("key", failing)
        except KeyboardInterrupt:
            outcomes.append("first stopped")

    one = threading.Thread(target=first)
    one.start()
    started.wait(5)
    outcomes.append(store.get("key", lambda: "computed by the waiter"))
    one.join(5)
    assert sorted(outcomes) == ["computed by the waiter", "first stopped"]
    assert store.get("key", lambda: "not again") == "computed by the waiter"


def _key_script():
    import streamlit as st

    from analytics import paths
    from analytics.corpus.version import data_digest
    from ui.web import data

    st.session_state["out"] = (data._cache_key(), f"{paths.DATA_DIR}|{data_digest(paths.DATA_DIR)}",
                               data.current_data_version())


def test_shared_caches_key_on_the_full_digest_and_show_its_first_eight_digits():
    """The disk cache outlives the process: its entries key on the data's whole SHA-256, while the version shown
    and stamped on exports stays 'd' + its first 8 hex digits."""
    at = AppTest.from_function(_key_script, default_timeout=60).run()
    assert not at.exception
    key, expected, shown = at.session_state["out"]
    assert key == expected and len(expected.rsplit("|", 1)[1]) == 64
    assert shown == "d" + expected.rsplit("|", 1)[1][:8]


def _tables_script():
    import streamlit as st

    from analytics.outputs.export import corpus_tables
    from ui.web import data

    tables = data.analysis(corpus_tables)
    tasks = tables["tasks"]
    rows = len(tasks)
    tasks.drop(tasks.index, inplace=True)  # a caller emptying its copy
    again = data.analysis(corpus_tables)
    st.session_state["out"] = (rows, len(again["tasks"]), sorted(again) == sorted(tables),
                               all(data._origin(frame) is not None for frame in again.values()))


def test_a_dict_of_tables_is_handed_out_as_shallow_private_copies():
    """The data page's tables by name: each a shallow copy-on-write copy with its origin, as a single frame is; a deep
    copy of every table per run, held by the page's download buttons for the session's life, was 1.3 MB a session at
    100× (issue 15)."""
    at = AppTest.from_function(_tables_script, default_timeout=120).run()
    assert not at.exception
    rows, rows_again, same_names, all_known = at.session_state["out"]
    assert rows_again == rows > 0 and same_names
    assert all_known  # shallow copies registered with where they came from (a deep copy has no origin)


class _Clock:
    def __init__(self):
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("frozen, after_s, last, collects", [
    (False, 600, True, False),   # nothing was ever frozen: nothing to look for
    (True, 59, False, False),    # the last full collection is under COLLECT_EVERY_S (60 s) old
    (True, 60, False, True),     # …and now it is not
    (True, 5, True, True),       # the trim after the runs: every closed tab's session has expired, collect now
])
def test_frozen_memory_is_collected_at_most_once_a_minute_and_after_the_runs(frozen, after_s, last, collects):
    import gc

    from ui.web.data import _LongLived

    clock = _Clock()
    memory = _LongLived(clock=clock)
    memory.pending = False
    if frozen:
        memory.grown(evicted=0)
        memory.settle()
    clock.now += after_s
    try:
        assert memory.collect_if_due(last) is collects
        if collects:
            assert memory.collected_at == clock.now and memory.collect_if_due(False) is False  # not again at once
    finally:
        gc.unfreeze()


def test_a_session_ended_after_a_freeze_is_freed_by_the_next_due_collection():
    """What a freeze took in while it was alive, in a cycle (as a session is: its state, widgets, connection), is
    garbage only a full collection of unfrozen objects finds (bench/RESULTS.md, seventeenth round)."""
    import gc
    import weakref

    from ui.web.data import _LongLived

    class Session:
        pass

    gc.unfreeze()
    session = Session()
    session.itself = session  # a cycle: reference counting alone never frees it
    alive = weakref.ref(session)
    memory = _LongLived(clock=_Clock())
    memory.pending = False
    memory.grown(evicted=0)
    try:
        assert memory.settle() == "freeze"
        del session  # the session ends
        gc.collect()
        assert alive() is not None  # frozen: the collector does not look at it
        assert memory.collect_if_due(last=True) is True
        assert alive() is None
    finally:
        gc.unfreeze()


def _upload_script():
    import streamlit as st

    import analytics.outputs.export as export
    from analytics.outputs.export import analysis_tables
    from analytics.themes import theme_shares
    from ui.web import data

    calls = st.session_state.setdefault("calls", [])

    def counted(corpus, *args, **kwargs):  # theme_shares, counted each time it runs in this process
        calls.append(len(corpus.programmes))
        return theme_shares(corpus, *args, **kwargs)

    counted.__qualname__ = "counted_theme_shares"
    original, hashing = export.near_duplicates, data.uploads_fingerprint
    export.near_duplicates = lambda corpus: (calls.append("reuse"), original(corpus))[1]  # not expected to run here
    data.uploads_fingerprint = lambda uploads: (calls.append("hash"), hashing(uploads))[1]
    try:
        tables = data.analysis(analysis_tables)
        first = data.analysis(counted, scope="primary")
        again = data.analysis(counted, scope="primary")
        figures = [data.figure(lambda frame: calls.append("figure") or len(frame), first) for _ in range(2)]
    finally:
        export.near_duplicates, data.uploads_fingerprint = original, hashing
    uploaded = set(data.session_corpus().programmes.programme_id[data.session_corpus().programmes.uploaded])
    st.session_state["out"] = (sorted(uploaded), len(tables["reuse"]), len(first), len(again), figures)


def _upload(text: str) -> dict[str, bytes]:
    return {"mine.yaml": text.encode()}


def test_a_session_with_uploads_computes_each_result_once_and_takes_the_workers_tables():
    """Before, a session with uploads ran every analysis again on every run of every page (its results are its own,
    never in the shared caches); the data page's tables, reuse search included, ran in the server though the upload
    worker had just computed them. Two runs: the uploads are hashed once, the analysis and the figure computed once,
    the reuse search never in this process; a changed upload starts over with the new corpus."""
    from analytics.outputs.template import upload_template
    from ui.web.data import DRAFTS_KEY

    template = upload_template()
    at = AppTest.from_function(_upload_script, default_timeout=120)
    at.session_state[DRAFTS_KEY] = _upload(template)
    at.run()
    assert not at.exception, at.exception
    at.run()
    assert not at.exception, at.exception
    uploaded, reuse_rows, rows, rows_again, figures = at.session_state["out"]
    assert uploaded == ["example-upload"]
    assert reuse_rows > 0  # the worker's reuse table (the curated corpus's near-duplicate pairs are in it)
    assert rows == rows_again and figures == [rows, rows]
    # the uploads hashed once; 7 curated programmes and the upload, counted once; one figure: in two runs
    assert at.session_state["calls"] == ["hash", 8, "figure"]

    at.session_state[DRAFTS_KEY] = _upload(template.replace("example-upload", "example-other"))
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["out"][0] == ["example-other"]
    assert at.session_state["calls"] == ["hash", 8, "figure", "hash", 8, "figure"]


def _standing_script():
    import streamlit as st

    from ui.web.data import DRAFTS_KEY, add_draft, draft_standing, uploads_besides

    name, raw = st.session_state["try"]
    before = draft_standing(name, raw)
    added = add_draft(name, raw)
    st.session_state["out"] = (before, added, draft_standing(name, raw), sorted(st.session_state[DRAFTS_KEY]),
                               [other for other, _ in uploads_besides(name)])


# drafts the session holds, the draft tried: standing before, added?, standing after, names held, others checked beside
@pytest.mark.parametrize("held, tried, before, added, after, names, others", [
    ({}, ("a.yaml", b"1"), "new", True, "added", ["a.yaml"], []),
    ({"a.yaml": b"1"}, ("a.yaml", b"1"), "added", True, "added", ["a.yaml"], []),
    ({"a.yaml": b"1"}, ("a.yaml", b"2"), "replaces", True, "added", ["a.yaml"], []),
    ({"a.yaml": b"1"}, ("b.yaml", b"1"), "new", True, "added", ["a.yaml", "b.yaml"], ["a.yaml"]),
    # five drafts held (MAX_SESSION_DRAFTS): a sixth is not added; one of their names still replaces
    ({f"{n}.yaml": b"1" for n in range(5)}, ("x.yaml", b"1"), "new", False, "new", [f"{n}.yaml" for n in range(5)],
     [f"{n}.yaml" for n in range(5)]),
    ({f"{n}.yaml": b"1" for n in range(5)}, ("4.yaml", b"2"), "replaces", True, "added", [f"{n}.yaml" for n in range(5)],
     [f"{n}.yaml" for n in range(4)]),
])
def test_a_draft_is_added_replacing_its_name_within_the_sessions_limit(held, tried, before, added, after, names, others):
    from ui.web.data import DRAFTS_KEY, MAX_SESSION_DRAFTS

    assert MAX_SESSION_DRAFTS == 5
    at = AppTest.from_function(_standing_script, default_timeout=60)
    at.session_state[DRAFTS_KEY] = dict(held)
    at.session_state["try"] = tried
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["out"] == (before, added, after, names, others)


def test_a_changed_data_folder_is_reloaded_by_one_run_while_the_others_serve_the_loaded_corpus(tmp_path):
    """The watcher's steps, as the thread and the runs take them: a change is seen; one run takes it (and loads), the
    others do not; the files are not looked at again until that load is done; a failed load leaves the change to be
    seen again."""
    from ui.web.data import _DataWatch
    from analytics.corpus.version import tree_signature

    data, seeds = tmp_path / "data", tmp_path / "seeds"
    data.mkdir()
    seeds.mkdir()
    (data / "a.yaml").write_text("1")
    where = (str(data), str(seeds))
    watch = _DataWatch()
    watch.loaded(where, tree_signature(data, seeds))
    watch.look()
    assert not watch.changed(where) and not watch.take_change(where)  # nothing changed
    (data / "a.yaml").write_text("2")
    watch.look()
    assert watch.changed(where)
    assert watch.take_change(where) and not watch.take_change(where)  # one run takes it
    watch.look()
    assert not watch.changed(where)  # not looked at while that run loads
    watch.loaded(where, "")  # the load failed (ui.web.data.cached_corpus): seen again at the next look
    watch.look()
    assert watch.changed(where)
    assert watch.take_change(where)
    watch.loaded(where, tree_signature(data, seeds))  # loaded
    watch.look()
    assert not watch.changed(where)
