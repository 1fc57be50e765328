"""The drafting worker's first draft of a data version (it trains the theme model): wall time and the worker's peak.

    PAIRED_CACHE_DIR=/tmp/cache python bench/corpus_load.py /tmp/corpus-1000x --worker   # the snapshot, first
    PAIRED_CACHE_DIR=/tmp/cache python bench/draft_worker.py /tmp/corpus-1000x [--seed jn-ly.txt]

Drafts the seed in the worker process the drafting page uses (`analytics.draft.isolated.draft_in_worker`, with the
server's snapshot key), after removing the model kept beside that snapshot, so the worker trains as on a version's first
draft. Prints one JSON line: the drafts made, wall seconds, the worker's peak memory (the children's maxrss, read from
the kernel once it has ended: this process starts no other child) and whether the trained model was kept. The K×
unit registry is over analytics.corpus.yamlio.MAX_BYTES, so the cap is raised in this process (bench.common).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analytics import paths  # noqa: E402
from analytics.corpus import snapshot  # noqa: E402
from analytics.draft.knowledge import MODEL_KIND  # noqa: E402
from bench.common import allow_large_registries  # noqa: E402


def main(data: Path, seed: str) -> dict:
    allow_large_registries(data)
    from analytics.draft.isolated import draft_in_worker

    data, cache = data.absolute(), snapshot.CACHE_DIR
    key = snapshot.snapshot_key(data, paths.SEEDS_DIR)
    path = snapshot.snapshot_path(data, key, cache)
    if not path.exists():
        raise SystemExit(f"no snapshot of {data} in {cache}: run bench/corpus_load.py {data} --worker first")
    model = snapshot.companion_path(path, MODEL_KIND)  # this version's kept model only: other data's stay
    model.unlink(missing_ok=True)
    raw = (paths.SEEDS_DIR / seed).read_bytes()
    wall = time.perf_counter()
    drafts = draft_in_worker(raw, seed, [], data, paths.SEEDS_DIR, deadline=3600, key=key)
    wall = time.perf_counter() - wall
    return {"data": str(data), "seed": seed, "drafts": len(drafts), "wall_s": round(wall, 2),
            "worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "model_kept": model.exists(), "pid": os.getpid(),
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--seed", default="jn-ly.txt")
    args = parser.parse_args()
    print(json.dumps(main(args.data, args.seed)))
