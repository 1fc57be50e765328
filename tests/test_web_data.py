"""Issue 15: analyses kept once for all sessions, handed out as private copies; figures keyed on where
their frames came from (ui.web.data.analysis / figure), not on hashing the frames on every run."""

from __future__ import annotations

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
