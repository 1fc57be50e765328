"""Themes across programmes and pairings: counts, shares, what is distinctive, policy-instrument mix."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

import pandas as pd

from analytics.citation import task_citations
from analytics.corpus import Corpus
from analytics.filters import TagScope, select_tasks, theme_order, theme_tags
from analytics.scale import kept_groups

Grouping = Literal["programme", "pairing"]

SMALL_COUNT = 3  # fewer tasks than this in a cell: flag it rather than read much into it


def _tagged(corpus: Corpus, tasks: pd.DataFrame, scope: TagScope) -> pd.DataFrame:
    # The inner merge below keeps only the tags of `tasks`: no isin first (with arrow strings it converts
    # every task id to a scalar, one by one: seconds at 1000×, issue 15).
    return theme_tags(corpus, scope).merge(tasks[["task_id", "programme_id"]], on="task_id")


def _group_column(corpus: Corpus, frame: pd.DataFrame, group: Grouping) -> pd.DataFrame:
    if group == "programme":
        return frame.assign(group_id=frame.programme_id)
    pairing = corpus.programmes.set_index("programme_id").pairing_id
    return frame.assign(group_id=frame.programme_id.map(pairing))


def theme_shares(
    corpus: Corpus,
    programmes: Collection[str] | None = None,
    scope: TagScope = "primary",
    group: Grouping = "programme",
    themes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Tasks per theme for each programme (or pairing): group_id, theme_id, tasks, total, share.

    `themes` keeps only those theme rows; shares stay shares of all the group's tasks.

    With scope="primary" each task counts once, so shares sum to 1 per group. With scope="any" a task
    counts under every theme it is tagged with and `share` is the share of the group's tasks that carry
    the theme (these can sum to more than 1).
    """
    tasks = _group_column(corpus, select_tasks(corpus, programmes, columns=["task_id", "programme_id"]), group)
    totals = tasks.groupby("group_id", sort=False).task_id.nunique().rename("total")  # in the corpus's order (its tasks')
    tagged = _group_column(corpus, _tagged(corpus, tasks, scope), group)
    counts = tagged.groupby(["group_id", "theme_id"]).task_id.nunique().rename("tasks")
    order = theme_order(corpus)
    grid = pd.MultiIndex.from_product([totals.index, order], names=["group_id", "theme_id"])
    table = counts.reindex(grid, fill_value=0).reset_index().merge(totals.reset_index(), on="group_id")
    table["share"] = table.tasks / table.total
    table["theme_id"] = pd.Categorical(table.theme_id, categories=order, ordered=True)
    if themes is not None:
        table = table[table.theme_id.isin(themes)]
    return table.reset_index(drop=True)  # the grid's order: groups as the corpus has them, themes in codebook order


def tasks_behind(corpus: Corpus, programme_id: str, theme_id: str, scope: TagScope = "primary") -> pd.DataFrame:
    """The tasks counted in one cell of `theme_shares` (same scope), so a reader can check the number, each with its
    citation (analytics.citation)."""
    tasks = select_tasks(corpus, [programme_id], [theme_id])
    tasks = tasks[tasks.primary_theme == theme_id] if scope == "primary" else tasks
    return tasks.assign(citation=task_citations(corpus, tasks.task_id).to_numpy())



def programmes_drawn_first(corpus: Corpus, programmes: Collection[str] | None = None, n: int = 30,
                           scope: TagScope = "primary", themes: Collection[str] | None = None) -> list[str]:
    """Every programme of `programmes` (all when None), those a chart of `theme_shares` draws when it keeps at most `n`
    rows first (analytics.scale.kept_groups, in the chart's order), then the rest in the order given: what a page offers
    beside the chart, so that its first choice is a row the chart draws."""
    drawn = kept_groups(theme_shares(corpus, programmes, scope=scope, themes=themes), n)
    on_chart = set(drawn)
    chosen = corpus.programmes.programme_id if programmes is None else programmes
    return [*drawn, *(p for p in chosen if p not in on_chart)]


def distinctive_themes(
    corpus: Corpus,
    programmes: Collection[str] | None = None,
    scope: TagScope = "primary",
    group: Grouping = "pairing",
    themes: Collection[str] | None = None,
) -> pd.DataFrame:
    """What each group emphasises or neglects compared with the rest of the corpus.

    Measure: the group's share of tasks on a theme minus the share in all other groups' tasks, in
    percentage points (`gap_pp`). `small` flags cells where the group has fewer than 3 tasks on the
    theme: a gap resting on one or two tasks should be read as a hint, not a finding. With `themes`, only
    those themes' rows; their shares and gaps are still of all the group's tasks. With one group there is no rest:
    `rest_share` and `gap_pp` are NaN, and the rows run by share.
    """
    shares = theme_shares(corpus, programmes, scope, group)
    theme_tasks = shares.groupby("theme_id", observed=True).tasks.transform("sum")
    all_tasks = shares.groupby("group_id").total.first().sum()
    rest_total = all_tasks - shares.total
    rest_share = ((theme_tasks - shares.tasks) / rest_total.where(rest_total > 0)).astype(float)
    table = pd.DataFrame({
        "group_id": shares.group_id, "theme_id": shares.theme_id, "tasks": shares.tasks, "share": shares.share,
        "rest_share": rest_share, "gap_pp": 100 * (shares.share - rest_share), "small": shares.tasks < SMALL_COUNT,
    })
    if themes is not None:
        table = table[table.theme_id.isin(themes)]
    # groups in the corpus's order (theme_shares's), within each the largest gap first; with no other group to compare
    # (one chosen) every gap is NaN, and the largest share leads
    order = table.group_id.map({g: i for i, g in enumerate(shares.group_id.unique())})
    return (table.assign(order=order).sort_values(["order", "gap_pp", "share"], ascending=[True, False, False])
            .drop(columns="order").reset_index(drop=True))


def instrument_mix(corpus: Corpus, programmes: Collection[str] | None = None,
                   themes: Collection[str] | None = None, scope: TagScope = "primary") -> pd.DataFrame:
    """Tasks per policy-instrument type for each programme: programme_id, instrument_type, tasks, share.
    With `themes`, of the tasks `theme_shares` counts on them in the same `scope`: whose primary theme is one of them
    ("primary"), or tagged with one ("any"). A walk: beside a heatmap of primary themes, this chart counted every
    tagged task (上城区—埇桥区 on red culture and industry: 3 tasks there, 7 here). A programme with none of those
    tasks has no rows."""
    tasks = select_tasks(corpus, programmes, themes, columns=["programme_id", "instrument_type", "primary_theme"])
    if themes is not None and scope == "primary":
        tasks = tasks[tasks.primary_theme.isin(themes)]
    counts = tasks.groupby(["programme_id", "instrument_type"]).size().rename("tasks")
    types = ["supply", "environment", "demand"]
    present = set(tasks.programme_id.unique())
    in_order = [p for p in corpus.programmes.programme_id if p in present]  # the corpus's order, as theme_shares
    grid = pd.MultiIndex.from_product([in_order, types],
                                      names=["programme_id", "instrument_type"])
    table = counts.reindex(grid, fill_value=0).reset_index()
    table["share"] = table.tasks / table.groupby("programme_id").tasks.transform("sum")
    return table

