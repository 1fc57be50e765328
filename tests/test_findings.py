"""One finding per pairing (analytics/findings.py): the numbers, worked out by hand from the extracts."""

import pytest

from analytics.findings import gap_direction, pairing_facts


@pytest.fixture(scope="module")
def facts(corpus):
    return pairing_facts(corpus).set_index("pairing_id")


@pytest.mark.parametrize(
    "pairing_id, tasks, key_tasks, safeguards, documents",
    [
        ("jinan-linyi", 96, 22, 0, 3),
        ("shangcheng-yongqiao", 21, 0, 3, 1),
        ("shanghai-sanming", 25, 0, 4, 1),
        ("shizhong-feixian", 17, 0, 0, 1),
        ("shizhong-gaotang", 18, 0, 0, 1),
    ],
)
def test_each_pairing_counts_its_items_apart(facts, pairing_id, tasks, key_tasks, safeguards, documents):
    row = facts.loc[pairing_id]
    assert (row.tasks, row.key_tasks, row.safeguards, row.documents) == (tasks, key_tasks, safeguards, documents)


@pytest.mark.parametrize(
    "pairing_id, theme_id, share, gap_pp",
    [
        # 高唐县, 18 tasks: mechanism 4 (22.2 %) against 7 of the other 181 counted items (jn-ly-2023 3,
        # jn-ly-division 2, sc-yq 2; the sc-yq and sh-sm mechanism items are otherwise 保障措施): +18.36 pp,
        # ahead of industry (6/18 against 30/181: +16.76 pp) and talent (3/18 against 14/181: +8.93 pp).
        ("shizhong-gaotang", "mechanism", 4 / 18, 18.355),
        # 费县, 17 tasks: industry is its only theme with 3+ tasks, and it is level with the rest:
        # 3/17 = 17.65 % against 33 of 182 = 18.13 %.
        ("shizhong-feixian", "industry", 3 / 17, -0.485),
    ],
)
def test_most_distinctive_theme_rests_on_three_or_more_tasks(facts, pairing_id, theme_id, share, gap_pp):
    row = facts.loc[pairing_id]
    assert row.theme_id == theme_id
    assert row.share == pytest.approx(share)
    assert row.gap_pp == pytest.approx(gap_pp, abs=0.001)
    assert not row.small  # 4 and 3 tasks: of the themes resting on 3 or more, as the finding then says


def test_a_selection_keeps_only_its_pairings(corpus):
    facts = pairing_facts(corpus, ["szq-fx"])
    assert list(facts.pairing_id) == ["shizhong-feixian"] and facts.tasks.iloc[0] == 17
    assert pairing_facts(corpus, []).empty


@pytest.mark.parametrize(
    "gap_pp, expected",
    [(16.76, ("above", 17)), (-0.485, ("level", 0)), (0.49, ("level", 0)), (0.5, ("above", 1)), (-2.5, ("below", 3)),
     (0.0, ("level", 0))],
)
def test_gap_direction_never_says_minus_zero(gap_pp, expected):
    assert gap_direction(gap_pp) == expected
