"""Every kind of bad input, fed to the validator, the loader, the export command and the dashboard.

Each case writes one bad file into a temporary copy of data/ and states, worked out from the text it
writes, the file and line the problem must be reported at, what the message must say is wrong and
how it must say to fix it. All cases share one copy (every bad file is an extra file, so the seven
curated programmes must all survive), which keeps the export subprocess and the AppTest run to one
each; one more copy corrupts a curated file itself, leaving six. Uploads are checked through
`load_corpus(uploads=...)`, the API the dashboard's upload widget calls.

Messages for single programme-level mistakes (status, instrument, dates, …) are in test_validate.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import paths
from analytics.corpus import yamlio
from analytics.corpus import load_corpus
from analytics.outputs.template import TEMPLATE_FILENAME, upload_template
from analytics.corpus import MAX_PROBLEMS_PER_UPLOAD, build_corpus, check_data_dir
from analytics.corpus.tables import settled_with_uploads

CURATED = {"jn-ly-provincial", "jn-ly-division", "jn-ly-2023", "szq-fx", "szq-gt", "sc-yq", "sh-sm"}
GOOD = "szq-gt"  # the curated file the copy cases start from
PWNED = "pwned-by-yaml-tag"  # a file the !!python tag would create in the working directory if it ran


@dataclass(frozen=True)
class Case:
    file: str  # written under data/programmes/ (or data/registry/ for a registry case)
    line: int
    what: str  # says what is wrong
    fix: str  # says how to fix it


def line_of(text: str, needle: str) -> int:
    assert needle in text, f"test setup: {needle!r} not found"
    return text[: text.index(needle)].count("\n") + 1


def good_text() -> str:
    return (paths.DATA_DIR / "programmes" / f"{GOOD}.yaml").read_text(encoding="utf-8")


def renamed_copy(new_id: str) -> str:
    """szq-gt.yaml under another programme id: a valid extra programme (same seed, own task ids and short names)."""
    text = good_text()
    assert f"  id: {GOOD}\n" in text
    return text.replace(f"  id: {GOOD}\n", f"  id: {new_id}\n", 1).replace(f"{GOOD}/", f"{new_id}/").replace(
        "  short_zh: 市中区—高唐县产业帮扶方案\n", f"  short_zh: 市中区—高唐县产业帮扶方案（{new_id}）\n", 1).replace(
        "  short_en: Shizhong–Gaotang industrial assistance plan\n", f"  short_en: Shizhong–Gaotang plan ({new_id})\n", 1)


def replace_nth(text: str, old: str, new: str, nth: int = 1) -> str:
    start = -1
    for _ in range(nth):
        start = text.index(old, start + 1)
    return text[:start] + new + text[start + len(old) :]


# ----------------------------------------------------------------------------------------------
# The cases: each returns (bytes to write, Case)
# ----------------------------------------------------------------------------------------------


def yaml_syntax():
    raw = "programme:\n  id: syntax\n title: broken indentation\n"
    return raw.encode(), Case("syntax.yaml", 3, "YAML syntax: did not find expected key", "line up this key")


def unquoted_colon():
    raw = "programme:\n  id: colon\n  title: 方案: 草案\n"
    return raw.encode(), Case("colon.yaml", 3, "mapping values are not allowed", "must be quoted")


def empty_file():
    return b"", Case("empty.yaml", 1, "file is empty", "write the extract")


def only_comments():
    return b"# to do\n# later\n", Case("comments.yaml", 1, "file holds only comments", "write the extract")


def not_utf8():
    raw = "programme:\n  id: gbk\n  title: 济南—临沂对口合作\n".encode("gbk")
    return raw, Case("gbk.yaml", 3, "file is not UTF-8 text", "save it as UTF-8")


def far_too_large():
    raw = b"# padding\n" * 500_000  # 5 MB
    return raw, Case("huge.yaml", 1, "file is 5 MB; the limit for a file in data/ is 2 MB", "split the document")


def alias_bomb():
    lines = ["programme:", '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"  {name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    raw = "\n".join(lines) + "\n"
    return raw.encode(), Case("bomb.yaml", 2, "anchors and aliases (&name / *name) are not allowed", "write the value out")


def python_tag():
    raw = f'programme:\n  id: evil\n  title: !!python/object/apply:os.system ["touch {PWNED}"]\n'
    return raw.encode(), Case("evil.yaml", 3, "tag !!python/object/apply:os.system is not allowed", "delete the tag")


def deep_nesting():
    raw = "programme:\n  id: deep\n  title: " + "[" * 10_000 + "\n"
    return raw.encode(), Case("deep.yaml", 3, "nesting deeper than 40 levels", "flatten the structure")


def top_level_list():
    return b"- programme\n- tasks\n", Case("list.yaml", 1, "top level must be a mapping", "start the file with 'programme:'")


def duplicate_key():
    raw = "programme: {}\nsections: []\nprogramme: {}\n"
    return raw.encode(), Case("twice.yaml", 3, "key 'programme' appears twice in one mapping (first on line 1)", "keep one")


def wrong_type():
    text = renamed_copy("szq-gt-wrong-type").replace("  reconstructed: false\n", "  reconstructed: maybe\n", 1)
    return text.encode(), Case(
        "szq-gt-wrong-type.yaml", line_of(text, "  reconstructed: maybe"),
        "programme.reconstructed: Input should be a valid boolean", "write true or false",
    )


def missing_field():
    text = renamed_copy("szq-gt-missing")
    short_en = text[text.index("  short_en:") :].split("\n", 1)[0] + "\n"
    text = text.replace(short_en, "", 1)
    # A missing key has no line of its own: the problem stands where its mapping (programme:) begins.
    return text.encode(), Case(
        "szq-gt-missing.yaml", line_of(text, "  id: szq-gt-missing\n"),
        "programme.short_en: required field is missing", "add it (Short English label",
    )


def unknown_theme():
    text = renamed_copy("szq-gt-theme").replace("primary_theme: industry", "primary_theme: industri", 1)
    return text.encode(), Case(
        "szq-gt-theme.yaml", line_of(text, "primary_theme: industri"), "'industri' is not a theme id", "use one of: "
    )


def unknown_unit():
    text = renamed_copy("szq-gt-unit").replace("shizhong.development_reform", "shizhong.dev_reform", 1)
    return text.encode(), Case(
        "szq-gt-unit.yaml", line_of(text, "shizhong.dev_reform"), "'shizhong.dev_reform' is not a unit id",
        "add it to data/registry/units.yaml",
    )


def unknown_place():
    text = renamed_copy("szq-gt-place").replace("helper: [shizhong]", "helper: [shizhongg]", 1)
    return text.encode(), Case(
        "szq-gt-place.yaml", line_of(text, "helper: [shizhongg]"), "'shizhongg' is not a place id",
        "add it to data/registry/places.yaml",
    )


def unknown_parent():
    text = replace_nth(renamed_copy("szq-gt-parent"), "    parents: []",
                       "    parents: [{task: jn-ly-division/99, relation: carries_down}]")
    return text.encode(), Case(
        "szq-gt-parent.yaml", line_of(text, "jn-ly-division/99"), "parent task 'jn-ly-division/99' does not exist",
        "check the id",
    )


def duplicate_task_id():
    text = renamed_copy("szq-gt-dup").replace("id: szq-gt-dup/02", "id: szq-gt-dup/01", 1)
    first = line_of(text, "id: szq-gt-dup/01")
    second = line_of(text[text.index("id: szq-gt-dup/01") + 1 :], "id: szq-gt-dup/01") + first - 1
    return text.encode(), Case(
        "szq-gt-dup.yaml", second, f"duplicate task id 'szq-gt-dup/01' (first on line {first})",
        "give each task its own id",
    )


def duplicate_programme_id():
    text = (paths.DATA_DIR / "programmes" / "szq-fx.yaml").read_text(encoding="utf-8")
    return text.encode(), Case(
        "copy-of-szq-fx.yaml", line_of(text, "  id: szq-fx\n"),
        "programme id 'szq-fx' is already used by data/programmes/szq-fx.yaml", "give one of them another id",
    )


def duplicate_short_name():
    text = good_text().replace(f"  id: {GOOD}\n", "  id: szq-gt2\n", 1).replace(f"{GOOD}/", "szq-gt2/")
    return text.encode(), Case(
        "szq-gt2.yaml", line_of(text, "  short_zh: "),
        "short name '市中区—高唐县产业帮扶方案' is already used by data/programmes/szq-gt.yaml: charts would draw the two "
        "programmes as one row", "give this one its own short_zh",
    )


def link_cycle():
    text = renamed_copy("szq-gt-cycle")
    text = replace_nth(text, "    parents: []", "    parents: [{task: szq-gt-cycle/02, relation: carries_down}]")
    text = replace_nth(text, "    parents: []", "    parents: [{task: szq-gt-cycle/01, relation: carries_down}]")
    # The search starts at task 01, so the link that closes the loop is task 02's.
    return text.encode(), Case(
        "szq-gt-cycle.yaml", line_of(text, "[{task: szq-gt-cycle/01"),
        "links form a cycle: szq-gt-cycle/01 → szq-gt-cycle/02 → szq-gt-cycle/01", "delete the link that points back",
    )


def text_not_in_seed():
    text = renamed_copy("szq-gt-seed").replace("围绕市中区", "围绕济南市", 1)
    # A folded block (text: >-) starts on its key's line, one above the changed words.
    return text.encode(), Case(
        "szq-gt-seed.yaml", line_of(text, "围绕济南市") - 1,
        "text of szq-gt-seed/01 is not found in seeds/szq-gt.txt (lines 14–40)", "copy it verbatim",
    )


def additions_in_curated_file():
    text = renamed_copy("szq-gt-additions") + "additions:\n  places: []\n"
    return text.encode(), Case(
        "szq-gt-additions.yaml", line_of(text, "additions:\n"), "additions: are only for uploaded extracts",
        "move these places and pairings into data/registry/places.yaml",
    )


def several_problems():
    text = renamed_copy("szq-gt-several")
    text = text.replace("primary_theme: industry", "primary_theme: nope", 1)
    text = text.replace("instrument: environment/planning", "instrument: environment/planing", 1)
    text = replace_nth(text, "shizhong.development_reform", "shizhong.nobody", 2)
    return text.encode(), Case(
        "szq-gt-several.yaml", line_of(text, "primary_theme: nope"), "'nope' is not a theme id", "use one of: "
    )


PROGRAMME_CASES = {
    case.__name__: case
    for case in (
        yaml_syntax, unquoted_colon, empty_file, only_comments, not_utf8, far_too_large, alias_bomb, python_tag,
        deep_nesting, top_level_list, duplicate_key, wrong_type, missing_field, unknown_theme, unknown_unit,
        unknown_place, unknown_parent, duplicate_task_id, duplicate_programme_id, duplicate_short_name, link_cycle, text_not_in_seed,
        additions_in_curated_file, several_problems,
    )
}
REGISTRY_LINE = "- {id: jinan.test_body, name: 测试机构, function: propaganda, place: nowhere}\n"


def expected(case_name: str) -> Case:
    """The case as it must be reported: with the file as the messages label it."""
    if case_name == "registry_unknown_place":
        units = (paths.DATA_DIR / "registry" / "units.yaml").read_text(encoding="utf-8")
        return Case("data/registry/units.yaml", units.count("\n") + 1,
                    "unit 'jinan.test_body': place 'nowhere' is not in places.yaml", "add the place there or fix the id")
    case = PROGRAMME_CASES[case_name]()[1]
    return Case(f"data/programmes/{case.file}", case.line, case.what, case.fix)


ALL_CASES = [*PROGRAMME_CASES, "registry_unknown_place"]


@pytest.fixture(scope="module")
def bad_data(tmp_path_factory) -> Path:
    """One copy of data/ holding every bad file at once, plus one bad body in the unit registry."""
    data = tmp_path_factory.mktemp("bad") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    for make in PROGRAMME_CASES.values():
        raw, case = make()
        (data / "programmes" / case.file).write_bytes(raw)
    with (data / "registry" / "units.yaml").open("a", encoding="utf-8") as units:
        units.write(REGISTRY_LINE)
    return data


@pytest.fixture(scope="module")
def checked(bad_data):
    return check_data_dir(bad_data, paths.SEEDS_DIR)


@pytest.fixture(scope="module")
def commands(bad_data, tmp_path_factory):
    """`python -m analytics export` and `validate` on the bad copy, run side by side."""
    out = tmp_path_factory.mktemp("export")
    argv = {"export": ["export", str(out), "--data", str(bad_data)], "validate": ["validate", str(bad_data)]}
    running = {
        name: subprocess.Popen([sys.executable, "-m", "analytics", *args], cwd=paths.ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name, args in argv.items()
    }
    results = {}
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = (process.returncode, stdout, stderr)
    return out, results


def run_dashboard(data_dir: Path) -> AppTest:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "DATA_DIR", data_dir)  # ui.web.data caches the corpus per data directory
        at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
        at.run()
    return at


@pytest.fixture(scope="module")
def dashboard(bad_data):
    return run_dashboard(bad_data)


def panel_text(at: AppTest) -> str:
    return "\n".join(block.value for block in at.code)


# ----------------------------------------------------------------------------------------------
# Each case, everywhere
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case_name", ALL_CASES)
def test_validator_names_file_line_what_and_fix(checked, case_name):
    case = expected(case_name)
    here = [p for p in checked.problems if p.file == case.file]
    assert here, f"no problem reported for {case.file}"
    matching = [p for p in here if case.what in p.message]
    assert matching, [str(p) for p in here]
    assert matching[0].line == case.line, str(matching[0])
    assert case.fix in matching[0].message, str(matching[0])
    assert matching[0].severity == "error"


@pytest.mark.parametrize("case_name", ALL_CASES)
def test_export_and_validate_commands_print_file_and_line(commands, case_name):
    case = expected(case_name)
    _, results = commands
    assert f"{case.file}:{case.line}: " in results["export"][2]
    assert f"{case.file}:{case.line}: " in results["validate"][1]


@pytest.mark.parametrize("case_name", ALL_CASES)
def test_dashboard_problem_panel_names_file_and_line(dashboard, case_name):
    case = expected(case_name)
    assert f"{case.file}:{case.line}: " in panel_text(dashboard)


def test_several_problems_in_one_file_are_all_listed(checked):
    text = several_problems()[0].decode()
    found = {(p.line, p.message.split(":")[0]) for p in checked.problems if p.file.endswith("szq-gt-several.yaml")}
    assert (line_of(text, "primary_theme: nope"), "'nope' is not a theme id; use one of") in found
    assert (line_of(text, "environment/planing"), "'environment/planing' is not an instrument; use one of") in found
    assert (line_of(text, "shizhong.nobody"), "'shizhong.nobody' is not a unit id") in found


def test_loader_keeps_every_valid_programme(bad_data):
    corpus = load_corpus(bad_data, paths.SEEDS_DIR)
    assert set(corpus.programmes.programme_id) == CURATED
    assert len(corpus.tasks) == len(load_corpus(paths.DATA_DIR, paths.SEEDS_DIR).tasks)
    assert not Path(paths.ROOT / PWNED).exists() and not Path(PWNED).exists()


def test_commands_fail_without_traceback_and_export_the_valid_programmes(commands):
    out, results = commands
    for name, (returncode, stdout, stderr) in results.items():
        assert returncode == 1, (name, stderr[-2000:])
        assert "Traceback" not in stdout + stderr, name
    assert "only the valid programmes were exported" in results["export"][2]
    programmes = pd.read_csv(out / "programmes.csv", encoding="utf-8-sig")
    assert set(programmes.programme_id) == CURATED
    tasks = pd.read_csv(out / "tasks.csv", encoding="utf-8-sig")
    assert set(tasks.programme_id) == CURATED


def test_dashboard_keeps_serving_the_valid_programmes(dashboard):
    assert not dashboard.exception, [e.value for e in dashboard.exception]
    assert set(dashboard.multiselect(key="prog").value) == CURATED
    assert len(dashboard.multiselect(key="prog").options) == len(CURATED)
    assert dashboard.expander[0].proto.expanded  # errors open the panel


# ----------------------------------------------------------------------------------------------
# A curated file itself broken: the six others stay
# ----------------------------------------------------------------------------------------------


BROKEN = "jn-ly-division"  # the most linked-to programme: its children must survive it


@pytest.fixture(scope="module")
def corrupted_data(tmp_path_factory) -> tuple[Path, Case]:
    data = tmp_path_factory.mktemp("corrupted") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    path = data / "programmes" / f"{BROKEN}.yaml"
    text = path.read_text(encoding="utf-8").replace("  status: 正式\n", "  status: 正式: 草案\n", 1)
    path.write_text(text, encoding="utf-8")
    return data, Case(f"data/programmes/{BROKEN}.yaml", line_of(text, "  status: 正式: 草案"),
                      "mapping values are not allowed", "must be quoted")


def test_corrupted_curated_file_costs_only_itself(corrupted_data, tmp_path):
    data, case = corrupted_data
    problems = check_data_dir(data, paths.SEEDS_DIR).problems
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.file, p.line) for p in errors] == [(case.file, case.line)]
    assert case.what in errors[0].message and case.fix in errors[0].message
    # Links into the broken plan are left out with a warning; the plans that hold them still load.
    assert all("fix that programme first" in p.message for p in problems if p.severity == "warning")
    assert set(load_corpus(data, paths.SEEDS_DIR).programmes.programme_id) == CURATED - {BROKEN}

    run = subprocess.run([sys.executable, "-m", "analytics", "export", str(tmp_path), "--data", str(data)],
                         cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert f"{case.file}:{case.line}: " in run.stderr
    assert set(pd.read_csv(tmp_path / "programmes.csv", encoding="utf-8-sig").programme_id) == CURATED - {BROKEN}

    at = run_dashboard(data)
    assert not at.exception, [e.value for e in at.exception]
    assert f"{case.file}:{case.line}: " in panel_text(at)
    assert set(at.multiselect(key="prog").value) == CURATED - {BROKEN}


def test_export_writes_the_programmes_even_when_an_analysis_has_nothing_left(tmp_path, capsys):
    """Without the provincial outline there are no key tasks to break down: the tables still come out."""
    from analytics.__main__ import main

    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    (data / "programmes" / "jn-ly-provincial.yaml").write_bytes(b"")
    assert main(["export", str(tmp_path / "out"), "--data", str(data)]) == 1
    assert "data/programmes/jn-ly-provincial.yaml:1: file is empty" in capsys.readouterr().err
    programmes = pd.read_csv(tmp_path / "out" / "programmes.csv", encoding="utf-8-sig")
    assert set(programmes.programme_id) == CURATED - {"jn-ly-provincial"}


# ----------------------------------------------------------------------------------------------
# Uploads
# ----------------------------------------------------------------------------------------------

TEMPLATE = upload_template()


def edited_template(old: str, new: str) -> tuple[bytes, int]:
    text = TEMPLATE.replace(old, new, 1)
    assert text != TEMPLATE, f"test setup: {old!r} not in the template"
    return text.encode(), line_of(text, new)


def upload_cases():
    """name → (uploads, label, line, what, fix)."""
    bad_theme, bad_theme_line = edited_template('primary_theme: "industry"', 'primary_theme: "industri"')
    tag, tag_line = edited_template('title: "示例上级文件（示例）"', 'title: !!python/object/apply:os.system ["true"]')
    unknown_place, place_line = edited_template('helper: ["example_a"]', 'helper: ["nowhere"]')
    taken_place, taken_line = edited_template(
        "  places:\n", "  places:\n    - {id: jinan, zh: 济南市, en: Jinan, level: city, province: shandong, "
        "parent: shandong, lat: 36.65, lon: 117.12}\n")
    taken_line += 1  # the added item is on the line after 'places:'
    corpus_id = TEMPLATE.replace("example-upload", "szq-fx").encode()
    # issued after extracted (the template's extracted: 2026-01-01): an attack's 9999-12-31 was printed as the date
    future, future_line = edited_template("  issued: null\n", "  issued: 9999-12-31\n")
    return {
        "invalid": ({"mine.yaml": bad_theme}, "upload:mine.yaml", bad_theme_line, "'industri' is not a theme id",
                    "use one of: "),
        "oversized": ({"big.yaml": TEMPLATE.encode() + b"#" * 2 * yamlio.MAX_UPLOAD_BYTES}, "upload:big.yaml", 1,
                      "file is 2 MB; the upload limit is 1 MB", "upload one programme per file"),
        "too many values": ({"numbers.yaml": b"[" + b"1, " * 60_000 + b"1]"}, "upload:numbers.yaml", 1,
                            "file holds more than 50,000 values", "upload one programme per file"),
        "python tag": ({"tag.yaml": tag}, "upload:tag.yaml", tag_line, "tag !!python/object/apply:os.system",
                       "delete the tag"),
        "unknown place": ({"place.yaml": unknown_place}, "upload:place.yaml", place_line,
                          "'nowhere' is not a place id", "add it under additions: places: in this file"),
        "addition taken": ({"taken.yaml": taken_place}, "upload:taken.yaml", taken_line,
                           "'jinan' is already in data/registry/places.yaml", "delete it from additions"),
        "corpus id": ({"clash.yaml": corpus_id}, "upload:clash.yaml", line_of(TEMPLATE, 'id: "example-upload"'),
                      "programme id 'szq-fx' is already used by data/programmes/szq-fx.yaml",
                      "give this upload its own id"),
        "folder in name": ({"../../etc/x\n.yaml": b""}, "upload:x?.yaml", 1, "file is empty", "write the extract"),
        "issued after extracted": ({"future.yaml": future}, "upload:future.yaml", future_line,
                                   "issued 9999-12-31 is after extracted 2026-01-01", "correct either date"),
    }


UPLOAD_CASES = upload_cases()


@pytest.mark.parametrize("name", UPLOAD_CASES)
def test_bad_upload_is_reported_and_never_touches_the_corpus(corpus, name):
    uploads, label, line, what, fix = UPLOAD_CASES[name]
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads=uploads)
    mine = [p for p in loaded.problems if p.file == label and p.severity == "error"]
    assert any(p.line == line and what in p.message and fix in p.message for p in mine), [str(p) for p in mine]
    assert not any(p.file.startswith("data/") for p in loaded.problems)
    for table in ("programmes", "tasks", "task_units", "task_links", "places", "pairings", "units"):
        pd.testing.assert_frame_equal(getattr(loaded, table), getattr(corpus, table), obj=table)


def test_valid_upload_joins_the_corpus_marked_as_uploaded(corpus):
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={TEMPLATE_FILENAME: TEMPLATE.encode()})
    assert set(loaded.programmes.programme_id) == CURATED | {"example-upload"}
    assert loaded.programmes.set_index("programme_id").uploaded.to_dict() == {
        **{p: False for p in CURATED}, "example-upload": True}
    assert [p.severity for p in loaded.problems] == ["warning"]  # texts of an upload cannot be checked
    assert "uploads have no seed" in loaded.problems[0].message
    pd.testing.assert_frame_equal(loaded.tasks[~loaded.tasks.uploaded].reset_index(drop=True), corpus.tasks)


@pytest.mark.parametrize("issued, joins, said", [
    # before 1979 (no paired cooperation then): said, in both languages, and the upload still joins
    ("1900-01-01", True, ("印发日期 1900-01-01 早于 1979-01-01，早于任何对口合作：请核对日期",
                          "issued 1900-01-01 is before 1979-01-01, earlier than any paired cooperation: check the date")),
    ("1979-01-01", True, None),  # the first day allowed: nothing to say
    ("2026-01-01", True, None),  # the day it was extracted (the template's extracted: 2026-01-01)
    ("2026-01-02", False, ("印发日期 2026-01-02 晚于摘录日期 2026-01-01：文件应先印发后摘录，请改正其中一个日期",
                           "issued 2026-01-02 is after extracted 2026-01-01: a document is extracted after it is issued; "
                           "correct either date")),
])
def test_an_unlikely_issue_date_is_said_at_its_line(issued, joins, said):
    from ui.report.i18n import coded_text

    upload, line = edited_template("  issued: null\n", f"  issued: {issued}\n")
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"dated.yaml": upload})
    dated = [p for p in loaded.problems if p.code in ("issued_after_extracted", "issued_too_early")]
    assert ("example-upload" in set(loaded.programmes.programme_id)) is joins
    if said is None:
        assert dated == []
    else:
        [problem] = dated
        assert problem.line == line and problem.file == "upload:dated.yaml"
        assert problem.severity == ("warning" if joins else "error")
        assert tuple(coded_text("problem", problem.code, dict(problem.params), problem.message, lang) for lang in ("zh", "en")) == said


def test_two_uploads_with_one_id_keep_the_first():
    second = TEMPLATE.replace("Example plan", "Second plan").encode()
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"a.yaml": TEMPLATE.encode(), "b.yaml": second})
    errors = [p for p in loaded.problems if p.severity == "error"]
    assert [(p.file, p.line) for p in errors] == [("upload:b.yaml", line_of(TEMPLATE, 'id: "example-upload"'))]
    assert "already used by upload:a.yaml: give this upload its own id" in errors[0].message
    row = loaded.programmes.set_index("programme_id").loc["example-upload"]
    assert row.short_en.startswith("Example plan")


def test_upload_may_not_take_the_id_of_a_broken_curated_file(corrupted_data):
    data, _ = corrupted_data
    clash = TEMPLATE.replace("example-upload", BROKEN).encode()
    loaded = load_corpus(data, paths.SEEDS_DIR, uploads={"clash.yaml": clash})
    assert BROKEN not in set(loaded.programmes.programme_id)
    assert any(p.file == "upload:clash.yaml" and f"belongs to data/programmes/{BROKEN}.yaml" in p.message
               for p in loaded.problems)


def linked_template(programme_parents: str, task_parents: str, new_id: str = "example-upload") -> str:
    """The template with its programme's parents and its first task's parents replaced, under `new_id`."""
    text = TEMPLATE.replace("  parents: []\n", f"  parents: {programme_parents}\n", 1)
    text = text.replace("    parents: []\n", f"    parents: {task_parents}\n", 1)
    text = text.replace('id: "example-upload"', f'id: "{new_id}"').replace('"example-upload/', f'"{new_id}/')
    return text.replace("Example plan", f"Example plan {new_id}").replace(
        "示例方案（上传模板）", f"示例方案（{new_id}）")


def settled_cases():
    """name → uploads: each kind of cross-file check an upload meets against the curated programmes."""
    to_curated = linked_template("[{programme: jn-ly-2023, task: jn-ly-2023/39, relation: mandated_by}]",
                                 "[{task: jn-ly-provincial/K01, relation: carries_down}]")
    return {
        **{name: uploads for name, (uploads, *_rest) in UPLOAD_CASES.items()},
        "template": {TEMPLATE_FILENAME: TEMPLATE.encode()},
        "links into curated": {"a.yaml": to_curated.encode()},
        "task of another programme": {"a.yaml": linked_template(
            "[{programme: szq-fx, task: jn-ly-2023/39, relation: mandated_by}]", "[]").encode()},
        "curated task id": {"a.yaml": linked_template("[]", "[]").replace(
            'id: "example-upload/01"', 'id: "szq-fx/01"', 1).encode()},
        "missing curated task": {"a.yaml": linked_template(
            "[{programme: jn-ly-2023, task: jn-ly-2023/999, relation: mandated_by}]",
            "[{task: jn-ly-provincial/K99, relation: carries_down}]").encode()},
        "missing programme": {"a.yaml": linked_template("[{programme: jn-ly-2099, relation: mandated_by}]",
                                                        "[]").encode()},
        "upload under upload": {
            "a.yaml": to_curated.encode(),
            "b.yaml": linked_template("[{programme: example-upload, task: example-upload/01, relation: mandated_by}]",
                                      "[{task: example-upload/01, relation: carries_down}]", "second").encode()},
        "cycle between uploads": {
            "a.yaml": linked_template("[{programme: second, relation: mandated_by}]",
                                      "[{task: second/01, relation: carries_down}]").encode(),
            "b.yaml": linked_template("[{programme: example-upload, relation: mandated_by}]",
                                      "[{task: example-upload/01, relation: carries_down}]", "second").encode()},
        "same id twice": {"a.yaml": TEMPLATE.encode(), "b.yaml": TEMPLATE.encode()},
        "curated copy": {"copy.yaml": renamed_copy("szq-gt-copy").encode(), "again.yaml": good_text().encode()},
        "no uploads pass": {"a.yaml": b"", "b.yaml": b"programme: ["},
    }


SETTLED_CASES = settled_cases()


@pytest.fixture(scope="module")
def settled():
    """The curated corpus and its registries, as the snapshot holds them."""
    result = check_data_dir(paths.DATA_DIR, paths.SEEDS_DIR)
    return build_corpus(result), result.registries


@pytest.mark.parametrize("name", SETTLED_CASES)
def test_uploads_checked_against_the_settled_curated_corpus_give_the_whole_check(settled, name):
    """The worker checks uploads against the snapshot instead of validating every curated file again
    (tables.settled_with_uploads): the corpus and the problems must be those of checking everything together."""
    uploads = SETTLED_CASES[name]
    whole = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads=uploads)
    quick = settled_with_uploads(*settled, uploads, paths.DATA_DIR, paths.SEEDS_DIR)
    assert quick.problems == whole.problems
    tables = [f.name for f in fields(whole) if f.name not in ("problems", "snapshot_key")]
    assert len(tables) == 14
    for table in tables:
        pd.testing.assert_frame_equal(getattr(quick, table), getattr(whole, table), obj=table)


@pytest.mark.parametrize("name, uploaded, errors", [
    ("links into curated", {"example-upload"}, []),
    ("task of another programme", set(), ["parent task 'jn-ly-2023/39' is not a task of 'szq-fx'"]),
    ("missing curated task", set(), ["parent task 'jn-ly-2023/999' does not exist",
                                     "parent task 'jn-ly-provincial/K99' does not exist"]),
    ("missing programme", set(), ["parent programme 'jn-ly-2099' is not in the corpus"]),
    ("curated task id", set(), [  # the curated file is named: its label made only when a clash asks (links.Derived)
        "task id 'szq-fx/01' is already used in data/programmes/szq-fx.yaml",
        "task id 'szq-fx/01' must start with the programme id"]),
    ("upload under upload", {"example-upload", "second"}, []),
    ("cycle between uploads", {"example-upload"}, [  # each cycle once, on the file whose link closes it
        "links form a cycle: example-upload/01 → second/01 → example-upload/01",
        "programme links form a cycle: example-upload → second → example-upload"]),
    ("curated copy", {"szq-gt-copy"}, ["programme id 'szq-gt' is already used by data/programmes/szq-gt.yaml"]),
])
def test_what_the_settled_cases_check(name, uploaded, errors):
    """The cases above meet the checks they are named for (so the comparison is not of two empty results)."""
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads=SETTLED_CASES[name])
    assert set(loaded.programmes.programme_id) == CURATED | uploaded
    found = [p.message for p in loaded.problems if p.severity == "error"]
    assert len(found) == len(errors) and all(e in m for e, m in zip(sorted(errors), sorted(found))), found


def test_a_hopeless_upload_lists_a_bounded_number_of_problems():
    junk = "\n".join(f"field_{i}: {i}" for i in range(200)).encode()
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"junk.yaml": junk})
    mine = [p for p in loaded.problems if p.file == "upload:junk.yaml"]
    assert len(mine) == MAX_PROBLEMS_PER_UPLOAD + 1
    assert "more problem(s) in this file" in mine[-1].message
    assert set(loaded.programmes.programme_id) == CURATED


@pytest.mark.parametrize("page", ["overview", "themes", "departments", "breakdown", "explorer", "programme", "data", "pack"])
def test_a_broken_registry_stops_every_page_with_the_reason_not_a_traceback(tmp_path_factory, page):
    data = tmp_path_factory.mktemp(f"registry-{page}") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    (data / "registry" / "themes.yaml").write_text("themes: [\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "DATA_DIR", data)
        at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
        at.run()
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "data/registry/themes.yaml:" in panel_text(at)
    assert "没有可显示的有效方案" in at.error[0].value
