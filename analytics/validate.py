"""Checks that need more than one record: ids that must resolve, links without cycles, texts in seeds.

`check_data_dir` reads a data directory and returns the programmes that passed plus every problem
found, so one broken file never hides the others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from analytics import paths
from analytics.schema import REGISTRY_MODELS, Instrument, PlacesFile, ProgrammeFile, Theme, Unit
from analytics.yamlio import YamlError, line_at, read_yaml, read_yaml_bytes


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"  # "error" drops the file's programme; "warning" keeps it

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Registries:
    themes: tuple[Theme, ...]
    instruments: tuple[Instrument, ...]
    functions: tuple[Any, ...]
    places: PlacesFile
    units: tuple[Unit, ...]

    @property
    def theme_ids(self) -> set[str]:
        return {t.id for t in self.themes}

    @property
    def instrument_ids(self) -> set[str]:
        return {f"{i.id}/{s.id}" for i in self.instruments for s in i.subtypes}

    @property
    def place_ids(self) -> set[str]:
        return {p.id for p in self.places.places}


@dataclass
class LoadedProgramme:
    """A programme file that passed the schema; cross-file checks may still add problems."""

    path: Path
    label: str
    model: ProgrammeFile
    root: yaml.Node
    uploaded: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def add(self, loc: tuple[Any, ...], message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.label, line_at(self.root, loc), message, severity))


@dataclass(frozen=True)
class CheckResult:
    registries: Registries | None
    programmes: tuple[LoadedProgramme, ...]  # only those without errors
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _label(path: Path, data_dir: Path) -> str:
    try:
        return str(path.resolve().relative_to(data_dir.resolve().parent))
    except ValueError:
        return str(path)


def _describe_pydantic_error(err: Mapping[str, Any]) -> str:
    where = ".".join(str(p) for p in err["loc"]) or "(top level)"
    kind = err["type"]
    if kind == "missing":
        return f"{where}: required field is missing: add it (see analytics/schema.py for its meaning)"
    if kind == "extra_forbidden":
        return f"{where}: unknown field: remove it or fix its spelling"
    if kind == "literal_error":
        return f"{where}: {err['msg']}"
    return f"{where}: {err['msg']} (got {err.get('input')!r:.60})"


def _schema_problems(label: str, root: yaml.Node, exc: ValidationError) -> list[Problem]:
    return [Problem(label, line_at(root, tuple(e["loc"])), _describe_pydantic_error(e)) for e in exc.errors()]


# ----------------------------------------------------------------------------------------------
# Registries
# ----------------------------------------------------------------------------------------------


def load_registries(data_dir: Path) -> tuple[Registries | None, list[Problem]]:
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    for name, filename in paths.REGISTRY_FILES.items():
        path = data_dir / paths.REGISTRY_SUBDIR / filename
        label = _label(path, data_dir)
        if not path.exists():
            problems.append(Problem(label, 0, "registry file is missing: restore it from the repository"))
            continue
        try:
            doc = read_yaml(path)
            loaded[name] = TypeAdapter(REGISTRY_MODELS[name]).validate_python(doc.data)
        except YamlError as exc:
            problems.append(Problem(label, exc.line, exc.message))
            continue
        except ValidationError as exc:
            problems.extend(_schema_problems(label, doc.root, exc))
            continue
        problems.extend(_registry_problems(name, loaded[name], label, doc.root))
    if len(loaded) < len(paths.REGISTRY_FILES):
        return None, problems
    registries = Registries(
        themes=tuple(loaded["themes"]),
        instruments=tuple(loaded["instruments"]),
        functions=tuple(loaded["functions"]),
        places=loaded["places"],
        units=tuple(loaded["units"]),
    )
    problems.extend(_cross_registry_problems(registries, data_dir))
    return registries, problems


def _registry_problems(name: str, value: Any, label: str, root: yaml.Node) -> list[Problem]:
    items = value.places if name == "places" else value
    key = ("places",) if name == "places" else ()
    problems = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(
                Problem(label, line_at(root, (*key, index, "id")), f"duplicate id '{item.id}': ids must be unique")
            )
        seen[item.id] = index
    return problems


def _cross_registry_problems(reg: Registries, data_dir: Path) -> list[Problem]:
    problems = []
    places = reg.place_ids
    functions = {f.id for f in reg.functions}
    units_label = _label(data_dir / paths.REGISTRY_SUBDIR / paths.REGISTRY_FILES["units"], data_dir)
    places_label = _label(data_dir / paths.REGISTRY_SUBDIR / paths.REGISTRY_FILES["places"], data_dir)
    for unit in reg.units:
        if unit.place not in places:
            problems.append(Problem(units_label, 0, f"unit '{unit.id}': place '{unit.place}' is not in places.yaml"))
        if unit.function not in functions:
            problems.append(
                Problem(units_label, 0, f"unit '{unit.id}': function '{unit.function}' is not in functions.yaml")
            )
    for place in reg.places.places:
        if place.parent is not None and place.parent not in places:
            problems.append(Problem(places_label, 0, f"place '{place.id}': parent '{place.parent}' is not a place id"))
    for pairing in reg.places.pairings:
        for side in (pairing.helper, pairing.recipient):
            if side not in places:
                problems.append(Problem(places_label, 0, f"pairing '{pairing.id}': '{side}' is not a place id"))
    return problems


# ----------------------------------------------------------------------------------------------
# Programme files
# ----------------------------------------------------------------------------------------------


def parse_programme(raw: bytes, path: Path, label: str, uploaded: bool = False) -> LoadedProgramme | list[Problem]:
    """Schema-check one programme file; return it, or the problems that stop it from loading."""
    try:
        doc = read_yaml_bytes(raw)
    except YamlError as exc:
        return [Problem(label, exc.line, exc.message)]
    if not isinstance(doc.data, dict):
        return [Problem(label, 1, "top level must be a mapping with keys programme, sections, tasks")]
    try:
        model = ProgrammeFile.model_validate(doc.data)
    except ValidationError as exc:
        return _schema_problems(label, doc.root, exc)
    loaded = LoadedProgramme(path=path, label=label, model=model, root=doc.root, uploaded=uploaded)
    if not uploaded and path.stem != model.programme.id:
        loaded.add(("programme", "id"), f"programme id '{model.programme.id}' must match the file name '{path.stem}'")
    return loaded


def normalise_for_matching(text: str) -> str:
    """Fold what PDF/web conversion varies (whitespace, markup, bracket and comma width) but not words."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s#*]+", "", text)


def _seed_segment(seeds_dir: Path, source: Any, cache: dict[Path, list[str]]) -> str | None:
    path = seeds_dir / source.file
    if path not in cache:
        if not path.exists():
            return None
        cache[path] = path.read_text(encoding="utf-8").splitlines()
    lines = cache[path]
    return normalise_for_matching("".join(lines[source.start_line - 1 : source.end_line]))


def _check_programme(prog: LoadedProgramme, reg: Registries, seeds_dir: Path, seed_cache: dict) -> None:
    meta = prog.model.programme
    places = reg.place_ids
    pairings = {p.id: p for p in reg.places.pairings}
    for side in ("helper", "recipient"):
        for index, place in enumerate(getattr(meta, side)):
            if place not in places:
                prog.add(("programme", side, index), f"'{place}' is not a place id in data/registry/places.yaml")
    pairing = pairings.get(meta.pairing)
    if pairing is None:
        prog.add(("programme", "pairing"), f"'{meta.pairing}' is not a pairing id in data/registry/places.yaml")
    elif pairing.helper not in meta.helper or pairing.recipient not in meta.recipient:
        prog.add(("programme", "pairing"), f"pairing '{meta.pairing}' does not match helper/recipient")

    sections = {s.number: s for s in prog.model.sections}
    themes, instruments = reg.theme_ids, reg.instrument_ids
    units = {u.id for u in reg.units}
    seed = _seed_segment(seeds_dir, meta.source, seed_cache)
    if seed is None:
        prog.add(("programme", "source", "file"), f"seed file '{meta.source.file}' not found in seeds/")

    seen_ids: set[str] = set()
    for index, task in enumerate(prog.model.tasks):
        at = ("tasks", index)
        if task.id in seen_ids:
            prog.add((*at, "id"), f"duplicate task id '{task.id}': ids must be unique")
        seen_ids.add(task.id)
        if not task.id.startswith(meta.id + "/"):
            prog.add((*at, "id"), f"task id '{task.id}' must start with '{meta.id}/'")
        section = sections.get(task.section)
        if section is None:
            prog.add((*at, "section"), f"section '{task.section}' is not declared under sections:")
        else:
            if task.subsection is not None and task.subsection not in {s.number for s in section.subsections}:
                prog.add((*at, "subsection"), f"subsection '{task.subsection}' is not declared in section {section.number}")
            expected_kind = {"safeguards": ("safeguard",), "tasks": ("task", "key_task"), "general": ()}[section.kind]
            if task.kind not in expected_kind:
                prog.add((*at, "kind"), f"a {task.kind} cannot stand in a '{section.kind}' section")
        for loc, theme in [((*at, "primary_theme"), task.primary_theme)] + [
            ((*at, "secondary_themes", i), t) for i, t in enumerate(task.secondary_themes)
        ]:
            if theme not in themes:
                prog.add(loc, f"'{theme}' is not a theme id; use one of: {', '.join(sorted(themes))}")
        if task.instrument not in instruments:
            prog.add((*at, "instrument"), f"'{task.instrument}' is not an instrument; use one of: {', '.join(sorted(instruments))}")
        roles = {clause.role for clause in task.units}
        if "lead" in roles and "responsible" in roles:
            prog.add((*at, "units"), "a task naming a lead has support units, not 'responsible' ones")
        if task.units and not task.units_printed:
            prog.add((*at, "units_printed"), "units are resolved but units_printed is empty: copy the printed clause")
        for c_index, clause in enumerate(task.units):
            if not clause.bodies:
                prog.add((*at, "units", c_index, "bodies"), f"clause '{clause.printed}' resolves to no body", "warning")
            for b_index, body in enumerate(clause.bodies):
                if body not in units:
                    prog.add(
                        (*at, "units", c_index, "bodies", b_index),
                        f"'{body}' is not a unit id: add it to data/registry/units.yaml or fix the id",
                    )
            if task.units_printed and normalise_for_matching(clause.printed) not in normalise_for_matching(
                task.units_printed
            ):
                prog.add((*at, "units", c_index, "printed"), "clause is not part of units_printed: copy it as printed")
        if seed is not None:
            for name in ("heading", "text", "units_printed"):
                value = getattr(task, name)
                if value and normalise_for_matching(value) not in seed:
                    prog.add(
                        (*at, name),
                        f"{name} of {task.id} is not found in seeds/{meta.source.file} "
                        f"(lines {meta.source.start_line}–{meta.source.end_line}): copy it verbatim",
                    )


def _check_links(programmes: list[LoadedProgramme], failed_ids: set[str]) -> None:
    """Every parent must resolve; links must not form a cycle."""
    tasks = {t.id: (p, t) for p in programmes for t in p.model.tasks}
    programme_ids = {p.model.programme.id for p in programmes}
    for prog in programmes:
        for index, parent in enumerate(prog.model.programme.parents):
            loc = ("programme", "parents", index)
            if parent.programme not in programme_ids:
                severity = "warning" if parent.programme in failed_ids else "error"
                prog.add(loc, f"parent programme '{parent.programme}' is not in the corpus", severity)
            elif parent.task and parent.task not in tasks:
                prog.add(loc, f"parent task '{parent.task}' does not exist")
        for t_index, task in enumerate(prog.model.tasks):
            for l_index, link in enumerate(task.parents):
                loc = ("tasks", t_index, "parents", l_index, "task")
                if link.task == task.id:
                    prog.add(loc, f"{task.id} lists itself as parent")
                elif link.task not in tasks:
                    owner = link.task.split("/")[0]
                    if owner in failed_ids:
                        prog.add(loc, f"link to {link.task} dropped: '{owner}' did not pass validation", "warning")
                    else:
                        prog.add(loc, f"parent task '{link.task}' does not exist: check the id")
    # Cycle search over the task → parent graph (iterative DFS, colours: 1 on stack, 2 done).
    colour: dict[str, int] = {}
    for start in tasks:
        if colour.get(start):
            continue
        stack = [(start, iter(tasks[start][1].parents))]
        colour[start] = 1
        path = [start]
        while stack:
            node, children = stack[-1]
            nxt = next(children, None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
                path.pop()
                continue
            target = nxt.task
            if target not in tasks:
                continue
            if colour.get(target) == 1:
                cycle = path[path.index(target) :] + [target]
                prog, task = tasks[node]
                t_index = prog.model.tasks.index(task)
                prog.add(("tasks", t_index, "parents"), "links form a cycle: " + " → ".join(cycle))
            elif not colour.get(target):
                colour[target] = 1
                path.append(target)
                stack.append((target, iter(tasks[target][1].parents)))


def check_programmes(
    candidates: Iterable[LoadedProgramme], reg: Registries, seeds_dir: Path
) -> list[LoadedProgramme]:
    """Run cross-file checks; return the programmes with their problems attached."""
    seed_cache: dict[Path, list[str]] = {}
    programmes = list(candidates)
    by_id: dict[str, LoadedProgramme] = {}
    for prog in programmes:
        pid = prog.model.programme.id
        if pid in by_id:
            prog.add(("programme", "id"), f"programme id '{pid}' is already used by {by_id[pid].label}")
        else:
            by_id[pid] = prog
        _check_programme(prog, reg, seeds_dir, seed_cache)
    all_task_ids: dict[str, str] = {}
    for prog in programmes:
        for index, task in enumerate(prog.model.tasks):
            other = all_task_ids.get(task.id)
            if other and other != prog.label:
                prog.add(("tasks", index, "id"), f"task id '{task.id}' is already used in {other}")
            all_task_ids.setdefault(task.id, prog.label)
    failed = {p.model.programme.id for p in programmes if not p.ok}
    survivors = [p for p in programmes if p.ok]
    _check_links(survivors, failed)
    return programmes


def check_data_dir(
    data_dir: Path = paths.DATA_DIR,
    seeds_dir: Path = paths.SEEDS_DIR,
    uploads: Mapping[str, bytes] | None = None,
) -> CheckResult:
    """Validate a whole data directory (plus optional uploaded extracts) in one pass."""
    data_dir = Path(data_dir)
    registries, problems = load_registries(data_dir)
    if registries is None:
        problems.append(Problem(str(data_dir), 0, "registries could not be read, so no programme can be checked"))
        return CheckResult(None, (), tuple(problems))
    candidates: list[LoadedProgramme] = []
    sources = [
        (path.read_bytes(), path, _label(path, data_dir), False)
        for path in sorted((data_dir / paths.PROGRAMMES_SUBDIR).glob("*.yaml"))
    ]
    sources += [(raw, Path(name), f"upload:{name}", True) for name, raw in (uploads or {}).items()]
    if not sources:
        problems.append(Problem(str(data_dir / paths.PROGRAMMES_SUBDIR), 0, "no programme extracts (*.yaml) found"))
    for raw, path, label, uploaded in sources:
        parsed = parse_programme(raw, path, label, uploaded)
        if isinstance(parsed, list):
            problems.extend(parsed)
        else:
            candidates.append(parsed)
    checked = check_programmes(candidates, registries, seeds_dir)
    for prog in checked:
        problems.extend(prog.problems)
    kept = tuple(p for p in checked if p.ok)
    return CheckResult(registries, kept, tuple(problems))
