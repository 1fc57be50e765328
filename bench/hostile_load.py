"""Load test for issue 12: one user uploads the digit-run files while five others browse.

    python bench/hostile_load.py --ports 8640-8669 --json hostile.json      # 5 users, A B A B … within 600 s
    python bench/hostile_load.py --users 2 --budget 180                     # smoke size

One server (bench.common.Server), one Chromium, five browsing users (isolated contexts) and a sixth
user. The run is a sequence of rounds, alternately A and B, as many as fit in `--budget` seconds (at
least one of each):
- in every round each browsing user opens one page (overview, themes, departments, explorer in turn; a
  fresh session each time), timed until it is fully drawn (bench/load.py's `visit`); the five start
  together and the round ends when all five are drawn;
- A rounds: the sixth user opens the themes page and its upload panel in a fresh session (the load of a
  sixth reader);
- B rounds: on that page (or, when it was not ready in time, on one it opens now) it uploads, alternately, the issue's file (the template with one task text of
  60,000 digits, 65 kB; it used to spin the analyses for minutes) and a file the checks accept (three
  task texts of 1,900 digits, so the whole upload is validated, built and analysed in the worker,
  analytics/isolated.py, and joins the uploader's session), starting with the visits; the round ends
  when the five visits are drawn and the upload has been answered.
So every visit lies wholly inside one round, and A and B alternate in the same run: load from other
processes on a shared machine falls on both alike.

`/_stcore/health` is polled every 0.25 s throughout. Reported per round and per condition (all A, all
B): median and p95 page time, errors, health-check median and maximum, /proc/loadavg before and after;
every upload's answer (time, verdict, the first problem shown). A round pair is started only while the
longest round so far, twice, still fits in the budget.
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
IDLE_JS = "document.querySelectorAll('[data-testid=stStatusWidget]').length === 0"


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


class HealthProbe(threading.Thread):
    """Polls /_stcore/health every 0.25 s; each sample carries the round it fell in."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.label, self.samples, self.running = url, "", [], True

    def run(self) -> None:
        while self.running:
            label, start = self.label, time.perf_counter()
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=60)
                self.samples.append((label, time.perf_counter() - start))
            except OSError:
                self.samples.append((label, float("inf")))
            time.sleep(0.25)


async def open_upload_panel(context, base: str, timeout_ms: float):
    """A fresh session on the themes page with the upload panel open: (page, file input)."""
    page = await context.new_page()
    await page.goto(f"{base}/themes", timeout=timeout_ms)
    await page.wait_for_selector(".js-plotly-plot", timeout=timeout_ms)
    uploader = page.locator("[data-testid=stFileUploaderDropzoneInput]")
    if await uploader.count() == 0:  # the expander renders its content when opened
        await page.get_by_text("上传自己的摘录").click(timeout=timeout_ms)
    await uploader.wait_for(state="attached", timeout=timeout_ms)
    await page.wait_for_function(IDLE_JS, timeout=timeout_ms)
    return page, uploader


async def upload(page, uploader, name: str, path: Path, timeout_ms: float) -> dict:
    """Uploads one file and times until the panel answers and the app is idle again."""
    answer, start = {"file": name}, time.perf_counter()
    try:
        await uploader.set_input_files([str(path)], timeout=timeout_ms)
        verdict = page.locator("[data-testid=stSidebar] [data-testid=stAlert]", has_text=name)
        await verdict.first.wait_for(timeout=timeout_ms)
        await page.wait_for_function(IDLE_JS, timeout=timeout_ms)
        answer["s"] = round(time.perf_counter() - start, 2)
        answer["verdict"] = " ".join((await verdict.first.inner_text()).split())[:120]
        code = page.locator("[data-testid=stSidebar] [data-testid=stCode]")
        answer["problem"] = " ".join((await code.first.text_content() or "").split())[:240] if await code.count() else ""
    except Exception as exc:  # noqa: BLE001 - every failure is part of the answer
        answer.update(s=round(time.perf_counter() - start, 2), error=f"{type(exc).__name__}: {exc}"[:300])
    return answer


async def upload_on_panel(context, panel, base: str, name: str, path: Path, timeout_ms: float) -> dict:
    """Uploads on the panel the A round opened (or, when that did not open in time, on one opened now,
    noted as `panel_opened_in_round`), then closes its page."""
    opened_now = panel is None
    if opened_now:
        panel = await open_upload_panel(context, base, timeout_ms)
    try:
        return {**await upload(*panel, name, path, timeout_ms), "panel_opened_in_round": opened_now}
    finally:
        await panel[0].close()


async def run(base: str, users: int, budget_s: float, timeout_ms: float, files: dict[str, Path], probe: HealthProbe,
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
            contexts = [await browser.new_context(viewport={"width": 1280, "height": 1600}) for _ in range(users)]
            sixth = await browser.new_context(viewport={"width": 1280, "height": 1600})
            rounds, visits, uploads, names = [], [], [], list(files)
            panel = None
            longest = 0.0
            for number in range(1, 1000):
                kind = "A" if number % 2 else "B"
                left = budget_s - (time.perf_counter() - started)
                if kind == "A" and number > 2 and left < 2 * longest:
                    print(f"budget: {left:.0f} s left, longest round {longest:.0f} s: stop", flush=True)
                    break
                label = f"{kind}{(number + 1) // 2}"
                probe.label = label
                record = {"round": label, "loadavg_start": loadavg()}
                start = time.perf_counter()
                browse = [visit(c, base, pages[(number - 1) // 2 % len(pages)], timeout_ms) for c in contexts]
                if kind == "A":
                    extra = open_upload_panel(sixth, base, timeout_ms)
                else:
                    name = names[len(uploads) % len(names)]
                    extra = upload_on_panel(sixth, panel, base, name, files[name], timeout_ms)
                results = await asyncio.gather(*browse, extra, return_exceptions=True)
                record["s"] = round(time.perf_counter() - start, 1)
                longest = max(longest, record["s"])
                visits += [{**v, "round": label} for v in results[:-1] if isinstance(v, dict)]
                if kind == "A":
                    panel = results[-1] if isinstance(results[-1], tuple) else None
                    if panel is None:
                        print(f"  sixth user: upload panel not ready ({type(results[-1]).__name__})", flush=True)
                else:
                    answer = results[-1] if isinstance(results[-1], dict) else {"error": repr(results[-1])[:300]}
                    uploads.append({**answer, "round": label})
                    print("  upload", json.dumps(uploads[-1], ensure_ascii=False), flush=True)
                    panel = None
                record["loadavg_end"] = loadavg()
                rounds.append(record)
                print(f"round {label}: {record['s']} s, load {record['loadavg_start']} → {record['loadavg_end']}", flush=True)
            probe.label = ""
            return {"warmup": warm, "rounds": rounds, "visits": visits, "uploads": uploads}
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


def report(raw: dict, probe: list[tuple[str, float]]) -> dict:
    rounds = [{**r, "pages": page_times([v for v in raw["visits"] if v["round"] == r["round"]]),
               "health": health([s for label, s in probe if label == r["round"]])} for r in raw["rounds"]]
    conditions = {}
    for kind in ("A", "B"):
        mine = [v for v in raw["visits"] if v["round"].startswith(kind)]
        conditions[kind] = {
            "pages": page_times(mine), "health": health([s for label, s in probe if label.startswith(kind)]),
            "per_page": {name: page_times([v for v in mine if v["page"] == name]) for name in BROWSED},
            "error_samples": [f"{v['page']}: {v['error']}" for v in mine if v["error"]][:5]}
    return {"rounds": rounds, "conditions": conditions, "uploads": raw["uploads"],
            "warmup": {k: raw["warmup"][k] for k in ("page", "s", "error")},
            "health_overall": health([s for _, s in probe]),
            "visits": [{"page": v["page"], "round": v["round"], "s": round(v["s"], 2), "error": v["error"]} for v in raw["visits"]]}


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still stop the server (Server.__exit__)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--budget", type=float, default=600, help="seconds the whole run may take, server start included")
    parser.add_argument("--timeout", type=float, default=150, help="seconds per step of a visit or upload")
    parser.add_argument("--ports", default="8632-8639", help="port range for the server, e.g. 8640-8669")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    first, last = (int(x) for x in args.ports.split("-"))
    started = time.perf_counter()
    result = {"machine": machine(), "users": args.users, "pages": list(BROWSED),
              "command": " ".join(["bench/hostile_load.py", *(argv if argv is not None else sys.argv[1:])]),
              "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime())}
    with tempfile.TemporaryDirectory() as tmp, Server(ROOT / "dashboard.py", ports=range(first, last + 1), ) as server:
        files = digit_files(Path(tmp))
        probe = HealthProbe(server.url)
        probe.start()
        raw = asyncio.run(run(server.url, args.users, args.budget, args.timeout * 1000, files, probe, started))
        probe.running = False
        result.update(report(raw, list(probe.samples)))
    result["wall_s"] = round(time.perf_counter() - started, 1)
    result["loadavg_at_end"] = loadavg()
    for kind, row in result["conditions"].items():
        print(kind, json.dumps({"pages": row["pages"], "health": row["health"]}, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
