"""Corpus-level summary figures: what the overview shows first."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from analytics.corpus import Corpus
from analytics.filters import select_tasks
from analytics.network import pairing_network

KINDS = ("task", "key_task", "safeguard")  # numbered tasks, provincial key tasks, safeguards (保障措施)


@dataclass(frozen=True)
class CorpusSummary:
    headline: dict[str, int]  # programmes, pairings, tasks, bodies → count
    kinds: dict[str, int]  # every item of the selected documents by kind: task, key_task, safeguard
    named_pairings: int = 0  # pairings the documents name beside their own: the map and its list draw both (headline's do not)


def kind_counts(items: pd.DataFrame) -> dict[str, int]:
    """How many of `items` (rows of corpus.tasks) are tasks, key tasks and safeguards."""
    counts = items.kind.value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in KINDS}


def corpus_summary(corpus: Corpus, programmes: Collection[str] | None = None) -> CorpusSummary:
    """Headline counts: programmes, pairings, tasks (safeguards and key tasks counted apart), bodies named."""
    chosen = corpus.programmes if programmes is None else corpus.programmes[corpus.programmes.programme_id.isin(programmes)]
    kinds = kind_counts(select_tasks(corpus, chosen.programme_id, kinds=KINDS, columns=["kind"]))
    units = corpus.task_units[corpus.task_units.programme_id.isin(chosen.programme_id)]
    headline = {
        "programmes": len(chosen),
        "pairings": chosen.pairing_id.nunique(),
        "tasks": kinds["task"],
        "bodies": units.unit_id.nunique(),
    }
    # the overview's map and list of pairings (analytics.network.pairing_network) draw these too: a walk at 100× read
    # "结对关系 500" above a list of 1,100 with nothing saying why
    edges = pairing_network(corpus, chosen.programme_id)[1]
    return CorpusSummary(headline=headline, kinds=kinds, named_pairings=int((edges.programmes.map(len) == 0).sum()))
