"""A snapshot of the validated corpus, so a cold start validates once per data version, not per start.

`snapshot_corpus(data_dir, seeds_dir)` returns what `load_corpus(data_dir, seeds_dir)` returns. The
first time a given version is loaded it validates as usual and writes the tables to a pickle under the
cache directory (`.cache/corpus/` in the project, or $PAIRED_CACHE_DIR); later loads of the *same*
version read that file instead (at 100× the corpus: ≈ 0.3 s instead of ≈ 8–15 s).

What the key covers, so a snapshot is never stale and never trusted for anything else:
- every file under the data directory and under the seeds directory (path and bytes, SHA-256): a
  changed, added or removed file gives another key, hence a rebuild;
- the code that reads, validates and builds (every module of analytics/corpus/ and paths.py), Python's and
  pandas' versions and this module's FORMAT: a changed validator never reuses an old result.
The key is recomputed from the files on every load and stored inside the snapshot too; a file whose
stored key differs, or that cannot be read (truncated, corrupt, wrong type), is ignored and rebuilt.
Snapshots are written to a temporary file in the same folder and renamed into place (atomic), so a
reader never sees half a file; older snapshots of the same data directory are removed.

Uploads never go through here: a session with a researcher's extracts calls `load_corpus(uploads=…)`
(ui.web.data.session_corpus), and `snapshot_corpus` refuses uploads outright.
"""

from __future__ import annotations

import hashlib
import os
import platform
from pathlib import Path

import pandas as pd

from analytics import paths
from analytics.corpus import Corpus, load_corpus
from analytics.corpus.keyed import MISSING, hash_tree, read_keyed, write_keyed

FORMAT = 1
CACHE_DIR = Path(os.environ.get("PAIRED_CACHE_DIR") or paths.ROOT / ".cache" / "corpus")


def _code_digest() -> bytes:
    """The code that reads, validates and builds the corpus: every module of this package, and paths.py."""
    digest = hashlib.sha256(f"{FORMAT}|{platform.python_version()}|{pd.__version__}".encode())
    folder = Path(__file__).resolve().parent
    for path in [*sorted(folder.glob("*.py")), Path(paths.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def snapshot_key(data_dir: Path, seeds_dir: Path) -> str:
    """SHA-256 over the data files, the seed files and the code that validates them."""
    digest = hashlib.sha256(_code_digest())
    hash_tree(digest, Path(data_dir))
    digest.update(b"\1seeds\1")
    hash_tree(digest, Path(seeds_dir))
    return digest.hexdigest()


def _stem(data_dir: Path) -> str:
    """Which data directory a snapshot belongs to (so older snapshots of it can be removed)."""
    return hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]


def snapshot_path(data_dir: Path, key: str, cache_dir: Path | None = None) -> Path:
    return Path(cache_dir or CACHE_DIR) / f"corpus-{_stem(data_dir)}-{key[:24]}.pickle"


def _read(path: Path, key: str) -> Corpus | None:
    corpus = read_keyed(path, key, Corpus)
    return None if corpus is MISSING else corpus


def _write(path: Path, key: str, corpus: Corpus) -> None:
    write_keyed(path, key, corpus)
    for old in path.parent.glob(f"corpus-{path.name.split('-')[1]}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)


def snapshot_corpus(data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR,
                    cache_dir: Path | None = None, uploads=None) -> Corpus:
    """`load_corpus(data_dir, seeds_dir)`, read from the snapshot of this exact version when there is one.

    A corpus with errors is returned but not snapshotted (its problems should be fixed, not cached).
    A cache directory that cannot be written costs only the snapshot: the corpus is still returned.
    """
    if uploads:
        raise ValueError("uploads are validated per session and never snapshotted")
    key = snapshot_key(data_dir, seeds_dir)
    path = snapshot_path(data_dir, key, cache_dir)
    corpus = _read(path, key)
    if corpus is not None:
        return corpus
    corpus = load_corpus(Path(data_dir), Path(seeds_dir))
    if corpus.ok:
        try:
            _write(path, key, corpus)
        except OSError:
            pass
    return corpus
