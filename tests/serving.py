"""A dashboard server and a Chromium for browser tests, started the same way everywhere.

Use from a test module:

    @pytest.fixture(scope="module")
    def server():
        with serve_dashboard({i18n.STRICT_ENV: "1"}) as url:
            yield url
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from analytics import paths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# A page is drawn: its title (written after the corpus is there), a chart of its own (the hidden early chart,
# ui/web/early.py, is drawn before the corpus and does not count), and no run in progress. For wait_for_function.
PAGE_DRAWN = ("document.querySelector('h1') !== null && "
              "[...document.querySelectorAll('.js-plotly-plot')].some(c => !c.closest('.st-key-chart-code-early')) && "
              "document.querySelectorAll('[data-testid=stStatusWidget]').length === 0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_dashboard(env: Mapping[str, str] | None = None, start_seconds: float = 60,
                    log: Path | None = None) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free local port; yields its URL once /_stcore/health answers.
    With `log`, the server's output (its warnings among it) is written there."""
    port = free_port()
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(paths.ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=paths.ROOT, stdout=out, stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("streamlit did not start")
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if log is not None:
            out.close()


@contextmanager
def chromium(playwright_api) -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


def shown(selectbox) -> str:
    """What a selectbox shows: its label and the chosen option (in the text or in its input)."""
    inputs = selectbox.locator("input")
    return selectbox.inner_text() + " " + " ".join(inputs.nth(i).input_value() for i in range(inputs.count()))


# Per chart: its title, the label pairs drawn over each other (tick labels, legend entries, node labels, notes), the
# texts outside the chart, and whether the legend scrolls (plotly's scrollbar: entries hidden behind it).
CROWDING_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => {
  const svg = p.querySelector('.main-svg').getBoundingClientRect();
  const boxes = [...p.querySelectorAll('.ytick text, .xtick text, .legendtext, .node-label, .annotation-text')]
    .map(t => t.getBoundingClientRect()).filter(b => b.width > 0);
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 4) overlaps++;
  }
  const outside = [...p.querySelectorAll('.legendtext, .ytick text, .gtitle, .gtitle-subtitle, .annotation-text')]
    .filter(t => { const b = t.getBoundingClientRect(); return b.width > 0 && (b.bottom > svg.bottom + 1 || b.right > Math.min(svg.right, innerWidth) + 1); })
    .map(t => t.textContent.slice(0, 40));
  const scrolls = [...p.querySelectorAll('.scrollbar')].some(s => s.getBoundingClientRect().height > 0);
  return {title: (p.querySelector('.gtitle') || {}).textContent, overlaps, outside, scrolls};
})"""


def crowding(page) -> list[dict]:
    """CROWDING_JS once plotly's layout has settled: plotly lays a chart out again once Streamlit has sized it to its
    column, so read until two readings agree (at most two minutes)."""
    drawn, previous = page.evaluate(CROWDING_JS), None
    for _ in range(120):
        if drawn == previous:
            break
        page.wait_for_timeout(1000)
        drawn, previous = page.evaluate(CROWDING_JS), drawn
    return drawn


def settle(page) -> None:
    """Wait until the app has finished its run: the status widget shows while a script or a fragment runs."""
    page.wait_for_selector("[data-testid=stAppViewContainer]")
    page.wait_for_timeout(700)
    page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0")
    page.wait_for_timeout(300)


def visit(context, url: str, ready: str = "h1"):
    """A new page of `context` at `url`, once `ready` shows and the run has ended."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(ready)
    settle(page)
    return page


def table_downloads(page, key: str, folder: Path, kinds=(("download_csv", "csv"), ("download_xlsx", "xlsx")),
                    lang: str = "zh", timeout: int = 240_000) -> dict[str, Path]:
    """The files delivered by the download buttons under the table `key` (ui.web.widgets.show_table's "<key>-csv" and
    "<key>-xlsx"), each button clicked as a reader does once its label reads as the catalogue says: suffix → saved path."""
    from ui.report.i18n import t

    files = {}
    for label, suffix in kinds:
        button = page.locator(f"[data-testid=stMain] .st-key-{key}-{suffix} button")
        assert button.inner_text().strip() == t(label, lang)
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=timeout) as download:
            button.click()
        target = folder / download.value.suggested_filename
        download.value.save_as(target)
        assert target.suffix == f".{suffix}"
        files[suffix] = target
    return files


def sidebar(page):
    return page.locator("[data-testid=stSidebar]")


TOOLTIP_READS = ("t => [...document.querySelectorAll('[data-testid=stTooltipContent]')]"
                 ".some(e => e.innerText.trim() === t)")


def hover_until_shown(page, icon, text: str, tries: int = 4, each_ms: int = 20_000) -> None:
    """Hover `icon` as a reader would until a tooltip reads `text`. A hover that lands while the app reruns (the icon
    drawn again under the pointer) opens nothing, as it would for a reader, who moves away and back: so does this, up to
    `tries` times, the run ended between (a loaded machine's draft-page test waited 30 s for a tooltip that never came)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(tries - 1):
        icon.hover()
        try:
            page.wait_for_function(TOOLTIP_READS, arg=text, timeout=each_ms)
            return
        except PlaywrightTimeout:
            page.mouse.move(1, 1)
            settle(page)
    icon.hover()
    page.wait_for_function(TOOLTIP_READS, arg=text, timeout=each_ms)
