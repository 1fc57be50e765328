"""A transparent theme and instrument model learned from the curated corpus and the codebook.

Two parts, both inspectable:
- naive Bayes over character bigrams and trigrams (Chinese has no spaces; two- and three-character
  pieces carry most words), trained on every curated task (its lead-in title counts twice, the text
  once, its sub-heading and section title half) plus the codebook's definition and examples of each
  theme, so that a theme with few tasks is still known by its definition;
- the nearest curated tasks by cosine similarity of the same pieces (TF-IDF weighted).
The primary theme is the highest of 0.6 × Bayes share + 0.4 × neighbours' vote. `words` lists the
pieces that pulled most towards it, `neighbours` the closest curated tasks and their codes, so a
curator sees why. Confidence is that combined share; below LOW_CONFIDENCE it is flagged for review.

Following the codebook's decision rules, the section title is only a weak hint (content over heading).
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

import numpy as np

from analytics.draft.model import InstrumentGuess, ThemeGuess

LOW_CONFIDENCE = 0.5
SECONDARY_SHARE = 0.2
_NOISE = re.compile(r"[\s\d，。、；：:,.;“”‘’\"'（）()《》〈〉〔〕\[\]【】—\-+·!！?？%％/]+")


def pieces(text: str) -> Counter:
    text = _NOISE.sub("|", unicodedata.normalize("NFKC", text or ""))
    counts: Counter = Counter()
    for chunk in text.split("|"):
        for n in (2, 3):
            for i in range(len(chunk) - n + 1):
                counts[chunk[i : i + n]] += 1
    return counts


def task_features(heading: str | None, text: str, context: str = "") -> Counter:
    features = pieces(text)
    for key, value in pieces(heading or "").items():
        features[key] += 2 * value
    for key, value in pieces(context).items():
        features[key] += 0.5 * value
    return features


@dataclass
class Example:
    """A curated task the model learns from."""
    id: str
    features: Counter
    theme: str
    instrument: str


class Neighbour(NamedTuple):
    """A curated task found near the drafted one, with its labels (the model keeps no example's pieces)."""
    id: str
    theme: str
    instrument: str
    similarity: float


class _Bayes:
    """Multinomial naive Bayes with additive smoothing 0.1; log-likelihoods precomputed as one matrix."""

    def __init__(self, docs: list[tuple[Counter, str]], labels: list[str]):
        self.labels = labels
        counts = {label: Counter() for label in labels}
        docs_per_label = Counter()
        for features, label in docs:
            if label in counts:
                counts[label].update(features)
                docs_per_label[label] += 1
        self.vocab = {piece: i for i, piece in enumerate(sorted(set().union(*(c.keys() for c in counts.values()))))}
        matrix = np.zeros((len(labels), len(self.vocab)))
        for row, label in enumerate(labels):
            for piece, value in counts[label].items():
                matrix[row, self.vocab[piece]] = value
        totals = matrix.sum(axis=1, keepdims=True)
        self.loglik = np.log((matrix + 0.1) / (totals + 0.1 * max(1, len(self.vocab))))
        self.seen = matrix > 0
        total_docs = sum(docs_per_label.values()) or 1
        # a flattened prior: the corpus's theme mix should not decide a task on its own
        self.prior = np.array([math.log((docs_per_label[l] + 1) / (total_docs + len(labels))) * 0.5 for l in labels])

    def _known(self, features: Counter) -> tuple[list[str], np.ndarray, np.ndarray]:
        pieces_ = [p for p in features if p in self.vocab]
        return pieces_, np.array([self.vocab[p] for p in pieces_], dtype=int), np.array([features[p] for p in pieces_], float)

    def shares(self, features: Counter) -> dict[str, float]:
        _, index, values = self._known(features)
        scores = self.prior + (self.loglik[:, index] @ values if len(index) else 0.0)
        # tempered: raw naive-Bayes shares are overconfident with overlapping n-grams
        scaled = (scores - scores.max()) / max(1.0, math.sqrt(values.sum() if len(values) else 1.0))
        exp = np.exp(scaled)
        return dict(zip(self.labels, (exp / exp.sum()).tolist()))

    def pulling(self, features: Counter, label: str, n: int = 6) -> list[str]:
        pieces_, index, values = self._known(features)
        if not len(index):
            return []
        row = self.labels.index(label)
        others = [i for i in range(len(self.labels)) if i != row]
        rest = self.loglik[np.ix_(others, index)].mean(axis=0)
        gains = values * (self.loglik[row, index] - rest)
        gains[~self.seen[row, index]] = -np.inf
        chosen: list[str] = []
        for i in np.argsort(-gains):
            if not np.isfinite(gains[i]) or gains[i] <= 0:
                break
            piece = pieces_[i]
            if any(piece in c or c in piece for c in chosen):  # drop a bigram already inside a chosen trigram
                continue
            chosen.append(piece)
            if len(chosen) == n:
                break
        return chosen


class ThemeModel:
    """Trained once per data version (kept beside the corpus snapshot: analytics.draft.knowledge) or per left-out
    document in the benchmark; predicts themes and instruments.

    Compact once trained: the examples' pieces are not kept, only what predicting reads (the two Bayes matrices, and
    for the neighbours an inverted index as flat arrays: piece → the examples that have it and their weights). At 100×
    the corpus that is 18,400 examples; the index as Python dicts and lists pickled to 98 MB and was searched at
    1.7 s a draft."""

    def __init__(self, examples: list[Example], registries):
        self.ids = [e.id for e in examples]
        self.example_themes = [e.theme for e in examples]
        self.example_instruments = [e.instrument for e in examples]
        self.theme_ids = [t.id for t in registries.themes]
        self.instrument_ids = sorted(f"{i.id}/{s.id}" for i in registries.instruments for s in i.subtypes)
        codebook = []
        for theme in registries.themes:
            codebook.append((task_features(None, theme.definition), theme.id))
            for example in theme.examples:
                codebook.append((task_features(example, ""), theme.id))
        self.themes = _Bayes([(e.features, e.theme) for e in examples] + codebook, self.theme_ids)
        self.instruments = _Bayes([(e.features, e.instrument) for e in examples], self.instrument_ids)
        document_frequency = Counter()
        for example in examples:
            document_frequency.update(example.features.keys())
        n = len(examples) or 1
        self.idf = {p: math.log((n + 1) / (df + 1)) + 1 for p, df in document_frequency.items()}
        self._index(examples)

    def _index(self, examples: list[Example]) -> None:
        """The inverted index: the postings of piece number i are `post_example[post_start[i]:post_start[i + 1]]`
        (examples in order) with their weights in `post_weight` (each example's TF-IDF vector, of norm 1)."""
        self.piece_number = {p: i for i, p in enumerate(self.idf)}
        # C arrays, not lists of Python numbers (3.3 million postings at 100×, 33 million at 1000×): at 100× the lists
        # were 140 MB of the training peak
        owners, numbers, weights = array("i"), array("q"), array("d")
        for number, example in enumerate(examples):
            vector = self._vector(example.features)
            owners.extend(repeat(number, len(vector)))
            numbers.extend(self.piece_number[piece] for piece in vector)
            weights.extend(vector.values())
        numbers_ = np.asarray(numbers, dtype=np.int64)
        order = np.argsort(numbers_, kind="stable")  # by piece, and by example within a piece
        self.post_example = np.asarray(owners, dtype=np.int32)[order]
        self.post_weight = np.asarray(weights, dtype=float)[order]
        self.post_start = np.searchsorted(numbers_[order], np.arange(len(self.piece_number) + 1))

    def _vector(self, features: Counter) -> dict[str, float]:
        vector = {p: v * self.idf.get(p, 0.0) for p, v in features.items() if p in self.idf}
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        return {p: x / norm for p, x in vector.items()}

    def neighbours(self, features: Counter, k: int = 5) -> list[Neighbour]:
        """The k curated tasks most similar by cosine of TF-IDF weighted pieces (their pieces left out)."""
        similarity = np.zeros(len(self.ids))
        for piece, weight in self._vector(features).items():
            number = self.piece_number[piece]
            start, stop = self.post_start[number], self.post_start[number + 1]
            similarity[self.post_example[start:stop]] += weight * self.post_weight[start:stop]
        best = np.argsort(-similarity)[:k]
        return [Neighbour(self.ids[i], self.example_themes[i], self.example_instruments[i], float(similarity[i]))
                for i in best]

    def _combine(self, bayes: dict[str, float], near: list[Neighbour], attr: str) -> dict[str, float]:
        votes: Counter = Counter()
        for neighbour in near:
            votes[getattr(neighbour, attr)] += max(neighbour.similarity, 0.0)
        total = sum(votes.values()) or 1.0
        return {label: 0.6 * share + 0.4 * votes[label] / total for label, share in bayes.items()}

    def predict(self, heading: str | None, text: str, context: str = "") -> tuple[ThemeGuess, InstrumentGuess]:
        features = task_features(heading, text, context)
        near = self.neighbours(features)
        shares = self._combine(self.themes.shares(features), near, "theme")
        ranked = sorted(shares, key=shares.get, reverse=True)
        primary = ranked[0]
        secondary = [t for t in ranked[1:3] if shares[t] >= SECONDARY_SHARE and t != "other"]
        theme = ThemeGuess(primary, secondary, round(shares[primary], 3), round(shares[primary] - shares[ranked[1]], 3),
                           self.themes.pulling(features, primary),
                           [(n.id, n.theme, round(n.similarity, 3)) for n in near[:3]])
        ishares = self._combine(self.instruments.shares(features), near, "instrument")
        best = max(ishares, key=ishares.get)
        instrument = InstrumentGuess(best, round(ishares[best], 3), self.instruments.pulling(features, best, 4))
        return theme, instrument


def examples_from(tasks, exclude: frozenset[str] = frozenset()) -> list[Example]:
    """The curated tasks (analytics.corpus.Corpus.tasks) as examples, except those of the `exclude` programmes."""
    # key tasks are the reconstructed outline: headings of the division plan, not its own text
    chosen = tasks[(tasks.kind != "key_task") & ~tasks.programme_id.isin(list(exclude))]
    columns = ["task_id", "heading", "text", "section_title", "subsection_title", "primary_theme", "instrument"]
    # one string object per distinct piece, shared by every example that has it (the same pieces, in the same order):
    # at 100× the examples took 412 MB with a copy of every piece each, 158 MB sharing them
    shared: dict[str, str] = {}
    return [Example(tid, Counter({shared.setdefault(piece, piece): value for piece, value in
                                  task_features(_given(heading), text, f"{_given(section) or ''} {_given(sub) or ''}").items()}),
                    _given(theme), _given(instrument))
            for tid, heading, text, section, sub, theme, instrument in chosen[columns].itertuples(index=False)]


def _given(value):
    """A table's cell, None when empty (NaN)."""
    return value if isinstance(value, str) else None
