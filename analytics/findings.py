"""One finding per pairing, computed from the analyses (never written by hand). Numbers only: the
wording, in either language, is done by the report layer (ui/report/findings.py)."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analytics.commitments import assessable_share
from analytics.corpus import Corpus
from analytics.filters import select_tasks
from analytics.summary import kind_counts
from analytics.themes import distinctive_themes

FACT_COLUMNS = ["pairing_id", "helper", "recipient", "tasks", "key_tasks", "safeguards", "documents", "theme_id",
                "share", "gap_pp", "assessable_share"]


def pairing_facts(corpus: Corpus, programmes: Collection[str] | None = None) -> pd.DataFrame:
    """Per pairing with a selected programme: how many tasks, key tasks and safeguards its documents hold,
    its most distinctive theme (largest gap resting on 3+ tasks, else the largest gap) with the theme's
    share and gap in percentage points, and the share of tasks with a checkable commitment.

    `tasks`, `key_tasks` and `safeguards` count the three kinds apart (as the overview does); `share`,
    `gap_pp` and `assessable_share` are over the counted items, tasks and key tasks together.
    """
    items = select_tasks(corpus, programmes, kinds=("task", "key_task", "safeguard"))
    if items.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    pairing_of = corpus.programmes.set_index("programme_id").pairing_id
    distinct = distinctive_themes(corpus, programmes, group="pairing")
    assess = assessable_share(corpus, programmes).assign(pairing_id=lambda t: t.programme_id.map(pairing_of))
    assess = assess.groupby("pairing_id")[["assessable", "tasks"]].sum()
    pairs = corpus.pairings.set_index("pairing_id")
    ranked_by = dict(tuple(distinct.groupby("group_id", sort=False)))  # one pass, not one scan per pairing
    empty = distinct.iloc[:0]
    rows = []
    for pairing_id, group in items.assign(pairing_id=items.programme_id.map(pairing_of)).groupby("pairing_id"):
        counts = kind_counts(group)
        ranked = ranked_by.get(pairing_id, empty)
        solid = ranked[~ranked.small]
        top = solid.iloc[0] if len(solid) else ranked.iloc[0] if len(ranked) else None
        counted = assess.loc[pairing_id] if pairing_id in assess.index else None
        rows.append({
            "pairing_id": pairing_id, "helper": pairs.at[pairing_id, "helper"], "recipient": pairs.at[pairing_id, "recipient"],
            "tasks": counts["task"], "key_tasks": counts["key_task"], "safeguards": counts["safeguard"],
            "documents": group.programme_id.nunique(),
            "theme_id": None if top is None else top.theme_id,
            "share": float("nan") if top is None else float(top.share),
            "gap_pp": float("nan") if top is None else float(top.gap_pp),
            "assessable_share": float("nan") if counted is None or not counted.tasks else counted.assessable / counted.tasks,
        })
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def gap_direction(gap_pp: float) -> tuple[str, int]:
    """('above' | 'below' | 'level', whole points): a gap that rounds to 0 is level, never '-0'."""
    points = int(abs(gap_pp) + 0.5)
    if points == 0:
        return "level", 0
    return ("above" if gap_pp > 0 else "below"), points
