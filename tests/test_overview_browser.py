"""What a leader reads off two pages in a real browser (Debian's Chromium via Playwright): the overview's list of
pairings (the map names cities only, so both sides of every pairing are read in the list under it, and the CSV a reader
downloads holds the same rows), and the departments' ranking, whose hover names row, role and count with its unit.

The expected pairings are the seed's own words (seeds/jn-ly.txt: "历下区—沂水县，市中区—费县，天桥区—蒙阴县，槐荫区—沂南县…";
seeds/szq-gt.txt: 市中区 helps 高唐县), as data/registry/pairings.yaml records them, not read from the app.
Screenshots go to $PAIRED_SHOTS (default test-artifacts/screenshots).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import openpyxl
import pytest

from analytics import paths
from serving import CHROMIUM, PAGE_DRAWN, settle, table_downloads, visit
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = Path(os.environ.get("PAIRED_SHOTS") or paths.ROOT / "test-artifacts" / "screenshots")
TIMEOUT = 240_000  # a shared machine under load: generous waits, never a timing assertion
READY = "[data-testid=stMain] .st-key-overview-pairings-csv"

# (helper, recipient, plans in this corpus) of four of the eleven pairings, by hand from the seeds
PAIRINGS = {
    "zh": [("济南市历下区", "临沂市沂水县", "—"), ("济南市天桥区", "临沂市蒙阴县", "—"),
           ("济南市市中区", "临沂市费县", "市中区—费县实施方案"), ("济南市市中区", "聊城市高唐县", "市中区—高唐县产业帮扶方案")],
    "en": [("Lixia District", "Yishui County", "—"), ("Tianqiao District", "Mengyin County", "—"),
           ("Shizhong District (Jinan)", "Fei County", "Shizhong–Fei County plan"),
           ("Shizhong District (Jinan)", "Gaotang County", "Shizhong–Gaotang industrial assistance plan")],
}


OWN_AND_NAMED = {"zh": "“结对关系”计所选方案本身的结对（5对）；示意图和结对关系一览另列这些方案提及的6对。",
                 "en": "“Pairings” counts the chosen programmes' own pairings (5); the map and the list of pairings also show 6 "
                       "more that they name."}


def listed(page, lang: str) -> list[tuple[str, str, str]]:
    """(helper, recipient, plans) of each row of the pairings list, as the reader sees them (the grid's accessible
    table; the list is the page's first grid)."""
    grid = page.locator("[data-testid=stMain] [data-testid=stDataFrame]").first.locator("table")
    headers = [h.strip() for h in grid.locator("thead th").all_inner_texts()]
    columns = [headers.index(t(key, lang)) for key in ("col_helper", "col_recipient", "col_plans")]
    rows = grid.locator("tbody tr").evaluate_all(
        "trs => trs.map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.textContent.trim()))")
    return [tuple(row[c] for c in columns) for row in rows if len(row) > max(columns)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pairings_under_the_map_name_both_sides_and_download_as_csv(context, server, tmp_path, lang):
    page = visit(context, f"{server}/?lang={lang}", READY)
    page.wait_for_function(PAGE_DRAWN)
    settle(page)
    main = page.locator("[data-testid=stMain]")
    main.get_by_text(t("pairings_title", lang), exact=True).scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"overview-pairings-{lang}.png"))
    on_screen = listed(page, lang)
    assert len(on_screen) == 11  # data/registry/pairings.yaml: eleven pairings, every one named by a chosen document
    # …of which the headline's "pairings" counts the plans' own five, and the caption under it says so (a walk at 100×:
    # "结对关系 500" above a list of 1,100)
    assert main.locator("[data-testid=stMetricValue]").nth(1).inner_text().strip() == "5"
    assert main.get_by_text(OWN_AND_NAMED[lang]).count() == 1
    for pairing in PAIRINGS[lang]:
        assert pairing in on_screen
    files = table_downloads(page, "overview-pairings", tmp_path, lang=lang)
    with open(files["csv"], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    columns = [rows[0].index(t(key, lang)) for key in ("col_helper", "col_recipient", "col_plans")]
    assert [tuple(row[c] for c in columns) for row in rows[1:]] == on_screen
    # the Excel workbook: the same rows on its first sheet, named by the list's title; the about sheet after it
    book = openpyxl.load_workbook(files["xlsx"])
    assert book.sheetnames == [{"zh": "结对关系一览", "en": "Pairings listed"}[lang], "about"]
    table = [tuple("" if v is None else str(v) for v in row) for row in book.worksheets[0].values]
    columns = [table[0].index(t(key, lang)) for key in ("col_helper", "col_recipient", "col_plans")]
    assert [tuple(row[c] for c in columns) for row in table[1:]] == on_screen


# THE DEPARTMENTS' RANKING HOVERS AS IT READS (a walk: plotly's own "(3, 工业和信息化) 责任单位", no unit). In 市中区—高唐县's
# plan 工业和信息化 is named among the 责任单位 of 3 tasks and leads or supports none (data/programmes/szq-gt.yaml, its
# bodies' functions in data/registry/units.yaml): its bar is that one part, which the pointer finds just right of the axis.
HOVERS = {"zh": ("工业和信息化", "工业和信息化 · 责任单位：3 项"),
          "en": ("Industry & information", "Industry & information technology · Responsible: 3 tasks")}
# …and a count of one in the singular (a screenshot: "Culture & tourism · Lead: 1 tasks"): 文化和旅游 leads one task of
# 市中区—费县's plan (（二）, szq-fx/02: 两地文化和旅游局 牵头, seeds/szq-fx.txt), its first part from the axis.
SINGULAR = {"zh": ("文化和旅游", "文化和旅游 · 牵头：1 项"), "en": ("Culture & tourism", "Culture & tourism · Lead: 1 task")}
BAR_ROW = """([chart, row]) => {
  const plot = document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')[chart];
  const tick = [...plot.querySelectorAll('.ytick text')].find(t => t.textContent.startsWith(row));
  const area = plot.querySelector('.nsewdrag').getBoundingClientRect(), box = tick.getBoundingClientRect();
  return {x: area.left + 4, y: box.top + box.height / 2};
}"""


HOVER_TEXT = """() => {  // the hover's lines as read, one space between them (plotly draws each line as a tspan)
  const text = document.querySelector('.hoverlayer .hovertext text');
  const lines = [...text.querySelectorAll('tspan.line')].map(t => t.textContent);
  return (lines.length ? lines : [text.textContent]).join(' ').split(/\\s+/).join(' ').trim();
}"""


def hovered(page, chart: int, row: str) -> str:
    """The hover read after the pointer rests on the bar of `row` (its label's start) in the page's `chart`-th chart."""
    for _ in range(4):  # a hover landing while the chart redraws shows nothing, as for a reader, who moves again
        point = page.evaluate(BAR_ROW, [chart, row])
        page.mouse.move(point["x"] + 40, point["y"])
        page.mouse.move(point["x"], point["y"])
        try:
            page.wait_for_function("() => document.querySelector('.hoverlayer .hovertext') !== null", timeout=15_000)
            break
        except playwright_api.TimeoutError:
            settle(page)
    return page.evaluate(HOVER_TEXT)


# THE WEIGHTED INDEX HOVERS AS IT READS (a walk at 100×: plotly's own "Jinan–Linyi ...(7.44186, Development & reform)", the
# programme cut and five decimals). 市中区—高唐县's plan names "两地…工业和信息化局", both sides' bureaus, among the 责任单位 of
# tasks 02, 09 and 16 (seeds/szq-gt.txt): 6 bodies × weight 1 in 18 tasks, 3.3 per 10 tasks.
WEIGHTED = {"zh": ("工业和信息化", "工业和信息化 · 市中区—高唐县产业帮扶方案：3.3（每10项任务）"),
            "en": ("Industry & information", "Industry & information technology · Shizhong–Gaotang industrial assistance plan: "
                                             "3.3 per 10 tasks")}


# THE INSTRUMENT MIX HOVERS AS A SHARE WITH THE TASKS BEHIND IT: of 市中区—高唐县's 18 tasks 5 are tagged supply-side
# (data/programmes/szq-gt.yaml), 5/18 = 28%. With one pairing chosen the themes page has no distinctive chart: the mix is
# its third. The first bar of each row is the supply-side part.
INSTRUMENTS = {"zh": ("市中区—高唐县", "市中区—高唐县产业帮扶方案 · 供给型：28%（5 项）"),
               "en": ("Shizhong–Gaotang", "Shizhong–Gaotang industrial assistance plan · Supply-side: 28% (5 tasks)")}
# THE BREAKDOWN'S COVERAGE HOVERS AS A COUNT: the provincial key task （二） 保护利用烈士纪念设施和革命文物 is carried by the
# division plan's tasks 04 and 05 (seeds/jn-ly-division.txt); its title stays as printed on an English page.
COVERAGE = {lang: ("（二）", f"（二） 保护利用烈士纪念设施和革命文物 · {division}") for lang, division in
            (("zh", "分工方案：2 项"), ("en", "Division plan: 2 tasks"))}

# THE THEMES HEATMAP HOVERS WITH THE TASKS BEHIND A SHARE, ITS THEME UNBROKEN (a walk: the share alone, and "绿色<br>低碳"
# split over two lines): 费县's plan gives 红色文化, the first column, to tasks （一） and （二） of its 17 (seeds/szq-fx.txt).
HEATMAP = {"zh": ("市中区—费县", "市中区—费县实施方案 · 红色文化：12%（2 项）"),
           "en": ("Shizhong–Fei", "Shizhong–Fei County plan · Red culture: 12% (2 tasks)")}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path, chart, expected", [
    ("departments?prog=szq-gt", 0, HOVERS), ("departments?prog=szq-fx", 0, SINGULAR), ("departments?prog=szq-gt", 2, WEIGHTED),
    ("themes?prog=szq-gt", 2, INSTRUMENTS), ("breakdown", 1, COVERAGE), ("themes?prog=szq-fx", 0, HEATMAP),
], ids=["ranking", "singular", "weighted", "instruments", "coverage", "heatmap"])
def test_a_bars_hover_names_row_series_and_value_with_its_unit(context, server, lang, path, chart, expected):
    page = visit(context, f"{server}/{path}{'&' if '?' in path else '?'}lang={lang}", ".js-plotly-plot")
    page.wait_for_function(PAGE_DRAWN)
    settle(page)
    row, hover = expected[lang]
    page.locator("[data-testid=stMain] .js-plotly-plot").nth(chart).scroll_into_view_if_needed()
    settle(page)
    text = hovered(page, chart, row)
    page.screenshot(path=str(SHOTS / f"{path.split('?')[0]}-hover-{chart}-{lang}.png"))
    assert text == hover
