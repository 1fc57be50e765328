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
        for n in (2, 3):  # counted by Counter's own loop: the same counts in the same order, 15 % sooner
            counts.update([chunk[i : i + n] for i in range(len(chunk) - n + 1)])
    return counts


def stretches(text: str, found: list[str]) -> list[str]:
    """The words of `text` that `found` pieces (strongest first) cover, as the text prints them: pieces overlapping or
    touching in it joined, 沂蒙 + 蒙精 + 精神 → 沂蒙精神 (a review: the drafting page listed "沂蒙、蒙精、精神" as its
    evidence words), each stretch placed by its strongest piece. A piece is looked for once, where it first stands; one
    not in `text` (it came from the section's title) stays as it is."""
    folded = unicodedata.normalize("NFKC", text or "")
    spans, missing = [], []
    for rank, piece in enumerate(found):
        start = folded.find(piece)
        if start < 0:
            missing.append((rank, piece))
        else:
            spans.append((start, start + len(piece), rank))
    joined: list[list[int]] = []  # [start, end, strongest rank]
    for start, end, rank in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1][1], joined[-1][2] = max(joined[-1][1], end), min(joined[-1][2], rank)
        else:
            joined.append([start, end, rank])
    words = sorted([(rank, folded[start:end]) for start, end, rank in joined] + missing)
    return list(dict.fromkeys(word for _, word in words))


def task_features(heading: str | None, text: str, context: str = "") -> Counter:
    features = pieces(text)
    for key, value in pieces(heading or "").items():
        features[key] += 2 * value
    for key, value in pieces(context).items():
        features[key] += 0.5 * value
    return features


@dataclass
class Examples:
    """The curated tasks the model learns from, their pieces packed in arrays: example i has the pieces numbered
    `numbers[starts[i]:starts[i + 1]]` (numbers into `pieces`, in the order task_features gives them), with the
    weights `values` (halves and whole numbers, exact in 32 bits). One Counter per example held most of a training
    run's memory: at 1000× the corpus 184,000 examples, 33 million pieces (bench/RESULTS.md, twenty-third round)."""
    ids: list[str]
    themes: list[str | None]
    instruments: list[str | None]
    pieces: list[str]  # by number: in order of first appearance
    starts: np.ndarray
    numbers: np.ndarray
    values: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


class _Packer:
    """Features (Counters) appended as one example each, their pieces numbered in order of first appearance."""

    def __init__(self, number: dict[str, int] | None = None):
        self.number = {} if number is None else number
        self.numbers, self.values, self.starts = array("i"), array("f"), array("q", [0])

    def add(self, features: Counter) -> None:
        number = self.number
        new = [piece for piece in features if piece not in number]
        number.update(zip(new, range(len(number), len(number) + len(new))))
        self.numbers.extend(map(number.__getitem__, features))
        self.values.extend(features.values())
        self.starts.append(len(self.numbers))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The starts, numbers and values, sharing the packer's memory (no copy: 400 MB at 1000× the corpus)."""
        return (np.frombuffer(self.starts, dtype=np.int64), np.frombuffer(self.numbers, dtype=np.intc),
                np.frombuffer(self.values, dtype=np.float32))


class Neighbour(NamedTuple):
    """A curated task found near the drafted one, with its labels (the model keeps no example's pieces)."""
    id: str
    theme: str
    instrument: str
    similarity: float


class _Bayes:
    """Multinomial naive Bayes with additive smoothing 0.1; log-likelihoods precomputed as one matrix."""

    def __init__(self, pieces: list[str], blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, list[str | None]]],
                 labels: list[str]):
        """Docs in `blocks` of (starts, numbers, values, their labels), packed as in Examples (`pieces` by number); a
        doc whose label is not among `labels` is left out."""
        self.labels = labels
        row_of = {label: row for row, label in enumerate(labels)}
        docs_per_label = Counter(label for *_, doc_labels in blocks for label in doc_labels if label in row_of)
        used = np.zeros(len(pieces), dtype=bool)
        for rows, numbers, _ in _labelled_entries(blocks, row_of):
            used[numbers] = True
        used_numbers = sorted(np.flatnonzero(used).tolist(), key=pieces.__getitem__)
        self.vocab = {pieces[number]: column for column, number in enumerate(used_numbers)}
        column_of = np.full(len(pieces), -1, dtype=np.int64)
        column_of[used_numbers] = np.arange(len(used_numbers))
        width = len(used_numbers)
        # the weights are halves and whole numbers, so every sum is exact: the same in any order, as counted one by one
        matrix = np.zeros(len(labels) * width)
        for rows, numbers, values in _labelled_entries(blocks, row_of):
            matrix += np.bincount(rows * width + column_of[numbers], weights=values, minlength=len(matrix))
        matrix = matrix.reshape(len(labels), width)
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


CHUNK_DOCS = 4_000  # docs counted at once: about 700,000 pieces, 40 MB of arrays
CHUNK_PIECES = 1_000_000  # pieces counted at once for the document frequencies


def _labelled_entries(blocks, row_of: dict[str, int]):
    """(label rows, piece numbers, weights) of the pieces of labelled docs, a chunk of docs at a time."""
    for starts, numbers, values, doc_labels in blocks:
        rows = np.array([row_of.get(label, -1) for label in doc_labels], dtype=np.int64)
        for first in range(0, len(doc_labels), CHUNK_DOCS):
            last = min(first + CHUNK_DOCS, len(doc_labels))
            entry_rows = np.repeat(rows[first:last], np.diff(starts[first : last + 1]))
            kept = entry_rows >= 0
            span = slice(starts[first], starts[last])
            yield entry_rows[kept], numbers[span][kept], values[span][kept].astype(float)


class ThemeModel:
    """Trained once per data version (kept beside the corpus snapshot: analytics.draft.knowledge) or per left-out
    document in the benchmark; predicts themes and instruments.

    Compact once trained: the examples' pieces are not kept, only what predicting reads (the two Bayes matrices, and
    for the neighbours an inverted index as flat arrays: piece → the examples that have it and their weights). At 100×
    the corpus that is 18,400 examples; the index as Python dicts and lists pickled to 98 MB and was searched at
    1.7 s a draft."""

    def __init__(self, examples: Examples, registries):
        self.ids = examples.ids
        self.example_themes = examples.themes
        self.example_instruments = examples.instruments
        self.theme_ids = [t.id for t in registries.themes]
        self.instrument_ids = sorted(f"{i.id}/{s.id}" for i in registries.instruments for s in i.subtypes)
        # the codebook's definition and examples of each theme, as more docs for the theme part; their pieces not
        # among the examples' are numbered after those
        codebook, codebook_labels = _Packer(dict(zip(examples.pieces, range(len(examples.pieces))))), []
        for theme in registries.themes:
            codebook.add(task_features(None, theme.definition))
            codebook_labels.append(theme.id)
            for example in theme.examples:
                codebook.add(task_features(example, ""))
                codebook_labels.append(theme.id)
        examples_block = (examples.starts, examples.numbers, examples.values)
        self.themes = _Bayes(list(codebook.number), [(*examples_block, examples.themes),
                                                     (*codebook.arrays(), codebook_labels)], self.theme_ids)
        self.instruments = _Bayes(examples.pieces, [(*examples_block, examples.instruments)], self.instrument_ids)
        n = len(examples) or 1
        # every piece of an example is in it once: its document frequency is how often its number occurs
        document_frequency = np.zeros(len(examples.pieces), dtype=np.int64)
        for first in range(0, len(examples.numbers), CHUNK_PIECES):
            document_frequency += np.bincount(examples.numbers[first : first + CHUNK_PIECES],
                                              minlength=len(examples.pieces))
        self.idf = {piece: math.log((n + 1) / (df + 1)) + 1
                    for piece, df in zip(examples.pieces, document_frequency.tolist())}
        self._index(examples, document_frequency)

    def _index(self, examples: Examples, document_frequency: np.ndarray) -> None:
        """The inverted index: the postings of piece number i are `post_example[post_start[i]:post_start[i + 1]]`
        (examples in order) with their weights in `post_weight` (each example's TF-IDF vector, of norm 1). Filled
        CHUNK_PIECES postings at a time, each put straight in its place (its piece's next free one): sorting all 33
        million postings at once (1000× the corpus) held 264 MB of positions and as much again in temporary arrays,
        the drafting worker's peak."""
        self.piece_number = {p: i for i, p in enumerate(self.idf)}  # the examples' own numbering
        idf = np.fromiter(self.idf.values(), dtype=float, count=len(self.idf))
        norms = _norms(examples, idf)
        self.post_start = np.concatenate([[0], np.cumsum(document_frequency)])
        total = len(examples.numbers)
        self.post_example = np.empty(total, dtype=np.int32)
        self.post_weight = np.empty(total, dtype=float)
        free = self.post_start[:-1].copy()  # per piece, where its next posting goes
        for first in range(0, total, CHUNK_PIECES):
            numbers = examples.numbers[first : first + CHUNK_PIECES]
            order = np.argsort(numbers, kind="stable")  # by piece, and in example order within a piece
            by_piece = numbers[order]
            starts = np.flatnonzero(np.concatenate([[True], by_piece[1:] != by_piece[:-1]]))
            counts = np.diff(np.append(starts, len(by_piece)))
            slots = free[by_piece] + (np.arange(len(by_piece)) - np.repeat(starts, counts))
            free[by_piece[starts]] += counts
            entries = order + first
            example = np.searchsorted(examples.starts, entries, side="right") - 1  # the example each entry is of
            self.post_example[slots] = example
            self.post_weight[slots] = examples.values[entries].astype(float) * idf[by_piece] / norms[example]

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
        printed = f"{heading or ''}|{text}"  # the evidence as the task prints it (a piece never spans the two)
        theme = ThemeGuess(primary, secondary, round(shares[primary], 3), round(shares[primary] - shares[ranked[1]], 3),
                           stretches(printed, self.themes.pulling(features, primary)),
                           [(n.id, n.theme, round(n.similarity, 3)) for n in near[:3]])
        ishares = self._combine(self.instruments.shares(features), near, "instrument")
        best = max(ishares, key=ishares.get)
        instrument = InstrumentGuess(best, round(ishares[best], 3),
                                     stretches(printed, self.instruments.pulling(features, best, 4)))
        return theme, instrument


def _norms(examples: Examples, idf: np.ndarray) -> np.ndarray:
    """Each example's TF-IDF norm, its squares summed one piece after another as _vector sums them (a pairwise sum
    would differ in the last bit), a chunk of examples at a time."""
    norms = []
    for first in range(0, len(examples), CHUNK_DOCS):
        last = min(first + CHUNK_DOCS, len(examples))
        base, stop = examples.starts[first], examples.starts[last]
        weights = examples.values[base:stop].astype(float) * idf[examples.numbers[base:stop]]
        squares = (weights * weights).tolist()
        bounds = (examples.starts[first : last + 1] - base).tolist()
        norms.extend(math.sqrt(sum(squares[start:end])) or 1.0 for start, end in zip(bounds, bounds[1:]))
    return np.array(norms, dtype=float)


def examples_from(tasks, exclude: frozenset[str] = frozenset()) -> Examples:
    """The curated tasks (analytics.corpus.Corpus.tasks) as examples, except those of the `exclude` programmes."""
    # key tasks are the reconstructed outline: headings of the division plan, not its own text
    chosen = tasks[(tasks.kind != "key_task") & ~tasks.programme_id.isin(list(exclude))]
    columns = ["task_id", "heading", "text", "section_title", "subsection_title", "primary_theme", "instrument"]
    packer, ids, themes, instruments = _Packer(), [], [], []
    for tid, heading, text, section, sub, theme, instrument in chosen[columns].itertuples(index=False):
        packer.add(task_features(_given(heading), text, f"{_given(section) or ''} {_given(sub) or ''}"))
        ids.append(tid)
        themes.append(_given(theme))
        instruments.append(_given(instrument))
    return Examples(ids, themes, instruments, list(packer.number), *packer.arrays())


def _given(value):
    """A table's cell, None when empty (NaN)."""
    return value if isinstance(value, str) else None
