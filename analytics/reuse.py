"""Template text across programmes: near-duplicate tasks in different documents.

Candidates come from shared 4-character shingles (an inverted index, so cost grows with the number of
similar pairs, not with all pairs); each candidate is then scored by in-order alignment.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection

import pandas as pd

from analytics.breakdown import inherited_spans
from analytics.corpus import Corpus
from analytics.filters import select_tasks

SHINGLE = 4
COMMON_SHINGLE_TASKS = 60  # a shingle in more tasks than this is boilerplate and says nothing about reuse
MIN_SPAN = 4


def similarity(a: str, b: str) -> float:
    """Dice-style share of characters in common runs of at least 4 characters, in order: 0…1."""
    if not a or not b:
        return 0.0
    common = sum(end - start for start, end in inherited_spans(a, b, MIN_SPAN))  # bounded on long texts
    return 2 * common / (len(a) + len(b))


def _shingles(text: str) -> set[str]:
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def near_duplicates(
    corpus: Corpus, programmes: Collection[str] | None = None, min_similarity: float = 0.3
) -> pd.DataFrame:
    """Pairs of tasks from different programmes whose texts overlap: task_id, other_task_id, similarity.

    Each pair appears once (task_id < other_task_id), best first, with both programme ids.
    """
    tasks = select_tasks(corpus, programmes)
    texts = dict(zip(tasks.task_id, tasks.full_text))
    owner = dict(zip(tasks.task_id, tasks.programme_id))
    shingles = {task_id: _shingles(text) for task_id, text in texts.items()}
    index: dict[str, list[str]] = defaultdict(list)
    for task_id, grams in shingles.items():
        for gram in grams:
            index[gram].append(task_id)
    shared: Counter[tuple[str, str]] = Counter()
    for members in index.values():
        if len(members) > COMMON_SHINGLE_TASKS:
            continue
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                if owner[first] != owner[second]:
                    shared[(first, second) if first < second else (second, first)] += 1
    rows = []
    for (first, second), count in shared.items():
        smaller = min(len(shingles[first]), len(shingles[second])) or 1
        if count / smaller < min_similarity / 2:
            continue
        score = similarity(texts[first], texts[second])
        if score >= min_similarity:
            rows.append({"task_id": first, "other_task_id": second, "similarity": score,
                         "programme_id": owner[first], "other_programme_id": owner[second]})
    table = pd.DataFrame(rows, columns=["task_id", "other_task_id", "similarity", "programme_id", "other_programme_id"])
    return table.sort_values("similarity", ascending=False).reset_index(drop=True)
