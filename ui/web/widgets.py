"""How every chart and table is shown: with its export tools, or enlarged in presentation mode.

Pages call `show_chart` and `show_table` instead of st.plotly_chart / st.dataframe, so each chart can
be downloaded as PNG/SVG (title editable, source and data version burned in) or added to the
briefing pack, and each table downloaded as CSV or Excel with a sheet saying what it holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure
import streamlit as st

from analytics.outputs.export import source_documents, table_csv, table_xlsx
from ui.report.pack import EDITED_TEXT_MAX_CHARS, PackItem, document_entry, place_in_pack, stamp_text
from ui.report.i18n import join_entries, t
from ui.report.images import FORMATS, MIME, PRESENT_SIZE, SCALES, SHAPES, export_figure, presentation_figure, render
from ui.report.safe import label_as_seen, md_escape, md_table
from ui.report.tables import about_table, view_value_name, view_value_names
from ui.web.data import current_data_version, screen_form, session_corpus
from ui.web.state import filters, leave_presentation, mode_text, pack, presenting, view_as_drawn, view_as_shown  # noqa: F401 - mode_text: pages import it here
from ui.report.style import (ACCENT, HALF_CHART_MIN_PX, chart_drawn_min_px, chart_lang, chart_min_px, chart_texts,
                             chart_width_css, file_stem, phone_note_key, plotly_config, side_by_side_css)
from ui.web.view import FRAME, params_for

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"



def today() -> str:
    return dt.date.today().isoformat()


def show_chart(fig: go.Figure, key: str, on_select=None, phone_note: str = ""):
    """Draw a chart with its export tools. With `on_select(points)`, clicking a mark calls it with the
    selected points (plotly selection events) and reruns the page. `phone_note` (a label, no data) is said
    above the chart on a phone only, where the chart scrolls sideways in its box; without one, that it scrolls (a walk:
    at 390 px every chart but the Sankey was cut on the right, its legend and the link's column out of sight, unsaid)."""
    lang = filters().lang
    stamp = stamp_text(current_data_version(), today(), lang)
    texts, config = _texts_and_config(fig)
    select = {} if on_select is None else {
        "on_select": lambda: on_select(st.session_state[key].selection.points), "selection_mode": "points"}
    if presenting():
        with FIGURE_LOCK:
            shown = presentation_figure(fig, texts["title"], texts["subtitle"], stamp)
        st.plotly_chart(shown, config=config, width="content", key=key, theme=None, **select)
        return
    _phone_rule(fig, key)  # phones: the chart scrolls sideways in its box rather than squeezing (ui/report/style.py)
    with st.container(key=phone_note_key(key)):  # hidden on wider screens by the chart's width rules
        st.caption(phone_note or t("chart_phone_note", lang))
    st.plotly_chart(drawn_figure(fig), config=config, width="stretch", key=key, theme=None, **select)
    _chart_tools(fig, key, lang, stamp)


# The figures shown are shared by every session (ui.web.data.figure), and plotly objects are not safe to read from
# two threads at once: reading a trace's properties fills caches inside it. Under 15 readers opening the themes page
# together at 100×, one copy of the heatmap came out with the heatmap's properties handed to a scatter trace
# ("Invalid property … Scatter: 'colorscale'") and the page showed an exception. So whatever reads a shared figure
# here does it under this lock: each derivation is made once per figure, so the lock is rarely waited for.
FIGURE_LOCK = threading.RLock()


PER_FIGURE_PREFIX = "_paired"  # no name of plotly's own starts so


def _per_figure(fig: go.Figure, name: str, build):
    """`build()`, worked out once per figure and kept on it. The figures shown come from the shared cache and are
    never changed, so what is derived from them need not be derived again on every run (issue 15). Kept as a
    private attribute, which plotly lets through, named with PER_FIGURE_PREFIX: a plotly figure has a `_config` of its
    own, `{}`, which this took for the modebar's settings already made, so the modebar's PNG came at 1× and named by
    plotly (a browser test). The figure's data is untouched. Built under FIGURE_LOCK, so concurrent sessions neither
    read the figure at once nor build it twice."""
    name = PER_FIGURE_PREFIX + name
    made = getattr(fig, name, None)
    if made is None:
        with FIGURE_LOCK:
            made = getattr(fig, name, None)
            if made is None:
                made = build()
                setattr(fig, name, made)
    return made


def _texts_and_config(fig: go.Figure) -> tuple[dict[str, str], dict]:
    """The chart's texts and its modebar settings."""
    texts = _per_figure(fig, "_texts", lambda: chart_texts(fig))
    return texts, _per_figure(fig, "_config", lambda: plotly_config(texts["title"], chart_lang(fig)))


_PHONE_RULES = "_phone_rules"  # this run's phone rules, drawn as one element by phone_rules_end (issue 15)


def chart_column_min_px() -> int:
    """The narrowest column a chart drawn in half the page fits: its narrowest width (HALF_CHART_MIN_PX), and presenting,
    the presented chart's fixed width (an attack: two profiles side by side, presented, were cut at every width)."""
    return PRESENT_SIZE[0] if presenting() else HALF_CHART_MIN_PX


def side_by_side(count: int, key: str, min_px: int) -> list:
    """`count` columns, side by side while each is at least `min_px` wide and one above the other in a narrower window
    (ui.report.style.side_by_side_css): for columns holding charts that cannot be drawn narrower (`chart_column_min_px`)."""
    box = st.container(key=key)
    box.html(side_by_side_css(key, min_px))  # fixed CSS from a key and a width, no data inside
    return box.columns(count)


def _phone_rule(fig: go.Figure, key: str) -> None:
    """Keep the chart's phone rule for the end of the run: one style element per page, not one per chart.
    A fragment's own rerun draws its charts' rules in the fragment (the run's end is not reached then)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run:
        st.html(_phone_css(fig, key))
    else:
        st.session_state.setdefault(_PHONE_RULES, []).append(_phone_css(fig, key))


# A page link that has the keyboard's focus is outlined in the app's colour: Streamlit gives it the grey the current
# page's link has, so a reader tabbing through the sidebar saw two current pages (a walk).
FOCUS_CSS = (f"<style>[data-testid=\"stSidebar\"] a:focus-visible {{ outline: 2px solid {ACCENT} !important; "
             "outline-offset: 1px; }</style>")


def phone_rules_end() -> None:
    """At the end of every full run (ui.web.frame.finish_run): the run's phone rules and the page links' focus rule,
    in one style element."""
    rules = st.session_state.pop(_PHONE_RULES, None) or []
    st.html("\n".join([FOCUS_CSS, *rules]))  # fixed CSS worked out from chart keys and sizes, no data inside


def _phone_css(fig: go.Figure, key: str) -> str:
    """The chart's width rules (its narrowest, on a phone and at any width), worked out once per figure and key."""
    made = _per_figure(fig, "_phone_css", dict)
    if key not in made:
        with FIGURE_LOCK:
            made[key] = chart_width_css(key, chart_drawn_min_px(fig), chart_min_px(key, fig))
    return made[key]


class _Drawn(BaseFigure):
    """What st.plotly_chart is handed: a built figure's dict, worked out once.

    st.plotly_chart turns a figure into its dict on every run (a deep copy with every array re-encoded:
    most of a warm rerun's chart cost, issue 15). The figures shown here come from the shared cache
    and are never changed, so the dict is made once per figure. st.plotly_chart asks a figure for
    nothing but `to_dict()`; the rest of plotly's Figure is not set up.
    """

    def __init__(self, spec: dict):  # noqa: D107 — deliberately not BaseFigure.__init__
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict:
        return self._spec


def drawn_figure(fig: go.Figure) -> _Drawn:
    return _per_figure(fig, "_drawn", lambda: _Drawn(fig.to_dict()))


@st.fragment
def _chart_tools(fig: go.Figure, key: str, lang: str, stamp: str) -> None:
    texts = _texts_and_config(fig)[0]
    # Keys carry the chart's own texts: when filters change the finding, the edit boxes start afresh.
    version = hashlib.sha1("|".join([lang, *texts.values()]).encode()).hexdigest()[:8]
    wkey = f"{key}-{version}"
    # The panel's widgets are built only while it is open (issue 15): a closed panel is one switch, and
    # turning it on or off reruns this fragment alone, not the page. A switch, not a popover: a popover
    # that reruns on closing sent a rerun of this fragment when a page link was clicked with the panel
    # open, and that request, arriving after the page had changed, left the new page blank.
    if not st.toggle(t("export_chart", lang), key=f"{key}-tools"):
        return
    kept = _kept_edits(wkey)
    with st.container(border=True):
        # bounded as typed, and again as read: a browser keeps max_chars, a value sent otherwise may not
        title = st.text_input(t("chart_title", lang), kept.get("title", texts["title"]), key=f"{wkey}-title",
                              max_chars=EDITED_TEXT_MAX_CHARS, on_change=_keep_edit, args=(wkey, "title"))[:EDITED_TEXT_MAX_CHARS]
        subtitle = st.text_input(t("chart_subtitle", lang), kept.get("subtitle", texts["subtitle"]), key=f"{wkey}-subtitle",
                                 max_chars=EDITED_TEXT_MAX_CHARS, on_change=_keep_edit,
                                 args=(wkey, "subtitle"))[:EDITED_TEXT_MAX_CHARS]
        left, right = st.columns(2)
        shape = left.radio(t("image_shape", lang), list(SHAPES), index=list(SHAPES).index(kept.get("shape", next(iter(SHAPES)))),
                           key=f"{wkey}-shape", format_func=lambda s: t(f"shape_{s}", lang), on_change=_keep_edit,
                           args=(wkey, "shape"))
        scale = right.radio(t("image_scale", lang), SCALES, index=SCALES.index(kept.get("scale", SCALES[0])),
                            key=f"{wkey}-scale", format_func=lambda s: f"{s}×", on_change=_keep_edit, args=(wkey, "scale"))
        stem = file_stem(title)
        for column, fmt in zip(st.columns(len(FORMATS)), FORMATS):
            column.download_button(
                fmt.upper(), data=_image_maker(fig, title, subtitle, stamp, shape, fmt, scale),
                file_name=f"{stem}.{fmt}", mime=MIME[fmt], on_click="ignore", key=f"{wkey}-{fmt}", icon=":material/image:",
            )
        st.caption(t("image_note", lang))
        caption = st.text_area(t("caption", lang), kept.get("caption", texts["caption"]), key=f"{wkey}-caption", height=80,
                               max_chars=EDITED_TEXT_MAX_CHARS, on_change=_keep_edit,
                               args=(wkey, "caption"))[:EDITED_TEXT_MAX_CHARS]  # an attack: 10,000 went in
        if st.button(t("add_to_pack", lang), key=f"{wkey}-add", icon=":material/playlist_add:", type="primary"):
            with FIGURE_LOCK:
                item = PackItem.from_figure(fig, title, subtitle, caption, lang=lang)
            if place := place_in_pack(pack(), item):  # the same slide again: said, not added
                st.toast(md_escape(t("already_in_pack", lang, place=place)))
                return
            pack().append(item)
            notify(t("added_to_pack", lang, n=len(pack())))
            st.rerun()  # the whole app, so the sidebar's pack count follows


# A chart's edits in its export panel (title, subtitle, caption, shape, scale), kept per chart and language outside the
# widgets: Streamlit forgets a widget's value once a run does not draw it, and a language switch draws the other
# language's panel (a walk: a typed title was gone on switching to English and back, and the next chart went into the
# pack under its default title). At most KEPT_EDITS panels are kept a session, the oldest dropped first.
_EDITS = "_chart_edits"
KEPT_EDITS = 64


def _kept_edits(wkey: str) -> dict:
    return st.session_state.get(_EDITS, {}).get(wkey, {})


def _keep_edit(wkey: str, field: str) -> None:
    """A panel widget's on_change: its new value kept for `wkey` (the chart in one language and one view)."""
    edits = st.session_state.setdefault(_EDITS, {})
    edits[wkey] = {**edits.pop(wkey, {}), field: st.session_state[f"{wkey}-{field}"]}  # last edited last
    while len(edits) > KEPT_EDITS:
        edits.pop(next(iter(edits)))


# A highlighted passage (ui.report.safe.highlight) in running text: Streamlit pads a coloured background a quarter rem
# left and right, which in Chinese reads as a space on either side of the word (a walk: "打造 沂蒙精神 研究传承高地").
HIGHLIGHT_CSS = ("<style>span.stMarkdownColoredBackground { padding-left: 0 !important; padding-right: 0 !important; }"
                 "</style>")  # !important: Streamlit's own rule is scoped under its markdown container's class


def highlight_style() -> None:
    """Before a page's highlighted passages: they stand in the text without gaps (fixed CSS, no data inside)."""
    st.html(HIGHLIGHT_CSS)


def trace_names(fig: go.Figure) -> tuple:
    """The names of a shared figure's traces (a bar chart's themes), read once."""
    return _per_figure(fig, "_trace_names", lambda: tuple(trace.name for trace in fig.data))


def compact(label) -> str:
    """A chart label without line breaks or spaces, as the reader sees it, to match it against names (labels are
    wrapped and escaped: ui.report.safe.label_as_seen)."""
    return "".join(label_as_seen(str(label).replace("<br>", "")).split())


def with_click_targets(fig: go.Figure) -> go.Figure:
    """A copy of a heatmap with an invisible marker at the centre of every cell: plotly cannot select
    heatmap cells, but it can select markers, so a click on a cell becomes a selection event with its x
    and y.

    Streamlit selects on click from plotly's hover data (clickmode "event+select"): the point under the
    mouse must be a marker, not the heatmap. So the heatmap takes no hover, the markers are small (the
    nearest centre is then the cell under the mouse) and hover has no distance cut-off. The axes keep
    the heatmap's extent: markers would otherwise widen the autorange, the cells would no longer fill
    the plot, and a click aimed by the drawn grid lands in the neighbouring column.

    The markers are never seen, so plotly is told to draw one of them (marker.maxdisplayed): hover and
    selection work from the trace's data, not from what is drawn, while each drawn marker is an SVG
    element the browser builds on every redraw (at 100× a heatmap of 465 cells: 464 elements fewer per
    click, issue 15).
    """
    return _per_figure(fig, "_with_click_targets", lambda: _click_targets(fig))


def _click_targets(fig: go.Figure) -> go.Figure:
    heat = fig.data[0]
    xs = [x for _ in heat.y for x in heat.x]
    ys = [y for y in heat.y for _ in heat.x]
    text = [str(v) for row in heat.text for v in row] if heat.text is not None else None
    hovers = [v for row in heat.hovertext for v in row] if heat.hovertext is not None else None  # the cells' hovers
    out = go.Figure(fig)
    out.update_traces(hoverinfo="skip", hovertemplate=None, selector={"type": "heatmap"})
    out.add_trace(go.Scatter(
        x=xs, y=ys, text=text, hovertext=hovers, mode="markers", showlegend=False, hovertemplate=heat.hovertemplate,
        marker={"size": 4, "opacity": 0, "maxdisplayed": 1}, selected={"marker": {"opacity": 0}}, unselected={"marker": {"opacity": 0}},
    ))
    out.update_xaxes(range=[-0.5, len(heat.x) - 0.5], autorange=False)
    out.update_yaxes(range=[len(heat.y) - 0.5, -0.5], autorange=False)  # first row on top, as the heatmap draws it
    out.update_layout(hoverdistance=-1)  # no cut-off: any point of the plot has a nearest centre, its own cell's
    return out


def notify(text: str) -> None:
    """A notice for the next run to show once (pending_notice): from a widget's callback, which runs before the page."""
    st.session_state["notice"] = text


_LISTED_SAID = "_listed_said"  # page → the tasks-behind choice last said to be listed at its end


def listed_below(page: str, chosen: tuple, text: str) -> None:
    """Say once, as `page` opens on a link naming the tasks behind a number (a heatmap cell, a bar), that they are
    listed at the end of the page (`text`): a walk, a leader from an e-mail saw four charts and nothing of the cell the
    link named, its list 3,000 px below. Said again only for another choice; a click says it itself (`listed_said`)."""
    said = st.session_state.setdefault(_LISTED_SAID, {})
    if said.get(page) != chosen:
        said[page] = chosen
        st.toast(md_escape(text))


def listed_said(page: str, chosen: tuple) -> None:
    """A click chose the tasks behind a number and said where they are listed (notify): not said again on arrival."""
    st.session_state.setdefault(_LISTED_SAID, {})[page] = chosen


def pending_notice() -> None:
    """A notice left by the previous run (e.g. 'added to the pack'), shown once."""
    if notice := st.session_state.pop("notice", None):
        st.toast(md_escape(notice))  # a toast reads Markdown; a notice may name an uploaded programme


def _image_maker(fig, title, subtitle, stamp, shape, fmt, scale):
    """Deferred: the image is rendered only when the button is pressed, not on every rerun."""
    def make() -> bytes:
        with FIGURE_LOCK:
            exported = export_figure(fig, title, subtitle, stamp, shape)
        return render(exported, fmt, scale)
    return make


WHOLE_ROWS = 60  # a table read whole (`read_whole`) is drawn static, every text in full, up to this many rows


def show_table(table: pd.DataFrame, key: str, name: str, download=None, cites=None, follows=None, read_whole: bool = False,
               **dataframe_args) -> None:
    """A table with CSV and Excel downloads; `download()`, when given, builds the downloaded table instead
    (e.g. every column of a table shown with some pooled), only when a button is pressed. An empty table is said in
    words: Streamlit draws it as a grey "empty", in English whatever the interface's language. `cites`: the programmes
    whose documents the Excel 'about' sheet names, when the table holds rows of others than those chosen. `follows`:
    the page's own view parameters the table depends on (default: all of them), the only ones its 'about' sheet names
    beside the sidebar's filters (a walk: the concentration table's sheet named the bar chosen below it). `read_whole`:
    a table of texts a reader reads whole (the tasks behind a number); while presenting, where nobody can widen a column
    or scroll a cell, it is drawn as a static table, its texts wrapped in full (a walk: the task texts were cut at the
    table's edge on the screen in the room), when it has at most WHOLE_ROWS rows."""
    lang = filters().lang
    if table.empty:
        st.caption(t("table_empty", lang))
        return
    if read_whole and presenting() and len(table) <= WHOLE_ROWS:
        st.table(md_table(table), hide_index=True)
        return
    st.dataframe(screen_form(table), hide_index=True, width="stretch", key=key, **dataframe_args)
    if presenting():
        return
    stem = file_stem(name)
    # One row sized to its content: fixed column fractions clipped the buttons to "C." / "E." in narrow columns.
    label = csv_column = xlsx_column = st.container(horizontal=True, vertical_alignment="center")
    label.caption(t("table_download", lang))
    # Deferred builders run after the script, on another thread, where st.session_state is out of reach:
    # what they need is read now and passed in; the 'about' rows are worked out only on download (issue 15).
    about = _about_maker(name, lang, cites, follows)
    full = download or (lambda: table)
    csv_column.download_button(t("download_csv", lang), data=lambda: table_csv(full()),
                               file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", key=f"{key}-csv")
    xlsx_column.download_button(t("download_xlsx", lang), data=lambda: table_xlsx(full(), about(), sheet=name),
                                file_name=f"{stem}.xlsx", mime=XLSX_MIME, on_click="ignore", key=f"{key}-xlsx")


PARAM_LABELS = {"prog": "about_programmes", "theme": "about_themes", "scope": "about_scope", "measure": "about_measure",
                "cell_prog": "pick_programme", "cell_theme": "pick_theme", "by": "by", "q": "search",
                "function": "function", "unit": "units_filter", "role": "role", "instrument": "instrument", "level": "level",
                "commitment": "has_commitment", "task": "task_card", "pair": "pair_pick", "p1": "pick_programme",
                "p2": "compare_with", "root": "breakdown_root", "bar": "about_bar"}


def view_rows(corpus, lang: str, page: str | None = None, current: dict | None = None,
              follows=None) -> list[tuple[str, str]]:
    """The view in words, (label, value) per parameter: the frame's filters always, and the page's own
    parameters when they are set (with `follows`, only those of them). Used by presentation mode's filter line and the
    Excel 'about' sheet. `current`: the view to describe (default: this session's as shown, read from session state)."""
    current = view_as_shown() if current is None else current
    names = view_value_names(corpus, lang)
    rows = []
    for param in params_for(page or ""):
        if param.name not in PARAM_LABELS or not param.acts_on(page):  # a filter that changes nothing on the page
            continue
        if follows is not None and FRAME not in param.pages and param.name not in follows:  # a control it does not follow
            continue
        value = current.get(param.name, param.default)
        unset = list(value) == list(param.default) if param.kind == "list" else value == param.default
        if param.name not in ("prog", "theme", "scope", "measure") and unset:  # a widget's [] is the default ()
            continue
        if param.kind == "list":
            if param.name == "prog" and set(value) == set(param.default_value(corpus)):
                text = t("view_all_programmes", lang)
            elif param.name == "prog" and not value:
                text = t("none_selected", lang)
            elif param.name == "theme" and not value:
                text = t("view_all_themes", lang)
            else:
                text = join_entries((view_value_name(names, param.name, v) for v in value), lang)
        elif param.kind == "bool":
            text = t("yes", lang)
        else:
            text = view_value_name(names, param.name, value)
        rows.append((t(PARAM_LABELS[param.name], lang), text))
    return rows


def about_sheet(name: str, lang: str) -> pd.DataFrame:
    """The Excel 'about' sheet: what the table is, the filters applied, the documents behind it, the version."""
    return _about_maker(name, lang)()


_ABOUT_VIEWS = "_about_views"  # this run's 'about' sheets waiting for the view as drawn (about_views_end)


def _about_maker(name: str, lang: str, cites=None, follows=None):
    """`about_sheet` deferred: the session's state is read now (cheap), the sheet built when called. The view it
    describes is completed at the run's end (`about_views_end`), once the widgets drawn below the table are: a walk
    found the explorer's results naming the task card of the run before, or none on a link opened cold."""
    corpus, page = session_corpus(), st.session_state.get("_page")
    programmes = filters().programmes if cites is None else tuple(dict.fromkeys(cites))
    shown, version = {"view": view_as_shown()}, current_data_version()
    st.session_state.setdefault(_ABOUT_VIEWS, []).append(shown)

    def sheet() -> pd.DataFrame:
        out = [(t("about_table", lang), name), *view_rows(corpus, lang, page, shown["view"], follows)]
        out += [(t("about_source", lang), document_entry(doc, lang)) for doc in source_documents(corpus, programmes).itertuples()]
        out += [(t("about_version", lang), version), (t("about_date", lang), today()),
                (t("about_tool", lang), t("app_title", lang))]
        return about_table(out, lang)
    return sheet


# The controls presentation mode hides (the way out, in its bar, stays).
_CONTROLS = ", ".join([*(f'[data-testid="{kind}"]' for kind in (
    "stPopover", "stDownloadButton", "stTextInput", "stSelectbox", "stMultiSelect", "stRadio", "stCheckbox", "stTextArea",
    "stDateInput", "stExpander", "stFileUploader")), '[data-testid="stButton"]:not(.st-key-present_bar [data-testid="stButton"])'])
# Each control goes with the box Streamlit keeps it in, and so does a row of nothing but controls (the explorer's four
# filters side by side): a box left empty kept its place in its column, and the space between boxes with it (64 px of
# blank under the explorer's title, where its search box and filters were). Three rules: a browser drops a whole rule
# for one selector it cannot read, and the first must hold whatever the others do. A static table's texts (the tasks
# behind a number, read whole: show_table) break anywhere when they must: an attack's 2,000 letters without a space ran
# past their cell's edge (Streamlit sets "overflow-wrap: normal" on the cell's text itself: hence the "*" and !important).
PRESENTATION_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"], {_CONTROLS}
{{ display: none !important; }}
[data-testid="stElementContainer"]:has(> :is({_CONTROLS})), [data-testid="stLayoutWrapper"]:has(> :is({_CONTROLS}))
{{ display: none !important; }}
[data-testid="stLayoutWrapper"]:has(:is({_CONTROLS})):not(:has([data-testid="stElementContainer"] > :not(:is({_CONTROLS}))))
{{ display: none !important; }}
.st-key-present_bar {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0 0.5rem 0; }}
@media print {{ .st-key-present_bar {{ display: none !important; }} }}
.block-container, [data-testid="stMainBlockContainer"] {{ padding-top: 1.5rem !important; max-width: 1360px !important; }}
[data-testid="stMain"] {{ font-size: 1.3rem; }}
h1 {{ font-size: 2.8rem !important; }}
[data-testid="stTable"] :is(td, th), [data-testid="stTable"] :is(td, th) * {{ overflow-wrap: anywhere !important; }}
</style>
"""


def control_note(text: str) -> None:
    """A caption about a control (what a picker offers, how to reach other options): not in presentation mode,
    which hides the controls it speaks of."""
    if not presenting():
        st.caption(text)


_PRESENT_LINE = "_present_line"  # this run's view-line slot in presentation mode, filled by present_line_end


def about_views_end() -> None:
    """At the end of every run, and of a fragment's own run (ui.web.frame): the 'about' sheets of the tables drawn in it
    describe the view as the page drew it, widgets below them included."""
    pending = st.session_state.pop(_ABOUT_VIEWS, None)
    if pending:
        drawn = view_as_drawn()
        for shown in pending:
            shown["view"] = drawn


def present_line_end() -> None:
    """At the end of every full run (ui.web.frame.finish_run): presentation mode's line saying which view produced
    the page, in the slot its bar keeps for it."""
    made = st.session_state.pop(_PRESENT_LINE, None)
    if made is None:
        return
    slot, corpus, lang, page = made
    sep = t("label_sep", lang)
    line = " · ".join(f"{md_escape(label)}{sep}{md_escape(value)}" for label, value in view_rows(corpus, lang, page, view_as_drawn()))
    slot.caption(f"**{md_escape(t('view_line', lang))}** — {line}", width="stretch")


def presentation_frame(corpus, lang: str, page: str) -> None:
    """In presentation mode: hide the sidebar and controls, enlarge type; above the page, one bar with
    the view that produced what follows (so a room knows what it is looking at) and a way out."""
    st.session_state["_page"] = page
    if not presenting():
        return
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)  # fixed CSS written here, no data inside
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center"):
        # Written at the run's end (present_line_end), once the page has drawn its own widgets: a parameter left at
        # "the first option" (the breakdown's plan) is then named by the option shown.
        st.session_state[_PRESENT_LINE] = (st.empty(), corpus, lang, page)
        st.button(t("exit_present", lang), on_click=leave_presentation, icon=":material/close:", key="exit_present",
                  type="tertiary", width="content")
