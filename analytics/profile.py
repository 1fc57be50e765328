"""One programme's profile: metadata, structure, theme profile and named units."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.corpus import Corpus
from analytics.themes import theme_shares
from analytics.workload import department_workload

FIELDS = {  # column → (中文, English)
    "title": ("标题", "Title"), "doc_number": ("文号", "Document number"), "issuers": ("发文机关", "Issued by"),
    "issued": ("发布日期", "Issued"), "date_note": ("日期说明", "Date note"), "status": ("状态", "Status"),
    "cooperation_type": ("合作类型", "Cooperation type"), "helper": ("帮扶方", "Helper side"),
    "recipient": ("受援方", "Recipient side"), "period": ("期限", "Period"), "tasks": ("任务数", "Tasks"),
    "key_tasks": ("重点任务数", "Key tasks"), "safeguards": ("保障措施", "Safeguards"),
    "units_named": ("列明责任单位", "Units named"), "source_file": ("来源文件", "Seed file"),
    "curator_notes": ("整理说明", "Curator notes"),
}


@dataclass(frozen=True)
class ProgrammeProfile:
    metadata: pd.DataFrame
    structure: pd.DataFrame
    themes: pd.DataFrame
    units: pd.DataFrame


def programme_profile(corpus: Corpus, programme_id: str, lang: str = "zh") -> ProgrammeProfile:
    row = corpus.programmes.set_index("programme_id").loc[programme_id]
    position = 1 if lang == "en" else 0
    values = []
    for column, labels in FIELDS.items():
        value = row[column]
        if column == "issued":
            value = value.strftime("%Y-%m-%d") if pd.notna(value) else "—"
        values.append({"field": labels[position], "value": "—" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)})
    tasks = corpus.tasks[corpus.tasks.programme_id == programme_id]
    counts = tasks.groupby("section").size()
    structure = corpus.sections[corpus.sections.programme_id == programme_id].assign(
        items=lambda s: s.section.map(counts).fillna(0).astype(int)
    )[["section", "title", "kind", "subsections", "items"]]
    themes = theme_shares(corpus, [programme_id])
    units = department_workload(corpus, [programme_id], level="unit")
    return ProgrammeProfile(metadata=pd.DataFrame(values), structure=structure.reset_index(drop=True),
                            themes=themes, units=units)
