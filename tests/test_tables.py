"""analytics/corpus/tables.py: the tables built while each parsed programme is let go are the tables built beside all
of them (the curated corpus plus an upload that adds places, a pairing and units), and each one is let go."""

from __future__ import annotations

import dataclasses
import gc
import weakref

import pandas as pd
import pytest

from analytics import paths
from analytics.corpus import check_data_dir, load_corpus
from analytics.corpus import tables
from analytics.outputs.template import upload_template

UPLOAD = {"mine.yaml": upload_template().encode()}


def test_built_while_letting_go_gives_the_same_tables_and_registries():
    result = check_data_dir(paths.DATA_DIR, paths.SEEDS_DIR, UPLOAD)
    beside = tables.build_corpus(result)
    programmes = list(result.programmes)
    assert len(programmes) == 8  # the seven curated programmes and the upload
    taken = tables.build_corpus(dataclasses.replace(result, programmes=()), programmes)
    assert programmes == []  # emptied as they were built
    for name in (*tables.ROW_TABLES, *tables.REGISTRY_TABLES):
        pd.testing.assert_frame_equal(getattr(taken, name), getattr(beside, name), obj=name)
    assert list(taken.places.place_id[taken.places.uploaded]) == ["example_province", "example_a", "example_b"]
    assert taken.problems == beside.problems
    corpus, registries = tables.checked_and_built(paths.DATA_DIR, paths.SEEDS_DIR, UPLOAD)
    pd.testing.assert_frame_equal(corpus.tasks, beside.tasks)
    assert registries == result.registries  # the curated registries, without the upload's additions
    pd.testing.assert_frame_equal(load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, UPLOAD).task_units, beside.task_units)


def test_each_parsed_programme_is_let_go_once_its_rows_are_made(monkeypatch):
    alive: list[weakref.ref] = []
    still_held: list[int] = []
    real = tables._programme_row

    def watching(prog, place_zh):
        still_held.append(sum(ref() is not None for ref in alive))
        alive.append(weakref.ref(prog))
        return real(prog, place_zh)

    monkeypatch.setattr(tables, "_programme_row", watching)
    gc.collect()
    tables.checked_and_built(paths.DATA_DIR, paths.SEEDS_DIR)
    # when each programme's rows are made, none made before it is still held (beside all of them: 0, 1, …, 6)
    assert still_held == [0] * 7


def _tasks_per_programme() -> list[int]:
    return [len(tasks) for _, tasks in load_corpus().tasks.groupby("programme_id", sort=False)]


@pytest.mark.parametrize("batch_tasks, parts", [
    # the seven curated programmes have 43, 53, 22, 24, 29, 17 and 18 items (206), in file order, then the upload's; a
    # part closes at the programme that brings it to BATCH_TASKS or more, or at the last; then the programme tables
    (10_000, 2),  # all | last
    (60, 4),      # 43+53 | 22+24+29 | 17+18 and the upload | last
    (1, 9),       # each programme (and the upload) its own part | last
])
def test_made_in_parts_gives_the_same_tables(monkeypatch, batch_tasks, parts):
    """A corpus made in parts of about BATCH_TASKS tasks is the corpus made in one: every table equal, types included
    (a column missing throughout one part, such as a programme without subsections, stays text), links to parents
    outside the corpus left out in every part."""
    assert _tasks_per_programme() == [43, 53, 22, 24, 29, 17, 18]
    whole = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, UPLOAD)
    monkeypatch.setattr(tables, "BATCH_TASKS", batch_tasks)
    result, made = tables.checked_in_parts(paths.DATA_DIR, paths.SEEDS_DIR, UPLOAD)
    made = list(made)
    assert len(made) == parts
    assert all(set(part) == {"tasks", "task_themes", "task_units", "task_links"} for part in made[:-1])
    assert made[-1]["problems"] == whole.problems == result.problems
    # stacked without copying the text (each part's a chunk of the column, the all-missing parts' too)
    stacked = tables._stacked([part["tasks"] for part in made if "tasks" in part])
    assert {stacked[c].array._pa_array.num_chunks for c in ("text", "subsection")} == {parts - 1}
    corpus = tables.assembled(made)
    assert made == []  # taken as they were assembled
    for name in (*tables.ROW_TABLES, *tables.REGISTRY_TABLES):
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(whole, name), obj=name)
    assert corpus.tasks.subsection.dtype == "str" and corpus.tasks.subsection.isna().any()
    # then each column made one array
    assert {corpus.tasks[c].array._pa_array.num_chunks for c in corpus.tasks if corpus.tasks[c].dtype == "str"} == {1}


def test_a_part_asked_for_lets_the_parsed_files_and_rows_of_the_one_before_go(monkeypatch):
    """With a part per programme: when a part is made, no programme of an earlier part is still held, nor an earlier
    part once the one who asked let it go."""
    monkeypatch.setattr(tables, "BATCH_TASKS", 1)
    alive: list[weakref.ref] = []
    real = tables._programme_row

    def watching(prog, place_zh):
        alive.append(weakref.ref(prog))
        return real(prog, place_zh)

    monkeypatch.setattr(tables, "_programme_row", watching)
    gc.collect()
    _, parts = tables.checked_in_parts(paths.DATA_DIR, paths.SEEDS_DIR)
    held_programmes, held_parts, earlier = [], [], []
    for part in parts:
        held_programmes.append(sum(ref() is not None for ref in alive))
        held_parts.append(sum(ref() is not None for ref in earlier))
        if "task_units" in part and "programmes" not in part:
            earlier.append(weakref.ref(part["task_units"]))
        del part
    assert held_programmes == [0] * 8 and held_parts == [0] * 8  # seven programmes' parts, then the last
