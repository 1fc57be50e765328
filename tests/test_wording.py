"""How findings are worded (ui/report/findings.py), in both languages, and that their counts square with the overview.

The numbers behind them are tested in test_findings.py and test_summary.py; here the sentences.

Expected values are counted by hand from data/programmes/*.yaml (`kind:` and `primary_theme:` lines):

| programme        | task | key_task | safeguard | pairing             |
|------------------|------|----------|-----------|---------------------|
| jn-ly-2023       | 43   |          |           | jinan-linyi         |
| jn-ly-division   | 53   |          |           | jinan-linyi         |
| jn-ly-provincial |      | 22       |           | jinan-linyi         |
| sc-yq            | 21   |          | 3         | shangcheng-yongqiao |
| sh-sm            | 25   |          | 4         | shanghai-sanming    |
| szq-fx           | 17   |          |           | shizhong-feixian    |
| szq-gt           | 18   |          |           | shizhong-gaotang    |

Tasks 177, key tasks 22, safeguards 7: 206 items (what the explorer lists). Themes and gaps count tasks and
key tasks (199 items), never safeguards (all seven are `mechanism`).
"""

import dataclasses

import pandas as pd
import pytest

from analytics.findings import pairing_facts
from analytics.summary import corpus_summary
from ui.report.findings import counted_phrase, finding_sentences, findings_markdown, gap_phrase


def test_pairing_counts_add_up_to_the_overview(corpus):
    """The findings' task counts add up to the overview's 177 (fault: they added up to 199 with the key tasks)."""
    facts = pairing_facts(corpus)
    assert facts.tasks.sum() == corpus_summary(corpus).headline["tasks"] == 177
    assert facts.key_tasks.sum() == 22 and facts.safeguards.sum() == 7


# Most distinctive theme resting on 3+ tasks, share of the pairing's 199-item base, gap in points:
#   济南—临沂 infrastructure: 2023 4 + division 3 + provincial 2 = 9 of 118; rest: sh-sm 1 + szq-fx 1 = 2 of 81
#   (its other themes: red culture 13/118 against 6/81 is +3.6, logistics 5/118 against 1/81 +3.0, industry 22/118
#   against 14/81 +1.4; the rest lower). 高唐 and 费县 are worked out in test_findings.py.
@pytest.mark.parametrize("pairing, theme, share, gap", [
    ("jinan-linyi", "infrastructure", 9 / 118, 100 * (9 / 118 - 2 / 81)),
])
def test_most_distinctive_theme(corpus, pairing, theme, share, gap):
    row = pairing_facts(corpus).set_index("pairing_id").loc[pairing]
    assert row.theme_id == theme
    assert row.share == pytest.approx(share) and row.gap_pp == pytest.approx(gap)


@pytest.mark.parametrize("gap, zh, en", [
    (12.4, "比其余方案高12个百分点", "12 percentage points above the rest"),
    (-3.6, "比其余方案低4个百分点", "4 percentage points below the rest"),
    (-0.48, "与其余方案持平", "level with the rest"),
    (1.2, "比其余方案高1个百分点", "1 percentage point above the rest"),
    (-1.4, "比其余方案低1个百分点", "1 percentage point below the rest"),
])
def test_gap_phrase(gap, zh, en):
    assert gap_phrase(gap, "zh") == zh and gap_phrase(gap, "en") == en


@pytest.mark.parametrize("tasks, key_tasks, zh, en", [
    (96, 22, "96项任务和22项省级重点任务", "96 tasks and 22 provincial key tasks"),
    (21, 0, "21项任务", "21 tasks"),
    (0, 22, "22项省级重点任务", "22 provincial key tasks"),
    (1, 1, "1项任务和1项省级重点任务", "1 task and 1 provincial key task"),
])
def test_counted_phrase_names_each_kind(tasks, key_tasks, zh, en):
    assert counted_phrase(tasks, key_tasks, "zh") == zh and counted_phrase(tasks, key_tasks, "en") == en


@pytest.mark.parametrize("lang, pairing, start", [
    ("zh", "jinan-linyi", "济南市—临沂市：96项任务和22项省级重点任务（3份文件），最突出的主题是“基础设施”（占其中的8%，比其余方案高5个百分点；只比较任务3项及以上的主题）；"),
    ("en", "jinan-linyi", "Jinan–Linyi: 96 tasks and 22 provincial key tasks in 3 documents; the most distinctive theme is "
                          "Infrastructure (8% of them, 5 percentage points above the rest; themes of 3 or more tasks compared);"),
    ("zh", "shangcheng-yongqiao", "杭州市上城区—宿州市埇桥区：21项任务（1份文件；另有3项保障措施，不计入），"),
    ("en", "shanghai-sanming", "Shanghai–Sanming: 25 tasks in 1 document (plus 4 safeguards, not counted);"),
    ("zh", "shizhong-feixian", "济南市市中区—临沂市费县：17项任务（1份文件），没有明显高于其余方案的主题（差距最大的“产业合作”占其中的18%，与其余方案持平；只比较任务3项及以上的主题）；"),
    ("en", "shizhong-feixian", "Shizhong District (Jinan)–Fei County: 17 tasks in 1 document; no theme stands above the rest "
                               "(the closest, Industrial cooperation, is 18% of them, level with the rest; themes of 3 or more tasks compared);"),
    ("zh", "shizhong-gaotang", "济南市市中区—聊城市高唐县：18项任务（1份文件），最突出的主题是“机制与营商环境”（占其中的22%，比其余方案高18个百分点；只比较任务3项及以上的主题）；"),
])
def test_finding_sentences(corpus, lang, pairing, start):
    facts = pairing_facts(corpus)
    sentences = dict(zip(facts.pairing_id, finding_sentences(corpus, facts, lang)))
    assert sentences[pairing].startswith(start), sentences[pairing]
    assert not any("-0" in s or "高-" in s or "(s)" in s for s in sentences.values())


def test_findings_follow_the_selection(corpus):
    facts = pairing_facts(corpus, ["szq-gt", "jn-ly-provincial"])
    assert dict(zip(facts.pairing_id, zip(facts.tasks, facts.key_tasks))) == {"jinan-linyi": (0, 22), "shizhong-gaotang": (18, 0)}
    assert pairing_facts(corpus, []).empty


# The overview's list (findings_markdown): the `limit` pairings with the most tasks and key tasks, in the table's
# order; the others folded. Sizes from the table above: 济南—临沂 96 + 22 = 118, 上海—三明 25, 上城—埇桥 21,
# 市中—高唐 18, 市中—费县 17.
@pytest.mark.parametrize("limit, shown_starts, rest_starts", [
    (20, ["济南市—临沂市", "杭州市上城区—宿州市埇桥区", "上海市—三明市", "济南市市中区—临沂市费县", "济南市市中区—聊城市高唐县"], []),
    (2, ["济南市—临沂市", "上海市—三明市"], ["杭州市上城区—宿州市埇桥区", "济南市市中区—临沂市费县", "济南市市中区—聊城市高唐县"]),
    (4, ["济南市—临沂市", "杭州市上城区—宿州市埇桥区", "上海市—三明市", "济南市市中区—聊城市高唐县"], ["济南市市中区—临沂市费县"]),
])
def test_findings_markdown_lists_the_largest_and_folds_the_rest(corpus, limit, shown_starts, rest_starts):
    facts = pairing_facts(corpus)
    shown, n_rest = findings_markdown(corpus, facts, "zh", limit=limit)
    rest, n_again = findings_markdown(corpus, facts, "zh", limit=limit, rest=True)
    assert n_again == n_rest
    assert [line[2:].split("：")[0] for line in shown.splitlines()] == shown_starts
    assert [line[2:].split("：")[0] for line in rest.splitlines()] == rest_starts
    assert n_rest == len(rest_starts)
    assert all(line.startswith("- ") for line in (shown + "\n" + rest).splitlines() if line)


def test_findings_markdown_escapes_each_sentence(corpus):
    facts = pairing_facts(corpus)
    places = corpus.places.copy()
    places.loc[places.place_id == "feixian", "name_zh"] = "*费县*<b>[x](javascript:1)"
    shown, _ = findings_markdown(dataclasses.replace(corpus, places=places), facts, "zh")
    line = next(line for line in shown.splitlines() if "费县" in line)
    assert "<b>" not in line and "](" not in line and "*费县*" not in line


@pytest.mark.parametrize("programmes, lang, sentence", [
    # 高唐县 alone: 6 of its 18 tasks primarily industry (1–4, 10, 11; tests/test_themes.py), 3 of 18 with a checkable
    # commitment (14, 15, 18; tests/test_commitments.py). No other pairing is chosen: no gap to state (NaN was a crash)
    (["szq-gt"], "zh", "济南市市中区—聊城市高唐县：18项任务（1份文件），占比最大的主题是“产业合作”（占其中的33%；所选方案中没有其他结对关系可比）；"
                       "其中17%含可考核承诺。"),
    (["szq-gt"], "en", "Shizhong District (Jinan)–Gaotang County: 18 tasks in 1 document; the largest theme is Industrial cooperation "
                       "(33% of them; no other pairing is chosen to compare with); 17% of them carry a checkable commitment."),
    # 济南—临沂's three documents are one pairing too: 96 tasks and 22 key tasks, nothing to compare with
    (["jn-ly-2023", "jn-ly-division", "jn-ly-provincial"], "zh", "济南市—临沂市：96项任务和22项省级重点任务（3份文件），占比最大的主题是"),
])
def test_one_pairing_chosen_is_described_without_a_gap(corpus, programmes, lang, sentence):
    facts = pairing_facts(corpus, programmes)
    [said] = finding_sentences(corpus, facts, lang)
    assert said.startswith(sentence), said
    assert "nan%" not in said


@pytest.mark.parametrize("lang, small, said", [
    ("zh", False, "（差距最大的“红色文化”占其中的12%，比其余方案低1个百分点；只比较任务3项及以上的主题）"),
    ("zh", True, "（差距最大的“红色文化”占其中的12%，比其余方案低1个百分点；各主题任务均不足3项）"),
    ("en", True, "(the closest, Red culture, is 12% of them, 1 percentage point below the rest; every theme has fewer than 3 tasks)"),
])
def test_a_finding_says_which_themes_it_compares(corpus, lang, small, said):
    """A walk: "no theme stands above the rest" beside a theme of 2 tasks far above the rest, left out as resting on
    fewer than 3 tasks, which the sentence did not say. A pairing's facts as analytics.findings.pairing_facts gives
    them, its theme's gap the largest of those of 3 tasks or more, or (`small`) of all, none reaching 3."""
    facts = pd.DataFrame([{"pairing_id": "shanghai-sanming", "helper": "shanghai", "recipient": "sanming", "tasks": 8,
                           "key_tasks": 0, "safeguards": 0, "documents": 1, "theme_id": "red_culture", "share": 0.12,
                           "gap_pp": -1.2, "small": small, "assessable_share": 0.5}])
    assert said in finding_sentences(corpus, facts, lang)[0]
