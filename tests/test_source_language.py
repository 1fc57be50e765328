"""Lists and notes in the reader's language: a source line, a cited document, a view line read like
Chinese in Chinese and like English in English (walk 8, defects 1 and 2).

The punctuation is declared once in the catalogue (ui/report/i18n.py: `list_sep`, `enum_sep`, `detail_sep`,
`aside`); the joiner (`join_entries`) and the wrapper (`ui.report.style.wrap_entries`) read the same
separator, so a chart drawn in English wraps between its English entries on screen, in images and on slides.
Names of bodies exist in Chinese only (data/registry/units.yaml): in English a chart or filter of bodies says so.

Expected texts are written out from data/programmes/*.yaml (short names, 文号, dates) and data/registry/.
"""

import pytest

from analytics.breakdown import breakdown_coverage
from analytics.network import document_timeline
from analytics.outputs.export import source_documents
from analytics.themes import theme_shares
from analytics.workload import department_workload
from ui.report.charts import coverage_chart, ranking_chart, source_line, theme_bars, timeline_chart
from ui.report.i18n import t
from ui.report.images import export_figure
from ui.report.pack import PackItem, document_entry
from ui.report.style import SOURCE_LINE_EM, chart_lang, wrap_entries
from ui.web.view import parse_url
from ui.web.widgets import view_rows

# Every programme, in corpus order: short name in the language, then its 文号 where it has one, else its date issued.
SOURCE = {
    "zh": "资料来源：济南—临沂2023年工作要点（济政办字〔2023〕28号）；济南—临沂重点任务分工方案（济政办字〔2023〕28号）；"
          "济南—临沂实施方案（省）（鲁政办字〔2023〕31号）（仅提纲）；上城区—埇桥区工作方案（征求意见稿）；上海—三明实施方案（2023-01-19）；"
          "市中区—费县实施方案（市中政办字〔2023〕13号）；市中区—高唐县产业帮扶方案（2025-01-24）",
    "en": "Source: Jinan–Linyi 2023 work points (济政办字〔2023〕28号); Jinan–Linyi division of key tasks (济政办字〔2023〕28号); "
          "Jinan–Linyi plan (provincial) (鲁政办字〔2023〕31号) (outline only); Shangcheng–Yongqiao pairing plan (draft); Shanghai–Sanming plan (2023-01-19); "
          "Shizhong–Fei County plan (市中政办字〔2023〕13号); Shizhong–Gaotang industrial assistance plan (2025-01-24)",
}
OTHER_LANGUAGE_MARKS = {"zh": ("; ", " ("), "en": ("；", "（")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_source_line_reads_in_the_readers_language(corpus, lang):
    source = source_line(corpus, list(corpus.programmes.programme_id), lang)
    assert source == SOURCE[lang]
    assert source.lang == lang


@pytest.mark.parametrize("lang, programmes, expected", [
    ("zh", ["szq-fx"], "资料来源：市中区—费县实施方案（市中政办字〔2023〕13号）"),
    ("en", ["szq-fx"], "Source: Shizhong–Fei County plan (市中政办字〔2023〕13号)"),
    # no 文号: the date issued in its place (data/programmes/sh-sm.yaml 2023-01-19, szq-gt.yaml 2025-01-24)
    ("zh", ["sh-sm", "szq-gt"], "资料来源：上海—三明实施方案（2023-01-19）；市中区—高唐县产业帮扶方案（2025-01-24）"),
    ("en", ["sh-sm", "szq-gt"], "Source: Shanghai–Sanming plan (2023-01-19); Shizhong–Gaotang industrial assistance plan (2025-01-24)"),
    # neither 文号 nor date (sc-yq.yaml, a draft): the name alone
    ("en", ["sc-yq"], "Source: Shangcheng–Yongqiao pairing plan (draft)"),
])
def test_source_entries_bracket_the_document_number_as_the_language_does(corpus, lang, programmes, expected):
    assert source_line(corpus, programmes, lang) == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", range(12, 61, 8))
def test_source_lines_wrap_between_the_languages_own_entries(lang, width):
    lines = wrap_entries(SOURCE[lang], lang, width)
    glue = "" if lang == "zh" else " "  # an English line ends before the space that followed it
    assert glue.join(lines) == SOURCE[lang]
    assert not any(mark in line for line in lines for mark in OTHER_LANGUAGE_MARKS[lang])


@pytest.mark.parametrize("lang, mark, bracket", [("zh", "；", "（"), ("en", ";", "(")])
def test_source_lines_end_at_an_entry_or_before_its_document_number(lang, mark, bracket):
    lines = wrap_entries(SOURCE[lang], lang, SOURCE_LINE_EM)
    assert len(lines) > 1
    for line, following in zip(lines, lines[1:]):
        assert line.endswith(mark) or following.startswith(bracket), (line, following)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exported_image_and_pack_keep_the_charts_language(corpus, lang):
    programmes = list(corpus.programmes.programme_id)
    fig = theme_bars(corpus, theme_shares(corpus, programmes), "share", lang, source_line(corpus, programmes, lang), "x")
    assert chart_lang(fig) == lang
    out = export_figure(fig, "title", "subtitle", "stamp", "16:9")
    drawn = [a.text for a in out.layout.annotations if a.name == "source"][0].split("<br>")[:-1]  # the stamp last
    assert ("" if lang == "zh" else " ").join(drawn) == SOURCE[lang]
    assert PackItem.from_figure(fig, lang=lang).source == SOURCE[lang]  # the slide's source line


@pytest.mark.parametrize("programme, lang, expected", [
    ("jn-ly-division", "zh", "贯彻落实《济南—临沂对口合作实施方案》重点任务分工方案（济政办字〔2023〕28号，2023-06-29）"),
    ("jn-ly-division", "en", "贯彻落实《济南—临沂对口合作实施方案》重点任务分工方案 (济政办字〔2023〕28号, 2023-06-29)"),
    ("sh-sm", "zh", "上海市与三明市对口合作实施方案(2023—2025年)（2023-01-19）"),
    ("sh-sm", "en", "上海市与三明市对口合作实施方案(2023—2025年) (2023-01-19)"),
    ("sc-yq", "en", "推进落实杭州市上城区结对合作帮扶宿州市埇桥区工作方案（征求意见稿）"),  # undated, no 文号: the title as printed
    # only the outline, rebuilt from the division plan (data/programmes/jn-ly-provincial.yaml, reconstructed: true): said
    ("jn-ly-provincial", "zh", "济南—临沂对口合作实施方案（鲁政办字〔2023〕31号）（仅提纲，依分工方案重构）"),
    ("jn-ly-provincial", "en", "济南—临沂对口合作实施方案 (鲁政办字〔2023〕31号) (outline only, rebuilt from its division plan)"),
])
def test_cited_documents_on_slides_and_in_excel(corpus, programme, lang, expected):
    row = next(source_documents(corpus, [programme]).itertuples())
    assert document_entry(row, lang) == expected


@pytest.mark.parametrize("lang, rows", [
    ("zh", [("主题筛选", "红色文化；产业合作"), ("责任单位", "中共济南市委宣传部；中共济南市委组织部")]),
    ("en", [("Themes", "Red culture; Industrial cooperation"),
            ("Responsible units (Chinese names)", "中共济南市委宣传部; 中共济南市委组织部")]),
])
def test_view_line_lists_values_as_the_language_does(corpus, lang, rows):
    current = parse_url({"theme": "red_culture,industry", "unit": "jinan.propaganda,jinan.organization"}, corpus)
    shown = dict(view_rows(corpus, lang, "explorer", current))
    assert [(label, shown[label]) for label, _ in rows] == rows


@pytest.mark.parametrize("lang, row", [
    ("zh", ("分解的省级方案", "济南—临沂实施方案（省）")),  # short names in data/programmes/jn-ly-provincial.yaml
    ("en", ("Plan broken down", "Jinan–Linyi plan (provincial)")),
])
def test_view_line_names_the_plan_broken_down(corpus, lang, row):
    current = parse_url({"root": "jn-ly-provincial"}, corpus)
    assert row in view_rows(corpus, lang, "breakdown", current)


@pytest.mark.parametrize("lang, labels", [
    ("zh", ["济南—临沂实施方案（省）（未注明日期）", "上城区—埇桥区工作方案（征求意见稿）（未注明日期）"]),
    ("en", ["Jinan–Linyi plan (provincial) (undated)", "Shangcheng–Yongqiao pairing plan (draft) (undated)"]),
])
def test_undated_documents_are_marked_in_the_readers_language(corpus, lang, labels):
    fig = timeline_chart(document_timeline(corpus), lang, "s")
    ticks = [str(y).replace("<br>", "" if lang == "zh" else " ") for trace in fig.data for y in (trace.y if trace.y is not None else ())]
    assert all(label in ticks for label in labels), ticks


@pytest.mark.parametrize("lang, ending", [
    ("zh", "5项未落到区县：（二）、（七）、(十五)、(十八)、（十九）。"),  # the numbers as printed in the provincial plan
    ("en", "5 do not: （二）, （七）, (十五), (十八), （十九）."),
])
def test_key_tasks_not_carried_are_enumerated_as_the_language_does(corpus, lang, ending):
    assert coverage_chart(breakdown_coverage(corpus), lang, "s").layout.meta["caption"].endswith(ending)


# 2. Bodies have Chinese names only: an English chart of bodies says so in its subtitle, nothing is translated.
@pytest.mark.parametrize("by, lang, subtitle", [
    # 高唐县's plan names 35 bodies of 17 functions; the chart draws 15 rows, the last of them a body named in 2 tasks, as
    # are 16 of the 20 left out (task 16's long list names most bodies once more beside one other task)
    ("unit", "en", "Stacked by role: lead / responsible / support; ordered by the total of the three roles; "
                   "the 15 largest shown; 20 more left out; 16 of them tie with the last row (2 tasks); body names as in the "
                   "source documents (Chinese)"),
    ("unit", "zh", "按角色堆叠：牵头 / 责任单位 / 参与配合；按三种角色的任务数合计排序；仅列任务最多的 15 个，其余 20 个未列出；"
                   "其中 16 个与末行并列（2 项）"),  # Chinese names for a Chinese reader: nothing to say
    ("function", "en", "Stacked by role: lead / responsible / support; ordered by the total of the three roles; "
                       "the 15 largest shown; 2 more left out"),  # English names
])
def test_a_chart_of_bodies_says_their_names_are_chinese(corpus, by, lang, subtitle):
    workload = department_workload(corpus, ["szq-gt"], by=by)
    fig = ranking_chart(corpus, workload, by, lang, source_line(corpus, ["szq-gt"], lang), t("workload_sub", lang))
    assert fig.layout.meta["subtitle"] == subtitle
    if by == "unit":  # the names stay as printed: 市中区发展和改革局 leads the ranking (seeds/szq-gt.txt)
        assert any("发展和改革局" in str(y) for trace in fig.data for y in trace.y)


@pytest.mark.parametrize("lang, label", [("zh", "责任单位"), ("en", "Responsible units (Chinese names)")])
def test_the_filter_of_bodies_says_their_names_are_chinese(lang, label):
    assert t("units_filter", lang) == label
