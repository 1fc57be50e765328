"""Findings worded for a reader: the numbers from analytics.findings, the words from the label catalogue."""

from __future__ import annotations

import pandas as pd

from analytics.corpus import Corpus
from analytics.findings import gap_direction
from analytics.themes import SMALL_COUNT
from ui.report.i18n import name_column, t, theme_names
from ui.report.safe import md

# Beyond this many pairings the overview lists the largest and folds the rest away (issue 15: at 100× one
# line per pairing was 500 page elements, most of the browser's time on that page).
FINDINGS_SHOWN = 20


def gap_phrase(gap_pp: float, lang: str) -> str:
    """'比其余方案高12个百分点' / '…低3个百分点' / '与其余方案持平' (and English): never '-0'."""
    direction, points = gap_direction(gap_pp)
    if direction == "level":
        return t("gap_level", lang)
    return t(f"gap_{direction}_one", lang) if points == 1 else t(f"gap_{direction}", lang, n=points)


def number_of(key: str, n: int, lang: str) -> str:
    """'21项任务' / '21 tasks', with the singular form for one ('1 task')."""
    return t(f"{key}_one", lang) if n == 1 else t(key, lang, n=n)


def counted_phrase(tasks: int, key_tasks: int, lang: str) -> str:
    """'96项任务和22项省级重点任务' / '21项任务': each kind named with its own count."""
    parts = [number_of("finding_tasks", tasks, lang)] if tasks or not key_tasks else []
    parts += [number_of("finding_key_tasks", key_tasks, lang)] if key_tasks else []
    return t("finding_and", lang).join(parts)


def finding_sentences(corpus: Corpus, facts: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per pairing from `analytics.findings.pairing_facts`."""
    places = dict(zip(corpus.places.place_id, corpus.places[name_column(lang)]))
    themes = theme_names(corpus, lang)
    sentences = []
    for row in facts.itertuples():
        if pd.isna(row.gap_pp):  # one pairing chosen: no rest to compare with (NaN was a crash on the overview)
            key = "finding_alone"
        else:
            key = "finding" if gap_direction(row.gap_pp)[0] == "above" else "finding_even"
        sentences.append(t(
            key, lang,
            pair=t("pair_name", lang, helper=places.get(row.helper, row.helper), recipient=places.get(row.recipient, row.recipient)),
            counted=counted_phrase(row.tasks, row.key_tasks, lang), docs=number_of("finding_docs", row.documents, lang),
            extra=number_of("finding_safeguards", row.safeguards, lang) if row.safeguards else "",
            theme=themes.get(row.theme_id, row.theme_id), share=row.share, gap="" if key == "finding_alone" else gap_phrase(row.gap_pp, lang),
            rule=t("finding_rule_small" if row.small else "finding_rule", lang, n=SMALL_COUNT),
            assessable=row.assessable_share,
        ))
    return sentences


def findings_markdown(corpus: Corpus, facts: pd.DataFrame, lang: str, limit: int = FINDINGS_SHOWN,
                      rest: bool = False) -> tuple[str, int]:
    """The findings as a bullet list for the screen, each sentence escaped (safe.md), and how many pairings
    it leaves out: the `limit` pairings with the most tasks (key tasks included), in the table's own order;
    with `rest`, the others instead (worded only when asked for: 5 000 sentences at 1000×)."""
    size = (facts["tasks"] + facts["key_tasks"]).tolist()
    # stable: among equal sizes the table's order decides; then back into the table's order
    kept = set(sorted(range(len(facts)), key=lambda i: -size[i])[:limit])
    rows = [i for i in range(len(facts)) if (i in kept) != rest]
    sentences = finding_sentences(corpus, facts.iloc[rows], lang)
    return "\n".join(f"- {md(sentence)}" for sentence in sentences), len(facts) - len(kept)
