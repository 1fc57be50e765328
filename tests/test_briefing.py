"""Briefing packs (ui/report/briefing.py and `python -m analytics briefing`): the PPTX opened and read back."""

import io
import subprocess
import sys

import pytest
from pptx import Presentation

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
