"""A short fingerprint of the curated data, printed on every exported chart, table and slide.

Two exports with the same version were made from byte-identical extracts and registries, so a reader
of a briefing can tell whether a figure predates a correction.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from analytics import paths
from analytics.corpus.yamlio import YamlError, read_file_bytes, yaml_files


def data_version(data_dir: Path = paths.DATA_DIR) -> str:
    """'d' + 8 hex digits of SHA-256 over every registry and programme file (names and bytes): the version
    shown and stamped on every export."""
    return version_of(data_digest(data_dir))


def version_of(digest: str) -> str:
    """The shown version of a full data digest."""
    return f"d{digest[:8]}"


def data_digest(data_dir: Path = paths.DATA_DIR) -> str:
    """The full SHA-256 (hex) behind data_version: what caches that outlive a process are keyed on."""
    data_dir = Path(data_dir)
    digest = hashlib.sha256()
    files = yaml_files(data_dir / paths.REGISTRY_SUBDIR) + yaml_files(data_dir / paths.PROGRAMMES_SUBDIR)
    for path in files:
        digest.update(path.relative_to(data_dir).as_posix().encode(errors="surrogateescape"))
        try:  # bounded like every read of data/: no pipe, device, link outside it or oversized file is read
            digest.update(read_file_bytes(path, data_dir))
        except YamlError as exc:
            digest.update(exc.message.encode(errors="surrogateescape"))
    return digest.hexdigest()


def uploads_fingerprint(uploads: Mapping[str, bytes]) -> str:
    """SHA-256 over a session's uploaded files (names and bytes)."""
    digest = hashlib.sha256()
    for name, raw in sorted(uploads.items()):
        digest.update(name.encode(errors="surrogateescape") + b"\0" + raw)
    return digest.hexdigest()


def with_uploads(version: str, uploads: Mapping[str, bytes]) -> str:
    """The curated version marked with the session's uploads, e.g. d395ad48e+upload3f9a1c."""
    return marked(version, uploads_fingerprint(uploads) if uploads else None)


def marked(version: str, fingerprint: str | None) -> str:
    """`with_uploads` from the uploads' fingerprint (None: no uploads)."""
    return f"{version}+upload{fingerprint[:6]}" if fingerprint else version


def tree_signature(*folders: Path) -> str:
    """What any change to a file under `folders` changes, from the files' metadata alone (nothing is read): each
    file's path, size, modification and change times and inode. The change time moves on every write and cannot be
    set back, so an edit that kept a file's size and restored its modification time is seen too (an attack: the
    server went on serving the old text, unsaid). Linked folders are not followed (the walk ends); a linked file is
    stat'ed through its link; a file that cannot be stat'ed is marked by its error."""
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(b"\1" + str(folder).encode(errors="surrogateescape"))
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                try:
                    info = os.stat(path)
                except OSError as exc:
                    digest.update(f"{path}|error {exc.errno}\0".encode(errors="surrogateescape"))
                    continue
                digest.update(f"{path}|{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}|{info.st_ino}\0".encode(errors="surrogateescape"))
    return digest.hexdigest()
