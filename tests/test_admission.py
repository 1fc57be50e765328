"""Which uploads are refused before anything reads them (analytics/admission.py): by the name's ending,
then by size. The uploaders take any file so that the refusal is worded in the reader's language."""

import pytest

from analytics.draft.reading import DRAFT_RULES
from analytics.admission import (EXTRACT_RULES, MAX_SESSION_BYTES, MAX_SESSION_FILES, OVER_SESSION,
                                 TOO_LARGE, WRONG_TYPE, refusal, refusals)

YAML = ("yaml", "yml")
DRAFT = ("txt", "docx", "pdf")


@pytest.mark.parametrize("name, size, types, limit, expected", [
    ("mine.yaml", 10, YAML, 1_000_000, None),
    ("MINE.YML", 10, YAML, 1_000_000, None),  # endings in capitals
    ("mine.yaml", 1_000_000, YAML, 1_000_000, None),  # exactly the limit
    ("mine.yaml", 1_000_001, YAML, 1_000_000, TOO_LARGE),
    ("setup.exe", 10, YAML, 1_000_000, WRONG_TYPE),
    ("setup.exe", 9_000_000, YAML, 1_000_000, WRONG_TYPE),  # the type is said first
    ("yaml", 10, YAML, 1_000_000, WRONG_TYPE),  # no ending at all
    ("plan.yaml.exe", 10, YAML, 1_000_000, WRONG_TYPE),  # only the last ending counts
    ("方案.pdf", 10, DRAFT, 5_000_000, None),
    ("方案.doc", 10, DRAFT, 5_000_000, WRONG_TYPE),  # .doc is not .docx
])
def test_refusal(name, size, types, limit, expected):
    assert refusal(name, size, types, limit) == expected


KB = 1_000


@pytest.mark.parametrize("files, most_files, most_bytes, expected", [
    # three files within both totals: all read
    ([("a.yaml", 100 * KB), ("b.yaml", 200 * KB), ("c.yaml", 300 * KB)], 3, 600 * KB, [None, None, None]),
    # the fourth file is one too many
    ([("a.yaml", 1), ("b.yaml", 1), ("c.yaml", 1), ("d.yaml", 1)], 3, 600 * KB, [None, None, None, OVER_SESSION]),
    # 100 + 200 + 301 kB is 1 kB past 600 kB: c and everything after it (d would fit alone, but the order decides)
    ([("a.yaml", 100 * KB), ("b.yaml", 200 * KB), ("c.yaml", 301 * KB), ("d.yaml", 1)], 10, 600 * KB,
     [None, None, OVER_SESSION, OVER_SESSION]),
    # files refused for their own name or size neither count nor are called over the total
    ([("x.exe", 1), ("big.yaml", 1_000_001), ("a.yaml", 300 * KB), ("b.yaml", 300 * KB)], 2, 600 * KB,
     [WRONG_TYPE, TOO_LARGE, None, None]),
    # a wrong type after the total is reached is still named as a wrong type
    ([("a.yaml", 1), ("b.yaml", 1), ("x.exe", 1)], 1, 600 * KB, [None, OVER_SESSION, WRONG_TYPE]),
    # no totals given: only the file's own checks (the drafting page's one document)
    ([("a.yaml", 1)] * 12, None, None, [None] * 12),
])
def test_refusals_read_files_in_order_until_the_session_total(files, most_files, most_bytes, expected):
    assert refusals(files, YAML, 1_000_000, most_files, most_bytes) == expected


def test_the_session_totals_hold_five_full_size_files_and_ten_files():
    """The totals the dashboard uses: five files at the 1 MB cap fit, a sixth does not; ten small files fit, an
    eleventh does not."""
    assert refusals([("f.yaml", 1_000_000)] * 6, YAML, 1_000_000, MAX_SESSION_FILES, MAX_SESSION_BYTES) == [None] * 5 + [OVER_SESSION]
    assert refusals([("f.yaml", 20 * KB)] * 11, YAML, 1_000_000, MAX_SESSION_FILES, MAX_SESSION_BYTES) == [None] * 10 + [OVER_SESSION]


@pytest.mark.parametrize("rules, files, expected", [
    (EXTRACT_RULES, [("f.yaml", 20 * KB)] * 11, [None] * 10 + [OVER_SESSION]),  # ten files per session
    (EXTRACT_RULES, [("f.yaml", 1_000_000)] * 5 + [("g.yml", 1)], [None] * 5 + [OVER_SESSION]),  # 5 MB in all
    (EXTRACT_RULES, [("plan.docx", 1), ("f.yaml", 1_000_001)], [WRONG_TYPE, TOO_LARGE]),
    (DRAFT_RULES, [("plan.docx", 4_000_000)] * 3, [None] * 3),  # one document at a time, no session total
    (DRAFT_RULES, [("plan.yaml", 1), ("scan.pdf", 5_000_001), ("plan.TXT", 5_000_000)], [WRONG_TYPE, TOO_LARGE, None]),
])
def test_each_uploader_follows_its_declared_rules(rules, files, expected):
    assert rules.refusals(files) == expected
