"""The characters no text may show, declared once: the schema refuses them, every writer and reader drops them.

An attack wrote them as YAML escapes ("\\x07", "\\uFFFE"): no reader sees them, and spreadsheets, SVG and slides
(all XML) refuse them, so a text holding one made every Excel, image and deck download of its session deliver
nothing, silently. Each place that drops characters takes `CONTROLS` and adds only what is its own:

- the schema (analytics.corpus.schema.NO_CONTROLS) refuses `CONTROLS` at the text's line;
- Excel and CSV cells (analytics.outputs.export) drop `CONTROLS`, lone surrogates, which a reader's search may carry,
  and `BIDI`, which would make a spreadsheet show other than the cell holds;
- the drafting reader (analytics.draft.reading) drops them, the byte-order mark a converted document carries, and
  the invisible formatting characters (`FORMAT`: zero-width spaces, bidi controls) a pasted one may;
- every text shown (ui.report.safe.plain) drops them, bidirectional controls (`BIDI`), and the line and paragraph separators.

Ranges are code points, so each syntax is written from the same list: Python's `re` and the Rust regex pydantic runs.
"""

from __future__ import annotations

import re
import unicodedata

Ranges = tuple[tuple[int, int], ...]

# C0 controls but tab (09), newline (0A) and carriage return (0D); DEL and the C1 controls; the noncharacters
# U+FFFE and U+FFFF, which XML refuses.
CONTROLS: Ranges = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0xFFFE, 0xFFFF))
SURROGATES: Ranges = ((0xD800, 0xDFFF),)  # lone halves of a pair: no character, and XML refuses them
BYTE_ORDER_MARK: Ranges = ((0xFEFF, 0xFEFF),)
# Bidirectional controls, which reverse what a reader sees: embeddings and overrides (U+202A–U+202E), isolates
# (U+2066–U+2069), the marks U+200E/U+200F and the Arabic letter mark U+061C.
BIDI: Ranges = ((0x202A, 0x202E), (0x2066, 0x2069), (0x200E, 0x200F), (0x061C, 0x061C))
LINE_SEPARATORS: Ranges = ((0x2028, 0x2029),)  # break a line where no reader expects one
# Unicode's invisible formatting characters (category Cf, as of Unicode 15): the soft hyphen, zero-width spaces and
# joiners, the word joiner, `BIDI`, the byte-order mark, interlinear annotation marks, tags; none is written in a plan.
FORMAT: Ranges = ((0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
                  (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
                  (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
                  (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
                  (0xE0020, 0xE007F))

# What shows as nothing beyond those: Unicode's default-ignorable code points that are not format characters (the
# combining grapheme joiner, Hangul fillers, Mongolian and other variation selectors, reserved ones) and the braille
# blank, which draws an empty cell. Where a stranger's value is repeated, each is named (ui.report.safe.visible): an
# attack had "sc-yq" and a Hangul filler said as "sc-yq", a valid id.
SHOWS_AS_NOTHING: Ranges = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2800, 0x2800),
                            (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0xE0000, 0xE0FFF))

# What else a reader cannot see where a stranger's value is repeated: every control code (tab and newline too: a notice
# shows a value on one line), spaces other than the ordinary one and the ideographic one a Chinese text uses (no-break,
# en, em, thin, hair, narrow, Ogham, mathematical), private-use code points (drawn as a box or a vendor's glyph) and
# noncharacters (U+FDD0–U+FDEF and the last two of every plane).
CONTROL_CODES: Ranges = ((0x00, 0x1F), (0x7F, 0x9F))
ODD_SPACES: Ranges = ((0x00A0, 0x00A0), (0x1680, 0x1680), (0x2000, 0x200A), (0x202F, 0x202F), (0x205F, 0x205F))
PRIVATE_USE: Ranges = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
NONCHARACTERS: Ranges = ((0xFDD0, 0xFDEF),) + tuple((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
# Each character a notice names by its code point (ui.report.safe.visible), declared here beside the lists it joins.
# Listed, not asked of `unicodedata.category`: Python 3.11 knows Unicode 14, so a CJK character of a later version
# (U+31350, Unicode 15) is "unassigned" to it, and naming unassigned ones would have said a newer place name as ⟨U+…⟩.
UNSEEN: Ranges = CONTROL_CODES + FORMAT + SURROGATES + LINE_SEPARATORS + SHOWS_AS_NOTHING + ODD_SPACES + PRIVATE_USE + NONCHARACTERS


def _python(point: int) -> str:
    return f"\\u{point:04x}" if point <= 0xFFFF else f"\\U{point:08x}"  # \u takes four digits: "\u110bd" is U+110B, "d"


def _rust(point: int) -> str:
    return f"\\x{{{point:X}}}"


def character_class(*groups: Ranges, rust: bool = False) -> str:
    """The body of a bracketed character class (no brackets) matching every range of `groups`, in Python's `re`
    syntax or, with `rust`, in the Rust regex syntax pydantic's patterns use."""
    write = _rust if rust else _python
    return "".join(write(low) if low == high else f"{write(low)}-{write(high)}"
                   for group in groups for low, high in group)


def dropper(*groups: Ranges) -> re.Pattern[str]:
    """A compiled pattern matching any one character of `groups`, for `pattern.sub("", text)`."""
    return re.compile(f"[{character_class(*groups)}]")


def characters(*groups: Ranges) -> str:
    """Every character of `groups`, as one string (for tests and documentation)."""
    return "".join(chr(point) for group in groups for low, high in group for point in range(low, high + 1))


_FORMAT = dropper(FORMAT)


def reading_key(name: str) -> str:
    """What a reader tells a name by: its compatibility form (NFKC: full-width Ａ１ is A1), without invisible formatting
    characters (`FORMAT`, Unicode's category Cf: zero-width spaces and joiners, the soft hyphen, bidi controls, the byte-order
    mark), spaces collapsed, case folded. Two names with one key look the same on a chart (an attack: "零宽方案" and
    "零宽\u200b方案" were both taken as short names, and drawn as two identical rows)."""
    text = _FORMAT.sub("", unicodedata.normalize("NFKC", name))
    return " ".join(text.split()).casefold()


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# what str.splitlines also breaks at, which no editor does: vertical tab, form feed, the file, group and record
# separators, next line (C1) and Unicode's line and paragraph separators
_OTHER_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def text_lines(text: str) -> list[str]:
    """The lines of a text as an editor numbers them: broken at \\n, \\r\\n and \\r only, the other characters
    str.splitlines breaks at read as spaces within their line. Line numbers that curators and readers look up are an
    editor's: the drafting reader's (an attack: a .txt with form feeds and U+2028 had each line after them shown 5 lines
    late in the review list and the draft's source range) and a seed's, which extracts cite by line. No line after a
    last break."""
    lines = _LINE_BREAK.split(_OTHER_BREAKS.sub(" ", text))
    return lines[:-1] if lines[-1] == "" else lines
