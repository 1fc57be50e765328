"""The UI helpers: escaping data text, highlighting, label lookups, the shared chart style."""

import plotly.graph_objects as go
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
    # a CJK character is 1 em; "word " is 4 × 0.58 + 0.3 = 2.62 em, so 11 words (28.5 em with the last space dropped) per 30 em line
    [("中" * 10, 1), ("中" * (SOURCE_LINE_EM + 1), 2), ("word " * 60, 6)],
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
