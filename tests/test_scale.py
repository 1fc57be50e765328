"""Charts at scale: the largest groups kept, the rest pooled into one row whose figures are sums (or, for counts, averages)."""

import pandas as pd
import pytest

from analytics.scale import OTHERS, largest_groups, pool_groups, ranked_sizes


def _shares(rows):
    table = pd.DataFrame(rows, columns=["group_id", "theme_id", "tasks", "total"])
    table["theme_id"] = pd.Categorical(table.theme_id, categories=["x", "y"], ordered=True)
    table["share"] = table.tasks / table.total
    return table


# Three programmes: a has 2 tasks (1 x, 1 y), b has 5 (5 x), c has 4 (2 x, 2 y).
SHARES = _shares([("a", "x", 1, 2), ("a", "y", 1, 2), ("b", "x", 5, 5), ("b", "y", 0, 5),
                  ("c", "x", 2, 4), ("c", "y", 2, 4)])


@pytest.mark.parametrize("n, kept, pooled, others", [
    (3, ["a", "b", "c"], 0, None),  # at the limit: unchanged
    (2, ["b", "c"], 1, {"x": (1, 2, 0.5), "y": (1, 2, 0.5)}),  # a pooled alone
    (1, ["b"], 2, {"x": (3, 6, 0.5), "y": (3, 6, 0.5)}),  # a + c: x 1+2, y 1+2, of 2+4 tasks
])
def test_theme_shares_pooled(n, kept, pooled, others):
    table, count = pool_groups(SHARES, n)
    assert count == pooled
    assert [g for g in dict.fromkeys(table.group_id) if g != OTHERS] == kept
    rows = table[table.group_id == OTHERS]
    if others is None:
        assert rows.empty
        return
    assert {r.theme_id: (r.tasks, r.total, r.share) for r in rows.itertuples()} == others
    assert table.theme_id.dtype == SHARES.theme_id.dtype


def test_instrument_mix_pooled_without_a_total_column():
    # p: 3 supply, 1 demand (4 tasks); q: 1 + 1 (2); r: 0 + 2 (2). Keep p; q + r: supply 1, demand 3 of 4.
    mix = pd.DataFrame({"programme_id": list("ppqqrr"), "instrument_type": ["supply", "demand"] * 3,
                        "tasks": [3, 1, 1, 1, 0, 2]})
    mix["share"] = mix.tasks / mix.groupby("programme_id").tasks.transform("sum")
    table, count = pool_groups(mix, 1, group="programme_id", category="instrument_type")
    assert count == 2
    others = table[table.programme_id == OTHERS].set_index("instrument_type")
    assert others.tasks.to_dict() == {"supply": 1, "demand": 3}
    assert others.share.to_dict() == {"supply": 0.25, "demand": 0.75}


@pytest.mark.parametrize("n, kept, left_out", [
    (3, ["a", "a", "b", "b", "c", "c"], 0),  # at the limit: unchanged
    (2, ["b", "b", "c", "c"], 1),  # b (5 tasks) and c (4) stay, in their order; a (2) is left out
    (1, ["b", "b"], 2),
])
def test_largest_groups_keep_their_rows_untouched(n, kept, left_out):
    table, count = largest_groups(SHARES, n)
    assert count == left_out and list(table.group_id) == kept
    assert table.equals(SHARES[SHARES.group_id.isin(set(kept))])  # rows as they were, no pooled row


def test_largest_groups_without_a_total_are_sized_by_their_counts():
    table = pd.DataFrame({"group_id": list("ppqqr"), "tasks": [1, 1, 3, 0, 2]})  # p 2, q 3, r 2: a tie
    kept, count = largest_groups(table, 2)
    assert count == 1 and list(kept.group_id) == ["p", "p", "q", "q"]  # the tie goes to the earlier group


@pytest.mark.parametrize("themes, others", [
    (["x"], {"x": (3, 6, 0.5)}),  # kept to one theme (theme_shares(themes=…)): the pooled row too, not a row for y
    (["x", "y"], {"x": (3, 6, 0.5), "y": (3, 6, 0.5)}),
])
def test_pooled_rows_hold_only_the_tables_own_categories(themes, others):
    """The theme filter keeps some themes' rows; the pooled row carried every category of the dtype (y at 0 tasks), and
    the heatmap at scale drew every theme of the codebook, the kept programmes' cells empty ("nan%", or a crash by count)."""
    table, count = pool_groups(SHARES[SHARES.theme_id.isin(themes)], 1)
    rows = table[table.group_id == OTHERS]
    assert count == 2 and {r.theme_id: (r.tasks, r.total, r.share) for r in rows.itertuples()} == others


@pytest.mark.parametrize("n, others", [
    (2, {"x": (1.0, 2.0, 0.5), "y": (1.0, 2.0, 0.5)}),  # a alone: its own counts
    (1, {"x": (1.5, 3.0, 0.5), "y": (1.5, 3.0, 0.5)}),  # a + c: x (1+2)/2, y (1+2)/2, of (2+4)/2 tasks; share as summed
])
def test_counts_averaged_over_the_groups_pooled(n, others):
    """A chart of counts pools the rest as one group's average: the sum of hundreds of programmes set the scale."""
    table, count = pool_groups(SHARES, n, average=True)
    rows = table[table.group_id == OTHERS]
    assert count == 3 - n and {r.theme_id: (r.tasks, r.total, r.share) for r in rows.itertuples()} == others
    kept = table[table.group_id != OTHERS]
    assert kept.tasks.tolist() == SHARES[SHARES.group_id.isin(kept.group_id)].tasks.tolist()  # the kept rows as they were


@pytest.mark.parametrize("table, ranked", [
    (SHARES, {"b": 5, "c": 4, "a": 2}),  # sized by their total column
    (pd.DataFrame({"group_id": list("ppqqr"), "tasks": [1, 1, 3, 0, 2]}), {"q": 3, "p": 2, "r": 2}),  # a tie: p first
])
def test_ranked_sizes_put_groups_in_the_order_they_are_kept(table, ranked):
    """A chart says whether its cut falls in a tie from these sizes: their first n are the groups kept."""
    sizes = ranked_sizes(table)
    assert sizes.to_dict() == ranked and list(sizes.index) == list(ranked)
    kept, _ = largest_groups(table, 2)
    assert list(dict.fromkeys(kept.group_id)) == [g for g in dict.fromkeys(table.group_id) if g in list(ranked)[:2]]
