"""What pasting a long plan into the drafting page costs in a real browser, beside a one-text-area floor page.

    python bench/paste.py --json paste.json

A reader pastes with Ctrl+V; a Playwright test usually types with `locator.fill`, which inserts the text through
Chromium's editing commands and grows with the square of the text's length. Both routes are timed on the floor page
(a Streamlit page holding one text area with the drafting page's character limit, nothing else), from the key press
(or the call) until the box holds the whole text. Then, on the dashboard's drafting page, a real paste of each
size: paste → text in the box, Ctrl+Enter → the run that takes it has ended, 起草 → the draft is shown (the spinner
gone). The texts are a seed (seeds/szq-gt.txt) repeated to the size, the largest just under the page's limit
(pages/draft.py MAX_PASTE).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics import paths  # noqa: E402
import bench.common as common  # noqa: E402
from bench.common import CHROMIUM, browser_options, finish, loadavg, machine, port_range  # noqa: E402
from ui.report.i18n import t  # noqa: E402

MAX_PASTE = 200_000  # pages/draft.py's limit (a page module cannot be imported: it runs)
SIZES = (20_000, 60_000, 190_000)  # characters: a county plan, a provincial one, just under the limit
FILL_UP_TO = 60_000  # `fill` beyond this takes minutes (2,000 lines: 8 s; 5,000: over 30 s)
FLOOR_SCRIPT = f'import streamlit as st\n\ntext = st.text_area("paste", height=120, max_chars={MAX_PASTE})\nst.write(len(text))\n'
IDLE = "document.querySelectorAll('[data-testid=stStatusWidget]').length === 0"
HOLDS = "n => document.activeElement && document.activeElement.value.length >= n"


def text_of(size: int) -> str:
    seed = (paths.SEEDS_DIR / "szq-gt.txt").read_text("utf-8")
    return (seed * (size // len(seed) + 1))[:size]


def paste(page, box, text: str, timeout_ms: float) -> float:
    """Seconds from Ctrl+V until `box` holds `text` (the clipboard filled beforehand)."""
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.evaluate("t => navigator.clipboard.writeText(t)", text)
    started = time.perf_counter()
    page.keyboard.press("Control+V")
    page.wait_for_function(HOLDS, arg=len(text), timeout=timeout_ms)
    return round(time.perf_counter() - started, 2)


def filled(box, text: str) -> float:
    box.fill("")
    started = time.perf_counter()
    box.fill(text, timeout=120_000)
    return round(time.perf_counter() - started, 2)


def run(timeout_ms: float) -> dict:
    from playwright.sync_api import sync_playwright

    report: dict = {"floor": [], "draft": []}
    with tempfile.TemporaryDirectory(prefix="bench-paste-") as tmp, sync_playwright() as playwright:
        floor_script = Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR_SCRIPT, "utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      permissions=["clipboard-read", "clipboard-write"])
        with common.Server(floor_script) as floor:
            page = context.new_page()
            page.goto(floor.url)
            box = page.locator("textarea")
            box.wait_for(timeout=timeout_ms)
            for size in SIZES:
                text = text_of(size)
                row = {"chars": size, "lines": text.count("\n") + 1, "paste_s": paste(page, box, text, timeout_ms),
                       "fill_s": filled(box, text) if size <= FILL_UP_TO else None}
                report["floor"].append(row)
                print(f"floor page, {row['lines']} lines: Ctrl+V {row['paste_s']} s, fill {row['fill_s']} s", flush=True)
            page.close()
        with common.Server(paths.ROOT / "dashboard.py", env={"PAIRED_CACHE_DIR": str(Path(tmp) / "cache")}) as server:
            page = context.new_page()
            page.goto(server.url)
            page.wait_for_selector("h1", timeout=timeout_ms)
            page.goto(f"{server.url}/draft?lang=zh")
            main = page.locator("[data-testid=stMain]")
            box = main.locator("textarea").first
            box.wait_for(timeout=timeout_ms)
            page.wait_for_function(IDLE, timeout=timeout_ms)
            working = t("draft_working", "zh")
            for size in SIZES:
                text = text_of(size)
                pasted = paste(page, box, text, timeout_ms)
                started = time.perf_counter()
                page.keyboard.press("Control+Enter")
                page.wait_for_timeout(300)
                page.wait_for_function(IDLE, timeout=timeout_ms)
                applied = round(time.perf_counter() - started, 2)
                started = time.perf_counter()
                main.get_by_role("button", name=t("draft_run", "zh"), exact=True).click()
                page.wait_for_function("w => document.body.innerText.includes(w)", arg=working, timeout=timeout_ms)
                page.wait_for_function(f"w => !document.body.innerText.includes(w) && {IDLE}", arg=working,
                                       timeout=timeout_ms)
                row = {"chars": size, "lines": text.count("\n") + 1, "paste_s": pasted, "applied_s": applied,
                       "drafted_s": round(time.perf_counter() - started, 2),
                       "errors": page.locator("[data-testid=stException]").count()}
                report["draft"].append(row)
                print(f"drafting page, {row['lines']} lines: Ctrl+V {pasted} s, applied {applied} s, "
                      f"drafted {row['drafted_s']} s, errors {row['errors']}", flush=True)
        browser.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    browser_options(parser, "8680-8699", 300)
    args = parser.parse_args(argv)
    common.PORTS = port_range(args.ports)
    report: dict = {"machine": machine(), "loadavg_start": loadavg()}
    started = time.perf_counter()
    report.update(run(args.timeout * 1000))
    report["total_s"] = round(time.perf_counter() - started, 1)
    finish(report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
