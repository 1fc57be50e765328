"""Profile warm page reruns (and the corpus load) at a corpus size with pyinstrument.

A development tool, not part of the app or its tests: pyinstrument is not in requirements.txt.

    .venv/bin/pip install pyinstrument
    .venv/bin/python bench/profile_pages.py --size 100 --pages breakdown,departments --out /tmp/profiles

AppTest runs the page script in its own thread, which a pyinstrument profiler started in the main
thread does not see; so the profiler is started inside that thread, around ScriptRunner._run_script.
Each page: one unprofiled first run, then --repeats profiled warm reruns; the text report shows the
call tree (seconds summed over the reruns) and an HTML report is written next to it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PAGES, ROOT, allow_large_registries  # noqa: E402
from bench.generate import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--pages", default="", help="comma-separated page names (default: every page)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--load", action="store_true", help="also profile one corpus load")
    parser.add_argument("--out", type=Path, default=Path("profiles"))
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("pyinstrument is missing: .venv/bin/pip install pyinstrument") from None
    from streamlit import logger as st_logger
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.testing.v1 import AppTest

    from analytics import paths
    from analytics.corpus import load_corpus

    st_logger.set_log_level("error")
    args.out.mkdir(parents=True, exist_ok=True)
    active: dict = {"profiler": None}
    original = ScriptRunner._run_script

    def profiled(self, rerun_data):
        profiler = active["profiler"]
        if profiler is None:
            return original(self, rerun_data)
        profiler.start()
        try:
            return original(self, rerun_data)
        finally:
            profiler.stop()

    ScriptRunner._run_script = profiled
    pages = [p for p in PAGES if not args.pages or p.name in args.pages.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        data_dir = generate(args.size, Path(tmp) / "corpus")
        allow_large_registries(data_dir)
        if args.load:
            profiler = Profiler(interval=0.005)
            profiler.start()
            load_corpus(data_dir, paths.SEEDS_DIR)
            profiler.stop()
            _report(profiler, args.out / f"load-{args.size}x")
        paths.DATA_DIR = data_dir
        AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900).run()  # loads the corpus into the cache
        for page in pages:
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900)
            at.run()
            if page.url:  # not the default page
                at.switch_page(page.script).run()
            profiler = Profiler(interval=0.005)
            active["profiler"] = profiler
            start = time.perf_counter()
            for _ in range(args.repeats):
                at.run()
            wall = (time.perf_counter() - start) / args.repeats
            active["profiler"] = None
            print(f"\n===== {page.name} at {args.size}×: {wall:.3f} s per warm at.run() "
                  f"(profile sums {args.repeats} reruns) =====")
            _report(profiler, args.out / f"{page.name}-{args.size}x")
    return 0


def _report(profiler, stem: Path) -> None:
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    stem.with_suffix(".txt").write_text(text, encoding="utf-8")
    stem.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    raise SystemExit(main())
