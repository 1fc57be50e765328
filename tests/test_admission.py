"""Which uploads are refused before anything reads them (analytics/admission.py): by the name's ending,
then by size. The uploaders take any file so that the refusal is worded in the reader's language."""

import pytest

from analytics.admission import TOO_LARGE, WRONG_TYPE, refusal

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
