from types import SimpleNamespace
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analytics.__main__ import main
from analytics.network import document_timeline, pairing_network
from analytics.reuse import near_duplicates, shared_shingles, similarity
from ui.report.charts import network_chart


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


def _spec_shared(texts: list[str], owners: list[int], most: int) -> Counter:
    """What the candidate search must find, written the plain way: each text's set of 4-character shingles, an index
    from shingle to texts, shingles in more than `most` texts skipped, each pair of texts with different owners
    counted once per shingle they share."""
    index = defaultdict(list)
    for i, text in enumerate(texts):
        for gram in {text[k:k + 4] for k in range(len(text) - 3)}:
            index[gram].append(i)
    shared = Counter()
    for members in index.values():
        if len(members) <= most:
            for a in members:
                for b in members:
                    if a < b and owners[a] != owners[b]:
                        shared[(a, b)] += 1
    return shared


def _found(texts: list[str], owners: list[int], most: int, rows_per_part: int = 2_000_000) -> Counter:
    codes, counts, shingle_count = shared_shingles(texts, np.array(owners, dtype=np.int64), most, rows_per_part)
    assert shingle_count.tolist() == [len({text[k:k + 4] for k in range(len(text) - 3)}) for text in texts]
    assert (np.diff(codes) > 0).all()  # sorted, each pair once
    return Counter({(int(c) // len(texts), int(c) % len(texts)): int(n) for c, n in zip(codes, counts)})


@pytest.mark.parametrize("texts, owners, most, expected", [
    # "abcde" and "xbcdey" share bcde → 1 shingle; "abcdabcd" has abcd twice but counts it once with "abcde"
    (["abcde", "xbcdey", "abcdabcd"], [0, 1, 2], 60, {(0, 1): 1, (0, 2): 1}),
    (["abcde", "abcde", "abcde"], [0, 0, 1], 60, {(0, 2): 2, (1, 2): 2}),  # same owner: no pair
    (["abcde", "abcde", "abcde"], [0, 1, 2], 2, {}),  # both shingles in 3 texts: boilerplate beyond 2
    (["abc", "", "abc"], [0, 1, 2], 60, {}),  # under four characters: no shingle
    (["xxab", "cdyy", "abcd"], [0, 1, 2], 60, {}),  # "abcd" only across the first two texts' join: not a shingle
    ([], [], 60, {}),
])
def test_shared_shingles_worked_by_hand(texts, owners, most, expected):
    assert _found(texts, owners, most) == Counter(expected) == _spec_shared(texts, owners, most)
    assert _found(texts, owners, most, rows_per_part=1) == Counter(expected)  # a part per shingle's first character


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="甲乙丙丁a\x00\ud800", max_size=12), st.integers(0, 3)), max_size=25),
       st.integers(1, 6), st.integers(1, 40))
def test_shared_shingles_match_the_plain_search(rows, most, rows_per_part):
    """Any texts (a five-character alphabet so shingles repeat; a lone surrogate and NUL among them), any owners,
    in parts of any size."""
    texts, owners = [text for text, _ in rows], [owner for _, owner in rows]
    assert _found(texts, owners, most, rows_per_part) == _spec_shared(texts, owners, most)


def test_shared_shingles_past_65536_characters():
    """70,000 different characters: shingle keys no longer fit one integer and take two; pairs are still exact."""
    wide = "".join(chr(0x4E00 + i) for i in range(70_000) if not 0xD800 <= 0x4E00 + i < 0xE000)
    texts = [wide[:40_000], wide[39_990:], "x" + wide[39_995:40_003], wide[1:5] + wide[2:6]]
    owners = [0, 1, 2, 3]
    expected = _spec_shared(texts, owners, 60)
    assert expected[(0, 1)] == 7 and expected[(1, 2)] == 5 and expected[(0, 3)] == 2
    assert _found(texts, owners, 60) == expected == _found(texts, owners, 60, rows_per_part=1000)


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


# By hand from data/registry/places.yaml (pairings' named_in) and each programme's pairing: a walk found the overview of
# 上海—三明 alone ("1 pairing" in its figures) drawing every pairing of the corpus.
@pytest.mark.parametrize("programmes, pairings, places", [
    (("sh-sm",), {"shanghai-sanming": (("sh-sm",), ("sh-sm",))}, {"shanghai", "sanming"}),
    (("szq-fx",), {"jinan-linyi": (("szq-fx",), ()), "shizhong-feixian": (("szq-fx",), ("szq-fx",))},
     {"jinan", "linyi", "shizhong", "feixian"}),
    (("sh-sm", "szq-gt"), {"shanghai-sanming": (("sh-sm",), ("sh-sm",)), "shizhong-gaotang": (("szq-gt",), ("szq-gt",))},
     {"shanghai", "sanming", "shizhong", "gaotang"}),
    ((), {}, set()),
])
def test_the_pairing_network_draws_the_pairings_the_chosen_documents_name(corpus, programmes, pairings, places):
    nodes, edges = pairing_network(corpus, programmes)
    assert {row.pairing_id: (row.documents, row.programmes) for row in edges.itertuples()} == pairings
    assert set(nodes.place_id) == places


@pytest.mark.parametrize("programmes, lang, names", [
    (("szq-gt",), "zh", ["济南市市中区", "聊城市高唐县"]),  # a district and a county: no city to name, so both (it raised)
    (("sh-sm",), "en", ["Shanghai", "Sanming"]),
])
def test_the_map_of_one_pairing_names_its_places(corpus, programmes, lang, names):
    nodes, edges = pairing_network(corpus, programmes)
    texts = [list(trace.text) for trace in network_chart(nodes, edges, lang, "source").data if trace.mode == "markers+text"]
    assert sorted(texts[0]) == sorted(names)


def test_a_pairings_line_says_its_kind_and_documents_in_the_readers_language(corpus):
    nodes, edges = pairing_network(corpus, ("sh-sm",))
    hovers = {text for trace in network_chart(nodes, edges, "en", "source").data if trace.mode == "lines"
              for text in trace.text or () if text}
    assert hovers == {"Paired cooperation · 1 document"}
    nodes, edges = pairing_network(corpus, ("jn-ly-division", "jn-ly-2023", "szq-fx"))
    hovers = {text for trace in network_chart(nodes, edges, "zh", "source").data if trace.mode == "lines"
              for text in trace.text or () if text}
    assert hovers == {"对口合作 · 3 份文件", "对口合作 · 2 份文件", "对口合作 · 1 份文件"}


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


def test_timeline_orders_documents_of_one_date_by_id_reading_numbers_as_numbers(corpus):
    """data/programmes: jn-ly-2023 and jn-ly-division were both issued 2023-06-29 (济政办字〔2023〕28号); 2023 is a
    number and sorts before text. At 100× (a walk) one date's documents came out …·1, …·99, …·28, …·3."""
    assert list(document_timeline(corpus).programme_id) == ["sh-sm", "jn-ly-2023", "jn-ly-division", "szq-fx", "szq-gt",
                                                            "jn-ly-provincial", "sc-yq"]
    ids = ["p-10", "p-2", "p-1", "p-²", "q"]
    frame = pd.DataFrame({"programme_id": ids, "issued": pd.Timestamp("2024-01-01")})
    for column in ["short_zh", "short_en", "date_note", "status", "pairing_id", "cooperation_type", "level", "reconstructed"]:
        frame[column] = None
    assert list(document_timeline(SimpleNamespace(programmes=frame)).programme_id) == ["p-1", "p-2", "p-10", "p-²", "q"]


# The legend names both line styles (a walk: the dotted grey lines were explained nowhere). 上海—三明's own plan is in the
# corpus (data/programmes/sh-sm.yaml); the 济南—临沂 documents also name pairings of Jinan's other districts (历下区,
# 天桥区, …: data/registry/places.yaml, pairings `named_in`) whose own plans are not here.
@pytest.mark.parametrize("programmes, lang, lines", [
    (("sh-sm",), "en", ["Pairing with its plan in this corpus"]),
    (None, "zh", ["结对关系：本库收录其方案", "结对关系：仅见于其他文件"]),
])
def test_the_maps_legend_says_what_each_line_style_is(corpus, programmes, lang, lines):
    nodes, edges = pairing_network(corpus, programmes)
    fig = network_chart(nodes, edges, lang, "source")
    assert [trace.name for trace in fig.data if trace.mode == "lines" and trace.name] == lines


# A walk: the undated draft's hollow dot stood at about 2024-02 on the date axis, and an exported picture did not say it
# was no date. The subtitle says what hollow dots are, where one is drawn (jn-ly-provincial and sc-yq carry no date).
@pytest.mark.parametrize("programmes, lang, said", [
    (None, "zh", "空心点：未注明日期的方案，画在右端，不代表日期"),
    (None, "en", "Hollow dots: undated documents, drawn at the right end, not at a date"),
    (("sc-yq", "szq-fx"), "en", "Hollow dots: undated documents, drawn at the right end, not at a date"),
    (("szq-fx", "szq-gt"), "zh", ""),  # both dated: nothing to say
])
def test_the_timeline_says_what_an_undated_dot_is_where_one_is_drawn(corpus, programmes, lang, said):
    from ui.report.charts import timeline_chart
    from ui.report.style import chart_texts

    timeline = document_timeline(corpus, programmes)
    assert chart_texts(timeline_chart(timeline, lang, "source"))["subtitle"] == said
