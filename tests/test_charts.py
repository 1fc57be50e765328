"""Chart builders (ui/report/charts.py, ui/report/style.py): wrapping, titles, units and scales a briefing can use."""

from unittest.mock import patch

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from analytics.breakdown import breakdown_coverage, breakdown_flows
from analytics.network import document_timeline, pairing_network
from analytics.profile import programme_profile
from analytics.themes import distinctive_themes, theme_shares
from analytics.workload import department_workload
from ui.report.charts import (
    cite_drawn,
    HEATMAP_ROW_PX,
    _label_positions,
    coverage_chart,
    distinctive_chart,
    network_chart,
    ranking_chart,
    sankey_chart,
    source_line,
    theme_bars,
    theme_heatmap,
    theme_profile_chart,
    timeline_chart,
    workload_chart,
)
from ui.report.i18n import function_names, t
from ui.report.images import export_figure
from ui.report.style import (CHART_TEXT_PX, HALF_TEXT_PX, SOURCE_ANNOTATION, SOURCE_FONT_PX, SOURCE_LINE_EM, SUBTITLE_FONT_PX,
                             TITLE_FONT_PX, Source, _numeric_tick, _trace_values, chart_drawn_min_px, chart_width_css, drawn_px, enlarged, frame,
                             rows_px, side_margins, text_em, title_lines, wrap, wrap_entries)

SOURCE_ZH = ("资料来源：济南—临沂2023年工作要点（济政办字〔2023〕28号）；济南—临沂重点任务分工方案（济政办字〔2023〕28号）；"
             "济南—临沂实施方案（省）（鲁政办字〔2023〕31号）（仅提纲）；上城区—埇桥区工作方案（征求意见稿）；上海—三明实施方案（2023-01-19）；"
             "市中区—费县实施方案（市中政办字〔2023〕13号）；市中区—高唐县产业帮扶方案（2025-01-24）")
DOC_NUMBERS = ["济政办字〔2023〕28号", "鲁政办字〔2023〕31号", "市中政办字〔2023〕13号"]


def test_source_line_names_the_documents_and_not_the_tool(corpus):
    source = source_line(corpus, list(corpus.programmes.programme_id), "zh")
    assert source == SOURCE_ZH  # the seven short names and 文号 from data/programmes/*.yaml, in corpus order
    assert "对口合作方案比较" not in source


@pytest.mark.parametrize("width", range(12, 61, 4))
def test_source_lines_break_between_entries_never_inside_a_document_number(width):
    lines = wrap_entries(SOURCE_ZH, "zh", width)
    assert "".join(lines) == SOURCE_ZH
    for line in lines:
        for number in DOC_NUMBERS:
            if "〔" in line and number[:3] in line:
                assert number in line, line
        assert text_em(line) <= max(width, 15), line  # only a 文号 with its brackets (up to 15 em) may exceed a narrow width


def test_source_lines_end_at_an_entry_or_before_its_document_number():
    lines = wrap_entries(SOURCE_ZH, "zh", SOURCE_LINE_EM)
    for line, following in zip(lines, lines[1:]):
        assert line.endswith("；") or following.startswith("（"), (line, following)  # "28⏎号" never happens


@pytest.mark.parametrize("text, width, expected", [
    ("Shanghai–Sanming plan", 6, ["Shanghai–Sanming", "plan"]),  # a word longer than the width keeps its own line
    ("Shizhong–Gaotang industrial assistance plan", 10, ["Shizhong–Gaotang", "industrial", "assistance plan"]),
    ("市中区—高唐县产业帮扶方案", 6, ["市中区—高唐", "县产业帮扶方", "案"]),
    ("Jinan–Linyi plan (provincial)", 40, ["Jinan–Linyi plan (provincial)"]),
    # a short remark in brackets stays whole (a walk: "…工作方案（征求意见⏎稿）" on the heatmap's rows)
    ("上城区—埇桥区工作方案（征求意见稿）", 16, ["上城区—埇桥区工作方案", "（征求意见稿）"]),
    ("上城区—埇桥区工作方案（征求意见稿）", 6, ["上城区—埇桥", "区工作方案", "（征求意见稿）"]),
    ("甲（一二三四五六七）", 4, ["甲（一二", "三四五六", "七）"]),  # a longer remark breaks as any text
])
def test_labels_wrap_between_words_or_cjk_characters(text, width, expected):
    assert wrap(text, width) == expected


@pytest.mark.parametrize("text, width, expected", [
    # a heading cuts a word longer than its line: S 0.75 em + 8 more characters × 0.58 = 5.39 em, the next S (0.75) would
    # pass 6
    ("Shanghai–Sanming plan", 6, ["Shanghai–", "Sanming", "plan"]),
    ("A" * 30, 6, ["A" * 8] * 3 + ["A" * 6]),  # an attack: thousands of unbroken letters ran off the image; capitals 0.75 em
    ("W" * 13, 6, ["W" * 6, "W" * 6, "W"]),  # an attack: capital Ws, counted 0.58 em, ran 60 % past their line
    ("市中区—高唐县产业帮扶方案", 6, ["市中区—高唐", "县产业帮扶方", "案"]),  # CJK breaks anyway
    ("Shizhong–Gaotang industrial assistance plan", 10, ["Shizhong–Gaotang", "industrial", "assistance plan"]),
    # <br> typed in a title breaks the line there, counted as a line (an attack: drawn over the plot, counted as letters)
    ("第一行<br>第二行<br><br>第三行", 6, ["第一行", "第二行", "第三行"]),
    ("<br>" * 500, 6, [""]),  # never cut inside "<br>" (a stray "<br / >" was drawn over the source line)
    ("AAAAAAAAAAAA<br>B", 6, ["A" * 8, "AAAA", "B"]),
])
def test_headings_cut_a_word_wider_than_their_line(text, width, expected):
    assert wrap(text, width, hard=True) == expected
    # a title keeps three lines, the third ending in … when more were cut: six capitals (4.5 em) and … (1 em) fit 6 em
    assert title_lines(text, width) == (expected if len(expected) <= 3 else [*expected[:2], "A" * 6 + "…"])


# A chart's title, subtitle and source lines are wrapped once, on the server, for the narrowest the chart is drawn
# (style.CHART_MIN_PX, 600 px; a programme profile, drawn in half the page, 400), and its width rule keeps it that wide
# at any window width, so every line stays inside it. Titles used to wrap at 340 px on charts drawn 820 px wide.
@pytest.mark.parametrize("text_px, drawn_px", [(CHART_TEXT_PX, 600), (HALF_TEXT_PX, 400)])
def test_chart_text_is_wrapped_for_the_narrowest_the_chart_is_drawn(text_px, drawn_px):
    fig = frame(go.Figure(), "各方案主题分布" * 6, "Share of tasks per theme " * 8, Source("资料来源：" + "上海—三明实施方案；" * 12, lang="zh"),
                text_px=text_px)
    lines = [(line, px) for text, px in ((fig.layout.title.text, TITLE_FONT_PX), (fig.layout.title.subtitle.text, SUBTITLE_FONT_PX),
                                        (fig.layout.annotations[0].text, SOURCE_FONT_PX)) for line in text.split("<br>")]
    widest = max(text_em(line) * px for line, px in lines)
    assert text_px - 2 * TITLE_FONT_PX < widest <= text_px  # the lines use the width they have, and no more
    assert chart_drawn_min_px(fig) == drawn_px
    rules = chart_width_css("themes-theme_heatmap", chart_drawn_min_px(fig), 850)
    at_any_width, on_a_phone = rules.split("@media (max-width")[:2]
    assert f"min-width: {drawn_px}px" in at_any_width and "min-width: 850px" in on_a_phone


def test_exported_image_names_the_tool_once(corpus):
    programmes = list(corpus.programmes.programme_id)
    fig = theme_bars(corpus, theme_shares(corpus, programmes), "share", "zh", source_line(corpus, programmes, "zh"), "占比")
    stamp = "数据版本 abc12345 · 导出于 2026-11-30 · 对口合作方案比较"
    out = export_figure(fig, "标题", "副标题", stamp, "16:9")
    drawn = " ".join(a.text for a in out.layout.annotations) + out.layout.title.text
    assert drawn.count("对口合作方案比较") == 1
    assert all(number in drawn.replace("<br>", "") for number in DOC_NUMBERS)


@pytest.mark.parametrize("by, lang, title", [
    ("function", "zh", "各职能部门任务量"), ("unit", "zh", "各单位任务量"),
    ("function", "en", "Tasks per department function"), ("unit", "en", "Tasks per body"),
])
def test_ranking_title_follows_the_function_or_body_switch(corpus, by, lang, title):
    workload = department_workload(corpus, ["szq-gt"], by=by)
    if by == "function":
        workload = workload.assign(name=workload.function.map(function_names(corpus, lang)))
    fig = workload_chart(workload, by, lang, "资料来源：x", "sub")
    assert fig.layout.meta["title"] == title


# The rows follow their bars. seeds/szq-gt.txt's 责任单位 clauses (every role "responsible", one task per clause):
# 发展改革局 in tasks 1, 2, 9, 11, 14, 15, 16, 18 (8); 工业和信息化局 in 2, 9, 16, 科技局 in 5, 12, 16, 财政局 in 8, 9, 16 and
# 商务 (市中区商务局, 高唐县商务和投资促进局) in 4, 6, 16 (3 each); 市中财金/城投/城发集团 and 高唐宏基 in 3 and 16 only (2 tasks, but
# four bodies each time: the analysis's weighted index, 8, ranked 国有企业 second, above the four functions with 3).
# 济南—临沂's 2023 work points (jn-ly-2023): 交通运输 4 tasks (weighted 14, many bodies), 人民政府 8 and 工业和信息化 7.
# The chart draws 15 rows and says how many it leaves out: 高唐县's plan names bodies of 17 functions (35 bodies), the 2023
# work points 35 functions (a helper's walk: the chart showed 15 and said nothing of the others).
@pytest.mark.parametrize("programme, lang, first, then, below, subtitle", [
    ("szq-gt", "zh", "发展改革", {"工业和信息化", "科技", "商务", "财政"}, "国有企业与投融资平台",
     "按角色堆叠：牵头 / 责任单位 / 参与配合；按三种角色的任务数合计排序；仅列任务最多的 15 个，其余 2 个未列出"),
    ("szq-gt", "en", "Development & reform", {"Industry & information technology", "Science & technology", "Commerce",
                                              "Finance bureau"}, "State-owned enterprises & financing platforms",
     "Stacked by role: lead / responsible / support; ordered by the total of the three roles; the 15 largest shown; "
     "2 more left out"),
    # …and the 15th bar (3 tasks) ties with one left out (农业农村 and 国有企业 both name 3 of the 2023 work points)
    ("jn-ly-2023", "zh", "发展改革", {"人民政府", "工业和信息化"}, "交通运输",
     "按角色堆叠：牵头 / 责任单位 / 参与配合；按三种角色的任务数合计排序；仅列任务最多的 15 个，其余 20 个未列出；其中 1 个与末行并列（3 项）"),
], ids=["szq-gt-zh", "szq-gt-en", "jn-ly-2023-zh"])
def test_ranking_rows_follow_their_bars_and_the_subtitle_says_so(corpus, programme, lang, first, then, below, subtitle):
    """A function with 2 tasks sat above functions with 3 on 高唐县's plan, and nothing on the chart said why (a reviewer)."""
    workload = department_workload(corpus, [programme], by="function")
    fig = ranking_chart(corpus, workload, "function", lang, "src", t("workload_sub", lang))
    rows = [" ".join(str(y).split("<br>")).replace("&amp;", "&") for y in fig.data[0].y][::-1]  # top row first
    rows = [" ".join(row.split()) for row in rows]
    totals = [sum(trace.x[::-1][i] for trace in fig.data) for i in range(len(rows))]
    assert rows[0] == first and set(rows[1:1 + len(then)]) == then
    assert rows.index(below) > len(then)
    assert totals == sorted(totals, reverse=True)  # longest bar first, all the way down
    assert fig.layout.meta["subtitle"] == subtitle


# An axis of differences: a sign before each gain and loss, 0 bare (a walk: plotly's "+d" format wrote "+0"), on a round
# step from below the least value to above the greatest, 0 always among them.
@pytest.mark.parametrize("values, ticks, texts", [
    ([-12.3, 8.1], [-15, -10, -5, 0, 5, 10], ["−15", "−10", "−5", "0", "+5", "+10"]),  # 20.4 / 6 = 3.4: a step of 5
    ([25, 40], [0, 10, 20, 30, 40], ["0", "+10", "+20", "+30", "+40"]),  # 40 / 6 = 6.7: 10; from 0
    ([0.3, 1.2], [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2], ["0", "+0.2", "+0.4", "+0.6", "+0.8", "+1", "+1.2"]),
    ([-3, -1], [-3, -2.5, -2, -1.5, -1, -0.5, 0], ["−3", "−2.5", "−2", "−1.5", "−1", "−0.5", "0"]),
    ([float("nan"), 5], [0, 1, 2, 3, 4, 5], ["0", "+1", "+2", "+3", "+4", "+5"]),  # a gap not measured is no value
    ([], [0], ["0"]),
])
def test_signed_ticks_sign_gains_and_losses_and_leave_zero_bare(values, ticks, texts):
    from ui.report.style import signed_ticks

    assert signed_ticks(values) == (ticks, texts)


@pytest.mark.parametrize("lang, unit", [("zh", "百分点"), ("en", "percentage points")])
def test_distinctive_chart_names_points_in_the_readers_language(corpus, lang, unit):
    fig = distinctive_chart(corpus, distinctive_themes(corpus, group="pairing"), lang, "资料来源：x")
    assert fig.layout.xaxis.title.text == unit
    assert all(unit in trace.hovertemplate and " pp" not in trace.hovertemplate for trace in fig.data)
    assert "-0" not in fig.layout.meta["caption"]
    assert "0" in fig.layout.xaxis.ticktext and not {"+0", "−0"} & set(fig.layout.xaxis.ticktext)
    # the legend has room for every theme: at least one 22 px entry per theme beside the plot
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert plot_px >= 22 * len(fig.data)


def test_side_by_side_profiles_share_one_percentage_scale(corpus):
    """市中区—费县's largest primary theme is industry, 3 of 17; 市中区—高唐县's industry, 6 of 18 (hand-counted)."""
    figs = {}
    for pid in ("szq-fx", "szq-gt"):
        themes = programme_profile(corpus, pid).themes
        figs[pid] = theme_profile_chart(corpus, themes, "zh", "资料来源：x", pid, scale_to=6 / 18)
    for pid, fig in figs.items():
        bars = fig.data[0]
        assert fig.layout.xaxis.tickformat == ".0%"
        assert all(label == f"{value:.0%}" for label, value in zip(bars.text, bars.x))  # bar labels in the axis's unit
    assert figs["szq-fx"].layout.xaxis.range == figs["szq-gt"].layout.xaxis.range
    assert max(figs["szq-fx"].data[0].x) == pytest.approx(3 / 17)


@pytest.mark.parametrize("lang, programmes, upright", [
    ("zh", ["szq-fx", "szq-gt"], True),
    ("en", ["szq-fx", "szq-gt"], True),
    ("en", None, False),  # seven long English names cannot stand side by side: horizontal bars
])
def test_grouped_bars_turn_horizontal_when_names_do_not_fit(corpus, lang, programmes, upright):
    shares = theme_shares(corpus, programmes)
    fig = theme_bars(corpus, shares, "share", lang, "资料来源：x", "sub")
    assert all((trace.orientation == "v") == upright for trace in fig.data)
    if upright:
        assert all(len(line) > 1 for trace in fig.data for label in trace.x for line in label.split("<br>"))


# Rows are equally tall: per row, half the line height (18 px) per line of the tallest pair of neighbours, plus 6 px.
# The bottom label counts as its own neighbour below, where the x axis's tick labels are (plotly draws the first
# category at the bottom, the last on a reversed axis). Two lines at the bottom: (2 + 2) × 9 + 6 = 42 px a row; the
# pairs alone gave (2 + 1) × 9 + 6 = 33, and the workload chart's "Human resources & social security" ran into its "0".
@pytest.mark.parametrize("labels, top_down, row_px", [
    (["Human resources &<br>social security", "Transport", "Commerce"], False, 42),  # two lines at the bottom
    (["Human resources &<br>social security", "Transport", "Commerce"], True, 33),  # at the top: the pair decides
    (["Transport", "Commerce", "Human resources &<br>social security"], True, 42),  # reversed: the last is at the bottom
    (["Transport", "Commerce"], False, 24),  # one line each: 2 × 9 + 6
    (["a<br>b", "c<br>d<br>e"], True, 6 * 9 + 6),  # a three-line bottom: 54 + 6 (the pair: 45 + 6)
    (["a<br>b"], False, 42),  # one row
    ([], False, 0),
])
def test_rows_px_keeps_the_bottom_label_clear_of_the_x_axis(labels, top_down, row_px):
    assert rows_px(labels, top_down=top_down) == row_px * len(labels)


@pytest.mark.parametrize("programmes", [["szq-fx"], ["szq-fx", "szq-gt"], None])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heatmap_rows_keep_their_height(corpus, programmes, lang):
    fig = theme_heatmap(corpus, theme_shares(corpus, programmes), "share", lang, "资料来源：x", "sub")
    rows = len(fig.data[0].y)
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert plot_px >= HEATMAP_ROW_PX * rows - 40  # the bottom gap under the last row is part of the margin


def test_sankey_names_only_the_key_tasks(corpus):
    flows = breakdown_flows(corpus)
    fig = sankey_chart(corpus, flows, "zh", "资料来源：x", "sub")
    assert fig.layout.meta["subtitle"] == "省级重点任务 → 分工方案任务 → 2023年工作要点 / 区县方案任务 · sub"  # the note joins it
    assert type(fig.layout.height) is int and fig.layout.height > 800  # Streamlit drops a numpy height and draws 450 px
    named = [label for label in fig.data[0].node.label if label]
    assert len(named) == 22 and "（一）传承践行红色精神" in named
    column = [x for x, label in zip(fig.data[0].node.x, fig.data[0].node.label) if label]
    steps = sorted(y for y, label in zip(fig.data[0].node.y, fig.data[0].node.label) if label)
    assert set(column) == {0.001} and min(b - a for a, b in zip(steps, steps[1:])) == pytest.approx(1 / 22)  # evenly apart
    hover = fig.data[0].node.customdata[list(fig.data[0].node.label).index("（一）传承践行红色精神")]
    assert hover.count("传承践行红色精神") == 2  # the node's name, then its text once  # the heading once, not "传承践行红色精神。传承践行红色精神"


@pytest.mark.parametrize("programmes, lang, title, named, unnamed, first", [
    # the provincial plan chosen: its 22 key tasks named, the 69 tasks below them on hover (as before)
    (["jn-ly-provincial", "jn-ly-division", "szq-fx"], "zh", "省级重点任务的逐级分解", 22, 69, "（一）传承践行红色精神"),
    # a division plan and 费县's, no provincial plan (a reviewer): the left-hand column, the 29 division tasks 费县's 15
    # tasks carry down (data/programmes/szq-fx.yaml), had no names; division task 1 opens "深入挖掘沂蒙精神丰富内涵"
    (["jn-ly-division", "szq-fx"], "zh", "分工方案任务的逐级分解", 29, 15, "分工 1 深入挖掘沂蒙精神丰富…"),
    (["jn-ly-division", "szq-fx"], "en", "How division-plan tasks break down", 29, 15, "Div. 1 深入挖掘沂蒙精神丰富…"),
])
def test_sankey_names_every_task_of_its_left_hand_column(corpus, programmes, lang, title, named, unnamed, first):
    fig = sankey_chart(corpus, breakdown_flows(corpus, programmes), lang, "资料来源：x", "")
    node = fig.data[0].node
    assert (sum(map(bool, node.label)), sum(not label for label in node.label)) == (named, unnamed)
    assert fig.layout.meta["title"] == title
    left = min(node.x)
    assert left == 0.001 and all(label for x, label in zip(node.x, node.label) if x == left)  # the left edge: all named
    assert not any(label for x, label in zip(node.x, node.label) if x != left)  # lower levels on hover only
    assert node.label[0] == first


@pytest.mark.parametrize("programmes, lang, legend", [
    # the provincial plan, the division plan (its 2023 work points a plan of their own) and 费县's: every level
    (["jn-ly-provincial", "jn-ly-division", "jn-ly-2023", "szq-fx"], "zh", ["省级重点任务", "分工方案", "2023年工作要点", "区县方案"]),
    (["jn-ly-division", "szq-fx"], "en", ["Division plan", "County plan"]),  # the two levels drawn
])
def test_sankey_names_the_colour_of_each_level_it_draws(corpus, programmes, lang, legend):
    """A walk: the Sankey's blue, orange and green blocks were named nowhere (the coverage chart below has a legend)."""
    from ui.report.style import TIER_COLOURS

    fig = sankey_chart(corpus, breakdown_flows(corpus, programmes), lang, "资料来源：x", "")
    entries = [trace for trace in fig.data if trace.type == "scatter" and trace.showlegend is not False]
    assert [trace.name for trace in entries] == legend and fig.layout.showlegend
    assert {trace.marker.color for trace in entries} <= set(TIER_COLOURS.values())
    assert set(fig.data[0].node.color) == {trace.marker.color for trace in entries}  # the colours the blocks are drawn in


def test_sankey_without_a_provincial_plan_says_what_it_starts_from(corpus):
    fig = sankey_chart(corpus, breakdown_flows(corpus, ["jn-ly-division", "szq-fx"]), "zh", "资料来源：x", "")
    assert fig.layout.meta["subtitle"] == "分工方案任务 → 2023年工作要点 / 区县方案任务（所选方案中没有省级方案）"
    assert fig.layout.meta["caption"] == "29项分工方案任务在所选方案中分解为15项下级任务。"
    assert sorted(set(fig.data[0].node.x)) == [0.001, 0.999]  # two columns, from edge to edge (the left third was empty)


def test_sankey_beyond_its_key_task_limit_draws_the_first_with_all_below_them(corpus):
    # Limit 2: （一） and （二） of the 22 key tasks; （二） holds division tasks 4 and 5, both advanced by work point 3
    # and carried to no county task (tests/test_breakdown.py), so its part is those 3 nodes.
    with patch("ui.report.charts.BREAKDOWN_MAX_KEYS", 2):
        fig = sankey_chart(corpus, breakdown_flows(corpus), "zh", "资料来源：x", "sub")
    named = [label for label in fig.data[0].node.label if label]
    assert named == ["（一）传承践行红色精神", "（二）保护利用烈士纪念设施和革命文物"]
    assert fig.layout.meta["subtitle"] == "省级重点任务 → 分工方案任务 → 2023年工作要点 / 区县方案任务 · sub · 仅列前 2 项重点任务，其余 20 项见下表"
    full = sankey_chart(corpus, breakdown_flows(corpus), "zh", "资料来源：x", "sub")
    assert full.layout.meta["subtitle"].endswith("区县方案任务 · sub") and len(full.data[0].link.source) == 161


def test_coverage_beyond_its_limit_draws_the_first_key_tasks_and_names_a_few_gaps(corpus):
    # 22 key tasks, 5 not carried to the county plan: （二）（七）(十五)(十八)（十九）, numbered as printed (tests/test_breakdown.py).
    coverage = breakdown_coverage(corpus)
    with patch("ui.report.charts.BREAKDOWN_MAX_KEYS", 3), patch("ui.report.charts.COVERAGE_IDS_NAMED", 2):
        fig = coverage_chart(coverage, "zh", "资料来源：x", "某方案的分解")
    assert list(fig.data[0].y) == ["（三） 推动红色旅游融合发展", "（二） 保护利用烈士纪念设施和革命文物", "（一） 传承践行红色精神"]
    assert fig.layout.meta["subtitle"] == "每项重点任务在下级方案中对应的任务数 · 某方案的分解 · 仅列前 3 项重点任务，其余 19 项见下表"
    assert fig.layout.meta["caption"] == "22项省级重点任务中，17项已落到区县方案，5项未落到区县：（二）、（七）等（另有 3 项）。"
    english = coverage_chart(coverage, "en", "Source: x")
    assert len(english.data[0].y) == 22 and english.layout.meta["subtitle"] == (
        "Tasks in lower-level plans per key task · task titles as in the source documents (Chinese)")  # quoted, not translated
    assert english.layout.meta["caption"].endswith("5 do not: （二）, （七）, (十五), (十八), （十九）.")  # as numbered in the data


def test_timeline_names_documents_on_the_axis(corpus):
    fig = timeline_chart(document_timeline(corpus), "zh", "资料来源：x")
    names = [name for trace in fig.data for name in trace.y]
    assert len(names) == 7 and sum("未注明日期" in n.replace("<br>", "") for n in names) == 2  # jn-ly-provincial and sc-yq carry no date
    assert all(trace.mode == "markers" for trace in fig.data)  # no text beside dots to run off the edge


def test_network_names_are_drawn_above_every_dot(corpus):
    nodes, edges = pairing_network(corpus)
    fig = network_chart(nodes, edges, "zh", "资料来源：x")
    assert fig.data[-1].mode == "markers+text" and fig.data[-1].marker.opacity == 0
    assert set(fig.data[-1].text) == {"济南市", "临沂市", "上海市", "三明市", "杭州市", "宿州市"}
    placed = dict(zip(fig.data[-1].text, fig.data[-1].textposition))
    assert placed["临沂市"] != "middle right"  # 莒南县's dot lies just right of 临沂市


@pytest.mark.parametrize(
    ("others", "expected"),
    [
        ([], "middle right"),  # nothing near: right of the dot
        ([(1.0, 0.0)], "middle left"),  # a dot just right of it (30 px at 30 px/°): the name goes left
        ([(1.0, 0.0), (-1.0, 0.0)], "bottom center"),  # dots both sides: below
        ([(1.0, 0.0), (-1.0, 0.0), (0.0, -0.5)], "top center"),  # and one below: above
    ],
)
def test_network_names_go_where_no_dot_is(others, expected):
    """A name's box (12 px per em) is put on the first side, in the order right, left, below, above, that
    covers no other dot; the dots are 14 px squares. Worked out on a grid of 30 px per degree."""
    rows = [("甲市", 0.0, 0.0)] + [(f"乙{i}县", lon * 1.15, lat) for i, (lon, lat) in enumerate(others)]
    nodes = pd.DataFrame(rows, columns=["zh", "lon", "lat"])
    assert _label_positions(nodes, nodes.iloc[:1], ["甲市"], px_per_degree=30.0)[0] == [expected]


@pytest.mark.parametrize(
    ("lon", "expected", "overhang"),
    [
        # Three dots 30 px apart on a line (0, 30, 60 px), the named one at the left end, its name 20
        # characters (240 px). Right of the dot (9..249 px) it crosses both other dots (2 × 14 × 14 = 392)
        # and reaches 189 px past the last one: (189 − 40 pad) × 16 = 2384. Left: 249 px past, worse. Below
        # (−120..120 px, no dot) reaches 120 px left and 60 right: (80 + 20) × 16 = 1600, the least. The
        # margins grow by what still reaches past, ÷ 0.75, + 4: left 120 → 164, right 60 → 84, bottom 24 → 36.
        (0.0, "bottom center", (164, 84, 0, 36)),
        # The named dot in the middle (30 px): right or left cross one dot (196) and reach 219 px past the
        # end ((219 − 40) × 16 = 2864); below reaches 90 px each way: 2 × 50 × 16 = 1600. Margins 90 → 124.
        (1.0, "bottom center", (124, 124, 0, 36)),
    ],
)
def test_a_long_network_name_stays_near_the_dots_and_gets_margin(lon, expected, overhang):
    rows = [("甲" * 20, lon * 1.15, 0.0)] + [(f"乙{i}县", x * 1.15, 0.0) for i, x in enumerate(v for v in (0.0, 1.0, 2.0) if v != lon)]
    nodes = pd.DataFrame(rows, columns=["zh", "lon", "lat"])
    assert _label_positions(nodes, nodes.iloc[:1], ["甲" * 20], px_per_degree=30.0) == ([expected], overhang)


@pytest.mark.parametrize(("lang", "theme", "expected"), [
    ("zh", "red_culture", "红色<br>文化"),  # stacked two characters a line, read upright
    ("zh", "mechanism", "机制<br>与<br>营商<br>环境"),  # between the registry's words (zh_words): it was 机制/与营/商环/境
    ("zh", "urbanization", "新型<br>城镇<br>化"),  # no words declared: any two characters
    ("en", "mechanism", "Mechanisms & business environment"),  # one vertical line: two would overlap the next column
])
def test_heatmap_column_labels(corpus, lang, theme, expected):
    from ui.report.charts import theme_column_labels

    assert theme_column_labels(corpus, lang)[theme] == expected


@pytest.mark.parametrize(("words", "width", "lines"), [
    (["机制", "与", "营商", "环境"], 2, ["机制", "与", "营商", "环境"]),
    (["机制", "与", "营商", "环境"], 3, ["机制与", "营商", "环境"]),
    (["新型", "城镇化"], 2, ["新型", "城镇", "化"]),  # a word wider than a line is wrapped on its own
    (["新型城镇化"], 5, ["新型城镇化"]),
])
def test_wrap_words_breaks_only_between_words(words, width, lines):
    from ui.report.style import wrap_words

    assert wrap_words(words, width) == lines


@pytest.mark.parametrize(("limit", "named", "unnamed"), [
    (4, ["甲市", "乙市", "丙市", "丁市"], 0),  # at the limit: every city named
    (2, ["甲市", "丙市"], 2),  # 丙 in 3 pairings, 甲 in 2 (乙 also 2, 甲 comes first), 丁 in 1
    (1, ["丙市"], 3),
])
def test_network_names_at_scale_the_most_paired(limit, named, unnamed):
    """Issue 15: beyond a readable number of names, the places in most pairings are named (ties: the
    earlier), the rest on hover, and the subtitle says how many are not named."""
    nodes = pd.DataFrame({"place_id": list("abcdx"), "zh": ["甲市", "乙市", "丙市", "丁市", "戊县"], "en": list("ABCDX"),
                          "level": ["city"] * 4 + ["county"], "lat": [30.0, 31, 32, 33, 34], "lon": [110.0, 111, 112, 113, 114],
                          "role": ["helper", "helper", "both", "recipient", "recipient"]})
    # Pairings: a–c, a–d, b–c, b–x, c–x: a 2, b 2, c 3, d 1 (x is a county: never named).
    edges = pd.DataFrame({"pairing_id": ["p1", "p2", "p3", "p4", "p5"], "helper": list("aabbc"), "recipient": list("dccxx"),
                          "type": ["对口合作"] * 5, "documents": [()] * 5, "programmes": [()] * 5, "note": [None] * 5})
    with patch("ui.report.charts.NETWORK_MAX_NAMES", limit):
        fig = network_chart(nodes, edges, "zh", "资料来源：x")
    assert list(fig.data[-1].text) == named
    note = f"仅标注 {len(named)} 个城市和省份（结对最多、名称互不遮挡者），其余 {unnamed} 个的名称见悬停提示"
    assert (note in fig.layout.meta["subtitle"]) == bool(unnamed)
    markers = [name for trace in fig.data if trace.mode == "markers" for name in trace.hovertext]
    assert sorted(markers) == sorted(nodes.zh)  # every place still has its dot and its name on hover


@pytest.mark.parametrize(("limit", "rows", "note"), [
    (5, ["A", "B", "C", "D", "E"], None),  # at the limit: every document, undated last
    (3, ["A", "B", "C"], "仅列最近印发的 3 份，其余 2 份未逐一列出"),  # the three dated ones; both undated left out
    (2, ["B", "C"], "仅列最近印发的 2 份，其余 3 份未逐一列出"),  # the two latest: A (2023-05) is the oldest
    (4, ["A", "B", "C", "D"], "仅列最近印发的 4 份，其余 1 份未列出"),  # room left: the first undated one; one left out: "未列出"
])
def test_timeline_at_scale_lists_the_latest(limit, rows, note):
    """Issue 15: one row per document is unreadable for hundreds; the most recently issued stay and the
    subtitle says how many are not listed; the caption still spans every selected document."""
    days = [pd.Timestamp("2023-05-01"), pd.Timestamp("2024-01-10"), pd.Timestamp("2024-06-30"), pd.NaT, pd.NaT]
    timeline = pd.DataFrame({"programme_id": list("abcde"), "short_zh": ["X", "B", "C", "D", "E"], "short_en": list("XBCDE"),
                             "issued": days})
    timeline.loc[0, "short_zh"] = "A"
    with patch("ui.report.charts.TIMELINE_MAX_ROWS", limit):
        fig = timeline_chart(timeline, "zh", "资料来源：x")
    drawn = [str(name).replace("<br>", "").removesuffix("（未注明日期）") for trace in fig.data for name in trace.y]
    assert drawn == rows  # dated in date order, then undated (D and E carry no date)
    assert (note in fig.layout.meta["subtitle"]) if note else ("仅列" not in fig.layout.meta["subtitle"])
    assert fig.layout.meta["caption"] == "所选5份文件的印发时间从2023-05到2024-06。"


@pytest.mark.parametrize("limit, text", [
    (7, SOURCE_ZH),  # every document named, as today
    (6, "资料来源：济南—临沂2023年工作要点（济政办字〔2023〕28号）；济南—临沂重点任务分工方案（济政办字〔2023〕28号）；"
        "济南—临沂实施方案（省）（鲁政办字〔2023〕31号）（仅提纲）；及其余 4 份文件"),  # beyond the limit: the first three
])
def test_source_line_at_scale_names_the_first_and_counts_the_rest(corpus, limit, text):
    """Issue 15: at 100× a source line naming 700 documents ran to hundreds of lines under every chart, and
    naming the first twelve took thirteen lines."""
    with patch("ui.report.charts.SOURCE_MAX_DOCUMENTS", limit):
        source = source_line(corpus, list(corpus.programmes.programme_id), "zh")
    assert source == text
    assert source.programmes == tuple(corpus.programmes.programme_id)  # the pack still lists every document


@pytest.mark.parametrize("drawn, with_corpus, first, ids", [
    # rows that are programmes: theirs first, then the rest as chosen
    (["szq-gt", "sc-yq"], False, "市中区—高唐县产业帮扶方案（2025-01-24）；上城区—埇桥区工作方案（征求意见稿）；上海—三明实施方案（2023-01-19）；"
     "及其余 4 份文件",
     ["szq-gt", "sc-yq", "sh-sm", "jn-ly-2023", "jn-ly-division", "jn-ly-provincial", "szq-fx"]),
    # rows that are pairings: the programmes of 市中区—费县, then of 济南—临沂 (three), in the chosen order
    (["shizhong-feixian", "jinan-linyi"], True, "市中区—费县实施方案（市中政办字〔2023〕13号）；济南—临沂2023年工作要点（济政办字〔2023〕28号）；"
     "济南—临沂重点任务分工方案（济政办字〔2023〕28号）；及其余 4 份文件",
     ["szq-fx", "jn-ly-2023", "jn-ly-division", "jn-ly-provincial", "sh-sm", "sc-yq", "szq-gt"]),
    # the pooled row and a pairing without the corpus name no document: the order stays
    (["__others__", "jinan-linyi"], False, None, None),
])
def test_source_at_scale_names_the_rows_drawn_first(corpus, drawn, with_corpus, first, ids):
    """A walk at 100×: each source line named the corpus's first documents, not those of the rows on the chart."""
    chosen = ["sh-sm", "jn-ly-2023", "jn-ly-division", "jn-ly-provincial", "sc-yq", "szq-fx", "szq-gt"]
    with patch("ui.report.charts.SOURCE_MAX_DOCUMENTS", 6):
        source = source_line(corpus, chosen, "zh")
        cited = cite_drawn(source, drawn, corpus if with_corpus else None)
    assert cited == ("资料来源：" + first if first else source)
    assert cited.programmes == tuple(ids or chosen)  # every document still carried, for the pack
    assert cited.lang == "zh"


def test_source_within_the_limit_is_not_reordered(corpus):
    source = source_line(corpus, list(corpus.programmes.programme_id), "zh")
    assert cite_drawn(source, ["szq-gt"], corpus) is source  # every document named already, in the order chosen


@pytest.mark.parametrize("lang, name", [("zh", "发展改革"), ("en", "Development")])
def test_ranking_names_functions_in_the_readers_language(corpus, lang, name):
    # seeds/szq-gt.txt: 发展改革局 is named in 8 of the plan's tasks, the most of any function
    workload = department_workload(corpus, ["szq-gt"], by="function")
    labels = [str(y) for trace in ranking_chart(corpus, workload, "function", lang, "src", "sub").data for y in trace.y]
    assert any(name in label for label in labels)
    assert not any("development_reform" in label for label in labels)  # never the raw id


@pytest.mark.parametrize(("limit", "drawn", "note"), [
    (5, ["甲市", "乙市", "丙市", "丁市", "戊县"], None),  # at the limit: every place and pairing drawn
    # 丙 in 3 pairings, 甲 and 乙 in 2 (甲 first), 戊 in 2 (after 乙), 丁 in 1: kept 甲 乙 丙; drawn a–c, b–c;
    # left out 丁 and 戊 and the pairings a–d, b–x, c–x
    (3, ["甲市", "乙市", "丙市"], "仅画出结对最多的 3 个地点，其余 2 个地点及其 3 对结对未画出"),
    (4, ["甲市", "乙市", "丙市", "戊县"], "仅画出结对最多的 4 个地点，其余 1 个地点及其 1 对结对未画出"),
])
def test_network_dots_at_scale_the_most_paired(limit, drawn, note):
    """Issue 15: beyond a readable number of dots, the places in most pairings and the pairings between them
    are drawn, and the subtitle says how many places and pairings are not; the caption counts every pairing."""
    nodes = pd.DataFrame({"place_id": list("abcdx"), "zh": ["甲市", "乙市", "丙市", "丁市", "戊县"], "en": list("ABCDX"),
                          "level": ["city"] * 4 + ["county"], "lat": [30.0, 31, 32, 33, 34], "lon": [110.0, 111, 112, 113, 114],
                          "role": ["helper", "helper", "both", "recipient", "recipient"]})
    edges = pd.DataFrame({"pairing_id": ["p1", "p2", "p3", "p4", "p5"], "helper": list("aabbc"), "recipient": list("dccxx"),
                          "type": ["对口合作"] * 5, "documents": [()] * 5, "programmes": [("x",), (), (), (), ()], "note": [None] * 5})
    with patch("ui.report.charts.NETWORK_MAX_PLACES", limit):
        fig = network_chart(nodes, edges, "zh", "资料来源：x")
    markers = [name for trace in fig.data if trace.mode == "markers" for name in trace.hovertext]
    assert sorted(markers) == sorted(drawn)
    lines = [v for trace in fig.data if trace.mode == "lines" for v in trace.x if v is not None]
    assert len(lines) == 2 * {5: 5, 3: 2, 4: 4}[limit]  # two ends per drawn pairing
    assert (note in fig.layout.meta["subtitle"]) if note else ("仅画出" not in fig.layout.meta["subtitle"])
    assert fig.layout.meta["caption"] == "5对结对关系中，1对有方案收录在本库。"


# Bodies tied for the top (a reviewer): seeds/szq-gt.txt names 市中区发展改革局 (济南市市中区发展和改革局 in the registry) and
# 高唐县发展和改革局 together in the 责任单位 of tasks 1, 2, 9, 11, 14, 15, 16, 18: 8 each, the longest two bars. The finding
# named 高唐县's alone ("承担任务最多"). Names in the analysis's order, which equal bars keep.
@pytest.mark.parametrize("programme, lang, finding", [
    ("szq-gt", "zh", "高唐县发展和改革局、济南市市中区发展和改革局并列承担任务最多，各8项。"),
    ("szq-gt", "en", "高唐县发展和改革局 and 济南市市中区发展和改革局 carry the most tasks, 8 each."),  # a walk: "A, B carry" read as one
])
def test_a_workload_finding_names_bars_tied_for_the_top_together(corpus, programme, lang, finding):
    fig = workload_chart(department_workload(corpus, [programme], by="unit"), "unit", lang, "资料来源：x", "sub")
    assert fig.layout.meta["caption"] == finding


@pytest.mark.parametrize("totals, finding", [
    ([5, 5, 5, 5, 2], "a、b、c、d并列承担任务最多，各5项。"),  # four named: "and 1 more" hid a name that took no more room
    ([5, 5, 5, 5, 5], "a、b、c及其他2个并列承担任务最多，各5项。"),  # beyond four: three named, the others counted
    ([5, 4], "a承担任务最多：牵头0项、负责5项、配合0项。"),  # one longest bar: its roles
])
def test_a_workload_finding_names_at_most_three_tied_rows(totals, finding):
    workload = pd.DataFrame({"name": list("abcde"[:len(totals)]), "lead": 0, "responsible": totals, "support": 0})
    assert workload_chart(workload, "unit", "zh", "资料来源：x", "sub").layout.meta["caption"] == finding


# Widths worked out from GLYPH_EM (thousandths of an em: a .563, b .618, R .635, u .607, r .388, l .284, < > 0–9 .555,
# % .921, - .347, — .894; CJK 1 em) × font px × MARGIN_SLACK 1.04, rounded.
@pytest.mark.parametrize("text, font_px, expected", [
    ("ab", 14, 17),  # 1.181 em × 14 = 16.53 × 1.04 = 17.2
    ("红色文化", 14, 58),  # 4 em = 56 × 1.04 = 58.2
    ("Rural<br>红色", 14, 36),  # the wider line: Rural 2.477 em = 34.68 × 1.04 = 36.1
    ("&lt;b&gt;", 14, 25),  # escaped data text measured as drawn, "<b>": 1.728 em = 24.19 × 1.04 = 25.2
    ("10%", 20, 42),  # 2.031 em × 20 = 40.62 × 1.04 = 42.2
])
def test_drawn_px_measures_a_label_by_its_fonts_widths(text, font_px, expected):
    assert drawn_px(text, font_px) == expected


@pytest.mark.parametrize("value, tickformat, expected", [
    (1.0, ".0%", "100%"), (0.25, ".0%", "25%"), (12_400, None, "12k"), (-11, None, "−11"), (7, "+d", "+7"),
    (3.2, None, "0.5"), (44, None, "44"),
])
def test_numeric_tick_is_the_widest_label_plotly_draws_up_to_a_value(value, tickformat, expected):
    assert _numeric_tick(value, tickformat) == expected


# a typed-array spec as plotly.py writes it ("Ayg=" is the bytes 3, 40), and ones no figure of ours holds
@pytest.mark.parametrize("values, expected", [
    ({"dtype": "i1", "bdata": "Ayg="}, [3, 40]), ({"dtype": "zz", "bdata": "Ayg="}, None), ({"dtype": "i1", "bdata": "!"}, None),
    ({"dtype": "i1"}, None), (["a", "b"], ["a", "b"]), (None, None),
])
def test_trace_values_decodes_typed_arrays_and_gives_up_on_anything_else(values, expected):
    assert _trace_values({"x": values}, "x") == expected


def _hbars(barmode="group"):
    fig = go.Figure([go.Bar(y=["红色文化", "乡村振兴"], x=[3, 40], orientation="h", name="牵头"),
                     go.Bar(y=["红色文化", "乡村振兴"], x=[5, 2], orientation="h", name="参与")])
    return fig.update_layout(barmode=barmode)


def _hbars_read_back():
    """The same bars as a briefing pack keeps them, JSON read back (ui.report.pack): numbers as typed-array specs."""
    fig = go.Figure([go.Bar(y=["红色文化", "乡村振兴"], x=np.array([3, 40]), orientation="h", name="牵头"),
                     go.Bar(y=["红色文化", "乡村振兴"], x=np.array([5.0, 2.0]), orientation="h", name="参与")])
    return pio.from_json(fig.to_json())


def _timeline():
    fig = go.Figure(go.Scatter(x=[pd.Timestamp("2023-07-01")], y=["上城区"], mode="markers"))
    return fig.update_xaxes(tickformat="%Y-%m")


def _shares():
    fig = go.Figure([go.Bar(x=["省级", "市级"], y=[0.6, 0.3], name="红色文化"), go.Bar(x=["省级", "市级"], y=[0.4, 0.7], name="产业合作")])
    return fig.update_layout(barmode="stack").update_yaxes(tickformat=".0%")


def _network():
    fig = go.Figure([go.Scatter(x=[1], y=[1], mode="markers", name="帮扶方"), go.Scatter(x=[2], y=[2], mode="markers", name="受援方")])
    return fig.update_xaxes(visible=False).update_yaxes(visible=False)


# left = widest y label + standoff (3 px; heatmaps 10) + plotly's pad 12; right = the larger of the legend (widest entry
# + 48 symbol + 12 pad + 12 offset) and half a number or date axis's last label + 12; each at least 20.
@pytest.mark.parametrize("build, expected", [
    (_hbars, (73, 101)),  # 红色文化 58 + 3 + 12; legend 牵头 29 + 72 (x axis to 44: "44" 16 px, 8 + 12 = 20 is less)
    (_hbars_read_back, (73, 101)),  # the same
    (lambda: go.Figure(go.Heatmap(z=[[1, 2]], x=["a", "b"], y=["济南—临沂"])), (93, 20)),  # 4.894 em: 71 + 10 + 12; no legend
    (_shares, (53, 130)),  # stacked to 100 %, axis to 110 %: "110%" 38 + 3 + 12; legend 红色文化 58 + 72
    (_network, (20, 116)),  # no axis labels; legend 帮扶方 44 + 72
    (_timeline, (59, 39)),  # 上城区 44 + 3 + 12; "2000-12" 54 px, 27 + 12
])
def test_side_margins_hold_the_labels_and_legend_plotly_would_push_for(build, expected):
    assert side_margins(build()) == expected


def _longest_labels():
    """Labels as long as bound_labels lets them (28 em) on the y axis and in the legend."""
    return go.Figure([go.Bar(y=["长" * 28], x=[1], orientation="h", name="长" * 28), go.Bar(y=["长" * 28], x=[2], orientation="h", name="短")])


# 28 em × 14 px × 1.04 = 408 px: left 408 + 3 + 12 = 423, right (legend) 408 + 72 = 480; together 903. In a chart that
# may be 600 px wide, at most 600 − 64 = 536: 423 × 536 // 903 = 251 and 480 × 536 // 903 = 284. At 100 px, the two
# sides' 40: 423 × 40 // 903 = 18, kept at the side's 20, and 480 × 40 // 903 = 21.
@pytest.mark.parametrize("width, expected", [(None, (423, 480)), (2000, (423, 480)), (600, (251, 284)), (100, (20, 21))])
def test_side_margins_leave_the_plot_room_however_long_the_labels(width, expected):
    assert side_margins(_longest_labels(), width=width) == expected


def test_framed_and_enlarged_charts_keep_their_margins_and_start_the_source_line_at_the_edge():
    fig = frame(_hbars(), "标题", "", "资料来源：测试")
    note = next(a for a in fig.layout.annotations if a.name == SOURCE_ANNOTATION)
    assert (fig.layout.margin.l, fig.layout.margin.r, note.xshift) == (73, 101, -53)  # 20 px from the figure's edge
    enlarged(fig, 1.35)  # room beyond the 20 px side grows with the type: 20 + 53 × 1.35, 20 + 81 × 1.35
    assert (fig.layout.margin.l, fig.layout.margin.r, note.xshift) == (92, 129, -72)
    longest = frame(_longest_labels(), "标题", "", "资料来源：测试")  # drawn at least 600 px wide: cut to fit
    assert (longest.layout.margin.l, longest.layout.margin.r) == (251, 284)


# What the departments charts leave out, said on each (a helper's walk found four of them cutting to their first rows in
# silence). The tasks of all seven programmes name bodies of 48 functions (data/registry/units.yaml's functions, as the
# task units carry them); 上海—三明 and the provincial outline name no bodies (seeds/sh-sm.txt, seeds/jn-ly-provincial.txt).
@pytest.mark.parametrize("chart, ending", [
    # 48 − 12; the 12th, 人力资源社会保障, in 21 tasks' sides, as are 自然资源和规划 and 交通运输, left out
    ("side", "sub · 仅列任务最多的 12 个，其余 36 个未列出；其中 2 个与末行并列（21 项）"),
    # 48 − 15; the 15th, 大数据（数据资源）, in 10 tasks, as is 交通运输, left out
    ("func_theme", "sub · 仅列任务最多的 15 个，其余 33 个未列出；其中 1 个与末行并列（10 项）"),
    # 48 − 10; the tenth, 财政 (21: lead 1, responsible 1, support 0.5 summed over the five programmes naming bodies), ties
    # with 自然资源, left out (a walk: the cut said no tie); the two that name no bodies, named (a walk: "2 programmes
    # chosen name no bodies", which two?)
    ("weighted", "按方案任务数标准化 · 仅列前 10 个，其余 38 个未列出；其中 1 个与末行并列（各方案加权指数合计 21） · "
                 "济南—临沂实施方案（省）、上海—三明实施方案未列出承担单位，不在图中"),
])
def test_departments_charts_say_what_they_leave_out(corpus, chart, ending):
    from analytics.workload import functions_by_theme, normalised_workload, workload_by_side
    from ui.report.charts import function_theme_heatmap, side_chart, weighted_chart
    from ui.report.i18n import programme_names

    programmes, names_f = tuple(corpus.programmes.programme_id), function_names(corpus, "zh")
    if chart == "side":
        fig = side_chart(workload_by_side(corpus, programmes), names_f, "zh", "src", "sub")
        drawn = {y for trace in fig.data for y in trace.y}
        assert len(drawn) == 12
    elif chart == "func_theme":
        fig = function_theme_heatmap(corpus, functions_by_theme(corpus, programmes, "primary"), names_f, "zh", "src", "sub")
        assert len(fig.data[0].y) == 15
    else:
        fig = weighted_chart(normalised_workload(corpus, programmes), names_f, programme_names(corpus, "zh"), "zh", "src")
        assert len(fig.data) == 5 and len(fig.data[0].y) == 10  # one bar per programme naming bodies, 10 functions
    assert fig.layout.meta["subtitle"].endswith(ending), fig.layout.meta["subtitle"]


@pytest.mark.parametrize("indices, lang, ending", [
    # f00 … f12, one programme; the cut (10) falls inside three functions of 3 (f09 drawn; f10, f11 left out)
    ([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 3, 3, 1], "en",
     "the first 10 shown; 3 more left out; 2 of them tie with the last row (weighted index 3 summed over the programmes)"),
    ([12, 11, 10, 9, 8, 7, 6, 5, 4, 2.5, 2.5, 1], "zh", "仅列前 10 个，其余 2 个未列出；其中 1 个与末行并列（各方案加权指数合计 2.5）"),
    ([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2.5, 1], "en", "the first 10 shown; 2 more left out"),  # the rest all smaller
])
def test_the_weighted_charts_cut_says_how_many_it_left_out_equal_its_last_row(indices, lang, ending):
    """A walk: the weighted index's cut said no tie, where the ranking's does (the corpus: 财政 and 自然资源, 21 each).
    Equal sums keep the functions' order, so the first of them are drawn."""
    from ui.report.charts import weighted_chart

    functions = [f"f{i:02d}" for i in range(len(indices))]
    normalised = pd.DataFrame({"programme_id": "p", "function": functions, "weighted_index": [float(i) for i in indices],
                               "programme_tasks": 10, "per_10_tasks": [float(i) for i in indices]})
    fig = weighted_chart(normalised, {f: f for f in functions}, {}, lang, "src")
    assert fig.layout.meta["subtitle"].endswith(ending), fig.layout.meta["subtitle"]
    assert sorted(fig.data[0].y) == functions[:10]


def test_weighted_chart_draws_no_more_programmes_than_it_has_colours():
    """Twelve programmes' bars took seven colours in turn, so two bars of a group shared one (a helper's walk at 100×)."""
    from ui.report.charts import weighted_chart
    from ui.report.style import COLORWAY

    # nine programmes, p0 … p8, each with one function; p8 the largest index, p0 the smallest
    normalised = pd.DataFrame({"programme_id": [f"p{i}" for i in range(9)], "function": "f",
                               "weighted_index": [float(i + 1) for i in range(9)], "programme_tasks": 10,
                               "per_10_tasks": [float(i + 1) for i in range(9)]})
    fig = weighted_chart(normalised, {"f": "职能"}, {}, "zh", "src")
    assert len(COLORWAY) == 7 and sorted(trace.name for trace in fig.data) == [f"p{i}" for i in range(2, 9)]
    assert "（仅显示指数最高的 7 个方案）" in fig.layout.meta["subtitle"]


def test_instrument_chart_draws_its_pooled_row_last_as_the_heatmap_does(corpus):
    """The pooled row came first (on top) in the instrument chart and last in the heatmap above it (a helper's walk).
    Seven programmes, three drawn (the limit patched down): the three with the most tasks, then the other four pooled."""
    from analytics.themes import instrument_mix
    from ui.report import charts

    mix = instrument_mix(corpus, tuple(corpus.programmes.programme_id))
    with patch.object(charts, "INSTRUMENT_MAX_ROWS", 3):
        fig = charts.instrument_chart(corpus, mix, "zh", "资料来源：x", "占比")
    rows = list(dict.fromkeys(y for trace in fig.data for y in trace.y))
    assert len(rows) == 4 and rows[-1] == "其余 4 个合计"
    assert fig.layout.yaxis.autorange == "reversed"  # rows drawn top to bottom in that order: the pooled row at the bottom


@pytest.mark.parametrize("builder, limit", [("theme_heatmap", "HEATMAP_MAX_ROWS"), ("theme_bars", "BAR_MAX_GROUPS")])
def test_theme_charts_at_scale_cite_the_programmes_they_draw(corpus, builder, limit):
    """A walk at 100×: the source line under the themes charts named the first programmes chosen, not those drawn.
    Chosen in reverse corpus order; two rows drawn (limits patched down): the two with most tasks, 济南—临沂 2023
    (43 tasks) and 分工方案 (53); the line names those two, then the first other chosen (市中区—高唐县)."""
    from analytics.themes import theme_shares
    from ui.report import charts

    chosen = tuple(reversed(corpus.programmes.programme_id))
    shares = theme_shares(corpus, chosen, scope="primary")
    with patch.object(charts, limit, 2), patch.object(charts, "SOURCE_MAX_DOCUMENTS", 6):
        source = source_line(corpus, chosen, "zh")
        fig = getattr(charts, builder)(corpus, shares, "share", "zh", source, "占比")
    assert source.startswith("资料来源：市中区—高唐县产业帮扶方案（2025-01-24）；市中区—费县实施方案")  # as chosen, before the chart
    assert fig.layout.meta["source"] == ("资料来源：济南—临沂2023年工作要点（济政办字〔2023〕28号）；济南—临沂重点任务分工方案（济政办字〔2023〕28号）；"
                                         "市中区—高唐县产业帮扶方案（2025-01-24）；及其余 4 份文件")
    assert fig.layout.meta["programmes"][:2] == ["jn-ly-2023", "jn-ly-division"] and len(fig.layout.meta["programmes"]) == 7


def test_a_name_that_would_cover_another_is_left_to_the_hover():
    """A walk at 100×: names of places at nearly one spot were drawn over each other. Five names of two characters
    (24 px) at one dot, 30 px per degree: the first goes right (9..33 px), the second left (-33..-9), the third below
    (-12..12 × -24..-8, touching neither), the fourth above; every side of the fifth covers one of them."""
    nodes = pd.DataFrame({"zh": ["甲市", "乙市", "丙市", "丁市", "戊市"], "lon": [0.0] * 5, "lat": [0.0] * 5})
    positions, _ = _label_positions(nodes, nodes, list(nodes.zh), px_per_degree=30.0)
    assert positions == ["middle right", "middle left", "bottom center", "top center", None]


def test_where_names_crowd_the_most_paired_keep_theirs():
    """Five cities at one spot: 戊 is in 4 pairings, 乙 丙 丁 in 3, 甲 in 1, so 甲's name is the one left to the
    hover; the names keep their order, and the subtitle counts 甲 among the names not drawn."""
    nodes = pd.DataFrame({"place_id": list("abcde"), "zh": ["甲市", "乙市", "丙市", "丁市", "戊市"], "en": list("ABCDE"),
                          "level": ["city"] * 5, "lat": [30.0] * 5, "lon": [110.0] * 5, "role": ["helper"] * 5})
    pairs = ["bc", "bd", "be", "cd", "ce", "de", "ae"]
    edges = pd.DataFrame({"pairing_id": pairs, "helper": [p[0] for p in pairs], "recipient": [p[1] for p in pairs],
                          "type": ["对口合作"] * 7, "documents": [()] * 7, "programmes": [()] * 7, "note": [None] * 7})
    fig = network_chart(nodes, edges, "zh", "资料来源：x")
    assert list(fig.data[-1].text) == ["乙市", "丙市", "丁市", "戊市"]
    assert len(fig.data[-1].textposition) == 4
    assert "仅标注 4 个城市和省份（结对最多、名称互不遮挡者），其余 1 个的名称见悬停提示" in fig.layout.meta["subtitle"]


@pytest.mark.parametrize("title, width, lines", [
    # 13 em of name (— is drawn full-width), " · " and 4 em: 18.18 em in all
    ("市中区—高唐县产业帮扶方案 · 主题构成", 30, ["市中区—高唐县产业帮扶方案 · 主题构成"]),  # fits: one line
    ("市中区—高唐县产业帮扶方案 · 主题构成", 15, ["市中区—高唐县产业帮扶方案", "主题构成"]),  # broken between its parts, not in 主题构成
    ("市中区—高唐县产业帮扶方案 · 主题构成", 10, ["市中区—高唐县产业帮", "扶方案", "主题构成"]),  # a part too long wraps on its own
    ("部门工作量", 3, ["部门工", "作量"]),  # one part: wrapped as any text
])
def test_a_long_title_breaks_between_its_parts(title, width, lines):
    """A walk: the programme page's profile title broke inside its last word ("主题 / 构成")."""
    from ui.report.style import heading_px, title_lines, wrap_title

    assert title_lines(title, width) == lines
    assert wrap_title(title, width) == "<br>".join(lines)
    assert heading_px(title, "", width * 20) - heading_px("一", "", width * 20) == 26 * (len(lines) - 1)  # TITLE_FONT_PX 20


def test_a_figure_keeps_its_source_line_as_text_and_the_entries_are_shared(corpus):
    """A source line carries every chosen programme's entry for `cite_drawn` (700 at 100×, 7 000 at 1000×): one read-only
    mapping per corpus, never a copy per line, and a cached figure keeps the line's text alone (its ids and language
    in their own fields)."""
    from analytics.themes import theme_shares

    source = source_line(corpus, list(corpus.programmes.programme_id), "zh")
    with pytest.raises(TypeError):
        source.entries["sh-sm"] = "x"  # read-only: shared by every line of this corpus
    assert dict(source.entries) == dict(source_line(corpus, ["szq-fx"], "zh").entries)
    fig = theme_heatmap(corpus, theme_shares(corpus), "share", "zh", source, "占比")
    assert type(fig.layout.meta["source"]) is str and fig.layout.meta["source"] == SOURCE_ZH
    assert fig.layout.meta["programmes"] == list(corpus.programmes.programme_id) and fig.layout.meta["lang"] == "zh"


def test_side_chart_draws_the_helper_side_on_top_and_lists_it_first():
    """A walk: the legend listed the helper side first while each group drew it lowest. plotly draws a group's first
    bar lowest and, in a reversed legend, lists it last: the helper side is added last."""
    from ui.report.charts import side_chart

    by_side = pd.DataFrame({"function": ["a", "a", "a"], "side": ["helper", "recipient", "other"],
                            "role": ["lead", "lead", "lead"], "tasks": [3, 2, 1]})
    fig = side_chart(by_side, {"a": "甲"}, "zh", "src", "sub")
    assert [trace.name for trace in fig.data] == ["其他", "受援方", "帮扶方"] and fig.layout.legend.traceorder == "reversed"


@pytest.mark.parametrize("lang, caption", [
    ("zh", "帮扶方中任务最多的是乙部门（5项）。"),
    ("en", "On the helper side, Dept B has the most tasks (5)."),  # a walk: "On the Helper side side, …"
    # a walk (theme infrastructure): 交通运输 and 发展改革 had 7 each on the helper side, and the finding named one
    ("zh-tie", "帮扶方中甲部门、乙部门任务并列最多，各5项。"),
    ("en-tie", "On the helper side, Dept A and Dept B have the most tasks, 5 each."),
])
def test_side_chart_finding_names_the_helper_sides_busiest_function_once(lang, caption):
    from ui.report.charts import side_chart
    from ui.report.style import chart_texts

    tie = lang.endswith("-tie")
    lang = lang.removesuffix("-tie")
    by_side = pd.DataFrame({"function": ["a", "b", "b", "a"], "side": ["helper", "helper", "helper", "recipient"],
                            "role": ["lead", "lead", "support", "lead"], "tasks": [5 if tie else 3, 4, 1, 9]})
    names = {"a": "甲部门" if lang == "zh" else "Dept A", "b": "乙部门" if lang == "zh" else "Dept B"}
    texts = chart_texts(side_chart(by_side, names, lang, "src", "sub"))
    assert texts["caption"] == caption  # helpers: a 3, b 4 + 1
    # one phrase for a title (a walk read "Tasks per department function / helper and recipient sides" as two)
    assert texts["title"] == {"zh": "帮扶方与受援方各职能部门任务量", "en": "Tasks per department function on the helper and recipient sides"}[lang]


def test_stacked_rows_list_their_legend_in_the_order_each_row_is_drawn(corpus):
    """A walk: bars drawn 供给型 → 环境型 → 需求型 from left to right beside a legend listing 需求型 · 环境型 · 供给型
    (plotly lists a stack last part first, as a column reads). A row reads left to right: the legend as drawn."""
    from analytics.themes import instrument_mix
    from ui.report.charts import instrument_chart

    fig = instrument_chart(corpus, instrument_mix(corpus, ["szq-fx", "sc-yq"]), "zh", "src", "sub")
    assert [trace.name for trace in fig.data] == ["供给型", "环境型", "需求型"]  # drawn from the left
    assert fig.layout.legend.traceorder == "normal"  # listed from the top as drawn


@pytest.mark.parametrize("without_bodies, ending", [
    (["p1", "p2", "p3"], "p1、p2、p3未列出承担单位，不在图中"),  # up to UNNAMED_PROGRAMMES_NAMED: named
    (["p1", "p2", "p3", "p4"], "4 个所选方案未列出承担单位，不在图中"),  # beyond: counted
])
def test_weighted_chart_names_the_few_programmes_it_cannot_draw(without_bodies, ending):
    from analytics.workload import NOT_STATED
    from ui.report.charts import weighted_chart

    rows = [("p0", "f", 1.0)] + [(p, NOT_STATED, 0.0) for p in without_bodies]
    normalised = pd.DataFrame(rows, columns=["programme_id", "function", "weighted_index"]).assign(
        programme_tasks=10, per_10_tasks=lambda d: d.weighted_index)
    fig = weighted_chart(normalised, {"f": "职能"}, {}, "zh", "src")
    assert fig.layout.meta["subtitle"].endswith(ending), fig.layout.meta["subtitle"]


@pytest.mark.parametrize("half, label", [
    # beside another profile: 12 em a line (& as plotly shows it); "Mechanisms & business" is 12.21 em (M a full em, m 0.75)
    (True, "Mechanisms &amp;<br>business environment"),
    (False, "Mechanisms &amp; business<br>environment"),  # alone: 16 em a line (its 18.3 em still break once)
])
def test_a_profiles_theme_names_wrap_to_the_room_it_is_drawn_in(corpus, half, label):
    """A walk: drawn beside another in English, a profile's theme names took two thirds of its half of the page, the
    bars and their axis squeezed into the rest with its ticks turned on end."""
    from analytics.themes import theme_shares
    from ui.report.charts import HALF_AXIS_LABEL_EM, theme_profile_chart
    from ui.report.style import text_em

    shares = theme_shares(corpus, ["jn-ly-division"])
    fig = theme_profile_chart(corpus, shares, "en", "src", "Jinan–Linyi division of key tasks", half=half)
    labels = list(fig.data[0].y)
    assert label in labels and "Red culture" in labels
    if half:
        assert max(text_em(line.replace("&amp;", "&")) for name in labels for line in name.split("<br>")) <= HALF_AXIS_LABEL_EM


@pytest.mark.parametrize("theme, lang, caption", [
    # primary themes counted from data/programmes/*.yaml: 绿色低碳 4 each in the 2023 work points, the division plan and
    # 上海—三明; 医疗健康 2 each in those two, 上城区—埇桥区 and 市中区—费县 (four: all named)
    ("ecology", "zh", "“绿色低碳”在济南—临沂2023年工作要点、济南—临沂重点任务分工方案、上海—三明实施方案中任务并列最多，各4项。"),
    ("ecology", "en", "Green & low-carbon has the most tasks, equally, in Jinan–Linyi 2023 work points, Jinan–Linyi division "
                      "of key tasks and Shanghai–Sanming plan: 4 each."),
    ("health", "zh", "“医疗健康”在济南—临沂2023年工作要点、济南—临沂重点任务分工方案、上城区—埇桥区工作方案（征求意见稿）、"
                     "市中区—费县实施方案中任务并列最多，各2项。"),
])
def test_a_heatmaps_finding_names_every_cell_tied_for_the_top(corpus, theme, lang, caption):
    """A walk: a finding named one programme as the largest where others were equal."""
    from analytics.themes import theme_shares
    from ui.report.charts import theme_heatmap

    assert theme_heatmap(corpus, theme_shares(corpus, themes=[theme]), "count", lang, "s", "s").layout.meta["caption"] == caption


@pytest.mark.parametrize("lang, caption", [
    ("zh", "环境型工具在市中区—费县实施方案、市中区—高唐县产业帮扶方案中占比并列最高（57%）。"),
    ("en", "Environmental instruments are most used, equally, in Shizhong–Fei County plan and Shizhong–Gaotang industrial "
           "assistance plan (57%)."),
])
def test_the_instrument_finding_names_programmes_tied_for_the_top(corpus, lang, caption):
    """A walk (themes red culture, rural, industry; primary): 市中区—费县 and 市中区—高唐县 both split 1 / 4 / 2, and the
    finding named 市中区—费县 alone. 4 of 7 is 57%."""
    from analytics.themes import instrument_mix
    from ui.report.charts import instrument_chart

    mix = instrument_mix(corpus, themes=["industry", "red_culture", "rural"], scope="primary")
    assert instrument_chart(corpus, mix, lang, "s", "s").layout.meta["caption"] == caption


@pytest.mark.parametrize("lang, caption", [
    ("zh", "市中区—费县实施方案的供给型工具、市中区—高唐县产业帮扶方案的环境型工具占比并列最高（50%）。"),
    # a review: "Supply-side instruments in A and Environmental instruments in B": the second capitalised mid-sentence
    ("en", "Supply-side instruments in Shizhong–Fei County plan and environmental instruments in Shizhong–Gaotang "
           "industrial assistance plan are equally the most used (50%)."),
])
def test_an_instrument_finding_of_two_types_reads_as_one_sentence(corpus, lang, caption):
    """Two plans (a mix made for the case) each giving half their tasks to a different type, the other half to a third."""
    from ui.report.charts import instrument_chart

    mix = pd.DataFrame({"programme_id": ["szq-fx", "szq-fx", "szq-gt", "szq-gt"],
                        "instrument_type": ["supply", "demand", "environment", "demand"], "tasks": [2, 1, 2, 1],
                        "share": [0.5, 0.25, 0.5, 0.25]})
    assert instrument_chart(corpus, mix, lang, "s", "s").layout.meta["caption"] == caption


@pytest.mark.parametrize("text, lang, read", [
    ("Environmental instruments in B", "en", "environmental instruments in B"),
    ("SME support in B", "en", "SME support in B"),
    ("环境型工具", "zh", "环境型工具"),
])
def test_a_label_mid_sentence(text, lang, read):
    from ui.report.charts import mid_sentence

    assert mid_sentence(text, lang) == read


@pytest.mark.parametrize("shares", [[float("nan"), float("nan")], [0.0, 0.0], []])
def test_a_heatmap_finding_says_nothing_of_gaps_or_zeros(shares):
    """An attack: every share a gap (NaN) raised IndexError where a finding is looked for."""
    from ui.report.charts import _theme_caption

    table = pd.DataFrame({"group_id": ["a", "b"][:len(shares)], "theme_id": ["x", "y"][:len(shares)], "share": shares,
                          "tasks": [0] * len(shares)})
    assert _theme_caption(table, "share", {"x": "X", "y": "Y"}, {"a": "A", "b": "B"}, "zh") == ""


@pytest.mark.parametrize("text, em", [
    ("红色文化", 4.0),
    ("한국어", 3.0),  # Hangul: full width (an attack: counted as Latin letters, a title of it ran off the image)
    ("😀😀", 2.0),  # emoji
    ("\U00020000", 1.0),  # a CJK Extension B character
    ("ab c", 0.58 * 3 + 0.3),
    ("Ab", 0.75 + 0.58),  # a capital: Arial's average 0.68 em, counted 0.75
    ("mw", 0.75 * 2),
    ("MW@%", 4.0),  # the broadest Latin glyphs, a full em
    ("✅❤⭐", 3.0),  # symbols drawn as emoji (an attack: counted 0.58 em, lines overran by 70 %)
])
def test_text_em_counts_full_width_characters_as_one_em(text, em):
    assert text_em(text) == pytest.approx(em)


@pytest.mark.parametrize("measure, cell", [("share", 0.06), ("count", 1)])
def test_a_heatmaps_white_is_nothing_not_its_smallest_value(corpus, measure, cell):
    """A walk: under the filter 产业合作 + 乡村振兴, 市中区—高唐县 × 乡村振兴 (1 of its 18 tasks, 6%) was drawn as white as an
    empty cell: the colour scale started at the smallest value drawn. It starts at zero: that cell's colour is the
    scale's, a sixth or so of the way to the largest (33%, 6 tasks: 产业合作 of the same plan)."""
    from ui.report.charts import theme_heatmap

    shares = theme_shares(corpus, ["szq-gt", "szq-fx"], themes=["industry", "rural"])
    fig = theme_heatmap(corpus, shares, measure, "zh", "资料来源：x", "sub")
    heat = fig.data[0]
    row = [str(label) for label in heat.y].index("市中区—高唐县产业帮扶方案")
    values = [v for line in heat.z for v in line if v == v]
    smallest = min(values)
    assert smallest == heat.z[row][list(heat.x).index("乡村<br>振兴")] == pytest.approx(cell, abs=0.01)
    # where plotly starts the scale: zmin, taken only with zmax (else its default, the smallest value drawn)
    low, high = (heat.zmin, heat.zmax) if heat.zmin is not None and heat.zmax is not None else (smallest, max(values))
    assert low == 0 and high == max(values) and (smallest - low) / (high - low) > 0.15


@pytest.mark.parametrize("lang, programme, function, role, hover", [
    ("zh", "szq-gt", "industry_it", "responsible", "工业和信息化 · 责任单位：3 项"),
    ("en", "szq-gt", "industry_it", "responsible", "Industry & information technology · Responsible: 3 tasks"),
    # one: the singular (a screenshot: "Culture & tourism · Lead: 1 tasks")
    ("en", "szq-fx", "culture_tourism", "lead", "Culture & tourism · Lead: 1 task"),
    ("zh", "szq-fx", "culture_tourism", "lead", "文化和旅游 · 牵头：1 项"),
])
def test_a_workload_bars_hover_names_its_row_role_and_count_with_its_unit(corpus, lang, programme, function, role, hover):
    """A walk: the ranking's hover was plotly's own "(3, 工业和信息化) 牵头", without a unit. Filled in as plotly fills it
    for 工业和信息化 in 市中区—高唐县's plan, named among the 责任单位 of 3 tasks (data/programmes/szq-gt.yaml, its bodies'
    functions in data/registry/units.yaml); for 文化和旅游 in 市中区—费县's, 牵头 of one task (szq-fx/02: 市文化和旅游局)."""
    from ui.report.i18n import function_names

    fig = ranking_chart(corpus, department_workload(corpus, [programme], by="function"), "function", lang, "src", "sub")
    bars = next(trace for trace in fig.data if trace.name == t(f"role_{role}", lang))
    from ui.report.safe import label_as_seen

    row = [label_as_seen(str(y).replace("<br>", " ")) for y in bars.y].index(function_names(corpus, lang)[function])
    assert hover_of(bars, row) == hover


def hover_of(trace, point: int) -> str:
    """`trace`'s hover at `point` as plotly fills its template: %{x}, %{y}, %{text}, %{customdata}, %{hovertext}, with the formats used here
    (".0%", ".1f"; d3's ".3~g" as Python's ".3g"), the rows' labels as drawn (line breaks as spaces, entities decoded)."""
    import re

    from ui.report.safe import label_as_seen

    def value(match) -> str:
        name, spec = match.group(1), match.group(2)
        v = {"x": trace.x, "y": trace.y, "text": trace.text, "customdata": trace.customdata, "hovertext": trace.hovertext}[name][point]
        if isinstance(v, str):
            return label_as_seen(v.replace("<br>", " "))
        v = float(v)
        return format(v, {".0%": ".0%", ".1f": ".1f", ".3~g": ".3g", None: "g"}[spec])

    filled = re.sub(r"%\{(x|y|text|customdata|hovertext)(?::([^}]*))?\}", value, trace.hovertemplate).replace("<extra></extra>", "")
    return label_as_seen(filled)


# Every bar's hover names its row, its series and its value with a unit (a walk at 100×: three charts showed plotly's own
# "(7.44186, Development & reform)", their series cut). Worked by hand from the extracts:
# - 市中区—高唐县's 18 tasks (data/programmes/szq-gt.yaml) are 5 supply, 10 environment, 3 demand: 28% / 56% / 17%;
# - the same plan names "两地…工业和信息化局" (both sides' bureaus, responsible) in tasks 02, 09 and 16: 6 bodies named
#   × weight 1 per 18 tasks = 3.3 per 10 tasks;
# - 费县's plan (the county level) gives 3 of its 17 tasks 产业合作 as primary theme: 18%;
# - key task （二） is implemented by division tasks 04 and 05 (data/programmes/jn-ly-division.yaml): 2.
def _instrument(lang):
    from analytics.themes import instrument_mix
    from ui.report.charts import instrument_chart
    return lambda corpus: instrument_chart(corpus, instrument_mix(corpus, ["szq-gt"]), lang, "src", "sub")


def _weighted(lang):
    from analytics.workload import normalised_workload
    from ui.report.charts import weighted_chart
    from ui.report.i18n import programme_names
    return lambda corpus: weighted_chart(normalised_workload(corpus, ["szq-gt"]), function_names(corpus, lang),
                                         programme_names(corpus, lang), lang, "src")


def _drift(lang):
    from analytics.breakdown import theme_drift
    from ui.report.charts import drift_chart
    return lambda corpus: drift_chart(corpus, theme_drift(corpus), lang, "src", "sub")


def _coverage(lang):
    return lambda corpus: coverage_chart(breakdown_coverage(corpus), lang, "src")


@pytest.mark.parametrize("build, series, row, hover", [
    (_instrument("zh"), "供给型", "市中区—高唐县产业帮扶方案", "市中区—高唐县产业帮扶方案 · 供给型：28%（5 项）"),
    (_instrument("zh"), "环境型", "市中区—高唐县产业帮扶方案", "市中区—高唐县产业帮扶方案 · 环境型：56%（10 项）"),
    (_instrument("en"), "Demand-side", "Shizhong–Gaotang industrial assistance plan",
     "Shizhong–Gaotang industrial assistance plan · Demand-side: 17% (3 tasks)"),
    (_weighted("zh"), "市中区—高唐县产业帮扶方案", "工业和信息化", "工业和信息化 · 市中区—高唐县产业帮扶方案：3.3（每10项任务）"),
    (_weighted("en"), "Shizhong–Gaotang industrial assistance plan", "Industry & information technology",
     "Industry & information technology · Shizhong–Gaotang industrial assistance plan: 3.3 per 10 tasks"),
    (_drift("zh"), "产业合作", "区县方案", "区县方案 · 产业合作：18%（3 项）"),
    (_drift("en"), "Industrial cooperation", "County plan", "County plan · Industrial cooperation: 18% (3 tasks)"),
    (_coverage("zh"), "分工方案", "（二） 保护利用烈士纪念设施和革命文物", "（二） 保护利用烈士纪念设施和革命文物 · 分工方案：2 项"),
    (_coverage("en"), "Division plan", "（二） 保护利用烈士纪念设施和革命文物", "（二） 保护利用烈士纪念设施和革命文物 · Division plan: 2 tasks"),
])
def test_a_bars_hover_names_its_row_series_and_value_with_its_unit(corpus, build, series, row, hover):
    from ui.report.safe import label_as_seen

    fig = build(corpus)
    trace = next(tr for tr in fig.data if label_as_seen(tr.name.replace("<br>", " ")) == series)
    rows = [label_as_seen(str(v).replace("<br>", " ")) for v in (trace.y if trace.orientation == "h" else trace.x)]
    assert hover_of(trace, rows.index(row)) == hover


@pytest.mark.parametrize("lang, measure, theme, hover", [
    ("zh", "share", "产业合作", "市中区—高唐县产业帮扶方案 · 产业合作：33%"),
    ("en", "count", "Industrial cooperation", "Shizhong–Gaotang industrial assistance plan · Industrial cooperation: 6 tasks"),
    # one task (szq-gt: 旅游 the primary theme of one task): the singular, where the unit after a placeholder said "1 tasks"
    ("en", "count", "Culture & tourism", "Shizhong–Gaotang industrial assistance plan · Culture & tourism: 1 task"),
    ("zh", "count", "文化旅游", "市中区—高唐县产业帮扶方案 · 文化旅游：1 项"),
])
def test_the_theme_bars_hover_names_group_theme_and_value(corpus, lang, measure, theme, hover):
    """The grouped theme bars, upright or not: "<group> · <theme>：<share or count>" (市中区—高唐县: 产业合作 as the primary theme
    of 6 of its 18 tasks, data/programmes/szq-gt.yaml: 33%). A group's name may be wrapped: compared without spaces."""
    shares = theme_shares(corpus, ["szq-gt", "szq-fx"], scope="primary")
    from ui.report.safe import label_as_seen

    fig = theme_bars(corpus, shares, measure, lang, "src", "sub")
    trace = next(tr for tr in fig.data if label_as_seen(tr.name.replace("<br>", " ")) == theme)
    rows = [str(v) for v in (trace.y if trace.orientation == "h" else trace.x)]
    at = next(i for i, r in enumerate(rows) if "高唐" in r or "Gaotang" in r)
    assert hover_of(trace, at).replace(" ", "") == hover.replace(" ", "")


def test_every_bar_has_its_own_hover():
    """A convention: each go.Bar built in ui/report/charts.py is given a hovertemplate (plotly's own names neither the
    value's unit nor the whole series)."""
    import ast

    from analytics import paths

    tree = ast.parse((paths.ROOT / "ui" / "report" / "charts.py").read_text("utf-8"))
    bars = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Bar"]
    assert bars and all("hovertemplate" in [k.arg for k in node.keywords] for node in bars), \
        [node.lineno for node in bars if "hovertemplate" not in [k.arg for k in node.keywords]]


@pytest.mark.parametrize("totals, shown, lang, note", [
    ([9, 7, 7, 7, 5], 2, "zh", "其中 2 个与末行并列（7 项）"),  # the cut falls inside three bars of 7: two of them left out
    ([9, 7, 7, 7, 5], 2, "en", "2 of them tie with the last row (7 tasks)"),
    ([9, 7, 7, 5], 2, "en", "1 of them ties with the last row (7 tasks)"),
    ([9, 7, 5, 5], 2, "en", ""),  # the rows left out are all shorter
    ([9, 7, 7], 3, "en", ""),  # nothing left out
    ([7, 7], 0, "en", ""),
    ([2.5, 1.5, 1.5], 2, "en", "1 of them ties with the last row (1.5 tasks)"),
])
def test_a_chart_cut_inside_a_tie_says_how_many_it_left_out_equal_its_last_row(totals, shown, lang, note):
    from ui.report.charts import tied_at_cut

    assert tied_at_cut(pd.Series(totals, dtype=float), shown, lang) == note


@pytest.mark.parametrize("shown, total, key, totals, lang, note", [
    (2, 5, "largest_note", [9, 7, 7, 7, 5], "zh", "仅列任务最多的 2 个，其余 3 个未列出；其中 2 个与末行并列（7 项）"),
    (2, 5, "largest_note", [9, 7, 7, 7, 5], "en", "the 2 largest shown; 3 more left out; 2 of them tie with the last row (7 tasks)"),
    (2, 5, "pooled_note", [9, 7, 7, 7, 5], "en", "the 2 largest shown; 3 others pooled in one row; 2 of them tie with the last row (7 tasks)"),
    (2, 5, "averaged_note", [9, 7, 7, 7, 5], "zh", "仅列任务最多的 2 个，其余 3 个取平均值合为一行；其中 2 个与末行并列（7 项）"),
    (2, 4, "largest_note", [9, 7, 5, 5], "en", "the 2 largest shown; 2 more left out"),  # the cut between 7 and 5: no tie
    (2, 5, "largest_note", None, "en", "the 2 largest shown; 3 more left out"),  # no totals given: the count alone
    (3, 3, "largest_note", [9, 7, 7], "en", ""),  # nothing left out, nothing said
])
def test_every_chart_that_cuts_rows_says_what_it_left_out_and_any_tie_at_the_cut(shown, total, key, totals, lang, note):
    """One note for every chart that cuts its rows: the ranking, the sides, the function × theme heatmap, the distinctive
    themes, and every chart that pools rows (the review of the thirty-eighth round: only the ranking said a tie)."""
    from ui.report.charts import left_out_note

    assert left_out_note(shown, total, lang, key, None if totals is None else pd.Series(totals)) == note


def test_the_ranking_says_when_bars_it_leaves_out_equal_its_last():
    """Twenty bodies named in 2 tasks each after one in 5 (a walk at 100×: 15 of 200 bodies tied at 7 drawn under "the 15
    largest shown"): 14 of the twenty are drawn, 6 left out, all equal to the last."""
    rows = [{"unit_id": "u00", "name": "甲", "lead": 5, "responsible": 0, "support": 0, "weighted_index": 5.0, "tasks": 5}]
    rows += [{"unit_id": f"u{i:02d}", "name": f"乙{i}", "lead": 0, "responsible": 2, "support": 0, "weighted_index": 2.0,
              "tasks": 2} for i in range(1, 21)]
    fig = workload_chart(pd.DataFrame(rows), "unit", "en", "src", "sub")
    subtitle = fig.layout.title.subtitle.text.replace("<br>", " ")
    assert "the 15 largest shown; 6 more left out" in subtitle and "6 of them tie with the last row (2 tasks)" in subtitle


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bars_hover_shows_a_series_name_as_typed_and_runs_nothing_in_it(lang):
    """A series name may come from an upload (a programme's name): in a hover template it is code, so markup is escaped
    and "%{" never opens a placeholder; the template's own placeholders stay."""
    from ui.report.charts import bar_hover, tasks_aside
    from ui.report.safe import label_as_seen

    hover = bar_hover('<b onmouseover="x">甲</b> %{x} %{customdata}', lang, "%{x:.0%}", "%{hovertext}")
    assert "<b" not in hover and hover.count("%{") == 3  # %{y}, %{x:.0%}, %{hovertext}: none from the name
    assert label_as_seen(hover.split(" · ", 1)[1]).startswith('<b onmouseover="x">甲</b> %{x} %{customdata}')
    assert hover.endswith("%{hovertext}<extra></extra>")
    # the tasks behind each share, worded for each bar: one in the singular (a review: "(1 tasks)")
    assert tasks_aside([5, 1, 2.0, 2.5], lang) == {"zh": ["（5 项）", "（1 项）", "（2 项）", "（2.5 项）"],
                                                   "en": [" (5 tasks)", " (1 task)", " (2 tasks)", " (2.5 tasks)"]}[lang]


# A HEATMAP CELL'S HOVER GIVES THE TASKS BEHIND ITS SHARE (a walk: the share alone, where the bars gave "18 项"). 费县's
# plan (data/programmes/szq-fx.yaml) has 17 tasks: （九）（十）（十一） on 产业合作, 3/17 = 18%; （十七） alone on 人才交流,
# 1/17 = 6%.
@pytest.mark.parametrize("measure, lang, theme, hover", [
    ("share", "zh", "industry", "18%（3 项）"),
    ("share", "en", "industry", "18% (3 tasks)"),
    ("share", "en", "talent", "6% (1 task)"),
    ("count", "zh", "industry", "3 项"),
    ("count", "en", "talent", "1 task"),
    ("count", "en", "tourism", "0 tasks"),
])
def test_a_heatmap_cell_hovers_with_the_tasks_behind_it(corpus, measure, lang, theme, hover):
    from ui.report.charts import theme_column_labels
    from ui.report.i18n import theme_names
    from ui.report.safe import label_as_seen
    from ui.web.widgets import with_click_targets

    fig = theme_heatmap(corpus, theme_shares(corpus, ["szq-fx"]), measure, lang, "src", "sub")
    heat = fig.data[0]
    column = [label_as_seen(x) for x in heat.x].index(theme_column_labels(corpus, lang)[theme])
    said = theme_names(corpus, lang)[theme] + {"zh": "：", "en": ": "}[lang] + hover  # the theme unbroken, its value
    assert heat.hovertemplate == "%{y} · %{hovertext}<extra></extra>" and label_as_seen(heat.hovertext[0][column]) == said
    # the invisible markers a click lands on hover as the cell (ui.web.widgets.with_click_targets)
    targets = with_click_targets(fig).data[-1]
    assert label_as_seen(targets.hovertext[column]) == said and targets.hovertemplate == heat.hovertemplate


# A legend names what the chart draws (a walk: 供给型 listed beside an instrument mix without a supply-side bar). 市中区—
# 费县's plan names no body as 责任单位 (its clauses say 牵头 and 参与, seeds/szq-fx.txt): its ranking has no such part.
@pytest.mark.parametrize("lang, listed, unlisted", [
    ("zh", ["牵头", "参与/配合"], ["责任单位"]),
    ("en", ["Lead", "Support"], ["Responsible"]),
])
def test_a_legend_leaves_out_a_series_with_no_bar(corpus, lang, listed, unlisted):
    fig = ranking_chart(corpus, department_workload(corpus, ["szq-fx"], by="function"), "function", lang, "src", "sub")
    assert [trace.name for trace in fig.data if trace.showlegend is not False] == listed
    assert [trace.name for trace in fig.data if trace.showlegend is False] == unlisted
    assert len(fig.data) == 3  # kept among the traces: a click's curve number still names its role


# 上海—三明's plan names no bodies (data/programmes/sh-sm.yaml has no units): its document is in the ranking's source line,
# and the ranking says it has no bar (a walk: nothing said why a listed source added nothing; the weighted index did).
@pytest.mark.parametrize("programmes, lang, ending", [
    (["szq-fx", "sh-sm"], "zh", "（1 项）；上海—三明实施方案未列出承担单位，不在图中"),  # after the notes on its rows
    (["szq-fx", "sh-sm"], "en", "(1 task); Shanghai–Sanming plan: no bodies named, not drawn"),
    (["szq-fx", "szq-gt"], "zh", "其中 3 个与末行并列（2 项）"),  # both name bodies: nothing said after the rows
])
def test_the_ranking_names_the_programmes_that_name_no_bodies(corpus, programmes, lang, ending):
    from analytics.workload import normalised_workload

    fig = ranking_chart(corpus, department_workload(corpus, programmes, by="function"), "function", lang, "src", "sub",
                        normalised_workload(corpus, programmes))
    assert fig.layout.meta["subtitle"].startswith("sub") and fig.layout.meta["subtitle"].endswith(ending), \
        fig.layout.meta["subtitle"]
