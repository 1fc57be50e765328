"""Entry point: the shared frame (page config, language, cached corpus) and the corpus summary."""

import streamlit as st

from analytics import paths
from analytics.corpus import load_corpus
from analytics.summary import corpus_summary

st.set_page_config(page_title="对口合作方案比较 · Paired-cooperation programmes", layout="wide")


@st.cache_data(show_spinner=False)
def cached_corpus():
    return load_corpus(paths.DATA_DIR, paths.SEEDS_DIR)


corpus = cached_corpus()
summary = corpus_summary(corpus)

st.title("对口合作方案比较")
st.caption("Paired-cooperation programmes compared · 数据来自 data/ 中经人工整理并校验的方案文本")

if corpus.problems:
    with st.expander(f"数据问题 {len(corpus.problems)} 项（有效方案照常显示）", expanded=not corpus.ok):
        st.text("\n".join(str(p) for p in corpus.problems))

cols = st.columns(4)
for col, (label, value) in zip(cols, summary.headline.items()):
    col.metric(label, value)

st.subheader("方案一览")
st.dataframe(summary.programmes, hide_index=True, width="stretch")
