"""Task explorer logic: full-text search with match positions, filters, and the task card."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from analytics.citation import task_citations
from analytics.commitments import commitments
from analytics.corpus import Corpus
from analytics.corpus.tables import is_in
from analytics.filters import TagScope, select_tasks
from analytics.spans import merge_spans

# The longest search: words enough for any phrase of a plan, few enough that a search stays one quick pass per word
# (an attack: 30,000 words took 11.7 s of server CPU, and a link with 100,000 characters 19 s to answer).
SEARCH_MAX_CHARS = 100


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of every term, merged where they overlap."""
    spans = []
    for term in terms:
        start = text.find(term)
        while term and start != -1:
            spans.append((start, start + len(term)))
            start = text.find(term, start + 1)
    return merge_spans(spans)


def search_tasks(
    corpus: Corpus,
    query: str = "",
    programmes: Collection[str] | None = None,
    themes: Collection[str] | None = None,
    instruments: Collection[str] | None = None,
    functions: Collection[str] | None = None,
    units: Collection[str] | None = None,
    roles: Collection[str] | None = None,
    levels: Collection[str] | None = None,
    has_commitment: bool = False,
    found: pd.DataFrame | None = None,
    scope: TagScope = "any",
) -> pd.DataFrame:
    """Items (tasks, key tasks and safeguards) matching every given filter; all space-separated query terms
    must occur (heading or text); a query is read to its first SEARCH_MAX_CHARS characters. `found`: commitments(corpus, programmes), when the caller has it already.
    `scope`: how an item carries one of `themes` (analytics.filters.select_tasks).

    Adds `matches` (number of term occurrences) and `spans` (positions in full_text).
    """
    tasks = select_tasks(corpus, programmes, themes, instruments, kinds=("task", "key_task", "safeguard"), scope=scope)
    if levels is not None:
        level_of = corpus.programmes.set_index("programme_id").level
        tasks = tasks[tasks.programme_id.map(level_of).isin(levels)]
    if functions is not None or units is not None or roles is not None:
        rows = corpus.task_units
        if functions is not None:
            rows = rows[rows.function.isin(functions)]
        if units is not None:
            rows = rows[rows.unit_id.isin(units)]
        if roles is not None:
            rows = rows[rows.role.isin(roles)]
        tasks = tasks[is_in(tasks.task_id, rows.task_id)]
    if has_commitment:
        tasks = tasks[is_in(tasks.task_id, (commitments(corpus, programmes) if found is None else found).task_id)]
    terms = [term for term in query[:SEARCH_MAX_CHARS].split() if term]  # the page never asks for more (ui.web.view)
    if terms:
        text = tasks.full_text
        mask = pd.Series(True, index=tasks.index)
        for term in terms:
            mask &= text.str.contains(term, regex=False)
        tasks = tasks[mask]
    spans = [match_spans(text, terms) for text in tasks.full_text]
    return tasks.assign(spans=spans, matches=[len(s) for s in spans])


@dataclass(frozen=True)
class TaskCard:
    task: pd.Series
    programme: pd.Series
    units: pd.DataFrame
    parents: pd.DataFrame
    children: pd.DataFrame
    commitments: pd.DataFrame
    citation: str


def task_card(corpus: Corpus, task_id: str) -> TaskCard:
    """Everything the card shows about one task, including how to cite it."""
    task = corpus.tasks.set_index("task_id").loc[task_id]
    programme = corpus.programmes.set_index("programme_id").loc[task.programme_id]
    links = corpus.task_links
    tasks = corpus.tasks.set_index("task_id")[["programme_id", "number", "heading", "text"]]
    parents = links[links.task_id == task_id].merge(tasks, left_on="parent_task_id", right_index=True)
    children = links[links.parent_task_id == task_id].merge(tasks, left_on="task_id", right_index=True)
    found = commitments(corpus, [task.programme_id])
    citation = task_citations(corpus, [task_id]).iloc[0]
    return TaskCard(
        task=task, programme=programme,
        units=corpus.task_units[corpus.task_units.task_id == task_id][["unit_text", "unit_name", "function", "side", "role"]],
        parents=parents, children=children, commitments=found[found.task_id == task_id][["kind", "phrase"]],
        citation=citation,
    )
