"""Chart builders: analysis frames in, styled plotly figures out. They never render anything."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.breakdown import flow_tops, flows_under
from analytics.citation import document_mark, iso_day
from analytics.corpus import Corpus
from analytics.filters import theme_order
from analytics.memo import once_per_table
from analytics.scale import OTHERS, largest_groups, pool_groups, ranked_sizes
from analytics.workload import NOT_STATED
from ui.report.safe import LINE_BREAK, plain, plot_text
from ui.report.findings import gap_phrase
from ui.report.i18n import (aside, code_name, function_names, group_names, instrument_type_names, join_entries, name_column, programme_names,
                            source_language_note, t, theme_names)
from ui.report.style import (
    ACCENT,
    SANKEY_CODES,
    COLORWAY,
    subtitle_with,
    signed_ticks,
    Source,
    BOTH_SIDES,
    COUNT_SCALE,
    FUNCTION_SCALE,
    INSTRUMENT_COLOURS,
    TIER_COLOURS,
    LINK_COLOUR,
    MUTED,
    REFERENCE_LINE,
    ROLE_COLOURS,
    SIDE_COLOURS,
    BASE_FONT_SIZE,
    HEADING_PX,
    SANKEY_NODE_PX,
    CHART_TEXT_PX,
    HALF_TEXT_PX,
    frame,
    short_label,
    source_gap,
    text_em,
    theme_colours,
    wrap,
    wrap_label,
    wrap_words,
)


def source_line(corpus: Corpus, programme_ids: Iterable[str], lang: str) -> Source:
    """'资料来源：…' naming the documents behind a chart, so a screenshot stands alone; it carries their ids."""
    entries = _source_entries(corpus, lang)
    named = [p for p in dict.fromkeys(programme_ids) if p in entries]
    return Source(_source_text(entries, named, lang), named, lang, entries)  # the ids of every document, listed or not


def cite_drawn(source: str, group_ids: Iterable[str], corpus: Corpus | None = None) -> str:
    """`source` naming first the documents of the rows a chart draws (programmes, or with `corpus` the programmes
    of pairings), so that at scale the few documents it has room to name are those on the chart, not the first
    chosen."""
    programmes = getattr(source, "programmes", ())
    entries = getattr(source, "entries", None)
    if entries is None or len(programmes) <= SOURCE_MAX_DOCUMENTS:
        return source  # every document is named already
    chosen = set(programmes)
    pairings = {} if corpus is None else corpus.programmes.groupby("pairing_id", observed=True).programme_id.agg(list)
    drawn = [p for g in group_ids for p in ([g] if g in chosen else pairings.get(g, [])) if p in chosen]
    ordered = list(dict.fromkeys([*drawn, *programmes]))
    return Source(_source_text(entries, ordered, source.lang), ordered, source.lang, entries)


def _source_text(entries: Mapping[str, str], named: list[str], lang: str) -> str:
    if len(named) <= SOURCE_MAX_DOCUMENTS:
        return t("source_prefix", lang) + join_entries([entries[p] for p in named], lang)
    # at scale: hundreds of lines under every chart otherwise (issue 15); a few, and how many more
    listed = [entries[p] for p in named[:SOURCE_NAMED_AT_SCALE]]
    listed.append(t("source_more", lang, n=len(named) - SOURCE_NAMED_AT_SCALE))
    return t("source_prefix", lang) + join_entries(listed, lang)


SOURCE_MAX_DOCUMENTS = 12  # documents a source line names, every one; beyond, the first few and "and n other documents"
SOURCE_NAMED_AT_SCALE = 3  # the few: 12 long titles with document numbers took 13 lines under every chart at 100×


def _source_entries(corpus: Corpus, lang: str) -> Mapping[str, str]:
    """Each programme's entry in a source line: one read-only mapping per corpus and language, shared by every line
    (each keeps a reference for `cite_drawn`; a copy per line was a dict of every programme per chart)."""
    def build() -> dict[str, str]:
        names = programme_names(corpus, lang)
        rebuilt = t("reconstructed_short", lang)  # an outline rebuilt from a plan dividing it: said where it is cited
        return {r.programme_id: aside_of(names[r.programme_id], document_mark(r.doc_number, r.issued))
                + (rebuilt if r.reconstructed else "") for r in corpus.programmes.itertuples()}

    def aside_of(name: str, mark: str | None) -> str:  # the 文号, or the date without one (analytics.citation)
        return name if mark is None else aside(name, mark, lang)
    return MappingProxyType(once_per_table(corpus.programmes, ("source_entries", lang), build))  # once per corpus (issue 15)


def _top(table: pd.DataFrame, column: str | None = None) -> pd.Series | None:
    """The row a chart's one-sentence finding is about: the largest `column` (the first row when the table is
    ranked already), or None when there is nothing to say (no rows, or no value in `column`)."""
    if column is None:
        return table.iloc[0] if len(table) else None
    values = table[column].dropna()
    return None if values.empty else table.loc[values.idxmax()]


def network_chart(nodes: pd.DataFrame, edges: pd.DataFrame, lang: str, source: str) -> go.Figure:
    every_edge = edges
    nodes, edges, left_places, left_pairings = _drawn_places(nodes, edges, NETWORK_MAX_PLACES)
    pos = nodes.set_index("place_id")[["lon", "lat"]]
    fig = go.Figure()
    drawable = edges[edges.helper.isin(pos.index) & edges.recipient.isin(pos.index)]
    with_plan = drawable.programmes.map(len) > 0
    for has_plan, group in ((True, drawable[with_plan]), (False, drawable[~with_plan])):
        if group.empty:
            continue
        # One trace per line style, the edges separated by gaps (None), however many pairings there are.
        # Looked up once per column, not per edge (issue 15: 1 100 edges at 100×).
        helper, recipient = pos.reindex(group.helper).to_numpy(), pos.reindex(group.recipient).to_numpy()
        labels = [t("network_edge", lang, kind=code_name("cooperation_type", kind, lang), n=len(docs))
                  for kind, docs in zip(group.type, group.documents)]
        x = [v for h, r in zip(helper[:, 0].tolist(), recipient[:, 0].tolist()) for v in (h, r, None)]
        y = [v for h, r in zip(helper[:, 1].tolist(), recipient[:, 1].tolist()) for v in (h, r, None)]
        text = [v for label in labels for v in (label, label, None)]
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines", line=dict(width=3 if has_plan else 1.2, color=ACCENT if has_plan else MUTED,
                                              dash="solid" if has_plan else "dot"),
            hoverinfo="text", text=text, showlegend=False,
        ))
    # The two line styles in the legend too (a walk: the dotted grey lines were explained nowhere), from lines that draw
    # nothing, as the Sankey's levels are
    for has_plan in (True, False):
        if (with_plan == has_plan).any():
            fig.add_trace(go.Scatter(
                x=[None], y=[None], mode="lines", hoverinfo="skip", name=t(f"network_line_{'plan' if has_plan else 'named'}", lang),
                line=dict(width=3 if has_plan else 1.2, color=ACCENT if has_plan else MUTED, dash="solid" if has_plan else "dot"),
            ))
    name = name_column(lang)
    for role, colour in (("helper", SIDE_COLOURS["helper"]), ("recipient", SIDE_COLOURS["recipient"]), ("both", BOTH_SIDES)):
        subset = nodes[nodes.role == role]
        if subset.empty:
            continue
        fig.add_trace(go.Scatter(
            x=subset.lon, y=subset.lat, mode="markers",
            marker=dict(size=11, color=colour, line=dict(color="white", width=1)),
            name=t(f"side_{role}", lang) if role != "both" else role, hovertext=subset[name], hoverinfo="text",
        ))
    # Districts and counties crowd around their city: name only cities and provinces (hover for the rest),
    # each on the side where no other dot lies, in one text trace drawn last so no dot covers a name.
    named = nodes[nodes.level.isin(["city", "municipality", "province"])]
    if named.empty:  # a district's pairing with a county alone (市中区—高唐县): no city to name, so name the places drawn
        named = nodes
    named, unnamed = _most_paired(named, every_edge, NETWORK_MAX_NAMES)
    px_per_degree = NETWORK_PLOT_PX / max(nodes.lat.max() - nodes.lat.min(), 1)
    # placed in order of pairings, so where names crowd, the place in most pairings keeps its name
    pairings = pd.concat([every_edge.helper, every_edge.recipient]).value_counts()
    ranked = named.iloc[np.argsort(-named.place_id.map(pairings).fillna(0).to_numpy(), kind="stable")]
    labels = [short_label(n) for n in ranked[name]]  # as frame() will draw them (ui/report/style.py)
    placed, overhang = _label_positions(nodes, ranked, labels, px_per_degree)
    side_of = dict(zip(ranked.index, placed))
    # a name that would cover another is left to the hover (a mask, not a list: an empty list picked no columns)
    named = named[np.array([side_of[i] is not None for i in named.index], dtype=bool)]
    positions, unnamed = [side_of[i] for i in named.index], unnamed + list(placed).count(None)
    fig.add_trace(go.Scatter(
        x=named.lon, y=named.lat, mode="markers+text", text=list(named[name]), textposition=positions, hoverinfo="skip",
        marker=dict(size=11, opacity=0),  # invisible, but sets how far plotly moves each name off its dot
        showlegend=False, textfont=dict(size=12, shadow="0 0 3px white, 0 0 2px white, 0 0 1px white"),
    ))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.15)
    with_plan = int(sum(len(p) > 0 for p in every_edge.programmes))  # the caption counts every pairing, drawn or not
    caption = t("cap_network", lang, pairs=len(every_edge), with_plan=with_plan)
    subtitle = t("network_sub", lang)
    if left_places:
        subtitle += " · " + t("network_places_note", lang, shown=len(nodes), n=left_places, m=left_pairings)
    if unnamed:
        subtitle += " · " + t("network_names_note", lang, shown=len(named), n=unnamed)
    fig = frame(fig, t("network_title", lang), subtitle, source, height=620, caption=caption)
    margin = fig.layout.margin  # names that would reach past the outermost dots get that much room beside the plot
    margin.l, margin.r, margin.t, margin.b = (m + extra for m, extra in zip((margin.l, margin.r, margin.t, margin.b), overhang))
    return fig


NETWORK_MAX_NAMES = 40  # place names drawn beside dots; at scale the places in most pairings, the rest on hover
# Dots drawn: beyond this the places in most pairings and the pairings between them (issue 15: 21 000 dots at
# 1000× cannot be read, and drawing them as SVG took the browser minutes); the subtitle says what is left out.
NETWORK_MAX_PLACES = 500


def _drawn_places(nodes: pd.DataFrame, edges: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """(nodes, edges, 0, 0) when at most `limit` places; else the `limit` places in most pairings (ties: the
    earlier), in their original order, the pairings with both ends among them, and how many places and
    pairings were left out."""
    if len(nodes) <= limit:
        return nodes, edges, 0, 0
    kept, _ = _most_paired(nodes, edges, limit)
    ids = set(kept.place_id)
    drawn = edges[edges.helper.isin(ids) & edges.recipient.isin(ids)]
    return kept, drawn, len(nodes) - len(kept), len(edges) - len(drawn)


def _most_paired(named: pd.DataFrame, edges: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """(`named`, 0) when at most `limit` places; else (the `limit` places in most pairings, in their
    original order (ties: the earlier), how many were left unnamed). Hundreds of names cannot be read
    and placing each costs a pass over every dot."""
    if len(named) <= limit:
        return named, 0
    pairings = pd.concat([edges.helper, edges.recipient]).value_counts()
    most = named.place_id.map(pairings).fillna(0).sort_values(ascending=False, kind="stable").index[:limit]
    return named.loc[sorted(most)], len(named) - limit


NETWORK_PLOT_PX = 420  # about how tall the network's plot area is: converts degrees to pixels for label placement
_LABEL_SIDES = {  # textposition → (x from, x to, y from, y to) of the label box in label widths w and pixels
    "middle right": (lambda w: (9, 9 + w, -8, 8)),
    "middle left": (lambda w: (-9 - w, -9, -8, 8)),
    "bottom center": (lambda w: (-w / 2, w / 2, -24, -8)),
    "top center": (lambda w: (-w / 2, w / 2, 8, 24)),
}


def _label_positions(nodes: pd.DataFrame, named: pd.DataFrame, labels: list[str], px_per_degree: float
                     ) -> tuple[list[str | None], tuple[int, int, int, int]]:
    """For each named place, the side of its dot whose label box overlaps the fewest other dots and labels
    and reaches least past the outermost dots, or None when on every side it would cover a name placed
    before it (places crowded at 100×: the name is left to the hover); and how far (px: left, right, top,
    bottom) the placed labels still reach past them, for the margins.

    Vectorised over the dots and the labels already placed: linear in the number of places per label, so
    a corpus of hundreds of pairings places its names in milliseconds, not seconds.
    """
    dots = np.column_stack([nodes.lon.to_numpy(float) * px_per_degree / 1.15, nodes.lat.to_numpy(float) * px_per_degree])
    extent = (dots[:, 0].min(), dots[:, 0].max(), dots[:, 1].min(), dots[:, 1].max()) if len(dots) else (0, 0, 0, 0)
    placed = np.empty((0, 4))
    tight_placed = np.empty((0, 4))  # the same boxes on the smallest plot drawn, where dots lie closer but names do not shrink
    positions = []
    sides = list(_LABEL_SIDES)
    for row, label in zip(named.itertuples(), labels):
        cx, cy = row.lon * px_per_degree / 1.15, row.lat * px_per_degree
        width = text_em(label) * 12
        offsets = np.array([_LABEL_SIDES[side](width) for side in sides])
        boxes = offsets + np.array([cx, cx, cy, cy])
        tight = offsets + LABEL_SCALE_SLACK * np.array([cx, cx, cy, cy])
        others = dots[(dots[:, 0] != cx) | (dots[:, 1] != cy)]
        cover = _overlap(boxes, np.column_stack([others[:, 0] - 7, others[:, 0] + 7, others[:, 1] - 7, others[:, 1] + 7]))
        clash = _overlap(tight, tight_placed)
        cover += clash
        # Reaching sideways past the outermost dots by more than the plot's own padding costs like
        # overlapping a label that far: a long name goes inward.
        cover += 16 * np.clip(_beyond(boxes, extent)[:, :2] - NETWORK_SIDE_PAD_PX, 0, None).sum(axis=1)
        best = int(np.argmin(cover))  # ties keep the first: right of the dot
        if clash[best] > 0:
            positions.append(None)
            continue
        placed, tight_placed = np.vstack([placed, boxes[best]]), np.vstack([tight_placed, tight[best]])
        positions.append(sides[best])
    beyond = _beyond(placed, extent).max(axis=0) if len(placed) else np.zeros(4)
    left, right, bottom, top = (int(np.ceil(b / LABEL_SCALE_SLACK)) + 4 if b > 0 else 0 for b in beyond)
    return positions, (left, right, top, bottom)


NETWORK_SIDE_PAD_PX = 40  # about the room beside the outermost dots before the margins are widened
LABEL_SCALE_SLACK = 0.75  # the drawn plot may be smaller than NETWORK_PLOT_PX: reserve a third more


def _beyond(boxes: np.ndarray, extent: tuple) -> np.ndarray:
    """How far each box (k × [x0, x1, y0, y1]) reaches past `extent` on each side: left, right, bottom, top."""
    if not len(boxes):
        return np.zeros((0, 4))
    x0, x1, y0, y1 = extent
    return np.clip(np.column_stack([x0 - boxes[:, 0], boxes[:, 1] - x1, y0 - boxes[:, 2], boxes[:, 3] - y1]), 0, None)


def _overlap(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Total area each of `boxes` (k × [x0, x1, y0, y1]) shares with `others` (m × the same)."""
    if not len(others):
        return np.zeros(len(boxes))
    width = np.minimum(boxes[:, None, 1], others[None, :, 1]) - np.maximum(boxes[:, None, 0], others[None, :, 0])
    height = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(boxes[:, None, 2], others[None, :, 2])
    return (np.clip(width, 0, None) * np.clip(height, 0, None)).sum(axis=1)


def timeline_chart(timeline: pd.DataFrame, lang: str, source: str) -> go.Figure:
    """One row per document, named at the left (never clipped at any width), a dot at its issue date;
    undated documents last, marked as such, with a hollow dot at the right end."""
    label = "short_en" if lang == "en" else "short_zh"
    shown, unlisted = _latest(timeline, TIMELINE_MAX_ROWS)
    dated = shown[shown.issued.notna()]
    undated = shown[shown.issued.isna()]
    names = [wrap_label(n, AXIS_LABEL_EM) for n in dated[label]]
    names += [wrap_label(aside(n, t("undated", lang), lang), AXIS_LABEL_EM) for n in undated[label]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=dated.issued, y=names[:len(dated)], mode="markers", marker=dict(size=13, color=ACCENT), showlegend=False,
        hovertext=dated.issued.map(iso_day), hoverinfo="text+y",
    ))
    first = dated.issued.min() if len(dated) else pd.Timestamp("2023-01-01")
    last = dated.issued.max() if len(dated) else pd.Timestamp("2025-01-01")
    if len(undated):
        fig.add_trace(go.Scatter(
            x=[last + pd.Timedelta(days=120)] * len(undated), y=names[len(dated):], mode="markers",
            marker=dict(size=13, color=MUTED, symbol="circle-open"), showlegend=False, hoverinfo="y",
        ))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=names)
    fig.update_xaxes(tickformat="%Y-%m", range=[first - pd.Timedelta(days=90), last + pd.Timedelta(days=180)], nticks=6)
    issued = timeline.issued.dropna()  # the caption speaks of every selected document, listed or not
    caption = t("cap_timeline", lang, n=len(timeline), first=f"{issued.min():%Y-%m}", last=f"{issued.max():%Y-%m}") if len(issued) else ""
    # said where there is an undated dot: on a date axis, its place read as a date in an exported picture (a walk)
    subtitle = " · ".join(([t("timeline_sub", lang)] if len(undated) else []) +
                          ([t("timeline_latest_note", lang, shown=len(shown), n=unlisted)] if unlisted else []))
    source = cite_drawn(source, shown.programme_id)
    return frame(fig, t("timeline_title", lang), subtitle, source, height=200 + 40 * len(shown), caption=caption)


TIMELINE_MAX_ROWS = 30  # documents a timeline lists, one row each; at scale the most recently issued


def _latest(timeline: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """(`timeline`, 0) when it has at most `limit` documents; else (the `limit` most recently issued, in date
    order, undated ones only if fewer dated ones remain; how many were left out)."""
    if len(timeline) <= limit:
        return timeline, 0
    ordered = timeline.sort_values("issued", na_position="last", kind="stable")
    dated = ordered[ordered.issued.notna()].tail(limit)
    undated = ordered[ordered.issued.isna()].head(limit - len(dated))
    return pd.concat([dated, undated]), len(timeline) - len(dated) - len(undated)


HEATMAP_ROW_PX = 44  # every heatmap row is this tall at any screen width


# At scale (issue 15): beyond these many programmes or pairings a chart shows the largest and pools
# the rest into one row (analytics.scale), and its subtitle says so.
HEATMAP_MAX_ROWS = 30
BAR_MAX_GROUPS = 12
INSTRUMENT_MAX_ROWS = 30
DISTINCT_MAX_ROWS = 30  # groups the distinctive-themes chart draws (one row of markers each)


def _pooled(table: pd.DataFrame, limit: int, names: dict, subtitle: str, lang: str, average: bool = False, **columns):
    """(table with at most `limit` groups + one pooled group, names with the pooled group's, subtitle + note).
    `average`: the pooled group's counts are its groups' average, not their sum, named and noted so (a chart of
    counts, where the sum of hundreds of programmes set the scale and left every programme's row blank)."""
    sizes = ranked_sizes(table, columns.get("group", "group_id"), columns.get("count", "tasks"))
    table, pooled = pool_groups(table, limit, average=average, **columns)
    if not pooled:
        return table, names, subtitle
    note = left_out_note(limit, limit + pooled, lang, "averaged_note" if average else "pooled_note", totals=sizes)
    return table, {**names, OTHERS: t("others_averaged" if average else "others_pooled", lang, n=pooled)}, subtitle_with(subtitle, note)


def theme_heatmap(corpus: Corpus, shares: pd.DataFrame, measure: str, lang: str, source: str, subtitle: str) -> go.Figure:
    names_t, names_g = theme_names(corpus, lang), group_names(corpus, lang)
    column_names = theme_column_labels(corpus, lang)
    value = "share" if measure == "share" else "tasks"
    shares, names_g, subtitle = _pooled(shares, HEATMAP_MAX_ROWS, names_g, subtitle, lang, average=value == "tasks")
    wide = shares.pivot_table(index="group_id", columns="theme_id", values=value, observed=False)
    wide = wide[[c for c in shares.theme_id.cat.categories if c in wide.columns]]
    text = wide.map(lambda v: f"{v:.0%}" if value == "share" else count_text(v))
    columns = [column_names[c] for c in wide.columns]
    fig = go.Figure(go.Heatmap(
        z=wide.values, x=columns, y=[wrap_label(names_g.get(i, i), AXIS_LABEL_EM) for i in wide.index],
        text=text.values, texttemplate="%{text}", colorscale=COUNT_SCALE, **zero_based(wide.values), showscale=False,
        hovertext=_cell_hovers(shares, wide, value, names_t, lang), hovertemplate="%{y} · %{hovertext}<extra></extra>",
        xgap=2, ygap=2,
    ))
    caption = _theme_caption(shares, value, names_t, names_g, lang)
    source = cite_drawn(source, wide.index, corpus)
    return _heatmap_frame(fig, columns, len(wide), t("heatmap_title", lang), subtitle, source, caption)


def _cell_hovers(shares: pd.DataFrame, wide: pd.DataFrame, value: str, names_t: dict, lang: str) -> list[list[str]]:
    """Each heatmap cell's theme and value as its hover says them: the theme's name unbroken (a walk: the column label's
    "绿色<br>低碳" split the hover), a share with the tasks behind it ("18%（5 项）"), or a count of tasks ("5 项",
    "1 task"; a pooled row's average "2.3 项"). A walk: the share's hover gave no count, the bars' did."""
    tasks = shares.pivot_table(index="group_id", columns="theme_id", values="tasks", observed=False).reindex(
        index=wide.index, columns=wide.columns)
    themes = [names_t[theme] + t("hover_sep", lang) for theme in wide.columns]  # escaped with every text (safe_figure)
    if value == "share":
        return [[theme + f"{s:.0%}" + aside for theme, s, aside in zip(themes, shares_row, tasks_aside(tasks_row, lang))]
                for shares_row, tasks_row in zip(wide.values, tasks.values)]
    return [[theme + t("n_tasks", lang, n=_count(n)) for theme, n in zip(themes, row)] for row in tasks.values]


AXIS_LABEL_EM = 16  # category labels on a y axis wrap at this width
HALF_AXIS_LABEL_EM = 12  # … and in a chart drawn in half the page


COLUMN_LABEL_EM = 2  # a Chinese heatmap column label's line: two characters fit a column about 36 px wide


def theme_column_labels(corpus: Corpus, lang: str) -> dict[str, str]:
    """Heatmap column labels by theme id: Chinese stacked at most two characters per line (read upright), broken
    between the words the theme registry declares (zh_words: 机制/与/营商/环境, not 机制/与营/商环/境); English on one
    line, drawn vertically: a column at 1280 px is about 28 px wide, room for one vertical line of text but not two
    (two-line labels of neighbouring columns overlapped)."""
    names = theme_names(corpus, lang)
    if lang != "zh":
        return names
    words = dict(zip(corpus.themes.theme_id, corpus.themes.zh_words))
    return {theme: LINE_BREAK.join(wrap_words(plain(words.get(theme) or "").split() or [name], COLUMN_LABEL_EM))
            for theme, name in names.items()}


def zero_based(values) -> dict:
    """A heatmap's colour domain from zero to its largest value: white is nothing, not the smallest value drawn (a walk:
    under two themes the smallest share, 6%, was as white as an empty cell). Plotly takes zmin only with zmax."""
    finite = [float(v) for v in np.ravel(values) if v == v]
    return {"zmin": 0, "zmax": max([*finite, 0]) or 1}


def _heatmap_frame(fig: go.Figure, columns: list[str], rows: int, title: str, subtitle: str, source: str, caption: str) -> go.Figure:
    """Column labels on top, the plot exactly `rows` × HEATMAP_ROW_PX tall below them.

    Stacked Chinese labels stay upright; English labels are turned vertical, so neither collides with
    its neighbour in a column about 45 px wide.
    """
    lines = [c.split(LINE_BREAK) for c in columns]
    upright = all(text_em(line) <= 2 for label in lines for line in label)
    if upright:
        labels_px = 8 + round(1.3 * BASE_FONT_SIZE) * max((len(label) for label in lines), default=1)
    else:
        labels_px = 12 + round(BASE_FONT_SIZE * max((text_em(line) for label in lines for line in label), default=1))
    fig.update_xaxes(side="top", tickangle=0 if upright else -90, automargin=False)
    fig.update_yaxes(autorange="reversed")
    height = HEADING_PX + labels_px + HEATMAP_ROW_PX * rows + source_gap(1) + 20
    fig = frame(fig, title, subtitle, source, height=height, caption=caption)
    fig.layout.margin.t += labels_px
    return fig


def count_text(value: float) -> str:
    """A count as a cell shows it: whole numbers as they are, a pooled group's average to one decimal."""
    return str(_count(value))


def _tied_top(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows holding the largest `column`, equal ones together (4/7 in two programmes), in the table's order."""
    values = table[column].astype(float)
    return table[np.isclose(values, values.max())] if values.notna().any() else table.iloc[:0]


def mid_sentence(text: str, lang: str) -> str:
    """A label that opens a clause, as it reads after the sentence's first: in English its first letter lower case
    ("… and environmental instruments in B"; a review: "… and Environmental instruments in B"), unless it opens with an
    acronym; Chinese has no case."""
    return text[:1].lower() + text[1:] if lang == "en" and not text[:2].isupper() else text


def named_tied(names: list[str], lang: str) -> str:
    """Names tied for the top as a finding writes them: "A", "A、B", "A、B、C" ("A and B" in English; a walk: in
    "发展改革和工业和信息化并列" how many?); beyond TIED_NAMED + 1 the first TIED_NAMED and how many in all (a walk:
    "A, B and 1 more" hid a name that took no more room than the count, and "A, B carry the most" read as one body)."""
    separator = t("names_sep", lang)
    if len(names) <= 1:
        return "".join(names)
    if len(names) <= TIED_NAMED + 1:
        return t("names_and", lang, names=separator.join(names[:-1]), last=names[-1])
    return t("tied_names_more", lang, names=separator.join(names[:TIED_NAMED]), n=len(names) - TIED_NAMED)


def _theme_caption(shares: pd.DataFrame, value: str, names_t: dict, names_g: dict, lang: str) -> str:
    shares = shares[shares.group_id != OTHERS]  # the finding names a programme (or pairing), never the pooled row
    if not (shares[value] > 0).any():  # no rows, nothing above zero, or nothing but gaps (NaN > 0 is False)
        return ""
    tied = _tied_top(shares, value)  # a walk: one of two equal cells was named as the largest
    top = tied.iloc[0]
    if tied.theme_id.nunique() == 1:
        group, theme = named_tied([names_g.get(g, g) for g in tied.group_id], lang), names_t[top.theme_id]
    else:
        group = None
        entries = named_tied([t("theme_in", lang, theme=names_t[r.theme_id], group=names_g.get(r.group_id, r.group_id))
                              for r in tied.itertuples()], lang)
    key = "cap_theme_share" if value == "share" else "cap_theme_count"
    if len(tied) > 1:
        key += "_tie" if group is not None else "_tie_mixed"
    if group is None:
        return t(key, lang, entries=entries, share=top.share, n=int(top.tasks))
    return t(key, lang, theme=theme, group=group, share=top.share, n=int(top.tasks))


PLOT_PX = 520  # the narrowest plot area a full-width chart gets at 1280 px (sidebar and legend beside it)
MAX_LABEL_LINES = 3


def column_labels(names: list[str], plot_px: int = PLOT_PX) -> list[str] | None:
    """Labels for categories side by side on an x axis, wrapped between words (or CJK characters) to
    their slot, or None when some label cannot fit its slot in MAX_LABEL_LINES: draw horizontal bars then."""
    slot_em = 0.85 * plot_px / max(len(names), 1) / BASE_FONT_SIZE
    wrapped = [wrap(name, slot_em) for name in names]
    if any(len(lines) > MAX_LABEL_LINES or any(text_em(line) > slot_em for line in lines) for lines in wrapped):
        return None
    return [LINE_BREAK.join(lines) for lines in wrapped]


LEGEND_EM = 14  # legend entries wrap at this width


def theme_bars(corpus: Corpus, shares: pd.DataFrame, measure: str, lang: str, source: str, subtitle: str,
               title: str | None = None) -> go.Figure:
    """Grouped bars, one group per programme (or pairing), one bar per theme.

    Upright when every programme name fits under its group; otherwise horizontal, names at the left,
    so no two labels ever collide.
    """
    names_t, names_g = theme_names(corpus, lang), group_names(corpus, lang)
    value = "share" if measure == "share" else "tasks"
    shares, names_g, subtitle = _pooled(shares, BAR_MAX_GROUPS, names_g, subtitle, lang, average=value == "tasks")
    colours = theme_colours(corpus.themes)
    groups = list(dict.fromkeys(shares.group_id))
    themes = [x for x in shares.theme_id.cat.categories if shares.loc[shares.theme_id == x, value].sum() > 0]
    upright = column_labels([names_g.get(g, g) for g in groups])
    labels = dict(zip(groups, upright or [wrap_label(names_g.get(g, g), AXIS_LABEL_EM) for g in groups]))
    fig = go.Figure()
    for theme_id in themes:
        subset = shares[shares.theme_id == theme_id]
        categories, values = [labels[g] for g in subset.group_id], subset[value]
        fig.add_trace(go.Bar(
            x=categories if upright else values, y=values if upright else categories, orientation="v" if upright else "h",
            name=wrap_label(names_t[theme_id], LEGEND_EM), marker_color=colours[theme_id],
            hovertext=tasks_counted(values, lang) if value == "tasks" else None,
            hovertemplate=bar_hover(names_t[theme_id], lang, _measured("y" if upright else "x", value),
                                    category="%{x}" if upright else "%{y}"),
        ))
    fig.update_layout(barmode="group", bargap=0.15, showlegend=True)  # one theme chosen: its name stays beside its bars
    value_axis = fig.update_yaxes if upright else fig.update_xaxes
    if value == "share":
        value_axis(tickformat=".0%")
    caption = _theme_caption(shares, value, names_t, names_g, lang)
    title, source = title or t("bars_title", lang), cite_drawn(source, groups, corpus)
    if upright:
        fig.update_xaxes(tickangle=0)
        label_lines = max(label.count(LINE_BREAK) + 1 for label in labels.values())
        return frame(fig, title, subtitle, source, height=520, caption=caption, label_lines=label_lines)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(legend_traceorder="normal")
    height = HEADING_PX + 60 + len(groups) * (10 * len(themes) + 24)
    return frame(fig, title, subtitle, source, height=max(height, 420), caption=caption)


def _measured(axis: str, value: str) -> str:
    """A bar's value in its hover: a share as a percentage; a count (or a pooled row's average) of tasks as the trace's
    hovertext words it (`tasks_counted`: "1 task", not "1 tasks")."""
    return f"%{{{axis}:.0%}}" if value == "share" else "%{hovertext}"


def distinctive_chart(corpus: Corpus, distinct: pd.DataFrame, lang: str, source: str, note: str = "") -> go.Figure:
    """Each group's gap to the rest of the corpus per theme, one row per group. At scale the largest groups
    (a gap cannot be pooled into an "others" row) and the subtitle says how many are left out. `note` (which themes
    are drawn) joins the subtitle; the legend shows even for one theme."""
    names_t, names_g = theme_names(corpus, lang), group_names(corpus, lang)
    sizes = ranked_sizes(distinct)
    distinct, left_out = largest_groups(distinct, DISTINCT_MAX_ROWS)
    subtitle = subtitle_with(t("distinct_sub", lang), note)
    subtitle = subtitle_with(subtitle, left_out_note(DISTINCT_MAX_ROWS, DISTINCT_MAX_ROWS + left_out, lang, totals=sizes))
    colours = theme_colours(corpus.themes)
    unit = t("pp_unit", lang)
    fig = go.Figure()
    for theme_id, subset in distinct.groupby("theme_id", observed=True, sort=False):
        fig.add_trace(go.Scatter(
            x=subset.gap_pp, y=[wrap_label(names_g.get(g, g), AXIS_LABEL_EM) for g in subset.group_id], mode="markers",
            name=wrap_label(names_t[theme_id], LEGEND_EM),
            marker=dict(size=12, color=colours[theme_id], symbol=["circle-open" if s else "circle" for s in subset.small],
                        line=dict(width=2, color=colours[theme_id])),
            hovertemplate="%{y} · " + names_t[theme_id] + ": %{x:+.1f} " + unit + "<extra></extra>",
        ))
    fig.add_vline(x=0, line_color=REFERENCE_LINE)
    fig.update_layout(showlegend=True)  # one theme chosen: its name stays beside its markers
    ticks, texts = signed_ticks(distinct.gap_pp)
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=texts, title=dict(text=unit, font=dict(size=12)))
    fig.update_yaxes(autorange="reversed")
    solid = distinct[~distinct.small]
    top = _top(solid, "gap_pp")
    caption = "" if top is None else t("cap_distinct", lang, group=names_g.get(top.group_id, top.group_id),
                                       theme=names_t[top.theme_id], gap=gap_phrase(top.gap_pp, lang))
    # The plot is as tall as the whole legend beside it (one entry per theme, some in two lines), so none is cut off.
    legend_px = sum(12 + 18 * len(wrap(names_t[x], LEGEND_EM)) for x in distinct.theme_id.unique())
    height = HEADING_PX + max(340, legend_px + 20, 50 * distinct.group_id.nunique()) + source_gap(2) + 20
    source = cite_drawn(source, distinct.group_id.unique(), corpus)
    return frame(fig, t("distinct_title", lang), subtitle, source, height=height, caption=caption, label_lines=2)


def instrument_chart(corpus: Corpus, mix: pd.DataFrame, lang: str, source: str, subtitle: str) -> go.Figure:
    names_g = programme_names(corpus, lang)
    subtitle = subtitle_with(subtitle, t("instrument_counts_note", lang))
    mix, names_g, subtitle = _pooled(mix, INSTRUMENT_MAX_ROWS, names_g, subtitle, lang, group="programme_id",
                                     category="instrument_type")
    labels = instrument_type_names(corpus, lang)
    fig = go.Figure()
    for itype in ("supply", "environment", "demand"):
        subset = mix[mix.instrument_type == itype]
        fig.add_trace(go.Bar(
            y=[names_g.get(p, p) for p in subset.programme_id], x=subset.share, name=labels.get(itype, itype),
            orientation="h", marker_color=INSTRUMENT_COLOURS[itype], text=subset.tasks, textposition="inside",
            hovertext=tasks_aside(subset.tasks, lang), hovertemplate=bar_hover(labels.get(itype, itype), lang, "%{x:.0%}", "%{hovertext}"),
        ))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(autorange="reversed")  # the first programme on top and a pooled row last, as the heatmap draws them
    tied = _tied_top(mix, "share")  # a walk: 市中区—费县 named alone beside 市中区—高唐县's equal 57%
    if tied.empty:
        caption = ""
    elif tied.instrument_type.nunique() == 1:
        caption = t("cap_instrument_tie" if len(tied) > 1 else "cap_instrument", lang,
                    instrument=labels.get(tied.instrument_type.iloc[0], tied.instrument_type.iloc[0]),
                    programme=named_tied([names_g.get(p, p) for p in tied.programme_id], lang), share=tied.share.iloc[0])
    else:
        entries = [t("instrument_in", lang, instrument=labels.get(r.instrument_type, r.instrument_type),
                     programme=names_g.get(r.programme_id, r.programme_id)) for r in tied.itertuples()]
        caption = t("cap_instrument_tie_mixed", lang, share=tied.share.iloc[0],
                    entries=named_tied(entries[:1] + [mid_sentence(entry, lang) for entry in entries[1:]], lang))
    source = cite_drawn(source, mix.programme_id.unique())
    return frame(fig, t("instrument_title", lang), subtitle, source, height=140 + 45 * mix.programme_id.nunique(), caption=caption)


def ranking_chart(corpus: Corpus, workload: pd.DataFrame, by: str, lang: str, source: str, subtitle: str,
                  normalised: pd.DataFrame | None = None) -> go.Figure:
    """`workload_chart` of an analysis's own frame (analytics.workload.department_workload): functions are
    named in the reader's language here, so callers hand over the frame as the analysis returned it. With `normalised`
    (the same selection's normalised_workload) the subtitle names the programmes chosen that name no bodies, which its
    source line lists and its bars cannot hold (a walk: "Source: … Shanghai–Sanming plan" under a ranking it adds
    nothing to, where the weighted index below said so)."""
    if by == "function":
        workload = workload.assign(name=workload.function.map(function_names(corpus, lang)))
    after = "" if normalised is None else bodiless_note(normalised, programme_names(corpus, lang), lang)
    return workload_chart(workload, by, lang, source, subtitle, after=after)


STACKED_ROLES = ("lead", "responsible", "support")
TIED_NAMED = 3  # a finding names at most this many rows tied for the top, then counts the rest


def workload_chart(workload: pd.DataFrame, by: str, lang: str, source: str, subtitle: str, top: int = 15,
                   after: str = "") -> go.Figure:
    """Stacked roles per function (`by="function"`) or per concrete body (`by="unit"`); the title says which.

    Rows are ordered by what their bars draw, the three roles' task counts together, longest first, and the subtitle
    says so. The analysis ranks by its weighted index, which for a function also counts every body named (两地X is
    two): in that order 高唐县's plan put 国有企业 (2 tasks, four bodies) above functions with 3 (a reviewer's walk).
    Equal bars keep the analysis's order."""
    lengths = workload[list(STACKED_ROLES)].sum(axis=1)  # what each bar draws
    order = np.argsort(-lengths.to_numpy(), kind="stable")
    ranked, totals = workload.iloc[order], lengths.iloc[order]
    data = ranked.head(top).iloc[::-1]
    names = [wrap_label(name, AXIS_LABEL_EM) for name in data["name"]]
    fig = go.Figure()
    for role in STACKED_ROLES:
        fig.add_trace(go.Bar(
            y=names, x=data[role], name=t(f"role_{role}", lang), orientation="h", marker_color=ROLE_COLOURS[role],
            hovertext=tasks_counted(data[role], lang), hovertemplate=count_hover(t(f"role_{role}", lang), lang),
        ))
    fig.update_layout(barmode="stack")
    top = _top(ranked)  # the longest bar
    caption = "" if top is None else t("cap_workload", lang, name=top["name"], lead=_n(top.lead),
                                       responsible=_n(top.responsible), support=_n(top.support))
    tied = ranked[totals == totals.iloc[0]] if len(ranked) else ranked
    if len(tied) > 1:  # bars of equal length: the finding names them together, not the first alone (a reviewer)
        caption = t("cap_workload_tie", lang, names=named_tied(list(tied["name"]), lang), n=_n(totals.iloc[0]))
    title = t("workload_title_unit" if by == "unit" else "workload_title", lang)
    notes = [subtitle, t("workload_order", lang), left_out_note(len(data), len(ranked), lang, totals=totals),  # rows beyond: said
             source_language_note("unit_names_original", lang) if by == "unit" else "", after]  # bodies: Chinese names only
    return frame(fig, title, join_entries([n for n in notes if n], lang), source, height=160 + 30 * len(data), caption=caption)


def tied_at_cut(totals: pd.Series, shown: int, lang: str, measure: str = "n_tasks") -> str:
    """What a chart of the first `shown` rows of `totals` (largest first) says when rows it leaves out equal its last
    one ("" otherwise): a walk at 100× found 15 bodies drawn of 200 tied at 7 tasks, under "the 15 largest shown".
    `measure`: the catalogue key wording the last row's value, "n_tasks" for task counts."""
    if len(totals) <= shown or shown == 0 or totals.iloc[shown - 1] != totals.iloc[shown]:
        return ""
    last = totals.iloc[shown - 1]
    return t("tied_at_cut", lang, n=int((totals.iloc[shown:] == last).sum()), tasks=t(measure, lang, n=_count(last)))


def bar_hover(series: str, lang: str, value: str = "%{x}", unit: str = "", category: str = "%{y}") -> str:
    """The hover of a bar: its row (or column), its series and its value with its unit ("工业和信息化 · 牵头：3 项"). Without
    it plotly shows "(3, 工业和信息化) 牵头", the series cut to a few letters and the value to five decimals (two walks).
    `series` may be a name from the data (a theme, an uploaded programme): escaped here, as a template is code."""
    return f"{category} · {plot_text(series)}{t('hover_sep', lang)}{value}{unit}<extra></extra>"


def tasks_aside(counts, lang: str) -> list[str]:
    """After a share in a bar's hover, the tasks behind it, one phrase a bar ("（5 项）", " (1 task)"), for the trace's
    hovertext: a placeholder in the template wrote "(1 tasks)", as plotly cannot choose the singular. (Not customdata,
    which `style` takes to name a shortened category in full.)"""
    return [t("tasks_aside", lang, n=_count(n)) for n in counts]


def _count(value):
    """A count as an int when it is whole (so that 1.0 is worded "1 task"), else to one decimal, as `count_text` (an
    average: 2.3)."""
    return int(value) if float(value).is_integer() else round(float(value), 1)


def tasks_counted(counts, lang: str) -> list[str]:
    """A bar's task count as its hover says it, one phrase a bar ("3 项", "1 task", "2.3 tasks" for a pooled average),
    for the trace's hovertext: a unit after a placeholder wrote "Lead: 1 tasks" (a screenshot of the ranking)."""
    return [t("n_tasks", lang, n=_count(n)) for n in counts]


def count_hover(series: str, lang: str) -> str:
    """`bar_hover` of a horizontal bar of task counts (a role, a side), its count worded by the trace's hovertext
    (`tasks_counted`): "工业和信息化 · 牵头：3 项"."""
    return bar_hover(series, lang, value="%{hovertext}")


def left_out_note(shown: int, total: int, lang: str, key: str = "largest_note", totals: pd.Series | None = None,
                  measure: str = "n_tasks") -> str:
    """What a chart that draws `shown` of `total` rows says of the rest ("" when it draws them all): every chart that
    cuts its rows says so (issue 15). `key`: "largest_note" for rows ranked by size, "leading_note" by another index,
    "pooled_note" / "averaged_note" for rows pooled into one. `totals`: every row's task count, largest first, in the
    order drawn; given, the note also says how many left out tie with the last row drawn (`tied_at_cut`, its value worded
    by `measure`)."""
    if total <= shown:
        return ""
    tied = "" if totals is None else tied_at_cut(totals, shown, lang, measure)
    return join_entries([n for n in (t(key, lang, shown=shown, n=total - shown), tied) if n], lang)


def _n(value) -> str:
    return f"{value:g}"


def side_chart(by_side: pd.DataFrame, names: dict[str, str], lang: str, source: str, subtitle: str, top: int = 12) -> go.Figure:
    counted = by_side[by_side.role != NOT_STATED].copy()
    counted["tasks"] = counted.tasks.astype(int)
    ranked = counted.groupby("function").tasks.sum().sort_values(ascending=False, kind="stable")
    totals = ranked.head(top)
    fig = go.Figure()
    for side in ("other", "recipient", "helper"):  # drawn bottom up: the helper side on top of each group
        subset = counted[(counted.side == side) & counted.function.isin(totals.index)].groupby("function").tasks.sum()
        subset = subset.reindex(totals.index[::-1], fill_value=0)
        if subset.sum() == 0:
            continue
        fig.add_trace(go.Bar(y=[names.get(f, f) for f in subset.index], x=subset.values, name=t(f"side_{side}", lang),
                             orientation="h", marker_color=SIDE_COLOURS[side], hovertext=tasks_counted(subset.values, lang),
                             hovertemplate=count_hover(t(f"side_{side}", lang), lang)))
    # plotly draws a group's first bar lowest, and lists it first: the legend reversed lists them top down, as drawn
    # (a walk: the helper side listed first and drawn last)
    fig.update_layout(barmode="group", legend_traceorder="reversed")
    title = t("side_title", lang)
    subtitle = subtitle_with(subtitle, left_out_note(len(totals), len(ranked), lang, totals=ranked))
    helpers = counted[counted.side == "helper"].groupby("function").tasks.sum().rename("tasks").reset_index()
    tied = _tied_top(helpers, "tasks")  # a walk: 交通运输 and 发展改革, 7 each, and the finding named one
    caption = "" if tied.empty else t("cap_side" if len(tied) == 1 else "cap_side_tie", lang, n=int(tied.tasks.iloc[0]),
                                      function=named_tied([names.get(f, f) for f in tied.function], lang))
    return frame(fig, title, subtitle, source, height=160 + 40 * len(totals), caption=caption)


MAX_PROGRAMME_BARS = len(COLORWAY)  # one colour each: at 12 programmes two bars in a group shared a colour (a helper's walk)


UNNAMED_PROGRAMMES_NAMED = 3  # programmes without bodies a subtitle names; beyond, it counts them


def bodiless_note(normalised: pd.DataFrame, names_p: dict[str, str], lang: str) -> str:
    """What a chart of bodies says of the programmes chosen that name none (上海—三明, the provincial outline), which it
    cannot draw: named, up to UNNAMED_PROGRAMMES_NAMED, else counted; "" when every one names some. `normalised`:
    analytics.workload.normalised_workload, where such a programme has one row, function NOT_STATED."""
    drawn = set(normalised.programme_id[normalised.function != NOT_STATED])
    unnamed = [p for p in normalised.programme_id.unique() if p not in drawn]
    if 0 < len(unnamed) <= UNNAMED_PROGRAMMES_NAMED:  # a walk: "2 programmes chosen name no bodies" without saying which
        return t("unnamed_programmes_named", lang, names=t("enum_sep", lang).join(names_p.get(p, p) for p in unnamed))
    return t("unnamed_programmes_note", lang, n=len(unnamed)) if unnamed else ""


def weighted_chart(normalised: pd.DataFrame, names_f: dict[str, str], names_p: dict[str, str], lang: str, source: str,
                   top: int = 10, note: str = "") -> go.Figure:
    """Horizontal grouped bars: the leading functions down the left (long names never collide), one bar per programme.
    The subtitle says what is not drawn: functions beyond the leading `top`, programmes beyond MAX_PROGRAMME_BARS, and
    the programmes chosen that name no bodies (上海—三明, the provincial outline), which have no bar."""
    data = normalised[normalised.function != NOT_STATED]
    # equal sums keep the functions' order (a stable sort), and a cut inside them says so (the corpus: 财政 and 自然资源,
    # 21 each, tenth and eleventh)
    by_function = data.groupby("function").weighted_index.sum().sort_values(ascending=False, kind="stable")
    leaders = by_function.head(top).index
    # Beyond a few programmes grouped bars are unreadable: keep those with the largest total index.
    shown = data.groupby("programme_id").weighted_index.sum().sort_values(ascending=False).head(MAX_PROGRAMME_BARS).index
    subtitle = t("weighted_sub", lang) + (t("top_programmes", lang, n=len(shown)) if data.programme_id.nunique() > len(shown) else "")
    subtitle = subtitle_with(subtitle, note, left_out_note(len(leaders), len(by_function), lang, "leading_note",
                                                                totals=by_function, measure="index_summed"))
    subtitle = subtitle_with(subtitle, bodiless_note(normalised, names_p, lang))
    data = data[data.programme_id.isin(shown)]
    labels = [wrap_label(names_f.get(f, f), AXIS_LABEL_EM) for f in leaders]
    fig = go.Figure()
    groups = data[data.function.isin(leaders)].groupby("programme_id")
    for pid, subset in groups:
        subset = subset.set_index("function").reindex(leaders)
        fig.add_trace(go.Bar(y=labels, x=subset.per_10_tasks, orientation="h", name=wrap_label(names_p.get(pid, pid), LEGEND_EM),
                             hovertemplate=bar_hover(names_p.get(pid, pid), lang, "%{x:.1f}", t("per_10_unit", lang))))
    fig.update_layout(barmode="group", bargap=0.2)
    fig.update_yaxes(autorange="reversed")
    top = _top(data, "per_10_tasks")
    caption = "" if top is None else t("cap_weighted", lang, function=names_f.get(top.function, top.function),
                                       programme=names_p.get(top.programme_id, top.programme_id), value=top.per_10_tasks)
    height = HEADING_PX + 60 + len(leaders) * (9 * groups.ngroups + 20)
    return frame(fig, t("weighted_title", lang), subtitle, cite_drawn(source, shown), height=max(height, 420), caption=caption)


def function_theme_heatmap(corpus: Corpus, table: pd.DataFrame, names_f: dict[str, str], lang: str, source: str, subtitle: str, top: int = 15) -> go.Figure:
    column_names = theme_column_labels(corpus, lang)
    by_function = table.groupby("function").tasks.sum().sort_values(ascending=False, kind="stable")
    leaders = by_function.head(top).index
    subtitle = subtitle_with(subtitle, left_out_note(len(leaders), len(by_function), lang, totals=by_function))
    wide = table[table.function.isin(leaders)].pivot_table(index="function", columns="theme_id", values="tasks", fill_value=0)
    order = [t_ for t_ in theme_order(corpus) if t_ in wide.columns]
    wide = wide.reindex(index=leaders, columns=order)
    columns = [column_names[c] for c in wide.columns]
    fig = go.Figure(go.Heatmap(
        z=wide.values, x=columns, y=[wrap_label(names_f.get(f, f), AXIS_LABEL_EM) for f in wide.index],
        text=wide.values, texttemplate="%{text}", colorscale=FUNCTION_SCALE, **zero_based(wide.values), showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
    ))
    caption = ""
    if wide.size and wide.values.max() > 0:
        stacked = wide.stack()
        function, theme_id = stacked.idxmax()
        caption = t("cap_func_theme", lang, function=names_f.get(function, function), theme=theme_names(corpus, lang)[theme_id],
                    n=int(stacked.max()))
    return _heatmap_frame(fig, columns, len(wide), t("func_theme_title", lang), subtitle, source, caption)


BREAKDOWN_MAX_KEYS = 40  # key tasks the Sankey and the coverage chart draw; beyond, the first in document order


def _first_keys(corpus: Corpus, key_ids: Iterable[str], limit: int) -> tuple[list[str], int]:
    """(the first `limit` of these key tasks in document order, how many are left out)."""
    order = corpus.tasks.set_index("task_id").order
    ranked = sorted(dict.fromkeys(key_ids), key=lambda k: (order.get(k, 0), k))
    return ranked[:limit], max(len(ranked) - limit, 0)


def sankey_chart(corpus: Corpus, flows: pd.DataFrame, lang: str, source: str, note: str = "") -> go.Figure:
    """Key tasks → lower levels; without a key task among the flows (no provincial plan chosen: a division plan and a
    county plan, say), division tasks → lower levels, said in the title. The tasks the breakdown starts from are named
    on the chart, in its left-hand column. At most BREAKDOWN_MAX_KEYS of them (the first, with everything below them);
    the subtitle says how many are left out. `note` (e.g. which plan) joins the subtitle."""
    tops = flow_tops(flows)
    words = SANKEY_WORDS["key_task" if (flows.source_tier == "key_task").any() else "division"]
    subtitle = subtitle_with(t(words["subtitle"], lang), note)
    if len(tops) > BREAKDOWN_MAX_KEYS:
        kept, left_out = _first_keys(corpus, tops, BREAKDOWN_MAX_KEYS)
        flows, tops = flows_under(flows, kept), kept
        subtitle = subtitle_with(subtitle, t(words["first"], lang, shown=BREAKDOWN_MAX_KEYS, n=left_out))
    subtitle = subtitle_with(subtitle, source_language_note("task_titles_original", lang))  # the starting tasks' titles, in Chinese on an English page
    node_ids = list(dict.fromkeys(list(flows.source) + list(flows.target)))
    index = {n: i for i, n in enumerate(node_ids)}
    tiers = dict(zip(flows.source, flows.source_tier)) | dict(zip(flows.target, flows.target_tier))
    nodes = corpus.tasks.set_index("task_id").reindex(node_ids)[["number", "heading", "full_text", "programme_id"]]
    names_p = programme_names(corpus, lang)

    def code(task_id: str, number: str, heading) -> str:
        if tiers.get(task_id) == "key_task":
            return f"{number}{heading}"
        return f"{t('short_' + tiers.get(task_id, ''), lang)} {number}"

    def name(task_id: str, number: str, heading, text: str) -> str:
        """A starting task on the chart: a key task by number and heading, another by its code and heading, or its
        text's opening words when it has none (the division plan's tasks)."""
        if tiers.get(task_id) == "key_task":
            return code(task_id, number, heading)
        opening = heading if isinstance(heading, str) and heading else f"{text[:TOP_OPENING_CHARS]}…"
        return f"{code(task_id, number, heading)} {opening}"

    def hover(text: str, programme_id: str) -> str:
        return f"{names_p.get(programme_id, programme_id)}<br>{text[:60]}…"

    # Only the starting tasks are named on the chart: the 50+ lower-level nodes per column would pile up at any
    # readable height, and on a phone the middle column's names ran into the starting tasks'. Their short code and text
    # are on hover, the code first: an exported image or slide, which has no hover, names the middle column by it
    # (kept in the figure's meta: ui.report.images.with_sankey_codes).
    starting = set(tops)
    codes = [code(n, row.number, row.heading) for n, row in zip(node_ids, nodes.itertuples())]
    labels = [short_label(name(n, row.number, row.heading, row.full_text), SANKEY_LABEL_EM) if n in starting else ""
              for n, row in zip(node_ids, nodes.itertuples())]
    hovers = [f"{c}<br>{hover(row.full_text, row.programme_id)}" for c, row in zip(codes, nodes.itertuples())]
    x, y = _sankey_positions(node_ids, tiers, flows, corpus.tasks.set_index("task_id").order)
    fig = go.Figure(go.Sankey(
        arrangement="fixed",
        node=dict(label=labels, color=[TIER_COLOURS.get(tiers.get(n), MUTED) for n in node_ids], x=x, y=y,
                  pad=2, thickness=14, customdata=hovers, hovertemplate="%{customdata}<extra></extra>"),
        link=dict(source=[index[s] for s in flows.source], target=[index[t_] for t_ in flows.target],
                  value=[1] * len(flows), color=LINK_COLOUR),
        textfont=dict(size=12, shadow="0 0 3px white, 0 0 2px white"),
    ))
    # A Sankey has no legend of its own: one entry per level drawn, its colour (a walk: blue, orange and green blocks
    # that nothing named), from markers that draw nothing on axes that are not shown.
    for tier in [tier for tier in TIER_COLOURS if tier in set(tiers.values())]:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t(f"breakdown_{tier}", lang), hoverinfo="skip",
                                 marker=dict(color=TIER_COLOURS[tier], size=12, symbol="square")))
    fig.update_layout(showlegend=True, xaxis=dict(visible=False, domain=[0, 0.001], fixedrange=True),
                      yaxis=dict(visible=False, domain=[0, 0.001], fixedrange=True))
    caption = t(words["caption"], lang, keys=len(tops), lower=len(node_ids) - len(tops))
    # Tall enough that the smallest key task (two links) gets ~16 px: the densest column sets the scale.
    densest = max(pd.Series(tiers).reindex(node_ids).replace({"county": "work_point"}).value_counts().max(), 1)
    fig = frame(fig, t(words["title"], lang), subtitle, source, height=HEADING_PX + 80 + max(520, SANKEY_NODE_PX * densest),
                caption=caption)
    # each node's short code, for an export to name the unnamed by (ui.report.images.with_sankey_codes), kept apart from
    # the hover it also opens: an image reads it from here, not by cutting the hover's first line
    fig.update_layout(meta={**fig.layout.meta, SANKEY_CODES: codes})
    return fig


# The Sankey's words by the level it starts from (label keys): provincial key tasks, or division tasks without them.
SANKEY_WORDS = {
    "key_task": {"title": "sankey_title", "subtitle": "sankey_sub", "caption": "cap_sankey", "first": "first_keys_note"},
    "division": {"title": "sankey_title_division", "subtitle": "sankey_sub_division", "caption": "cap_sankey_division",
                 "first": "first_division_note"},
}
TOP_OPENING_CHARS = 10  # opening characters naming a starting task that has no heading (about 10 em, as a key task's)
# A starting task's name ends before the middle column at the narrowest the Sankey is drawn (style.CHART_MIN_PX: 250 px
# between the columns, 20 em of 12 px), so on a phone the names stand whole on the first screen; the longest today,
# （二）保护利用烈士纪念设施和革命文物, is 18 em. A longer one ends in …, whole on hover.
SANKEY_LABEL_EM = 20
SANKEY_COLUMNS = {"key_task": 0, "division": 1, "work_point": 2, "county": 2}


def _sankey_positions(node_ids: list[str], tiers: dict, flows: pd.DataFrame, order: pd.Series) -> tuple[list, list]:
    """Each node's (x, y), nodes spread evenly down their column: key tasks in document order, every lower
    node beside the mean position of its parents. Names then stand an equal step apart at any height."""
    column = {n: SANKEY_COLUMNS.get(tiers.get(n), 2) for n in node_ids}
    # the columns drawn, spread from the left edge to the right: without key tasks the division tasks are the left-hand
    # column (they stood in the middle, beside an empty third)
    drawn = sorted(set(column.values()))
    across = {col: 0.001 + 0.998 * rank / max(len(drawn) - 1, 1) for rank, col in enumerate(drawn)}
    parents = flows.groupby("target").source.agg(list)
    y: dict[str, float] = {}
    for col in (0, 1, 2):
        members = [n for n in node_ids if column[n] == col]
        def key(n):
            above = [y[p] for p in parents.get(n, []) if p in y]
            return (sum(above) / len(above) if above else 0.0, order.get(n, 0), n)
        ranked = sorted(members, key=key)
        y.update({n: (rank + 0.5) / len(ranked) for rank, n in enumerate(ranked)})
    return [round(across[column[n]], 3) for n in node_ids], [y[n] for n in node_ids]


def drift_chart(corpus: Corpus, drift: pd.DataFrame, lang: str, source: str, subtitle: str) -> go.Figure:
    names_t = theme_names(corpus, lang)
    colours = theme_colours(corpus.themes)
    tiers = list(dict.fromkeys(drift.tier))
    # Level names wrapped between words to their column (four columns always fit), never overlapping.
    labels = dict(zip(tiers, column_labels([t(f"breakdown_{tier}", lang) for tier in tiers])
                      or [t(f"breakdown_{tier}", lang) for tier in tiers]))
    fig = go.Figure()
    for theme_id in drift.theme_id.unique():
        subset = drift[drift.theme_id == theme_id]
        if subset.tasks.sum() == 0:
            continue
        fig.add_trace(go.Bar(x=[labels[tier] for tier in subset.tier], y=subset.share, name=wrap_label(names_t[theme_id], LEGEND_EM),
                             marker_color=colours[theme_id], hovertext=tasks_aside(subset.tasks, lang),
                             hovertemplate=bar_hover(names_t[theme_id], lang, "%{y:.0%}", "%{hovertext}", category="%{x}")))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(tickangle=0)
    label_lines = max((label.count(LINE_BREAK) + 1 for label in labels.values()), default=1)
    county = drift[drift.tier == drift.tier.iloc[-1]] if len(drift) else drift
    top = _top(county[county.share > 0], "share")
    caption = "" if top is None else t("cap_drift", lang, tier=t(f"breakdown_{top.tier}", lang), theme=names_t[top.theme_id],
                                       share=top.share)
    return frame(fig, t("drift_title", lang), subtitle, source, height=520, caption=caption, label_lines=label_lines)


def theme_profile_chart(corpus: Corpus, shares: pd.DataFrame, lang: str, source: str, title: str,
                        scale_to: float | None = None, half: bool = False) -> go.Figure:
    """Horizontal bars of one programme's primary themes as shares of its tasks, in codebook colours.

    Axis and bar labels are both percentages. `scale_to` (the largest share among profiles shown side by
    side) gives two profiles the same x scale, so equal shares have equal bar lengths; `half`: drawn in half
    the page, beside another profile, its texts wrapped for that (alone, a walk found them wrapped to half its width).
    """
    names_t = theme_names(corpus, lang)
    colours = theme_colours(corpus.themes)
    data = shares[shares.tasks > 0]
    # theme names wrapped, narrower in half the page (a walk: in English they took two thirds of it, the bars and
    # their axis squeezed into the rest, its ticks turned on end)
    label_em = HALF_AXIS_LABEL_EM if half else AXIS_LABEL_EM
    fig = go.Figure(go.Bar(
        y=[wrap_label(names_t[x], label_em) for x in data.theme_id], x=data.share, orientation="h",
        marker_color=[colours[x] for x in data.theme_id],
        text=[f"{s:.0%}" for s in data.share], textposition="outside", cliponaxis=False, hovertext=tasks_aside(data.tasks, lang),
        hovertemplate="%{y}" + t("hover_sep", lang) + "%{x:.0%}%{hovertext}<extra></extra>",
    ))
    widest = max(scale_to or 0.0, float(data.share.max()) if len(data) else 0.0, 0.01)
    fig.update_xaxes(range=[0, widest * 1.18], tickformat=".0%")  # room for the outside labels
    fig.update_yaxes(autorange="reversed")
    top = _top(data, "tasks")
    caption = "" if top is None else t("cap_profile", lang, programme=title.split(" · ")[0], theme=names_t[top.theme_id],
                                       n=int(top.tasks), share=top.share)
    return frame(fig, title, t("profile_sub", lang), source, height=160 + 30 * len(data), caption=caption,
                 text_px=HALF_TEXT_PX if half else CHART_TEXT_PX)


def coverage_chart(coverage: pd.DataFrame, lang: str, source: str, note: str = "") -> go.Figure:
    """One bar per provincial key task: how many tasks each lower level gives it (zero bars stand out). At most
    BREAKDOWN_MAX_KEYS bars, the first in the table's (document) order; the subtitle says how many are left
    out, and the caption's figures are of every key task. `note` (e.g. which plan) joins the subtitle."""
    subtitle = subtitle_with(t("coverage_chart_sub", lang), note)
    if len(coverage) > BREAKDOWN_MAX_KEYS:
        subtitle = subtitle_with(subtitle, t('first_keys_note', lang, shown=BREAKDOWN_MAX_KEYS, n=len(coverage) - BREAKDOWN_MAX_KEYS))
    subtitle = subtitle_with(subtitle, source_language_note("task_titles_original", lang))  # the key tasks' titles, in Chinese on an English page
    data = coverage.head(BREAKDOWN_MAX_KEYS).iloc[::-1]
    labels = [f"{row.number} {row.heading}" for row in data.itertuples()]
    fig = go.Figure()
    for tier, column in (("division", "n_division"), ("work_point", "n_work_points"), ("county", "n_county")):
        fig.add_trace(go.Bar(y=labels, x=data[column], name=t(f"breakdown_{tier}", lang), orientation="h",
                             marker_color=TIER_COLOURS[tier], hovertext=tasks_counted(data[column], lang),
                             hovertemplate=count_hover(t(f"breakdown_{tier}", lang), lang)))
    fig.update_layout(barmode="stack")
    missing = coverage[coverage.status == "not carried"]
    if missing.empty:
        caption = t("cap_coverage_all", lang, total=len(coverage))
    else:
        numbers = list(missing.number.astype(str))
        ids = t("enum_sep", lang).join(numbers[:COVERAGE_IDS_NAMED])
        if len(numbers) > COVERAGE_IDS_NAMED:
            ids = t("and_more", lang, text=ids, n=len(numbers) - COVERAGE_IDS_NAMED)
        caption = t("cap_coverage", lang, total=len(coverage), carried=len(coverage) - len(missing), missing=len(missing), ids=ids)
    return frame(fig, t("coverage_chart_title", lang), subtitle, source, height=160 + 24 * len(data), caption=caption)


COVERAGE_IDS_NAMED = 10  # key tasks not carried down that the caption names; beyond, "and n more"
