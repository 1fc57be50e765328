"""The UI helpers: escaping data text, highlighting, label lookups, the shared chart style."""

import re

import plotly.graph_objects as go
import pandas as pd
import pytest

from ui.report import i18n
from ui.report.safe import highlight, md_escape
from ui.report.style import SOURCE_LINE_EM, frame, plotly_config, subtitle_with, wrap


@pytest.mark.parametrize(
    "text",
    ["[点击](http://evil.example)", "![img](http://evil.example/x.png)", "<script>alert(1)</script>", "**粗体** _斜体_ `代码`"],
)
def test_md_escape_leaves_no_live_markdown(text):
    escaped = md_escape(text)
    for char in "[]()<>*_`!":
        assert char not in escaped.replace("\\" + char, "")


def test_highlight_wraps_only_the_spans():
    assert highlight("召开联席会议", [(2, 6)]) == "召开:orange-background[联席会议]"
    assert highlight("a(b)", []) == "a\\(b\\)"


@pytest.mark.parametrize("parts, expected", [
    (("占比", "仅主主题"), "占比 · 仅主主题"),  # the themes page's subtitle: measure · scope
    (("省级重点任务下各级任务数", ""), "省级重点任务下各级任务数"),  # one plan only: no note, no trailing dot
    (("", "pooled"), "pooled"),
    (("coverage", None, "first 40 of 60"), "coverage · first 40 of 60"),
])
def test_subtitle_with_joins_the_notes_it_is_given(parts, expected):
    assert subtitle_with(*parts) == expected


@pytest.mark.parametrize(
    "text, expected_lines",
    # a CJK character is 1 em; "word " is 4 × 0.58 + 0.3 = 2.62 em, so 18 words (46.9 em with the last space dropped) per 49 em
    # line (SOURCE_LINE_EM: a source line as wide as the narrowest chart's text, ui/report/style.py)
    [("中" * 10, 1), ("中" * (SOURCE_LINE_EM + 1), 2), ("word " * 60, 4)],
)
def test_wrap(text, expected_lines):
    lines = wrap(text)
    assert len(lines) == expected_lines and "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_frame_puts_title_subtitle_and_source_on_the_figure():
    fig = frame(go.Figure(), "标题", "副标题", "资料来源：测试")
    assert fig.layout.title.text == "标题" and fig.layout.title.subtitle.text == "副标题"
    assert fig.layout.annotations[0].text == "资料来源：测试"
    assert "Noto Sans CJK SC" in fig.layout.template.layout.font.family


def test_modebar_exports_png_at_3x_named_after_the_title():
    config = plotly_config("各方案 主题/分布")
    assert config["toImageButtonOptions"] == {"format": "png", "scale": 3, "filename": "各方案_主题_分布"}


# The label catalogue itself (both languages, same placeholders, formatting) is tested in test_i18n.py.


@pytest.mark.parametrize(
    "lang, expected",
    [("zh", "市中区—费县实施方案"), ("en", "Shizhong–Fei County plan")],  # short_zh / short_en in szq-fx.yaml
)
def test_programme_names_are_the_short_labels_of_the_extract(corpus, lang, expected):
    assert i18n.programme_names(corpus, lang)["szq-fx"] == expected


def test_names_come_from_the_registries(corpus):
    assert i18n.group_names(corpus, "zh")["shizhong-feixian"] == "济南市市中区—临沂市费县"
    assert i18n.instrument_type_names(corpus, "zh") == {"supply": "供给型", "environment": "环境型", "demand": "需求型"}


@pytest.mark.parametrize("mode, notes", [
    # 206 items today (README's corpus table: 177 tasks, 22 provincial key tasks, 3 + 4 safeguards): the picker offers 200
    ({}, ["任务卡片可选前 200 条结果（共 206 条）；缩小检索词或筛选可选其他任务"]),
    ({"mode": "present"}, []),  # presentation mode hides the picker: no note about it (a helper's screenshot)
])
def test_notes_about_controls_are_not_shown_when_presenting(mode, notes):
    from streamlit.testing.v1 import AppTest

    from analytics import paths

    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    for key, value in mode.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/explorer.py").run()
    assert [c.value for c in at.caption if "任务卡片可选" in c.value] == notes
    assert not at.exception


# Presentation mode hides the sidebar and every control: a note on an empty page or chart states the fact without
# sending the room to a control it cannot see (a reviewer: 上海—三明's programme names no bodies, and one pairing gives
# the distinctive-themes chart nothing to compare, both said "choose … in the sidebar" on a projector).
# Counts from data/programmes: 上海—三明 25 tasks and 4 safeguards (README's corpus table; the explorer lists the
# safeguards, the departments page counts tasks); 沂蒙精神 is in the texts of six tasks: jn-ly-2023 01 and 02,
# jn-ly-division 01, 02 and 03, szq-fx 01.
def run_page(page: str, **query):
    """`page` under AppTest, reached as a reader reaches it: the frame first, with `query` in the address."""
    from streamlit.testing.v1 import AppTest

    from analytics import paths

    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    return at


SIDEBAR_WORDS = re.compile(r"侧栏|左侧|上方|请|sidebar|on the left|above|[Cc]hoose|[Ww]iden|[Cc]heck the")
NOTES_WHEN_PRESENTING = [
    ("pages/departments.py", {"prog": "sh-sm"},
     "所选方案和主题有 25 项任务，但都未列出承担单位，无从统计部门工作量。请在侧栏选择列出单位的方案。",
     "所选方案和主题有 25 项任务，但都未列出承担单位，无从统计部门工作量。"),
    ("pages/departments.py", {"prog": "sh-sm", "lang": "en"},
     "The programmes and themes chosen hold 25 tasks, but none of them names a responsible body, so there is no workload to "
     "count. Choose a programme that names its bodies in the sidebar.",
     "The programmes and themes chosen hold 25 tasks, but none of them names a responsible body, so there is no workload to "
     "count."),
    ("pages/departments.py", {"prog": "szq-gt", "theme": "red_culture"},  # no task of 高唐县 is tagged red culture
     "当前筛选条件下没有任务。请放宽方案或主题筛选。", "当前筛选条件下没有任务。"),
    ("pages/themes.py", {"prog": "szq-gt"},
     "这张图比较每个结对关系与其余结对关系的主题占比；所选方案只属于一个结对关系，无从比较。请在侧栏再选一个结对关系的方案。",
     "这张图比较每个结对关系与其余结对关系的主题占比；所选方案只属于一个结对关系，无从比较。"),
    ("pages/themes.py", {"prog": "szq-gt", "lang": "en"},
     "This chart compares each pairing's theme shares with the other pairings'; the programmes chosen belong to one pairing, "
     "so there is nothing to compare with. Choose a programme of another pairing in the sidebar.",
     "This chart compares each pairing's theme shares with the other pairings'; the programmes chosen belong to one pairing, "
     "so there is nothing to compare with."),
    ("pages/themes.py", {"prog": ""},  # "none" is not "all": the frame says so before any page
     "未选择任何方案：请在左侧“方案”中至少选择一个。", "未选择任何方案，本页没有可显示的内容。"),
    ("pages/breakdown.py", {"prog": "szq-gt", "lang": "en"},  # 高唐县's plan carries nothing down from 济南—临沂's
     "Among the programmes chosen there is no breakdown to draw: choose a higher-level plan together with a plan that breaks "
     "it down.",
     "Among the programmes chosen there is no breakdown to draw: no higher-level plan is chosen together with a plan that "
     "breaks it down."),
    ("pages/breakdown.py", {"prog": "jn-ly-provincial,jn-ly-division"},  # no county plan among them
     "所选方案中没有区县任务与它的上级任务：请同时选择区县方案和它承接的上级方案。",
     "所选方案中没有区县任务与它的上级任务：没有一个区县方案与它承接的上级方案同时入选。"),
    ("pages/explorer.py", {"q": "火星基地"}, "没有任务包含“火星基地”。请检查检索词或减少词数。", "没有任务包含“火星基地”。"),
    # the words as typed, shown as text (ui/report/safe.py md): they went into the note as Markdown, a live link here
    ("pages/explorer.py", {"q": "[火星](javascript:1)"}, r"没有任务包含“\[火星\]\(javascript\:1\)”。请检查检索词或减少词数。",
     r"没有任务包含“\[火星\]\(javascript\:1\)”。"),
    # a zero-width space in the words is named (an attack: it found nothing, and the note showed "园区" alone)
    ("pages/explorer.py", {"q": "园区\u200b"}, r"没有任务包含“园区⟨U\+200B⟩”。请检查检索词或减少词数。", r"没有任务包含“园区⟨U\+200B⟩”。"),
    ("pages/explorer.py", {"q": "沂蒙精神", "prog": "sh-sm"},
     "检索词有 6 项结果，但都被当前筛选条件排除。请放宽筛选。", "检索词有 6 项结果，但都被当前筛选条件排除。"),
    ("pages/explorer.py", {"prog": "sh-sm", "function": "propaganda"},  # 上海—三明 names no bodies: no function matches
     "所选方案和主题有 29 项任务，但都被本页的筛选条件排除。请放宽本页的筛选。", "所选方案和主题有 29 项任务，但都被本页的筛选条件排除。"),
    # a reviewer: the empty pack and the draft page without input named a panel and buttons presentation mode hides
    ("pages/pack.py", {"lang": "en"},
     "The pack is empty. Under any chart, open “Export / add to pack” and press “Add to briefing pack”.", "The pack is empty."),
    ("pages/draft.py", {}, "请上传文件或粘贴文本，然后点击“起草”。", "尚未给出方案文件或文本。"),
]


@pytest.mark.parametrize("page, query, browsing, presenting", NOTES_WHEN_PRESENTING,
                         ids=[f"{page[6:-3]}-{'-'.join(f'{k}={v}' for k, v in query.items())}" for page, query, *_ in
                              NOTES_WHEN_PRESENTING])
def test_notes_say_the_fact_without_the_hidden_controls_when_presenting(page, query, browsing, presenting):
    at = run_page(page, **query)
    assert [i.value for i in at.info] == [browsing]
    at = run_page(page, mode="present", **query)
    assert [i.value for i in at.info] == [presenting]
    shown = [e.value for kind in ("info", "markdown", "caption", "warning") for e in at.get(kind)]
    assert not [text for text in shown if SIDEBAR_WORDS.search(str(text))]
    assert not at.exception


@pytest.mark.parametrize("mode, intro", [
    ({}, "在侧栏“上传自己的摘录”中上传与本库同一格式的 YAML 文件。"),
    ({"mode": "present"}, "上传的摘录是与本库同一格式的 YAML 文件；本库尚无的地点、结对关系和单位写在 `additions:` 中。下表列出全部字段。"),
])
def test_the_data_page_tells_uploaders_where_to_upload_only_while_the_sidebar_shows(mode, intro):
    at = run_page("pages/data.py", **mode)
    assert [m.value for m in at.markdown if m.value.startswith(intro)]
    assert bool(mode) == (not [m.value for m in at.markdown if "侧栏" in m.value])
    assert not at.exception


@pytest.mark.parametrize("lang, said", [("zh", "（本表无内容）"), ("en", "(nothing to list)")])
def test_an_empty_table_is_said_in_the_readers_language(lang, said):
    """高唐县 has no red-culture task (tests/test_themes.py), the tasks-behind picker's first cell: Streamlit drew the
    empty table as a grey "empty", in English in the Chinese interface (a helper's walk)."""
    from streamlit.testing.v1 import AppTest

    from analytics import paths

    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"prog": "szq-gt", "cell_theme": "red_culture", "lang": lang})
    at.run()
    at.switch_page("pages/themes.py").run()
    assert said in [c.value for c in at.caption]
    assert not [d for d in at.dataframe if "themes-behind" in str(d.proto.id)]
    assert not at.exception


@pytest.mark.parametrize("lang, header, first, named", [
    ("zh", "主题编号", "red_culture", "红色文化"),
    ("en", "Theme id", "red_culture", "Red culture"),
])
def test_the_codebook_lists_each_themes_id_as_tasks_write_it(corpus, lang, header, first, named):
    """A walk: the codebook's "主题编号" column listed 红色文化 (the name, as every theme_id column shows it), and an
    uploader needs the id. Elsewhere a theme_id column is headed 主题 / Theme, since it shows the name."""
    from ui.report.tables import Names, display_table, reference_table

    table = reference_table(corpus, "codebook", lang)
    assert list(table.columns)[0] == header and table.iloc[0, 0] == first and named in set(table.iloc[0])
    assert list(display_table(pd.DataFrame({"theme_id": ["rural"]}), Names.of(corpus, lang)).iloc[0]) == [
        {"zh": "乡村振兴", "en": "Rural revitalization"}[lang]]
    assert list(display_table(pd.DataFrame({"theme_id": ["rural"]}), Names.of(corpus, lang)).columns) == [
        {"zh": "主题", "en": "Theme"}[lang]]


@pytest.mark.parametrize("title, stem", [
    ("各方案主题分布", "各方案主题分布"),
    ("主题 · 分布/2023", "主题_分布_2023"),  # what file systems refuse, and spaces, become one underscore
    ("\u202e甲乙\u2066丙\x07", "甲乙丙"),  # an attack: bidi controls of a typed title reached the file's name
    ("***", "chart"),
    # past 60 characters: cut after the last whole word of the first 60 (a walk: "…on_the_helper_and_recipient_si.png")
    ("Tasks per department function on the helper and recipient sides",
     "Tasks_per_department_function_on_the_helper_and_recipient"),
    ("x" * 70, "x" * 60),  # one word: cut at 60
    ("各" * 70, "各" * 60),  # Chinese has no spaces: cut at 60
    ("a " + "b" * 70, "a_" + "b" * 58),  # the only word end in the first half: cut at 60
])
def test_a_download_is_named_after_its_title_as_a_reader_sees_it(title, stem):
    from ui.report.style import file_stem

    assert file_stem(title) == stem


# By hand: data/programmes/szq-fx.yaml task 01's heading is 传承践行红色精神; jn-ly-division.yaml task 2 has no heading,
# its text opens 将沂蒙精神列入济南市委党校（…, cut at twelve characters; the programmes' short names are the extracts'.
@pytest.mark.parametrize("lang, pair, expected", [
    ("zh", "szq-fx/01~jn-ly-division/02",
     "市中区—费县实施方案 · 01 传承践行红色精神 ← 济南—临沂重点任务分工方案 · 02 将沂蒙精神列入济南市委党…"),
    ("en", "szq-fx/01~jn-ly-division/02",
     "Shizhong–Fei County plan · 01 传承践行红色精神 ← Jinan–Linyi division of key tasks · 02 将沂蒙精神列入济南市委党…"),
])
def test_the_breakdown_picker_names_each_pair_by_its_tasks_openings(corpus, lang, pair, expected):
    from analytics.breakdown import text_reuse
    from ui.report.tables import pair_names

    reuse = text_reuse(corpus)
    names = pair_names(corpus, reuse, lang)
    assert list(names) == [f"{c}~{p}" for c, p in zip(reuse.task_id, reuse.parent_task_id)]  # every pair, in order
    assert names[pair] == expected


@pytest.mark.parametrize("page, hint", [("pages/themes.py", "click_hint"), ("pages/departments.py", "workload_click_hint")])
def test_a_hint_to_click_a_chart_is_not_shown_to_a_room(page, hint):
    """A walk: presentation mode told a room to "Click a bar of the ranking"; nobody there clicks."""
    from ui.report.i18n import t

    captions = [c.value for c in run_page(page).caption]
    assert t(hint, "zh") in captions
    at = run_page(page, mode="present")
    assert t(hint, "zh") not in [c.value for c in at.caption] and not at.exception


# What a click on a chart returns is the label as drawn: wrapped (<br>) and escaped (ui.report.safe.plot_text); it must
# come back to the name it was drawn from (a walk: every English name holding "&" did nothing when clicked).
@pytest.mark.parametrize("name", ["Talent & cadre exchange", "Development & reform", "发展改革", "a <b> %{meta} & <br>c",
                                  "Mechanisms & business environment"])
def test_a_clicked_label_matches_the_name_it_was_drawn_from(name):
    from ui.report.safe import plot_text
    from ui.report.style import wrap_label
    from ui.web.widgets import compact

    assert compact(plot_text(wrap_label(name, 8))) == compact(name)


# The pairings listed under the overview's map (ui.report.tables.pairings_table): every place named, as the registry of
# data/ has them from the seeds (jn-ly.txt: "历下区—沂水县，市中区—费县，天桥区—蒙阴县…"; szq-gt.txt: 市中区 helps 高唐县).
@pytest.mark.parametrize("lang, pairing, row", [
    ("zh", "lixia-yishui", ["济南市历下区", "临沂市沂水县", "对口合作", "—", "济南—临沂重点任务分工方案、济南—临沂2023年工作要点"]),
    ("zh", "shizhong-gaotang", ["济南市市中区", "聊城市高唐县", "产业帮扶", "市中区—高唐县产业帮扶方案", "市中区—高唐县产业帮扶方案"]),
    ("en", "shanghai-sanming", ["Shanghai", "Sanming", "Paired cooperation", "Shanghai–Sanming plan", "Shanghai–Sanming plan"]),
])
def test_the_pairings_list_names_both_sides_and_the_documents(corpus, lang, pairing, row):
    from analytics.network import pairing_network
    from ui.report.tables import named_table, pairings_table

    edges = pairing_network(corpus)[1]
    table = named_table(corpus, edges, lang, make=pairings_table)
    headers = {"zh": ["帮扶方", "受援方", "合作类型", "所选方案中本结对的方案", "提及该结对的文件"],
               "en": ["Helper side", "Recipient side", "Cooperation type", "Its plans among those chosen", "Documents naming it"]}
    assert list(table.columns) == headers[lang] and len(table) == 11  # the registry's eleven pairings
    assert table.iloc[list(edges.pairing_id).index(pairing)].tolist() == row


def test_a_table_drawn_static_shows_every_cell_and_header_as_typed():
    """st.table reads each cell and header as Markdown (presentation mode draws the tasks behind a number with it): an
    uploaded task's link, markup, a "|" that would split the row, a line break that would end it, each shown as typed."""
    import numpy as np
    import pandas as pd

    from ui.report.safe import md_table

    table = pd.DataFrame({"任务|原文": ["[点击](http://evil.example) **粗**", "一行\n两行\r\n三行", None],
                          "n": pd.array([1, None, 3], dtype="Int64"), "share": [0.5, np.nan, 1.0]})
    out = md_table(table)
    assert list(out.columns) == ["任务\\|原文", "n", "share"]
    assert list(out["n"]) == ["1", "", "3"] and list(out["share"]) == ["0\\.5", "", "1\\.0"]  # a missing value blank
    assert out.iloc[0, 0] == "\\[点击\\]\\(http\\:\u2060//evil\\.example\\) \\*\\*粗\\*\\*"
    assert out.iloc[1, 0] == "一行 两行 三行" and out.iloc[2, 0] == ""
