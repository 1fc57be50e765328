"""Validating a whole data directory, plus any extracts a researcher uploaded, in one pass.

`check_data_dir` returns the programmes that passed together with every problem found, so one broken
file never hides the others.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from functools import partial
from dataclasses import dataclass
from pathlib import Path

from analytics import paths
from analytics.corpus import yamlio
from analytics.corpus.problems import UPLOAD_PREFIX, Problem, file_label, has_errors, upload_label
from analytics.corpus.links import Derived, Settled
from analytics.corpus.programmes import LoadedProgramme, check_programmes, parse_programme
from analytics.corpus.registries import Registries, load_registries
from analytics.corpus.yamlio import YamlError

@dataclass(frozen=True)
class CheckResult:
    registries: Registries | None  # the curated registries; uploads' additions ride on their programmes
    programmes: tuple[LoadedProgramme, ...]  # only those without errors
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


# A file to check: (a call giving its bytes or raising YamlError, its path, its label, whether it was uploaded). A
# curated file is read only when its turn comes, so no more than one file's bytes are held at a time (all of them,
# read first, were 420 MB of validating's peak at 1000× the corpus).
Source = tuple[Callable[[], bytes], Path, str, bool]


def _read_sources(data_dir: Path, uploads: Mapping[str, bytes]) -> list[Source]:
    """Every curated file, then every upload."""
    curated: list[Source] = [(partial(yamlio.read_file_bytes, path, data_dir), path, file_label(path, data_dir), False)
                             for path in yamlio.yaml_files(data_dir / paths.PROGRAMMES_SUBDIR)]
    return curated + _upload_sources(uploads)


def _upload_sources(uploads: Mapping[str, bytes]) -> list[Source]:
    sources: list[Source] = []
    labels: set[str] = set()
    for name, raw in uploads.items():
        label = upload_label(name)
        copy = 1
        while label in labels:  # two uploads of the same name from different folders
            copy += 1
            label = f"{upload_label(name)} ({copy})"
        labels.add(label)
        sources.append((partial(bytes, bytes(raw)), Path(label.removeprefix(UPLOAD_PREFIX)), label, True))
    return sources


def check_data_dir(
    data_dir: Path = paths.DATA_DIR,
    seeds_dir: Path = paths.SEEDS_DIR,
    uploads: Mapping[str, bytes] | None = None,
) -> CheckResult:
    """Validate a whole data directory (plus optional uploaded extracts, {file name: bytes}) in one pass."""
    with collector_paused():
        return _check_data_dir(Path(data_dir), seeds_dir, uploads)


@contextmanager
def collector_paused():
    """Loading allocates millions of small objects and frees none of them as cycles; left on, Python's
    cyclic collector rescans the growing heap again and again and loading grew faster than the corpus
    (measured: 23 ms per programme at 30× against 11 with the collector paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_data_dir(data_dir: Path, seeds_dir: Path, uploads: Mapping[str, bytes] | None) -> CheckResult:
    data_dir = Path(data_dir)
    registries, problems = load_registries(data_dir)
    if registries is None:
        problems.append(Problem(str(data_dir), 1, "registries could not be read, so no programme can be checked: "
                                                  "fix the registry problems above first"))
        return CheckResult(None, (), tuple(problems))
    sources = _read_sources(data_dir, uploads or {})
    if not any(not uploaded for *_, uploaded in sources):
        problems.append(Problem(str(data_dir / paths.PROGRAMMES_SUBDIR), 1,
                                "no programme extracts (*.yaml or *.yml) found: add one per document"))
    reserved = {path.stem for _, path, _, uploaded in sources if not uploaded}
    return _check_sources(sources, registries, seeds_dir, reserved, problems)


def check_uploads_against(programme_ids: Iterable[str], task_owner: Mapping[str, str], registries: Registries,
                          uploads: Mapping[str, bytes], data_dir: Path = paths.DATA_DIR,
                          seeds_dir: Path = paths.SEEDS_DIR) -> CheckResult:
    """`uploads` checked as `check_data_dir(data_dir, seeds_dir, uploads)` checks them, against curated programmes that
    all passed before (their `programme_ids` and each task's programme, `task_owner`; with the `registries` they were
    checked with) instead of validating those again. The result holds the uploads' programmes and problems only
    (tables.settled_with_uploads builds the corpus). The curated files are listed, not read: an upload may not take a
    curated file's id, and a clash names that file."""
    with collector_paused():
        curated = yamlio.yaml_files(Path(data_dir) / paths.PROGRAMMES_SUBDIR)
        # a curated file's label is made only when a clash names it: all 7,000 at 1000× were 0.26 s of every check
        labels = Derived({path.stem: path for path in curated}, lambda path: file_label(path, data_dir))
        settled = Settled(frozenset(programme_ids), task_owner, labels)
        return _check_sources(_upload_sources(uploads), registries, seeds_dir, set(labels), [], settled)


def _check_sources(sources: list[Source], registries: Registries, seeds_dir: Path,
                   reserved: set[str], problems: list[Problem], settled: Settled = Settled()) -> CheckResult:
    by_file: dict[str, list[Problem]] = {label: [] for _, _, label, _ in sources}
    candidates: list[LoadedProgramme] = []
    for read, path, label, uploaded in sources:
        try:
            raw = read()
        except YamlError as exc:
            by_file[label].append(Problem(label, exc.line, exc.message, code=exc.code, params=exc.params))
            continue
        try:
            parsed = parse_programme(raw, path, label, uploaded)
        except Exception as exc:  # a bug must cost only this file, never the corpus or the dashboard
            parsed = [Problem(label, 1, f"could not be read ({type(exc).__name__}: {exc}): please report this "
                                        "with the file")]
        if isinstance(parsed, list):
            by_file[label].extend(parsed)
        else:
            candidates.append(parsed)
    checked = check_programmes(candidates, registries, seeds_dir, reserved | settled.programme_ids, settled)
    for prog in checked:
        by_file[prog.label].extend(prog.problems)
    for label, found in by_file.items():
        problems.extend(sorted(found, key=lambda p: p.line))
    kept = tuple(p for p in checked if p.ok)
    return CheckResult(registries, kept, tuple(problems))


def uploaded_registries(result: CheckResult, programmes: Iterable[LoadedProgramme] | None = None) -> Registries | None:
    """The curated registries plus the additions of every upload that passed (`result`'s programmes, or `programmes`
    when they were taken out of it): what the corpus tables show."""
    if result.registries is None:
        return None
    passed = result.programmes if programmes is None else programmes
    blocks = [p.model.additions for p in passed if p.uploaded and p.model.additions]
    return result.registries.with_additions(blocks)
