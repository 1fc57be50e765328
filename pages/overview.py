"""总览 Overview: headline figures, pairing network, timeline, one finding per pairing."""

import streamlit as st

from analytics.findings import pairing_facts
from analytics.network import document_timeline, pairing_network
from analytics.summary import corpus_summary
from ui.report.charts import network_chart, source_line, timeline_chart
from ui.report.findings import FINDINGS_SHOWN, findings_markdown
from ui.report.i18n import kpi_note, t
from ui.report.tables import ROWS_LISTED, named_table, pairings_table
from ui.web.data import analysis, figure, session_corpus, shown_table, shown_text
from ui.web.frame import frame_first, page_fragment
from ui.web.state import filters
from ui.web.widgets import mode_text, show_chart, show_table

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

corpus, f = session_corpus(), filters()
st.title(t("page_overview", f.lang))

# 1/ HEADLINE FIGURES
summary = analysis(corpus_summary, f.programmes)
for col, (key, value) in zip(st.columns(4), summary.headline.items()):
    col.metric(t(f"kpi_{key}", f.lang), value)
# what "tasks" counts, so it squares with the findings and the explorer; what "pairings" counts beside the map's
st.caption(kpi_note(summary.kinds, f.lang, summary.headline["pairings"], summary.named_pairings))

# 2/ NETWORK AND TIMELINE
source = source_line(corpus, f.programmes, f.lang)
nodes, edges = analysis(pairing_network, f.programmes)  # the pairings the chosen documents establish or name
fig = figure(network_chart, nodes, edges, f.lang, source)
show_chart(fig, "overview-network")
# every pairing drawn, both sides named (the map names cities only); beyond ROWS_LISTED the first, as other long tables
st.subheader(t("pairings_title", f.lang))
st.caption(t("pairings_note", f.lang))
if len(edges) > ROWS_LISTED:
    st.caption(t("rows_listed", f.lang, shown=ROWS_LISTED, n=len(edges)))
show_table(shown_table(named_table, corpus, edges, f.lang, make=pairings_table, limit=ROWS_LISTED), "overview-pairings",
           t("pairings_title", f.lang), download=lambda: named_table(corpus, edges, f.lang, make=pairings_table))
fig = figure(timeline_chart, analysis(document_timeline, f.programmes), f.lang, source)
show_chart(fig, "overview-timeline")

# 3/ FINDINGS: one list, built once per view; beyond FINDINGS_SHOWN pairings the rest behind a switch
st.subheader(t("findings", f.lang))
facts = analysis(pairing_facts, f.programmes)
shown, n_rest = shown_text(findings_markdown, corpus, facts, f.lang)
if not shown:
    st.info(mode_text("no_match", f.lang))
else:
    st.markdown(shown)


@page_fragment
def the_rest() -> None:
    """The folded findings: drawn only while the switch is on; turning it reruns this fragment alone."""
    st.caption(t("findings_more_note", f.lang, shown=FINDINGS_SHOWN, n=n_rest))
    if st.toggle(t("findings_more", f.lang, n=n_rest), key="findings-rest"):
        st.markdown(shown_text(findings_markdown, corpus, facts, f.lang, rest=True)[0])


if n_rest:
    the_rest()
