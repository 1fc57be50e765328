"""主题比较 Themes: programmes × themes, distinctive themes per pairing, instrument mix, tasks behind a cell."""

import streamlit as st

from analytics.filters import theme_matches
from analytics.themes import distinctive_themes, instrument_mix, programmes_drawn_first, tasks_behind, theme_shares
from ui.report.charts import HEATMAP_MAX_ROWS, distinctive_chart, instrument_chart, source_line, theme_bars, theme_heatmap
from ui.report.i18n import group_names, programme_names, t, theme_names, themes_note, themes_shown
from ui.report.style import subtitle_with
from ui.report.tables import named_table
from ui.web.widgets import (compact, control_note, listed_below, listed_said, mode_text, notify, show_chart, show_table, trace_names,
                            with_click_targets)
from ui.web.data import analysis, figure, session_corpus, shown_table
from ui.web.frame import fragment_end, frame_first, page_fragment, stop
from ui.web.state import filters, no_match_text, set_view, view, view_widget

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

corpus, f = session_corpus(), filters()
st.title(t("page_themes", f.lang))
# only how many tasks are chosen, in each scope: two counts (every column of the chosen tasks, kept in the shared cache,
# was 23 MB at 100× for this one test; issue 15)
matches = analysis(theme_matches, f.programmes, themes=f.themes)
if not dict(zip(matches.scope, matches.tasks))[f.scope]:  # a theme only ever a secondary tag, in primary scope: say so
    st.info(no_match_text(matches, f.scope, f.lang))
    stop()

# 1/ PROGRAMMES × THEMES
source = source_line(corpus, f.programmes, f.lang)
shares = analysis(theme_shares, f.programmes, scope=f.scope, themes=f.themes)
subtitle = subtitle_with(t('measure_' + f.measure, f.lang), t('scope_' + f.scope, f.lang), themes_shown(corpus, f.themes, f.lang))
names_p, names_t = programme_names(corpus, f.lang), theme_names(corpus, f.lang)
by_label = {compact(name): key for key, name in {**group_names(corpus, f.lang), **names_t}.items()}


def tasks_behind_click(fig):
    """A click on a heatmap cell or a bar: its programme and theme become the tasks-behind selection."""
    def on_select(points) -> None:
        for point in points[:1]:
            labels = [point.get("x"), point.get("y")]
            names = trace_names(fig)  # read once per figure (shared by every session: ui.web.widgets.FIGURE_LOCK)
            if point.get("curve_number") is not None and point["curve_number"] < len(names):
                labels.append(names[point["curve_number"]])  # a bar's theme is its trace
            ids = [by_label.get(compact(label)) for label in labels if label is not None]
            programme = next((i for i in ids if i in f.programmes), None)
            theme = next((i for i in ids if i in names_t), None)
            if programme and theme:
                set_view(cell_prog=programme, cell_theme=theme)
                listed_said("themes", (programme, theme))
                # the list is far below the chart: say where it is (a walk: a click changed nothing in sight), or that it
                # is empty (a walk: a 0 % cell promised tasks listed, and the list had none); the same cached analysis
                # the list then shows, so the notice and the list cannot disagree
                listed = analysis(tasks_behind, programme, theme, f.scope)
                key = "behind_listed" if len(listed) else "behind_none"
                notify(t(key, f.lang, what=f"{names_p.get(programme, programme)} · {names_t[theme]}"))
    return on_select


# a link naming a cell: its tasks are listed at the end of the page, said as it opens (when the page offers that cell)
linked = (view().get("cell_prog"), view().get("cell_theme"))
if linked[0] in f.programmes and linked[1] in names_t and (f.themes is None or linked[1] in f.themes):
    listed_below("themes", linked, t("behind_listed", f.lang, what=f"{names_p.get(linked[0], linked[0])} · {names_t[linked[1]]}"))
control_note(t("click_hint", f.lang))  # not when presenting: nobody in the room clicks
for builder in (theme_heatmap, theme_bars):
    fig = figure(builder, corpus, shares, f.measure, f.lang, source, subtitle)
    fig = with_click_targets(fig) if builder is theme_heatmap else fig
    show_chart(fig, f"themes-{builder.__name__}", on_select=tasks_behind_click(fig))


# The two charts' numbers as a table, every programme (none pooled), to copy or download: a briefing writer retyped
# them from the picture (a walk). Built when asked, in a fragment: the switch reruns this part alone.
@page_fragment
def chart_numbers() -> None:
    if st.toggle(t("theme_numbers_show", f.lang), key="theme-numbers-open"):
        show_table(shown_table(named_table, corpus, shares, f.lang), "themes-numbers", t("theme_numbers", f.lang), follows=())
    fragment_end()


chart_numbers()

# 2/ DISTINCTIVE THEMES AND INSTRUMENTS
# Both follow the theme filter (a researcher on red culture sees red culture's gaps and instruments); the
# instrument chart says so, since its bars no longer add up to a programme's tasks.
distinct = analysis(distinctive_themes, f.programmes, scope=f.scope, group="pairing", themes=f.themes)
if distinct.gap_pp.notna().any():
    show_chart(figure(distinctive_chart, corpus, distinct, f.lang, source, themes_shown(corpus, f.themes, f.lang)), "themes-distinct")
else:  # one pairing chosen: no rest to measure a gap against (an empty chart was a crash)
    st.subheader(t("distinct_title", f.lang))
    st.info(mode_text("distinct_needs_two", f.lang))
# with a theme filter, the tasks the heatmap counts on those themes (same scope), and the subtitle says which
mix_subtitle = t("measure_share", f.lang) + (
    " · " + themes_note(corpus, f.themes, f.lang, f.scope) if f.themes else "")
fig = figure(instrument_chart, corpus, analysis(instrument_mix, f.programmes, themes=f.themes, scope=f.scope), f.lang, source,
             mix_subtitle)
show_chart(fig, "themes-instruments")

# 3/ THE TASKS BEHIND A NUMBER (a fragment: picking a programme or theme here reruns this part alone)
st.subheader(t("tasks_behind", f.lang))


@page_fragment
def tasks_behind_picker(programme_ids: list[str], theme_ids: list[str]) -> None:
    left, right = st.columns(2)
    programme = view_widget("cell_prog", left.selectbox, t("pick_programme", f.lang), programme_ids,
                            format_func=lambda p: names_p.get(p, p))
    theme = view_widget("cell_theme", right.selectbox, t("pick_theme", f.lang), theme_ids,
                        format_func=lambda x: names_t.get(x, x))
    behind = shown_table(named_table, corpus, analysis(tasks_behind, programme, theme, f.scope), f.lang,
                         columns=("task_id", "number", "heading", "text", "primary_theme", "citation"))
    st.caption(t("results", f.lang, n=len(behind)))
    show_table(behind, "themes-behind", t("tasks_behind", f.lang), cites=(programme,), read_whole=True)  # its programme's document
    fragment_end()


# The programmes on offer: the heatmap's rows first, so the first (the picker's default) is one the chart draws (a walk at
# 100×: it was the first chosen, pooled into "others"), then the rest chosen. The themes: those the sidebar lets
# through, in codebook order (never a theme the filter excludes).
tasks_behind_picker(analysis(programmes_drawn_first, f.programmes, n=HEATMAP_MAX_ROWS, scope=f.scope, themes=f.themes),
                    [x for x in shares.theme_id.cat.categories if f.themes is None or x in f.themes])
