"""Files that hold one value under the key it was made for: the corpus snapshot (snapshot.py) and the slow
analyses kept on disk (ui/web/persist.py) both store what a cold start would otherwise work out again.

- `hash_tree` feeds every file under a folder (relative path and bytes, sorted) into a digest, so a changed,
  added or removed file changes the key; a missing folder is hashed as such, and a file no reader reads (a pipe, a
  link out of the folder, one too large or unreadable) as the reason it is not read.
- `write_keyed` writes {"key", "value"} to a temporary file in the same folder and renames it into place
  (atomic: a reader never sees half a file); on any failure the temporary file is removed, and temporary files
  an hour old (left by a process killed mid-write) are removed before each write.
- `read_keyed` returns the value only when the file holds exactly that key (and, if asked, a value of that
  type); a missing, truncated, corrupt or foreign file reads as MISSING, never as an error, and so does a file
  owned by another user or writable by others, which is never unpickled.
- `write_keyed_parts` / `read_keyed_parts` do the same for a value made in parts (the corpus snapshot, its tables in
  batches of tasks), written one part at a time so the writer never holds the whole value.
"""

from __future__ import annotations

import copyreg
import os
import pickle
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from analytics.corpus.yamlio import YamlError, read_regular_file

MISSING = object()
CHUNK_BYTES = 1 << 20


HASHED_BYTES = 20_000_000  # the most of one file a key reads: the seeds' cap (analytics.corpus.seeds.MAX_SEED_BYTES)


def hash_tree(digest, folder: Path, pattern: str = "*", limit: int = HASHED_BYTES) -> None:
    """Each file's relative path and bytes, read as every reader of these folders reads (yamlio.read_regular_file:
    regular files only, links only inside `folder`, at most `limit` bytes); a file not read is hashed as the reason
    it was not, which is what its reader will say. An attack: one link to /proc/self/mem or a swap file the server
    cannot read in data/ raised here, before validation could name it, and took every page down; a link to a 3 GB
    file outside data/ was read whole on each cold start."""
    folder = Path(folder)
    if not folder.is_dir():
        digest.update(b"<missing>" + str(folder).encode(errors="surrogateescape"))
        return
    for path in sorted(folder.rglob(pattern)):  # rglob does not follow linked folders
        digest.update(path.relative_to(folder).as_posix().encode(errors="surrogateescape") + b"\0")
        if path.is_symlink():  # the link's own text: what it resolves to may name this process (/proc/self → /proc/<pid>)
            digest.update(b"\1link\1" + os.readlink(path).encode(errors="surrogateescape"))
        if path.is_dir():  # a folder (a folder named x.yaml is refused by its reader: keyed by its being there)
            digest.update(b"\1folder\1")
            continue
        try:  # a pipe, a dangling link, one out of the folder, too large or unreadable: keyed as not read, and why
            digest.update(read_regular_file(path, limit, folder))
        except YamlError as refused:
            digest.update(b"\1not read\1" + (b"" if path.is_symlink() else refused.message.encode(errors="surrogateescape")))
        digest.update(b"\0")


def _ours(handle) -> bool:
    """Written by this user and writable by no one else (write_keyed's files are 0600): unpickling runs code, so a
    file another user could have placed or changed (a cache folder in /tmp on a shared host) is never read."""
    info = os.fstat(handle.fileno())
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def read_keyed(path: Path, key: str, kind: type | None = None):
    try:
        with open(path, "rb") as handle:
            if not _ours(handle):
                return MISSING
            stored = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or from an incompatible version
        return MISSING
    # the stored key must be a string equal to ours: a foreign object's == could raise or answer a non-bool
    if not (isinstance(stored, dict) and isinstance(stored.get("key"), str) and stored["key"] == key and "value" in stored):
        return MISSING
    if kind is not None and not isinstance(stored["value"], kind):
        return MISSING
    return stored["value"]


STALE_TEMPORARY_SECONDS = 3600  # a temporary file this old was left by a process killed mid-write


def write_keyed(path: Path, key: str, value) -> None:
    _written(path, lambda out: _pickled(out, {"key": key, "value": value}))


def write_keyed_parts(path: Path, key: str, parts: Iterable) -> None:
    """`write_keyed` for a value made in parts (`read_keyed_parts` gives them back as a list): each part is pickled
    as it comes and let go before the next is asked for, so no more than one part is held. The file is
    {"key", "parts": True}, then ("part", value) per part, then ("end", number of parts), each pickled on its own; it
    is renamed into place only once the last part is written. The temporary file is made before the first part is
    asked for: a folder that cannot be written raises OSError with the parts untouched."""
    def write(out) -> None:
        _pickled(out, {"key": key, "parts": True})
        count = 0
        for part in parts:
            _pickled(out, ("part", part))
            del part  # not held while the next part is made
            count += 1
        _pickled(out, ("end", count))

    _written(path, write)


def _written(path: Path, write) -> None:
    """`write(file)` into a temporary file beside `path`, renamed into place once it returns; removed if it raises."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_keyed_parts(path: Path, key: str) -> list | object:
    """The parts `write_keyed_parts` wrote under exactly `key`, or MISSING (as `read_keyed`: a missing, truncated,
    corrupt or foreign file, one written by `write_keyed`, or one another user could have written)."""
    try:
        with open(path, "rb") as handle:
            if not _ours(handle):
                return MISSING
            head = pickle.load(handle)
            if not (isinstance(head, dict) and isinstance(head.get("key"), str) and head["key"] == key
                    and head.get("parts") is True):
                return MISSING
            parts = []
            while True:  # ends at the end mark, or at the end of the file (pickle.load raises EOFError)
                entry = pickle.load(handle)
                if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] in ("part", "end")):
                    return MISSING
                if entry[0] == "end":
                    return parts if entry[1] == len(parts) and handle.read(1) == b"" else MISSING
                parts.append(entry[1])
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or from an incompatible version
        return MISSING


def _pickled(out, value) -> None:
    """`value` pickled to `out` by a pickler of its own, whose memo (every object written) goes with it."""
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    pickler.dump(value)


def _arrow_data_as_it_is(array) -> tuple:
    """How a pandas Arrow-backed array is pickled here: as pandas pickles it, but with its Arrow data as it is. pandas
    pickles each one through `combine_chunks()`, a copy even of a single chunk, and the pickler's memo keeps every copy
    until the whole value is written: the snapshot's write held a second copy of all the corpus's text (53 MB at 100×,
    430 MB of validating's peak at 1000×). Read back by pandas' own `__setstate__`, chunk for chunk the same."""
    state = array.__dict__.copy()
    state["_cache"] = {}  # as pandas' own: cached properties are worked out again
    return copyreg.__newobj__, (type(array),), state


def _dispatch_table() -> dict:
    import pandas as pd  # here, not at import: the readers of this module need no pandas

    table = copyreg.dispatch_table.copy()
    for kind in (pd.arrays.ArrowStringArray, pd.arrays.ArrowExtensionArray):  # the table is looked up by exact type
        table[kind] = _arrow_data_as_it_is
    return table


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of writes that never finished (the process was killed): removed once old enough that no
    write in progress can own them."""
    now = time.time()
    for temporary in folder.glob(".tmp-*.pickle"):
        try:
            if now - temporary.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                temporary.unlink(missing_ok=True)
        except OSError:  # removed meanwhile by another process
            continue
