"""总览 Overview: headline figures, pairing network, timeline, one finding per pairing."""

import streamlit as st

from analytics.findings import pairing_facts
from analytics.network import document_timeline, pairing_network
from analytics.summary import corpus_summary
from ui.report.charts import network_chart, source_line, timeline_chart
from ui.report.findings import finding_sentences
from ui.report.i18n import t
from ui.web.data import analysis, figure, session_corpus
from ui.web.frame import frame_first
from ui.web.state import filters
from ui.report.safe import md_escape
from ui.web.widgets import show_chart

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

corpus, f = session_corpus(), filters()
st.title(t("page_overview", f.lang))

# 1/ HEADLINE FIGURES
summary = analysis(corpus_summary, f.programmes)
for col, (key, value) in zip(st.columns(4), summary.headline.items()):
    col.metric(t(f"kpi_{key}", f.lang), value)
kinds = summary.kinds  # say what "tasks" counts, so it squares with the findings and the explorer
st.caption(t("kpi_note", f.lang, tasks=kinds["task"], key_tasks=kinds["key_task"], safeguards=kinds["safeguard"],
             items=sum(kinds.values())))

# 2/ NETWORK AND TIMELINE
source = source_line(corpus, f.programmes, f.lang)
nodes, edges = analysis(pairing_network)
fig = figure(network_chart, nodes, edges, f.lang, source)
show_chart(fig, "overview-network")
fig = figure(timeline_chart, analysis(document_timeline, f.programmes), f.lang, source)
show_chart(fig, "overview-timeline")

# 3/ FINDINGS
st.subheader(t("findings", f.lang))
findings = finding_sentences(corpus, analysis(pairing_facts, f.programmes), f.lang)
if not findings:
    st.info(t("no_match", f.lang))
for finding in findings:
    st.markdown(f"- {md_escape(finding)}")
