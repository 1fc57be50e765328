"""What a session's first run sends before anything slow. Imports streamlit only, so dashboard.py can call it
before its own imports (pandas, plotly, the corpus) on a fresh server.

The browser fetches and runs plotly.js (4.7 MB) only when a page first shows a chart. On a cold start that
chart came at the end of the server's first run, and the browser then spent 3–4 s on plotly.js before
drawing it (issue 15). A hidden, empty chart sent first starts that work while the server is still reading
the corpus and working out the page; it is removed at the end of the run (finish_run), so the page holds
only its own charts.
"""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

KEY = "chart-code-early"
_STARTED = "_chart_code_started"  # session state: sent once per session (a reload is a new session)
_slot = threading.local()  # (this run's marker, its placeholder); a run's code runs on one thread


def _this_run():
    """An object that lives exactly as long as the current run: Streamlit gives every run new cursors."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.cursors


def start_chart_code() -> None:
    """On a session's first run: the hidden empty chart, in a placeholder that end_chart_code() empties."""
    _slot.value = None
    if st.session_state.get(_STARTED):
        return
    st.session_state[_STARTED] = True
    slot = st.empty()
    with slot.container(key=KEY):
        st.html(f"<style>.st-key-{KEY} {{ display: none; }}</style>")  # fixed CSS, no data inside
        st.plotly_chart({"data": [{"type": "scatter", "x": [], "y": []}], "layout": {"height": 10}},
                        key=f"{KEY}-plot", config={"staticPlot": True})
    _slot.value = (_this_run(), slot)


def end_chart_code() -> None:
    """At the end of the run (also after an early stop): the placeholder emptied. Only this run's: a
    placeholder left by a run that failed before its end is never written to from a later run."""
    kept, _slot.value = getattr(_slot, "value", None), None
    if kept is not None and kept[0] is not None and kept[0] is _this_run():
        kept[1].empty()
