"""Server CPU per filter click, dashboard ÷ floor, with both servers up and their clicks interleaved.

    python bench/ratio.py --size 1 --rounds 6 --clicks 5 --json ratio.json
    python bench/ratio.py --size 100 --corpus-cache /tmp/corpora --rounds 6 --clicks 5

bench/server.py measures the dashboard's clicks, stops it, then the floor's: on a 2-core machine where the
browser draws while the server runs, the per-click CPU of one block of 5–7 clicks moved by a third between
two runs of the same tree (bench/RESULTS.md, ninth round), and a ratio of two such blocks taken minutes apart
carries both moves. Here the dashboard (dashboard.py) and its floor (bench/floor_app.py: the same figures
prebuilt, one radio) are served side by side on the same corpus, each open in its own browser session on the
same page; every round clicks the dashboard's radio --clicks times, then the floor's, then the stricter floor's
(the figures' dicts made once, as the dashboard draws them), each going first in turn. The ratio is the median of the dashboard's clicks over the median of the floor's, beside the ratio of
each round (so its spread shows), and the browser's click → chart for both.

Clicks are bench/server.py's: the sidebar radio 'measure' on themes, 'scope' on departments, each click's
server figures summed over the script runs it caused, measured inside the server (bench/serve.py).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server as bench_server  # noqa: E402
from bench.common import CHROMIUM, CHROMIUM_FLAGS, READY, ROOT, loadavg, machine, median, port_range  # noqa: E402


def summary(app: list[list[float]], floor: list[list[float]]) -> dict:
    """Per-round samples (seconds per click, one list per round) → the figures printed, in milliseconds:
    medians over every click, their ratio, and each round's ratio of medians."""
    app_all, floor_all = [x for r in app for x in r], [x for r in floor for x in r]
    rounds = [median(a) / median(f) for a, f in zip(app, floor) if a and f and median(f) > 0]
    return {"app_ms": 1000 * median(app_all), "floor_ms": 1000 * median(floor_all),
            "ratio": median(app_all) / median(floor_all), "round_ratios": rounds,
            "round_ratio_min": min(rounds), "round_ratio_max": max(rounds), "clicks": len(app_all)}


def _open(browser, url: str, count: int, timeout_ms: float):
    page = browser.new_context(viewport={"width": 1280, "height": 1600}).new_page()
    page.goto(url, timeout=timeout_ms)
    bench_server._wait(page, bench_server.PLOT, count, timeout_ms)
    return page


def measure(browser, app, floor, page_url: str, rounds: int, n_clicks: int, timeout_ms: float) -> dict:
    """Both servers already started: `rounds` rounds of n clicks on each, alternating which is clicked first."""
    label_key, values = bench_server.CLICKS[page_url]
    opened = [("app", app, _open(browser, f"{app.url}/{page_url}", READY[page_url][1], timeout_ms)),
              ("floor", floor, _open(browser, f"{floor.url}/?page={page_url}", 4, timeout_ms)),
              ("drawn", floor, _open(browser, f"{floor.url}/?page={page_url}&drawn=1", 4, timeout_ms))]
    samples: dict[str, dict[str, list]] = {name: {"cpu": [], "click": []} for name, _, _ in opened}
    try:
        for index in range(rounds):
            for name, server, page in opened[index % 3:] + opened[:index % 3]:  # each goes first in turn
                result = bench_server.clicks(page, server, label_key, values, n_clicks, timeout_ms)
                samples[name]["cpu"].append([row["cpu_s"] for row in result["server_samples"]])
                samples[name]["click"].append([ms / 1000 for ms in result["samples_settled_ms"]])
    finally:
        for _, _, page in opened:
            page.context.close()
    return {"cpu": summary(samples["app"]["cpu"], samples["floor"]["cpu"]),
            "cpu_drawn": summary(samples["app"]["cpu"], samples["drawn"]["cpu"]),
            "click": summary(samples["app"]["click"], samples["floor"]["click"]), "samples": samples}


def print_figures(size: int, page_url: str, figures: dict) -> None:
    cpu, click = figures["cpu"], figures["click"]
    spread = f"{cpu['round_ratio_min']:.2f}–{cpu['round_ratio_max']:.2f}"
    print(f"{size}× {page_url:<12} server CPU per click {cpu['app_ms']:6.1f} ms, floor {cpu['floor_ms']:5.1f} ms:"
          f" {cpu['ratio']:.2f}× (rounds {spread}, {cpu['clicks']} clicks each)"
          f" · click → chart {click['app_ms']:4.0f} ms, floor {click['floor_ms']:4.0f} ms ({click['ratio']:.2f}×)", flush=True)
    drawn = figures["cpu_drawn"]
    print(f"{'':>{len(str(size)) + 14}}stricter floor (figures' dicts made once, as the dashboard draws them):"
          f" {drawn['floor_ms']:5.1f} ms, {drawn['ratio']:.2f}× (rounds {drawn['round_ratio_min']:.2f}–{drawn['round_ratio_max']:.2f})",
          flush=True)


OPTIONS = (  # flag, type, default, help
    ("--size", int, 1, "corpus multiple (bench/generate.py)"),
    ("--pages", str, "themes,departments", "pages to click, comma-separated"),
    ("--rounds", int, 6, "rounds, each a block of clicks on every server"),
    ("--clicks", int, 5, "timed clicks per block, after one warm-up click; odd, so a block ends where it began"),
    ("--corpus-cache", Path, None, "keep generated corpora here between runs"),
    ("--timeout", float, 600, "seconds any one wait may take"),
    ("--ports", str, "8760-8779", "port range for the two servers"),
    ("--json", Path, None, "also write the figures to this JSON file"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for flag, kind, default, text in OPTIONS:
        parser.add_argument(flag, type=kind, default=default, help=text)
    args = parser.parse_args(argv)
    if args.clicks % 2 == 0:  # the next block's first click would choose the option already chosen, and wait for nothing
        parser.error(f"--clicks must be odd (each block clicks the radio one more time than that), not {args.clicks}")
    ports = port_range(args.ports)
    pages = [p for p in args.pages.split(",") if p in bench_server.CLICKS]
    from playwright.sync_api import sync_playwright

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `finally` then stops the servers
    report: dict = {"machine": machine(), "size": args.size, "rounds": args.rounds, "clicks": args.clicks,
                    "loadavg_start": loadavg(), "pages": {}}
    timeout_ms = args.timeout * 1000
    with tempfile.TemporaryDirectory(prefix="bench-ratio-") as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        data_dir = bench_server.corpus_dir(args.size, args.corpus_cache, tmp)
        app = bench_server.HookedServer(ROOT / "dashboard.py", data_dir if args.size > 1 else None, tmp / "app.jsonl", ports)
        floor = bench_server.HookedServer(ROOT / "bench" / "floor_app.py", data_dir if args.size > 1 else None,
                                          tmp / "floor.jsonl", ports)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            app.start(timeout=args.timeout)
            floor.start(timeout=args.timeout)
            for page_url in pages:
                report["pages"][page_url] = measure(browser, app, floor, page_url, args.rounds, args.clicks, timeout_ms)
                print_figures(args.size, page_url, report["pages"][page_url])
                report["loadavg_end"] = loadavg()
                if args.json:  # after every page: a run cut short keeps what it measured
                    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        finally:
            browser.close()
            app.stop()
            floor.stop()
    print(f"machine: {report['machine']['cpus']} CPUs, load average at start {report['loadavg_start']},"
          f" at end {report.get('loadavg_end')}" + (f"; wrote {args.json}" if args.json else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
