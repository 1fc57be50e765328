"""What a page says about the view it was asked for, in a real browser (Debian's Chromium via Playwright), both
languages: the promises tests/test_pages.py checks in AppTest, as a person sees them.

- The explorer says when its own filters, not the sidebar's, leave out every task of the programmes chosen
  (test_explorer_says_its_own_filters_left_everything_out).
- Presentation mode's view line names the explorer's task card as the card names it, never as an id
  (test_presentation_bar_names_tasks_as_the_pickers_do).
- The breakdown names an address's `pair` it does not offer (a pair of the corpus, of a plan not chosen), beside the
  parent-task picker, which shows the first pair; another click keeps the warning while it holds, a pair chosen in the
  picker takes it away (test_a_pair_the_breakdown_does_not_offer_is_named_beside_its_picker_once).

One fresh server for the module (tests/conftest.py): its first request is the explorer's deep link.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from analytics import paths
from serving import CHROMIUM, PAGE_DRAWN, crowding, shown
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"
MAIN = "[data-testid=stMain]"


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query, keep_blank_values=True).items()}


def words(alert) -> str:
    """What an alert says: its text, not its icon."""
    return alert.locator("[data-testid=stMarkdownContainer]").inner_text().strip()


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


# 上海—三明 names no bodies (README's corpus table: 25 tasks + 4 保障措施, 29 items), so no task of it has a function:
# choosing 发展改革 (development_reform, data/registry/functions.yaml) in the function filter leaves none. (Its unit
# filter offers no body at all since 030c8b0: the bodies the chosen programmes name.)
FUNCTION = {"zh": "发展改革", "en": "Development & reform"}
LEFT_OUT = {
    "zh": "所选方案和主题有 29 项任务，但都被本页的筛选条件排除。请放宽本页的筛选。",
    "en": "The programmes and themes chosen hold 29 tasks, but this page's filters leave out every one. "
          "Widen the filters on this page.",
}


def test_explorer_says_its_own_filters_left_everything_out(context, server):
    """A researcher opens the explorer for 上海—三明 from a link (the server's first request) and chooses a function in
    the function filter by typing part of its name and clicking it: no task is left, and the message names this page's
    filters as the cause (it told the reader to widen the programme or theme filter). Switched to English, the function
    stays chosen and the message says the same in English."""
    page = context.new_page()
    page.goto(f"{server}/explorer?prog=sh-sm")
    main = page.locator(MAIN)
    main.locator("[data-testid=stDataFrame]").first.wait_for()  # the 29 tasks listed
    functions = main.locator("[data-testid=stMultiSelect]").filter(has_text=t("function", "zh")).first
    functions.locator("input").click()
    page.keyboard.type("发展")
    page.get_by_role("option", name=FUNCTION["zh"], exact=True).click()
    page.keyboard.press("Escape")
    info = main.locator("[data-testid=stAlertContentInfo]")
    info.wait_for()
    assert info.count() == 1 and words(info) == LEFT_OUT["zh"]
    assert main.locator("[data-testid=stDataFrame]").count() == 0  # no results table left
    assert functions.locator("[data-testid=stMultiSelectTagsContainer]").inner_text().strip() == FUNCTION["zh"]
    assert query(page) == {"prog": "sh-sm", "function": "development_reform"}
    shoot(page, "explorer-page-filters-left-out-zh")

    page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
    main.get_by_text(LEFT_OUT["en"], exact=True).wait_for()
    assert page.locator("h1").first.inner_text() == "Task explorer"
    assert info.count() == 1 and words(info) == LEFT_OUT["en"]
    functions = main.locator("[data-testid=stMultiSelect]").filter(has_text=t("function", "en")).first
    assert functions.locator("[data-testid=stMultiSelectTagsContainer]").inner_text().strip() == FUNCTION["en"]
    assert query(page) == {"prog": "sh-sm", "function": "development_reform", "lang": "en"}
    assert page.locator("[data-testid=stException]").count() == 0
    shoot(page, "explorer-page-filters-left-out-en")


# The view line for /explorer?task=szq-gt/05&mode=present: the frame's filters at their defaults, then the task card
# as the card's heading names it (programme's short name, data/programmes/szq-gt.yaml, and the number in the id).
# Labels from ui/report/i18n.py: view_line, about_programmes, view_all_programmes, about_themes, view_all_themes,
# task_card, label_sep, the theme tags (they act on the explorer's theme filter); not the measure, which changes nothing
# on the explorer (ui.web.view.Param.affects).
TASK_CARD = {"zh": "市中区—高唐县产业帮扶方案 · 05", "en": "Shizhong–Gaotang industrial assistance plan · 05"}
VIEW_LINE = {
    "zh": "当前视图 — 方案筛选：全部方案 · 主题筛选：全部主题 · 主题口径：仅主主题 · 任务卡片：" + TASK_CARD["zh"],
    "en": "Current view — Programmes: all programmes · Themes: all themes · Theme tags: Primary theme only · Task card: "
          + TASK_CARD["en"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_line_names_the_task_card_as_the_card_does(context, server, lang):
    """A presenter shows one task of 市中区—高唐县 on the explorer: the line above the page names the task card by its
    programme and number, as the card's heading does (an id such as szq-gt/05 means nothing to a room), in the
    reader's language; the pickers are hidden, the card and the way out are shown."""
    page = context.new_page()
    page.goto(f"{server}/explorer?task=szq-gt/05&mode=present" + ("&lang=en" if lang == "en" else ""))
    line = page.locator(f"{MAIN} .st-key-present_bar [data-testid=stCaptionContainer]")
    line.wait_for()  # written at the end of the run
    assert line.inner_text().strip() == VIEW_LINE[lang]
    assert "szq-gt" not in line.inner_text()
    heading = page.locator(MAIN).get_by_text(TASK_CARD[lang], exact=True)  # the card's bold heading
    assert heading.is_visible()
    assert not page.locator(f"{MAIN} [data-testid=stSelectbox]").first.is_visible()  # the card's picker is hidden
    page.get_by_role("button", name=t("exit_present", lang)).wait_for()  # the way out, visible
    assert page.locator("[data-testid=stException]").count() == 0
    heading.scroll_into_view_if_needed()
    line.scroll_into_view_if_needed()
    shoot(page, f"explorer-present-task-card-{lang}")


# 费县's task 01 carries down division task 01 too (data/programmes/szq-fx.yaml), but with the provincial plan and 费县's
# chosen the picker offers 费县's 17 pairs with key tasks only: the division plan is not chosen.
PAIR = "szq-fx/01~jn-ly-division/01"
SANMING = {"zh": "上海—三明实施方案", "en": "Shanghai–Sanming plan"}  # short names, data/programmes/sh-sm.yaml
CHOSEN = "jn-ly-provincial,szq-fx"
# each task by number and opening words: its heading (费县 01, K01: 传承践行红色精神) or its text's first 12 characters
# (the division plan's 01 has no heading: 深入挖掘沂蒙精神丰富内涵…)
PAIR_NOT_SHOWN = {
    "zh": "链接中的“市中区—费县实施方案 · 01 传承践行红色精神 ← 济南—临沂重点任务分工方案 · 01 深入挖掘沂蒙精神丰富内涵…”不在本页所示方案的任务对中，"
          "这里未显示。",
    "en": "The link's “Shizhong–Fei County plan · 01 传承践行红色精神 ← Jinan–Linyi division of key tasks · 01 深入挖掘沂蒙精神丰富内涵…” "
          "is not among the pairs of the plans shown here, so it is not shown.",
}
FIRST_PAIR = {  # 费县 task 01 beside its parent, provincial key task K01: the first pair the picker offers
    "zh": "市中区—费县实施方案 · 01 传承践行红色精神 ← 济南—临沂实施方案（省） · K01 传承践行红色精神",
    "en": "Shizhong–Fei County plan · 01 传承践行红色精神 ← Jinan–Linyi plan (provincial) · K01 传承践行红色精神",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_pair_the_breakdown_does_not_offer_is_named_beside_its_picker_once(context, server, lang):
    """A link names a county task and parent of the corpus that the breakdown does not offer for the plans chosen: the
    page shows the first pair and says so in one warning right above the parent-task picker, naming the pair as the
    picker names pairs (the names as typed: no Markdown drawn). The reader's next click elsewhere (another programme
    chosen in the sidebar) keeps the warning, since it still holds, and the picker keeps showing the first pair; a pair the reader
    chooses in the picker takes the warning away (ui.web.state.waiting)."""
    page = context.new_page()
    page.goto(f"{server}/breakdown?prog={CHOSEN}&pair={PAIR}" + ("&lang=en" if lang == "en" else ""))
    page.wait_for_function(PAGE_DRAWN)
    warning = page.locator(f"{MAIN} [data-testid=stAlertContentWarning]")
    warning.wait_for()
    assert warning.count() == 1 and words(warning) == PAIR_NOT_SHOWN[lang]
    assert warning.locator("del, s, a, strong, img").count() == 0  # the value as typed, no Markdown drawn
    picker = page.locator(f"{MAIN} [data-testid=stSelectbox]").filter(has_text=t("pair_pick", lang)).first
    assert FIRST_PAIR[lang] in shown(picker)
    # beside the picker: the element right after the warning's is the picker
    after = warning.locator("xpath=ancestor::*[@data-testid='stElementContainer'][1]/following-sibling::*[1]")
    assert after.locator("[data-testid=stSelectbox]").inner_text() == picker.inner_text()
    picker.scroll_into_view_if_needed()
    shoot(page, f"breakdown-pair-not-shown-{lang}")

    # another programme chosen in the sidebar, one the breakdown does not draw (the measure, clicked here before, is
    # disabled on this page: it changes nothing here)
    programmes = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    programmes.locator("input").click()
    page.keyboard.type(SANMING[lang][:2])
    page.get_by_role("option", name=SANMING[lang], exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function("new URLSearchParams(location.search).get('prog').includes('sh-sm')")
    page.wait_for_function(PAGE_DRAWN)
    assert warning.count() == 1 and words(warning) == PAIR_NOT_SHOWN[lang]  # still so: still said
    assert FIRST_PAIR[lang] in shown(picker)
    assert query(page).get("pair") == "szq-fx/01~jn-ly-provincial/K01"  # the pair shown, no longer the link's
    assert page.locator("[data-testid=stException]").count() == 0
    picker.scroll_into_view_if_needed()
    shoot(page, f"breakdown-pair-not-shown-after-click-{lang}")

    picker.click()  # the reader's own choice in the picker: nothing more to say
    page.get_by_role("option").nth(1).click()
    page.wait_for_function("!new URLSearchParams(location.search).get('pair').startsWith('szq-fx/01~')")
    warning.wait_for(state="detached")
    page.wait_for_function(PAGE_DRAWN)
    assert page.locator(f"{MAIN} [data-testid=stAlert]").count() == 0
    assert page.locator("[data-testid=stException]").count() == 0


# The breakdown of a division plan and 费县's plan with no provincial plan chosen (a reviewer): the Sankey's left-hand
# nodes had no names. It now starts from the 29 division tasks 费县's 15 tasks carry down (data/programmes/szq-fx.yaml,
# tests/test_charts.py), each named by its code and opening words; the 15 county tasks keep their names on hover.
DIVISION_SANKEY = {"zh": ("分工方案任务的逐级分解", "分工 1 深入挖掘沂蒙精神丰富…"),
                   "en": ("How division-plan tasks break down", "Div. 1 深入挖掘沂蒙精神丰富…")}
NODE_LABELS_JS = """() => { const p = [...document.querySelectorAll('.js-plotly-plot')].find(c => c.querySelector('.sankey'));
  return [...p.querySelectorAll('.sankey .sankey-node')].map(n => {
    const r = n.querySelector('.node-rect').getBoundingClientRect();
    return {x: Math.round(r.left), h: r.height, label: (n.querySelector('.node-label') || {}).textContent || ''}; }); }"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_breakdown_without_a_provincial_plan_names_every_left_hand_node(context, server, lang):
    """A researcher compares the division plan with 费县's (no provincial plan): every node of the Sankey's left-hand
    column carries its name, the title says where the breakdown starts, and no two names overlap."""
    page = context.new_page()
    page.goto(f"{server}/breakdown?prog=jn-ly-division,szq-fx" + ("&lang=en" if lang == "en" else ""))
    page.wait_for_function(PAGE_DRAWN)
    sankey = page.locator(f"{MAIN} .js-plotly-plot").filter(has=page.locator(".sankey")).first
    sankey.locator(".sankey .node-label").first.wait_for()
    title, first = DIVISION_SANKEY[lang]
    nodes = page.evaluate(NODE_LABELS_JS)
    left = min(node["x"] for node in nodes)
    named = [node["label"] for node in nodes if node["x"] == left]
    assert len(nodes) == 44 and len(named) == 29 and all(named) and first in named
    assert not any(node["label"] for node in nodes if node["x"] != left)  # county tasks: on hover
    assert sankey.locator(".gtitle").text_content().replace(" ", "") == title.replace(" ", "")  # wrapped over lines
    assert no_crowding(page)
    assert page.locator("[data-testid=stException]").count() == 0
    sankey.scroll_into_view_if_needed()
    shoot(page, f"breakdown-division-sankey-{lang}")


def no_crowding(page) -> bool:
    """No label of the Sankey overlaps another or leaves the chart (serving.crowding reads until the layout is stable)."""
    titles = {title.replace(" ", "") for title, _ in DIVISION_SANKEY.values()}
    sankey = next(chart for chart in crowding(page) if (chart["title"] or "").replace(" ", "") in titles)  # wrapped over lines
    assert sankey["overlaps"] == 0 and not sankey["outside"], sankey
    return True


# The coverage lists the provincial plan's 22 key tasks whatever is chosen; with the division plan and 费县's only, its
# chart and its table's Excel cite that plan too (鲁政办字〔2023〕31号, data/programmes/jn-ly-provincial.yaml).
PROVINCIAL_NUMBER = "鲁政办字〔2023〕31号"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_coverage_cites_the_plan_whose_key_tasks_it_lists(context, server, tmp_path, lang):
    """A researcher compares the division plan with 费县's and pastes the coverage chart, or downloads its table: both
    name the provincial plan whose key tasks they list (they named the two chosen plans only)."""
    openpyxl = pytest.importorskip("openpyxl")
    page = context.new_page()
    page.goto(f"{server}/breakdown?prog=jn-ly-division,szq-fx" + ("&lang=en" if lang == "en" else ""))
    page.wait_for_function(PAGE_DRAWN)
    title = t("coverage_chart_title", lang)
    chart = page.locator(f"{MAIN} .js-plotly-plot").filter(
        has=page.locator(".gtitle", has_text=" ".join(title.split(" ")[:2]))).first  # the title may wrap
    chart.wait_for()
    drawn = chart.text_content()
    assert PROVINCIAL_NUMBER in drawn and "市中政办字〔2023〕13号" in drawn
    chart.scroll_into_view_if_needed()
    shoot(page, f"breakdown-coverage-cites-{lang}")
    button = page.locator(f"{MAIN} [data-testid=stDownloadButton] button").filter(has_text="Excel").first
    with page.expect_download() as download:
        button.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.stem.startswith(t("coverage_title", lang).split(" ")[0])  # the coverage table's file
    about = [row for row in openpyxl.load_workbook(target)["about"].values]
    sources = [row[1] for row in about if row[0] == t("about_source", lang)]
    assert len(sources) == 3 and any(PROVINCIAL_NUMBER in str(value) for value in sources)


# 红色文化 by hand in data/programmes/*.yaml: the primary theme of 19 items (16 tasks, 3 provincial key tasks), a secondary
# tag of two more tasks (2023 ·31, division ·43); 上海—三明's four red-culture tasks cite 上海市与三明市对口合作实施方案 alone.
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_explorer_counts_a_theme_in_the_sidebars_theme_tags(context, server, lang):
    """A walk: a researcher checking the red-culture heatmap in the explorer found 21 items where the heatmap counted 19,
    under a greyed theme-tags switch saying primary only. The switch now acts on the explorer, as on the charts."""
    page = context.new_page()
    page.goto(f"{server}/explorer?theme=red_culture" + ("&lang=en" if lang == "en" else ""))
    page.locator(MAIN).locator("[data-testid=stDataFrame]").first.wait_for()  # the results listed
    page.get_by_text({"zh": "检索结果 19 条：任务 16 项、省级重点任务 3 项", "en": "19 results: 16 tasks, 3 provincial key tasks"}[lang],
                     exact=True).wait_for()
    switch = page.locator("[data-testid=stSidebar] [data-testid=stRadio]").filter(has_text=t("scope_any", lang)).first
    assert switch.locator("input").first.is_enabled()
    switch.get_by_text(t("scope_any", lang)).click()
    page.get_by_text({"zh": "检索结果 21 条：任务 18 项、省级重点任务 3 项", "en": "21 results: 18 tasks, 3 provincial key tasks"}[lang],
                     exact=True).wait_for()
    page.wait_for_function("location.search.includes('scope=any')")
    shoot(page, f"explorer-scope-any-{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_tasks_behind_a_number_cite_their_one_document(context, server, tmp_path, lang):
    """A walk: the Excel of 上海—三明's tasks behind a red-culture cell named all seven source documents."""
    openpyxl = pytest.importorskip("openpyxl")
    page = context.new_page()
    page.goto(f"{server}/themes?theme=red_culture&cell_prog=sh-sm&cell_theme=red_culture" + ("&lang=en" if lang == "en" else ""))
    page.wait_for_function(PAGE_DRAWN)
    button = page.locator(".st-key-themes-behind-xlsx button").first
    button.wait_for()
    with page.expect_download() as download:
        button.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    workbook = openpyxl.load_workbook(target)
    sources = [row[1] for row in workbook["about"].values if row[0] == t("about_source", lang)]
    assert len(sources) == 1 and "上海市与三明市对口合作实施方案" in str(sources[0]), sources
    rows = list(workbook.worksheets[0].values)
    assert len(rows) == 1 + 4, rows  # a header and the four tasks


def test_a_highlighted_word_stands_in_chinese_text_without_gaps(context, server):
    """A walk: the explorer's card drew "打造 沂蒙精神 研究传承高地", a space's width of background either side of the
    found word. The highlight has no side padding; its background stays."""
    page = context.new_page()
    page.goto(f"{server}/explorer?q=沂蒙精神&task=jn-ly-division/03")
    mark = page.locator(f"{MAIN} span.stMarkdownColoredBackground").first
    mark.wait_for()
    # the style element is drawn by a component loaded on demand, possibly just after the text (a CI run read 4 px)
    page.wait_for_function("getComputedStyle(document.querySelector('[data-testid=stMain] span.stMarkdownColoredBackground'))"
                           ".paddingLeft === '0px'", timeout=60_000)
    style = mark.evaluate("e => { const s = getComputedStyle(e); return [s.paddingLeft, s.paddingRight, s.backgroundColor]; }")
    assert style[:2] == ["0px", "0px"] and style[2] not in ("rgba(0, 0, 0, 0)", "transparent"), style
    assert mark.inner_text() == "沂蒙精神"
    mark.scroll_into_view_if_needed()
    shoot(page, "explorer-highlight-no-gap")
