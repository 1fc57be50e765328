"""Every label a reader sees, on every page and in both languages, read from a real Chromium.

The test walks the visible text of the main pane and the sidebar, every SVG text of every plotly
chart (titles, ticks, legends, annotations, Sankey labels) and every header and cell of every data
grid (the grid draws on a canvas; its accessible <table> holds the same texts). It fails on:

1. A raw id or code (outside text marked as original, see 3): a text that is exactly an id or code (programme, pairing, place, theme,
   function, body, instrument, role, side, relation, kind, level, status), a multi-part token
   (with "-", "_" or "/") that is one, or any snake_case token (column names such as
   `programme_id`, `top_share`). Exempt: grid columns whose header says they hold ids
   ("编号" / " id") or the YAML format ("YAML"), and file names (`tasks.csv`).
2. "None", "nan", "NaN", "NaT", "null", "undefined" as a word.
3. Text in the other language:
   - Chinese UI: an English word (two or more Latin letters) is allowed only if it is a file format
     or acronym in ALLOWED_LATIN, or occurs in the Chinese source texts themselves (task texts,
     printed unit clauses, document titles, 文号, issuers, citations, body names).
   - English UI: a run of Chinese characters is allowed only if it occurs verbatim in those source
     texts (task text, document titles and citations, names of bodies, which the registry has in
     Chinese only) and is not itself a Chinese interface label or display name (a theme, function,
     place or programme name, or any zh label of the catalogue): a leaked label fails even when
     the same words occur in some task text.
   - Either UI: code (`additions:`, YAML keys) and colour codes are not words. Text the page marks
     as original, and says so in its label, is exempt from this rule and from 1 (it is held to 2
     only as a whole value: a curator's note may say "null"): grid columns (or rows of a field/value grid) whose header (first cell) ends with
     "（英文）", " (Chinese)" or " (with Chinese quotes)", and elements inside a container whose key
     starts with "orig-" (class `st-key-orig-…`), e.g. the task card's citation and curator note.
   - The language switch (语言 Language, 中文, English) is bilingual by design.
Screenshots of each walked view go to test-artifacts/screenshots/labels-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics import paths
from analytics.corpus import load_corpus
from analytics.corpus.schema import CONFIDENCE, PROGRAMME_LEVELS, ROLES, SECTION_KINDS, TASK_KINDS, TASK_RELATIONS
from ui.report import i18n
from ui.report.tables import ID_MARKERS, ORIGINAL_MARKERS

from serving import CHROMIUM

playwright_api = pytest.importorskip("playwright.sync_api")
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"
PLOTLY = ".js-plotly-plot .main-svg"
GRID = "[data-testid=stDataFrame] table"
# (name, url path and query, the last element the view must show)
VIEWS = [
    ("overview", "", PLOTLY),
    ("themes", "themes", PLOTLY),
    ("departments", "departments", GRID),
    ("departments-units", "departments?by=unit", GRID),
    ("breakdown", "breakdown", GRID),
    ("explorer", "explorer?task=jn-ly-division/01", GRID),
    ("explorer-county", "explorer?q=沂蒙精神&task=szq-fx/01", GRID),
    ("programme", "programme?p1=sc-yq&p2=jn-ly-provincial", GRID),
    ("data", "data", "[data-testid=stMain] [data-testid=stDownloadButton] >> nth=-1"),
    ("pack", "pack", "[data-testid=stAlertContentInfo]"),
]
ALLOWED_LATIN = {"CSV", "UTF", "BOM", "Excel", "PNG", "SVG", "PPTX", "YAML", "MB", "PDF", "Language", "English"}
LANGUAGE_SWITCH = {"语言 Language", "中文", "English"}
MISSING = re.compile(r"(?<![\w])(None|nan|NaN|NaT|null|undefined)(?![\w])")
SNAKE = re.compile(r"(?<![\w\-./])[a-z0-9]+(?:_[a-z0-9]+)+(?![\w\-/])")
TOKEN = re.compile(r"[A-Za-z0-9][\w\-./]*[\w]")
FILE_NAME = re.compile(r"[\w\-]+\.(?:csv|xlsx|yaml|pptx|png|svg|txt)\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
FOLDER = re.compile(r"(?<![\w\-])[a-z]+/(?!\w)")  # data/, seeds/
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b")  # the codebook's colours
CLOSING = {"）": "（", "》": "《", "”": "“", "〕": "〔"}
# A Chinese span: from a Han character to the last Han character or closing bracket, through CJK punctuation and digits
# but no Latin letter or ASCII punctuation, so "标题 (文号); 标题" is three spans and a title with "—" inside is one.
NUMBERING = re.compile(r"[（(][一二三四五六七八九十]+[）)]")
HAN_RUN = re.compile(r"[\u3400-\u9fff](?:[\u3400-\u9fff\u3000-\u303f\uff00-\uffef—–·《》“”0-9]*[\u3400-\u9fff〕）》”])?")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")

# Collects what a person sees. Icons (material symbols are ligature text such as "ios_share") and
# the grids and charts (read apart) are left out of the plain-text walk.
WALK_JS = """
() => {
  const visible = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}); };
  const skip = '[data-testid=stIconMaterial], [data-testid=stDataFrame], .js-plotly-plot, script, style, noscript, '
             + '[data-testid=stToolbar], [data-testid=stStatusWidget], [data-testid=stDecoration]';
  const texts = [];
  for (const root of document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar]')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement; const text = node.textContent.trim();
      if (!text || !el || el.closest(skip) || !visible(el)) continue;
      texts.push({text, orig: !!el.closest('[class*="st-key-orig-"], code')});
    }
  }
  const charts = [];
  for (const el of document.querySelectorAll('.js-plotly-plot svg text')) {
    const text = el.textContent.trim();
    if (text) charts.push({text, orig: !!el.closest('[class*="st-key-orig-"]')});
  }
  const grids = [];
  for (const table of document.querySelectorAll('[data-testid=stDataFrame] table')) {
    const headers = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    const rows = [...table.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent.trim()));
    grids.push({headers, rows});
  }
  return {texts, charts, grids};
}
"""


# ----------------------------------------------------------------------------------------------
# What counts as a raw id, and which Chinese or English a page may show
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vocabulary():
    return build_vocabulary()


def build_vocabulary():
    corpus = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR)
    codes = {
        *corpus.programmes.programme_id, *corpus.pairings.pairing_id, *corpus.places.place_id, *corpus.themes.theme_id,
        *corpus.functions.function, *corpus.units.unit_id, *corpus.instruments.instrument, *corpus.instruments.type,
        *corpus.instruments.subtype, *ROLES, *TASK_RELATIONS, *TASK_KINDS, *SECTION_KINDS, *PROGRAMME_LEVELS, *CONFIDENCE,
        "helper", "recipient", "other", "carried down", "not carried", "not stated", "both", "recipient_only",
        "frequency", "year", "count", "implements", "mandated_by", "written_under", "key_task_id", "assignments",
    }
    codes |= {c for frame in (corpus.tasks, corpus.programmes, corpus.units, corpus.themes) for c in frame.columns}
    multipart = {c for c in codes if re.search(r"[-_/.]", c)}
    source = "\n".join([
        *corpus.tasks.full_text.dropna(), *corpus.tasks.units_printed.dropna(), *corpus.tasks.section_title.dropna(),
        *corpus.tasks.subsection_title.dropna(), *corpus.programmes.title, *corpus.programmes.doc_number.dropna(),
        *corpus.programmes.issuers.dropna(), *corpus.citations.title, *corpus.citations.doc_number.dropna(),
        *corpus.units.name, *corpus.units.aliases.dropna(),
    ])
    zh_labels = {zh for zh, _ in i18n.LABELS.values()} | set(corpus.themes.zh) | set(corpus.functions.zh) | set(
        corpus.places.zh) | set(corpus.programmes.short_zh) | set(corpus.instruments.type_zh) | set(corpus.instruments.subtype_zh)
    return {"codes": codes, "multipart": multipart, "source": source, "zh_labels": zh_labels}


def id_problems(text: str, vocab) -> list[str]:
    text = FILE_NAME.sub(" ", text)
    found = [text] if text in vocab["codes"] else []
    found += [part for tok in TOKEN.findall(text) for part in {tok, tok.split("/")[0]} if part in vocab["multipart"]]
    found += SNAKE.findall(text)
    found += MISSING.findall(text)
    return sorted(set(found))


def language_problems(text: str, lang: str, vocab) -> list[str]:
    if text in LANGUAGE_SWITCH:
        return []
    if lang == "zh":
        text = COLOUR.sub(" ", FOLDER.sub(" ", FILE_NAME.sub(" ", text)))
        return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_LATIN and w not in vocab["source"]]
    text = NUMBERING.sub(" ", text)  # the documents' own numbering, （一） … （二十二）, before a heading they print
    runs = [run[:-1] if run[-1] in CLOSING and CLOSING[run[-1]] not in run else run for run in HAN_RUN.findall(text)]
    return [run for run in runs if run not in vocab["source"] or run in vocab["zh_labels"]]


def marked(header: str, lang: str) -> bool:
    markers = (ORIGINAL_MARKERS["zh"],) if lang == "zh" else (ORIGINAL_MARKERS["en"], " (with Chinese quotes)")
    return header.endswith(markers)


def holds_ids(header: str, lang: str) -> bool:
    return ID_MARKERS[lang] in header or "YAML" in header


def missing_only(text: str) -> list[str]:
    """In original text "null" or "None" may be words (a YAML type, a curator's note); only a whole value is a gap."""
    return [text] if MISSING.fullmatch(text.strip()) else []


def problems_on_view(seen, lang: str, vocab) -> list[str]:
    """Original text marked as such (a curator's note may name an id) is held to "no None/nan" only."""
    out = []
    for item in seen["texts"] + seen["charts"]:
        if item["orig"]:
            out += [f"missing {bad!r} in {item['text'][:80]!r}" for bad in missing_only(item["text"])]
            continue
        out += [f"id/missing {bad!r} in {item['text'][:80]!r}" for bad in id_problems(item["text"], vocab)]
        out += [f"language {bad!r} in {item['text'][:80]!r}" for bad in language_problems(item["text"], lang, vocab)]
    for grid in seen["grids"]:
        headers = grid["headers"]
        for header in headers:
            out += [f"header {bad!r} in {header!r}" for bad in id_problems(header, vocab) + language_problems(header, lang, vocab)]
        for row in grid["rows"]:
            row_marked = bool(row) and marked(row[0], lang)
            for header, cell in zip(headers, row):
                if row_marked or marked(header, lang) or holds_ids(header, lang):
                    out += [f"missing {bad!r} in column {header!r}: {cell[:80]!r}" for bad in missing_only(cell)]
                    continue
                out += [f"id/missing {bad!r} in column {header!r}: {cell[:80]!r}" for bad in id_problems(cell, vocab)]
                out += [f"language {bad!r} in column {header!r}: {cell[:80]!r}" for bad in language_problems(cell, lang, vocab)]
    return out


# ----------------------------------------------------------------------------------------------
# The rule itself, on hand-made texts (so a browser failure is the page's fault, not the rule's)
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("programme_id", "zh", ["programme_id"]),  # a column name
        ("jn-ly-division", "en", ["jn-ly-division"]),
        ("propaganda", "en", ["propaganda"]),
        ("development_reform、industry_it", "zh", ["development_reform", "industry_it"]),
        ("top_share", "en", ["top_share"]),
        ("任务 jn-ly-division/01", "zh", ["jn-ly-division"]),
        ("None", "zh", ["None"]),
        ("nan", "en", ["nan"]),
        ("济南—临沂重点任务分工方案 · 01", "zh", []),
        ("tasks.csv", "zh", []),
        ("Propaganda department", "en", []),
    ],
)
def test_id_rule(vocabulary, text, lang, expected):
    assert sorted(id_problems(text, vocabulary)) == sorted(expected)


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Responsible units（原文）", "en", ["原文"]),
        ("红色文化", "en", ["红色文化"]),  # a theme's Chinese name in the English UI, though task texts use the words
        ("Source: 济南市市中区—临沂市费县对口合作实施方案", "en", []),  # a document title, verbatim
        ("（三）推动红色旅游融合发展", "en", []),  # a key task as the provincial plan numbers and heads it (Sankey)
        ("（三）红色文化", "en", ["红色文化"]),  # the numbering exempts nothing after it
        ("Heading = K01. copied", "zh", ["Heading", "copied"]),  # an English curator note, unmarked
        ("下载此表：CSV Excel", "zh", []),
        ("不写入 data/，其他用户看不到", "zh", []),
        ("#1F5FA8", "zh", []),
        ("Source: Jinan–Linyi 2023 work points（济政办字〔2023〕28号）", "en", []),
        ("语言 Language", "zh", []),
    ],
)
def test_language_rule(vocabulary, text, lang, expected):
    assert language_problems(text, lang, vocabulary) == expected


# ----------------------------------------------------------------------------------------------
# Every view, both languages
# ----------------------------------------------------------------------------------------------


def open_view(browser, url: str, last_element: str):
    page = browser.new_page(viewport={"width": 1440, "height": 3000})
    page.goto(url)
    page.wait_for_selector("[data-testid=stAppViewContainer]", timeout=90_000)
    page.wait_for_selector("h1", timeout=90_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0", timeout=90_000)
    page.wait_for_selector(last_element, state="attached", timeout=90_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=90_000)
    page.wait_for_timeout(1500)  # let plotly and the grids lay out their text
    return page


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name, path, last_element", VIEWS, ids=[v[0] for v in VIEWS])
def test_every_label_is_a_name_in_the_reader_language(server, browser, vocabulary, name, path, last_element, lang):
    separator = "&" if "?" in path else "?"
    page = open_view(browser, f"{server}/{path}{separator}lang={lang}", last_element)
    try:
        assert page.locator("[data-testid=stException]").count() == 0, page.locator("[data-testid=stException]").first.inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"labels-{name}-{lang}.png"), full_page=True, timeout=120_000)
        seen = page.evaluate(WALK_JS)
        assert seen["texts"], "nothing was read from the page"
        problems = problems_on_view(seen, lang, vocabulary)
        assert problems == [], "\n".join(dict.fromkeys(problems))
    finally:
        page.close()
