"""总览 Overview: headline figures, pairing network, timeline, one finding per pairing."""

import streamlit as st

from analytics.findings import pairing_findings
from analytics.network import document_timeline, pairing_network
from analytics.summary import corpus_summary
from ui.charts import network_chart, source_line, timeline_chart
from ui.i18n import t
from ui.state import session_corpus, filters
from ui.safe import md_escape
from ui.widgets import show_chart

corpus, f = session_corpus(), filters()
st.title(t("page_overview", f.lang))

# 1/ HEADLINE FIGURES
summary = corpus_summary(corpus, f.programmes)
for col, (key, value) in zip(st.columns(4), summary.headline.items()):
    col.metric(t(key, f.lang), value)

# 2/ NETWORK AND TIMELINE
source = source_line(corpus, f.programmes, f.lang)
nodes, edges = pairing_network(corpus)
fig = network_chart(corpus, nodes, edges, f.lang, source)
show_chart(fig, "overview-network")
fig = timeline_chart(corpus, document_timeline(corpus, f.programmes), f.lang, source)
show_chart(fig, "overview-timeline")

# 3/ FINDINGS
st.subheader(t("findings", f.lang))
findings = pairing_findings(corpus, f.lang, f.programmes)
if findings.empty:
    st.info(t("no_match", f.lang))
for finding in findings.finding:
    st.markdown(f"- {md_escape(finding)}")
