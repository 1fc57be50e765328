"""Server-side chart images (ui/report/images.py): size, chart area, burned-in texts, both formats."""

import io
import subprocess
import sys

import plotly.graph_objects as go
import pytest
from PIL import Image

from analytics.themes import theme_shares
from ui.report.charts import source_line, theme_bars
from ui.report.images import SHAPES, export_figure, render
from analytics import paths
from ui.report.style import PRESENT_FONT_SCALE, SUBTITLE_FONT_PX, TITLE_FONT_PX, chart_texts, text_em

STAMP = "数据版本 d0000test · 导出于 2026-11-22 · 对口合作方案比较"


@pytest.fixture(scope="module")
def bars(corpus):
    programmes = list(corpus.programmes.programme_id)
    return theme_bars(corpus, theme_shares(corpus, programmes), "share", "zh", source_line(corpus, programmes, "zh"), "占比")


@pytest.mark.parametrize(
    "shape, scale, expected_size",
    [("16:9", 2, (2560, 1440)), ("16:9", 3, (3840, 2160)), ("square", 2, (2160, 2160)), ("square", 3, (3240, 3240))],
)
def test_png_has_the_requested_size_and_a_drawn_chart(bars, shape, scale, expected_size):
    image = Image.open(io.BytesIO(render(export_figure(bars, "标题", "副标题", STAMP, shape), "png", scale))).convert("RGB")
    assert image.size == expected_size
    width, height = image.size
    plot_area = image.crop((width // 10, height // 4, width * 7 // 10, height * 3 // 4))
    coloured = sum(1 for r, g, b in plot_area.getdata() if max(r, g, b) - min(r, g, b) > 60)  # bar fills, not grey text
    assert coloured > plot_area.width * plot_area.height * 0.02


def test_svg_carries_edited_title_subtitle_source_and_stamp(bars):
    svg = render(export_figure(bars, "改过的标题", "改过的副标题", STAMP, "square"), "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    for text in ("改过的标题", "改过的副标题", "数据版本 d0000test", "资料来源：", "（鲁政办字〔2023〕31号）"):
        assert text in svg, text
    assert "Noto Sans CJK SC" in svg  # the font that has the glyphs on this machine


def test_export_figure_keeps_the_original_and_records_the_edit(bars):
    exported = export_figure(bars, "新标题", "新副标题", STAMP, "16:9")
    assert (exported.layout.width, exported.layout.height) == SHAPES["16:9"]
    assert chart_texts(exported)["title"] == "新标题" and chart_texts(bars)["title"] == "主题比较（分组柱状图）"
    source_notes = [a for a in exported.layout.annotations if a.name == "source"]
    assert len(source_notes) == 1 and source_notes[0].text.endswith(STAMP)


def test_unknown_format_is_refused(bars):
    with pytest.raises(ValueError, match="format must be one of"):
        render(bars, "gif")


@pytest.mark.parametrize("scale", [1.0, PRESENT_FONT_SCALE])
def test_heading_lines_fit_the_image_at_the_type_size_drawn(bars, scale):
    """Presentation mode draws the 16:9 export with type 1.35× as large: title and subtitle must be wrapped for that
    size. Wrapped for the normal size and enlarged afterwards, this subtitle (the breakdown's in English with five
    provincial plans, tests/test_scale_browser.py) ran on one line past the chart's right edge."""
    title = "How provincial key tasks break down"
    subtitle = ("Key tasks → division tasks → 2023 work points / county tasks · breakdown of Jinan–Linyi plan (provincial) #1,"
                " one of 5 provincial plans selected")
    exported = export_figure(bars, title, subtitle, STAMP, "16:9", font_scale=scale)
    usable = SHAPES["16:9"][0] - 60
    for text, px in ((exported.layout.title.text, TITLE_FONT_PX), (exported.layout.title.subtitle.text, SUBTITLE_FONT_PX)):
        for line in text.split("<br>"):
            assert text_em(line) * px * scale <= usable, line
    assert exported.layout.title.subtitle.text.count("<br>") == (1 if scale > 1 else 0)
    assert exported.layout.title.subtitle.font.size == round(SUBTITLE_FONT_PX * scale)  # drawn at the size wrapped for


def test_a_process_that_made_an_image_closes_chromium_before_its_temporary_folders_are_removed():
    """CI once saw a traceback at the end of a successful `analytics briefing`: "Directory not empty" on Chromium's
    profile. At exit the standard library removed kaleido's temporary folders (an implicit clean-up, which warns)
    while Chromium still ran, because it had registered its exit hook after ours. The race is rare; the order is
    not: with the browser closed first, kaleido removes its folders itself and nothing is left to clean implicitly.
    Another run printed choreographer's log of a message cut off by Chromium's exit, with a traceback: its log is quiet."""
    code = ("import logging, plotly.graph_objects as go\nfrom ui.report.images import render\n"
            "print(len(render(go.Figure(go.Bar(x=[1], y=[2]), layout=dict(width=300, height=200)))))\n"
            # what choreographer logs when Chromium's pipe closes mid-message at exit (CI saw it after a good export)
            "try:\n    raise ValueError('cut off')\nexcept ValueError:\n"
            "    logging.getLogger('choreographer.channels.pipe').exception('JSONError decoding message. Ignoring')\n")
    done = subprocess.run([sys.executable, "-W", "always::ResourceWarning", "-c", code], cwd=paths.ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 1000
    assert "Implicitly cleaning up" not in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def function_heatmaps(corpus):
    from analytics.workload import functions_by_theme
    from ui.report.charts import function_theme_heatmap
    from ui.report.i18n import function_names

    programmes = list(corpus.programmes.programme_id)
    return {lang: function_theme_heatmap(corpus, functions_by_theme(corpus, programmes, "primary"), function_names(corpus, lang),
                                         lang, source_line(corpus, programmes, lang), "sub") for lang in ("zh", "en")}


@pytest.mark.parametrize("lang, shape, expected_size", [
    ("en", "16:9", (2560, 1440)),  # on a 1600 × 900 canvas: 8 rows labelled at 1280 × 720
    ("zh", "16:9", (2560, 1440)), ("en", "square", (2160, 2160)),  # room enough in the shape itself
])
def test_an_exported_heatmap_labels_every_row_and_keeps_the_images_size(function_heatmaps, lang, shape, expected_size):
    """A walk: the departments page's functions × themes heatmap (15 functions), exported 16:9 in English, had its
    column labels turned vertical above a plot squeezed into what was left: plotly labelled 8 of the 15 rows. Laid out
    on a larger canvas of the same shape, every row has its label (the SVG holds the ticks plotly drew), and the PNG
    still has the shape's pixels."""
    exported = export_figure(function_heatmaps[lang], "职能 × 主题", "副标题", STAMP, shape)
    assert render(exported, "svg").decode().count('class="ytick"') == 15
    assert Image.open(io.BytesIO(render(exported, "png", 2))).size == expected_size


@pytest.mark.parametrize("title, subtitle, title_lines, subtitle_lines", [
    # an attack: a typed subtitle of 2,000 characters was drawn over the plot of a slide's picture (which carries no
    # title: the slide does), in the 60 px kept for one line
    ("", "副标题很长" * 400, 0, 6),
    ("标题", "副标题很长" * 400, 1, 6),
    ("标题" * 1000, "副标题", 3, 1),  # a heading holds at most three title lines and six subtitle lines
    ("", "短副标题", 0, 1),
])
def test_a_long_typed_heading_is_cut_and_keeps_clear_of_the_plot(bars, title, subtitle, title_lines, subtitle_lines):
    from ui.report.style import SUBTITLE_LINE_PX, TITLE_LINE_PX

    exported = export_figure(bars, title, subtitle, STAMP, "16:9")
    drawn_title = exported.layout.title.text.split("<br>") if title else []
    drawn_subtitle = exported.layout.title.subtitle.text.split("<br>")
    assert (len(drawn_title), len(drawn_subtitle)) == (title_lines, subtitle_lines)
    if len(subtitle) > 1000:
        assert drawn_subtitle[-1].endswith("…")
    if len(title) > 1000:
        assert drawn_title[-1].endswith("…")
    # the plot starts below the heading: 50 px above it, a line each, 16 px below (ui.report.style.heading_px)
    assert exported.layout.margin.t >= 50 + TITLE_LINE_PX * title_lines + SUBTITLE_LINE_PX * subtitle_lines + 16
    assert exported.layout.meta["subtitle"] == subtitle  # the whole text kept, for the pack and a slide's notes


def test_an_exported_sankey_names_its_division_tasks_and_gives_each_its_room(corpus):
    """A walk: an exported image and a slide of the breakdown named the 22 key tasks and none of the division tasks they
    became, which the screen names on hover alone. The export names the 53 division tasks below key tasks
    (data/programmes/jn-ly-division.yaml: 1–53) by their code in the middle column, leaves the 58 work points and county
    tasks of the last unnamed, and is laid out on a larger canvas of the same shape, SANKEY_NODE_PX (14 px) a named node
    (720 px put them 10 px apart under 12 px names); the PNG keeps the shape's pixels. The figure on screen is unchanged."""
    from analytics.breakdown import breakdown_flows
    from ui.report.charts import sankey_chart
    from ui.report.style import SANKEY_NODE_PX

    fig = sankey_chart(corpus, breakdown_flows(corpus), "zh", "资料来源：x", "")
    exported = export_figure(fig, "省级重点任务的逐级分解", "", STAMP, "16:9")
    node = exported.data[0].node
    middle = sorted((label for x, label in zip(node.x, node.label) if x == 0.5), key=lambda label: int(label.split()[1]))
    assert middle == [f"分工 {n}" for n in range(1, 54)]
    assert [label for x, label in zip(node.x, node.label) if x == max(node.x)] == [""] * 58
    assert sum(map(bool, fig.data[0].node.label)) == 22  # on screen: the key tasks alone, the rest on hover
    plot = exported.layout.height - exported.layout.margin.t - exported.layout.margin.b
    assert plot >= 53 * SANKEY_NODE_PX and exported.layout.height > SHAPES["16:9"][1]
    assert exported.layout.width * 9 == exported.layout.height * 16  # the same shape
    assert Image.open(io.BytesIO(render(exported, "png", 2))).size == (2560, 1440)
    # the codes are the builder's, kept in the figure's meta, not cut from the hover (whose wording may change)
    reworded = go.Figure(fig)
    reworded.data[0].node.customdata = ["悬停"] * len(node.label)
    node = export_figure(reworded, "省级重点任务的逐级分解", "", STAMP, "16:9").data[0].node
    assert sorted((label for x, label in zip(node.x, node.label) if x == 0.5), key=lambda label: int(label.split()[1])) == \
        [f"分工 {n}" for n in range(1, 54)]
