"""analytics.filters.select_tasks: the counted tasks (hand counts as in tests/test_themes.py: key tasks and tasks, not
safeguards), and `columns` choosing what is copied without changing which rows."""

from __future__ import annotations

import pytest

from analytics.filters import programmes_of, select_tasks

TOTALS = {"jn-ly-2023": 43, "jn-ly-division": 53, "jn-ly-provincial": 22, "sc-yq": 21, "sh-sm": 25, "szq-fx": 17, "szq-gt": 18}


@pytest.mark.parametrize("programmes, columns, expected", [
    (["szq-fx"], None, 17),
    (["szq-fx"], ["task_id"], 17),
    (["szq-fx", "szq-gt"], ["programme_id", "text"], 35),
    (None, ["programme_id"], sum(TOTALS.values())),
    ([], ["task_id"], 0),
    (["no-such-plan"], None, 0),
])
def test_counted_tasks_and_columns(corpus, programmes, columns, expected):
    chosen = select_tasks(corpus, programmes, columns=columns)
    assert len(chosen) == expected
    assert list(chosen.columns) == (columns or list(corpus.tasks.columns))
    assert list(chosen.index) == list(select_tasks(corpus, programmes).index)  # the same rows, in the same order


@pytest.mark.parametrize("kinds, programme, expected", [
    (("safeguard",), "sc-yq", 3),  # 保障措施 S1–S3
    (("safeguard",), "sh-sm", 4),  # S1–S4
    (("task", "key_task", "safeguard"), "sh-sm", 25 + 4),
    (("key_task",), "szq-fx", 0),  # a county plan: tasks only
])
def test_kinds(corpus, kinds, programme, expected):
    assert len(select_tasks(corpus, [programme], kinds=kinds, columns=["kind"])) == expected


# Counted by hand in data/programmes/szq-fx.yaml: 科技创新 (innovation) is a secondary tag of four tasks and the primary
# theme of none; 红色文化 (red_culture) the primary theme of two and a secondary tag of none.
@pytest.mark.parametrize("programmes, themes, primary, tagged", [
    (["szq-fx"], ["innovation"], 0, 4),
    (["szq-fx"], ["red_culture"], 2, 2),
    (["szq-fx"], ["innovation", "red_culture"], 2, 6),
    (["szq-fx"], None, 17, 17),  # no theme filter: every counted task, in either scope
    ([], ["innovation"], 0, 0),
])
def test_theme_matches_count_each_scope(corpus, programmes, themes, primary, tagged):
    from analytics.filters import theme_matches

    matches = theme_matches(corpus, programmes, themes)
    assert dict(zip(matches.scope, matches.tasks)) == {"primary": primary, "any": tagged}


@pytest.mark.parametrize("task_ids, expected", [
    # data/programmes: the provincial plan's key task K01 and 费县's task 01 (README's corpus table)
    (["szq-fx/01", "jn-ly-provincial/K01"], ["jn-ly-provincial", "szq-fx"]),  # the corpus's order, not the ids'
    (["jn-ly-provincial/K01", "jn-ly-provincial/K22"], ["jn-ly-provincial"]),
    (["no-such/01"], []),
    ([], []),
])
def test_programmes_of(corpus, task_ids, expected):
    assert programmes_of(corpus, task_ids) == expected
