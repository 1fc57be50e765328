"""总览 Overview: headline figures, pairing network, timeline, one finding per pairing."""

import streamlit as st

from analytics.findings import pairing_findings
from analytics.network import document_timeline, pairing_network
from analytics.summary import corpus_summary
from ui.charts import network_chart, source_line, timeline_chart
from ui.i18n import t
from ui.state import analysis, figure, filters, session_corpus
from ui.safe import md_escape
from ui.widgets import show_chart

corpus, f = session_corpus(), filters()
st.title(t("page_overview", f.lang))

# 1/ HEADLINE FIGURES
summary = analysis(corpus_summary, f.programmes)
for col, (key, value) in zip(st.columns(4), summary.headline.items()):
    col.metric(t(key, f.lang), value)

# 2/ NETWORK AND TIMELINE
source = source_line(corpus, f.programmes, f.lang)
nodes, edges = analysis(pairing_network)
fig = figure(network_chart, corpus, nodes, edges, f.lang, source)
show_chart(fig, "overview-network")
fig = figure(timeline_chart, corpus, analysis(document_timeline, f.programmes), f.lang, source)
show_chart(fig, "overview-timeline")

# 3/ FINDINGS
st.subheader(t("findings", f.lang))
findings = analysis(pairing_findings, f.lang, f.programmes)
if findings.empty:
    st.info(t("no_match", f.lang))
for finding in findings.finding:
    st.markdown(f"- {md_escape(finding)}")
