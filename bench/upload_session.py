"""What a session with uploads costs the server: one session uploads crafted files, then opens the data page and the
themes page (or --pages) twice by the sidebar's links; for each step, the wall time, the server's CPU seconds and its
resident memory after.

    python bench/upload_session.py --files 10 --groups 12 --ports 8640-8659 --json upload_session.json

The files are built so that the reuse search (analytics/reuse.py) scores as many pairs as it can within the session's
totals (analytics/admission.py): `groups` random texts of TEXT_CHARS characters, each the text of
COPIES_PER_FILE tasks in every file, so each of its 4-character shingles is in files × COPIES_PER_FILE tasks (60:
reuse.COMMON_SHINGLE_TASKS, the most a shingle may be in and still count). The default, ten files of 12 groups,
is 4.8 MB. The server's CPU is read from /proc and a step ends once the server has used under 0.05 s in half a second
(the drawn page's last element alone is not enough: the data page draws its template button before its downloads).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.outputs.template import upload_template  # noqa: E402
from bench.common import (  # noqa: E402
    CHROMIUM, CHROMIUM_FLAGS, READY, ROOT, Server, browser_options, cpu_seconds, finish, loadavg, machine, port_range,
    rss_mb)
import bench.common as common  # noqa: E402
from bench.server import HookedServer  # noqa: E402
from ui.report.i18n import t  # noqa: E402

TEXT_CHARS = 1_990  # under the schema's 2,000-character cap on a task text
COPIES_PER_FILE = 6
IDLE_JS = "() => document.querySelectorAll('[data-testid=stStatusWidget]').length === 0"


def crafted_files(folder: Path, files: int, groups: int, seed: int = 7) -> list[Path]:
    """`files` valid uploads (the template under ids of their own), each with COPIES_PER_FILE tasks of each of
    `groups` random texts of TEXT_CHARS CJK characters."""
    rnd = random.Random(seed)
    alphabet = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    texts = ["".join(rnd.choice(alphabet) for _ in range(TEXT_CHARS)) for _ in range(groups)]
    paths = []
    for k in range(files):
        extract = yaml.safe_load(upload_template().replace("example", f"crafted{k}x")
                                 .replace("示例方案（上传模板）", f"构造方案{k}")
                                 .replace("Example plan (upload template)", f"Crafted plan {k}"))
        model, tasks = extract["tasks"][0], []
        for text in texts:
            for _ in range(COPIES_PER_FILE):
                task = copy.deepcopy(model)  # a copy per task: shared objects would be written as YAML aliases
                number = len(tasks) + 1
                task.update(id=f"{extract['programme']['id']}/{number:04d}", number=str(number), text=text)
                tasks.append(task)
        extract["tasks"] = tasks
        path = folder / f"crafted{k}.yaml"
        path.write_text(yaml.safe_dump(extract, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
        paths.append(path)
    return paths


def settle(pid: int, quiet_s: float = 0.05, every_s: float = 0.5, timeout_s: float = 900) -> None:
    """Waits until the process has used under `quiet_s` CPU seconds in `every_s` seconds."""
    deadline, last = time.perf_counter() + timeout_s, cpu_seconds(pid)
    while time.perf_counter() < deadline:
        time.sleep(every_s)
        now = cpu_seconds(pid)
        if now - last < quiet_s:
            return
        last = now


def measure(page, pid: int, act, ready: str, timeout_ms: float) -> dict:
    """Does `act()`, waits for `ready` and an idle app and server: wall seconds, the server's CPU seconds and its
    resident memory after."""
    cpu, start = cpu_seconds(pid), time.perf_counter()
    act()
    page.wait_for_timeout(300)
    page.wait_for_selector(ready, timeout=timeout_ms)
    page.wait_for_function(IDLE_JS, timeout=timeout_ms)
    settle(pid)
    return {"wall_s": round(time.perf_counter() - start, 2), "server_cpu_s": round(cpu_seconds(pid) - cpu, 2),
            "rss_mb": round(rss_mb(pid))}


def ready_selector(url: str) -> str:
    """What shows a page drawn: its last chart (bench/common.py READY), the data page's last download button."""
    if url == "data":
        return "text=inheritance.csv"
    selector, count = READY.get(url, ("h1", 1))
    return f"{selector} >> nth={count - 1}"


@contextlib.contextmanager
def themes_first(timeout_ms: float, data: Path | None, log: Path | None, viewport: dict):
    """A server of data/ (or of `data`) and a Chromium page that has opened the themes page, so the corpus is loaded."""
    from playwright.sync_api import sync_playwright

    # another corpus (bench/generate.py) is served as bench/server.py serves it: with the reading cap its registries need
    server = Server(ROOT / "dashboard.py", ports=common.PORTS) if data is None else HookedServer(
        ROOT / "dashboard.py", data, log, ports=common.PORTS)
    with server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page(viewport=viewport)
            page.goto(f"{server.url}/themes", timeout=timeout_ms)
            page.wait_for_selector(".js-plotly-plot", timeout=timeout_ms)
            page.wait_for_function(IDLE_JS, timeout=timeout_ms)
            yield server, page
        finally:
            browser.close()


def run(files: list[Path], pages: list[str], timeout_ms: float, data: Path | None = None,
        log: Path | None = None) -> dict:
    steps: list[dict] = []
    with themes_first(timeout_ms, data, log, {"width": 1280, "height": 1600}) as (server, page):
        if files:  # --files 0: the same walk by a session without uploads, for comparison
            page.get_by_text(t("upload_title", "zh")).click()
            page.locator("[data-testid=stFileUploaderDropzoneInput]").wait_for(state="attached", timeout=timeout_ms)
            chooser = page.locator("[data-testid=stFileUploaderDropzoneInput]")
            last = files[-1].name
            step = measure(page, server.pid, lambda: chooser.set_input_files([str(f) for f in files]),
                           f"[data-testid=stSidebar] [data-testid=stAlert]:has-text('{last}')", timeout_ms)
            sidebar = page.locator("[data-testid=stSidebar]").inner_text()
            verdicts = [t("upload_accepted", "zh", name=f.name).split("，")[0] for f in files]  # "<name>：已通过校验"
            step.update(step="upload", files=len(files), accepted=sum(verdict in sidebar for verdict in verdicts))
            steps.append(step)
            print(f"upload of {len(files)} files: {step['accepted']} accepted, {step['wall_s']} s wall, "
                  f"server CPU {step['server_cpu_s']} s, {step['rss_mb']} MB", flush=True)
        links = page.locator("[data-testid=stSidebarNav] a, [data-testid=stPageLink] a")
        for visit in (1, 2):
            for url in pages:
                key = f"page_{url}"
                link = links.filter(has_text=t(key, "zh")).first
                step = measure(page, server.pid, link.click, ready_selector(url), timeout_ms)
                main = page.locator("[data-testid=stMain]").inner_text()
                # the data page lists the uploads' warnings by file; the themes page names their programmes
                named = bool(files) and (files[0].stem in main or "构造方案0" + t("uploaded_mark", "zh") in main)
                step.update(step=f"{key.removeprefix('page_')} #{visit}", uploads_named=named)
                steps.append(step)
                print(f"{step['step']}: {step['wall_s']} s wall, server CPU {step['server_cpu_s']} s, {step['rss_mb']} MB",
                      flush=True)
    return {"steps": steps}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10, help="0: no upload, the same walk for comparison")
    parser.add_argument("--groups", type=int, default=12, help="texts per file, each in COPIES_PER_FILE tasks")
    parser.add_argument("--pages", default="data,themes", help="pages to open in turn, twice, by their sidebar links")
    parser.add_argument("--data", type=Path, help="serve this corpus instead of data/ (e.g. bench/generate.py's 100×)")
    parser.add_argument("--runs-log", type=Path, help="keep the server's log of its script runs (one JSON line each)")
    browser_options(parser, "8640-8659", 600)
    args = parser.parse_args(argv)
    common.PORTS = port_range(args.ports)
    report: dict = {"machine": machine(), "loadavg_start": loadavg(), "files": args.files, "groups": args.groups,
                    "data": str(args.data or "data/")}
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        files = crafted_files(Path(tmp), args.files, args.groups)
        report["bytes"] = sum(f.stat().st_size for f in files)
        print(f"{args.files} files, {report['bytes'] / 1e6:.1f} MB", flush=True)
        report.update(run(files, args.pages.split(","), args.timeout * 1000, args.data,
                          args.runs_log or Path(tmp) / "runs.jsonl"))
    finish(report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
