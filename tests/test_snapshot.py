"""The validated-corpus snapshot: reused when nothing changed, rebuilt when any data file changes,
ignored when corrupt or from another version, never stores uploads; a session's uploads are checked against it."""

CURATED = {"jn-ly-provincial", "jn-ly-division", "jn-ly-2023", "szq-fx", "szq-gt", "sc-yq", "sh-sm"}

import dataclasses
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analytics import isolated, paths
from analytics.corpus import load_corpus, snapshot
from analytics.corpus import tables as corpus_tables
from analytics.outputs.template import upload_template
from analytics.corpus.keyed import read_keyed, read_keyed_parts, write_keyed_parts
from analytics.corpus.tables import corpus_as_part
from analytics.corpus.snapshot import snapshot_corpus, snapshot_key, snapshot_path


@pytest.fixture
def data_dir(data_copy):
    return data_copy


@pytest.fixture
def loads(monkeypatch):
    """Counts how often the snapshot falls back to validating (check_data_dir, through tables.checked_and_built)."""
    calls = []
    real = corpus_tables.check_data_dir

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(corpus_tables, "check_data_dir", counting)
    return calls


def _snapshots(cache: Path) -> list[Path]:
    return sorted(cache.glob("corpus-*.pickle"))


def test_reused_when_unchanged(data_dir, tmp_path, loads):
    cache = tmp_path / "cache"
    first = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    second = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert len(loads) == 1  # validated once, then read from the snapshot
    assert len(_snapshots(cache)) == 1
    assert len(second.programmes) == 7 and len(second.tasks) == 206  # the real corpus: 7 programmes, 206 items
    assert list(second.tasks.task_id) == list(first.tasks.task_id)
    assert second.problems == first.problems


def _edit_content(data_dir: Path) -> None:
    path = sorted((data_dir / "programmes").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n# curator's comment\n", encoding="utf-8")


def _add_file(data_dir: Path) -> None:
    (data_dir / "programmes" / "notes.txt").write_text("a file the validator does not read\n", encoding="utf-8")


def _remove_programme(data_dir: Path) -> None:
    sorted((data_dir / "programmes").glob("*.yaml"))[-1].unlink()


@pytest.mark.parametrize("change", [_edit_content, _add_file, _remove_programme], ids=["content", "added", "removed"])
def test_rebuilt_when_any_file_changes(data_dir, tmp_path, loads, change):
    cache = tmp_path / "cache"
    before = snapshot_key(data_dir, paths.SEEDS_DIR)
    snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    change(data_dir)
    assert snapshot_key(data_dir, paths.SEEDS_DIR) != before
    corpus = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert len(loads) == 2  # validated again
    assert len(_snapshots(cache)) == 1  # the old snapshot of this data directory is gone
    if change is _remove_programme:
        assert len(corpus.programmes) == 6


def test_rebuilt_when_a_seed_changes(data_dir, tmp_path, loads):
    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS_DIR, seeds)
    cache = tmp_path / "cache"
    snapshot_corpus(data_dir, seeds, cache)
    (seeds / "MANIFEST.yaml").write_text((seeds / "MANIFEST.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    snapshot_corpus(data_dir, seeds, cache)
    assert len(loads) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05truncated"], ids=["empty", "garbage", "truncated"])
def test_ignored_when_corrupt(data_dir, tmp_path, loads, damage):
    cache = tmp_path / "cache"
    snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    [path] = _snapshots(cache)
    path.write_bytes(damage)
    corpus = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert len(loads) == 2 and len(corpus.programmes) == 7
    assert path.read_bytes()[:1] == b"\x80"  # rewritten whole


def test_never_trusted_when_the_stored_key_differs(data_dir, tmp_path, loads):
    """A snapshot renamed to the current key (or written by other code) but holding another version."""
    import pickle

    cache = tmp_path / "cache"
    corpus = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    key = snapshot_key(data_dir, paths.SEEDS_DIR)
    fake = corpus.__class__(**{**corpus.__dict__, "programmes": corpus.programmes.head(1)})
    snapshot_path(data_dir, key, cache).write_bytes(pickle.dumps({"key": "another version", "corpus": fake}))
    assert len(snapshot_corpus(data_dir, paths.SEEDS_DIR, cache).programmes) == 7
    assert len(loads) == 2


def test_never_used_with_uploads(data_dir, tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(ValueError):
        snapshot_corpus(data_dir, paths.SEEDS_DIR, cache, uploads={"mine.yaml": b"programme: {}\n"})
    assert _snapshots(cache) == []


TEMPLATE_UPLOAD = {"mine.yaml": upload_template().encode()}


def test_uploads_are_checked_against_the_snapshot_not_the_curated_files_again(data_dir, tmp_path, monkeypatch):
    """analytics.isolated.uploaded_corpus, the upload worker's corpus: given the key of the server's snapshot, no
    curated file is validated again; the worker sends back only what the uploads add, and joined to the curated
    corpus it is the corpus checking everything together gives."""
    cache = tmp_path / "cache"
    curated = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert curated.snapshot_key == snapshot_key(data_dir, paths.SEEDS_DIR)
    whole = load_corpus(data_dir, paths.SEEDS_DIR, uploads=TEMPLATE_UPLOAD)

    def refuse(*args, **kwargs):
        raise AssertionError("validated the curated files again")

    monkeypatch.setattr(isolated, "load_corpus", refuse)
    monkeypatch.setattr(corpus_tables, "check_data_dir", refuse)
    shape, added, quick = isolated.uploaded_corpus(TEMPLATE_UPLOAD, data_dir, paths.SEEDS_DIR, cache,
                                                   curated.snapshot_key)
    assert shape == "added" and list(added.programmes.programme_id) == ["example-upload"]
    assert len(added.tasks) == 3 and list(added.places.place_id) == ["example_province", "example_a", "example_b"]
    # of the registries, only the template's additions (its additions: block), never the curated rows
    assert list(added.pairings.pairing_id) == ["example_a-example_b"]
    assert list(added.units.unit_id) == ["example_a.development_reform", "example_b.development_reform",
                                         "example_a.culture_tourism", "example_b.culture_tourism"]
    assert added.units.uploaded.all() and added.themes.empty and added.instruments.empty and added.functions.empty
    assert quick.problems == whole.problems and quick.snapshot_key is None
    pd.testing.assert_frame_equal(quick.tasks, whole.tasks)
    pd.testing.assert_frame_equal(isolated.tables.joined(curated, added).units, whole.units)


@pytest.mark.parametrize("missing", ["snapshot", "registries", "both", "no key"])
def test_uploads_are_checked_with_every_curated_file_when_the_snapshot_is_not_whole(data_dir, tmp_path, missing):
    cache = tmp_path / "cache"
    key = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache).snapshot_key
    corpus_file = _snapshots(cache)[0]
    gone = {"snapshot": [corpus_file], "registries": [snapshot.registries_path(corpus_file)],
            "both": [corpus_file, snapshot.registries_path(corpus_file)], "no key": []}[missing]
    for path in gone:
        path.unlink()
    if missing == "no key":  # the server's corpus was not read from a snapshot
        key = None
    else:
        assert snapshot.settled_corpus(data_dir, key, cache) is None
    shape, sent, corpus = isolated.uploaded_corpus(TEMPLATE_UPLOAD, data_dir, paths.SEEDS_DIR, cache, key)
    assert shape == "whole" and sent is corpus
    assert set(corpus.programmes.programme_id) == {*CURATED, "example-upload"}


def test_uploads_are_checked_against_the_version_the_server_holds(data_dir, tmp_path):
    """The data changed after the server read its snapshot: the session's uploads join the corpus its pages show (the
    server's version), not the files as they are now; without a key they meet the files as they are."""
    cache = tmp_path / "cache"
    key = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache).snapshot_key
    (data_dir / "programmes" / "szq-gt.yaml").unlink()
    shape, _, corpus = isolated.uploaded_corpus(TEMPLATE_UPLOAD, data_dir, paths.SEEDS_DIR, cache, key)
    assert shape == "added" and set(corpus.programmes.programme_id) == {*CURATED, "example-upload"}
    shape, _, corpus = isolated.uploaded_corpus(TEMPLATE_UPLOAD, data_dir, paths.SEEDS_DIR, cache, None)
    assert shape == "whole" and set(corpus.programmes.programme_id) == {*CURATED - {"szq-gt"}, "example-upload"}


def test_the_upload_worker_process_checks_against_the_servers_snapshot(data_dir, tmp_path, monkeypatch):
    """check_uploads sends its worker the server's snapshot key and cache folder, and the worker checks against that
    snapshot: one doctored under the right key, with a task the files do not have, lets an upload link to that task
    (checked against the files, the link is an error). The server is sent only what the upload adds, and the joined
    corpus shares the curated corpus's texts rather than holding a copy."""
    cache = tmp_path / "cache"
    curated = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, cache)
    path, key = _snapshots(cache)[0], curated.snapshot_key
    extra = curated.tasks[curated.tasks.task_id == "szq-gt/01"].assign(task_id="szq-gt/99")
    doctored = dataclasses.replace(curated, tasks=pd.concat([curated.tasks, extra], ignore_index=True),
                                   snapshot_key=None)
    write_keyed_parts(path, key, [corpus_as_part(doctored)])
    linking = upload_template().replace("    parents: []\n", "    parents: [{task: szq-gt/99, relation: carries_down}]\n", 1)
    uploads = {"mine.yaml": linking.encode()}
    monkeypatch.setattr(snapshot, "CACHE_DIR", cache)
    sent = []
    real_joined = isolated.tables.joined
    monkeypatch.setattr(isolated.tables, "joined", lambda base, added: sent.append(added) or real_joined(base, added))
    served = dataclasses.replace(doctored, snapshot_key=key)
    checked = isolated.check_uploads(uploads, data_dir, paths.SEEDS_DIR, curated=served)
    assert isinstance(checked, isolated.Checked)
    assert [p.severity for p in checked.corpus.problems if p.file == "upload:mine.yaml"] == ["warning"]
    assert list(checked.corpus.task_links.tail(1).itertuples(index=False, name=None)) == [
        ("example-upload/01", "szq-gt/99", "carries_down")]
    assert [list(added.programmes.programme_id) for added in sent] == [["example-upload"]]
    text, shared = checked.corpus.tasks.text.array._pa_array, served.tasks.text.array._pa_array
    assert text.chunks[0].buffers()[2].address == shared.chunks[0].buffers()[2].address  # not a copy
    whole = isolated.check_uploads(uploads, data_dir, paths.SEEDS_DIR)  # no snapshot key: the files as they are
    assert any("parent task 'szq-gt/99' does not exist" in p.message for p in whole.corpus.problems)


def test_rebuilt_when_the_validating_code_changes(data_dir, tmp_path, loads, monkeypatch):
    cache = tmp_path / "cache"
    snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    real = snapshot._code_digest
    monkeypatch.setattr(snapshot, "_code_digest", lambda: real() + b"an edited validator")
    snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert len(loads) == 2


@pytest.fixture
def no_validating_here(monkeypatch):
    """served_corpus must not validate in this process: the worker does (it imports its own check_data_dir)."""
    def refuse(*args, **kwargs):
        raise AssertionError("validated in the server process")

    monkeypatch.setattr(corpus_tables, "check_data_dir", refuse)


def test_served_corpus_is_validated_in_a_worker_then_read(data_dir, tmp_path, no_validating_here):
    cache = tmp_path / "cache"
    first = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert len(first.programmes) == 7 and len(first.tasks) == 206 and first.ok
    assert len(_snapshots(cache)) == 1  # the worker wrote it; this process read it back
    second = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert list(second.tasks.task_id) == list(first.tasks.task_id)


def test_served_corpus_with_errors_comes_back_from_the_worker_unsnapshotted(data_dir, tmp_path, no_validating_here):
    cache = tmp_path / "cache"
    (data_dir / "programmes" / "zz-broken.yaml").write_text("programme:\n  id: [unclosed\n", encoding="utf-8")
    corpus = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert not corpus.ok and len(corpus.programmes) == 7  # the good data stays served
    assert [p.file for p in corpus.problems if p.file.endswith("zz-broken.yaml")]
    assert _snapshots(cache) == []  # a corpus with errors is never cached


def test_served_corpus_worker_reads_with_the_servers_file_size_cap(data_dir, tmp_path, monkeypatch, no_validating_here):
    from analytics.corpus import yamlio

    largest = max((data_dir / "programmes").glob("*.yaml"), key=lambda path: path.stat().st_size)
    monkeypatch.setattr(yamlio, "MAX_BYTES", largest.stat().st_size - 1)
    corpus = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, tmp_path / "cache")
    assert not corpus.ok and any(p.file.endswith(largest.name) for p in corpus.problems)


def test_served_corpus_validates_here_when_the_worker_fails(data_dir, tmp_path, monkeypatch, loads, caplog):
    monkeypatch.setattr(snapshot.sys, "executable", "/bin/false")  # the worker exits 1 with no answer
    with caplog.at_level("WARNING", logger=snapshot.__name__):
        corpus = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, tmp_path / "cache")
    assert len(loads) == 1 and len(corpus.programmes) == 7
    assert "worker process failed" in caplog.text


def _fake_worker(monkeypatch, returncode: int, stdout: bytes, stderr: bytes = b""):
    """subprocess.run as seen by served_corpus: the worker 'ran' and answered this; its calls are counted."""
    import subprocess

    calls = []

    def run(*args, **kwargs):
        calls.append(args)
        return subprocess.CompletedProcess(args, returncode, stdout=stdout, stderr=stderr)

    monkeypatch.setattr(snapshot.subprocess, "run", run)
    return calls


@pytest.mark.parametrize("returncode, stdout, stderr, logged", [
    (0, b"", b"", "its answer could not be read"),
    (0, b"\x80\x05truncated", b"", "its answer could not be read"),
    (0, b"not a pickle", b"", "its answer could not be read"),
    (0, pickle.dumps(["one", "two", "three"]), b"", "its answer was not a corpus"),
    (0, pickle.dumps(("corpus", "a text, not a corpus")), b"FutureWarning: unrelated", "its answer was not a corpus"),
    (0, pickle.dumps(("written", 5)), b"", "its answer was not a corpus"),
    (0, pickle.dumps(("written", "0" * 64)), b"", "its snapshot could not be read back"),  # no such snapshot
    (1, b"", b"Traceback ...\nMemoryError: cannot allocate", "MemoryError: cannot allocate"),
], ids=["empty", "truncated", "garbage", "not-a-pair", "wrong-kind", "key-not-text", "not-written", "failed"])
def test_served_corpus_validates_here_when_the_worker_gives_no_usable_answer(
        data_dir, tmp_path, monkeypatch, loads, caplog, returncode, stdout, stderr, logged):
    calls = _fake_worker(monkeypatch, returncode, stdout, stderr)
    with caplog.at_level("WARNING", logger=snapshot.__name__):
        corpus = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, tmp_path / "cache")
    assert len(calls) == 1 and len(loads) == 1 and len(corpus.programmes) == 7
    assert logged in caplog.text


def test_served_corpus_validates_here_when_the_worker_cannot_start(data_dir, tmp_path, monkeypatch, loads, caplog):
    monkeypatch.setattr(snapshot.sys, "executable", str(tmp_path / "no-such-python"))
    with caplog.at_level("WARNING", logger=snapshot.__name__):
        corpus = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, tmp_path / "cache")
    assert len(loads) == 1 and len(corpus.programmes) == 7
    assert "it could not start" in caplog.text


def test_served_corpus_does_not_validate_here_after_a_worker_killed_by_a_signal(data_dir, tmp_path, monkeypatch, loads):
    """Most likely the out-of-memory killer: validating in the server would take it down the same way."""
    _fake_worker(monkeypatch, -9, b"")
    with pytest.raises(snapshot.WorkerKilled, match="signal 9"):
        snapshot.served_corpus(data_dir, paths.SEEDS_DIR, tmp_path / "cache")
    assert loads == []


def test_served_corpus_reads_the_snapshot_without_a_worker_once_it_exists(data_dir, tmp_path, monkeypatch,
                                                                          no_validating_here):
    cache = tmp_path / "cache"
    first = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, cache)
    calls = _fake_worker(monkeypatch, 1, b"", b"the worker must not run again")
    second = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert calls == [] and list(second.tasks.task_id) == list(first.tasks.task_id)


def test_served_corpus_with_relative_folders_means_the_servers_working_directory(data_dir, tmp_path, monkeypatch,
                                                                                 no_validating_here):
    """The worker runs in the project folder: folders given relative to the server's are made absolute first."""
    seeds = tmp_path / "myseeds"
    shutil.copytree(paths.SEEDS_DIR, seeds)
    monkeypatch.chdir(tmp_path)
    corpus = snapshot.served_corpus(Path("data"), Path("myseeds"), Path("cache"))
    assert corpus.ok and len(corpus.programmes) == 7
    assert len(_snapshots(tmp_path / "cache")) == 1


def test_snapshot_key_covers_the_reading_caps(data_dir, monkeypatch):
    from analytics.corpus import yamlio

    before = snapshot_key(data_dir, paths.SEEDS_DIR)
    monkeypatch.setattr(yamlio, "MAX_BYTES", yamlio.MAX_BYTES + 1)
    assert snapshot_key(data_dir, paths.SEEDS_DIR) != before


# Joining what uploads add to the snapshot's corpus tests membership in Arrow's own compute (tables.is_in): each case
# worked by hand, and always what pandas' isin answers.
IS_IN_CASES = [
    # (values, within, dtype of both, expected)
    (["a", "b", "c"], ["c", "a"], "str", [True, False, True]),
    (["a", None], ["a"], "str", [True, False]),           # a missing value is not in a set without one
    (["a", None], ["b", None], "str", [False, True]),      # … and is in a set with one, as pandas says
    (["x"], [], "str", [False]),
    ([], ["a"], "str", []),
    (["a", "b"], ["b"], object, [False, True]),            # text as plain objects (an empty frame's columns)
    ([1, 2], [2], "int64", [False, True]),                 # not text: pandas' own test
    (["甲市", "乙市"], ["乙市"], "str", [False, True]),
]


@pytest.mark.parametrize("values, within, dtype, expected", IS_IN_CASES)
def test_is_in_answers_as_pandas_does(values, within, dtype, expected):
    from analytics.corpus.tables import is_in

    left, right = pd.Series(values, dtype=dtype), pd.Series(within, dtype=dtype)
    found = is_in(left, right)
    assert found.dtype == bool and found.tolist() == expected
    assert found.tolist() == left.isin(right).tolist()


def test_is_in_mixed_text_and_objects():
    """An Arrow text column against plain objects (an empty frame's column, or text and missing values joined)."""
    from analytics.corpus.tables import is_in

    left = pd.Series(["a", "b"], dtype="str")
    assert is_in(left, pd.Series(["b"], dtype=object)).tolist() == [False, True]
    assert is_in(left, pd.Series([], dtype=object)).tolist() == [False, False]
    assert is_in(pd.Series(["b", 1], dtype=object), left).tolist() == [True, False]


def test_the_upload_worker_keeps_the_curated_inheritance_beside_the_snapshot(data_dir, tmp_path, monkeypatch):
    """The first upload checked against a snapshot writes the curated children's inheritance rows beside it; the next
    aligns only its own links (one here) and gives the same tables as aligning every link; a changed snapshot key
    or analysis code reads nothing."""
    from analytics import breakdown

    cache = tmp_path / "cache"
    curated = snapshot.served_corpus(data_dir, paths.SEEDS_DIR, cache)
    linking = upload_template().replace("    parents: []\n", "    parents: [{task: szq-gt/01, relation: carries_down}]\n", 1)
    uploads = {"mine.yaml": linking.encode()}
    shape, added, corpus = isolated.uploaded_corpus(uploads, data_dir, paths.SEEDS_DIR, cache, curated.snapshot_key)
    assert shape == "added" and ("example-upload/01", "szq-gt/01", "carries_down") in set(
        corpus.task_links.itertuples(index=False, name=None))
    everything = isolated.first_analyses(corpus)  # no kept rows: every link aligned
    aligned = []
    real = breakdown.inherited_spans
    monkeypatch.setattr(breakdown, "inherited_spans", lambda child, *rest: aligned.append(child) or real(child, *rest))
    kept = isolated.KeptInheritance.beside(data_dir, curated.snapshot_key, cache, added)
    assert not kept.path.exists()
    first = isolated.first_analyses(corpus, kept)
    links = (corpus.task_links.relation == "carries_down").sum()
    assert len(aligned) == links and kept.path.exists()
    stored = read_keyed(kept.path, kept.key, pd.DataFrame)
    pd.testing.assert_frame_equal(stored, breakdown.inheritance_by_task(curated))  # the curated children only
    aligned.clear()
    second = isolated.first_analyses(corpus, kept)
    assert aligned == [corpus.tasks.set_index("task_id").full_text["example-upload/01"]]  # the upload's one link
    (tables,) = everything.values()  # analysis_tables' result
    assert len(tables["inheritance"]) == len(breakdown.inheritance_by_task(curated)) + 1
    for result in (first, second):
        for name, table in tables.items():
            pd.testing.assert_frame_equal(next(iter(result.values()))[name], table)
    other = dataclasses.replace(kept, key=kept.key + "0")  # another snapshot or other analysis code
    aligned.clear()
    isolated.first_analyses(corpus, other)
    assert len(aligned) == links


def test_the_upload_worker_finds_the_commitments_once(corpus, monkeypatch):
    """The worker's first analyses search for tasks with a commitment and export the commitments table: both from one
    commitment search (at 1000× each search took 1.2 s), and its tables are those analysis_tables makes alone."""
    import analytics.commitments as found_in
    from analytics import search
    from analytics.outputs import export

    alone = export.analysis_tables(corpus)
    calls = []
    real = found_in.commitments

    def counting(*args, **kwargs):
        calls.append(args[1:])
        return real(*args, **kwargs)

    for module in (found_in, search, export):
        monkeypatch.setattr(module, "commitments", counting)
    (tables,) = isolated.first_analyses(corpus).values()
    assert calls == [()]  # the whole corpus, once
    assert list(tables) == list(alone)
    for name, table in alone.items():
        pd.testing.assert_frame_equal(tables[name], table)


def test_the_worker_writes_the_tables_in_parts_as_they_are_made(data_dir, tmp_path, monkeypatch, loads):
    """What the worker runs: the snapshot is written part by part and no corpus is kept; read back, it is the corpus
    the files give. With parts of 60 tasks the curated 43, 53, 22, 24, 29, 17 and 18 items make three parts of task
    tables (43+53 | 22+24+29 | 17+18), then the programme tables."""
    cache = tmp_path / "cache"
    monkeypatch.setattr(corpus_tables, "BATCH_TASKS", 60)
    key, corpus, written = snapshot._load_and_write(data_dir, paths.SEEDS_DIR, cache, corpus_wanted=False)
    assert (corpus, written, len(loads)) == (None, True, 1)
    parts = read_keyed_parts(snapshot_path(data_dir, key, cache), key)
    assert [len(part.get("tasks", ())) for part in parts] == [96, 75, 35, 0]
    read = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert len(loads) == 1  # read, not validated again
    whole = load_corpus(data_dir, paths.SEEDS_DIR)
    for name in (*corpus_tables.ROW_TABLES, *corpus_tables.REGISTRY_TABLES):
        pd.testing.assert_frame_equal(getattr(read, name), getattr(whole, name), obj=name)
    assert read.problems == whole.problems and read.snapshot_key == key


def test_a_cache_that_cannot_be_written_costs_only_the_snapshot(data_dir, tmp_path, loads):
    cache = tmp_path / "a file, not a folder"
    cache.write_text("")
    corpus = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert len(loads) == 1  # validated once: no part was made before the folder failed
    assert len(corpus.tasks) == 206 and corpus.snapshot_key is None
    pd.testing.assert_frame_equal(corpus.task_units, load_corpus(data_dir, paths.SEEDS_DIR).task_units)


def test_a_snapshot_write_cut_short_leaves_no_snapshot_and_the_corpus_is_made_again(data_dir, tmp_path, monkeypatch,
                                                                                   loads):
    """The disk fills after the first part: the parts written are gone, so the corpus is validated again here, and no
    snapshot (nor a temporary file) is left to be trusted."""
    cache = tmp_path / "cache"
    monkeypatch.setattr(corpus_tables, "BATCH_TASKS", 60)
    real = snapshot.write_keyed_parts

    def disk_full_after_one(path, key, parts):
        def cut():
            yield next(iter(parts))
            raise OSError(28, "No space left on device")
        real(path, key, cut())

    monkeypatch.setattr(snapshot, "write_keyed_parts", disk_full_after_one)
    corpus = snapshot_corpus(data_dir, paths.SEEDS_DIR, cache)
    assert len(loads) == 2 and len(corpus.tasks) == 206
    assert _snapshots(cache) == [] and not list(cache.glob(".tmp-*"))
