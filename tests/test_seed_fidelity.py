"""The corpus is faithful to the seeds: complete numbering, verbatim text, every unit clause captured.

The seed side is parsed here independently of the extracts and of the validator: the line ranges and
numbering patterns are read off each document by hand, and text is compared with this file's own
folding (`fold`), not the validator's normaliser. Every comparison is item by item over the full lists,
so a task missing at the end of a plan fails as surely as one in the middle.
"""

import re

import pytest

from analytics import paths

CN_NUM = "一二三四五六七八九十"
SECTION = re.compile(rf"^[#*\s]*([{CN_NUM}]+|\d)、\s*(.+?)[*\s]*$")
PAREN_ITEM = re.compile(rf"^[#*\s]*([（(][{CN_NUM}]+[)）])")
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

# Full-width ASCII forms (U+FF01–U+FF5E) to their ASCII letters: （ → (, ， → , and so on.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def fold(text):
    """What conversion varies and this comparison ignores: white space, #/* markup, full/half width."""
    return re.sub(r"[\s#*]+", "", text.translate(HALF_WIDTH))


def seed_items(programme_id):
    """[(section title, [(number as printed, item paragraph), ...]), ...] for sections with items."""
    file, first, last, task_pattern, safeguard_pattern = DOCUMENTS[programme_id]
    lines = (paths.SEEDS_DIR / file).read_text(encoding="utf-8").splitlines()[first - 1 : last]
    sections, current, pattern, open_item = [], None, None, None
    for line in lines:
        heading = SECTION.match(line)
        if heading:
            title = heading.group(2)
            open_item = None
            if "总体要求" in title:  # principles and goals, not tasks
                current, pattern = None, None
                continue
            pattern = safeguard_pattern if "保障措施" in title and safeguard_pattern else task_pattern
            current = (title, [])
            sections.append(current)
            continue
        if current is None:
            continue
        item = pattern.match(line)
        if item:
            open_item = [item.group(1), line]
            current[1].append(open_item)
        elif PAREN_ITEM.match(line) or DIGIT_ITEM.match(line):
            open_item = None  # a numbered line of the other level: what follows continues that one
        elif open_item and line.strip():
            open_item[1] += line  # continuation after a page break
    return [(title, [tuple(entry) for entry in items]) for title, items in sections if items]


def seed_paragraphs(programme_id):
    return [entry for _, items in seed_items(programme_id) for entry in items]


def extract_rows(corpus, programme_id):
    return corpus.tasks[corpus.tasks.programme_id == programme_id].sort_values("order")


def extract_sections(corpus, programme_id):
    counts = extract_rows(corpus, programme_id).groupby("section", sort=False).size()
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
    assert [len(items) for _, items in seed_items(programme_id)] == expected


@pytest.mark.parametrize("programme_id", DOCUMENTS)
def test_every_number_is_the_seed_number_as_printed(corpus, programme_id):
    """The full numbering, in order, with the seed's own bracket width (e.g. szq-fx (六)–(八) half-width)."""
    seed_numbers = [number for number, _ in seed_paragraphs(programme_id)]
    assert list(extract_rows(corpus, programme_id).number) == seed_numbers


@pytest.mark.parametrize(
    "programme_id, last_numbers",
    [  # the closing items of each plan, read off the seeds by hand
        ("szq-fx", ["（十五）", "（十六）", "（十七）"]),
        ("jn-ly-division", ["51", "52", "53"]),
        ("jn-ly-provincial", ["（二十）", "（二十一）", "（二十二）"]),
        ("jn-ly-2023", ["41", "42", "43"]),
        ("szq-gt", ["16", "17", "18"]),
        ("sc-yq", ["（一）", "（二）", "（三）"]),
        ("sh-sm", ["(二)", "(三)", "(四)"]),
    ],
)
def test_plans_end_where_the_seed_ends(corpus, programme_id, last_numbers):
    assert list(extract_rows(corpus, programme_id).number)[-3:] == last_numbers


@pytest.mark.parametrize("programme_id", DOCUMENTS)
def test_every_text_is_verbatim_in_its_own_seed_paragraph(corpus, programme_id):
    """Heading, text and unit clause of the n-th item are found in the n-th numbered paragraph of the seed."""
    paragraphs = [fold(paragraph) for _, paragraph in seed_paragraphs(programme_id)]
    rows = extract_rows(corpus, programme_id)
    assert len(rows) == len(paragraphs)
    missing = [
        (row.task_id, field)
        for row, paragraph in zip(rows.itertuples(), paragraphs)
        for field in ("heading", "text", "units_printed")
        if isinstance(getattr(row, field), str) and fold(getattr(row, field)) not in paragraph
    ]
    assert missing == []


def final_bracket(paragraph):
    """Content of the bracket that closes a paragraph, matching nested brackets; None if none."""
    text = fold(paragraph)
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


@pytest.mark.parametrize("programme_id", DOCUMENTS)
def test_every_printed_unit_clause_is_captured(corpus, programme_id):
    """Full lists: the closing bracket of every seed paragraph (None where there is none) is the extract's clause."""
    printed = [final_bracket(paragraph) for _, paragraph in seed_paragraphs(programme_id)]
    captured = [fold(u) if isinstance(u, str) else None for u in extract_rows(corpus, programme_id).units_printed]
    assert captured == printed


@pytest.mark.parametrize(
    "programme_id, tasks_with_clause, items",
    [  # hand count: which plans print a responsibility clause after every task, and which after none
        ("szq-fx", 17, 17),
        ("jn-ly-division", 53, 53),
        ("jn-ly-2023", 43, 43),
        ("szq-gt", 18, 18),
        ("sc-yq", 21, 24),  # 21 tasks with 责任单位; the three 保障措施 print none
        ("sh-sm", 0, 29),  # names no departments at all
        ("jn-ly-provincial", 0, 22),  # headings reconstructed from the division plan
    ],
)
def test_which_items_print_a_unit_clause(corpus, programme_id, tasks_with_clause, items):
    rows = extract_rows(corpus, programme_id)
    assert (len(rows), int(rows.units_printed.notna().sum())) == (items, tasks_with_clause)


def test_plan_without_units_has_none(corpus):
    assert corpus.tasks[corpus.tasks.programme_id == "sh-sm"].units_printed.isna().all()
    assert (corpus.task_units.programme_id != "sh-sm").all()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("（牵头部门： 两地\n农业农村局）", "(牵头部门:两地农业农村局)"),
        ("**1．**加强", "1.加强"),
        ("〔责任单位〕", "〔责任单位〕"),
    ],
)
def test_fold_only_drops_space_markup_and_width(text, expected):
    assert fold(text) == expected
