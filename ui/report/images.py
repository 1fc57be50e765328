"""Chart images rendered on the server (kaleido driving Debian's Chromium), for briefing materials.

An exported chart stands alone: its (editable) title and subtitle, the source line naming the
documents behind it, the data version and the export date are drawn into the image itself.
"""

from __future__ import annotations

import atexit
import threading

import plotly.graph_objects as go

from ui.report.safe import plot_text
from ui.report.style import (
    SOURCE_ANNOTATION,
    SOURCE_FONT_PX,
    SOURCE_LINE_PX,
    SUBTITLE_FONT_PX,
    TITLE_FONT_PX,
    add_source_note,
    chart_lang,
    chart_texts,
    heading_px,
    source_gap_of,
    wrap_entries,
    wrap_label,
)

SHAPES = {"16:9": (1280, 720), "square": (1080, 1080)}  # CSS pixels; the scale multiplies them
SCALES = (2, 3)
FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml"}


def export_figure(fig: go.Figure, title: str, subtitle: str, stamp: str, shape: str = "16:9") -> go.Figure:
    """A copy of `fig` at the export size, retitled, with source line and stamp as its bottom lines."""
    width, height = SHAPES[shape]
    texts = chart_texts(fig)
    # Every line wrapped to the image width (the source line between its entries, never inside a 文号).
    usable = width - 60
    lines = [plot_text(line) for line in wrap_entries(texts["source"], chart_lang(fig), usable / SOURCE_FONT_PX)] + [stamp]
    title_em, subtitle_em = usable / TITLE_FONT_PX, usable / SUBTITLE_FONT_PX
    gap = source_gap_of(fig)
    # Room a chart keeps above its plot besides the heading (a heatmap's column labels) stays in the export.
    labels_on_top = max(0, (fig.layout.margin.t or 0) - heading_px(texts["title"], texts["subtitle"]))
    out = go.Figure(fig)
    out.layout.annotations = [a for a in out.layout.annotations if a.name != SOURCE_ANNOTATION]
    out.update_layout(
        title=dict(text=plot_text(wrap_label(title, title_em)), subtitle=dict(text=plot_text(wrap_label(subtitle, subtitle_em)))),
        width=width, height=height, autosize=False,
        margin=dict(l=30, r=30, t=(heading_px(title, subtitle, title_em, subtitle_em) if title else 60) + labels_on_top,
                    b=gap + 20 + SOURCE_LINE_PX * len(lines)),
        meta={**(out.layout.meta or {}), "title": title, "subtitle": subtitle, "stamp": stamp},
    )
    return add_source_note(out, lines, gap)


_lock = threading.Lock()
_started = False


def render(fig: go.Figure, fmt: str = "png", scale: int = 2) -> bytes:
    """PNG or SVG bytes of `fig` at its layout width × height (× scale for PNG).

    One Chromium is started per process on first use and reused (~0.2 s per image instead of ~4 s).
    MathJax is off because kaleido would fetch it from a CDN, and this app works offline.
    """
    global _started
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    import kaleido  # here, not at the top: only a download needs it, and it cost every cold start ~0.05 s (issue 15)

    with _lock:
        if not _started:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            _started = True
        opts = dict(format=fmt, width=fig.layout.width, height=fig.layout.height, scale=scale if fmt == "png" else 1)
        return kaleido.calc_fig_sync(fig, opts=opts)
