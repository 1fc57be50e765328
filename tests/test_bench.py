"""Smoke tests for bench/: the generated corpora validate, and both scripts run at tiny sizes.

No timing thresholds here: the figures are judged by a person reading bench/RESULTS.md. These tests
only keep the scripts from rotting (they run, and write JSON with the expected keys and positive numbers).
"""

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
import yaml

from analytics import paths
from analytics.corpus import check_data_dir
from bench.common import PAGES, SERVER_ENV, chromium_available
from bench.generate import generate

HAS_BROWSER = chromium_available()


@pytest.mark.parametrize("copies, programmes, tasks", [(1, 7, 206), (3, 21, 3 * 206)])
def test_generated_corpus_validates(tmp_path, copies, programmes, tasks):
    data_dir = generate(copies, tmp_path / "corpus")
    result = check_data_dir(data_dir, paths.SEEDS_DIR)
    assert [str(p) for p in result.problems] == []
    assert len(result.programmes) == programmes
    assert sum(len(p.model.tasks) for p in result.programmes) == tasks
    for prog in result.programmes:  # file name = programme id
        assert prog.path.stem == prog.model.programme.id


def _copy_of(identifier: str) -> int:
    """Copy number encoded in an id ('-c3', '_c3' suffix on the programme/place part; none = copy 0)."""
    head = identifier.split("/")[0].split(".")[0]
    for sep in ("-c", "_c"):
        stem, found, number = head.rpartition(sep)
        if found and number.isdigit():
            return int(number)
    return 0


@pytest.fixture(scope="module")
def three_copies(tmp_path_factory):
    data_dir = generate(3, tmp_path_factory.mktemp("bench") / "corpus")
    registry = data_dir / paths.REGISTRY_SUBDIR
    places = yaml.safe_load((registry / "places.yaml").read_text(encoding="utf-8"))
    units = yaml.safe_load((registry / "units.yaml").read_text(encoding="utf-8"))
    programmes = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((data_dir / "programmes").glob("*.yaml"))]
    return places, units, programmes


@pytest.mark.parametrize("kind", ["programme", "task", "place", "pairing", "unit", "place name", "programme label"])
def test_generated_ids_are_unique(three_copies, kind):
    places, units, programmes = three_copies
    values = {
        "programme": [p["programme"]["id"] for p in programmes],
        "task": [t["id"] for p in programmes for t in p["tasks"]],
        "place": [p["id"] for p in places["places"]],
        "pairing": [p["id"] for p in places["pairings"]],
        "unit": [u["id"] for u in units],
        "place name": [p["zh"] for p in places["places"]],
        "programme label": [p["programme"]["short_zh"] for p in programmes],
    }[kind]
    assert len(values) > 0
    assert [v for v, n in Counter(values).items() if n > 1] == []
    assert Counter(_copy_of(v) for v in values if kind not in ("place name", "programme label")) in (
        Counter(), Counter({k: len(values) // 3 for k in range(3)}))


def test_links_stay_within_their_copy(three_copies):
    places, units, programmes = three_copies
    references = []  # (owner id, referenced id)
    for prog in programmes:
        meta = prog["programme"]
        own = meta["id"]
        references += [(own, meta["pairing"])] + [(own, p) for p in meta["helper"] + meta["recipient"]]
        references += [(own, p["programme"]) for p in meta["parents"]] + [(own, p["task"]) for p in meta["parents"] if p.get("task")]
        for task in prog["tasks"]:
            references += [(own, task["id"])] + [(own, link["task"]) for link in task["parents"]]
            references += [(own, body) for clause in task["units"] for body in clause["bodies"]]
    for place in places["places"]:
        references += [(place["id"], place["province"])] + ([(place["id"], place["parent"])] if place["parent"] else [])
    for pairing in places["pairings"]:
        references += [(pairing["id"], pairing["helper"]), (pairing["id"], pairing["recipient"])]
        references += [(pairing["id"], p) for p in pairing["named_in"]]
    references += [(unit["id"], unit["place"]) for unit in units]
    crossing = [(a, b) for a, b in references if _copy_of(a) != _copy_of(b)]
    assert len(references) > 1000 and crossing == []


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def _run_json(tmp_path, args: list[str], timeout: float) -> tuple[subprocess.CompletedProcess, dict]:
    """A bench script run with `--json FILE` added: what it printed, and the report it wrote."""
    out = tmp_path / "report.json"
    done = _run([*args, "--json", str(out)], timeout=timeout)
    return done, json.loads(out.read_text(encoding="utf-8"))


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and value > 0


def test_run_script_writes_its_figures(tmp_path):
    args = ["bench/run.py", "--sizes", "1,2", "--repeats", "1", "--browser-repeats", "1"]
    done, report = _run_json(tmp_path, args + ([] if HAS_BROWSER else ["--skip-browser"]), timeout=240)
    assert "WARM RERUN PER PAGE" in done.stdout and "TARGETS" in done.stdout
    assert {"machine", "load", "pages", "targets", "generate_s"} <= set(report)
    for size, programmes in (("1", 7), ("2", 14)):
        load = report["load"][size]
        assert load["programmes"] == programmes and load["problems"] == 0
        assert all(_positive(load[key]) for key in ("validate_s", "build_s", "load_s"))
        pages = report["pages"][size]
        assert _positive(pages["bare_s"]) and _positive(pages["first_session_with_load_s"])
        assert set(pages["pages"]) == {p.name for p in PAGES}
        for row in pages["pages"].values():
            assert _positive(row["warm_s"]) and _positive(row["first_s"]) and _positive(row["ratio"])
    assert {"warm_ratio_1x", "page_s_largest", "load_linear"} <= set(report["targets"])
    if HAS_BROWSER:
        browser = report["browser"]
        for name in ("app", "bare"):
            assert _positive(browser["cold_start"][name]["health_s"])
            assert browser["cold_start"][name]["first_render_s"] > browser["cold_start"][name]["health_s"]
        assert _positive(browser["filter_to_chart"]["first_chart_ms"])
        assert browser["filter_to_chart"]["settled_ms"] >= browser["filter_to_chart"]["first_chart_ms"]
        assert "filter_ms_1x" in report["targets"]


@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_load_script_reports_no_errors(tmp_path):
    done, report = _run_json(tmp_path, ["bench/load.py", "2", "--pages", "overview,explorer"], timeout=240)
    assert "errors: 0" in done.stdout
    assert report["sessions"] == 2 and report["visits"] == 4 and report["errors"] == 0
    assert report["slowest"]["page"] in {"overview", "explorer"} and _positive(report["slowest"]["s"])
    assert all(_positive(report["memory_mb"][k]) for k in ("start", "after_warmup", "peak", "after"))
    assert _positive(report["wall_s"]) and report["server_cpu_s"] >= 0
    assert set(report["pages"]) == {"overview", "explorer"}
    # the server's own count, from its run log: 2 users' sessions connected at once at most, and the closed ones kept
    # for a reconnect besides (2 users × 2 visits and the warm-up: at most 5 sessions)
    held = report["sessions_held"]
    assert 1 <= held["connected_max"] <= 3 and held["connected_max"] <= held["held_max"] <= 5
    assert set(report["peak_during"]) <= {"overview", "explorer"}


# ---- the real-server benchmark (bench/server.py, bench/serve.py, bench/floor_app.py) ----------------------


def _first_run(server, selector: str) -> list[dict]:
    """Open a hooked server's page once in Chromium, until `selector` shows and the run is logged."""
    from playwright.sync_api import sync_playwright

    from bench.common import CHROMIUM, CHROMIUM_FLAGS

    with server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page()
        page.goto(server.url)
        page.wait_for_selector(selector, timeout=120_000)
        server.wait_logged(0, 120)
        browser.close()
        return server.runs()


@pytest.mark.browser
@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_hook_records_every_script_run_in_the_server(tmp_path):
    """bench/serve.py logs one line per script run, measured in the server: wall, CPU, gc, memory."""
    from bench.common import write_bare
    from bench.server import HookedServer

    server = HookedServer(write_bare(tmp_path / "bare"), None, tmp_path / "runs.jsonl")
    runs = _first_run(server, "[data-testid=stMarkdown]")
    assert len(runs) == 1
    run = runs[0]
    assert run["wall_s"] > 0 and run["cpu_s"] > 0 and run["rss_mb"] > 0
    assert run["gc_full_n"] >= 1  # Streamlit's post-run gc.collect(2), seen by gc.callbacks
    assert 0 <= run["gc_full_cpu_s"] <= run["gc_cpu_s"] <= run["cpu_s"]
    assert run["fragment"] is False


@pytest.mark.parametrize("lines, expected", [
    # full runs only, the first `skip` (here 1) left out; medians per part; a part missing from a run counts 0
    ([{"_total": [9.0, 1], "_fragment": [0, 0], "a": [9.0, 1]},
      {"_total": [0.010, 1], "_fragment": [0, 0], "a": [0.004, 2]},
      {"_total": [0.020, 1], "_fragment": [1, 0], "a": [0.020, 1]},              # a fragment rerun: left out
      {"_total": [0.030, 1], "_fragment": [0, 0], "a": [0.006, 2], "b": [0.002, 1]}],
     [("_total", 20.0, 1), ("a", 5.0, 2), ("b", 1.0, 0.5)]),
    ([{"_total": [1.0, 1], "_fragment": [0, 0]}], []),                            # nothing after the skipped run
])
def test_parts_summary_takes_medians_of_full_runs(lines, expected):
    from bench.parts import summarise

    assert [(n, round(ms, 6), calls) for n, ms, calls in summarise(lines, skip=1)] == expected


@pytest.mark.browser
@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_parts_log_times_the_dashboard_part_by_part(tmp_path):
    """BENCH_PARTS_LOG: the dashboard's first run, logged in the server with its parts."""
    from bench.common import ROOT
    from bench.server import HookedServer

    parts_log = tmp_path / "parts.jsonl"
    server = HookedServer(ROOT / "dashboard.py", None, tmp_path / "runs.jsonl", env={"BENCH_PARTS_LOG": str(parts_log)})
    _first_run(server, "[data-testid=stMain] h1")
    first = json.loads(parts_log.read_text(encoding="utf-8").splitlines()[0])
    assert first["_fragment"][0] == 0 and first["_total"][0] > 0
    # the overview draws through the frame: its filters, its charts, the page links at the end of the run
    for part in ("frame.sidebar_filters", "widgets.show_chart", "frame.finish_run", "st.plotly_chart", "st.page_link"):
        assert 0 < first[part][0] <= first["_total"][0] and first[part][1] >= 1, part


def test_baseline_switches_turn_improvements_off():
    """BENCH_BASELINE=snapshot,freeze,pool,memo: validate every start, no gc.freeze, charts unpooled, no memo."""
    code = (
        "import gc, pandas as pd\n"
        "from bench.serve import baseline\n"
        "baseline('snapshot,freeze,pool,memo')\n"
        "from analytics import memo, scale\n"
        "from analytics.corpus import snapshot\n"
        "built = []\n"
        "memo.per_table(table := pd.DataFrame(), 'k', lambda: built.append(1) or {})\n"
        "memo.per_table(table, 'k', lambda: built.append(1) or {}); assert len(built) == 2\n"
        "table = pd.DataFrame({'group_id': list('ab'), 'theme_id': ['x', 'x'], 'tasks': [1, 2]})\n"
        "assert scale.pool_groups(table, 1)[1] == 0\n"
        "gc.freeze(); assert gc.get_freeze_count() == 0\n"
        "assert snapshot.served_corpus.__name__ == '<lambda>'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]


@pytest.mark.browser
@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_cold_script_writes_its_figures(tmp_path):
    """bench/cold.py on today's corpus (at 1000× it is the only measure that fits): the cold start placed on one
    line from launch, memory after each page, and what it prints."""
    done, report = _run_json(tmp_path, ["bench/cold.py", str(paths.DATA_DIR), "--ports", "8640-8649", "--timeout", "300"],
                             timeout=900)
    assert "after launch: health" in done.stdout and "chart code asked" in done.stdout
    assert "error" not in report, report.get("error")
    cold = report["cold_start"]
    start, end = cold["first_run_span_s"]
    assert 0 < cold["health_s"] <= cold["page_asked_s"] < start < end
    assert cold["chart_code_asked_s"] < cold["first_chart_s"] <= cold["ready_s"]
    assert _positive(cold["server_first_run"]["cpu_s"]) and _positive(report["bare_cold_start"]["ready_s"])
    bare_chart = report["bare_chart_cold_start"]  # the floor for a first chart: a bare page with one chart
    assert 0 < bare_chart["health_s"] < bare_chart["chart_code_asked_s"] < bare_chart["first_chart_s"]
    assert "with one chart: first chart" in done.stdout
    assert all(_positive(report[k]) for k in ("departments_first_s", "themes_new_session_s", "rss_after_departments_mb",
                                               "rss_after_themes_session_mb"))


@pytest.mark.browser
@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_probe_script_counts_each_click(tmp_path):
    """bench/probe.py: Chrome's counters for each of two departments clicks, the page's size, and the medians."""
    done, report = _run_json(tmp_path, ["bench/probe.py", "--page", "departments", "--clicks", "2", "--ports", "8650-8659",
                                        "--timeout", "300"], timeout=600)
    assert report["page"] == "departments" and len(report["clicks"]) == 2
    assert report["page_size"]["elements"] > 100 and report["page_size"]["styles"] >= 1
    for click in report["clicks"]:
        # every click redraws charts: style work, layouts, script and new nodes are all counted (above zero)
        assert all(click[k] > 0 for k in ("style_ms", "style_n", "layout_n", "script_ms", "task_ms", "settled_ms",
                                          "nodes_added")), click
    assert "median" in done.stdout and "elements" in done.stdout


@pytest.mark.browser
@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_server_script_writes_its_figures(tmp_path):
    done, report = _run_json(tmp_path, ["bench/server.py", "--sizes", "1", "--clicks", "1", "--sessions", "1", "--timeout",
                                        "300"], timeout=1500)
    assert "click → chart" in done.stdout
    row = report["sizes"]["1"]
    cold = row["cold_start"]
    assert 0 < cold["health_s"] < cold["first_chart_s"] <= cold["ready_s"]
    # where the time went, on one line from launch: the page asked for after health, the server's first run,
    # and the chart code asked for before the first chart is drawn
    start, end = cold["first_run_span_s"]
    assert cold["health_s"] <= cold["page_asked_s"] < start < end and cold["chart_code_asked_s"] < cold["first_chart_s"]
    assert _positive(row["floor_cold_start"]["first_chart_s"]) and _positive(report["bare_cold_start"]["ready_s"])
    for clicks in (row["themes"], row["departments"], row["floor"]["themes"], row["floor"]["departments"]):
        assert 0 < clicks["first_chart_ms"] <= clicks["settled_ms"]
        assert _positive(clicks["server_cpu_s"]) and clicks["server_runs_per_click"] >= 1
        assert 0 <= clicks["server_gc_cpu_s"] <= clicks["server_cpu_s"]
    memory = row["memory"]
    assert all(_positive(memory[k]) for k in ("after_cold_start_mb", "after_clicks_mb", "after_sessions_mb"))
    assert memory["sessions"] == 1
    assert set(report["ratios"]) == {"themes_1x", "departments_1x"}
    assert all(_positive(r["cpu_ratio"]) and _positive(r["click_ratio"]) for r in report["ratios"].values())


@pytest.mark.parametrize("app, floor, expected", [
    # medians over every click (app 0.020, floor 0.010 → 2×), and each round's median ratio: 0.020/0.010, 0.030/0.010
    ([[0.010, 0.020, 0.020], [0.030, 0.030, 0.020]], [[0.010, 0.010, 0.012], [0.009, 0.010, 0.011]],
     {"app_ms": 20.0, "floor_ms": 10.0, "ratio": 2.0, "round_ratios": [2.0, 3.0], "round_ratio_min": 2.0,
      "round_ratio_max": 3.0, "clicks": 6}),
    # one round: the overall ratio is that round's
    ([[0.003]], [[0.002]], {"app_ms": 3.0, "floor_ms": 2.0, "ratio": 1.5, "round_ratios": [1.5], "round_ratio_min": 1.5,
                            "round_ratio_max": 1.5, "clicks": 1}),
])
def test_ratio_summary_worked_by_hand(app, floor, expected):
    from bench.ratio import summary

    got = summary(app, floor)
    assert {k: (round(v, 9) if isinstance(v, float) else [round(x, 9) for x in v] if isinstance(v, list) else v)
            for k, v in got.items()} == expected


@pytest.mark.parametrize("clicks", ["2", "4"])
def test_ratio_script_refuses_an_even_number_of_clicks(clicks, capsys):
    """Each block clicks the radio clicks + 1 times; an odd total left it on the other option, so the next block's first
    click chose what was chosen and waited its whole timeout for a chart to change (seen at 100× with --clicks 4)."""
    from bench.ratio import main

    with pytest.raises(SystemExit) as stop:
        main(["--clicks", clicks])
    assert stop.value.code == 2 and "--clicks must be odd" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_ratio_script_interleaves_dashboard_and_floors(tmp_path):
    done, report = _run_json(tmp_path, ["bench/ratio.py", "--size", "1", "--pages", "departments", "--rounds", "3",
                                        "--clicks", "1", "--timeout", "300"], timeout=900)
    assert "server CPU per click" in done.stdout and "stricter floor" in done.stdout
    figures = report["pages"]["departments"]
    for name in ("app", "floor", "drawn"):  # 3 rounds of one timed click each, on every server
        assert [len(block) for block in figures["samples"][name]["cpu"]] == [1, 1, 1]
        assert all(_positive(x) for block in figures["samples"][name]["cpu"] for x in block)
    assert len(figures["cpu"]["round_ratios"]) == 3 and _positive(figures["cpu"]["ratio"])
    assert figures["cpu_drawn"]["floor_ms"] < figures["cpu"]["app_ms"]


@pytest.mark.parametrize("name", ["probe_flat", "probe_pkg.inner"])  # a module, and a package's submodule
def test_serve_patches_a_module_when_the_app_imports_it_not_before(tmp_path, monkeypatch, name):
    """bench/serve.py raises the size cap in analytics.corpus.yamlio when the app imports it, not at launch."""
    import importlib
    import sys as _sys

    from bench.serve import when_imported

    (tmp_path / "probe_pkg").mkdir()
    (tmp_path / "probe_pkg" / "__init__.py").write_text("", "utf-8")
    for path in (tmp_path / "probe_flat.py", tmp_path / "probe_pkg" / "inner.py"):
        path.write_text("CAP = 1\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for module in ("probe_flat", "probe_pkg", "probe_pkg.inner"):
        monkeypatch.delitem(_sys.modules, module, raising=False)
    finders = list(_sys.meta_path)
    when_imported(name, lambda module: setattr(module, "CAP", max(module.CAP, 5)))
    assert name not in _sys.modules  # nothing imported at launch
    assert importlib.import_module(name).CAP == 5  # patched as soon as the body has run
    assert _sys.meta_path == finders  # the hook is gone after its one use


def test_the_benchmarks_serve_as_the_readmes_run_command_does():
    """bench's servers run in the environment README's first command sets (SERVER_ENV), so the load test measures the
    server as it is run; a change to one without the other fails here."""
    run_command = (paths.ROOT / "README.md").read_text(encoding="utf-8").split("```bash\n", 1)[1].splitlines()[0]
    assert "streamlit run dashboard.py" in run_command
    assert SERVER_ENV and all(f"{name}={value} " in run_command for name, value in SERVER_ENV.items())


class _CensusProbe:
    """A type only this test makes, so the census's count of it is known."""


class _CensusGarbage:
    """A type only this test makes, each one a cycle nothing else refers to."""


def test_memory_census_counts_what_is_alive():
    """bench/serve.py's census (--census): 3,000 objects of a type made here are counted by their type's full name,
    and once they are dropped none is. Garbage frozen before a collection found it (as the app freezes) is counted as
    found, in `types`, and not in `reachable`, which is counted after a full collection. (Comparing the total of
    objects reachable before and after made the test depend on what other threads freed meanwhile: a CI run found one
    object fewer than 3,000 more.)"""
    import gc

    from bench.serve import _census

    name, garbage = f"{__name__}._CensusProbe", f"{__name__}._CensusGarbage"
    before = _census(top=10_000)
    kept = [_CensusProbe() for _ in range(3000)]
    was_enabled = gc.isenabled()
    gc.disable()  # no collection finds the cycles before they are frozen
    try:
        for _ in range(1000):
            cycle = _CensusGarbage()
            cycle.itself = cycle
        del cycle
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    during = _census(top=10_000)
    assert during["types"][name] == 3000 == during["reachable"][name] and name not in before["types"]
    assert during["types"][garbage] == 1000 and garbage not in during["reachable"]
    del kept
    assert name not in _census(top=10_000)["types"]


def test_memory_census_waits_while_the_app_refreezes():
    """The app's trimming thread unfreezes, collects and freezes again under ui.web.data's memory lock; a freeze in the
    middle of a census hid every live object from its count (gc.get_objects lists no frozen object: a CI run found
    3,000 probes in `types` and none in `reachable`). The census takes the same lock: held elsewhere, it waits."""
    import threading

    from bench.serve import _census
    from ui.web import data

    done = threading.Event()
    with data._MEMORY.lock:
        counting = threading.Thread(target=lambda: (_census(top=5), done.set()), daemon=True)
        counting.start()
        assert not done.wait(0.3)  # waiting for the lock
    assert done.wait(60)


class _HeldProbe:
    """Another type only these tests make."""


_HELD_BY_MODULE: dict = {}


def test_memory_census_tells_frozen_garbage_from_what_is_held(monkeypatch):
    """200 cycles of _CensusProbe frozen and then dropped (garbage no collection had looked at) are in `types` but not
    in `reachable`; one _HeldProbe kept in this module's dict under "kept", through a list, is reachable, and its
    path starts at this module: module → its global → the dict's "kept" entry → the list → the probe."""
    import gc

    from bench.serve import _census

    monkeypatch.setenv("BENCH_REFERRERS", f"{__name__}._HeldProbe")
    name = f"{__name__}._CensusProbe"
    gc.collect()
    cycles = [_CensusProbe() for _ in range(200)]
    for probe in cycles:
        probe.me = probe
    gc.freeze()
    del cycles, probe
    _HELD_BY_MODULE["kept"] = [_HeldProbe()]
    try:
        got = _census(top=10_000)
    finally:
        _HELD_BY_MODULE.clear()
        gc.unfreeze()
    assert got["types"][name] == 200 and name not in got["reachable"]
    assert got["reachable"][f"{__name__}._HeldProbe"] == 1
    assert got["paths"] == [[f"module {__name__}['_HELD_BY_MODULE']", "builtins.dict['kept']", "builtins.list", "_HeldProbe"]]


def test_memory_sampler_writes_a_census_once_every_session_has_gone(tmp_path, monkeypatch):
    """bench/serve.py's sampler with BENCH_MEMORY_CENSUS: sessions held 0 (before any reader: no census), 3, 2, then 0
    from there on; the first sample at 0 after the sessions carries the census, and no other sample does."""
    import threading

    from bench import serve

    held = iter([0, 3, 2])
    monkeypatch.setattr(serve, "_sessions", lambda: {"sessions_held": next(held, 0)})
    monkeypatch.setenv("BENCH_MEMORY_CENSUS", "1")
    log, stop = tmp_path / "memory.jsonl", threading.Event()
    thread = serve.sample_memory(str(log), every=0.01, stop=stop)
    try:
        for _ in range(500):
            if log.exists() and len(log.read_text("utf-8").splitlines()) >= 6:
                break
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join(10)
    records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [r["sessions_held"] for r in records[:4]] == [0, 3, 2, 0]
    assert ["census" in r for r in records[:6]] == [False, False, False, True, False, False]
    assert records[3]["census"]["objects"] > 0 and not thread.is_alive()
    assert all(r["rss_mb"] > 0 and "py_blocks" in r for r in records)


@pytest.mark.parametrize("first, last, expected", [
    # 9 sessions after the first round, 36 after three more: 27 added; 372.1 − 368.6 MB and 1,000,068 − 935,865 blocks
    ({"sessions_held": 9, "rss_mb": 368.6, "py_blocks": 935_865}, {"sessions_held": 36, "rss_mb": 372.1, "py_blocks": 1_000_068},
     {"sessions_added": 27, "rss_mb": 3.5 / 27, "py_blocks": 64_203 / 27}),
    ({"sessions_held": 9, "rss_mb": 300.0, "py_blocks": 10}, {"sessions_held": 9, "rss_mb": 310.0, "py_blocks": 20},
     {"sessions_added": 0, "rss_mb": None, "py_blocks": None}),  # no session added: no figure, not a division by zero
])
def test_held_memory_per_session_worked_by_hand(first, last, expected):
    from bench.held import per_session

    got = per_session(first, last)
    assert got["sessions_added"] == expected["sessions_added"]
    for key in ("rss_mb", "py_blocks"):
        assert got[key] == (None if expected[key] is None else pytest.approx(expected[key]))


@pytest.mark.browser
@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_held_script_states_memory_per_session(tmp_path):
    """bench/held.py on today's corpus, one round after the first: every page's session kept open each round."""
    done, report = _run_json(tmp_path, ["bench/held.py", "--rounds", "1", "--timeout", "300"], timeout=600)
    first, last = report["rounds"]
    assert first["sessions_held"] >= len(PAGES) and last["sessions_held"] >= first["sessions_held"] + len(PAGES) - 1
    assert _positive(first["rss_mb"]) and _positive(last["py_blocks"])
    assert report["per_session"]["sessions_added"] == last["sessions_held"] - first["sessions_held"]
    assert "each session held" in done.stdout


def test_crafted_uploads_are_valid_and_put_each_shingle_in_sixty_tasks(tmp_path):
    """bench/upload_session.py's files: ten valid uploads within the session's totals, each of their texts in
    10 files × 6 copies = 60 tasks (reuse.COMMON_SHINGLE_TASKS, the most that still counts), so the reuse search
    finds every pair of those tasks from different files: 60 × 59 / 2 − 10 × (6 × 5 / 2) = 1,620 per text."""
    from analytics.admission import MAX_SESSION_BYTES, MAX_SESSION_FILES
    from analytics.corpus import load_corpus
    from analytics.reuse import COMMON_SHINGLE_TASKS, near_duplicates
    from bench.upload_session import COPIES_PER_FILE, crafted_files

    files = crafted_files(tmp_path, 10, 1)
    assert len(files) <= MAX_SESSION_FILES and sum(f.stat().st_size for f in files) <= MAX_SESSION_BYTES
    assert 10 * COPIES_PER_FILE == COMMON_SHINGLE_TASKS
    corpus = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={f.name: f.read_bytes() for f in files})
    assert [p for p in corpus.problems if p.severity == "error"] == []
    assert corpus.programmes.uploaded.sum() == 10
    pairs = near_duplicates(corpus, [f"crafted{k}x-upload" for k in range(10)])
    assert len(pairs) == 1_620 and set(pairs.similarity) == {1.0}


@pytest.mark.browser
@pytest.mark.skipif(not HAS_BROWSER, reason="needs Debian's chromium and playwright (scripts/setup.sh)")
def test_upload_session_script_times_each_step(tmp_path):
    """bench/upload_session.py with two small files: the upload accepted, then the data and themes pages twice, each
    with the uploads named on it, and its wall and server CPU time."""
    done, report = _run_json(tmp_path, ["bench/upload_session.py", "--files", "2", "--groups", "1", "--ports", "8660-8669",
                                        "--timeout", "300"], timeout=600)
    steps = report["steps"]
    assert [s["step"] for s in steps] == ["upload", "data #1", "themes #1", "data #2", "themes #2"]
    assert steps[0]["accepted"] == 2 and all(s["uploads_named"] for s in steps[1:])
    assert all(_positive(s["wall_s"]) and s["server_cpu_s"] >= 0 and _positive(s["rss_mb"]) for s in steps)
    assert "upload of 2 files: 2 accepted" in done.stdout and "data #2:" in done.stdout


def test_draft_session_script_times_each_draft(tmp_path):
    """bench/draft_session.py: the drafting page opened, two seeds drafted and the first again (the page's cache),
    each shown with its own title and validated, none refused; wall and server CPU time and memory for each."""
    done, report = _run_json(tmp_path, ["bench/draft_session.py", "--ports", "8670-8679", "--timeout", "300"],
                             timeout=600)
    steps = report["steps"]
    assert [s["step"] for s in steps] == ["open the drafting page", "draft szq-gt.txt", "draft szq-fx.txt",
                                          "draft szq-gt.txt (again: the page's cache)"]
    assert [s.get("failed") for s in steps[1:]] == [0, 0, 0]
    assert all(_positive(s["wall_s"]) and s["server_cpu_s"] >= 0 and _positive(s["rss_mb"]) for s in steps)
    assert "draft szq-fx.txt:" in done.stdout


def test_the_workers_scripts_measure_the_worker_processes(tmp_path):
    """bench/corpus_load.py --worker runs the validating worker, which writes the snapshot; bench/corpus_load.py then
    reads it; bench/draft_worker.py drafts a seed in the drafting worker, which trains on that snapshot and keeps its
    model beside it. Each states its worker's peak memory."""
    data = generate(1, tmp_path / "corpus")
    env = {**os.environ, **SERVER_ENV, "PAIRED_CACHE_DIR": str(tmp_path / "cache")}

    def run(*args: str) -> dict:
        done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=paths.ROOT,
                              timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.splitlines()[-1])

    refused = subprocess.run([sys.executable, "bench/draft_worker.py", str(data)], capture_output=True, text=True,
                             env=env, cwd=paths.ROOT, timeout=600, check=False)
    assert refused.returncode != 0 and "run bench/corpus_load.py" in refused.stderr  # no snapshot yet
    validated = run("bench/corpus_load.py", str(data), "--worker")
    assert (validated["exit"], validated["answer"], validated["snapshot_on_disk"]) == (0, "written", True)
    assert _positive(validated["worker_peak_mb"]) and _positive(validated["wall_s"])
    read = run("bench/corpus_load.py", str(data))
    assert (read["programmes"], read["tasks"], read["problems"]) == (7, 206, 0)
    drafted = run("bench/draft_worker.py", str(data), "--seed", "szq-gt.txt")
    assert drafted["drafts"] >= 1 and drafted["model_kept"] is True
    assert _positive(drafted["worker_peak_mb"]) and _positive(drafted["wall_s"])


def test_paste_bench_pastes_within_the_drafting_pages_limit():
    """bench/paste.py cannot import the drafting page (a page module runs when imported): it states the page's limit
    again, which must be the page's, and its largest text must fit under it (a text cut by the box times nothing)."""
    import ast

    from bench import paste

    tree = ast.parse((paths.ROOT / "pages" / "draft.py").read_text("utf-8"))
    limits = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
              and [getattr(target, "id", None) for target in node.targets] == ["MAX_PASTE"]]
    assert limits == [paste.MAX_PASTE]
    assert max(paste.SIZES) < paste.MAX_PASTE
    assert [len(paste.text_of(size)) for size in paste.SIZES] == list(paste.SIZES)
