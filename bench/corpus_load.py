"""Load a K× corpus through the validated-corpus snapshot in one process: CPU, wall, peak memory.

    PAIRED_CACHE_DIR=/tmp/cache python bench/corpus_load.py /tmp/corpus-1000x    # first: builds the snapshot
    PAIRED_CACHE_DIR=/tmp/cache python bench/corpus_load.py /tmp/corpus-1000x    # then: reads it

Prints one JSON line: programmes, tasks, problems, wall and CPU seconds of `snapshot_corpus`, VmRSS and
VmHWM (peak) of the process, the load average before and after. The K× unit registry is over
analytics.corpus.yamlio.MAX_BYTES, so the cap is raised in this process (as bench/serve.py does).
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
from analytics.corpus import yamlio  # noqa: E402


def main(data: Path) -> dict:
    yamlio.MAX_BYTES = max(yamlio.MAX_BYTES, max(p.stat().st_size for p in data.rglob("*.yaml")) + 1)
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


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
