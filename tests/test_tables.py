"""analytics/corpus/tables.py: the tables built while each parsed programme is let go are the tables built beside all
of them (the curated corpus plus an upload that adds places, a pairing and units), and each one is let go."""

from __future__ import annotations

import dataclasses
import gc
import weakref

import pandas as pd

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
