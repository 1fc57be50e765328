"""A deep link with values the view does not know says so, in a real browser (walk 8, defect 3).

One fresh server for the module: the first request it sees is the link with unknown values, with no
warm-up visit before it, as when a reader opens a link from an e-mail. The notice stands above the page,
in the reader's language, names the parameter, shows a stranger's value as typed (markup and Markdown
inert) and goes with the reader's next click.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from analytics import paths
from serving import CHROMIUM, PAGE_DRAWN
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"
NOTICE = "[data-testid=stMain] [data-testid=stAlertContentWarning]"
HOSTILE = "<img src=x onerror=alert(1)>"


def open_drawn(context, path: str):
    """A new tab on `path`, once its page is drawn; the JavaScript dialogs it tried to open are in page.dialogs."""
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path)
    page.wait_for_function(PAGE_DRAWN)
    return page


@pytest.mark.parametrize("lang, query, title, expected", [
    ("en", f"theme=nonexistent&scope={quote(HOSTILE)}", "Themes",
     ["The address parameter theme has a value that was not recognised, “nonexistent”: the default is shown.",
      f"The address parameter scope has a value that was not recognised, “{HOSTILE}”: the default is shown."]),
    ("zh", "theme=red_culture,**x**", "主题比较",
     ["网址参数 theme 中的“**x**”无法识别，已略去，其余照常显示。"]),
])
def test_a_deep_link_with_unknown_values_shows_one_notice_until_the_next_click(context, server, lang, query, title, expected):
    page = open_drawn(context, f"{server}/themes?lang={lang}&{query}")
    notice = page.locator(NOTICE)
    assert notice.count() == 1
    text = notice.locator("[data-testid=stMarkdownContainer]").inner_text()  # the words, not the icon
    assert [line.strip() for line in text.splitlines() if line.strip()] == expected  # as typed
    assert notice.locator("img, strong, a").count() == 0 and page.dialogs == []  # markup and Markdown inert
    assert page.locator("h1").first.inner_text() == title
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"url-notice-{lang}.png"))
    page.locator("[data-testid=stSidebar]").get_by_text(t("measure_count", lang), exact=True).click()
    page.wait_for_function("location.search.includes('measure=count')", timeout=60_000)
    page.wait_for_function(PAGE_DRAWN)
    assert page.locator(NOTICE).count() == 0
