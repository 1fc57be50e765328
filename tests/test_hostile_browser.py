"""A hostile extract uploaded in a real browser (Playwright on Debian's Chromium): inert, contained, private.

One session per language uploads tests/hostile.py's extract (Markdown images and links, bare URLs,
plotly pseudo-HTML, a 300 px span, bidi overrides, spreadsheet formulas, a long digit run) and visits
the pages that show it. Throughout, no request leaves 127.0.0.1 and no dialog opens; on every chart each
drawn text stays inside its chart and no two tick labels of an axis overlap; the upload's texts show as
typed, long ones cut to the label bound with an ellipsis and whole in the hover. A second browser context does not
see the upload. The data page's CSV and Excel downloads, read back with csv and openpyxl, hold the
upload's title as text and no formula.
"""

from __future__ import annotations

import csv
import io
import os
import urllib.parse

import openpyxl
import pytest

from analytics import paths
from tests.hostile import EVIL_HOST, hostile_extract, starts_a_formula
from serving import CHROMIUM
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
PLOTLY = ".js-plotly-plot .main-svg"
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium (scripts/setup.sh)")


class Watched:
    """A browser context whose every request and dialog is recorded."""

    def __init__(self, browser, lang: str = "zh"):
        self.lang = lang
        self.context = browser.new_context(viewport={"width": 1280, "height": 2600}, accept_downloads=True)
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def outside(self) -> list[str]:
        hosts = {urllib.parse.urlsplit(url).hostname for url in self.requests if url.startswith(("http", "ws"))}
        return sorted(h for h in hosts if h != "127.0.0.1")


def wait_idle(page) -> None:
    page.wait_for_selector("[data-testid=stAppViewContainer]", timeout=60_000)
    page.wait_for_selector("[data-testid=stMain] h1", timeout=180_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0", timeout=180_000)
    page.wait_for_timeout(1500)  # plotly lays its text out after the app is idle


def texts_outside_their_chart(page) -> list[str]:
    """Every drawn SVG text of every plotly chart whose box leaves the chart's own box (2 px slack)."""
    return page.evaluate("""() => {
        const out = [];
        for (const chart of document.querySelectorAll('.js-plotly-plot')) {
            const box = chart.getBoundingClientRect();
            for (const el of chart.querySelectorAll('text, tspan, a, span, img, foreignObject')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 && r.height === 0) continue;
                if (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2)
                    out.push(el.tagName + ':' + (el.textContent || '').slice(0, 60));
            }
        }
        return out;
    }""")


def overlapping_tick_labels(page) -> list[str]:
    """Pairs of tick labels on one axis of one chart whose drawn boxes overlap (more than 2 px each way)."""
    return page.evaluate("""() => {
        const out = [];
        for (const chart of document.querySelectorAll('.js-plotly-plot')) {
            for (const layer of chart.querySelectorAll('.xaxislayer-above, .yaxislayer-above')) {
                const boxes = [...layer.querySelectorAll('text')].map(e => [e.getBoundingClientRect(), e.textContent])
                    .filter(([r]) => r.width > 0 && r.height > 0);
                for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                    const [a, ta] = boxes[i], [b, tb] = boxes[j];
                    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                    if (w > 2 && h > 2) out.push(ta.slice(0, 30) + ' × ' + tb.slice(0, 30));
                }
            }
        }
        return out;
    }""")


def live_markup(page) -> list[str]:
    """Links, images and frames pointing at the attacker's host anywhere in the page (an SVG link's xlink:href too)."""
    return page.evaluate(f"""() => Array.from(document.querySelectorAll(
        'a[href*="{EVIL_HOST}"], a[*|href*="{EVIL_HOST}"], img[src*="{EVIL_HOST}"], iframe, script[src*="{EVIL_HOST}"]'))
        .map(e => e.outerHTML.slice(0, 120))""")


NAV_KEYS = {"": "page_overview", "themes": "page_themes", "departments": "page_departments", "explorer": "page_explorer",
            "programme": "page_programme", "data": "page_data"}


def go_to(session, path: str) -> None:
    """Navigate inside the session (a new page load would be a new session without the upload)."""
    label = t(NAV_KEYS[path], session.lang)
    session.page.locator("[data-testid=stSidebar] a", has_text=label).first.click(timeout=120_000)
    wait_idle(session.page)


@pytest.fixture(scope="module", params=["zh", "en"])
def hostile_session(request, server, browser, tmp_path_factory):
    lang = request.param
    extract = tmp_path_factory.mktemp("hostile-upload") / "evil.yaml"
    extract.write_text(hostile_extract(), encoding="utf-8")
    watched = Watched(browser, lang)
    page = watched.page
    page.goto(f"{server}/themes" + ("?lang=en" if lang == "en" else ""))
    wait_idle(page)
    page.wait_for_selector(PLOTLY, timeout=180_000)
    uploader = page.locator("[data-testid=stFileUploaderDropzoneInput]")
    if uploader.count() == 0:  # the expander renders its content when opened
        page.get_by_text(t("upload_title", lang)).click(timeout=120_000)
    uploader.set_input_files([str(extract)], timeout=120_000)
    accepted = t("upload_accepted", lang, name="evil.yaml")
    page.locator("[data-testid=stAlert]", has_text=accepted).first.wait_for(timeout=120_000)
    wait_idle(page)
    yield watched
    watched.context.close()


@pytest.mark.parametrize("path", ["themes", "", "departments", "programme", "explorer", "data"])
def test_hostile_upload_is_inert_and_contained_on_every_page(hostile_session, path):
    page = hostile_session.page
    if path != "themes":
        go_to(hostile_session, path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"hostile-{path or 'overview'}-{hostile_session.lang}.png"), full_page=True)
    assert page.locator("[data-testid=stException]").count() == 0
    assert texts_outside_their_chart(page) == []
    assert overlapping_tick_labels(page) == []
    assert live_markup(page) == []
    assert hostile_session.outside() == [], hostile_session.outside()
    assert hostile_session.dialogs == []


# The upload's short name on the themes heatmap: a character of it, and the markup its first two lines
# (the row bound) show as characters. zh: <span style="font-size:300px">巨</span><a href=…>链</a>（上传）
# wraps at 16 em into "<span" | style="font-size:300px">巨 | </span><a … : two lines kept, then "…".
SHOWN_AS_TYPED = {
    "zh": ("巨", ["<span", 'style="font-size:300px">巨…']),
    "en": ("evil", ["evil <b>bold</b>"]),
}


def test_hostile_names_show_as_typed_and_bounded(hostile_session):
    """The heatmap row of the upload shows its markup as characters, cut to the label bound with an
    ellipsis (ui/report/style.py: the zh name is 42 em, the en one 33 em, both over 28), the full name in the hover;
    the uploaded mark in brackets is kept after the ellipsis, so the row still says what it is."""
    page = hostile_session.page
    go_to(hostile_session, "themes")
    char, markup = SHOWN_AS_TYPED[hostile_session.lang]
    chart = page.locator(".js-plotly-plot").first
    labels = chart.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
    shown = [label for label in labels if char in label]
    assert shown and all(m in shown[0] for m in markup), labels  # the markup as characters, not as markup
    mark = t("uploaded_mark", hostile_session.lang).strip()  # （上传） / (uploaded)
    assert shown[0].endswith(("…" + mark, "… " + mark)), shown


def test_second_context_does_not_see_the_upload(hostile_session, server, browser):
    other = Watched(browser)
    try:
        other.page.goto(f"{server}/themes")
        wait_idle(other.page)
        other.page.wait_for_selector(PLOTLY, timeout=180_000)
        body = other.page.locator("body").inner_text()
        assert "上传" not in " ".join(other.page.locator(".js-plotly-plot").first.locator(".ytick text")
                                      .evaluate_all("els => els.map(e => e.textContent)"))
        assert "巨" not in body and "evil.yaml" not in body
        assert other.outside() == []
    finally:
        other.context.close()


def test_csv_and_excel_downloads_hold_no_formula(hostile_session, tmp_path):
    page = hostile_session.page
    go_to(hostile_session, "data")
    title = f'=HYPERLINK("http://{EVIL_HOST}/","点此")'
    seen_title = False
    buttons = page.locator("[data-testid=stMain] [data-testid=stDownloadButton] button")
    labels = buttons.all_inner_texts()
    chosen = [i for i, label in enumerate(labels) if label.strip() in ("CSV", "Excel", "programmes.csv", "tasks.csv")]
    assert len(chosen) >= 4, labels
    for index in chosen:
        # As a person clicks, not 12 buttons in one second: Chromium counts a download against the next click's
        # gesture when it registers after that click, and then refuses that click's download as "multiple
        # automatic downloads" (seen on a fast machine: a random one of the twelve never arrived).
        page.wait_for_timeout(500)
        with page.expect_download(timeout=120_000) as download:
            buttons.nth(index).click()
        path = tmp_path / f"{index}-{download.value.suggested_filename}"
        download.value.save_as(path)
        if path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
            cells = [c for row in rows for c in row]
            assert not [c for c in cells if starts_a_formula(c)], path.name
            seen_title |= "'" + title in cells
        else:
            book = openpyxl.load_workbook(path)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate, cell.value)
                        seen_title |= cell.value == title
    assert seen_title  # the upload's formula-like title did reach the downloads, as text
    assert hostile_session.outside() == [] and hostile_session.dialogs == []



def test_a_click_on_the_uploads_cell_and_presenting_its_tasks_stay_inert_and_whole(hostile_session):
    """The newest doors an upload's texts pass (an attack): the notice after a click on its heatmap cell names it (a toast
    reads Markdown: an image in its name was fetched), and presenting, its tasks are a static table whose cells are
    Markdown too, its task text a run of 1,500 digits (tests/hostile.py) that ran past its cell's edge. Its task 01 is on
    产业合作 (the upload template). Shown as typed, nothing fetched, the table within the page."""
    page, lang = hostile_session.page, hostile_session.lang
    go_to(hostile_session, "themes")
    heatmap = page.locator(".js-plotly-plot").first
    char = SHOWN_AS_TYPED[lang][0]
    labels = heatmap.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
    row = next(i for i, label in enumerate(labels) if char in label)
    columns = [text.replace(" ", "") for text in heatmap.locator(".xtick text").all_text_contents()]
    column = columns.index({"zh": "产业合作", "en": "Industrialcooperation"}[lang])
    heatmap.scroll_into_view_if_needed()
    row_box = heatmap.locator(".ytick text").nth(row).bounding_box()
    column_box = heatmap.locator(".xtick text").nth(column).bounding_box()
    page.mouse.click(column_box["x"] + column_box["width"] / 2, row_box["y"] + row_box["height"] / 2)
    page.wait_for_function("location.search.includes('cell_prog=example-upload')", timeout=120_000)
    notice = page.locator("[data-testid=stToast]").filter(has_text={"zh": "页末已列出", "en": "listed at the end"}[lang])
    notice.first.wait_for(timeout=60_000)
    assert notice.first.locator("a, img, strong, code").count() == 0  # the name's markup as characters
    wait_idle(page)
    # presenting (the sidebar's switch: a new address would be a new session, without the upload)
    page.locator("[data-testid=stSidebar]").get_by_text(t("present_mode", lang), exact=True).click()
    table = page.locator("[data-testid=stMain] [data-testid=stTable]").last
    table.wait_for(timeout=120_000)
    wait_idle(page)
    table.scroll_into_view_if_needed()
    assert "1" * 200 in "".join(table.inner_text().split())  # the digits shown, wrapped
    fits = page.evaluate("""() => { const table = [...document.querySelectorAll('[data-testid=stMain] [data-testid=stTable]')].pop();
      const main = document.querySelector('[data-testid=stMain] .block-container').getBoundingClientRect();
      const cells = [...table.querySelectorAll('td, th')];
      // a cell's text drawn past the cell: Streamlit wraps it in an element of its own, clipped at the cell's edge
      const past = c => [...c.querySelectorAll('*')].some(e => e.getBoundingClientRect().right > c.getBoundingClientRect().right + 1
                                                              || e.scrollWidth > e.clientWidth + 1);
      return {inside: table.getBoundingClientRect().right <= main.right + 1,
              cut: cells.filter(c => c.scrollWidth > c.clientWidth + 1 || past(c)).length,
              narrowest: Math.min(...cells.map(c => c.getBoundingClientRect().width))}; }""")
    page.screenshot(path=str(SHOTS / f"hostile-present-behind-{lang}.png"), full_page=True)
    assert fits["inside"] and fits["cut"] == 0 and fits["narrowest"] > 24, fits  # no column squeezed to a letter
    assert live_markup(page) == [] and hostile_session.outside() == [] and hostile_session.dialogs == []
    page.locator("[data-testid=stMain] .st-key-present_bar").get_by_role("button").first.click()  # leave presenting
    wait_idle(page)


# Streamlit's page turns ":material/…:" into an icon and ":streamlit:" into its logo in the text itself, escaped or not,
# and "->" into an arrow (an attack: a house drawn in an upload's task text, a bin at the start of the notice naming its
# file). A file name and a task text holding them show as typed (their word joiners, invisible, set aside); the name as
# its problems name it, its own name without what a folder would be (the attack: the notice and the problem line named
# it two ways).
ICON_NAME, ICON_NAME_SHOWN = ":material/delete_forever: :streamlit: 图标.yaml", "delete_forever: :streamlit: 图标.yaml"
ICON_TEXT = "ZZ :material/home: :streamlit: 甲 -> 乙 2027年底前完成园区规划。"


def test_icon_codes_in_an_uploads_name_and_text_show_as_typed(server, browser):
    from analytics.outputs.template import upload_template

    extract = upload_template().replace("（示例）两市共同规划建设一处合作产业园区，2027年底前完成园区规划。", ICON_TEXT, 1)
    assert ICON_TEXT in extract  # test setup: the template's first task text replaced
    watched = Watched(browser, "zh")
    page = watched.page
    try:
        page.goto(f"{server}/explorer")
        wait_idle(page)
        if page.locator("[data-testid=stFileUploaderDropzoneInput]").count() == 0:
            page.get_by_text(t("upload_title", "zh")).click(timeout=120_000)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
            [{"name": ICON_NAME, "mimeType": "application/x-yaml", "buffer": extract.encode("utf-8")}], timeout=120_000)
        notice = page.locator("[data-testid=stAlert]", has_text="已通过校验").first
        notice.wait_for(timeout=120_000)
        wait_idle(page)
        shown = notice.inner_text().replace("\u2060", "").strip()
        assert shown.endswith(ICON_NAME_SHOWN + "：已通过校验，已加入方案筛选（标“上传”）。"), shown
        problem = page.locator("[data-testid=stSidebar] [data-testid=stCode]").first.inner_text()
        assert problem.startswith(f"upload:{ICON_NAME_SHOWN}:"), problem  # the template's one note: text unchecked
        search = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
        search.fill("ZZ")
        search.press("Enter")
        main = page.locator("[data-testid=stMain]")
        card = main.locator("[data-testid=stMarkdownContainer]", has_text="2027年底前完成园区规划").first
        card.wait_for(timeout=120_000)
        wait_idle(page)
        assert ICON_TEXT in card.inner_text().replace("\u2060", ""), card.inner_text()
        assert page.locator("img[alt='Streamlit logo']").count() == 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "hostile-icon-codes.png"), full_page=True)
        assert watched.outside() == [] and watched.dialogs == []
    finally:
        watched.context.close()


def upload_in(page, server: str, path: str, name: str, content: bytes) -> None:
    """Open `path`, and upload `content` as a file named `name` through the sidebar's panel."""
    page.goto(f"{server}/{path}")
    wait_idle(page)
    if page.locator("[data-testid=stFileUploaderDropzoneInput]").count() == 0:  # the expander renders when opened
        page.get_by_text(t("upload_title", "en" if "lang=en" in path else "zh")).click(timeout=120_000)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        [{"name": name, "mimeType": "application/x-yaml", "buffer": content}], timeout=120_000)


# A file that is not plain YAML data is refused through the upload panel in the reader's language, at its line (an
# attack: each refusal was English on the Chinese page; unit-tested in test_hostile.py, here as a reader meets it).
# An alias on line 2 (its anchor on line 1 is refused first), and a key written twice, on lines 1 and 3.
@pytest.mark.parametrize("lang, content, shown", [
    ("zh", "a: &x 1\nb: *x\n", "upload:别名.yaml:1: 不允许使用 YAML 锚点和别名（&名称 / *名称）：请把取值直接写出"),
    ("en", "a: &x 1\nb: *x\n", "upload:别名.yaml:1: YAML anchors and aliases (&name / *name) are not allowed: write the "
                               "value out"),
    ("zh", "programme: 1\nsections: []\nprogramme: 2\n", "upload:别名.yaml:3: 字段“programme”在同一映射中出现两次（首次在第 1 行）："
                                                        "请只保留一个"),
    ("en", "programme: 1\nsections: []\nprogramme: 2\n", "upload:别名.yaml:3: key 'programme' appears twice in one mapping "
                                                        "(first on line 1): keep one"),
])
def test_a_file_that_is_not_plain_yaml_is_refused_in_the_readers_language_at_its_line(server, browser, lang, content, shown):
    watched = Watched(browser, lang)
    page = watched.page
    try:
        upload_in(page, server, "explorer" + ("?lang=en" if lang == "en" else ""), "别名.yaml", content.encode("utf-8"))
        refused = t("upload_rejected_one", lang, name="别名.yaml", n=1)
        page.locator("[data-testid=stAlert]", has_text=refused).first.wait_for(timeout=120_000)
        wait_idle(page)
        problems = [c.strip() for c in page.locator("[data-testid=stSidebar] [data-testid=stCode]").all_inner_texts()]
        assert problems == [shown], problems
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.locator("[data-testid=stMain] h1").first.inner_text() == t("page_explorer", lang)  # the corpus served
    finally:
        watched.context.close()


# A CSV header is a cell of the file's first line, and some headers are data: an upload's short name heads a column of
# the departments' table of one function across programmes (an attack: "=HYPERLINK(…)（上传）" came out as a live
# formula). Downloaded as a reader does, the header is text to a spreadsheet: "'" before it.
def test_an_uploads_formula_like_name_heading_a_csv_column_is_text(server, browser, tmp_path):
    from analytics.outputs.template import upload_template

    name = f'=HYPERLINK("http://{EVIL_HOST}/","x")'
    extract = upload_template().replace('short_zh: "示例方案（上传模板）"', f"short_zh: '{name}'", 1)
    assert name in extract  # test setup: the template's short name replaced
    watched = Watched(browser, "zh")
    page = watched.page
    try:
        upload_in(page, server, "departments", "公式.yaml", extract.encode("utf-8"))
        page.locator("[data-testid=stAlert]", has_text=t("upload_accepted", "zh", name="公式.yaml")).first.wait_for(
            timeout=120_000)
        wait_idle(page)
        button = page.locator(".st-key-departments-across-csv button")
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=120_000) as download:
            button.click()
        path = tmp_path / "across.csv"
        download.value.save_as(path)
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        assert "'" + name + t("uploaded_mark", "zh") in header, header
        assert not [cell for cell in header if starts_a_formula(cell)], header
        assert watched.outside() == [] and watched.dialogs == []
    finally:
        watched.context.close()
