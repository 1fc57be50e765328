"""The shared frame's state: the cached corpus and the view state (ui/web/view.py), mirrored in the URL.

The view (ids only) lives in session state and in the address, so copying the address reproduces the
view. Nothing derived is stored in session state: pages recompute from the cached corpus.
"""

from __future__ import annotations

import copy
import functools
import gc
import runpy
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import paths
from analytics.corpus import Corpus
from analytics.isolated import corpus_with_uploads
from analytics.corpus.snapshot import snapshot_corpus
from analytics.corpus.version import data_version, uploads_fingerprint, with_uploads
from ui.report.briefing import PackItem
from ui.report.i18n import programme_names, t
from ui.web.view import LANGS, MEASURES, PARAM, SCOPES, encode_view, parse_url


@st.cache_resource(show_spinner=False)
def _corpus_from(data_dir: str, seeds_dir: str) -> Corpus:
    corpus = snapshot_corpus(Path(data_dir), Path(seeds_dir))  # validated once per data version (issue 15)
    gc.freeze()  # the corpus lives as long as the server: keep it out of every later garbage collection
    return corpus


def cached_corpus() -> Corpus:
    """The curated corpus, loaded once per server process and data directory; analyses never mutate it."""
    return _corpus_from(str(paths.DATA_DIR), str(paths.SEEDS_DIR))


UPLOADER_KEY = "uploads"
DRAFTS_KEY = "draft_uploads"  # drafts added on the 起草 page count as this session's uploads (issue 14)


def uploaded_files() -> dict[str, bytes]:
    """This session's uploaded extracts, name → bytes (read from the uploader's state, which is per session)."""
    files = st.session_state.get(UPLOADER_KEY) or []
    return {**{file.name: file.getvalue() for file in files}, **(st.session_state.get(DRAFTS_KEY) or {})}


def _cache_key() -> str | None:
    """What the shared caches are keyed on: the data directory and its version. None when the session
    has uploads: their analyses are computed for that session alone, never put in a cache other
    sessions read."""
    return None if uploaded_files() else f"{paths.DATA_DIR}|{current_data_version()}"


@st.cache_resource(show_spinner=False, max_entries=200)
def _analysis(name: str, key: str, args: tuple, kwargs: tuple, _fn, _corpus):
    return _fn(_corpus, *args, **dict(kwargs))


# Where each frame handed out by analysis() came from: id → (weak reference, "function|data|arguments").
# figure() keys its cache on that text instead of hashing the frame's contents on every run (issue 15).
# The weak reference is checked on every lookup, so a reused id never finds another frame's key.
_ORIGIN: dict[int, tuple[weakref.ref, str]] = {}


def _remember(result, origin: str):
    """A shallow copy of a shared result (pandas copy-on-write: changing the copy never reaches the
    cache), registered with where it came from."""
    if not isinstance(result, (pd.DataFrame, pd.Series)):
        return copy.deepcopy(result)  # small values (dicts, lists of rows): a private copy
    out = result.copy(deep=False)
    ident = id(out)
    _ORIGIN[ident] = (weakref.ref(out, lambda ref, ident=ident: _forget(ident, ref)), origin)
    return out


def _forget(ident: int, ref) -> None:
    entry = _ORIGIN.get(ident)
    if entry is not None and entry[0] is ref:
        _ORIGIN.pop(ident, None)


def _origin(value) -> str | None:
    entry = _ORIGIN.get(id(value))
    return entry[1] if entry is not None and entry[0]() is value else None


def analysis(fn, *args, **kwargs):
    """`fn(session corpus, *args, **kwargs)`, computed once per data version and arguments.

    Every page rerun (a filter change elsewhere, an edited chart title, another session with the same
    filters) then reads the result instead of recomputing it. One copy of each result is kept for all
    sessions; callers get a shallow copy-on-write copy, so they may change it without touching the cache.
    """
    key = _cache_key()
    if key is None:
        return fn(session_corpus(), *args, **kwargs)
    name, kwargs_key = f"{fn.__module__}.{fn.__qualname__}", tuple(sorted(kwargs.items()))
    result = _analysis(name, key, args, kwargs_key, fn, session_corpus())
    return _remember(result, repr((name, key, args, kwargs_key)))


@st.cache_resource(show_spinner=False, max_entries=300)
def _figure(name: str, key: str, arg_keys: tuple, kwargs: tuple, _builder, _corpus, _args: tuple):
    return _builder(*([_corpus] if _corpus is not None else []), *_args, **dict(kwargs))


def figure(builder, *args, **kwargs):
    """A chart builder's figure, built once per data version and arguments.

    Frames that come straight from analysis() are keyed by where they came from (function, data
    version, arguments), not by hashing their contents; any other argument is hashed as usual.
    Shared, not copied: callers must not change the figure (show_chart and the exports work on copies).
    """
    key = _cache_key()
    if key is None:
        return builder(*args, **kwargs)
    corpus = args[0] if args and isinstance(args[0], Corpus) else None
    rest = args[1:] if corpus is not None else args
    arg_keys = tuple(("analysis", origin) if (origin := _origin(arg)) is not None else arg for arg in rest)
    return _figure(f"{builder.__module__}.{builder.__qualname__}", key, arg_keys, tuple(sorted(kwargs.items())),
                   builder, corpus, rest)


def session_corpus() -> Corpus:
    """The curated corpus plus this session's uploads.

    Uploads are validated together with the curated data (so their ids cannot collide with it) and the
    result is kept in this session's state only: never written to data/, never in a shared cache.
    """
    uploads = uploaded_files()
    if not uploads:
        return cached_corpus()
    fingerprint = uploads_fingerprint(uploads)
    kept = st.session_state.get("_upload_corpus")
    if kept is None or kept[0] != fingerprint:
        # checked in a worker process with a deadline (analytics/isolated.py): no upload can hold the server
        kept = (fingerprint, corpus_with_uploads(uploads, cached_corpus(), paths.DATA_DIR, paths.SEEDS_DIR))
        st.session_state["_upload_corpus"] = kept
    return kept[1]


@dataclass(frozen=True)
class Filters:
    lang: str
    programmes: tuple[str, ...]
    themes: tuple[str, ...] | None  # None: every theme
    scope: str
    measure: str


# VIEW STATE: declared in ui/web/view.py; here it meets Streamlit. One dict of ids (`_view`) is the truth for
# the session; widgets are keyed by parameter name and seeded from it; the URL is written once per run.
VIEW, VIEW_URL = "_view", "_view_url"


def _url_now() -> dict[str, str]:
    return {key: st.query_params.get(key) for key in st.query_params}


def _reset_widgets(names) -> None:
    """Drop widget values so the next widget call seeds them from the view (ids, in any language)."""
    for name in names:
        if name in st.session_state:
            del st.session_state[name]


def begin_view(corpus: Corpus) -> dict:
    """At the top of every run, before any widget: the view for this run.

    A new session, or an address that is not the one this session last wrote (the Back/Forward buttons,
    an edited or pasted link), takes the view from the URL; otherwise the session's own view stands.
    """
    url = _url_now()
    state = st.session_state
    if VIEW not in state or url != state.get(VIEW_URL):
        state[VIEW] = parse_url(url, corpus)
        state[VIEW_URL] = url
        _reset_widgets(PARAM)
    return state[VIEW]


def view() -> dict:
    return st.session_state[VIEW]


def _coerce(param, value, options):
    """A value made valid for the widget's current options (which may depend on other filters)."""
    if options is None:
        return value
    if param.kind == "list":
        return [v for v in value if v in options]
    return value if value in options else (options[0] if options else None)


def view_widget(name: str, make, label: str, options=None, **kwargs):
    """A widget bound to one view parameter: key = parameter name, value seeded from the view, result
    written back to the view. Never pass a default or index: the view is the only source of values."""
    param, current, state = PARAM[name], view(), st.session_state
    wanted = _coerce(param, current.get(name, param.default), options)
    if name not in state or _coerce(param, state[name], options) != state[name]:
        state[name] = wanted
    value = make(label, options, key=name, **kwargs) if options is not None else make(label, key=name, **kwargs)
    if param.kind == "list":
        current[name] = list(value)
    elif param.default == "" and options and value == options[0] and current.get(name, "") == "":
        current[name] = ""  # "the first option", as on arrival: the URL stays as it was, no history entry
    else:
        current[name] = value
    return value


def set_view(**values) -> None:
    """Set view parameters from code (e.g. a click on a chart); their widgets follow on the next draw."""
    view().update(values)
    _reset_widgets(values)


def write_url(corpus: Corpus) -> None:
    """Once per run, at its end: the URL becomes the view, in one write, and only when it differs.

    Streamlit's frontend pushes one history entry per write (replaces during Back/Forward), so a visit
    makes one entry and Back restores the page with its filters.
    """
    state = st.session_state
    if VIEW not in state:
        return
    url = _url_now()
    wanted = encode_view(state[VIEW], corpus, url)
    if wanted != url:
        st.query_params.from_dict(wanted)
    state[VIEW_URL] = wanted


def language() -> str:
    lang = view_widget("lang", st.sidebar.radio, t("language", "zh"), list(LANGS), horizontal=True,
                       format_func=lambda v: "中文" if v == "zh" else "English")
    if lang != st.session_state.get("_view_lang", lang):
        # Labels change, selections do not: every other widget is seeded again from the view's ids
        # (Streamlit would otherwise match the old language's labels against the new ones and drop them).
        _reset_widgets([name for name in PARAM if name != "lang"])
    st.session_state["_view_lang"] = lang
    return lang


def sidebar_filters(corpus: Corpus, lang: str) -> Filters:
    programme_ids = list(corpus.programmes.programme_id)
    names = programme_names(corpus, lang)
    theme_ids = list(corpus.themes.theme_id) if len(corpus.themes) else []
    theme_label = dict(zip(theme_ids, corpus.themes["en" if lang == "en" else "zh"])) if theme_ids else {}

    uploaded = set(corpus.programmes.programme_id[corpus.programmes.uploaded.astype(bool)])
    _select_new_uploads(uploaded, programme_ids)

    st.sidebar.subheader(t("filters", lang))
    view_widget("prog", st.sidebar.multiselect, t("programmes", lang), programme_ids,
                format_func=lambda p: names.get(p, p), placeholder=t("none_selected", lang))
    view_widget("theme", st.sidebar.multiselect, t("themes", lang), theme_ids,
                format_func=lambda x: theme_label.get(x, x), placeholder=t("all", lang))
    view_widget("scope", st.sidebar.radio, t("scope", lang), list(SCOPES), format_func=lambda v: t(f"scope_{v}", lang))
    view_widget("measure", st.sidebar.radio, t("measure", lang), list(MEASURES), format_func=lambda v: t(f"measure_{v}", lang))
    return filters()


def _select_new_uploads(uploaded: set[str], programme_ids: list[str]) -> None:
    """A freshly uploaded programme joins the selection (the researcher uploaded it to compare it);
    one that is gone (removed or now invalid) leaves it, so the widget never holds an unknown option."""
    seen = set(st.session_state.get("_uploads_seen", ()))
    current = view()
    chosen = [p for p in current["prog"] if p in programme_ids]
    chosen += [p for p in programme_ids if p in uploaded - seen and p not in chosen]
    if chosen != current["prog"]:
        current["prog"] = chosen
        _reset_widgets(["prog"])
    st.session_state["_uploads_seen"] = tuple(uploaded)


@functools.lru_cache(maxsize=8)  # read many times per run: a plain memo, not Streamlit's cache machinery (issue 15)
def _data_version(data_dir: str) -> str:
    return data_version(Path(data_dir))


def current_data_version() -> str:
    return with_uploads(_data_version(str(paths.DATA_DIR)), uploaded_files())


def presentation_toggle(lang: str) -> bool:
    """The sidebar switch for presentation mode, mirrored in the URL as ?mode=present."""
    return view_widget("mode", st.sidebar.toggle, t("present_mode", lang))


def presenting() -> bool:
    return bool(st.session_state.get(VIEW, {}).get("mode"))


def leave_presentation() -> None:
    """The exit button's callback."""
    set_view(mode=False)


def pack() -> list[PackItem]:
    """This session's briefing pack (never shared: it lives in session state only)."""
    return st.session_state.setdefault("pack", [])


def filters() -> Filters:
    """This run's filters, read from the view (dashboard.py renders the frame's widgets first)."""
    v = view()
    return Filters(lang=v["lang"], programmes=tuple(v["prog"]), themes=tuple(v["theme"]) or None,
                   scope=v["scope"], measure=v["measure"])


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
    nav = st.session_state.pop("_nav", None)
    if nav is not None:
        query = encode_view(view(), corpus)
        for container, pages, label in nav:
            for page in pages:
                container.page_link(page, label=label or page.title, icon=page.icon, query_params=query,
                                    width="stretch")
    write_url(corpus)


def fragment_end() -> None:
    """The last statement of a page's fragment (page-local controls, issue 15): when only the fragment
    reran, the URL follows the view here, since finish_run belongs to full runs."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run:
        write_url(session_corpus())


def stop() -> None:
    """st.stop() for the frame and pages: links and URL are written first, since after st.stop()
    nothing more reaches the browser."""
    finish_run(session_corpus())
    st.stop()


# Whether this thread's script run has the frame (dashboard.py) around the page it is running.
_run = threading.local()


@contextmanager
def framed_page():
    """dashboard.py runs the chosen page inside this, so the page knows the frame has already run."""
    _run.framed = True
    try:
        yield
    finally:
        _run.framed = False


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
