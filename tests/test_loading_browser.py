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


def test_an_extract_corrected_while_the_server_runs_is_served_without_a_restart(tmp_path):
    """An attack: a curator corrected an extract's short name while the server ran (the file's size kept and its
    modification time set back); every new visit went on showing the old name until a restart, unsaid. The server
    looks at the files every few seconds (ui.web.data._DataWatch): a visit a little later shows the corrected name."""
    import os
    import shutil
    import time

    from analytics import paths

    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    extract = data / "programmes" / "szq-fx.yaml"
    env = {i18n.STRICT_ENV: "1", "PAIRED_CACHE_DIR": str(tmp_path / "cache"), "PAIRED_DATA_DIR": str(data)}
    with serve_dashboard(env, start_seconds=120) as url, chromium(playwright_api) as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(TIMEOUT)

        def shown() -> str:
            page = context.new_page()
            page.goto(url + "/programme?p1=szq-fx")
            page.wait_for_function(PAGE_DRAWN)
            text = page.locator("[data-testid=stMain]").inner_text()
            page.close()
            return text

        before = shown()
        assert "市中区—费县实施方案" in before and "市中区—费县实施纲要" not in before
        text = extract.read_text(encoding="utf-8")
        assert text.count("short_zh: 市中区—费县实施方案\n") == 1
        info = extract.stat()
        extract.write_text(text.replace("short_zh: 市中区—费县实施方案\n", "short_zh: 市中区—费县实施纲要\n"), encoding="utf-8")
        os.utime(extract, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, modification time set back
        assert extract.stat().st_size == info.st_size
        deadline, after = time.monotonic() + 90, before
        while "市中区—费县实施纲要" not in after and time.monotonic() < deadline:
            time.sleep(2)
            after = shown()
        assert "市中区—费县实施纲要" in after
        context.close()
