"""The codebook's written decision rules (data/registry/themes.yaml, field `rules`) as one table."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
from pydantic import TypeAdapter, ValidationError

from analytics import paths

RULE_COLUMNS = ["theme_id", "zh", "en", "number", "rule", "rule_en", "general"]
GENERAL_RULES_THEME = "other"  # the theme whose rules are the general ones (content over heading, …), not its own


def decision_rules(data_dir: Path | None = None) -> pd.DataFrame:
    """One row per rule, in codebook order; the general rules (under `other`) first.

    `data_dir` defaults to the data folder in force at the call (not at import: tests and
    PAIRED_DATA_DIR may point it elsewhere). Only the themes registry is read (the codebook is one small
    file at any corpus size: reading every registry took 3 s a visit at 100×, issue 15), once per version of
    that file (its size and modification time); an unreadable or invalid file gives no rules (the
    validation panel says why)."""
    path = Path(data_dir if data_dir is not None else paths.DATA_DIR) / paths.REGISTRY_SUBDIR / paths.REGISTRY_FILES["themes"]
    try:
        stat = path.stat()
    except OSError:
        return pd.DataFrame(columns=RULE_COLUMNS)
    return _rules(path, stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=8)
def _rules(path: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    from analytics.corpus.schema import REGISTRY_MODELS
    from analytics.corpus.yamlio import YamlError, read_yaml

    try:
        themes = TypeAdapter(REGISTRY_MODELS["themes"]).validate_python(read_yaml(path, path.parent.parent).data)
    except (YamlError, ValidationError):
        return pd.DataFrame(columns=RULE_COLUMNS)
    themes = sorted(themes, key=lambda t: t.id != GENERAL_RULES_THEME)
    rows = [{"theme_id": t.id, "zh": t.zh, "en": t.en, "number": i + 1, "rule": rule,
             "rule_en": t.rules_en[i] if i < len(t.rules_en) else "", "general": t.id == GENERAL_RULES_THEME}
            for t in themes for i, rule in enumerate(t.rules)]
    return pd.DataFrame(rows, columns=RULE_COLUMNS)
