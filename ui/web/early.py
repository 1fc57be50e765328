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

KEY = "chart-code-early"
_STARTED = "_chart_code_started"  # session state: sent once per session (a reload is a new session)
# This run's placeholder. A run's code runs on its session's script thread, and every full run starts with
# start_chart_code(), which clears what an interrupted earlier run of the thread may have left.
_slot = threading.local()


def start_chart_code() -> None:
    """At the start of every full run (dashboard.py); on a session's first run it sends the hidden empty
    chart, in a placeholder that end_chart_code() empties."""
    _slot.value = None
    if st.session_state.get(_STARTED):
        return
    st.session_state[_STARTED] = True
    slot = st.empty()
    with slot.container(key=KEY):
        st.html(f"<style>.st-key-{KEY} {{ display: none; }}</style>")  # fixed CSS, no data inside
        st.plotly_chart({"data": [{"type": "scatter", "x": [], "y": []}], "layout": {"height": 10}},
                        key=f"{KEY}-plot", config={"staticPlot": True})
    _slot.value = slot


def end_chart_code() -> None:
    """At the end of the run (also after an early stop): the placeholder emptied. Only this run's: a run
    stopped before its end leaves its placeholder here, and the next run's start_chart_code() drops it unread
    (Streamlit removes the elements a finished run did not send)."""
    slot, _slot.value = getattr(_slot, "value", None), None
    if slot is not None:
        slot.empty()
