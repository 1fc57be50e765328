"""Real-server benchmark: `streamlit run` + Chromium, measured inside the server, beside its floor.

    python bench/server.py --sizes 1,100 --clicks 5 --json server.json
    python bench/server.py --sizes 1 --clicks 1 --sessions 1          # smoke size

For every corpus size K (bench/generate.py writes the K× corpus; PAIRED_DATA_DIR points the server at
it), in one run:

1. cold start: launch `streamlit run dashboard.py` (through bench/serve.py, which records every script
   run inside the server: wall, script-thread CPU, garbage-collection time from gc.callbacks) → the
   first plotly chart drawn in Chromium, and → the overview fully drawn; next to the same for a bare
   one-line page (`st.write`) launched the same way;
2. filter clicks: on the themes page the sidebar radio 'measure' (share ↔ count), on the departments
   page the sidebar radio 'scope' (primary ↔ any); per click, in the browser, the time from the click
   to the frame in which a chart shows the new value and the app is idle again (status widget gone),
   and, in the server, the script runs the click caused (wall, CPU, gc);
3. memory: the server's resident memory (VmRSS) after the cold start, after the clicks, and after
   --sessions more browser sessions opened the themes page (per-session memory = the growth ÷ sessions);
4. the floor: bench/floor_app.py, a page drawing the same figures prebuilt with one radio, served the
   same way on the same corpus and clicked the same number of times.

Every click figure is a median over --clicks clicks after one warm-up click. The report prints the
load average at start and end: other processes on a shared machine stretch wall times, not CPU times.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    CLICK_JS,
    CHROMIUM,
    CHROMIUM_FLAGS,
    ROOT,
    Server,
    error_js,
    loadavg,
    machine,
    median,
    port_range,
    rss_mb,
    write_bare,
)
from bench.generate import generate  # noqa: E402

PORTS = range(8650, 8670)
LANG = "zh"
PLOT = ".js-plotly-plot .main-svg"
# page url → (radio label key, option prefix, the two values)
CLICKS = {"themes": ("measure", ("share", "count")), "departments": ("scope", ("primary", "any"))}


class HookedServer(Server):
    """`python bench/serve.py run SCRIPT` on 127.0.0.1, every script run logged to a JSON-lines file."""

    launcher = (str(ROOT / "bench" / "serve.py"),)

    def __init__(self, script: Path, data_dir: Path | None, log: Path, ports: range | None = None, env: dict | None = None):
        env = {"BENCH_HOOK_LOG": str(log), **(env or {})}
        if data_dir is not None:  # the 100× unit registry is over analytics.corpus.yamlio.MAX_BYTES
            from analytics.corpus import yamlio

            biggest = max(p.stat().st_size for p in Path(data_dir).rglob("*.yaml"))
            if biggest > yamlio.MAX_BYTES:  # only then: the server is otherwise launched exactly as `streamlit run`
                env["BENCH_MAX_BYTES"] = str(biggest + 1)
        super().__init__(script, data_dir, ports or PORTS, env)
        self.log = Path(log)

    def wait_logged(self, since: float, timeout: float) -> None:
        """Until at least one run that started after `since` has been logged (or timeout)."""
        deadline = time.time() + timeout
        while not self.runs(since) and time.time() < deadline:
            time.sleep(0.05)

    def runs(self, since: float = 0.0) -> list[dict]:
        """Script runs that started at or after `since` (time.time())."""
        if not self.log.exists():
            return []
        rows = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [r for r in rows if r["t_start"] >= since]


IDLE_JS = "() => document.querySelectorAll('[data-testid=stStatusWidget]').length === 0"


def ready_js(selector: str, count: int) -> str:
    return ("() => !!document.querySelector('[data-testid=stAppViewContainer]')"
            f" && ({IDLE_JS})()"
            " && document.querySelectorAll('[data-testid=stSkeleton]').length === 0"
            f" && document.querySelectorAll({selector!r}).length >= {count}")




def _wait(page, selector: str, count: int, timeout_ms: float) -> None:
    page.wait_for_function(ready_js(selector, count), timeout=timeout_ms, polling="raf")
    problem = page.evaluate(error_js())
    if problem:
        raise RuntimeError(problem)


def _summary(runs: list[dict]) -> dict:
    """Per-click server figures: sums over the script runs one click caused."""
    keys = ("wall_s", "cpu_s", "gc_s", "gc_full_s", "gc_cpu_s", "gc_full_cpu_s")
    return {**{k: sum(r[k] for r in runs) for k in keys}, "runs": len(runs),
            "fragment_runs": sum(r["fragment"] for r in runs)}


def clicks(page, server: HookedServer, label_key: str, values: tuple[str, str], n: int, timeout_ms: float,
           settle_ms: int = 400) -> dict:
    """n + 1 clicks alternating the radio (the first is a warm-up); browser and server figures per click."""
    from ui.report.i18n import t

    browser, server_rows = [], []
    current = values[0]
    for index in range(n + 1):
        current = values[1] if current == values[0] else values[0]
        expected = t(f"{label_key}_{current}", LANG)
        since = time.time()
        result = page.evaluate(CLICK_JS, [t(label_key, LANG), expected, expected, timeout_ms])
        server.wait_logged(since, timeout_ms / 1000)  # a run is logged after its post-run gc, after the app is idle
        page.wait_for_timeout(settle_ms)  # any further run the click caused
        if index:
            browser.append(result)
            server_rows.append(_summary(server.runs(since)))
    out = {"first_chart_ms": median(r["first_chart_ms"] for r in browser),
           "settled_ms": median(r["settled_ms"] for r in browser),
           "samples_settled_ms": [r["settled_ms"] for r in browser]}
    for key in ("wall_s", "cpu_s", "gc_s", "gc_full_s", "gc_cpu_s", "gc_full_cpu_s"):
        out[f"server_{key}"] = median(r[key] for r in server_rows)
    out["server_runs_per_click"] = median(r["runs"] for r in server_rows)
    out["server_samples"] = server_rows
    return out


def cold_start(browser, server: HookedServer, path: str, selector: str, count: int, timeout_ms: float) -> tuple[dict, object]:
    """Launch → health → first chart drawn → page fully drawn; returns the figures and the open page.

    Also where the time went: when the page was asked for, when the browser asked for the chart code
    (plotly.js, fetched when a page first shows a chart), and `launched_at` (the clock the server's
    run log uses), from which first_run_span() places the server's first run on the same line."""
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    marks: dict[str, float] = {}
    page.on("request", lambda request: marks.setdefault("chart_code", time.perf_counter())
            if "/PlotlyChart." in request.url else None)
    launched_at = time.time()
    server.start(timeout=timeout_ms / 1000)
    asked = time.perf_counter()
    page.goto(f"{server.url}/{path}", timeout=timeout_ms)
    page.wait_for_selector(selector, timeout=timeout_ms)
    first = time.perf_counter()
    _wait(page, selector, count, timeout_ms)
    ready = time.perf_counter()
    code = marks.get("chart_code")
    return {"health_s": server.healthy - server.started, "page_asked_s": asked - server.started,
            "chart_code_asked_s": None if code is None else code - server.started, "first_chart_s": first - server.started,
            "ready_s": ready - server.started, "rss_mb": rss_mb(server.pid), "launched_at": launched_at}, page


def first_run_span(cold: dict, runs: list[dict]) -> list[float] | None:
    """[start, end] of the server's first script run, in seconds after launch (as the other cold-start marks)."""
    if not runs:
        return None
    return [runs[0]["t_start"] - cold["launched_at"], runs[0]["t_end"] - cold["launched_at"]]


def bench_size(browser, data_dir: Path, tmp: Path, n_clicks: int, sessions: int, timeout_ms: float, tag: str,
               baseline: str = "") -> dict:
    from bench.common import READY

    out: dict = {}
    # --- the dashboard
    server = HookedServer(ROOT / "dashboard.py", data_dir, tmp / f"app-{tag}.jsonl", env={"BENCH_BASELINE": baseline})
    try:
        out["cold_start"], page = cold_start(browser, server, "", PLOT, READY["overview"][1], timeout_ms)
        out["cold_start"]["server_first_run"] = _summary(server.runs()[:1])
        out["cold_start"]["first_run_span_s"] = first_run_span(out["cold_start"], server.runs()[:1])
        print(f"  app cold start: first chart {out['cold_start']['first_chart_s']:.2f} s", flush=True)
        for url, (label_key, values) in CLICKS.items():
            page.goto(f"{server.url}/{url}", timeout=timeout_ms)
            _wait(page, PLOT, READY[url][1], timeout_ms)
            out[url] = clicks(page, server, label_key, values, n_clicks, timeout_ms)
            print(f"  app {url}: click → chart {out[url]['settled_ms']:.0f} ms, server cpu "
                  f"{1000 * out[url]['server_cpu_s']:.1f} ms (gc {1000 * out[url]['server_gc_cpu_s']:.1f})", flush=True)
        rss_before = rss_mb(server.pid)
        contexts = []
        try:
            for _ in range(sessions):
                context = browser.new_context(viewport={"width": 1280, "height": 1600})
                contexts.append(context)
                extra = context.new_page()
                extra.goto(f"{server.url}/themes", timeout=timeout_ms)
                _wait(extra, PLOT, READY["themes"][1], timeout_ms)
        except Exception as exc:  # noqa: BLE001 - reported; the memory figure is then for fewer sessions
            out.setdefault("errors", []).append(f"extra sessions: {type(exc).__name__}: {str(exc)[:300]}")
            sessions = len(contexts) - 1
        rss_after = rss_mb(server.pid)
        out["memory"] = {"after_cold_start_mb": out["cold_start"]["rss_mb"], "after_clicks_mb": rss_before,
                         "after_sessions_mb": rss_after, "sessions": sessions,
                         "per_session_mb": (rss_after - rss_before) / sessions if sessions else float("nan")}
        out["runs_logged"] = len(server.runs())
        for context in contexts:
            context.close()
        page.context.close()
    finally:
        server.stop()

    # --- the floor: the same figures prebuilt, one radio
    floor = HookedServer(ROOT / "bench" / "floor_app.py", data_dir, tmp / f"floor-{tag}.jsonl")
    try:
        _floor(browser, floor, out, n_clicks, timeout_ms)
    except Exception as exc:  # noqa: BLE001 - reported, the dashboard's figures are kept
        out.setdefault("errors", []).append(f"floor: {type(exc).__name__}: {str(exc)[:300]}")
    finally:
        floor.stop()
    return out


def _floor(browser, floor: HookedServer, out: dict, n_clicks: int, timeout_ms: float) -> None:
    """The floor page: cold start, then the same clicks as on the dashboard."""
    out["floor_cold_start"], page = cold_start(browser, floor, "?page=themes", PLOT, 4, timeout_ms)
    out["floor"] = {}
    for url, (label_key, values) in CLICKS.items():
        page.goto(f"{floor.url}/?page={url}", timeout=timeout_ms)
        _wait(page, PLOT, 4, timeout_ms)
        out["floor"][url] = clicks(page, floor, label_key, values, n_clicks, timeout_ms)
        print(f"  floor {url}: click → chart {out['floor'][url]['settled_ms']:.0f} ms, server cpu "
              f"{1000 * out['floor'][url]['server_cpu_s']:.1f} ms", flush=True)
    # the stricter floor: the same figures drawn as the dashboard draws them (dict made once)
    out["floor_drawn"] = {}
    for url, (label_key, values) in CLICKS.items():
        page.goto(f"{floor.url}/?page={url}&drawn=1", timeout=timeout_ms)
        _wait(page, PLOT, 4, timeout_ms)
        out["floor_drawn"][url] = clicks(page, floor, label_key, values, n_clicks, timeout_ms)
        print(f"  floor (drawn) {url}: server cpu {1000 * out['floor_drawn'][url]['server_cpu_s']:.1f} ms", flush=True)
    out["floor_memory_mb"] = rss_mb(floor.pid)
    page.context.close()


def bench_bare(browser, tmp: Path, timeout_ms: float, chart: bool = False) -> dict:
    """Launch → drawn for the bare page (`chart`: → its one chart drawn)."""
    bare = write_bare(tmp / "bare", chart)
    server = HookedServer(bare, None, tmp / f"{bare.stem}.jsonl")
    try:
        figures, page = cold_start(browser, server, "", PLOT if chart else "[data-testid=stMarkdown]", 1, timeout_ms)
        page.context.close()
    finally:
        server.stop()
    return figures


def corpus_dir(size: int, cache: Path | None, tmp: Path) -> Path:
    """The K× corpus: reused from --corpus-cache when it is there and complete, else generated."""
    if size == 1:
        from analytics import paths

        return paths.DATA_DIR
    folder = (cache or tmp) / f"corpus-{size}x"
    if not (folder / "programmes").is_dir() or len(list((folder / "programmes").glob("*.yaml"))) < 7 * size:
        generate(size, folder)
    return folder


def ratios(report: dict) -> dict:
    """Each target as the page's figure ÷ its floor in the same run, with the absolute figure."""
    out = {}
    for size, row in report["sizes"].items():
        for url in (u for u in CLICKS if u in row and u in row.get("floor", {})):
            app, floor = row[url], row["floor"][url]
            out[f"{url}_{size}x"] = {
                "server_cpu_ms": 1000 * app["server_cpu_s"], "floor_cpu_ms": 1000 * floor["server_cpu_s"],
                "cpu_ratio": app["server_cpu_s"] / floor["server_cpu_s"],
                "click_ms": app["settled_ms"], "floor_click_ms": floor["settled_ms"],
                "click_ratio": app["settled_ms"] / floor["settled_ms"],
                "gc_cpu_ms": 1000 * app["server_gc_cpu_s"], "floor_gc_cpu_ms": 1000 * floor["server_gc_cpu_s"]}
            drawn = row.get("floor_drawn", {}).get(url)
            if drawn:
                out[f"{url}_{size}x"].update(drawn_floor_cpu_ms=1000 * drawn["server_cpu_s"],
                                             drawn_cpu_ratio=app["server_cpu_s"] / drawn["server_cpu_s"])
    return out


def print_report(report: dict) -> None:
    m = report["machine"]
    print(f"\nmachine: {m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, Streamlit {m['streamlit']}")
    print(f"load average (1/5/15 min) at start {m['loadavg_at_start']}, at end {m.get('loadavg_at_end')}")
    bare = report["bare_cold_start"]
    print(f"bare page cold start: health {bare['health_s']:.2f} s, drawn {bare['ready_s']:.2f} s, {bare['rss_mb']:.0f} MB")
    for size, row in report["sizes"].items():
        for error in row.get("errors", []):
            print(f"\n{size}×  INCOMPLETE: {error}")
        if not {"cold_start", "floor_cold_start", "memory", "floor", *CLICKS} <= set(row) or set(CLICKS) - set(row["floor"]):
            continue
        cold, floor_cold, mem = row["cold_start"], row["floor_cold_start"], row["memory"]
        print(f"\n{size}×  cold start: first chart {cold['first_chart_s']:.2f} s, overview drawn {cold['ready_s']:.2f} s"
              f" (floor page first chart {floor_cold['first_chart_s']:.2f} s)")
        print(f"{size}×  server memory: {mem['after_cold_start_mb']:.0f} MB after cold start, {mem['after_clicks_mb']:.0f} MB"
              f" after clicks, {mem['after_sessions_mb']:.0f} MB with {mem['sessions']} more sessions"
              f" ({mem['per_session_mb']:.1f} MB each); floor server {row['floor_memory_mb']:.0f} MB")
        print("(srv = inside the server, per click: script-thread CPU, wall, and CPU spent in garbage collection)")
        print(f"{'click':<14}{'browser ms':>11}{'floor':>8}{'ratio':>7}{'srv cpu ms':>11}{'floor':>8}{'ratio':>7}"
              f"{'srv wall':>9}{'gc cpu':>7}{'full gc':>8}{'floor gc':>9}")
        for url in CLICKS:
            a, f = row[url], row["floor"][url]
            print(f"{url:<14}{a['settled_ms']:>11.0f}{f['settled_ms']:>8.0f}{a['settled_ms'] / f['settled_ms']:>7.2f}"
                  f"{1000 * a['server_cpu_s']:>11.1f}{1000 * f['server_cpu_s']:>8.1f}{a['server_cpu_s'] / f['server_cpu_s']:>7.2f}"
                  f"{1000 * a['server_wall_s']:>9.1f}{1000 * a['server_gc_cpu_s']:>7.1f}{1000 * a['server_gc_full_cpu_s']:>8.1f}"
                  f"{1000 * f['server_gc_cpu_s']:>9.1f}")
        for url, d in row.get("floor_drawn", {}).items():
            print(f"{url:<14} stricter floor (figures drawn as the dashboard draws them): srv cpu "
                  f"{1000 * d['server_cpu_s']:.1f} ms, ratio {row[url]['server_cpu_s'] / d['server_cpu_s']:.2f}")


def main(argv: list[str] | None = None) -> int:
    global PORTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100", help="corpus multiples, comma-separated (default 1,100)")
    parser.add_argument("--clicks", type=int, default=5, help="timed clicks per page after one warm-up (median)")
    parser.add_argument("--sessions", type=int, default=5, help="extra sessions opened to measure memory per session")
    parser.add_argument("--corpus-cache", type=Path, help="keep generated corpora here between runs")
    parser.add_argument("--timeout", type=float, default=600, help="seconds any one wait may take")
    parser.add_argument("--label", default="", help="a note stored with the figures (e.g. 'baseline')")
    parser.add_argument("--baseline", default="", help="improvements to turn off in the app server: snapshot,freeze")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--ports", default=f"{PORTS.start}-{PORTS.stop - 1}", help="port range for the servers, e.g. 8670-8699")
    args = parser.parse_args(argv)
    PORTS = port_range(args.ports)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    from playwright.sync_api import sync_playwright

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `finally` then stops the servers it started

    report: dict = {"machine": machine(), "label": args.label, "args": {**vars(args), "json": str(args.json),
                                                                        "corpus_cache": str(args.corpus_cache)},
                    "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            report["bare_cold_start"] = bench_bare(browser, tmp, args.timeout * 1000)
            for size in sizes:
                data_dir = corpus_dir(size, args.corpus_cache, tmp)
                print(f"{size}× ({data_dir}) …", flush=True)
                try:
                    load_start = loadavg()
                    report["sizes"][str(size)] = bench_size(browser, data_dir, tmp, args.clicks, args.sessions,
                                                            args.timeout * 1000, f"{size}", args.baseline)
                    report["sizes"][str(size)]["loadavg"] = {"start": load_start, "end": loadavg()}
                except Exception as exc:  # noqa: BLE001 - the other sizes still run; partial figures are written
                    report.setdefault("errors", {})[str(size)] = f"{type(exc).__name__}: {str(exc)[:500]}"
                    print(f"  {size}×: ERROR {report['errors'][str(size)]}", flush=True)
                if args.json:
                    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        finally:
            browser.close()
    report["machine"]["loadavg_at_end"] = loadavg()
    report["ratios"] = ratios(report)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
