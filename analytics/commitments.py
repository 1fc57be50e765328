"""Commitments that can be checked later: counts, frequencies, deadlines, money, percentages.

Only wording that a later report could confirm or refute counts. "定期", "不定期", "一批" and
"进一步" promise nothing measurable and are left out on purpose.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection

import pandas as pd

from analytics.corpus import Corpus
from analytics.filters import select_tasks

_CLAUSE_END = r"[^，。；：,;:]"
# Every pattern is linear on any text: a number starts only where a digit run starts ((?<!\d)), and
# digit and space runs are matched possessively (++, *+), so a run is never re-scanned from each of its
# characters. (Before this, '1' * 40_000 took 99 s: every digit started a money and a percentage try that
# scanned to the end of the run.) tests/test_hostile.py feeds long runs of every character class.
# Order matters: a frequency phrase swallows the count inside it ("每季度召开1次" is one frequency).
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("frequency", re.compile(rf"(?:每(?:年|季度|月|学年|半年|周)|按(?:月|季度|年))"
                             rf"(?:{_CLAUSE_END}{{0,40}}?(?<!\d)\d++\s*+次|{_CLAUSE_END}{{0,30}})")),
    ("deadline", re.compile(r"(?:到|至|于)\s*+20\d\d\s*+年(?:底|末|前)?|(?<!\d)20\d\d\s*+年(?:底|末)?前")),
    ("year", re.compile(r"(?<!\d)20\d\d\s*+年度")),
    ("money", re.compile(r"(?<!\d)\d++(?:\.\d++)?\s*+(?:万|亿)?元")),
    ("percentage", re.compile(r"(?<!\d)\d++(?:\.\d++)?\s*+%")),
    ("count", re.compile(r"(?:(?:不少于|至少|超过)\s*+)?(?<![\d.+])\d++\s*+(?:名|个|家|所|项|条|批|次|人|座|场|期|班|条)"
                         r"(?:左右|以上)?")),
]
KINDS = tuple(kind for kind, _ in PATTERNS)
# Every pattern above needs a digit or starts with 每/按: a text with none of them has no commitment, and
# most task texts have none, so one search skips the six (issue 15: the overview's findings at 100×).
_MAY_COMMIT = re.compile(r"[\d每按]")


def find_commitments(text: str) -> list[tuple[str, str, int]]:
    """(kind, exact phrase, start) for every checkable commitment in `text`, without overlaps."""
    if not _MAY_COMMIT.search(text):
        return []
    found: list[tuple[str, str, int]] = []
    starts: list[int] = []  # the spans taken so far, disjoint and sorted, so one bisect finds an overlap
    ends: list[int] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            before = bisect.bisect_left(starts, end)  # spans before this one start before it ends
            if before and ends[before - 1] > start:
                continue
            starts.insert(before, start)
            ends.insert(before, end)
            found.append((kind, match.group(0).strip(), start))
    return sorted(found, key=lambda item: item[2])


def commitments(corpus: Corpus, programmes: Collection[str] | None = None) -> pd.DataFrame:
    """task_id, programme_id, kind, phrase, start — one row per commitment in the selected tasks."""
    tasks = select_tasks(corpus, programmes, columns=["task_id", "programme_id", "text"])
    rows = [  # three columns as lists, not every column of every task built into a tuple (issue 15)
        {"task_id": task_id, "programme_id": programme_id, "kind": kind, "phrase": phrase, "start": start}
        for task_id, programme_id, text in zip(tasks.task_id.tolist(), tasks.programme_id.tolist(), tasks.text.tolist())
        for kind, phrase, start in find_commitments(text)
    ]
    return pd.DataFrame(rows, columns=["task_id", "programme_id", "kind", "phrase", "start"])


def assessable_share(corpus: Corpus, programmes: Collection[str] | None = None) -> pd.DataFrame:
    """Per programme: tasks, tasks with at least one checkable commitment, and their share."""
    tasks = select_tasks(corpus, programmes, columns=["programme_id"])
    found = commitments(corpus, programmes)
    totals = tasks.groupby("programme_id").size().rename("tasks")
    assessable = found.groupby("programme_id").task_id.nunique().rename("assessable")
    table = pd.concat([totals, assessable], axis=1).fillna({"assessable": 0}).astype({"assessable": int})
    table["share"] = table.assessable / table.tasks
    return table.reset_index()
