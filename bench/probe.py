"""Where a click's time goes in the browser: Chrome's own counters per filter click, and the page's size.

    python bench/probe.py                                   # today's corpus, the departments click, 6 clicks
    python bench/probe.py /tmp/corpus-100x --page themes --clicks 6 --json probe.json
    python bench/probe.py --page themes --floor             # the same on bench/floor_app.py (the floor page)

Starts the dashboard (bench/server.py's HookedServer) on the data directory, opens the page in Chromium and, after
one warm-up click, clicks the same sidebar radio as bench/server.py (themes: measure; departments: scope) the
given number of times. Per click it prints what Chrome's `Performance.getMetrics` counted between before the
click and 0.4 s after the chart changed and the app was idle: style recalculation (ms and count), layout (ms
and count), script and all tasks (ms), and the DOM nodes added and attributes changed (a MutationObserver).
Before the clicks: the page's elements and <style> sheets. Medians at the end.

This is how the uploader's drag-over selector (`*` under `:has()`) was found to cost 120–190 ms of style
recalculation per click (bench/RESULTS.md, fifth round). A diagnostic, not a target: no floor is measured.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CHROMIUM, CHROMIUM_FLAGS, CLICK_JS, PORTS, READY, ROOT  # noqa: E402
from bench.server import CLICKS, PLOT, HookedServer, _wait  # noqa: E402

METRICS = {"RecalcStyleDuration": "style_ms", "RecalcStyleCount": "style_n", "LayoutDuration": "layout_ms",
           "LayoutCount": "layout_n", "ScriptDuration": "script_ms", "TaskDuration": "task_ms"}
WATCH = """() => {
  window.__probe = {added: 0, attributes: 0};
  new MutationObserver(records => {
    for (const r of records) {
      if (r.type === 'attributes') window.__probe.attributes++;
      window.__probe.added += r.addedNodes.length;
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


def probe(page, cdp, label_key: str, values: tuple[str, str], n_clicks: int, timeout_ms: float) -> list[dict]:
    from ui.report.i18n import t

    def counters() -> dict:
        return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}

    page.evaluate(WATCH)
    rows = []
    for i in range(n_clicks + 1):  # the first click warms up and is left out
        option = t(f"{label_key}_{values[(i + 1) % 2]}", "zh")
        page.evaluate("() => { window.__probe.added = 0; window.__probe.attributes = 0; }")
        before = counters()
        timing = page.evaluate(CLICK_JS, [t(label_key, "zh"), option, option, timeout_ms])
        page.wait_for_timeout(400)
        after, dom = counters(), page.evaluate("() => window.__probe")
        row = {name: round((after[key] - before[key]) * (1000 if key.endswith("Duration") else 1), 1)
               for key, name in METRICS.items()}
        row.update(settled_ms=round(timing["settled_ms"]), nodes_added=dom["added"], attrs_set=dom["attributes"])
        if i:
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, help="data directory (default: the project's data/)")
    parser.add_argument("--page", choices=sorted(CLICKS), default="departments")
    parser.add_argument("--clicks", type=int, default=6)
    parser.add_argument("--floor", action="store_true", help="probe bench/floor_app.py (same charts, one radio) instead")
    parser.add_argument("--ports", default=f"{PORTS.start}-{PORTS.stop - 1}")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a page or a click")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.clicks < 1:
        parser.error("--clicks must be at least 1")
    first, last = (int(p) for p in args.ports.split("-"))
    timeout_ms = args.timeout * 1000
    label_key, values = CLICKS[args.page]

    from playwright.sync_api import sync_playwright

    # No cache directory of its own: the server uses the app's (the corpus snapshot, the analyses on disk), since a
    # probe looks at clicks, not at a cold start.
    script, address = (ROOT / "bench" / "floor_app.py", f"?page={args.page}") if args.floor else (ROOT / "dashboard.py", args.page)
    # HookedServer (bench/serve.py) rather than a bare `streamlit run`: it raises the registry size cap for the 100×
    # corpus, whose unit registry is over analytics.corpus.yamlio.MAX_BYTES (a bare server shows the error page).
    with tempfile.TemporaryDirectory() as tmp, HookedServer(script, args.data_dir, Path(tmp) / "runs.jsonl", range(first, last + 1)) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(f"{server.url}/{address}", timeout=timeout_ms)
            _wait(page, PLOT, READY[args.page][1], timeout_ms)
            size = page.evaluate("() => ({elements: document.getElementsByTagName('*').length, "
                                 "styles: document.querySelectorAll('style').length})")
            rows = probe(page, cdp, label_key, values, args.clicks, timeout_ms)
        finally:
            browser.close()
    medians = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
    report = {"page": args.page, "floor": args.floor, "data_dir": str(args.data_dir or "data/"), "page_size": size, "clicks": rows,
              "medians": medians}
    print(f"{args.page}{' (floor)' if args.floor else ''}: {size['elements']} elements, {size['styles']} <style> sheets")
    print(f"{'click':>6} " + " ".join(f"{key:>11}" for key in rows[0]))
    for n, row in enumerate(rows, 1):
        print(f"{n:>6} " + " ".join(f"{row[key]:>11}" for key in row))
    print(f"{'median':>6} " + " ".join(f"{medians[key]:>11}" for key in rows[0]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
