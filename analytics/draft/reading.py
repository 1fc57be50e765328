"""Reading a plan's text (.txt, .docx, .pdf or pasted) into numbered lines, and cleaning them.

Every later step works on `Line`s that keep the 1-based number of the line in the text as read, so the
review list can send the curator to the exact place. Cleaning removes what PDF and web conversion adds
(`#`/`**` markup, page numbers, web headers and footers) but never changes a word: what is removed is
recorded as `dropped` lines with the reason, and shown in the review list.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analytics.admission import Rules
from analytics.corpus.characters import BYTE_ORDER_MARK, CONTROLS, SURROGATES, dropper
from analytics.draft_refusal import DraftInputError

MAX_INPUT_BYTES = 5_000_000  # a plan is tens of kB; a 5 MB PDF is already a long scanned-and-OCRed one
DRAFT_RULES = Rules(("txt", "docx", "pdf"), MAX_INPUT_BYTES)  # the drafting page's uploader: one document at a time
MAX_LINES = 20_000
SUFFIXES = (".txt", ".docx", ".pdf")


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
    there by the zip reader and fails its checksum, so the directory bounds what is read."""
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
    except Exception as exc:  # a corrupt or non-Word file
        raise DraftInputError("docx", error=type(exc).__name__) from exc
    return "\n".join(_body_lines(document.element.body))


def _body_lines(body) -> list[str]:
    """The body's paragraphs and table cells in document order, wherever they stand: inside content controls
    (w:sdt) and custom XML too (an attack: five tasks inside one content control vanished without a word). A paragraph's
    line breaks (w:br, w:cr: text pasted from the web) break its line, a tab is a tab; of a drawing's alternative
    content (mc:AlternateContent) only the first choice is read (a text box was read twice). Elements are asked for by
    name: an XML comment or processing instruction has none (its tag is a function; reading it failed the file)."""
    lines: list[str] = []
    for node in _elements(body, stop={_W_P, _W_TC}):
        if node.tag == _W_P:
            lines.extend(_paragraph_text(node).split("\n"))
        elif node.tag == _W_TC:  # the cell's own text on one line, then the cells of a table inside it
            lines.append("".join(_paragraph_text(p) for p in _elements(node, stop={_W_P, _W_TBL}) if p.tag == _W_P))
            for inner in (n for n in _elements(node, stop={_W_P, _W_TBL}) if n.tag == _W_TBL):
                lines.extend(_body_lines(inner))  # as deep as tables nest, which the XML parser bounds (256 levels)
    return lines


def _elements(root, stop: set[str]):
    """Named elements under `root` in document order, not below those whose tag is in `stop`, nor below a fallback
    (mc:Fallback, alternative content read once). Without recursion: the depth is the file's to choose."""
    stack = [iter(root)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node.tag, str) and node.tag != _MC_FALLBACK:
            yield node
            if node.tag not in stop:
                stack.append(iter(node))


def _paragraph_text(paragraph) -> str:
    """A paragraph's text: its runs' text, line breaks as new lines, tabs as tabs, alternative content read once."""
    marks = {_W_BR: "\n", _W_CR: "\n", _W_TAB: "\t"}
    return "".join(node.text or "" if node.tag == _W_T else marks.get(node.tag, "")
                   for node in _elements(paragraph, stop={_W_T}))


WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_P, _W_TBL, _W_TC, _W_T, _W_BR, _W_CR, _W_TAB = (f"{{{WORD_NS}}}{name}" for name in ("p", "tbl", "tc", "t", "br", "cr", "tab"))
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def pdf_pages(raw: bytes) -> list[str]:
    """The text layer of each page of a PDF (no OCR: a scan without text gives nothing)."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:
        raise DraftInputError("pdf", error=type(exc).__name__) from exc


def read_input(raw: bytes, name: str) -> list[tuple[str, int | None]]:
    """(raw line, page) for every line of the input; the format is chosen by the file name's suffix."""
    if len(raw) > MAX_INPUT_BYTES:
        size, limit = f"{len(raw) / 1e6:.1f}", f"{MAX_INPUT_BYTES / 1e6:.0f}"
        raise DraftInputError("too_large", size=size, limit=limit)
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        pairs = [(line, None) for line in docx_text(raw).splitlines()]
    elif suffix == ".pdf":
        pairs = [(line, index + 1) for index, page in enumerate(pdf_pages(raw)) for line in page.splitlines()]
        if not any(line.strip() for line, _ in pairs):
            raise DraftInputError("no_text_layer")
    elif suffix in ("", ".txt", ".text", ".md"):
        pairs = [(line, None) for line in decode_text(raw).splitlines()]
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
# with lone surrogates and the byte-order mark: removed.
_INVISIBLE = dropper(CONTROLS, SURROGATES, BYTE_ORDER_MARK)


def clean_text(text: str) -> str:
    """Markup left by conversion removed, and invisible characters (`_INVISIBLE`); words, brackets and punctuation
    kept as printed."""
    text = _MARKUP.sub("", _INVISIBLE.sub("", text.replace("\u3000", " ")))
    return text.strip()


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
        else:
            lines.append(Line(index, text, raw, page))
    return lines, dropped
