import pytest

from analytics.breakdown import (
    breakdown_coverage,
    breakdown_flows,
    breakdown_roots,
    county_additions,
    flow_tops,
    flows_under,
    inheritance_by_task,
    inherited_spans,
    programmes_of,
    task_tiers,
    text_reuse,
    theme_drift,
)


def test_levels_cover_the_jinan_linyi_family(corpus):
    counts = task_tiers(corpus).value_counts()
    assert counts.to_dict() == {"division": 53, "work_point": 43, "key_task": 22, "county": 17}


def test_key_tasks_not_carried_to_the_county_plan(corpus):
    # Read from the seeds: 市中区—费县 has nothing on 烈士纪念设施和革命文物 (K02), 综合交通运输通道 (K07),
    # 现代物流 (K15) or the two 蒙阴 tasks (K18, K19). K13's text reappears under （十一）.
    table = breakdown_coverage(corpus)
    not_carried = set(table.key_task_id[table.status == "not carried"])
    assert not_carried == {f"jn-ly-provincial/K{n:02d}" for n in (2, 7, 15, 18, 19)}


def test_coverage_lists_division_tasks_under_each_key_task(corpus):
    row = breakdown_coverage(corpus).set_index("key_task_id").loc["jn-ly-provincial/K02"]
    # （二）保护利用烈士纪念设施和革命文物 holds division tasks 4 and 5.
    assert row.division_tasks == ("jn-ly-division/04", "jn-ly-division/05")
    assert breakdown_coverage(corpus).n_division.sum() == 53


def test_county_additions_have_no_parent(corpus):
    assert list(county_additions(corpus).task_id) == ["szq-fx/14"]


def test_theme_drift_shares_sum_to_one_per_level(corpus):
    drift = theme_drift(corpus)
    assert drift.groupby("tier").share.sum().round(9).eq(1).all()
    assert drift.groupby("tier").tasks.sum().to_dict() == {"county": 17, "division": 53, "key_task": 22, "work_point": 43}


def test_flows_point_from_higher_to_lower_level(corpus):
    flows = breakdown_flows(corpus)
    order = {"key_task": 0, "division": 1, "work_point": 2, "county": 2}
    assert (flows.source_tier.map(order) < flows.target_tier.map(order)).all()


@pytest.mark.parametrize(
    "child, parent, expected",
    [
        ("加强金融合作。深入开展", "深入开展金融机构交流", [(7, 11)]),
        ("完全不同", "另一段话", []),
        ("abcdefg", "xxabcdexx", [(0, 5)]),
    ],
)
def test_inherited_spans(child, parent, expected):
    assert inherited_spans(child, parent) == expected


def test_inherited_spans_are_substrings_of_the_parent(corpus):
    text = corpus.tasks.set_index("task_id").full_text
    reuse = text_reuse(corpus)
    for row in reuse.itertuples():
        for start, end in row.spans:
            assert text[row.task_id][start:end] in text[row.parent_task_id]
    assert reuse.inherited_share.between(0, 1).all()


def test_county_financial_task_is_mostly_inherited(corpus):
    # （十六）加强金融合作 copies most of division task 50 nearly word for word.
    share = inheritance_by_task(corpus).set_index("task_id").inherited_share
    assert share["szq-fx/16"] > 0.8
    assert share["szq-fx/13"] < 0.1  # （十三）医疗卫生帮扶 is reworded throughout


def test_programme_filter_keeps_links_with_both_ends_selected(corpus):
    flows = breakdown_flows(corpus, ["jn-ly-provincial", "jn-ly-division"])
    assert len(flows) == 53 and set(flows.relation) == {"implements"}
    assert breakdown_flows(corpus, ["szq-fx"]).empty


def test_the_provincial_plan_is_the_only_breakdown_root(corpus):
    # Only 济南—临沂对口合作实施方案 has key tasks: 22 (README's corpus table); the others have none.
    assert breakdown_roots(corpus).values.tolist() == [["jn-ly-provincial", 22]]
    assert breakdown_roots(corpus, ["sh-sm", "szq-fx"]).empty


def test_one_key_task_with_everything_below_it(corpus):
    # K02 (烈士纪念设施和革命文物): division tasks 4 and 5, both advanced by 2023 work point 3
    # (data/programmes/jn-ly-2023.yaml); no county task carries it down (test_key_tasks_not_carried...).
    flows = flows_under(breakdown_flows(corpus), ["jn-ly-provincial/K02"])
    assert set(zip(flows.source, flows.target)) == {
        ("jn-ly-provincial/K02", "jn-ly-division/04"), ("jn-ly-provincial/K02", "jn-ly-division/05"),
        ("jn-ly-division/04", "jn-ly-2023/03"), ("jn-ly-division/05", "jn-ly-2023/03")}


def test_a_plan_broken_down_holds_its_own_key_tasks_only(corpus):
    # One root today: its breakdown is the whole breakdown (161 links: 53 implements, 62 advances,
    # 46 carries_down); a plan without key tasks has none.
    assert len(breakdown_flows(corpus, root="jn-ly-provincial")) == 161
    assert len(breakdown_coverage(corpus, root="jn-ly-provincial")) == 22
    assert len(text_reuse(corpus, root="jn-ly-provincial")) == len(text_reuse(corpus)) == 46
    assert breakdown_flows(corpus, root="sh-sm").empty and breakdown_coverage(corpus, root="sh-sm").empty
    assert text_reuse(corpus, root="sh-sm").empty


@pytest.mark.parametrize("edges, tops, expected", [
    ([("a", "b"), ("b", "c"), ("x", "y")], ["a"], [("a", "b"), ("b", "c")]),  # a chain; x → y is elsewhere
    ([("a", "c"), ("b", "c"), ("c", "d")], ["b"], [("b", "c"), ("c", "d")]),  # c also has another parent
    ([("a", "b"), ("b", "a"), ("b", "c")], ["a"], [("a", "b"), ("b", "a"), ("b", "c")]),  # a cycle ends
    ([("a", "a")], ["a"], [("a", "a")]),  # a task its own child
    ([("a", "b")], ["z"], []),  # a top with no children
])
def test_flows_under(edges, tops, expected):
    import pandas as pd

    flows = pd.DataFrame(edges, columns=["source", "target"])
    found = flows_under(flows, tops)
    assert list(zip(found.source, found.target)) == expected


@pytest.mark.parametrize("edges, tops", [
    ([("a", "b"), ("b", "c"), ("x", "y")], ["a", "x"]),  # two chains: their heads, in order
    ([("a", "c"), ("b", "c"), ("a", "d")], ["a", "b"]),  # each head once
    ([("a", "b"), ("b", "a")], []),  # a cycle has no head
])
def test_flow_tops(edges, tops):
    import pandas as pd

    assert flow_tops(pd.DataFrame(edges, columns=["source", "target"])) == tops


@pytest.mark.parametrize("programmes, tops", [
    # the provincial plan chosen: its 22 key tasks, K01 first (tests above: 22 key tasks, all broken down)
    (["jn-ly-provincial", "jn-ly-division", "szq-fx"], (22, "jn-ly-provincial/K01")),
    # no provincial plan: the 29 division tasks 费县's tasks carry down (data/programmes/szq-fx.yaml: 30 jn-ly-division
    # references, one of them the plan's mandated_by), division task 01 first
    (["jn-ly-division", "szq-fx"], (29, "jn-ly-division/01")),
])
def test_the_breakdown_starts_from_the_highest_plan_chosen(corpus, programmes, tops):
    found = flow_tops(breakdown_flows(corpus, programmes))
    assert (len(found), found[0]) == tops


@pytest.mark.parametrize("programmes, pairs, tiers, additions", [
    # every programme: 费县's 46 carries_down links (17 to key tasks, 29 to division tasks: data/programmes/szq-fx.yaml)
    (None, 46, {"county": 17, "division": 53, "key_task": 22, "work_point": 43}, ["szq-fx/14"]),
    (["jn-ly-provincial", "szq-fx"], 17, {"county": 17, "key_task": 22}, ["szq-fx/14"]),
    (["jn-ly-division", "szq-fx"], 29, {"county": 17, "division": 53}, ["szq-fx/14"]),
    # no county plan chosen: no pairs, no county level, no additions (费县's were shown whatever was chosen)
    (["jn-ly-provincial", "jn-ly-division"], 0, {"division": 53, "key_task": 22}, []),
])
def test_the_breakdown_below_the_sankey_follows_the_chosen_programmes(corpus, programmes, pairs, tiers, additions):
    assert len(text_reuse(corpus, programmes=programmes)) == pairs
    assert theme_drift(corpus, programmes).groupby("tier").tasks.sum().to_dict() == tiers
    assert list(county_additions(corpus, programmes).task_id) == additions


def test_the_coverage_cites_the_provincial_plan_whose_key_tasks_it_lists(corpus):
    """The division plan and 费县's plan without the provincial plan: the coverage still lists its 22 key tasks
    (data/programmes/jn-ly-provincial.yaml), so the provincial plan is what a chart of them cites."""
    coverage = breakdown_coverage(corpus, programmes=["jn-ly-division", "szq-fx"])
    assert len(coverage) == 22
    assert programmes_of(corpus, coverage.key_task_id) == ["jn-ly-provincial"]


# What the breakdown's charts cite (a helper's walk: every programme chosen, 上海—三明 and 上城区—埇桥区 among them, was cited
# under a Sankey of 济南—临沂's plans). The links (data/programmes): the division plan implements the provincial key tasks, the
# 2023 work points advance division tasks, 费县's plan carries both down; 上城区—埇桥区, 上海—三明 and 高唐县 (聊城, another
# pairing) link to none of them.
# The theme drift counts the chosen programmes' tasks on a tier: the same four when all are chosen (a walk: its chart cited
# all seven); 费县's plan alone beside 上海—三明.
@pytest.mark.parametrize("programmes, flows, coverage, drift, additions", [
    (None, ["jn-ly-2023", "jn-ly-division", "jn-ly-provincial", "szq-fx"],
     ["jn-ly-2023", "jn-ly-division", "jn-ly-provincial", "szq-fx"], ["jn-ly-2023", "jn-ly-division", "jn-ly-provincial", "szq-fx"],
     ["szq-fx"]),
    # no provincial plan chosen: the Sankey starts from the division tasks; the coverage still lists (and cites) the key tasks
    (("jn-ly-division", "szq-fx"), ["jn-ly-division", "szq-fx"], ["jn-ly-division", "jn-ly-provincial", "szq-fx"],
     ["jn-ly-division", "szq-fx"], ["szq-fx"]),
    # the provincial plan beside two programmes that break none of it down: nothing flows, the key tasks are listed
    (("jn-ly-provincial", "sh-sm", "szq-gt"), [], ["jn-ly-provincial"], ["jn-ly-provincial"], []),
    (("sh-sm", "szq-fx"), [], ["jn-ly-provincial", "szq-fx"], ["szq-fx"], ["szq-fx"]),
])
def test_the_breakdown_cites_the_documents_it_draws_from(corpus, programmes, flows, coverage, drift, additions):
    from analytics.breakdown import additions_programmes, coverage_programmes, drift_programmes, flow_programmes

    chosen = tuple(corpus.programmes.programme_id) if programmes is None else programmes
    assert flow_programmes(corpus, chosen) == flows
    assert coverage_programmes(corpus, chosen) == coverage
    assert drift_programmes(corpus, chosen) == drift
    assert additions_programmes(corpus, chosen) == additions


@pytest.fixture(scope="module")
def two_copies(tmp_path_factory):
    """Two copies of the corpus (bench/generate.py: the second's ids end in -c1): two provincial plans, each with its own
    division plan, work points and 费县 plan."""
    from analytics import paths
    from analytics.corpus import load_corpus
    from bench.generate import generate

    return load_corpus(generate(2, tmp_path_factory.mktemp("two-copies") / "corpus"), paths.SEEDS_DIR)


# A walk at 100×: with one provincial plan of a hundred broken down, the Sankey and the coverage followed it while the county
# additions and the level shares counted every copy. With a root, each counts that plan's breakdown alone: the figures of
# today's one breakdown (test_levels_cover_the_jinan_linyi_family, test_county_additions_have_no_parent), in its copy.
FAMILY = ["jn-ly-2023", "jn-ly-division", "jn-ly-provincial", "szq-fx"]
ONE = {"county": 17, "division": 53, "key_task": 22, "work_point": 43}


@pytest.mark.parametrize("root, additions, tiers, programmes", [
    (None, ["szq-fx/14", "szq-fx-c1/14"], {tier: 2 * n for tier, n in ONE.items()},
     sorted(FAMILY + [f"{p}-c1" for p in FAMILY])),
    ("jn-ly-provincial", ["szq-fx/14"], ONE, FAMILY),
    ("jn-ly-provincial-c1", ["szq-fx-c1/14"], ONE, [f"{p}-c1" for p in FAMILY]),
])
def test_the_additions_and_level_shares_follow_the_plan_broken_down(two_copies, root, additions, tiers, programmes):
    from analytics.breakdown import additions_programmes, drift_programmes

    chosen = tuple(two_copies.programmes.programme_id)
    assert list(county_additions(two_copies, chosen, root=root).task_id) == additions
    assert additions_programmes(two_copies, chosen, root=root) == sorted({a.split("/")[0] for a in additions})
    assert theme_drift(two_copies, chosen, root=root).groupby("tier").tasks.sum().to_dict() == tiers
    assert sorted(drift_programmes(two_copies, chosen, root=root)) == programmes
