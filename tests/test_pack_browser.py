"""The briefing pack across a language switch in a real browser (Debian's Chromium via Playwright), so far walked in
AppTest only (tests/test_pages.py): a chart keeps the language it was added in, and the pack page says so above the
slides (the catalogue's pack_other_lang) and beside each such chart's title (pack_item_other_lang), in the language of
the page, whichever language the reader has switched to.

Everything is done as a reader does it, in one browser tab (a reload or a typed address is a new session, whose pack is
empty): the export panel's switch, "Add to briefing pack", the sidebar's language radio and its pack link.
Screenshots go to $PAIRED_SHOTS (default test-artifacts/screenshots).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from analytics import paths
from serving import CHROMIUM, PAGE_DRAWN, settle, sidebar, visit
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = Path(os.environ.get("PAIRED_SHOTS") or paths.ROOT / "test-artifacts" / "screenshots")
TIMEOUT = 240_000  # a shared machine under load: generous waits, never a timing assertion
LANGUAGE = {"zh": "中文", "en": "English"}  # the sidebar's language radio


def switch_language(page, lang: str) -> None:
    sidebar(page).get_by_text(LANGUAGE[lang], exact=True).click()
    page.wait_for_function("lang => (lang === 'en') === location.search.includes('lang=en')", arg=lang, timeout=TIMEOUT)
    settle(page)


def add_chart(page, chart: str, lang: str, in_pack: int) -> str:
    """Open `chart`'s export panel, add the chart to the pack, wait for the sidebar's count: the title it went in under."""
    tools = page.locator(f"[data-testid=stMain] .st-key-{chart}-tools")
    tools.scroll_into_view_if_needed()
    panel_switch = tools.get_by_text(t("export_chart", lang), exact=True)
    if not tools.locator("input").is_checked():
        panel_switch.click()
    title_box = page.locator("[data-testid=stMain]").get_by_label(t("chart_title", lang)).first
    title_box.wait_for(timeout=TIMEOUT)
    settle(page)
    title = title_box.input_value()
    page.locator("[data-testid=stMain]").get_by_role("button", name=t("add_to_pack", lang)).first.click()
    # the app runs again whole, so the sidebar's pack link counts the chart
    sidebar(page).locator("[data-testid=stPageLink]").filter(has_text=t("pack_status", lang, n=in_pack)).first.wait_for(
        timeout=TIMEOUT)
    settle(page)
    return title


def item_lines(page) -> list[str]:
    """Each pack item's first line ("1. title" and its language mark), as shown."""
    texts = page.locator("[data-testid=stMain] [data-testid=stMarkdownContainer]").all_inner_texts()
    return [text.strip() for text in texts if re.match(r"\d+\. ", text.strip())]


def test_a_chart_added_in_one_language_is_marked_on_the_pack_page_in_the_other(context, server):
    # 1. English: the themes page's heatmap into the pack
    page = visit(context, f"{server}/themes?lang=en")
    page.wait_for_function(PAGE_DRAWN, timeout=TIMEOUT)
    english_title = add_chart(page, "themes-theme_heatmap", "en", 1)
    # 2. switch to Chinese in the sidebar; the grouped bars into the pack in Chinese
    switch_language(page, "zh")
    page.wait_for_function(PAGE_DRAWN, timeout=TIMEOUT)
    assert page.locator("h1").first.inner_text() == t("page_themes", "zh")
    chinese_title = add_chart(page, "themes-theme_bars", "zh", 2)
    assert english_title != chinese_title
    # 3. the pack page, by the sidebar's link (the same session)
    sidebar(page).locator("[data-testid=stPageLink]").filter(has_text=t("pack_status", "zh", n=2)).first.click()
    page.wait_for_function("location.pathname.endsWith('/pack')", timeout=TIMEOUT)
    page.locator("h1").filter(has_text=t("page_pack", "zh")).wait_for(timeout=TIMEOUT)
    settle(page)
    main = page.locator("[data-testid=stMain]")
    # one chart of two is in English: the warning says so once, in Chinese, and the English chart alone is marked
    # the words (the alert also holds its icon, whose name is text drawn by an icon font)
    warning = main.locator("[data-testid=stAlertContentWarning] [data-testid=stMarkdownContainer]")
    warning.wait_for(timeout=TIMEOUT)
    assert warning.inner_text().strip() == t("pack_other_lang", "zh", n=1)
    assert item_lines(page) == [f"1. {english_title}{t('pack_item_other_lang', 'zh')}", f"2. {chinese_title}"]
    assert page.locator("[data-testid=stException]").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "pack-other-language-zh.png"))
    # 4. the pack page in English: now the Chinese chart is the other language's, said in English
    switch_language(page, "en")
    page.locator("h1").filter(has_text=t("page_pack", "en")).wait_for(timeout=TIMEOUT)
    settle(page)
    warning.wait_for(timeout=TIMEOUT)
    assert warning.inner_text().strip() == t("pack_other_lang", "en", n=1)
    assert item_lines(page) == [f"1. {english_title}", f"2. {chinese_title}{t('pack_item_other_lang', 'en')}"]
    assert "/pack" in page.url and page.locator("[data-testid=stException]").count() == 0
    page.screenshot(path=str(SHOTS / "pack-other-language-en.png"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_second_click_on_add_says_the_chart_is_in_the_pack_and_adds_nothing(context, server, lang):
    """A walk: the panel stays open after "Add to briefing pack", and a second click added the same slide again without
    a word. Now the second click says which slide it already is, and the sidebar still counts one chart."""
    page = visit(context, f"{server}/themes?lang={lang}")
    page.wait_for_function(PAGE_DRAWN, timeout=TIMEOUT)
    add_chart(page, "themes-theme_heatmap", lang, 1)
    page.locator("[data-testid=stMain]").get_by_role("button", name=t("add_to_pack", lang)).first.click()
    toast = page.locator("[data-testid=stToast]").filter(has_text=t("already_in_pack", lang, place=1))
    toast.first.wait_for(timeout=TIMEOUT)
    settle(page)
    assert sidebar(page).locator("[data-testid=stPageLink]").filter(has_text=t("pack_status", lang, n=1)).count() == 1
    assert sidebar(page).locator("[data-testid=stPageLink]").filter(has_text=t("pack_status", lang, n=2)).count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"pack-added-twice-{lang}.png"))
