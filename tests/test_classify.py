"""analytics.draft.classify: the examples packed, the theme model's counts and its neighbour index, worked out by hand
on two made-up tasks (pieces are the two- and three-character runs between punctuation)."""

from __future__ import annotations

import math
from collections import Counter
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analytics.draft import classify
from analytics.draft.classify import ThemeModel, examples_from

TASKS = pd.DataFrame({
    "task_id": ["t1", "t2", "k1"],
    "programme_id": ["p1", "p2", "p1"],
    "kind": ["task", "task", "key_task"],  # key tasks are left out
    "heading": [None, "红色", "不学"],
    "text": ["乡村振兴", "乡村", "不学"],
    "section_title": [None, None, None],
    "subsection_title": [None, None, None],
    "primary_theme": ["rural", "red", "red"],
    "instrument": ["a/x", "a/y", "a/y"],
})
REGISTRIES = SimpleNamespace(
    themes=[SimpleNamespace(id="rural", definition="振兴", examples=[]),
            SimpleNamespace(id="red", definition="革命", examples=[])],
    instruments=[SimpleNamespace(id="a", subtypes=[SimpleNamespace(id="x"), SimpleNamespace(id="y")])],
)
OTHER = math.log(3 / 2) + 1  # the idf of a piece in one of the two examples; 乡村 is in both: log(3/3) + 1 = 1


@pytest.mark.parametrize("exclude, ids, pieces, starts, numbers, values", [
    # t1: the bigrams of 乡村振兴, then its trigrams; t2: its text's 乡村, then its heading's 红色, which counts twice
    (frozenset(), ["t1", "t2"], ["乡村", "村振", "振兴", "乡村振", "村振兴", "红色"], [0, 5, 7],
     [0, 1, 2, 3, 4, 0, 5], [1, 1, 1, 1, 1, 1, 2]),
    (frozenset({"p1"}), ["t2"], ["乡村", "红色"], [0, 2], [0, 1], [1, 2]),
])
def test_examples_are_packed_in_order_of_first_appearance(exclude, ids, pieces, starts, numbers, values):
    examples = examples_from(TASKS, exclude)
    assert (examples.ids, examples.pieces) == (ids, pieces)
    assert examples.starts.tolist() == starts and examples.numbers.tolist() == numbers
    assert examples.values.tolist() == values


@pytest.fixture(scope="module")
def model():
    return ThemeModel(examples_from(TASKS), REGISTRIES)


@pytest.mark.parametrize("label, piece, count, total", [
    # rural: t1's five pieces once each, plus its definition's 振兴; red: t2 (乡村 1, 红色 2) plus 革命
    ("rural", "振兴", 2, 6), ("rural", "乡村", 1, 6), ("rural", "红色", 0, 6),
    ("red", "红色", 2, 4), ("red", "革命", 1, 4), ("red", "村振兴", 0, 4),
])
def test_theme_counts(model, label, piece, count, total):
    bayes = model.themes
    assert len(bayes.vocab) == 7  # the six pieces of the tasks and 革命
    row, column = bayes.labels.index(label), bayes.vocab[piece]
    assert bayes.loglik[row, column] == pytest.approx(math.log((count + 0.1) / (total + 0.1 * 7)))
    assert bayes.seen[row, column] == (count > 0)
    assert bayes.prior[row] == pytest.approx(0.5 * math.log((2 + 1) / (4 + 2)))  # two docs of each label of four


@pytest.mark.parametrize("label, piece, count, total", [
    ("a/x", "振兴", 1, 5), ("a/y", "红色", 2, 3), ("a/y", "乡村振", 0, 3),
])
def test_instrument_counts_leave_the_codebook_out(model, label, piece, count, total):
    bayes = model.instruments
    assert len(bayes.vocab) == 6 and "革命" not in bayes.vocab
    row = bayes.labels.index(label)
    assert bayes.loglik[row, bayes.vocab[piece]] == pytest.approx(math.log((count + 0.1) / (total + 0.1 * 6)))


@pytest.mark.parametrize("piece, examples, weights", [
    # t1: 乡村 weighs 1 and its four other pieces OTHER each, so its norm is sqrt(1 + 4 OTHER²)
    ("乡村", [0, 1], [1 / math.sqrt(1 + 4 * OTHER ** 2), 1 / math.sqrt(1 + (2 * OTHER) ** 2)]),
    ("振兴", [0], [OTHER / math.sqrt(1 + 4 * OTHER ** 2)]),
    ("红色", [1], [2 * OTHER / math.sqrt(1 + (2 * OTHER) ** 2)]),
])
@pytest.mark.parametrize("chunk", [None, 1, 2, 5])  # the seven postings filled in one go, or across chunks of 1, 2, 5
def test_the_neighbour_index(model, monkeypatch, chunk, piece, examples, weights):
    if chunk is not None:
        monkeypatch.setattr(classify, "CHUNK_PIECES", chunk)
        model = ThemeModel(examples_from(TASKS), REGISTRIES)
    assert len(model.post_example) == 7 and model.post_start.tolist()[-1] == 7
    assert model.idf["乡村"] == pytest.approx(1.0) and model.idf[piece] == pytest.approx(1.0 if piece == "乡村" else OTHER)
    number = model.piece_number[piece]
    start, stop = model.post_start[number], model.post_start[number + 1]
    assert model.post_example[start:stop].tolist() == examples
    assert np.allclose(model.post_weight[start:stop], weights)


def test_the_nearest_task_is_the_one_sharing_most(model):
    near = model.neighbours(Counter({"红色": 1}))
    assert [n.id for n in near] == ["t2", "t1"] and near[0].similarity > 0 and near[1].similarity == 0
