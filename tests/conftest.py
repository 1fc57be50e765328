import shutil

import pytest

from analytics import paths
from analytics.corpus import load_corpus

# Tests that take many seconds each, by module and (optionally) test-name prefix. The fast tier,
# `pytest -m "not browser and not slow"`, leaves them out; bare `pytest` runs everything.
# Chosen from the CPU time each test took (2026-11-30, 2026-12-01): the fast tier keeps every module's quick tests.
SLOW = {
    "test_bench.py": None,  # runs the benchmark and load scripts, generates corpora
    "test_images.py": ("test_png_", "test_svg_"),  # PNG and SVG export through kaleido and Chromium
    "test_briefing.py": ("test_briefing_command", "test_deck_has_"),  # PPTX packs with chart images
    "test_properties.py": None,  # hypothesis: hundreds of generated inputs per property
    "test_hostile.py": None,  # hostile corpora through validator, CLI and the upload worker, with deadlines
    "test_draft.py": ("test_seed_", "test_cli_", "test_basis_", "test_pdf_", "test_worker_"),  # whole seeds; the deadline
    "test_bad_input.py": ("test_export_and_validate_commands_", "test_corrupted_curated_file_",  # CLI runs, corpus copies
                          "test_commands_fail_without_traceback", "test_dashboard_problem_panel_"),
}


def pytest_collection_modifyitems(config, items):
    """Mark every test in a module whose name contains "browser" `browser`, and the SLOW ones `slow`."""
    for item in items:
        module = item.path.name
        if "browser" in module:
            item.add_marker(pytest.mark.browser)
        if module in SLOW and (SLOW[module] is None or item.name.startswith(SLOW[module])):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/ to change or damage."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(paths.DATA_DIR, paths.SEEDS_DIR)


@pytest.fixture(autouse=True, scope="session")
def _apptest_runs_like_a_warm_server():
    """AppTest builds a fresh PagesManager for every run and resets `uses_pages_directory`, so with a
    `pages/` folder every AppTest run would go through Streamlit's classic page scan, which a real server
    does only for its very first request (until dashboard.py's st.navigation switches it off for good).
    Tests run pages as a running server does; the cold first request is walked in a real browser
    (tests/test_journeys_browser.py)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    yield
    PagesManager.__init__ = original


@pytest.fixture(scope="module")
def server():
    """A fresh dashboard server for each browser module, with unknown label keys raising
    (PAIRED_STRICT_LABELS=1) so a gap in the catalogue shows as an error. No warm-up visit: the first
    request a module makes is the server's first (see tests/test_journeys_browser.py)."""
    from serving import serve_dashboard
    from ui.report import i18n

    with serve_dashboard({i18n.STRICT_ENV: "1"}, start_seconds=120) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per browser module."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from serving import chromium

    with chromium(playwright_api) as instance:
        yield instance


@pytest.fixture()
def context(browser):
    """A new browser context (a new session) for one test: 1440 × 1000, downloads accepted, and generous waits (240 s:
    a shared machine under load), never a timing assertion."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    ctx.set_default_timeout(240_000)
    yield ctx
    ctx.close()
