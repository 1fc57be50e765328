"""The overview at scale in a real browser (issue 15): 25 pairings and 35 programmes, five copies of the corpus
(bench/generate.py).

Beyond 20 pairings the overview lists the findings of the 20 largest in one list and says so; a switch shows
the rest (a fragment: only that part reruns). Beyond 20 programmes the sidebar's programme filter shows "all"
as an empty box saying so, not one chip per programme. The first request to the fresh server is the deep link.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import paths
from bench.generate import generate
from serving import CHROMIUM, serve_dashboard
from ui.report import i18n

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"
TIMEOUT = 240_000  # a shared machine under load: generous waits, never a timing assertion
FINDINGS = "[data-testid=stMain] [data-testid=stMarkdownContainer] li"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    data = generate(5, root / "corpus")
    with serve_dashboard({i18n.STRICT_ENV: "1", "PAIRED_DATA_DIR": str(data), "PAIRED_CACHE_DIR": str(root / "cache")},
                         start_seconds=120) as url:
        yield url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_lists_twenty_findings_and_folds_the_rest(server, browser, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    try:
        page.goto(f"{server}/?lang={lang}")
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2")
        page.locator(FINDINGS).nth(19).wait_for()
        assert page.locator(FINDINGS).count() == 20
        main = page.locator("[data-testid=stMain]")
        # 35 programmes: the sidebar's filter says "all 35" in an empty box instead of drawing 35 chips
        box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
        said = box.evaluate("b => b.innerText + ' ' + [...b.querySelectorAll('input')].map(i => i.placeholder).join(' ')")
        assert i18n.t("all_programmes", lang, n=35) in said, said
        assert ("济南" if lang == "zh" else "Jinan") not in box.inner_text()  # no chip (济南—临沂… / Jinan–Linyi…)
        note = i18n.t("findings_more_note", lang, shown=20, n=5)
        main.get_by_text(note, exact=True).wait_for()
        # every listed finding names a pairing and its tasks ("…：n项任务" / "…: n tasks")
        words = "项任务" if lang == "zh" else " tasks"
        assert all(words in text for text in page.locator(FINDINGS).all_inner_texts())
        main.get_by_text(i18n.t("findings_more", lang, n=5), exact=True).click()
        page.wait_for_function(f"document.querySelectorAll({FINDINGS!r}).length === 25")
        assert page.locator("[data-testid=stException]").count() == 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"overview-25-pairings-{lang}.png"), full_page=True)
    finally:
        context.close()
