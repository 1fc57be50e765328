"""The first start of a data version, seen from a browser: the corpus is validated in a worker process
(analytics.corpus.snapshot.served_corpus) and the page says it is loading meanwhile, instead of staying blank.

The server starts on a generated corpus of 20 copies (140 programmes) with an empty cache directory, so its first
request must have the snapshot built: about 8 s in the worker here. With today's corpus that takes 2 s, during
which the browser is busy starting plotly.js (ui/web/early.py) and may draw the notice's arrival and removal in
one go, so a person would not see it either; a longer load is the case the notice is for. A MutationObserver
records whether the notice entered the page; the test never compares durations.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from serving import CHROMIUM, PAGE_DRAWN, chromium, serve_dashboard
from ui.report import i18n
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
TIMEOUT = 240_000

NOTICE_SEEN = """
(() => {
  window.__notice = null;
  new MutationObserver(() => {
    const spinner = document.querySelector('[data-testid=stSpinner]');
    if (window.__notice === null && spinner) window.__notice = spinner.innerText;
  }).observe(document, {childList: true, subtree: true});
})();
"""


def test_first_start_of_a_data_version_says_it_is_loading_then_draws_the_page(tmp_path):
    cache, data = tmp_path / "cache", generate(20, tmp_path / "corpus")
    env = {i18n.STRICT_ENV: "1", "PAIRED_CACHE_DIR": str(cache), "PAIRED_DATA_DIR": str(data)}
    log = tmp_path / "server.log"
    with serve_dashboard(env, start_seconds=120, log=log) as url, chromium(playwright_api) as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(TIMEOUT)
        page = context.new_page()
        page.add_init_script(NOTICE_SEEN)
        page.goto(url + "/overview?lang=en")
        page.wait_for_function(PAGE_DRAWN)  # the page itself, not the hidden early chart drawn before the corpus
        notice = page.evaluate("window.__notice")
        # Both languages: the reader's is not known before the corpus is.
        assert notice is not None and t("loading_corpus", "zh") in notice and t("loading_corpus", "en") in notice, notice
        page.wait_for_function("document.querySelectorAll('[data-testid=stSpinner]').length === 0")  # then it goes
        assert page.locator("h1").first.inner_text() == "Overview"
        assert page.locator("[data-testid=stException]").count() == 0
        context.close()
    assert len(list(cache.glob("corpus-*.pickle"))) == 1  # the snapshot, written by the worker:
    assert "worker process failed" not in log.read_text(encoding="utf-8", errors="replace")  # not by the fallback
