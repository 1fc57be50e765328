"""任务分解 Breakdown: Sankey from provincial key tasks down, coverage, theme drift, inherited text."""

import streamlit as st

from analytics.breakdown import (additions_programmes, breakdown_coverage, breakdown_flows, breakdown_roots, county_additions,
                                coverage_programmes, drift_programmes, flow_programmes, text_reuse, theme_drift)
from ui.report.charts import coverage_chart, drift_chart, sankey_chart, source_line
from ui.report.i18n import programme_names, t
from ui.report.safe import highlight, md_escape
from ui.report.style import subtitle_with
from ui.report.tables import Names, named_table, pair_names
from ui.web.widgets import highlight_style, mode_text, show_chart, show_table
from ui.web.data import analysis, figure, session_corpus, shown_table, shown_text
from ui.web.frame import frame_first, stop
from ui.web.state import filters, view_widget

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

corpus, f = session_corpus(), filters()
st.title(t("page_breakdown", f.lang))
# Several provincial plans compared (at scale): one breakdown at a time, the plan chosen here and named on the
# charts; every chart and the parent/child texts below follow it. One plan (today's corpus): no choice to make.
roots = analysis(breakdown_roots, f.programmes)
root, root_note = None, ""
if len(roots) > 1:
    names_p, key_counts = programme_names(corpus, f.lang), dict(zip(roots.programme_id, roots.key_tasks))
    root = view_widget("root", st.selectbox, t("breakdown_root", f.lang), list(roots.programme_id),
                       format_func=lambda p: t("breakdown_root_option", f.lang, name=names_p.get(p, p), n=key_counts[p]))
    root_note = t("root_note", f.lang, name=names_p.get(root, root), n=len(roots))
flows = analysis(breakdown_flows, f.programmes, root=root)
if flows.empty:  # every programme has tasks: what is missing is a plan and the plan breaking it down, both chosen
    st.info(mode_text("no_breakdown_of", f.lang, name=md_escape(names_p.get(root, root))) if root else mode_text("no_breakdown", f.lang))
    stop()

# 1/ SANKEY: it cites the documents it draws from, not every programme chosen (a helper's walk: 上海—三明 was cited)
fig = figure(sankey_chart, corpus, flows, f.lang, source_line(corpus, analysis(flow_programmes, f.programmes, root=root), f.lang),
             root_note)
show_chart(fig, "breakdown-sankey", phone_note=t("sankey_phone_note", f.lang))

# 2/ COVERAGE: CARRIED DOWN, NOT CARRIED, COUNTY ADDITIONS
st.subheader(t("coverage_title", f.lang))
coverage = analysis(breakdown_coverage, programmes=f.programmes, root=root)
# it cites the plan whose key tasks it lists, even when that plan is not chosen (a division and a county plan), and
# the programmes whose tasks it counts below them
cited = tuple(analysis(coverage_programmes, programmes=f.programmes, root=root))
show_chart(figure(coverage_chart, coverage, f.lang, source_line(corpus, cited, f.lang), root_note), "breakdown-coverage-chart")
shown = shown_table(named_table, corpus, coverage, f.lang, columns=tuple(c for c in coverage.columns if c != "primary_theme"))
show_table(shown, "breakdown-coverage", t("coverage_title", f.lang), cites=cited, follows=("root",))
st.caption(t("additions", f.lang))
names = Names.of(corpus, f.lang)
additions = analysis(county_additions, f.programmes, root=root)  # the county plans of the plan broken down
show_table(shown_table(named_table, corpus, additions, f.lang), "breakdown-additions", t("additions", f.lang),
           cites=tuple(analysis(additions_programmes, f.programmes, root=root)), follows=("root",))

# 3/ THEME DRIFT: it cites the programmes on a tier (of the plan broken down)
fig = figure(drift_chart, corpus, analysis(theme_drift, f.programmes, root=root), f.lang,
             source_line(corpus, analysis(drift_programmes, f.programmes, root=root), f.lang),
             subtitle_with(t("scope_primary", f.lang), root_note))
show_chart(fig, "breakdown-drift")

# 4/ A COUNTY TASK BESIDE ITS PARENT
st.subheader(t("compare_parent", f.lang))
reuse = analysis(text_reuse, root=root, programmes=f.programmes)  # the chosen programmes' pairs, as the charts above
if not len(reuse):
    st.info(mode_text("no_county_pairs", f.lang))
else:
    pairs = [f"{child}~{parent}" for child, parent in zip(reuse.task_id, reuse.parent_task_id)]  # a child may have several parents
    pair_labels = shown_text(pair_names, corpus, reuse, f.lang)  # shared, not rebuilt on each run
    chosen = view_widget("pair", st.selectbox, t("pair_pick", f.lang), pairs, format_func=lambda pair: pair_labels.get(pair, pair))
    row = reuse.iloc[pairs.index(chosen)]
    # the two texts alone: an index over every task, built on each run, cost 5.7 MB at 100× and stayed with the session
    # (the root picker's format_func holds this page's globals), bench/RESULTS.md, seventeenth round
    pair_rows = corpus.tasks[corpus.tasks.task_id.isin([row.task_id, row.parent_task_id])]
    text = dict(zip(pair_rows.task_id, pair_rows.full_text))
    left, right = st.columns(2)
    left.markdown(f"**{md_escape(names.task(row.task_id))}** · {t('inherited', f.lang)} {row.inherited_share:.0%}")
    highlight_style()
    left.markdown(highlight(text[row.task_id], row.spans))
    right.markdown(f"**{md_escape(names.task(row.parent_task_id))}**")
    right.markdown(highlight(text[row.parent_task_id], []))
