"""One programme's profile: structure, theme profile and named units (its metadata is the programmes table's row)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.corpus import Corpus
from analytics.themes import theme_shares
from analytics.workload import department_workload


@dataclass(frozen=True)
class ProgrammeProfile:
    structure: pd.DataFrame
    themes: pd.DataFrame
    units: pd.DataFrame


def programme_profile(corpus: Corpus, programme_id: str) -> ProgrammeProfile:
    tasks = corpus.tasks[corpus.tasks.programme_id == programme_id]
    counts = tasks.groupby("section").size()
    structure = corpus.sections[corpus.sections.programme_id == programme_id].assign(
        items=lambda s: s.section.map(counts).fillna(0).astype(int)
    )[["section", "title", "kind", "subsections", "items"]]
    themes = theme_shares(corpus, [programme_id])
    units = department_workload(corpus, [programme_id], by="unit")
    return ProgrammeProfile(structure=structure.reset_index(drop=True), themes=themes, units=units)
