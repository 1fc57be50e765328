"""Load test for issue 12: one user uploads the digit-run files while five others browse.

    python bench/hostile_load.py --ports 8640-8669 --json hostile.json      # 5 users, A B A B A B, 70 s each
    python bench/hostile_load.py --users 2 --cycles 1 --phase 20            # smoke size

One server (bench.common.Server), one Chromium. Five browsing users (isolated contexts) visit the
overview, themes, departments and explorer pages in turn, without pause, for the whole run; every visit
is a fresh session, timed until the page is fully drawn (bench/load.py's `visit`). The run alternates
phases of `--phase` seconds. A sixth user opens the themes page and its upload panel in a fresh session
and, during B phases only, uploads there (then opens a fresh one), in turn,
- the issue's file: the template with one task text of 60,000 digits (65 kB), which used to spin the
  analyses for minutes and is now refused by the text length cap, and
- a file the checks accept: three task texts 1,900 digits long, so the whole upload is validated,
  built and analysed in the worker (analytics/isolated.py) before it joins the uploader's session.
After a B phase the uploader finishes the upload in flight ("drain"; visits starting then are left out)
before the next A phase starts. A and B alternate in the same run, so load from other processes on a
shared machine falls on both alike. A visit belongs to the phase it started in; an A visit still
running when B starts is left out (counted as "straddling").

`/_stcore/health` is polled every 0.25 s throughout. Reported per phase and per condition (all A, all
B): median and p95 page time, errors, health-check median and maximum, /proc/loadavg; and every upload's
answer (time, verdict, first line of its message). The whole run is bounded by `--budget` seconds
(default 600): phases that would not fit are not started, and visits in flight at the end are cut off
after `--timeout`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.outputs.template import upload_template  # noqa: E402
from bench.common import CHROMIUM, CHROMIUM_FLAGS, PAGES, ROOT, Server, loadavg, machine  # noqa: E402
from bench.load import percentile, visit  # noqa: E402

BROWSED = ("overview", "themes", "departments", "explorer")
DRAIN = "drain"


def digit_files(folder: Path) -> dict[str, Path]:
    template = upload_template()
    first = 'text: "（示例）两市共同规划'
    assert first in template
    refused = template.replace(first, 'text: "' + "1" * 60_000 + "（示例）两市共同规划", 1)
    accepted = template
    for marker in ('text: "（示例）两市共同规划', 'text: "（示例）联合举办', 'text: "（示例）两市建立'):
        accepted = accepted.replace(marker, marker[:7] + "1" * 1_900 + marker[7:], 1)
    files = {"digits-65kB.yaml": refused, "digits-accepted.yaml": accepted}
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


class Clock:
    """The current phase label ("A1", "B1", "drain", …), read by every user when a visit starts."""

    def __init__(self) -> None:
        self.label = DRAIN
        self.started: dict[str, float] = {}
        self.ended: dict[str, float] = {}

    def enter(self, label: str) -> None:
        now = time.perf_counter()
        if self.label in self.started:
            self.ended[self.label] = now
        self.label = label
        self.started[label] = now


class HealthProbe(threading.Thread):
    def __init__(self, url: str, clock: Clock):
        super().__init__(daemon=True)
        self.url, self.clock, self.samples, self.running = url, clock, [], True

    def run(self) -> None:
        while self.running:
            label, start = self.clock.label, time.perf_counter()
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=60)
                self.samples.append((label, time.perf_counter() - start))
            except OSError:
                self.samples.append((label, float("inf")))
            time.sleep(0.25)


async def browsing_user(browser, base: str, pages, clock: Clock, stop: asyncio.Event, timeout_ms: float) -> list[dict]:
    context = await browser.new_context(viewport={"width": 1280, "height": 1600})
    visits, i = [], 0
    try:
        while not stop.is_set():
            label, start = clock.label, time.perf_counter()
            result = await visit(context, base, pages[i % len(pages)], timeout_ms)
            visits.append({**result, "phase": label, "start": start, "end": time.perf_counter()})
            i += 1
        return visits
    finally:
        await context.close()


IDLE_JS = "document.querySelectorAll('[data-testid=stStatusWidget]').length === 0"


async def sixth_user(browser, base: str, files: dict[str, Path], clock: Clock, active: asyncio.Event, idle: asyncio.Event,
                     stop: asyncio.Event, timeout_ms: float) -> list[dict]:
    """Opens the themes page and its upload panel in a fresh session and waits; whenever a B phase is on,
    uploads the next file there, times until the upload panel answers, closes the page and opens the
    next one. So the sixth user loads pages in both phases, and the phases differ by the uploads.
    `idle` is set whenever no upload is in flight."""
    context = await browser.new_context(viewport={"width": 1280, "height": 1600})
    answers, names, i = [], list(files), 0
    try:
        while not stop.is_set():
            page = await context.new_page()
            try:
                await page.goto(f"{base}/themes", timeout=timeout_ms)
                await page.wait_for_selector(".js-plotly-plot", timeout=timeout_ms)
                uploader = page.locator("[data-testid=stFileUploaderDropzoneInput]")
                if await uploader.count() == 0:  # the expander renders its content when opened
                    await page.get_by_text("上传自己的摘录").click(timeout=timeout_ms)
                await uploader.wait_for(state="attached", timeout=timeout_ms)
            except Exception as exc:  # noqa: BLE001 - a page that does not open is tried again
                print(f"  sixth user: page not ready ({type(exc).__name__})", flush=True)
                await page.close()
                continue
            while not active.is_set() and not stop.is_set():
                idle.set()
                await asyncio.sleep(0.2)
            if stop.is_set():
                await page.close()
                break
            idle.clear()
            name = names[i % len(names)]
            i += 1
            answer, start = {"file": name, "phase": clock.label}, time.perf_counter()
            try:
                await uploader.set_input_files([str(files[name])], timeout=timeout_ms)
                verdict = page.locator("[data-testid=stSidebar] [data-testid=stAlert]", has_text=name)
                await verdict.first.wait_for(timeout=timeout_ms)
                await page.wait_for_function(IDLE_JS, timeout=timeout_ms)
                answer["s"] = round(time.perf_counter() - start, 2)
                answer["verdict"] = " ".join((await verdict.first.inner_text()).split())[:120]
                code = page.locator("[data-testid=stSidebar] [data-testid=stCode]")
                answer["message"] = " ".join((await code.first.inner_text()).split())[:200] if await code.count() else ""
            except Exception as exc:  # noqa: BLE001 - every failure is part of the answer
                answer.update(s=round(time.perf_counter() - start, 2), error=f"{type(exc).__name__}: {exc}"[:300])
            finally:
                await page.close()
            answers.append(answer)
            print("  upload", json.dumps(answer, ensure_ascii=False), flush=True)
            if not active.is_set():
                idle.set()
        return answers
    finally:
        idle.set()
        await context.close()


async def run(base: str, users: int, cycles: int, phase_s: float, budget_s: float, timeout_ms: float, files, clock: Clock,
              started: float) -> dict:
    from playwright.async_api import async_playwright

    pages = [p for p in PAGES if p.name in BROWSED]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            warm_context = await browser.new_context()
            warm = await visit(warm_context, base, pages[0], timeout_ms)  # corpus loaded, deep links resolve
            await warm_context.close()
            print("warm-up", json.dumps(warm, ensure_ascii=False), flush=True)
            stop, active, idle = asyncio.Event(), asyncio.Event(), asyncio.Event()
            idle.set()
            upload_task = asyncio.create_task(sixth_user(browser, base, files, clock, active, idle, stop, timeout_ms))
            user_tasks = [asyncio.create_task(browsing_user(browser, base, pages, clock, stop, timeout_ms)) for _ in range(users)]
            phases = []
            for cycle in range(1, cycles + 1):
                for kind in ("A", "B"):
                    left = budget_s - (time.perf_counter() - started)
                    if left < phase_s + timeout_ms / 1000:  # this phase and the last visits' cut-off must fit
                        print(f"budget: phase {kind}{cycle} not started ({left:.0f} s left)", flush=True)
                        break
                    label = f"{kind}{cycle}"
                    record = {"phase": label, "loadavg_start": loadavg()}
                    clock.enter(label)
                    if kind == "B":
                        active.set()
                    await asyncio.sleep(phase_s)
                    if kind == "B":
                        active.clear()
                        clock.enter(DRAIN)
                        try:
                            await asyncio.wait_for(idle.wait(), timeout=timeout_ms / 1000)
                        except asyncio.TimeoutError:
                            record["drain_timed_out"] = True
                    record["loadavg_end"] = loadavg()
                    phases.append(record)
                    print(f"phase {label} done, load {record['loadavg_start']} → {record['loadavg_end']}", flush=True)
                else:
                    continue
                break
            clock.enter(DRAIN)
            stop.set()
            done, pending = await asyncio.wait([upload_task, *user_tasks], timeout=timeout_ms / 1000 + 10)
            for task in pending:
                task.cancel()
            visits = [v for task in user_tasks if task in done and not task.exception() for v in task.result()]
            answers = upload_task.result() if upload_task in done and not upload_task.exception() else []
            return {"warmup": warm, "phases": phases, "visits": visits, "uploads": answers, "cut_off_users": len(pending)}
        finally:
            await browser.close()


def page_times(visits: list[dict]) -> dict:
    times = sorted(v["s"] for v in visits if not v["error"])
    return {"visits": len(visits), "errors": sum(1 for v in visits if v["error"]),
            "median_s": round(statistics.median(times), 2) if times else None,
            "p95_s": round(percentile(times, 95), 2) if times else None}


def health(samples: list[float]) -> dict:
    return {"median_ms": round(1000 * statistics.median(samples), 1) if samples else None,
            "max_ms": round(1000 * max(samples), 1) if samples else None, "samples": len(samples)}


def report(raw: dict, clock: Clock, probe: list[tuple[str, float]]) -> dict:
    counted, straddling = [], 0
    for v in raw["visits"]:
        if v["phase"] == DRAIN:
            continue
        if v["phase"].startswith("A") and v["end"] > clock.ended.get(v["phase"], float("inf")):
            straddling += 1
            continue
        counted.append(v)
    phases = []
    for record in raw["phases"]:
        mine = [v for v in counted if v["phase"] == record["phase"]]
        phases.append({**record, "pages": page_times(mine),
                       "health": health([s for label, s in probe if label == record["phase"]]),
                       "uploads": sum(1 for a in raw["uploads"] if a["phase"] == record["phase"])})
    by_condition = {}
    for kind in ("A", "B"):
        mine = [v for v in counted if v["phase"].startswith(kind)]
        by_condition[kind] = {"pages": page_times(mine), "health": health([s for label, s in probe if label.startswith(kind)]),
                              "per_page": {name: page_times([v for v in mine if v["page"] == name]) for name in BROWSED},
                              "error_samples": [f"{v['page']}: {v['error']}" for v in mine if v["error"]][:5]}
    return {"phases": phases, "conditions": by_condition, "straddling_visits_left_out": straddling,
            "uploads": raw["uploads"], "warmup": {k: raw["warmup"][k] for k in ("page", "s", "error")},
            "cut_off_users": raw["cut_off_users"], "health_overall": health([s for _, s in probe]),
            "visits": [{"page": v["page"], "phase": v["phase"], "s": round(v["s"], 2), "error": v["error"]} for v in raw["visits"]]}


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still stop the server (Server.__exit__)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--cycles", type=int, default=3, help="A B pairs")
    parser.add_argument("--phase", type=float, default=70, help="seconds per phase")
    parser.add_argument("--budget", type=float, default=600, help="seconds the whole run may take, server start included")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per visit or upload answer")
    parser.add_argument("--ports", default="8632-8639", help="port range for the server, e.g. 8640-8669")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    first, last = (int(x) for x in args.ports.split("-"))
    started = time.perf_counter()
    result = {"machine": machine(), "users": args.users, "phase_s": args.phase, "pages": list(BROWSED),
              "command": " ".join(["bench/hostile_load.py", *(argv if argv is not None else sys.argv[1:])]),
              "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime())}
    clock = Clock()
    with tempfile.TemporaryDirectory() as tmp, Server(ROOT / "dashboard.py", ports=range(first, last + 1)) as server:
        files = digit_files(Path(tmp))
        probe = HealthProbe(server.url, clock)
        probe.start()
        raw = asyncio.run(run(server.url, args.users, args.cycles, args.phase, args.budget, args.timeout * 1000, files,
                              clock, started))
        probe.running = False
        result.update(report(raw, clock, list(probe.samples)))
    result["wall_s"] = round(time.perf_counter() - started, 1)
    result["loadavg_at_end"] = loadavg()
    for kind, row in result["conditions"].items():
        print(kind, json.dumps({"pages": row["pages"], "health": row["health"]}, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
