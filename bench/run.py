"""Speed benchmark: the dashboard against Streamlit's own floor, at 1×, 10× and 100× the corpus.

    python bench/run.py                                   # sizes 1,10,100, 5 repeats, with the browser part
    python bench/run.py --sizes 1,2 --repeats 1 --browser-repeats 1 --json out.json

Every figure is a median over --repeats runs in this one process (wall time; the page table also
shows this process's CPU time, which other programs on a shared machine barely affect):

1. load: `check_data_dir` (read + validate) and `build_corpus` (tidy tables) on a K× corpus written by
   bench/generate.py into a temporary folder (copy 0 is the real corpus, so 1× is the real data);
2. pages: for every page, the time of a warm rerun under AppTest (`at.run()` after the page's first run,
   the corpus already cached): the script run on the server side plus AppTest's reading of the deltas,
   next to the same for a bare one-line page (`st.write`) measured at the same size, and the ratio;
   the pages are read from dashboard.py's PAGES, so a new page is measured without changing this file;
3. cold start (real corpus): from launching `streamlit run` to the overview fully drawn in Chromium
   (app idle, both plotly charts drawn), next to the same for the bare page;
4. filter → chart (real corpus, themes page): in the page, from the click on the sidebar 'measure' radio
   (share ↔ count) to the first animation frame in which the heatmap's SVG shows the new measure, and to
   the frame in which both measure-dependent charts are redrawn and the app is idle again.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BARE_PAGE,
    CHROMIUM,
    CLICK_JS,
    CHROMIUM_FLAGS,
    PAGES,
    ROOT,
    Server,
    allow_large_registries,
    chromium_available,
    error_js,
    loadavg,
    machine,
    median,
    ready_js,
    write_bare,
)
from bench.generate import generate  # noqa: E402

TARGETS = {
    "warm_ratio_1x": 3.0,  # warm page rerun ≤ 3× the bare page at 1×
    "page_s_100x": 1.0,  # every page under 1 s server time at 100×
    "linearity": 1.5,  # load time per programme at the largest size ≤ 1.5× the one at 1× ("roughly linear")
    "filter_ms_1x": 300.0,  # filter change → chart drawn
}


# ----------------------------------------------------------------------------------------------
# 1. Load
# ----------------------------------------------------------------------------------------------


def bench_load(data_dir: Path, repeats: int) -> dict:
    from analytics import paths
    from analytics.corpus import build_corpus
    from analytics.corpus import check_data_dir

    validate, build, total, cpu = [], [], [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = check_data_dir(data_dir, paths.SEEDS_DIR)
        middle = time.perf_counter()
        corpus = build_corpus(result)
        end = time.perf_counter()
        cpu.append(time.process_time() - start_cpu)
        validate.append(middle - start)
        build.append(end - middle)
        total.append(end - start)
    return {"programmes": len(corpus.programmes), "tasks": len(corpus.tasks), "task_units": len(corpus.task_units),
            "problems": len(result.problems), "validate_s": median(validate), "build_s": median(build),
            "load_s": median(total), "load_cpu_s": median(cpu), "samples_s": total}


# ----------------------------------------------------------------------------------------------
# 2. Warm reruns under AppTest
# ----------------------------------------------------------------------------------------------


def _apptest(script: Path, timeout: float):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(script), default_timeout=timeout)


class PageError(RuntimeError):
    pass


def _raise_on_exception(at, what: str) -> None:
    if at.exception:
        details = [getattr(e, "message", "") or str(getattr(e, "value", "")) for e in at.exception]
        stacks = [" | ".join(getattr(e, "stack_trace", [])[-2:]) for e in at.exception]
        raise PageError(f"{what} raised: {details} {stacks}"[:1000])


def _time_runs(at, repeats: int, what: str) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (this process, all threads) of `repeats` reruns."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        _raise_on_exception(at, what)
    return wall, cpu


def bench_pages(data_dir: Path, bare: Path, repeats: int, pages, timeout: float) -> dict:
    """Warm reruns of every page and of the bare page; a page that raises is reported, not timed."""
    from streamlit import logger as st_logger

    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api"):
        # AppTest outside a server warns "missing ScriptRunContext" / "No runtime found": harmless here
        st_logger.get_logger(name).addFilter(lambda record: record.levelno >= 40)

    from analytics import paths
    from ui.web import data as state

    paths.DATA_DIR = data_dir  # ui.web.data.cached_corpus() reads it at call time and caches per directory
    app = ROOT / "dashboard.py"
    out: dict = {"pages": {}, "errors": {}}

    start = time.perf_counter()  # the session that loads the corpus into the cache (not a warm figure)
    at = _apptest(app, timeout)
    at.run()
    out["first_session_with_load_s"] = time.perf_counter() - start
    _raise_on_exception(at, "dashboard")

    at = _apptest(bare, timeout)
    at.run()
    wall, cpu = _time_runs(at, max(4 * repeats, 20), "bare page")  # cheap, small and noisy: more runs
    out["bare_s"], out["bare_cpu_s"] = median(wall), median(cpu)

    for page in pages:
        try:
            at = _apptest(app, timeout)
            start = time.perf_counter()
            at.run()
            if page.url:  # not the default page
                at.switch_page(page.script).run()
            first = time.perf_counter() - start
            _raise_on_exception(at, page.name)
            samples, cpu = _time_runs(at, repeats, page.name)
        except Exception as exc:  # noqa: BLE001 - reported per page, the others still run
            out["errors"][page.name] = f"{type(exc).__name__}: {exc}"[:1000]
            print(f"  {page.name}: ERROR {out['errors'][page.name][:300]}", flush=True)
            continue
        out["pages"][page.name] = {"warm_s": median(samples), "first_s": first, "ratio": median(samples) / out["bare_s"],
                                   "warm_cpu_s": median(cpu), "cpu_ratio": median(cpu) / out["bare_cpu_s"],
                                   "samples_s": samples}
    state.forget_corpora()  # free this size's corpus before the next
    return out


# ----------------------------------------------------------------------------------------------
# 3–4. Browser
# ----------------------------------------------------------------------------------------------


def _wait_ready(page, target, timeout_ms: float) -> None:
    page.wait_for_function("() => !!document.querySelector('h1, [data-testid=stMarkdown]')", timeout=timeout_ms)
    page.wait_for_function(ready_js(target), timeout=timeout_ms, polling="raf")
    problem = page.evaluate(error_js())
    if problem:
        raise RuntimeError(f"{target.name}: {problem}")


def cold_start(browser, script: Path, target, repeats: int, timeout_ms: float) -> dict:
    health, first = [], []
    for _ in range(repeats):
        server = Server(script)
        context = browser.new_context(viewport={"width": 1280, "height": 1600})
        page = context.new_page()
        try:
            server.start()
            page.goto(f"{server.url}/{target.url}")
            _wait_ready(page, target, timeout_ms)
            done = time.perf_counter()
            health.append(server.healthy - server.started)
            first.append(done - server.started)
        finally:
            context.close()
            server.stop()
    return {"health_s": median(health), "first_render_s": median(first), "samples_s": first}




FILTER_TIMEOUT_MS = 60_000  # a filter change that takes longer is a failure, not a figure


def filter_to_chart(browser, repeats: int, timeout_ms: float) -> dict:
    from ui.report.i18n import t

    themes = next(p for p in PAGES if p.name == "themes")
    first, settled = [], []
    with Server(ROOT / "dashboard.py") as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1600})
        page = context.new_page()
        try:
            page.goto(server.url)  # the first deep link after start answers "Page not found" (README)
            _wait_ready(page, PAGES[0], timeout_ms)
            page.goto(f"{server.url}/{themes.url}")
            _wait_ready(page, themes, timeout_ms)
            measure = "share"
            for index in range(repeats + 1):  # the first toggle warms up and is not counted
                measure = "count" if measure == "share" else "share"
                expected = f"{t('measure_' + measure, 'zh')} · {t('scope_primary', 'zh')}"
                result = page.evaluate(CLICK_JS, [t("measure", "zh"), t("measure_" + measure, "zh"), expected,
                                                   min(timeout_ms, FILTER_TIMEOUT_MS)])
                _wait_ready(page, themes, timeout_ms)
                page.wait_for_timeout(300)
                if index:
                    first.append(result["first_chart_ms"])
                    settled.append(result["settled_ms"])
        finally:
            context.close()
    return {"first_chart_ms": median(first), "settled_ms": median(settled), "samples_first_ms": first,
            "samples_settled_ms": settled}


def bench_browser(bare: Path, repeats: int, timeout_ms: float) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            return {
                "cold_start": {"app": cold_start(browser, ROOT / "dashboard.py", PAGES[0], repeats, timeout_ms),
                               "bare": cold_start(browser, bare, BARE_PAGE, repeats, timeout_ms)},
                "filter_to_chart": filter_to_chart(browser, repeats, timeout_ms),
            }
        finally:
            browser.close()


# ----------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------


def targets(report: dict) -> dict:
    sizes = sorted(int(s) for s in report["pages"])
    out = {}

    def worst(size: str, key: str) -> tuple[str, float, list[str]]:
        rows = report["pages"][size]["pages"]
        name = max(rows, key=lambda n: rows[n][key]) if rows else ""
        return name, rows[name][key] if rows else float("nan"), sorted(report["pages"][size]["errors"])

    if 1 in sizes:
        name, value, errors = worst("1", "ratio")
        out["warm_ratio_1x"] = {"target": f"≤ {TARGETS['warm_ratio_1x']}× bare", "worst_page": name, "value": value,
                                "errors": errors, "met": value <= TARGETS["warm_ratio_1x"] and not errors}
    big = str(sizes[-1])
    name, value, errors = worst(big, "warm_s")
    out["page_s_largest"] = {"target": f"< {TARGETS['page_s_100x']} s at 100×", "size": int(big), "worst_page": name,
                             "value": value, "errors": errors, "met": value < TARGETS["page_s_100x"] and not errors}
    load = report["load"]
    small, large = str(min(int(s) for s in load)), str(max(int(s) for s in load))
    per = {s: load[s]["load_s"] / load[s]["programmes"] for s in (small, large)}
    growth = per[large] / per[small]
    out["load_linear"] = {"target": f"time per programme at {large}× ≤ {TARGETS['linearity']}× that at {small}×",
                          "value": growth, "met": growth <= TARGETS["linearity"]}
    if "browser" in report:
        value = report["browser"]["filter_to_chart"]["first_chart_ms"]
        out["filter_ms_1x"] = {"target": f"< {TARGETS['filter_ms_1x']:.0f} ms", "value": value,
                               "met": value < TARGETS["filter_ms_1x"]}
    return out


def print_report(report: dict) -> None:
    m = report["machine"]
    print(f"\nmachine: {m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, Streamlit {m['streamlit']}")
    print(f"load average (1/5/15 min) at start {m['loadavg_at_start']}, at end {m.get('loadavg_at_end')}")
    print(f"repeats: {report['args']['repeats']} (medians)\n")
    print("LOAD (read + validate, build tables)")
    print(f"{'size':>5} {'progs':>6} {'tasks':>6} {'validate s':>11} {'build s':>8} {'load s':>8} {'ms/prog':>8} {'vs 1×':>6}"
          f" {'cpu s':>8}")
    base = None
    for size, row in sorted(report["load"].items(), key=lambda kv: int(kv[0])):
        per = 1000 * row["load_s"] / row["programmes"]
        base = base or per
        print(f"{size + '×':>5} {row['programmes']:>6} {row['tasks']:>6} {row['validate_s']:>11.3f} {row['build_s']:>8.3f} "
              f"{row['load_s']:>8.3f} {per:>8.2f} {per / base:>6.2f} {row['load_cpu_s']:>8.3f}")
    for size, note in report.get("notes", {}).items():
        print(f"  note {size}×: {note}")

    print("\nWARM RERUN PER PAGE (AppTest at.run(), wall seconds; ratio = page / bare page; cpu = process CPU s)")
    sizes = sorted(report["pages"], key=int)
    header = f"{'page':<12}" + "".join(f"{s + '× s':>10}{'ratio':>7}{'cpu':>7}" for s in sizes)
    print(header)
    names = list(dict.fromkeys(n for s in sizes for n in [*report["pages"][s]["pages"], *report["pages"][s]["errors"]]))
    for name in names:
        cells = ""
        for s in sizes:
            row = report["pages"][s]["pages"].get(name)
            cells += f"{row['warm_s']:>10.3f}{row['ratio']:>7.1f}{row['warm_cpu_s']:>7.3f}" if row else f"{'ERROR':>10}{'':>14}"
        print(f"{name:<12}{cells}")
    print(f"{'bare':<12}" + "".join(f"{report['pages'][s]['bare_s']:>10.3f}{1:>7.1f}{report['pages'][s]['bare_cpu_s']:>7.3f}"
                                    for s in sizes))
    print("first session, including the corpus load: "
          + ", ".join(f"{s}× {report['pages'][s]['first_session_with_load_s']:.2f} s" for s in sizes))

    if "browser" in report:
        b = report["browser"]
        print("\nCOLD START (real corpus; launch → health / → first page fully drawn in Chromium, seconds)")
        for name in ("app", "bare"):
            row = b["cold_start"][name]
            print(f"{name:<6} health {row['health_s']:.2f}   first page drawn {row['first_render_s']:.2f}")
        f = b["filter_to_chart"]
        print("\nFILTER → CHART (themes page, sidebar 'measure' radio; ms from click)")
        print(f"heatmap redrawn {f['first_chart_ms']:.0f}   both measure charts redrawn and app idle {f['settled_ms']:.0f}")

    if report.get("warnings"):
        print("\nWARNINGS raised while timing (count: where)")
        for where, count in report["warnings"].items():
            print(f"{count:>7}: {where}")

    print("\nTARGETS")
    for name, row in report["targets"].items():
        value = row["value"]
        extra = f" ({row['worst_page']})" if "worst_page" in row else ""
        extra += f"; pages with errors: {', '.join(row['errors'])}" if row.get("errors") else ""
        print(f"{'MET   ' if row['met'] else 'MISSED'} {name:<16} {value:.3f}{extra}   target {row['target']}")


WARNINGS: Counter = Counter()


def _count_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Count warnings (e.g. pandas' PerformanceWarning at 100×) instead of printing thousands of them."""
    WARNINGS[f"{category.__name__} at {Path(filename).relative_to(ROOT) if Path(filename).is_relative_to(ROOT) else filename}"
             f":{lineno}: {str(message)[:100]}"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="corpus multiples, comma-separated (default 1,10,100)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure for load and warm reruns (median)")
    parser.add_argument("--browser-repeats", type=int, default=3, help="cold starts and filter changes (median)")
    parser.add_argument("--pages", default="", help="only these pages, comma-separated (default: all)")
    parser.add_argument("--skip-browser", action="store_true", help="skip cold start and filter → chart")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one page run may take")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    pages = [p for p in PAGES if not args.pages or p.name in args.pages.split(",")]
    warnings.showwarning = _count_warning

    report: dict = {"machine": machine(), "args": {**vars(args), "json": str(args.json) if args.json else None},
                    "generate_s": {}, "load": {}, "pages": {}, "notes": {}}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        bare = write_bare(tmp / "bare")
        for size in sizes:
            start = time.perf_counter()
            data_dir = generate(size, tmp / f"corpus-{size}x")
            report["generate_s"][str(size)] = time.perf_counter() - start
            raised = allow_large_registries(data_dir)
            if raised:
                report["notes"][str(size)] = (f"largest registry file is {raised:,} bytes, over analytics.corpus.yamlio.MAX_BYTES; "
                                              "the cap was raised in the benchmark process only")
            print(f"{size}×: generated in {report['generate_s'][str(size)]:.1f} s; timing load …", flush=True)
            report["load"][str(size)] = bench_load(data_dir, args.repeats)
            if report["load"][str(size)]["problems"]:
                raise SystemExit(f"{size}× corpus has validation problems")
            print(f"{size}×: load {report['load'][str(size)]['load_s']:.2f} s; timing pages …", flush=True)
            report["pages"][str(size)] = bench_pages(data_dir, bare, args.repeats, pages, args.timeout)
        if not args.skip_browser:
            if chromium_available():
                print("browser: cold starts and filter → chart …", flush=True)
                report["browser"] = bench_browser(bare, args.browser_repeats, args.timeout * 1000)
            else:
                report["notes"]["browser"] = f"skipped: {CHROMIUM} or playwright missing"
    report["machine"]["loadavg_at_end"] = loadavg()
    report["warnings"] = dict(WARNINGS.most_common())
    report["targets"] = targets(report)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {args.json}")
    errors = {size: sorted(row["errors"]) for size, row in report["pages"].items() if row["errors"]}
    if errors:
        print(f"\npages that raised: {errors}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
