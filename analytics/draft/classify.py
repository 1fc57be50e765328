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
from collections import Counter
from dataclasses import dataclass

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
    id: str
    features: Counter
    theme: str
    instrument: str


class _Bayes:
    def __init__(self, docs: list[tuple[Counter, str]], labels: list[str]):
        self.labels = labels
        self.counts = {label: Counter() for label in labels}
        self.docs = Counter()
        for features, label in docs:
            if label in self.counts:
                self.counts[label].update(features)
                self.docs[label] += 1
        self.vocab = set().union(*(c.keys() for c in self.counts.values())) if self.counts else set()
        self.totals = {label: sum(c.values()) for label, c in self.counts.items()}
        total_docs = sum(self.docs.values()) or 1
        # a flattened prior: the corpus's theme mix should not decide a task on its own
        self.prior = {label: math.log((self.docs[label] + 1) / (total_docs + len(labels))) * 0.5 for label in labels}

    def log_likelihood(self, label: str, piece: str) -> float:
        return math.log((self.counts[label][piece] + 0.1) / (self.totals[label] + 0.1 * len(self.vocab)))

    def shares(self, features: Counter) -> dict[str, float]:
        known = {p: v for p, v in features.items() if p in self.vocab}
        scores = {label: self.prior[label] + sum(v * self.log_likelihood(label, p) for p, v in known.items())
                  for label in self.labels}
        top = max(scores.values())
        # tempered: raw naive-Bayes shares are overconfident with overlapping n-grams
        exp = {label: math.exp((s - top) / max(1.0, math.sqrt(sum(known.values()) or 1))) for label, s in scores.items()}
        total = sum(exp.values())
        return {label: v / total for label, v in exp.items()}

    def pulling(self, features: Counter, label: str, n: int = 6) -> list[str]:
        others = [x for x in self.labels if x != label and self.totals[x]]
        gains = {}
        for piece, value in features.items():
            if piece not in self.vocab or self.counts[label][piece] == 0:
                continue
            rest = sum(self.log_likelihood(o, piece) for o in others) / max(1, len(others))
            gains[piece] = value * (self.log_likelihood(label, piece) - rest)
        best = sorted(gains, key=gains.get, reverse=True)
        chosen: list[str] = []
        for piece in best:  # drop a bigram already inside a chosen trigram
            if any(piece in c or c in piece for c in chosen):
                continue
            chosen.append(piece)
            if len(chosen) == n:
                break
        return chosen


class ThemeModel:
    """Trained once per draft (or per left-out document in the benchmark); predicts themes and instruments."""

    def __init__(self, examples: list[Example], registries):
        self.examples = examples
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
        self.vectors = [self._vector(e.features) for e in examples]

    def _vector(self, features: Counter) -> dict[str, float]:
        vector = {p: v * self.idf.get(p, 0.0) for p, v in features.items() if p in self.idf}
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        return {p: x / norm for p, x in vector.items()}

    def neighbours(self, features: Counter, k: int = 5) -> list[tuple[Example, float]]:
        vector = self._vector(features)
        scored = [(e, sum(w * v.get(p, 0.0) for p, w in vector.items())) for e, v in zip(self.examples, self.vectors)]
        return sorted(scored, key=lambda x: x[1], reverse=True)[:k]

    def _combine(self, bayes: dict[str, float], near: list[tuple[Example, float]], attr: str) -> dict[str, float]:
        votes: Counter = Counter()
        for example, similarity in near:
            votes[getattr(example, attr)] += max(similarity, 0.0)
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
                           [(e.id, e.theme, round(s, 3)) for e, s in near[:3]])
        ishares = self._combine(self.instruments.shares(features), near, "instrument")
        best = max(ishares, key=ishares.get)
        instrument = InstrumentGuess(best, round(ishares[best], 3), self.instruments.pulling(features, best, 4))
        return theme, instrument


def examples_from(programmes, exclude: set[str] = frozenset()) -> list[Example]:
    """Curated tasks of the given (validated) programme models, except those of `exclude` programmes."""
    out = []
    for model in programmes:
        if model.programme.id in exclude:
            continue
        sections = {s.number: s for s in model.sections}
        for task in model.tasks:
            if task.kind == "key_task":
                continue  # the reconstructed outline is headings of the division plan, not its own text
            section = sections.get(task.section)
            sub = next((s.title for s in section.subsections if s.number == task.subsection), "") if section else ""
            context = f"{section.title if section else ''} {sub}"
            out.append(Example(task.id, task_features(task.heading, task.text, context), task.primary_theme,
                               task.instrument))
    return out
