"""What drafting learns from: the registries, the curated programmes' and tasks' tables, the trained theme model.

    knowledge = load_knowledge(data_dir, seeds_dir, key)   # key: the server's snapshot (Corpus.snapshot_key)

Read from the snapshot of the validated corpus when there is one (analytics/corpus/snapshot.py): its tables and the
registries it was checked with, never validating the curated files again. The theme model trained on every curated
task is kept beside that snapshot, under a key of its own (the snapshot's, plus this package's model code), so it is
trained once per data version and not once per draft. At 100× the corpus a draft used to validate every file (9.3 s)
and train the model (5.1 s) before drafting; now it reads both in 0.26 s (bench/RESULTS.md, twenty-first round).

Without that snapshot on disk the data directory is validated here as before, and the model is trained per call.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import paths
from analytics.corpus import Registries, snapshot
from analytics.corpus.tables import checked_and_built
from analytics.corpus.keyed import MISSING, read_keyed, write_keyed
from analytics.draft.classify import ThemeModel, examples_from
from analytics.draft.reading import DraftInputError

MODEL_KIND = "draft-model"  # the name of the model's file beside a snapshot (snapshot.companion_path)


@dataclass(frozen=True)
class Knowledge:
    """The curated corpus as drafting reads it: `programmes` and `tasks` are the tables of analytics.corpus.Corpus."""

    registries: Registries
    programmes: pd.DataFrame
    tasks: pd.DataFrame
    trained: ThemeModel | None = field(default=None, compare=False)  # on every curated task, when already trained
    # (plan, its division plan): a programme that implements the plan and whose tasks implement its key tasks
    # (济南—临沂重点任务分工方案 of 济南—临沂对口合作实施方案), from the corpus's programme and task links
    divisions: tuple[tuple[str, str], ...] = ()

    def model(self, exclude: frozenset[str] = frozenset()) -> ThemeModel:
        """The theme model trained on the curated tasks, except those of the `exclude` programmes."""
        if not exclude and self.trained is not None:
            return self.trained
        return ThemeModel(examples_from(self.tasks, exclude), self.registries)

    def has_programme(self, programme_id: str) -> bool:
        return bool((self.programmes.programme_id == programme_id).any())

    def programme_tasks(self, programme_id: str) -> pd.DataFrame:
        return self.tasks[self.tasks.programme_id == programme_id]

    def divisions_of(self, programme_id: str) -> list[str]:
        """The corpus's division plans of a plan, in id order."""
        return sorted(division for plan, division in self.divisions if plan == programme_id)


def division_pairs(programme_links: pd.DataFrame, task_links: pd.DataFrame, tasks: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(plan, division plan) for each programme that implements a plan and has a task implementing one of the plan's
    tasks: a division of its key tasks, whose tasks a year's work points advance (analytics.draft.links)."""
    owner = tasks.set_index("task_id").programme_id
    implementing = task_links[task_links.relation == "implements"]
    linked = set(zip(implementing.task_id.map(owner), implementing.parent_task_id.map(owner)))
    programme_level = programme_links[programme_links.relation == "implements"]
    return tuple(sorted({(plan, child) for child, plan in zip(programme_level.programme_id, programme_level.parent_programme_id)
                         if (child, plan) in linked}))


def load_knowledge(data_dir: Path = paths.DATA_DIR, seeds_dir: Path = paths.SEEDS_DIR, key: str | None = None,
                   cache_dir: Path | None = None) -> Knowledge:
    """From the snapshot of `key` (by default the current data version's) when it is on disk, else validated here."""
    key = key or snapshot.snapshot_key(Path(data_dir), Path(seeds_dir))
    settled = snapshot.settled_corpus(Path(data_dir), key, cache_dir)
    if settled is None:
        corpus, registries = checked_and_built(Path(data_dir), Path(seeds_dir))  # each parsed file let go as built
        if registries is None:
            raise DraftInputError("registries")
        return Knowledge(registries, corpus.programmes, corpus.tasks,
                         divisions=division_pairs(corpus.programme_links, corpus.task_links, corpus.tasks))
    corpus, registries = settled
    knowledge = Knowledge(registries, corpus.programmes, corpus.tasks,
                          divisions=division_pairs(corpus.programme_links, corpus.task_links, corpus.tasks))
    # the corpus's other tables go before training (at 1000×, 280 MB of task units, links, places; the first draft's peak
    # 2,026–2,153 → 1,764 MB: bench/RESULTS.md, twenty-seventh round)
    del settled, corpus
    path = snapshot.companion_path(snapshot.snapshot_path(Path(data_dir), key, cache_dir), MODEL_KIND)
    model_key = _model_key(key)
    trained = read_keyed(path, model_key, ThemeModel)
    if trained is MISSING:
        trained = knowledge.model()
        try:
            write_keyed(path, model_key, trained)
        except OSError:
            pass  # a read-only cache: trained again next time
    return replace(knowledge, trained=trained)


def _model_key(key: str) -> str:
    """The snapshot's key (data, seeds, corpus code) plus the code that trains the model and the numpy it pickles."""
    digest = hashlib.sha256(f"{key}|{np.__version__}".encode())
    digest.update(Path(__file__).with_name("classify.py").read_bytes())
    return digest.hexdigest()
