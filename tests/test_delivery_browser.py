"""What the dashboard delivers to a reader, in a real browser (Debian's Chromium via Playwright), both languages.

- A chart's PNG from its export panel has the pixels its shape and resolution promise, and shows the chart.
- A Word file that unpacks to more than a plan takes (a zip bomb) is refused on the drafting page in the page's language,
  and the app goes on working; a plan as a small Word file whose text part holds an XML comment is drafted (it was
  refused as "drafting failed", found on the way).
- A link whose search is longer than the search takes, opened as a server's first request, says so above the page and
  the search box holds no more than the search takes.
- The programme filter, on the pages it changes nothing on, is greyed and its help names the pages where it acts; a link
  to the drafting page that sets it, opened as a server's first request, leaves the drafting page working.
- On the departments page under a theme filter, the sidebar's theme tags (primary theme only / any tag) move every chart,
  and each says which it counts.

One server for the module (fixture `server`); the tests about a first request start a server of their own each.
Screenshots go to $PAIRED_SHOTS (default test-artifacts/screenshots).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from analytics import paths
from analytics.draft.reading import MAX_DOCX_UNPACKED
from analytics.search import SEARCH_MAX_CHARS
from serving import CHROMIUM, PAGE_DRAWN, hover_until_shown, serve_dashboard, settle, sidebar, visit
from ui.report import i18n
from ui.report.i18n import URL_VALUE_SHOWN, t
from ui.report.images import SCALES, SHAPES

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = Path(os.environ.get("PAIRED_SHOTS") or paths.ROOT / "test-artifacts" / "screenshots")
TIMEOUT = 240_000  # a shared machine under load: generous waits, never a timing assertion
NOTICE = "[data-testid=stMain] [data-testid=stAlertContentWarning]"


def shoot(locator, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SHOTS / name))


def no_exception(page) -> bool:
    return page.locator("[data-testid=stException]").count() == 0


@pytest.fixture()
def fresh_server():
    """A server of its own for one test, so that the test's first request is the server's first (a link from an e-mail
    opened on a freshly started dashboard runs the linked page alone first: ui.web.frame.frame_first)."""
    with serve_dashboard({i18n.STRICT_ENV: "1"}, start_seconds=120) as url:
        yield url


# 1/ A CHART'S PNG: the pixels its shape and resolution promise (ui/report/images.py SHAPES × SCALES, whatever canvas the
# chart was laid out on), and the chart drawn in them. The ranking's 15 functions fit a 16:9 canvas; the functions × themes
# heatmap (15 rows under column labels turned vertical) may be laid out on a larger one and rendered to the same pixels.
def distinct_colours(png: Path) -> tuple[int, float]:
    """In the middle of the image (where the plot is): how many colours other than white cover at least 0.5 % of it,
    and the share of pixels that are not white."""
    from PIL import Image

    with Image.open(png) as image:
        width, height = image.size
        middle = image.convert("RGB").crop((width // 4, height // 5, 3 * width // 4, 4 * height // 5))
    counts = middle.getcolors(middle.size[0] * middle.size[1])
    total = middle.size[0] * middle.size[1]
    coloured = [n for n, colour in counts if colour != (255, 255, 255)]
    return sum(n >= total * 0.005 for n in coloured), sum(coloured) / total


@pytest.mark.parametrize("lang, chart, shape, scale", [
    ("zh", "departments-ranking", "16:9", 2),          # what the panel offers when opened (its first options)
    ("en", "departments-ranking", "16:9", 2),
    ("zh", "departments-func-theme", "square", 3),
    ("en", "departments-func-theme", "16:9", 3),
])
def test_a_chart_png_has_the_promised_pixels_and_shows_the_chart(context, server, tmp_path, lang, chart, shape, scale):
    page = visit(context, f"{server}/departments?lang={lang}")
    page.wait_for_function(PAGE_DRAWN)
    assert shape in SHAPES and scale in SCALES
    tools = page.locator(f"[data-testid=stMain] .st-key-{chart}-tools")
    tools.scroll_into_view_if_needed()
    tools.get_by_text(t("export_chart", lang), exact=True).click()  # the panel's switch, as a reader turns it on
    png_button = page.locator("[data-testid=stMain] [data-testid=stDownloadButton] button").filter(has_text="PNG").first
    png_button.wait_for()
    settle(page)
    # the reader's choices: the shape and the resolution, each a radio of the panel
    shape_label, scale_label = t(f"shape_{shape}", lang), f"{scale}×"
    for label in (shape_label, scale_label):
        radio = page.locator("[data-testid=stMain] [data-testid=stRadio]").get_by_text(label, exact=True).first
        if not radio.locator("xpath=ancestor::label[1]//input").is_checked():
            radio.click()
            settle(page)  # the panel (a fragment) runs again with the choice; the button then makes that image
        assert radio.locator("xpath=ancestor::label[1]//input").is_checked(), label
    png_button.scroll_into_view_if_needed()
    shoot(png_button.locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][.//*[@data-testid='stRadio']][1]"),
          f"delivery-png-panel-{chart}-{shape.replace(':', 'x')}-{scale}-{lang}.png")
    with page.expect_download(timeout=TIMEOUT) as download:
        png_button.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    from PIL import Image

    assert target.suffix == ".png"
    with Image.open(target) as image:
        assert image.format == "PNG"
        size = image.size
    width, height = SHAPES[shape]
    assert size == (width * scale, height * scale), (size, shape, scale)
    colours, inked = distinct_colours(target)
    assert colours >= 2 and inked >= 0.03, (colours, inked)  # marks in the plot, not a blank or an empty frame
    SHOTS.mkdir(parents=True, exist_ok=True)
    with Image.open(target) as image:  # a small copy to look at
        image.thumbnail((1280, 1280))
        image.save(SHOTS / f"delivery-png-{chart}-{shape.replace(':', 'x')}-{scale}-{lang}.png")
    assert no_exception(page)


# 2/ A ZIP BOMB ON THE DRAFTING PAGE: a valid small .docx whose word/document.xml unpacks to 36 MB (the limit is 30 MB,
# analytics/draft/reading.py MAX_DOCX_UNPACKED) is refused from the zip's directory, in the page's language.
BOMB_MB = 36
REFUSED = {
    "zh": ("起草", f"无法起草“plan.docx”：Word 文件解压后为 {BOMB_MB} MB，超过一份方案的上限 30 MB：请去掉嵌入的文件后重新保存，或直接粘贴文本"),
    "en": ("Draft", f"Cannot draft plan.docx: the Word file unpacks to {BOMB_MB} MB, more than the 30 MB a plan takes: save it again "
                    "without embedded files, or paste the text"),
}


def docx_bomb(target: Path) -> Path:
    """A Word document python-docx writes, one paragraph of a plan's title, its text part padded with XML comments of
    spaces (a Word reader skips them) to BOMB_MB MB unpacked; deflated, a few tens of kB."""
    import docx

    document = docx.Document()
    document.add_paragraph("济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案")
    plain = io.BytesIO()
    document.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bomb:
        others = sum(info.file_size for info in source.infolist() if info.filename != "word/document.xml")
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                pad = BOMB_MB * 1_000_000 - others - len(data)
                comment = b"<!--" + b" " * 9_993 + b"-->"  # 10 kB: XML parsers refuse a single text node over 10 MB
                padding = comment * (pad // len(comment)) + b" " * (pad % len(comment))
                data = data.replace(b"<w:body>", b"<w:body>" + padding, 1)
            bomb.writestr(info.filename, data)
    with zipfile.ZipFile(target) as check:
        unpacked = sum(info.file_size for info in check.infolist())
    assert unpacked > MAX_DOCX_UNPACKED and f"{unpacked / 1e6:.0f}" == str(BOMB_MB) and f"{MAX_DOCX_UNPACKED / 1e6:.0f}" == "30"
    assert target.stat().st_size < 1_000_000  # small: under the uploader's 5 MB, so the page itself must refuse it
    assert docx.Document(str(target)).paragraphs[0].text.startswith("济南市")  # a Word file all the same
    return target


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_docx_zip_bomb_is_refused_in_the_page_language_and_the_app_goes_on(context, server, tmp_path, lang):
    run, said = REFUSED[lang]
    bomb = docx_bomb(tmp_path / "plan.docx")
    page = visit(context, f"{server}/draft" + ("?lang=en" if lang == "en" else ""), "[data-testid=stFileUploaderDropzone]")
    main = page.locator("[data-testid=stMain]")
    main.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(bomb))
    main.locator("[data-testid=stFileChipName]", has_text="plan.docx").wait_for()
    settle(page)
    main.get_by_role("button", name=run, exact=True).click()
    alert = main.locator("[data-testid=stAlert]", has_text=said.split("：")[0].split(":")[0])
    alert.wait_for(timeout=TIMEOUT)
    settle(page)
    assert alert.inner_text().strip() == said
    assert "英文说明" not in main.inner_text() and no_exception(page)
    shoot(alert, f"delivery-docx-bomb-{lang}.png")
    # the app goes on: the page's uploader still takes a file, and the sidebar's links still lead to a drawn page
    assert main.locator("[data-testid=stFileUploaderDropzone] button").first.is_enabled()
    sidebar(page).get_by_role("link", name=t("page_overview", lang)).click()
    page.wait_for_function(f"document.querySelector('h1') && document.querySelector('h1').innerText === {t('page_overview', lang)!r}")
    page.wait_for_function(PAGE_DRAWN)
    assert no_exception(page)


def docx_with_a_comment(target: Path) -> Path:
    """A plan as a Word document (seeds/szq-gt.txt, one paragraph a line) whose text part holds one XML comment in its
    body: XML allows comments between elements, python-docx and Word open the file, and the drafting page should too."""
    import docx

    lines = (paths.SEEDS_DIR / "szq-gt.txt").read_text(encoding="utf-8").splitlines()
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    plain = io.BytesIO()
    document.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><!-- generated -->", 1)
            out.writestr(info.filename, data)
    assert [p.text for p in docx.Document(str(target)).paragraphs] == lines  # a Word file, read whole
    return target


def test_a_docx_plan_with_an_xml_comment_in_its_body_is_drafted(context, server, tmp_path):
    """Found while building the zip bomb above: a plan as a well-formed Word file, far under every limit, whose text part
    holds an XML comment (as some generators write one), is drafted as its text is (tests/test_draft_browser.py); it
    was refused as "drafting failed (AttributeError …)"."""
    plan = docx_with_a_comment(tmp_path / "commented.docx")
    page = visit(context, f"{server}/draft?lang=en", "[data-testid=stFileUploaderDropzone]")
    main = page.locator("[data-testid=stMain]")
    main.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(plan))
    main.locator("[data-testid=stFileChipName]", has_text="commented.docx").wait_for()
    settle(page)
    main.get_by_role("button", name="Draft", exact=True).click()
    # either the draft validated or a refusal: whichever the page shows, then read it
    drafted = main.get_by_text("The draft validates under the upload rules.").first
    refused = main.locator("[data-testid=stAlertContentError]").first
    drafted.or_(refused).wait_for(timeout=TIMEOUT)
    settle(page)
    if refused.count():
        shoot(refused, "delivery-docx-comment-en.png")
    assert refused.count() == 0, refused.inner_text()
    assert main.get_by_text("济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案").count() >= 1 and no_exception(page)


# 3/ A SEARCH LONGER THAN THE SEARCH TAKES (analytics/search.py SEARCH_MAX_CHARS), as a server's first request: the value
# is not used (the search box shows the default, empty) and a notice above the page says so, repeating the value cut to
# URL_VALUE_SHOWN characters; a reader typing as much into the box gets SEARCH_MAX_CHARS characters in it, and the link
# the page then writes is one it takes back without a notice.
LONG = {"en": ("abcdefghijklmnopqrstuvwxy" * 6)[:150], "zh": ("沂蒙精神红色文化" * 19)[:150]}
SAID_LONG = {  # said to be too long (a walk: "not recognised" gave no reason)
    "en": f"The address parameter q is longer than {SEARCH_MAX_CHARS} characters (“{{}}…”): it was not used, and the "
          "default is shown.",
    "zh": f"网址参数 q 的值超过 {SEARCH_MAX_CHARS} 个字符（“{{}}…”），未采用，显示的是默认值。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_search_too_long_in_a_first_link_is_said_and_the_box_holds_at_most_the_cap(context, fresh_server, lang):
    query = LONG[lang]
    assert len(query) == 150 > SEARCH_MAX_CHARS
    page = context.new_page()
    page.goto(f"{fresh_server}/explorer?lang={lang}&q={quote(query)}")  # the server's first request
    box = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
    box.wait_for()
    notice = page.locator(NOTICE)
    notice.first.wait_for()
    settle(page)
    assert page.locator("h1").first.inner_text() == t("page_explorer", lang)
    assert notice.count() == 1
    text = notice.locator("[data-testid=stMarkdownContainer]").inner_text().strip()
    assert text == SAID_LONG[lang].format(query[:URL_VALUE_SHOWN]), text
    assert len(box.input_value()) <= SEARCH_MAX_CHARS and box.input_value() == ""  # the default, as the notice says
    assert no_exception(page)
    shoot(notice, f"delivery-search-notice-{lang}.png")
    # the reader types the same words into the box: it takes SEARCH_MAX_CHARS of them
    box.click()
    page.keyboard.type(query)
    assert box.input_value() == query[:SEARCH_MAX_CHARS]
    box.press("Enter")
    page.wait_for_function("n => (new URLSearchParams(location.search).get('q') || '').length === n", arg=SEARCH_MAX_CHARS)
    settle(page)
    assert box.input_value() == query[:SEARCH_MAX_CHARS]
    shoot(page.locator("[data-testid=stMain] [data-testid=stTextInput]").first, f"delivery-search-box-{lang}.png")
    again = context.new_page()  # the address the page wrote, opened afresh: taken whole, nothing to say
    again.goto(page.url)
    again_box = again.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
    again_box.wait_for()
    settle(again)
    assert again_box.input_value() == query[:SEARCH_MAX_CHARS]
    assert again.locator(NOTICE).count() == 0 and no_exception(again)


# 4/ THE PROGRAMME FILTER ON PAGES IT CHANGES NOTHING ON (ui/web/view.py PARAM["prog"].affects): greyed, the programmes
# the link chose still shown, its help naming the pages where it acts; a link to the drafting page that sets it leaves the
# drafting page working (an attack: /draft?prog= once locked the drafting page, which reads no programme filter).
PROG_HELP = {
    "zh": "本页不适用；仅作用于：总览；主题比较；部门工作量；任务分解；任务检索；方案档案",
    "en": "Not used on this page; it acts on: Overview; Themes; Departments; Breakdown; Task explorer; Programme profile",
}
CHOSEN = {"zh": ["市中区—费县实施方案", "市中区—高唐县产业帮扶方案"],  # data/programmes/szq-fx.yaml, szq-gt.yaml short_*
          "en": ["Shizhong–Fei County plan", "Shizhong–Gaotang industrial assistance plan"]}


def chips(widget) -> list[str]:
    tags = widget.locator("[data-testid=stMultiSelectTagsContainer]")
    return [line.strip() for line in tags.inner_text().splitlines() if line.strip()] if tags.count() else []


@pytest.mark.parametrize("path, lang", [("data", "zh"), ("pack", "en"), ("draft", "zh"), ("draft", "en")])
def test_the_programme_filter_is_greyed_where_it_changes_nothing_and_says_where_it_acts(context, server, path, lang):
    page = visit(context, f"{server}/{path}?lang={lang}&prog=szq-fx,szq-gt")
    assert page.locator("h1").first.inner_text() == t(f"page_{path}", lang)
    programmes = sidebar(page).locator("[data-testid=stMultiSelect]").first
    programmes.get_by_text(CHOSEN[lang][1], exact=True).wait_for()
    settle(page)
    assert t("programmes", lang) in programmes.inner_text()  # this is the programme filter
    assert chips(programmes) == CHOSEN[lang]  # the link's choice is kept, for the pages where it acts
    inputs = programmes.locator("input").all()
    assert inputs and all(i.is_disabled() for i in inputs)
    # hovering its help icon, as a reader would, names the pages where it acts
    hover_until_shown(page, programmes.locator("[data-testid=stTooltipIcon]"), PROG_HELP[lang])
    tip = page.locator("[data-testid=stTooltipContent]")
    page.wait_for_timeout(700)  # the tooltip fades in
    box = tip.first.bounding_box()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"delivery-prog-greyed-{path}-{lang}.png"),
                    clip={"x": 0, "y": max(0, box["y"] - 250), "width": 1200, "height": box["height"] + 450})
    page.mouse.move(900, 10)
    tip.first.wait_for(state="detached", timeout=60_000)
    assert no_exception(page)
    assert "prog=szq-fx,szq-gt" in page.url.replace("%2C", ",")  # kept in the address for the next page


# THE MODEBAR'S CAMERA: the chart at 3× named after its title, the modebar's tips in the page's language. Its settings
# never reached the browser (a plotly figure's own `_config`, {}, was taken for them: ui.web.widgets._per_figure), so the
# camera gave a 1× picture, and every tip was English on the Chinese page; a unit test of the settings passed throughout.
MODEBAR = {"zh": ("各方案主题分布.png", ["下载图表（PNG）", "缩放", "平移", "放大", "缩小", "自动缩放", "重置坐标轴"]),
           "en": ("Themes_by_programme.png",
                  ["Download plot as a PNG", "Zoom", "Pan", "Zoom in", "Zoom out", "Autoscale", "Reset axes"])}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_modebars_camera_gives_the_chart_at_three_times_its_size_named_by_its_title(context, server, tmp_path, lang):
    from PIL import Image

    page = visit(context, f"{server}/themes?lang={lang}", "[data-testid=stMain] .js-plotly-plot .modebar-btn")
    settle(page)
    name, tips = MODEBAR[lang]
    plot = page.locator("[data-testid=stMain] .js-plotly-plot").first
    plot.hover()
    buttons = plot.locator(".modebar-btn")
    assert [buttons.nth(i).get_attribute("data-title") for i in range(len(tips))] == tips
    box = plot.bounding_box()
    with page.expect_download(timeout=TIMEOUT) as download:
        buttons.first.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == name
    assert Image.open(target).size == (round(3 * box["width"]), round(3 * box["height"]))
    shoot(plot, f"delivery-modebar-{lang}.png")


@pytest.mark.parametrize("lang, path, title", [("zh", "themes", "主题比较"), ("en", "explorer", "Task explorer")])
def test_a_page_with_no_programme_chosen_says_which_page_it_is_above_its_note(context, server, lang, path, title):
    """A walk: /themes?prog= showed the note alone, nothing said which page it was. Its title stands above the note, and
    nothing else is drawn (no chart, no table, no traceback)."""
    page = visit(context, f"{server}/{path}?lang={lang}&prog=", "[data-testid=stMain] [data-testid=stAlertContentInfo]")
    settle(page)
    main = page.locator("[data-testid=stMain]")
    assert page.locator("h1").first.inner_text() == title
    assert main.locator("[data-testid=stAlertContentInfo]").first.inner_text() == t("no_programme_selected", lang)
    heading, note = page.locator("h1").first.bounding_box(), main.locator("[data-testid=stAlertContentInfo]").first.bounding_box()
    assert heading["y"] + heading["height"] <= note["y"]  # the title above the note
    assert main.locator(".js-plotly-plot").count() == 0 and main.locator("[data-testid=stDataFrame]").count() == 0
    assert no_exception(page)
    shoot(main, f"delivery-no-programme-{path}-{lang}.png")


@pytest.mark.parametrize("lang, prog", [("zh", "szq-fx"), ("en", "sh-sm,szq-gt"), ("zh", "")])
def test_a_first_link_to_the_draft_page_with_a_programme_filter_leaves_it_working(context, fresh_server, lang, prog):
    run, success = {"zh": ("起草", "草稿可按上传规则通过校验。"), "en": ("Draft", "The draft validates under the upload rules.")}[lang]
    page = context.new_page()
    page.goto(f"{fresh_server}/draft?lang={lang}&prog={prog}")  # the server's first request
    main = page.locator("[data-testid=stMain]")
    main.locator("[data-testid=stFileUploaderDropzone]").wait_for()
    settle(page)
    assert page.locator("h1").first.inner_text() == t("page_draft", lang)
    assert main.get_by_text(t("no_programme_selected", lang)).count() == 0  # not locked by a filter it does not read
    assert no_exception(page)
    assert main.locator("[data-testid=stFileUploaderDropzone] button").first.is_enabled()
    assert main.get_by_role("button", name=run, exact=True).is_enabled()
    programmes = sidebar(page).locator("[data-testid=stMultiSelect]").first
    assert all(i.is_disabled() for i in programmes.locator("input").all())
    shoot(main.locator("[data-testid=stFileUploader]").first, f"delivery-draft-first-link-{lang}-{prog or 'none'}.png")
    # and it drafts: a plan's text file, as a reader uploads it
    main.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(paths.SEEDS_DIR / "szq-gt.txt"))
    main.locator("[data-testid=stFileChipName]", has_text="szq-gt.txt").wait_for()
    settle(page)
    main.get_by_role("button", name=run, exact=True).click()
    page.wait_for_selector(f"text={success}", timeout=TIMEOUT)
    settle(page)
    assert main.get_by_text("济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案").count() >= 1
    assert no_exception(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"delivery-draft-first-link-drafted-{lang}-{prog or 'none'}.png"))
    assert (f"prog={prog}" in page.url.replace("%2C", ",")) if prog else "prog=" in page.url  # the filter kept, unread


# 6/ THE THEME TAGS MOVE EVERY DEPARTMENTS CHART. 市中区—费县 on talent (data/programmes/szq-fx.yaml): task 17 has it as its
# primary theme (组织部门 lead, 人力资源社会保障 support), task 03 as a secondary tag (农业农村 lead; 人力资源社会保障 and
# 投资促进 support): two functions in the ranking by primary theme, four by any tag (tests/test_workload.py). A review
# found the sidebar's switch moving the heatmap alone, the other charts saying "any tag" under "primary theme only".
SUBTITLE = "((e.layout.title.subtitle || {}).text || '').replace(/<br>/g, ' ')"  # a line break where it wraps
CHART_READS = ("() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')].map(e => ({"
               f"subtitle: {SUBTITLE}, rows: [...new Set(e.data.flatMap(d => d.y || []))].length}}))")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_theme_tags_move_every_departments_chart_and_each_says_which(context, server, lang):
    page = visit(context, f"{server}/departments?lang={lang}&prog=szq-fx&theme=talent")
    page.wait_for_function(PAGE_DRAWN)
    page.wait_for_function("document.querySelectorAll('[data-testid=stMain] .js-plotly-plot').length === 4", timeout=TIMEOUT)
    settle(page)
    before = page.evaluate(CHART_READS)
    assert len(before) == 4 and before[0]["rows"] == 2, before  # the ranking: 组织部门, 人力资源社会保障
    primary, any_tag = t("scope_primary_aside", lang), t("scope_any_aside", lang)
    assert all(primary.lower() in chart["subtitle"].lower() for chart in before), before  # the heatmap's starts with it
    sidebar(page).get_by_text(t("scope_any", lang), exact=True).click()
    page.wait_for_function("t => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]"
                           f".every(e => {SUBTITLE}.toLowerCase().includes(t))", arg=any_tag.lower(), timeout=TIMEOUT)
    settle(page)
    after = page.evaluate(CHART_READS)
    assert after[0]["rows"] == 4, after  # 人力资源社会保障, 农业农村, 组织部门, 投资促进
    assert after[1]["rows"] > before[1]["rows"]  # the sides chart counts task 03's bodies too
    assert no_exception(page)
    shoot(page.locator("[data-testid=stMain]"), f"delivery-departments-any-tag-{lang}.png")
