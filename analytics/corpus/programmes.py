"""Programme files: the schema check of one file, then the checks that need the registries and the seed.

Uploads differ from curated extracts in three ways: they have no seed, so their texts cannot be
checked verbatim (one warning says so); they may bring an `additions:` block of places, pairings and
units the registry does not know; and they may not take an id the corpus already uses.
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from analytics.corpus.characters import reading_key
from analytics.corpus.links import Settled, check_links
from analytics.corpus.problems import Problem, capped, coded, has_errors, schema_problems
from analytics.corpus.registries import (
    FUNCTIONS_FILE,
    PLACES_FILE,
    UNITS_FILE,
    Registries,
    place_cycle_message,
    place_cycles,
    same_place_message,
    unknown_references,
)
from analytics.corpus.schema import ProgrammeFile
from analytics.corpus.seeds import normalise_for_matching, seed_segment
from analytics.corpus.yamlio import Lines, YamlError, key_line, line_at, read_yaml_bytes

@dataclass
class LoadedProgramme:
    """A programme file that passed the schema; cross-file checks may still add problems."""

    path: Path
    label: str
    model: ProgrammeFile
    root: Lines  # where each value was written (yamlio.Lines), for naming lines in later checks
    uploaded: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    def add(self, loc: tuple[Any, ...], message: str, severity: str = "error", code: str = "", **params: Any) -> None:
        self.problems.append(Problem(self.label, line_at(self.root, loc), message, severity, code, coded(params)))

    def line(self, loc: tuple[Any, ...]) -> int:
        return line_at(self.root, loc)


def parse_programme(raw: bytes, path: Path, label: str, uploaded: bool = False) -> LoadedProgramme | list[Problem]:
    """Schema-check one programme file; return it, or the problems that stop it from loading."""
    try:
        doc = read_yaml_bytes(raw, uploaded=uploaded)
    except YamlError as exc:
        return [Problem(label, exc.line, exc.message, code=exc.code, params=exc.params)]
    if not isinstance(doc.data, dict):
        return [Problem(label, 1, "top level must be a mapping with the keys programme, sections and tasks: "
                                  "start the file with 'programme:' as in the template")]
    try:
        model = ProgrammeFile.model_validate(doc.data)
    except ValidationError as exc:
        problems = schema_problems(label, doc.root, exc)
        return capped(problems, label) if uploaded else problems
    loaded = LoadedProgramme(path=path, label=label, model=model, root=doc.root, uploaded=uploaded)
    if not uploaded:
        if path.stem != model.programme.id:
            loaded.add(("programme", "id"), f"programme id '{model.programme.id}' must match the file name "
                                            f"'{path.name}': rename the file to {model.programme.id}.yaml or fix the id")
        if model.additions is not None:
            loaded.problems.append(Problem(
                label, key_line(doc.root, ("additions",)),
                f"additions: are only for uploaded extracts: move these places and pairings into {PLACES_FILE} "
                f"and these units into {UNITS_FILE}, then delete the additions block",
            ))
    return loaded


def _where_to_add(prog: LoadedProgramme, kind: str) -> str:
    """Where a missing place, pairing or unit belongs: the registry for curators, additions for uploads."""
    if prog.uploaded:
        return f"add it under additions: {kind}: in this file"
    return f"add it to {UNITS_FILE if kind == 'units' else PLACES_FILE}"


def _check_additions(prog: LoadedProgramme, reg: Registries) -> Registries:
    """Check an upload's additions against the registries; return the registries this programme sees."""
    additions = prog.model.additions
    if additions is None:
        return reg
    taken = {"places": (reg.place_ids, PLACES_FILE), "pairings": (reg.pairing_ids, PLACES_FILE),
             "units": (reg.unit_ids, UNITS_FILE)}
    for kind, (registry_ids, registry_file) in taken.items():
        first_line: dict[str, int] = {}
        for index, item in enumerate(getattr(additions, kind)):
            loc = ("additions", kind, index, "id")
            if item.id in registry_ids:
                prog.add(loc, f"'{item.id}' is already in {registry_file}: use it as it is there and delete it "
                              "from additions, or give yours another id", code="addition_in_registry", id=item.id,
                         registry=registry_file)
            elif item.id in first_line:
                prog.add(loc, f"'{item.id}' is added twice (first on line {first_line[item.id]}): keep one",
                         code="addition_twice", id=item.id, first=first_line[item.id])
            first_line.setdefault(item.id, prog.line(loc))
    seen = reg.with_additions([additions])
    functions = {f.id for f in reg.functions}
    records = {"places": additions.places, "pairings": additions.pairings, "units": additions.units}
    for kind, index, name, _, value in unknown_references(records, {"places": seen.place_ids, "functions": functions}):
        if name == "function":
            prog.add(("additions", kind, index, name), f"function '{value}' is not a function id: use one of "
                                                         f"{FUNCTIONS_FILE}: {', '.join(sorted(functions))}",
                     code="addition_unknown_function", id=value, file=FUNCTIONS_FILE, options=", ".join(sorted(functions)))
        else:
            prog.add(("additions", kind, index, name), f"{name} '{value}' is not a place id: use an id from {PLACES_FILE} "
                                                         "or add it under additions: places:",
                     code="addition_unknown_place", id=value, field=name, file=PLACES_FILE)
    for index, pairing in enumerate(additions.pairings):
        if pairing.helper == pairing.recipient:
            prog.add(("additions", "pairings", index, "recipient"), same_place_message(pairing.id, pairing.helper),
                     code="pairing_same_place", id=pairing.id, place=pairing.helper)
    added = {place.id: index for index, place in enumerate(additions.places)}
    for place_id, cycle in place_cycles(seen.places.places):
        if place_id in added:
            prog.add(("additions", "places", added[place_id], "parent"), place_cycle_message(place_id, cycle),
                     code="place_cycle", id=place_id, cycle=" → ".join(cycle))
    return seen


def _check_programme(prog: LoadedProgramme, reg: Registries, seeds_dir: Path, seed_cache: dict) -> None:
    meta = prog.model.programme
    places = reg.place_ids
    pairings = {p.id: p for p in reg.places.pairings}
    for side in ("helper", "recipient"):
        for index, place in enumerate(getattr(meta, side)):
            if place not in places:
                prog.add(("programme", side, index),
                         f"'{place}' is not a place id: fix the id or {_where_to_add(prog, 'places')}",
                         code="unknown_place", id=place)
    for side in ("helper", "recipient"):
        places = getattr(meta, side)
        for index, place in enumerate(places):
            if place in places[:index]:  # an attack: recipient: [x, x] passed
                prog.add(("programme", side, index), f"'{place}' is listed twice under {side}: list each place once",
                         code="place_twice", id=place, side=side)
    for index, place in enumerate(meta.recipient):
        if place in meta.helper:  # a draft read "乙市—乙市" as one city helping itself, and it validated
            prog.add(("programme", "recipient", index),
                     f"'{place}' is on both sides, helper and recipient: a pairing joins two places; list the place that "
                     "helps under helper and the place helped under recipient, as the title names them",
                     code="place_both_sides", id=place)
    pairing = pairings.get(meta.pairing)
    if pairing is None:
        prog.add(("programme", "pairing"),
                 f"'{meta.pairing}' is not a pairing id: fix the id or {_where_to_add(prog, 'pairings')}",
                 code="unknown_pairing", id=meta.pairing)
    elif pairing.helper not in meta.helper or pairing.recipient not in meta.recipient:
        prog.add(("programme", "pairing"),
                 f"pairing '{meta.pairing}' does not match helper/recipient: it pairs {pairing.helper} (helper) with "
                 f"{pairing.recipient} (recipient), but the programme lists helper {', '.join(meta.helper)} and recipient "
                 f"{', '.join(meta.recipient)}; choose the matching pairing or correct helper and recipient",
                 code="pairing_mismatch", id=meta.pairing, pair_helper=pairing.helper, pair_recipient=pairing.recipient,
                 helper=", ".join(meta.helper), recipient=", ".join(meta.recipient))

    _check_dates(prog)
    sections = {s.number: s for s in prog.model.sections}
    _check_section_numbers(prog)
    themes, instruments = reg.theme_ids, reg.instrument_ids
    units = reg.unit_ids
    seed = None
    if prog.uploaded:
        prog.add(("programme", "source"),
                 "texts were not checked against the source: uploads have no seed in seeds/, so make sure every "
                 "heading, text and unit clause is copied verbatim from the document", "warning", code="upload_unchecked")
    elif Path(meta.source.file).name != meta.source.file or meta.source.file in ("", ".", ".."):
        prog.add(("programme", "source", "file"),
                 f"source.file '{meta.source.file}' must be a file name in seeds/, without folders: write e.g. szq-fx.txt")
    else:
        seed = seed_segment(seeds_dir, meta.source, seed_cache)
        if seed is None:
            prog.add(("programme", "source", "file"),
                     f"seed file '{meta.source.file}' not found in seeds/: fix source.file, or add the seed and "
                     "list it in seeds/MANIFEST.yaml", code="seed_missing", file=meta.source.file)

    first_line: dict[str, int] = {}
    for index, task in enumerate(prog.model.tasks):
        at = ("tasks", index)
        if task.id in first_line:
            prog.add((*at, "id"), f"duplicate task id '{task.id}' (first on line {first_line[task.id]}): "
                                  "give each task its own id", code="task_id_twice", id=task.id, first=first_line[task.id])
        first_line.setdefault(task.id, prog.line((*at, "id")))
        if not task.id.startswith(meta.id + "/"):
            prog.add((*at, "id"), f"task id '{task.id}' must start with the programme id: write '{meta.id}/<number>'",
                     code="task_id_prefix", id=task.id, programme=meta.id)
        section = sections.get(task.section)
        if section is None:
            prog.add((*at, "section"),
                     f"section '{task.section}' is not declared under sections: declare it there or fix the number",
                     code="section_undeclared", section=task.section)
        else:
            if task.subsection is not None and task.subsection not in {s.number for s in section.subsections}:
                prog.add((*at, "subsection"), f"subsection '{task.subsection}' is not declared in section "
                                              f"{section.number}: add it to that section's subsections or fix it",
                         code="subsection_undeclared", subsection=task.subsection, section=section.number)
            expected_kind = {"safeguards": ("safeguard",), "tasks": ("task", "key_task"), "general": ()}[section.kind]
            if task.kind not in expected_kind:
                fix = {
                    "safeguards": "write kind: safeguard",
                    "tasks": "write kind: task (key_task in a reconstructed outline)",
                    "general": "move it to a section of kind tasks or safeguards, or change that section's kind",
                }[section.kind]
                prog.add((*at, "kind"), f"a {task.kind} cannot stand in a '{section.kind}' section: {fix}",
                         code=f"kind_in_{section.kind}", kind=task.kind)
        for loc, theme in [((*at, "primary_theme"), task.primary_theme)] + [
            ((*at, "secondary_themes", i), t) for i, t in enumerate(task.secondary_themes)
        ]:
            if theme not in themes:
                prog.add(loc, f"'{theme}' is not a theme id; use one of: {', '.join(sorted(themes))}",
                         code="unknown_theme", id=theme, allowed=", ".join(sorted(themes)))
        if task.instrument not in instruments:
            prog.add((*at, "instrument"), f"'{task.instrument}' is not an instrument; use one of: {', '.join(sorted(instruments))}",
                     code="unknown_instrument", id=task.instrument, allowed=", ".join(sorted(instruments)))
        roles = {clause.role for clause in task.units}
        if "lead" in roles and "responsible" in roles:
            prog.add((*at, "units"), "a task naming a lead has support units, not 'responsible' ones: "
                                     "change role: responsible to role: support")
        if task.units and not task.units_printed:
            prog.add((*at, "units_printed"), "units are resolved but units_printed is empty: copy the printed clause",
                     code="units_printed_empty")
        for c_index, clause in enumerate(task.units):
            named: dict[str, int] = {}
            for b_index, body in enumerate(clause.bodies):
                loc = (*at, "units", c_index, "bodies", b_index)
                if body in named:
                    prog.add(loc, f"'{body}' is listed twice in one clause's bodies (first on line {named[body]}): "
                                  "list each body once")
                named.setdefault(body, prog.line(loc))
            if not clause.bodies:
                prog.add((*at, "units", c_index, "bodies"),
                         f"clause '{clause.printed}' resolves to no body: list the unit ids it names under bodies",
                         "warning", code="clause_no_body", clause=clause.printed)
            for b_index, body in enumerate(clause.bodies):
                if body not in units:
                    prog.add(
                        (*at, "units", c_index, "bodies", b_index),
                        f"'{body}' is not a unit id: fix the id or {_where_to_add(prog, 'units')}",
                        code="unknown_unit", id=body,
                    )
            if task.units_printed and normalise_for_matching(clause.printed) not in normalise_for_matching(
                task.units_printed
            ):
                prog.add((*at, "units", c_index, "printed"), "clause is not part of units_printed: copy it as printed",
                         code="clause_not_printed")
        if seed is not None:
            for name in ("heading", "text", "units_printed"):
                value = getattr(task, name)
                if value and normalise_for_matching(value) not in seed:
                    prog.add(
                        (*at, name),
                        f"{name} of {task.id} is not found in seeds/{meta.source.file} "
                        f"(lines {meta.source.start_line}–{meta.source.end_line}): copy it verbatim",
                        code="not_verbatim", field=name, task=task.id, file=meta.source.file,
                        start=meta.source.start_line, end=meta.source.end_line,
                    )


# No paired-cooperation programme predates the first national 对口支援 arrangements of 1979: an earlier date is far more
# likely a typing slip (an attack: 1900-01-01 printed as fact under charts, on slides and in Excel).
EARLIEST_ISSUED = dt.date(1979, 1, 1)


def _check_dates(prog: LoadedProgramme) -> None:
    """A document is extracted after it is issued (an attack: issued 9999-12-31, extracted 2026-01-01, shown as the
    document's date everywhere), and an issue date before EARLIEST_ISSUED is said as a warning."""
    meta = prog.model.programme
    if meta.issued is not None and meta.issued > meta.extracted:
        prog.add(("programme", "issued"), f"issued {meta.issued} is after extracted {meta.extracted}: a document is "
                 "extracted after it is issued; correct either date", code="issued_after_extracted",
                 issued=str(meta.issued), extracted=str(meta.extracted))
    elif meta.issued is not None and meta.issued < EARLIEST_ISSUED:
        prog.add(("programme", "issued"), f"issued {meta.issued} is before {EARLIEST_ISSUED}, earlier than any paired "
                 "cooperation: check the date", "warning", code="issued_too_early", issued=str(meta.issued),
                 earliest=str(EARLIEST_ISSUED))


def _check_section_numbers(prog: LoadedProgramme) -> None:
    """A section number, or a subsection number within its section, declared twice: tasks would be filed
    under whichever came last."""
    first_line: dict[str, int] = {}
    for index, section in enumerate(prog.model.sections):
        loc = ("sections", index, "number")
        if section.number in first_line:
            prog.add(loc, f"section '{section.number}' is declared twice (first on line {first_line[section.number]}):"
                          " number each section as printed, once")
        first_line.setdefault(section.number, prog.line(loc))
        sub_first: dict[str, int] = {}
        for s_index, sub in enumerate(section.subsections):
            loc = ("sections", index, "subsections", s_index, "number")
            if sub.number in sub_first:
                prog.add(loc, f"subsection '{sub.number}' is declared twice in section {section.number} (first on line "
                              f"{sub_first[sub.number]}): number each subsection as printed, once")
            sub_first.setdefault(sub.number, prog.line(loc))


def _check_upload_ids(prog: LoadedProgramme, by_id: Mapping[str, LoadedProgramme], reserved_ids: set[str],
                      settled: Settled) -> None:
    pid = prog.model.programme.id
    # a curated file owns its id before any upload (in a whole check it is first in by_id)
    owner = settled.labels.get(pid) or (by_id[pid].label if pid in by_id else None)
    if owner:
        prog.add(("programme", "id"), f"programme id '{pid}' is already used by {owner}: give this upload "
                                      "its own id (programme.id and the start of every task id)")
    elif pid in reserved_ids:
        prog.add(("programme", "id"), f"programme id '{pid}' belongs to data/programmes/{pid}.yaml: give this upload "
                                      "its own id (programme.id and the start of every task id)")


def _check_shared_additions(programmes: list[LoadedProgramme]) -> None:
    """Two uploads may add the same place, pairing or unit, but only with the same values."""
    first: dict[tuple[str, str], tuple[Any, LoadedProgramme]] = {}
    for prog in programmes:
        if not (prog.uploaded and prog.ok and prog.model.additions):
            continue
        for kind in ("places", "pairings", "units"):
            for index, item in enumerate(getattr(prog.model.additions, kind)):
                earlier = first.setdefault((kind, item.id), (item, prog))
                if earlier[1] is not prog and earlier[0] != item:
                    prog.add(("additions", kind, index, "id"),
                             f"'{item.id}' is also added by {earlier[1].label} with different values: make the two "
                             "identical or give one another id")


def _check_short_names(programmes: list[LoadedProgramme]) -> None:
    """Charts, filters and tables name a programme by its short name, so two programmes sharing one would be drawn as
    one row. Among the curated extracts, and among a session's uploads, each short name is used once: the first file in
    name order (curated) or upload order keeps it, and a later one with the same name is an error. An upload may reuse
    a curated short name: it is marked as uploaded wherever it is named. Names are compared as a reader tells them
    apart (characters.reading_key: full-width and half-width alike, invisible characters, spaces and case aside)."""
    first: dict[tuple[bool, str, str], LoadedProgramme] = {}
    for prog in programmes:
        if not prog.ok:
            continue
        for field in ("short_zh", "short_en"):
            name = getattr(prog.model.programme, field)
            earlier = first.setdefault((prog.uploaded, field, reading_key(name)), prog)
            if earlier is not prog:
                prog.add(("programme", field), f"short name '{name}' is already used by {earlier.label}: charts would "
                                               f"draw the two programmes as one row; give this one its own {field}",
                         code="short_name_taken", name=name, other=earlier.label, field=field)


def check_programmes(
    candidates: Iterable[LoadedProgramme], reg: Registries, seeds_dir: Path, reserved_ids: Iterable[str] = (),
    settled: Settled = Settled(),
) -> list[LoadedProgramme]:
    """Run cross-file checks; return the programmes with their problems attached.

    `reserved_ids` are the programme ids of all curated files (their file names): uploads may not take
    them even when that file is broken, and links into a broken one are left out with a warning.
    `settled` are programmes validated earlier and not among the candidates (check.check_uploads): the candidates'
    task ids may not repeat theirs, and the candidates' links may point into them.
    """
    seed_cache: dict[Path, list[str]] = {}
    programmes = list(candidates)
    reserved = set(reserved_ids)
    # A curated file named after its id owns that id, whichever file sorts first.
    by_id = {
        p.model.programme.id: p for p in reversed(programmes) if not p.uploaded and p.path.stem == p.model.programme.id
    }
    clashing: set[int] = set()  # programmes whose id is taken: their task ids clash too, once is enough
    for prog in programmes:
        pid = prog.model.programme.id
        if by_id.get(pid, prog) is not prog or (prog.uploaded and pid in reserved):
            clashing.add(id(prog))
            if prog.uploaded:
                _check_upload_ids(prog, by_id, reserved, settled)
            else:
                prog.add(("programme", "id"), f"programme id '{pid}' is already used by {by_id[pid].label}: "
                                              "give one of them another id")
        by_id.setdefault(pid, prog)
        try:
            registries = _check_additions(prog, reg) if prog.uploaded else reg
            _check_programme(prog, registries, seeds_dir, seed_cache)
        except Exception as exc:  # a bug must cost only this file, never the corpus or the dashboard
            prog.add((), f"could not be checked ({type(exc).__name__}: {exc}): please report this with the file")
    first_owner: ChainMap[str, str] = ChainMap({}, settled.task_labels)
    for prog in programmes:
        if id(prog) in clashing:
            continue
        for index, task in enumerate(prog.model.tasks):
            owner = first_owner.setdefault(task.id, prog.label)
            if owner != prog.label:
                prog.add(("tasks", index, "id"), f"task id '{task.id}' is already used in {owner}: "
                                                 "task ids start with their own programme id")
    _check_shared_additions(programmes)
    _check_short_names([p for p in programmes if id(p) not in clashing])
    # Failed: parsed but with errors, or a curated file that did not even parse (known by its file name).
    failed = ({p.model.programme.id for p in programmes if not p.ok} | reserved) - {
        p.model.programme.id for p in programmes if p.ok
    } - settled.programme_ids
    survivors = [p for p in programmes if p.ok]
    check_links(survivors, failed, settled)
    for prog in programmes:
        if prog.uploaded:
            prog.problems = capped(prog.problems, prog.label)
    return programmes
