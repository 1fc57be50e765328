"""Department workload: who is named for how many tasks, in which role, on which side.

An *assignment* is one body named for one task in one role. Programmes that name no units
(上海—三明) or only one side (上城区—埇桥区) report "not stated" for what is missing, never a zero.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

import pandas as pd

from analytics.citation import task_citations
from analytics.corpus import Corpus
from analytics.corpus.tables import is_in
from analytics.filters import TagScope, programmes_of, select_tasks, theme_tags

# Weighted workload index: a lead or sole-responsible body carries the task; a supporting body shares it.
ROLE_WEIGHTS = {"lead": 1.0, "responsible": 1.0, "support": 0.5}
NOT_STATED = "not stated"
By = Literal["unit", "function"]  # count per concrete body, or per function shared across places


def assignments(
    corpus: Corpus,
    programmes: Collection[str] | None = None,
    themes: Collection[str] | None = None,
    roles: Collection[str] | None = None,
    scope: TagScope = "any",
) -> pd.DataFrame:
    """One row per (task, body, role) for the selected tasks (`themes` and `scope` as analytics.filters.select_tasks
    takes them), with the role's weight."""
    tasks = select_tasks(corpus, programmes, themes, columns=["task_id"], scope=scope)
    rows = corpus.task_units[is_in(corpus.task_units.task_id, tasks.task_id)]
    if roles is not None:
        rows = rows[rows.role.isin(roles)]
    rows = rows.drop_duplicates(["task_id", "unit_id", "role"])
    return rows.assign(weight=rows.role.map(ROLE_WEIGHTS))


def units_by_tasks(corpus: Corpus, programmes: Collection[str] | None = None) -> pd.DataFrame:
    """Every body named for the selected programmes' tasks, with its number of distinct tasks (`tasks`): most
    first, ties in registry order. The order in which a bounded unit filter offers bodies (issue 15)."""
    counts = assignments(corpus, programmes).groupby("unit_id").task_id.nunique()
    table = corpus.units[["unit_id"]].assign(tasks=corpus.units.unit_id.map(counts))
    table = table[table.tasks.notna()].astype({"tasks": int})
    return table.sort_values("tasks", ascending=False, kind="stable").reset_index(drop=True)


def department_workload(
    corpus: Corpus,
    programmes: Collection[str] | None = None,
    by: By = "function",
    themes: Collection[str] | None = None,
    roles: Collection[str] | None = None,
    scope: TagScope = "any",
) -> pd.DataFrame:
    """Tasks per body or function, split by role: lead, support, responsible, tasks, weighted_index. Of the tasks
    carrying one of `themes` (with `scope="primary"`, as their primary theme), when given.

    `tasks` counts distinct tasks (a function with two bodies on one task counts the task once);
    `weighted_index` sums role weights over assignments (lead 1, responsible 1, support 0.5).
    """
    rows = assignments(corpus, programmes, themes, roles, scope)
    key = "unit_id" if by == "unit" else "function"
    by_role = rows.groupby([key, "role"]).task_id.nunique().unstack("role", fill_value=0)
    by_role = by_role.reindex(columns=list(ROLE_WEIGHTS), fill_value=0)
    table = by_role.assign(
        tasks=rows.groupby(key).task_id.nunique(),
        weighted_index=rows.groupby(key).weight.sum(),
    ).reset_index()
    names = _names(corpus, by)
    table.insert(1, "name", table[key].map(names))
    return table.sort_values(["weighted_index", "tasks"], ascending=False).reset_index(drop=True)


def workload_tasks(
    corpus: Corpus,
    key: str,
    programmes: Collection[str] | None = None,
    by: By = "function",
    themes: Collection[str] | None = None,
    scope: TagScope = "any",
) -> pd.DataFrame:
    """The tasks behind one bar of department_workload (same programmes, `by`, themes and scope), so a reader can check
    the number and cite the text: one row per task and role, as the bar stacks them (a task naming the function in two
    roles is a row in each), in the corpus's order. task_id, role, unit_name (the bodies in that role, "、"-joined),
    heading, text, citation (analytics.citation)."""
    rows = assignments(corpus, programmes, themes, scope=scope)
    rows = rows[rows["unit_id" if by == "unit" else "function"] == key]
    bodies = rows.groupby(["task_id", "role"], sort=False).unit_name.agg(lambda names: "、".join(dict.fromkeys(names)))
    order = corpus.tasks.set_index("task_id")
    table = bodies.reset_index()
    # the corpus's order is its programmes' order, then each one's tasks' (`order` counts within a programme: sorted by it
    # alone, a walk found 2023 work points 18, 19, 23, the division plan's 24–28, then the work points' 29)
    programme_at = {pid: i for i, pid in enumerate(corpus.programmes.programme_id)}
    table = table.assign(_programme=table.task_id.map(order.programme_id).map(programme_at),
                         _order=table.task_id.map(order.order), _role=table.role.map(list(ROLE_WEIGHTS).index))
    table = table.sort_values(["_programme", "_order", "_role"], kind="stable")
    return table.assign(heading=table.task_id.map(order.heading), text=table.task_id.map(order.text),
                        citation=task_citations(corpus, table.task_id).to_numpy())[
        ["task_id", "role", "unit_name", "heading", "text", "citation"]].reset_index(drop=True)


def workload_programmes(corpus: Corpus, key: str, programmes: Collection[str] | None = None, by: By = "function",
                        themes: Collection[str] | None = None, scope: TagScope = "any") -> list[str]:
    """The programmes holding the tasks `workload_tasks` lists, in the corpus's order: what that table cites (not every
    programme chosen: a body of one side of one pairing)."""
    return programmes_of(corpus, workload_tasks(corpus, key, programmes, by, themes, scope).task_id)


def workload_by_side(
    corpus: Corpus, programmes: Collection[str] | None = None, by: By = "function",
    themes: Collection[str] | None = None, scope: TagScope = "any",
) -> pd.DataFrame:
    """Tasks per function (or body), side and role: programme_id, <by>, side, role, tasks.

    Sides a programme does not name units for appear once with role and tasks "not stated". With `themes`, only
    tasks carrying one of them, in `scope` (as every analysis on the departments page counts under a theme filter).
    """
    rows = assignments(corpus, programmes, themes, scope=scope)
    key = "unit_id" if by == "unit" else "function"
    table = rows.groupby(["programme_id", key, "side", "role"]).task_id.nunique().rename("tasks").reset_index()
    missing = []
    for prog in _selected_programmes(corpus, programmes).itertuples():
        for side in _sides_not_stated(prog.units_named):
            missing.append({"programme_id": prog.programme_id, key: NOT_STATED, "side": side,
                            "role": NOT_STATED, "tasks": NOT_STATED})
    if missing:
        table = pd.concat([table.astype({"tasks": object}), pd.DataFrame(missing)], ignore_index=True)
    return table


def normalised_workload(corpus: Corpus, programmes: Collection[str] | None = None,
                        themes: Collection[str] | None = None, scope: TagScope = "any") -> pd.DataFrame:
    """Weighted index per function within each programme, per 10 tasks of that programme (with `themes`: of its
    tasks carrying one of them in `scope`, which alone are counted).

    programme_id, function, weighted_index, programme_tasks, per_10_tasks. Programmes that name no
    units get one row with function "not stated" and NaN figures.
    """
    rows = assignments(corpus, programmes, themes, scope=scope)
    task_totals = select_tasks(corpus, programmes, themes, columns=["programme_id"], scope=scope).groupby("programme_id").size().rename(
        "programme_tasks")
    table = rows.groupby(["programme_id", "function"]).weight.sum().rename("weighted_index").reset_index()
    table = table.merge(task_totals.reset_index(), on="programme_id")
    table["per_10_tasks"] = 10 * table.weighted_index.astype(float) / table.programme_tasks
    missing = [
        {"programme_id": prog.programme_id, "function": NOT_STATED, "weighted_index": float("nan"),
         "programme_tasks": int(task_totals.get(prog.programme_id, 0)), "per_10_tasks": float("nan")}
        for prog in _selected_programmes(corpus, programmes).itertuples()
        if prog.units_named == "none"
    ]
    if missing:
        table = pd.concat([table, pd.DataFrame(missing)], ignore_index=True) if len(table) else pd.DataFrame(missing)
    return table.sort_values(["programme_id", "per_10_tasks"], ascending=[True, False]).reset_index(drop=True)


def concentration(corpus: Corpus, programmes: Collection[str] | None = None, top: int = 5,
                  themes: Collection[str] | None = None, scope: TagScope = "any") -> pd.DataFrame:
    """Share of all assignments held by the `top` functions, per programme and overall (with `themes`, of the tasks
    carrying one of them in `scope`).

    programme_id ("all" for the whole selection), assignments, top_share, top_functions.
    Programmes without units are left out (nothing to concentrate).
    """
    rows = assignments(corpus, programmes, themes, scope=scope)
    counts = rows.groupby(["programme_id", "function"]).size().rename("n").reset_index()
    counts = pd.concat([counts, counts.groupby("function").n.sum().reset_index().assign(programme_id="all")])
    counts = counts.sort_values(["programme_id", "n", "function"], ascending=[True, False, True], kind="stable")
    top_rows = counts.groupby("programme_id", sort=False).head(top)
    table = pd.DataFrame({
        "assignments": counts.groupby("programme_id").n.sum(),
        "top_sum": top_rows.groupby("programme_id").n.sum(),
        "top_functions": top_rows.groupby("programme_id").function.agg(tuple),
    })
    order = ["all", *sorted(p for p in table.index if p != "all")]
    table = table.reindex([p for p in order if p in table.index])
    table["top_share"] = table.top_sum / table.assignments
    table["assignments"] = table.assignments.astype(int)
    return table.rename_axis("programme_id").reset_index()[["programme_id", "assignments", "top_share", "top_functions"]]


def functions_by_theme(
    corpus: Corpus, programmes: Collection[str] | None = None, scope: TagScope = "primary",
    themes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Distinct tasks per function and theme: function, theme_id, tasks. With `themes`, those themes alone."""
    rows = assignments(corpus, programmes)
    tags = theme_tags(corpus, scope)
    if themes is not None:
        tags = tags[tags.theme_id.isin(themes)]
    merged = rows.merge(tags, on="task_id")
    return merged.groupby(["function", "theme_id"]).task_id.nunique().rename("tasks").reset_index()


def function_across_programmes(corpus: Corpus, programmes: Collection[str] | None = None,
                               themes: Collection[str] | None = None, scope: TagScope = "any") -> pd.DataFrame:
    """Tasks per function in each programme, as a wide table; programmes without units show "not stated". With
    `themes`, only tasks carrying one of them in `scope`."""
    rows = assignments(corpus, programmes, themes, scope=scope)
    table = rows.groupby(["function", "programme_id"]).task_id.nunique().unstack("programme_id")
    columns = {}
    for prog in _selected_programmes(corpus, programmes).itertuples():
        if prog.units_named == "none":
            columns[prog.programme_id] = pd.Series(NOT_STATED, index=table.index, dtype=object)
        elif prog.programme_id in table:
            columns[prog.programme_id] = table[prog.programme_id].fillna(0).astype(int)
    # One concat instead of a column insert per programme (hundreds at scale fragment the frame).
    return pd.DataFrame(columns, index=table.index).rename_axis("function").reset_index() if columns else table.reset_index()


def _selected_programmes(corpus: Corpus, programmes: Collection[str] | None) -> pd.DataFrame:
    frame = corpus.programmes
    return frame if programmes is None else frame[frame.programme_id.isin(programmes)]


def _sides_not_stated(units_named: str) -> list[str]:
    return {"both": [], "helper_only": ["recipient"], "recipient_only": ["helper"]}.get(
        units_named, ["helper", "recipient"]
    )


def _names(corpus: Corpus, by: By) -> pd.Series:
    if by == "unit":
        return corpus.units.set_index("unit_id").name
    return corpus.functions.set_index("function").zh
