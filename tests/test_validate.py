"""Each kind of curator mistake gets a message naming file, line and fix; good files still load."""

import shutil

import pytest

from analytics import paths
from analytics.__main__ import main
from analytics.corpus import load_corpus

GOOD = "szq-gt"  # the file each test damages; every other programme must still load


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return target


def damage(data_dir, old, new, count=1):
    path = data_dir / "programmes" / f"{GOOD}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1  # line of the damage


@pytest.mark.parametrize(
    "old, new, expected_message",
    [
        ("primary_theme: industry", "primary_theme: industri", "'industri' is not a theme id"),
        ("id: szq-gt/02", "id: szq-gt/01", "duplicate task id 'szq-gt/01'"),
        ("instrument: supply/information", "instrument: supply/informaton", "is not an instrument"),
        ("shizhong.development_reform", "shizhong.dev_reform", "'shizhong.dev_reform' is not a unit id"),
        ("status: 正式", "status: 正常", "Input should be '正式' or '征求意见稿'"),
        ("pairing: shizhong-gaotang", "pairing: shizhong-feixian", "does not match helper/recipient"),
        ("issued: 2025-01-24", "issued: 2025-13-24", "programme.issued"),
        ("    primary_theme:", "    primary_them:", "unknown field"),
        ("围绕市中区", "围绕济南市", "is not found in seeds/szq-gt.txt"),
    ],
)
def test_mistake_is_reported_at_its_line(data_copy, old, new, expected_message):
    line = damage(data_copy, old, new)
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    messages = [p for p in corpus.problems if expected_message in p.message]
    assert messages, [str(p) for p in corpus.problems]
    assert messages[0].file == f"data/programmes/{GOOD}.yaml"
    assert abs(messages[0].line - line) <= 2, (messages[0].line, line)
    assert GOOD not in set(corpus.programmes.programme_id)
    assert len(corpus.programmes) == 6


def test_missing_required_field_names_the_field(data_copy):
    damage(data_copy, "  doc_number: null\n", "")
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    assert any("programme.doc_number: required field is missing" in p.message for p in corpus.problems)


def test_every_problem_is_listed_in_one_run(data_copy):
    damage(data_copy, "primary_theme: industry", "primary_theme: nope", count=-1)
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    assert sum("'nope' is not a theme id" in p.message for p in corpus.problems) > 1


def test_link_cycle_is_reported(data_copy):
    path = data_copy / "programmes" / "jn-ly-provincial.yaml"
    text = path.read_text(encoding="utf-8")
    # K01 → division task 01, which already implements K01: a cycle.
    head, tail = text.split("id: jn-ly-provincial/K01", 1)
    tail = tail.replace("parents: []", "parents: [{task: jn-ly-division/01, relation: implements}]", 1)
    text = head + "id: jn-ly-provincial/K01" + tail
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    assert any("links form a cycle" in p.message for p in corpus.problems), [str(p) for p in corpus.problems]


def test_unknown_parent_task_is_reported(data_copy):
    path = data_copy / "programmes" / "szq-fx.yaml"
    text = path.read_text(encoding="utf-8").replace("jn-ly-division/02", "jn-ly-division/99", 1)
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    assert any("parent task 'jn-ly-division/99' does not exist" in p.message for p in corpus.problems)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "file is empty"),
        ("programme: {id: x\n".encode(), "YAML syntax"),
        ("a: 中文".encode("gbk"), "not UTF-8"),
        (b"a: &x [1]\nb: *x\n", "aliases"),
        (b"a: !!python/object:os.system {}\n", "not allowed"),
        (b"- 1\n- 2\n", "top level must be a mapping"),
        (b"programme: {}\nprogramme: {}\n", "appears twice"),
    ],
)
def test_unreadable_file_keeps_the_rest(data_copy, content, expected):
    (data_copy / "programmes" / "broken.yaml").write_bytes(content)
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    assert any(p.file == "data/programmes/broken.yaml" and expected in p.message for p in corpus.problems), [
        str(p) for p in corpus.problems
    ]
    assert len(corpus.programmes) == 7


def test_validate_command_exit_codes(data_copy, capsys):
    assert main(["validate", str(data_copy)]) == 0
    assert capsys.readouterr().out.startswith("OK: 7 programmes valid")
    damage(data_copy, "primary_theme: industry", "primary_theme: nope")
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert f"data/programmes/{GOOD}.yaml:" in out and "'nope' is not a theme id" in out


def test_export_writes_valid_programmes_and_fails_on_problems(data_copy, tmp_path, capsys):
    damage(data_copy, "primary_theme: industry", "primary_theme: nope")
    out_dir = tmp_path / "out"
    assert main(["export", str(out_dir), "--data", str(data_copy)]) == 1
    programmes = (out_dir / "programmes.csv").read_text(encoding="utf-8-sig")
    assert "szq-fx" in programmes and GOOD not in programmes
    assert "'nope' is not a theme id" in capsys.readouterr().err
