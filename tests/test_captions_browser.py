"""Captions that stand in for a table or speak of a control, in a real browser (Debian's Chromium via Playwright),
both languages: promises tests/test_pages.py checks in AppTest, as a person sees them.

- An empty table is said in the reader's language under its heading; Streamlit would draw a grey English "empty"
  (test_an_empty_table_is_said_in_words_under_its_heading).
- The explorer says why its unit filter offers nothing when the programmes chosen name no bodies; presentation
  mode, which hides the filters, hides the note with them (test_a_note_about_a_control_goes_with_the_control).

One fresh server for the module (tests/conftest.py): its first request is the breakdown's deep link.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import paths
from serving import CHROMIUM, PAGE_DRAWN
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"
MAIN = "[data-testid=stMain]"
SUFFIX = {"zh": "", "en": "&lang=en"}


def captions(page) -> list[str]:
    return [c.strip() for c in page.locator(f"{MAIN} [data-testid=stCaptionContainer]").all_inner_texts()]


# 济南—临沂's provincial plan and its division plan: every division task hangs from the provincial plan, so no task is a
# county addition (tests/test_pages.py::test_breakdown_shows_only_the_chosen_plans_below_the_sankey); the page's one
# other table, the coverage of the provincial key tasks, is drawn.
EMPTY = {"zh": "（本表无内容）", "en": "(nothing to list)"}
ADDITIONS = {"zh": "区县新增任务（无上级对应）", "en": "County additions (no parent)"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_table_is_said_in_words_under_its_heading(context, server, lang):
    page = context.new_page()
    page.goto(f"{server}/breakdown?prog=jn-ly-provincial,jn-ly-division{SUFFIX[lang]}")
    page.wait_for_function(PAGE_DRAWN)
    main = page.locator(MAIN)
    main.get_by_text(EMPTY[lang], exact=True).wait_for()
    main.locator("[data-testid=stDataFrame]").first.wait_for()  # the grid is drawn after its element arrives
    shown = captions(page)
    assert shown[shown.index(ADDITIONS[lang]) + 1] == EMPTY[lang]  # right under the additions heading
    assert shown.count(EMPTY[lang]) == 1
    assert main.locator("[data-testid=stDataFrame]").count() == 1  # the coverage table only: no empty grid
    assert page.locator("[data-testid=stException]").count() == 0
    main.get_by_text(EMPTY[lang], exact=True).scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"breakdown-empty-additions-{lang}.png"))


# 上海—三明 names no bodies (README's corpus table), so the unit filter offers none and says why.
NONE_NAMED = {"zh": "所选方案的任务未列出承担单位，单位筛选无可选项",
              "en": "The programmes chosen name no bodies in their tasks, so the unit filter offers none"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_note_about_a_control_goes_with_the_control(context, server, lang):
    page = context.new_page()
    page.goto(f"{server}/explorer?prog=sh-sm{SUFFIX[lang]}")
    main = page.locator(MAIN)
    main.locator("[data-testid=stDataFrame]").first.wait_for()  # 上海—三明's 29 tasks listed
    note = main.get_by_text(NONE_NAMED[lang], exact=True)
    assert note.is_visible()
    units = main.locator("[data-testid=stMultiSelect]").filter(has_text=t("units_filter", lang)).first
    assert units.is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"explorer-units-none-named-{lang}.png"))

    page.goto(f"{server}/explorer?prog=sh-sm&mode=present{SUFFIX[lang]}")
    page.get_by_role("button", name=t("exit_present", lang)).wait_for()
    main.locator("[data-testid=stDataFrame]").first.wait_for()
    page.locator(f"{MAIN} .st-key-present_bar [data-testid=stCaptionContainer]").wait_for()  # written at the run's end
    page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0")
    assert not main.locator("[data-testid=stMultiSelect]").first.is_visible()  # the filters are hidden
    assert main.get_by_text(NONE_NAMED[lang], exact=True).count() == 0  # and the note about one of them
    assert page.locator("[data-testid=stException]").count() == 0
    page.screenshot(path=str(SHOTS / f"explorer-units-none-named-present-{lang}.png"))
