"""Matching extract texts against the seed documents in seeds/ (verbatim up to what conversion varies)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from analytics.corpus import yamlio
from analytics.corpus.characters import text_lines
from analytics.corpus.yamlio import YamlError

MAX_SEED_BYTES = 20_000_000  # a seed is a whole document as text; the largest is 42 kB


def normalise_for_matching(text: str) -> str:
    """Fold what PDF/web conversion varies (whitespace, markup, bracket and comma width) but not words."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s#*]+", "", text)


def seed_segment(seeds_dir: Path, source: Any, cache: dict[Path, list[str]]) -> str | None:
    path = seeds_dir / source.file
    if path not in cache:
        try:
            cache[path] = text_lines(yamlio.read_regular_file(path, MAX_SEED_BYTES, seeds_dir).decode("utf-8"))
        except (YamlError, UnicodeDecodeError):
            return None
    lines = cache[path]
    return normalise_for_matching("".join(lines[source.start_line - 1 : source.end_line]))
