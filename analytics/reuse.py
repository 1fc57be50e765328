"""Template text across programmes: near-duplicate tasks in different documents.

Candidates come from shared 4-character shingles (sorted arrays of shingle keys, so cost grows with the number of
similar pairs, not with all pairs); each candidate is then scored by in-order alignment.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from analytics.breakdown import inherited_spans
from analytics.corpus import Corpus
from analytics.filters import select_tasks

SHINGLE = 4
COMMON_SHINGLE_TASKS = 60  # a shingle in more tasks than this is boilerplate and says nothing about reuse
MIN_SPAN = 4


def similarity(a: str, b: str) -> float:
    """Dice-style share of characters in common runs of at least 4 characters, in order: 0…1."""
    if not a or not b:
        return 0.0
    common = sum(end - start for start, end in inherited_spans(a, b, MIN_SPAN))  # bounded on long texts
    return 2 * common / (len(a) + len(b))


def _ranks(texts: list[str]) -> tuple[np.ndarray, int]:
    """The texts joined, each character replaced by its rank among the characters used (uint32), and how many
    characters are used (a Chinese corpus uses a few thousand). A table over every code point, not a sort."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    used = np.zeros(0x110000, dtype=bool)
    used[codes] = True
    rank_of = np.cumsum(used, dtype=np.uint32)
    rank_of -= np.uint32(1)  # (code points not used wrap around: never looked up)
    return rank_of[codes], int(used.sum())


def _shingle_parts(texts: list[str], rows_per_part: int):
    """Every text's distinct 4-character shingles as (shingle number, text index) rows, sorted by shingle then text,
    in parts of about `rows_per_part` rows: all the rows of a shingle are in one part (parts split shingles by their
    first character), so the working memory is bounded by the part, not the corpus.

    A shingle's four ranks are packed into one integer, or two when ranks need more than 16 bits: equal keys are equal
    shingles, with no hashing. Numbers in arrays, not a set of strings per text: at 100× those sets and their index
    held 2 million strings, 315 MB at their peak (issue 15)."""
    lengths = np.fromiter((len(text) for text in texts), dtype=np.int64, count=len(texts))
    ranks, alphabet = _ranks(texts)
    bits = np.uint64(max(1, (alphabet - 1).bit_length()))
    starts = max(0, len(ranks) - SHINGLE + 1)  # shingles start at 0 … starts − 1 of the joined texts
    owner = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    within = owner[:starts] == owner[SHINGLE - 1:]  # its first and last characters in one text
    parts = max(1, -(-int(within.sum()) // max(1, rows_per_part)))
    part_of = (ranks[:starts] % np.uint32(parts)).astype(np.uint16 if parts <= 1 << 16 else np.uint32)
    halves = [(0, SHINGLE - 1)] if SHINGLE * int(bits) <= 64 else [(0, 1), (2, SHINGLE - 1)]  # > 65,536 characters
    for part in range(parts):
        positions = np.flatnonzero(within & (part_of == part))
        texts_of = owner[positions]
        keys = []
        for first, last in halves:  # characters first … last of each shingle, in one integer
            key = ranks[positions + first].astype(np.uint64)
            for k in range(first + 1, last + 1):
                key <<= bits
                key |= ranks[positions + k]
            keys.append(key)
        del positions
        order = np.lexsort((texts_of, *reversed(keys)))
        keys, texts_of = [k[order] for k in keys], texts_of[order]
        del order
        new_key = np.zeros(len(texts_of), dtype=bool)  # where a shingle's rows begin
        new_key[0:1] = True
        for k in keys:
            new_key[1:] |= k[1:] != k[:-1]
        del keys
        first_row = new_key.copy()  # a text's repeated shingle counts once
        first_row[1:] |= texts_of[1:] != texts_of[:-1]
        yield (np.cumsum(new_key) - 1)[first_row], texts_of[first_row].astype(np.int64)


ROWS_PER_PART = 500_000  # shingle rows sorted at once: 5 parts at 100× (2.2 million characters), about 45 at 1000×


def shared_shingles(texts: list[str], owners: np.ndarray, most: int,
                    rows_per_part: int = ROWS_PER_PART) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of texts i < j with different owners sharing distinct 4-character shingles, as codes i × len(texts) + j,
    sorted; how many shingles each pair shares; and each text's number of distinct shingles. Shingles in more than
    `most` texts are left out of the pairs (boilerplate)."""
    codes, counts = [], []
    shingle_count = np.zeros(len(texts), dtype=np.int64)
    for groups, members in _shingle_parts(texts, rows_per_part):
        shingle_count += np.bincount(members, minlength=len(texts))
        part_codes, part_counts = _shared_counts(groups, members, owners, most)
        codes.append(part_codes)
        counts.append(part_counts)
    pairs, where = np.unique(np.concatenate(codes), return_inverse=True)  # (there is always one part)
    summed = np.bincount(where, weights=np.concatenate(counts), minlength=len(pairs))  # a pair's shingles in every part
    return pairs, summed.astype(np.int64), shingle_count


def _shared_counts(groups: np.ndarray, members: np.ndarray, owners: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of texts (i < j, different owners) sharing shingles, and how many, from (shingle, text) rows sorted by
    shingle then text; shingles in more than `most` texts are left out. Pairs come from each row and the rows up to
    `most` − 1 after it in the same shingle, one offset at a time, so no list per shingle is ever built."""
    size = np.bincount(groups) if len(groups) else np.zeros(0, dtype=np.int64)
    keep = size[groups] <= most
    groups, members = groups[keep], members[keep]
    pairs = []
    for offset in range(1, most):
        same = groups[offset:] == groups[:-offset]
        if not same.any():
            break
        first, second = members[:-offset][same], members[offset:][same]
        other = owners[first] != owners[second]
        pairs.append(first[other] * len(owners) + second[other])
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(pairs), return_counts=True)


def near_duplicates(
    corpus: Corpus, programmes: Collection[str] | None = None, min_similarity: float = 0.3
) -> pd.DataFrame:
    """Pairs of tasks from different programmes whose texts overlap: task_id, other_task_id, similarity.

    Each pair appears once (task_id < other_task_id), best first (ties by task ids), with both programme ids.
    Candidates share distinct 4-character shingles (those in more than COMMON_SHINGLE_TASKS tasks left out) in a
    number at least min_similarity / 2 of the smaller task's shingles; each is then scored by `similarity`.
    """
    tasks = select_tasks(corpus, programmes, columns=["task_id", "programme_id", "full_text"]).sort_values("task_id")
    ids, texts = tasks.task_id.tolist(), tasks.full_text.tolist()  # index order is task id order
    programme_of = tasks.programme_id.tolist()
    owners = pd.factorize(tasks.programme_id)[0]
    codes, counts, shingle_count = shared_shingles(texts, owners, COMMON_SHINGLE_TASKS)
    first, second = codes // max(1, len(texts)), codes % max(1, len(texts))
    smaller = np.maximum(np.minimum(shingle_count[first], shingle_count[second]), 1)
    worth = counts / smaller >= min_similarity / 2
    rows = []
    for a, b in zip(first[worth].tolist(), second[worth].tolist()):
        score = similarity(texts[a], texts[b])
        if score >= min_similarity:
            rows.append({"task_id": ids[a], "other_task_id": ids[b], "similarity": score,
                         "programme_id": programme_of[a], "other_programme_id": programme_of[b]})
    table = pd.DataFrame(rows, columns=["task_id", "other_task_id", "similarity", "programme_id", "other_programme_id"])
    return table.sort_values(["similarity", "task_id", "other_task_id"], ascending=[False, True, True],
                             kind="stable").reset_index(drop=True)
