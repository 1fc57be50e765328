"""Responsibility clauses: finding them at the end of a task and splitting them into roles.

Printed forms handled (see tests/test_draft.py for one case of each):
  （牵头单位：…；参与单位：…）  （牵头部门：…；配合部门：…）  （…牵头，…分工负责）  （…牵头，…参与）
  （责任单位：…）  〔责任单位：…〕  [责任单位:…]  (由…负责)  （…负责）  （…分工负责）
  a clause on its own line after the item, brackets of mixed width, a labelled clause as the item's last sentence
  (…。牵头单位：…；责任单位：…。), and "…，下同" which carries the
  clause to the later items of the same sub-heading (or section) that print none.
Roles follow the schema: 牵头 → lead; 参与/配合/协同/分工负责 beside a lead → support; 责任单位, 负责,
or 分工负责 with no lead → responsible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = "（(〔[［【"
CLOSE = "）)〕]］】"
CLAUSE_WORDS = re.compile(r"牵头|负责|责任单位|责任部门|参与单位|参与部门|配合单位|配合部门|协同单位|协办单位|主办单位")
LABEL_RE = re.compile(
    r"(牵头单位|牵头部门|主责单位|主办单位|参与单位|参与部门|配合单位|配合部门|协同单位|协同部门|协办单位|"
    r"责任单位|责任部门|实施单位)\s*[：:]"
)
LEAD_LABELS = ("牵头", "主责", "主办")
SUPPORT_LABELS = ("参与", "配合", "协同", "协办")
CARRY_RE = re.compile(r"[，,；;、\s]*(以下|下同)[^，,；;]*$|[，,；;\s]*下同")


@dataclass(frozen=True)
class ClausePart:
    printed: str  # the bodies as printed, e.g. 两市市委组织部、文化和旅游局
    role: str  # lead | support | responsible


@dataclass(frozen=True)
class Clause:
    printed: str  # the clause without its brackets (units_printed), 下同 included when printed
    parts: tuple[ClausePart, ...]
    carries: bool  # "下同": applies to the later items that print no clause


SENTENCE_END = "。；;！？!?"


def _bare_clause(body: str) -> tuple[str, str] | None:
    """A clause printed without brackets as the text's last sentence, led by its label: "…产业耦合关系。牵头单位：区发改局；
    责任单位：区商务局、区工信局。" (a walk: a plan written so drafted no body at all, and nothing said so)."""
    text = body.rstrip().rstrip("。")
    for match in LABEL_RE.finditer(text, text.rfind("。") + 1):  # the clause holds no 。: only labels after the last one
        end = match.start() - 1
        while end >= 0 and text[end].isspace():
            end -= 1
        if end >= 0 and text[end] in SENTENCE_END:  # one pass over the text: each label looks back over its spaces only
            return text[:end + 1], text[match.start():]
    return None


def trailing_clause(text: str) -> tuple[str, str] | None:
    """(text before the clause, clause without brackets) when the text ends with a bracketed clause, or with a clause
    led by its label as its last sentence."""
    body = text.rstrip()
    if not body:
        return None
    if body[-1] not in CLOSE:
        return _bare_clause(body)
    depth = 0
    for index in range(len(body) - 1, -1, -1):
        char = body[index]
        if char in CLOSE:
            depth += 1
        elif char in OPEN:
            depth -= 1
            if depth == 0:
                inner = body[index + 1 : -1].strip()
                if CLAUSE_WORDS.search(inner) or looks_like_units(inner):
                    return body[:index].rstrip(), inner
                return None
    return None


UNIT_END = re.compile(r"(局|委|部|办|中心|政府|管委会|管理委员会|集团|公司|联|会|院|校|所|站|处|科|室|行|分局|园区|部门|单位)$")


def looks_like_units(inner: str) -> bool:
    """A bare list of bodies in brackets, e.g. （两市教育局、科技局）."""
    items = [s for s in re.split(r"[、，,；;及和]", inner) if s.strip()]
    return bool(items) and len(inner) <= 200 and all(UNIT_END.search(s.strip()) for s in items) and "：" not in inner


def _strip(segment: str) -> str:
    return segment.strip().strip("；;，,、 ").strip()


def parse_clause(inner: str) -> Clause:
    """Split a clause (without brackets) into its printed parts and roles."""
    carries = bool(re.search(r"下同", inner))
    content = CARRY_RE.sub("", inner).strip() if carries else inner
    parts: list[tuple[str, str]] = []  # (label kind, printed)
    labels = list(LABEL_RE.finditer(content))
    if labels:
        for index, match in enumerate(labels):
            end = labels[index + 1].start() if index + 1 < len(labels) else len(content)
            label = match.group(1)
            kind = "lead" if label.startswith(LEAD_LABELS) else "support" if label.startswith(SUPPORT_LABELS) else "responsible"
            printed = _strip(content[match.end() : end])
            if printed:
                parts.append((kind, printed))
    else:
        body = content
        if body.startswith("由"):
            body = body[1:]
        lead = re.match(r"^(.*?)牵头[，,；;、]?\s*(.*)$", body)
        if lead:
            parts.append(("lead", _strip(lead.group(1))))
            rest = re.sub(r"(分工负责|共同负责|配合|参与|协同|负责)$", "", lead.group(2).strip()).strip()
            if _strip(rest):
                parts.append(("support", _strip(rest)))
        else:
            body = re.sub(r"(分工负责|共同负责|负责落实|负责)$", "", body.strip()).strip()
            if _strip(body):
                parts.append(("responsible", _strip(body)))
    has_lead = any(kind == "lead" for kind, _ in parts)
    resolved = tuple(
        ClausePart(printed, kind if kind == "lead" else "support" if has_lead else "responsible")
        for kind, printed in parts
    )
    return Clause(inner, resolved, carries)
