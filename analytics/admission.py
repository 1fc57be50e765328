"""Which uploaded files are refused before anything reads them: a name without an accepted ending, or
more bytes than the limit. The dashboard's uploaders take any file (so that the refusal can be worded in
the reader's language, naming the file, rather than in the browser widget's English) and ask here first.
"""

from __future__ import annotations

from pathlib import PurePath

EXTRACT_TYPES = ("yaml", "yml")  # the endings an uploaded extract's name may have
WRONG_TYPE = "type"
TOO_LARGE = "size"


def refusal(name: str, size: int, types: tuple[str, ...], limit: int) -> str | None:
    """WRONG_TYPE when `name` does not end in one of `types` (".yaml", case ignored), TOO_LARGE when `size`
    is above `limit` bytes, else None (the file may be read)."""
    if PurePath(name).suffix.lower().lstrip(".") not in {t.lower() for t in types}:
        return WRONG_TYPE
    if size > limit:
        return TOO_LARGE
    return None
