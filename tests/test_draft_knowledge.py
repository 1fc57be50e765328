"""What drafting learns from (analytics/draft/knowledge.py): read from the server's snapshot instead of validating
every curated file again, with the theme model trained once per data version and kept beside the snapshot; the same
drafts as learning from the files; the drafting worker learns from the snapshot the server holds."""

from __future__ import annotations

import dataclasses

import pytest

from analytics import paths
from analytics.corpus import snapshot
from analytics.corpus.keyed import read_keyed, write_keyed, write_keyed_parts
from analytics.corpus.tables import corpus_as_part
from analytics.draft import draft_bytes, knowledge as knowledge_module, load_knowledge
from analytics.draft.classify import ThemeModel
from analytics.draft.isolated import DRAFT_DEADLINE_S, draft_deadline, draft_in_worker
from analytics.draft.writer import check_draft, to_yaml

SEEDS = paths.SEEDS_DIR


@pytest.fixture
def trainings(monkeypatch):
    """Counts how often the theme model is trained on the curated tasks (examples_from is its first step)."""
    calls = []
    real = knowledge_module.examples_from
    monkeypatch.setattr(knowledge_module, "examples_from", lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


def _model_files(cache):
    return sorted(cache.glob(f"{knowledge_module.MODEL_KIND}-*.pickle"))


def _what_a_curator_reads(docs, registries) -> list[str]:
    return [to_yaml(d, registries) + repr([(r.line, r.kind, r.message) for r in d.review])
            + repr([(t.id, t.theme, t.instrument, t.parents) for t in d.tasks]) for d in docs]


# (seed, parent programmes named by the curator): every seed, with and without parents to suggest from
CASES = [("szq-fx.txt", ["jn-ly-provincial", "jn-ly-division"]), ("szq-gt.txt", []), ("jn-ly.txt", []),
         ("jn-ly.txt", ["jn-ly-provincial"]), ("sc-yq.txt", []), ("sh-sm.txt", ["szq-fx"])]


def test_drafts_learned_from_the_snapshot_equal_drafts_learned_from_the_files(data_copy, tmp_path):
    cache = tmp_path / "cache"
    key = snapshot.served_corpus(data_copy, SEEDS, cache).snapshot_key
    settled = load_knowledge(data_copy, SEEDS, key, cache)
    files = load_knowledge(data_copy, SEEDS, key, tmp_path / "no-snapshot-here")
    assert settled.trained is not None and files.trained is None  # the first from the snapshot, the second validated
    assert len(settled.tasks) == 206 and list(settled.tasks.task_id) == list(files.tasks.task_id)
    for seed, parents in CASES:
        raw = (SEEDS / seed).read_bytes()
        assert (_what_a_curator_reads(draft_bytes(raw, seed, settled, parents=parents), settled.registries)
                == _what_a_curator_reads(draft_bytes(raw, seed, files, parents=parents), files.registries)), seed


def test_the_theme_model_is_trained_once_per_data_version(data_copy, tmp_path, trainings):
    cache = tmp_path / "cache"
    key = snapshot.served_corpus(data_copy, SEEDS, cache).snapshot_key
    first = load_knowledge(data_copy, SEEDS, key, cache)
    assert len(trainings) == 1 and len(_model_files(cache)) == 1
    second = load_knowledge(data_copy, SEEDS, key, cache)
    assert len(trainings) == 1  # read from beside the snapshot
    assert second.trained.ids == first.trained.ids and len(second.trained.ids) == 184  # 206 items less 22 key tasks
    assert second.model() is second.trained
    second.model(frozenset({"szq-fx"}))  # leaving a programme out trains anew (the benchmark's left-out document)
    assert len(trainings) == 2
    # another data version: a new snapshot, a new model; the old ones are removed together
    path = sorted((data_copy / "programmes").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n# curator's comment\n", encoding="utf-8")
    newer = snapshot.served_corpus(data_copy, SEEDS, cache).snapshot_key
    assert newer != key and _model_files(cache) == []
    load_knowledge(data_copy, SEEDS, newer, cache)
    assert len(trainings) == 3 and [p.name.rsplit("-", 1)[1] for p in _model_files(cache)] == [f"{newer[:24]}.pickle"]


@pytest.mark.parametrize("stored", ["another key", "not a model"])
def test_a_model_file_not_made_for_this_version_is_not_used(data_copy, tmp_path, trainings, stored):
    cache = tmp_path / "cache"
    key = snapshot.served_corpus(data_copy, SEEDS, cache).snapshot_key
    load_knowledge(data_copy, SEEDS, key, cache)
    [path] = _model_files(cache)
    model = read_keyed(path, knowledge_module._model_key(key), ThemeModel)
    if stored == "another key":
        write_keyed(path, knowledge_module._model_key("f" * 64), model)
    else:
        write_keyed(path, knowledge_module._model_key(key), {"ids": model.ids})
    assert load_knowledge(data_copy, SEEDS, key, cache).trained.ids == model.ids
    assert len(trainings) == 2  # trained again, and written over the wrong file
    assert isinstance(read_keyed(path, knowledge_module._model_key(key), ThemeModel), ThemeModel)



def test_the_corpus_tables_drafting_does_not_read_are_let_go_before_training(data_copy, tmp_path, monkeypatch):
    """Training is the drafting worker's peak: the snapshot's other tables (at 1000×, 280 MB of task units, links,
    places) must not be held through it (bench/RESULTS.md, twenty-seventh round); the programmes and tasks it reads are."""
    import gc
    import weakref

    cache = tmp_path / "cache"
    key = snapshot.served_corpus(data_copy, SEEDS, cache).snapshot_key
    read, seen = [], []
    real_settled, real_examples = knowledge_module.snapshot.settled_corpus, knowledge_module.examples_from

    def settled(*args, **kwargs):
        corpus, registries = real_settled(*args, **kwargs)
        read.append((weakref.ref(corpus), weakref.ref(corpus.task_units), weakref.ref(corpus.tasks)))
        return corpus, registries

    def examples(*args, **kwargs):
        gc.collect()
        seen.append([alive() is not None for alive in read[0]])
        return real_examples(*args, **kwargs)

    monkeypatch.setattr(knowledge_module.snapshot, "settled_corpus", settled)
    monkeypatch.setattr(knowledge_module, "examples_from", examples)
    knowledge = load_knowledge(data_copy, SEEDS, key, cache)
    assert seen == [[False, False, True]]  # trained once, the corpus and its task units gone, its tasks kept
    assert knowledge.trained is not None and len(knowledge.tasks) == 206

def test_the_drafting_worker_learns_from_the_servers_snapshot(data_copy, tmp_path, monkeypatch):
    """draft_in_worker sends the worker the server's snapshot key and cache folder: a snapshot doctored under the right
    key, without the provincial outline, drafts the division plan without that parent programme (its 文号 becomes a
    citation); without the snapshot the worker validates the files, where the outline is."""
    cache = tmp_path / "cache"
    curated = snapshot.served_corpus(data_copy, SEEDS, cache)
    key, path = curated.snapshot_key, snapshot.snapshot_path(data_copy, curated.snapshot_key, cache)
    kept = curated.programmes[curated.programmes.programme_id != "jn-ly-provincial"]
    write_keyed_parts(path, key, [corpus_as_part(dataclasses.replace(curated, programmes=kept))])
    raw = (SEEDS / "jn-ly.txt").read_bytes()
    monkeypatch.setattr(snapshot, "CACHE_DIR", cache)
    division = draft_in_worker(raw, "jn-ly.txt", [], data_copy, SEEDS, key=key)[0]
    assert division.parent_programmes == [] and division.citations[0][0] == "鲁政办字〔2023〕31号"
    assert _model_files(cache) != []  # the worker kept the model it trained
    monkeypatch.setattr(snapshot, "CACHE_DIR", tmp_path / "empty")
    division = draft_in_worker(raw, "jn-ly.txt", [], data_copy, SEEDS, key=key)[0]
    assert division.parent_programmes == ["jn-ly-provincial"]


# (curated tasks, deadline in seconds): 60 s, and 300 µs more per curated task for the first draft's training
DEADLINES = [(None, 60.0), (206, 60.0618), (20_600, 66.18), (206_000, 121.8)]


@pytest.mark.parametrize("tasks, seconds", DEADLINES)
def test_the_drafting_deadline_grows_with_the_curated_corpus(tasks, seconds):
    class Curated:
        def __init__(self, n):
            self.tasks = range(n)

    assert draft_deadline(None if tasks is None else Curated(tasks)) == pytest.approx(seconds)
    assert DRAFT_DEADLINE_S == 60.0


def _draft_yaml(knowledge, seed: str, parents: list[str]) -> str:
    return to_yaml(draft_bytes((SEEDS / seed).read_bytes(), seed, knowledge, parents=parents)[0], knowledge.registries)


# (what is done to the szq-gt draft, what the upload rules must say): checked against the server's corpus and its
# registries, the same problems as checked with every curated file
DRAFT_EDITS = [
    ("as drafted", lambda y: y, None),
    ("a curated programme's id", lambda y: y.replace("shizhong-gaotang-draft", "szq-gt"), "szq-gt"),
    ("a parent programme that does not exist",
     lambda y: y.replace("parents: []", "parents: [{programme: jn-ly-division9, relation: implements}]", 1),
     "jn-ly-division9"),
    ("an unknown unit", lambda y: y.replace("shizhong.development_reform", "shizhong.nowhere", 1), "shizhong.nowhere"),
    ("a draft that is not YAML", lambda y: "programme: [\n", None),
]


@pytest.mark.parametrize("edit, said", [(e, s) for _, e, s in DRAFT_EDITS], ids=[name for name, _, _ in DRAFT_EDITS])
def test_a_draft_is_checked_against_the_servers_corpus_as_against_every_file(data_copy, tmp_path, edit, said):
    cache = tmp_path / "cache"
    curated = snapshot.served_corpus(data_copy, SEEDS, cache)
    knowledge = load_knowledge(data_copy, SEEDS, curated.snapshot_key, cache)
    text = edit(_draft_yaml(knowledge, "szq-gt.txt", ["jn-ly-division"]))
    settled = check_draft(text, "mine.yaml", data_copy, SEEDS, curated=curated, registries=knowledge.registries)
    assert settled == check_draft(text, "mine.yaml", data_copy, SEEDS)
    errors = [p.message for p in settled if p.severity == "error"]
    assert (errors == []) == (said is None and text.startswith("#")), errors
    assert said is None or any(said in message for message in errors), errors
