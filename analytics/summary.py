"""Corpus-level summary figures: what the overview shows before any filter."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.corpus import Corpus


@dataclass(frozen=True)
class CorpusSummary:
    headline: dict[str, int]
    programmes: pd.DataFrame


def corpus_summary(corpus: Corpus) -> CorpusSummary:
    """Headline counts (programmes, pairings, tasks, bodies) and one row per programme."""
    tasks = corpus.tasks[corpus.tasks.kind == "task"]
    pairing_ids = set(corpus.programmes.pairing_id)
    headline = {
        "方案 Programmes": len(corpus.programmes),
        "结对关系 Pairings": len(pairing_ids),
        "任务 Tasks": len(tasks),
        "责任主体 Bodies": corpus.task_units.unit_id.nunique(),
    }
    table = corpus.programmes.assign(issued=corpus.programmes.issued.dt.strftime("%Y-%m-%d"))[
        ["short_zh", "title", "doc_number", "issued", "status", "cooperation_type", "helper", "recipient",
         "tasks", "key_tasks", "safeguards"]
    ].sort_values("issued", na_position="last")
    return CorpusSummary(headline=headline, programmes=table.reset_index(drop=True))
