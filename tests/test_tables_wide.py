"""Issue 15: a table with one column per programme stays readable at scale (the largest programmes and one
pooled column, said so in both languages), the download keeps every programme, and the table as shown is
built once per data version, filters and language."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.scale import OTHERS, pool_columns
from analytics.workload import NOT_STATED, function_across_programmes
from ui.report.tables import Names, wide_table

NS = "not stated"
# Tasks per function (rows x, y, z) in four programmes; d names no units. Column sizes: a 3, b 6, c 4, d 0.
WIDE = pd.DataFrame({"function": ["x", "y", "z"], "a": [1, 2, 0], "b": [5, 0, 1], "c": [0, 3, 1], "d": [NS, NS, NS]})


@pytest.mark.parametrize("n, kept, pooled, others", [
    (4, ["a", "b", "c", "d"], 0, None),  # at the limit: unchanged
    (3, ["a", "b", "c"], 1, [NS, NS, NS]),  # only d pooled: it names no units, so neither does the pool
    (2, ["b", "c"], 2, [1, 2, 0]),  # a + d: a's numbers, d adds nothing
    (1, ["b"], 3, [1, 5, 1]),  # a + c + d: x 1 + 0, y 2 + 3, z 0 + 1
])
def test_wide_table_pools_the_smallest_programmes(n, kept, pooled, others):
    table, count = pool_columns(WIDE, n, not_stated=NS)
    assert count == pooled
    assert list(table.function) == ["x", "y", "z"]
    assert [c for c in table.columns if c not in ("function", OTHERS)] == kept
    assert (OTHERS not in table) if others is None else (list(table[OTHERS]) == others)


def test_equal_columns_keep_the_earlier():
    table, count = pool_columns(pd.DataFrame({"function": ["x"], "p": [2], "q": [2], "r": [1]}), 1)
    assert (count, list(table.columns), list(table[OTHERS])) == (2, ["function", "p", OTHERS], [3])


@pytest.mark.parametrize("lang, pooled_header, note, stated", [
    ("zh", "其余 1 个", "仅列任务最多的 1 个方案，其余 1 个列为最后一列；下载的 CSV/Excel 含全部 2 个方案", "未列明"),
    ("en", "1 other", "The 1 programmes with the most tasks are shown; 1 other is in the last column; "
                      "the CSV/Excel download holds all 2 programmes", "Not stated"),
])
def test_real_table_pooled_and_said_so(corpus, lang, pooled_header, note, stated):
    # 高唐县 names its bodies (责任单位 on every task), 上海—三明 names none: 高唐县 stays, 三明's column is
    # pooled and reads "not stated". 发展改革局 in 高唐县's tasks 1, 2, 9, 11, 14, 15, 16, 18: 8 tasks.
    names = Names.of(corpus, lang)
    across = function_across_programmes(corpus, ["szq-gt", "sh-sm"])
    shown, caption = wide_table(across, names, limit=1, not_stated=NOT_STATED)
    gaotang = names.programme["szq-gt"]
    assert list(shown.columns)[1:] == [gaotang, pooled_header]
    assert caption == note
    row = shown[shown.iloc[:, 0] == names.function["development_reform"]].iloc[0]
    assert (row[gaotang], row[pooled_header]) == (8, stated)
    full, none = wide_table(across, names, limit=None, not_stated=NOT_STATED)  # the download: every programme
    assert none is None and set(full.columns[1:]) == {gaotang, names.programme["sh-sm"]}
    assert set(full[names.programme["sh-sm"]]) == {stated}


def test_pooled_numbers_are_sums_on_real_data(corpus):
    # 发展改革局: 市中区—费县 leads （五）（九）（十） and takes part in （六）（七）（八）（十一）（十五）: 8 tasks;
    # 高唐县: 8 tasks (above). Both pooled (limit 0): 16.
    names = Names.of(corpus, "zh")
    shown, _ = wide_table(function_across_programmes(corpus, ["szq-fx", "szq-gt"]), names, limit=0)
    row = shown[shown.iloc[:, 0] == names.function["development_reform"]].iloc[0]
    assert list(shown.columns)[1:] == ["其余 2 个合计"] and row["其余 2 个合计"] == 16


def test_today_every_programme_has_its_column(corpus):
    names = Names.of(corpus, "zh")
    shown, caption = wide_table(function_across_programmes(corpus), names, not_stated=NOT_STATED)
    assert caption is None and len(shown.columns) == 1 + 7


def _script():
    import streamlit as st

    from analytics.workload import function_across_programmes
    from ui.report import tables
    from ui.web import data
    built = st.session_state.setdefault("built", [])

    def counted(corpus, frame, lang, **kwargs):
        built.append(lang)
        return tables.wide_table(frame, tables.Names.of(corpus, lang), **kwargs)

    for lang in st.session_state.get("langs", ["zh"]):
        across = data.analysis(function_across_programmes, ("szq-gt", "sh-sm"))
        st.session_state[f"shown-{lang}"] = data.shown_table(counted, data.session_corpus(), across, lang, limit=1,
                                                             not_stated="not stated")


def test_shown_table_built_once_per_view_and_language():
    at = AppTest.from_function(_script, default_timeout=120).run()
    at.run()  # a rerun with the same view: read, not rebuilt
    assert not at.exception and at.session_state["built"] == ["zh"]
    at.session_state["langs"] = ["zh", "en"]
    at.run()
    assert at.session_state["built"] == ["zh", "en"]  # another language: built once more
    assert at.session_state["shown-en"][1].startswith("The 1 programmes")


def test_search_results_shown_are_the_first_rows_of_the_download(corpus):
    """The explorer lists the first rows of a long result on the page; its downloads (the same builder, no limit) hold
    every row, the listed ones first and identical."""
    from analytics.search import search_tasks
    from ui.report.tables import search_results

    results = search_tasks(corpus, "沂蒙精神")
    full, shown = search_results(corpus, results, "zh", True), search_results(corpus, results, "zh", True, limit=2)
    assert len(full) == len(results) > 2 and len(shown) == 2
    assert shown.astype(str).values.tolist() == full.head(2).astype(str).values.tolist()
    assert list(full.columns)[0] == "命中" and full.iloc[:, 0].tolist() == results.matches.tolist()


# How to cite each task found, worked from the seeds: 市中区—费县's task （三） under "二、全面实施乡村振兴"
# (seeds/szq-fx.txt, 市中政办字〔2023〕13号) names 联席会议; so do 高唐县's 14 and 16.
@pytest.mark.parametrize("lang, query, task, citation", [
    ("zh", "联席会议", "市中区—费县实施方案 · 03",
     "《济南市市中区—临沂市费县对口合作实施方案》（市中政办字〔2023〕13号），二、全面实施乡村振兴，第（三）项"),
    ("en", "联席会议", "Shizhong–Fei County plan · 03",
     "《济南市市中区—临沂市费县对口合作实施方案》（市中政办字〔2023〕13号），二、全面实施乡村振兴，第（三）项"),
])
def test_search_results_say_how_to_cite_each_task(corpus, lang, query, task, citation):
    """A walk: the explorer's results (and their CSV and Excel) had no citation, which a researcher found on each task's
    card alone; the tasks behind a number had one. Quoted in Chinese in both languages, as the documents are."""
    from analytics.search import search_tasks
    from ui.report.i18n import t
    from ui.report.tables import search_results

    table = search_results(corpus, search_tasks(corpus, query), lang, True)
    cited = dict(zip(table[t("col_task_id", lang)], table[t("col_citation", lang)]))
    assert cited[task] == citation
    assert len(cited) == 6  # jn-ly-2023/08, sc-yq/S1, sh-sm/S1, szq-fx/03, szq-gt/14, szq-gt/16
