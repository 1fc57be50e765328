"""The shared frame's state: the cached corpus and the sidebar filters, mirrored in the URL.

Filters live in widgets (keyed) and in `st.query_params`, so copying the address reproduces the view.
Nothing derived is stored in session state: pages recompute from the cached corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from analytics import paths
from analytics.corpus import Corpus, load_corpus
from analytics.isolated import corpus_with_uploads
from analytics.version import data_version, uploads_fingerprint, with_uploads
from ui.briefing import PackItem
from ui.i18n import programme_names, t

SCOPES = ("primary", "any")
MEASURES = ("share", "count")


@st.cache_resource(show_spinner=False)
def _corpus_from(data_dir: str, seeds_dir: str) -> Corpus:
    return load_corpus(Path(data_dir), Path(seeds_dir))


def cached_corpus() -> Corpus:
    """The curated corpus, loaded once per server process and data directory; analyses never mutate it."""
    return _corpus_from(str(paths.DATA_DIR), str(paths.SEEDS_DIR))


UPLOADER_KEY = "uploads"


def uploaded_files() -> dict[str, bytes]:
    """This session's uploaded extracts, name → bytes (read from the uploader's state, which is per session)."""
    files = st.session_state.get(UPLOADER_KEY) or []
    return {file.name: file.getvalue() for file in files}


def _cache_key() -> str | None:
    """What the shared caches are keyed on: the data directory and its version. None when the session
    has uploads: their analyses are computed for that session alone, never put in a cache other
    sessions read."""
    return None if uploaded_files() else f"{paths.DATA_DIR}|{current_data_version()}"


@st.cache_data(show_spinner=False, max_entries=200)
def _analysis(name: str, key: str, args: tuple, kwargs: tuple, _fn, _corpus):
    return _fn(_corpus, *args, **dict(kwargs))


def analysis(fn, *args, **kwargs):
    """`fn(session corpus, *args, **kwargs)`, computed once per data version and arguments.

    Every page rerun (a filter change elsewhere, an edited chart title, another session with the same
    filters) then reads the result instead of recomputing it; results are copies, so callers may change them.
    """
    key = _cache_key()
    if key is None:
        return fn(session_corpus(), *args, **kwargs)
    return _analysis(f"{fn.__module__}.{fn.__qualname__}", key, args, tuple(sorted(kwargs.items())), fn,
                     session_corpus())


@st.cache_resource(show_spinner=False, max_entries=300)
def _figure(name: str, key: str, args: tuple, kwargs: tuple, _builder, _corpus):
    return _builder(*([_corpus] if _corpus is not None else []), *args, **dict(kwargs))


def figure(builder, *args, **kwargs):
    """A chart builder's figure, built once per data version and arguments.

    Shared, not copied: callers must not change the figure (show_chart and the exports work on copies).
    """
    key = _cache_key()
    if key is None:
        return builder(*args, **kwargs)
    corpus = args[0] if args and isinstance(args[0], Corpus) else None
    rest = args[1:] if corpus is not None else args
    return _figure(f"{builder.__module__}.{builder.__qualname__}", key, rest, tuple(sorted(kwargs.items())),
                   builder, corpus)


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


def _list_param(name: str) -> list[str]:
    value = st.query_params.get(name, "")
    return [v for v in value.split(",") if v]


def _seed_widget(key: str, value) -> None:
    """First run of a session: take the widget's value from the URL."""
    if key not in st.session_state:
        st.session_state[key] = value


def language() -> str:
    _seed_widget("lang", "en" if st.query_params.get("lang") == "en" else "zh")
    lang = st.sidebar.radio(t("language", "zh"), ["zh", "en"], key="lang", horizontal=True,
                            format_func=lambda v: "中文" if v == "zh" else "English")
    return lang


def sidebar_filters(corpus: Corpus, lang: str) -> Filters:
    programme_ids = list(corpus.programmes.programme_id)
    names = programme_names(corpus, lang)
    theme_ids = list(corpus.themes.theme_id) if len(corpus.themes) else []
    theme_label = dict(zip(theme_ids, corpus.themes["en" if lang == "en" else "zh"])) if theme_ids else {}

    uploaded = set(corpus.programmes.programme_id[corpus.programmes.uploaded.astype(bool)])
    _seed_widget("prog", [p for p in _list_param("prog") if p in programme_ids] or programme_ids)
    _select_new_uploads(uploaded, programme_ids)
    _seed_widget("theme", [x for x in _list_param("theme") if x in theme_ids])
    _seed_widget("scope", st.query_params.get("scope") if st.query_params.get("scope") in SCOPES else "primary")
    _seed_widget("measure", st.query_params.get("measure") if st.query_params.get("measure") in MEASURES else "share")

    st.sidebar.subheader(t("filters", lang))
    chosen = st.sidebar.multiselect(
        t("programmes", lang), programme_ids, key="prog",
        format_func=lambda p: names.get(p, p),
    )
    themes = st.sidebar.multiselect(t("themes", lang), theme_ids, key="theme", format_func=lambda x: theme_label.get(x, x),
                                    placeholder=t("all", lang))
    scope = st.sidebar.radio(t("scope", lang), SCOPES, key="scope", format_func=lambda v: t(f"scope_{v}", lang))
    measure = st.sidebar.radio(t("measure", lang), MEASURES, key="measure", format_func=lambda v: t(f"measure_{v}", lang))

    st.query_params.update({
        "lang": lang,
        "prog": ",".join(chosen) if set(chosen) != set(programme_ids) else "",
        "theme": ",".join(themes),
        "scope": scope,
        "measure": measure,
    })
    for empty in [k for k in ("prog", "theme") if not st.query_params.get(k)]:
        del st.query_params[empty]
    return Filters(lang=lang, programmes=tuple(chosen), themes=tuple(themes) or None, scope=scope, measure=measure)


def _select_new_uploads(uploaded: set[str], programme_ids: list[str]) -> None:
    """A freshly uploaded programme joins the selection (the researcher uploaded it to compare it);
    one that is gone (removed or now invalid) leaves it, so the widget never holds an unknown option."""
    seen = set(st.session_state.get("_uploads_seen", ()))
    chosen = [p for p in st.session_state["prog"] if p in programme_ids]
    chosen += [p for p in programme_ids if p in uploaded - seen and p not in chosen]
    st.session_state["prog"] = chosen
    st.session_state["_uploads_seen"] = tuple(uploaded)


def page_param(name: str, default: str = "") -> str:
    """A page-specific value kept in the URL (e.g. the search query)."""
    return st.query_params.get(name, default)


def set_page_param(name: str, value: str) -> None:
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


@st.cache_data(show_spinner=False)
def _data_version(data_dir: str) -> str:
    return data_version(Path(data_dir))


def current_data_version() -> str:
    return with_uploads(_data_version(str(paths.DATA_DIR)), uploaded_files())


def presentation_toggle(lang: str) -> bool:
    """The sidebar switch for presentation mode, mirrored in the URL as ?mode=present."""
    _seed_widget("present", st.query_params.get("mode") == "present")
    on = st.sidebar.toggle(t("present_mode", lang), key="present")
    if on:
        st.query_params["mode"] = "present"
    elif "mode" in st.query_params:
        del st.query_params["mode"]
    return on


def presenting() -> bool:
    return bool(st.session_state.get("present"))


def pack() -> list[PackItem]:
    """This session's briefing pack (never shared: it lives in session state only)."""
    return st.session_state.setdefault("pack", [])


def filters() -> Filters:
    """This run's filters, read from the frame's keyed widgets (dashboard.py renders them first)."""
    state = st.session_state
    return Filters(lang=state["lang"], programmes=tuple(state["prog"]), themes=tuple(state["theme"]) or None,
                   scope=state["scope"], measure=state["measure"])
