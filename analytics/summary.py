"""Corpus-level summary figures: what the overview shows first."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from analytics.corpus import Corpus
from analytics.filters import select_tasks


@dataclass(frozen=True)
class CorpusSummary:
    headline: dict[str, int]  # label key → figure
    programmes: pd.DataFrame


def corpus_summary(corpus: Corpus, programmes: Collection[str] | None = None) -> CorpusSummary:
    """Headline counts (programmes, pairings, tasks, bodies) and one row per programme."""
    chosen = corpus.programmes if programmes is None else corpus.programmes[corpus.programmes.programme_id.isin(programmes)]
    tasks = select_tasks(corpus, chosen.programme_id, kinds=("task",))
    units = corpus.task_units[corpus.task_units.programme_id.isin(chosen.programme_id)]
    headline = {
        "kpi_programmes": len(chosen),
        "kpi_pairings": chosen.pairing_id.nunique(),
        "kpi_tasks": len(tasks),
        "kpi_bodies": units.unit_id.nunique(),
    }
    table = chosen.assign(issued=chosen.issued.dt.strftime("%Y-%m-%d"))[
        ["programme_id", "short_zh", "title", "doc_number", "issued", "status", "cooperation_type", "helper",
         "recipient", "tasks", "key_tasks", "safeguards"]
    ].sort_values("issued", na_position="last")
    return CorpusSummary(headline=headline, programmes=table.reset_index(drop=True))
