"""Links between plans: every parent resolves, and neither programme nor task links form a cycle."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analytics.corpus.programmes import LoadedProgramme

def find_cycles(edges: Mapping[str, Iterable[str]]) -> list[tuple[str, list[str]]]:
    """Every cycle of a directed graph once, as (node whose edge closes it, [start, …, start]).

    Iterative depth-first search (colours: 1 on the path, 2 done): each node and edge is visited once,
    so it ends on any input, however long or tangled; edges to unknown nodes are ignored.
    """
    colour: dict[str, int] = {}
    found: list[tuple[str, list[str]]] = []
    for start in edges:
        if colour.get(start):
            continue
        colour[start] = 1
        path = [start]
        stack = [iter(edges[start])]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                colour[path.pop()] = 2
                stack.pop()
            elif target not in edges:
                continue
            elif colour.get(target) == 1:
                found.append((path[-1], path[path.index(target):] + [target]))
            elif not colour.get(target):
                colour[target] = 1
                path.append(target)
                stack.append(iter(edges[target]))
    return found


@dataclass(frozen=True)
class Settled:
    """Programmes validated earlier (the curated corpus, read from its snapshot), which a session's uploads are checked
    against without checking them again: their ids, each task's programme, and each programme's file label.

    Settled programmes passed as a whole, so none of their links points outside them: a cycle through an upload can
    only run through uploads, and settled programmes are ends of the graph the uploads' links are checked in."""

    programme_ids: frozenset[str] = frozenset()
    task_owner: Mapping[str, str] = field(default_factory=dict)  # task id -> programme id
    labels: Mapping[str, str] = field(default_factory=dict)  # programme id -> its file's label

    @property
    def task_labels(self) -> Mapping[str, str]:
        """Task id -> the label of its programme's file, looked up when asked (a clash names it): made for every
        settled task at once, it was 0.1 s of checking one upload at 1000× (206,000 tasks)."""
        return Derived(self.task_owner, lambda programme: self.labels.get(programme, programme))


class Derived(Mapping):
    """The keys of `source`, each value `make(source[key])` worked out when asked: for large mappings of which a check
    reads only the few entries a problem names."""

    def __init__(self, source: Mapping, make: Callable) -> None:
        self.source, self.make = source, make

    def __getitem__(self, key):
        return self.make(self.source[key])

    def __iter__(self):
        return iter(self.source)

    def __len__(self) -> int:
        return len(self.source)


def check_links(programmes: list[LoadedProgramme], failed_ids: set[str], settled: Settled = Settled()) -> None:
    """Every parent must resolve (among `programmes` or the `settled` ones); links must not form a cycle."""
    tasks = {t.id: (p, t) for p in programmes for t in p.model.tasks}
    by_id = {p.model.programme.id: p for p in programmes}
    owner = ChainMap({t_id: p.model.programme.id for t_id, (p, _) in tasks.items()}, settled.task_owner)
    programme_ids = settled.programme_ids | by_id.keys()
    for prog in programmes:
        for index, parent in enumerate(prog.model.programme.parents):
            loc = ("programme", "parents", index)
            if parent.programme == prog.model.programme.id:
                prog.add(loc, f"programme '{parent.programme}' lists itself as parent: a parent is a higher-level "
                              "plan; delete this parent", code="programme_own_parent", id=parent.programme)
            elif parent.programme in failed_ids:
                prog.add(loc, f"parent programme '{parent.programme}' did not pass validation, so this link is "
                              "left out: fix that programme first", "warning", code="parent_programme_failed",
                         id=parent.programme)
            elif parent.programme not in programme_ids:
                prog.add(loc, f"parent programme '{parent.programme}' is not in the corpus: fix the id or delete "
                              "this parent", code="parent_programme_missing", id=parent.programme)
            elif parent.task and parent.task not in owner:
                prog.add(loc, f"parent task '{parent.task}' does not exist: fix the id or delete it",
                         code="parent_task_missing", id=parent.task)
            elif parent.task and owner[parent.task] != parent.programme:
                prog.add(loc, f"parent task '{parent.task}' is not a task of '{parent.programme}': name a task of "
                              "that programme, or fix the programme id", code="parent_task_elsewhere", id=parent.task,
                         programme=parent.programme)
        for t_index, task in enumerate(prog.model.tasks):
            for l_index, link in enumerate(task.parents):
                loc = ("tasks", t_index, "parents", l_index, "task")
                if link.task == task.id:
                    prog.add(loc, f"{task.id} lists itself as parent: delete that link", code="task_own_parent", id=task.id)
                elif link.task not in owner:
                    if (owner_id := link.task.split("/")[0]) in failed_ids:
                        prog.add(loc, f"link to {link.task} left out: '{owner_id}' did not pass validation; "
                                      "fix that programme first", "warning", code="link_programme_failed", id=link.task,
                                 programme=owner_id)
                    else:
                        prog.add(loc, f"parent task '{link.task}' does not exist: check the id, or delete the link",
                                 code="link_task_missing", id=link.task)
    programme_edges = {pid: [p.programme for p in prog.model.programme.parents if p.programme != pid]
                       for pid, prog in by_id.items()}
    for pid, cycle in find_cycles(programme_edges):
        prog = by_id[pid]
        index = _parent_index(prog, cycle)
        prog.add(("programme", "parents", index), "programme links form a cycle: " + " → ".join(cycle)
                 + ": a parent must be a higher-level plan; delete the parent that points back", code="programme_cycle",
                 cycle=" → ".join(cycle))
    task_edges = {t_id: [link.task for link in task.parents if link.task != t_id] for t_id, (_, task) in tasks.items()}
    for node, cycle in find_cycles(task_edges):
        prog, task = tasks[node]
        t_index = prog.model.tasks.index(task)
        prog.add(("tasks", t_index, "parents"), "links form a cycle: " + " → ".join(cycle)
                 + ": a parent must be a task of a higher-level plan; delete the link that points back", code="task_cycle",
                 cycle=" → ".join(cycle))


def _parent_index(prog: LoadedProgramme, cycle: list[str]) -> int:
    """Which of the programme's parents closes the cycle (the one naming the cycle's start)."""
    return next(i for i, p in enumerate(prog.model.programme.parents) if p.programme == cycle[0])
