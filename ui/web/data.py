"""The session's data: the curated corpus (validated once per data version, shared by every session),
this session's uploads joined to it, and analyses and figures cached per data version and arguments.

Nothing derived is stored in session state: pages recompute from the cached corpus, or read the cache.
Uploads are never in a shared cache: with uploads a session computes its own results.
"""

from __future__ import annotations

import copy
import functools
import gc
import weakref
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import paths
from analytics.admission import refusal
from analytics.corpus import Corpus, yamlio
from analytics.corpus.snapshot import snapshot_corpus
from analytics.corpus.version import data_version, uploads_fingerprint, with_uploads
from analytics.isolated import corpus_with_uploads


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
    """This session's uploaded extracts, name → bytes (read from the uploader's state, which is per session).
    Files refused by name or size (analytics/admission.py) are left out unread; the upload panel says why."""
    files = [file for file in st.session_state.get(UPLOADER_KEY) or []
             if refusal(file.name, file.size, yamlio.UPLOAD_TYPES, yamlio.MAX_UPLOAD_BYTES) is None]
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


@functools.lru_cache(maxsize=8)  # read many times per run: a plain memo, not Streamlit's cache machinery (issue 15)
def _data_version(data_dir: str) -> str:
    return data_version(Path(data_dir))


def current_data_version() -> str:
    return with_uploads(_data_version(str(paths.DATA_DIR)), uploaded_files())
