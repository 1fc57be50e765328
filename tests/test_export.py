"""Table downloads (analytics/outputs/export.py): Excel with an about sheet, source documents, formula safety."""

import csv
import io
import shutil

import openpyxl
import pandas as pd
import pytest

from analytics import paths
from analytics.outputs.export import ABOUT_SHEET, sheet_name, source_documents, table_xlsx
from analytics.corpus.version import data_digest, data_version, with_uploads
from ui.report.tables import about_table


def read_xlsx(raw: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(raw))
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


@pytest.mark.parametrize("lang, headers, rows", [
    # the Chinese export was headed "item" / "value" in English (a reviewer's walk)
    ("zh", ("项目", "内容"), [("方案筛选", "市中区—高唐县产业帮扶方案"), ("数据版本", "d0000test")]),
    ("en", ("Item", "Value"), [("Programmes", "Shizhong–Gaotang industrial assistance plan"), ("Data version", "d0000test")]),
])
def test_xlsx_has_the_table_then_the_about_sheet_headed_in_the_readers_language(corpus, lang, headers, rows):
    table = corpus.tasks[corpus.tasks.programme_id == "szq-gt"][["task_id", "text"]]
    sheets = read_xlsx(table_xlsx(table, about_table(rows, lang), sheet="tasks"))
    assert list(sheets) == ["tasks", ABOUT_SHEET]
    assert sheets["tasks"][0] == ("task_id", "text") and len(sheets["tasks"]) == 1 + 18
    assert sheets["tasks"][1][0] == "szq-gt/01"
    assert sheets[ABOUT_SHEET] == [headers, *rows]


@pytest.mark.parametrize(
    "cell, written",
    [("=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"), ("+86 531", "+86 531"), ("-5", "-5"),
     ("两地商务局", "两地商务局"), (("a", "b"), "a b")],
)
def test_xlsx_never_turns_data_into_formulas(cell, written):
    """Both sheets: the value reads back as written (no apostrophe) and the cell is text, never a formula."""
    raw = table_xlsx(pd.DataFrame({"value": [cell]}), about_table([("title", cell if isinstance(cell, str) else written)], "en"))
    sheets = read_xlsx(raw)
    assert sheets["data"][1][0] == written
    assert sheets[ABOUT_SHEET][1][1] == written
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book["data"]["A2"].data_type == "s" and book[ABOUT_SHEET]["B2"].data_type == "s"


@pytest.mark.parametrize(
    "programme, title, doc_number, issued",
    [
        ("szq-fx", "济南市市中区—临沂市费县对口合作实施方案", "市中政办字〔2023〕13号", "2023-10-19"),
        ("szq-gt", "济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案", None, "2025-01-24"),
    ],
)
def test_source_documents(corpus, programme, title, doc_number, issued):
    row = source_documents(corpus, [programme]).iloc[0]
    assert (row.title, row.issued) == (title, issued)
    assert row.doc_number == doc_number if doc_number else pd.isna(row.doc_number)


def test_data_version_follows_the_bytes(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    before, digest = data_version(copy), data_digest(copy)
    assert before == data_version(paths.DATA_DIR) and before.startswith("d") and len(before) == 9
    assert len(digest) == 64 and before == "d" + digest[:8]  # the shown version is the digest's first 8 hex digits
    extract = copy / "programmes" / "szq-gt.yaml"
    extract.write_text(extract.read_text("utf-8") + "\n# a curator's comment\n", "utf-8")
    assert data_version(copy) != before and data_digest(copy) != digest
    assert with_uploads(before, {}) == before


@pytest.mark.parametrize("uploads", [{"mine.yaml": b"x"}, {"mine.yaml": b"y"}, {"other.yaml": b"x"}])
def test_uploads_mark_the_version_with_their_own_bytes(uploads):
    marked = with_uploads("d0000test", uploads)
    assert marked.startswith("d0000test+upload") and len(marked) == len("d0000test+upload") + 6
    others = [with_uploads("d0000test", u) for u in ({"mine.yaml": b"x"}, {"mine.yaml": b"y"}, {"other.yaml": b"x"})]
    assert others.count(marked) == 1  # name and bytes both count


@pytest.mark.parametrize("stem, sheet", [
    ("示例[方案]", "示例_方案_"),                      # an upload's short name: Excel refuses [ ] in a sheet's name
    ("a:b*c?d/e\\f", "a_b_c_d_e_f"),
    ("'quoted'", "quoted"),                              # nor a name starting or ending with an apostrophe
    ("x" * 40, "x" * 30 + "…"),                          # at most 31 characters, the cut said
    ("x" * 31, "x" * 31),                                # 31 whole
    # a walk: "The same function across progra"; cut where a word ends (the title has 35 characters)
    ("The same function across programmes", "The same function across…"),
    ("同一职能在各方案中的分布" * 3, ("同一职能在各方案中的分布" * 3)[:30] + "…"),  # no space to cut at: 30 and the ellipsis
    ("", "data"), ("About", "data"),                     # never empty, never the about sheet's name
    ("Tasks behind a bar", "Tasks behind a bar"),        # a title as the reader reads it, spaces kept
    ("部门\n工作量\x07 ", "部门 工作量"),                  # line breaks as a space, no control character
    ("·" * 29 + " tail", "·" * 29 + "…"),                # no space left before the ellipsis
    # an attack: Excel counts UTF-16 units, two an emoji beyond the basic plane: 20 emoji are 40, cut to 15 and "…"
    ("😀" * 20, "😀" * 15 + "…"),
    # a family (man ZWJ woman ZWJ girl: 8 units) cut after its woman: the joiner left at the cut goes
    ("👨\u200d👩\u200d👧" * 6, "👨\u200d👩\u200d👧" * 3 + "👨\u200d👩…"),
])
def test_the_tables_sheet_is_named_as_excel_allows(stem, sheet):
    book = openpyxl.load_workbook(io.BytesIO(table_xlsx(pd.DataFrame({"a": [1]}), pd.DataFrame({"k": ["v"]}), sheet=stem)))
    assert sheet_name(stem) == sheet and book.sheetnames == [sheet, ABOUT_SHEET]
    assert len(sheet.encode("utf-16-le")) // 2 <= 31  # Excel's limit, as Excel counts


def test_control_characters_excel_refuses_leave_the_cells_and_the_rest_stays():
    """A reader's search can hold a control character (the schema refuses them in the data): the workbook is still
    written, without them; tab, newline and carriage return stay."""
    table = pd.DataFrame({"text": ["a\x07b\ufffe", "\x1b[31mred\uffff", "tab\there\nline"]})
    about = pd.DataFrame({"filter": ["search"], "value": ["\x00q\x0c"]})
    book = openpyxl.load_workbook(io.BytesIO(table_xlsx(table, about)))
    assert [c.value for c in book["data"]["A"]] == ["text", "ab", "[31mred", "tab\there\nline"]
    assert [c.value for c in book[ABOUT_SHEET]["B"]] == ["value", "q"]


# A bidirectional override shows a cell other than it is: "报告\u202egpj.exe" reads "报告exe.jpg" in a spreadsheet (an
# attack on an upload's task text and 文号; the screen and the slides drop them). Both files drop every bidi control
# (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) and keep the rest; a formula it hid is then neutralised as any other.
@pytest.mark.parametrize("cell, kept", [
    ("报告\u202egpj.exe", "报告gpj.exe"),
    ("\u2067市中政办字〔2023〕13号\u2069\u200e", "市中政办字〔2023〕13号"),
    ("\u061c\u202a=HYPERLINK(\"http://x\")\u202c", "=HYPERLINK(\"http://x\")"),
])
def test_bidi_controls_leave_csv_and_excel_cells(cell, kept):
    from analytics.outputs.export import table_csv

    table = pd.DataFrame({"text": [cell]})
    book = openpyxl.load_workbook(io.BytesIO(table_xlsx(table, about_table([("title", cell)], "en"))))
    assert book["data"]["A2"].value == kept and book[ABOUT_SHEET]["B2"].value == kept
    assert book["data"]["A2"].data_type == "s"
    rows = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8-sig"), newline="")))
    assert rows[1] == ["'" + kept if kept.startswith("=") else kept]  # a formula is text to a spreadsheet: "'" before it


# A header is a cell of the file's first line, and some headers are data: an upload's short name heads a column of the
# departments' table of one function across programmes (an attack: "=HYPERLINK(…)（上传）" came out as a live formula's
# start, and "\t=…" as a tab). Headers get the rule cells get; Excel's header cells are text already.
@pytest.mark.parametrize("header, written", [
    ("=HYPERLINK(\"http://evil.example\",\"x\")（上传）", "'=HYPERLINK(\"http://evil.example\",\"x\")（上传）"),
    ("\t=1+1", "'\t=1+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\u202e=cmd", "'=cmd"),
    ("市中区—费县实施方案", "市中区—费县实施方案"),
    ("-5", "-5"),  # a number, as cells keep them
])
def test_a_csv_header_that_looks_like_a_formula_is_text(header, written):
    from analytics.outputs.export import table_csv

    table = pd.DataFrame({"function": ["发展改革"], header: [3]})
    rows = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["function", written] and rows[1] == ["发展改革", "3"]
