"""Briefing packs: charts collected from the dashboard (or the standard set) as one PPTX deck.

Deck: a title slide (title, date, data version), one slide per chart (title, picture, one-sentence
caption stating the finding, source line) and a closing slide listing the source documents.
Nothing here imports streamlit: the dashboard and `python -m analytics briefing` both call it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Sequence
from typing import NamedTuple

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
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
from ui.report.style import ELLIPSIS, wrap

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
    # every slide's title in the layout's title placeholder, so an outline, a screen reader or a slide sorter names the
    # slide (a walk: every slide was untitled to python-pptx, its title a free text box)
    titled = deck.slide_layouts[TITLE_ONLY_LAYOUT]
    stamp = stamp_text(data_version, date, lang)

    slide = deck.slides.add_slide(titled)
    cut = _text(slide, deck_title, TITLE_SLIDE_BOX, bold=True, colour=ACCENT_COLOUR, title=True)
    _text(slide, t("deck_subtitle", lang, date=date, n=len(items), version=data_version), SUBTITLE_SLIDE_BOX,
          colour=MUTED_COLOUR)
    _notes(slide, cut)

    for item in items:
        slide = deck.slides.add_slide(titled)
        cut = _text(slide, item.title, TITLE_BOX, bold=True, title=True)
        caption_box, source_box = _band(item.caption, CAPTION_BOX), _band(item.source, SOURCE_BOX)
        picture_height = PICTURE_BAND - caption_box.height - source_box.height  # given up to what the texts below need
        picture_width = Emu(int(picture_height * 16 / 9))
        # the chart's own language (a pack may mix charts added before and after a language switch)
        item_stamp = stamp_text(data_version, date, item.lang)
        slide.shapes.add_picture(io.BytesIO(slide_picture(item, item_stamp)), (SLIDE_WIDTH - picture_width) // 2,
                                 PICTURE_TOP, picture_width, picture_height)
        caption_box = caption_box._replace(top=PICTURE_TOP + picture_height + GAP)
        cut += _text(slide, item.caption, caption_box)
        cut += _text(slide, item.source, source_box._replace(top=caption_box.top + caption_box.height + GAP),
                     colour=MUTED_COLOUR)
        _notes(slide, cut)

    entries = [f"• {slide_text(document_entry(row, lang))}" for row in sources.itertuples()]
    pages, left = source_pages(entries, stamp, lang)
    for number, (size, lines) in enumerate(pages):
        slide = deck.slides.add_slide(titled)
        heading = t("deck_sources", lang) if number == 0 else t("deck_sources_more", lang, page=number + 1, pages=len(pages))
        _text(slide, heading, TITLE_BOX, bold=True, title=True)
        _text(slide, "\n".join(lines), SOURCES_BOX._replace(sizes=(size, size)))
    if left or any(line.endswith(ELLIPSIS) for _, lines in pages for line in lines):  # the last slide's notes list all
        _notes(slide, ["\n".join(entries)])

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


class Box(NamedTuple):
    """A text box: where it stands, and the font sizes (pt) a text starts at and may shrink to. A text too long for it at
    the smaller size is cut with an ellipsis there, and the slide's notes carry it whole (an attack: a typed title of
    2,000 characters ran over the chart and off the slide; a caption over the source line). Below a chart's picture, a
    box whose text needs more height at its `readable` size takes up to `most` from the picture (a walk: a finding of 161
    characters was cut at 11 pt)."""

    left: int
    top: int
    width: int
    height: int
    sizes: tuple[int, int]
    readable: int = 0
    most: int = 0


TITLE_SLIDE_BOX = Box(Inches(0.8), Inches(2.4), Inches(11.7), Inches(1.4), (36, 20))
SUBTITLE_SLIDE_BOX = Box(Inches(0.8), Inches(3.9), Inches(11.7), Inches(0.8), (18, 18))
TITLE_ONLY_LAYOUT = 5  # python-pptx's default template: "Title Only", a title placeholder and nothing else
TITLE_BOX = Box(Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8), (26, 16))
# A chart slide below its title: the picture (16:9, 5 in high) from PICTURE_TOP, then the caption and the source line,
# each at least its box's height here; the picture keeps at least 6.2 − 1.4 − 1.0 = 3.8 in.
CAPTION_BOX = Box(Inches(0.5), Inches(6.15), Inches(12.3), Inches(0.6), (16, 11), readable=14, most=Inches(1.4))
SOURCE_BOX = Box(Inches(0.5), Inches(6.8), Inches(12.3), Inches(0.6), (10, 8), readable=9, most=Inches(1.0))
PICTURE_TOP, GAP = Inches(1.1), Inches(0.05)
PICTURE_BAND = Inches(6.2)  # the picture, the caption and the source line together: 5.0 + 0.6 + 0.6 in
SOURCES_BOX = Box(Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8), (14, 10))
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)  # a text box's own margins (python-pptx's and PowerPoint's defaults)
LINE_HEIGHT = 1.3  # a line's height for its font size: PowerPoint's single spacing is 1.2, Microsoft YaHei's lines about 1.3
EMU_PER_PT = 12700
MAX_SOURCE_SLIDES = 3  # the documents behind a pack at 1000× would fill over a hundred slides: the rest are counted
# (a walk at 100×: ten slides of sources behind a two-chart pack, to be deleted by hand; the notes list them all)


def _room(width, height, size: float) -> tuple[float, int]:
    """A box's text width in em and how many lines of `size` pt it holds."""
    return ((width - 2 * INSET_X) / EMU_PER_PT / size, int((height - 2 * INSET_Y) / EMU_PER_PT // (size * LINE_HEIGHT)))


def _lines(text: str, width_em: float) -> list[str]:
    return [line for paragraph in text.split("\n") for line in wrap(paragraph, width_em, hard=True)]


def _band(text: str, box: Box) -> Box:
    """`box` below a chart slide's picture, as tall as `text` needs at its readable size: at least its own height, at
    most its `most`."""
    width_em = (box.width - 2 * INSET_X) / EMU_PER_PT / box.readable
    need = int(len(_lines(slide_text(text), width_em)) * box.readable * LINE_HEIGHT * EMU_PER_PT + 2 * INSET_Y)
    return box._replace(height=int(max(box.height, min(need, box.most))))


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
    _, _, width, height, (largest, smallest), _, _ = SOURCES_BOX
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


def _text(slide, text: str, box: Box, bold: bool = False, colour: RGBColor = TEXT_COLOUR, title: bool = False) -> list[str]:
    """A word-wrapped text box whose runs name a CJK typeface, so Chinese never falls back to boxes, at the largest of
    the box's sizes the text fits (fit_text). Returns [text] when it had to be cut, else []. `title`: the slide's title
    placeholder, moved to `box` and laid out as a text box is (left, top, the same insets), rather than a new box."""
    text = slide_text(text)
    size, shown = fit_text(text, box.width, box.height, box.sizes)
    if title:
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = box.left, box.top, box.width, box.height
        frame = shape.text_frame
        frame.margin_left = frame.margin_right = INSET_X
        frame.margin_top = frame.margin_bottom = INSET_Y
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.auto_size = MSO_AUTO_SIZE.NONE  # the text is fitted here (fit_text), never shrunk again by the viewer
    else:
        frame = slide.shapes.add_textbox(box.left, box.top, box.width, box.height).text_frame
    frame.word_wrap = True
    for index, line in enumerate(shown.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT if title else None
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
