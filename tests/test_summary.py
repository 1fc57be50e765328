"""Overview headline figures (analytics/summary.py), counted by hand from the extracts and seeds."""

import pytest

from analytics.summary import corpus_summary, kind_counts


@pytest.mark.parametrize(
    "programmes, headline, kinds",
    [
        # Seven documents of five pairings; tasks 43 + 53 + 21 + 25 + 17 + 18 = 177, the 22 provincial key
        # tasks and the 3 + 4 保障措施 of 上城区—埇桥区 and 上海—三明 counted apart.
        (None, {"programmes": 7, "pairings": 5, "tasks": 177}, {"task": 177, "key_task": 22, "safeguard": 7}),
        # 济南—临沂: three documents of one pairing.
        (["jn-ly-provincial", "jn-ly-division", "jn-ly-2023"], {"programmes": 3, "pairings": 1, "tasks": 96},
         {"task": 96, "key_task": 22, "safeguard": 0}),
        # 高唐县: task 16 names 31 bodies (两地 × 9, 市中区 8, 高唐县 5), task 15 adds both 政府办公室 and
        # task 17 both 委组织部; every other clause names bodies already counted: 35.
        (["szq-gt"], {"programmes": 1, "pairings": 1, "tasks": 18, "bodies": 35},
         {"task": 18, "key_task": 0, "safeguard": 0}),
        # 上海—三明 names no departments at all.
        (["sh-sm"], {"programmes": 1, "pairings": 1, "tasks": 25, "bodies": 0},
         {"task": 25, "key_task": 0, "safeguard": 4}),
        ([], {"programmes": 0, "pairings": 0, "tasks": 0, "bodies": 0}, {"task": 0, "key_task": 0, "safeguard": 0}),
    ],
)
def test_headline_figures(corpus, programmes, headline, kinds):
    summary = corpus_summary(corpus, programmes)
    assert {key: summary.headline[key] for key in headline} == headline
    assert summary.kinds == kinds


def test_kind_counts_names_every_kind_even_when_absent(corpus):
    szq_fx = corpus.tasks[corpus.tasks.programme_id == "szq-fx"]
    assert kind_counts(szq_fx) == {"task": 17, "key_task": 0, "safeguard": 0}


# Beside their own pairings the documents name others, which the overview's map and list draw (data/registry/pairings.yaml,
# named_in): 济南—临沂's documents name six county pairings (历下—沂水, 市中区—费县, 天桥—蒙阴, 槐荫—沂南, 高新—高新, 历城—莒南), and
# 上城区—埇桥区's plan 杭州—宿州; 市中区—费县 is 费县's plan's own once that plan is chosen.
@pytest.mark.parametrize("programmes, own, named", [
    (None, 5, 6),
    (["jn-ly-provincial", "jn-ly-division", "jn-ly-2023"], 1, 6),
    (["jn-ly-provincial", "jn-ly-division", "jn-ly-2023", "szq-fx"], 2, 5),
    (["sh-sm"], 1, 0),
])
def test_the_pairings_named_beside_the_documents_own(corpus, programmes, own, named):
    summary = corpus_summary(corpus, programmes)
    assert (summary.headline["pairings"], summary.named_pairings) == (own, named)
