"""部门工作量 Departments: ranking by function or body, roles stacked, sides apart, weighted index."""

import streamlit as st

from analytics.filters import select_tasks, theme_matches
from analytics.workload import (
    NOT_STATED,
    concentration,
    department_workload,
    function_across_programmes,
    functions_by_theme,
    normalised_workload,
    workload_by_side,
    workload_programmes,
    workload_tasks,
)
from ui.report.charts import function_theme_heatmap, ranking_chart, side_chart, source_line, weighted_chart
from ui.report.i18n import behind_note, function_names, programme_names, t, themes_note, unit_names
from ui.report.safe import md
from ui.report.style import subtitle_with
from ui.report.tables import Names, named_table, wide_table
from ui.web.widgets import compact, control_note, listed_below, listed_said, mode_text, notify, show_chart, show_table
from ui.web.data import analysis, figure, session_corpus, shown_table
from ui.web.frame import fragment_end, frame_first, page_fragment, stop
from ui.web.state import filters, no_match_text, offered, set_view, view, view_widget

BAR_PICKER_MAX = 200  # functions or bodies the tasks-behind picker offers

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

corpus, f = session_corpus(), filters()
st.title(t("page_departments", f.lang))
by = view_widget("by", st.radio, t("by", f.lang), ["function", "unit"], horizontal=True, format_func=lambda v: t(f"by_{v}", f.lang))

# Under a theme filter every chart and table counts the tasks carrying one of the themes in the sidebar's scope (primary
# theme or any tag), and says which: a walk found only the ranking following the filter, and an attack the heatmap alone
# following the scope. Without a filter the scope changes nothing counted here but the heatmap, and is left out of the
# analyses' keys.
tagged = {"themes": f.themes, "scope": f.scope} if f.themes else {}

# 1/ RANKING, ROLES STACKED
workload = analysis(department_workload, f.programmes, by=by, **tagged)
if workload.empty:  # no tasks, or tasks that name no bodies (上海—三明, the provincial outline): say which
    tasks = len(analysis(select_tasks, f.programmes, columns=["task_id"], **tagged))  # only how many: their ids alone
    st.info(mode_text("no_units_named", f.lang, n=tasks) if tasks
            else no_match_text(analysis(theme_matches, f.programmes, themes=f.themes), f.scope, f.lang))
    stop()
source = source_line(corpus, f.programmes, f.lang)
names_f = function_names(corpus, f.lang)
note = themes_note(corpus, f.themes, f.lang, f.scope) if f.themes else ""

normalised = analysis(normalised_workload, f.programmes, **tagged)  # also drawn by the weighted index (section 3)
fig = figure(ranking_chart, corpus, workload, by, f.lang, source, subtitle_with(t("workload_sub", f.lang), note), normalised)
key = "unit_id" if by == "unit" else "function"
# the bars, in the ranking's order, offered by the tasks-behind picker (section 5): the first BAR_PICKER_MAX, and the view's
# own wherever it stands (18,300 bodies at 100×)
ranked = offered("bar", list(workload[key]), BAR_PICKER_MAX)
bar_names = unit_names(corpus) if by == "unit" else names_f
by_label = {compact(bar_names.get(k, k)): k for k in ranked[:BAR_PICKER_MAX]}  # as the chart names its bars


def bar_click(points) -> None:
    """A click on a bar of the ranking: its function (or body) becomes the tasks-behind choice at the end of the page."""
    for point in points[:1]:
        chosen = by_label.get(compact(point.get("y", "")))
        if chosen:
            set_view(bar=chosen)
            listed_said("departments", (by, chosen))
            notify(t("behind_listed", f.lang, what=bar_names.get(chosen, chosen)))  # far below the chart: said where


# a link naming a bar: its tasks are listed at the end of the page, said as it opens (when the ranking has that bar)
if view().get("bar") in ranked:
    listed_below("departments", (by, view()["bar"]), t("behind_listed", f.lang, what=bar_names.get(view()["bar"], view()["bar"])))
control_note(t("workload_click_hint", f.lang))  # not when presenting: nobody in the room clicks
show_chart(fig, "departments-ranking", on_select=bar_click)

# 2/ THE TWO SIDES APART
fig = figure(side_chart, analysis(workload_by_side, f.programmes, **tagged), names_f, f.lang, source,
             subtitle_with(t("side_sub", f.lang), note))
show_chart(fig, "departments-sides")

# 3/ WEIGHTED INDEX, FUNCTIONS × THEMES, CONCENTRATION
fig = figure(weighted_chart, normalised, names_f,
             programme_names(corpus, f.lang), f.lang, source, note=note)
show_chart(fig, "departments-weighted")
# never empty: the ranking above counts the same tasks' functions, in the same scope
by_theme = analysis(functions_by_theme, f.programmes, f.scope, themes=f.themes)
fig = figure(function_theme_heatmap, corpus, by_theme, names_f, f.lang, source,
             subtitle_with(t("scope_" + f.scope, f.lang), themes_note(corpus, f.themes, f.lang) if f.themes else ""))
show_chart(fig, "departments-func-theme")
st.subheader(t("concentration", f.lang))
if note:
    st.caption(md(note))
show_table(shown_table(named_table, corpus, analysis(concentration, f.programmes, **tagged), f.lang),
           "departments-concentration", t("concentration", f.lang), follows=())  # the sidebar's filters alone

# 4/ THE SAME FUNCTION ACROSS PROGRAMMES ("not stated" where a plan names no units). At scale the largest
# programmes and one pooled column, said so; the download holds every programme. Built once per view (issue 15).
st.subheader(t("across_title", f.lang))
if note:
    st.caption(md(note))
across = analysis(function_across_programmes, f.programmes, **tagged)
shown, pooled_note = shown_table(named_table, corpus, across, f.lang, make=wide_table, not_stated=NOT_STATED)
if pooled_note:
    st.caption(pooled_note)
show_table(shown, "departments-across", t("across_title", f.lang), follows=(),
           download=lambda: wide_table(across, Names.of(corpus, f.lang), limit=None, not_stated=NOT_STATED)[0])


# 5/ THE TASKS BEHIND A BAR (a fragment: picking here reruns this part alone), one row per task and role, as the ranking
# stacks them: a researcher citing "发展改革 54" reads the 54 tasks (a walk: nothing on the page led to them)
st.subheader(t("workload_behind", f.lang))


def other_kind(bar: str):
    """A link's bar of the kind the ranking does not show (a function while it ranks bodies, or the reverse): said so, and
    how to see it (an attack: it was said to have no tasks under the filters, where it had 56)."""
    kind = "function" if by == "unit" and bar in names_f else "unit" if by == "function" and bar not in names_f else None
    return kind and ("link_bar_other_kind", {"kind": t(f"bar_kind_{kind}", f.lang), "by": t(f"by_{by}", f.lang),
                                             "other": t(f"by_{kind}", f.lang)})


@page_fragment
def tasks_behind_bar() -> None:
    # built when asked (a bar clicked, a link naming one, the switch turned on): on every filter click it cost the page
    # about a fifth of its server time (bench/RESULTS.md, thirty-fifth round)
    if not view().get("bar") and not st.toggle(t("workload_behind_show", f.lang), key="bar-open"):
        fragment_end()
        return
    chosen = view_widget("bar", st.selectbox, t("workload_behind_pick" + ("_unit" if by == "unit" else ""), f.lang), ranked,
                         format_func=lambda k: bar_names.get(k, k), because=other_kind)
    behind = analysis(workload_tasks, chosen, f.programmes, by=by, **tagged)
    st.caption(behind_note(f.lang, by, behind.task_id.nunique(), len(behind)))
    show_table(shown_table(named_table, corpus, behind, f.lang), "departments-behind", t("workload_behind", f.lang),
               cites=tuple(analysis(workload_programmes, chosen, f.programmes, by=by, **tagged)), read_whole=True)
    fragment_end()


tasks_behind_bar()
