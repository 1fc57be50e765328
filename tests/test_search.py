import pytest

from analytics.search import match_spans, search_tasks, task_card


@pytest.mark.parametrize(
    "text, terms, expected",
    [("联席会议和联席会议", ["联席会议"], [(0, 4), (5, 9)]), ("abcdef", ["bc", "cd"], [(1, 4)]), ("abc", [], [])],
)
def test_match_spans(text, terms, expected):
    assert match_spans(text, terms) == expected


def test_every_term_must_match(corpus):
    both = search_tasks(corpus, "联席会议 季度")
    # 高唐县 14 每季度召开1次联席会议; 埇桥区 safeguard (一) …每季度召开联席会议
    assert set(both.task_id) == {"szq-gt/14", "sc-yq/S1"}
    assert len(search_tasks(corpus, "联席会议")) > len(both)


def test_filters_only_narrow(corpus):
    everything = search_tasks(corpus)
    leads = search_tasks(corpus, roles=["lead"])
    assert set(leads.task_id) < set(everything.task_id)
    assert set(search_tasks(corpus, units=["shizhong.disabled_persons"]).task_id) == {"szq-fx/14"}


@pytest.mark.parametrize(
    "task_id, citation",
    [
        ("jn-ly-2023/08", "《济南—临沂对口合作2023年工作要点》（济政办字〔2023〕28号），二、打造乡村振兴合作升级版，第8项"),
        ("szq-fx/14", "《济南市市中区—临沂市费县对口合作实施方案》（市中政办字〔2023〕13号），六、增进老区民生福祉，第（十四）项"),
        ("jn-ly-division/27", "《贯彻落实〈济南—临沂对口合作实施方案〉重点任务分工方案》（济政办字〔2023〕28号），五、强化产业务实合作（十二）共同培育新兴产业，第27项"),
    ],
)
def test_citation(corpus, task_id, citation):
    assert task_card(corpus, task_id).citation == citation


# Counted by hand in data/programmes/*.yaml: 红色文化 (red_culture) is the primary theme of 4 + 6 + 3 + 4 + 2 items
# (2023 work points, division plan, provincial key tasks, 上海—三明, 费县) and a secondary tag of one more in each of the
# first two (2023 ·31, division ·43).
@pytest.mark.parametrize("programmes, scope, expected", [
    (None, "primary", 19),
    (None, "any", 21),
    (["jn-ly-2023"], "primary", 4),
    (["jn-ly-2023"], "any", 5),
])
def test_the_theme_filter_counts_in_the_sidebars_theme_tags(corpus, programmes, scope, expected):
    """A walk: the explorer matched any tag while the sidebar said primary only, and listed 21 red-culture items beside
    a heatmap counting 19."""
    from analytics.search import search_tasks

    assert len(search_tasks(corpus, "", programmes, ["red_culture"], scope=scope)) == expected
