"""Briefing packs: charts collected from the dashboard (or the standard set) as one PPTX deck.

Deck: a title slide (title, date, data version), one slide per chart (title, picture, one-sentence
caption stating the finding, source line) and a closing slide listing the source documents.
Nothing here imports streamlit: the dashboard and `python -m analytics briefing` both call it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Sequence

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from analytics.breakdown import breakdown_coverage
from analytics.corpus import Corpus
from analytics.themes import theme_shares
from analytics.workload import department_workload
from ui.report.charts import coverage_chart, ranking_chart, source_line, theme_bars
from ui.report.i18n import t
from ui.report.images import export_figure, render
from ui.report.pack import PackItem, document_entry, stamp_text
from ui.report.safe import LINE_BREAK, plain
from ui.report.style import ELLIPSIS, text_em, wrap

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
LATIN_FONT = "Arial"
CJK_FONT = "Microsoft YaHei"  # what briefing readers' PowerPoint/WPS has; LibreOffice falls back to Noto CJK
TEXT_COLOUR = RGBColor(0x22, 0x22, 0x22)
MUTED_COLOUR = RGBColor(0x66, 0x66, 0x66)
ACCENT_COLOUR = RGBColor(0xB2, 0x22, 0x22)


def slide_picture(item: PackItem, stamp: str) -> bytes:
    """The chart at 16:9 for a slide. The slide carries the title as text, so the picture omits it."""
    return render(export_figure(item.figure(), "", item.subtitle, stamp, "16:9"), "png", scale=2)


def build_pptx(items: Sequence[PackItem], deck_title: str, date: str, data_version: str,
               sources: pd.DataFrame, lang: str = "zh") -> bytes:
    """The whole deck as PPTX bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]
    stamp = stamp_text(data_version, date, lang)

    slide = deck.slides.add_slide(blank)
    cut = _text(slide, deck_title, *TITLE_SLIDE_BOX, bold=True, colour=ACCENT_COLOUR)
    _text(slide, t("deck_subtitle", lang, date=date, n=len(items), version=data_version), Inches(0.8), Inches(3.9),
          Inches(11.7), Inches(0.8), (18, 18), colour=MUTED_COLOUR)
    _notes(slide, cut)

    for item in items:
        slide = deck.slides.add_slide(blank)
        cut = _text(slide, item.title, *TITLE_BOX, bold=True)
        caption_height, source_height = _band(item.caption, CAPTION_BOX), _band(item.source, SOURCE_BOX)
        picture_height = PICTURE_BAND - caption_height - source_height  # the picture gives up what the texts below need
        picture_width = Emu(int(picture_height * 16 / 9))
        # the chart's own language (a pack may mix charts added before and after a language switch)
        item_stamp = stamp_text(data_version, date, item.lang)
        slide.shapes.add_picture(io.BytesIO(slide_picture(item, item_stamp)), (SLIDE_WIDTH - picture_width) // 2,
                                 PICTURE_TOP, picture_width, picture_height)
        left, _, width, _, sizes = CAPTION_BOX
        caption_top = PICTURE_TOP + picture_height + GAP
        cut += _text(slide, item.caption, left, caption_top, width, caption_height, sizes)
        left, _, width, _, sizes = SOURCE_BOX
        cut += _text(slide, item.source, left, caption_top + caption_height + GAP, width, source_height, sizes,
                     colour=MUTED_COLOUR)
        _notes(slide, cut)

    entries = [f"• {slide_text(document_entry(row, lang))}" for row in sources.itertuples()]
    pages, left = source_pages(entries, stamp, lang)
    for number, (size, lines) in enumerate(pages):
        slide = deck.slides.add_slide(blank)
        heading = t("deck_sources", lang) if number == 0 else t("deck_sources_more", lang, page=number + 1, pages=len(pages))
        _text(slide, heading, *TITLE_BOX, bold=True)
        _text(slide, "\n".join(lines), *SOURCES_BOX[:4], (size, size))
    if left or any(line.endswith(ELLIPSIS) for _, lines in pages for line in lines):  # the last slide's notes list all
        _notes(slide, ["\n".join(entries)])

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# Text boxes: left, top, width, height, and the font sizes (pt) a text starts at and may shrink to. A text too long for
# its box at the smaller size is cut with an ellipsis there, and the slide's notes carry it whole (an attack: a typed
# title of 2,000 characters ran over the chart and off the slide; a caption over the source line).
TITLE_SLIDE_BOX = (Inches(0.8), Inches(2.4), Inches(11.7), Inches(1.4), (36, 20))
TITLE_BOX = (Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8), (26, 16))
# A chart slide below its title: the picture (16:9, 5 in high) from PICTURE_TOP, then the caption and the source line,
# each at least the height of its box here. A caption or source line that needs more at its readable size (READABLE)
# takes up to its box's MOST height from the picture (a walk: a finding of 161 characters was cut at 11 pt).
CAPTION_BOX = (Inches(0.5), Inches(6.15), Inches(12.3), Inches(0.6), (16, 11))
SOURCE_BOX = (Inches(0.5), Inches(6.8), Inches(12.3), Inches(0.6), (10, 8))
PICTURE_TOP, GAP = Inches(1.1), Inches(0.05)
PICTURE_BAND = Inches(6.2)  # the picture, the caption and the source line together: 5.0 + 0.6 + 0.6 in
READABLE = {CAPTION_BOX: 14, SOURCE_BOX: 9}  # pt
MOST = {CAPTION_BOX: Inches(1.4), SOURCE_BOX: Inches(1.0)}  # the picture keeps at least 3.8 in
SOURCES_BOX = (Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8), (14, 10))
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)  # a text box's own margins (python-pptx's and PowerPoint's defaults)
LINE_HEIGHT = 1.3  # a line's height for its font size: PowerPoint's single spacing is 1.2, Microsoft YaHei's lines about 1.3
EMU_PER_PT = 12700
MAX_SOURCE_SLIDES = 10  # the documents behind a pack at 1000× would fill over a hundred slides: the rest are counted


def _room(width, height, size: float) -> tuple[float, int]:
    """A box's text width in em and how many lines of `size` pt it holds."""
    return ((width - 2 * INSET_X) / EMU_PER_PT / size, int((height - 2 * INSET_Y) / EMU_PER_PT // (size * LINE_HEIGHT)))


def _lines(text: str, width_em: float) -> list[str]:
    return [line for paragraph in text.split("\n") for line in wrap(paragraph, width_em, hard=True)]


def _band(text: str, box) -> int:
    """The height `text` takes below a chart slide's picture: its box's, or what its lines need at the READABLE size,
    up to the box's MOST."""
    _, _, width, height, _ = box
    size = READABLE[box]
    width_em = (width - 2 * INSET_X) / EMU_PER_PT / size
    need = Emu(int(len(_lines(plain(text), width_em)) * size * LINE_HEIGHT * EMU_PER_PT + 2 * INSET_Y))
    return int(max(height, min(need, MOST[box])))


def fit_text(text: str, width, height, sizes: tuple[int, int]) -> tuple[int, str]:
    """The largest font size from sizes[0] down to sizes[1] at which `text` fits its box (by ui.report.style's width
    estimate, which errs wide), and the text: whole, or at the smaller size cut to what fits, ending in an ellipsis."""
    largest, smallest = sizes
    for size in range(largest, smallest - 1, -1):
        width_em, rows = _room(width, height, size)
        if len(_lines(text, width_em)) <= max(rows, 1):
            return size, text
    width_em, rows = _room(width, height, smallest)
    low, high = 0, len(text)  # the longest prefix that, with the ellipsis, fits: a search, a dozen wraps for 2,000 characters
    while low < high:
        middle = (low + high + 1) // 2
        if len(_lines(text[:middle].rstrip() + ELLIPSIS, width_em)) <= max(rows, 1):
            low = middle
        else:
            high = middle - 1
    return smallest, text[:low].rstrip() + ELLIPSIS


def source_pages(entries: list[str], stamp: str, lang: str) -> tuple[list[tuple[int, list[str]]], int]:
    """The closing slides' lines: the source documents, one entry a line, then the stamp, at SOURCES_BOX's larger size
    when all fit on one slide, else at its smaller size over as many slides as they need, at most MAX_SOURCE_SLIDES: the
    last then counts the documents left off (the slide's notes list them all). An entry longer than a line wraps.
    Returns the slides' font sizes and lines, and how many documents were left off."""
    _, _, width, height, (largest, smallest) = SOURCES_BOX
    width_em, rows = _room(width, height, largest)
    if sum(len(_lines(line, width_em)) for line in entries) + 2 <= rows:  # a blank line and the stamp
        return [(largest, entries + ["", stamp])], 0
    width_em, rows = _room(width, height, smallest)
    # an entry longer than a slide less the last's three closing lines is cut there (an attack: one entry of a slide and
    # more left the first slide empty and overfilled the next); the notes list it whole when any is cut
    most = Emu(int((rows - 3) * smallest * LINE_HEIGHT * EMU_PER_PT + 2 * INSET_Y))
    entries = [fit_text(entry, width, most, (smallest, smallest))[1] for entry in entries]
    pages: list[list[str]] = [[]]
    used = left = 0
    for index, entry in enumerate(entries):
        need = len(_lines(entry, width_em))
        last_slide = len(pages) == MAX_SOURCE_SLIDES
        if used + need > rows - (3 if last_slide else 0):  # the last slide keeps room for the count, a blank line, the stamp
            if last_slide:
                left = len(entries) - index
                pages[-1].append(t("deck_sources_left", lang, n=left))
                break
            pages.append([])
            used = 0
        pages[-1].append(entry)
        used += need
    if used + 2 > rows:  # never on the last slide allowed, which kept the room
        pages.append([])
    pages[-1] += ["", stamp]
    return [(smallest, page) for page in pages], left


def slide_text(text: str) -> str:
    """A text as a slide draws it: without bidi controls (ui/report/safe.py), a carriage return or a typed <br> a new
    line, a tab a space (an attack: python-pptx wrote each \r as the literal _x000D_, a <br> stood as typed, 200 tabs
    were drawn wide and counted narrow)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(LINE_BREAK, "\n").replace("\t", " ")
    return plain(re.sub(r"\n{3,}", "\n\n", text))  # at most one blank line in a row (500 <br> were 500 lines)


def _notes(slide, texts: list[str]) -> None:
    """The whole of each text cut on the slide, in its notes (the presenter sees it; nothing typed is lost)."""
    if texts:
        slide.notes_slide.notes_text_frame.text = plain("\n\n".join(texts))


def _text(slide, text: str, left, top, width, height, sizes: tuple[int, int], bold: bool = False,
          colour: RGBColor = TEXT_COLOUR) -> list[str]:
    """A word-wrapped text box whose runs name a CJK typeface, so Chinese never falls back to boxes, at the largest of
    `sizes` the text fits (fit_text). Returns [text] when it had to be cut, else []."""
    text = slide_text(text)
    size, shown = fit_text(text, width, height, sizes)
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for index, line in enumerate(shown.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, LATIN_FONT
        run.font.color.rgb = colour
        properties = run._r.get_or_add_rPr()
        for tag in ("a:ea", "a:cs"):
            element = properties.find(qn(tag))
            if element is None:
                element = properties.makeelement(qn(tag), {})
                properties.append(element)
            element.set("typeface", CJK_FONT)
    return [text] if shown != text else []


def standard_pack(corpus: Corpus, programmes: Collection[str], lang: str = "zh") -> tuple[list[PackItem], list[str]]:
    """The routine pack: headline themes, department workload, breakdown coverage.

    Returns the items and the names of charts left out because the selection has no data for them.
    """
    programmes = list(programmes)
    source = source_line(corpus, programmes, lang)
    items, skipped = [], []

    headline = list(corpus.themes.theme_id[corpus.themes.headline])
    shares = theme_shares(corpus, programmes, themes=headline)
    if shares.tasks.sum() > 0:
        items.append(PackItem.from_figure(theme_bars(corpus, shares, "share", lang, source, t("scope_primary", lang),
                                                     title=t("headline_title", lang)), lang=lang))
    else:
        skipped.append(t("headline_title", lang))

    workload = department_workload(corpus, programmes, by="function")
    if len(workload):
        items.append(PackItem.from_figure(ranking_chart(corpus, workload, "function", lang, source, t("workload_sub", lang)),
                                          lang=lang))
    else:
        skipped.append(t("workload_title", lang))

    coverage = breakdown_coverage(corpus, programmes=programmes)
    lower = coverage[["n_division", "n_work_points", "n_county"]].to_numpy().sum() if len(coverage) else 0
    if len(coverage) and lower:
        items.append(PackItem.from_figure(coverage_chart(coverage, lang, source), lang=lang))
    else:
        skipped.append(t("coverage_chart_title", lang))
    return items, skipped
