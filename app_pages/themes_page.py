"""主题比较 Themes: programmes × themes, distinctive themes per pairing, instrument mix, tasks behind a cell."""

import streamlit as st

from analytics.filters import select_tasks
from analytics.themes import distinctive_themes, instrument_mix, tasks_behind, theme_shares
from ui.charts import distinctive_chart, instrument_chart, source_line, theme_bars, theme_heatmap
from ui.i18n import programme_names, t, theme_names
from ui.tables import Names, display_table
from ui.widgets import show_chart, show_table
from ui.state import analysis, figure, filters, session_corpus

corpus, f = session_corpus(), filters()
st.title(t("page_themes", f.lang))
tasks = analysis(select_tasks, f.programmes, f.themes)
if tasks.empty:
    st.info(t("no_match", f.lang))
    st.stop()

# 1/ PROGRAMMES × THEMES
source = source_line(corpus, f.programmes, f.lang)
shares = analysis(theme_shares, f.programmes, scope=f.scope, themes=f.themes)
subtitle = f"{t('measure_' + f.measure, f.lang)} · {t('scope_' + f.scope, f.lang)}"
for builder in (theme_heatmap, theme_bars):
    fig = figure(builder, corpus, shares, f.measure, f.lang, source, subtitle)
    show_chart(fig, f"themes-{builder.__name__}")

# 2/ DISTINCTIVE THEMES AND INSTRUMENTS
distinct = analysis(distinctive_themes, f.programmes, scope=f.scope, group="pairing")
fig = figure(distinctive_chart, corpus, distinct, f.lang, source)
show_chart(fig, "themes-distinct")
fig = figure(instrument_chart, corpus, analysis(instrument_mix, f.programmes), f.lang, source, t("measure_share", f.lang))
show_chart(fig, "themes-instruments")

# 3/ THE TASKS BEHIND A NUMBER
st.subheader(t("tasks_behind", f.lang))
left, right = st.columns(2)
names_p, names_t = programme_names(corpus, f.lang), theme_names(corpus, f.lang)
programme = left.selectbox(t("pick_programme", f.lang), f.programmes, format_func=lambda p: names_p.get(p, p))
theme = right.selectbox(t("pick_theme", f.lang), list(shares.theme_id.cat.categories), format_func=names_t.get)
behind = analysis(tasks_behind, programme, theme, f.scope)
st.caption(t("results", f.lang, n=len(behind)))
show_table(display_table(behind[["task_id", "number", "heading", "text", "primary_theme"]], Names.of(corpus, f.lang)), "themes-behind", t("tasks_behind", f.lang))
