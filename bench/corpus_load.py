"""Load a K× corpus through the validated-corpus snapshot in one process: CPU, wall, peak memory.

    PAIRED_CACHE_DIR=/tmp/cache python bench/corpus_load.py /tmp/corpus-1000x    # first: builds the snapshot
    PAIRED_CACHE_DIR=/tmp/cache python bench/corpus_load.py /tmp/corpus-1000x    # then: reads it

Prints one JSON line: programmes, tasks, problems, wall and CPU seconds of `snapshot_corpus`, VmRSS and
VmHWM (peak) of the process, the load average before and after. The K× unit registry is over
analytics.corpus.yamlio.MAX_BYTES, so the cap is raised in this process (bench.common.allow_large_registries).

    PAIRED_CACHE_DIR=/tmp/cache python bench/corpus_load.py /tmp/corpus-1000x --worker

runs what a server without a snapshot runs instead: the worker process `python -m analytics.corpus.snapshot`, sent the
request the server sends (with the raised cap). Prints its wall seconds, its peak memory (the child's maxrss, read
from the kernel once it has ended), its answer and whether the snapshot is on disk afterwards.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analytics import paths  # noqa: E402
from bench.common import allow_large_registries  # noqa: E402


def main(data: Path) -> dict:
    allow_large_registries(data)
    from analytics.corpus.snapshot import snapshot_corpus

    load_start = Path("/proc/loadavg").read_text().split()[:3]
    wall, cpu = time.perf_counter(), time.process_time()
    corpus = snapshot_corpus(data, paths.SEEDS_DIR)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    memory = [line.strip() for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(("VmRSS", "VmHWM"))]
    return {"data": str(data), "programmes": len(corpus.programmes), "tasks": len(corpus.tasks),
            "problems": len(corpus.problems), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "memory": memory,
            "loadavg_start": load_start, "loadavg_end": Path("/proc/loadavg").read_text().split()[:3],
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}


def worker(data: Path) -> dict:
    import pickle
    import resource
    import subprocess

    from analytics.corpus import snapshot

    allow_large_registries(data)
    data, cache = data.absolute(), snapshot.CACHE_DIR
    request = pickle.dumps((str(data), str(paths.SEEDS_DIR.absolute()), str(cache), snapshot._limits()))
    wall = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analytics.corpus.snapshot"], input=request, capture_output=True,
                          cwd=ROOT, check=False)
    wall = time.perf_counter() - wall
    answer = pickle.loads(done.stdout) if done.returncode == 0 else None
    key = snapshot.snapshot_key(data, paths.SEEDS_DIR)
    return {"data": str(data), "exit": done.returncode, "answer": answer[0] if answer else done.stderr[-300:].decode(),
            "wall_s": round(wall, 2), "worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "snapshot_on_disk": snapshot.snapshot_path(data, key, cache).exists(),
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}


if __name__ == "__main__":
    print(json.dumps(worker(Path(sys.argv[1])) if "--worker" in sys.argv[2:] else main(Path(sys.argv[1]))))
