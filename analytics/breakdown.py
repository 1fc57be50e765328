"""How provincial key tasks break down into division tasks, yearly work points and county tasks.

Levels are read from the link relations, not from programme names: a key task is any `key_task`; a
division task `implements` a key task; a work point `advances` a division task; a county task
`carries_down` a key task or division task.
"""

from __future__ import annotations

from collections.abc import Collection
from difflib import SequenceMatcher

import pandas as pd

from analytics.corpus import Corpus
from analytics.corpus.tables import is_in
from analytics.filters import programmes_of, theme_order
from analytics.spans import merge_spans

TIERS = ("key_task", "division", "work_point", "county")
MIN_SPAN = 4  # shortest run of identical characters worth highlighting as inherited


def task_tiers(corpus: Corpus) -> pd.Series:
    """Level of every task that takes part in the breakdown, indexed by task_id."""
    links = corpus.task_links
    tiers = {t: "key_task" for t in corpus.tasks.task_id[corpus.tasks.kind == "key_task"]}
    for relation, tier in (("implements", "division"), ("advances", "work_point"), ("carries_down", "county")):
        tiers.update({t: tier for t in links.task_id[links.relation == relation]})
    # Tasks of a programme whose other tasks have a tier share it (e.g. a county addition without parent).
    owner = dict(zip(corpus.tasks.task_id, corpus.tasks.programme_id))
    programme_tier = {owner[t]: lvl for t, lvl in tiers.items() if t in owner}
    tasks = corpus.tasks[corpus.tasks.kind == "task"]
    untiered = tasks[~tasks.task_id.isin(list(tiers)) & tasks.programme_id.isin(list(programme_tier))]
    tiers.update(zip(untiered.task_id, untiered.programme_id.map(programme_tier)))
    return pd.Series(tiers, name="tier")


def breakdown_roots(corpus: Corpus, programmes: Collection[str] | None = None) -> pd.DataFrame:
    """The plans a breakdown starts from (those with key tasks), in corpus order: programme_id, key_tasks.
    With `programmes`, only those among them."""
    keys = corpus.tasks[corpus.tasks.kind == "key_task"]
    counts = keys.groupby("programme_id", sort=False).size()
    chosen = None if programmes is None else set(programmes)
    order = [p for p in corpus.programmes.programme_id if p in counts.index and (chosen is None or p in chosen)]
    return pd.DataFrame({"programme_id": order, "key_tasks": [int(counts[p]) for p in order]},
                        columns=["programme_id", "key_tasks"])


def flows_under(flows: pd.DataFrame, tops: Collection[str]) -> pd.DataFrame:
    """The flows (source → target) reachable downwards from the `tops` tasks, in their original order.

    Each round adds the children of the tasks reached so far and stops when a round adds none, so it ends
    after at most one round per task, cycles included."""
    reached, edges = set(tops), flows[["source", "target"]]
    while True:
        new = set(edges.target[edges.source.isin(reached)]) - reached
        if not new:
            return flows[flows.source.isin(reached)]
        reached |= new


def flow_tops(flows: pd.DataFrame) -> list[str]:
    """The tasks the flows start from: sources no flow leads to, in the flows' order. The provincial key tasks when
    their plan is among the programmes; the division tasks when it is not (a division plan and a county plan)."""
    return list(dict.fromkeys(flows.source[~flows.source.isin(set(flows.target))]))


def _root_keys(corpus: Corpus, root: str) -> pd.DataFrame:
    return corpus.tasks[(corpus.tasks.kind == "key_task") & (corpus.tasks.programme_id == root)]


def breakdown_coverage(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None) -> pd.DataFrame:
    """One row per provincial key task: its division tasks, work points, county tasks, and status.

    status is "carried down" when at least one county task links to the key task directly or through
    one of its division tasks, else "not carried". With `programmes`, only lower-level tasks of those
    programmes count (the key tasks are always listed, so a gap shows as a zero). With `root`, only that
    plan's key tasks.
    """
    links = corpus.task_links
    counted = set(corpus.tasks.task_id[corpus.tasks.programme_id.isin(list(programmes))]) if programmes is not None else None
    keys = corpus.tasks[corpus.tasks.kind == "key_task"] if root is None else _root_keys(corpus, root)
    # parent → children per relation, built once, so each key task is a few dict lookups (linear in links); from plain
    # lists (a groupby-agg(list) per relation was 1.7 s at 1000×, 118,000 parents)
    children: dict[str, dict[str, list[str]]] = {}
    for relation, child, parent in zip(links.relation.tolist(), links.task_id.tolist(), links.parent_task_id.tolist()):
        children.setdefault(relation, {}).setdefault(parent, []).append(child)
    division, points, county = (children.get(r, {}) for r in ("implements", "advances", "carries_down"))
    rows = []
    for key in keys.itertuples():
        div_ids = sorted(set(division.get(key.task_id, [])))
        point_ids = sorted({p for d in div_ids for p in points.get(d, [])})
        county_ids = sorted({c for parent in (key.task_id, *div_ids) for c in county.get(parent, [])})
        if counted is not None:  # the chain runs through every level; only the chosen programmes' tasks count
            div_ids, point_ids, county_ids = ([i for i in ids if i in counted] for ids in (div_ids, point_ids, county_ids))
        rows.append(
            {"key_task_id": key.task_id, "number": key.number, "heading": key.heading,
             "primary_theme": key.primary_theme, "division_tasks": tuple(div_ids), "work_points": tuple(point_ids),
             "county_tasks": tuple(county_ids), "n_division": len(div_ids), "n_work_points": len(point_ids),
             "n_county": len(county_ids), "status": "carried down" if county_ids else "not carried"}
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def flow_programmes(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None) -> list[str]:
    """The programmes holding a task at either end of `breakdown_flows`' links: the documents its Sankey draws from
    and cites (not every programme chosen: 上海—三明 has no place in 济南—临沂's breakdown)."""
    flows = breakdown_flows(corpus, programmes, root)
    return programmes_of(corpus, set(flows.source) | set(flows.target))


def coverage_programmes(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None) -> list[str]:
    """The programmes holding the key tasks `breakdown_coverage` lists or a lower task it counts: what it cites."""
    coverage = breakdown_coverage(corpus, programmes, root)
    held = set(coverage.key_task_id)
    for column in ("division_tasks", "work_points", "county_tasks"):
        held.update(task for tasks in coverage[column] for task in tasks)
    return programmes_of(corpus, held)


COVERAGE_COLUMNS = ["key_task_id", "number", "heading", "primary_theme", "division_tasks", "work_points", "county_tasks",
                    "n_division", "n_work_points", "n_county", "status"]


def breakdown_programmes(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None
                         ) -> Collection[str] | None:
    """`programmes` (None: every one) as far as they take part in `root`'s breakdown: the plan itself and the programmes
    holding a task below its key tasks. Without a root, `programmes` unchanged. A walk at 100×: with one provincial plan
    of a hundred chosen, the Sankey and coverage followed it while the county additions and the level shares counted
    every copy's county plan."""
    if root is None:
        return programmes
    return list(dict.fromkeys([root, *flow_programmes(corpus, programmes, root)]))


def county_additions(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None) -> pd.DataFrame:
    """County-level tasks with no parent: what the county plan adds of its own. With `programmes`, of those only; with
    `root`, of the county plans in that plan's breakdown (`breakdown_programmes`)."""
    tiers = task_tiers(corpus)
    county = tiers[tiers == "county"].index
    linked = set(corpus.task_links.task_id)
    tasks = _of(corpus.tasks, breakdown_programmes(corpus, programmes, root))
    tasks = tasks[tasks.task_id.isin(county) & ~tasks.task_id.isin(linked)]
    return tasks[["task_id", "programme_id", "number", "heading", "text", "primary_theme"]].reset_index(drop=True)


def additions_programmes(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None) -> list[str]:
    """The county plans whose own tasks `county_additions` lists: what its table cites (not every programme chosen)."""
    return programmes_of(corpus, county_additions(corpus, programmes, root).task_id)


def breakdown_flows(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None) -> pd.DataFrame:
    """Edges for a Sankey: source, target, source_tier, target_tier (parent → child).

    With `programmes`, only links whose two ends both belong to the selected programmes. With `root`, only
    the links below that plan's key tasks.
    """
    tiers = task_tiers(corpus)
    links = _links_among(corpus, programmes)
    flows = links.rename(columns={"parent_task_id": "source", "task_id": "target"})[["source", "target", "relation"]]
    if root is not None:
        flows = flows_under(flows, _root_keys(corpus, root).task_id)
    return flows.assign(source_tier=flows.source.map(tiers), target_tier=flows.target.map(tiers))


def _of(tasks: pd.DataFrame, programmes: Collection[str] | None) -> pd.DataFrame:
    return tasks if programmes is None else tasks[tasks.programme_id.isin(list(programmes))]


def _links_among(corpus: Corpus, programmes: Collection[str] | None) -> pd.DataFrame:
    """The links whose two ends both belong to `programmes` (every link with None)."""
    links = corpus.task_links
    if programmes is None:
        return links
    owner = corpus.tasks.set_index("task_id").programme_id
    return links[links.task_id.map(owner).isin(programmes) & links.parent_task_id.map(owner).isin(programmes)]


def drift_programmes(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None) -> list[str]:
    """The programmes holding a task on a tier of the breakdown: what `theme_drift` counts and cites (a walk: its chart
    cited 上城区—埇桥区, 上海—三明 and 市中区—高唐县, which sit on no tier). With `root`, of that plan's breakdown."""
    tiers = task_tiers(corpus)
    tasks = _of(corpus.tasks, breakdown_programmes(corpus, programmes, root))
    return programmes_of(corpus, set(tasks.task_id[tasks.task_id.isin(tiers.index)]))


def theme_drift(corpus: Corpus, programmes: Collection[str] | None = None, root: str | None = None) -> pd.DataFrame:
    """Primary-theme shares at each tier of the breakdown: tier, theme_id, tasks, share. With `programmes`, of
    their tasks only (a tier none of them is at has no rows); with `root`, of the plans in its breakdown."""
    tiers = task_tiers(corpus)
    tasks = _of(corpus.tasks, breakdown_programmes(corpus, programmes, root))
    tasks = tasks[tasks.task_id.isin(tiers.index)].assign(tier=lambda t: t.task_id.map(tiers))
    counts = tasks.groupby(["tier", "primary_theme"]).size().rename("tasks")
    grid = pd.MultiIndex.from_product([[lvl for lvl in TIERS if lvl in set(tasks.tier)], theme_order(corpus)],
                                      names=["tier", "theme_id"])
    table = counts.rename_axis(["tier", "theme_id"]).reindex(grid, fill_value=0).reset_index()
    table["share"] = table.tasks / table.groupby("tier").tasks.transform("sum")
    return table


# An in-order alignment costs up to the product of the two lengths, and far more on repetitive text
# ('1' * 2000 against itself: 4 s). Printed tasks are short (the longest pair in the corpus is 295 × 295);
# above this product, spans come from shared runs of `min_span` characters instead, in linear time.
MAX_ALIGNED_PRODUCT = 200_000


def inherited_spans(child: str, parent: str, min_span: int = MIN_SPAN) -> list[tuple[int, int]]:
    """(start, end) character ranges of `child` copied from `parent`, each at least `min_span` long."""
    if len(child) * len(parent) > MAX_ALIGNED_PRODUCT:
        return _shared_runs(child, parent, min_span)
    matcher = SequenceMatcher(None, child, parent, autojunk=False)
    return [(b.a, b.a + b.size) for b in matcher.get_matching_blocks() if b.size >= min_span]


def _shared_runs(child: str, parent: str, min_span: int) -> list[tuple[int, int]]:
    """Ranges of `child` made of `min_span`-character pieces that also occur in `parent` (order ignored)."""
    pieces = {parent[i : i + min_span] for i in range(len(parent) - min_span + 1)}
    return merge_spans((i, i + min_span) for i in range(len(child) - min_span + 1) if child[i : i + min_span] in pieces)


def text_reuse(corpus: Corpus, relation: str = "carries_down", min_span: int = MIN_SPAN, root: str | None = None,
               programmes: Collection[str] | None = None) -> pd.DataFrame:
    """For each child task and its parent: the share of the child's text inherited, and the spans.

    Texts are compared as printed, heading included ("heading。text"). task_id, parent_task_id,
    inherited_share (characters of the child inside inherited spans ÷ child length), spans (tuple of
    (start, end) into the child's full text). The alignment is in order, so a sentence the child moves
    elsewhere counts only once it lines up. With `root`, only the links below that plan's key tasks; with
    `programmes`, only links whose two ends both belong to them (as `breakdown_flows`).
    """
    text = _full_texts(corpus)
    links = _links_among(corpus, programmes)
    if root is not None:
        below = flows_under(links.rename(columns={"parent_task_id": "source", "task_id": "target"}),
                            _root_keys(corpus, root).task_id)
        links = links[links.index.isin(below.index)]
    rows = []
    for task_id, parent_id, spans in _aligned(text, links[links.relation == relation], min_span):
        covered = sum(end - start for start, end in spans)
        child = text[task_id]
        rows.append({"task_id": task_id, "parent_task_id": parent_id,
                     "inherited_share": covered / len(child) if child else 0.0, "spans": tuple(spans)})
    return pd.DataFrame(rows, columns=["task_id", "parent_task_id", "inherited_share", "spans"])


def _aligned(text: dict[str, str], links: pd.DataFrame, min_span: int = MIN_SPAN):
    """(child, parent, the child's spans inherited from that parent) for each link, in link order."""
    for task_id, parent_id in zip(links.task_id.tolist(), links.parent_task_id.tolist()):
        yield task_id, parent_id, inherited_spans(text[task_id], text[parent_id], min_span)


def _full_texts(corpus: Corpus) -> dict[str, str]:
    """Task id → its full text, as a plain dict: a pandas lookup per link was about a tenth of the inheritance table's
    time at 1000× (46,000 links)."""
    return dict(zip(corpus.tasks.task_id.tolist(), corpus.tasks.full_text.tolist()))


def inheritance_by_task(corpus: Corpus, relation: str = "carries_down", known: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per child task: share of its text inherited from any of its parents (spans merged).

    task_id, parents, inherited_share, spans; children in the order of their first link. `known`: this table (same
    relation) for a corpus that `corpus` extends by rows after its own, as tables.joined extends the curated corpus by a
    session's uploads. An upload cannot change a curated task's text or links (a link is written on its child), so
    `known`'s rows stand as they are and only the other children are aligned: at 1000× the corpus the alignment of
    46,000 links took 5 s of every upload's check.
    """
    text = _full_texts(corpus)
    links = corpus.task_links[corpus.task_links.relation == relation]
    if known is not None:
        links = links[~is_in(links.task_id, known.task_id)]
    grouped: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}  # child → (parents, spans), children in link order
    for task_id, parent_id, spans in _aligned(text, links):
        parents, all_spans = grouped.setdefault(task_id, ([], []))
        parents.append(parent_id)
        all_spans.extend(spans)
    rows = []
    for task_id, (parents, all_spans) in grouped.items():
        merged = _merge_spans(all_spans)
        covered = sum(end - start for start, end in merged)
        rows.append({"task_id": task_id, "parents": tuple(parents),
                     "inherited_share": covered / len(text[task_id]), "spans": tuple(merged)})
    table = pd.DataFrame(rows, columns=["task_id", "parents", "inherited_share", "spans"])
    if known is None or known.empty:
        return table
    return known.reset_index(drop=True) if table.empty else pd.concat([known, table], ignore_index=True)


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
