"""Chart images rendered on the server (kaleido driving Debian's Chromium), for briefing materials.

An exported chart stands alone: its (editable) title and subtitle, the source line naming the
documents behind it, the data version and the export date are drawn into the image itself.
"""

from __future__ import annotations

import atexit
import logging
import threading

import plotly.graph_objects as go

from ui.report.safe import LINE_BREAK, plot_text
from ui.report.style import (
    PRESENT_FONT_SCALE,
    SANKEY_CODES,
    SOURCE_ANNOTATION,
    SOURCE_FONT_PX,
    SOURCE_LINE_PX,
    SUBTITLE_FONT_PX,
    TITLE_FONT_PX,
    add_source_note,
    category_rows,
    chart_lang,
    chart_text_px,
    chart_texts,
    enlarged,
    side_margins,
    heading_px,
    legend_px,
    rows_px,
    sankey_rows_px,
    source_gap_of,
    wrap_entries,
    wrap_subtitle,
    wrap_title,
)

SHAPES = {"16:9": (1280, 720), "square": (1080, 1080)}  # CSS pixels; the scale multiplies them
# A chart whose rows need more height than its shape leaves them (a heatmap of 15 functions under column labels turned
# vertical) is laid out on a larger canvas of the same shape and rendered at a smaller scale, so the image keeps its pixels:
# squeezed into 720 px, plotly labelled every other row, and no reader could tell which function an unlabelled row was
# (a walk). Canvases grow in steps of the shape's smallest whole-pixel unit (16 × 9), so the image size stays exact.
SHAPE_UNITS = {"16:9": (16, 9), "square": (1, 1)}
SCALES = (2, 3)
FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml"}


# Presentation mode draws each chart in the page's main column, with type PRESENT_FONT_SCALE times as large. On a
# 1280 px window that column is 1120 px wide (80 px padding each side): drawn at the 1280 px export size, the chart was
# squeezed into it after its lines had been wrapped for 1280, and the source lines ran past its right edge. 16:9 at
# least, like a slide; taller when the chart needs it: a chart keeps its own height, enlarged with its type (forced
# into 16:9, the grouped bars' 1,430 px of rows and legend overlapped and scrolled).
PRESENT_SIZE = (1120, 630)
EXPORT_SIDE_PX = 30  # an exported image's margins beside the plot, before the room for its labels and legend


def presentation_figure(fig: go.Figure, title: str, subtitle: str, stamp: str) -> go.Figure:
    """A copy of `fig` for projection: PRESENT_SIZE or taller, enlarged type, every line wrapped for both."""
    width, height = PRESENT_SIZE
    own = fig.layout.height or 0
    return export_figure(fig, title, subtitle, stamp, size=(width, max(height, round(own * PRESENT_FONT_SCALE))),
                         font_scale=PRESENT_FONT_SCALE)


def export_figure(fig: go.Figure, title: str, subtitle: str, stamp: str, shape: str = "16:9",
                  font_scale: float = 1.0, size: tuple[int, int] | None = None) -> go.Figure:
    """A copy of `fig` at the export size (`shape`'s, or `size`), retitled, with source line and stamp as its bottom lines.

    `font_scale` above 1 enlarges the type (ui.report.style.enlarged): title and subtitle are then wrapped, and the
    heading's room worked out, at the enlarged size (wrapped at the normal size and enlarged afterwards, an English
    subtitle ran past the chart's right edge). A chart whose rows need more height than `shape` leaves them is laid out
    on a larger canvas of that shape (`canvas_size`) and rendered to the shape's pixels all the same (`render`)."""
    fig = with_sankey_codes(fig)
    if size is not None:
        return _laid_out(fig, title, subtitle, stamp, size, size[0], font_scale)
    out = _laid_out(fig, title, subtitle, stamp, SHAPES[shape], SHAPES[shape][0], font_scale)
    canvas = canvas_size(out, shape)
    return out if canvas == SHAPES[shape] else _laid_out(fig, title, subtitle, stamp, canvas, SHAPES[shape][0], font_scale)


def with_sankey_codes(fig: go.Figure) -> go.Figure:
    """`fig`, or for a Sankey a copy whose unnamed nodes between its first and last columns carry their short code ("分工
    7", kept by the builder in the figure's meta: ui.report.style.SANKEY_CODES). An image or slide has no hover: a walk
    found a slide of the breakdown naming 22 key tasks and not one of the division tasks they became. The last column
    (100+ work points and county tasks) stays unnamed; the export's canvas gives every named node its room
    (plot_need_px). Codes hold a plan's task numbers, so they are drawn as data text is (`plot_text`)."""
    codes = (fig.layout.meta or {}).get(SANKEY_CODES)
    if not codes or not any(trace.type == "sankey" for trace in fig.data):
        return fig
    out = go.Figure(fig)
    for trace in out.data:
        if trace.type != "sankey" or trace.node.label is None or not trace.node.x or len(codes) != len(trace.node.label):
            continue
        last = max(trace.node.x)
        trace.node.label = [label or (plot_text(str(code)) if x != last else "")
                            for label, x, code in zip(trace.node.label, trace.node.x, codes)]
    return out


MIN_BAR_PX = 4  # the thinnest bar whose colour a reader can still tell from its neighbour's


def plot_need_px(fig: go.Figure) -> int:
    """The plot height a chart's rows need: their labels clear of each other (ui.report.style.rows_px; a heatmap's rows
    too; a Sankey's named nodes, sankey_rows_px), for grouped bars MIN_BAR_PX for each bar, and the legend whole; 0 for a
    chart without rows or legend."""
    labels = category_rows(fig) or [v for trace in fig.data if trace.type == "heatmap"
                                    for v in (trace.y if isinstance(trace.y, (list, tuple)) else ()) if isinstance(v, str)]
    bars = sum(trace.type == "bar" and trace.orientation == "h" for trace in fig.data)
    grouped = len(labels) * MIN_BAR_PX * bars if fig.layout.barmode == "group" else 0
    return max(rows_px(labels, top_down=fig.layout.yaxis.autorange == "reversed"), grouped, legend_px(fig), sankey_rows_px(fig))


def canvas_size(out: go.Figure, shape: str) -> tuple[int, int]:
    """`out`'s size (an export laid out in `shape`) when its plot area holds its rows (`plot_need_px`); else the smallest
    multiple of the shape's unit whose plot area does, its margins kept."""
    width, height = out.layout.width, out.layout.height
    margins = (out.layout.margin.t or 0) + (out.layout.margin.b or 0)
    needed = plot_need_px(out) + margins
    if needed <= height:
        return width, height
    unit_w, unit_h = SHAPE_UNITS[shape]
    steps = -(-needed // unit_h)  # ceil
    return unit_w * steps, unit_h * steps


def _laid_out(fig: go.Figure, title: str, subtitle: str, stamp: str, size: tuple[int, int], image_width: int,
              font_scale: float) -> go.Figure:
    width, height = size
    texts = chart_texts(fig)
    # Every line wrapped to the image width (the source line between its entries, never inside a 文号).
    usable = width - 2 * EXPORT_SIDE_PX
    lines = [plot_text(line) for line in wrap_entries(texts["source"], chart_lang(fig), usable / SOURCE_FONT_PX)] + [stamp]
    title_em, subtitle_em = usable / (TITLE_FONT_PX * font_scale), usable / (SUBTITLE_FONT_PX * font_scale)
    gap = source_gap_of(fig)
    # Room a chart keeps above its plot besides the heading (a heatmap's column labels) stays in the export.
    labels_on_top = max(0, (fig.layout.margin.t or 0) - heading_px(texts["title"], texts["subtitle"], chart_text_px(fig)))
    # without a title (a slide's picture: the slide carries it) the subtitle's lines still need their room (an attack:
    # a long typed subtitle was drawn over the plot in 60 px kept for one line)
    heading = round(heading_px(title, subtitle, usable / font_scale) * font_scale) if title or subtitle else 60
    out = go.Figure(fig)
    left, right = side_margins(out, EXPORT_SIDE_PX, width)
    out.layout.annotations = [a for a in out.layout.annotations if a.name != SOURCE_ANNOTATION]
    out.update_layout(
        title=dict(text=plot_text(wrap_title(title, title_em)), subtitle=dict(text=plot_text(wrap_subtitle(subtitle, subtitle_em)))),
        width=width, height=height, autosize=False,
        margin=dict(l=left, r=right, t=heading + labels_on_top, b=gap + 20 + SOURCE_LINE_PX * len(lines)),
        meta={**(out.layout.meta or {}), "title": title, "subtitle": subtitle, "stamp": stamp, "image_width": image_width},
    )
    out = add_source_note(out, lines, gap, EXPORT_SIDE_PX)
    return enlarged(out, font_scale, EXPORT_SIDE_PX) if font_scale != 1 else out


_lock = threading.Lock()
_started = False
# kaleido's transport to Chromium logs, with a traceback, a message cut off when Chromium closes its pipe at exit ("JSONError
# decoding message. Ignoring"): after a successful export, CI saw `analytics briefing` print one. A failed image raises
# from kaleido.calc_fig_sync all the same; only the libraries' own log is quiet.
QUIET_LOGGERS = ("choreographer", "kaleido")


def render(fig: go.Figure, fmt: str = "png", scale: int = 2) -> bytes:
    """PNG or SVG bytes of `fig` at its layout width × height (× scale for PNG).

    One Chromium is started per process on first use and reused (~0.2 s per image instead of ~4 s).
    MathJax is off because kaleido would fetch it from a CDN, and this app works offline.
    """
    global _started
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    import kaleido  # here, not at the top: only a download needs it, and it cost every cold start ~0.05 s (issue 15)

    # an export drawn on a larger canvas (canvas_size) is rendered to the shape's pixels: scale × the shape's width
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    px_scale = scale
    if meta.get("image_width") and fig.layout.width and meta["image_width"] != fig.layout.width:
        px_scale = scale * meta["image_width"] / fig.layout.width * (1 + 1e-6)  # Chromium floors: 2559.9999… was 2559
    opts = dict(format=fmt, width=fig.layout.width, height=fig.layout.height, scale=px_scale if fmt == "png" else 1)
    with _lock:
        if _started:
            return kaleido.calc_fig_sync(fig, opts=opts)
        for name in QUIET_LOGGERS:  # before the server's first message
            logging.getLogger(name).setLevel(logging.CRITICAL)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _started = True
        try:
            return kaleido.calc_fig_sync(fig, opts=opts)
        finally:
            # Registered once the first image is made, when Chromium and its temporary profile folders exist. At exit the
            # last registered runs first, and the standard library's clean-up of temporary folders registers itself with
            # the first folder. Registered before it (as at start), the clean-up removed the profile under a running
            # Chromium, which failed at random when Chromium wrote to it ("Directory not empty": a traceback at the end of
            # a successful export). Now Chromium is closed first, and kaleido removes its folders itself.
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
