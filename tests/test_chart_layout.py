"""Chart text a reader can read, in a real browser (Debian's Chromium via Playwright), in both languages.

At 1280 and 1440 px wide, on every page with charts: no two tick labels (or Sankey node names) of a
chart overlap, and none runs into the source line under the chart. At phone width (390 px), where
each chart scrolls sideways in its own box, the same holds; heatmap rows stay tall enough to read
their numbers, their column labels do not overlap, and no text of any chart is cut off at its edge.
Boxes are read from the SVG plotly draws (getBoundingClientRect), i.e. what a person sees.
"""

from pathlib import Path

import pytest

from analytics import paths

from serving import CHROMIUM, PAGE_DRAWN  # noqa: E402
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)"),
]

# url (with the query that shows every chart of the page) → how many charts it draws
CHART_PAGES = {
    "overview": ("", 2),
    "themes": ("themes", 4),
    "departments": ("departments", 4),
    "breakdown": ("breakdown", 3),
    "programme": ("programme?p1=szq-fx&p2=szq-gt", 2),  # two profiles side by side: the narrowest charts
}
MIN_HEATMAP_ROW_PX = 30  # a heatmap row holds a 14 px number with room to spare
TOLERANCE_PX = 1  # anti-aliasing: boxes that touch by a pixel do not collide


def open_chart_page(browser, server, name: str, lang: str, width: int):
    """CHART_PAGES' page `name` in `lang` at `width`, once its charts are drawn (open_charts)."""
    path, charts = CHART_PAGES[name]
    joiner = "&" if "?" in path else "?"
    return open_charts(browser, f"{server}/{path}{joiner}lang={lang}", width, charts)


def open_charts(browser, url: str, width: int, charts: int):
    """A page at `width` once its `charts` plotly charts are drawn and the app is idle."""
    page = browser.new_page(viewport={"width": width, "height": 1400})
    page.goto(url)
    page.wait_for_selector("[data-testid=stAppViewContainer]", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0", timeout=300_000)
    # charts, not their SVG layers: each chart has several .main-svg, so counting those let a page with half
    # its charts drawn pass (seen at load average 10+: 2 of the themes page's 4 charts)
    page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length"
                           f" >= {charts}", timeout=300_000)
    page.wait_for_timeout(1500)  # plotly lays text out after the first paint
    assert page.locator("[data-testid=stException]").count() == 0
    return page


# Every text of every chart: which kind it is, what it says, its box on screen; and the chart's own box.
READ_CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
  const box = e => { const r = e.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; };
  const texts = (selector, kind) => [...plot.querySelectorAll(selector)]
      .filter(e => e.textContent.trim() && e.getBoundingClientRect().width > 0)
      .map(e => ({kind, text: e.textContent.trim(), ...box(e)}));
  const svg = plot.querySelector('.main-svg');
  return {
    title: (plot.querySelector('.gtitle') || {textContent: ''}).textContent,
    svg: box(svg),
    ticks: [...texts('.xtick text', 'x tick'), ...texts('.ytick text', 'y tick'), ...texts('.sankey .node-label', 'node')],
    notes: texts('.annotation-text', 'note'),
    all: [...texts('.xtick text', 'x tick'), ...texts('.ytick text', 'y tick'), ...texts('.annotation-text', 'note'),
          ...texts('.gtitle', 'title'), ...texts('.gtitle-subtitle', 'subtitle'), ...texts('.legendtext', 'legend'),
          ...texts('.textpoint text', 'point label'), ...texts('.sankey .node-label', 'node')],
    heatmap_rows: plot.querySelectorAll('g.ytick').length,  // the labels (tick marks are path.ytick)
    heatmap: [...plot.querySelectorAll('.hm image')].map(box)[0] || null,
  };
})"""


def _overlap(a: dict, b: dict) -> bool:
    return (min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > TOLERANCE_PX
            and min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > TOLERANCE_PX)


def collisions(chart: dict) -> list[str]:
    """Pairs of tick labels that overlap, and tick labels that overlap the source line."""
    ticks = chart["ticks"]
    found = [f"{a['kind']} {a['text']!r} × {b['kind']} {b['text']!r}"
             for i, a in enumerate(ticks) for b in ticks[i + 1:] if _overlap(a, b)]
    sources = [n for n in chart["notes"] if n["text"].startswith(("资料来源", "Source"))]
    found += [f"{a['kind']} {a['text']!r} × source line" for a in ticks for s in sources if _overlap(a, s)]
    return found


@pytest.mark.parametrize("width", [1280, 1440])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_no_label_collides(server, browser, name, lang, width):
    charts = CHART_PAGES[name][1]
    page = open_chart_page(browser, server, name, lang, width)
    try:
        drawn = page.evaluate(READ_CHARTS)
        assert len(drawn) >= charts
        problems = {chart["title"]: found for chart in drawn if (found := collisions(chart))}
        if problems:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"collisions-{name}-{lang}-{width}.png"), full_page=True)
        assert not problems, problems
        for chart in drawn:  # every chart names its sources
            assert any(n["text"].startswith(("资料来源", "Source")) for n in chart["notes"]), chart["title"]
    finally:
        page.close()


# Each chart's margins as given (layout.margin), as drawn (plotly.js widens them to hold what pushes past them, then
# draws the whole chart again) and what each element asked for (its push, with plotly's pad); where its source line
# starts. ui.report.style.side_margins works the margins out beforehand.
READ_MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const full = gd._fullLayout, pushes = Object.entries(full._pushmargin).filter(([id]) => id !== 'base');
  const note = [...gd.querySelectorAll('.annotation-text')].find(e => /^(资料来源|Source)/.test(e.textContent.trim()));
  return {
    title: (gd.querySelector('.gtitle') || {textContent: ''}).textContent,
    axes: Boolean(full.xaxis && full.xaxis.visible),
    given: ['l', 'r', 't', 'b'].map(side => full.margin[side]),
    drawn: ['l', 'r', 't', 'b'].map(side => full._size[side]),
    asked_left: Math.max(0, ...pushes.filter(([, p]) => p.l.val <= 0).map(([, p]) => p.l.size)),
    asked_right: Math.max(0, ...pushes.filter(([, p]) => p.r.val >= 1).map(([, p]) => p.r.size)),
    source_x: note ? note.getBoundingClientRect().left - gd.querySelector('.main-svg').getBoundingClientRect().left : null,
  };
})"""
# Room given beyond what the labels and legend asked for, at most (the estimates err a little wide: GLYPH_EM's
# slack, and the legend's 1 % offset worked out for a plot up to 1 200 px wide)
SPARE_LEFT_PX, SPARE_RIGHT_PX = 20, 32


@pytest.mark.parametrize("width", [1280, 1440])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_every_chart_is_drawn_once_in_the_margins_it_was_given(server, browser, name, lang, width):
    """A chart whose labels or legend need more room than its margins is drawn again by plotly.js with wider ones:
    every changed chart was drawn three times per click (issue 15). Each chart now comes with margins that hold its
    tick labels and legend, so plotly draws it once, and they are not much wider than needed (the plot keeps its
    width). The source line still starts at the chart's left edge (add_source_note)."""
    charts = CHART_PAGES[name][1]
    page = open_chart_page(browser, server, name, lang, width)
    try:
        drawn = page.evaluate(READ_MARGINS)
        assert len(drawn) >= charts
        for chart in drawn:
            assert chart["drawn"] == chart["given"], chart  # plotly widened nothing: one draw
            if chart["axes"]:  # the network (no axes) keeps room for names reaching past its outermost dots, too
                assert chart["given"][0] - max(chart["asked_left"], 20) <= SPARE_LEFT_PX, chart
                assert chart["given"][1] - max(chart["asked_right"], 20) <= SPARE_RIGHT_PX, chart
            assert chart["source_x"] is not None and 10 <= chart["source_x"] <= 30, chart
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_phone_width_keeps_heatmap_rows_and_every_text_inside_its_chart(server, browser, name, lang):
    charts = CHART_PAGES[name][1]
    page = open_chart_page(browser, server, name, lang, 390)
    try:
        drawn = page.evaluate(READ_CHARTS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{lang}-390.png"), full_page=True)
        # no two tick labels of a chart overlap, none runs into the source line (each chart scrolls in its box)
        problems = {chart["title"]: found for chart in drawn if (found := collisions(chart))}
        assert not problems, problems
        heatmaps = [chart for chart in drawn if chart["heatmap"]]
        if name in ("themes", "departments"):
            assert heatmaps, "no heatmap drawn"
        for chart in heatmaps:
            row_px = chart["heatmap"]["h"] / chart["heatmap_rows"]
            assert row_px >= MIN_HEATMAP_ROW_PX, (chart["title"], row_px)
            # the column labels (15 themes) stand apart when the chart is scrolled, none on its neighbour
            columns = [tick for tick in chart["ticks"] if tick["kind"] == "x tick"]
            assert len(columns) >= 2, chart["title"]
            crowded = [f"{a['text']!r} × {b['text']!r}" for i, a in enumerate(columns) for b in columns[i + 1:]
                       if _overlap(a, b)]
            assert not crowded, (chart["title"], crowded)
        for chart in drawn:  # nothing cut off at a chart's left or right edge
            left, right = chart["svg"]["x"], chart["svg"]["x"] + chart["svg"]["w"]
            outside = [f"{t['kind']} {t['text'][:30]!r}" for t in chart["all"]
                       if t["x"] < left - TOLERANCE_PX or t["x"] + t["w"] > right + TOLERANCE_PX]
            assert not outside, (chart["title"], outside)
        # the page itself never scrolls sideways (a wide chart scrolls inside its own box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + TOLERANCE_PX
    finally:
        page.close()


# Title, subtitle and source line of every chart as drawn: each block's lines (plotly's tspan.line, or the text itself
# when it is one line), each line's box, and how wide the line would have been with the next line's first word (for a
# source line, its first entry: it wraps between entries), measured in the line's own font. A line break is due when
# that would not have fitted: the text was wrapped for a 340 px phone screen on 820 px charts (a reviewer), so a line
# stopped at 300 px with room for the next word.
READ_HEADINGS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => !p.closest('.st-key-chart-code-early')).map(plot => {
  const svg = plot.querySelector('.main-svg').getBoundingClientRect();
  const wide = /[\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFF60\\u3000-\\u303F—]/;
  const firstWord = s => wide.test(s[0]) ? s[0] : s.split(/\\s|(?=[\\u2E80-\\u9FFF\\uFF00-\\uFF60\\u3000-\\u303F—])/)[0];
  const firstEntry = s => { const m = s.match(/^.*?[；;]/); return m ? m[0] : s; };
  const width = (el, text) => {
    const probe = el.cloneNode(false); probe.removeAttribute('class'); probe.textContent = text;
    el.parentNode.appendChild(probe); const w = probe.getComputedTextLength(); probe.remove(); return w;
  };
  const read = (el, next) => {
    if (!el || !el.textContent.trim()) return null;
    const parts = [...el.querySelectorAll('tspan.line')];
    const lines = (parts.length ? parts : [el]).map(e => { const r = e.getBoundingClientRect(); return {text: e.textContent, left: r.left, right: r.right}; });
    const breaks = lines.slice(1).map((line, i) => {
      const before = lines[i].text, unit = next(line.text.trim());
      const glue = wide.test(before.slice(-1)) || wide.test(unit[0]) ? '' : ' ';
      return {line: before, next: unit, with_next: width(el, before + glue + unit)};
    });
    return {lines, breaks};
  };
  const source = [...plot.querySelectorAll('.annotation-text')].find(e => /^(资料来源|Source)/.test(e.textContent));
  return {width: svg.width, left: svg.left, right: Math.min(svg.right, innerWidth),
          title: read(plot.querySelector('.gtitle'), firstWord), subtitle: read(plot.querySelector('.gtitle-subtitle'), firstWord),
          source: read(source, firstEntry)};
})"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ["breakdown", "programme"])  # full-width charts; two profiles side by side
def test_titles_subtitles_and_source_lines_use_the_charts_width(server, browser, name, lang):
    """At 1280 px, each line of a chart's title, subtitle and source line breaks only where the next word (entry) would
    have run past half the chart: before, the breakdown's titles broke at about 300 px of 820 ("How provincial key tasks
    break / down"), its Chinese subtitle and source lines at 340. And no line runs outside the chart."""
    charts = CHART_PAGES[name][1]
    page = open_chart_page(browser, server, name, lang, 1280)
    try:
        drawn = page.evaluate(READ_HEADINGS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"headings-{name}-{lang}-1280.png"))
        assert len(drawn) >= charts
        early, outside = [], []
        for chart in drawn:
            for kind in ("title", "subtitle", "source"):
                block = chart[kind]
                assert block or kind == "subtitle", (kind, chart)  # every chart has a title and names its sources
                for line in block["lines"] if block else ():
                    if line["left"] < chart["left"] - TOLERANCE_PX or line["right"] > chart["right"] + TOLERANCE_PX:
                        outside.append((kind, line["text"][:30]))
                early += [(kind, round(b["with_next"]), round(chart["width"]), b["line"][:30], b["next"])
                          for b in (block["breaks"] if block else ()) if b["with_next"] <= chart["width"] / 2]
        assert not outside, outside
        assert not early, early
        if name == "breakdown":  # the Sankey's note for phones takes no room at this width
            assert not page.get_by_text(t("sankey_phone_note", lang)).is_visible()
        notes = page.get_by_text(t("chart_phone_note", lang), exact=True).all()  # nor do the other charts' notes
        assert notes and not any(note.is_visible() for note in notes)
    finally:
        page.close()


# At a phone's width (390 × 844) the Sankey keeps its readable width (style.CHART_MIN_PX) and scrolls sideways in its
# box: above it a note says so, its starting tasks' names (its node labels, all in the left-hand column) stand whole on
# the first screen, inside the chart, and the lower levels on its right come into view when the box is scrolled. Before,
# the right-hand column was off-screen with nothing to say it was there.
SANKEY_ON_PHONE = """() => {
  const box = document.querySelector('.st-key-breakdown-sankey');
  const svg = box.querySelector('.main-svg').getBoundingClientRect();
  const rect = e => { const r = e.getBoundingClientRect(); return {text: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const labels = [...box.querySelectorAll('.sankey .node-label')].filter(e => e.textContent.trim()).map(rect);
  const nodes = [...box.querySelectorAll('.sankey .node-rect')].map(rect);
  return {svg: rect(box.querySelector('.main-svg')), labels, nodes, scroll: box.scrollWidth, shown: box.clientWidth,
          box: rect(box), width: innerWidth};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sankey_on_a_phone_says_it_scrolls_and_names_its_tasks_on_screen(server, browser, lang):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{server}/breakdown?lang={lang}")
        page.wait_for_function("[...document.querySelectorAll('.st-key-breakdown-sankey .sankey .node-label')]"
                               ".some(e => e.textContent.trim())", timeout=300_000)  # the lower levels' nodes are unnamed
        page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0", timeout=300_000)
        page.wait_for_timeout(1500)  # plotly lays text out after the first paint
        note = page.get_by_text(t("sankey_phone_note", lang), exact=True)
        assert note.is_visible()
        drawn = page.evaluate(SANKEY_ON_PHONE)
        assert note.bounding_box()["y"] + note.bounding_box()["height"] <= drawn["box"]["top"]  # above the chart
        assert len(drawn["labels"]) == 22, drawn["labels"]  # the provincial plan's 22 key tasks (README's corpus table)
        svg, screen = drawn["svg"], (0, drawn["width"])
        off = [label["text"] for label in drawn["labels"]
               if label["left"] < max(svg["left"], screen[0]) - TOLERANCE_PX or label["right"] > min(svg["right"], screen[1]) + TOLERANCE_PX
               or label["top"] < svg["top"] - TOLERANCE_PX or label["bottom"] > svg["bottom"] + TOLERANCE_PX]
        assert not off, off
        assert drawn["scroll"] > drawn["shown"]  # the rest of the chart is a swipe away, in its own box
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"breakdown-sankey-{lang}-390.png"))
        page.locator(".st-key-breakdown-sankey").evaluate("box => { box.scrollLeft = box.scrollWidth; }")
        page.wait_for_timeout(300)
        scrolled = page.evaluate(SANKEY_ON_PHONE)
        rightmost = max(node["right"] for node in scrolled["nodes"])
        assert rightmost <= scrolled["width"] + TOLERANCE_PX, (rightmost, scrolled["width"])  # the lower levels in view
        page.screenshot(path=str(SHOTS / f"breakdown-sankey-{lang}-390-scrolled.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + TOLERANCE_PX  # the page itself stays put
    finally:
        page.close()


# A walk: at 390 px every chart but the Sankey was drawn at its readable width in a box that scrolls sideways, its
# right-hand part (the link's heatmap column, the legend) out of sight and nothing to say so. Each says it, above it.
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_chart_on_a_phone_says_it_scrolls_sideways(server, browser, lang):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{server}/themes?lang={lang}")
        page.wait_for_function(PAGE_DRAWN, timeout=300_000)
        page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0", timeout=300_000)
        charts = page.locator("[data-testid=stMain] [data-testid=stPlotlyChart]")
        notes = page.get_by_text(t("chart_phone_note", lang), exact=True)
        assert charts.count() >= 3 and notes.count() == charts.count()
        for i in range(charts.count()):
            note, chart = notes.nth(i), charts.nth(i)
            note.scroll_into_view_if_needed()
            assert note.is_visible()
            assert note.bounding_box()["y"] < chart.bounding_box()["y"]  # above its chart
            box = chart.evaluate("e => { const b = e.closest('[class*=st-key-]'); return [b.scrollWidth, b.clientWidth]; }")
            assert box[0] > box[1], i  # and the chart does scroll sideways
        page.screenshot(path=str(SHOTS / f"phone-notes-{lang}.png"))
    finally:
        page.close()
