"""The floor for bench/server.py: the same figures as a dashboard page, prebuilt, with one radio.

    PAIRED_DATA_DIR=… python bench/serve.py run bench/floor_app.py      # then open /?page=themes

`?page=themes` draws the four charts of the themes page and offers the 'measure' radio (share / count);
`?page=departments` draws the four charts of the departments page and offers the 'scope' radio. Each
chart is built once per server (st.cache_resource) for both values of the radio, with the same
analyses, builders and arguments the page uses for every programme, and drawn with st.plotly_chart as
a minimal page draws it. What is left per click is what any Streamlit page with these charts must pay: one
script run, one radio, the figures' serialisation and the post-run garbage collection (of what is not
frozen: like the dashboard, the floor calls gc.freeze() once its long-lived objects are built).
`&drawn=1` gives the stricter floor: each figure's dict made once, as the dashboard draws its cached
figures (`ui.web.widgets.drawn_figure`), so only what every run must send is left.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from analytics import paths  # noqa: E402
from analytics.corpus.snapshot import served_corpus  # noqa: E402
from ui.report.i18n import t  # noqa: E402
from ui.report.style import plotly_config  # noqa: E402
from ui.web.widgets import drawn_figure  # noqa: E402

LANG = "zh"
OPTIONS = {"themes": ("measure", ("share", "count")), "departments": ("scope", ("primary", "any"))}


def themes_figures(corpus, value: str) -> list:
    from analytics.themes import distinctive_themes, instrument_mix, theme_shares
    from ui.report.charts import distinctive_chart, instrument_chart, source_line, theme_bars, theme_heatmap

    programmes = tuple(corpus.programmes.programme_id)
    source = source_line(corpus, programmes, LANG)
    shares = theme_shares(corpus, programmes, scope="primary", themes=None)
    subtitle = f"{t('measure_' + value, LANG)} · {t('scope_primary', LANG)}"
    return [theme_heatmap(corpus, shares, value, LANG, source, subtitle),
            theme_bars(corpus, shares, value, LANG, source, subtitle),
            distinctive_chart(corpus, distinctive_themes(corpus, programmes, scope="primary", group="pairing"), LANG, source),
            instrument_chart(corpus, instrument_mix(corpus, programmes), LANG, source, t("measure_share", LANG))]


def departments_figures(corpus, value: str) -> list:
    from analytics.workload import department_workload, functions_by_theme, normalised_workload, workload_by_side
    from ui.report.charts import function_theme_heatmap, ranking_chart, side_chart, source_line, weighted_chart
    from ui.report.i18n import function_names, programme_names

    programmes = tuple(corpus.programmes.programme_id)
    source = source_line(corpus, programmes, LANG)
    names_f = function_names(corpus, LANG)
    workload = department_workload(corpus, programmes, by="function", themes=None)
    sub = t("workload_sub", LANG)
    return [ranking_chart(corpus, workload, "function", LANG, source, sub),
            side_chart(workload_by_side(corpus, programmes), names_f, LANG, source, sub),
            weighted_chart(normalised_workload(corpus, programmes), names_f, programme_names(corpus, LANG), LANG, source),
            function_theme_heatmap(corpus, functions_by_theme(corpus, programmes, value), names_f, LANG, source,
                                   t("scope_" + value, LANG))]


@st.cache_resource(show_spinner=False)
def figures(data_dir: str, page: str) -> dict:
    # read as the dashboard reads it (its snapshot, validated in a worker when there is none), so the floor starts
    # at 1000× too: validating in this process took minutes and gigabytes there, and the figures are the same
    corpus = served_corpus(Path(data_dir), paths.SEEDS_DIR)
    build = themes_figures if page == "themes" else departments_figures
    built = {value: build(corpus, value) for value in OPTIONS[page][1]}
    gc.freeze()  # as the dashboard does after its corpus load: the floor pays no gc for long-lived objects either
    return built


page = st.query_params.get("page", "themes")
page = page if page in OPTIONS else "themes"
label, values = OPTIONS[page]
value = st.radio(t(label, LANG), values, format_func=lambda v: t(f"{label}_{v}", LANG), horizontal=True)
drawn = st.query_params.get("drawn") == "1"  # the stricter floor: figures drawn as the dashboard draws them
for index, fig in enumerate(figures(str(paths.DATA_DIR), page)[value]):
    st.plotly_chart(drawn_figure(fig) if drawn else fig, config=plotly_config(fig.layout.title.text or ""), width="stretch", key=f"floor-{index}",
                    theme=None)
