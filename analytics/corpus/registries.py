"""The registries under data/registries/: themes, instruments, functions, places and pairings, units.

Read with the schema, then checked across files: ids unique, every unit's place and function known,
every place's parent known and the parents free of cycles, every pairing's sides known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from analytics import paths
from analytics.corpus.links import find_cycles
from analytics.corpus.problems import Problem, coded, file_label, schema_problems
from analytics.corpus.schema import REGISTRY_MODELS, Additions, Instrument, PlacesFile, Theme, Unit
from analytics.corpus.yamlio import Lines, YamlError, line_at, read_yaml

PLACES_FILE = f"data/{paths.REGISTRY_SUBDIR}/{paths.REGISTRY_FILES['places']}"


UNITS_FILE = f"data/{paths.REGISTRY_SUBDIR}/{paths.REGISTRY_FILES['units']}"


FUNCTIONS_FILE = f"data/{paths.REGISTRY_SUBDIR}/{paths.REGISTRY_FILES['functions']}"


@dataclass(frozen=True)
class Registries:
    themes: tuple[Theme, ...]
    instruments: tuple[Instrument, ...]
    functions: tuple[Any, ...]
    places: PlacesFile
    units: tuple[Unit, ...]

    @cached_property  # asked once per programme: rebuilding the set each time made loading quadratic
    def theme_ids(self) -> set[str]:
        return {t.id for t in self.themes}

    @cached_property  # asked once per programme: rebuilding the set each time made loading quadratic
    def instrument_ids(self) -> set[str]:
        return {f"{i.id}/{s.id}" for i in self.instruments for s in i.subtypes}

    @cached_property  # asked once per programme: rebuilding the set each time made loading quadratic
    def place_ids(self) -> set[str]:
        return {p.id for p in self.places.places}

    @cached_property  # asked once per programme: rebuilding the set each time made loading quadratic
    def pairing_ids(self) -> set[str]:
        return {p.id for p in self.places.pairings}

    @cached_property  # asked once per programme: rebuilding the set each time made loading quadratic
    def unit_ids(self) -> set[str]:
        return {u.id for u in self.units}

    def with_additions(self, additions: Iterable[Additions]) -> Registries:
        """These registries plus uploaded places, pairings and units (the first of equal ids wins)."""
        places, pairings, units = list(self.places.places), list(self.places.pairings), list(self.units)
        for block in additions:
            for existing, added in ((places, block.places), (pairings, block.pairings), (units, block.units)):
                known = {item.id for item in existing}
                existing.extend(item for item in added if item.id not in known)
        return Registries(
            themes=self.themes,
            instruments=self.instruments,
            functions=self.functions,
            places=PlacesFile(places=places, pairings=pairings),
            units=tuple(units),
        )


def load_registries(data_dir: Path) -> tuple[Registries | None, list[Problem]]:
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    roots: dict[str, Lines] = {}
    labels: dict[str, str] = {}
    for name, filename in paths.REGISTRY_FILES.items():
        path = data_dir / paths.REGISTRY_SUBDIR / filename
        label = labels[name] = file_label(path, data_dir)
        if not path.exists():
            problems.append(Problem(label, 1, "registry file is missing: restore it from the repository", "error",
                                    "registry_missing"))
            continue
        try:
            doc = read_yaml(path, data_dir)
            loaded[name] = TypeAdapter(REGISTRY_MODELS[name]).validate_python(doc.data)
        except YamlError as exc:
            problems.append(Problem(label, exc.line, exc.message))
            continue
        except ValidationError as exc:
            problems.extend(schema_problems(label, doc.root, exc, REGISTRY_MODELS[name]))
            continue
        roots[name] = doc.root
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
    problems.extend(_cross_registry_problems(registries, roots, labels))
    return registries, problems


def _duplicate_ids(items: Iterable[Any], loc_of: Any, root: Lines, label: str) -> list[Problem]:
    problems = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(items):
        line = line_at(root, loc_of(index))
        if item.id in first_line:
            problems.append(
                Problem(label, line, f"duplicate id '{item.id}' (first on line {first_line[item.id]}): "
                        "ids must be unique; rename or delete one")
            )
        first_line.setdefault(item.id, line)
    return problems


def _registry_problems(name: str, value: Any, label: str, root: Lines) -> list[Problem]:
    if name == "places":
        return _duplicate_ids(value.places, lambda i: ("places", i, "id"), root, label) + _duplicate_ids(
            value.pairings, lambda i: ("pairings", i, "id"), root, label
        )
    return _duplicate_ids(value, lambda i: (i, "id"), root, label)


def same_place_message(pairing: str, place: str) -> str:
    """A pairing of a place with itself, as curators and uploaders read it."""
    return (f"pairing '{pairing}' pairs '{place}' with itself: a pairing joins two places; set helper to the place "
            "that helps and recipient to the place helped")


# (kind of record, the fields holding an id, which registry that id must be in)
REFERENCES = (
    ("places", ("parent", "province"), "places"),
    ("pairings", ("helper", "recipient"), "places"),
    ("units", ("place",), "places"),
    ("units", ("function",), "functions"),
)


def unknown_references(records: Mapping[str, Iterable[Any]], known: Mapping[str, set[str]]) -> Iterator[tuple[str, int, str, Any, str]]:
    """(kind, index, field, record, value) of every id a place, pairing or unit names that is not known.

    `records` holds the places, pairings and units to check; `known` the place and function ids they may
    name. The curated registries and an upload's additions are checked by this one walk.
    """
    for kind, fields, registry in REFERENCES:
        for index, record in enumerate(records[kind]):
            for name in fields:
                value = getattr(record, name)
                if value is not None and value not in known[registry]:
                    yield kind, index, name, record, value


def _cross_registry_problems(reg: Registries, roots: Mapping[str, Lines], labels: Mapping[str, str]) -> list[Problem]:
    problems = []
    records = {"places": reg.places.places, "pairings": reg.places.pairings, "units": reg.units}
    known = {"places": reg.place_ids, "functions": {f.id for f in reg.functions}}
    for kind, index, name, record, value in unknown_references(records, known):
        file, loc = ("units", (index, name)) if kind == "units" else ("places", (kind, index, name))
        fix = {"function": "is not in functions.yaml: add it there or fix the id",
               "place": "is not in places.yaml: add the place there or fix the id"}.get(
            name, "is not a place id: add that place or fix the id")
        problems.append(Problem(labels[file], line_at(roots[file], loc), f"{kind[:-1]} '{record.id}': {name} '{value}' {fix}"))
    for index, pairing in enumerate(reg.places.pairings):
        if pairing.helper == pairing.recipient:
            problems.append(Problem(labels["places"], line_at(roots["places"], ("pairings", index, "recipient")),
                                    same_place_message(pairing.id, pairing.helper), "error", "pairing_same_place",
                                    coded({"id": pairing.id, "place": pairing.helper})))
    index_of = {place.id: index for index, place in enumerate(reg.places.places)}
    for place_id, cycle in place_cycles(reg.places.places):
        problems.append(Problem(labels["places"], line_at(roots["places"], ("places", index_of[place_id], "parent")),
                                place_cycle_message(place_id, cycle)))
    return problems


def place_cycles(places: Iterable[Any]) -> list[tuple[str, list[str]]]:
    """Cycles among places' parents (a place that is its own parent is a cycle of one)."""
    return find_cycles({place.id: [place.parent] if place.parent else [] for place in places})


def place_cycle_message(place_id: str, cycle: list[str]) -> str:
    return (f"place parents form a cycle: {' → '.join(cycle)}: a place's parent is the larger area it lies in; "
            f"fix the parent of '{place_id}' (null at the top)")
