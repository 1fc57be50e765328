"""Slow analyses on disk per data version (ui/web/persist.py): read back after a restart, never when anything
their key covers has changed, never from a damaged file, and bounded in number."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from ui.web.persist import Persisted


@pytest.fixture()
def dirs(tmp_path):
    code, seeds = tmp_path / "analytics", tmp_path / "seeds"
    code.mkdir()
    seeds.mkdir()
    (code / "themes.py").write_text("def f(): return 1\n")
    (seeds / "plan.txt").write_text("一、总体要求\n")
    return tmp_path / "cache", seeds, code


def make(dirs, **kw):
    folder, seeds, code = dirs
    return Persisted(folder, seeds_dir=seeds, code_dir=code, **kw)


def counted(result):
    calls = []

    def compute():
        calls.append(1)
        return result
    return compute, calls


PARTS = ("analytics.findings.pairing_facts", "/data|d0123abcd", (("jn-ly", "sh-sm"),), ())


def test_a_slow_result_is_read_back_by_a_restarted_server(dirs):
    frame = pd.DataFrame({"pairing_id": ["jinan-linyi"], "tasks": [96]})
    compute, calls = counted(frame)
    assert make(dirs).get(PARTS, compute, min_seconds=0).equals(frame)
    again, calls_again = counted(None)
    read = make(dirs).get(PARTS, again, min_seconds=0)  # a new instance: as after a restart
    assert read.equals(frame) and calls == [1] and calls_again == []


def test_a_fast_result_writes_nothing(dirs):
    compute, _ = counted(1)
    make(dirs).get(PARTS, compute, min_seconds=60)
    assert not dirs[0].exists() or list(dirs[0].iterdir()) == []


@pytest.mark.parametrize("change", ["code", "new module", "seeds", "arguments", "data version"])
def test_anything_the_key_covers_changed_means_computing_again(dirs, change):
    folder, seeds, code = dirs
    make(dirs).get(PARTS, counted("old")[0], min_seconds=0)
    parts = PARTS
    if change == "code":
        (code / "themes.py").write_text("def f(): return 2\n")
    elif change == "new module":
        (code / "extra.py").write_text("\n")
    elif change == "seeds":
        (seeds / "plan.txt").write_text("一、总体要求（修订）\n")
    elif change == "arguments":
        parts = (PARTS[0], PARTS[1], (("jn-ly",),), ())
    else:
        parts = (PARTS[0], "/data|d9999abcd", *PARTS[2:])
    compute, calls = counted("new")
    assert make(dirs).get(parts, compute, min_seconds=0) == "new" and calls == [1]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(["a", "list"]),
                                    pickle.dumps({"key": "another key", "result": "forged"})])
def test_a_damaged_or_foreign_entry_is_ignored_and_written_again(dirs, damage):
    store = make(dirs)
    store.get(PARTS, counted("good")[0], min_seconds=0)
    (entry,) = dirs[0].glob("analysis-*.pickle")
    entry.write_bytes(damage)
    compute, calls = counted("recomputed")
    assert make(dirs).get(PARTS, compute, min_seconds=0) == "recomputed" and calls == [1]
    assert make(dirs).get(PARTS, counted("unused")[0], min_seconds=0) == "recomputed"  # written again


def test_entries_are_bounded(dirs):
    store = make(dirs, max_entries=3)
    for n in range(5):
        store.get((PARTS[0], n), counted(n)[0], min_seconds=0)
    assert len(list(dirs[0].glob("analysis-*.pickle"))) == 3
    assert list(dirs[0].glob(".tmp-*")) == []


def test_entries_are_bounded_in_bytes_and_the_newest_stays(dirs):
    store = make(dirs, max_bytes=2_500)
    for n in range(3):
        store.get((PARTS[0], n), counted("x" * 1_000)[0], min_seconds=0)  # ≈ 1.2 kB each with its key
    assert len(list(dirs[0].glob("analysis-*.pickle"))) == 2
    big = make(dirs, max_bytes=100)
    big.get((PARTS[0], "big"), counted("y" * 5_000)[0], min_seconds=0)  # alone over the bound: still kept
    assert make(dirs).get((PARTS[0], "big"), counted("unused")[0], min_seconds=0) == "y" * 5_000


def test_an_unwritable_folder_costs_only_the_cache(dirs, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("x")  # a file where the folder should be
    store = Persisted(blocked / "cache", seeds_dir=dirs[1], code_dir=dirs[2])
    assert store.get(PARTS, counted(7)[0], min_seconds=0) == 7
