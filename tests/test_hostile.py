"""Hostile input (issue 12): every case answered within seconds, reported as file:line with a fix, inert.

Three kinds of checks, each a table:
- curated data/ copies holding one hostile file or edit per case, run through the validator and the
  `validate` and `export` commands (in subprocesses with a timeout, so a hang fails instead of stalling);
- uploads, through `load_corpus(uploads=...)` and the worker the dashboard calls;
- the escaping rule (ui/report/safe.py) and the spreadsheet rule (analytics/outputs/export.py), on the hostile extract
  of tests/hostile.py.
Expected lines are worked out from the text each case writes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import paths
from analytics.commitments import find_commitments
from analytics.corpus import load_corpus
from analytics.outputs.export import table_csv, table_xlsx
from analytics.isolated import analysis_name, check_uploads
from analytics.outputs.export import analysis_tables
from analytics.corpus.schema import MAX_TEXT_CHARS
from analytics.outputs.template import upload_template
from analytics.corpus import check_data_dir
from tests.hostile import EVIL_HOST, RLO, hostile_extract, starts_a_formula
from ui.report.safe import BIDI_CONTROLS, md, plain, plot_text
from ui.report.tables import about_table

GOOD = "szq-gt"


@dataclass(frozen=True)
class Case:
    file: str  # as problems label it
    line: int
    what: str
    fix: str


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    assert needle in text[start:], f"test setup: {needle!r} not found"
    return text[: text.index(needle, start)].count("\n") + 1


def renamed_copy(new_id: str) -> str:
    text = (paths.DATA_DIR / "programmes" / f"{GOOD}.yaml").read_text(encoding="utf-8")
    return text.replace(f"  id: {GOOD}\n", f"  id: {new_id}\n", 1).replace(f"{GOOD}/", f"{new_id}/").replace(
        "  short_zh: 市中区—高唐县产业帮扶方案\n", f"  short_zh: 市中区—高唐县产业帮扶方案（{new_id}）\n", 1).replace(
        "  short_en: Shizhong–Gaotang industrial assistance plan\n", f"  short_en: Shizhong–Gaotang plan ({new_id})\n", 1)


def edited(new_id: str, old: str, new: str) -> str:
    text = renamed_copy(new_id)
    assert old in text, f"test setup: {old!r} not in {GOOD}.yaml"
    return text.replace(old, new, 1)


# ----------------------------------------------------------------------------------------------
# Curated files: one extra file per case, all in one copy of data/
# ----------------------------------------------------------------------------------------------


def self_parent_programme():
    text = edited("self-parent", "  parents: []\n", "  parents:\n    - {programme: self-parent, relation: implements}\n")
    return text, Case("self-parent.yaml", line_of(text, "{programme: self-parent"),
                      "programme 'self-parent' lists itself as parent", "delete this parent")


def section_twice():
    text = edited("section-twice", "  - number: 三\n", "  - number: 二\n")
    return text, Case("section-twice.yaml", line_of(text, "number: 二", after="title: 因地制宜"),
                      f"section '二' is declared twice (first on line {line_of(text, 'number: 二')})",
                      "number each section as printed, once")


def body_twice():
    old = "bodies: [shizhong.development_reform, gaotang.development_reform]"
    text = edited("body-twice", old, "bodies: [shizhong.development_reform, shizhong.development_reform]")
    line = line_of(text, "bodies: [shizhong.development_reform, shizhong.development_reform]")
    return text, Case("body-twice.yaml", line, f"'shizhong.development_reform' is listed twice in one clause's bodies "
                      f"(first on line {line})", "list each body once")


def merge_key():
    text = edited("merge-key", "  status: 正式\n", "  <<: {status: 正式}\n")
    return text, Case("merge-key.yaml", line_of(text, "<<:"), "YAML merge keys ('<<:') are not allowed",
                      "write the keys out in this mapping")


def yaml11_boolean_key():
    text = renamed_copy("on-key") + "on: true\n"
    return text, Case("on-key.yaml", text.count("\n"), "key 'on' is read as the boolean true/false (YAML 1.1",
                      "quote it ('on':) or fix the field name")


def numeric_key():
    text = edited("number-key", "  status: 正式\n", "  status: 正式\n  2023: 年\n")
    return text, Case("number-key.yaml", line_of(text, "2023: 年"), "key '2023' is read as a number rather than text",
                      "quote it ('2023':)")


def text_too_long():
    long_text = "推进" * (MAX_TEXT_CHARS // 2 + 1)
    text = edited("too-long", "  - id: too-long/01\n", "  - id: too-long/01\n") + ""
    start = text.index("    text: ", text.index("  - id: too-long/01"))
    end = text.index("\n    units_printed", start)
    text = text[:start] + f"    text: {long_text}" + text[end:]
    return text, Case("too-long.yaml", line_of(text, f"text: {long_text[:10]}"),
                      f"String should have at most {MAX_TEXT_CHARS} characters (got {len(long_text):,} characters)",
                      f"shorten it to at most {MAX_TEXT_CHARS:,} characters")


def broken_yml():
    text = "programme:\n  id: yml\n title: broken\n"
    return text, Case("broken.yml", 3, "YAML syntax: did not find expected key", "line up this key")


FILE_CASES = {make.__name__: make for make in (self_parent_programme, section_twice, body_twice, merge_key,
                                                yaml11_boolean_key, numeric_key, text_too_long, broken_yml)}
# Entries that are not regular files inside data/: made by the fixture, name → (what, fix)
SPECIAL_CASES = {
    "zero.yaml": ("file is a link to /dev/zero, outside the data folder", "replace the link with a copy of the file"),
    "pipe.yaml": ("not a regular file (a folder, pipe or device)", "replace it with a plain text file"),
    "folder.yaml": ("not a regular file (a folder, pipe or device)", "replace it with a plain text file"),
}
VALID_YML = "szq-gt-yml"  # a valid extract saved as *.yml: read like *.yaml


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    programmes = data / "programmes"
    for make in FILE_CASES.values():
        text, case = make()
        (programmes / case.file).write_text(text, encoding="utf-8")
    (programmes / f"{VALID_YML}.yml").write_text(renamed_copy(VALID_YML), encoding="utf-8")
    (programmes / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(programmes / "pipe.yaml")
    (programmes / "folder.yaml").mkdir()
    return data


def all_cases() -> dict[str, Case]:
    cases = {name: make()[1] for name, make in FILE_CASES.items()}
    cases.update({name: Case(name, 1, what, fix) for name, (what, fix) in SPECIAL_CASES.items()})
    return {name: Case(f"data/programmes/{c.file}", c.line, c.what, c.fix) for name, c in cases.items()}


CASES = all_cases()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=paths.ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def hostile_checked(hostile_data):
    return check_data_dir(hostile_data, paths.SEEDS_DIR)


@pytest.fixture(scope="module")
def hostile_commands(hostile_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-export")
    return out, run_cli("validate", str(hostile_data)), run_cli("export", str(out), "--data", str(hostile_data))


@pytest.mark.parametrize("name", CASES)
def test_hostile_file_is_reported_with_line_and_fix(hostile_checked, hostile_commands, name):
    case = CASES[name]
    here = [p for p in hostile_checked.problems if p.file == case.file and case.what in p.message]
    assert here, [str(p) for p in hostile_checked.problems if p.file == case.file]
    assert (here[0].line, here[0].severity) == (case.line, "error"), str(here[0])
    assert case.fix in here[0].message, str(here[0])
    _, validate, export = hostile_commands
    assert f"{case.file}:{case.line}: " in validate.stdout
    assert f"{case.file}:{case.line}: " in export.stderr


def test_hostile_files_cost_only_themselves(hostile_data, hostile_commands):
    corpus = load_corpus(hostile_data, paths.SEEDS_DIR)
    curated = set(load_corpus(paths.DATA_DIR, paths.SEEDS_DIR).programmes.programme_id)
    assert set(corpus.programmes.programme_id) == curated | {VALID_YML}
    out, validate, export = hostile_commands
    for run in (validate, export):
        assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert set(pd.read_csv(out / "programmes.csv", encoding="utf-8-sig").programme_id) == curated | {VALID_YML}


# ----------------------------------------------------------------------------------------------
# Graph cycles in curated files: places (the registry) and programme links
# ----------------------------------------------------------------------------------------------


def places_with_cycles(places: str) -> tuple[str, list[Case]]:
    """shandong becomes its own parent; linyi's parent becomes feixian, whose parent is linyi."""
    shandong = "{id: shandong, zh: 山东省, en: Shandong, level: province, province: shandong, parent: null,"
    linyi = "{id: linyi, zh: 临沂市, en: Linyi, level: city, province: shandong, parent: shandong,"
    assert shandong in places and linyi in places, "test setup"
    places = places.replace(shandong, shandong.replace("parent: null", "parent: shandong"))
    places = places.replace(linyi, linyi.replace("parent: shandong", "parent: feixian"))
    label = "data/registry/places.yaml"
    fix = "a place's parent is the larger area it lies in"
    # The search visits places in file order: linyi (3rd) before feixian, so feixian's parent closes the loop.
    return places, [Case(label, line_of(places, "{id: shandong,"), "place parents form a cycle: shandong → shandong", fix),
                    Case(label, line_of(places, "{id: feixian,"), "place parents form a cycle: linyi → feixian → linyi",
                         "fix the parent of 'feixian'")]


def test_place_cycles_end_and_are_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    places_file = data / "registry" / "places.yaml"
    text, cases = places_with_cycles(places_file.read_text(encoding="utf-8"))
    places_file.write_text(text, encoding="utf-8")
    problems = check_data_dir(data, paths.SEEDS_DIR).problems
    for case in cases:
        assert any((p.file, p.line) == (case.file, case.line) and case.what in p.message and case.fix in p.message
                   for p in problems), (case, [str(p) for p in problems])
    for command in (("validate", str(data)), ("export", str(tmp_path / "out"), "--data", str(data))):
        run = run_cli(*command)
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert all(f"{c.file}:{c.line}: " in run.stdout + run.stderr for c in cases)


def test_programme_cycle_division_feixian_division(tmp_path):
    """jn-ly-division made a child of szq-fx, which is already a child of jn-ly-division."""
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    division = data / "programmes" / "jn-ly-division.yaml"
    old = "    - {programme: jn-ly-provincial, relation: implements}\n"
    text = division.read_text(encoding="utf-8")
    assert old in text
    division.write_text(text.replace(old, old + "    - {programme: szq-fx, relation: implements}\n", 1), "utf-8")
    fx = (data / "programmes" / "szq-fx.yaml").read_text(encoding="utf-8")
    # Programmes are searched in file order: jn-ly-2023 → provincial, then division → szq-fx → division.
    line = line_of(fx, "{programme: jn-ly-division")
    errors = [p for p in check_data_dir(data, paths.SEEDS_DIR).problems if p.severity == "error"]
    assert [(p.file, p.line) for p in errors] == [("data/programmes/szq-fx.yaml", line)]
    assert "programme links form a cycle: jn-ly-division → szq-fx → jn-ly-division" in errors[0].message
    assert "delete the parent that points back" in errors[0].message


# ----------------------------------------------------------------------------------------------
# Uploads
# ----------------------------------------------------------------------------------------------

TEMPLATE = upload_template()


def upload(old: str, new: str, after: str = "") -> tuple[bytes, int]:
    """The template with the first `old` after `after` replaced; the line where `new` ends up."""
    at = TEMPLATE.index(after) if after else 0
    assert old in TEMPLATE[at:], f"test setup: {old!r} not in the template"
    at = TEMPLATE.index(old, at)
    text = TEMPLATE[:at] + new + TEMPLATE[at + len(old):]
    return text.encode(), text[:at].count("\n") + 1


UPLOAD_CASES = {
    "place is its own parent": (
        *upload('parent: "example_province"', 'parent: "example_a"', after='id: "example_a"'),
        "place parents form a cycle: example_a → example_a", "fix the parent of 'example_a'"),
    # example_province (first in the file) → example_a, whose parent example_province closes the loop
    "places form a cycle": (
        *upload("parent: null", 'parent: "example_a"', after='id: "example_province"'),
        "place parents form a cycle: example_province → example_a → example_province",
        "fix the parent of 'example_a'"),
    "programme is its own parent": (
        *upload("parents: []", "parents: [{programme: example-upload, relation: implements}]"),
        "programme 'example-upload' lists itself as parent", "delete this parent"),
    "text of 40,000 digits": (
        *upload('text: "（示例）两市共同规划', 'text: "' + "1" * 40_000 + '（示例）两市共同规划'),
        f"String should have at most {MAX_TEXT_CHARS} characters", "shorten it"),
    # YAML's escapes write control characters the reader refuses raw; an upload's title holding one made every Excel
    # download of its session fail without a word (openpyxl refuses them)
    "title with control characters": (
        *upload('title: "示例甲市', 'title: "示例\\x07方案\\x0c标题'), "text holds an invisible control character",
        "delete it (written in the file as an escape such as \\x07"),
    "task text with an escape sequence": (
        *upload('text: "（示例）两市共同规划', 'text: "\\x1b[31m\\0（示例）两市共同规划'),
        "text holds an invisible control character", "spreadsheets refuse it"),
    # the noncharacters XML refuses: an SVG, a slide or a workbook holding one broke, and every image, deck and Excel
    # download of the session delivered nothing (an attack)
    "short name with a noncharacter": (
        *upload('short_zh: "示例方案', 'short_zh: "示例\\ufffe方案'), "text holds an invisible control character",
        "spreadsheets refuse it"),
    "merge key": (*upload('status: "正式"', '<<: {status: "正式"}'), "YAML merge keys", "write the keys out"),
    "YAML 1.1 boolean key": (*upload('status: "正式"', 'status: "正式"\n  off: 1'), "key 'off' is read as the boolean",
                             "quote it ('off':)"),
}


def _line_fix(case: str, raw: bytes, line: int) -> int:
    """The line a case is reported on where that is not the line of the change."""
    text = raw.decode()
    if case == "places form a cycle":  # reported at example_a's parent, which closes the loop
        return line_of(text, 'parent: "example_province"', after='id: "example_a"')
    if case == "YAML 1.1 boolean key":
        return line + 1
    return line


@pytest.mark.parametrize("case", UPLOAD_CASES)
def test_hostile_upload_is_refused_with_line_and_fix(case):
    raw, line, what, fix = UPLOAD_CASES[case]
    line = _line_fix(case, raw, line)
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"mine.yaml": raw})
    mine = [p for p in loaded.problems if p.file == "upload:mine.yaml" and p.severity == "error"]
    assert any(p.line == line and what in p.message and fix in p.message for p in mine), [str(p) for p in mine]
    assert "example-upload" not in set(loaded.programmes.programme_id)


@pytest.mark.parametrize("lang, shown", [
    ("zh", "tasks.0.text：文字过长（40,035 字，上限 2,000 字，以保证各项分析迅速完成）：请删减说明，或按原文将长文字拆为几项任务"),
    ("en", "tasks.0.text: text too long (40,035 characters, at most 2,000, which keeps every analysis quick): trim the "
           "note, or split a long text over several tasks as printed"),
])
def test_a_text_over_its_cap_is_worded_as_such_in_both_languages(lang, shown):
    """The case puts 40,000 digits before the template's first task text, （示例）两市共同规划建设一处合作产业园区，
    2027年底前完成园区规划。 (4 + 16 + 1 + 14 = 35 characters): 40,035 in all; the cap is MAX_TEXT_CHARS."""
    from ui.report.i18n import problem_text

    raw, line, _, _ = UPLOAD_CASES["text of 40,000 digits"]
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"mine.yaml": raw})
    texts = [problem_text(p, lang) for p in loaded.problems if p.file == "upload:mine.yaml" and p.code == "schema_too_long"]
    assert texts == [f"upload:mine.yaml:{line}: {shown}"]


def test_two_uploads_with_one_short_name_keep_the_first():
    """Charts name programmes by short name: a second upload reusing the first's would be drawn in its row. The
    template uploaded twice under two programme ids: the second is refused on its short_zh and short_en lines."""
    second = TEMPLATE.replace('id: "example-upload"', 'id: "example-two"').replace('"example-upload/', '"example-two/')
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"a.yaml": TEMPLATE.encode(), "b.yaml": second.encode()})
    errors = [(p.file, p.line, p.message.split(":")[0]) for p in loaded.problems if p.severity == "error"]
    assert errors == [("upload:b.yaml", line_of(second, "short_zh:"), "short name '示例方案（上传模板）' is already used by upload"),
                      ("upload:b.yaml", line_of(second, "short_en:"), "short name 'Example plan (upload template)' is already used by upload")]
    assert {"example-upload", "example-two"} & set(loaded.programmes.programme_id) == {"example-upload"}


@pytest.mark.parametrize("short_zh, short_en", [
    ("示例\u200b方案（上传模板）", "Example plan (upload template)\u200d"),  # zero-width space, zero-width joiner
    ("示例方案（上传模板）\u00ad", "EXAMPLE  plan (upload template)"),  # soft hyphen; case and two spaces
    ("示例方案(上传模板)", "Ｅｘａｍｐｌｅ plan (upload template)"),  # half-width brackets, full-width letters: NFKC-equal
])
def test_two_short_names_a_reader_cannot_tell_apart_are_one(short_zh, short_en):
    """An attack: "零宽方案" and "零宽\u200b方案" were both taken, and drawn as two identical rows; so were 示例方案A1 and
    示例方案Ａ１. Short names are compared as a reader tells them apart (analytics.corpus.characters.reading_key)."""
    second = (TEMPLATE.replace('id: "example-upload"', 'id: "example-two"').replace('"example-upload/', '"example-two/')
              .replace('short_zh: "示例方案（上传模板）"', f'short_zh: "{short_zh}"')
              .replace('short_en: "Example plan (upload template)"', f'short_en: "{short_en}"'))
    assert f'short_zh: "{short_zh}"' in second and f'short_en: "{short_en}"' in second
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"a.yaml": TEMPLATE.encode(), "b.yaml": second.encode()})
    taken = [(p.file, p.line) for p in loaded.problems if p.code == "short_name_taken"]
    assert taken == [("upload:b.yaml", line_of(second, "short_zh:")), ("upload:b.yaml", line_of(second, "short_en:"))]


def _named(template: str, pid: str) -> str:
    """The upload template as programme `pid` (its id, its tasks' ids, its short names)."""
    return (template.replace('id: "example-upload"', f'id: "{pid}"').replace('"example-upload/', f'"{pid}/')
            .replace('short_zh: "示例方案（上传模板）"', f'short_zh: "{pid}"')
            .replace('short_en: "Example plan (upload template)"', f'short_en: "{pid}"'))


@pytest.mark.parametrize("uploads, code, zh", [
    # an attack: two uploads naming each other as parent; the Chinese page printed the cycle in English
    ({"a.yaml": ("cya", "  parents: [{programme: cyb, relation: implements}]"),
      "b.yaml": ("cyb", "  parents: [{programme: cya, relation: implements}]")}, "programme_cycle",
     "方案之间的上下级关系构成循环：cya → cyb → cya。上级方案必须是更高一级的方案，请删除指回的那一项"),
    ({"a.yaml": ("own", "  parents: [{programme: own, relation: implements}]")}, "programme_own_parent",
     "方案“own”把自己列为上级方案：上级方案是更高一级的方案，请删除此项"),
    ({"a.yaml": ("lost", "  parents: [{programme: nowhere, relation: implements}]")}, "parent_programme_missing",
     "上级方案“nowhere”不在本库中：请改正编号或删除此项"),
    ({"a.yaml": ("odd", "  parents: [{programme: szq-fx, task: szq-gt/01, relation: mandated_by}]")},
     "parent_task_elsewhere", "上级任务“szq-gt/01”不属于方案“szq-fx”：请填写该方案的任务，或改正方案编号"),
])
def test_a_link_problem_is_worded_in_the_readers_language(uploads, code, zh):
    from ui.report.i18n import problem_text

    files = {name: _named(TEMPLATE, pid).replace("  parents: []", parents, 1).encode() for name, (pid, parents) in uploads.items()}
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads=files)
    [problem] = [p for p in loaded.problems if p.code == code]
    assert problem_text(problem, "zh").endswith(": " + zh)
    assert problem_text(problem, "en").endswith(": " + problem.message)  # the catalogue's English is the validator's


@pytest.mark.parametrize("old, new, code, zh", [
    # the template's safeguard made a task, in its safeguards section
    ('  - id: "example-upload/S1"\n    kind: "safeguard"', '  - id: "example-upload/S1"\n    kind: "task"', "kind_in_safeguards",
     "task不能放在保障措施部分：请写“kind: safeguard”"),
    ('    subsection: "（二）"', '    subsection: "（九）"', "subsection_undeclared",
     "小节“（九）”未在第“二”部分中声明：请补入该部分的“subsections”，或改正编号"),
    ('    - id: "example_b.culture_tourism"', '    - id: "example_a.culture_tourism"', "addition_twice",
     "“example_a.culture_tourism”新增了两次（首次在第 269 行）：保留一处"),
])
def test_an_upload_problem_is_worded_in_the_readers_language(old, new, code, zh):
    """Problems an upload meets, which the Chinese page printed in English, marked “（英文说明）”."""
    from ui.report.i18n import problem_text

    assert old in TEMPLATE
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"mine.yaml": TEMPLATE.replace(old, new, 1).encode()})
    [problem] = [p for p in loaded.problems if p.code == code]
    assert problem_text(problem, "zh").endswith(": " + zh)
    assert problem_text(problem, "en").endswith(": " + problem.message)


# A file that is not plain YAML data, refused before the schema reads it (an attack: each of these was printed in English
# on the Chinese page, marked “（英文说明）”). Each worded in the reader's language, at the line the reader fixes.
@pytest.mark.parametrize("raw, line, code, zh", [
    (b"a: &x 1\nb: *x\n", 1, "yaml_alias", "不允许使用 YAML 锚点和别名（&名称 / *名称）：请把取值直接写出"),
    (b"programme: 1\nsections: 2\nprogramme: 3\n", 3, "yaml_key_twice", "字段“programme”在同一映射中出现两次（首次在第 1 行）：请只保留一个"),
    (b"a: !!python/object:os.system 1\n", 1, "yaml_tag", "不允许使用标签 !!python/object:os.system：摘录只含文字、数字、列表和映射，请删除该标签"),
    (b"a: 1\n---\nb: 2\n", 2, "yaml_second_document", "此处开始第二个 YAML 文档（“---”）：每个文件只放一个方案，请删去其余部分"),
    ("title: 方案".encode("gbk"), 1, "yaml_not_utf8", "文件不是 UTF-8 文本：请用编辑器另存为 UTF-8（不要用 GBK/GB2312/GB18030）"),
    (b"", 1, "yaml_empty", "文件为空：请按模板填写摘录，或删除此文件"),
    (b"# only a comment\n", 1, "yaml_only_comments", "文件只有注释：请按模板填写摘录，或删除此文件"),
    (b"<<: {a: 1}\n", 1, "yaml_merge_key", "不允许使用 YAML 合并键（“<<:”）：请在此映射中把各字段写出"),
    (b"a: 1\nb: \x07\n", 2, "yaml_control", "文件含有控制字符 #x0007：请删除（多数编辑器中不可见）"),
    (b"[" * 41 + b"]" * 41, 1, "yaml_too_deep", "嵌套超过 40 层：请减少层级"),
    # the list is the first value, so line 50,000's item is the 50,001st
    (b"\n".join(b"- %d" % i for i in range(50_001)), 50_000, "yaml_too_many_values",
     "文件的取值（文字、数字、列表、映射）超过 50,000 个：每个文件只上传一个方案，常见摘录约 3,000 个"),
    (b"#" * 1_100_000, 1, "upload_too_big", "文件大小 1.1 MB，上传上限 1 MB：每个文件只上传一个方案，并删去冗长的说明（常见摘录不到 100 kB）"),
])
def test_a_file_that_is_not_plain_yaml_is_refused_in_the_readers_language(raw, line, code, zh):
    from ui.report.i18n import problem_text

    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"mine.yaml": raw})
    [problem] = [p for p in loaded.problems if p.file == "upload:mine.yaml"]
    assert (problem.code, problem.line) == (code, line)
    assert problem_text(problem, "zh") == f"upload:mine.yaml:{line}: {zh}"
    assert problem_text(problem, "en") == f"upload:mine.yaml:{line}: {problem.message}"  # the validator's English
    assert set(paths_programmes(loaded)) >= {"szq-fx", "sh-sm"}  # the good data stays served


def paths_programmes(loaded) -> list[str]:
    return list(loaded.programmes.programme_id)


@pytest.mark.parametrize("name, key", [
    ("零宽\u200b方案", "零宽方案"),
    ("示例方案Ａ１", "示例方案a1"),
    ("  Red\u2060  Culture ", "red culture"),  # a word joiner, spaces collapsed, case folded
    ("\ufeff\u202e方案", "方案"),  # the byte-order mark and a bidi override
])
def test_a_names_reading_key(name, key):
    from analytics.corpus.characters import reading_key

    assert reading_key(name) == key


def test_worker_returns_the_corpus_with_a_valid_upload_and_its_analysis_tables():
    """The session uses the worker's analysis tables instead of computing them again in the server (issue 15)."""
    checked = check_uploads({"mine.yaml": TEMPLATE.encode()}, paths.DATA_DIR, paths.SEEDS_DIR)
    assert "example-upload" in set(checked.corpus.programmes.programme_id)
    tables = checked.results[analysis_name(analysis_tables)]
    assert set(tables) == {"theme_matrix", "workload", "breakdown", "commitments", "reuse", "inheritance"}
    # the template's two tasks (primary themes industry and tourism; its safeguard is not a task) are in the matrix
    mine = tables["theme_matrix"][tables["theme_matrix"].programme_id == "example-upload"].set_index("theme_id")
    assert mine.tasks.to_dict() == {**dict.fromkeys(mine.index, 0), "industry": 1, "tourism": 1}


def test_worker_past_its_deadline_is_stopped_and_the_upload_refused():
    checked = check_uploads({"slow.yaml": TEMPLATE.encode()}, paths.DATA_DIR, paths.SEEDS_DIR, deadline=0.01)
    assert [(p.file, p.line, p.severity) for p in checked] == [("upload:slow.yaml", 1, "error")]
    assert "took longer than 0.01 s and was stopped" in checked[0].message


# ----------------------------------------------------------------------------------------------
# Bounded analyses: the patterns stay linear on long runs of any character (hypothesis deadline)
# ----------------------------------------------------------------------------------------------

RUN_CHARS = ["1", " ", "1.", "1 ", "每年", "每年1", "到 ", "2020", "5名", "至少 ", "%", "元", "1.1", "一"]


@settings(deadline=timedelta(seconds=2), max_examples=40)
@given(piece=st.sampled_from(RUN_CHARS), times=st.integers(1, 40_000), tail=st.sampled_from(["", "次", "元", "%", "年底前"]))
def test_commitments_are_found_in_linear_time_on_any_run(piece, times, tail):
    text = (piece * times)[:40_000] + tail
    found = find_commitments(text)
    assert all(text[start:].startswith(phrase) for _, phrase, start in found)


# ----------------------------------------------------------------------------------------------
# The one escaping rule (ui/report/safe.py)
# ----------------------------------------------------------------------------------------------

MARKDOWN_CASES = [
    f"![x](http://{EVIL_HOST}/x.png)",
    f"[click](http://{EVIL_HOST}/)",
    f"see http://{EVIL_HOST}/p and HTTPS://{EVIL_HOST} or www.{EVIL_HOST} or a@{EVIL_HOST}",
    f"<img src=http://{EVIL_HOST}/i.png><script>alert(1)</script>",
    ":red[colour] :material/warning: $x^2$ **bold** `code`",
    f"{RLO}reversed{chr(0x202c)} text",
    ":streamlit: 甲 -> 乙 <- 丙 -- 丁 <-> 戊",  # Streamlit's logo, arrows and a dash, drawn from the text itself
]


@pytest.mark.parametrize("text", MARKDOWN_CASES)
def test_markdown_shows_data_text_as_typed(text):
    """Every character Markdown could act on is escaped; no URL, www. or e-mail address can be linked."""
    out = md(text)
    unescaped = [ch for i, ch in enumerate(out) if ch in "[]()!<>`*_:$" and (i == 0 or out[i - 1] != "\\")]
    assert unescaped == [], out
    # what acts without markup, escaped or not: addresses (linked), Streamlit's icon codes and arrows (an attack: a house
    # drawn from ":material/home:" escaped as "\\:material/home\\:")
    for scheme in ("http://", "HTTPS://", "www.", f"@{EVIL_HOST}", ":material/", ":streamlit:", "->", "<-", "--"):
        assert scheme.lower() not in out.replace("\\", "").lower(), out
    assert not any(ch in BIDI_CONTROLS for ch in out)


@pytest.mark.parametrize("text, shown", [
    ('<a href="http://x">y</a>', '&lt;a href="http://x"&gt;y&lt;/a&gt;'),
    ('<span style="font-size:300px">巨</span>', '&lt;span style="font-size:300px"&gt;巨&lt;/span&gt;'),
    ("a &lt; b & c", "a &amp;lt; b &amp; c"),
    ("第一行<br>第二行", "第一行<br>第二行"),  # the one tag chart builders insert themselves
    (f"{RLO}abc", "abc"),
    ("甲%{meta.source}", "甲%\u2060{meta.source}"),  # no template plotly would fill in: an invisible word joiner
    ("（%{y}号", "（%\u2060{y}号"),  # "%{y}" vanished from a source line
    ("示例\ufffe标题\uffff", "示例标题"),  # noncharacters XML refuses: the image, the SVG and the deck failed
])
def test_plot_text_neutralises_plotly_markup(text, shown):
    assert plot_text(text) == shown


def test_plain_strips_every_bidi_control():
    assert plain("a" + BIDI_CONTROLS + "b\tc\nd\x00") == "ab\tc\nd"


# ----------------------------------------------------------------------------------------------
# Spreadsheets: CSV (screen and export command) and Excel (both sheets)
# ----------------------------------------------------------------------------------------------

FORMULA_CASES = [("=1+2", "'=1+2"), ("+cmd|calc", "'+cmd|calc"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
                 ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-5", "-5"), ("+86", "+86"), ("-1.5e3", "-1.5e3"),
                 ("两地", "两地")]


@pytest.mark.parametrize("cell, written", FORMULA_CASES)
def test_csv_cell_never_starts_a_formula(cell, written):
    rows = list(csv.reader(io.StringIO(table_csv(pd.DataFrame({"v": [cell], "n": [-3]})).decode("utf-8-sig"))))
    assert rows[1] == [written, "-3"]


def cells_starting_a_formula(rows) -> list[str]:
    return [c for row in rows for c in row if starts_a_formula(c)]



@pytest.fixture(scope="module")
def hostile_corpus():
    return load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"evil.yaml": hostile_extract().encode()})


def test_hostile_extract_is_accepted(hostile_corpus):
    assert "example-upload" in set(hostile_corpus.programmes.programme_id)
    assert [p.severity for p in hostile_corpus.problems] == ["warning"]


def test_export_command_writes_no_formula(tmp_path, hostile_corpus):
    from analytics.outputs.export import write_tables

    for path in write_tables(hostile_corpus, tmp_path):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert cells_starting_a_formula(rows) == [], path.name
    titles = pd.read_csv(tmp_path / "programmes.csv", encoding="utf-8-sig").title
    assert f"'=HYPERLINK(\"http://{EVIL_HOST}/\",\"点此\")" in set(titles)


def test_excel_keeps_formula_text_as_text_in_both_sheets(hostile_corpus):
    table = hostile_corpus.programmes[["programme_id", "title", "doc_number"]]
    title = hostile_corpus.programmes.set_index("programme_id").title["example-upload"]
    book = openpyxl.load_workbook(io.BytesIO(table_xlsx(table, about_table([("title", title), ("n", "-5")], "zh"))))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    values = [c.value for row in book["about"].iter_rows() for c in row]
    assert title in values and "-5" in values  # read back exactly, no apostrophe


# ----------------------------------------------------------------------------------------------
# Charts: no data text reaches a figure as markup
# ----------------------------------------------------------------------------------------------


def test_every_chart_of_the_hostile_corpus_is_inert(hostile_corpus):
    from ui.report import charts
    from analytics.network import document_timeline, pairing_network
    from analytics.themes import theme_shares

    ids = list(hostile_corpus.programmes.programme_id)
    source = charts.source_line(hostile_corpus, ids, "zh")
    nodes, edges = pairing_network(hostile_corpus)
    figures = [
        charts.network_chart(nodes, edges, "zh", source),
        charts.timeline_chart(document_timeline(hostile_corpus), "en", source),
        charts.theme_heatmap(hostile_corpus, theme_shares(hostile_corpus), "share", "zh", source, "subtitle"),
    ]
    for fig in figures:
        drawn = fig.to_plotly_json()
        drawn["layout"].pop("meta", None)  # the raw texts kept for exports to retitle; plotly draws none of it
        spec = json.dumps(drawn, ensure_ascii=False, default=str)
        for markup in ("<a ", "<span", "<img", "<script", "<b>"):
            assert markup not in spec, markup
        assert not any(ch in spec for ch in BIDI_CONTROLS)
        assert "%{meta" not in spec  # plotly would fill it in with the raw texts kept in meta, markup and all


# ----------------------------------------------------------------------------------------------
# Charts: every data label bounded in one place (ui.report.style.short_label, applied by frame)
# ----------------------------------------------------------------------------------------------

# Widths by ui.report.style.text_em: a CJK character 1 em, a Latin letter 0.58 em, the ellipsis counted 1 em.
LABEL_CASES = [
    # (label, max_lines, shown)
    ("甲" * 28, None, "甲" * 28),  # exactly the 28 em bound: unchanged
    ("甲" * 40, None, "甲" * 27 + "…"),  # 27 em + the ellipsis
    ("a" * 60, None, "a" * 46 + "…"),  # 34.8 em; 46 letters are 26.68 em, 47 would be 27.26 > 27
    ("甲<br>乙<br>丙", None, "甲<br>乙<br>丙"),  # three short lines: only the width counts
    ("甲<br>乙<br>丙", 2, "甲<br>乙…"),  # a row label: two lines, the second ends in … to say more followed
    ("甲" * 16 + "<br>" + "乙" * 16 + "<br>" + "丙" * 8, 2, "甲" * 16 + "<br>" + "乙" * 11 + "…"),  # 16 + 11 + 1 = 28
    # remarks in brackets at the end are kept after the … (a walk: an uploaded draft's row lost "(uploaded)", and read as
    # the curated plan beside it): 28 − 4 em of （上传） = 24 em, 23 characters and the ellipsis
    ("甲" * 30 + "（上传）", None, "甲" * 23 + "…（上传）"),
    ("甲" * 16 + "<br>" + "乙" * 16 + "（上传）", 2, "甲" * 16 + "<br>" + "乙" * 7 + "…（上传）"),  # 16 + 7 + 1 + 4 = 28
    ("甲<br>乙<br>丙<br>（省）", 2, "甲<br>乙…（省）"),  # the remark on a line of its own, beyond the two kept
    ("甲" * 10 + "<br>" + "（征求意见稿）", 1, "甲" * 10 + "（征求意见稿）"),  # the text fits once the remark joins its line
    # the remarks: 17 Latin characters × 0.58 + a space 0.3 = 10.16 em; 28 − 10.16 − 1 for … leaves 16.84 em, 29 letters
    ("a" * 40 + " (draft) (uploaded)", None, "a" * 29 + "… (draft) (uploaded)"),
    ("甲" * 30 + "（" + "乙" * 12 + "）", None, "甲" * 13 + "…（" + "乙" * 12 + "）"),  # 14 em: half the bound, kept
    ("甲" * 30 + "（" + "乙" * 13 + "）", None, "甲" * 27 + "…"),  # 15 em: over half, cut as any text
]


@pytest.mark.parametrize("label, max_lines, shown", LABEL_CASES)
def test_a_long_label_is_cut_with_an_ellipsis(label, max_lines, shown):
    from ui.report.style import short_label

    assert short_label(label, max_lines=max_lines) == shown


def test_frame_bounds_every_data_label_and_keeps_the_full_text_for_the_hover():
    import plotly.graph_objects as go

    from ui.report.style import frame

    long_a, long_b = "甲" * 40, "甲" * 40 + "乙"  # two names alike in their first 27 characters
    fig = go.Figure(go.Heatmap(z=[[1], [2]], x=["x"], y=[long_a, long_b], hovertemplate="%{y}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers+text", text=["丙" * 40], name="丁" * 40, hovertemplate="%{x}"))
    fig.add_trace(go.Bar(x=[1], y=["<b>" + "戊" * 40], name="<i>%{y}" + "己" * 40, hovertemplate="%{y}: %{x}"))
    fig = frame(fig, "title", "subtitle", "source")
    assert fig.data[0].y == (long_a, long_b)  # still two rows
    assert fig.layout.yaxis.tickvals == (long_a, long_b, "&lt;b&gt;" + "戊" * 40)  # escaped like the values
    assert fig.layout.yaxis.ticktext == ("甲" * 27 + "…",) * 2 + ("&lt;b&gt;" + "戊" * 25 + "…",)  # 3 × 0.58 + 25 + 1 = 27.74
    assert fig.data[2].y == ("&lt;b&gt;" + "戊" * 40,)
    # plotly's %{y} shows a category's tick text: the bar's hover names it in full through customdata
    assert fig.data[2].customdata == ("&lt;b&gt;" + "戊" * 40,)
    # the full legend name in the hover, as typed: escaped, and its %{…} no template field
    assert fig.data[2].hovertemplate == "%{customdata}: %{x}<extra>&lt;i&gt;%\u2060{y}" + "己" * 40 + "</extra>"
    assert fig.data[1].text == ("丙" * 27 + "…",) and fig.data[1].hovertext == ("丙" * 40,)
    assert fig.data[1].name == "丁" * 27 + "…" and fig.data[1].hovertemplate == "%{x}<extra>" + "丁" * 40 + "</extra>"


@pytest.mark.parametrize("curated_tasks, deadline", [
    (None, 30.0),  # no curated corpus given
    (206, 30.0206),  # today's corpus
    (20_600, 32.06),  # 100×
    (206_000, 50.6),  # 1000×: the worker's share of the corpus took 29 s there (bench/RESULTS.md, twentieth round)
])
def test_the_upload_deadline_grows_with_the_curated_corpus(corpus, curated_tasks, deadline):
    from analytics import isolated

    sized = None if curated_tasks is None else dataclasses.replace(
        corpus, tasks=pd.DataFrame({"task_id": [f"t{i}" for i in range(curated_tasks)]}))
    assert isolated.upload_deadline(sized) == pytest.approx(deadline)


def test_uploads_take_turns_for_the_workers_and_are_refused_when_no_turn_comes(monkeypatch):
    """At most isolated.MAX_WORKERS upload workers run at once. With one allowed and it busy, an upload waits its
    deadline and is refused, saying why; two uploads at once with one allowed are both checked, one after the other."""
    import threading

    from analytics import isolated

    monkeypatch.setattr(isolated, "_WORKERS", threading.BoundedSemaphore(1))
    isolated._WORKERS.acquire()  # another session's worker is running
    refused = check_uploads({"mine.yaml": TEMPLATE.encode()}, paths.DATA_DIR, paths.SEEDS_DIR, deadline=0.2)
    assert [(p.file, p.line, p.severity) for p in refused] == [("upload:mine.yaml", 1, "error")]
    assert "checking other uploads and had no room for this one within 0.2 s" in refused[0].message
    isolated._WORKERS.release()

    running, most, lock = [0], [0], threading.Lock()
    work = isolated._check_in_worker

    def counted(*args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return work(*args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(isolated, "_check_in_worker", counted)
    answers = [None, None]

    def upload(i):
        answers[i] = check_uploads({f"mine{i}.yaml": TEMPLATE.replace("example-upload", f"example-{i}").encode()},
                                   paths.DATA_DIR, paths.SEEDS_DIR)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert most[0] == 1
    assert [f"example-{i}" in set(answer.corpus.programmes.programme_id) for i, answer in enumerate(answers)] == [True, True]


def test_the_worker_reads_curated_files_under_the_servers_caps(monkeypatch):
    """The server's reading caps go to the worker: under a 1,000-byte cap the registries (units.yaml 25 kB,
    themes.yaml 13 kB, places.yaml 5 kB) are refused there too, as the server would refuse them."""
    from analytics.corpus import yamlio

    monkeypatch.setattr(yamlio, "MAX_BYTES", 1_000)
    checked = check_uploads({"mine.yaml": TEMPLATE.encode()}, paths.DATA_DIR, paths.SEEDS_DIR)
    too_large = {p.file for p in checked.corpus.problems if "the limit for a file in data/ is 1 kB" in p.message}
    assert {f"data/registry/{name}.yaml" for name in ("units", "themes", "places")} <= too_large


def _busy_and_overrun() -> list:
    """The two refusals the worker's turn and deadline give: no turn within 0.2 s (the one turn allowed is held), and a
    worker stopped after 0.01 s."""
    import threading

    from analytics import isolated

    saved = isolated._WORKERS
    isolated._WORKERS = threading.BoundedSemaphore(1)
    try:
        with isolated.worker_turn(1):
            busy = check_uploads({"a.yaml": TEMPLATE.encode()}, paths.DATA_DIR, paths.SEEDS_DIR, deadline=0.2)
    finally:
        isolated._WORKERS = saved
    overrun = check_uploads({"b.yaml": TEMPLATE.encode()}, paths.DATA_DIR, paths.SEEDS_DIR, deadline=0.01)
    return [*busy, *overrun]


def test_the_workers_refusals_are_worded_in_both_languages():
    """In English the catalogue says what the CLI says; in Chinese it is worded, not marked as English."""
    from ui.report.i18n import problem_text

    busy, overrun = _busy_and_overrun()
    assert (busy.code, overrun.code) == ("upload_busy", "upload_overrun")
    for problem in (busy, overrun):
        assert problem_text(problem, "en") == str(problem)
    assert problem_text(busy, "zh") == "upload:a.yaml:1: 服务器正在校验其他用户的上传，0.2 秒内未能轮到此文件：请一分钟后重新上传"
    assert problem_text(overrun, "zh") == ("upload:b.yaml:1: 校验此文件超过 0.01 秒，已停止：每个文件只放一个方案，任务文字照原文"
                                           "（一般摘录约 1 秒即可校验完）")


def test_a_taken_short_name_is_worded_in_both_languages():
    from ui.report.i18n import problem_text

    second = TEMPLATE.replace('id: "example-upload"', 'id: "example-two"').replace('"example-upload/', '"example-two/')
    loaded = load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={"a.yaml": TEMPLATE.encode(), "b.yaml": second.encode()})
    zh_name = next(p for p in loaded.problems if p.code == "short_name_taken" and "short_zh" in p.message)
    assert problem_text(zh_name, "en") == str(zh_name)
    assert problem_text(zh_name, "zh") == (f"upload:b.yaml:{zh_name.line}: 简称“示例方案（上传模板）”已被 upload:a.yaml 使用："
                                           "图表会把两个方案画成同一行，请为此方案另取 short_zh")
