"""From cleaned lines to documents, paragraphs, sections, sub-headings and numbered items.

Rules (each is tested in tests/test_draft.py with variants of seed passages):
- A document starts at its title: up to three adjacent lines ending in 方案/要点/计划/意见/措施…
  (optionally followed by （征求意见稿） or (2023—2025年)) and followed by the preamble (为…/根据…/按照…)
  or by a section heading. Lines before the first title are the covering notice.
- A line continues the paragraph before it unless it starts with a number or the paragraph before
  ends a sentence or clause (。；：！？ or a closing bracket) or is itself a short numbered heading.
- Sections are 一、二、… (and the odd `2、` where 二、 is due); sub-headings （一）/(一); items 1. 1、
  （1） or （一） where those are the task level. The task level of a section is the shallowest level
  whose items carry body text; shorter levels above it are sub-headings; deeper ones stay in the text.
- 总体要求/指导思想/基本原则/工作目标 sections are kept out of the tasks; 保障措施 sections hold safeguards.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from analytics.draft.reading import MAX_LINES, Line

CN_DIGITS = "一二三四五六七八九十"
_CN = f"[{CN_DIGITS}]+"
SECTION_RE = re.compile(rf"^({_CN})\s*[、.．]\s*(.*)$")
ODD_SECTION_RE = re.compile(r"^(\d{1,2})\s*、\s*(.*)$")
PAREN_CN_RE = re.compile(rf"^([（(]\s*{_CN}\s*[）)])\s*(.*)$")
# a task number of as many digits as a text may have lines (an attack: past 9999, four digits, every task was glued into
# task 9999); a digit after the mark makes it a year or a decimal ("2023、2024年", "2025.5"), text
ARABIC_RE = re.compile(rf"^(\d{{1,{len(str(MAX_LINES))}}})\s*[.．、](?![\d])\s*(.*)$")
PAREN_AR_RE = re.compile(r"^([（(]\s*\d{1,3}\s*[）)])\s*(.*)$")
TERMINAL = tuple("。；;！？!?：:）)〕］]】」")
TITLE_RE = re.compile(
    r"^(?!关于|印发)[^。；，,]{4,90}(方案|要点|计划|意见|措施|规划|办法|细则|清单)"
    r"(\s*[（(][^（()）]{2,20}[）)])*$"
)
PREAMBLE_RE = re.compile(r"^(为|根据|按照|依据|贯彻|结合|近年来|当前)")
GENERAL_RE = re.compile(r"总体要求|指导思想|基本原则|合作原则|工作目标|主要目标|总体目标|总体思路")
SAFEGUARD_RE = re.compile(r"保障措施|保障机制|组织实施")


def cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十四 → 14, 二十二 → 22."""
    value = 0
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (CN_DIGITS.index(tens) + 1 if tens else 1) * 10
        text = ones
    return value + (CN_DIGITS.index(text) + 1 if text else 0)


def to_cn(number: int) -> str:
    if number <= 10:
        return CN_DIGITS[number - 1]
    tens, ones = divmod(number, 10)
    return (CN_DIGITS[tens - 1] if tens > 1 else "") + "十" + (CN_DIGITS[ones - 1] if ones else "")


def squeeze(text: str) -> str:
    """Spaces that conversion put between Chinese characters or digits removed (titles only)."""
    return re.sub(r"(?<=[^\x00-\x7f\d])\s+|\s+(?=[^\x00-\x7f\d])|(?<=\d)\s+(?=\d)", "", text).strip()


@dataclass
class Paragraph:
    text: str
    line: int
    end_line: int
    lines: list[int] = field(default_factory=list)


@dataclass
class Item:
    """One numbered paragraph (with any unnumbered paragraphs after it) or an unnumbered one."""

    level: str | None  # section | paren_cn | arabic | paren_ar | None (body text)
    number: str  # as printed (section: the Chinese numeral without 、)
    rest: str
    line: int
    end_line: int


def marker(text: str, expected_section: int | None) -> tuple[str, str, str] | None:
    """(level, number, rest) when the paragraph starts with a number, else None."""
    folded = text
    if m := SECTION_RE.match(folded):
        return "section", m.group(1), m.group(2).strip()
    if m := PAREN_CN_RE.match(folded):
        return "paren_cn", m.group(1).replace(" ", ""), m.group(2).strip()
    if m := PAREN_AR_RE.match(folded):
        return "paren_ar", m.group(1).replace(" ", ""), m.group(2).strip()
    if (m := ODD_SECTION_RE.match(folded)) and expected_section and int(m.group(1)) == expected_section \
            and heading_like(m.group(2)) and len(m.group(2).strip()) <= 15:
        return "section", to_cn(int(m.group(1))), m.group(2).strip()
    if m := ARABIC_RE.match(folded):
        return "arabic", m.group(1), m.group(2).strip()
    return None


def heading_like(rest: str) -> bool:
    """A short title with no sentence in it (a trailing 。 allowed)."""
    core = rest.strip().rstrip("。.")
    return 0 < len(core) <= 40 and not re.search(r"[。；;]", core) and not re.search(r"[（(〔\[【][^）)〕\]】]*(牵头|负责|责任单位)", core)


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    out: list[Paragraph] = []
    section_no = 0
    for line in lines:
        found = marker(line.text, section_no + 1 if section_no else None)
        if found and found[0] == "section":
            section_no = cn_number(found[1])
        if out and not found:
            last = out[-1]
            last_found = marker(last.text, None)
            short_heading = last_found is not None and (last_found[0] == "section" or (
                heading_like(last_found[2]) and len(last_found[2].rstrip("。")) <= 20 and not re.search(r"[，,、]", last_found[2])))
            if not last.text.endswith(TERMINAL) and not short_heading:
                last.text += line.text
                last.end_line = line.no
                last.lines.append(line.no)
                continue
        out.append(Paragraph(line.text, line.no, line.no, [line.no]))
    return out


@dataclass
class DocumentSpan:
    title: str
    title_line: int
    start: int  # index into the cleaned lines of the first line after the title
    stop: int  # index after the last line


def find_documents(lines: list[Line]) -> list[DocumentSpan]:
    """Every document in the text, by its title; the lines before the first title are the notice."""
    spans: list[tuple[str, int, int]] = []  # title, title line, index after the title
    index = 0
    while index < len(lines) - 1:
        nxt = lines[index + 1].text
        starts_body = PREAMBLE_RE.match(nxt) or SECTION_RE.match(nxt)
        if starts_body:
            best = None
            for k in (1, 2, 3):
                first = index - k + 1
                if first < 0:
                    break
                group = lines[first : index + 1]
                if any(b.no - a.no != 1 for a, b in zip(group, group[1:])):
                    break
                if k > 1 and (group[0].text.endswith(TERMINAL) or re.search(r"\d\s*日$|公开发布", group[0].text)):
                    break  # a title's first lines run on; 「（此件公开发布）」 or a date ends the notice
                joined = squeeze("".join(line.text for line in group))
                if "通知" in joined or "现将" in joined:
                    break
                if TITLE_RE.match(unicodedata.normalize("NFKC", joined)) and marker(group[0].text, None) is None:
                    best = (joined, group[0].no, index + 1)
            if best:
                spans.append(best)
        index += 1
    documents = []
    for number, (title, title_line, start) in enumerate(spans):
        stop = len(lines)
        if number + 1 < len(spans):
            next_title_line = spans[number + 1][1]
            stop = next(i for i, line in enumerate(lines) if line.no == next_title_line)
        documents.append(DocumentSpan(title, title_line, start, stop))
    return documents


@dataclass
class ParsedItem:
    kind: str  # task | safeguard
    section: str
    subsection: str | None
    subsection_index: int | None
    number: str
    heading: str | None
    text: str
    clause: str | None
    line: int
    end_line: int
    clause_line: int | None = None


@dataclass
class ParsedBody:
    sections: list[tuple[str, str, str, int, list[tuple[str, str]]]]  # number, title, kind, line, subsections
    items: list[ParsedItem]
    unplaced: list[tuple[int, str]]  # (line, why)
    subsection_clauses: dict[tuple[str, str], tuple[str, int]]  # (section, sub) → (clause printed, line)


# A lead-in title is short (the longest curated one has 19 characters) and lists nothing.
_HEAD_RE = re.compile(r"^([^。，,；;：:！？、]{2,20})。(.+)$", re.S)


def split_heading(rest: str, body: list[str]) -> tuple[str | None, str]:
    """(lead-in title, body text) of an item: a short first sentence is its title; a title alone on
    its line takes the paragraphs after it as its text."""
    if body and heading_like(rest):
        return rest.strip().rstrip("。."), "".join(body)
    whole = rest + "".join(body)
    if m := _HEAD_RE.match(whole):
        return m.group(1), m.group(2)
    return None, whole


def section_kind(title: str) -> str:
    if GENERAL_RE.search(title):
        return "general"
    if SAFEGUARD_RE.search(title) and len(title) <= 12:
        return "safeguards"
    return "tasks"


def parse_body(paras: list[Paragraph]) -> ParsedBody:
    from analytics.draft.clauses import trailing_clause

    sections: list[tuple[str, str, str, int, list[tuple[str, str]]]] = []
    blocks: list[list[tuple[tuple[str, str, str] | None, Paragraph]]] = []
    unplaced: list[tuple[int, str]] = []
    section_no = 0
    for para in paras:
        found = marker(para.text, section_no + 1 if section_no else None)
        if found and found[0] == "section":
            section_no = cn_number(found[1])
            title = found[2].strip().rstrip("。")
            sections.append((found[1], title, section_kind(title), para.line, []))
            blocks.append([])
            continue
        if not sections:
            continue  # preamble before the first section
        blocks[-1].append((found, para))
    items: list[ParsedItem] = []
    sub_clauses: dict[tuple[str, str], tuple[str, int]] = {}
    for (number, title, kind, line, subsections), block in zip(sections, blocks):
        levels = [f[0] for f, _ in block if f]
        present = [lv for lv in ("paren_cn", "arabic", "paren_ar") if lv in levels]
        if kind == "general":
            subsections.extend((f[1], f[2].rstrip("。")) for f, _ in block if f and f[0] == "paren_cn" and heading_like(f[2]))
            continue
        task_level = None
        for index, level in enumerate(present):
            entries = [(f, p) for f, p in block if f and f[0] == level]
            deeper = present[index + 1 :]
            headings = sum(heading_like(f[2]) for f, _ in entries)
            followed_by_deeper = False
            if deeper:
                positions = [i for i, (f, _) in enumerate(block) if f and f[0] == level]
                followed_by_deeper = all(
                    i + 1 < len(block) and block[i + 1][0] is not None and block[i + 1][0][0] in deeper for i in positions
                )
            if deeper and headings == len(entries) and followed_by_deeper:
                continue  # a sub-heading level
            task_level = level
            break
        if task_level is None and present:
            task_level = present[-1]
        sub_level = next((lv for lv in present if task_level and present.index(lv) < present.index(task_level)), None)
        current: list | None = None  # [found, para, extra paragraphs]
        subsection: tuple[str, int] | None = None
        grouped: list[tuple[tuple[str, str, str], Paragraph, list[Paragraph], tuple[str, int] | None]] = []
        for found, para in block:
            if found and found[0] == task_level:
                current = [found, para, []]
                grouped.append((found, para, current[2], subsection))
            elif found and found[0] == sub_level:
                sub_title = found[2].rstrip("。")
                cut = trailing_clause(sub_title)
                if cut:
                    sub_title = cut[0].rstrip("。")
                    sub_clauses[(number, found[1])] = (cut[1], para.line)
                subsections.append((found[1], sub_title))
                subsection = (found[1], len(subsections))
                current = None
            elif current is not None:
                current[2].append(para)
            else:
                unplaced.append((para.line, "text before the first item of its section or sub-heading"))
        for found, para, extra, sub in grouped:
            heading, text = split_heading(found[2], [p.text for p in extra])
            end_line = extra[-1].end_line if extra else para.end_line
            clause = clause_line = None
            cut = trailing_clause(text)
            if cut:
                text, clause = cut
                clause_line = end_line
            items.append(ParsedItem(
                kind="safeguard" if kind == "safeguards" else "task",
                section=number, subsection=sub[0] if sub else None, subsection_index=sub[1] if sub else None,
                number=found[1], heading=heading, text=text.strip(), clause=clause, line=para.line,
                end_line=end_line, clause_line=clause_line,
            ))
    return ParsedBody(sections, items, unplaced, sub_clauses)
