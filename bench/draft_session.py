"""What drafting costs on a real server: one session opens the drafting page, drops a seed file and presses 起草, then
another seed, then the first again; for each, the wall time from the click to "the draft validates", the server's CPU
seconds (with its drafting worker's, which it waits for) and its resident memory after.

    python bench/draft_session.py --data /tmp/corpus-100x --json draft_session.json

The first draft of a data version trains the theme model and keeps it beside the snapshot (analytics/draft/knowledge.py);
the next draft reads it. The third repeats the first file, which the page has cached: the floor of a draft, what the
page costs without a worker. Before the first draft the session opens the themes page, so the corpus is loaded and
the cold start is not counted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics import paths  # noqa: E402
from bench.common import browser_options, finish, loadavg, machine, port_range  # noqa: E402
import bench.common as common  # noqa: E402
from bench.upload_session import IDLE_JS, measure, themes_first  # noqa: E402
from ui.report.i18n import t  # noqa: E402

# (seed, the title its draft shows in bold once drafted)
SEEDS = [("szq-gt.txt", "济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案"), ("szq-fx.txt", "济南市市中区—临沂市费县对口合作实施方案"),
         ("szq-gt.txt", "济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案")]


def run(timeout_ms: float, data: Path | None = None, log: Path | None = None) -> dict:
    steps: list[dict] = []
    with themes_first(timeout_ms, data, log, {"width": 1400, "height": 2400}) as (server, page):
        link = page.locator("[data-testid=stSidebarNav] a, [data-testid=stPageLink] a").filter(
            has_text=t("page_draft", "zh")).first
        steps.append({"step": "open the drafting page",
                      **measure(page, server.pid, link.click, "[data-testid=stFileUploaderDropzone]",
                                timeout_ms)})
        main = page.locator("[data-testid=stMain]")
        done = f"text={t('draft_valid', 'zh')}"
        for number, (seed, title) in enumerate(SEEDS):
            main.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(paths.SEEDS_DIR / seed))
            main.get_by_text(seed, exact=True).first.wait_for(timeout=timeout_ms)  # the uploader lists it
            page.wait_for_function(IDLE_JS, timeout=timeout_ms)
            page.wait_for_timeout(300)
            button = main.get_by_role("button", name=t("draft_run", "zh"), exact=True)
            # drafted: this seed's title in bold above the review list, and the draft validated
            step = measure(page, server.pid, button.click, f"[data-testid=stMain] strong:text-is('{title}')",
                           timeout_ms)
            page.wait_for_selector(done, timeout=timeout_ms)
            step.update(step=f"draft {seed}" + (" (again: the page's cache)" if (seed, title) in SEEDS[:number]
                                                else ""),
                        failed=page.locator("[data-testid=stAlert]:has-text('无法起草')").count())
            steps.append(step)
        for step in steps:
            print(f"{step['step']}: {step['wall_s']} s wall, server CPU {step['server_cpu_s']} s, "
                  f"{step['rss_mb']} MB", flush=True)
    return {"steps": steps}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="serve this corpus instead of data/ (e.g. bench/generate.py's 100×)")
    parser.add_argument("--runs-log", type=Path, help="keep the server's log of its script runs (one JSON line each)")
    browser_options(parser, "8660-8679", 600)
    args = parser.parse_args(argv)
    common.PORTS = port_range(args.ports)
    report: dict = {"machine": machine(), "loadavg_start": loadavg(), "data": str(args.data or "data/")}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-draft-") as tmp:
        report.update(run(args.timeout * 1000, args.data, args.runs_log or Path(tmp) / "runs.jsonl"))
    report["total_s"] = round(time.perf_counter() - started, 1)
    finish(report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
