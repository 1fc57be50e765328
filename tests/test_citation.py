"""analytics/citation.py: each task cited as its source prints it (a walk: the tables of the tasks behind a number
listed ids, and the one citation was on the explorer's card). Expected values read from seeds/."""

import pandas as pd
import pytest

from analytics.citation import task_citations


@pytest.mark.parametrize("task_id, citation", [
    # seeds/szq-fx.txt: 市中政办字〔2023〕13号; "一、弘扬传承红色文化", then "（二）推动红色旅游融合发展"
    ("szq-fx/02", "《济南市市中区—临沂市费县对口合作实施方案》（市中政办字〔2023〕13号），一、弘扬传承红色文化，第（二）项"),
    # seeds/jn-ly.txt, the 2023 work points (济政办字〔2023〕28号): "四、打造产业合作升级版", then "18. 加强产业协作"
    ("jn-ly-2023/18", "《济南—临沂对口合作2023年工作要点》（济政办字〔2023〕28号），四、打造产业合作升级版，第18项"),
    # seeds/sh-sm.txt has no 文号 and is dated 2023-01-19 (its first line): the date in its place; "二、重点任务",
    # "(一)传承弘扬红色文化,推动文旅康养发展", then "1.加强红色遗址保护合作"
    ("sh-sm/1.1", "《上海市与三明市对口合作实施方案(2023—2025年)》（2023-01-19），二、重点任务(一)传承弘扬红色文化,推动文旅康养发展，第1项"),
    # seeds/sc-yq.txt has neither 文号 nor date; its first safeguard, "三、保障措施" "（一）", cited by its own number
    ("sc-yq/S1", "《推进落实杭州市上城区结对合作帮扶宿州市埇桥区工作方案（征求意见稿）》，三、保障措施，（一）"),
])
def test_a_task_is_cited_by_document_section_and_number(corpus, task_id, citation):
    assert task_citations(corpus, [task_id]).to_dict() == {task_id: citation}


def test_citations_keep_the_order_asked_and_match_the_task_card(corpus):
    from analytics.search import task_card

    ids = ["jn-ly-2023/18", "szq-fx/02", "jn-ly-2023/18"]
    cited = task_citations(corpus, ids)
    assert list(cited.index) == ids and cited.iloc[0] == cited.iloc[2]
    assert [task_card(corpus, task_id).citation for task_id in ids] == list(cited)


# 费县's plan (seeds/szq-fx.txt): 红色文化 is the primary theme of （一） and （二） under "一、弘扬传承红色文化"; 两地文化和旅游局
# support （一）, lead （二） and support (六) under "三、完善基础设施网络" (data/programmes/szq-fx.yaml's unit clauses)
FX = "《济南市市中区—临沂市费县对口合作实施方案》（市中政办字〔2023〕13号），"
RED = [FX + "一、弘扬传承红色文化，第（一）项", FX + "一、弘扬传承红色文化，第（二）项"]


@pytest.mark.parametrize("table, cited", [
    ("themes", RED),
    ("workload", RED + [FX + "三、完善基础设施网络，第(六)项"]),
])
def test_the_tasks_behind_a_number_carry_their_citations(corpus, table, cited):
    from analytics.themes import tasks_behind
    from analytics.workload import workload_tasks

    behind = (tasks_behind(corpus, "szq-fx", "red_culture") if table == "themes"
              else workload_tasks(corpus, "culture_tourism", ["szq-fx"]))
    assert list(behind.citation) == cited


# strftime's %Y writes the year 1 as "1" here (glibc): an attack's upload issued 0001-01-01 was "(1-01-01)" under its
# charts and "(0001-01-01)" on the deck's sources slide. Every date is written one way.
@pytest.mark.parametrize("value, written", [
    (pd.Timestamp("2023-01-19"), "2023-01-19"),
    (pd.Timestamp("0001-01-01"), "0001-01-01"),
    (pd.Timestamp("0999-12-31"), "0999-12-31"),
    (pd.NaT, None),
    (None, None),
])
def test_a_date_is_written_with_a_four_digit_year(value, written):
    from analytics.citation import iso_day

    assert iso_day(value) == written
