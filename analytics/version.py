"""A short fingerprint of the curated data, printed on every exported chart, table and slide.

Two exports with the same version were made from byte-identical extracts and registries, so a reader
of a briefing can tell whether a figure predates a correction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from analytics import paths


def data_version(data_dir: Path = paths.DATA_DIR, uploads: Mapping[str, bytes] | None = None) -> str:
    """'d' + 8 hex digits of SHA-256 over every registry and programme file (names and bytes), uploads included."""
    data_dir = Path(data_dir)
    digest = hashlib.sha256()
    files = sorted((data_dir / paths.REGISTRY_SUBDIR).glob("*.yaml")) + sorted((data_dir / paths.PROGRAMMES_SUBDIR).glob("*.yaml"))
    for path in files:
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    for name, raw in sorted((uploads or {}).items()):
        digest.update(b"upload:" + name.encode())
        digest.update(raw)
    suffix = "+upload" if uploads else ""
    return f"d{digest.hexdigest()[:8]}{suffix}"
