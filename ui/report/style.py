"""The one chart style of the app: fonts that render Chinese, one colour per theme, title/subtitle/source.

Every chart builder calls `frame()`; no chart sets fonts or theme colours itself.
"""

from __future__ import annotations

import base64
import html
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ui.report.i18n import LANGUAGES, PLOTLY_LOCALE, PLOTLY_ZH, t
from ui.report.safe import LINE_BREAK, WORD_JOINER, plain, plot_text, safe_figure

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
TEMPLATE_NAME = "paired_cooperation"
BASE_FONT_SIZE = 14
TITLE_FONT_PX = 20
SUBTITLE_FONT_PX = 13
ROLE_COLOURS = {"lead": "#B22222", "responsible": "#4D4D4D", "support": "#E8A09A"}
SIDE_COLOURS = {"helper": "#1F5FA8", "recipient": "#C0392B", "other": "#8C8C8C"}
INSTRUMENT_COLOURS = {"supply": "#2C7FB8", "environment": "#7FBC41", "demand": "#F1A340"}
TIER_COLOURS = {"key_task": "#B22222", "division": "#1F5FA8", "work_point": "#E69F00", "county": "#2E8B57"}
ACCENT = "#B22222"  # the app's primary colour (also .streamlit/config.toml primaryColor)
MUTED = "#999999"
REFERENCE_LINE = "#888888"
LINK_COLOUR = "rgba(120,120,120,0.25)"
COUNT_SCALE = [[0, "#FFFFFF"], [1, ACCENT]]  # heatmaps of task counts or shares per theme
FUNCTION_SCALE = [[0, "#FFFFFF"], [1, "#1F5FA8"]]  # heatmaps of tasks per department function
BOTH_SIDES = "#555555"

# The colours series take in turn: a chart with one series per programme draws at most this many (beyond, two would share one).
COLORWAY = ("#1F5FA8", "#C0392B", "#2E8B57", "#E69F00", "#8E44AD", "#16A085", "#7F8C8D")

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=BASE_FONT_SIZE, color="#222222"),
        title=dict(font=dict(size=TITLE_FONT_PX), x=0.01, xanchor="left", yref="container", y=1, yanchor="top", pad=dict(t=22)),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(COLORWAY),
        xaxis=dict(gridcolor="#E5E5E5", zerolinecolor="#BDBDBD", automargin=True),
        yaxis=dict(gridcolor="#E5E5E5", zerolinecolor="#BDBDBD", automargin=True),
        legend=dict(orientation="v", yanchor="top", y=1.0, xanchor="left", x=1.01),
        hoverlabel=dict(font=dict(family=FONT_FAMILY)),
    )
)


def theme_colours(themes: pd.DataFrame) -> dict[str, str]:
    """theme_id → its fixed colour from the codebook."""
    return dict(zip(themes.theme_id, themes.colour))


SOURCE_FONT_PX = 11
# On screen a chart is never drawn narrower than CHART_MIN_PX: in a narrower box (a phone; a window under about
# 1 060 px with the sidebar open) it keeps that width and scrolls sideways in its box (chart_width_css). Plotly draws
# text on the lines it is given and cannot wrap it to the width it draws at, so title, subtitle and source lines are
# wrapped once, to the text width of that narrowest chart: on a 1280 px window (charts 820 px wide) they used to
# wrap at 340 px, a phone's screen, and now use two thirds of the chart.
CHART_MIN_PX = 600
CHART_SIDE_PX = 20  # frame()'s left and right margins
TEXT_SLACK_PX = 20  # room for the source line starting a little right of the figure's edge (add_source_note)
CHART_TEXT_PX = CHART_MIN_PX - 2 * CHART_SIDE_PX - TEXT_SLACK_PX  # 540
# A chart drawn in half the page's width (two programme profiles side by side: 402 px each at 1280 px): its text fits
# a phone's screen, as every chart's did.
HALF_TEXT_PX = 340
SOURCE_LINE_EM = CHART_TEXT_PX // SOURCE_FONT_PX  # 49 em of 11 px (titles: 27 em of 20 px, subtitles 41.5 em of 13 px)
NOTE_SEPARATOR = " · "  # between a subtitle and the notes joined to it (which plan, how many rows left out), and between a
# title's parts (a programme's name and what the chart shows of it), where a title too long for one line breaks


def subtitle_with(*parts: str | None) -> str:
    """A chart's subtitle and its notes in one line, in order, empty parts left out."""
    return NOTE_SEPARATOR.join(part for part in parts if part)

# Characters drawn a full em wide: CJK and its punctuation, full-width forms, Hangul, the CJK extensions beyond the
# basic plane, and emoji (an attack: a title of Hangul or emoji, counted as Latin letters, ran off the image).
_WIDE = re.compile(r"[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u3000-\u303F—"
                   r"\uAC00-\uD7AF\U0001F300-\U0001FAFF\U00020000-\U0003FFFF"
                   r"\u2600-\u27BF\u2B00-\u2BFF]")  # symbols and dingbats drawn as emoji: ✅ ❤ ⭐ (an attack: 0.58 em each)
# One unbreakable token: a 文号 such as 济政办字〔2023〕28号, a short remark in full-width brackets such as
# （征求意见稿） (a walk: a label broke as "…工作方案（征求意见⏎稿）"), an English word, or one CJK character, with
# opening brackets glued to what follows and closing punctuation (and spaces) glued to what precedes.
_DOC_NUMBER = r"[^\s（()；;]*?〔\d{4}〕\d+号"
_SHORT_REMARK = r"(?<=（)[^\s（）]{1,6}）"  # its opening bracket taken by the glue before it
_TOKEN = re.compile(
    r"[（(〔“‘《\[]*"
    rf"(?:{_DOC_NUMBER}|{_SHORT_REMARK}|[^\s\u2E80-\u9FFF\uFF00-\uFF60\u3000-\u303F—]+|\S)"
    r"[）)〕”’》\]，。；：、！？,.;:!?]*\s*"
)


# Latin letters wider than the average: capitals (Arial's average 0.68 em), m and w, and the widest of all, M, W, @ and %
# (0.83-1.0 em). Counted apart since an attack typed a title of capital Ws: counted at 0.58 em a letter, it ran 60 % past
# the line it was wrapped to.
_BROAD = re.compile(r"[A-Zmw@%]")
_BROADEST = re.compile(r"[MW@%]")


def text_em(text: str, latin: float = 0.58) -> float:
    """Approximate width of `text` in em: a CJK character is 1 em, a Latin letter or digit about 0.58 (a
    generous average, so wrapped text fits; pass a smaller `latin` for a lower bound), a capital (and m, w) 0.75, and
    M, W, @ and % a full em."""
    wide, spaces = len(_WIDE.findall(text)), text.count(" ")  # counted, not summed per character (issue 15)
    broad, broadest = len(_BROAD.findall(text)), len(_BROADEST.findall(text))  # the broadest are among the broad
    return wide + 0.3 * spaces + latin * (len(text) - wide - spaces) + (0.75 - latin) * broad + 0.25 * broadest


def tokens(text: str) -> list[str]:
    """`text` cut where a line may break: between words, between CJK characters, never inside a 文号."""
    return _TOKEN.findall(text)




def _cut(token: str, width: float) -> list[str]:
    """`token` in pieces of at most `width` em (at least one character each)."""
    pieces, used = [""], 0.0
    for character in token:
        em = text_em(character)
        if pieces[-1] and used + em > width:
            pieces.append("")
            used = 0.0
        pieces[-1] += character
        used += em
    return pieces


def wrap(text: str, width: float = SOURCE_LINE_EM, hard: bool = False) -> list[str]:
    """Lines of at most `width` em, broken only between tokens: a longer token gets a line of its own, or with `hard`
    (headings, which run across the whole image) is cut into lines of `width` (an attack: a title of thousands of
    unbroken letters ran off the exported image). A <br> in the text (the one markup plotly draws, `safe.plot_text`)
    breaks the line there, and blank lines are left out (an attack typed <br> in a title: the heading, counted as
    letters, was drawn over the plot, and a hard cut through "<br>" left a stray "<br / >")."""
    if LINE_BREAK in text:
        parts = [part for part in text.split(LINE_BREAK) if part.strip()] or [""]
        return [line for part in parts for line in wrap(part, width, hard)]
    lines: list[str] = []
    line = ""
    pieces = tokens(text)
    if hard:
        pieces = [piece for token in pieces for piece in (_cut(token, width) if text_em(token.rstrip()) > width else [token])]
    for token in pieces:
        if line and text_em((line + token).rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def wrap_words(words: list[str], width: float) -> list[str]:
    """Lines of at most `width` em, broken only between `words` (a word wider than a line is wrapped by `wrap`): a
    Chinese name cut into its words (a theme's zh_words) breaks as a reader reads it, 机制/与/营商/环境, never 与营/商环."""
    lines: list[str] = []
    for piece in (piece for word in words for piece in wrap(word, width)):
        if lines and text_em(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def wrap_entries(text: str, lang: str, width: float = SOURCE_LINE_EM) -> list[str]:
    """A list such as a source line wrapped between its entries, split where `ui.report.i18n.join_entries`
    joined them (the language's `list_sep`); an entry too long for one line wraps by `wrap`."""
    separator = t("list_sep", lang)
    mark = separator.rstrip()  # "；" / ";": stays at the end of its entry
    space = separator[len(mark):]  # " " in English: between two entries on one line, never at a line's end
    entries = [e + mark for e in text.split(separator)]
    entries[-1] = entries[-1].removesuffix(mark)
    lines: list[str] = []
    for entry in entries:
        if lines and text_em(lines[-1] + space + entry) <= width:
            lines[-1] += space + entry
        else:
            lines += wrap(entry, width)
    return lines


def wrap_label(text: str, width: float, hard: bool = False) -> str:
    """A tick or legend label (or, `hard`, a subtitle) wrapped with plotly's <br>."""
    return LINE_BREAK.join(wrap(text, width, hard))


# A heading holds at most these many lines; a longer one is cut with … (an attack: a typed subtitle of 2,000 characters
# was drawn over the whole plot of an exported image and of a slide's picture). The whole text stays in the figure's
# meta, and so in the pack and in a slide's notes. No heading of the dashboard's own comes near: its longest subtitle,
# with every note joined, takes three lines at the narrowest width.
TITLE_MAX_LINES = 3
SUBTITLE_MAX_LINES = 6


def _capped(lines: list[str], most: int, width: float) -> list[str]:
    """The first `most` of `lines`, the last of them ending in … when more were cut (shortened to leave it room)."""
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and text_em(last) + _ELLIPSIS_EM > width:
        last = last[:-1]
    return [*lines[:most - 1], last + ELLIPSIS]


def title_lines(title: str, width: float) -> list[str]:
    """A chart title's lines at `width` em: one when it fits; else broken first between its parts ("名称 · 主题构成"), each
    part wrapped as it needs (a walk: "市中区—高唐县产业帮扶方案 · 主题 / 构成" broke inside its last word); at most
    TITLE_MAX_LINES."""
    if NOTE_SEPARATOR not in title or text_em(title) <= width:
        return _capped(wrap(title, width, hard=True), TITLE_MAX_LINES, width)
    return _capped([line for part in title.split(NOTE_SEPARATOR) for line in wrap(part, width, hard=True)],
                   TITLE_MAX_LINES, width)


def wrap_title(title: str, width: float) -> str:
    """`title_lines` joined with plotly's <br>."""
    return LINE_BREAK.join(title_lines(title, width))


def subtitle_lines(subtitle: str, width: float) -> list[str]:
    """A subtitle's lines at `width` em, a word wider than a line cut (`wrap`'s hard), at most SUBTITLE_MAX_LINES."""
    return _capped(wrap(subtitle, width, hard=True), SUBTITLE_MAX_LINES, width)


def wrap_subtitle(subtitle: str, width: float) -> str:
    """`subtitle_lines` joined with plotly's <br>."""
    return LINE_BREAK.join(subtitle_lines(subtitle, width))


# Every data text drawn as a chart label (axis ticks, names beside dots, legend entries, notes) is bounded
# here, once, for every chart: at most LABEL_MAX_EM wide in all (28 CJK characters or about 48 Latin
# letters; the corpus's longest label is 24 em), and a label stacked above the next one (y-axis ticks)
# at most LABEL_MAX_LINES lines of its builder's wrap, so it keeps to its row. A longer label is cut with
# an ellipsis; the full text stays in the data, and the hover shows it (not yet on heatmaps: see
# _full_category_in_hover).
LABEL_MAX_EM = 28
LABEL_MAX_LINES = 2
ELLIPSIS = "…"
_ELLIPSIS_EM = 1.0  # drawn full-width by the CJK fonts


# Remarks in brackets at a label's end, which tell two programmes apart: （省）, （征求意见稿）, (draft), (uploaded).
_TRAILING_REMARKS = re.compile(r"(?:(?:<br>)?\s*[（(][^（）()<>]{1,12}[)）])+$")


def short_label(label: str, max_em: float = LABEL_MAX_EM, max_lines: int | None = None) -> str:
    """`label` (lines joined by <br>) cut to `max_em` in all and `max_lines` lines, ending in … when cut. Remarks in
    brackets at its end are kept after the … when they take at most half of it (a walk: an uploaded draft's row was cut
    to "Shizhong District (Jinan)–Gaotang County…", the same name as the curated plan beside it, "(uploaded)" lost)."""
    lines = label.split(LINE_BREAK)
    if text_em(label.replace(LINE_BREAK, "")) <= max_em and (max_lines is None or len(lines) <= max_lines):
        return label
    remarks = _TRAILING_REMARKS.search(label)
    kept_end = remarks.group(0).replace(LINE_BREAK, "").strip() if remarks else ""
    if kept_end and remarks.start() > 0 and text_em(kept_end) <= max_em / 2:
        head, room = label[:remarks.start()].rstrip(), max_em - text_em(kept_end)
        fits = text_em(head.replace(LINE_BREAK, "")) <= room and (max_lines is None or head.count(LINE_BREAK) < max_lines)
        return (head if fits else _cut_label(head, room, max_lines)) + (" " if kept_end[0] == "(" else "") + kept_end
    return _cut_label(label, max_em, max_lines)


def _cut_label(label: str, max_em: float, max_lines: int | None) -> str:
    """`label` cut to `max_em` and `max_lines`, ending in … (always: a cut label, or one whose end is cut off)."""
    lines = label.split(LINE_BREAK)
    kept: list[str] = []
    used = 0.0
    for line in lines:
        last = max_lines is not None and len(kept) == max_lines - 1
        if not last and used + text_em(line) + _ELLIPSIS_EM <= max_em:
            kept.append(line)
            used += text_em(line)
            continue
        room, cut = max_em - used - _ELLIPSIS_EM, ""
        for char in line:
            width = text_em(char)
            if width > room:
                break
            cut, room = cut + char, room - width
        kept.append(cut.rstrip() + ELLIPSIS)
        break
    return LINE_BREAK.join(kept)


def bound_labels(fig: go.Figure) -> go.Figure:
    """Apply `short_label` in place to every label a built figure draws from data; returns the figure.

    Category axes keep their full values (so two long names stay two categories, and the hover shows
    them whole) and draw the bounded text as tick labels. Names drawn beside points, legend entries and
    notes are bounded where they are; a name beside a point keeps its full text as the point's hover.
    """
    categories: dict[str, list[str]] = {}
    for trace in fig.data:
        if trace.type in ("sankey", "pie", "table"):
            continue
        for letter in ("x", "y"):
            values = trace[letter] if letter in trace else None
            if values is not None:
                axis = (trace[f"{letter}axis"] or letter).replace(letter, f"{letter}axis", 1)
                categories.setdefault(axis, []).extend(v for v in values if isinstance(v, str))
    bounded = set()
    for name, values in categories.items():
        axis, lines = fig.layout[name], LABEL_MAX_LINES if name.startswith("y") else None
        if axis.ticktext:
            axis.ticktext = [short_label(v, max_lines=lines) if isinstance(v, str) else v for v in axis.ticktext]
            continue
        shown = {v: short_label(v, max_lines=lines) for v in dict.fromkeys(values)}
        if any(v != s for v, s in shown.items()):
            axis.update(tickmode="array", tickvals=list(shown), ticktext=list(shown.values()))
            bounded.add(name)
    for trace in fig.data:
        for letter in ("y", "x"):  # plotly's hover shows a category as its tick text: name it in full instead
            if letter in trace and (trace[f"{letter}axis"] or letter).replace(letter, f"{letter}axis", 1) in bounded:
                _full_category_in_hover(trace, letter)
                break
    for trace in fig.data:
        if trace.type == "sankey":
            trace.node.label = [short_label(v) if isinstance(v, str) else v for v in trace.node.label or ()]
            continue
        if "mode" in trace and trace.mode and "text" in trace.mode and trace.text is not None and not isinstance(trace.text, str):
            full = list(trace.text)
            trace.text = [short_label(v) if isinstance(v, str) else v for v in full]
            if trace.text != tuple(full) and trace.hovertext is None and trace.hoverinfo != "skip":
                trace.hovertext = full
        if isinstance(trace.name, str) and trace.showlegend is not False:
            full, trace.name = trace.name, short_label(trace.name)
            template = trace.hovertemplate if "hovertemplate" in trace else None
            if trace.name != full and template and "<extra>" not in template:  # a template is code: escape here
                trace.hovertemplate = f"{template}<extra>{plot_text(full).replace('%{', '%' + WORD_JOINER + '{')}</extra>"
    for note in fig.layout.annotations or ():
        if note.text and note.name != SOURCE_ANNOTATION:
            note.text = short_label(note.text)
    return fig


def _full_category_in_hover(trace, letter: str) -> None:
    """Make `trace`'s hover show its `letter` (x or y) categories in full, through customdata (when free)."""
    values = trace[letter]
    if values is None or trace.customdata is not None:
        return
    placeholder = "%{" + letter + "}"
    if trace.type == "heatmap":  # plotly.js shows neither per-cell customdata nor hovertext there (tried): not yet
        return
    full = list(values)
    if trace.hovertemplate:
        if placeholder in trace.hovertemplate:
            trace.update(customdata=full, hovertemplate=trace.hovertemplate.replace(placeholder, "%{customdata}"))
        return
    flags = (trace.hoverinfo or "all").split("+")
    if letter in flags or "all" in flags:
        shown = ["%{customdata}"] + (["%{hovertext}" if trace.hovertext is not None else "%{text}"] if "text" in flags else [])
        trace.update(customdata=full, hovertemplate=LINE_BREAK.join(shown) + "<extra></extra>")


SOURCE_LINE_PX = 16
TITLE_LINE_PX = 26
SUBTITLE_LINE_PX = 18


class Source(str):
    """A chart's source line ('资料来源：…') that also knows the ids of the programmes it names, so a pack
    can list their documents without reading the text back, and its language, so it is wrapped between
    its entries wherever it is drawn (chart, image, slide)."""

    programmes: tuple[str, ...]
    lang: str
    entries: Mapping[str, str] | None  # each programme's entry as the line names it, for re-ordering (charts.cite_drawn)

    def __new__(cls, text: str, programmes: Iterable[str] = (), lang: str = LANGUAGES[0],
                entries: Mapping[str, str] | None = None) -> Source:
        line = super().__new__(cls, text)
        line.programmes = tuple(programmes)
        line.lang = lang
        line.entries = entries
        return line


def signed_ticks(values: Iterable[float], most: int = 7) -> tuple[list[float], list[str]]:
    """Ticks for an axis of differences, at most about `most`, on a round step (1, 2 or 5 × a power of ten) from below
    the least value (or 0) to above the greatest: "+" before a gain, "−" before a loss, and 0 bare (plotly's "+d"
    format wrote "+0", a walk)."""
    finite = [float(v) for v in values if v is not None and np.isfinite(v)]
    low, high = min([0.0, *finite]), max([0.0, *finite])
    raw = (high - low) / (most - 1) or 1.0
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    first, last = int(np.floor(low / step + 1e-9)), int(np.ceil(high / step - 1e-9))
    ticks = [float(round(i * step, 10)) for i in range(first, last + 1)]
    return ticks, ["0" if tick == 0 else f"{'+' if tick > 0 else '−'}{abs(tick):g}" for tick in ticks]


def frame(fig: go.Figure, title: str, subtitle: str, source: str, height: int = 480, caption: str = "",
          label_lines: int = 1, text_px: int = CHART_TEXT_PX) -> go.Figure:
    """Apply the shared style and put title, subtitle and source line on the figure itself.

    `height` is the plot's own height; title, subtitle and source lines are added to it. Every text
    line is wrapped to `text_px` (CHART_TEXT_PX; HALF_TEXT_PX for a chart drawn in half the page), and
    the chart is never drawn too narrow for it (chart_drawn_min_px), so nothing is cut off at any width.
    The texts are also kept in `layout.meta`, so an export can retitle the chart or reuse its caption
    (the one-sentence finding) without knowing which builder made it.
    """
    bound_labels(fig)  # every data label at most LABEL_MAX_EM wide, the full text in the hover
    safe_figure(fig)  # data text in traces, axes and notes shown as typed (ui/report/safe.py), before our own texts join
    unlist_empty_series(fig)
    lang = getattr(source, "lang", LANGUAGES[0])
    lines = [plot_text(line) for line in wrap_entries(source, lang, text_px / SOURCE_FONT_PX)]
    gap = source_gap(label_lines)
    top = heading_px(title, subtitle, text_px)
    # the legend whole beside the plot (never scrolled), and row labels of several lines clear of each other
    rows = rows_px(category_rows(fig), top_down=fig.layout.yaxis.autorange == "reversed")
    height = max(height, HEADING_PX + gap + 20 + max(legend_px(fig), rows))
    left, right = side_margins(fig, width=text_drawn_min_px(text_px))
    if fig.layout.barmode == "stack" and all(trace.orientation == "h" for trace in fig.data if trace.type == "bar"):
        # plotly lists a stack's legend last part first, as a column reads bottom to top; a row reads left to right
        # (a walk: bars 牵头 → 责任单位 → 参与/配合 beside a legend 参与/配合 · 责任单位 · 牵头)
        fig.update_layout(legend_traceorder="normal")
    fig.update_layout(
        template=TEMPLATE_NAME,
        title=dict(text=plot_text(wrap_title(title, text_px / TITLE_FONT_PX)),
                   subtitle=dict(text=plot_text(wrap_subtitle(subtitle, text_px / SUBTITLE_FONT_PX)),
                                 font=dict(size=SUBTITLE_FONT_PX, color="#555555"))),
        height=int(height + top - HEADING_PX + SOURCE_LINE_PX * len(lines)),  # a plain int: Streamlit ignores numpy ints
        margin=dict(l=left, r=right, t=top, b=gap + 20 + SOURCE_LINE_PX * len(lines)),
        meta=dict(title=title, subtitle=subtitle, source=str(source), caption=caption,  # text: its ids and language below
                  programmes=list(getattr(source, "programmes", ())), lang=lang, text_px=text_px),
    )
    return add_source_note(fig, lines, gap)


HEADING_PX = 110  # the top margin the plot heights were chosen with (one title line, one subtitle line)
LEGEND_ENTRY_PX, LEGEND_LINE_PX = 12, 18  # a legend entry's spacing, and each of its lines (at BASE_FONT_SIZE)
NO_LEGEND_TYPES = ("heatmap", "sankey", "table")


AXIS_LINE_PX, ROW_GAP_PX = 18, 6  # a category label's line (at BASE_FONT_SIZE), and the space between two labels
SANKEY_NODE_PX = 14  # a Sankey node's share of its column's height: a 12 px name beside each, clear of the next


def sankey_rows_px(fig: go.Figure) -> int:
    """The plot height at which a Sankey's named nodes stand clear of each other: SANKEY_NODE_PX for each node of its
    most crowded column, counting the column whose nodes carry names (a 16:9 export squeezed 53 numbered division tasks
    into 500 px); 0 without a Sankey."""
    named: dict[float, int] = {}
    for trace in fig.data:
        if trace.type == "sankey" and trace.node.label is not None:
            for x, label in zip(trace.node.x or (), trace.node.label):
                if label:
                    named[x] = named.get(x, 0) + 1
    return SANKEY_NODE_PX * max(named.values(), default=0)


def category_rows(fig: go.Figure) -> list[str]:
    """The labels of a category y axis in drawn order (horizontal bars, dots on named rows); [] for any other axis.
    Heatmaps size their own rows."""
    axis = fig.layout.yaxis
    if axis.ticktext:
        return [str(v) for v in axis.ticktext]
    if axis.categoryarray:
        return [str(v) for v in axis.categoryarray]
    seen: dict[str, None] = {}
    for trace in fig.data:
        if trace.type in ("bar", "scatter") and trace.y is not None and (trace.type == "scatter" or trace.orientation == "h"):
            seen.update((v, None) for v in trace.y if isinstance(v, str))
    return list(seen)


def rows_px(labels: list[str], top_down: bool = False) -> int:
    """The plot height at which no two neighbouring row labels overlap. Rows are equally tall, so the tallest
    neighbouring pair decides: two two-line names one above the other overlapped at 30 px a row (one programme's
    workload chart: "State-owned enterprises & financing platforms" over "Industry & information technology").

    The bottom row holds its whole label, as if its neighbour below were as tall: under it are the x axis's tick
    labels ("Human resources & social security", two lines at the bottom of the workload chart, ran into its "0" at
    33 px a row). `labels` in the axis's order: plotly draws the first at the bottom, or at the top (`top_down`) on a
    reversed axis."""
    lines = [label.count(LINE_BREAK) + 1 for label in labels]
    if not lines:
        return 0
    pairs = [a + b for a, b in zip(lines, lines[1:])]
    bottom = lines[-1] if top_down else lines[0]
    return len(lines) * (max([*pairs, 2 * bottom]) * AXIS_LINE_PX // 2 + ROW_GAP_PX)


def unlist_empty_series(fig: go.Figure) -> None:
    """A legend names what the chart draws: a series of bars that are all zero (or missing) keeps its place among the
    traces (a click's curve number still names it) and leaves the legend. A walk: 供给型 listed beside an instrument mix
    with no supply-side bar, 责任单位 beside 市中区—费县's ranking, which names no body in that role."""
    for trace in fig.data:
        if trace.type != "bar" or trace.showlegend is False:
            continue
        values = trace.x if trace.orientation == "h" else trace.y
        try:
            drawn = values is None or not len(values) or bool(np.nansum(np.abs(np.asarray(values, dtype=float))))
        except (TypeError, ValueError):  # a value axis of categories: not a measure, always listed
            drawn = True
        if not drawn:
            trace.showlegend = False


def legend_px(fig: go.Figure) -> int:
    """The height of the figure's legend (vertical, beside the plot: TEMPLATE), 0 when none is drawn. A plot
    shorter than its legend scrolls it: one programme's instrument mix showed one of its three entries."""
    entries = _legend_entries(fig)
    if fig.layout.showlegend is False or (len(entries) < 2 and fig.layout.showlegend is not True):
        return 0
    return 20 + sum(LEGEND_ENTRY_PX + LEGEND_LINE_PX * (name.count(LINE_BREAK) + 1) for name in entries)


def _legend_entries(fig: go.Figure) -> list[str]:
    return [trace.name for trace in fig.data if trace.type not in NO_LEGEND_TYPES and trace.showlegend is not False
            and isinstance(trace.name, str) and trace.name]


def heading_px(title: str, subtitle: str, text_px: float = CHART_TEXT_PX) -> int:
    """Top margin that holds the title and subtitle, wrapped to `text_px`, above the plot."""
    heading_lines = len(title_lines(title, text_px / TITLE_FONT_PX)) if title else 0
    below = len(subtitle_lines(subtitle, text_px / SUBTITLE_FONT_PX)) if subtitle else 0
    return 50 + TITLE_LINE_PX * heading_lines + SUBTITLE_LINE_PX * below + 16


def _category_labels(fig: go.Figure, letter: str) -> list[str]:
    """The text tick labels an axis draws: its tick texts when set (bounded labels), else the traces' text values."""
    axis = fig.layout[f"{letter}axis"]
    if axis.ticktext:
        return [v for v in axis.ticktext if isinstance(v, str)]
    labels: list[str] = []
    for trace in fig.data:
        values = _trace_values(trace, letter)
        if values is None or trace.type == "sankey" or "text" in str(getattr(trace, "mode", "") or ""):
            continue
        labels += [v for v in values if isinstance(v, str)]
    return labels


# The margins beside the plot, worked out before the browser draws it (issue 15). Plotly.js draws a chart, measures
# what pushes past its margins (the y axis's labels at the left, the legend and the x axis's last label at the
# right) and, when that is more than the margins it was given, draws the whole chart again, once per change: every
# changed chart was drawn three times per click. Given margins that already hold them, it draws once (themes click at
# 1×: the browser's work per click 294 → 230 ms, bench/RESULTS.md, twenty-eighth round). Widths come from the font's
# own (GLYPH_EM), a little over; plotly's automargin stays on, so a label wider than worked out (another font on the
# reader's machine, presentation type) still fits, at the cost of the extra draw.
AUTOMARGIN_PAD_PX = 12  # plotly.js keeps this much between a pushing element and the figure's edge (Plots.autoMargin)
# Between a y tick label and the plot, measured in Chromium: horizontal bars and dots 1 px, heatmap rows 8–9 px; a
# pixel or two more here.
TICK_STANDOFF_PX = {"heatmap": 10}
TICK_STANDOFF_DEFAULT_PX = 3
LEGEND_SYMBOL_PX = 48  # a vertical legend's width beyond its widest entry's text (measured 45–46 px)
LEGEND_OFFSET_PX = 12  # the legend stands at x = 1.01 of the plot: 1 % of a plot up to 1 200 px wide
# The width of each printable ASCII character (space to ~) and of three dashes in FONT_FAMILY's first font, Noto Sans
# CJK SC, in thousandths of an em: measured in Chromium (canvas measureText at 1 000 px). Any other character is
# counted 1 em, as wide as a CJK character, its widest. Labels measured so came within 1 px of what plotly.js drew.
_ASCII_EM = (
    224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392, 555, 555, 555, 555, 555, 555, 555, 555,
    555, 555, 278, 278, 555, 555, 555, 474, 946, 608, 657, 638, 688, 589, 552, 689, 728, 293, 535, 646, 543, 812, 723, 742,
    633, 742, 635, 596, 599, 721, 575, 878, 573, 531, 603, 338, 392, 338, 555, 559, 606, 563, 618, 510, 620, 554, 325, 564,
    607, 275, 275, 552, 284, 926, 610, 606, 620, 620, 388, 468, 377, 607, 521, 802, 498, 521, 475, 338, 270, 338, 555,
)
GLYPH_EM = {chr(32 + i): width / 1000 for i, width in enumerate(_ASCII_EM)} | {"–": 0.536, "—": 0.894, "−": 0.555}
MARGIN_SLACK = 1.04  # drawn widths may round up, and a fallback font run a little wider


def drawn_px(text: str, font_px: int = BASE_FONT_SIZE) -> int:
    """About the width of `text` as drawn, a little over (its widest <br> line; escaped data text measured as shown)."""
    lines = html.unescape(text).split(LINE_BREAK)
    return round(max(sum(GLYPH_EM.get(char, 1.0) for char in line) for line in lines) * font_px * MARGIN_SLACK)


def _numeric_tick(value: float, tickformat: str | None) -> str:
    """The widest tick label plotly.js draws on a number axis reaching `value` (its default format: 12k for 12 000)."""
    sign = "−" if value < 0 else ("+" if tickformat == "+d" else "")
    value = abs(value)
    if tickformat and "%" in tickformat:
        return f"{sign}{value * 100:.0f}%"
    if value >= 10_000:
        return f"{sign}{value / 1000:.0f}k"
    whole = value >= 10 or (tickformat or "").endswith("d")
    return sign + (f"{value:.0f}" if whole else "0.5")  # a short axis is labelled 0.5, 1.5, …


def _axis_font_px(fig: go.Figure, letter: str) -> int:
    return fig.layout[f"{letter}axis"].tickfont.size or fig.layout.font.size or BASE_FONT_SIZE


def _trace_values(trace, letter: str) -> list | None:
    """A trace's x or y values as a list. A figure read back from JSON (a briefing pack's, pio.from_json) holds its
    numbers as plotly.py writes them for the browser: a typed-array spec, {"dtype": "i1", "bdata": base64}, decoded
    here (the dtype codes are numpy's)."""
    values = trace[letter] if letter in trace else None
    if isinstance(values, dict):  # anything else a dict holds: no values to measure (plotly's automargin then decides)
        try:
            raw = base64.b64decode(values["bdata"], validate=True)
            return np.frombuffer(raw, dtype=np.dtype(values["dtype"]).newbyteorder("<")).tolist()
        except (KeyError, TypeError, ValueError):  # binascii.Error is a ValueError
            return None
    return None if values is None else list(values)


def _axis_extent(fig: go.Figure, letter: str) -> list[float]:
    """The ends of a number axis: its range when set, else the values it shows (stacked bars summed), 10 % wider
    for plotly.js's padding and the round tick beyond the data."""
    axis = fig.layout[f"{letter}axis"]
    if axis.range is not None and all(isinstance(end, numbers.Real) for end in axis.range):
        return [float(end) for end in axis.range]
    stacked = fig.layout.barmode in ("stack", "relative")
    totals: dict[object, float] = {}
    ends = [0.0]
    for trace in fig.data:
        values, other = _trace_values(trace, letter), _trace_values(trace, "y" if letter == "x" else "x")
        if values is None:
            continue
        for i, value in enumerate(values):
            if isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value:
                if stacked and trace.type == "bar" and other is not None and i < len(other):
                    totals[other[i]] = totals.get(other[i], 0.0) + float(value)
                else:
                    ends.append(float(value))
    ends += totals.values()
    return [1.1 * min(ends), 1.1 * max(ends)]


def _axis_kind(fig: go.Figure, letter: str) -> str | None:
    """What the axis's tick labels are: "category", "number", "date", or None when it draws none (hidden, a Sankey
    or network figure, names drawn beside dots)."""
    axis = fig.layout[f"{letter}axis"]
    if axis.visible is False or axis.showticklabels is False:
        return None
    if axis.ticktext:
        return "category"
    kinds = set()
    for trace in fig.data:
        if trace.type not in ("bar", "scatter", "heatmap") or (trace.type == "scatter" and "text" in str(trace.mode or "")):
            continue
        values = _trace_values(trace, letter)
        if not values:
            continue
        first = values[0]
        if axis.type == "date" or (axis.tickformat or "").startswith("%"):
            kinds.add("date")
        else:
            kinds.add("category" if isinstance(first, str) else "number" if isinstance(first, numbers.Real) else "date")
    return kinds.pop() if len(kinds) == 1 else None


def y_margin_px(fig: go.Figure) -> int:
    """The left margin that holds the y axis's tick labels (0 when it draws none)."""
    kind, font_px = _axis_kind(fig, "y"), _axis_font_px(fig, "y")
    if kind == "category":
        widest = max((drawn_px(label, font_px) for label in _category_labels(fig, "y")), default=0)
    elif kind == "number":
        widest = max(drawn_px(_numeric_tick(end, fig.layout.yaxis.tickformat), font_px) for end in _axis_extent(fig, "y"))
    else:
        return 0
    standoff = max(TICK_STANDOFF_PX.get(trace.type, TICK_STANDOFF_DEFAULT_PX) for trace in fig.data)
    return widest + standoff + AUTOMARGIN_PAD_PX


def x_overhang_px(fig: go.Figure) -> int:
    """The right margin that holds half of a number or date axis's last tick label, centred on the plot's edge
    (category labels stand inside their columns)."""
    axis, font_px = fig.layout.xaxis, _axis_font_px(fig, "x")
    kind = _axis_kind(fig, "x") if axis.automargin is not False else None
    if kind == "number":
        widest = max(drawn_px(_numeric_tick(end, axis.tickformat), font_px) for end in _axis_extent(fig, "x"))
    elif kind == "date":
        widest = drawn_px(pd.Timestamp("2000-12-31").strftime(axis.tickformat or "%b %Y"), font_px)
    else:
        return 0
    return widest // 2 + AUTOMARGIN_PAD_PX


def legend_margin_px(fig: go.Figure) -> int:
    """The right margin that holds the legend beside the plot (0 when none is drawn)."""
    if not legend_px(fig):
        return 0
    font_px = fig.layout.legend.font.size or fig.layout.font.size or BASE_FONT_SIZE
    widest = max(drawn_px(name, font_px) for name in _legend_entries(fig))
    return widest + LEGEND_SYMBOL_PX + AUTOMARGIN_PAD_PX + LEGEND_OFFSET_PX


MIN_PLOT_PX = 64  # plotly.js's own floor: its automargin never narrows a plot below this (minreducedwidth)


def side_margins(fig: go.Figure, side: int = CHART_SIDE_PX, width: int | None = None) -> tuple[int, int]:
    """Left and right margins that hold the figure's tick labels and legend, at least `side` each. On a chart that may
    be drawn `width` px wide, together at most all but MIN_PLOT_PX of it, both cut in proportion (labels and legend as
    wide as bound_labels lets them: plotly, given more than the width, would squeeze the plot to a pixel; cut, its
    automargin takes over, as it did before margins were worked out here)."""
    left, right = max(side, y_margin_px(fig)), max(side, legend_margin_px(fig), x_overhang_px(fig))
    room = None if width is None else max(2 * side, width - MIN_PLOT_PX)
    if room is not None and left + right > room:
        left, right = max(side, left * room // (left + right)), max(side, right * room // (left + right))
    return left, right


def add_source_note(fig: go.Figure, lines: list[str], gap: int, side: int = CHART_SIDE_PX) -> go.Figure:
    """The source line(s) under the plot area, `gap` pixels below it (room for the x tick labels), starting `side`
    pixels from the figure's left edge: the plot starts at the left margin, which holds the y labels."""
    fig.add_annotation(
        text=LINE_BREAK.join(lines), xref="paper", yref="paper", x=0, y=0, yshift=-gap, xanchor="left", yanchor="top",
        xshift=-max(0, (fig.layout.margin.l or side) - side),
        showarrow=False, font=dict(size=SOURCE_FONT_PX, color="#666666"), align="left", name=SOURCE_ANNOTATION,
    )
    return fig


def source_gap_of(fig: go.Figure) -> int:
    """The gap `frame()` left for this figure's tick labels."""
    return max((-a.yshift for a in fig.layout.annotations if a.name == SOURCE_ANNOTATION and a.yshift), default=40)


# On a phone (390 px) a chart keeps a readable width and scrolls sideways inside its own box, instead of
# squeezing heatmap columns into slivers or pushing axis labels off the left edge; at any width it keeps the width
# its text was wrapped for (chart_drawn_min_px). Fixed text, no data.
# Streamlit sizes a stretched plotly chart to the width of its full-screen frame (it sets layout.width
# from that box), so the minimum goes on the frame: a minimum on the chart element only widened an
# empty box around a figure still drawn at phone width.
NARROW_SCREEN_PX = 640
DESKTOP_FRAME_PX = 820  # a full-width chart's frame on a 1280 px screen, sidebar open (plot area charts.PLOT_PX)


@dataclass(frozen=True)
class PerColumn:
    """A heatmap's minimum: `px` for each column, so its label (two stacked Chinese characters, or one
    vertical English line) stands clear of its neighbours', plus its row labels and margins."""

    px: int


@dataclass(frozen=True)
class Upright:
    """A bar chart whose column labels were wrapped for the plot area it gets at 1280 px
    (charts.column_labels): that width when its bars stand upright; horizontal bars need no more."""

    px: int = DESKTOP_FRAME_PX


# Charts that need more than CHART_MIN_PX on a phone, by the key a page shows them under.
PHONE_MIN = {
    "themes-theme_heatmap": PerColumn(40),  # programmes × themes (pages/themes.py)
    "departments-func-theme": PerColumn(40),  # functions × themes (pages/departments.py)
    "themes-theme_bars": Upright(),  # grouped bars (pages/themes.py)
    "breakdown-drift": Upright(),  # theme shares at each level (pages/breakdown.py)
}


def chart_min_px(key: str, fig: go.Figure) -> int:
    """The narrowest a chart is drawn on a phone: CHART_MIN_PX (at least the width its text was wrapped for,
    chart_drawn_min_px), or wider as PHONE_MIN says."""
    rule = PHONE_MIN.get(key)
    if isinstance(rule, PerColumn):
        heat = next((trace for trace in fig.data if trace.type == "heatmap"), None)
        if heat is not None and heat.x is not None:
            margin = fig.layout.margin
            wanted = (margin.l or 0) + (margin.r or 0) + rule.px * len(heat.x)  # the left margin holds the row labels
            return max(CHART_MIN_PX, wanted)
    if isinstance(rule, Upright) and any(trace.type == "bar" and trace.orientation != "h" for trace in fig.data):
        return max(CHART_MIN_PX, rule.px)
    return CHART_MIN_PX


def chart_text_px(fig: go.Figure) -> int:
    """The width `frame()` wrapped the chart's title, subtitle and source lines to."""
    return int((fig.layout.meta or {}).get("text_px") or CHART_TEXT_PX)


def chart_drawn_min_px(fig: go.Figure) -> int:
    """The narrowest a chart is drawn at any window width: its text's width and margins (CHART_MIN_PX for most)."""
    return text_drawn_min_px(chart_text_px(fig))


def text_drawn_min_px(text_px: int) -> int:
    """The narrowest a chart whose text was wrapped to `text_px` is drawn."""
    return text_px + 2 * CHART_SIDE_PX + TEXT_SLACK_PX


HALF_CHART_MIN_PX = text_drawn_min_px(HALF_TEXT_PX)  # a chart drawn in half the page, at its narrowest: 400 px


def phone_note_key(key: str) -> str:
    """The container of a note shown over chart `key` on a phone only (ui.web.widgets.show_chart)."""
    return f"{key}-phone-note"


def chart_width_css(key: str, min_px: int, phone_px: int) -> str:
    """The width rules for the chart shown under widget `key` (Streamlit marks its box with `st-key-<key>`): at least
    `min_px` wide, and `phone_px` on a phone, scrolling sideways in its box when that is narrower. A note kept for phones
    (phone_note_key) is not shown on wider screens, and takes no room there."""
    box = f".st-key-{_css_key(key)}"
    frame_rule = f'{box} [data-testid="stFullScreenFrame"]:has(> [data-testid="stPlotlyChart"])'
    return f"""<style>
{box}:has([data-testid="stPlotlyChart"]) {{ overflow-x: auto; overflow-y: hidden; }}
{frame_rule} {{ min-width: {min_px}px; }}
@media (max-width: {NARROW_SCREEN_PX}px) {{
  {frame_rule} {{ min-width: {phone_px}px; }}
}}
@media (min-width: {NARROW_SCREEN_PX + 1}px) {{
  [data-testid="stLayoutWrapper"]:has(> .st-key-{_css_key(phone_note_key(key))}) {{ display: none; }}
}}
</style>"""


def side_by_side_css(key: str, min_px: int) -> str:
    """Columns that stand side by side while each is at least `min_px` wide, and one above the other when the window is
    narrower (Streamlit keeps columns side by side down to a phone's width). Two programme profiles at 1,100 px: each
    chart, 400 px at its narrowest, was cut in a 312 px column, its longest bars the length of the next (a walk)."""
    row = f'.st-key-{_css_key(key)} > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"]'
    return f"""<style>
{row} {{ flex-wrap: wrap; }}
{row} > [data-testid="stColumn"] {{ flex: 1 1 {min_px}px !important; min-width: min(100%, {min_px}px) !important; }}
</style>"""


def _css_key(key: str) -> str:
    return re.sub(r'[^a-zA-Z0-9_-]', '-', key.strip())


PRESENT_FONT_SCALE = 1.35


def enlarged(fig: go.Figure, scale: float = PRESENT_FONT_SCALE, side: int = CHART_SIDE_PX) -> go.Figure:
    """Bigger type for projection (presentation mode); the source line moves down with the tick labels, and the
    margins beside the plot (`side` plus the room for labels and legend, side_margins) grow with the type. Through
    ui.report.images.export_figure(font_scale=…), which wraps the heading for the bigger type."""
    fig.update_layout(font_size=round(BASE_FONT_SIZE * scale),
                      title_font_size=round(TITLE_FONT_PX * scale),
                      title_subtitle_font_size=round(SUBTITLE_FONT_PX * scale))
    margin = fig.layout.margin
    margin.l, margin.r = (round(side + max(0, (width or side) - side) * scale) for width in (margin.l, margin.r))
    for note in fig.layout.annotations:
        if note.name == SOURCE_ANNOTATION:
            extra = round(-note.yshift * (scale - 1))
            note.yshift -= extra
            fig.layout.margin.b += extra
            note.xshift = -max(0, margin.l - side)  # still `side` from the figure's left edge (add_source_note)
    return fig


def file_stem(text: str) -> str:
    """A file name from a title: keeps Chinese, drops characters that file systems reject, and the invisible ones no
    text shows (`safe.plain`: a typed title's bidi controls reached the download's name, an attack)."""
    stem = re.sub(r"[\\/:*?\"<>|\s·]+", "_", plain(text)).strip("_")
    if len(stem) > FILE_STEM_MAX:  # cut after a whole word where one ends in its second half (a walk: "…recipient_si.png")
        cut = stem.rfind("_", FILE_STEM_MAX // 2, FILE_STEM_MAX + 1)
        stem = stem[:cut] if cut > 0 else stem[:FILE_STEM_MAX]
    return stem or "chart"


FILE_STEM_MAX = 60  # characters of a download's name before its suffix


def source_gap(label_lines: int, font_px: int = BASE_FONT_SIZE) -> int:
    """Pixels between the plot area and the source line: room for x tick labels of that many lines."""
    return 22 + round(1.3 * font_px) * label_lines


SOURCE_ANNOTATION = "source"
SANKEY_CODES = "node_codes"  # the meta entry holding a Sankey's node codes (charts.sankey_chart → images.with_sankey_codes)


def chart_texts(fig: go.Figure) -> dict[str, str]:
    """title, subtitle, source and caption as `frame()` recorded them."""
    meta = fig.layout.meta or {}
    return {key: str(meta.get(key) or "") for key in ("title", "subtitle", "source", "caption")}


def chart_programmes(fig: go.Figure) -> tuple[str, ...]:
    """The ids of the programmes named in the chart's source line, as `frame()` recorded them."""
    return tuple((fig.layout.meta or {}).get("programmes") or ())


def chart_lang(fig: go.Figure) -> str:
    """The language the chart was drawn in (that of its source line), as `frame()` recorded it."""
    return (fig.layout.meta or {}).get("lang") or LANGUAGES[0]


def plotly_config(title: str, lang: str = LANGUAGES[0]) -> dict:
    """Modebar settings: PNG at 3× with a file name taken from the chart title; in Chinese, the modebar's tips and
    plotly's own notices in Chinese (plotly's per-chart locale; a walk: "Download plot as a PNG", "Reset axes" on the
    Chinese page)."""
    filename = file_stem(title)
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 3, "filename": filename},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
    if lang == "zh":
        config.update(locale=PLOTLY_LOCALE, locales={PLOTLY_LOCALE: {"dictionary": dict(PLOTLY_ZH)}})
    return config
