"""任务检索 Task explorer: full-text search with highlights, filters, results table and a task card."""

import streamlit as st

from analytics.filters import carried_in
from analytics.search import search_tasks, task_card
from analytics.summary import kind_counts
from analytics.workload import units_by_tasks
from ui.report.i18n import function_names, instrument_type_names, kinds_text, programme_names, t, unit_names
from ui.report.safe import highlight, md_escape, plain, visible
from ui.report.tables import ROWS_LISTED, Names, display_table, search_results, task_openings
from ui.web.widgets import control_note, highlight_style, mode_text, show_table
from ui.web.data import analysis, session_corpus, shown_table
from ui.web.frame import fragment_end, frame_first, page_fragment, stop
from ui.web.state import filters, offered, view_widget
from ui.web.view import INSTRUMENTS, LEVELS, PARAM, ROLES, own_params

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)
TASK_PICKER_MAX = 200  # tasks the card's picker offers
FILTERS = own_params("explorer", but=("task",))  # what the results follow: the search and filters, not the card
UNIT_PICKER_MAX = 300  # bodies the unit filter offers (at 100×: 18,300, a 1 MB list sent and kept by every visit)

corpus, f = session_corpus(), filters()
st.title(t("page_explorer", f.lang))


def task_not_chosen(task_id: str):
    """Why a link's task is not among the results, when the search and filters are not the cause: its programme is not
    among those chosen in the sidebar (named, so the reader knows what to add there), or it carries a chosen theme only
    as a secondary tag while the sidebar counts primary themes (an attack: the reader was told to widen the search)."""
    programme = analysis(task_card, task_id).task.programme_id
    if programme not in f.programmes:
        return "link_task_not_chosen_programme", {"programme": programme_names(corpus, f.lang)[programme]}
    if f.themes and f.scope == "primary" and analysis(carried_in, task_id, f.themes) == "any":
        return "link_task_not_chosen_scope", {}
    return None


@page_fragment
def explorer() -> None:
    """The page's own controls and what they show: a change here reruns this fragment, not the frame (issue 15)."""
    # 1/ QUERY AND FILTERS (each one a view parameter: in the URL, kept across pages and languages)
    query = view_widget("q", st.text_input, t("search", f.lang), placeholder="沂蒙精神  联席会议 …", max_chars=PARAM["q"].max_chars)
    cols = st.columns(4)
    any_label = t("all", f.lang)
    names_f, names_u, names_i = function_names(corpus, f.lang), unit_names(corpus), instrument_type_names(corpus, f.lang)
    functions = view_widget("function", cols[0].multiselect, t("function", f.lang), list(names_f), format_func=names_f.get,
                            placeholder=any_label)
    # the bodies the chosen programmes name, busiest first (上海—三明 alone names none: it offered all 183); beyond
    # UNIT_PICKER_MAX the ones named in most of their tasks. A unit the address names is offered too.
    named = list(analysis(units_by_tasks, f.programmes).unit_id)
    unit_ids = offered("unit", named, UNIT_PICKER_MAX, known=names_u)
    units = view_widget("unit", cols[1].multiselect, t("units_filter", f.lang), unit_ids, format_func=names_u.get, placeholder=any_label)
    roles = view_widget("role", cols[2].multiselect, t("role", f.lang), list(ROLES), format_func=lambda r: t(f"role_{r}", f.lang),
                        placeholder=any_label)
    instruments = view_widget("instrument", cols[3].multiselect, t("instrument", f.lang), list(INSTRUMENTS),
                              format_func=lambda v: names_i.get(v, v), placeholder=any_label)
    if len(named) > UNIT_PICKER_MAX:  # under the row of filters, not inside it: the other filters stay level
        control_note(t("units_bounded", f.lang, shown=UNIT_PICKER_MAX, n=len(named)))
    elif not named:  # an empty filter says why
        control_note(t("units_none_named", f.lang))
    levels = view_widget("level", st.multiselect, t("level", f.lang), list(LEVELS), format_func=lambda v: t(f"level_{v}", f.lang),
                         placeholder=any_label)
    has_commitment = view_widget("commitment", st.toggle, t("has_commitment", f.lang))

    # 2/ RESULTS
    # the theme filter in the sidebar's theme tags, as the charts count (a walk: the explorer matched any tag while the
    # sidebar said primary only, and listed more red-culture tasks than the heatmap it was opened to check)
    searched = (query, f.programmes, f.themes, instruments or None, functions or None, units or None, roles or None,
                levels or None, has_commitment)
    results = analysis(search_tasks, *searched, scope=f.scope)
    st.caption(t("results_by_kind", f.lang, n=len(results), kinds=kinds_text(kind_counts(results), f.lang)) if len(results)
               else t("results", f.lang, n=0))  # by kind; none: no kinds after a colon (a walk: "检索结果 0 条：")
    if results.empty:
        page_filters = any((functions, units, roles, instruments, levels, has_commitment))
        # the theme tags first: the same search in any tag (an attack: with a search word, or a page filter, the reader
        # was told to widen them when the primary-only tags were the cause)
        tagged = analysis(search_tasks, *searched, scope="any") if f.themes and f.scope == "primary" else ()
        if len(tagged):
            st.info(mode_text("no_primary_match", f.lang, n=len(tagged)))
        elif query.split():  # say which is the cause: the words, or the filters around them
            by_words = analysis(search_tasks, query)
            st.info(mode_text("no_filter_match", f.lang, n=len(by_words)) if len(by_words)
                    else mode_text("no_query_match", f.lang, q=md_escape(visible(query))))
        elif page_filters and len(chosen := analysis(search_tasks, query, f.programmes, f.themes, scope=f.scope)):
            st.info(mode_text("no_page_filter_match", f.lang, n=len(chosen)))
        else:
            st.info(mode_text("no_match", f.lang))
        stop()
    names = Names.of(corpus, f.lang)
    # Built once per search and language (with the words searched: the number of hits first). Beyond ROWS_LISTED
    # rows the page lists the first ones and says so; the downloads hold every result (issue 15: at 100× the full
    # table was 10 MB sent to every visit).
    hits = bool(query.split())
    if len(results) > ROWS_LISTED:
        st.caption(t("rows_bounded", f.lang, shown=ROWS_LISTED, n=len(results)))
    show_table(shown_table(search_results, corpus, results, f.lang, hits, limit=ROWS_LISTED), "explorer-results",
               t("page_explorer", f.lang), download=lambda: search_results(corpus, results, f.lang, hits), follows=FILTERS,
               cites=tuple(results.programme_id.unique()))  # the documents of the tasks found (a walk: all seven)

    # 3/ TASK CARD (beyond TASK_PICKER_MAX results: the first ones, and the task of the link, said so)
    ids = offered("task", list(results.task_id), TASK_PICKER_MAX)
    if len(ids) < len(results):
        control_note(t("picker_bounded", f.lang, shown=TASK_PICKER_MAX, n=len(results)))
    # the labels of the offered tasks only, in a plain dict: the widget keeps its format_func for the session, and a
    # function reading the results table kept that table (all 20,600 rows at 100×) alive in every explorer session
    # each task as the results table names it (programme · number) and its heading or opening words, as the breakdown's
    # picker names tasks: a walk read "2 深化干部人才…" for the row "上海—三明实施方案 · 6.2", and two options "17 …" from two plans
    openings = task_openings(results, ids)  # the offered rows only
    labels = {i: plain(f"{names.task(i)} {openings[i]}") for i in ids}
    task_id = view_widget("task", st.selectbox, t("task_card", f.lang), ids, format_func=labels.get, because=task_not_chosen)
    card = analysis(task_card, task_id)
    own = card.task.programme_id  # what the card's tables cite: its document, and those of the tasks they list
    spans = results.set_index("task_id").spans[task_id]
    with st.container(border=True):
        st.markdown(f"**{md_escape(names.task(task_id))}**")
        highlight_style()
        st.markdown(highlight(card.task.full_text, spans, "yellow"))
        with st.container(key="orig-card-sources"):  # original text, labelled as such (see tests/test_labels_browser.py)
            st.caption(t("label_value", f.lang, label=t("citation", f.lang), value=md_escape(card.citation)
                         + md_escape(t("reconstructed_mark", f.lang) if card.programme.reconstructed else "")))
            if card.programme.reconstructed:  # a walk: cited as if quoted, the hint in an English curator's note
                st.caption(t("reconstructed_citation", f.lang))
            if isinstance(card.task.units_printed, str):
                st.caption(t("label_value", f.lang, label=t("col_units_printed", f.lang), value=md_escape(card.task.units_printed)))
        if len(card.units):
            show_table(display_table(card.units, names), f"card-units-{task_id}", f"{names.task(task_id)} {t('units', f.lang)}",
                       cites=(own,), follows=("task",))
        else:  # a task naming no bodies (上海—三明's, the provincial outline's): said, not an empty table
            st.caption(t("label_value", f.lang, label=t("units", f.lang),
                         value=t("units_unknown" if card.programme.reconstructed else "not_stated", f.lang)))
        for label, frame, theirs in (
                (t("parents", f.lang), card.parents[["parent_task_id", "relation", "heading", "text"]], card.parents.programme_id),
                (t("children", f.lang), card.children[["task_id", "relation", "heading", "text"]], card.children.programme_id),
                (t("commitments", f.lang), card.commitments, ())):
            if len(frame):
                st.markdown(f"**{label}**")
                # cites the card's document and the listed tasks' (a walk: every programme's document was named)
                show_table(display_table(frame, names), f"card-{label}-{task_id}", f"{names.task(task_id)} {label}",
                           cites=(own, *theirs), follows=("task",))
        if isinstance(card.task.note, str):
            with st.container(key="orig-card-note"):
                st.caption(t("label_value", f.lang, label=t("col_note", f.lang), value=md_escape(card.task.note)))
    fragment_end()


explorer()
