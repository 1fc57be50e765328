"""Which uploaded files are refused before anything reads them: a name without an accepted ending, more
bytes than the limit, or more files or bytes than one session may upload in all. The dashboard's uploaders
take any file (so that the refusal can be worded in the reader's language, naming the file, rather than in
the browser widget's English) and ask here first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from analytics.corpus.yamlio import MAX_UPLOAD_BYTES

EXTRACT_TYPES = ("yaml", "yml")  # the endings an uploaded extract's name may have
WRONG_TYPE = "type"
TOO_LARGE = "size"
OVER_SESSION = "session"

# What one session may upload in all. Everything a session uploads is checked and analysed with the curated corpus,
# in the worker and again in the server for that session, so without a total a stranger choosing a hundred 1 MB files
# made the server hold a corpus and analyses of their making (20 files of 1 MB: 3,200 tasks, worker at 470 MB).
# A typical extract is 20–60 kB: ten files hold any real upload; five full-size files peak the worker at about 250 MB.
MAX_SESSION_FILES = 10
MAX_SESSION_BYTES = 5_000_000


def refusal(name: str, size: int, types: tuple[str, ...], limit: int) -> str | None:
    """WRONG_TYPE when `name` does not end in one of `types` (".yaml", case ignored), TOO_LARGE when `size`
    is above `limit` bytes, else None (the file may be read)."""
    if PurePath(name).suffix.lower().lstrip(".") not in {t.lower() for t in types}:
        return WRONG_TYPE
    if size > limit:
        return TOO_LARGE
    return None


def refusals(files: Sequence[tuple[str, int]], types: tuple[str, ...], limit: int,
             most_files: int | None = None, most_bytes: int | None = None) -> list[str | None]:
    """`refusal` for each of `files` ((name, size), in the order chosen); the files it lets through are then read in
    that order until one would make more than `most_files` files or `most_bytes` bytes in all: that file and every
    later one are OVER_SESSION (a file refused for its own name or size does not count). None: no such total."""
    answers, count, total, full = [], 0, 0, False
    for name, size in files:
        answer = refusal(name, size, types, limit)
        if answer is None:
            full = full or (most_files is not None and count + 1 > most_files) or (
                most_bytes is not None and total + size > most_bytes)
            if full:
                answer = OVER_SESSION
            else:
                count, total = count + 1, total + size
        answers.append(answer)
    return answers


@dataclass(frozen=True)
class Rules:
    """One uploader's rules, declared once: the endings a file's name may have, the most bytes one file may hold,
    and the most files and bytes the session may upload in all (None: no total). The uploader's help, its refusals
    and the reading of its files all follow the same value."""

    types: tuple[str, ...]
    limit: int
    most_files: int | None = None
    most_bytes: int | None = None

    def refusals(self, files: Sequence[tuple[str, int]]) -> list[str | None]:
        return refusals(files, self.types, self.limit, self.most_files, self.most_bytes)


EXTRACT_RULES = Rules(EXTRACT_TYPES, MAX_UPLOAD_BYTES, MAX_SESSION_FILES, MAX_SESSION_BYTES)  # the extracts' uploader
