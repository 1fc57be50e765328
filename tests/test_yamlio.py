"""analytics.corpus.yamlio: where a value was written (lines_of, line_at, key_line), worked out by hand from the text."""

from __future__ import annotations

import pytest

from analytics.corpus.yamlio import YamlError, line_at, key_line, read_yaml_bytes

TEXT = """\
programme:
  id: demo
  title:
    第一行
tasks:
  - id: t1
    text: 甲
    lead: [u1, u2]
  - id: t2
    text: >-
      乙
      丙
    lead:
      - u3
"""


@pytest.mark.parametrize("loc, line", [
    ((), 1),                                  # the whole file: its first key
    (("programme",), 2),                      # a mapping's line is its first key's
    (("programme", "id"), 2),
    (("programme", "title"), 4),              # the value, written on the line after its key
    (("tasks",), 6),
    (("tasks", 0), 6),
    (("tasks", 0, "lead"), 8),
    (("tasks", 0, "lead", 1), 8),             # a flow list keeps its items' line
    (("tasks", 1, "text"), 10),               # a folded text starts at its indicator
    (("tasks", 1, "lead", 0), 14),
    (("tasks", 1, "lead", 5), 14),            # past the end of a list: the list itself
    (("tasks", 7, "text"), 6),                # no such task: the deepest value reached
    (("tasks", "t1"), 6),                     # a key on a list: the list
    (("programme", 0), 2),                    # an index on a mapping: the mapping
    (("programme", "id", "more"), 2),         # below a text: the text
    (("nowhere",), 1),
])
def test_line_at(loc, line):
    assert line_at(read_yaml_bytes(TEXT.encode()).root, loc) == line


@pytest.mark.parametrize("loc, line", [
    (("programme", "title"), 3),              # where the field is written, not where its value starts
    (("tasks", 1, "lead"), 13),
    (("tasks", 1, "text"), 10),
    (("programme", "missing"), 2),            # no such key: the line of the deepest value reached
    (("tasks", 0, "lead", 0), 8),             # the end is a list index: its value's line
    (("tasks", 9, "id"), 6),
])
def test_key_line(loc, line):
    assert key_line(read_yaml_bytes(TEXT.encode()).root, loc) == line


def test_mappings_with_the_same_keys_share_them():
    root = read_yaml_bytes(TEXT.encode()).root
    first, second = root[3][1][1]  # the two tasks
    assert first[1] == ("id", "text", "lead") and first[1] is second[1]


def test_a_key_written_twice_is_refused_at_its_line():
    with pytest.raises(YamlError) as caught:
        read_yaml_bytes(b"a: 1\nb: 2\na: 3\n")
    assert caught.value.line == 3
