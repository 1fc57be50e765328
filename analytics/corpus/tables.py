"""The corpus as tidy pandas tables: one row per programme, task, task–theme, task–unit, link, ….

`load_corpus()` is the only entry point the rest of the project needs. It validates first and builds
tables from every programme that passed, so a broken file costs only itself; the problems travel with
the corpus for the dashboard and the command line to show.

A researcher's uploads (`load_corpus(uploads={file name: bytes})`) join the tables for that call only:
their programmes and tasks carry `uploaded=True`, and the places, pairings and units they add under
`additions:` join the registry tables with `uploaded=True`, so every analysis (sides, network, workload)
treats them like the curated ones. Nothing is written anywhere.

The upload worker (analytics/isolated.py) does not validate the curated files again: `uploads_added` checks the
uploads against the curated corpus read from its snapshot and builds only their rows, and `joined` adds those to the
curated corpus; `settled_with_uploads` is the two, and gives what `load_corpus(uploads=…)` gives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics import paths
from analytics.corpus.check import (
    CheckResult, check_data_dir, check_uploads_against, collector_paused, uploaded_registries)
from analytics.corpus.problems import Problem, has_errors
from analytics.corpus.programmes import LoadedProgramme
from analytics.corpus.registries import Registries
from analytics.corpus.schema import PlacesFile


@dataclass(frozen=True)
class Corpus:
    programmes: pd.DataFrame
    tasks: pd.DataFrame
    task_themes: pd.DataFrame
    task_units: pd.DataFrame
    task_links: pd.DataFrame
    programme_links: pd.DataFrame
    citations: pd.DataFrame
    sections: pd.DataFrame
    themes: pd.DataFrame
    instruments: pd.DataFrame
    functions: pd.DataFrame
    units: pd.DataFrame
    places: pd.DataFrame
    pairings: pd.DataFrame
    problems: tuple[Problem, ...]
    # the key of the snapshot this corpus was read from (analytics/corpus/snapshot.py), None when it was not: an upload
    # worker given it checks uploads against that very snapshot, and sends back only what the uploads add
    snapshot_key: str | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def load_corpus(
    data_dir: Path = paths.DATA_DIR,
    seeds_dir: Path = paths.SEEDS_DIR,
    uploads: Mapping[str, bytes] | None = None,
) -> Corpus:
    """The corpus of `data_dir`, plus the researcher's uploaded extracts ({file name: bytes}) if any."""
    return checked_and_built(data_dir, seeds_dir, uploads)[0]


def checked_and_built(data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR,
                      uploads: Mapping[str, bytes] | None = None) -> tuple[Corpus, Registries | None]:
    """`load_corpus`'s corpus and the curated registries it was checked with. The programmes that passed are taken out
    of the check's result and each one's parsed file is let go as soon as its rows are made, so the tables are built
    while the parsed files are being let go, not beside all of them (at 1000× the corpus they held 1.3 GB)."""
    result, parts = checked_in_parts(data_dir, seeds_dir, uploads)
    return assembled(parts), result.registries


def checked_in_parts(data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR,
                     uploads: Mapping[str, bytes] | None = None) -> tuple[CheckResult, Iterator[Part]]:
    """The check's result without its programmes, and the corpus of the programmes that passed in parts, made as they
    are asked for (see `corpus_parts`): `assembled(parts)` is `load_corpus`'s corpus. The snapshot's worker writes each
    part as it is made and lets it go, so the whole corpus's tables are never held beside the parsed files."""
    result = check_data_dir(data_dir, seeds_dir, uploads)
    programmes = list(result.programmes)
    result = dataclasses.replace(result, programmes=())
    return result, corpus_parts(result, programmes)


def settled_with_uploads(base: Corpus, registries: Registries, uploads: Mapping[str, bytes],
                         data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR) -> Corpus:
    """What `load_corpus(data_dir, seeds_dir, uploads)` returns, given the curated corpus `base` (that call without
    uploads, with no errors: the snapshot's) and the `registries` it was checked with: only the uploads are read and
    validated, against the curated programmes' ids and tasks, and their tables join the base's. At 100× this took
    0.7 s instead of 10.7 s (bench/RESULTS.md, twentieth round)."""
    return joined(base, uploads_added(base, registries, uploads, data_dir, seeds_dir))


def uploads_added(base: Corpus, registries: Registries, uploads: Mapping[str, bytes],
                  data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR) -> Corpus:
    """What `uploads` add to the curated corpus `base` (see settled_with_uploads): the rows of the programmes that
    passed, the registry rows they add, their problems; `joined(base, …)` makes the corpus. Small beside the base, so
    the upload worker sends this back and the server joins it to the corpus it already holds: the joined frames share
    the base's text (Arrow strings), where a whole corpus sent back was a copy (63 MB at 100×)."""
    if not base.ok:
        raise ValueError("uploads are checked against a curated corpus without errors (the snapshot's) only")
    task_owner = dict(zip(base.tasks.task_id.tolist(), base.tasks.programme_id.tolist()))
    result = check_uploads_against(base.programmes.programme_id, task_owner, registries, uploads, data_dir, seeds_dir)
    with collector_paused():
        return _build_corpus(result, keep_links=True, added_only=True)


REGISTRY_TABLES = ("themes", "instruments", "functions", "units", "places", "pairings")
ROW_TABLES = ("programmes", "tasks", "task_themes", "task_units", "task_links", "programme_links", "citations",
              "sections")


def joined(base: Corpus, added: Corpus) -> Corpus:
    """The corpus `base` with what `uploads_added` found the uploads add: the base's rows first, the added after
    (registry rows the uploads add are those not already in the base), the added problems after the base's."""
    problems = (*base.problems, *added.problems)
    if added.programmes.empty:  # nothing passed: no rows and no registry additions
        return dataclasses.replace(base, problems=problems, snapshot_key=None)
    tables = {name: _joined(getattr(base, name), getattr(added, name)) for name in ROW_TABLES}
    key_of = {"units": "unit_id", "places": "place_id", "pairings": "pairing_id"}
    registries = {name: getattr(base, name) for name in REGISTRY_TABLES}
    for name, key in key_of.items():
        new = getattr(added, name)
        registries[name] = _joined(registries[name], new[~is_in(new[key], registries[name][key])])
    return _with_links_kept(Corpus(**tables, **registries, problems=problems))


# When the registries cannot be read, the corpus is empty but keeps every column and type, so the
# pages and the export show "nothing valid" (and the problems) instead of failing on a missing column.
NO_REGISTRIES = Registries(themes=(), instruments=(), functions=(), places=PlacesFile(places=[], pairings=[]), units=())


def build_corpus(result: CheckResult, programmes: list[LoadedProgramme] | None = None) -> Corpus:
    """The tables of `result`'s programmes. Given `programmes` instead (the programmes that passed, taken out of
    `result`: checked_and_built), the list is emptied as their rows are made, so each parsed file can be let go."""
    return assembled(corpus_parts(result, programmes))


def _build_corpus(result: CheckResult, keep_links: bool = False, added_only: bool = False) -> Corpus:
    return assembled(_parts(result, None, keep_links, added_only))


# A part of a corpus: {table name: frame, …}, and "problems" in the last part. `corpus_parts` gives a corpus's parts,
# `assembled` makes the corpus of them.
Part = dict[str, object]


def corpus_parts(result: CheckResult, programmes: list[LoadedProgramme] | None = None) -> Iterator[Part]:
    """The tables of `result`'s programmes (or of `programmes`, emptied as they are built) in parts, made as they are
    asked for: the task tables of about BATCH_TASKS tasks at a time (a programme's tasks all in one part), then a last
    part with the programme and registry tables and the problems. A part asked for lets the parsed files of its
    programmes go, and the rows it was made of."""
    with collector_paused():
        yield from _parts(result, programmes)


def corpus_as_part(corpus: Corpus) -> Part:
    """A corpus already built as its one part: `assembled([corpus_as_part(corpus)])` is the corpus."""
    return {**{name: getattr(corpus, name) for name in (*ROW_TABLES, *REGISTRY_TABLES)}, "problems": corpus.problems}


def assembled(parts: Iterable[Part]) -> Corpus:
    """The corpus of `parts`: each table's frames one after another, the problems of the last part. A list of parts is
    emptied as they are taken, and each column of text made of several parts is made one array again, one column at a
    time with the parts already let go, so no more than one column's text is held twice: the analyses see the tables
    they saw when the corpus was built in one piece (filtering the 1000× corpus's tasks, its columns in 11 chunks,
    took 0.13 s instead of 0.075, the first time 1.1 s)."""
    stacks: dict[str, list[pd.DataFrame]] = {}
    problems: tuple[Problem, ...] = ()
    for part in parts:
        for name, value in part.items():
            if name == "problems":
                problems = tuple(value)
            else:
                stacks.setdefault(name, []).append(value)
        del part  # a part asked for is not held while the next one is made
    if isinstance(parts, list):
        parts.clear()
    tables = {}
    for name in list(stacks):
        frame = _stacked(stacks.pop(name))
        tables[name] = _in_one_chunk(frame)
        del frame
    return Corpus(**tables, problems=problems)


def _in_one_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame`, changed in place (one just stacked, held nowhere else), with every Arrow-backed column in one chunk."""
    several = [i for i, column in enumerate(frame.columns)
               if isinstance(frame[column].array, pd.arrays.ArrowExtensionArray)
               and frame[column].array._pa_array.num_chunks > 1]
    for i in several:
        array = frame.iloc[:, i].array
        frame.isetitem(i, array._from_pyarrow_array(pa.chunked_array([array._pa_array.combine_chunks()])))
        del array
    return frame


BATCH_TASKS = 50_000  # 1× to 100× the corpus (20,600 tasks) in one part; 1000× in five


def _parts(result: CheckResult, programmes: list[LoadedProgramme] | None = None, keep_links: bool = False,
           added_only: bool = False) -> Iterator[Part]:
    """`corpus_parts`. Links to parents not among the programmes are left out unless `keep_links` (what uploads add
    keeps its links into the curated corpus until it is joined to it). The registry tables hold every row, or with
    `added_only` only the rows the uploads add (building all 183,000 units' rows at 1000× to keep a few took 0.5 s of
    checking one upload)."""
    programmes = list(result.programmes) if programmes is None else programmes
    reg = uploaded_registries(result, programmes) or NO_REGISTRIES
    curated = result.registries or NO_REGISTRIES
    # the tasks a link may point to: those of the programmes being built (each part's links are kept as it is made)
    task_ids = None if keep_links else pd.Series([t.id for p in programmes for t in p.model.tasks], dtype="str")
    programmes.reverse()  # taken from the end, in their order
    place_parent = {place.id: place.parent for place in reg.places.places}
    # The registry's own records by id: one .loc per (task, body) row was the largest cost of building a big corpus,
    # and a dict of every row of the units frame 2.6 s of checking one upload at 1000× (183,000 units).
    unit_lookup = {unit.id: unit for unit in reg.units}

    # rows as tuples in their table's column order: as dicts they were most of what building held (a dict of ten keys
    # is three times a tuple of ten; 700,000 unit rows at 1000× the corpus)
    prog_rows, plink_rows, cite_rows, section_rows = [], [], [], []
    task_rows: list[tuple] = []
    theme_rows: list[tuple] = []
    unit_rows: list[tuple] = []
    link_rows: list[tuple] = []
    units_named: dict[str, str] = {}
    place_zh = {place.id: place.zh for place in reg.places.places}
    while programmes:
        prog = programmes.pop()
        meta = prog.model.programme
        prog_rows.append(_programme_row(prog, place_zh))
        for parent in meta.parents:
            plink_rows.append((meta.id, parent.programme, parent.task, parent.relation))
        for cite in meta.citations:
            cite_rows.append((meta.id, cite.doc_number, cite.title, cite.relation))
        section_titles = {s.number: s.title for s in prog.model.sections}
        subsection_titles = {(s.number, sub.number): sub.title for s in prog.model.sections for sub in s.subsections}
        for order, section in enumerate(prog.model.sections):
            section_rows.append((meta.id, order, section.number, section.title, section.kind, len(section.subsections)))
        for order, task in enumerate(prog.model.tasks):
            itype, isub = task.instrument.split("/")
            task_rows.append((  # in the order of TASK_COLUMNS
                task.id, meta.id, order, task.kind, task.section, section_titles.get(task.section), task.subsection,
                subsection_titles.get((task.section, task.subsection)), task.number, task.heading, task.text,
                full_text(task.heading, task.text), task.units_printed, task.primary_theme, task.instrument, itype,
                isub, task.note, task.confidence, prog.uploaded,
            ))
            theme_rows.append((task.id, task.primary_theme, True))
            theme_rows.extend((task.id, t, False) for t in task.secondary_themes)
            for c_index, clause in enumerate(task.units):
                for body in clause.bodies:
                    unit = unit_lookup[body]
                    unit_rows.append((  # in the order of TASK_UNIT_COLUMNS
                        task.id, meta.id, c_index, clause.printed, body, unit.name, unit.function, unit.place,
                        side_of(unit.place, meta.helper, meta.recipient, place_parent), clause.role,
                    ))
            for link in task.parents:
                link_rows.append((task.id, link.task, link.relation))
        del prog, meta  # the last programme too: its parsed file is let go before its batch's frames are made
        if len(task_rows) >= BATCH_TASKS or not programmes:
            part = _task_frames(task_rows, theme_rows, unit_rows, link_rows)  # the lists emptied as each is made
            units_named.update(_units_named(part["task_units"]))
            if task_ids is not None:
                part["task_links"] = _kept(part["task_links"], part["task_links"].parent_task_id, task_ids)
            yield part
            del part

    programmes_frame = pd.DataFrame(prog_rows, columns=[c for c in PROGRAMME_COLUMNS if c != "units_named"])
    last: Part = {}
    if not prog_rows:  # no valid programme: columns without rows would otherwise be untyped
        programmes_frame = programmes_frame.astype(EMPTY_PROGRAMME_TYPES)
        last = _task_frames([], [], [], [])
        last["tasks"] = last["tasks"].astype({"order": int, "uploaded": bool})
        last["task_themes"] = last["task_themes"].astype({"is_primary": bool})
        last["task_units"] = last["task_units"].astype({"clause": int})
    programmes_frame["units_named"] = programmes_frame.programme_id.map(units_named).fillna("none")
    plinks = pd.DataFrame(plink_rows, columns=["programme_id", "parent_programme_id", "via_task_id", "relation"])
    if task_ids is not None:
        plinks = _kept(plinks, plinks.parent_programme_id, programmes_frame.programme_id)
    yield {
        **last, "programmes": programmes_frame, "programme_links": plinks,
        "citations": pd.DataFrame(cite_rows, columns=["programme_id", "doc_number", "title", "relation"]),
        "sections": pd.DataFrame(section_rows,
                                 columns=["programme_id", "order", "section", "title", "kind", "subsections"]),
        **_registry_frames(_added_rows(reg, curated) if added_only else reg, curated),
        "problems": result.problems,
    }


def _with_links_kept(corpus: Corpus) -> Corpus:
    """`corpus` with only the links whose parent is in it (frames with none to leave out are kept as they are)."""
    return dataclasses.replace(
        corpus, task_links=_kept(corpus.task_links, corpus.task_links.parent_task_id, corpus.tasks.task_id),
        programme_links=_kept(corpus.programme_links, corpus.programme_links.parent_programme_id,
                              corpus.programmes.programme_id))


def _kept(frame: pd.DataFrame, parents: pd.Series, within: pd.Series) -> pd.DataFrame:
    """The rows of `frame` whose parent is `within` (the frame itself when all are)."""
    inside = is_in(parents, within)
    return frame if inside.all() else frame[inside].reset_index(drop=True)


def is_in(values: pd.Series, within: pd.Series) -> np.ndarray:
    """`values.isin(within)` as a boolean array, for text columns in Arrow's own membership test: pandas makes a Python
    scalar of every value of `within` first, which was 2 s of joining one upload to the 1000× corpus (its 183,000
    units, 206,000 tasks). Missing values match missing values, as in pandas."""
    try:
        left, right = pa.array(values.array), pa.array(within.array)
    except (TypeError, ValueError, pa.ArrowException):
        return values.isin(within).to_numpy(dtype=bool)
    if isinstance(right, pa.ChunkedArray):
        right = right.combine_chunks()
    text = (pa.types.is_string(left.type) or pa.types.is_large_string(left.type)) and right.type == left.type
    if not text:
        return values.isin(within).to_numpy(dtype=bool)
    return np.array(pc.is_in(left, value_set=right), dtype=np.bool_)  # a missing answer (none expected) is False


def _joined(base: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """`base`'s rows then `added`'s, typed as one frame built from both sets of rows would be (see `_stacked`)."""
    return _stacked([base, added])


def _stacked(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames' rows one after another (the frames have the same columns), typed as one frame built from all their
    rows would be: a column of text and missing values is text in one part and `object` in another (all missing), and
    pandas stacks those as `object`. Arrow text is not copied: each part's stays a chunk of the column."""
    full = [frame for frame in frames if not frame.empty]
    if len(full) <= 1:
        return full[0] if full else frames[0]
    mixed = [c for c in full[0].columns if len({str(frame[c].dtype) for frame in full}) > 1]
    for column in mixed:  # a part where the column is all missing takes the others' type, so their text is not copied
        typed = {str(frame[column].dtype): frame[column].dtype for frame in full if frame[column].notna().any()}
        if len(typed) == 1:
            (dtype,) = typed.values()
            full = [frame if frame[column].notna().any() else frame.astype({column: dtype}) for frame in full]
    stacked = pd.concat(full, ignore_index=True)
    left = [c for c in mixed if len({str(frame[c].dtype) for frame in full}) > 1]
    if left:
        stacked[left] = stacked[left].infer_objects()
    return stacked


def _task_frames(task_rows: list[tuple], theme_rows: list[tuple], unit_rows: list[tuple],
                 link_rows: list[tuple]) -> dict[str, pd.DataFrame]:
    """The task tables of these rows; each list is emptied once its frame is made, so no more than one table's rows
    are held beside the frames."""
    frames = {}
    for name, rows, columns in (("tasks", task_rows, TASK_COLUMNS),
                                ("task_links", link_rows, ["task_id", "parent_task_id", "relation"]),
                                ("task_units", unit_rows, TASK_UNIT_COLUMNS),
                                ("task_themes", theme_rows, ["task_id", "theme_id", "is_primary"])):
        frames[name] = pd.DataFrame(rows, columns=columns)
        rows.clear()
    return frames


TASK_COLUMNS = [
    "task_id", "programme_id", "order", "kind", "section", "section_title", "subsection", "subsection_title",
    "number", "heading", "text", "full_text", "units_printed", "primary_theme", "instrument", "instrument_type",
    "instrument_subtype", "note", "confidence", "uploaded",
]
EMPTY_PROGRAMME_TYPES = {
    "issued": "datetime64[ns]", "extracted": "datetime64[ns]", "reconstructed": bool, "uploaded": bool,
    "start_line": int, "end_line": int, "tasks": int, "safeguards": int, "key_tasks": int,
}
TASK_UNIT_COLUMNS = [
    "task_id", "programme_id", "clause", "unit_text", "unit_id", "unit_name", "function", "place", "side", "role",
]
PROGRAMME_COLUMNS = [
    "programme_id", "title", "short_zh", "short_en", "doc_number", "issuers", "issued", "date_note", "status",
    "reconstructed", "cooperation_type", "level", "pairing_id", "helper_ids", "recipient_ids", "helper",
    "recipient", "period", "target_years", "source_file", "start_line", "end_line", "extracted", "curator_notes",
    "tasks", "safeguards", "key_tasks", "units_named", "uploaded",
]


def full_text(heading: str | None, text: str) -> str:
    """Heading and text as one passage, the heading once: a reconstructed key task's text is its heading."""
    return text if not heading or text.startswith(heading) else f"{heading}。{text}"


def side_of(place: str, helper: list[str], recipient: list[str], parent: Mapping[str, str | None]) -> str:
    """helper / recipient when the place is, or lies within, one side of the pairing; else other."""
    node: str | None = place
    seen: set[str] = set()
    while node is not None and node not in seen:  # a parent cycle (reported by the validator) ends the walk
        if node in helper:
            return "helper"
        if node in recipient:
            return "recipient"
        seen.add(node)
        node = parent.get(node)
    return "other"


def _units_named(task_units: pd.DataFrame) -> dict[str, str]:
    """Which sides each programme names bodies for: both, helper_only or recipient_only."""
    sides = task_units.groupby("programme_id").side.agg(set)
    return {
        pid: "both" if {"helper", "recipient"} <= found
        else "helper_only" if "helper" in found
        else "recipient_only" if "recipient" in found
        else "other_only"
        for pid, found in sides.items()
    }


def _programme_row(prog: LoadedProgramme, place_zh: Mapping[str, str]) -> dict:
    meta = prog.model.programme
    kinds = [t.kind for t in prog.model.tasks]
    return {
        "programme_id": meta.id, "title": meta.title, "short_zh": meta.short_zh, "short_en": meta.short_en,
        "doc_number": meta.doc_number, "issuers": "、".join(meta.issuers),
        "issued": pd.Timestamp(meta.issued) if meta.issued else pd.NaT, "date_note": meta.date_note,
        "status": meta.status, "reconstructed": meta.reconstructed, "cooperation_type": meta.cooperation_type,
        "level": meta.level, "pairing_id": meta.pairing, "helper_ids": tuple(meta.helper),
        "recipient_ids": tuple(meta.recipient), "helper": "、".join(place_zh.get(p, p) for p in meta.helper),
        "recipient": "、".join(place_zh.get(p, p) for p in meta.recipient), "period": meta.period,
        "target_years": tuple(meta.target_years), "source_file": meta.source.file,
        "start_line": meta.source.start_line, "end_line": meta.source.end_line,
        "extracted": pd.Timestamp(meta.extracted), "curator_notes": meta.curator_notes,
        "tasks": kinds.count("task"), "safeguards": kinds.count("safeguard"), "key_tasks": kinds.count("key_task"),
        "uploaded": prog.uploaded,
    }


def _added_rows(reg: Registries, curated: Registries) -> Registries:
    """Of `reg`, the places, pairings and units not in the `curated` registries (the codebook cannot be added to)."""
    return Registries(themes=(), instruments=(), functions=(),
                      units=tuple(u for u in reg.units if u.id not in curated.unit_ids),
                      places=PlacesFile(places=[p for p in reg.places.places if p.id not in curated.place_ids],
                                        pairings=[p for p in reg.places.pairings if p.id not in curated.pairing_ids]))


def _registry_frames(reg: Registries, curated: Registries) -> dict[str, pd.DataFrame]:
    """Registry tables of `reg`; rows that are not in the `curated` registries are marked uploaded."""
    curated_places, curated_pairings, curated_units = curated.place_ids, curated.pairing_ids, curated.unit_ids
    themes = pd.DataFrame(
        [{"theme_id": t.id, "zh": t.zh, "en": t.en, "headline": t.headline, "colour": t.colour,
          "definition": t.definition, "definition_en": t.definition_en, "examples": "；".join(t.examples),
          "order": i, "zh_words": " ".join(t.zh_words)} for i, t in enumerate(reg.themes)],
        columns=["theme_id", "zh", "en", "headline", "colour", "definition", "definition_en", "examples", "order",
                 "zh_words"],
    )
    instruments = pd.DataFrame(
        [{"instrument": f"{i.id}/{s.id}", "type": i.id, "type_zh": i.zh, "type_en": i.en, "subtype": s.id,
          "subtype_zh": s.zh, "subtype_en": s.en} for i in reg.instruments for s in i.subtypes],
        columns=["instrument", "type", "type_zh", "type_en", "subtype", "subtype_zh", "subtype_en"],
    )
    functions = pd.DataFrame([{"function": f.id, "zh": f.zh, "en": f.en} for f in reg.functions],
                             columns=["function", "zh", "en"])
    units = pd.DataFrame(
        [{"unit_id": u.id, "name": u.name, "function": u.function, "place": u.place,
          "aliases": "、".join(u.aliases), "note": u.note, "uploaded": u.id not in curated_units} for u in reg.units],
        columns=["unit_id", "name", "function", "place", "aliases", "note", "uploaded"],
    )
    places = pd.DataFrame(
        [{**p.model_dump(), "uploaded": p.id not in curated_places} for p in reg.places.places],
        columns=["id", "zh", "en", "level", "province", "parent", "lat", "lon", "uploaded"],
    ).rename(columns={"id": "place_id"})
    pairings = pd.DataFrame(
        [{**p.model_dump(exclude={"named_in"}), "named_in": tuple(p.named_in), "uploaded": p.id not in curated_pairings}
         for p in reg.places.pairings],
        columns=["id", "helper", "recipient", "type", "note", "named_in", "uploaded"],
    ).rename(columns={"id": "pairing_id"})
    return {"themes": themes, "instruments": instruments, "functions": functions, "units": units,
            "places": places, "pairings": pairings}
