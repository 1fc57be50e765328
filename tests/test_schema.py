"""analytics/corpus/schema.py: records that wrote the same fields share pydantic's record of them, and nothing else
about a record changes (what was written, equality, frozenness)."""

from __future__ import annotations

import pydantic
import pytest

from analytics.corpus.schema import Section, TaskLink

GENERAL = dict(number="一", title="总体要求", kind="general")


@pytest.mark.parametrize("first, second, shared, fields", [
    (dict(task="a/1", relation="implements"), dict(task="b/2", relation="advances"), True, {"task", "relation"}),
    # subsections may be left out: written in one, not in the other
    ({**GENERAL, "subsections": []}, dict(number="二", title="重点任务", kind="tasks"), False,
     {"number", "title", "kind", "subsections"}),
    ({**GENERAL, "subsections": []}, dict(number="二", title="重点任务", kind="tasks", subsections=[]), True,
     {"number", "title", "kind", "subsections"}),
])
def test_records_that_wrote_the_same_fields_share_one_set(first, second, shared, fields):
    model = TaskLink if "task" in first else Section
    a, b = model.model_validate(first), model.model_validate(second)
    assert (a.model_fields_set is b.model_fields_set) is shared
    assert a.model_fields_set == fields
    assert b.model_fields_set == set(second)


def test_sharing_changes_nothing_else_about_a_record():
    a, b = Section.model_validate(GENERAL), Section.model_validate(GENERAL)
    assert a == b and a is not b and a.subsections == []
    assert a.model_dump(exclude_unset=True) == GENERAL
    assert a.model_dump()["subsections"] == []
    assert a != Section.model_validate({**GENERAL, "title": "保障措施"})
    with pytest.raises(pydantic.ValidationError):  # still frozen: the shared set is never added to
        a.title = "丙"
    assert a.model_fields_set == set(GENERAL)


THEME = {"id": "mechanism", "zh": "机制与营商环境", "en": "Mechanisms", "headline": False, "colour": "#34495E",
         "definition": "定义", "definition_en": "Definition", "examples": []}


@pytest.mark.parametrize("words, refused", [
    ([], False),  # none declared: any break reads well
    (["机制", "与", "营商", "环境"], False),
    (["机制", "与", "营商"], True),  # a word left out
    (["机制", "与", "环境", "营商"], True),  # out of order
    (["机制", "与", "营商 ", "环境"], True),  # a space would show in the label
    (["机制与营商环境", ""], True),  # an empty word
])
def test_a_themes_words_make_its_name(words, refused):
    from analytics.corpus.schema import Theme

    if refused:
        with pytest.raises(pydantic.ValidationError, match="zh_words must be the words of zh"):
            Theme(**THEME, zh_words=words)
    else:
        assert Theme(**THEME, zh_words=words).zh_words == words
