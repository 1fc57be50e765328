"""Selecting the rows an analysis works on. Every filter argument narrows; None means no filter."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analytics.corpus import Corpus

COUNTED_KINDS = ("task", "key_task")  # safeguards (保障措施) are kept apart and never counted as tasks


def select_tasks(
    corpus: Corpus,
    programmes: Collection[str] | None = None,
    themes: Collection[str] | None = None,
    instruments: Collection[str] | None = None,
    kinds: Collection[str] = COUNTED_KINDS,
) -> pd.DataFrame:
    """Counted tasks of the given programmes; `themes` matches a task whose primary or secondary theme is listed."""
    tasks = corpus.tasks[corpus.tasks.kind.isin(kinds)]
    if programmes is not None:
        tasks = tasks[tasks.programme_id.isin(programmes)]
    if instruments is not None:
        tasks = tasks[tasks.instrument_type.isin(instruments) | tasks.instrument.isin(instruments)]
    if themes is not None:
        tagged = corpus.task_themes[corpus.task_themes.theme_id.isin(themes)].task_id
        tasks = tasks[tasks.task_id.isin(tagged)]
    return tasks


def theme_order(corpus: Corpus) -> list[str]:
    """Headline themes first, then the codebook order, `other` last."""
    themes = corpus.themes.sort_values(["headline", "order"], ascending=[False, True])
    ordered = [t for t in themes.theme_id if t != "other"]
    return ordered + (["other"] if "other" in set(themes.theme_id) else [])
