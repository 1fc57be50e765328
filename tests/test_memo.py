"""analytics.memo: names built once per corpus table, fresh copies, new tables get new entries."""

import pandas as pd

from analytics.memo import once_per_table, per_table


def test_built_once_per_table_and_key_and_copied():
    table, calls = pd.DataFrame({"a": [1]}), []

    def build():
        calls.append(1)
        return {"x": "1"}

    first = per_table(table, "k", build)
    first["added by a caller"] = "!"
    second = per_table(table, "k", build)
    assert second == {"x": "1"} and len(calls) == 1
    per_table(table, "other key", build)
    per_table(pd.DataFrame({"a": [1]}), "k", build)  # an equal but new table: its own entry
    assert len(calls) == 3


def test_once_per_table_shares_one_value_per_table_and_key():
    table, calls = pd.DataFrame({"a": [1]}), []

    def build():
        calls.append(1)
        return ("x", "y")

    first = once_per_table(table, "ids", build)
    assert once_per_table(table, "ids", build) is first and len(calls) == 1  # shared, not copied
    assert once_per_table(pd.DataFrame({"a": [1]}), "ids", build) == ("x", "y") and len(calls) == 2


def test_view_options_are_read_once_per_corpus(corpus):
    from dataclasses import replace

    from ui.web.view import PARAM

    prog = PARAM["prog"]
    assert prog.options(corpus) is prog.options(corpus)  # one tuple per corpus, not the column read again
    assert prog.allowed(corpus)[:2] == ["jn-ly-2023", "jn-ly-division"] and len(prog.allowed(corpus)) == 7
    assert prog.allowed(corpus) is not prog.allowed(corpus)  # each caller its own list
    fewer = replace(corpus, programmes=corpus.programmes.iloc[:2])
    assert prog.allowed(fewer) == ["jn-ly-2023", "jn-ly-division"]  # another corpus: its own ids
    assert PARAM["theme"].allowed(replace(corpus, themes=corpus.themes.iloc[:0])) == []


def test_programme_names_follow_the_corpus(corpus):
    from dataclasses import replace

    from ui.report.i18n import programme_names

    names = programme_names(corpus, "zh")
    assert names["sh-sm"] == "上海—三明实施方案"
    renamed = replace(corpus, programmes=corpus.programmes.assign(short_zh=corpus.programmes.short_zh + "（改）"))
    assert programme_names(renamed, "zh")["sh-sm"] == "上海—三明实施方案（改）"
    assert programme_names(corpus, "zh")["sh-sm"] == "上海—三明实施方案"
