"""The label catalogue: both languages complete, same placeholders, no key written twice, loud gaps under test."""

import ast
import re
import string
from pathlib import Path

import pytest

from ui.report import i18n

CJK = re.compile(r"[\u3400-\u9fff]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(i18n.LABELS))
def test_both_languages_have_the_label_and_the_same_placeholders(key):
    zh, en = i18n.LABELS[key]
    assert zh.strip() and en.strip(), key
    assert placeholders(zh) == placeholders(en), key


def test_no_key_is_written_twice():
    """A dict literal keeps the last of two equal keys silently; the source must not have any."""
    tree = ast.parse(Path(i18n.__file__).read_text("utf-8"))
    labels = next(node.value for node in ast.walk(tree) if isinstance(node, ast.AnnAssign)
                  and getattr(node.target, "id", None) == "LABELS")
    keys = [k.value for k in labels.keys]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_english_labels_carry_no_chinese_except_the_language_switch():
    """English labels are English; the only Chinese allowed is the bilingual name of the language switch."""
    bilingual = {"language"}
    offenders = {key: en for key, (_, en) in i18n.LABELS.items() if CJK.search(en) and key not in bilingual}
    assert offenders == {}


def test_chinese_labels_mark_their_english():
    """Chinese labels contain no English words apart from file formats (CSV, Excel, .docx …) and `code` such as YAML keys
    (in a problem or review text, which is shown as typed, a key stands in quotes: “issuers”)."""
    allowed = {"Language", "CSV", "UTF", "BOM", "Excel", "PPTX", "PNG", "SVG", "YAML", "MB", "data", "seeds",
               "PDF", "GB", "GBK", "Word", "OCR", "kB"}  # GB18030 and GBK, encodings; Word, the program a .docx is
    # saved from; kB, a file's size
    offenders = {key: zh for key, (zh, _) in i18n.LABELS.items()
                 if set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}|`[^`]*`|“[A-Za-z_:./ ]+”|\.[a-z]{2,5}\b", "", zh))) - allowed}
    assert offenders == {}


# Presentation mode hides the sidebar and every control (ui.web.widgets.mode_text): a note that sends the reader to the
# sidebar has a twin `<key>_presenting` that states the fact alone, or is never shown while presenting.
POINTS_TO_THE_SIDEBAR = re.compile(r"侧栏|左侧|sidebar|on the left")
INSTRUCTS = re.compile(r"请|侧栏|左侧|上方|点“|sidebar|on the left|above|\b(?:[Cc]hoose|[Ww]iden|[Cc]heck|[Aa]dd|[Uu]pload a|press)\b")
NEVER_SHOWN_WHILE_PRESENTING = {
    "units_bounded",  # a control_note (the explorer's unit filter): presentation mode hides it with its filter
}
# (a label's singular twin `<key>_one` goes with its label: `<key>_presenting_one` is the presentation wording of one)
PRESENTING = sorted(key for key in i18n.LABELS if key.removesuffix("_one").endswith("_presenting"))


def test_every_note_pointing_to_the_sidebar_has_a_presentation_wording():
    pointing = {key for key, pair in i18n.LABELS.items()
                if key not in PRESENTING and any(POINTS_TO_THE_SIDEBAR.search(text) for text in pair)}
    twinned = {key.removesuffix("_one").removesuffix("_presenting") + key[len(key.removesuffix("_one")):] for key in PRESENTING}
    assert sorted(pointing - twinned - NEVER_SHOWN_WHILE_PRESENTING) == []


@pytest.mark.parametrize("key", PRESENTING)
def test_a_presentation_wording_states_the_fact_alone(key):
    twin = key.removesuffix("_one").removesuffix("_presenting") + key[len(key.removesuffix("_one")):]
    assert twin in i18n.LABELS
    assert placeholders(i18n.LABELS[key][0]) == placeholders(i18n.LABELS[twin][0])  # the same values fill both
    assert [text for text in i18n.LABELS[key] if INSTRUCTS.search(text)] == []
    assert any(INSTRUCTS.search(text) for text in i18n.LABELS[twin])  # a twin only where there is an instruction to drop


def test_unknown_key_raises_under_test(monkeypatch):
    with pytest.raises(KeyError, match="no_such_key"):
        i18n.t("no_such_key", "zh")


def test_unknown_key_shows_itself_for_users(monkeypatch):
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.delenv(i18n.STRICT_ENV, raising=False)
    assert i18n.t("no_such_key", "zh") == "no_such_key"
    monkeypatch.setenv(i18n.STRICT_ENV, "1")
    with pytest.raises(KeyError):
        i18n.t("no_such_key", "en")


@pytest.mark.parametrize(
    "key, lang, values, expected",
    [
        ("results", "en", {"n": 3}, "3 results"),
        ("results", "zh", {"n": 3}, "检索结果 3 条"),
        ("problems", "zh", {"n": 2}, "数据问题 2 项（有效方案照常显示）"),
        ("col_top_share", "en", {}, "Top-5 share (%)"),
    ],
)
def test_labels_format(key, lang, values, expected):
    assert i18n.t(key, lang, **values) == expected


# The overview at 1× with 上海—三明 alone: 25 tasks and 4 保障措施, no provincial key task (an English walk read "the 0
# provincial key tasks and 4 safeguards are counted apart"); 市中区—高唐县: 18 tasks alone; every document: 177 tasks, 22 key
# tasks, 7 safeguards (tests/test_summary.py); and one made-up count of one safeguard, for the singular.
@pytest.mark.parametrize("kinds, lang, expected", [
    ({"task": 25, "key_task": 0, "safeguard": 4}, "en",
     "“Tasks” counts the programmes' numbered tasks (25); counted apart: 4 safeguards. The task explorer lists all 29 items."),
    ({"task": 25, "key_task": 0, "safeguard": 4}, "zh", "“任务”只计各方案的编号任务（25项）；保障措施 4 项另计。任务检索页列出全部29条。"),
    ({"task": 17, "key_task": 0, "safeguard": 1}, "en",
     "“Tasks” counts the programmes' numbered tasks (17); counted apart: 1 safeguard. The task explorer lists all 18 items."),
    ({"task": 18, "key_task": 0, "safeguard": 0}, "en",
     "“Tasks” counts the programmes' numbered tasks (18). The task explorer lists all 18 items."),
    ({"task": 177, "key_task": 22, "safeguard": 7}, "zh",
     "“任务”只计各方案的编号任务（177项）；省级重点任务 22 项、保障措施 7 项另计。任务检索页列出全部206条。"),
])
def test_the_overview_says_what_tasks_counts_naming_only_kinds_there_are(kinds, lang, expected):
    assert i18n.kpi_note(kinds, lang) == expected


@pytest.mark.parametrize("n, kinds, lang, expected", [
    (1, {"task": 1, "key_task": 0, "safeguard": 0}, "en", "1 result: 1 task"),
    (19, {"task": 16, "key_task": 3, "safeguard": 0}, "en", "19 results: 16 tasks, 3 provincial key tasks"),
    (4, {"task": 2, "key_task": 1, "safeguard": 1}, "en", "4 results: 2 tasks, 1 provincial key task, 1 safeguard"),
    (19, {"task": 16, "key_task": 3, "safeguard": 0}, "zh", "检索结果 19 条：任务 16 项、省级重点任务 3 项"),
])
def test_search_results_are_counted_by_kind_in_the_readers_grammar(n, kinds, lang, expected):
    assert i18n.t("results_by_kind", lang, n=n, kinds=i18n.kinds_text(kinds, lang)) == expected


# ----------------------------------------------------------------------------------------------
# Data problems in the reader's language
# ----------------------------------------------------------------------------------------------


def test_every_problem_code_is_worded_in_the_catalogue():
    folder = Path(__file__).parents[1] / "analytics" / "corpus"
    source = "".join(path.read_text("utf-8") for path in sorted(folder.glob("*.py")))
    codes = set(re.findall(r'code="(\w+)"', source)) | set(re.findall(r'"(schema_\w+|more_problems|registry_missing)"', source))
    assert codes, "no problem codes found in analytics/corpus/"
    assert sorted(c for c in codes if f"problem_{c}" not in i18n.LABELS) == []


def test_every_draft_refusal_is_declared_once_and_worded_in_both_languages():
    """The codes the drafting code raises are the declared ones (analytics/draft_refusal.py), each worded in Chinese
    with the same particulars, and the catalogue's English is the declared text itself, not a second copy."""
    from analytics.draft_refusal import REFUSALS

    folder = Path(__file__).parents[1] / "analytics" / "draft"
    source = "".join(path.read_text("utf-8") for path in sorted(folder.glob("*.py")))
    raised = set(re.findall(r'DraftInputError\("(\w+)"', source))
    assert raised == set(REFUSALS), raised ^ set(REFUSALS)
    for code, english in REFUSALS.items():
        zh, en = i18n.LABELS[f"draft_error_{code}"]
        assert en is english
        fields = r"{(\w+(?::[^}]*)?)}"  # a name and its format: 600,000 written alike in both languages
        assert set(re.findall(fields, zh)) == set(re.findall(fields, english)), code


@pytest.fixture(scope="module")
def upload_problems():
    """Problems of an upload with three curator mistakes (a theme, a unit and a field), from the template."""
    from analytics import paths
    from analytics.outputs.template import upload_template
    from analytics.corpus import check_data_dir

    text = upload_template(paths.DATA_DIR)
    text = text.replace('primary_theme: "', 'primary_theme: "no_such_', 1)
    result = check_data_dir(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"mine.yaml": text.encode()})
    return [p for p in result.problems if p.file == "upload:mine.yaml"]


@pytest.mark.parametrize(
    "code, zh_part, en_part",
    [
        ("unknown_theme", "不是主题编号；可用：", "is not a theme id; use one of:"),
        ("upload_unchecked", "文字未与原文核对", "texts were not checked against the source"),
    ],
)
def test_problems_are_worded_in_each_language(upload_problems, code, zh_part, en_part):
    problem = next(p for p in upload_problems if p.code == code)
    zh, en = i18n.problem_text(problem, "zh"), i18n.problem_text(problem, "en")
    assert zh.startswith(f"upload:mine.yaml:{problem.line}: ") and zh_part in zh
    assert en.startswith(f"upload:mine.yaml:{problem.line}: ") and en_part in en
    assert not re.search(r"is not|texts were", zh)
    if code == "unknown_theme":  # the id the curator wrote is quoted, whatever the language
        assert "“no_such_" in zh and "'no_such_" in en
    if problem.severity == "warning":
        assert "提示：" in zh and "warning: " in en


def test_a_problem_without_a_code_keeps_its_english_marked():
    from analytics.corpus import Problem

    problem = Problem("upload:x.yaml", 3, "mapping values are not allowed here")
    assert i18n.problem_text(problem, "zh") == "upload:x.yaml:3: （英文说明）mapping values are not allowed here"
    assert i18n.problem_text(problem, "en") == "upload:x.yaml:3: mapping values are not allowed here"


# ----------------------------------------------------------------------------------------------
# Tables as shown: headers from the catalogue, ids as names, gaps as a dash (ui/report/tables.py)
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column, value, lang, expected",
    [
        ("programme_id", "szq-fx", "zh", "市中区—费县实施方案"),
        ("programme_id", "szq-fx", "en", "Shizhong–Fei County plan"),
        ("programme_id", "all", "zh", "全部"),
        ("primary_theme", "red_culture", "zh", "红色文化"),
        ("primary_theme", "red_culture", "en", "Red culture"),
        ("function", "propaganda", "zh", "宣传部门"),
        ("top_functions", ("propaganda", "organization"), "zh", "宣传部门、组织部门"),
        ("role", "responsible", "en", "Responsible"),
        ("side", "helper", "zh", "帮扶方"),
        ("relation", "carries_down", "en", "Carries down"),
        ("status", "not carried", "zh", "未分解到区县"),
        ("status", "征求意见稿", "en", "Draft for comments"),
        ("task_id", "szq-fx/01", "zh", "市中区—费县实施方案 · 01"),
        ("division_tasks", ("jn-ly-division/01", "jn-ly-division/02"), "zh", "01、02"),
        ("top_share", 0.5, "zh", 50.0),
        ("heading", None, "zh", "—"),
        ("heading", float("nan"), "en", "—"),
    ],
)
def test_display_table_values(corpus, column, value, lang, expected):
    from ui.report.tables import Names, display_table

    import pandas as pd

    shown = display_table(pd.DataFrame({column: [value]}), Names.of(corpus, lang))
    assert shown.iloc[0, 0] == expected
    assert list(shown.columns) == [i18n.t(f"col_{column}", lang)]


def test_programme_columns_are_named_and_unknown_columns_fail_loudly(corpus):
    from ui.report.tables import Names, display_table

    import pandas as pd

    names = Names.of(corpus, "en")
    assert list(display_table(pd.DataFrame({"function": ["agriculture"], "sh-sm": ["Not stated"]}), names).columns) == [
        "Function", "Shanghai–Sanming plan"]
    with pytest.raises(KeyError, match="col_no_such_column"):
        display_table(pd.DataFrame({"no_such_column": [1]}), names)


def test_programme_metadata_in_each_language(corpus):
    """sc-yq is the undated draft: no date, no 文号; its status and cooperation type are worded, not coded."""
    from ui.report.tables import Names, programme_metadata

    for lang, status, issued, doc_number in (("zh", "征求意见稿", "未注明日期", "—"), ("en", "Draft for comments", "undated", "—")):
        table = programme_metadata(corpus, "sc-yq", Names.of(corpus, lang))
        rows = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
        assert rows[i18n.t("col_status", lang)] == status
        assert rows[i18n.t("col_issued", lang)] == issued
        assert rows[i18n.t("col_doc_number", lang)] == doc_number
        assert "None" not in rows.values() and "nan" not in rows.values()


@pytest.mark.parametrize(
    "column, expected",
    [  # 市中区—费县 plan, read in seeds/szq-fx.txt: 文号 and date on its first lines, 17 numbered tasks, no period.
        ("col_doc_number", "市中政办字〔2023〕13号"),
        ("col_issued", "2023-10-19"),
        ("col_tasks", "17"),
        ("col_period", "—"),
    ],
)
def test_programme_metadata_of_the_county_plan(corpus, column, expected):
    from ui.report.tables import Names, programme_metadata

    table = programme_metadata(corpus, "szq-fx", Names.of(corpus, "zh"))
    assert dict(zip(table.iloc[:, 0], table.iloc[:, 1]))[i18n.t(column, "zh")] == expected


def test_unit_names_are_one_read_only_mapping_per_corpus(corpus):
    """Bodies' names: one mapping per corpus shared by every caller, which no caller can change (a widget's format_func
    holds it for its session's life: a copy per run was 2 MB per explorer session at 100×, issue 15)."""
    first, second = i18n.unit_names(corpus), i18n.unit_names(corpus)
    assert first["jinan.culture_tourism"] == "济南市文化和旅游局"  # data/registry/units.yaml, line 9
    assert first == second and len(first) == len(corpus.units)
    with pytest.raises(TypeError):
        first["jinan.culture_tourism"] = "changed"
    assert second["jinan.culture_tourism"] == "济南市文化和旅游局"


def test_problem_and_review_texts_carry_no_markdown():
    """A walk: “上传文件没有 `seeds/` 原文” showed its backticks, since problems are shown as typed (a code block on the
    upload panel, a table cell on the drafting page), never as Markdown."""
    marked = [key for key, texts in i18n.LABELS.items() if key.startswith(("problem_", "review_"))
              and any("`" in text or "**" in text for text in texts)]
    assert marked == []


@pytest.mark.parametrize("key, n, en", [
    ("pack_status", 1, "Briefing pack: 1 chart"),  # a walk: "7 chart(s)", "1 data problem(s)"
    ("pack_status", 7, "Briefing pack: 7 charts"),
    ("problems", 1, "1 data problem (valid programmes are still shown)"),
    ("results", 0, "0 results"),
])
def test_a_count_of_one_is_worded_in_the_singular(key, n, en):
    assert i18n.t(key, "en", n=n) == en
    assert i18n.t(key, "zh", n=n) == i18n.LABELS[key][0].format(n=n)


# Labels whose {n} is never 1, so they need no singular twin: each with the reason.
NEVER_ONE = {
    "picker_bounded": "n results beyond the `shown` offered: at least shown + 1",
    "rows_listed": "n rows beyond the `shown` listed",
    "rows_bounded": "n results beyond the `shown` listed",
    "problem_schema_too_long": "n characters beyond the limit",
    "draft_limit": "a fixed limit (analytics.draft)",
    "top_programmes": "n = charts.MAX_PROGRAMME_BARS",
    "unnamed_programmes_note": "n > charts.UNNAMED_PROGRAMMES_NAMED, below which they are named",
    "finding_rule_small": "a fixed threshold",
}


def test_every_count_that_can_be_one_has_a_singular_twin():
    """A review found "Added to the briefing pack (1 charts)" after the first chart added, "(1 tasks)" in a hover,
    "and 1 other documents": every English label that counts with {n} in the plural has its `_one` twin."""
    plural = re.compile(r"\{n\}\s+(?:more\s+|other\s+)?[A-Za-z]+s\b")
    missing = [key for key, (_, en) in i18n.LABELS.items()
               if plural.search(en) and not key.endswith("_one") and f"{key}_one" not in i18n.LABELS and key not in NEVER_ONE]
    assert missing == []
    assert set(NEVER_ONE) <= set(i18n.LABELS)  # no reason kept for a label gone


@pytest.mark.parametrize("key, values, en", [
    ("added_to_pack", {"n": 1}, "Added to the briefing pack (1 chart)"),
    ("added_to_pack", {"n": 2}, "Added to the briefing pack (2 charts)"),
    ("source_more", {"n": 1}, "and 1 other document"),
    ("tied_names_more", {"names": "A, B, C", "n": 1}, "A, B, C and 1 other"),
    ("tasks_aside", {"n": 1}, " (1 task)"),
    ("deck_sources_left", {"n": 1}, "… and 1 more document, not listed here: this slide's notes list them all"),
])
def test_a_count_of_one_reads_in_the_singular_wherever_it_is_counted(key, values, en):
    assert i18n.t(key, "en", **values) == en


def test_a_singular_twin_has_its_labels_placeholders():
    for key in (k for k in i18n.LABELS if k.endswith("_one") and k.removesuffix("_one") in i18n.LABELS):
        base = key.removesuffix("_one")
        for one, many in zip(i18n.LABELS[key], i18n.LABELS[base]):
            # the same particulars, but the twin may write the 1 out ("1 percentage point")
            assert set(re.findall(r"{(\w+)", one)) <= set(re.findall(r"{(\w+)", many)), key
            assert set(re.findall(r"{(\w+)", many)) - set(re.findall(r"{(\w+)", one)) <= {"n"}, key


@pytest.mark.parametrize("lang, by, tasks, rows, ending", [
    ("en", "function", 1, 1, "as the ranking stacks them: 1 task in 1 row."),  # a walk: "1 tasks in 1 rows"
    ("en", "unit", 1, 2, "as the ranking stacks them: 1 task in 2 rows."),
    ("en", "function", 54, 54, "as the ranking stacks them: 54 tasks in 54 rows."),
    ("zh", "function", 5, 5, "与排名图的分段一致；共 5 项任务、5 行。"),
    ("zh", "unit", 1, 1, "与排名图的分段一致；共 1 项任务、1 行。"),
])
def test_the_tasks_behind_a_bar_are_counted_in_words(lang, by, tasks, rows, ending):
    text = i18n.behind_note(lang, by, tasks, rows)
    assert text.endswith(ending) and (("body" in text or "责任主体" in text) == (by == "unit"))


# "Pairings" beside the map and the list under it (a walk at 100×: "结对关系 500" above a list of 1,100). Today's seven
# documents are of 5 pairings and name 6 more (data/registry/pairings.yaml: 历下—沂水, 天桥—蒙阴, 槐荫—沂南, 高新—高新, 历城—莒南,
# 杭州—宿州), tests/test_summary.py; 上海—三明 alone names none beside its own.
@pytest.mark.parametrize("lang, pairings, named, ending", [
    ("zh", 5, 6, "任务检索页列出全部206条。“结对关系”计所选方案本身的结对（5对）；示意图和结对关系一览另列这些方案提及的6对。"),
    ("en", 5, 6, "lists all 206 items. “Pairings” counts the chosen programmes' own pairings (5); the map and the list of "
                 "pairings also show 6 more that they name."),
    ("en", 1, 1, "lists all 206 items. “Pairings” counts the chosen programmes' own pairings (1); the map and the list of "
                 "pairings also show 1 more that they name."),
    ("en", 1, 0, "lists all 206 items."),
])
def test_the_overview_says_what_pairings_counts_beside_the_map(lang, pairings, named, ending):
    assert i18n.kpi_note({"task": 177, "key_task": 22, "safeguard": 7}, lang, pairings, named).endswith(ending)
