"""`streamlit run` with a measuring hook inside the server process (benchmark only).

    BENCH_HOOK_LOG=/tmp/runs.jsonl python bench/serve.py run dashboard.py --server.port 8650

Before handing over to Streamlit's own command line this installs two things in the server process:

- a wrapper around `ScriptRunner._run_script` (the function a script thread calls for every script
  run, fragment reruns included, and which ends with Streamlit's post-run `gc.collect(2)`): for each
  run it appends one JSON line to $BENCH_HOOK_LOG with the run's wall time, the script thread's CPU
  time (`time.thread_time`), the time the cyclic garbage collector spent *in that thread* during the run
  (from `gc.callbacks`, split into full and young collections), whether it was a fragment rerun, the page,
  and the process's resident memory when it ended;
- a `gc.callbacks` hook that times every collection in every thread.

Nothing else changes: the app, its config and Streamlit's options are the ones `streamlit run` uses.
$BENCH_PROFILE=DIR writes a cProfile of every script run to DIR/run-NNNN.prof (profiling only: it inflates times).
$BENCH_PARTS_LOG=FILE writes each run's CPU part by part, uninflated (bench/parts.py; `python bench/parts.py FILE` sums it up).
$BENCH_TRACEMALLOC=PREFIX traces allocations (tracemalloc, 25 frames: slow) and writes PREFIX-N.snapshot on each SIGUSR1,
for `python -m tracemalloc`-style comparisons of what sessions hold (memory only: never time a traced server).
$BENCH_MEMORY_LOG=FILE appends the server's memory (resident, Arrow, glibc heap used and free, send queues) every second;
with $BENCH_MEMORY_STACKS_ABOVE=MB, each new high above MB also records what every thread is running; with
$BENCH_MEMORY_CENSUS=1, the first sample after the sessions held fell from several to none also counts the objects
alive by type (gc.get_objects(), the 40 commonest), before and after a full collection; $BENCH_REFERRERS=Type adds
what holds three of that type (see `_census`).
$BENCH_BASELINE turns improvements off (see `baseline`); $BENCH_MAX_BYTES raises analytics.corpus.yamlio.MAX_BYTES in the server (the 100× unit registry is over the cap).
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_local = threading.local()
_lock = threading.Lock()


def _gc_callback(phase: str, info: dict) -> None:
    if phase == "start":
        _local.gc_start = time.perf_counter()
        _local.gc_cpu_start = time.thread_time()
        return
    start = getattr(_local, "gc_start", None)
    if start is None:
        return
    spent, spent_cpu = time.perf_counter() - start, time.thread_time() - _local.gc_cpu_start
    _local.gc_start = None
    totals = getattr(_local, "totals", None)
    if totals is not None:
        totals["gc_s"] += spent
        totals["gc_cpu_s"] += spent_cpu
        totals["gc_n"] += 1
        if info.get("generation") == 2:
            totals["gc_full_s"] += spent
            totals["gc_full_cpu_s"] += spent_cpu
            totals["gc_full_n"] += 1


def _arrow_mb() -> float | None:
    """What Arrow's memory pool holds now (pandas' strings and Streamlit's tables live there, out of tracemalloc's sight)."""
    allocated = getattr(sys.modules.get("pyarrow"), "total_allocated_bytes", None)  # None while pyarrow is being imported
    return None if allocated is None else allocated() / 2**20


def _runtime():
    """Streamlit's running Runtime, or None; never imports Streamlit (the memory thread starts while the main thread
    is importing it, and a second importer would see a half-made module: the app's runs then fail)."""
    module = sys.modules.get("streamlit.runtime.runtime")
    runtime_class = getattr(module, "Runtime", None)
    return getattr(runtime_class, "_instance", None)


def _sessions() -> dict:
    """Sessions the server holds: connected, and all (with those kept for a reconnect: Streamlit keeps a closed tab's
    session up to server.disconnectedSessionTTL seconds, at most 128 of them)."""
    try:
        manager = _runtime()._session_mgr
        return {"sessions_active": manager.num_active_sessions(), "sessions_held": len(manager.list_sessions())}
    except Exception:  # noqa: BLE001 - a measurement only: not started yet, or another Streamlit version names these otherwise
        return {}


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def _heap() -> dict:
    """glibc's heap (mallinfo2): what Python and the libraries hold in it, what is free inside it but still
    resident or mapped (the high-water mark a heap keeps), and large blocks mapped on their own; plus the bytes
    waiting in every browser's send queue (a slow browser's messages are held there)."""
    out: dict = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("RssAnon:", "RssFile:")):  # anonymous memory (heaps, Python's arenas, stacks) and mapped files
            out["anon_mb" if line.startswith("RssAnon") else "file_mb"] = int(line.split()[1]) / 1024
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _Mallinfo2
        info = libc.mallinfo2()
        out |= {"heap_used_mb": info.uordblks / 2**20, "heap_free_mb": info.fordblks / 2**20, "mmap_mb": info.hblkhd / 2**20}
    except (OSError, AttributeError):  # not glibc, or older than 2.33
        pass
    try:
        queued = 0
        for info in _runtime()._session_mgr.list_sessions():
            queue = getattr(info.client, "_send_queue", None)
            queued += sum(len(b) for b in list(getattr(queue, "_queue", ())))
        out["send_queue_mb"] = queued / 2**20
    except Exception:  # noqa: BLE001 - a measurement only: another Streamlit version may name these otherwise
        pass
    return out


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def install(log_path: str | None) -> None:
    """Wrap the script runner and start timing collections; one JSON line per script run to log_path."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    gc.callbacks.append(_gc_callback)
    original = ScriptRunner._run_script
    profile_dir = os.environ.get("BENCH_PROFILE")
    counter = iter(range(1_000_000))

    def timed_run_script(self, rerun_data):
        _local.totals = {"gc_s": 0.0, "gc_cpu_s": 0.0, "gc_n": 0, "gc_full_s": 0.0, "gc_full_cpu_s": 0.0, "gc_full_n": 0}
        started, wall0, cpu0 = time.time(), time.perf_counter(), time.thread_time()
        profiler = None
        if profile_dir:
            import cProfile

            profiler = cProfile.Profile(time.thread_time)  # CPU of the script thread, not wall (shared machine)
            profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            if profiler is not None:
                profiler.disable()
                Path(profile_dir).mkdir(parents=True, exist_ok=True)
                profiler.dump_stats(str(Path(profile_dir) / f"run-{next(counter):04d}.prof"))
            record = {
                "t_start": started, "t_end": time.time(), "wall_s": time.perf_counter() - wall0,
                "cpu_s": time.thread_time() - cpu0, **_local.totals,
                "fragment": bool(rerun_data.fragment_id_queue), "page": rerun_data.page_name or "",
                "query": rerun_data.query_string, "rss_mb": _rss_mb(), "arrow_mb": _arrow_mb(), **_sessions(), **_heap(), "frozen": gc.get_freeze_count(),
            }
            _local.totals = None
            if log_path:
                with _lock, open(log_path, "a", encoding="utf-8") as out:
                    out.write(json.dumps(record) + "\n")

    ScriptRunner._run_script = timed_run_script


def baseline(switches: str) -> None:
    """Turn improvements off to measure each one in the same tree: $BENCH_BASELINE is a comma list of
    `snapshot` (validate on every cold start, as before the snapshot), `freeze` (no gc.freeze()) and
    `pool` (charts draw every programme, as before analytics.scale), `memo` (names rebuilt per call), `turns`
    (every page computes at once, as before ui.web.frame.PAGE_RUNS_AT_ONCE), `trim` (no malloc_trim after runs,
    as before ui.web.memory) and `arrow` (Arrow keeps its own allocator, mimalloc, as before
    ui.web.memory.arrow_on_the_c_heap)."""
    names = {s.strip() for s in switches.split(",") if s.strip()}
    if "snapshot" in names:
        from analytics import corpus
        from analytics.corpus import snapshot

        snapshot.served_corpus = lambda data_dir, seeds_dir, *a, **k: corpus.load_corpus(data_dir, seeds_dir)
    if "freeze" in names:
        gc.freeze = lambda: None
    if "trim" in names:
        when_imported("ui.web.memory", lambda memory: setattr(memory.TRIMMER, "_trim", None))
    if "arrow" in names:
        def own_allocator(memory) -> None:
            import pyarrow

            pyarrow.set_memory_pool(pyarrow.mimalloc_memory_pool())

        when_imported("ui.web.memory", own_allocator)
    if "pool" in names:
        from analytics import scale

        scale.pool_groups = lambda table, n, **columns: (table, 0)
    if "memo" in names:
        from analytics import memo

        memo.per_table = lambda table, key, build: dict(build())
    if "turns" in names:
        import threading

        when_imported("ui.web.frame", lambda frame: setattr(frame, "_page_turns", threading.BoundedSemaphore(10_000)))


def when_imported(name: str, action) -> None:
    """`action(module)` right after the app first imports module `name`, which is not imported now: importing it at
    launch (pandas and the corpus code with it) made the server answer half a second later and moved that import
    out of the first run, so the cold start's marks were not the ones `streamlit run dashboard.py` shows."""
    import importlib.abc
    import importlib.util

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname != name:
                return None
            sys.meta_path.remove(self)  # once, and not while finding the spec below
            spec = importlib.util.find_spec(fullname)
            run_body = spec.loader.exec_module

            def exec_module(module):
                run_body(module)
                action(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Finder())


def trace_allocations(prefix: str) -> None:
    """Trace allocations from now on; each SIGUSR1 writes a snapshot, after a full collection, to PREFIX-N.snapshot."""
    import itertools
    import signal
    import tracemalloc

    tracemalloc.start(25)
    counter = itertools.count(1)

    def dump(*_):
        gc.collect()
        tracemalloc.take_snapshot().dump(f"{prefix}-{next(counter)}.snapshot")

    signal.signal(signal.SIGUSR1, dump)


def _stacks() -> dict[str, list[str]]:
    """Each thread's innermost 12 frames of project code or Streamlit (file:line function), by thread name."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    out = {}
    for ident, frame in sys._current_frames().items():
        lines = []
        while frame is not None and len(lines) < 12:
            code = frame.f_code
            if "site-packages" not in code.co_filename or "streamlit" in code.co_filename:
                lines.append(f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}")
            frame = frame.f_back
        out[f"{names.get(ident, ident)}"] = lines
    return out


def _type_name(o) -> str:
    """An object's type by its full name, as the census counts it."""
    return f"{type(o).__module__}.{type(o).__qualname__}"


def _census(top: int = 40) -> dict:
    """The objects the cyclic collector tracks (containers: instances, dicts, lists, frames; not numpy's arrays or
    strings), counted by type, the `top` commonest; those the app froze out of collections (gc.freeze) included, and
    counted apart. `types` counts them as found, garbage frozen before it could be collected included; `reachable`
    counts what is left after a full collection of everything (unfrozen first): what is really held. With
    $BENCH_REFERRERS=TypeName (qualified name, as in `types`), `paths` gives, for up to three such objects left, the
    shortest chain of referrers from a root (a module's globals, or an object nothing tracked refers to: a thread's
    running frame, a C-level reference). To see frozen objects it unfreezes and freezes again, which freezes what was
    not frozen before, and the collection frees what the app had not: a diagnostic for the end of a test, not for a
    server still being measured."""
    import contextlib
    from collections import Counter

    kind = _type_name
    # The app's trimming thread unfreezes, collects and freezes again (ui.web.data._LongLived), under its lock: a
    # freeze between this unfreeze and gc.get_objects() would hide everything alive from the count (get_objects
    # lists no frozen object), as a test once found. Counted under the same lock.
    data = sys.modules.get("ui.web.data")
    with data._MEMORY.lock if data is not None else contextlib.nullcontext():
        gc.collect()
        frozen = gc.get_freeze_count()
        gc.unfreeze()
        found = Counter(kind(o) for o in gc.get_objects())
        gc.collect()
        objects = gc.get_objects()
        kinds = Counter(kind(o) for o in objects)
        out = {"objects": sum(found.values()), "frozen": frozen, "types": dict(found.most_common(top)),
               "reachable_objects": len(objects), "reachable": dict(kinds.most_common(top))}
        wanted = os.environ.get("BENCH_REFERRERS")
        if wanted:
            out["paths"] = _referrer_paths(objects, [o for o in objects if kind(o) == wanted][:3])
        del objects
        gc.freeze()
    return out


def _referrer_paths(objects: list, targets: list, most: int = 400_000) -> list[list[str]]:
    """For each target, the shortest chain root → … → target over the referrer graph of `objects` (built once:
    every object's referents), each step described (its type, and the key or attribute holding the next)."""
    import types
    from collections import deque

    modules = {id(vars(m)): name for name, m in list(sys.modules.items()) if hasattr(m, "__dict__")}
    ours = {id(objects), id(targets)}
    referrers: dict[int, list[int]] = {}
    by_id = {}
    for o in objects:
        if id(o) in ours or isinstance(o, types.FrameType) and o.f_code.co_filename == __file__:
            continue
        by_id[id(o)] = o
        for r in gc.get_referents(o):
            referrers.setdefault(id(r), []).append(id(o))

    def step(holder, held) -> str:
        name = f"module {modules[id(holder)]}" if id(holder) in modules else _type_name(holder)
        if isinstance(holder, dict):
            keys = [k for k, v in holder.items() if v is held][:1]
            return f"{name}[{keys[0]!r}]" if keys else f"{name} (a key)"
        if isinstance(holder, types.FrameType):
            return f"frame {Path(holder.f_code.co_filename).name}:{holder.f_lineno} {holder.f_code.co_name}"
        return name

    paths = []
    for target in targets:
        start, parent, queue, root = id(target), {id(target): None}, deque([id(target)]), None
        while queue and len(parent) < most:
            node = queue.popleft()
            holders = [h for h in referrers.get(node, []) if h in by_id]
            if node in modules or (not holders and node != start):
                root = node
                break
            for h in holders:
                if h not in parent:
                    parent[h] = node
                    queue.append(h)
        chain, node = [], root
        while node is not None and node != start:
            chain.append(step(by_id[node], by_id.get(parent[node], target)))
            node = parent[node]
        paths.append(chain + [f"{type(target).__qualname__}"] if root is not None else ["no root within reach"])
    return paths


def sample_memory(log_path: str, every: float = 1.0, stop: threading.Event | None = None) -> threading.Thread:
    """A thread appending one JSON line every `every` seconds to log_path: resident memory, Arrow's pool, glibc's heap
    (used, free inside it, mapped apart), anonymous and file-backed resident memory, the browsers' send queues and the sessions held, between runs as well as
    during them (the run log above only sees the moments runs end). It runs until `stop` is set (in the server: for ever)."""

    stacks_above = float(os.environ.get("BENCH_MEMORY_STACKS_ABOVE") or "inf")
    stop = stop or threading.Event()

    def loop() -> None:
        highest, most_sessions, census = stacks_above, 0, bool(os.environ.get("BENCH_MEMORY_CENSUS"))
        while not stop.is_set():
            record = {"t": time.time(), "rss_mb": _rss_mb(), "arrow_mb": _arrow_mb(), **_sessions(), **_heap(),
                      "py_blocks": sys.getallocatedblocks(),  # Python's small-object allocator: blocks in use
                      "trims": getattr(getattr(sys.modules.get("ui.web.memory"), "TRIMMER", None), "trims", None)}
            if record["rss_mb"] > highest:  # a new high above $BENCH_MEMORY_STACKS_ABOVE MB: what every thread is running
                highest = record["rss_mb"] + 10
                record["stacks"] = _stacks()
            held = record.get("sessions_held") or 0
            most_sessions = max(most_sessions, held)
            if census and most_sessions > 1 and held == 0:  # every session gone: what is still alive
                record["census"], census = _census(), False
            with open(log_path, "a", encoding="utf-8") as out:
                out.write(json.dumps(record) + "\n")
            stop.wait(every)

    thread = threading.Thread(target=loop, name="bench-memory", daemon=True)
    thread.start()
    return thread


def main() -> None:
    if os.environ.get("BENCH_MEMORY_LOG"):
        sample_memory(os.environ["BENCH_MEMORY_LOG"])
    if os.environ.get("BENCH_TRACEMALLOC"):
        trace_allocations(os.environ["BENCH_TRACEMALLOC"])
    if os.environ.get("BENCH_MAX_BYTES"):
        cap = int(os.environ["BENCH_MAX_BYTES"])
        when_imported("analytics.corpus.yamlio", lambda yamlio: setattr(yamlio, "MAX_BYTES", max(yamlio.MAX_BYTES, cap)))
    baseline(os.environ.get("BENCH_BASELINE", ""))
    install(os.environ.get("BENCH_HOOK_LOG"))
    if os.environ.get("BENCH_PARTS_LOG"):
        from bench import parts

        parts.install(os.environ["BENCH_PARTS_LOG"])
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
