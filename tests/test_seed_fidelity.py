"""The corpus is faithful to the seeds: complete numbering, verbatim text, every unit clause captured.

The seed side is parsed here independently of the extracts, with patterns read off each document.
"""

import re

import pytest

from analytics import paths
from analytics.validate import normalise_for_matching

CN_NUM = "一二三四五六七八九十"
SECTION = re.compile(rf"^[#*\s]*([{CN_NUM}]+|\d)、\s*(.+?)[*\s]*$")
PAREN_ITEM = re.compile(rf"^[#*\s]*[（(]([{CN_NUM}]+)[)）]")
DIGIT_ITEM = re.compile(r"^[#*\s]*(\d+)[.．]\s*\S")

# programme: (seed, first line, last line, item pattern in task sections, in safeguard sections)
DOCUMENTS = {
    "szq-fx": ("szq-fx.txt", 24, 83, PAREN_ITEM, None),
    "jn-ly-division": ("jn-ly.txt", 25, 209, DIGIT_ITEM, None),
    "jn-ly-provincial": ("jn-ly.txt", 25, 209, PAREN_ITEM, None),
    "jn-ly-2023": ("jn-ly.txt", 211, 345, DIGIT_ITEM, None),
    "szq-gt": ("szq-gt.txt", 14, 41, DIGIT_ITEM, None),
    "sc-yq": ("sc-yq.txt", 1, 50, DIGIT_ITEM, PAREN_ITEM),
    "sh-sm": ("sh-sm.txt", 1, 108, DIGIT_ITEM, PAREN_ITEM),
}


def seed_items(programme_id):
    """[(section title, [item paragraph, ...]), ...] for sections that hold tasks or safeguards."""
    file, first, last, task_pattern, safeguard_pattern = DOCUMENTS[programme_id]
    lines = (paths.SEEDS_DIR / file).read_text(encoding="utf-8").splitlines()[first - 1 : last]
    sections, current, pattern = [], None, None
    for line in lines:
        heading = SECTION.match(line)
        if heading:
            title = heading.group(2)
            if "总体要求" in title:  # principles and goals, not tasks
                current, pattern = None, None
                continue
            pattern = safeguard_pattern if "保障措施" in title and safeguard_pattern else task_pattern
            current = (title, [])
            sections.append(current)
            continue
        if current is None:
            continue
        if pattern.match(line):
            current[1].append(line)
        elif current[1] and line.strip() and not PAREN_ITEM.match(line) and not SECTION.match(line):
            current[1][-1] += line  # continuation after a page break
    return [(title, items) for title, items in sections if items]


def extract_sections(corpus, programme_id):
    tasks = corpus.tasks[corpus.tasks.programme_id == programme_id]
    counts = tasks.groupby("section", sort=False).size()
    return list(counts.values)


@pytest.mark.parametrize("programme_id", DOCUMENTS)
def test_numbered_items_per_section_match_seed(corpus, programme_id):
    assert programme_id in set(corpus.programmes.programme_id), f"{programme_id} did not load"
    seed_counts = [len(items) for _, items in seed_items(programme_id)]
    assert extract_sections(corpus, programme_id) == seed_counts


@pytest.mark.parametrize(
    "programme_id, expected",
    [  # counted by hand from the seeds
        ("szq-fx", [2, 3, 1, 2, 3, 3, 3]),
        ("jn-ly-division", [6, 9, 4, 4, 13, 6, 5, 6]),
        ("jn-ly-provincial", [3, 3, 2, 2, 5, 2, 2, 3]),
        ("jn-ly-2023", [5, 6, 6, 6, 4, 6, 5, 2, 3]),
        ("szq-gt", [8, 5, 5]),
        ("sc-yq", [21, 3]),
        ("sh-sm", [25, 4]),
    ],
)
def test_items_per_section_counted_by_hand(corpus, programme_id, expected):
    assert extract_sections(corpus, programme_id) == expected


def test_every_text_is_verbatim_in_its_seed(corpus):
    seeds = {}
    missing = []
    merged = corpus.tasks.merge(corpus.programmes[["programme_id", "source_file"]], on="programme_id")
    for row in merged.itertuples():
        if row.source_file not in seeds:
            seeds[row.source_file] = normalise_for_matching((paths.SEEDS_DIR / row.source_file).read_text("utf-8"))
        for field in ("heading", "text", "units_printed"):
            value = getattr(row, field)
            if isinstance(value, str) and normalise_for_matching(value) not in seeds[row.source_file]:
                missing.append((row.task_id, field))
    assert missing == []


def _final_bracket(paragraph):
    """Content of the bracket that closes a task paragraph, matching nested brackets; None if none."""
    text = normalise_for_matching(paragraph)
    closing = {")": "(", "〕": "〔"}
    if not text or text[-1] not in closing:
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in closing:
            depth += 1
        elif char in closing.values():
            depth -= 1
            if depth == 0:
                return text[index + 1 : -1]
    return None


@pytest.mark.parametrize("programme_id", ["szq-fx", "jn-ly-division", "jn-ly-2023", "szq-gt", "sc-yq"])
def test_every_printed_unit_clause_is_captured(corpus, programme_id):
    printed = [_final_bracket(p) for _, items in seed_items(programme_id) for p in items]
    tasks = corpus.tasks[(corpus.tasks.programme_id == programme_id) & (corpus.tasks.kind == "task")]
    captured = [normalise_for_matching(u) if isinstance(u, str) else None for u in tasks.units_printed]
    assert captured == printed[: len(captured)]
    assert all(clause for clause in printed[: len(captured)]), "every task of this plan prints a unit clause"


def test_plan_without_units_has_none(corpus):
    assert corpus.tasks[corpus.tasks.programme_id == "sh-sm"].units_printed.isna().all()
    assert (corpus.task_units.programme_id != "sh-sm").all()
