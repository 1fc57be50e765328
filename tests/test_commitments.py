import pytest

from analytics.commitments import assessable_share, commitments, find_commitments


@pytest.mark.parametrize(
    "text, expected",
    [
        ("建立联席会议制度，每季度召开1次联席会议，研究产业帮扶事项", [("frequency", "每季度召开1次")]),
        ("原则上每年至少举行1次高层会商", [("frequency", "每年至少举行1次")]),
        ("每学年选派20名左右教师，赴临沂开展支教", [("frequency", "每学年选派20名左右教师")]),
        ("加快临沂市32个传统物流园区整合搬迁", [("count", "32个")]),
        ("到2025年，形成一批亮点", [("deadline", "到2025年")]),
        ("组织筹备 2023 年度济南—临沂协作帮扶联席会议", [("year", "2023 年度")]),
        ("安排资金500万元", [("money", "500万元")]),
        # Not checkable: vague frequency, 三次产业 is not a count, 一批 is not a number.
        ("定期互派学校管理和教学骨干", []),
        ("推动物流业与三次产业协同发展", []),
        ("协同开发一批精品旅游线路", []),
    ],
)
def test_find_commitments(text, expected):
    assert [(kind, phrase) for kind, phrase, _ in find_commitments(text)] == expected


def test_phrases_are_exact_substrings(corpus):
    text = corpus.tasks.set_index("task_id").text
    found = commitments(corpus)
    assert len(found) > 0
    for row in found.itertuples():
        assert text[row.task_id][row.start :].startswith(row.phrase)


@pytest.mark.parametrize(
    "programme_id, assessable, tasks",
    [
        # 市中区—高唐县: 14 每季度召开1次, 15 每年至少举行1次, 18 每季度…督导 — 3 of 18 tasks.
        ("szq-gt", 3, 18),
        # 市中区—费县: only （十七） 费县每年邀请一批…教授专家.
        ("szq-fx", 1, 17),
        # 上海—三明 tasks set no count, frequency or deadline (its 2025 goal is in 总体要求, not a task).
        ("sh-sm", 0, 25),
    ],
)
def test_assessable_share_by_hand(corpus, programme_id, assessable, tasks):
    row = assessable_share(corpus).set_index("programme_id").loc[programme_id]
    assert (row.assessable, row.tasks) == (assessable, tasks)
    assert row.share == pytest.approx(assessable / tasks)


@pytest.mark.parametrize("text, expected", [
    ("加强合作，推动产业协同发展", []),  # no digit, 每 or 按: nothing checkable, and no pattern is tried
    ("建成３个园区", [("count", "３个", 2)]),  # a full-width digit is a digit: the text is searched
    ("每季度召开联席会议", [("frequency", "每季度召开联席会议", 0)]),  # no digit, but 每 starts a frequency
    ("按月报送进展", [("frequency", "按月报送进展", 0)]),
])
def test_texts_without_digits_or_frequency_words_are_skipped_safely(text, expected):
    assert find_commitments(text) == expected


# A task card lists its commitments by kind, in the reader's language: deadlines, sums of money and percentages had no
# name in the catalogue (the curated corpus holds none), and an uploaded task "2027年底前完成" crashed its card (an attack
# on this round's upload-over-draft change found it through the upload template).
@pytest.mark.parametrize("text, kind, zh, en", [
    ("2027年底前完成", "deadline", "期限", "Deadline"),
    ("安排资金500万元", "money", "金额", "Amount of money"),
    ("覆盖率达到90%", "percentage", "百分比", "Percentage"),
    ("每年召开1次", "frequency", "频次", "Frequency"),
    ("2024年度", "year", "年份", "Year"),
    ("培训100名", "count", "数量", "Count"),
])
def test_each_commitment_kind_is_named_in_both_languages(text, kind, zh, en):
    from analytics.commitments import KINDS
    from ui.report.tables import _label

    assert [found[0] for found in find_commitments(text)] == [kind]
    assert [_label("kind", lang)(kind) for lang in ("zh", "en")] == [zh, en]
    assert len(KINDS) == 6  # a new kind needs a row here, and a name in the catalogue
