"""Load test: N concurrent browser sessions against one local server, each visiting every page.

    python bench/load.py 30                 # the figure the issue asks for
    python bench/load.py 30 --size 100 --corpus-cache /tmp/corpora    # on the 100× corpus
    python bench/load.py 2 --json out.json  # smoke size

One Chromium (Playwright, /usr/bin/chromium) holds N isolated browser contexts; each context is one
user who opens every page in turn by its address (each visit is a fresh Streamlit session, as when a
reader follows a link) and waits until the page is fully drawn: the app idle, no skeleton, and the
page's last element there (its plotly charts, the results table, the download buttons). All N users
start together. A visit counts as an error if it times out, shows an exception, an error alert or
"Page not found". Server memory is VmRSS from /proc/<pid>/status: after start (no session yet),
after one warm-up visit (corpus loaded), the peak while the users run (sampled every 0.1 s), and after.
The server runs through bench/serve.py, so every script run's CPU and gc time is logged in the server
(reported as the median and p95 CPU per run). Before the users start, one warm-up visit opens "/" (see README: the first deep link after a start
answers "Page not found" until one session has run st.navigation).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    PAGES,
    ROOT,
    cpu_seconds,
    error_js,
    loadavg,
    machine,
    median,
    ready_js,
    rss_mb,
)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of sorted values; nan when empty."""
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, int(-(-len(values) * q // 100)) - 1))]


class MemorySampler(threading.Thread):
    """The server's peak VmRSS, sampled every `every` seconds, and when it was reached (time.perf_counter())."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.peak_at, self._halt = pid, every, 0.0, None, threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                now = rss_mb(self.pid)
            except OSError:
                return
            if now > self.peak:
                self.peak, self.peak_at = now, time.perf_counter()
            self._halt.wait(self.every)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak


async def visit(context, base: str, page_def, timeout_ms: float) -> dict:
    page = await context.new_page()
    start = time.perf_counter()
    try:
        await page.goto(f"{base}/{page_def.url}", timeout=timeout_ms)
        await page.wait_for_function("() => !!document.querySelector('h1')", timeout=timeout_ms)
        await page.wait_for_function(ready_js(page_def), timeout=timeout_ms, polling=100)
        problem = await page.evaluate(error_js())
        return {"page": page_def.name, "s": time.perf_counter() - start, "error": problem or None, "from": start,
                "to": time.perf_counter()}
    except Exception as exc:  # noqa: BLE001 - every failure of a visit is a reported error
        return {"page": page_def.name, "s": time.perf_counter() - start, "error": f"{type(exc).__name__}: {exc}"[:300],
                "from": start, "to": time.perf_counter()}
    finally:
        await page.close()


PROGRESS = {"done": 0, "errors": 0, "every": 10, "deadline": None}
BUDGET = {"s": None}


async def user(browser, base: str, pages, timeout_ms: float) -> list[dict]:
    context = await browser.new_context(viewport={"width": 1280, "height": 1600})
    try:
        visits = []
        for page in pages:
            if PROGRESS["deadline"] is not None and time.perf_counter() > PROGRESS["deadline"]:
                break  # --budget spent: no new visit starts; the report says how many were planned
            visits.append(await visit(context, base, page, timeout_ms))
            PROGRESS["done"] += 1
            PROGRESS["errors"] += bool(visits[-1]["error"])
            if visits[-1]["error"]:  # as it happens: a long run's errors are worth seeing before its end
                print(f"  error on {page.name} after {visits[-1]['s']:.0f} s: {visits[-1]['error'][:160]}", flush=True)
            if PROGRESS["done"] % PROGRESS["every"] == 0:
                print(f"  {PROGRESS['done']} visits done, {PROGRESS['errors']} errors", flush=True)
        return visits
    finally:
        await context.close()


async def run_users(base: str, n: int, pages, timeout_ms: float, pid: int) -> tuple[list[dict], float, float, float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            warm = await browser.new_context()
            warmup = await visit(warm, base, PAGES[0], timeout_ms)
            await warm.close()
            if warmup["error"]:
                raise RuntimeError(f"warm-up visit failed: {warmup['error']}")
            rss_warm = rss_mb(pid)
            cpu_before = cpu_seconds(pid)
            print(f"warm-up visit done; {n} users start", flush=True)
            start = time.perf_counter()
            if BUDGET["s"] is not None:
                PROGRESS["deadline"] = start + BUDGET["s"]
            results = await asyncio.gather(*(user(browser, base, pages, timeout_ms) for _ in range(n)))
            wall = time.perf_counter() - start
            return [visit for session in results for visit in session], wall, rss_warm, cpu_seconds(pid) - cpu_before
        finally:
            await browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sessions", type=int, help="concurrent browser sessions (N)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds one page visit may take")
    parser.add_argument("--pages", default="", help="only these pages, comma-separated (default: every page)")
    parser.add_argument("--size", type=int, default=1, help="corpus multiple (bench/generate.py; default 1 = the real data)")
    parser.add_argument("--corpus-cache", type=Path, help="keep generated corpora here between runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--memory-log", type=Path, help="the server samples its memory here every second (bench/serve.py)")
    parser.add_argument("--stacks-above", type=float, help="with --memory-log: record every thread's stack at each new memory high above this many MB")
    parser.add_argument("--census", action="store_true",
                        help="with --memory-log and --linger: once every session has expired, count the objects still alive by type")
    parser.add_argument("--runs-log", type=Path, help="keep the server's per-run log (bench/serve.py) here")
    parser.add_argument("--linger", type=float, default=0,
                        help="keep the server up this many seconds after the users (closed sessions expire after 120 s)")
    parser.add_argument("--budget", type=float, help="seconds after the users start in which new visits may begin")
    args = parser.parse_args(argv)
    pages = [p for p in PAGES if not args.pages or p.name in args.pages.split(",")]
    BUDGET["s"] = args.budget
    machine_info = machine()
    from bench.server import HookedServer, corpus_dir

    tmp_dir = tempfile.TemporaryDirectory(prefix="bench-load-")
    tmp = Path(tmp_dir.name)
    data_dir = corpus_dir(args.size, args.corpus_cache, tmp)
    env = {"BENCH_MEMORY_LOG": str(args.memory_log.resolve())} if args.memory_log else {}
    if args.stacks_above:
        env["BENCH_MEMORY_STACKS_ABOVE"] = str(args.stacks_above)
    if args.census:
        env["BENCH_MEMORY_CENSUS"] = "1"
    with HookedServer(ROOT / "dashboard.py", data_dir, tmp / "runs.jsonl", env=env) as server:
        rss_start = rss_mb(server.pid)
        sampler = MemorySampler(server.pid)
        sampler.start()
        visits, wall, rss_warm, server_cpu = asyncio.run(run_users(server.url, args.sessions, pages, args.timeout * 1000, server.pid))
        rss_peak = sampler.stop()
        time.sleep(1.0)  # let sessions be cleaned up after the browser disconnects
        rss_after = rss_mb(server.pid)
        time.sleep(args.linger)
        rss_lingered = rss_mb(server.pid)
        runs = server.runs()
        if args.runs_log:
            shutil.copyfile(server.log, args.runs_log)
    tmp_dir.cleanup()

    end_load = loadavg()
    errors = [v for v in visits if v["error"]]
    by_page = {p.name: [v["s"] for v in visits if v["page"] == p.name and not v["error"]] for p in pages}
    slowest = max(visits, key=lambda v: v["s"])
    ok_times = sorted(v["s"] for v in visits if not v["error"])
    run_cpu = sorted(r["cpu_s"] for r in runs)
    report = {
        "machine": {**machine_info, "loadavg_at_end": end_load}, "sessions": args.sessions, "size": args.size,
        "visits": len(visits), "visits_planned": args.sessions * len(pages), "budget_s": args.budget, "p95_visit_s": percentile(ok_times, 95), "median_visit_s": median(ok_times),
        "server_runs": {"count": len(runs), "median_cpu_s": median(run_cpu), "p95_cpu_s": percentile(run_cpu, 95),
                        "gc_cpu_s": sum(r["gc_cpu_s"] for r in runs), "cpu_s": sum(r["cpu_s"] for r in runs)},
        "errors": len(errors),
        "error_samples": [f"{v['page']}: {v['error']}" for v in errors[:10]], "wall_s": wall,
        "server_cpu_s": server_cpu, "server_cpu_share": server_cpu / (wall * (os.cpu_count() or 1)),
        "slowest": {"page": slowest["page"], "s": slowest["s"]},
        "pages": {name: {"median_s": median(times), "max_s": max(times, default=float("nan")), "ok": len(times)}
                  for name, times in by_page.items()},
        "memory_mb": {"start": rss_start, "after_warmup": rss_warm, "peak": rss_peak, "after": rss_after,
                      **({"after_linger": rss_lingered, "linger_s": args.linger} if args.linger else {})},
        # sessions the server held at the end of a run: connected, and all (closed tabs' sessions are kept up to
        # server.disconnectedSessionTTL for a reconnect, at most 128): what the memory above is shared among
        # the pages being opened when the memory peaked: what the peak is made of
        "peak_during": dict(Counter(v["page"] for v in visits if sampler.peak_at is not None and v["from"] <= sampler.peak_at <= v["to"])),
        "sessions_held": {"connected_max": max((r.get("sessions_active", 0) for r in runs), default=0),
                     "held_max": max((r.get("sessions_held", 0) for r in runs), default=0)},
    }

    m = report["machine"]
    print(f"machine: {m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, Streamlit {m['streamlit']}")
    print(f"load average (1/5/15 min) at start {m['loadavg_at_start']}, at end {m['loadavg_at_end']}")
    print(f"{args.sessions} concurrent sessions × {len(pages)} pages: {len(visits)} of {args.sessions * len(pages)} visits in"
          f" {wall:.1f} s" + (f" (no visit started after {args.budget:.0f} s)" if args.budget else ""))
    print(f"server CPU: {server_cpu:.1f} s while the users ran = {100 * report['server_cpu_share']:.0f}% of the machine's "
          f"{os.cpu_count()} cores × {wall:.0f} s (the rest: Chromium drawing {args.sessions} sessions, and anything else running)")
    print(f"errors: {len(errors)}")
    for line in report["error_samples"]:
        print(f"  {line}")
    print(f"slowest page visit: {slowest['page']} {slowest['s']:.2f} s; p95 {report['p95_visit_s']:.2f} s,"
          f" median {report['median_visit_s']:.2f} s (corpus {args.size}×)")
    sr = report["server_runs"]
    print(f"server script runs: {sr['count']}, CPU per run median {1000 * sr['median_cpu_s']:.0f} ms, p95"
          f" {1000 * sr['p95_cpu_s']:.0f} ms; gc {sr['gc_cpu_s']:.1f} of {sr['cpu_s']:.1f} CPU s in runs")
    held = report["sessions_held"]
    print(f"pages being opened when the memory peaked: {report['peak_during']}")
    print(f"sessions held by the server: at most {held['held_max']} ({held['connected_max']} connected; the others closed,"
          f" kept for a reconnect)")
    print(f"{'page':<12}{'median s':>10}{'max s':>8}{'ok':>5}")
    for name, row in report["pages"].items():
        print(f"{name:<12}{row['median_s']:>10.2f}{row['max_s']:>8.2f}{row['ok']:>5}")
    mem = report["memory_mb"]
    print(f"server memory (VmRSS): {mem['start']:.0f} MB at start, {mem['after_warmup']:.0f} MB after one warm-up visit"
          f" (before the users) → peak {mem['peak']:.0f} MB → {mem['after']:.0f} MB after"
          + (f"; {mem['after_linger']:.0f} MB {mem['linger_s']:.0f} s later" if "after_linger" in mem else ""))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
