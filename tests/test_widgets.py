"""ui/web/widgets.py: what is derived from a shared figure, when many sessions draw it at once (issue 15).

The figures shown are shared by every session. Under 15 readers opening the themes page together at 100×, two
threads copying the heatmap for its click targets at once handed the heatmap's properties to a scatter trace, and
one reader's page showed an exception (plotly objects are not safe to read from two threads at once).
"""

from __future__ import annotations

import threading

import plotly.graph_objects as go
import pytest

from ui.web import widgets

SESSIONS = 12


def heatmap() -> go.Figure:
    """A heatmap the size of the themes page's at 100× (31 rows × 15 themes), with its cell texts."""
    rows, columns = [f"方案{i}" for i in range(31)], [f"主题{j}" for j in range(15)]
    z = [[(i * 15 + j) % 23 for j in range(15)] for i in range(31)]
    return go.Figure(go.Heatmap(z=z, x=columns, y=rows, text=[[f"{v}%" for v in row] for row in z], texttemplate="%{text}",
                                colorscale="Blues", hovertemplate="%{y} · %{x}: %{text}<extra></extra>"),
                     layout={"title": {"text": "各方案主题分布"}})


@pytest.mark.parametrize("derive", [widgets.with_click_targets, widgets.drawn_figure, widgets.trace_names,
                                    lambda fig: widgets.drawn_figure(widgets.with_click_targets(fig))],
                         ids=["click targets", "drawn", "trace names", "drawn click targets"])
def test_sessions_drawing_one_figure_at_once_share_one_derivation(derive):
    fig, start = heatmap(), threading.Barrier(SESSIONS)
    made, errors = [], []

    def session() -> None:
        start.wait()  # every session reaches the shared figure at the same moment
        try:
            made.append(derive(fig))
        except Exception as error:  # noqa: BLE001 — a failure in any session is what the test looks for
            errors.append(error)

    threads = [threading.Thread(target=session) for _ in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(made) == SESSIONS and len({id(m) for m in made}) == 1  # built once, by one session, for all


def test_click_targets_one_marker_per_cell_and_the_heatmap_untouched():
    fig = heatmap()
    out = widgets.with_click_targets(fig)
    heat, targets = out.data
    assert len(targets.x) == len(targets.y) == 31 * 15
    assert (targets.x[16], targets.y[16]) == ("主题1", "方案1")  # row by row, as the heatmap's cells
    assert targets.text[16] == "16%"  # the cell's own text: (1 × 15 + 1) mod 23
    assert targets.marker.maxdisplayed == 1 and targets.marker.opacity == 0
    assert heat.hoverinfo == "skip" and fig.data[0].hoverinfo is None  # a copy: the shared figure is not changed
    assert len(fig.data) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chart_is_handed_its_own_modebar_settings(lang):
    """A plotly figure has a `_config` of its own, {}: kept per figure under that name, it was taken for the modebar's
    settings, so the browser got none (a 1× camera picture, English tips on the Chinese page)."""
    from ui.report.style import frame, plotly_config

    fig = frame(go.Figure(go.Bar(x=[1], y=["甲"])), "各方案主题分布", "sub", "src")
    fig.layout.meta["lang"] = lang
    texts, config = widgets._texts_and_config(fig)
    assert config == plotly_config("各方案主题分布", lang) and config["toImageButtonOptions"]["scale"] == 3
    assert ("locales" in config) == (lang == "zh")
