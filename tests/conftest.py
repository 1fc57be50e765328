import pytest

from analytics import paths
from analytics.corpus import load_corpus

# Tests that take many seconds each, by module and (optionally) test-name prefix. The fast tier,
# `pytest -m "not browser and not slow"`, leaves them out; bare `pytest` runs everything.
SLOW = {
    "test_bench.py": None,  # runs the benchmark and load scripts, generates corpora
    "test_images.py": ("test_png_",),  # PNG export through kaleido and Chromium
    "test_briefing.py": ("test_briefing_command", "test_deck_has_"),  # PPTX packs with chart images
}


def pytest_collection_modifyitems(config, items):
    """Mark every test in a module whose name contains "browser" `browser`, and the SLOW ones `slow`."""
    for item in items:
        module = item.path.name
        if "browser" in module:
            item.add_marker(pytest.mark.browser)
        if module in SLOW and (SLOW[module] is None or item.name.startswith(SLOW[module])):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(paths.DATA_DIR, paths.SEEDS_DIR)
