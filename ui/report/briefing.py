"""Briefing packs: charts collected from the dashboard (or the standard set) as one PPTX deck.

Deck: a title slide (title, date, data version), one slide per chart (title, picture, one-sentence
caption stating the finding, source line) and a closing slide listing the source documents.
Nothing here imports streamlit: the dashboard and `python -m analytics briefing` both call it.
"""

from __future__ import annotations

import io
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
from ui.report.safe import plain

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
    _text(slide, deck_title, Inches(0.8), Inches(2.4), Inches(11.7), Inches(1.4), 36, bold=True, colour=ACCENT_COLOUR)
    _text(slide, t("deck_subtitle", lang, date=date, n=len(items), version=data_version), Inches(0.8), Inches(3.9),
          Inches(11.7), Inches(0.8), 18, colour=MUTED_COLOUR)

    for item in items:
        slide = deck.slides.add_slide(blank)
        _text(slide, item.title, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8), 26, bold=True)
        picture_height = Inches(5.0)
        picture_width = Emu(int(picture_height * 16 / 9))
        # the chart's own language (a pack may mix charts added before and after a language switch)
        item_stamp = stamp_text(data_version, date, item.lang)
        slide.shapes.add_picture(io.BytesIO(slide_picture(item, item_stamp)), (SLIDE_WIDTH - picture_width) // 2, Inches(1.1),
                                 picture_width, picture_height)
        _text(slide, item.caption, Inches(0.5), Inches(6.15), Inches(12.3), Inches(0.6), 16)
        _text(slide, item.source, Inches(0.5), Inches(6.8), Inches(12.3), Inches(0.6), 10, colour=MUTED_COLOUR)

    slide = deck.slides.add_slide(blank)
    _text(slide, t("deck_sources", lang), Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8), 26, bold=True)
    lines = [f"• {document_entry(row, lang)}" for row in sources.itertuples()] + ["", stamp]
    _text(slide, "\n".join(lines), Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8), 14 if len(lines) <= 12 else 10)

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _text(slide, text: str, left, top, width, height, size: int, bold: bool = False, colour: RGBColor = TEXT_COLOUR):
    """A word-wrapped text box whose runs name a CJK typeface, so Chinese never falls back to boxes."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for index, line in enumerate(plain(text).split("\n")):  # slide text without bidi controls (ui/report/safe.py)
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
