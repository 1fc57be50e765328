"""One programme's profile (analytics/profile.py), against the extract and seed read by hand."""

import pytest

from analytics.profile import programme_profile


@pytest.mark.parametrize(
    "programme_id, sections, items",
    [
        ("szq-fx", ["一", "二", "三", "四", "五", "六", "七"], [2, 3, 1, 2, 3, 3, 3]),
        # 一、总体要求 holds no items; 二、重点工作 21 tasks; 三、保障措施 3 safeguards.
        ("sc-yq", ["一", "二", "三"], [0, 21, 3]),
    ],
)
def test_structure_counts_items_per_section(corpus, programme_id, sections, items):
    structure = programme_profile(corpus, programme_id).structure
    assert (list(structure.section), list(structure["items"])) == (sections, items)


def test_theme_profile_and_bodies(corpus):
    profile = programme_profile(corpus, "szq-fx")
    themes = profile.themes.set_index("theme_id")
    assert (themes.tasks["red_culture"], themes.total["red_culture"]) == (2, 17)
    units = profile.units.set_index("unit_id")
    # 费县发展改革局: lead on （五）（九）（十）, support on five tasks: 3 + 5 × 0.5.
    assert (units.lead["feixian.development_reform"], units.support["feixian.development_reform"]) == (3, 5)
    assert units.weighted_index["feixian.development_reform"] == 5.5


def test_a_plan_without_units_has_no_bodies(corpus):
    assert programme_profile(corpus, "sh-sm").units.empty
