"""任务检索 Task explorer: full-text search with highlights, filters, results table and a task card."""

import streamlit as st

from analytics.search import search_tasks, task_card
from ui.i18n import function_names, instrument_type_names, t, unit_names
from ui.safe import highlight, md_escape, plain
from ui.tables import Names, display_table
from ui.widgets import show_table
from ui.state import analysis, filters, page_param, session_corpus, set_page_param

corpus, f = session_corpus(), filters()
st.title(t("page_explorer", f.lang))

# 1/ QUERY AND FILTERS
query = st.text_input(t("search", f.lang), value=page_param("q"), placeholder="沂蒙精神  联席会议 …")
set_page_param("q", query)
cols = st.columns(4)
any_label = t("all", f.lang)
names_f, names_u, names_i = function_names(corpus, f.lang), unit_names(corpus), instrument_type_names(corpus, f.lang)
functions = cols[0].multiselect(t("function", f.lang), list(names_f), format_func=names_f.get, placeholder=any_label)
units = cols[1].multiselect(t("units", f.lang), list(names_u), format_func=names_u.get, placeholder=any_label)
roles = cols[2].multiselect(t("role", f.lang), ["lead", "support", "responsible"],
                            format_func=lambda r: t(f"role_{r}", f.lang), placeholder=any_label)
instruments = cols[3].multiselect(t("instrument", f.lang), ["supply", "environment", "demand"], format_func=lambda v: names_i.get(v, v),
                                  placeholder=any_label)
levels = st.multiselect(t("level", f.lang), ["province_city", "city_city", "district_county"],
                        format_func=lambda v: t(f"level_{v}", f.lang), placeholder=any_label)
has_commitment = st.toggle(t("has_commitment", f.lang))

# 2/ RESULTS
results = analysis(search_tasks, query, f.programmes, f.themes, instruments or None, functions or None, units or None,
                       roles or None, levels or None, has_commitment)
st.caption(t("results", f.lang, n=len(results)))
if results.empty:
    st.info(t("no_match", f.lang))
    st.stop()
names = Names.of(corpus, f.lang)
table = display_table(results[["task_id", "programme_id", "number", "heading", "text", "primary_theme", "instrument"]], names)
show_table(table, "explorer-results", t("page_explorer", f.lang))

# 3/ TASK CARD
ids = list(results.task_id)
wanted = page_param("task")
task_id = st.selectbox(t("task_card", f.lang), ids, index=ids.index(wanted) if wanted in ids else 0)
set_page_param("task", task_id)
card = analysis(task_card, task_id)
spans = results.set_index("task_id").spans[task_id]
with st.container(border=True):
    st.markdown(f"**{md_escape(names.task(task_id))}**")
    st.markdown(highlight(card.task.full_text, spans, "yellow"))
    with st.container(key="orig-card-sources"):  # original text, labelled as such (see tests/test_labels_browser.py)
        st.caption(t("label_value", f.lang, label=t("citation", f.lang), value=md_escape(card.citation)))
        if isinstance(card.task.units_printed, str):
            st.caption(t("label_value", f.lang, label=t("col_units_printed", f.lang), value=md_escape(card.task.units_printed)))
    show_table(display_table(card.units, names), f"card-units-{task_id}", f"{names.task(task_id)} {t('units', f.lang)}")
    for label, frame in ((t("parents", f.lang), card.parents[["parent_task_id", "relation", "heading", "text"]]),
                         (t("children", f.lang), card.children[["task_id", "relation", "heading", "text"]]),
                         (t("commitments", f.lang), card.commitments)):
        if len(frame):
            st.markdown(f"**{label}**")
            show_table(display_table(frame, names), f"card-{label}-{task_id}", f"{names.task(task_id)} {label}")
    if isinstance(card.task.note, str):
        with st.container(key="orig-card-note"):
            st.caption(t("label_value", f.lang, label=t("col_note", f.lang), value=md_escape(card.task.note)))
