"""Entry point and shared frame: page config, language, sidebar filters, presentation mode, pack, problem panel."""

import streamlit as st

from ui.web.early import start_chart_code

st.set_page_config(page_title="对口合作方案比较 · Paired cooperation", page_icon="🤝", layout="wide")
start_chart_code()  # before the imports below and the corpus: the browser starts on plotly.js meanwhile

from ui.report.i18n import problem_text, t  # noqa: E402
from ui.report.safe import plain  # noqa: E402
from ui.web.data import session_corpus, settle_memory  # noqa: E402
from ui.web.frame import sidebar_filters, stop, finish_run, navigation_links, framed_page, root_page_alias, session_pages  # noqa: E402
from ui.web.state import begin_view, filters, language, pack, presentation_toggle  # noqa: E402
from ui.web.uploads import upload_panel  # noqa: E402
from ui.web.widgets import mode_text, pending_notice, presentation_frame  # noqa: E402
from ui.web.view import PARAM  # noqa: E402

settle_memory()  # what the previous runs left in the shared caches: out of the per-run garbage collection
corpus = session_corpus()
begin_view(corpus)  # the view state (ui/web/view.py), from the URL on arrival or Back/Forward
nav_links = st.sidebar.container()  # the page links, drawn at the end of the run (ui.web.frame.finish_run)
lang = language()

PAGES = [
    ("pages/overview.py", "page_overview", "📊", "overview"),
    ("pages/themes.py", "page_themes", "🧭", "themes"),
    ("pages/departments.py", "page_departments", "🏛️", "departments"),
    ("pages/breakdown.py", "page_breakdown", "🪜", "breakdown"),
    ("pages/explorer.py", "page_explorer", "🔎", "explorer"),
    ("pages/programme.py", "page_programme", "📄", "programme"),
    ("pages/data.py", "page_data", "📚", "data"),
    ("pages/draft.py", "page_draft", "✍️", "draft"),
    ("pages/pack.py", "page_pack", "🗂️", "pack"),
]
pages = session_pages(PAGES, lang, default="overview")
root_page_alias("overview")  # /overview is the root page, not "page not found"
navigation = st.navigation(pages, position="hidden")  # our own links (ui.web.frame.finish_run) carry the view in the URL
page = navigation.url_path or "overview"  # the default page's own path is ""

sidebar_filters(corpus, lang, page)  # filters that change nothing on this page are disabled
upload_panel(corpus, lang)
st.sidebar.divider()
presentation_toggle(lang)
pack_link = st.sidebar.container()
navigation_links([(nav_links, pages, None), (pack_link, [p for p in pages if p.url_path == "pack"], t("pack_status", lang, n=len(pack())))])
presentation_frame(corpus, lang, page)  # presentation mode: the filters in use and the way out, above the page
pending_notice()

if corpus.problems:
    with st.expander(t("problems", lang, n=len(corpus.problems)), expanded=not corpus.ok, icon="⚠️"):
        st.code(plain("\n".join(problem_text(p, lang) for p in corpus.problems)), language=None, wrap_lines=True)
if corpus.programmes.empty:  # nothing valid to show: the panel above says which file and line to fix
    st.error(t("no_programmes", lang))
    stop()

try:
    # "none" is not "all": a page the programme filter acts on has nothing to show (an attack: /draft?prog= locked the
    # drafting page, which reads no programme filter)
    if not filters().programmes and PARAM["prog"].acts_on(page):
        st.title(t(next(key for _, key, _, url in PAGES if url == page), lang))  # which page this is (a walk: the note alone)
        st.info(mode_text("no_programme_selected", lang))
        stop()
    with framed_page():
        navigation.run()
finally:  # also when a page fails; an early stop (ui.web.frame.stop) has already done this
    finish_run(corpus)
