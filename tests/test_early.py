"""The hidden chart a session's first run sends first (ui/web/early.py): sent once per session, before the
rest of the run, and gone by the end of the run, so no page ever shows or counts it."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from ui.web.early import end_chart_code, start_chart_code

    start_chart_code()
    st.write("the page")
    ends = st.session_state.get("ends", [True, True])
    st.session_state["run"] = run = st.session_state.get("run", -1) + 1
    if ends[min(run, len(ends) - 1)]:
        end_chart_code()


def charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("ends, first_run, second_run", [
    ([True, True], 0, 0),    # as dashboard.py does (finish_run): emptied by the end of the run
    ([False, False], 1, 0),  # without the end call: the first run holds it (hidden), the next run does not send it again
])
def test_the_early_chart_is_sent_once_and_removed(ends, first_run, second_run):
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["ends"] = ends
    at.run()
    assert not at.exception
    assert len(charts(at)) == first_run
    if first_run:
        (spec,) = charts(at)
        assert spec["data"] == [{"type": "scatter", "x": [], "y": []}]  # empty: nothing to read, nothing to draw
        assert any(".st-key-chart-code-early { display: none; }" in html.proto.body for html in at.get("html"))
    at.run()
    assert len(charts(at)) == second_run
    assert [m.value for m in at.markdown] == ["the page"]


def _interrupted_script():
    import streamlit as st

    from ui.web.early import end_chart_code, start_chart_code

    start_chart_code()
    st.write("the page")
    if not st.session_state.get("rerun_done"):
        st.session_state["rerun_done"] = True
        st.rerun()  # the first run stops before its end; the rerun runs on the same script thread
    end_chart_code()


def test_a_run_stopped_before_its_end_leaves_nothing_for_the_next_runs_end():
    """The next run's start drops the stopped run's placeholder: without that, its end would empty the stopped
    run's placeholder, which is where this run wrote its page (the first place of the main area)."""
    at = AppTest.from_function(_interrupted_script, default_timeout=60).run()
    assert not at.exception
    assert at.session_state["rerun_done"]
    assert charts(at) == []
    assert [m.value for m in at.markdown] == ["the page"]
