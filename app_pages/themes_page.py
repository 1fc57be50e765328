"""主题比较 Themes: programmes × themes, distinctive themes per pairing, instrument mix, tasks behind a cell."""

import streamlit as st

from analytics.filters import select_tasks
from analytics.themes import distinctive_themes, instrument_mix, tasks_behind, theme_shares
from ui.charts import distinctive_chart, instrument_chart, source_line, theme_bars, theme_heatmap
from ui.i18n import group_names, programme_names, t, theme_names
from ui.tables import Names, display_table
from ui.widgets import show_chart, show_table
from ui.state import analysis, figure, filters, session_corpus, view, view_widget, stop

corpus, f = session_corpus(), filters()
st.title(t("page_themes", f.lang))
tasks = analysis(select_tasks, f.programmes, f.themes)
if tasks.empty:
    st.info(t("no_match", f.lang))
    stop()

# 1/ PROGRAMMES × THEMES
source = source_line(corpus, f.programmes, f.lang)
shares = analysis(theme_shares, f.programmes, scope=f.scope, themes=f.themes)
subtitle = f"{t('measure_' + f.measure, f.lang)} · {t('scope_' + f.scope, f.lang)}"
names_p, names_t = programme_names(corpus, f.lang), theme_names(corpus, f.lang)
by_label = {name: key for key, name in {**group_names(corpus, f.lang), **names_t}.items()}


def show_tasks_behind(points) -> None:
    """A click on a heatmap cell or a bar: its programme and theme become the tasks-behind selection."""
    for point in points[:1]:
        labels = [str(point.get(axis, "")).replace("<br>", "") for axis in ("x", "y")] + [str(point.get("legendgroup", ""))]
        ids = [by_label.get(label) for label in labels]
        programme = next((i for i in ids if i in f.programmes), None)
        theme = next((i for i in ids if i in names_t), None)
        if programme and theme:
            view().update(cell_prog=programme, cell_theme=theme)
            for key in ("cell_prog", "cell_theme"):
                st.session_state.pop(key, None)


st.caption(t("click_hint", f.lang))
for builder in (theme_heatmap, theme_bars):
    fig = figure(builder, corpus, shares, f.measure, f.lang, source, subtitle)
    show_chart(fig, f"themes-{builder.__name__}", on_select=show_tasks_behind)

# 2/ DISTINCTIVE THEMES AND INSTRUMENTS
distinct = analysis(distinctive_themes, f.programmes, scope=f.scope, group="pairing")
fig = figure(distinctive_chart, corpus, distinct, f.lang, source)
show_chart(fig, "themes-distinct")
fig = figure(instrument_chart, corpus, analysis(instrument_mix, f.programmes), f.lang, source, t("measure_share", f.lang))
show_chart(fig, "themes-instruments")

# 3/ THE TASKS BEHIND A NUMBER
st.subheader(t("tasks_behind", f.lang))
left, right = st.columns(2)
programme = view_widget("cell_prog", left.selectbox, t("pick_programme", f.lang), list(f.programmes),
                        format_func=lambda p: names_p.get(p, p))
theme = view_widget("cell_theme", right.selectbox, t("pick_theme", f.lang), list(shares.theme_id.cat.categories),
                    format_func=lambda x: names_t.get(x, x))
behind = analysis(tasks_behind, programme, theme, f.scope)
st.caption(t("results", f.lang, n=len(behind)))
show_table(display_table(behind[["task_id", "number", "heading", "text", "primary_theme"]], Names.of(corpus, f.lang)), "themes-behind", t("tasks_behind", f.lang))
