"""Load test for issue 12: one user uploads the digit-run files while five others browse.

    python bench/hostile_load.py --json hostile.json            # 5 browsing users, 2 rounds of 4 pages
    python bench/hostile_load.py --users 2 --rounds 1           # smoke size

Two phases against one server (bench.common.Server, ports 8632-8639), each with the same five browsing
users (isolated Chromium contexts, every visit a fresh session, timed until the page is fully drawn as
in bench/load.py): first alone, then while a sixth user keeps uploading, in its own session,
- the issue's file: the template with one task text of 60,000 digits (65 kB), which used to spin the
  analyses for minutes and is now refused by the text length cap, and
- a file the checks accept: every task text 1,900 digits long, so the whole upload is validated,
  built and analysed in the worker (analytics/isolated.py) before it joins the session.
The server's /_stcore/health is polled every 0.25 s throughout; its slowest answer shows whether the
server ever stopped answering. Reported: median and slowest visit per page in each phase, upload answer
times, health latency, load average.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
from bench.load import visit  # noqa: E402

PORTS = range(8632, 8640)  # this issue's range (8630-8639); 8630/8631 are the browser tests'
BROWSED = ("overview", "themes", "departments", "explorer")


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
    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.samples, self.running = url, [], True

    def run(self) -> None:
        while self.running:
            start = time.perf_counter()
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=60)
                self.samples.append(time.perf_counter() - start)
            except OSError:
                self.samples.append(float("inf"))
            time.sleep(0.25)

    def take(self) -> list[float]:
        taken, self.samples = self.samples, []
        return taken


async def browsing_user(browser, base: str, pages, rounds: int, timeout_ms: float) -> list[dict]:
    context = await browser.new_context(viewport={"width": 1280, "height": 1600})
    try:
        return [await visit(context, base, page, timeout_ms) for _ in range(rounds) for page in pages]
    finally:
        await context.close()


async def uploading_user(browser, base: str, files: dict[str, Path], stop: asyncio.Event, timeout_ms: float) -> list[dict]:
    """Uploads each file in turn in one session and times until the upload panel answers."""
    context = await browser.new_context(viewport={"width": 1280, "height": 1600})
    page = await context.new_page()
    answers = []
    try:
        await page.goto(f"{base}/themes", timeout=timeout_ms)
        await page.wait_for_selector(".js-plotly-plot", timeout=timeout_ms)
        uploader = page.locator("[data-testid=stFileUploaderDropzoneInput]")
        if await uploader.count() == 0:
            await page.get_by_text("上传自己的摘录").click(timeout=timeout_ms)
        while not stop.is_set():
            for name, path in files.items():
                start = time.perf_counter()
                await uploader.set_input_files([str(path)], timeout=timeout_ms)
                verdict = "：已通过校验" if "accepted" in name else "：有 "
                await page.wait_for_selector(f"text={name}{verdict}", timeout=timeout_ms)
                await page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0",
                                             timeout=timeout_ms)
                answers.append({"file": name, "s": time.perf_counter() - start})
                await uploader.set_input_files([], timeout=timeout_ms)
                if stop.is_set():
                    break
        return answers
    finally:
        await context.close()


async def phase(base: str, users: int, rounds: int, files: dict[str, Path] | None, timeout_ms: float):
    from playwright.async_api import async_playwright

    pages = [p for p in PAGES if p.name in BROWSED]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            stop = asyncio.Event()
            uploader = asyncio.create_task(uploading_user(browser, base, files, stop, timeout_ms)) if files else None
            if uploader:
                await asyncio.sleep(3)  # the uploader's first file is in flight before the others start
            start = time.perf_counter()
            visits = await asyncio.gather(*(browsing_user(browser, base, pages, rounds, timeout_ms) for _ in range(users)))
            wall = time.perf_counter() - start
            stop.set()
            answers = await uploader if uploader else []
            return [v for session in visits for v in session], answers, wall
        finally:
            await browser.close()


def summary(visits: list[dict]) -> dict[str, dict]:
    table = {}
    for name in BROWSED:
        times = [v["s"] for v in visits if v["page"] == name and not v["error"]]
        errors = sum(1 for v in visits if v["page"] == name and v["error"])
        table[name] = {"median_s": round(statistics.median(times), 2) if times else None,
                       "max_s": round(max(times), 2) if times else None, "visits": len(times), "errors": errors}
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per visit or upload answer")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = {"machine": machine(), "users": args.users, "rounds": args.rounds, "pages": list(BROWSED)}
    with tempfile.TemporaryDirectory() as tmp, Server(ROOT / "dashboard.py", ports=PORTS) as server:
        files = digit_files(Path(tmp))
        probe = HealthProbe(server.url)
        warm = asyncio.run(phase(server.url, 1, 1, None, args.timeout * 1000))  # corpus loaded, deep links resolve
        probe.start()
        for name, uploads in (("alone", None), ("with_uploads", files)):
            load_before = loadavg()
            visits, answers, wall = asyncio.run(phase(server.url, args.users, args.rounds, uploads, args.timeout * 1000))
            health = probe.take()
            result[name] = {
                "pages": summary(visits), "wall_s": round(wall, 1), "uploads": [
                    {"file": a["file"], "s": round(a["s"], 2)} for a in answers],
                "health_max_s": round(max(health), 3) if health else None,
                "health_median_s": round(statistics.median(health), 3) if health else None,
                "loadavg_before": load_before, "loadavg_after": loadavg(),
            }
            print(name, json.dumps(result[name], ensure_ascii=False), flush=True)
        probe.running = False
        result["warmup_errors"] = [v["error"] for v in warm[0] if v["error"]]
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
