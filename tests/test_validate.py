"""Each kind of curator mistake gets a message naming file, line and fix; good files still load.

Unreadable files, uploads, the export command and the dashboard: see test_bad_input.py.
"""


import pytest

from analytics import paths
from analytics.__main__ import main
from analytics.corpus import load_corpus

GOOD = "szq-gt"  # the file each test damages; every other programme must still load


def damage(data_dir, old, new, count=1):
    path = data_dir / "programmes" / f"{GOOD}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1  # line of the damage


@pytest.mark.parametrize(
    "old, new, expected_message, expected_fix",
    [
        ("primary_theme: industry", "primary_theme: industri", "'industri' is not a theme id", "use one of: "),
        ("id: szq-gt/02", "id: szq-gt/01", "duplicate task id 'szq-gt/01'", "give each task its own id"),
        ("instrument: supply/information", "instrument: supply/informaton", "is not an instrument", "use one of: "),
        ("shizhong.development_reform", "shizhong.dev_reform", "'shizhong.dev_reform' is not a unit id",
         "add it to data/registry/units.yaml"),
        ("status: 正式", "status: 正常", "Input should be '正式' or '征求意见稿'", "use one of these values"),
        ("pairing: shizhong-gaotang", "pairing: shizhong-feixian", "does not match helper/recipient",
         "choose the matching pairing"),
        ("recipient: [gaotang]", "recipient: [gaotang, gaotang]", "'gaotang' is listed twice under recipient",
         "list each place once"),  # an attack: it passed
        ("issued: 2025-01-24", "issued: 2025-13-24", "programme.issued", "write the date as YYYY-MM-DD"),
        ("    primary_theme:", "    primary_them:", "unknown field", "fix its spelling (fields here: id, kind,"),
        ("围绕市中区", "围绕济南市", "is not found in seeds/szq-gt.txt", "copy it verbatim"),
        ("  - id: szq-gt/01\n    kind: task", "  - id: szq-gt/01\n    kind: safeguard",
         "a safeguard cannot stand in a 'tasks' section", "write kind: task"),
        ("    section: 二\n", "    section: 九\n", "section '九' is not declared", "declare it there"),
        ("source: {file: szq-gt.txt", "source: {file: szq-gt.md", "seed file 'szq-gt.md' not found in seeds/",
         "fix source.file"),
        ("source: {file: szq-gt.txt", "source: {file: ../seeds/szq-gt.txt", "must be a file name in seeds/",
         "without folders"),
        ("  - id: szq-gt/01", "  - id: szq-fx/01", "task id 'szq-fx/01' must start with the programme id",
         "write 'szq-gt/<number>'"),
        ("  id: szq-gt\n", "  id: szq-gt-new\n", "must match the file name 'szq-gt.yaml'", "rename the file"),
        ("secondary_themes: []", "secondary_themes: [rural, talent, health, ecology]", "List should have at most 3",
         "list at most 3"),
        ("number: \"1\"", "number: 1", "tasks.0.number: Input should be a valid string", 'put numbers and dates in quotes'),
    ],
)
def test_mistake_is_reported_at_its_line_with_its_fix(data_copy, old, new, expected_message, expected_fix):
    line = damage(data_copy, old, new)
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    messages = [p for p in corpus.problems if expected_message in p.message]
    assert messages, [str(p) for p in corpus.problems]
    assert messages[0].file == f"data/programmes/{GOOD}.yaml"
    assert abs(messages[0].line - line) <= 2, (messages[0].line, line)
    assert expected_fix in messages[0].message, str(messages[0])
    assert GOOD not in set(corpus.programmes.programme_id)
    assert len(corpus.programmes) == 6


def test_every_problem_is_listed_in_one_run(data_copy):
    damage(data_copy, "primary_theme: industry", "primary_theme: nope", count=-1)
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    assert sum("'nope' is not a theme id" in p.message for p in corpus.problems) > 1


def test_unknown_parent_task_is_reported(data_copy):
    path = data_copy / "programmes" / "szq-fx.yaml"
    text = path.read_text(encoding="utf-8").replace("jn-ly-division/02", "jn-ly-division/99", 1)
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    assert any("parent task 'jn-ly-division/99' does not exist" in p.message for p in corpus.problems)


def test_links_to_a_broken_programme_are_warnings_not_errors(data_copy):
    """A broken parent programme costs itself: its children keep loading, their links are left out."""
    damage(data_copy, "status: 正式", "status: 正常")
    path = data_copy / "programmes" / "szq-fx.yaml"
    text = path.read_text(encoding="utf-8").replace("jn-ly-division/02", f"{GOOD}/02", 1)
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    left_out = [p for p in corpus.problems if p.file == "data/programmes/szq-fx.yaml"]
    assert [p.severity for p in left_out] == ["warning"] and "fix that programme first" in left_out[0].message
    assert "szq-fx" in set(corpus.programmes.programme_id)


def test_registry_mistakes_name_their_line(data_copy):
    path = data_copy / "registry" / "places.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("parent: linyi, lat: 35.27", "parent: linyii, lat: 35.27", 1)
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    problem = next(p for p in corpus.problems if "parent 'linyii' is not a place id" in p.message)
    assert (problem.file, problem.line) == ("data/registry/places.yaml", text[: text.index("linyii")].count("\n") + 1)
    assert "add that place or fix the id" in problem.message


@pytest.mark.parametrize("lang, said", [
    ("zh", "结对关系“shizhong-feixian”是 shizhong（帮扶方）与 feixian（受援方），但本方案列帮扶方 shizhong、受援方 gaotang"),
    ("en", "pairing 'shizhong-feixian' does not match helper/recipient: it pairs shizhong (helper) with feixian"),
])
def test_a_pairing_that_does_not_match_its_sides_is_worded_in_each_language(data_copy, lang, said):
    """It was the one programme check left in English on the Chinese page (an attack)."""
    from ui.report.i18n import problem_text

    damage(data_copy, "pairing: shizhong-gaotang", "pairing: shizhong-feixian")
    [problem] = [p for p in load_corpus(data_copy, paths.SEEDS_DIR).problems if p.code == "pairing_mismatch"]
    assert said in problem_text(problem, lang)


def test_a_pairing_of_a_place_with_itself_is_refused_at_its_line(data_copy):
    path = data_copy / "registry" / "places.yaml"
    text = path.read_text(encoding="utf-8").replace("helper: lixia, recipient: yishui", "helper: yishui, recipient: yishui", 1)
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(data_copy, paths.SEEDS_DIR)
    [problem] = [p for p in corpus.problems if p.code == "pairing_same_place"]
    assert (problem.file, problem.line) == ("data/registry/places.yaml", 37)  # the lixia-yishui line
    assert problem.message.startswith("pairing 'lixia-yishui' pairs 'yishui' with itself")


def test_validate_command_exit_codes(data_copy, capsys):
    assert main(["validate", str(data_copy)]) == 0
    assert capsys.readouterr().out.startswith("OK: 7 programmes valid")
    damage(data_copy, "primary_theme: industry", "primary_theme: nope")
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert f"data/programmes/{GOOD}.yaml:" in out and "'nope' is not a theme id" in out
