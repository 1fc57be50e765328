"""Chart builders: analysis frames in, styled plotly figures out. They never render anything."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from analytics.corpus import Corpus
from ui.i18n import group_names, instrument_type_names, name_column, programme_names, t, theme_names
from ui.style import (
    ACCENT,
    BOTH_SIDES,
    COUNT_SCALE,
    FUNCTION_SCALE,
    INSTRUMENT_COLOURS,
    LEVEL_COLOURS,
    LINK_COLOUR,
    MUTED,
    REFERENCE_LINE,
    ROLE_COLOURS,
    SIDE_COLOURS,
    frame,
    theme_colours,
    wrap,
)


def source_line(corpus: Corpus, programme_ids: Iterable[str], lang: str) -> str:
    """'资料来源：…' naming the documents behind a chart, so a screenshot stands alone."""
    entries = _source_entries(corpus, lang)
    names = [entries[p] for p in dict.fromkeys(programme_ids) if p in entries]
    return t("source_prefix", lang) + "；".join(names) + SOURCE_SUFFIX


SOURCE_SUFFIX = " · 对口合作方案比较"


def _source_entries(corpus: Corpus, lang: str) -> dict[str, str]:
    names = programme_names(corpus, lang)
    return {r.programme_id: names[r.programme_id] + (f"（{r.doc_number}）" if isinstance(r.doc_number, str) else "")
            for r in corpus.programmes.itertuples()}


def source_programmes(corpus: Corpus, source: str) -> list[str]:
    """The programme ids a `source_line` names (its inverse), e.g. for the closing slide of a pack."""
    for lang in ("zh", "en"):
        prefix = t("source_prefix", lang)
        if source.startswith(prefix):
            named = source[len(prefix):].removesuffix(SOURCE_SUFFIX).split("；")
            entries = {entry: pid for pid, entry in _source_entries(corpus, lang).items()}
            return [entries[n] for n in named if n in entries]
    return []


def network_chart(corpus: Corpus, nodes: pd.DataFrame, edges: pd.DataFrame, lang: str, source: str) -> go.Figure:
    pos = nodes.set_index("place_id")[["lon", "lat"]]
    fig = go.Figure()
    drawable = edges[edges.helper.isin(pos.index) & edges.recipient.isin(pos.index)]
    with_plan = drawable.programmes.map(len) > 0
    for has_plan, group in ((True, drawable[with_plan]), (False, drawable[~with_plan])):
        if group.empty:
            continue
        # One trace per line style, the edges separated by gaps (None), however many pairings there are.
        x, y, text = [], [], []
        for edge in group.itertuples():
            label = f"{edge.type} · {len(edge.documents)} doc(s)"
            x += [pos.at[edge.helper, "lon"], pos.at[edge.recipient, "lon"], None]
            y += [pos.at[edge.helper, "lat"], pos.at[edge.recipient, "lat"], None]
            text += [label, label, None]
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines", line=dict(width=3 if has_plan else 1.2, color=ACCENT if has_plan else MUTED,
                                              dash="solid" if has_plan else "dot"),
            hoverinfo="text", text=text, showlegend=False,
        ))
    name = name_column(lang)
    for role, colour in (("helper", SIDE_COLOURS["helper"]), ("recipient", SIDE_COLOURS["recipient"]), ("both", BOTH_SIDES)):
        subset = nodes[nodes.role == role]
        if subset.empty:
            continue
        # Districts and counties crowd around their city: name only cities and provinces, hover for the rest.
        labels = [n if lvl in ("city", "municipality", "province") else "" for n, lvl in zip(subset[name], subset.level)]
        fig.add_trace(go.Scatter(
            x=subset.lon, y=subset.lat, mode="markers+text", text=labels, textposition="middle right",
            marker=dict(size=11, color=colour, line=dict(color="white", width=1)),
            name=t(f"side_{role}", lang) if role != "both" else role, hovertext=subset[name], hoverinfo="text",
            textfont=dict(size=11),
        ))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.15)
    with_plan = int(sum(len(p) > 0 for p in edges.programmes))
    caption = t("cap_network", lang, pairs=len(edges), with_plan=with_plan)
    return frame(fig, t("network_title", lang), t("network_sub", lang), source, height=620, caption=caption)


def timeline_chart(corpus: Corpus, timeline: pd.DataFrame, lang: str, source: str) -> go.Figure:
    label = "short_en" if lang == "en" else "short_zh"
    dated = timeline[timeline.issued.notna()]
    undated = timeline[timeline.issued.isna()]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=dated.issued, y=list(range(len(dated))), mode="markers+text", text=dated[label], textposition="middle right",
        marker=dict(size=13, color=ACCENT), showlegend=False, hovertext=dated.issued.dt.strftime("%Y-%m-%d"),
    ))
    if len(undated):
        last = dated.issued.max() if len(dated) else pd.Timestamp("2025-01-01")
        x = [last + pd.Timedelta(days=240)] * len(undated)
        fig.add_trace(go.Scatter(
            x=x, y=list(range(len(dated), len(dated) + len(undated))), mode="markers+text",
            text=[f"{n}（{t('undated', lang)}）" for n in undated[label]],
            textposition="middle left", marker=dict(size=13, color=MUTED, symbol="circle-open"), showlegend=False,
        ))
    fig.update_yaxes(visible=False, range=[-1, len(timeline)])
    fig.update_xaxes(tickformat="%Y-%m")
    caption = t("cap_timeline", lang, n=len(timeline), first=f"{dated.issued.min():%Y-%m}", last=f"{dated.issued.max():%Y-%m}") if len(dated) else ""
    return frame(fig, t("timeline_title", lang), t("timeline_sub", lang), source, height=420, caption=caption)


def theme_heatmap(corpus: Corpus, shares: pd.DataFrame, measure: str, lang: str, source: str, subtitle: str) -> go.Figure:
    names_t, names_g = theme_names(corpus, lang), group_names(corpus, lang)
    value = "share" if measure == "share" else "tasks"
    wide = shares.pivot_table(index="group_id", columns="theme_id", values=value, observed=False)
    wide = wide[[c for c in shares.theme_id.cat.categories if c in wide.columns]]
    text = wide.map(lambda v: f"{v:.0%}" if value == "share" else f"{int(v)}")
    fig = go.Figure(go.Heatmap(
        z=wide.values, x=[_stacked(names_t[c], lang) for c in wide.columns], y=[names_g.get(i, i) for i in wide.index],
        text=text.values, texttemplate="%{text}", colorscale=COUNT_SCALE, showscale=False,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", xgap=2, ygap=2,
    ))
    fig.update_xaxes(side="top", tickangle=0 if lang == "zh" else -35)
    caption = _theme_caption(shares, value, names_t, names_g, lang)
    return frame(fig, t("heatmap_title", lang), subtitle, source, height=(120 if lang == "zh" else 220) + 60 * len(wide),
                 caption=caption)


def _stacked(name: str, lang: str) -> str:
    """Chinese column labels two characters per line, so fifteen themes fit side by side."""
    return "<br>".join(wrap(name, 2)) if lang == "zh" else name


def _theme_caption(shares: pd.DataFrame, value: str, names_t: dict, names_g: dict, lang: str) -> str:
    if shares.empty or shares[value].max() <= 0:
        return ""
    top = shares.loc[shares[value].idxmax()]
    group, theme = names_g.get(top.group_id, top.group_id), names_t[top.theme_id]
    if value == "share":
        return t("cap_theme_share", lang, theme=theme, group=group, share=top.share)
    return t("cap_theme_count", lang, theme=theme, group=group, n=int(top.tasks))


def theme_bars(corpus: Corpus, shares: pd.DataFrame, measure: str, lang: str, source: str, subtitle: str,
               title: str | None = None) -> go.Figure:
    names_t, names_g = theme_names(corpus, lang), group_names(corpus, lang)
    colours = theme_colours(corpus.themes)
    value = "share" if measure == "share" else "tasks"
    fig = go.Figure()
    labels = {g: "<br>".join(wrap(names_g.get(g, g), 6 if lang == "zh" else 10)) for g in shares.group_id.unique()}
    for theme_id in shares.theme_id.cat.categories:
        subset = shares[shares.theme_id == theme_id]
        if subset[value].sum() == 0:
            continue
        fig.add_trace(go.Bar(
            x=[labels[g] for g in subset.group_id], y=subset[value],
            name=names_t[theme_id],
            marker_color=colours[theme_id],
        ))
    fig.update_layout(barmode="group", bargap=0.15)
    fig.update_xaxes(tickangle=0)
    if value == "share":
        fig.update_yaxes(tickformat=".0%")
    caption = _theme_caption(shares, value, names_t, names_g, lang)
    label_lines = max((label.count("<br>") + 1 for label in labels.values()), default=1)
    return frame(fig, title or t("bars_title", lang), subtitle, source, height=520, caption=caption, label_lines=label_lines)


def distinctive_chart(corpus: Corpus, distinct: pd.DataFrame, lang: str, source: str) -> go.Figure:
    names_t, names_g = theme_names(corpus, lang), group_names(corpus, lang)
    colours = theme_colours(corpus.themes)
    fig = go.Figure()
    for theme_id, subset in distinct.groupby("theme_id", observed=True, sort=False):
        fig.add_trace(go.Scatter(
            x=subset.gap_pp, y=[names_g.get(g, g) for g in subset.group_id], mode="markers", name=names_t[theme_id],
            marker=dict(size=12, color=colours[theme_id], symbol=["circle-open" if s else "circle" for s in subset.small],
                        line=dict(width=2, color=colours[theme_id])),
            hovertemplate="%{y} · " + names_t[theme_id] + ": %{x:+.1f} pp<extra></extra>",
        ))
    fig.add_vline(x=0, line_color=REFERENCE_LINE)
    fig.update_xaxes(ticksuffix=" pp")
    solid = distinct[~distinct.small]
    caption = ""
    if len(solid):
        top = solid.loc[solid.gap_pp.idxmax()]
        caption = t("cap_distinct", lang, group=names_g.get(top.group_id, top.group_id), theme=names_t[top.theme_id], gap=top.gap_pp)
    return frame(fig, t("distinct_title", lang), t("distinct_sub", lang), source, height=460, caption=caption)


def instrument_chart(corpus: Corpus, mix: pd.DataFrame, lang: str, source: str, subtitle: str) -> go.Figure:
    names_g = programme_names(corpus, lang)
    labels = instrument_type_names(corpus, lang)
    fig = go.Figure()
    for itype in ("supply", "environment", "demand"):
        subset = mix[mix.instrument_type == itype]
        fig.add_trace(go.Bar(
            y=[names_g.get(p, p) for p in subset.programme_id], x=subset.share, name=labels.get(itype, itype),
            orientation="h", marker_color=INSTRUMENT_COLOURS[itype], text=subset.tasks, textposition="inside",
        ))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    caption = ""
    if len(mix):
        top = mix.loc[mix.share.idxmax()]
        caption = t("cap_instrument", lang, instrument=labels.get(top.instrument_type, top.instrument_type),
                    programme=names_g.get(top.programme_id, top.programme_id), share=top.share)
    return frame(fig, t("instrument_title", lang), subtitle, source, height=140 + 45 * mix.programme_id.nunique(), caption=caption)


def workload_chart(workload: pd.DataFrame, key: str, lang: str, source: str, subtitle: str, top: int = 15) -> go.Figure:
    data = workload.head(top).iloc[::-1]
    fig = go.Figure()
    for role in ("lead", "responsible", "support"):
        fig.add_trace(go.Bar(
            y=data["name"], x=data[role], name=t(f"role_{role}", lang), orientation="h", marker_color=ROLE_COLOURS[role],
        ))
    fig.update_layout(barmode="stack")
    caption = ""
    if len(workload):
        top = workload.iloc[0]
        caption = t("cap_workload", lang, name=top["name"], lead=_n(top.lead), responsible=_n(top.responsible), support=_n(top.support))
    return frame(fig, t("workload_title", lang), subtitle, source, height=160 + 28 * len(data), caption=caption)


def _n(value) -> str:
    return f"{value:g}"


def side_chart(by_side: pd.DataFrame, names: dict[str, str], lang: str, source: str, subtitle: str, top: int = 12) -> go.Figure:
    counted = by_side[by_side.role != "not stated"].copy()
    counted["tasks"] = counted.tasks.astype(int)
    totals = counted.groupby("function").tasks.sum().sort_values(ascending=False).head(top)
    fig = go.Figure()
    for side in ("helper", "recipient", "other"):
        subset = counted[(counted.side == side) & counted.function.isin(totals.index)].groupby("function").tasks.sum()
        subset = subset.reindex(totals.index[::-1], fill_value=0)
        if subset.sum() == 0:
            continue
        fig.add_trace(go.Bar(y=[names.get(f, f) for f in subset.index], x=subset.values, name=t(f"side_{side}", lang),
                             orientation="h", marker_color=SIDE_COLOURS[side]))
    fig.update_layout(barmode="group")
    title = f"{t('workload_title', lang)} · {t('side', lang)}"
    helpers = counted[counted.side == "helper"].groupby("function").tasks.sum()
    caption = ""
    if len(helpers):
        caption = t("cap_side", lang, side=t("side_helper", lang), function=names.get(helpers.idxmax(), helpers.idxmax()),
                    n=int(helpers.max()))
    return frame(fig, title, subtitle, source, height=160 + 40 * len(totals), caption=caption)


MAX_PROGRAMME_BARS = 12


def weighted_chart(normalised: pd.DataFrame, names_f: dict[str, str], names_p: dict[str, str], lang: str, source: str, top: int = 10) -> go.Figure:
    data = normalised[normalised.function != "not stated"]
    leaders = data.groupby("function").weighted_index.sum().sort_values(ascending=False).head(top).index
    # Beyond a dozen programmes grouped bars are unreadable: keep those with the largest total index.
    shown = data.groupby("programme_id").weighted_index.sum().sort_values(ascending=False).head(MAX_PROGRAMME_BARS).index
    subtitle = t("weighted_sub", lang) + (t("top_programmes", lang, n=len(shown)) if data.programme_id.nunique() > len(shown) else "")
    data = data[data.programme_id.isin(shown)]
    fig = go.Figure()
    for pid, subset in data[data.function.isin(leaders)].groupby("programme_id"):
        subset = subset.set_index("function").reindex(leaders)
        fig.add_trace(go.Bar(x=[names_f.get(f, f) for f in leaders], y=subset.per_10_tasks, name=names_p.get(pid, pid)))
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=-35)
    caption = ""
    if len(data):
        top = data.loc[data.per_10_tasks.idxmax()]
        caption = t("cap_weighted", lang, function=names_f.get(top.function, top.function),
                    programme=names_p.get(top.programme_id, top.programme_id), value=top.per_10_tasks)
    return frame(fig, t("weighted_title", lang), subtitle, source, height=500, caption=caption, label_lines=3)


def function_theme_heatmap(corpus: Corpus, table: pd.DataFrame, names_f: dict[str, str], lang: str, source: str, subtitle: str, top: int = 15) -> go.Figure:
    names_t = theme_names(corpus, lang)
    leaders = table.groupby("function").tasks.sum().sort_values(ascending=False).head(top).index
    wide = table[table.function.isin(leaders)].pivot_table(index="function", columns="theme_id", values="tasks", fill_value=0)
    order = [t_ for t_ in corpus.themes.sort_values(["headline", "order"], ascending=[False, True]).theme_id if t_ in wide.columns]
    wide = wide.reindex(index=leaders[::-1], columns=order)
    fig = go.Figure(go.Heatmap(
        z=wide.values, x=[names_t[c] for c in wide.columns], y=[names_f.get(f, f) for f in wide.index],
        text=wide.values, texttemplate="%{text}", colorscale=FUNCTION_SCALE, showscale=False, xgap=2, ygap=2,
    ))
    fig.update_xaxes(side="top", tickangle=-35)
    caption = ""
    if wide.size and wide.values.max() > 0:
        stacked = wide.stack()
        function, theme_id = stacked.idxmax()
        caption = t("cap_func_theme", lang, function=names_f.get(function, function), theme=names_t[theme_id], n=int(stacked.max()))
    return frame(fig, t("func_theme_title", lang), subtitle, source, height=(220 if lang == "zh" else 260) + 30 * len(wide),
                 caption=caption)


def sankey_chart(corpus: Corpus, flows: pd.DataFrame, lang: str, source: str, subtitle: str) -> go.Figure:
    node_ids = list(dict.fromkeys(list(flows.source) + list(flows.target)))
    index = {n: i for i, n in enumerate(node_ids)}
    levels = dict(zip(flows.source, flows.source_level)) | dict(zip(flows.target, flows.target_level))
    nodes = corpus.tasks.set_index("task_id").reindex(node_ids)[["number", "heading", "text", "programme_id"]]
    names_p = programme_names(corpus, lang)

    def label(task_id: str, number: str, heading) -> str:
        """Key tasks by heading; lower levels by a short code, their text is on hover."""
        if levels.get(task_id) == "key_task":
            return f"{number}{heading}"
        return f"{t('short_' + levels.get(task_id, ''), lang)} {number}"

    def hover(heading, text: str, programme_id: str) -> str:
        lead = heading + "。" if isinstance(heading, str) else ""
        return f"{names_p.get(programme_id, programme_id)}<br>{lead}{text[:60]}…"

    labels = [label(n, row.number, row.heading) for n, row in zip(node_ids, nodes.itertuples())]
    hovers = [hover(row.heading, row.text, row.programme_id) for row in nodes.itertuples()]
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=labels, color=[LEVEL_COLOURS.get(levels.get(n), MUTED) for n in node_ids],
                  pad=4, thickness=12, customdata=hovers,
                  hovertemplate="%{label}<br>%{customdata}<extra></extra>"),
        link=dict(source=[index[s] for s in flows.source], target=[index[t_] for t_ in flows.target],
                  value=[1] * len(flows), color=LINK_COLOUR),
    ))
    keys = sum(levels.get(n) == "key_task" for n in node_ids)
    caption = t("cap_sankey", lang, keys=keys, lower=len(node_ids) - keys)
    return frame(fig, t("sankey_title", lang), subtitle, source, height=max(600, 9 * len(node_ids)), caption=caption)


def drift_chart(corpus: Corpus, drift: pd.DataFrame, lang: str, source: str, subtitle: str) -> go.Figure:
    names_t = theme_names(corpus, lang)
    colours = theme_colours(corpus.themes)
    fig = go.Figure()
    for theme_id in drift.theme_id.unique():
        subset = drift[drift.theme_id == theme_id]
        if subset.tasks.sum() == 0:
            continue
        fig.add_trace(go.Bar(x=[t(f"breakdown_{lvl}", lang) for lvl in subset.level], y=subset.share, name=names_t[theme_id],
                             marker_color=colours[theme_id]))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(tickangle=0)
    caption = ""
    county = drift[drift.level == drift.level.iloc[-1]] if len(drift) else drift
    if len(county) and county.share.max() > 0:
        top = county.loc[county.share.idxmax()]
        caption = t("cap_drift", lang, level=t(f"breakdown_{top.level}", lang), theme=names_t[top.theme_id], share=top.share)
    return frame(fig, t("drift_title", lang), subtitle, source, height=520, caption=caption)


def theme_profile_chart(corpus: Corpus, shares: pd.DataFrame, lang: str, source: str, title: str) -> go.Figure:
    """Horizontal bars of one programme's primary themes, each in its codebook colour."""
    names_t = theme_names(corpus, lang)
    colours = theme_colours(corpus.themes)
    data = shares[shares.tasks > 0].iloc[::-1]
    fig = go.Figure(go.Bar(
        y=[names_t[x] for x in data.theme_id], x=data.tasks, orientation="h", marker_color=[colours[x] for x in data.theme_id],
        text=[f"{s:.0%}" for s in data.share], textposition="outside", cliponaxis=False,
    ))
    fig.update_xaxes(range=[0, max(1, data.tasks.max()) * 1.15])  # room for the outside labels
    caption = ""
    if len(data):
        top = data.loc[data.tasks.idxmax()]
        caption = t("cap_profile", lang, programme=title.split(" · ")[0], theme=names_t[top.theme_id], n=int(top.tasks), share=top.share)
    return frame(fig, title, t("scope_primary", lang), source, height=160 + 30 * len(data), caption=caption)


def coverage_chart(corpus: Corpus, coverage: pd.DataFrame, lang: str, source: str) -> go.Figure:
    """One bar per provincial key task: how many tasks each lower level gives it (zero bars stand out)."""
    data = coverage.iloc[::-1]
    labels = [f"{row.number} {row.heading}" for row in data.itertuples()]
    fig = go.Figure()
    for level, column in (("division", "n_division"), ("work_point", "n_work_points"), ("county", "n_county")):
        fig.add_trace(go.Bar(y=labels, x=data[column], name=t(f"breakdown_{level}", lang), orientation="h",
                             marker_color=LEVEL_COLOURS[level]))
    fig.update_layout(barmode="stack")
    missing = coverage[coverage.status == "not carried"]
    if missing.empty:
        caption = t("cap_coverage_all", lang, total=len(coverage))
    else:
        caption = t("cap_coverage", lang, total=len(coverage), carried=len(coverage) - len(missing), missing=len(missing),
                    ids="、".join(missing.number.astype(str)))
    return frame(fig, t("coverage_chart_title", lang), t("coverage_chart_sub", lang), source,
                 height=160 + 24 * len(coverage), caption=caption)
