"""Suggested parent tasks: when the plan names a parent programme of the corpus (or the curator gives one).

Score = cosine similarity of TF-IDF weighted character pieces (text and lead-in title of the task
against text, title and sub-heading of each parent task) + 0.5 × heading match (the task's own title
against the parent's title or sub-heading, by character similarity, counted from 0.5 up). The three
best of each parent programme are suggested; the relation follows the schema (implements: a task
under a key task; advances: a work point under a division task; carries_down: a district or county
task under a higher plan's task).
"""

from __future__ import annotations

import math
from collections import Counter

from analytics.draft.classify import pieces
from analytics.draft.model import DraftTask, ParentSuggestion
from analytics.draft.units import dice

TOP = 3


def _vector(features: Counter, idf: dict[str, float]) -> dict[str, float]:
    vector = {p: v * idf.get(p, 1.0) for p, v in features.items()}
    norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
    return {p: x / norm for p, x in vector.items()}


def _parent_rows(tasks) -> list[tuple[str, str, list[str], Counter]]:
    """(task id, kind, titles, pieces) of each task of a parent programme (its rows of analytics.corpus.Corpus.tasks)."""
    rows = []
    chosen = tasks[tasks.kind != "safeguard"]
    for tid, kind, heading, sub, text in chosen[["task_id", "kind", "heading", "subsection_title", "text"]].itertuples(
            index=False):
        titles = [t for t in (heading, sub) if isinstance(t, str) and t]
        rows.append((tid, kind, titles, pieces(" ".join([*titles, text]))))
    return rows


def relation_for(draft_level: str, parent_kind: str) -> str:
    if draft_level == "district_county":
        return "carries_down"
    return "implements" if parent_kind == "key_task" else "advances"


def suggest_parents(tasks: list[DraftTask], parent_tasks: list, draft_level: str,
                    sub_titles: dict[tuple[str, str | None], str] | None = None) -> None:
    """Fill each task's `parents` with the best TOP tasks of every parent programme (`parent_tasks`: the rows of each
    in analytics.corpus.Corpus.tasks).

    `sub_titles` maps (section, sub-heading number) to the sub-heading's title: a task without a title
    of its own is matched by the sub-heading it stands under (division tasks under a key-task heading)."""
    sub_titles = sub_titles or {}
    for frame in parent_tasks:
        rows = _parent_rows(frame)
        if not rows:
            continue
        frequency = Counter()
        for *_, features in rows:
            frequency.update(features.keys())
        idf = {p: math.log((len(rows) + 1) / (df + 1)) + 1 for p, df in frequency.items()}
        vectors = [_vector(features, idf) for *_, features in rows]
        for task in tasks:
            if task.kind == "safeguard":
                continue
            own = [t for t in (task.heading, sub_titles.get((task.section, task.subsection))) if t]
            mine = _vector(pieces(f"{task.heading or ''} {task.text}"), idf)
            scored = []
            for (tid, kind, titles, _), vector in zip(rows, vectors):
                cosine = sum(w * vector.get(p, 0.0) for p, w in mine.items())
                heading = max((dice(a, b) for a in own for b in titles), default=0.0)
                bonus = heading if heading >= 0.5 else 0.0
                scored.append((cosine + 0.5 * bonus, tid, kind, heading >= 0.8))
            scored.sort(reverse=True)
            for score, tid, kind, matched in scored[:TOP]:
                task.parents.append(ParentSuggestion(tid, relation_for(draft_level, kind), round(score, 3), matched))
