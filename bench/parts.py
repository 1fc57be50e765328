"""Where a script run's CPU goes on a real server, part by part, without a profiler's inflation.

    BENCH_PARTS_LOG=parts.jsonl python bench/serve.py run dashboard.py      # then click in a browser
    python bench/parts.py parts.jsonl                                       # medians per part

cProfile inflates per-call costs several times over (a pyarrow scalar read, a Streamlit widget) and so
misplaces them. Here each part listed in PARTS is wrapped once at server start with a thread-CPU timer:
one JSON line per script run, `{part: [cpu seconds, calls], "_total": [...], "_fragment": [...]}`. Times are
inclusive (a part's time contains the parts it calls); a part that calls itself counts once. The wrappers add
a few microseconds per call, so totals are a little above an unwrapped server's (bench/server.py's figures).
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from pathlib import Path

_local = threading.local()

# Streamlit commands (timed on the DeltaGenerator, so st.x and st.sidebar.x both count) and our parts:
# module → function names, or None for every function the module defines.
ST_COMMANDS = ("dataframe", "plotly_chart", "html", "download_button", "toggle", "page_link", "radio", "multiselect",
               "markdown", "caption", "title", "subheader", "container", "file_uploader", "button", "expander",
               "popover", "selectbox", "toast", "info", "text_input", "text_area", "columns")
PARTS = {
    "ui.web.frame": None, "ui.web.uploads": None, "ui.web.state": None,
    "ui.web.widgets": ("show_chart", "show_table", "_chart_tools", "_about_maker", "drawn_figure", "_phone_css",
                       "pending_notice", "presentation_frame"),
    "ui.web.data": ("analysis", "figure", "shown_table", "session_corpus", "cached_corpus", "current_data_version",
                    "uploaded_files", "screen_form"),
    "ui.web.view": ("encode_view", "parse_url"),
    "ui.report.charts": ("source_line",),
    "ui.report.i18n": ("function_names", "programme_names", "theme_names"),
}


def _timed(owner, name: str, label: str) -> None:
    fn = getattr(owner, name)

    def wrapper(*args, **kwargs):
        parts = getattr(_local, "parts", None)
        if parts is None or label in _local.active:  # outside a run, or the part calling itself
            return fn(*args, **kwargs)
        _local.active.add(label)
        start = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _local.active.discard(label)
            entry = parts.setdefault(label, [0.0, 0])
            entry[0] += time.thread_time() - start
            entry[1] += 1

    wrapper.__wrapped__ = fn
    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(wrapper, attr, getattr(fn, attr, None))
    setattr(owner, name, wrapper)


def _wrap_all() -> None:
    import importlib

    import streamlit as st
    from streamlit.delta_generator import DeltaGenerator

    for name in ST_COMMANDS:
        if hasattr(DeltaGenerator, name):
            _timed(DeltaGenerator, name, f"st.{name}")
            if hasattr(st, name):  # st.x is bound to the main DeltaGenerator at import: bind it again
                setattr(st, name, getattr(st._main, name))
    for name in ("Page", "navigation"):
        _timed(st, name, f"st.{name}")
    for module_name, names in PARTS.items():
        module = importlib.import_module(module_name)
        short = module_name.rsplit(".", 1)[-1]
        if names is None:
            names = [n for n, f in vars(module).items()
                     if callable(f) and not isinstance(f, type) and getattr(f, "__module__", "") == module_name]
        for name in names:
            _timed(module, name, f"{short}.{name}")


def install(log_path: str) -> None:
    """Wrap the parts and the script runner: one line per run to log_path."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    _wrap_all()
    original = ScriptRunner._run_script

    def run_script(self, rerun_data):
        _local.parts, _local.active = {}, set()
        start = time.thread_time()
        try:
            return original(self, rerun_data)
        finally:
            parts, _local.parts = _local.parts, None
            parts["_total"] = [time.thread_time() - start, 1]
            parts["_fragment"] = [float(bool(rerun_data.fragment_id_queue)), 0]
            with open(log_path, "a", encoding="utf-8") as out:
                out.write(json.dumps(parts) + "\n")

    ScriptRunner._run_script = run_script


def summarise(lines: list[dict], skip: int = 3, top: int = 40) -> list[tuple[str, float, float]]:
    """(part, median ms per full run, median calls) for full runs after the first `skip`, largest first."""
    runs = [r for r in lines if not r.get("_fragment", [0])[0]][skip:]
    if not runs:
        return []
    names = {name for run in runs for name in run if not name.startswith("_")} | {"_total"}
    rows = [(name, 1000 * statistics.median(run.get(name, [0.0, 0])[0] for run in runs),
             statistics.median(run.get(name, [0.0, 0])[1] for run in runs)) for name in names]
    return sorted(rows, key=lambda row: -row[1])[:top]


def main(argv: list[str]) -> None:
    lines = [json.loads(line) for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    skip = int(argv[1]) if len(argv) > 1 else 3
    print(f"{len([r for r in lines if not r.get('_fragment', [0])[0]])} full runs, the first {skip} left out; medians:")
    for name, ms, calls in summarise(lines, skip):
        print(f"{name:34s} {ms:8.2f} ms  ×{calls:g}")


if __name__ == "__main__":
    main(sys.argv[1:])
