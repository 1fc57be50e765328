"""The session's data: the curated corpus (validated once per data version, shared by every session),
this session's uploads joined to it, and analyses and figures cached per data version and arguments.

Nothing derived is stored in session state: pages recompute from the cached corpus, or read the cache.
Uploads are never in a shared cache: with uploads a session computes its own results.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import gc
import hashlib
import pickle
import threading
import time
import weakref
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from analytics import paths
from analytics.admission import EXTRACT_RULES
from analytics.corpus import Corpus, Registries, load_registries
from analytics.corpus.snapshot import CACHE_DIR, WorkerKilled, served_corpus, settled_registries
from analytics.corpus.version import data_digest, marked, tree_signature, uploads_fingerprint, version_of
from analytics.isolated import Checked, analysis_name, corpus_with_uploads
from ui.report.i18n import t
from ui.report.safe import plain_table
from ui.web.memory import TRIMMER
from ui.web.persist import Persisted


@st.cache_resource(show_spinner=False)
def _corpus_from(data_dir: str, seeds_dir: str) -> Corpus:
    corpus = served_corpus(Path(data_dir), Path(seeds_dir))  # validated once per data version, in a worker (issue 15)
    gc.freeze()  # the corpus lives as long as the server: keep it out of every later garbage collection
    return corpus


# (data, seeds) directories → the corpus this process has loaded from them. Read first on every run: a plain dict
# lookup, where asking st.cache_resource costs 0.4 ms a call, four calls a run (issue 15); and a loaded corpus
# says nothing more.
_LOADED: dict[tuple[str, str], Corpus] = {}


def forget_corpora() -> None:
    """Drop every loaded corpus (the benchmark frees one size before loading the next)."""
    _LOADED.clear()
    _corpus_from.clear()


WATCH_SECONDS = 5.0  # how often the files of a loaded corpus are looked at for a change


class _DataWatch:
    """Which loaded corpora's files changed on disk since they were loaded. A curator corrects an extract while the
    server runs: before, every page went on serving the old tables until a restart, unsaid (an attack). A thread looks
    at the files' metadata every WATCH_SECONDS (`tree_signature`: no file read; milliseconds at 1×), so no reader's
    click pays for it; the next run asking for the corpus loads the new version (its snapshot keyed on the new
    bytes, validated once), and its data version with it."""

    def __init__(self):
        self._seen: dict[tuple[str, str], str] = {}
        self._changed: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def loaded(self, where: tuple[str, str], signature: str) -> None:
        with self._lock:
            self._seen[where] = signature
            self._changed.discard(where)
            if len(self._seen) > 8:  # a few data directories per process (tests switch them): bounded
                self._seen.pop(next(iter(self._seen)))
            if self._thread is None:
                self._thread = threading.Thread(target=self._poll, name="data-watch", daemon=True)
                self._thread.start()

    def changed(self, where: tuple[str, str]) -> bool:
        return where in self._changed  # a set lookup on every run: the looking is the thread's

    def take_change(self, where: tuple[str, str]) -> bool:
        """True for one run only after a change is seen: the run that loads the new version. The others serve the loaded
        corpus meanwhile rather than start loads of their own (at 1000× a validation takes minutes); its files are not
        looked at again until that load is done (`loaded`)."""
        with self._lock:
            if where not in self._changed:
                return False
            self._changed.discard(where)
            self._seen.pop(where, None)
            return True

    def look(self) -> None:
        """Compare each loaded corpus's files with what they were at its load (the thread's step; tests call it)."""
        with self._lock:
            seen = list(self._seen.items())
        for where, signature in seen:
            if tree_signature(*map(Path, where)) != signature:
                with self._lock:
                    if self._seen.get(where) == signature:
                        self._changed.add(where)

    def _poll(self) -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            try:
                self.look()
            except Exception:  # noqa: BLE001 - a folder gone mid-walk: looked at again next time
                pass


_WATCH = _DataWatch()


def _forget_changed(where: tuple[str, str]) -> None:
    """A loaded corpus whose files changed: its cached load dropped with its data version and the persisted analyses'
    fixed key part, so this run loads, versions and keys the new files (other sessions serve the loaded one until then)."""
    _corpus_from.clear()
    with _VERSIONS_LOCK:
        _VERSIONS.pop(where[0], None)
    _PERSISTED.forget_base()


def cached_corpus() -> Corpus:
    """The curated corpus, loaded once per server process and data directory; analyses never mutate it.

    Until this process has it, every run asking for it (the first, and other sessions waiting for the same load)
    shows a notice with the time elapsed in both languages (the reader's is not known before the corpus): the
    first start of a new data version validates in a worker for 40 s at 100× and 10 minutes or more at 1000×,
    and a blank page for that long reads as a broken dashboard. Streamlit shows it only after half a second,
    so a restart that reads the snapshot shows nothing."""
    where = (str(paths.DATA_DIR), str(paths.SEEDS_DIR))
    loaded = _LOADED.get(where)
    if loaded is not None:
        if not _WATCH.changed(where) or not _WATCH.take_change(where):  # unchanged, or another run is loading it
            return loaded
        _forget_changed(where)
    signature = tree_signature(*map(Path, where))  # before loading: a change made during the load is seen next look
    try:
        with st.spinner(f"{t('loading_corpus', 'zh')} · {t('loading_corpus', 'en')}", show_time=True):
            corpus = _corpus_from(*where)
    except BaseException as failed:  # a rerun or a stop interrupting the load too
        if loaded is not None:  # a reload: the loaded corpus stays served, and the change is seen again next look
            _WATCH.loaded(where, "")
        if isinstance(failed, WorkerKilled):  # nothing cached: the next request tries again
            st.error(f"{t('corpus_worker_killed', 'zh')}\n\n{t('corpus_worker_killed', 'en')}", icon="⚠️")
            st.stop()
        raise
    _LOADED[where] = corpus
    _WATCH.loaded(where, signature)
    return corpus


def curated_registries() -> Registries | None:
    """The registries the curated corpus was checked with: read from beside its snapshot, else from data/ (never by
    validating every curated file in this process, as the drafting page once did: 9 s at 100×)."""
    key = cached_corpus().snapshot_key
    return _snapshot_registries(str(paths.DATA_DIR), key) if key else load_registries(paths.DATA_DIR)[0]


@st.cache_resource(show_spinner=False, max_entries=2)
def _snapshot_registries(data_dir: str, key: str) -> Registries | None:
    registries = settled_registries(Path(data_dir), key) or load_registries(Path(data_dir))[0]
    # kept as long as the corpus: frozen with the shared entries at the next run's start. Unfrozen, Streamlit's
    # collection after every run of every page walked them: 0.43 s a run at 1000× (183,000 units) once anyone had
    # opened the drafting page (bench/RESULTS.md, twenty-second round)
    _MEMORY.grown(evicted=0)
    return registries


UPLOADER_KEY = "uploads"


DRAFTS_KEY = "draft_uploads"  # drafts added on the 起草 page count as this session's uploads (issue 14)


def _admitted_files() -> list:
    """The uploader's files that may be read: those not refused by name, size or the session's total
    (analytics/admission.py); the upload panel says why the others were not read."""
    chosen = st.session_state.get(UPLOADER_KEY) or []
    answers = EXTRACT_RULES.refusals([(file.name, file.size) for file in chosen])
    return [file for file, answer in zip(chosen, answers) if answer is None]


def sidebar_upload_names() -> set[str]:
    """The names of this session's uploads in the sidebar's panel (not the drafts added)."""
    return {file.name for file in _admitted_files()}


def uploaded_files() -> dict[str, bytes]:
    """This session's uploaded extracts, name → bytes (read from the uploader's state, which is per session), and
    the drafts added on the drafting page; an upload in the sidebar's panel over a draft of its name
    (`drop_drafts_uploaded_over`)."""
    return {**(st.session_state.get(DRAFTS_KEY) or {}), **{file.name: file.getvalue() for file in _admitted_files()}}


MAX_SESSION_DRAFTS = 5  # drafts one session may add on the drafting page


def uploads_besides(file_name: str) -> tuple[tuple[str, bytes], ...]:
    """This session's other uploads and drafts, (name, bytes): what a draft named `file_name` is checked beside."""
    return tuple((name, raw) for name, raw in uploaded_files().items() if name != file_name)


def draft_standing(file_name: str, raw: bytes) -> str:
    """What adding the draft `raw` as `file_name` would do to this session's uploads: "shadows" when the sidebar's panel
    holds an upload of that name (adding would replace it, unsaid: an attack's edited copy of a draft, uploaded,
    vanished when the draft was added; so it is not added), "replaces" when a different draft of that name was added,
    "added" when this very draft was, "new" otherwise."""
    if file_name in sidebar_upload_names():
        return "shadows"
    added = st.session_state.get(DRAFTS_KEY) or {}
    if file_name not in added:
        return "new"
    return "added" if added[file_name] == raw else "replaces"


def drop_drafts_uploaded_over() -> list[str]:
    """The names of the drafts added in this session that a sidebar upload of the same name now replaces, removed from
    the session. The upload is the reader's later act: a draft added, downloaded, edited and uploaded again (an attack:
    the old draft went on being served, unsaid, and the edited upload never took effect)."""
    drafts = st.session_state.get(DRAFTS_KEY) or {}
    over = sorted(set(drafts) & sidebar_upload_names())
    for name in over:
        del drafts[name]
    return over


def add_draft(file_name: str, raw: bytes) -> bool:
    """Add the draft to this session's uploads, replacing one of its name; False, and nothing added, when the session
    already holds MAX_SESSION_DRAFTS others or the sidebar's panel an upload of that name."""
    added = st.session_state.setdefault(DRAFTS_KEY, {})
    if file_name in sidebar_upload_names() or (file_name not in added and len(added) >= MAX_SESSION_DRAFTS):
        return False
    added[file_name] = raw
    return True


UPLOAD_FINGERPRINT_KEY = "_upload_fingerprint"


def _uploads_fingerprint() -> str | None:
    """The fingerprint of this session's uploads (analytics.corpus.version.uploads_fingerprint), None without any.
    Every cached call of a session with uploads is keyed on it, so the files are hashed once per set of files, not
    on every call (5 MB of uploads took 3 ms a hash): a set is known by the uploader's file ids and sizes and the
    drafts' bytes objects, which a new file or draft replaces."""
    files, drafts = _admitted_files(), st.session_state.get(DRAFTS_KEY) or {}
    if not files and not drafts:
        return None
    identity = (tuple((file.file_id, file.name, file.size) for file in files),
                tuple((name, id(raw), len(raw)) for name, raw in drafts.items()))
    kept = st.session_state.get(UPLOAD_FINGERPRINT_KEY)
    if kept is None or kept[0] != identity:
        kept = (identity, uploads_fingerprint(uploaded_files()))
        st.session_state[UPLOAD_FINGERPRINT_KEY] = kept
    return kept[1]


def _cache_key() -> str | None:
    """What the shared caches are keyed on: the data directory and its full digest (the shown version is its
    first 8 hex digits; the disk cache outlives the process, so it keys on all of them). None when the
    session has uploads: their analyses are computed for that session alone, never put in a cache other
    sessions read."""
    return None if _uploads_fingerprint() else f"{paths.DATA_DIR}|{_data_digest(str(paths.DATA_DIR))}"


class _Shared:
    """Results kept once for all sessions, least recently used dropped beyond `size`.

    A plain dict keyed on plain values (function name, data version, filter values), not Streamlit's
    cache: that one inspects the function's signature and hashes every argument on every call, which
    cost more than the page's own work on a warm rerun (issue 15).

    One computation per missing entry: a session asking for an entry another session is computing waits for
    it (30 sessions opening the same page at 100× computed the same analyses 30 times at once: 900 MB peak).
    If the computing run fails or is stopped, a waiter computes the entry itself; it never fails or stops
    because another session's run did.
    """

    def __init__(self, size: int):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()
        self.computing: dict = {}  # key → threading.Event set when its computation ends, either way

    def get(self, key, build):
        while True:
            with self.lock:
                if key in self.entries:
                    self.entries.move_to_end(key)
                    return self.entries[key]
                done = self.computing.get(key)
                if done is None:
                    done = self.computing[key] = threading.Event()
                    break  # this caller computes
            done.wait()  # another session computes it: then look again (its result, or compute if it failed)
        try:
            value = build()
            with self.lock:
                self.entries[key] = value
                _MEMORY.grown(evicted=max(0, len(self.entries) - self.size))
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
            return value
        finally:
            with self.lock:
                self.computing.pop(key, None)
            done.set()


class _LongLived:
    """Keeps what lives as long as the server out of the garbage collector's way (issue 15).

    Streamlit runs a full collection after every script run; it walks every tracked object, and the
    shared results, figures and imported page modules are most of them. At the start of a run after
    one that added shared entries, `gc.freeze()` moves what is alive into the permanent generation;
    Streamlit's collection after the previous run has already removed that run's garbage, so little
    else is frozen. Frozen objects are still freed when nothing refers to them; only a reference
    cycle among them would stay, so after EVICTIONS dropped entries everything is unfrozen and
    collected once, then frozen again.

    A freeze also takes in the sessions alive at that moment (their state, widgets, connection), and a session is a
    web of cycles: once it ends, it is garbage only a full collection finds, and frozen it is never looked at. After
    the 30-user load test at 100×, every session gone, 768 sockets and 1,617 widgets' metadata were still alive
    (bench/RESULTS.md, seventeenth round). So whatever was frozen is also unfrozen and collected at most once every
    COLLECT_EVERY_S seconds, off the readers' runs: on the trimming thread (ui/web/memory.py), which goes on until
    after the last closed tab's session has expired.
    """

    EVICTIONS = 64
    COLLECT_EVERY_S = 60.0

    def __init__(self, clock=time.monotonic):
        self.lock, self.pending, self.evicted = threading.Lock(), True, 0  # pending: the first run's imports
        self.clock, self.frozen, self.collected_at = clock, False, clock()

    def grown(self, evicted: int) -> None:
        with self.lock:
            self.pending, self.evicted = True, self.evicted + evicted

    def settle(self) -> str | None:
        """Called first thing in every run; says what it did ('freeze', 'collect', or None)."""
        with self.lock:
            if not self.pending:
                return None
            self.pending, collect = False, self.evicted >= self.EVICTIONS
            if collect:
                self._collect()
            gc.freeze()
            self.frozen = True
            return "collect" if collect else "freeze"

    def collect_if_due(self, last: bool = False) -> bool:
        """Unfreeze, collect and freeze again if something was frozen and the last full collection is COLLECT_EVERY_S
        old, or this is the `last` trim after the runs (ui/web/memory.py): what ended since (sessions) is freed. Called
        on the trimming thread; says whether it collected."""
        with self.lock:
            if not self.frozen or (not last and self.clock() - self.collected_at < self.COLLECT_EVERY_S):
                return False
            self._collect()
            gc.freeze()
            return True

    def _collect(self) -> None:  # under self.lock
        self.evicted, self.collected_at = 0, self.clock()
        gc.unfreeze()
        gc.collect()


_MEMORY = _LongLived()
settle_memory = _MEMORY.settle
TRIMMER.also(_MEMORY.collect_if_due)  # on each trim, before it: what a full collection frees is then given back too


def _plain_key(value):
    """`value` as part of a cache key: itself when hashable, else a digest of its contents."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        origin = _origin(value)
        if origin is not None:
            return ("analysis", origin)  # straight from analysis(): keyed by where it came from
        return ("frame", _frame_digest(value))
    try:
        hash(value)
        return value
    except TypeError:
        return ("repr", type(value).__name__, repr(value))


def _frame_digest(frame) -> str:
    labels = list(frame.columns) if isinstance(frame, pd.DataFrame) else [frame.name]
    digest = hashlib.sha1(repr(labels).encode())
    try:
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    except TypeError:  # unhashable cells (lists): their pickled form
        digest.update(pickle.dumps(frame))
    return digest.hexdigest()


_PERSISTED = Persisted(CACHE_DIR / "analyses")
_ANALYSES, _FIGURES, _TABLES, _TEXTS = _Shared(200), _Shared(300), _Shared(200), _Shared(100)
_SHARED = {"figures": _FIGURES, "tables": _TABLES, "texts": _TEXTS}


class _Tags:
    """A tag per live object, by identity (frames cannot be dict keys), forgotten when the object goes.
    The weak reference is checked on every lookup, so a reused id never finds another object's tag."""

    def __init__(self):
        self.tags: dict[int, tuple[weakref.ref, object]] = {}

    def put(self, value, tag) -> None:
        ident = id(value)
        self.tags[ident] = (weakref.ref(value, lambda ref, ident=ident: self._forget(ident, ref)), tag)

    def get(self, value):
        entry = self.tags.get(id(value))
        return entry[1] if entry is not None and entry[0]() is value else None

    def _forget(self, ident: int, ref) -> None:
        entry = self.tags.get(ident)
        if entry is not None and entry[0] is ref:
            self.tags.pop(ident, None)


# Where each frame handed out by analysis() came from ("function|data|arguments"): figure() keys its cache
# on that text instead of hashing the frame's contents on every run (issue 15).
_ORIGINS = _Tags()
# Tables made by shown_table(), already escaped for the screen (ui.report.safe.plain_table).
_PLAIN = _Tags()
# Their Arrow form, made once (screen_form).
_ARROW = _Tags()


def _remember(result, origin: str):
    """A shallow copy of a shared result (pandas copy-on-write: changing the copy never reaches the
    cache), registered with where it came from; tuples, dicts and dataclasses holding frames: the same for each frame."""
    if isinstance(result, tuple) and any(isinstance(part, (pd.DataFrame, pd.Series)) for part in result):
        return tuple(_remember(part, f"{origin}[{i}]") for i, part in enumerate(result))  # e.g. (nodes, edges)
    if isinstance(result, dict) and any(isinstance(part, (pd.DataFrame, pd.Series)) for part in result.values()):
        # e.g. the data page's tables by name: a deep copy of every table per run, held by its download buttons for as
        # long as the session lived, was 1.3 MB per session at 100× (bench/RESULTS.md, seventeenth round)
        return {name: _remember(part, f"{origin}[{name!r}]") for name, part in result.items()}
    if dataclasses.is_dataclass(result) and not isinstance(result, type):  # e.g. a programme's profile
        return dataclasses.replace(result, **{field.name: _remember(getattr(result, field.name), f"{origin}.{field.name}")
                                              for field in dataclasses.fields(result) if field.init})
    if not isinstance(result, (pd.DataFrame, pd.Series)):
        return copy.deepcopy(result)  # small values (dicts, lists of rows): a private copy
    out = result.copy(deep=False)
    _ORIGINS.put(out, origin)
    return out


def _origin(value) -> str | None:
    return _ORIGINS.get(value)


def analysis(fn, *args, **kwargs):
    """`fn(session corpus, *args, **kwargs)`, computed once per data version and arguments.

    Every page rerun (a filter change elsewhere, an edited chart title, another session with the same
    filters) then reads the result instead of recomputing it. One copy of each result is kept for all
    sessions; callers get a shallow copy-on-write copy, so they may change it without touching the cache.
    """
    key = _cache_key()
    name, kwargs_key = analysis_name(fn), tuple(sorted(kwargs.items()))
    cache_key = (name, key or _uploads_key(), tuple(map(_plain_key, args)),
                 tuple((k, _plain_key(v)) for k, v in kwargs_key))
    if key is None:  # a session with uploads: its own results, never shared nor written to disk
        result = _session_store("analyses").get(cache_key, lambda: fn(session_corpus(), *args, **kwargs))
    else:  # in memory for this process; on disk per data version when slow to compute (ui/web/persist.py)
        result = _ANALYSES.get(cache_key, lambda: _PERSISTED.get(cache_key, lambda: fn(session_corpus(), *args, **kwargs)))
    return _remember(result, repr(cache_key))


def figure(builder, *args, **kwargs):
    """A chart builder's figure, built once per data version and arguments.

    Frames that come straight from analysis() are keyed by where they came from (function, data
    version, arguments), not by hashing their contents; any other argument is hashed as usual.
    Shared, not copied: callers must not change the figure (show_chart and the exports work on copies).
    """
    return _built("figures", builder, args, kwargs)


def shown_table(builder, *args, **kwargs):
    """A table as shown (display names, the reader's language), built once per data version and
    arguments, as figure() does for charts: a rerun that changes nothing in it rebuilds nothing.
    `builder` returns a table, or a tuple whose first item is the table (e.g. with its caption).
    Already escaped for the screen (`plain_table`), so show_table need not do it on every run.
    Shared: callers must not change it."""
    built = _built("tables", _plain_of(builder), args, kwargs)
    _PLAIN.put(built[0] if isinstance(built, tuple) else built, True)
    return built


def shown_text(builder, *args, **kwargs):
    """A text (markdown), or texts by id (a picker's option names), as shown, built once per data version and
    arguments, as figure() does for charts. `builder` escapes what it puts in (ui.report.safe); shared, like the
    figures: callers must not change it."""
    return _built("texts", builder, args, kwargs)


def is_plain(table) -> bool:
    """Whether `table` came from shown_table() (escaped once, when it was built)."""
    return _PLAIN.get(table) is True


def screen_form(table: pd.DataFrame):
    """What st.dataframe is handed: a shown_table() table in Arrow form, converted once; any other table
    escaped now (`plain_table`). st.dataframe converts a pandas frame to Arrow on every run, reading text
    columns one value at a time: at 100× the departments page's two tables cost 10 ms of each click (issue 15).
    A table Arrow cannot take as it is (mixed kinds in a column) is handed over as pandas, which Streamlit mends."""
    if not is_plain(table):
        return plain_table(table)
    made = _ARROW.get(table)
    if made is None:
        try:
            made = pa.Table.from_pandas(table, preserve_index=False)
        except (pa.ArrowException, TypeError, ValueError):
            made = False  # not the table itself: a tag must not keep its own object alive
        _ARROW.put(table, made)
    return table if made is False else made


def _plain_of(builder):
    @functools.wraps(builder)
    def plain_built(*args, **kwargs):
        built = builder(*args, **kwargs)
        return (plain_table(built[0]), *built[1:]) if isinstance(built, tuple) else plain_table(built)
    return plain_built


def _built(kind: str, builder, args: tuple, kwargs: dict):
    key = _cache_key()
    rest = args[1:] if args and isinstance(args[0], Corpus) else args  # the corpus is the data version's
    cache_key = (analysis_name(builder), key or _uploads_key(), tuple(map(_plain_key, rest)),
                 tuple((k, _plain_key(v)) for k, v in sorted(kwargs.items())))
    store = _SHARED[kind] if key is not None else _session_store(kind)
    return store.get(cache_key, lambda: builder(*args, **kwargs))


def session_corpus() -> Corpus:
    """The curated corpus plus this session's uploads.

    Uploads are checked against the curated corpus this server holds (so their ids cannot collide with it, and their
    links may point into it), in a worker (analytics/isolated.py), and the result is kept in this session's state
    only: never written to data/, never in a shared cache.
    """
    fingerprint = _uploads_fingerprint()
    if fingerprint is None:
        return cached_corpus()
    return _checked_uploads(fingerprint).corpus


def _checked_uploads(fingerprint: str) -> Checked:
    """The corpus with this session's uploads (whose fingerprint is given) and the worker's first results, checked
    once per set of uploads."""
    kept = st.session_state.get(UPLOAD_CORPUS_KEY)
    if kept is None or kept[0] != fingerprint:
        # checked in a worker process with a deadline (analytics/isolated.py): no upload can hold the server
        kept = (fingerprint, corpus_with_uploads(uploaded_files(), cached_corpus(), paths.DATA_DIR, paths.SEEDS_DIR))
        st.session_state[UPLOAD_CORPUS_KEY] = kept
    return kept[1]


UPLOAD_CORPUS_KEY, UPLOAD_RESULTS_KEY = "_upload_corpus", "_upload_results"
# A session with uploads keeps its own results, as many of each kind as this: it computes each once per set of uploads
# (before, every run of every page computed them again: the data page's reuse search on crafted uploads cost 25–27 s
# of the server's CPU per visit), and they go with the session.
SESSION_STORE_SIZE = 32


def _uploads_key() -> str:
    """What a session's own results are keyed on: its uploads' fingerprint."""
    return f"uploads:{_uploads_fingerprint()}"


def _session_store(kind: str) -> _Shared:
    """This session's store of `kind` ("analyses", "figures", "tables", "texts"), for its current uploads; a new
    set of uploads starts new stores, the analyses' holding what the upload worker computed (analytics/isolated.py)."""
    fingerprint = _uploads_fingerprint()
    kept = st.session_state.get(UPLOAD_RESULTS_KEY)
    if kept is None or kept[0] != fingerprint:
        stores = {name: _Shared(SESSION_STORE_SIZE) for name in ("analyses", *_SHARED)}
        for name, result in _checked_uploads(fingerprint).results.items():  # keyed as analysis() keys them (no arguments)
            stores["analyses"].entries[(name, _uploads_key(), (), ())] = result
        kept = (fingerprint, stores)
        st.session_state[UPLOAD_RESULTS_KEY] = kept
    return kept[1][kind]


# The data version, worked out once per data directory and process (read many times per run: a plain memo,
# not Streamlit's cache machinery). Hashing every file takes seconds at 1000× (issue 15), so the first run
# starts it on another thread as this module is imported, while the imports and the corpus snapshot proceed
# (hashing and reading let other threads run); the first caller waits for it. A failed one is tried again.
_VERSIONS: dict[str, Future] = {}
_VERSIONS_LOCK = threading.Lock()
_VERSION_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="data-version")


def _data_version_future(data_dir: str) -> Future:
    with _VERSIONS_LOCK:
        future = _VERSIONS.get(data_dir)
        if future is None or (future.done() and future.exception() is not None):
            if len(_VERSIONS) >= 8:  # a few data directories per process (tests switch them): bounded
                _VERSIONS.pop(next(iter(_VERSIONS)))
            future = _VERSIONS[data_dir] = _VERSION_WORKER.submit(data_digest, Path(data_dir))
        return future


def _data_digest(data_dir: str) -> str:
    return _data_version_future(data_dir).result()


def _data_version(data_dir: str) -> str:
    return version_of(_data_digest(data_dir))


_data_version_future(str(paths.DATA_DIR))  # started now, waited for by the first run's first caller


def current_data_version() -> str:
    return marked(_data_version(str(paths.DATA_DIR)), _uploads_fingerprint())
