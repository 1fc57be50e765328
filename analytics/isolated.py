"""Checking a researcher's uploads where they cannot hold up the server: a worker process with a deadline.

Uploads are a public door. Whatever they hold, their validation, the corpus built with them and the
first run of every analysis happen in a separate process. The dashboard waits for it without holding
Python's interpreter lock, so other sessions go on being served; a worker that overruns
UPLOAD_DEADLINE_S is killed and the uploads are refused with a message, and the session goes on with
the curated corpus. The worker also runs at a lower CPU priority, so on a busy machine other users'
pages come first.

The analyses are bounded on their own (linear patterns, field length caps, bounded alignments); the
deadline is the guarantee for whatever was missed. The worker's results of the analyses it ran are handed back with
the corpus, so the session uses them rather than computing them again in the server, where no deadline holds: ten
crafted files within the session's totals made the reuse search score 19,000 pairs of 2,000-character texts, 25–27 s
of the server's CPU on every visit to the data page (issue 15).

The worker checks the uploads against the snapshot the server's curated corpus was read from (its key goes with the
request; analytics/corpus/snapshot.py) instead of validating every curated file again: at 100× the corpus with one
upload is built in 0.7 s instead of 10.7 s, and it is the same corpus (tests/test_bad_input.py). It then sends back
only what the uploads add, which the server joins to the corpus it holds: the joined tables share the curated texts
(Arrow strings) instead of holding an unpickled copy of the whole corpus per upload session (63 MB at 100×).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from analytics import paths
from analytics.corpus import Corpus, load_corpus
from analytics.corpus import Problem, snapshot, tables, upload_label, yamlio
from analytics.corpus.keyed import MISSING, hash_tree, read_keyed, write_keyed
from analytics.corpus.problems import coded

UPLOAD_DEADLINE_S = 30.0  # the example upload takes about 2 s here (most of it starting Python), 7 s with the
# machine four times over-booked; the digit-run file is refused by the text length cap in the same time
# The deadline guards against uploads made to be slow, not against the curated corpus's own size: the worker also
# reads the snapshot and analyses the whole corpus with the uploads, which at 1000× (206,000 curated tasks) took 29 s
# of the 30 (bench/RESULTS.md, twentieth round). So the deadline grows by this much per curated task: 1×: + 0.02 s,
# 100×: + 2 s, 1000×: + 21 s.
DEADLINE_PER_CURATED_TASK_S = 100e-6
WORKER_NICENESS = 10
# Workers running at once, for all sessions, upload checks and drafts together. Each takes up to a core and, at the
# session totals' worst case (ten crafted files, bench/upload_session.py), 570 MB: without a bound, thirty strangers
# uploading at once started thirty. A session whose turn has not come within its deadline is refused, saying why.
MAX_WORKERS = 2
_WORKERS = threading.BoundedSemaphore(MAX_WORKERS)


@dataclasses.dataclass(frozen=True)
class Checked:
    """The corpus with a session's uploads, and what the worker computed from it: {analysis name: result}, names as
    `analysis_name` gives them (empty when the uploads were refused)."""

    corpus: Corpus
    results: Mapping[str, object]


def analysis_name(fn) -> str:
    """How an analysis is named in `Checked.results` and in the dashboard's caches: module and qualified name."""
    return f"{fn.__module__}.{fn.__qualname__}"


def upload_deadline(curated: Corpus | None) -> float:
    """Seconds an upload check may wait for its turn, and then run: UPLOAD_DEADLINE_S and the curated corpus's share."""
    return UPLOAD_DEADLINE_S + DEADLINE_PER_CURATED_TASK_S * (len(curated.tasks) if curated is not None else 0)


def check_uploads(
    uploads: Mapping[str, bytes],
    data_dir: Path,
    seeds_dir: Path,
    deadline: float | None = None,
    curated: Corpus | None = None,
) -> Checked | tuple[Problem, ...]:
    """The corpus with `uploads` ({file name: bytes}), checked and analysed in a worker process, with the results
    of those analyses; or, when the worker overran `deadline` seconds or failed, one problem per upload saying so.

    The worker is a fresh `python -m analytics.isolated` (not a fork of the threaded server, and
    independent of how the server was started); its answer is a pickle of our own objects. At most MAX_WORKERS run
    at once: a check waits up to `deadline` seconds for its turn, then has `deadline` seconds to run.
    When the `curated` corpus this process holds was read from a snapshot, the worker checks the uploads against that
    snapshot and sends back only what they add, which is joined to `curated` here (uploaded_corpus).
    `deadline`: by default upload_deadline(curated).
    """
    deadline = upload_deadline(curated) if deadline is None else deadline
    with worker_turn(deadline) as turn:
        if not turn:
            return _refused(uploads, f"the server was checking other uploads and had no room for this one within "
                                     f"{deadline:.3g} s: upload it again in a minute", "upload_busy",
                            s=f"{deadline:.3g}")
        return _check_in_worker(uploads, data_dir, seeds_dir, deadline, curated)


@contextlib.contextmanager
def worker_turn(wait: float) -> Iterator[bool]:
    """One of the MAX_WORKERS turns that upload checks and drafts (analytics.draft.isolated) share, held while the
    block runs: True when it came within `wait` seconds, else False (and nothing is held)."""
    turn = _WORKERS.acquire(timeout=wait)
    try:
        yield turn
    finally:
        if turn:
            _WORKERS.release()


def _check_in_worker(uploads: Mapping[str, bytes], data_dir: Path, seeds_dir: Path, deadline: float,
                     curated: Corpus | None) -> Checked | tuple[Problem, ...]:
    # the server's reading caps go with the request: a curated file it serves under a raised cap (the benchmark's large
    # registries) is read under the same cap here, or no upload could ever be added to that corpus
    key = curated.snapshot_key if curated is not None else None
    request = pickle.dumps((dict(uploads), str(Path(data_dir).absolute()), str(Path(seeds_dir).absolute()),
                            str(snapshot.CACHE_DIR), key, (yamlio.MAX_BYTES, yamlio.MAX_DEPTH)))
    worker = subprocess.Popen([sys.executable, "-m", "analytics.isolated"], cwd=paths.ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        answer, errors = worker.communicate(request, timeout=deadline)
        kind, value = pickle.loads(answer) if worker.returncode == 0 and answer else (
            "failed", (errors.decode("utf-8", "replace").strip().splitlines() or ["no answer"])[-1][:200])
    except subprocess.TimeoutExpired:
        kind, value = "overrun", None
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.communicate()
    if kind == "ok":
        shape, corpus, results = value
        return Checked(tables.joined(curated, corpus) if shape == "added" else corpus, results)
    if kind == "overrun":
        return _refused(uploads, f"checking this upload took longer than {deadline:.3g} s and was stopped: upload one "
                                 "programme per file, with task texts as printed (a typical extract is checked in about a "
                                 "second)", "upload_overrun", s=f"{deadline:.3g}")
    return _refused(uploads, f"this upload could not be checked ({value}): compare it with the template and upload it "
                             "again")


def _refused(uploads: Mapping[str, bytes], reason: str, code: str = "", **params) -> tuple[Problem, ...]:
    """One problem per upload, on its line 1: `reason` in English, `code` and `params` for the catalogue's wording
    (ui/report/i18n.py problem_<code>)."""
    return tuple(Problem(upload_label(name), 1, reason, code=code, params=coded(params)) for name in uploads)


def corpus_with_uploads(
    uploads: Mapping[str, bytes], curated: Corpus, data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR,
    deadline: float | None = None,
) -> Checked:
    """What a session with uploads sees: the checked corpus with them and the worker's results, or the `curated`
    corpus plus one problem per upload when checking them overran or failed (and no results)."""
    checked = check_uploads(uploads, data_dir, seeds_dir, deadline, curated)
    if isinstance(checked, Checked):
        return checked
    return Checked(dataclasses.replace(curated, problems=(*curated.problems, *checked)), {})


INHERITANCE_KIND = "inheritance"  # the curated corpus's inheritance table, beside its snapshot (snapshot.companion_path)


@dataclasses.dataclass(frozen=True)
class KeptInheritance:
    """Where the curated corpus's inheritance table (breakdown.inheritance_by_task) is kept for the uploads checked
    against one snapshot, and the tasks those uploads add. The table is kept beside the snapshot under its key plus
    the code that computes it, as the drafting model is (analytics.draft.knowledge): the first upload of a data
    version writes the curated children's rows, later uploads read them and align only their own tasks' links. Its
    key is the snapshot's plus every module under analytics/ (as ui/web/persist.py's entries)."""

    path: Path
    key: str
    added: tuple[str, ...]  # the uploads' task ids

    @classmethod
    def beside(cls, data_dir: Path, key: str, cache_dir: Path, added: Corpus) -> KeptInheritance:
        digest = hashlib.sha256(key.encode())
        hash_tree(digest, paths.ROOT / "analytics", "*.py")  # the analyses' code, as ui/web/persist.py keys its entries
        return cls(snapshot.companion_path(snapshot.snapshot_path(data_dir, key, cache_dir), INHERITANCE_KIND),
                   digest.hexdigest(), tuple(added.tasks.task_id))

    def inheritance(self, corpus: Corpus) -> pd.DataFrame:
        """inheritance_by_task(corpus), from the kept rows when there are some."""
        from analytics.breakdown import inheritance_by_task

        known = read_keyed(self.path, self.key, pd.DataFrame)
        if known is not MISSING:
            return inheritance_by_task(corpus, known=known)
        table = inheritance_by_task(corpus)
        curated = ~tables.is_in(table.task_id, pd.Series(self.added, dtype=table.task_id.dtype))
        try:
            write_keyed(self.path, self.key, table[curated].reset_index(drop=True))
        except OSError:
            pass  # a read-only cache: computed again next time
        return table


def first_analyses(corpus: Corpus, kept: KeptInheritance | None = None) -> dict[str, object]:
    """Every analysis the pages run on the whole corpus, once, so an upload that would make one of them
    slow is refused here rather than stalling a page later; returns the results of those the pages ask for
    without arguments, by `analysis_name`. With `kept`, the curated tasks' inheritance is read from there."""
    from analytics.commitments import commitments
    from analytics.outputs.export import analysis_tables
    from analytics.search import search_tasks

    found = commitments(corpus)  # once for both (1.2 s at 1000× each time it was made)
    search_tasks(corpus, has_commitment=True, found=found)
    inheritance = kept.inheritance(corpus) if kept is not None else None
    return {analysis_name(analysis_tables): analysis_tables(corpus, inheritance, found)}


def uploaded_corpus(uploads: Mapping[str, bytes], data_dir: Path, seeds_dir: Path, cache_dir: Path,
                    key: str | None) -> tuple[str, Corpus, Corpus]:
    """The corpus with `uploads`, as ("added", what they add, the corpus) when they were checked against the snapshot
    of `key` (the server's curated corpus), or ("whole", the corpus, the corpus) when there is no such snapshot (the
    curated files have errors, the cache folder cannot be written, or the data changed since the server read them)
    and every curated file was validated again with them."""
    settled = snapshot.settled_corpus(data_dir, key, cache_dir) if key else None
    if settled is None:
        corpus = load_corpus(data_dir, seeds_dir, uploads=uploads)
        return "whole", corpus, corpus
    added = tables.uploads_added(*settled, uploads, data_dir, seeds_dir)
    return "added", added, tables.joined(settled[0], added)


def _work() -> None:
    """The worker: request on stdin; on stdout, pickled, ("ok", (shape, corpus, results)) as uploaded_corpus gives
    shape and corpus (what the uploads add, or the whole corpus), or ("failed", reason)."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    request = pickle.loads(sys.stdin.buffer.read())
    uploads, data_dir, seeds_dir, cache_dir, key, (yamlio.MAX_BYTES, yamlio.MAX_DEPTH) = request
    try:
        shape, sent, corpus = uploaded_corpus(uploads, Path(data_dir), Path(seeds_dir), Path(cache_dir), key)
        kept = KeptInheritance.beside(Path(data_dir), key, Path(cache_dir), sent) if shape == "added" else None
        answer = ("ok", (shape, sent, first_analyses(corpus, kept)))
    except Exception as exc:  # reported to the session; the server itself never sees the exception
        answer = ("failed", f"{type(exc).__name__}: {exc}")
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _work()
