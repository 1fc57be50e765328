"""Slow analyses kept on disk per data version, so a restarted server does not compute them again (issue 15).

The corpus snapshot (analytics/corpus/snapshot.py) spares a cold start the validation; this spares it the
analyses that are slow at scale (at 1000×: the overview's one finding per pairing, 7 s). An entry is written
only for a result that took longer than `min_seconds` to compute, so a small corpus writes nothing.

What an entry's key covers, so it is never stale and never read for anything else:
- the data directory and the full SHA-256 of its curated files (analytics.corpus.version.data_digest; the
  version shown on exports is its first 8 hex digits);
- every file under the seeds directory, and the code of every module under analytics/ (SHA-256, worked out
  once per process), Python's and pandas' versions and FORMAT: changed code never reads an old result;
- the analysis (module and name) and its arguments as the shared cache keys them.
The key is stored in the entry and compared on every read; an entry that cannot be read (truncated, corrupt,
another key) is ignored and written again. Entries are written to a temporary file and renamed into place;
beyond MAX_ENTRIES entries or MAX_BYTES together the least recently written are removed (the newest stays).
Sessions with uploads never come here.
"""

from __future__ import annotations

import hashlib
import platform
import threading
import time
from pathlib import Path

import pandas as pd

from analytics import paths
from analytics.corpus.keyed import MISSING, hash_tree, read_keyed, write_keyed

FORMAT = 2  # 2: entries written by analytics.corpus.keyed ({"key", "value"})
MAX_ENTRIES = 64
MAX_BYTES = 2_000_000_000  # all entries together; the least recently written go first
MIN_SECONDS = 0.5  # results computed faster than this are not worth a file


class Persisted:
    """Results on disk under `folder`, keyed as the module docstring says."""

    def __init__(self, folder: Path, seeds_dir: Path = paths.SEEDS_DIR, code_dir: Path = paths.ROOT / "analytics",
                 max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self.folder, self.seeds_dir, self.code_dir = Path(folder), Path(seeds_dir), Path(code_dir)
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._base: str | None = None
        self._lock = threading.Lock()

    def base(self) -> str:
        """The part of every key that is fixed for this process: code, seeds, versions."""
        with self._lock:
            if self._base is None:
                digest = hashlib.sha256(f"{FORMAT}|{platform.python_version()}|{pd.__version__}".encode())
                hash_tree(digest, self.code_dir, "*.py")
                digest.update(b"\1seeds\1")
                hash_tree(digest, self.seeds_dir)
                self._base = digest.hexdigest()
            return self._base

    def forget_base(self) -> None:
        """Work the fixed part out again at the next call (the seeds changed while the server ran)."""
        with self._lock:
            self._base = None

    def _path(self, key: str) -> Path:
        return self.folder / f"analysis-{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"

    def get(self, parts: tuple, compute, min_seconds: float = MIN_SECONDS):
        """The stored result for `parts` (a tuple with a stable repr), else `compute()`, stored when slow."""
        key = f"{self.base()}|{parts!r}"
        path = self._path(key)
        stored = read_keyed(path, key)  # missing, truncated, corrupt or from another version: MISSING
        if stored is not MISSING:
            return stored
        started = time.thread_time()  # this thread's CPU: other sessions' work does not count
        result = compute()
        if time.thread_time() - started >= min_seconds:
            try:
                self._write(path, key, result)
            except Exception:  # noqa: BLE001 - unwritable folder, unpicklable or too deep a result: the result stands
                pass  # a cache that cannot be written costs only the cache
        return result

    def _write(self, path: Path, key: str, result) -> None:
        write_keyed(path, key, result)
        entries = []
        for entry in self.folder.glob("analysis-*.pickle"):
            try:
                status = entry.stat()
            except OSError:  # removed meanwhile by another process
                continue
            entries.append((status.st_mtime, status.st_size, entry))
        total = 0
        for n, (_, size, entry) in enumerate(sorted(entries, key=lambda e: e[0], reverse=True)):
            total += size
            if n >= self.max_entries or (total > self.max_bytes and entry != path):
                entry.unlink(missing_ok=True)
