"""A short fingerprint of the curated data, printed on every exported chart, table and slide.

Two exports with the same version were made from byte-identical extracts and registries, so a reader
of a briefing can tell whether a figure predates a correction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from analytics import paths


def data_version(data_dir: Path = paths.DATA_DIR) -> str:
    """'d' + 8 hex digits of SHA-256 over every registry and programme file (names and bytes)."""
    data_dir = Path(data_dir)
    digest = hashlib.sha256()
    files = sorted((data_dir / paths.REGISTRY_SUBDIR).glob("*.yaml")) + sorted((data_dir / paths.PROGRAMMES_SUBDIR).glob("*.yaml"))
    for path in files:
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return f"d{digest.hexdigest()[:8]}"


def uploads_fingerprint(uploads: Mapping[str, bytes]) -> str:
    """SHA-256 over a session's uploaded files (names and bytes)."""
    digest = hashlib.sha256()
    for name, raw in sorted(uploads.items()):
        digest.update(name.encode() + b"\0" + raw)
    return digest.hexdigest()


def with_uploads(version: str, uploads: Mapping[str, bytes]) -> str:
    """The curated version marked with the session's uploads, e.g. d395ad48e+upload3f9a1c."""
    return f"{version}+upload{uploads_fingerprint(uploads)[:6]}" if uploads else version
