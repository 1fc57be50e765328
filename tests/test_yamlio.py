"""analytics.corpus.yamlio: where a value was written (lines_of, line_at, key_line), worked out by hand from the text."""

from __future__ import annotations

import pytest

from analytics.corpus.yamlio import SHARED_TEXT_CHARS, YamlError, key_line, line_at, read_yaml_bytes, yaml_files

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


def test_line_numbers_and_short_texts_are_one_object_across_files():
    """What validating keeps of every file is mostly line numbers and ids: one object each, not one per value."""
    one, two = read_yaml_bytes(TEXT.encode()), read_yaml_bytes(TEXT.encode())
    programme_one, programme_two = one.root[3][0], two.root[3][0]
    assert programme_one[2] == (2, 3) and programme_one[2][0] is programme_two[2][0]
    number = (300, 300)  # past the small numbers Python shares anyway
    late_one, late_two = (read_yaml_bytes(("\n" * 299 + "a: x\n").encode()).root for _ in number)
    assert late_one[2] == (300,) and late_one[2][0] is late_two[2][0]
    # a mapping whose texts stand on their keys' lines keeps one tuple for both
    first_task = one.root[3][1][1][0]
    assert first_task[2] == (6, 7, 8) and first_task[3] != first_task[2]  # lead's list is not a line
    title = read_yaml_bytes(b"id: t1\ntext: x\n").root
    assert title[3] is title[2]
    assert one.data["tasks"][0]["id"] is two.data["tasks"][0]["id"]  # a short text: one object
    long = "长" * (SHARED_TEXT_CHARS + 1)
    first_long, second_long = (read_yaml_bytes(f"text: {long}\n".encode()).data["text"] for _ in number)
    assert first_long == second_long and first_long is not second_long  # a long text is kept as read


# A deployment's own cap for files in data/ ($PAIRED_MAX_FILE_MB): a unit registry of 18,000 bodies (the 100× corpus,
# bench/generate.py) is 2.6 MB, over the 2 MB default, and a plain `streamlit run` refused it (a helper's walk).
@pytest.mark.parametrize("setting, cap", [
    (None, 2_000_000), ("", 2_000_000),  # unset: the default
    ("3", 3_000_000), (" 30 ", 30_000_000), ("1", 1_000_000), ("1024", 1_024_000_000),  # whole MB, 1 to 1024
    ("0", 2_000_000), ("1025", 2_000_000), ("-5", 2_000_000), ("2.5", 2_000_000), ("1e9", 2_000_000), ("lots", 2_000_000),
    ("９", 2_000_000),  # a full-width nine: a digit to str.isdigit and to int(), not an ASCII number
])
def test_the_curated_cap_is_a_whole_number_of_megabytes_or_the_default(setting, cap):
    from analytics.corpus.yamlio import curated_cap

    assert curated_cap(setting) == cap


@pytest.mark.parametrize("setting, cap", [("3", 3_000_000), ("x", 2_000_000)])
def test_the_cap_is_read_from_the_environment_when_the_module_loads(setting, cap):
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "from analytics.corpus import yamlio; print(yamlio.MAX_BYTES)"],
                          env={**os.environ, "PAIRED_MAX_FILE_MB": setting}, capture_output=True, text=True, check=True)
    assert int(done.stdout) == cap


def test_a_file_over_the_cap_is_told_the_setting_that_would_take_it():
    from analytics.corpus.yamlio import size_problem

    message = size_problem(2_639_064, 2_000_000, uploaded=False)  # the 100× units.yaml
    assert message.startswith("file is 2.6 MB; the limit for a file in data/ is 2 MB") and "PAIRED_MAX_FILE_MB set to 3" in message


@pytest.mark.parametrize("names, expected", [
    # the real corpus (data/programmes): the order of its names as text, unchanged
    (["szq-gt.yaml", "jn-ly-division.yaml", "sh-sm.yaml", "jn-ly-2023.yaml", "sc-yq.yaml"],
     ["jn-ly-2023.yaml", "jn-ly-division.yaml", "sc-yq.yaml", "sh-sm.yaml", "szq-gt.yaml"]),
    # numbered copies (bench/generate.py): numbers as numbers, so 2 before 10 (a walk at 100× met …·1, …·10, …·11, …·2)
    (["p-c10.yaml", "p-c2.yaml", "p.yaml", "p-c1.yml", "p-c11.yaml"],
     ["p.yaml", "p-c1.yml", "p-c2.yaml", "p-c10.yaml", "p-c11.yaml"]),
    (["a9b.yaml", "a10a.yaml", "a9a.yaml", "notes.txt"], ["a9a.yaml", "a9b.yaml", "a10a.yaml"]),  # only YAML files
])
def test_yaml_files_come_in_number_order(tmp_path, names, expected):
    for name in names:
        (tmp_path / name).write_text("{}\n", encoding="utf-8")
    assert [p.name for p in yaml_files(tmp_path)] == expected
