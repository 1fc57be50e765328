"""Keeping charts legible at scale: the largest groups, the rest pooled into one "others" group.

A chart with one row (or group of bars) per programme is readable for a dozen programmes and
useless for 700 (the 100× corpus: a 700-row heatmap, ≈ 9,800 bars, figures of many megabytes). The
chart builders call `pool_groups` as a separate first step: below the limit the table is returned
unchanged; above it, the `n` groups with the most tasks stay, every other group's counts are summed
into one group `OTHERS`, its share recomputed from those sums, and the number pooled is returned so
the chart can say so (e.g. "the 30 largest; 670 others pooled in one row").
"""

from __future__ import annotations

import pandas as pd

OTHERS = "…others"  # the pooled group's id (never a programme or pairing id: those have no '…')


def pool_groups(table: pd.DataFrame, n: int, group: str = "group_id", category: str = "theme_id",
                count: str = "tasks", average: bool = False) -> tuple[pd.DataFrame, int]:
    """(table, 0) when it has at most `n` groups; else (the `n` largest groups + OTHERS, groups pooled).

    A group's size is its `total` column when the table has one (tasks of the group, as in
    analytics.themes.theme_shares), else the sum of `count`. The pooled rows carry, per `category`, the
    sum of `count` and of the pooled groups' totals, and `share` = count ÷ total; the kept rows are
    untouched, in their original order. With `average`, `count` and `total` are those sums divided by the
    number of groups pooled (the share is unchanged): a chart of counts then sets one programme's average
    beside each programme, where the sum of 670 programmes dwarfed every row beside it.
    """
    sizes = _sizes(table, group, count)
    if len(sizes) <= n:
        return table, 0
    keep = _largest(sizes, n)
    kept = table[table[group].isin(keep)]
    rest = table[~table[group].isin(keep)]
    # the table's own categories only: a table kept to some themes pooled a row for every theme of the codebook
    pooled = rest.groupby(category, sort=False, observed=True)[count].sum().reset_index()
    pooled_total = sizes.drop(keep).sum()
    pooled[group] = OTHERS
    if "total" in table.columns:
        pooled["total"] = pooled_total
        pooled["share"] = pooled[count] / pooled_total if pooled_total else 0.0
    elif "share" in table.columns:
        pooled["share"] = pooled[count] / pooled[count].sum() if pooled[count].sum() else 0.0
    if average:
        groups = len(sizes) - n
        pooled[count] = pooled[count] / groups
        if "total" in pooled.columns:
            pooled["total"] = pooled["total"] / groups
    if isinstance(table[category].dtype, pd.CategoricalDtype):
        pooled[category] = pd.Categorical(pooled[category], dtype=table[category].dtype)
    out = pd.concat([kept, pooled[[c for c in table.columns if c in pooled.columns]]], ignore_index=True)
    return out, len(sizes) - n


def largest_groups(table: pd.DataFrame, n: int, group: str = "group_id", count: str = "tasks") -> tuple[pd.DataFrame, int]:
    """(table, 0) when it has at most `n` groups; else (the rows of the `n` largest groups, groups left out).

    For a chart whose rows cannot be added up into an "others" row (e.g. a gap against the rest of the
    corpus): the largest groups are drawn and the chart says how many are left out. Sizes as `pool_groups`
    reckons them; ties keep the earlier group; the kept rows are untouched, in their original order.
    """
    sizes = _sizes(table, group, count)
    if len(sizes) <= n:
        return table, 0
    return table[table[group].isin(_largest(sizes, n))], len(sizes) - n


def kept_groups(table: pd.DataFrame, n: int, group: str = "group_id", count: str = "tasks") -> list:
    """The groups `pool_groups` and `largest_groups` keep of `table` (every group when it has at most `n`), in the
    table's order: the rows a chart draws, for what the page offers first beside it."""
    sizes = _sizes(table, group, count)
    if len(sizes) <= n:
        return list(sizes.index)
    kept = set(_largest(sizes, n))
    return [g for g in sizes.index if g in kept]


def ranked_sizes(table: pd.DataFrame, group: str = "group_id", count: str = "tasks") -> pd.Series:
    """Each group's size, largest first, equal sizes in order of first appearance: the order in which `pool_groups`
    and `largest_groups` keep groups, so a chart can say whether its cut falls inside a tie."""
    return _sizes(table, group, count).sort_values(ascending=False, kind="stable")


def _sizes(table: pd.DataFrame, group: str, count: str) -> pd.Series:
    """Each group's size, in order of first appearance: its `total` column when the table has one, else the sum of `count`."""
    grouped = table.groupby(group, sort=False, observed=True)
    return grouped["total"].first() if "total" in table.columns else grouped[count].sum()


def _largest(sizes: pd.Series, n: int) -> pd.Index:
    return sizes.sort_values(ascending=False, kind="stable").index[:n]  # as ranked_sizes


def pool_columns(table: pd.DataFrame, n: int, fixed: tuple[str, ...] = ("function",),
                 not_stated: object = None) -> tuple[pd.DataFrame, int]:
    """(table, 0) when it has at most `n` columns besides `fixed`; else (the `n` largest + one OTHERS column, pooled).

    For a wide table with one column per group (e.g. tasks per function in each programme): a column's
    size is the sum of its numbers; a column holding `not_stated` (a programme naming no units) counts
    nothing. The `n` largest stay, in their original order (ties: the earlier column); the OTHERS column
    holds, per row, the sum of the pooled columns' numbers, or `not_stated` when every pooled column
    holds it. The row count and the `fixed` columns are untouched.
    """
    columns = [c for c in table.columns if c not in fixed]
    if len(columns) <= n:
        return table, 0
    numbers = {c: pd.to_numeric(table[c], errors="coerce") for c in columns}
    sizes = pd.Series({c: numbers[c].sum() for c in columns}, dtype=float).fillna(0)
    keep = set(sizes.sort_values(ascending=False, kind="stable").index[:n])
    pooled = [c for c in columns if c not in keep]
    stated = [c for c in pooled if numbers[c].notna().any()]
    out = table[[c for c in table.columns if c in fixed or c in keep]].copy()
    if stated:
        out[OTHERS] = pd.concat([numbers[c] for c in stated], axis=1).fillna(0).sum(axis=1).astype(int)
    else:
        out[OTHERS] = pd.Series(not_stated, index=table.index, dtype=object)
    return out, len(pooled)
