"""analytics.corpus.characters: one list of invisible characters, and each place that drops them takes the list and
adds only its own. Expected values are worked out by hand from Unicode's code charts, one row per character."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from pydantic import TypeAdapter, ValidationError

from analytics.corpus.characters import CONTROLS, character_class, characters
from analytics.corpus.schema import Text
from analytics.draft.reading import clean_text
from analytics.outputs.export import table_xlsx
from ui.report.safe import plain

# character, refused by the schema, dropped from Excel cells, by the drafting reader, from every text shown.
ROWS = [
    ("\x00", True, True, True, True),  # NUL, first C0 control
    ("\x07", True, True, True, True),  # BEL, as YAML's "\a" writes it
    ("\x08", True, True, True, True),  # backspace, last before tab
    ("\t", False, False, False, False),  # tab, kept everywhere
    ("\n", False, False, False, False),  # newline
    ("\x0b", True, True, True, True),  # vertical tab
    ("\x0c", True, True, True, True),  # form feed
    ("\r", False, False, False, False),  # carriage return
    ("\x0e", True, True, True, True),  # shift out
    ("\x1f", True, True, True, True),  # unit separator, last C0 control
    (" ", False, False, False, False),
    ("~", False, False, False, False),  # last printable ASCII
    ("\x7f", True, True, True, True),  # DEL
    ("\x85", True, True, True, True),  # next line (C1)
    ("\x9f", True, True, True, True),  # last C1 control
    ("\xa0", False, False, False, False),  # no-break space: a space
    ("\u00ad", False, False, True, False),  # soft hyphen: invisible formatting (Cf), the drafting reader drops it
    ("\u061c", False, True, True, True),  # Arabic letter mark: bidi, a screen, a file cell and the reader drop it
    ("\u200b", False, False, True, False),  # zero-width space (an attack: "区商务局\u200b" drafted as a new body)
    ("\u200e", False, True, True, True),  # left-to-right mark
    ("\u202e", False, True, True, True),  # right-to-left override (an attack: "…\u202egpj.exe" read "…exe.jpg" in Excel)
    ("\u2069", False, True, True, True),  # pop directional isolate
    ("\u2028", False, False, False, True),  # line separator
    ("\u2029", False, False, False, True),  # paragraph separator
    ("\u2060", False, False, True, False),  # word joiner: the escape rule's own invisible break; a pasted one is dropped
    ("\u3000", False, False, False, False),  # ideographic space (the reader turns it into a space, not dropped)
    ("\ud800", False, True, True, True),  # a lone surrogate: only a reader's text can hold it, never YAML
    ("\ufeff", False, False, True, False),  # byte-order mark: a converted document's first character
    ("\ufffe", True, True, True, True),  # noncharacter XML refuses
    ("\uffff", True, True, True, True),
    ("中", False, False, False, False),
    ("\U000e0041", False, False, True, False),  # a tag character (Cf), past U+FFFF
]


def _schema_refuses(character: str) -> bool:
    try:
        TypeAdapter(Text).validate_python(f"a{character}b")
    except ValidationError:
        return True
    return False


def _cell_drops(character: str) -> bool:
    workbook = openpyxl.load_workbook(io.BytesIO(table_xlsx(pd.DataFrame({"text": pd.Series([f"a{character}b"], dtype=object)}), pd.DataFrame(), "t")))
    return workbook["t"]["A2"].value == "ab"


@pytest.mark.parametrize(("character", "schema", "cells", "reader", "shown"), ROWS,
                         ids=[f"U+{ord(row[0]):04X}" for row in ROWS])
def test_each_place_drops_the_shared_list_and_only_its_own_extras(character, schema, cells, reader, shown):
    if character != "\ud800":  # pydantic cannot take a lone surrogate (Rust strings are UTF-8); no YAML file holds one
        assert _schema_refuses(character) is schema
    assert _cell_drops(character) is cells
    assert (clean_text(f"a{character}b") == "ab") is reader
    assert (plain(f"a{character}b") == "ab") is shown


def test_python_and_rust_classes_are_written_from_the_same_ranges():
    assert character_class(((0x0B, 0x0C), (0xFFFE, 0xFFFE))) == "\\u000b-\\u000c\\ufffe"
    assert character_class(((0x0B, 0x0C), (0xFFFE, 0xFFFE)), rust=True) == "\\x{B}-\\x{C}\\x{FFFE}"
    assert character_class(((0x110BD, 0x110BD),)) == "\\U000110bd"  # \\u takes four digits: U+110B and "d"
    assert len(characters(CONTROLS)) == 9 + 2 + 18 + 33 + 2  # 00–08, 0B–0C, 0E–1F, 7F–9F, FFFE–FFFF


# Lines as an editor numbers them, which extracts cite (source.start_line) and the drafting reader reports: str.splitlines
# also breaks at form feeds, U+2028 and others, so a seed converted from a PDF (pdftotext writes a form feed per page)
# would have every line after one cited off by one.
@pytest.mark.parametrize("text, lines", [
    ("a\nb\n", ["a", "b"]),
    ("a\r\nb\rc", ["a", "b", "c"]),
    ("a\x0cb\nc", ["a b", "c"]),
    ("a\u2028b\u2029c\x85d\x0be\x1cf", ["a b c d e f"]),
    ("", []),
    ("\n", [""]),
])
def test_text_lines_breaks_where_an_editor_does(text, lines):
    from analytics.corpus.characters import text_lines

    assert text_lines(text) == lines


def test_a_seed_is_cited_by_the_lines_an_editor_shows(tmp_path):
    from types import SimpleNamespace

    from analytics.corpus.seeds import normalise_for_matching, seed_segment

    (tmp_path / "plan.txt").write_text("标题\x0c\n第一部分\n一、产业合作\u2028两地共建园区。\n二、人才交流\n", encoding="utf-8")
    source = SimpleNamespace(file="plan.txt", start_line=3, end_line=3)
    assert seed_segment(tmp_path, source, {}) == normalise_for_matching("一、产业合作 两地共建园区。")


# What a notice repeating a stranger's value names by its code point (ui.report.safe.visible, from characters.UNSEEN):
# value, as the notice says it. Worked out from Unicode's code charts.
NAMED = [
    ("sc-yq", "sc-yq"),
    ("sc-yq\u202e", "sc-yq⟨U+202E⟩"),  # right-to-left override (an attack: said as "sc-yq", a valid id)
    ("a\u200bb", "a⟨U+200B⟩b"),  # zero-width space
    ("a\tb\nc", "a⟨U+0009⟩b⟨U+000A⟩c"),  # tab and newline: a notice says a value on one line
    ("a b\u3000c", "a b\u3000c"),  # the ordinary and the ideographic space are seen
    ("a\xa0b\u2003c\u202fd", "a⟨U+00A0⟩b⟨U+2003⟩c⟨U+202F⟩d"),  # no-break, em and narrow no-break spaces
    ("\u3164", "⟨U+3164⟩"),  # Hangul filler (default-ignorable, a letter to Unicode)
    ("\u2800", "⟨U+2800⟩"),  # braille blank
    ("a\ufe0f", "a⟨U+FE0F⟩"),  # variation selector
    ("\ue000", "⟨U+E000⟩"),  # private use
    ("\ufdd0\U0001fffe", "⟨U+FDD0⟩⟨U+1FFFE⟩"),  # noncharacters
    ("\u2028", "⟨U+2028⟩"),  # line separator
    ("\ud800", "⟨U+D800⟩"),  # lone surrogate
    ("\U000e0041", "⟨U+E0041⟩"),  # tag letter A
    ("\U00031350", "\U00031350"),  # a CJK character of Unicode 15 (Ext H), unassigned to Python 3.11: shown as itself
    ("\U00030000", "\U00030000"),  # CJK Ext G, Unicode 13
    ("济南—临沂", "济南—临沂"),
]


@pytest.mark.parametrize(("value", "said"), NAMED, ids=[repr(row[0]) for row in NAMED])
def test_a_notice_names_each_character_that_shows_as_nothing(value, said):
    from ui.report.safe import visible

    assert visible(value) == said


def test_unseen_holds_every_invisible_category_python_knows_and_no_letter_or_digit():
    """The declared list against Python's own Unicode database, over every code point: each format, control, surrogate,
    separator and private-use character and each space but the two seen ones is named; no letter, digit, ideograph or
    punctuation is, but for the blank-drawing letters SHOWS_AS_NOTHING lists (Hangul fillers)."""
    import sys
    import unicodedata

    from analytics.corpus.characters import SHOWS_AS_NOTHING, UNSEEN

    unseen = {point for low, high in UNSEEN for point in range(low, high + 1)}
    listed_blank = {point for low, high in SHOWS_AS_NOTHING for point in range(low, high + 1)}
    missing, wrongly = [], []
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        category = unicodedata.category(char)
        invisible = category in ("Cf", "Cc", "Cs", "Zl", "Zp", "Co") or (char.isspace() and char not in " \u3000")
        if invisible and point not in unseen:
            missing.append(f"U+{point:04X}")
        if point in unseen and category[0] in "LNPS" and point not in listed_blank:
            wrongly.append(f"U+{point:04X}")
    assert missing == [] and wrongly == []
