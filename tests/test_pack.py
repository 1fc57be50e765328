"""ui/report/pack.py: a pack's slides, one per chart as the reader left it; the same slide is never added twice."""

import plotly.graph_objects as go
import pytest

from ui.report.pack import PackItem, place_in_pack


def _item(title="甲", caption="结论", lang="zh", x=(1, 2)) -> PackItem:
    return PackItem.from_figure(go.Figure(go.Bar(x=list(x), y=["a", "b"])), title, "副标题", caption, lang=lang)


PACK = [_item("甲"), _item("乙")]


@pytest.mark.parametrize("item, place", [
    (_item("甲"), 1),  # the first again (a new id, the same slide)
    (_item("乙"), 2),
    (_item("丙"), 0),  # a title changed: another slide
    (_item("甲", caption="另一结论"), 0),  # a finding changed
    (_item("甲", lang="en"), 0),  # the same chart added in the other language: its texts and stamp differ
    (_item("甲", x=(1, 3)), 0),  # another view of the chart: another figure
])
def test_the_same_slide_is_found_in_the_pack_and_another_is_not(item, place):
    assert item.item_id not in {kept.item_id for kept in PACK}
    assert place_in_pack(PACK, item) == place


def test_an_empty_pack_holds_nothing():
    assert place_in_pack([], _item()) == 0
