"""What each session costs while the server holds it, on a real server: every page, each visit a session kept open.

    python bench/held.py --size 100 --corpus-cache /tmp/corpora --rounds 3 --json held.json

Sessions outlive their visits (a closed tab's for two minutes, for a reconnect), so under many readers the server holds
several sessions per reader and what each one keeps is multiplied (bench/RESULTS.md, seventeenth round). One Chromium
opens every page in turn, each in a new browser context that stays open, so every visit is a session the server keeps:
one round through every page first (it fills the shared caches), then `--rounds` more. After each round the server's
own sample (bench/serve.py's memory sampler, every second) gives its resident memory, Python's blocks in use
(sys.getallocatedblocks) and the sessions it holds. Memory per session held: the growth from the end of the first
round to the end of the last, divided by the sessions added. The server trims freed memory (ui/web/memory.py) as
it does in use.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server as bench_server  # noqa: E402
from bench.common import CHROMIUM, CHROMIUM_FLAGS, PAGES, ROOT, loadavg, machine, ready_js  # noqa: E402

SETTLE_S = 3.0  # after a round: the sampler writes every second; the runs' own garbage collected


def _sample(log: Path, after: float, timeout: float = 30) -> dict:
    """The memory sampler's first line written after `after` (time.time())."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if log.exists():
            for line in log.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if row["t"] > after and row.get("sessions_held") is not None:
                    return row
        time.sleep(0.2)
    raise RuntimeError(f"no memory sample in {log} after {after}")


def per_session(first: dict, last: dict) -> dict:
    """Growth per session added between two samples: resident MB and Python blocks (None when no session was added)."""
    added = last["sessions_held"] - first["sessions_held"]
    if added <= 0:
        return {"sessions_added": added, "rss_mb": None, "py_blocks": None}
    return {"sessions_added": added, "rss_mb": (last["rss_mb"] - first["rss_mb"]) / added,
            "py_blocks": (last["py_blocks"] - first["py_blocks"]) / added}


def measure(data_dir: Path | None, rounds: int, timeout_s: float, tmp: Path) -> dict:
    from playwright.sync_api import sync_playwright

    log = tmp / "memory.jsonl"
    server = bench_server.HookedServer(ROOT / "dashboard.py", data_dir, tmp / "runs.jsonl", env={"BENCH_MEMORY_LOG": str(log)})
    server.start(timeout=300)
    report = {"machine": machine(), "load_start": loadavg(), "rounds": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
            kept = []
            for number in range(rounds + 1):
                started = time.perf_counter()
                for page_def in PAGES:
                    context = browser.new_context(viewport={"width": 1280, "height": 1600})
                    page = context.new_page()
                    page.goto(f"{server.url}/{page_def.url}", timeout=timeout_s * 1000)
                    page.wait_for_function(ready_js(page_def), timeout=timeout_s * 1000, polling=200)
                    kept.append(context)  # left open: the server holds its session
                time.sleep(SETTLE_S)
                row = _sample(log, time.time())
                report["rounds"].append({"round": number + 1, "s": time.perf_counter() - started,
                                         **{k: row[k] for k in ("rss_mb", "py_blocks", "sessions_held")}})
                print(f"round {number + 1}: {row['sessions_held']} sessions held, {row['rss_mb']:.0f} MB, "
                      f"{row['py_blocks']:,} Python blocks ({report['rounds'][-1]['s']:.0f} s)", flush=True)
            browser.close()
    finally:
        server.stop()
    report["per_session"] = per_session(report["rounds"][0], report["rounds"][-1])
    report["load_end"] = loadavg()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1, help="corpus multiple (bench/generate.py; default 1 = the real data)")
    parser.add_argument("--corpus-cache", type=Path, help="keep generated corpora here between runs")
    parser.add_argument("--rounds", type=int, default=3, help="rounds through every page after the first (default 3)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one page visit may take")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        data_dir = None if args.size == 1 else bench_server.corpus_dir(args.size, args.corpus_cache, tmp)
        report = {"size": args.size, **measure(data_dir, max(1, args.rounds), args.timeout, tmp)}
    each = report["per_session"]
    if each["rss_mb"] is not None:
        print(f"{args.size}×: each session held {each['rss_mb']:.2f} MB resident, {each['py_blocks']:,.0f} Python blocks "
              f"({each['sessions_added']} sessions added after the first round)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
