import pytest

from analytics.themes import distinctive_themes, instrument_mix, programmes_drawn_first, tasks_behind, theme_shares

HEADLINE = ["red_culture", "rural", "industry", "talent"]

# Counted tasks per programme, by hand from data/programmes/*.yaml: every `kind: task` or `key_task`;
# the 保障措施 (sc-yq S1–S3, sh-sm S1–S4, all primary theme mechanism) are not counted.
TOTALS = {"jn-ly-2023": 43, "jn-ly-division": 53, "jn-ly-provincial": 22, "sc-yq": 21, "sh-sm": 25, "szq-fx": 17, "szq-gt": 18}


@pytest.mark.parametrize("group", ["programme", "pairing"])
def test_primary_shares_sum_to_one_and_counts_add_up(corpus, group):
    table = theme_shares(corpus, group=group)
    sums = table.groupby("group_id").share.sum()
    assert sums.round(9).eq(1).all()
    counts = table.groupby("group_id").tasks.sum()
    assert (counts == table.groupby("group_id").total.first()).all()


@pytest.mark.parametrize(
    "group, expected",
    [
        ("programme", TOTALS),
        # 济南—临沂 holds the provincial outline, the division plan and the 2023 work points: 22 + 53 + 43.
        ("pairing", {"jinan-linyi": 118, "shangcheng-yongqiao": 21, "shanghai-sanming": 25,
                     "shizhong-feixian": 17, "shizhong-gaotang": 18}),
    ],
)
def test_totals_are_the_counted_tasks(corpus, group, expected):
    totals = theme_shares(corpus, group=group).groupby("group_id").total.first()
    assert totals.to_dict() == expected


def test_headline_themes_come_first(corpus):
    order = list(theme_shares(corpus).theme_id.cat.categories)
    assert order[:4] == HEADLINE and order[-1] == "other"


def test_any_tag_counts_at_least_primary(corpus):
    primary = theme_shares(corpus, scope="primary").set_index(["group_id", "theme_id"]).tasks
    any_tag = theme_shares(corpus, scope="any").set_index(["group_id", "theme_id"]).tasks
    assert (any_tag >= primary).all() and (any_tag > primary).any()
    # 市中区—费县 talent: primary on （十七） only; （三） carries it as a secondary theme.
    assert (primary[("szq-fx", "talent")], any_tag[("szq-fx", "talent")]) == (1, 2)


def test_programme_filter_only_narrows(corpus):
    full = theme_shares(corpus)
    narrow = theme_shares(corpus, programmes=["szq-fx", "szq-gt"])
    assert set(narrow.group_id) == {"szq-fx", "szq-gt"}
    merged = narrow.merge(full, on=["group_id", "theme_id"], suffixes=("", "_full"))
    assert (merged.tasks == merged.tasks_full).all()


@pytest.mark.parametrize(
    "programme_id, theme_id, expected",
    [
        # 市中区—费县 一、弘扬传承红色文化 holds （一）（二）: both red culture (hand count from the seed).
        ("szq-fx", "red_culture", 2),
        # 市中区—高唐县 is an industry-help plan with no red-culture task.
        ("szq-gt", "red_culture", 0),
        # ... and six of its 18 tasks are primarily industry (1–4, 10, 11).
        ("szq-gt", "industry", 6),
        ("jn-ly-division", "industry", 11),
        # 上海—三明's four mechanism items are all 保障措施, which are not counted.
        ("sh-sm", "mechanism", 0),
        ("sc-yq", "mechanism", 2),
    ],
)
def test_hand_counted_cells(corpus, programme_id, theme_id, expected):
    table = theme_shares(corpus).set_index(["group_id", "theme_id"])
    assert table.loc[(programme_id, theme_id), "tasks"] == expected
    assert table.loc[(programme_id, theme_id), "share"] == pytest.approx(expected / TOTALS[programme_id])


def test_distinctive_gap_is_difference_with_rest(corpus):
    table = distinctive_themes(corpus, group="programme")
    row = table[(table.group_id == "szq-gt") & (table.theme_id == "industry")].iloc[0]
    # 高唐县: 6 of 18 tasks industry. The other six plans: 7 + 11 + 4 + 3 + 2 + 3 = 30 industry tasks of
    # 43 + 53 + 22 + 21 + 25 + 17 = 181, so 33.33 % − 16.57 % = 16.76 percentage points.
    assert (row.tasks, row.share, row.rest_share) == (6, pytest.approx(6 / 18), pytest.approx(30 / 181))
    assert row.gap_pp == pytest.approx(16.758, abs=0.001)
    assert bool(row.small) is False
    tourism = table[(table.group_id == "szq-gt") & (table.theme_id == "tourism")].iloc[0]
    assert (tourism.tasks, bool(tourism.small)) == (1, True)  # one task: a hint, not a finding


def test_instrument_mix_sums_to_tasks(corpus):
    mix = instrument_mix(corpus)
    assert mix.groupby("programme_id").tasks.sum().to_dict() == TOTALS
    assert mix.groupby("programme_id").share.sum().round(9).eq(1).all()


def test_instrument_mix_counted_by_hand(corpus):
    # 市中区—费县, the `instrument:` of its 17 tasks: supply for （一）（六）（十三）（十四）（十五）（十七）,
    # demand for （二）（四）, environment for the other nine.
    mix = instrument_mix(corpus, programmes=["szq-fx"]).set_index("instrument_type")
    assert mix.tasks.to_dict() == {"supply": 6, "environment": 9, "demand": 2}
    assert mix.share["environment"] == pytest.approx(9 / 17)


def test_theme_filter_keeps_shares_of_all_tasks(corpus):
    narrow = theme_shares(corpus, themes=["red_culture"]).set_index("group_id")
    assert set(narrow.theme_id) == {"red_culture"}
    # 市中区—费县: 2 red-culture tasks of all 17, not 2 of 2.
    assert (narrow.tasks["szq-fx"], narrow.total["szq-fx"], narrow.share["szq-fx"]) == (2, 17, pytest.approx(2 / 17))


@pytest.mark.parametrize("scope", ["primary", "any"])
def test_tasks_behind_a_cell_match_its_count(corpus, scope):
    shares = theme_shares(corpus, scope=scope).set_index(["group_id", "theme_id"]).tasks
    for programme_id, theme_id in [("szq-fx", "red_culture"), ("jn-ly-division", "industry"), ("sh-sm", "ecology")]:
        assert len(tasks_behind(corpus, programme_id, theme_id, scope)) == shares[(programme_id, theme_id)]


@pytest.mark.parametrize(
    "scope, expected",
    [("primary", ["szq-fx/17"]), ("any", ["szq-fx/03", "szq-fx/17"])],  # read off szq-fx.yaml
)
def test_tasks_behind_a_cell_are_the_tagged_tasks(corpus, scope, expected):
    assert sorted(tasks_behind(corpus, "szq-fx", "talent", scope).task_id) == expected


@pytest.mark.parametrize("programme, themes, scope, expected", [
    # 市中区—费县 (see above): of its two red-culture tasks, （一） is supply and （二） demand.
    ("szq-fx", ["red_culture"], "any", {"supply": 1, "environment": 0, "demand": 1}),
    ("szq-fx", None, "primary", {"supply": 6, "environment": 9, "demand": 2}),  # no filter: all 17
    ("szq-gt", ["red_culture"], "any", {}),  # 高唐县 has no red-culture task: no rows, not a row of zeros
    # 上城区—埇桥区 (data/programmes/sc-yq.yaml) on red culture and industry, as the heatmap counts them (a walk: 3
    # there, 7 here). Primary industry: 4 (demand), 5 and 13 (environment); none primary red culture. Tagged industry
    # besides: 2 (demand), 6 (supply), 14 and 21 (environment).
    ("sc-yq", ["red_culture", "industry"], "primary", {"supply": 0, "environment": 2, "demand": 1}),
    ("sc-yq", ["red_culture", "industry"], "any", {"supply": 1, "environment": 4, "demand": 2}),
])
def test_instrument_mix_follows_the_theme_filter(corpus, programme, themes, scope, expected):
    mix = instrument_mix(corpus, programmes=[programme], themes=themes, scope=scope).set_index("instrument_type")
    assert mix.tasks.to_dict() == expected


def test_distinctive_themes_keeps_the_chosen_themes_with_gaps_against_all_tasks(corpus):
    every = distinctive_themes(corpus, group="programme")
    chosen = distinctive_themes(corpus, group="programme", themes=["industry", "rural"])
    assert set(chosen.theme_id) == {"industry", "rural"}
    row = chosen[(chosen.group_id == "szq-gt") & (chosen.theme_id == "industry")].iloc[0]
    assert row.gap_pp == pytest.approx(16.758, abs=0.001)  # as in test_distinctive_gap_is_difference_with_rest
    assert len(chosen) == len(every[every.theme_id.isin(["industry", "rural"])])


@pytest.mark.parametrize("programmes, n, expected", [
    # The rows a heatmap of n rows draws (the largest by TOTALS, in the chart's order: the corpus's), then the rest as chosen.
    (["jn-ly-provincial", "sc-yq", "sh-sm"], 1, ["sh-sm", "jn-ly-provincial", "sc-yq"]),           # 25 > 22 > 21
    (["sc-yq", "jn-ly-provincial", "sh-sm"], 1, ["sh-sm", "sc-yq", "jn-ly-provincial"]),           # the rest as chosen
    (["jn-ly-provincial", "sc-yq", "sh-sm"], 2, ["jn-ly-provincial", "sh-sm", "sc-yq"]),           # 25 and 22 drawn
    (["jn-ly-provincial", "sc-yq", "sh-sm"], 3, ["jn-ly-provincial", "sc-yq", "sh-sm"]),           # all drawn
    (["szq-gt", "szq-fx"], 30, ["szq-fx", "szq-gt"]),                                             # both drawn: chart order
    (None, 3, ["jn-ly-2023", "jn-ly-division", "sh-sm", "jn-ly-provincial", "sc-yq", "szq-fx", "szq-gt"]),  # 43, 53, 25
])
def test_programmes_drawn_first_offers_the_chart_rows_then_the_rest(corpus, programmes, n, expected):
    assert programmes_drawn_first(corpus, programmes, n=n) == expected


@pytest.fixture(scope="module")
def eleven_copies(tmp_path_factory):
    """The corpus eleven times over (bench/generate.py): copies …-c1 to …-c10 of each programme beside the original."""
    from analytics import paths
    from analytics.corpus import load_corpus
    from bench.generate import generate

    return load_corpus(generate(11, tmp_path_factory.mktemp("eleven") / "corpus"), paths.SEEDS_DIR)


SH_SM_IN_ORDER = ["sh-sm", *(f"sh-sm-c{k}" for k in range(1, 11))]  # numbers as numbers: c2 before c10


@pytest.mark.parametrize("rows", [
    lambda c: c.programmes.programme_id,
    lambda c: theme_shares(c).group_id,
    lambda c: distinctive_themes(c, group="programme").group_id,
    lambda c: instrument_mix(c).programme_id,
], ids=["corpus", "theme_shares", "distinctive_themes", "instrument_mix"])
def test_numbered_programmes_come_in_number_order_in_every_analysis(eleven_copies, rows):
    """A walk at 100× found rows of one size in the order …·1, …·10, …·11, …·2, and the original after its copies;
    the instrument mix and the distinctive themes sorted ids as text while the heatmap kept the corpus's order."""
    seen = [p for p in dict.fromkeys(rows(eleven_copies)) if p == "sh-sm" or p.startswith("sh-sm-c")]
    assert seen == SH_SM_IN_ORDER
