"""Drafting from the dashboard in a worker process with a deadline, like uploads (analytics.isolated).

A pasted or dropped text is a public door: whatever it holds, drafting it must not hold up the server.
The worker runs at a lower CPU priority, and takes one of the turns upload checks take too (at most
analytics.isolated.MAX_WORKERS workers at once); one that overruns DRAFT_DEADLINE_S is killed and the
researcher gets a message, as one whose turn does not come within it does. The input itself is bounded
before (analytics.draft.reading).

    python -m analytics.draft.isolated   # the worker: a pickled request on stdin, a pickled answer on stdout
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from analytics import paths
from analytics.draft.reading import DraftInputError
from analytics.isolated import worker_turn

DRAFT_DEADLINE_S = 60.0  # the longest seed (345 lines, two documents) drafts in about 3 s here, 7 s under load
WORKER_NICENESS = 10


def draft_in_worker(raw: bytes, name: str, parents: list[str], data_dir: Path = paths.DATA_DIR,
                    seeds_dir: Path = paths.SEEDS_DIR, deadline: float = DRAFT_DEADLINE_S) -> list:
    """The drafts of `raw` (see analytics.draft.draft_bytes), made in a separate process."""
    with worker_turn(deadline) as turn:  # shared with the upload checks: at most isolated.MAX_WORKERS at once
        if not turn:
            raise DraftInputError(f"the server was busy with other researchers' documents and had no room for this one "
                                  f"within {deadline:g} s: try again in a minute", "busy", s=f"{deadline:g}")
        return _draft(raw, name, parents, data_dir, seeds_dir, deadline)


def _draft(raw: bytes, name: str, parents: list[str], data_dir: Path, seeds_dir: Path, deadline: float) -> list:
    request = pickle.dumps((raw, name, list(parents), str(data_dir), str(seeds_dir)))
    try:
        done = subprocess.run([sys.executable, "-m", "analytics.draft.isolated"], input=request, capture_output=True,
                              timeout=deadline, cwd=paths.ROOT, env={**os.environ, "PYTHONPATH": str(paths.ROOT)})
    except subprocess.TimeoutExpired as exc:
        raise DraftInputError(f"drafting took longer than {deadline:.0f} s and was stopped: paste only the plan itself, "
                              "or split a long text", "overrun", s=f"{deadline:.0f}") from exc
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        raise DraftInputError(f"drafting failed ({last[:200]}): please report this with the file", "failed",
                              reason=last[:200])
    status, value = pickle.loads(done.stdout)  # our own worker's answer
    if status == "error":
        message, code, params = value
        raise DraftInputError(message, code, **params)
    return value


def _work() -> None:
    from analytics.draft import draft_bytes, load_knowledge

    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    raw, name, parents, data_dir, seeds_dir = pickle.loads(sys.stdin.buffer.read())
    try:
        answer = ("ok", draft_bytes(raw, name, load_knowledge(Path(data_dir), Path(seeds_dir)), parents=parents))
    except DraftInputError as exc:
        answer = ("error", (str(exc), exc.code, exc.params))
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _work()
