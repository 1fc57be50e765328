"""The codebook's written decision rules (data/registry/themes.yaml, field `rules`) as one table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import paths

RULE_COLUMNS = ["theme_id", "zh", "en", "number", "rule", "rule_en"]


def decision_rules(data_dir: Path | None = None) -> pd.DataFrame:
    """One row per rule, in codebook order; the general rules (under `other`) first.

    `data_dir` defaults to the data folder in force at the call (not at import: tests and
    PAIRED_DATA_DIR may point it elsewhere)."""
    from analytics.corpus import load_registries

    registries, _ = load_registries(Path(data_dir) if data_dir is not None else paths.DATA_DIR)
    if registries is None:
        return pd.DataFrame(columns=RULE_COLUMNS)
    themes = sorted(registries.themes, key=lambda t: t.id != "other")
    rows = [{"theme_id": t.id, "zh": t.zh, "en": t.en, "number": i + 1, "rule": rule,
             "rule_en": t.rules_en[i] if i < len(t.rules_en) else ""}
            for t in themes for i, rule in enumerate(t.rules)]
    return pd.DataFrame(rows, columns=RULE_COLUMNS)
