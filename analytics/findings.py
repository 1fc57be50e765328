"""One finding per pairing, computed from the analyses (never written by hand). Numbers only: the
wording, in either language, is done by the report layer (ui/report/findings.py)."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analytics.commitments import assessable_share
from analytics.corpus import Corpus
from analytics.filters import select_tasks
from analytics.themes import distinctive_themes

FACT_COLUMNS = ["pairing_id", "helper", "recipient", "tasks", "key_tasks", "safeguards", "documents", "theme_id",
                "share", "gap_pp", "small", "assessable_share"]


def pairing_facts(corpus: Corpus, programmes: Collection[str] | None = None) -> pd.DataFrame:
    """Per pairing with a selected programme: how many tasks, key tasks and safeguards its documents hold,
    its most distinctive theme (largest gap resting on 3+ tasks, else the largest gap) with the theme's
    share and gap in percentage points, and the share of tasks with a checkable commitment.

    `tasks`, `key_tasks` and `safeguards` count the three kinds apart (as the overview does); `share`,
    `gap_pp` and `assessable_share` are over the counted items, tasks and key tasks together. `small`: the theme is the
    largest gap of all because no theme of the pairing rests on SMALL_COUNT tasks or more (analytics.themes).
    """
    items = select_tasks(corpus, programmes, kinds=("task", "key_task", "safeguard"), columns=["programme_id", "kind"])
    if items.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    pairing_of = corpus.programmes.set_index("programme_id").pairing_id
    distinct = distinctive_themes(corpus, programmes, group="pairing")
    assess = assessable_share(corpus, programmes).assign(pairing_id=lambda t: t.programme_id.map(pairing_of))
    assess = assess.groupby("pairing_id")[["assessable", "tasks"]].sum()
    pairs = corpus.pairings.set_index("pairing_id")
    helpers, recipients = pairs.helper.to_dict(), pairs.recipient.to_dict()
    # Looked up per pairing from tables built in one pass each, not from a scan per pairing (issue 15:
    # 500 pairings at 100×). `distinct` is sorted by gap within each pairing: its first row is the top.
    tops = {"solid": _first_rows(distinct[~distinct.small]), "any": _first_rows(distinct)}
    assessed = assess.to_dict("index")
    items = items.assign(pairing_id=items.programme_id.map(pairing_of))
    kinds = items.groupby(["pairing_id", "kind"], observed=True).size().to_dict()
    rows = []
    for pairing_id, documents in items.groupby("pairing_id").programme_id.nunique().items():
        solid = tops["solid"].get(pairing_id)
        top = solid or tops["any"].get(pairing_id)
        counted = assessed.get(pairing_id)
        rows.append({
            "pairing_id": pairing_id, "helper": helpers[pairing_id], "recipient": recipients[pairing_id],
            **{column: kinds.get((pairing_id, kind), 0) for column, kind in (("tasks", "task"), ("key_tasks", "key_task"),
                                                                             ("safeguards", "safeguard"))},
            "documents": documents,
            "theme_id": None if top is None else top["theme_id"],
            "share": float("nan") if top is None else float(top["share"]),
            "gap_pp": float("nan") if top is None else float(top["gap_pp"]),
            "small": top is not None and solid is None,  # every theme of the pairing rests on fewer than SMALL_COUNT tasks
            "assessable_share": float("nan") if not counted or not counted["tasks"] else counted["assessable"] / counted["tasks"],
        })
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def _first_rows(ranked: pd.DataFrame) -> dict[str, dict]:
    """group_id → its first row (theme_id, share, gap_pp)."""
    first = ranked.drop_duplicates("group_id")
    return dict(zip(first.group_id, first[["theme_id", "share", "gap_pp"]].to_dict("records")))


def gap_direction(gap_pp: float) -> tuple[str, int]:
    """('above' | 'below' | 'level', whole points): a gap that rounds to 0 is level, never '-0'."""
    points = int(abs(gap_pp) + 0.5)
    if points == 0:
        return "level", 0
    return ("above" if gap_pp > 0 else "below"), points
