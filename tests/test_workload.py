import pytest

from analytics.workload import (
    NOT_STATED,
    concentration,
    department_workload,
    function_across_programmes,
    functions_by_theme,
    normalised_workload,
    units_by_tasks,
    workload_by_side,
)


@pytest.mark.parametrize(
    "programme_id, function, role, expected",
    [
        # 市中区—费县: 两地农业农村局 lead （三）（四）（八）.
        ("szq-fx", "agriculture", "lead", 3),
        # 两地发展改革局 lead （五）（九）（十）; 参与/配合 in （六）（七）（八）（十一）（十五）.
        ("szq-fx", "development_reform", "lead", 3),
        ("szq-fx", "development_reform", "support", 5),
        # 高唐县: every clause is 责任单位. 发展改革局 in 1, 2, 9, 11, 14, 15, 16, 18.
        ("szq-gt", "development_reform", "responsible", 8),
    ],
)
def test_hand_counted_roles(corpus, programme_id, function, role, expected):
    table = department_workload(corpus, programmes=[programme_id]).set_index("function")
    assert table.loc[function, role] == expected


def test_weighted_index_uses_stated_weights(corpus):
    table = department_workload(corpus, programmes=["szq-fx"], by="unit").set_index("unit_id")
    # 3 tasks as lead (weight 1) + 5 as support (weight 0.5)
    assert table.loc["feixian.development_reform", "weighted_index"] == 5.5


def test_sides_split_and_missing_sides_are_not_stated(corpus):
    table = workload_by_side(corpus, programmes=["szq-fx", "sc-yq", "sh-sm"])
    assert set(table[table.programme_id == "szq-fx"].side) == {"helper", "recipient"}
    sc_helper = table[(table.programme_id == "sc-yq") & (table.side == "helper")]
    assert list(sc_helper.tasks) == [NOT_STATED]
    sh = table[table.programme_id == "sh-sm"]
    assert set(sh.side) == {"helper", "recipient"} and set(sh.tasks) == {NOT_STATED}
    assert not (table.tasks.astype(str) == "0").any()


def test_programmes_without_units_show_not_stated_not_zero(corpus):
    wide = function_across_programmes(corpus)
    assert set(wide["sh-sm"]) == {NOT_STATED}
    assert wide["szq-fx"].dtype.kind == "i"
    normalised = normalised_workload(corpus, programmes=["sh-sm"])
    assert list(normalised.function) == [NOT_STATED]


def test_normalised_index_divides_by_programme_tasks(corpus):
    table = normalised_workload(corpus, programmes=["szq-fx"]).set_index("function")
    row = table.loc["development_reform"]
    # 两地发展改革局: lead on 3 tasks, support on 5, one body on each side: 2 × (3 × 1 + 5 × 0.5) = 11,
    # over the plan's 17 tasks: 11 / 17 × 10 = 6.47 per 10 tasks.
    assert (row.weighted_index, row.programme_tasks) == (11.0, 17)
    assert row.per_10_tasks == pytest.approx(6.4706, abs=1e-4)


def test_concentration_is_a_share(corpus):
    table = concentration(corpus).set_index("programme_id")
    assert table.top_share.between(0, 1).all()
    assert "sh-sm" not in table.index


def test_concentration_counted_by_hand(corpus):
    # 高唐县, bodies named per task in its 责任单位 clauses ("两地X" is two bodies):
    # 1–14: 2, 4, 6, 3, 2, 4, 2, 2, 8, 2, 2, 2, 4, 2 = 45; 15: 4; 16: 18 + 8 + 5 = 31; 17: 2; 18: 2; total 84.
    # Top five functions: development_reform 16 (tasks 1, 2, 9, 11, 14, 15, 16, 18 × 2 sides),
    # state_enterprise 8 (财金/城投/城发/宏基 in 3 and 16), industry_it 6 and science_tech 6 (three tasks
    # × 2), then commerce 5 ahead of finance_bureau 5 by name: 16 + 8 + 6 + 6 + 5 = 41 of 84.
    row = concentration(corpus, programmes=["szq-gt"]).set_index("programme_id").loc["szq-gt"]
    assert row.assignments == 84
    assert row.top_share == pytest.approx(41 / 84)
    assert row.top_functions == ("development_reform", "state_enterprise", "industry_it", "science_tech", "commerce")


def test_role_filter_only_narrows(corpus):
    full = department_workload(corpus).set_index("function").tasks
    leads = department_workload(corpus, roles=["lead"]).set_index("function").tasks
    assert (leads <= full.reindex(leads.index)).all()


def test_functions_by_theme_counts_tasks(corpus):
    table = functions_by_theme(corpus, programmes=["szq-fx"])
    # 两地残联 leads exactly one task, （十四）, tagged health.
    assert table[table.function == "disabled_persons"].tasks.sum() == 1


@pytest.mark.parametrize("programme_id, first, tasks", [
    # 高唐县: 两地发展改革局 in tasks 1, 2, 9, 11, 14, 15, 16, 18 (test_hand_counted_roles); 市中区's first (registry order)
    ("szq-gt", ["shizhong.development_reform", "gaotang.development_reform"], [8, 8]),
    # 费县: 两地发展改革局 lead （五）（九）（十） and take part in （六）（七）（八）（十一）（十五）: 8 tasks each
    ("szq-fx", ["shizhong.development_reform", "feixian.development_reform"], [8, 8]),
])
def test_units_by_tasks_puts_the_busiest_bodies_first(corpus, programme_id, first, tasks):
    table = units_by_tasks(corpus, [programme_id])
    assert list(table.unit_id[:2]) == first and list(table.tasks[:2]) == tasks
    assert table.tasks.iloc[2] < 8  # no other body is named in as many of this plan's tasks
    assert table.tasks.is_monotonic_decreasing and table.unit_id.is_unique


def test_units_by_tasks_leaves_out_bodies_the_programmes_never_name(corpus):
    # 上海—三明 names no units at all (README's corpus table): nothing to offer
    assert units_by_tasks(corpus, ["sh-sm"]).empty
    assert set(units_by_tasks(corpus).unit_id) <= set(corpus.units.unit_id)


# 市中区—高唐县 on talent (data/programmes/szq-gt.yaml): three tasks, 12 (责任单位：两地科技局), 13 (两地教育体育局、
# 人力资源社会保障局) and 17 (两地区（县）委组织部), each body responsible on both sides. Worked by hand: 4 functions, each on
# 1 task a side; weighted index 2 × 1.0 = 2.0 each over 3 tasks, 6.67 per 10; 8 assignments, all within the top five.
TALENT = ["education", "hr_social", "organization", "science_tech"]


@pytest.mark.parametrize("analysis, expected", [
    (lambda c: workload_by_side(c, ["szq-gt"], themes=["talent"]),
     lambda t: sorted(zip(t.function, t.side, t.role, t.tasks)) == [(f, s, "responsible", 1) for f in TALENT
                                                                     for s in ("helper", "recipient")]),
    (lambda c: normalised_workload(c, ["szq-gt"], themes=["talent"]),
     lambda t: list(t.function) == TALENT and set(t.weighted_index) == {2.0} and set(t.programme_tasks) == {3}
     and round(t.per_10_tasks.iloc[0], 2) == 6.67),
    (lambda c: concentration(c, ["szq-gt"], themes=["talent"]),
     lambda t: list(t.assignments) == [8, 8] and list(t.top_share) == [1.0, 1.0] and t.top_functions.iloc[0] == tuple(TALENT)),
    (lambda c: functions_by_theme(c, ["szq-gt"], "any", themes=["talent"]),
     lambda t: list(zip(t.function, t.theme_id, t.tasks)) == [(f, "talent", 1) for f in TALENT]),  # innovation, education left out
    (lambda c: function_across_programmes(c, ["szq-gt"], themes=["talent"]),
     lambda t: list(t.function) == TALENT and list(t["szq-gt"]) == [1, 1, 1, 1]),
], ids=["sides", "weighted", "concentration", "functions-by-theme", "across"])
def test_every_departments_analysis_follows_the_theme_filter(corpus, analysis, expected):
    """A walk: under a theme filter the departments page filtered its ranking alone; the side chart, the weighted index,
    the heatmap and both tables counted every task."""
    assert expected(analysis(corpus))


# 市中区—费县 on talent (data/programmes/szq-fx.yaml): task 17 has it as its primary theme (牵头部门：两地区（县）委组织部；
# 参与部门：两地人力资源社会保障局), task 03 as a secondary tag (牵头部门：两地农业农村局；参与部门：两地人力资源社会保障局、
# 投资促进部门). Weighted by hand: a lead named for both places 2 × 1.0, a support 2 × 0.5.
@pytest.mark.parametrize("scope, expected", [
    ("primary", [("organization", 1, 0, 1, 2.0), ("hr_social", 0, 1, 1, 1.0)]),
    ("any", [("hr_social", 0, 2, 2, 2.0), ("agriculture", 1, 0, 1, 2.0), ("organization", 1, 0, 1, 2.0),
             ("investment_promotion", 0, 1, 1, 1.0)]),
])
def test_the_departments_analyses_count_a_theme_in_the_sidebars_scope(corpus, scope, expected):
    """A review: under a theme filter the departments page counted any tag while the sidebar said primary theme only."""
    table = department_workload(corpus, ["szq-fx"], themes=["talent"], scope=scope)
    assert list(zip(table.function, table.lead, table.support, table.tasks, table.weighted_index)) == expected
    weighted = normalised_workload(corpus, ["szq-fx"], themes=["talent"], scope=scope)
    assert set(weighted.programme_tasks) == {1 if scope == "primary" else 2}


# By hand from data/programmes/szq-fx.yaml, units_printed: 两地发展改革局 leads 05, 09 and 10 (牵头部门) and supports 06, 07,
# 08, 11 and 15 (参与/配合部门); both districts' bureaus each time. szq-gt.yaml names them 责任单位 on 01, 02, 09, 11, 14–16, 18.
FX_BUREAUS = "济南市市中区发展和改革局、费县发展和改革局"
GT_BUREAUS = "济南市市中区发展和改革局、高唐县发展和改革局"


@pytest.mark.parametrize("programmes, rows", [
    (["szq-fx"], [("szq-fx/05", "lead", FX_BUREAUS), ("szq-fx/06", "support", FX_BUREAUS), ("szq-fx/07", "support", FX_BUREAUS),
                  ("szq-fx/08", "support", FX_BUREAUS), ("szq-fx/09", "lead", FX_BUREAUS), ("szq-fx/10", "lead", FX_BUREAUS),
                  ("szq-fx/11", "support", FX_BUREAUS), ("szq-fx/15", "support", FX_BUREAUS)]),
    (["szq-gt"], [(f"szq-gt/{n}", "responsible", GT_BUREAUS) for n in ("01", "02", "09", "11", "14", "15", "16", "18")]),
])
def test_the_tasks_behind_a_bar_are_the_tasks_naming_its_function(corpus, programmes, rows):
    from analytics.workload import workload_tasks

    behind = workload_tasks(corpus, "development_reform", programmes)
    assert list(behind[["task_id", "role", "unit_name"]].itertuples(index=False, name=None)) == rows


def test_the_tasks_behind_a_bar_are_listed_programme_by_programme(corpus):
    """A walk: 临沂市工业和信息化局's tasks on industry (primary theme) came as 2023 work points 18, 19, 23, the division
    plan's 24–28, then the work points' 29: sorted by the task's place in its own plan across plans. Listed by the
    corpus's programmes, then in each plan's order (data/programmes/jn-ly-2023.yaml, jn-ly-division.yaml)."""
    from analytics.workload import workload_tasks

    behind = workload_tasks(corpus, "linyi.industry_it", by="unit", themes=["industry"], scope="primary")
    assert list(behind[["task_id", "role"]].itertuples(index=False, name=None)) == [
        ("jn-ly-2023/18", "responsible"), ("jn-ly-2023/19", "responsible"), ("jn-ly-2023/23", "responsible"),
        ("jn-ly-2023/29", "responsible"), ("jn-ly-division/24", "responsible"), ("jn-ly-division/25", "responsible"),
        ("jn-ly-division/26", "lead"), ("jn-ly-division/27", "lead"), ("jn-ly-division/28", "lead")]


@pytest.mark.parametrize("by, key", [("function", "development_reform"), ("function", "agriculture"),
                                     ("unit", "linyi.development_reform")])
def test_the_tasks_behind_a_bar_add_up_to_its_stacks(corpus, by, key):
    """Every programme: one row per task and role, so the rows by role are the ranking's stacks (发展改革: lead 5,
    responsible 37, support 12, a walk's sum of 54 on the chart and the slide)."""
    from analytics.workload import workload_tasks

    bar = department_workload(corpus, by=by).set_index("unit_id" if by == "unit" else "function").loc[key]
    behind = workload_tasks(corpus, key, by=by)
    assert {role: int(bar[role]) for role in ("lead", "responsible", "support") if bar[role]} == behind.role.value_counts().to_dict()
    assert behind.task_id.nunique() == bar.tasks


# What the table of the tasks behind a bar cites: the documents holding its rows, in the corpus's order. 上海—三明 names
# no bodies (data/programmes/sh-sm.yaml has no units), so choosing it adds nothing; 临沂市发展和改革委员会 is named only in
# data/programmes/jn-ly-2023.yaml and jn-ly-division.yaml; szq-gt.yaml tags no task red culture.
@pytest.mark.parametrize("key, programmes, by, themes, expected", [
    ("development_reform", ["szq-gt", "szq-fx"], "function", None, ["szq-fx", "szq-gt"]),
    ("development_reform", ["szq-gt", "szq-fx", "sh-sm"], "function", None, ["szq-fx", "szq-gt"]),
    ("linyi.development_reform", None, "unit", None, ["jn-ly-2023", "jn-ly-division"]),
    ("development_reform", ["szq-gt"], "function", ["red_culture"], []),
])
def test_the_tasks_behind_a_bar_cite_the_programmes_holding_them(corpus, key, programmes, by, themes, expected):
    from analytics.workload import workload_programmes

    assert workload_programmes(corpus, key, programmes, by, themes) == expected
