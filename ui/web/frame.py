"""The frame around every page: the sidebar filters, the page links, the end of every run (links and
URL written), and the handover when a fresh server's first request runs a page alone.
"""

from __future__ import annotations

import functools
import runpy
import threading
from contextlib import contextmanager

import streamlit as st

from analytics import paths
from analytics.memo import once_per_table
from analytics.corpus import Corpus
from ui.report.i18n import join_entries, programme_names, t, theme_names
from ui.web.data import session_corpus
from ui.web.early import end_chart_code
from ui.web.memory import TRIMMER
from ui.web.state import Filters, reset_widgets, filters, view, view_widget, write_url
from ui.web.view import MEASURES, PARAM, SCOPES, encode_view
from ui.web.widgets import about_views_end, phone_rules_end, present_line_end


# Programmes shown as chips in the sidebar's filter; beyond this many, choosing all shows an empty box that
# says "all n programmes" (issue 15: at 1000× the 7 000 chosen programmes were 35 000 of the page's 36 000
# elements, and drawing them most of the browser's time).
PROGRAMME_CHIPS_MAX = 20


def sidebar_filters(corpus: Corpus, lang: str, page: str | None = None) -> Filters:
    """The frame's filters in the sidebar; on `page`, those that change nothing there are drawn disabled and say
    on which pages they act (ui.web.view.Param.affects)."""
    programme_ids, theme_ids = PARAM["prog"].allowed(corpus), PARAM["theme"].allowed(corpus)  # read once per corpus
    names = programme_names(corpus, lang)
    theme_label = theme_names(corpus, lang)  # memoised per corpus, as programme_names
    uploaded = once_per_table(corpus.programmes, "uploaded_ids",  # once per corpus, not on every run (issue 15)
                              lambda: frozenset(corpus.programmes.programme_id[corpus.programmes.uploaded.astype(bool)]))
    _select_new_uploads(uploaded, programme_ids)

    st.sidebar.subheader(t("filters", lang))
    many = len(programme_ids) > PROGRAMME_CHIPS_MAX  # beyond it, all chosen = an empty box saying "all n"
    view_widget("prog", st.sidebar.multiselect, t("programmes", lang), programme_ids, empty_means_all=many,
                format_func=lambda p: names.get(p, p),
                placeholder=t("all_programmes", lang, n=len(programme_ids)) if many else t("none_selected", lang),
                **_acting("prog", page, lang))
    view_widget("theme", st.sidebar.multiselect, t("themes", lang), theme_ids,
                format_func=lambda x: theme_label.get(x, x), placeholder=t("all", lang), **_acting("theme", page, lang))
    view_widget("scope", st.sidebar.radio, t("scope", lang), list(SCOPES), format_func=lambda v: t(f"scope_{v}", lang),
                **_acting("scope", page, lang))
    view_widget("measure", st.sidebar.radio, t("measure", lang), list(MEASURES), format_func=lambda v: t(f"measure_{v}", lang),
                **_acting("measure", page, lang))
    return filters()


def _acting(name: str, page: str | None, lang: str) -> dict:
    """A frame filter's widget on `page`: disabled where it changes nothing, its help naming the pages where it does."""
    param = PARAM[name]
    if param.acts_on(page):
        return {}
    return dict(disabled=True, help=t("acts_on", lang, pages=join_entries((t(f"page_{p}", lang) for p in param.affects), lang)))


def _select_new_uploads(uploaded: frozenset[str], programme_ids: list[str]) -> None:
    """A freshly uploaded programme joins the selection (the researcher uploaded it to compare it);
    one that is gone (removed or now invalid) leaves it, so the widget never holds an unknown option."""
    seen = set(st.session_state.get("_uploads_seen", ()))
    current = view()
    known = set(programme_ids)
    chosen = [p for p in current["prog"] if p in known]
    fresh = (uploaded - seen) - set(chosen)
    chosen += [p for p in programme_ids if p in fresh]
    if chosen != current["prog"]:
        current["prog"] = chosen
        reset_widgets(["prog"])
    st.session_state["_uploads_seen"] = tuple(uploaded)


def navigation_links(places: list[tuple]) -> None:
    """Reserve sidebar places for page links, each (container, pages, label or None for the page titles),
    drawn by finish_run once the page has run, so their addresses carry the view as it ends the run."""
    st.session_state["_nav"] = places


def finish_run(corpus: Corpus) -> None:
    """End of every run (also after an early stop): draw the page links, then write the URL.

    Streamlit's own navigation drops the query on a page change and the new page's first URL write
    would then push a second history entry. Links that carry the whole view (`query_params`) keep the
    address whole: one visit, one entry; Back restores the page with its filters.
    """
    end_chart_code()  # the hidden chart sent first (ui/web/early.py) is removed: only the page's charts stay
    phone_rules_end()
    present_line_end()
    about_views_end()
    nav = st.session_state.pop("_nav", None)
    if nav is not None:
        query = encode_view(view(), corpus)
        for container, pages, label in nav:
            for page in pages:
                container.page_link(page, label=label or page.title, icon=page.icon, query_params=query,
                                    width="stretch")
    write_url(corpus)


_PAGES = "_pages"


def session_pages(declared: list[tuple[str, str, str, str]], lang: str, default: str) -> list:
    """st.Page for each declared (script, title key, icon, address), made once per session and language rather
    than on every run (issue 15). Not shared between sessions: st.navigation marks the chosen page on its object."""
    made = st.session_state.setdefault(_PAGES, {})
    if lang not in made:
        made[lang] = [st.Page(path, title=t(key, lang), icon=icon, url_path=url, default=(url == default))
                      for path, key, icon, url in declared]
    return made[lang]


def root_page_alias(default_url: str) -> None:
    """Before st.navigation: a request for the default page by its own name (/overview) means the root.

    Streamlit serves the default page at "/" only, so /overview, a natural link to type or paste, opened with a
    "page not found" dialog over the default page. Here that request is told to run the default page, with its
    query (the view) kept. The page manager's intent is Streamlit's own, read and set the way its runner does.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is not None and not manager.intended_page_script_hash and manager.intended_page_name == default_url:
        manager.set_script_intent("", "")


def fragment_end() -> None:
    """The last statement of a page's fragment (page-local controls, issue 15): when only the fragment
    reran, the URL follows the view here, since finish_run belongs to full runs."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run:
        about_views_end()
        write_url(session_corpus())


def stop() -> None:
    """st.stop() for the frame and pages: links and URL are written first, since after st.stop()
    nothing more reaches the browser."""
    finish_run(session_corpus())
    st.stop()


# Whether this thread's script run has the frame (dashboard.py) around the page it is running.
_run = threading.local()


# Page scripts computing at once, across all readers (issue 15). Streamlit runs every reader's script on a thread of
# its own; under the GIL, on two cores, thirty pages computing at once finish no sooner than in turns, but each holds its
# working set (tables, figures, the serialised elements) meanwhile, and glibc keeps the high-water mark: 15 readers
# opening explorer, data and breakdown at once at 100× peaked at 699 MB, and at 366 MB four at a time (one reader through
# every page: 360 MB; bench/RESULTS.md, fifteenth round). A run waits here for its turn after its frame (language, sidebar) is drawn; a
# fragment's run alone waits in `page_turn`. A run holding a turn may wait for an entry another run is computing
# (ui.web.data._Shared): that run may hold no turn (the frame computes too), but no computation of an entry waits for a
# turn, so the wait always ends.
PAGE_RUNS_AT_ONCE = 4
_page_turns = threading.BoundedSemaphore(PAGE_RUNS_AT_ONCE)


@contextmanager
def framed_page():
    """dashboard.py runs the chosen page inside this, so the page knows the frame has already run; the page
    computes when one of PAGE_RUNS_AT_ONCE turns is free."""
    _run.framed = True
    _page_turns.acquire()
    try:
        yield
    finally:
        _page_turns.release()
        _run.framed = False
        TRIMMER.run_ended()  # what the run freed goes back to the system (ui/web/memory.py)


@contextmanager
def page_turn():
    """A turn for a page fragment's run (`page_fragment`). A change of a control inside a fragment reruns the fragment
    alone, not dashboard.py, so not inside `framed_page`: the explorer's search, results and task card computed there
    without a turn (a reviewer). Inside a full page run, which holds its turn already, it takes none: a second one in the
    same thread could wait for ever."""
    if getattr(_run, "framed", False):
        yield
        return
    _page_turns.acquire()
    try:
        yield
    finally:
        _page_turns.release()
        TRIMMER.run_ended()


def page_fragment(function):
    """st.fragment for the pages: the fragment's run alone takes a turn, as a page run does (`page_turn`)."""
    @functools.wraps(function)  # Streamlit names the fragment after the function (module and qualified name)
    def in_turn(*args, **kwargs):
        with page_turn():
            return function(*args, **kwargs)
    return st.fragment(in_turn)


def frame_first() -> None:
    """The first statement of every page script.

    Streamlit answers the very first request of a fresh server with its classic scan of `pages/`
    before dashboard.py has registered the pages with st.navigation (streamlit/streamlit#9624). The
    page files are named after their addresses (pages/themes.py is /themes), so that scan finds the
    page of a deep link and runs it alone. Such a run hands over to the whole app, frame and this
    page, and ends; every other run comes through dashboard.py and goes straight on.
    """
    if getattr(_run, "framed", False):
        return
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    # As the main script, not as this page: widgets of the frame then get the ids they have in every
    # later run, and keep their values (the language among them) on the first click.
    with ctx.run_with_active_hash(ctx.pages_manager.main_script_hash):
        runpy.run_path(str(paths.ROOT / "dashboard.py"), run_name="__main__")
    st.stop()
