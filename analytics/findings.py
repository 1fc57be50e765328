"""One plain-language finding per pairing, computed from the analyses (never written by hand)."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analytics.commitments import assessable_share
from analytics.corpus import Corpus
from analytics.filters import select_tasks
from analytics.themes import distinctive_themes

TEMPLATES = {
    "zh": "{pair}：{n}项任务（{docs}份文件），最突出的主题是“{theme}”（占{share:.0%}，比其余方案高{gap:.0f}个百分点）；"
          "{assessable:.0%}的任务含可考核承诺。",
    "en": "{pair}: {n} tasks in {docs} document(s); the most distinctive theme is {theme} ({share:.0%} of tasks, "
          "{gap:.0f} points above the rest); {assessable:.0%} of tasks carry a checkable commitment.",
}


def pairing_findings(corpus: Corpus, lang: str = "zh", programmes: Collection[str] | None = None) -> pd.DataFrame:
    """pairing_id, finding — using the pairing's largest positive theme gap that rests on 3+ tasks."""
    tasks = select_tasks(corpus, programmes)
    if tasks.empty:
        return pd.DataFrame(columns=["pairing_id", "finding"])
    pairing_of = corpus.programmes.set_index("programme_id").pairing_id
    distinct = distinctive_themes(corpus, programmes, group="pairing")
    assess = assessable_share(corpus, programmes).assign(pairing_id=lambda t: t.programme_id.map(pairing_of))
    assess = assess.groupby("pairing_id")[["assessable", "tasks"]].sum()
    name_col = "en" if lang == "en" else "zh"
    theme_names = dict(zip(corpus.themes.theme_id, corpus.themes[name_col]))
    places = dict(zip(corpus.places.place_id, corpus.places[name_col]))
    pairs = corpus.pairings.set_index("pairing_id")
    rows = []
    for pairing_id, group in tasks.assign(pairing_id=tasks.programme_id.map(pairing_of)).groupby("pairing_id"):
        candidates = distinct[(distinct.group_id == pairing_id) & ~distinct.small]
        top = candidates.iloc[0] if len(candidates) else distinct[distinct.group_id == pairing_id].iloc[0]
        pair = pairs.loc[pairing_id]
        rows.append({
            "pairing_id": pairing_id,
            "finding": TEMPLATES[lang].format(
                pair=f"{places.get(pair.helper, pair.helper)}—{places.get(pair.recipient, pair.recipient)}",
                n=len(group), docs=group.programme_id.nunique(), theme=theme_names[top.theme_id], share=top.share,
                gap=top.gap_pp, assessable=assess.loc[pairing_id, "assessable"] / assess.loc[pairing_id, "tasks"],
            ),
        })
    return pd.DataFrame(rows)
