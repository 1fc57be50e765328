"""The departments page's "tasks behind a bar" in a real browser (Debian's Chromium via Playwright), so far walked in
AppTest only (tests/test_pages.py):

- a link naming a bar (`bar=`), opened as a freshly started server's very first request, lists the tasks behind that
  bar, in English;
- the table's CSV and Excel downloads, clicked as a reader does, hold the rows the page lists;
- with the same link as a fresh server's first request, the Excel 'about' sheets of the tables above the section (the
  concentration, the same function across programmes) leave the bar out, and the tasks behind it name it.

The expected tasks are worked out from data/ (the programme's YAML and the units registry), not read from the app.
Screenshots go to $PAIRED_SHOTS (default test-artifacts/screenshots).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import openpyxl
import pytest
import yaml

from analytics import paths
from serving import CHROMIUM, PAGE_DRAWN, serve_dashboard, settle, shown, table_downloads, visit
from ui.report import i18n
from ui.report.i18n import behind_note, t

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = Path(os.environ.get("PAIRED_SHOTS") or paths.ROOT / "test-artifacts" / "screenshots")
TIMEOUT = 240_000  # a shared machine under load: generous waits, never a timing assertion
# the tasks-behind table: the page's last grid (a grid carries no st-key class), drawn once its download buttons are
# (ui.web.widgets.show_table's key "departments-behind")
GRIDS = "[data-testid=stMain] [data-testid=stDataFrame]"
BEHIND_READY = "[data-testid=stMain] .st-key-departments-behind-csv"

# 市中区—费县's plan alone, the function 文化和旅游 (Culture & tourism): a bar of two roles
PROGRAMME, FUNCTION = "szq-fx", "culture_tourism"


def by_hand(programme: str, function: str, lang: str) -> list[tuple[str, str]]:
    """(task as the table names it, role) for each task and role of `programme` whose printed units name a body of
    `function`, read straight from data/programmes/<programme>.yaml and data/registry/units.yaml: one row per task and
    role, in the plan's order, lead before support before responsible within a task."""
    units = {u["id"]: u["function"] for u in yaml.safe_load((paths.DATA_DIR / "registry" / "units.yaml").read_text("utf-8"))}
    plan = yaml.safe_load((paths.DATA_DIR / "programmes" / f"{programme}.yaml").read_text("utf-8"))
    name = plan["programme"]["short_en" if lang == "en" else "short_zh"]
    order = ["lead", "support", "responsible"]
    rows: list[tuple[str, str]] = []
    for task in plan["tasks"]:
        roles = {clause["role"] for clause in task.get("units") or []
                 if any(units[body] == function for body in clause["bodies"])}
        rows += [(f"{name} · {task['id'].split('/')[1]}", t(f"role_{role}", lang)) for role in order if role in roles]
    return rows


def test_by_hand_reads_the_plan_as_printed():
    """The hand count itself, checked against the plan's printed unit clauses (data/programmes/szq-fx.yaml): 两地文化和
    旅游局 support task 01, lead task 02 and support task 06."""
    assert by_hand(PROGRAMME, FUNCTION, "en") == [("Shizhong–Fei County plan · 01", "Support"),
                                                  ("Shizhong–Fei County plan · 02", "Lead"),
                                                  ("Shizhong–Fei County plan · 06", "Support")]


def listed(page) -> list[tuple[str, str]]:
    """(task, role) of each row of the tasks-behind table, as the reader sees them (the grid's accessible table)."""
    grid = page.locator(GRIDS).last.locator("table")
    headers = [h.strip() for h in grid.locator("thead th").all_inner_texts()]
    lang = "en" if "lang=en" in page.url else "zh"
    task, role = headers.index(t("col_task_id", lang)), headers.index(t("col_role", lang))
    rows = grid.locator("tbody tr").evaluate_all(
        "trs => trs.map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.textContent.trim()))")
    return [(row[task], row[role]) for row in rows if len(row) > max(task, role)]


@pytest.fixture()
def fresh_server():
    """A server of its own: the test's first request is the server's first (a link from an e-mail opened on a freshly
    started dashboard runs the linked page alone first: ui.web.frame.frame_first)."""
    with serve_dashboard({i18n.STRICT_ENV: "1"}, start_seconds=120) as url:
        yield url


def test_a_link_naming_a_bar_as_a_fresh_servers_first_request_lists_its_tasks_in_english(context, fresh_server):
    page = context.new_page()
    page.goto(f"{fresh_server}/departments?lang=en&prog={PROGRAMME}&bar={FUNCTION}")
    page.wait_for_function(PAGE_DRAWN, timeout=TIMEOUT)
    page.locator(BEHIND_READY).wait_for(timeout=TIMEOUT)
    settle(page)
    expected = by_hand(PROGRAMME, FUNCTION, "en")
    assert page.locator("h1").first.inner_text() == "Departments"
    assert page.locator("[role=dialog]").count() == 0
    assert page.locator("[data-testid=stException]").count() == 0
    # the section, its picker showing the link's function by its English name (data/registry/functions.yaml)
    main = page.locator("[data-testid=stMain]")
    main.get_by_text(t("workload_behind", "en"), exact=True).wait_for()
    picker = main.locator("[data-testid=stSelectbox]").filter(has_text=t("workload_behind_pick", "en")).first
    assert "Culture & tourism" in shown(picker)
    # the caption counts what the hand count finds: 3 tasks in 3 rows
    tasks = len({task for task, _ in expected})
    main.get_by_text(behind_note("en", "function", tasks, len(expected)), exact=True).wait_for()
    assert listed(page) == expected
    assert "bar=culture_tourism" in page.url and "lang=en" in page.url  # the link kept as it was
    main.get_by_text(t("workload_behind", "en"), exact=True).scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "departments-bar-link-first-request-en.png"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tasks_behind_a_bar_download_as_csv_and_excel_with_the_rows_listed(context, server, tmp_path, lang):
    page = visit(context, f"{server}/departments?lang={lang}&prog={PROGRAMME}&bar={FUNCTION}", BEHIND_READY)
    page.wait_for_function(PAGE_DRAWN)
    settle(page)
    on_screen = listed(page)
    assert on_screen == by_hand(PROGRAMME, FUNCTION, lang)
    headers = [t("col_task_id", lang), t("col_role", lang)]
    files = table_downloads(page, "departments-behind", tmp_path, lang=lang)
    # the CSV (UTF-8 with a BOM, for Excel): the headers the page shows, and its rows
    with open(files["csv"], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    columns = [rows[0].index(h) for h in headers]
    assert [tuple(row[c] for c in columns) for row in rows[1:]] == on_screen
    # the Excel workbook: the table on its first sheet, the same rows; the about sheet after it
    book = openpyxl.load_workbook(files["xlsx"])
    assert book.sheetnames[1] == "about"
    # …which names the bar (a walk: nothing in the file said whose 18 tasks they were); data/registry/functions.yaml
    assert dict(book["about"].values)[t("about_bar", lang)] == {"en": "Culture & tourism", "zh": "文化和旅游"}[lang]
    table = [tuple("" if v is None else str(v) for v in row) for row in book.worksheets[0].values]
    columns = [table[0].index(h) for h in headers]
    assert [tuple(row[c] for c in columns) for row in table[1:]] == on_screen
    # the texts of the tasks are the plan's own, whole (not cut as a grid cell is)
    plan = yaml.safe_load((paths.DATA_DIR / "programmes" / f"{PROGRAMME}.yaml").read_text("utf-8"))
    texts = {task["id"].split("/")[1]: " ".join(task["text"].split()) for task in plan["tasks"]}
    text_column = table[0].index(t("col_text", lang))
    for row in table[1:]:
        assert " ".join(str(row[text_column]).split()) == texts[row[columns[0]].rsplit(" · ", 1)[1]]
    # …each with how to cite it, as seeds/szq-fx.txt prints the document, its section and the number (a walk: the one
    # citation was on the explorer's card): tasks （一） and （二） under "一、弘扬传承红色文化", （六） under "三、完善基础设施网络"
    doc = "《济南市市中区—临沂市费县对口合作实施方案》（市中政办字〔2023〕13号），"
    cited = [row[table[0].index(t("col_citation", lang))] for row in table[1:]]
    assert cited == [doc + "一、弘扬传承红色文化，第（一）项", doc + "一、弘扬传承红色文化，第（二）项", doc + "三、完善基础设施网络，第(六)项"]
    page.locator(GRIDS).last.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"departments-behind-downloads-{lang}.png"))


def excel_about(page, key: str, folder: Path) -> dict:
    """The 'about' sheet (item → value) of the Excel file delivered by the download button under the table `key`
    (ui.web.widgets.show_table's "<key>-xlsx"), clicked as a reader does."""
    button = page.locator(f"[data-testid=stMain] .st-key-{key}-xlsx button")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=TIMEOUT) as download:
        button.click()
    target = folder / f"{key}.xlsx"
    download.value.save_as(target)
    return dict(openpyxl.load_workbook(target)["about"].values)


# the link's bar as an about sheet names it (data/registry/functions.yaml), under its label (the catalogue's about_bar)
ABOUT_BAR = {"zh": ("职能或单位", "文化和旅游"), "en": ("Function or body", "Culture & tourism")}
# each table's key and its name on its about sheet's first row ("表格" / "Table"): the two above the section do not follow
# the bar (pages/departments.py, follows=()), the tasks behind it do
TABLES = {"zh": ("表格", {"departments-concentration": "前五职能集中度", "departments-across": "同一职能在各方案中的任务数",
                          "departments-behind": "条形背后的任务"}),
          "en": ("Table", {"departments-concentration": "Top-5 concentration",
                           "departments-across": "The same function across programmes",
                           "departments-behind": "The tasks behind a bar"})}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_only_the_tasks_behind_a_bar_name_the_bar_in_their_excel_on_a_fresh_servers_first_request(context, fresh_server,
                                                                                                  tmp_path, lang):
    """A walk: the concentration table's about sheet named the bar chosen below it. A link naming a bar, opened as a
    freshly started server's first request: the two tables above the section leave the bar out of their Excel's about
    sheet, the tasks behind it name it."""
    page = context.new_page()
    page.goto(f"{fresh_server}/departments?lang={lang}&prog={PROGRAMME}&bar={FUNCTION}")
    page.wait_for_function(PAGE_DRAWN, timeout=TIMEOUT)
    page.locator(BEHIND_READY).wait_for(timeout=TIMEOUT)
    settle(page)
    assert page.locator("h1").first.inner_text() == {"zh": "部门工作量", "en": "Departments"}[lang]
    label, bar = ABOUT_BAR[lang]
    table, names = TABLES[lang]
    abouts = {key: excel_about(page, key, tmp_path) for key in names}
    assert {key: about[table] for key, about in abouts.items()} == names  # each file is the table it is under
    for key in ("departments-concentration", "departments-across"):
        assert label not in abouts[key] and bar not in abouts[key].values(), (key, abouts[key])
    assert abouts["departments-behind"][label] == bar
    assert page.locator("[data-testid=stException]").count() == 0
    page.locator(GRIDS).last.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"departments-bar-link-about-sheets-{lang}.png"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presenting_the_tasks_behind_a_bar_shows_every_text_whole(context, server, lang):
    """A walk: in presentation mode the tasks behind a bar were a grid whose texts were cut at its edge, and nobody in
    the room can widen a column. Presenting, the three tasks of 文化和旅游 in 费县's plan are a static table: each task's
    text, as data/programmes/szq-fx.yaml holds it, is read whole on the screen, and nothing of it is cut off."""
    plan = yaml.safe_load((paths.DATA_DIR / "programmes" / f"{PROGRAMME}.yaml").read_text("utf-8"))
    texts = {task["id"]: " ".join(task["text"].split()) for task in plan["tasks"]}
    page = visit(context, f"{server}/departments?lang={lang}&prog={PROGRAMME}&bar={FUNCTION}&mode=present",
                 "[data-testid=stMain] [data-testid=stTable]")
    page.wait_for_function(PAGE_DRAWN)
    settle(page)
    table = page.locator("[data-testid=stMain] [data-testid=stTable]").last
    table.scroll_into_view_if_needed()
    shown_text = " ".join(table.inner_text().split())
    for task in ("szq-fx/01", "szq-fx/02", "szq-fx/06"):
        assert texts[task] in shown_text, task
    # the table within the page: no cell wider than the main column, so no text runs off the screen
    widths = page.evaluate("""() => { const main = document.querySelector('[data-testid=stMain] .block-container');
      const table = [...document.querySelectorAll('[data-testid=stMain] [data-testid=stTable]')].pop();
      return [main.getBoundingClientRect().right, table.getBoundingClientRect().right, table.scrollWidth, table.clientWidth]; }""")
    assert widths[1] <= widths[0] + 1 and widths[2] <= widths[3] + 1, widths
    page.screenshot(path=str(SHOTS / f"departments-present-behind-{lang}.png"), full_page=True)


def test_a_control_drawn_again_after_a_run_without_it_shows_the_view(context, server):
    """An attack: ranking by body (`by=unit`), every programme taken out of the sidebar (the page stops above its
    controls: none is drawn), then one put back. The chart ranked bodies under a radio showing "按职能": Streamlit kept
    the value, and its page drew the first option. Now the radio shows what the page draws."""
    page = visit(context, f"{server}/departments?by=unit&bar=jinan.organization", ".js-plotly-plot")
    page.wait_for_function(PAGE_DRAWN)
    settle(page)
    programmes = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    programmes.locator("svg[title='Clear all'], [aria-label='Clear all']").first.click()  # the box's clear-all cross
    page.wait_for_function("location.search.includes('prog=&') || location.search.endsWith('prog=')")
    settle(page)
    assert page.locator("[data-testid=stMain] [data-testid=stRadio]").count() == 0  # stopped above its controls
    programmes.click()
    page.get_by_role("option").filter(has_text="费县").first.click()
    page.keyboard.press("Escape")
    page.wait_for_function("location.search.includes('prog=szq-fx')")
    page.wait_for_function(PAGE_DRAWN)
    settle(page)
    radio = page.locator("[data-testid=stMain] [data-testid=stRadio]").first
    assert radio.get_by_label(t("by_unit", "zh")).is_checked() and not radio.get_by_label(t("by_function", "zh")).is_checked()
    assert "by=unit" in page.url
    assert page.locator(".js-plotly-plot .gtitle").first.text_content() == t("workload_title_unit", "zh")

