"""Corpus-level summary figures: what the overview shows first."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from analytics.corpus import Corpus
from analytics.filters import select_tasks


@dataclass(frozen=True)
class CorpusSummary:
    headline: dict[str, int]  # label key → figure


def corpus_summary(corpus: Corpus, programmes: Collection[str] | None = None) -> CorpusSummary:
    """Headline counts: programmes, pairings, tasks (safeguards and key tasks excluded), bodies named."""
    chosen = corpus.programmes if programmes is None else corpus.programmes[corpus.programmes.programme_id.isin(programmes)]
    tasks = select_tasks(corpus, chosen.programme_id, kinds=("task",))
    units = corpus.task_units[corpus.task_units.programme_id.isin(chosen.programme_id)]
    headline = {
        "kpi_programmes": len(chosen),
        "kpi_pairings": chosen.pairing_id.nunique(),
        "kpi_tasks": len(tasks),
        "kpi_bodies": units.unit_id.nunique(),
    }
    return CorpusSummary(headline=headline)
