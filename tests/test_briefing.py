"""Briefing packs (ui/report/briefing.py and `python -m analytics briefing`): the PPTX opened and read back."""

import io
import subprocess
import sys

import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from analytics import paths
from analytics.outputs.export import source_documents
from ui.report.briefing import build_pptx, standard_pack
from ui.report.pack import PackItem


def slide_texts(deck_bytes: bytes) -> list[list[str]]:
    deck = Presentation(io.BytesIO(deck_bytes))
    return [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in deck.slides]


def picture_count(deck_bytes: bytes) -> list[int]:
    return [sum(shape.shape_type == 13 for shape in slide.shapes) for slide in Presentation(io.BytesIO(deck_bytes)).slides]


# Hand-worked from the extracts: 市中区—高唐县 has 6 of its 18 tasks under 产业合作 (33%), the largest
# headline-theme share anywhere; the key tasks with no county counterpart are （二）（七）(十五)(十八)（十九）.
STANDARD_ZH = [
    ("四大重点主题占比", "“产业合作”在市中区—高唐县产业帮扶方案中占比最高，达33%。"),
    ("各职能部门任务量", None),
    ("省级重点任务分解覆盖", "22项省级重点任务中，17项已落到区县方案，5项未落到区县：（二）、（七）、(十五)、(十八)、（十九）。"),
]


def test_standard_pack_has_the_three_routine_charts_with_findings(corpus):
    items, skipped = standard_pack(corpus, list(corpus.programmes.programme_id), "zh")
    assert skipped == []
    assert [item.title for item in items] == [title for title, _ in STANDARD_ZH]
    for item, (_, caption) in zip(items, STANDARD_ZH):
        if caption:
            assert item.caption == caption
        assert item.source.startswith("资料来源：")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_pack_item_carries_the_ids_of_the_documents_it_names(corpus, lang):
    """The closing slide lists the documents behind every chart from these ids, not from the source text."""
    items, _ = standard_pack(corpus, ["szq-fx", "szq-gt"], lang)
    assert [item.programmes for item in items] == [("szq-fx", "szq-gt")] * 3
    # 市中区—费县: 市中政办字〔2023〕13号 (seeds/szq-fx.txt); the source line names it, in either language.
    assert all("市中政办字〔2023〕13号" in item.source for item in items)
    again = PackItem.from_figure(items[0].figure())
    assert again.programmes == ("szq-fx", "szq-gt")


def test_standard_pack_skips_charts_a_selection_cannot_support(corpus):
    # 上海—三明 names no departments and takes no part in the provincial breakdown.
    items, skipped = standard_pack(corpus, ["sh-sm"], "en")
    assert [item.title for item in items] == ["Headline themes compared"]
    assert len(skipped) == 2


def test_deck_has_title_chart_and_sources_slides(corpus):
    items, _ = standard_pack(corpus, ["szq-fx", "jn-ly-provincial"], "zh")
    items[0].caption = "编辑过的一句话结论。"
    items.reverse()  # the order the user left the pack in is the order of the slides
    sources = source_documents(corpus, ["szq-fx", "jn-ly-provincial"])
    deck = build_pptx(items, "费县简报", "2026-11-22", "d0000test", sources, "zh")
    texts = slide_texts(deck)
    assert len(texts) == len(items) + 2
    assert texts[0][0] == "费县简报" and "2026-11-22" in texts[0][1] and "d0000test" in texts[0][1]
    for slide, item in zip(texts[1:-1], items):
        assert slide == [item.title, item.caption, item.source]
    assert "编辑过的一句话结论。" in texts[-2]
    assert picture_count(deck) == [0] + [1] * len(items) + [0]
    closing = texts[-1]
    assert closing[0] == "资料来源"
    assert "济南市市中区—临沂市费县对口合作实施方案（市中政办字〔2023〕13号，2023-10-19）" in closing[1]
    assert "鲁政办字〔2023〕31号" in closing[1] and "d0000test" in closing[1]
    # each slide's title is its title, in the slide's title placeholder (a walk: python-pptx, an outline or a screen
    # reader found every slide untitled), placed and aligned as the text boxes are
    slides = Presentation(io.BytesIO(deck)).slides
    assert [slide.shapes.title.text_frame.text if slide.shapes.title is not None else None for slide in slides] == \
        ["费县简报", *(item.title for item in items), "资料来源"]
    for slide in slides:
        title = slide.shapes.title
        assert (title.left, title.top) in {(Inches(0.8), Inches(2.4)), (Inches(0.5), Inches(0.3))}
        assert all(paragraph.alignment == PP_ALIGN.LEFT for paragraph in title.text_frame.paragraphs)


def test_pack_item_round_trips_its_figure(corpus):
    items, _ = standard_pack(corpus, ["szq-fx"], "en")
    again = PackItem.from_figure(items[0].figure())
    assert (again.title, again.caption, again.source) == (items[0].title, items[0].caption, items[0].source)


@pytest.mark.parametrize(
    "args, exit_code, slides, message",
    [
        (["--programme", "szq-fx"], 0, 5, "5 slides (3 charts)"),
        (["--programme", "sh-sm", "--lang", "en"], 0, 3, "skipped: Tasks per department function"),
        (["--programme", "no-such-plan"], 2, None, "unknown programme id(s): no-such-plan"),
    ],
)
def test_briefing_command(tmp_path, args, exit_code, slides, message):
    out = tmp_path / "pack.pptx"
    run = subprocess.run([sys.executable, "-m", "analytics", "briefing", "--out", str(out), *args],
                         cwd=paths.ROOT, capture_output=True, text=True, timeout=180)
    assert run.returncode == exit_code, run.stderr
    assert message in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    if slides is None:
        assert not out.exists()
    else:
        assert len(Presentation(str(out)).slides) == slides


@pytest.mark.parametrize("module, kept_out", [
    ("ui.web.widgets", {"pptx", "kaleido"}),   # every chart's tools: pack items and stamps, not the deck or images
    ("ui.web.state", {"pptx", "kaleido"}),     # the pack in session state
    ("ui.web.frame", {"pptx", "kaleido"}),     # the rest of what dashboard.py imports
    ("ui.web.uploads", {"pptx", "kaleido"}),
    ("ui.web.data", {"pptx", "kaleido"}),
    ("ui.report.pack", {"pptx", "kaleido"}),
    ("ui.report.images", {"kaleido"}),         # imported for the export panel; kaleido only when an image is made
])
def test_a_run_does_not_import_the_deck_or_image_libraries(module, kept_out):
    """python-pptx and kaleido cost every cold start ~0.3 s of imports (issue 15): only a download loads them."""
    code = f"import sys, {module}; print(sorted(m for m in {sorted(kept_out)!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_each_chart_slide_is_stamped_in_the_language_its_chart_was_drawn_in(corpus, monkeypatch):
    """A pack may mix charts added before and after a language switch: each picture's data stamp matches its
    chart, the deck's own slides follow the deck's language."""
    from ui.report import briefing

    stamps = []
    monkeypatch.setattr(briefing, "slide_picture", lambda item, stamp: stamps.append(stamp) or _tiny_png())
    zh_items, _ = standard_pack(corpus, ["szq-fx"], "zh")
    en_items, _ = standard_pack(corpus, ["szq-fx"], "en")
    deck = build_pptx([zh_items[0], en_items[0]], "Briefing", "2026-11-22", "d0000test",
                      source_documents(corpus, ["szq-fx"]), "en")
    assert stamps == ["数据版本 d0000test · 导出于 2026-11-22 · 对口合作方案比较",
                      "Data version d0000test · exported 2026-11-22 · Paired-cooperation programmes compared"]
    assert slide_texts(deck)[-1][0] == "Source documents"


def _tiny_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_pack_item_keeps_at_most_the_bound_of_a_typed_text():
    """An attack put a 10,000-character finding on a slide (the caption box had no bound, and Streamlit does not
    bound a widget's first value): a typed title, subtitle or finding is cut to EDITED_TEXT_MAX_CHARS (2,000)."""
    import plotly.graph_objects as go

    from ui.report.pack import EDITED_TEXT_MAX_CHARS, PackItem
    from ui.report.style import frame

    fig = frame(go.Figure(go.Bar(x=[1], y=["甲"])), "标题", "副标题", "资料来源：甲", caption="结论")
    item = PackItem.from_figure(fig, title="题" * 3000, subtitle=None, caption="论" * 10_000)
    assert EDITED_TEXT_MAX_CHARS == 2_000
    assert (item.title, item.subtitle, item.caption) == ("题" * 2000, "副标题", "论" * 2000)


# A chart slide's title box (ui.report.briefing.TITLE_BOX): 12.3 in wide less 0.1 in margins each side = 871.2 pt, 0.8 in
# high less 0.05 in each = 50.4 pt; a line is 1.3 × the font size. At 26 pt: 33.5 em a line, 50.4 // 33.8 = one line.
# At s pt: 871.2 / s em a line, and two lines once 1.3 s ≤ 25.2, from 19 pt down.
@pytest.mark.parametrize("text, size, shown", [
    ("甲" * 30, 26, "甲" * 30),  # one line at the largest size
    ("甲" * 40, 21, "甲" * 40),  # one line needs 871.2 / s ≥ 40: s ≤ 21.78
    ("甲" * 91, 18, "甲" * 91),  # two lines: at 19 pt 45 a line hold 90; at 18 pt 48 a line hold 96
    ("甲" * 100, 17, "甲" * 100),  # at 17 pt 51 a line
    # at the smallest size, 16 pt: two lines of 54.45 em; 107 characters and the ellipsis (1 em) fill them
    ("甲" * 200, 16, "甲" * 107 + "…"),
    ("W" * 300, 16, "W" * 107 + "…"),  # capital Ws are a full em each (counted 0.58 em, they ran off the slide)
])
def test_a_slide_text_shrinks_to_its_box_and_is_cut_at_the_smallest_size(text, size, shown):
    from ui.report.briefing import TITLE_BOX, fit_text

    assert fit_text(text, TITLE_BOX.width, TITLE_BOX.height, TITLE_BOX.sizes) == (size, shown)


def slide_notes(deck_bytes: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(deck_bytes))
    return [slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "" for slide in deck.slides]


def test_a_typed_text_too_long_for_its_slide_is_cut_there_and_kept_whole_in_the_notes(corpus):
    """An attack: a typed title of 2,000 characters ran over the chart and off the slide, a long caption over the
    source line. Each now shrinks, then is cut with …, and the slide's notes hold it whole."""
    items, _ = standard_pack(corpus, ["szq-fx"], "zh")
    items = items[:1]
    items[0].title, items[0].caption = "标题" * 1000, "结论" * 1000
    sources = source_documents(corpus, ["szq-fx"])
    deck = build_pptx(items, "简报" * 1000, "2026-12-06", "d0000test", sources, "zh")
    texts, notes = slide_texts(deck), slide_notes(deck)
    # the title slide's box: 11.7 in less margins = 828 pt, 1.4 in less margins = 93.6 pt; at 20 pt 93.6 // 26 = three
    # lines of 41.4 em, 41 characters each: 123 less one for the ellipsis
    assert texts[0][0] == "简报" * 61 + "…"
    assert notes[0] == "简报" * 1000
    assert texts[1][0] == "标题" * 53 + "标…"  # the chart slide's title at 16 pt: 107 characters and the ellipsis
    # the caption box at its tallest, 1.4 in less margins = 93.6 pt: at 11 pt six lines (1.3 × 11 = 14.3) of 79.2 em,
    # 474 characters less one for the ellipsis
    assert texts[1][1] == "结论" * 236 + "结…"
    assert notes[1] == "标题" * 1000 + "\n\n" + "结论" * 1000
    assert notes[2] == ""  # the sources slide: nothing cut


@pytest.mark.parametrize("n, sizes, lines, left", [
    # the sources box: 12.1 in = 871.2 pt wide, 5.7 in = 410.4 pt high; at 14 pt 410.4 // 18.2 = 22 lines, at 10 pt 31
    (20, [14], [22], 0),  # 20 documents, a blank line and the stamp: one slide at 14 pt
    (21, [10], [23], 0),  # 23 lines: 10 pt
    (40, [10, 10], [31, 11], 0),  # 31 documents, then 9 and the blank line and the stamp
    # three slides at most: two of 31, the third 28 documents, the count, a blank line and the stamp; 1000 - 90 left off
    (1000, [10] * 3, [31] * 3, 910),
])
def test_the_source_documents_run_over_as_many_slides_as_they_need_up_to_three(n, sizes, lines, left):
    from ui.report.briefing import source_pages

    pages, left_off = source_pages([f"• 文件{i}" for i in range(n)], "stamp", "zh")
    assert [size for size, _ in pages] == sizes and [len(page) for _, page in pages] == lines and left_off == left
    assert pages[-1][1][-2:] == ["", "stamp"]
    if left:
        assert pages[-1][1][-3] == f"……另有 {left} 份文件未列出，本页备注列出全部文件"
        assert pages[-1][1][-4] == f"• 文件{n - left - 1}"


def test_a_deck_of_many_documents_continues_its_sources_and_lists_them_all_in_the_notes(corpus):
    import pandas as pd

    items, _ = standard_pack(corpus, ["szq-fx"], "en")
    many = pd.concat([source_documents(corpus, ["szq-fx"])] * 400, ignore_index=True)
    deck = build_pptx(items[:1], "B", "2026-12-06", "d0000test", many, "en")
    texts, notes = slide_texts(deck), slide_notes(deck)
    closing = texts[2:]
    assert [slide[0] for slide in closing] == ["Source documents"] + [f"Source documents (continued, {page} of 3)"
                                                                      for page in range(2, 4)]
    assert "… and " in closing[-1][1] and "more documents, not listed here: this slide's notes list them all" in closing[-1][1]
    assert notes[-1].count("\n") == 399  # all 400 entries


@pytest.mark.parametrize("caption, size, picture_in", [
    ("结" * 50, 16, 5.0),  # one line at 16 pt (54 characters fit): the picture keeps its 5 in
    # a walk: a finding of 161 characters was cut at 11 pt. At 14 pt three lines of 62 need 3 × 18.2 pt + 0.1 in =
    # 0.858 in, taken from the picture: 6.2 − 0.858 − 0.6 = 4.742 in
    ("结" * 161, 14, 4.742),
])
def test_a_long_finding_takes_room_from_the_picture_and_nothing_overlaps(corpus, caption, size, picture_in):
    items, _ = standard_pack(corpus, ["szq-fx"], "zh")
    items = items[:1]
    items[0].caption = caption
    deck = Presentation(io.BytesIO(build_pptx(items, "简报", "2026-12-06", "d0000test", source_documents(corpus, ["szq-fx"]), "zh")))
    shapes = list(deck.slides[1].shapes)
    picture = next(shape for shape in shapes if shape.shape_type == 13)
    boxes = [shape for shape in shapes if shape.has_text_frame]
    caption_box = next(box for box in boxes if box.text_frame.text.startswith("结"))
    assert caption_box.text_frame.text == caption
    assert {run.font.size.pt for p in caption_box.text_frame.paragraphs for run in p.runs} == {size}
    assert picture.height / 914400 == pytest.approx(picture_in, abs=0.005)
    ordered = sorted([picture, *boxes], key=lambda shape: shape.top)
    for upper, lower in zip(ordered, ordered[1:]):
        assert upper.top + upper.height <= lower.top  # title, picture, caption, source line: one below the other
    assert ordered[-1].top + ordered[-1].height <= deck.slide_height


@pytest.mark.parametrize("typed, drawn", [
    ("甲\r\n乙\r丙", "甲\n乙\n丙"),  # python-pptx wrote each \r as the literal text _x000D_
    ("甲<br>乙", "甲\n乙"),  # a typed <br> breaks the line, as on the chart
    ("甲\t\t乙", "甲  乙"),  # tabs were drawn wide and counted narrow
    ("<br>" * 500 + "甲", "\n\n甲"),  # at most one blank line in a row
])
def test_a_slide_draws_line_breaks_returns_and_tabs_as_lines_and_spaces(typed, drawn):
    from ui.report.briefing import slide_text

    assert slide_text(typed) == drawn


def test_a_source_entry_longer_than_a_slide_is_cut_there():
    """An attack: one entry longer than a slide left the first slide empty and overfilled the next. At 10 pt a slide
    holds 31 lines; an entry keeps 28 (the last slide's count, blank line and stamp), 87 characters a line."""
    from ui.report.briefing import SOURCES_BOX, _lines, _room, source_pages

    pages, left = source_pages(["• " + "甲" * 5000, "• 乙"], "stamp", "zh")
    assert len(pages) == 1 and left == 0
    width_em, rows = _room(SOURCES_BOX.width, SOURCES_BOX.height, 10)
    assert rows == 31 and pages[0][1][0].endswith("…") and len(_lines(pages[0][1][0], width_em)) == 28
    assert pages[0][1][1:] == ["• 乙", "", "stamp"]
