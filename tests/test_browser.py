"""Every page in a real browser (Debian's Chromium via Playwright), in both languages, with screenshots.

Screenshots land in test-artifacts/screenshots/ for a person to look at.
"""

from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from analytics import paths
from analytics.outputs.template import upload_template

from bench.common import PAGES as BENCH_PAGES
from serving import CHROMIUM  # noqa: E402

playwright_api = pytest.importorskip("playwright.sync_api")
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"
PLOTLY = ".js-plotly-plot .main-svg"
# url path → (the last element the page must show before it counts as rendered, how many of it): every
# page of dashboard.py, from the one table the benchmark waits on too (bench/common.py READY)
PAGES = {page.url: (page.selector, page.min_count) for page in BENCH_PAGES}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")


@pytest.fixture(scope="module")
def app(server):
    """The server, with no warm-up visit: deep links work from the first request (the page files are
    named after their addresses and hand over to the frame; see ui.web.frame.frame_first and
    tests/test_journeys_browser.py)."""
    return server


def open_page(browser, url: str, check_not_found: bool = True):
    page = browser.new_page(viewport={"width": 1280, "height": 2600}, accept_downloads=True)  # tall: Streamlit scrolls inside its own pane
    page.goto(url)
    page.wait_for_selector("[data-testid=stAppViewContainer]", timeout=120_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0", timeout=120_000)
    page.wait_for_selector("h1", timeout=120_000)
    if check_not_found:
        assert page.locator("text=Page not found").count() == 0
    return page


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url_path", PAGES)
def test_page_renders(app, browser, url_path, lang):
    last_element, count = PAGES[url_path]
    page = open_page(browser, f"{app}/{url_path}?lang={lang}")
    try:
        page.wait_for_selector(last_element, timeout=120_000)
        page.wait_for_function(f"document.querySelectorAll({last_element!r}).length >= {count}", timeout=120_000)
        page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=120_000)
        page.wait_for_timeout(800)  # let plotly and the data grids finish laying out text
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.locator("[data-testid=stAlertContentError]").count() == 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{url_path or 'overview'}-{lang}.png"), full_page=True)
        heading = page.locator("h1").first.inner_text()
        assert (heading.isascii()) == (lang == "en"), heading
    finally:
        page.close()


def test_url_state_reproduces_the_view(app, browser):
    page = open_page(browser, f"{app}/themes?lang=en&prog=szq-fx,szq-gt&measure=count")
    try:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        # read once the run has ended: on a loaded machine (CI beside a helper's browser) the first chart was still the
        # hidden empty one sent early to start plotly.js (ui/web/early.py), its 7 default ticks with no shown text
        page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0", timeout=120_000)
        page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')].some(p => p.querySelector('.ytick text'))",
                               timeout=120_000)
        page.wait_for_timeout(800)
        assert "prog=szq-fx%2Cszq-gt" in page.url or "prog=szq-fx,szq-gt" in page.url
        ticks = page.locator(".js-plotly-plot").first.locator(".ytick text").all_inner_texts()
        assert len(ticks) == 2, ticks
    finally:
        page.close()


def test_chart_png_and_briefing_pack_download(app, browser, tmp_path):
    """A staff member's path: export one chart as PNG, add it to the pack, download the deck."""
    page = open_page(browser, f"{app}/themes")
    try:
        page.wait_for_selector(PLOTLY, timeout=120_000)
        page.get_by_text("导出 / 加入简报").first.click()
        with page.expect_download(timeout=60_000) as download:
            page.locator("[data-testid=stDownloadButton] button").filter(has_text="PNG").first.click()
        png = tmp_path / download.value.suggested_filename
        download.value.save_as(png)
        assert png.name == "各方案主题分布.png"
        assert Image.open(png).size == (2560, 1440)

        if not page.get_by_role("button", name="加入简报包").first.is_visible():
            page.get_by_text("导出 / 加入简报").first.click()
        page.get_by_role("button", name="加入简报包").first.click()
        page.get_by_text("简报包：1 张图表").click()  # in-app navigation keeps the session (and its pack)
        page.wait_for_selector("text=下载简报（PPTX）", timeout=120_000)
        with page.expect_download(timeout=120_000) as download:
            page.get_by_text("下载简报（PPTX）").click()
        deck_path = tmp_path / download.value.suggested_filename
        download.value.save_as(deck_path)
        assert deck_path.suffix == ".pptx"
        slides = Presentation(str(deck_path)).slides
        # each slide's title in its title placeholder, which outlines and screen readers read (python-pptx: shapes.title)
        titles = [slide.shapes.title.text_frame.text if slide.shapes.title is not None else None for slide in slides]
        assert titles == ["对口合作方案比较 · 简报", "各方案主题分布", "资料来源"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "pack-with-one-chart.png"), full_page=True)
    finally:
        page.close()


def test_presentation_mode_screenshot(app, browser):
    page = open_page(browser, f"{app}/departments?mode=present")
    try:
        page.wait_for_selector(PLOTLY, timeout=120_000)
        page.wait_for_timeout(800)
        assert page.locator("[data-testid=stSidebar]").is_hidden()
        assert page.get_by_text("导出 / 加入简报").count() == 0
        page.screenshot(path=str(SHOTS / "departments-present.png"), full_page=True)
    finally:
        page.close()


# In presentation mode the explorer's search box, its row of four filters, its level filter and its commitment switch are
# hidden, and so is its task picker: the results' count follows the title one gap apart, and the task card the results,
# as if they were never there. Their empty boxes kept their places and the gaps between them: 80 px from the title to
# the count instead of 16 (a reviewer), 32 from the results to the card.
GAPS = """() => {
  const container = e => e.closest('[data-testid=stElementContainer]').getBoundingClientRect();
  const main = document.querySelector('[data-testid=stMain]');
  const count = [...main.querySelectorAll('[data-testid=stCaptionContainer]')].find(c => c.innerText.startsWith('检索结果'));
  const table = main.querySelector('[data-testid=stDataFrame]');
  let card = table.closest('[data-testid=stElementContainer]').nextElementSibling;  // the next box drawn: the task card
  while (card && card.getBoundingClientRect().height === 0) card = card.nextElementSibling;
  return {title: container(main.querySelector('h1')).bottom, count: container(count).top, count_bottom: container(count).bottom,
          table: container(table).top, table_bottom: container(table).bottom, card: card.getBoundingClientRect().top};
}"""
HIDDEN_CONTROLS = ("stTextInput", "stMultiSelect", "stCheckbox", "stSelectbox")  # search, filters, switch, task picker


def test_presentation_mode_leaves_no_gap_where_the_controls_were(app, browser):
    page = open_page(browser, f"{app}/explorer?mode=present")
    try:
        page.locator("[data-testid=stMain] [data-testid=stDataFrame]").first.wait_for(timeout=120_000)
        page.wait_for_timeout(800)
        main = page.locator("[data-testid=stMain]")
        for kind in HIDDEN_CONTROLS:  # on the page, and not seen
            controls = main.locator(f"[data-testid={kind}]")
            assert controls.count() >= 1 and not any(controls.nth(i).is_visible() for i in range(controls.count())), kind
        drawn = page.evaluate(GAPS)
        gap = drawn["table"] - drawn["count_bottom"]  # between two boxes shown one after the other: Streamlit's one gap
        assert 0 < gap <= 24, drawn
        assert drawn["count"] - drawn["title"] <= gap + 1, drawn  # the hidden search box and filters take no room
        assert drawn["card"] - drawn["table_bottom"] <= gap + 1, drawn  # nor the task picker between table and card
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "explorer-present.png"))
    finally:
        page.close()


def y_labels(page) -> list[str]:
    """The first chart's y-axis labels (SVG text has no innerText, so read textContent)."""
    return page.locator(".js-plotly-plot").first.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")


def test_uploads_valid_invalid_and_oversized_stay_in_their_session(app, browser, tmp_path):
    template = upload_template()
    valid = tmp_path / "mine.yaml"
    valid.write_text(template, "utf-8")
    bad_text = template.replace("example-upload", "bad-upload").replace('primary_theme: "', 'primary_theme: "no_such_', 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(bad_text, "utf-8")
    bad_line = next(i for i, line in enumerate(bad_text.splitlines(), 1) if "no_such_" in line)
    huge = tmp_path / "huge.yaml"
    huge.write_text(template + "#" + "x" * 1_500_000 + "\n", "utf-8")

    page = open_page(browser, f"{app}/themes")
    try:
        page.wait_for_selector(PLOTLY, timeout=120_000)
        page.get_by_text("上传自己的摘录").click()
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(valid), str(bad), str(huge)])
        page.wait_for_selector("text=mine.yaml：已通过校验", timeout=60_000)
        page.wait_for_selector("text=huge.yaml：文件 1.5 MB", timeout=120_000)
        page.wait_for_selector("text=upload:bad.yaml:", timeout=120_000)
        sidebar = page.locator("[data-testid=stSidebar]").inner_text()
        assert "bad.yaml：有 1 处错误" in sidebar and f"upload:bad.yaml:{bad_line}: “no_such_industry”不是主题编号" in sidebar
        # refused unread, by name and size, in the interface's language (ui/web/uploads.py refused_notes)
        assert "huge.yaml：文件 1.5 MB，超过每个文件 1 MB 的上限，未读取。" in sidebar and "upload:huge.yaml" not in sidebar
        page.wait_for_timeout(800)
        rows = y_labels(page)
        assert len(rows) == 8 and "示例方案（上传模板）（上传）" in rows  # all 7 curated programmes stay
        assert page.locator("[data-testid=stException]").count() == 0
        page.screenshot(path=str(SHOTS / "themes-with-uploads.png"), full_page=True)
    finally:
        page.close()

    other_session = open_page(browser, f"{app}/themes")
    try:
        other_session.wait_for_selector(PLOTLY, timeout=120_000)
        other_session.wait_for_timeout(800)
        rows = y_labels(other_session)
        assert len(rows) == 7 and not any("上传" in row for row in rows)
    finally:
        other_session.close()


SESSION_LIMIT = {  # lang → (panel title, "accepted" after the file name, the eleventh file's refusal, chart name)
    "zh": ("上传自己的摘录", "：已通过校验", "plan10.yaml：本次会话的上传共以 10 个文件、5 MB 为限，按所选顺序读到此文件时已超出，"
           "此文件及其后的文件未读取。", "方案{k:02d}（上传）"),
    "en": ("Upload your own extract", ": valid", "plan10.yaml: a session's uploads are limited to 10 files or 5 MB in all, "
           "read in the order chosen; this file would go over it, so it and the files after it were not read.",
           "Plan {k:02d} (uploaded)"),
}


@pytest.mark.parametrize("lang", SESSION_LIMIT)
def test_a_session_reads_at_most_ten_upload_files(app, browser, tmp_path, lang):
    """Eleven valid extracts chosen at once (the template with its ids and names changed, so no two collide): the first
    ten, in the order chosen, are read and added (analytics/admission.py MAX_SESSION_FILES); the eleventh is refused
    unread, by name, in the interface's language, and the ten uploads' programmes join the chart."""
    title, accepted, refused, name = SESSION_LIMIT[lang]
    files = []
    for k in range(11):
        path = tmp_path / f"plan{k:02d}.yaml"
        path.write_text(upload_template().replace("example", f"ten{k:02d}x").replace("示例方案（上传模板）", f"方案{k:02d}")
                        .replace("Example plan (upload template)", f"Plan {k:02d}"), "utf-8")
        files.append(str(path))
    page = open_page(browser, f"{app}/themes?lang={lang}")
    try:
        page.wait_for_selector(PLOTLY, timeout=120_000)
        page.get_by_text(title).click()
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(files)
        page.wait_for_selector(f"text=plan09.yaml{accepted}", timeout=120_000)
        sidebar = page.locator("[data-testid=stSidebar]").inner_text()
        assert [f"plan{k:02d}.yaml{accepted}" in sidebar for k in range(10)] == [True] * 10
        assert refused in sidebar
        assert f"plan10.yaml{accepted}" not in sidebar and "upload:plan10.yaml" not in sidebar
        page.wait_for_timeout(800)
        rows = y_labels(page)
        assert rows[:10] == [name.format(k=k) for k in range(9, -1, -1)] and len(rows) == 17  # and the 7 curated
        assert page.locator("[data-testid=stException]").count() == 0
        page.screenshot(path=str(SHOTS / f"uploads-session-limit-{lang}.png"), full_page=True)
    finally:
        page.close()
