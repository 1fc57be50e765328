"""A snapshot of the validated corpus, so a cold start validates once per data version, not per start.

`snapshot_corpus(data_dir, seeds_dir)` returns what `load_corpus(data_dir, seeds_dir)` returns. The
first time a given version is loaded it validates as usual and writes the tables to a pickle under the
cache directory (`.cache/corpus/` in the project, or $PAIRED_CACHE_DIR); later loads of the *same*
version read that file instead (at 100× the corpus: ≈ 0.1 s instead of ≈ 9 s). The tables are written in parts as they
are made (tables.corpus_parts, keyed.write_keyed_parts), so the worker never holds them all beside the parsed files:
at 1000× the corpus its peak went from 2,157 to 1,642 MB (bench/RESULTS.md, twenty-sixth round).

What the key covers, so a snapshot is never stale and never trusted for anything else:
- every file under the data directory and under the seeds directory (path and bytes, SHA-256): a
  changed, added or removed file gives another key, hence a rebuild;
- the code that reads, validates and builds (every module of analytics/corpus/ and paths.py), Python's and
  pandas' versions and this module's FORMAT: a changed validator never reuses an old result;
- the reading caps (yamlio.MAX_BYTES, MAX_DEPTH): a file refused under one cap is not served under another.
The key is recomputed from the files on every load and stored inside the snapshot too; a file whose
stored key differs, or that cannot be read (truncated, corrupt, wrong type), is ignored and rebuilt, and one
another user owns or could have written is never unpickled (analytics/corpus/keyed.py).
Snapshots are written to a temporary file in the same folder and renamed into place (atomic), so a
reader never sees half a file; older snapshots of the same data directory are removed.

The server loads through `served_corpus`: it reads the snapshot, and when there is none it has the
snapshot built by a worker process (`python -m analytics.corpus.snapshot`) and then reads it, so the
server never holds what validating costs. At 100× the corpus, a server that validated in its own process
kept about 820 MB afterwards; one that reads a snapshot holds 250–370 MB (bench/RESULTS.md). Should the
worker fail to start or answer, the server validates in its own process as before and logs why; a worker
killed by a signal (out of memory, most likely) fails the run instead, and the next request tries again.

Beside each snapshot, under the same key, are the registries it was checked with. A session's uploads are checked
against the two (`settled_corpus`, analytics.isolated.uploaded_corpus) instead of validating every curated file
again: at 100× 0.7 s instead of 10.7 s. Uploads are never written here: `snapshot_corpus` refuses them outright.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import logging
import os
import pickle
import platform
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analytics import paths
from analytics.corpus import Corpus, Registries, yamlio
from analytics.corpus.keyed import HASHED_BYTES, MISSING, hash_tree, read_keyed, read_keyed_parts, write_keyed, write_keyed_parts
from analytics.corpus.tables import Part, assembled, checked_and_built, checked_in_parts, corpus_as_part

FORMAT = 1
CACHE_DIR = Path(os.environ.get("PAIRED_CACHE_DIR") or paths.ROOT / ".cache" / "corpus").absolute()


def _code_digest() -> bytes:
    """The code that reads, validates and builds the corpus: every module of this package, and paths.py."""
    digest = hashlib.sha256(f"{FORMAT}|{platform.python_version()}|{pd.__version__}".encode())
    folder = Path(__file__).resolve().parent
    for path in [*sorted(folder.glob("*.py")), Path(paths.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _limits() -> tuple[int, int]:
    """The reading caps a curated file is validated under (raised by the benchmark for its large registries)."""
    return yamlio.MAX_BYTES, yamlio.MAX_DEPTH


def snapshot_key(data_dir: Path, seeds_dir: Path) -> str:
    """SHA-256 over the data files, the seed files, the code that validates them and the reading caps."""
    digest = hashlib.sha256(_code_digest() + repr(_limits()).encode())
    limit = max(HASHED_BYTES, _limits()[0])  # at least what the validator reads of a file (the benchmark raises it)
    hash_tree(digest, Path(data_dir), limit=limit)
    digest.update(b"\1seeds\1")
    hash_tree(digest, Path(seeds_dir), limit=limit)
    return digest.hexdigest()


def _stem(data_dir: Path) -> str:
    """Which data directory a snapshot belongs to (so older snapshots of it can be removed)."""
    return hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]


def snapshot_path(data_dir: Path, key: str, cache_dir: Path | None = None) -> Path:
    return Path(cache_dir or CACHE_DIR) / f"corpus-{_stem(data_dir)}-{key[:24]}.pickle"


def _read(path: Path, key: str) -> Corpus | None:
    parts = read_keyed_parts(path, key)
    if parts is MISSING:
        return None
    try:
        corpus = assembled(parts)
    except Exception:  # noqa: BLE001 - parts of another shape (a file of another version of this code)
        return None
    return dataclasses.replace(corpus, snapshot_key=key)


def companion_path(snapshot: Path, kind: str) -> Path:
    """Where a file made from a snapshot's corpus is kept (`kind`: "registries", the registries it was checked with;
    "draft-model", analytics.draft.knowledge's trained model; "inheritance", analytics.isolated.KeptInheritance's
    curated rows): beside it, named by its data directory and key, so that writing a newer snapshot removes it with
    the older one."""
    return snapshot.with_name(kind + snapshot.name.removeprefix("corpus"))


def registries_path(snapshot: Path) -> Path:
    """Where the registries a snapshot's corpus was checked with are kept, beside it and under the same key."""
    return companion_path(snapshot, "registries")


def _write(path: Path, key: str, parts: Iterable[Part], registries: Registries) -> None:
    """The snapshot of `key`: the registries, then the corpus's `parts`, each written as it is made (see
    tables.corpus_parts); older snapshots of the same data directory and their companions are removed."""
    write_keyed(registries_path(path), key, registries)  # first: a snapshot on disk always has its registries
    write_keyed_parts(path, key, parts)
    stem, this_key = path.name.split("-")[1], path.name.split("-")[2]  # corpus-{stem}-{key[:24]}.pickle
    for old in path.parent.glob(f"*-{stem}-*.pickle"):  # older snapshots of this data directory and their companions
        if old.name.rsplit("-", 1)[-1] != this_key and old.name.rsplit("-", 2)[-2] == stem:
            old.unlink(missing_ok=True)


def write_snapshot(path: Path, key: str, corpus: Corpus, registries: Registries) -> None:
    """A corpus already built, written as the snapshot of `key` (in one part)."""
    _write(path, key, [corpus_as_part(corpus)], registries)


def _load_and_write(data_dir: Path, seeds_dir: Path, cache_dir: Path | None,
                    corpus_wanted: bool = True) -> tuple[str, Corpus | None, bool]:
    """(key, corpus, whether the snapshot of `key` is on disk): read it, or validate and write it. The corpus is None
    when not `corpus_wanted` and the snapshot was written here: the worker writes the tables as they are made and
    never holds all of them (at 1000× the corpus, 2.1 GB at its peak when it did, beside the parsed files it could not
    give back to the system)."""
    key = snapshot_key(data_dir, seeds_dir)
    path = snapshot_path(data_dir, key, cache_dir)
    corpus = _read(path, key)
    if corpus is not None:
        return key, corpus, True
    # every file's parsed programme let go while the tables are made, none held while the snapshot is written
    result, parts = checked_in_parts(Path(data_dir), Path(seeds_dir))
    if not result.ok or result.registries is None:
        return key, assembled(parts), False
    try:
        _write(path, key, parts, result.registries)
    except OSError:
        # a folder that cannot be written fails before any part is made; a write cut short (a full disk) has let the
        # parts it wrote go, so the corpus is made again
        untouched = inspect.getgeneratorstate(parts) == inspect.GEN_CREATED
        return key, assembled(parts) if untouched else checked_and_built(data_dir, seeds_dir)[0], False
    if not corpus_wanted:
        return key, None, True
    corpus = _read(path, key)
    return key, corpus if corpus is not None else checked_and_built(data_dir, seeds_dir)[0], corpus is not None


def settled_corpus(data_dir: Path, key: str, cache_dir: Path | None = None) -> tuple[Corpus, Registries] | None:
    """The snapshot of `key` (the server's: `Corpus.snapshot_key`) and the registries it was checked with, or None
    when either is not on disk (never validated here). What a session's uploads are checked against
    (tables.uploads_added) instead of validating every curated file again, and what drafting learns from."""
    registries = settled_registries(data_dir, key, cache_dir)
    corpus = _read(snapshot_path(data_dir, key, cache_dir), key) if registries is not None else None
    return None if corpus is None else (corpus, registries)


def settled_registries(data_dir: Path, key: str, cache_dir: Path | None = None) -> Registries | None:
    """The registries the snapshot of `key` was checked with, or None when they are not on disk."""
    registries = read_keyed(registries_path(snapshot_path(data_dir, key, cache_dir)), key, Registries)
    return None if registries is MISSING else registries


def snapshot_corpus(data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR,
                    cache_dir: Path | None = None, uploads=None) -> Corpus:
    """`load_corpus(data_dir, seeds_dir)`, read from the snapshot of this exact version when there is one.

    A corpus with errors is returned but not snapshotted (its problems should be fixed, not cached).
    A cache directory that cannot be written costs only the snapshot: the corpus is still returned.
    """
    if uploads:
        raise ValueError("uploads are validated per session and never snapshotted")
    return _load_and_write(data_dir, seeds_dir, cache_dir)[1]


log = logging.getLogger(__name__)


class WorkerKilled(RuntimeError):
    """The validating worker was killed by a signal (the out-of-memory killer, most likely); not retried here."""


def served_corpus(data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR,
                  cache_dir: Path | None = None) -> Corpus:
    """What `snapshot_corpus` returns, with any validating done in a worker process (see the module's note).

    The snapshot of this version is read here; when there is none, a fresh `python -m analytics.corpus.snapshot`
    validates and writes it (with this process's folders, made absolute, and reading caps), and this process reads
    the written file. A corpus with errors is never written: the worker sends it back pickled. No deadline: these
    are the curated files, bounded by the reading caps, which the server would otherwise validate itself.
    A worker that cannot start or gives no usable answer costs only the isolation: this process validates, and
    the log says why. A worker killed by a signal (the out-of-memory killer, most likely) is not followed by
    validating here, which would take the server down the same way: the run fails with that reason, and the next
    request tries again.
    """
    data_dir, seeds_dir = Path(data_dir).absolute(), Path(seeds_dir).absolute()  # the worker runs in paths.ROOT
    cache_dir = Path(cache_dir or CACHE_DIR).absolute()
    key = snapshot_key(data_dir, seeds_dir)
    corpus = _read(snapshot_path(data_dir, key, cache_dir), key)
    if corpus is not None:
        return corpus
    answer, reason = _ask_worker(pickle.dumps((str(data_dir), str(seeds_dir), str(cache_dir), _limits())))
    if answer is not None:
        kind, value = answer
        if kind == "corpus" and isinstance(value, Corpus):
            return value
        if kind == "written" and isinstance(value, str):
            corpus = _read(snapshot_path(data_dir, value, cache_dir), value)
            if corpus is not None:
                return corpus
            reason = "its snapshot could not be read back"
        else:
            reason = "its answer was not a corpus"
    log.warning("validating %s in a worker process failed (%s); validating in the server process", data_dir,
                reason[:200])
    return snapshot_corpus(data_dir, seeds_dir, cache_dir)


def _ask_worker(request: bytes) -> tuple[tuple | None, str]:
    """(the worker's unpickled answer, "") or (None, why there is none); raises when a signal killed it."""
    try:
        done = subprocess.run([sys.executable, "-m", "analytics.corpus.snapshot"], input=request,
                              capture_output=True, cwd=paths.ROOT, check=False)
    except OSError as exc:  # no interpreter, no process or memory to start one
        return None, f"it could not start: {exc}"
    if done.returncode < 0:
        raise WorkerKilled(f"validating the data was stopped by signal {-done.returncode} (out of memory?); "
                           "the server did not retry it in its own process")
    if done.returncode != 0:
        return None, (done.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit {done.returncode}"])[-1]
    try:
        answer = pickle.loads(done.stdout)  # our own worker's answer
    except Exception:  # noqa: BLE001 - an answer cut short
        return None, "its answer could not be read"
    if not (isinstance(answer, tuple) and len(answer) == 2):
        return None, "its answer was not a corpus"
    return answer, ""


def _work() -> None:
    """The worker: (data_dir, seeds_dir, cache_dir, (max_bytes, max_depth)) pickled on stdin; on stdout
    ("written", key) once the snapshot of `key` is on disk, else ("corpus", the corpus)."""
    data_dir, seeds_dir, cache_dir, (yamlio.MAX_BYTES, yamlio.MAX_DEPTH) = pickle.loads(sys.stdin.buffer.read())
    key, corpus, written = _load_and_write(Path(data_dir), Path(seeds_dir), Path(cache_dir), corpus_wanted=False)
    sys.stdout.buffer.write(pickle.dumps(("written", key) if written else ("corpus", corpus)))


if __name__ == "__main__":
    _work()
