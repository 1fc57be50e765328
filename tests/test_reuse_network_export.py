import pytest

from analytics.__main__ import main
from analytics.network import document_timeline, pairing_network
from analytics.reuse import near_duplicates, similarity


@pytest.mark.parametrize(
    "a, b, expected",
    [("abcdefgh", "abcdefgh", 1.0), ("abcdefgh", "zzzzzzzz", 0.0), ("abcd", "abcdxxxx", 2 * 4 / 12), ("", "abc", 0.0)],
)
def test_similarity(a, b, expected):
    assert similarity(a, b) == pytest.approx(expected)


def test_near_duplicates_pair_different_programmes(corpus):
    pairs = near_duplicates(corpus)
    assert (pairs.programme_id != pairs.other_programme_id).all()
    assert (pairs.task_id < pairs.other_task_id).all()
    assert pairs.similarity.between(0.3, 1).all()


def test_work_point_copying_division_task_is_found(corpus):
    # Work point 17 (加强城市更新交流合作) repeats division task 15 almost word for word.
    pairs = near_duplicates(corpus).set_index(["task_id", "other_task_id"])
    assert pairs.loc[("jn-ly-2023/17", "jn-ly-division/15"), "similarity"] > 0.85


def test_tailored_plans_share_no_template_text(corpus):
    pairs = near_duplicates(corpus)
    others = {"sc-yq", "sh-sm", "szq-gt"}
    assert not (pairs.programme_id.isin(others) | pairs.other_programme_id.isin(others)).any()


def test_pairing_network(corpus):
    nodes, edges = pairing_network(corpus)
    assert len(edges) == 11
    edge = edges.set_index("pairing_id").loc["shizhong-feixian"]
    assert edge.documents == ("jn-ly-division", "jn-ly-2023", "szq-fx") and edge.programmes == ("szq-fx",)
    roles = nodes.set_index("place_id").role
    assert roles["shizhong"] == "helper" and roles["feixian"] == "recipient"


def test_timeline_puts_undated_last(corpus):
    timeline = document_timeline(corpus)
    assert timeline.issued.isna().tolist() == [False] * 5 + [True] * 2
    assert set(timeline.programme_id[timeline.issued.isna()]) == {"jn-ly-provincial", "sc-yq"}


def test_export_writes_documented_columns(tmp_path):
    assert main(["export", str(tmp_path)]) == 0
    expected = {
        "programmes": "programme_id,title,doc_number,issued,status,helper,recipient,level",
        "tasks": "task_id,programme_id,kind,section,subsection,number,heading,text,primary_theme,instrument",
        "task_themes": "task_id,theme_id,is_primary",
        "task_units": "task_id,unit_text,unit_id,unit_name,function,place,side,role",
        "task_links": "task_id,parent_task_id,relation",
        "theme_matrix": "programme_id,theme_id,tasks,share",
        "workload": "programme_id,function,side,role,tasks",
        "breakdown": "key_task_id,division_tasks,work_points,county_tasks",
        "commitments": "task_id,kind,phrase",
        "reuse": "task_id,other_task_id,similarity",
    }
    for stem, header in expected.items():
        raw = (tmp_path / f"{stem}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{stem}.csv lacks the UTF-8 BOM"
        assert raw.decode("utf-8-sig").splitlines()[0].startswith(header), stem
    tasks = (tmp_path / "tasks.csv").read_text(encoding="utf-8-sig")
    assert "深入挖掘沂蒙精神丰富内涵和时代价值" in tasks


def test_timeline_filter(corpus):
    assert list(document_timeline(corpus, ["sc-yq", "szq-fx"]).programme_id) == ["szq-fx", "sc-yq"]
