"""Cold start and memory alone, at one corpus size: no clicks and no floor page.

    PAIRED_CACHE_DIR=/tmp/cache python bench/cold.py /tmp/corpus-1000x --ports 8740-8759 --json cold.json

For a size where bench/server.py's full run does not fit the time (1000×): a bare page's cold start, and a bare page's
with one small chart (the floor for "first chart": the browser fetches and runs plotly.js before any chart), then
the dashboard's (launch → first chart drawn in Chromium → overview drawn; the server's first script run:
wall, CPU, gc; and where the time went after launch: health, page asked, first run from–to, the browser
asking for the chart code, first chart), its resident memory after the overview, after the departments page, and after one more
session opened the themes page; the load average at start and end. Same measuring server as bench/server.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server as bench_server  # noqa: E402
from bench.common import (  # noqa: E402
    CHROMIUM, CHROMIUM_FLAGS, READY, ROOT, browser_options, finish, loadavg, machine, port_range, rss_mb)


def _open(browser, server, path: str, timeout_ms: float, page=None) -> float:
    """Seconds from asking for `path` to the page drawn and idle (a new session when `page` is None)."""
    page = page or browser.new_context(viewport={"width": 1280, "height": 1600}).new_page()
    started = time.perf_counter()
    page.goto(f"{server.url}/{path}", timeout=timeout_ms)
    bench_server._wait(page, bench_server.PLOT, READY[path][1], timeout_ms)
    return time.perf_counter() - started


def _marks(cold: dict) -> str:
    """'health 1.7 s · page asked 1.8 s · first run 4.0–7.0 s · chart code asked 4.6 s · first chart 8.6 s'."""
    span, code = cold.get("first_run_span_s"), cold.get("chart_code_asked_s")
    parts = [f"health {cold['health_s']:.1f} s", f"page asked {cold['page_asked_s']:.1f} s"]
    parts += [f"first run {span[0]:.1f}–{span[1]:.1f} s"] if span else []
    parts += [f"chart code asked {code:.1f} s"] if code is not None else []
    return " · ".join(parts + [f"first chart {cold['first_chart_s']:.1f} s"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the corpus directory (bench/generate.py)")
    browser_options(parser, "8650-8669", 900)
    args = parser.parse_args(argv)
    bench_server.PORTS = port_range(args.ports)
    timeout_ms = args.timeout * 1000
    from playwright.sync_api import sync_playwright

    report: dict = {"machine": machine(), "data": str(args.data), "loadavg_start": loadavg()}
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            report["bare_cold_start"] = bench_server.bench_bare(browser, tmp, timeout_ms)
            report["bare_chart_cold_start"] = bench_server.bench_bare(browser, tmp, timeout_ms, chart=True)
            print(f"bare page: drawn {report['bare_cold_start']['ready_s']:.1f} s; with one chart: first chart "
                  f"{report['bare_chart_cold_start']['first_chart_s']:.1f} s (" + _marks(report["bare_chart_cold_start"]) + ")",
                  flush=True)
            server = bench_server.HookedServer(ROOT / "dashboard.py", args.data, tmp / "app.jsonl")
            try:
                cold, page = bench_server.cold_start(browser, server, "", bench_server.PLOT, READY["overview"][1], timeout_ms)
                cold["server_first_run"] = bench_server._summary(server.runs()[:1])
                cold["first_run_span_s"] = bench_server.first_run_span(cold, server.runs()[:1])
                report["cold_start"] = cold
                print(f"dashboard: first chart {cold['first_chart_s']:.1f} s, overview drawn {cold['ready_s']:.1f} s, "
                      f"first run {cold['server_first_run']['cpu_s']:.1f} s CPU / {cold['server_first_run']['wall_s']:.1f} s wall, "
                      f"{cold['rss_mb']:.0f} MB (load {loadavg()})", flush=True)
                print("  after launch: " + _marks(cold), flush=True)
                report["departments_first_s"] = _open(browser, server, "departments", timeout_ms, page)
                report["rss_after_departments_mb"] = rss_mb(server.pid)
                print(f"departments drawn in {report['departments_first_s']:.1f} s, {report['rss_after_departments_mb']:.0f} MB",
                      flush=True)
                report["themes_new_session_s"] = _open(browser, server, "themes", timeout_ms)
                report["rss_after_themes_session_mb"] = rss_mb(server.pid)
                print(f"themes (another session) drawn in {report['themes_new_session_s']:.1f} s, "
                      f"{report['rss_after_themes_session_mb']:.0f} MB", flush=True)
            except Exception as exc:  # noqa: BLE001 - partial figures are written
                report["error"] = f"{type(exc).__name__}: {str(exc)[:500]}"
                print("ERROR", report["error"], flush=True)
            finally:
                report["runs"] = server.runs()
                server.stop()
        finally:
            browser.close()
    finish(report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
