import pytest

from analytics.themes import distinctive_themes, instrument_mix, tasks_behind, theme_shares, themes_by_instrument

HEADLINE = ["red_culture", "rural", "industry", "talent"]


@pytest.mark.parametrize("group", ["programme", "pairing"])
def test_primary_shares_sum_to_one_and_counts_add_up(corpus, group):
    table = theme_shares(corpus, group=group)
    sums = table.groupby("group_id").share.sum()
    assert sums.round(9).eq(1).all()
    counts = table.groupby("group_id").tasks.sum()
    assert (counts == table.groupby("group_id").total.first()).all()


def test_headline_themes_come_first(corpus):
    order = list(theme_shares(corpus).theme_id.cat.categories)
    assert order[:4] == HEADLINE and order[-1] == "other"


def test_any_tag_counts_at_least_primary(corpus):
    primary = theme_shares(corpus, scope="primary").set_index(["group_id", "theme_id"]).tasks
    any_tag = theme_shares(corpus, scope="any").set_index(["group_id", "theme_id"]).tasks
    assert (any_tag >= primary).all() and (any_tag > primary).any()


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
    ],
)
def test_hand_counted_cells(corpus, programme_id, theme_id, expected):
    table = theme_shares(corpus).set_index(["group_id", "theme_id"])
    assert table.loc[(programme_id, theme_id), "tasks"] == expected


def test_distinctive_gap_is_difference_with_rest(corpus):
    table = distinctive_themes(corpus, group="programme")
    row = table[(table.group_id == "szq-gt") & (table.theme_id == "industry")].iloc[0]
    shares = theme_shares(corpus).set_index(["group_id", "theme_id"])
    rest = shares.drop(index="szq-gt", level="group_id")
    rest_industry = rest.xs("industry", level="theme_id").tasks.sum() / rest.groupby(level="group_id").total.first().sum()
    assert row.gap_pp == pytest.approx(100 * (row.share - rest_industry))
    assert (table.small == (table.tasks < 3)).all()


def test_instrument_mix_sums_to_tasks(corpus):
    mix = instrument_mix(corpus)
    totals = corpus.tasks[corpus.tasks.kind != "safeguard"].groupby("programme_id").size()
    assert (mix.groupby("programme_id").tasks.sum() == totals).all()
    assert mix.groupby("programme_id").share.sum().round(9).eq(1).all()
    assert themes_by_instrument(corpus).tasks.sum() == totals.sum()


def test_theme_filter_keeps_shares_of_all_tasks(corpus):
    full = theme_shares(corpus).set_index(["group_id", "theme_id"])
    narrow = theme_shares(corpus, themes=["red_culture"])
    assert set(narrow.theme_id) == {"red_culture"}
    assert (narrow.share.values == full.loc[list(zip(narrow.group_id, narrow.theme_id)), "share"].values).all()


@pytest.mark.parametrize("scope", ["primary", "any"])
def test_tasks_behind_a_cell_match_its_count(corpus, scope):
    shares = theme_shares(corpus, scope=scope).set_index(["group_id", "theme_id"]).tasks
    for programme_id, theme_id in [("szq-fx", "red_culture"), ("jn-ly-division", "industry"), ("sh-sm", "ecology")]:
        assert len(tasks_behind(corpus, programme_id, theme_id, scope)) == shares[(programme_id, theme_id)]
