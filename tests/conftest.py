import pytest

from analytics import paths
from analytics.corpus import load_corpus


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(paths.DATA_DIR, paths.SEEDS_DIR)
