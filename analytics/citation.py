"""How to cite a task: its document (title and 文号), its section and its number, as the source prints them.

《济南市中区与临沂费县结对合作实施方案》（市中政办字〔2023〕13号），二、…，第（二）项 — the task card shows one; the tables of
the tasks behind a number carry one a row, so that a researcher citing the text behind a figure copies it with the text
(a walk: the tables listed task ids, and the citation was on the explorer's card alone).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analytics.corpus import Corpus


def task_citations(corpus: Corpus, task_ids: Iterable[str]) -> pd.Series:
    """Each task's citation, in the order of `task_ids` (index: the task ids): the document as 《title》（文号）, its
    section (and subsection), and 第N项 (a safeguard by its own number). Each document is worded once: a bar's tasks at
    100× run to thousands of rows."""
    ids = list(task_ids)
    tasks = corpus.tasks.set_index("task_id").loc[ids, ["programme_id", "section", "section_title", "subsection",
                                                        "subsection_title", "number", "kind"]]
    documents = {row.programme_id: _document(row.title, row.doc_number, row.issued) for row in corpus.programmes.itertuples()}
    out = []
    for task in tasks.itertuples():
        where = f"{task.section}、{task.section_title}"
        if isinstance(task.subsection_title, str):
            where += f"{task.subsection}{task.subsection_title}"
        number = f"第{task.number}项" if task.kind != "safeguard" else f"{task.number}"
        out.append(f"{documents[task.programme_id]}，{where}，{number}")
    return pd.Series(out, index=pd.Index(ids, name="task_id"), dtype=object)


def iso_day(value) -> str | None:
    """A date as YYYY-MM-DD, its year in four digits, or None for none: strftime's %Y writes the year 1 as "1" here
    (glibc; an attack: an upload issued 0001-01-01 was "(1-01-01)" under its charts, "(0001-01-01)" on the deck's
    sources slide). The one way dates are written in citations, source lines, tables and hovers."""
    if value is None or pd.isna(value):
        return None
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def document_mark(doc_number, issued) -> str | None:
    """What names a document beside its title or short name: its 文号; without one, the date it was issued (a walk:
    "Source: Shanghai–Sanming plan", nothing more for a screenshot to be traced by); with neither, None. The one rule
    for citations here and the source lines under the charts (ui.report.charts)."""
    if isinstance(doc_number, str):
        return doc_number
    return iso_day(issued)


def _document(title: str, doc_number, issued) -> str:
    """《title》（文号 or date, `document_mark`）, the title's own 《》 as 〈〉 (a title within a title)."""
    title = title.replace("《", "〈").replace("》", "〉")
    mark = document_mark(doc_number, issued)
    return f"《{title}》" + ("" if mark is None else f"（{mark}）")
