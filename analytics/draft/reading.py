"""Reading a plan's text (.txt, .docx, .pdf or pasted) into numbered lines, and cleaning them.

Every later step works on `Line`s that keep the 1-based number of the line in the text as read, so the
review list can send the curator to the exact place. Cleaning removes what PDF and web conversion adds
(`#`/`**` markup, page numbers, web headers and footers) but never changes a word: what is removed is
recorded as `dropped` lines with the reason, and shown in the review list.
"""

from __future__ import annotations

import bisect
import codecs
import io
import itertools
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

from analytics.admission import Rules
from analytics.corpus.characters import BYTE_ORDER_MARK, CONTROLS, FORMAT, SURROGATES, dropper, text_lines
from analytics.draft_refusal import DraftInputError

MAX_INPUT_BYTES = 5_000_000  # a plan is tens of kB; a 5 MB PDF is already a long scanned-and-OCRed one
DRAFT_RULES = Rules(("txt", "docx", "pdf"), MAX_INPUT_BYTES)  # the drafting page's uploader: one document at a time
MAX_LINES = 20_000
SUFFIXES = (".txt", ".docx", ".pdf")
TEXT_SUFFIXES = ("", ".txt", ".text", ".md")  # read as plain text


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the text as read (for .pdf and .docx: in the extracted text)
    text: str  # cleaned: markup stripped, surrounding whitespace removed
    raw: str
    page: int | None = None  # PDF page, when known


@dataclass(frozen=True)
class Dropped:
    no: int
    text: str
    reason: str  # page_number | web_header | web_footer | separator


def decode_text(raw: bytes) -> str:
    """A text file's text: UTF-16 when its byte-order mark says so (Windows Notepad's "Unicode"; a walk found it
    refused), else UTF-8 (with or without its mark), else GB18030."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DraftInputError("encoding") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DraftInputError("encoding")


MAX_DOCX_UNPACKED = 30_000_000  # bytes a Word file's parts may unpack to; a plan's are a few MB, photos included


def docx_text(raw: bytes) -> str:
    """Paragraphs and table cells of a Word file, one per line, in document order.

    Its parts' unpacked sizes are checked first, from the zip's directory: python-docx reads every part whole, and
    parsing XML takes about 18 times its size (an attack: a 616 kB file whose text unpacked to 200 MB held the
    worker at 3.7 GB for 39 s before its line count was refused). A part larger than its directory says is cut
    there by the zip reader and fails its checksum, so the directory bounds what is read. The lines are counted as
    they are read, and the file refused at the first past MAX_LINES (an attack: 250,000 short paragraphs in a 750 kB
    file were all read, 6 s, before the count refused them); so are the elements visited (MAX_ELEMENTS: a 49 kB file
    of empty text boxes, which make no line, took 36 s). A file python-docx reads but whose parts are not what Word
    writes (a document without a body) is refused as unreadable, never failed."""
    import zipfile

    import docx  # python-docx

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except Exception as exc:  # not a zip at all
        raise DraftInputError("docx", error=type(exc).__name__) from exc
    if unpacked > MAX_DOCX_UNPACKED:
        raise DraftInputError("docx_unpacked", size=f"{unpacked / 1e6:.0f}", limit=f"{MAX_DOCX_UNPACKED / 1e6:.0f}")
    try:
        document = docx.Document(io.BytesIO(raw))
        styles = Styles.of(document)
        reading = _Reading(Numbering.of(document, styles), styles)
        body = document.element.body
        if body is not None:
            _body_lines(body, reading)
    except DraftInputError:
        raise
    except Exception as exc:  # a corrupt or non-Word file, or parts that are not Word's
        if _out_of_memory(exc):  # the worker's bound on reading (analytics.draft.isolated.read_bounded), which says so
            raise MemoryError from exc
        raise DraftInputError("docx", error=type(exc).__name__) from exc
    return "\n".join(reading.lines)


MAX_ELEMENTS = 1_000_000  # elements a Word file's reading may visit: a 100-page plan has about 100,000


class _Lines(list):
    """A Word file's lines so far: refused at the first past MAX_LINES, whoever adds it."""

    def append(self, line: str) -> None:
        if len(self) >= MAX_LINES:
            raise DraftInputError("past_line_limit", limit=MAX_LINES)
        super().append(line)

    def extend(self, lines) -> None:
        for line in lines:
            self.append(line)


class _Reading:
    """One Word file being read: its list numbers, its styles, its lines so far, and how many elements were visited."""

    def __init__(self, numbering: Numbering, styles: Styles, visited: list[int] | None = None):
        self.numbering, self.styles, self.lines = numbering, styles, _Lines()
        self.visited = visited if visited is not None else [0]  # shared with `unnumbered` readings of the same file
        self.table_hides: bool | None = None  # what the style of the table being read says of hidden text (w:vanish)

    def unnumbered(self) -> _Reading:
        """The same file read without advancing its list numbers, into lines of its own (a table's first rows, read to
        tell whether it is a task table, and read again if not)."""
        reading = _Reading(Numbering({}, {}), self.styles, self.visited)
        reading.table_hides = self.table_hides
        return reading

    @contextmanager
    def in_table(self, table):
        """Reading `table`'s cells: its table style (or the document's default table style) hides text or shows it
        (an attack: text hidden through a table style was read), until the table ends; a table inside it has its own."""
        outer = self.table_hides
        self.table_hides = self.styles.hidden.get(self.styles.table_style(table))
        try:
            yield
        finally:
            self.table_hides = outer

    def elements(self, root, stop: set[str]):
        """`_elements`, each counted against MAX_ELEMENTS for the whole file."""
        for node in _elements(root, stop):
            self.visited[0] += 1
            if self.visited[0] > MAX_ELEMENTS:
                raise DraftInputError("docx_elements", limit=MAX_ELEMENTS)
            yield node


def _body_lines(body, reading: _Reading, tables: bool = True) -> None:
    """The body's paragraphs and table cells in document order, wherever they stand: inside content controls
    (w:sdt) and custom XML too (an attack: five tasks inside one content control vanished without a word). A paragraph's
    line breaks (w:br, w:cr: text pasted from the web) break its line, a tab is a tab; of a drawing's alternative
    content (mc:AlternateContent) only the first choice is read (a text box was read twice). A cell's paragraphs are
    lines of their own, as Word shows them (an attack: a plan laid out in one table cell was read as one line, one
    task). Elements are asked for by name: an XML comment or processing instruction has none (its tag is a function;
    reading it failed the file)."""
    lines = reading.lines
    for node in reading.elements(body, stop={_W_P, _W_TC, _W_TBL} if tables else {_W_P, _W_TC}):
        if node.tag == _W_TBL:
            with reading.in_table(node):
                if not _task_table_lines(node, reading):
                    _body_lines(node, reading, tables=False)
        elif node.tag == _W_P:
            text, boxes = _paragraph_text(node, reading)
            lines.extend(text.split("\n"))
            for box in boxes:  # a text box's paragraphs, each on its own line, after the paragraph it stands in
                _body_lines(box, reading)
        elif node.tag == _W_TC:  # its paragraphs and inner tables, in order; as deep as tables nest (the parser: 256)
            _body_lines(node, reading)


# A task table (任务分工表): a header row naming a column of bodies (责任单位, 牵头部门 …), and perhaps one of numbers (序号)
UNIT_HEADER = re.compile(r"^(?:牵头|责任|参与|配合|协同|协办|主责|主办)(?:单位|部门)$")
NUMBER_HEADER = re.compile(r"^(?:序号|编号|序)$")
HEADER_ROWS = 3  # the rows a task table's header is looked for in: a title row or two may stand above it


def _task_table_lines(table, reading: _Reading) -> bool:
    """A task table read as the plan's lines would print it, one row a line: "1.任务文字（责任单位：两地发展改革局）", the
    header's name for each column of bodies (spaces in it ignored: 责 任 单 位). Where Word merges cells, the reader sees
    one cell and so does this: a body cell merged down (w:vMerge) is repeated for each row it covers, and a task cell
    merged down over rows of their own bodies is one task naming them all (an attack: its second body was read as its
    only one), and so is a task whose later rows of bodies leave the task and number cells empty, unmerged. Cells stand under the header's columns by their place in the table's grid: a cell spanning columns
    (w:gridSpan), a row beginning late (w:gridBefore) or ending early keep their bodies under the header naming them.
    A header in two rows (责任单位 over 牵头单位 | 配合单位) names the columns by its lower row; the header repeated
    further down (a table over several pages) is read once; rows above the header (a title) are lines of their own.
    Text boxes and tables inside a cell are part of its text. False when the table is not one (no header naming
    bodies in its first HEADER_ROWS rows): it is read cell by cell."""
    rows = (_grid(row, reading) for row in reading.elements(table, stop={_W_TR}) if row.tag == _W_TR)
    first = reading.unnumbered()  # the first rows are read again, cell by cell, when this is no task table
    head = [row for _, row in zip(range(HEADER_ROWS + 1), rows)]
    names = [[_squeezed(_cell_text(cell, first)) for _, _, cell in row] for row in head]
    at = next((index for index, row in enumerate(names[:HEADER_ROWS]) if _header_row(row)), None)
    # rows above the header are a title, one cell each (an attack: a table of labels and values, 牵头单位 | 市发改委 in its
    # second row, was read as a task table naming 完成时限 as a lead body)
    if at is None or at + 1 >= len(head) or any(sum(1 for name in row if name) > 1 for row in names[:at]):
        return False
    header = [(start, span, name) for (start, span, _), name in zip(head[at], names[at])]
    repeated = [names[at]]
    below = at + 1
    if below < len(head) and _lower_header(head[below], names[below]):  # 责任单位 over 牵头单位 | 配合单位
        lower = [(start, span, name) for (start, span, cell), name in zip(head[below], names[below])
                 if name and not _continued(cell)]
        under = [start for start, _, _ in lower]  # in grid order, as a row's cells stand
        header = sorted([h for h in header if not _any_within(under, h[0], h[0] + h[1])] + lower)
        repeated.append(names[below])
        below += 1
    units = {index for index, (_, _, name) in enumerate(header) if UNIT_HEADER.match(name)}
    number = next((index for index, (_, _, name) in enumerate(header) if NUMBER_HEADER.match(name)), None)
    starts = [start for start, _, _ in header]

    def column(start: int) -> int | tuple[int]:
        """The header column a cell starting at grid column `start` stands under; (start,) past the header's cells."""
        index = bisect.bisect_right(starts, start) - 1
        return index if index >= 0 and start < header[index][0] + header[index][1] else (start,)

    for row in names[:at]:  # a title above the header
        reading.lines.append(" ".join(name for name in row if name))
    reading.lines.append(" ".join(name for _, _, name in header))
    above: dict[int, str] = {}  # grid column → the text of the cell there in the row above (for a cell merged down)
    task: dict | None = None  # the row being read: number, texts, bodies by column

    def write(task: dict | None) -> None:
        if task is None:
            return
        mark = task["number"].rstrip(".．、")
        clause = "；".join(f"{header[index][2]}：{'、'.join(task['units'][index])}" for index in sorted(task["units"]))
        line = _numbered_as_printed(mark) + "；".join(task["texts"]) + (f"（{clause}）" if clause else "")
        if line:
            reading.lines.append(line)

    for row in itertools.chain(head[below:], rows):
        cells = [(start, column(start), cell, _continued(cell)) for start, _, cell in row]
        texts = {start: (above.get(start, "") if merged else _cell_text(cell, reading, "、" if where in units else ""))
                 for start, where, cell, merged in cells}
        above = texts
        # a merged cell outside the bodies' columns is read once, in its first row: a field (领域) merged over several
        # tasks is not part of each (an attack: "2.产业协作；协同招商。")
        texts = {start: ("" if merged and where not in units else texts[start]) for start, where, _, merged in cells}
        if [_squeezed(text) for text in texts.values()] in repeated:  # the header again, on a later page
            continue
        own = {where: texts[start] for start, where, _, merged in cells if where not in units and not merged}
        # a row with no text of its own outside the bodies goes on with the task above: its task cell merged down from
        # the row above, or left empty "as above" (a row of bodies alone was a line of the clause alone)
        goes_on = task is not None and not any(own.values())
        if not goes_on:  # a new task
            write(task)
            task = {"number": "", "texts": [], "units": {}}
        for start, where, _, _ in cells:
            text = texts[start]
            if not text:
                continue
            if where in units:  # each body once, in order (a dict: a cell of 60,000 names took 23 s as a list)
                task["units"].setdefault(where, {}).update(dict.fromkeys(name for name in text.split("、") if name))
            elif where == number:
                task["number"] = task["number"] or text
            elif not goes_on:
                task["texts"].append(text)
    write(task)
    return True


def _header_row(names: list[str]) -> bool:
    """Whether a table row is a task table's header: it names a column of bodies, after a column of the tasks' text
    (a row of a label and its value, 牵头单位 | 市发改委, is not)."""
    first = next((index for index, name in enumerate(names) if UNIT_HEADER.match(name)), None)
    return first is not None and any(name and not NUMBER_HEADER.match(name) for name in names[:first])


def _any_within(starts: list[int], low: int, high: int) -> bool:
    """Whether a sorted list of grid columns holds one in [low, high)."""
    index = bisect.bisect_left(starts, low)
    return index < len(starts) and starts[index] < high


_CHINESE_NUMBER = re.compile(r"^[一二三四五六七八九十百零〇]+$")


def _numbered_as_printed(mark: str) -> str:
    """A task's number from its table's number column as a plan prints it before the text: 1 → "1.", 一 → "一、",
    （一） as it is (an attack: "一" was glued to the task, 一共建园区)."""
    if mark.isdigit():
        return f"{mark}."
    return f"{mark}、" if _CHINESE_NUMBER.match(mark) else mark


def _lower_header(row, names: list[str]) -> bool:
    """Whether the row under a header is the header's lower row: it names a column of bodies, and each of its cells is
    a header's name or merged down from the row above."""
    return (any(UNIT_HEADER.match(name) for name in names)
            and all(not name or _continued(cell) or UNIT_HEADER.match(name) or NUMBER_HEADER.match(name)
                    for (_, _, cell), name in zip(row, names)))


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _continued(cell) -> bool:
    """Whether a table cell continues the cell above it (w:vMerge without w:val="restart")."""
    merged = cell.find(f"{_w('tcPr')}/{_w('vMerge')}")
    return merged is not None and merged.get(_w("val"), "continue") == "continue"


def _grid(row, reading: _Reading) -> list[tuple[int, int, object]]:
    """(first grid column, columns spanned, cell) for each cell of a table row: a row may begin late (w:gridBefore) and
    a cell span several columns (w:gridSpan)."""
    at, cells = _int(_val(row.find(f"{_w('trPr')}/{_w('gridBefore')}"), "0")), []
    for cell in (cell for cell in reading.elements(row, stop={_W_TC}) if cell.tag == _W_TC):
        span = max(1, _int(_val(cell.find(f"{_w('tcPr')}/{_w('gridSpan')}"), "1")))
        cells.append((at, span, cell))
        at += span
    return cells


def _cell_text(cell, reading: _Reading, between: str = "") -> str:
    """A cell's text as one line: its paragraphs and their line breaks, its text boxes' paragraphs and its inner
    tables' cells (an attack: a body in a table inside a cell of bodies was left out), joined by `between` ("、" in a
    column of bodies: 丙局 and 丁局 on two lines read 丙局丁局)."""
    texts = []
    for node in reading.elements(cell, stop={_W_P, _W_TBL}):
        if node.tag == _W_P:
            text, boxes = _paragraph_text(node, reading)
            texts.extend(text.split("\n"))
            texts.extend(_cell_text(box, reading, between) for box in boxes)
        elif node.tag == _W_TBL:
            with reading.in_table(node):
                texts.extend(_cell_text(inner, reading, between)
                             for inner in reading.elements(node, stop={_W_TC}) if inner.tag == _W_TC)
    return between.join(text.strip() for text in texts if text.strip())


def _elements(root, stop: set[str]):
    """Named elements under `root` in document order, not below those whose tag is in `stop`, nor below a fallback
    (mc:Fallback, alternative content read once). Without recursion: the depth is the file's to choose."""
    stack = [iter(root)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node.tag, str) and node.tag != _MC_FALLBACK and not _later_choice(node):
            yield node
            if node.tag not in stop:
                stack.append(iter(node))


def _later_choice(node) -> bool:
    """An mc:Choice after the first of its alternative content: one choice is read (an attack: two were, "一二")."""
    if node.tag != _MC_CHOICE:
        return False
    earlier = node.getprevious()  # choices stand together: the element before a later one is a choice
    while earlier is not None and not isinstance(earlier.tag, str):  # past comments, which have no name
        earlier = earlier.getprevious()
    return earlier is not None and earlier.tag == _MC_CHOICE


def _paragraph_text(paragraph, reading: _Reading) -> tuple[str, list]:
    """A paragraph's text as Word shows it, and the text boxes (w:txbxContent) standing in it: its list number (Word's
    automatic numbering, numbering.label; not shown when the paragraph's mark is hidden), its runs' text, line breaks as
    new lines, tabs as tabs, alternative content read once; hidden text left out (`_Hiding`). A text box's paragraphs
    are lines of their own (an attack: six tasks in one text box were read as one line, one task); deleted text
    (w:delText), and text moved away (w:moveFrom, read where it was moved to), is never read."""
    marks = {_W_BR: "\n", _W_CR: "\n", _W_TAB: "\t"}
    style = reading.styles.paragraph_style(paragraph)
    hiding = _Hiding(reading.styles, style, paragraph, reading.table_hides)
    label = reading.numbering.label(paragraph, style)  # counted even when hidden (not checked against Word)
    parts, boxes = ["" if hiding.mark else label], []
    for node in reading.elements(paragraph, stop={_W_T, _W_TXBX, _W_RPR, _W_MOVE_FROM, _W_DEL, _W_PPR}):
        if node.tag == _W_TXBX:
            if not hiding.in_hidden_run(node):  # a text box in a hidden run is hidden with it
                boxes.append(node)
        elif node.tag == _W_RPR:  # a run's properties come before its text
            hiding.decide(node)
        elif node.tag == _W_T and not hiding.hidden(node.getparent()):
            parts.append(node.text or "")
        elif node.tag in marks and not hiding.hidden(node.getparent()):
            parts.append(marks[node.tag])
    return "".join(parts), boxes


class _Hiding:
    """Which runs of a paragraph Word hides (w:vanish): a run's own properties say so absolutely; else its character
    style, its paragraph's style and the style of the table it stands in, each as it inherits, toggle it, so that two
    hiding show it (w:vanish is a toggle property, ECMA-376 §17.7.3; attacks: text hidden through a character style, and
    through a table style, was read); else the document's defaults. The paragraph's mark (w:pPr/w:rPr), hidden, hides
    the paragraph's number."""

    def __init__(self, styles: Styles, style: str | None, paragraph, table: bool | None = None):
        self.styles, self.paragraph, self.by_table = styles, paragraph, table
        self.by_paragraph = styles.hidden.get(style)
        self.runs: dict = {}  # run → hidden, decided from its properties
        self.ancestors: dict = {}  # element → whether it stands in a hidden run (each looked at once)
        mark = paragraph.find(f"{_w('pPr')}/{_w('rPr')}")
        self.mark = self._from(mark) if mark is not None else self._styled(None)

    def _styled(self, character: bool | None) -> bool:
        said = [value for value in (self.by_table, self.by_paragraph, character) if value is not None]
        if not said:
            return self.styles.hidden_by_default
        return sum(said) % 2 == 1  # toggled once for each style that hides

    def _from(self, properties) -> bool:
        vanish = properties.find(_W_VANISH)
        return _on(vanish) if vanish is not None else self._styled(self.styles.hidden.get(_val(properties.find(_w("rStyle")))))

    def decide(self, properties) -> None:
        self.runs[properties.getparent()] = self._from(properties)

    def hidden(self, run) -> bool:
        return self.runs[run] if run in self.runs else self._styled(None)

    def in_hidden_run(self, node) -> bool:
        """Whether `node` stands in a hidden run of the paragraph: its ancestors up to it, each looked at once for the
        whole paragraph (an attack: 400,000 empty text boxes 250 elements deep each walked all 250, 36 s)."""
        path, parent, found = [], node.getparent(), False
        while parent is not None and parent is not self.paragraph:
            if parent in self.ancestors:
                found = self.ancestors[parent]
                break
            path.append(parent)
            if parent.tag == _W_R and self.hidden(parent):
                found = True
                break
            parent = parent.getparent()
        self.ancestors.update(dict.fromkeys(path, found))
        return found


def _on(toggle) -> bool:
    """A Word toggle property (w:vanish, w:b…): on when present, unless its w:val says off."""
    return toggle is not None and toggle.get(f"{{{WORD_NS}}}val", "true").lower() not in {"0", "false", "off"}


WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_P, _W_TBL, _W_TC, _W_T, _W_BR, _W_CR, _W_TAB = (f"{{{WORD_NS}}}{name}" for name in ("p", "tbl", "tc", "t", "br", "cr", "tab"))
_W_TR, _W_R = f"{{{WORD_NS}}}tr", f"{{{WORD_NS}}}r"
_W_TXBX, _W_RPR, _W_VANISH, _W_MOVE_FROM = (f"{{{WORD_NS}}}{name}" for name in ("txbxContent", "rPr", "vanish", "moveFrom"))
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MC_CHOICE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice"
# a deletion (its text is w:delText, and its text boxes go with it), and the paragraph's properties (its tab stops are
# w:tab elements too: an attack read them as tab characters)
_W_DEL, _W_PPR = f"{{{WORD_NS}}}del", f"{{{WORD_NS}}}pPr"


def _w(name: str) -> str:
    return f"{{{WORD_NS}}}{name}"


def _val(element, default: str | None = None) -> str | None:
    return default if element is None else element.get(_w("val"), default)


# Word's number formats (w:numFmt) as the plans use them: 1, 一, （一）'s 一, ①, a, i. A bullet or a format not listed
# writes nothing (the paragraph's text is read as it stands).
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
          (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
MAX_LIST_NUMBER = 9_999  # a list's counter as written: a file's start value is its own to choose


def _chinese(number: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting, up to 9,999)."""
    digits, units, out, zero = "零一二三四五六七八九", ((1000, "千"), (100, "百"), (10, "十")), "", False
    for size, name in units:
        head, number = divmod(number, size)
        if head:
            out += ("零" if zero else "") + ("" if size == 10 and head == 1 and not out else digits[head]) + name
            zero = False
        elif out:
            zero = True
    return out + (("零" if zero else "") + digits[number] if number else "") or "零"


def _roman(number: int) -> str:
    out = ""
    for size, letters in _ROMAN:
        count, number = divmod(number, size)
        out += letters * count
    return out


def _letters(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)  # Word's: a … z, aa … zz


NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "chineseCounting": _chinese, "chineseCountingThousand": _chinese, "chineseLegalSimplified": _chinese,
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(c)] for c in str(n)),
    "taiwaneseCounting": _chinese, "taiwaneseCountingThousand": _chinese, "japaneseCounting": _chinese,
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n),
    "lowerLetter": _letters, "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper(),
}
LEVELS = 9  # a list's levels in Word: 0 to 8
MAX_LEVEL_TEXT = 20  # characters of a level's text (w:lvlText) as written: "（%1）" is four


class Styles(NamedTuple):
    """What a Word file's styles (styles.xml) say about reading it: which paragraph styles number their paragraphs
    and which styles hide their text, each style's own or inherited along w:basedOn (an attack: a list style based on
    a numbered one, and text hidden through a character style, were read wrong). A style without an id is no style
    (an attack: one, hiding, hid the whole document: every style based on nothing inherited from it)."""

    numbered: dict[str, tuple[str | None, int]]  # paragraph style → (list id, level)
    hidden: dict[str, bool]  # style → whether its text is hidden (w:vanish); styles that say nothing are not here
    default_paragraph: str | None  # the style of a paragraph naming none, or one the file does not define (w:default)
    hidden_by_default: bool  # the document's default run properties (w:docDefaults)
    known: frozenset[str] = frozenset()  # the styles the file defines
    default_table: str | None = None  # the style of a table naming none, or one the file does not define

    @classmethod
    def of(cls, document) -> Styles:
        try:
            root = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls({}, {}, None, False)
        nodes = {node.get(_w("styleId")): node for node in root.iterchildren(_w("style")) if node.get(_w("styleId"))}
        def default_of(kind: str) -> str | None:
            return next((key for key, node in nodes.items() if node.get(_w("type")) == kind
                         and (node.get(_w("default")) or "").lower() in {"1", "true", "on"}), None)
        default = default_of("paragraph")

        def numbered(node):
            number = node.find(f"{_w('pPr')}/{_w('numPr')}")
            return None if number is None else (_val(number.find(_w("numId"))), _int(_val(number.find(_w("ilvl")), "0")))

        def hidden(node):
            vanish = node.find(f"{_w('rPr')}/{_w('vanish')}")
            return None if vanish is None else _on(vanish)

        by_default = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('vanish')}")
        return cls(_inherited(nodes, numbered), _inherited(nodes, hidden), default, _on(by_default), frozenset(nodes),
                   default_of("table"))

    def paragraph_style(self, paragraph) -> str | None:
        """The paragraph's style: the one it names, or the default paragraph style when it names none or one the file
        does not define (as Word falls back)."""
        properties = paragraph.find(_w("pPr"))
        named = None if properties is None else _val(properties.find(_w("pStyle")))
        return named if named in self.known else self.default_paragraph

    def table_style(self, table) -> str | None:
        """A table's style: the one it names (w:tblPr/w:tblStyle), or the default table style, as for paragraphs."""
        properties = table.find(_w("tblPr"))
        named = None if properties is None else _val(properties.find(_w("tblStyle")))
        return named if named in self.known else self.default_table


def _inherited(nodes: dict, find) -> dict:
    """style id → `find`'s value for the style, or else for the style it is based on (w:basedOn), and so on, a cycle
    ending the chain; styles where nothing is found are left out. Each style is looked at once, whatever the order of
    the file or the length of its chains (an attack: a cap on the chain made a style's value depend on the order)."""
    found: dict = {}
    for style_id in nodes:
        chain, on_chain, at, value = [], set(), style_id, None
        while True:
            if at in found:
                value = found[at]
                break
            if at not in nodes or at in on_chain:
                break
            chain.append(at)
            on_chain.add(at)
            value = find(nodes[at])
            if value is not None:
                break
            at = _val(nodes[at].find(_w("basedOn")))
        found.update(dict.fromkeys(chain, value))
    return {key: value for key, value in found.items() if value is not None}


class Numbering:
    """Word's automatic list numbers (numbering.xml): the number a paragraph shows before its text, which is not in its
    text (an attack: a plan whose tasks were numbered by Word's lists drafted no task at all). A paragraph is numbered
    by its own w:numPr or by its style's; counters run per list (w:numId) and level, start where the level says, and a
    level's counter starts again when a level above it advances."""

    def __init__(self, levels: dict[str, dict[int, tuple[int, str, str]]], styles: dict[str, tuple[str, int]],
                 counted_with: dict[str, str] | None = None):
        self.levels = levels  # list id → level → (start, format, level text)
        self.styles = styles  # paragraph style id → (list id, level)
        self.counted_with = counted_with or {}  # list id → the key its counters are kept under
        self.counters: dict[str, dict[int, int]] = {}

    @classmethod
    def of(cls, document, styles: Styles) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):  # no numbering part: nothing is numbered
            return cls({}, {})
        abstract = {}
        for node in root.iterchildren(_w("abstractNum")):  # Word's nine levels, 0-8 (an attack: 9,999 took 26 s)
            abstract[node.get(_w("abstractNumId"))] = {
                _int(lvl.get(_w("ilvl"), "0")): (_int(_val(lvl.find(_w("start")), "1")), _val(lvl.find(_w("numFmt")), "decimal"),
                                              (_val(lvl.find(_w("lvlText")), "") or "")[:MAX_LEVEL_TEXT])
                for lvl in node.iterchildren(_w("lvl")) if _int(lvl.get(_w("ilvl"), "0")) < LEVELS}
        levels, counted_with = {}, {}
        for num in root.iterchildren(_w("num")):
            abstract_id = _val(num.find(_w("abstractNumId")))
            base = dict(abstract.get(abstract_id, {}))
            # lists of one abstract numbering count on from each other, as Word numbers them, unless a list overrides a
            # level (an attack: （一）甲 （一）乙 （二）丙 where Word shows （一）（二）（三）)
            overridden = num.find(_w("lvlOverride")) is not None
            counted_with[num.get(_w("numId"))] = f"list {num.get(_w('numId'))}" if overridden else f"abstract {abstract_id}"
            for override in num.iterchildren(_w("lvlOverride")):
                level = _int(override.get(_w("ilvl"), "0"))
                start = override.find(_w("startOverride"))
                if start is not None and level in base:
                    base[level] = (_int(_val(start, "1")), *base[level][1:])
            levels[num.get(_w("numId"))] = base
        return cls(levels, styles.numbered, counted_with)

    def label(self, paragraph, style: str | None) -> str:
        """The number Word shows before this paragraph of style `style`, "" when it has none; advances the list's
        counters."""
        properties = paragraph.find(_w("pPr"))
        number = None if properties is None else properties.find(_w("numPr"))
        list_id, level = self.styles.get(style, (None, 0))
        if number is not None:  # its own list and level; one it leaves out is its style's (an attack: ilvl alone)
            list_id = _val(number.find(_w("numId")), list_id)
            level = _int(_val(number.find(_w("ilvl")), str(level)))
        levels = self.levels.get(list_id)
        if not levels or level not in levels:  # numId 0, an unknown list: not numbered
            return ""
        counters = self.counters.setdefault(self.counted_with.get(list_id, f"list {list_id}"), {})
        counters[level] = min(counters.get(level, levels[level][0] - 1) + 1, MAX_LIST_NUMBER)
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        start, style_name, text = levels[level]

        def shown(match: re.Match) -> str:
            cited = int(match.group(1)) - 1
            if cited not in levels:
                return ""
            value = counters.get(cited, levels[cited][0])
            return NUMBER_FORMATS.get(levels[cited][1], lambda n: "")(value)  # 0 too: Word writes "0." (a start of 0)

        return re.sub(r"%([1-9])", shown, text) if style_name != "bullet" else ""


def _int(text: str | None) -> int:
    try:
        return max(0, min(int(text or "0"), MAX_LIST_NUMBER))
    except ValueError:
        return 0


# What a PDF may draw, counted before its characters are laid out: bytes of text shown plus shapes and images painted.
# Laying a page out costs about 30 µs and 2.7 kB a character (a 1 kB page drawing 200,000 letters: 6 s of CPU, 550 MB),
# so pages of letters spent the whole drafting deadline; a plan of 30 dense pages in Chinese shows about 150,000 bytes.
MAX_PDF_DRAWN = 600_000


class _TooMuchDrawn(Exception):
    pass


def _drawn_counter():
    """A pdfminer device that counts what a page draws into `drawn` and stops the page's interpretation at MAX_PDF_DRAWN
    (across pages: one counter for the document): strings by their bytes, each shape and image as one."""
    from pdfminer.pdfdevice import PDFDevice

    class Counter(PDFDevice):
        drawn = 0

        def _add(self, n: int) -> None:
            Counter.drawn += n
            if Counter.drawn > MAX_PDF_DRAWN:
                raise _TooMuchDrawn

        def render_string(self, textstate, seq, ncs, graphicstate) -> None:
            self._add(sum(len(item) for item in seq if isinstance(item, bytes)))

        def paint_path(self, graphicstate, stroke, fill, evenodd, path) -> None:
            self._add(1)

        def render_image(self, name, stream) -> None:
            self._add(1)

    return Counter


def pdf_pages(raw: bytes) -> list[str]:
    """The text layer of each page of a PDF (no OCR: a scan without text gives nothing), refused at the first page that
    takes the text past MAX_LINES, or what the document draws past MAX_PDF_DRAWN (counted on each page before it is laid
    out): the pages after it are never read."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter

    pages, count, counter = [], 0, _drawn_counter()
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for page in pdf.pages:
                PDFPageInterpreter(pdf.rsrcmgr, counter(pdf.rsrcmgr)).process_page(page.page_obj)
                pages.append(page.extract_text() or "")
                page.close()  # its characters' objects: kept, every page's stayed until the end (2.7 kB a character)
                count += len(text_lines(pages[-1]))
                if count > MAX_LINES:
                    break
    except _TooMuchDrawn:
        raise DraftInputError("pdf_drawn", limit=MAX_PDF_DRAWN) from None
    except Exception as exc:
        if _out_of_memory(exc):  # the worker's bound on reading (analytics.draft.isolated.read_bounded), which says so
            raise MemoryError from exc
        if _wraps(exc, PDFPasswordIncorrect):  # opened only with a password (an attack: called "not a readable PDF")
            raise DraftInputError("pdf_encrypted") from None
        raise DraftInputError("pdf", error=type(exc).__name__) from exc
    if count > MAX_LINES:
        raise DraftInputError("past_line_limit", limit=MAX_LINES)
    return pages


def _out_of_memory(exc: BaseException) -> bool:
    """Whether `exc` is, or wraps, a MemoryError."""
    return _wraps(exc, MemoryError)


def _wraps(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether `exc` is, or wraps, a `kind` (pdfplumber wraps whatever pdfminer raises in PdfminerException)."""
    for _ in range(8):  # a chain of causes is the library's, not the file's: a few links
        if isinstance(exc, kind) or any(isinstance(arg, kind) for arg in getattr(exc, "args", ())):
            return True
        exc = exc.__cause__ or exc.__context__
        if exc is None:
            return False
    return False


# A character whose font maps it to no text, as pdfminer writes it (its glyph's number in the font)
_UNMAPPED = re.compile(r"\(cid:\d+\)")
MAX_UNMAPPED_SHARE = 0.5  # more than half a PDF's characters unmapped is no text to draft; a stray symbol or two is


def _unmapped_share(lines) -> float:
    """The share of the characters of a PDF's text (spaces aside) that its fonts map to no text, "(cid:N)" each (an
    attack: a PDF whose text read "(cid:3703)(cid:2249)…" was drafted as text, its errors only "value does not fit")."""
    unmapped = rest = 0
    for line in lines:
        found = len(_UNMAPPED.findall(line))
        unmapped += found
        rest += len("".join(_UNMAPPED.sub("", line).split())) if found else len("".join(line.split()))
    return unmapped / (unmapped + rest) if unmapped else 0.0


def read_input(raw: bytes, name: str) -> list[tuple[str, int | None]]:
    """(raw line, page) for every line of the input; the format is chosen by the file name's suffix. A Word file or a
    PDF is refused as soon as its reading passes MAX_LINES; a text, whose lines cost nothing to count, with its count."""
    if len(raw) > MAX_INPUT_BYTES:
        size, limit = f"{len(raw) / 1e6:.1f}", f"{MAX_INPUT_BYTES / 1e6:.0f}"
        raise DraftInputError("too_large", size=size, limit=limit)
    suffix = Path(name).suffix.lower()
    if not raw.strip() and suffix in (*SUFFIXES, *TEXT_SUFFIXES):  # said so, not as a Word file or PDF that cannot be read
        raise DraftInputError("empty_file")
    if suffix == ".docx":
        pairs = [(line, None) for line in text_lines(docx_text(raw))]
    elif suffix == ".pdf":
        pairs = [(line, index + 1) for index, page in enumerate(pdf_pages(raw)) for line in text_lines(page)]
        if not any(line.strip() for line, _ in pairs):
            raise DraftInputError("no_text_layer")
        if _unmapped_share(line for line, _ in pairs) > MAX_UNMAPPED_SHARE:
            raise DraftInputError("pdf_unmapped")
    elif suffix in TEXT_SUFFIXES:
        pairs = [(line, None) for line in text_lines(decode_text(raw))]
    else:
        raise DraftInputError("suffix", suffix=suffix, types=", ".join(SUFFIXES))
    if len(pairs) > MAX_LINES:
        raise DraftInputError("too_many_lines", n=len(pairs), limit=MAX_LINES)
    return pairs


_MARKUP = re.compile(r"^\s*#+\s*|\*\*|__")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,3}(\s*页)?[-—–\s]*$|^[-—–]\s*\d{1,3}\s*[-—–]$")
_SEPARATOR = re.compile(r"^[-—_=*·\s]{3,}$")
_WEB_HEADER = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(:\d{2})?")
_WEB_FOOTER = re.compile(
    r"^(来源[:：]|Copyright|版权所有|©|主办单位|承办单位|ICP|.*ICP备|.*违法和不良信息|客服$|在线咨询$|"
    r".*咨询热线|顶部$|返回顶部|分享到|打印本页|关闭窗口|扫一扫|相关链接|上一篇|下一篇|责任编辑)"
)


# Invisible characters no extract may hold (analytics.corpus.characters.CONTROLS) and a converted text can carry,
# with lone surrogates and the byte-order mark: removed; so are invisible formatting characters (FORMAT), before any
# name is matched (an attack: "区商务局\u200b" was proposed as a new body, and a title kept U+202E, which reverses it).
_INVISIBLE = dropper(CONTROLS, SURROGATES, BYTE_ORDER_MARK, FORMAT)


def clean_text(text: str) -> str:
    """Markup left by conversion removed, and invisible characters (`_INVISIBLE`); words, brackets and punctuation
    kept as printed."""
    text = _MARKUP.sub("", _INVISIBLE.sub("", text.replace("\u3000", " ")))
    return text.strip()


# The names a task table's other columns go by: the tasks' text, their deadline, a remark
TEXT_HEADER = re.compile(r"^(?:(?:重点|主要|具体|工作|目标)?任务(?:内容|名称|措施|清单)?|(?:工作|主要|具体)?(?:内容|措施|事项)|"
                         r"项目(?:名称|内容)?|完成(?:时限|时间)|时间(?:节点|安排)?|时限|进度安排|备注)$")
MAX_HEADER_NAMES = 12


def _table_header(text: str) -> bool:
    """Whether a line is a task table's header row as a reader writes it (a Word table's, `_task_table_lines`) or a PDF
    or text prints it: column names alone, apart, naming a column of bodies after a column of the tasks' text (序号 重点任务
    责任单位). It is no task's text (an attack: under a sub-heading it stood between （一） and task 1, so （一） was taken
    for the task level and every row glued into it; a second table's header was glued to the task before it). Every
    word a column's name: a line of plan text wrapped between short words ("压实 牵头单位 主体责任", "会议 由 牵头单位
    召集") is text (an attack on the first rule, which took any short words around a column of bodies)."""
    names = text.split()
    return (2 <= len(names) <= MAX_HEADER_NAMES and _header_row(names)
            and all(UNIT_HEADER.match(name) or NUMBER_HEADER.match(name) or TEXT_HEADER.match(name) for name in names))


def clean_lines(pairs: list[tuple[str, int | None]]) -> tuple[list[Line], list[Dropped]]:
    """Non-empty cleaned lines, and what was dropped as conversion noise (with its reason)."""
    lines: list[Line] = []
    dropped: list[Dropped] = []
    footer = False
    for index, (raw, page) in enumerate(pairs, start=1):
        text = clean_text(unicodedata.normalize("NFC", raw))
        if not text:
            continue
        folded = unicodedata.normalize("NFKC", text)
        if footer or _WEB_FOOTER.match(folded):
            footer = footer or folded.startswith(("来源", "Copyright", "版权所有", "©")) or "ICP" in folded
            dropped.append(Dropped(index, text, "web_footer"))
            continue
        if _PAGE_NUMBER.match(folded):
            dropped.append(Dropped(index, text, "page_number"))
        elif _SEPARATOR.match(folded):
            dropped.append(Dropped(index, text, "separator"))
        elif _WEB_HEADER.match(folded):
            dropped.append(Dropped(index, text, "web_header"))
        elif _table_header(folded):
            dropped.append(Dropped(index, text, "table_header"))
        else:
            lines.append(Line(index, text, raw, page))
    return lines, dropped
