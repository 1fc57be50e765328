"""Drafting from the dashboard in a worker process with a deadline, like uploads (analytics.isolated).

A pasted or dropped text is a public door: whatever it holds, drafting it must not hold up the server.
The worker learns from the snapshot the server's curated corpus was read from (its key goes with the request, as
with uploads) and the theme model kept beside it (analytics.draft.knowledge): it validates nothing and trains once
per data version.
The worker runs at a lower CPU priority, and takes one of the turns upload checks take too (at most
analytics.isolated.MAX_WORKERS workers at once); one that overruns DRAFT_DEADLINE_S is killed and the
researcher gets a message, as one whose turn does not come within it does. The input itself is bounded
before (analytics.draft.reading), and read first, before the model is loaded, with the worker's address space held to
READING_MEMORY_MB more than it had: a PDF of 1 kB can unpack to gigabytes (an attack: a 0.97 MB stream of spaces
unpacked to 1 GB, the worker at 2.0 GB), which no size check before reading sees.

    python -m analytics.draft.isolated   # the worker: a pickled request on stdin, a pickled answer on stdout
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

from analytics import paths
from analytics.corpus import Corpus, snapshot, yamlio
from analytics.draft.reading import DraftInputError, read_input
from analytics.isolated import worker_turn

DRAFT_DEADLINE_S = 60.0  # the longest seed (345 lines, two documents) drafts in about 3 s here, 7 s under load
# the first draft of a data version also trains the theme model on every curated task: 2.7 s for 18,400 at 100×, 28 s
# for 206,000 at 1000× (bench/RESULTS.md, twenty-third round); the allowance leaves room for a slower or busier machine
TRAINING_S_PER_TASK = 300e-6
WORKER_NICENESS = 10
READING_MEMORY_MB = 1_000  # reading the longest seed as PDF adds about 60 MB; the attack's PDF wanted 2,000
READING, READ = "analytics.draft.isolated: reading\n", "analytics.draft.isolated: read\n"  # the worker's phase, on stderr


def draft_deadline(curated: Corpus | None) -> float:
    """How long a draft may take, given the server's curated corpus: the first draft of a data version trains the
    model on every curated task, which grows with the corpus (60 s, 66 s and 122 s at 1×, 100× and 1000×)."""
    return DRAFT_DEADLINE_S + TRAINING_S_PER_TASK * (0 if curated is None else len(curated.tasks))


def draft_in_worker(raw: bytes, name: str, parents: list[str], data_dir: Path = paths.DATA_DIR,
                    seeds_dir: Path = paths.SEEDS_DIR, deadline: float = DRAFT_DEADLINE_S, key: str | None = None) -> list:
    """The drafts of `raw` (see analytics.draft.draft_bytes), made in a separate process; `key`: the snapshot the
    server's curated corpus was read from (Corpus.snapshot_key), to learn from."""
    with worker_turn(deadline) as turn:  # shared with the upload checks: at most isolated.MAX_WORKERS at once
        if not turn:
            raise DraftInputError("busy", s=f"{deadline:g}")
        return _draft(raw, name, parents, data_dir, seeds_dir, deadline, key)


def _draft(raw: bytes, name: str, parents: list[str], data_dir: Path, seeds_dir: Path, deadline: float,
           key: str | None) -> list:
    reading_mb = READING_MEMORY_MB
    request = pickle.dumps((raw, name, list(parents), str(Path(data_dir).absolute()), str(Path(seeds_dir).absolute()),
                            key, str(snapshot.CACHE_DIR), (yamlio.MAX_BYTES, yamlio.MAX_DEPTH), reading_mb))
    try:
        done = subprocess.run([sys.executable, "-m", "analytics.draft.isolated"], input=request, capture_output=True,
                              timeout=deadline, cwd=paths.ROOT, env={**os.environ, "PYTHONPATH": str(paths.ROOT)})
    except subprocess.TimeoutExpired as exc:
        raise DraftInputError("overrun", s=f"{deadline:.0f}") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace")
        # died while reading under its memory bound: where memory runs out inside a library's C code, Python cannot
        # always raise MemoryError, and the worker ends on a fatal error or a segmentation fault (seen with a PDF page of
        # 600,000 characters, one run in two)
        if READING in said and READ not in said and ("MemoryError" in said or done.returncode == -signal.SIGSEGV):
            raise DraftInputError("too_heavy", limit=reading_mb)
        last = (said.strip().splitlines() or ["no message"])[-1]
        raise DraftInputError("failed", reason=last[:200])
    status, value = pickle.loads(done.stdout)  # our own worker's answer
    if status == "error":
        code, params = value
        raise DraftInputError(code, **params)
    return value


def read_bounded(raw: bytes, name: str, megabytes: int) -> list[tuple[str, int | None]]:
    """`read_input`, with this process's address space held to `megabytes` more than it has now: past it, the reading
    is refused (too_heavy) instead of taking the machine's memory. The worker's alone (the limit is the whole
    process's); where the system cannot say how much the process has, the input is read without it."""
    import resource

    try:
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return read_input(raw, name)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        return read_input(raw, name)
    except MemoryError as exc:
        raise DraftInputError("too_heavy", limit=megabytes) from exc
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _work() -> None:
    from analytics.draft import draft_read, load_knowledge

    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    import pyarrow  # the worker alone: the server sets its own (ui.web.memory.arrow_on_the_c_heap)

    # Arrow's buffers from the C library's heap, not Arrow's own allocator, which keeps the pages the snapshot's tables
    # leave when let go: training then reuses them (1000×: the first draft's peak 1,764 → 1,538 MB; bench/RESULTS.md,
    # twenty-seventh round)
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    request = pickle.loads(sys.stdin.buffer.read())
    raw, name, parents, data_dir, seeds_dir, key, cache_dir, (yamlio.MAX_BYTES, yamlio.MAX_DEPTH), reading_mb = request
    try:
        sys.stderr.write(READING)
        sys.stderr.flush()
        read = read_bounded(raw, name, reading_mb)
        sys.stderr.write(READ)
        knowledge = load_knowledge(Path(data_dir), Path(seeds_dir), key, Path(cache_dir))
        answer = ("ok", draft_read(read, name, knowledge, parents=parents))
    except DraftInputError as exc:
        answer = ("error", (exc.code, exc.params))
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _work()
