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
    section (and subsection), and 第N项 (a safeguard by its own number)."""
    ids = list(task_ids)
    tasks = corpus.tasks.set_index("task_id").loc[ids]
    programmes = corpus.programmes.set_index("programme_id")
    out = []
    for task in tasks.itertuples():
        programme = programmes.loc[task.programme_id]
        title = programme.title.replace("《", "〈").replace("》", "〉")  # inner title marks become 〈〉
        doc = f"《{title}》" + (f"（{programme.doc_number}）" if isinstance(programme.doc_number, str) else "")
        where = f"{task.section}、{task.section_title}"
        if isinstance(task.subsection_title, str):
            where += f"{task.subsection}{task.subsection_title}"
        out.append(f"{doc}，{where}，第{task.number}项" if task.kind != "safeguard" else f"{doc}，{where}，{task.number}")
    return pd.Series(out, index=pd.Index(ids, name="task_id"), dtype=object)
