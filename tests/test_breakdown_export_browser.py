"""The breakdown page's Sankey, exported through its chart's export panel in a real browser (Debian's Chromium via
Playwright), as a reader does: the panel's switch, then PNG (and SVG), and the files the browser receives opened.

So far only in-process (tests/test_images.py): the image an exported Sankey is has no hover, so its middle column names
each division task by its short code ("分工 7", ui.report.images.with_sankey_codes). The PNG is checked for its pixels
and for the tiers' colours drawn in it; the codes, which a PNG holds only as pixels, are read from the SVG the same
panel delivers. The expected codes are worked out from data/programmes (every task of the division plan names a
provincial key task as its parent, so all of them are in the middle column).

On two copies of the corpus (two provincial plans, bench/generate.py), a link naming the plan broken down and a pair
compared: the coverage table's Excel 'about' sheet names the plan, which the table follows, and not the pair.
Screenshots go to $PAIRED_SHOTS (default test-artifacts/screenshots).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import openpyxl
import pytest
import yaml

from analytics import paths
from bench.generate import generate
from serving import CHROMIUM, PAGE_DRAWN, serve_dashboard, settle, shown, table_downloads, visit
from ui.report import i18n
from ui.report.i18n import t
from ui.report.images import SCALES, SHAPES
from ui.report.style import TIER_COLOURS

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = Path(os.environ.get("PAIRED_SHOTS") or paths.ROOT / "test-artifacts" / "screenshots")
TIMEOUT = 240_000  # a shared machine under load: generous waits, never a timing assertion
CHART = "breakdown-sankey"


def division_codes(lang: str) -> set[str]:
    """The short code of every division-plan task under a provincial key task, read from data/programmes: the
    division plan's tasks whose parents include a task of the provincial plan."""
    plan = yaml.safe_load((paths.DATA_DIR / "programmes" / "jn-ly-division.yaml").read_text("utf-8"))
    provincial = yaml.safe_load((paths.DATA_DIR / "programmes" / "jn-ly-provincial.yaml").read_text("utf-8"))
    keys = {task["id"] for task in provincial["tasks"] if task["kind"] == "key_task"}
    return {f"{t('short_division', lang)} {task['number']}" for task in plan["tasks"]
            if any(parent["task"] in keys for parent in task.get("parents") or [])}


def test_every_division_task_hangs_under_a_key_task():
    """The hand count: the division plan's 53 tasks each break down one of the provincial plan's 22 key tasks."""
    assert len(division_codes("zh")) == 53 and "分工 7" in division_codes("zh") and "Div. 53" in division_codes("en")


def colour_pixels(png: Path) -> dict[str, int]:
    """Pixels of each tier's colour (within a small distance: anti-aliased edges) in the image."""
    from PIL import Image

    with Image.open(png) as image:
        pixels = image.convert("RGB").getcolors(image.size[0] * image.size[1])
    counts = {}
    for tier, hex_colour in TIER_COLOURS.items():
        target = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        counts[tier] = sum(n for n, rgb in pixels if sum(abs(a - b) for a, b in zip(rgb, target)) <= 12)
    return counts


def download(page, fmt: str, folder: Path) -> Path:
    # the page's only open panel is the Sankey's: its buttons are the page's only image buttons
    button = page.locator("[data-testid=stMain] [data-testid=stDownloadButton] button").filter(has_text=fmt.upper()).first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=TIMEOUT) as got:
        button.click()
    target = folder / got.value.suggested_filename
    got.value.save_as(target)
    return target


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sankey_exported_as_png_and_svg_through_its_panel(context, server, tmp_path, lang):
    page = visit(context, f"{server}/breakdown" + ("?lang=en" if lang == "en" else ""))
    page.wait_for_function(PAGE_DRAWN, timeout=TIMEOUT)
    assert page.locator("h1").first.inner_text() == t("page_breakdown", lang)
    main = page.locator("[data-testid=stMain]")
    # the page's one open panel will be the Sankey's: no image button before
    assert main.locator("[data-testid=stDownloadButton] button").filter(has_text="PNG").count() == 0
    tools = main.locator(f".st-key-{CHART}-tools")
    tools.scroll_into_view_if_needed()
    tools.get_by_text(t("export_chart", lang), exact=True).click()
    main.locator("[data-testid=stDownloadButton] button").filter(has_text="PNG").first.wait_for(timeout=TIMEOUT)
    settle(page)
    title = main.get_by_label(t("chart_title", lang)).first.input_value()
    assert title == t("sankey_title", lang)  # the panel is the Sankey's (the only chart of that title)
    # the panel's first options, as offered: 16:9 at the first resolution
    for label in (t("shape_16:9", lang), f"{SCALES[0]}×"):
        assert main.locator("[data-testid=stRadio]").get_by_text(label, exact=True).first.locator(
            "xpath=ancestor::label[1]//input").is_checked(), label
    main.locator(f".st-key-{CHART}-tools").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"breakdown-sankey-export-panel-{lang}.png"))

    # 1. PNG: the promised pixels, a real image, the four tiers' node colours drawn in columns (not only the legend's
    # squares: 12 px at 2× is under 600 pixels each)
    png = download(page, "png", tmp_path)
    from PIL import Image

    assert png.suffix == ".png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(png) as image:
        assert image.format == "PNG"
        image.load()  # the whole file decodes
        size = image.size
        image.thumbnail((1280, 1280))
        image.save(SHOTS / f"breakdown-sankey-{lang}.png")  # a small copy to look at
    width, height = SHAPES["16:9"]
    assert size == (width * SCALES[0], height * SCALES[0])
    drawn = colour_pixels(png)
    assert all(n > 2_000 for n in drawn.values()), drawn

    # 2. SVG from the same panel: the middle column named by its codes, every division task's, in the page's language
    svg = download(page, "svg", tmp_path)
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and t("sankey_title", lang)[:12] in text
    labels = {re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip() for label in
              re.findall(r'<text[^>]*class="node-label"[^>]*>(.*?)</text>', text, flags=re.S)}
    expected = division_codes(lang)
    assert expected <= labels, sorted(expected - labels)[:10]
    assert page.locator("[data-testid=stException]").count() == 0


@pytest.fixture(scope="module")
def two_plans_server(tmp_path_factory):
    """A server of its own on two copies of the corpus (bench/generate.py): two provincial plans, so the page offers
    the plan broken down (`root`), which today's one plan does not."""
    root = tmp_path_factory.mktemp("two-plans")
    data = generate(2, root / "corpus")
    with serve_dashboard({i18n.STRICT_ENV: "1", "PAIRED_DATA_DIR": str(data), "PAIRED_CACHE_DIR": str(root / "cache")},
                         start_seconds=120) as url:
        yield url


# The second copy's provincial plan, and its 费县 task 02 beside the key task K03 it carries down (copy 1 of
# data/programmes/szq-fx.yaml's task 02, whose parents are jn-ly-provincial/K03 and jn-ly-division/06): not the pickers'
# first options, so only the link chooses them. bench/generate.py names copy 1 "·1" / "#1".
ROOT, PAIR = "jn-ly-provincial-c1", "szq-fx-c1/02~jn-ly-provincial-c1/K03"
# (the root picker as shown, the pair picker's child task, the coverage table's name, and its about sheet's rows: the
# table, the plan broken down by its label and name, and the label of the pair, which it must not name)
COVERAGE = {
    "zh": ("济南—临沂实施方案（省）·1（22项重点任务）", "市中区—费县实施方案·1 · 02", ("表格", "分解覆盖情况"),
           ("分解的省级方案", "济南—临沂实施方案（省）·1"), "区县任务及其上级任务"),
    "en": ("Jinan–Linyi plan (provincial) #1 (22 key tasks)", "Shizhong–Fei County plan #1 · 02", ("Table", "Coverage"),
           ("Plan broken down", "Jinan–Linyi plan (provincial) #1"), "A county task and its parent"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_coverage_excel_names_the_plan_broken_down_but_not_the_pair_compared(context, two_plans_server, tmp_path, lang):
    """A walk: about sheets named controls their table does not follow. The coverage table follows the plan broken down
    (pages/breakdown.py, follows=("root",)) and not the pair compared further down: with a link naming both, its Excel
    file's about sheet names the plan and leaves the pair out."""
    page = visit(context, f"{two_plans_server}/breakdown?lang={lang}&root={ROOT}&pair={PAIR}",
                 "[data-testid=stMain] .st-key-breakdown-coverage-xlsx")
    page.wait_for_function(PAGE_DRAWN, timeout=TIMEOUT)
    settle(page)
    root_shown, child_shown, table, plan, pair_label = COVERAGE[lang]
    main = page.locator("[data-testid=stMain]")
    pickers = main.locator("[data-testid=stSelectbox]")
    assert root_shown in shown(pickers.filter(has_text=plan[0]).first)  # the link's choices, both shown
    assert child_shown in shown(pickers.filter(has_text=pair_label).first)
    button = main.locator(".st-key-breakdown-coverage-xlsx button")
    assert button.inner_text().strip() == t("download_xlsx", lang)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=TIMEOUT) as got:
        button.click()
    target = tmp_path / got.value.suggested_filename
    got.value.save_as(target)
    about = dict(openpyxl.load_workbook(target)["about"].values)
    assert about[table[0]] == table[1]
    assert about[plan[0]] == plan[1]
    assert pair_label not in about, about
    assert page.locator("[data-testid=stException]").count() == 0
    button.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"breakdown-coverage-about-{lang}.png"))


# The county tasks no parent task leads to, of the plan broken down alone (a walk at 100×: with one provincial plan of a
# hundred chosen, this table listed every copy's): copy 1's 费县 task 14 (data/programmes/szq-fx.yaml: the one 费县 task
# with no parent, tests/test_breakdown.py), not the first copy's.
ADDED = {"zh": "市中区—费县实施方案·1 · 14", "en": "Shizhong–Fei County plan #1 · 14"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_county_additions_are_the_plan_broken_downs_alone(context, two_plans_server, tmp_path, lang):
    page = visit(context, f"{two_plans_server}/breakdown?lang={lang}&root={ROOT}",
                 "[data-testid=stMain] .st-key-breakdown-additions-csv")
    page.wait_for_function(PAGE_DRAWN, timeout=TIMEOUT)
    settle(page)
    files = table_downloads(page, "breakdown-additions", tmp_path, lang=lang)
    with open(files["csv"], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index(t("col_task_id", lang))
    assert [row[column] for row in rows[1:]] == [ADDED[lang]]
    about = dict(openpyxl.load_workbook(files["xlsx"])["about"].values)
    assert about[COVERAGE[lang][3][0]] == COVERAGE[lang][3][1]  # the about sheet names the plan it follows
    assert page.locator("[data-testid=stException]").count() == 0
    page.locator("[data-testid=stMain] .st-key-breakdown-additions-csv").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"breakdown-additions-root-{lang}.png"))
