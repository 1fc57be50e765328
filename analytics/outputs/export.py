"""Tables for researchers who work in Excel or R: CSV in UTF-8 with BOM so Excel reads the Chinese."""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from analytics.breakdown import breakdown_coverage, inheritance_by_task
from analytics.citation import iso_day
from analytics.commitments import commitments
from analytics.corpus import Corpus
from analytics.corpus.characters import BIDI, CONTROLS, SURROGATES, dropper
from analytics.reuse import near_duplicates
from analytics.themes import theme_shares
from analytics.workload import workload_by_side

CSV_ENCODING = "utf-8-sig"


def corpus_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The exported corpus tables, keyed by file stem, with the documented columns first."""
    programmes = corpus.programmes.assign(
        issued=corpus.programmes.issued.map(iso_day),
        helper_ids=corpus.programmes.helper_ids.map(" ".join),
        recipient_ids=corpus.programmes.recipient_ids.map(" ".join),
        target_years=corpus.programmes.target_years.map(lambda years: " ".join(map(str, years))),
        extracted=corpus.programmes.extracted.map(iso_day),
    )
    first = ["programme_id", "title", "doc_number", "issued", "status", "helper", "recipient", "level"]
    programmes = programmes[first + [c for c in programmes.columns if c not in first]]
    tasks = corpus.tasks[
        ["task_id", "programme_id", "kind", "section", "subsection", "number", "heading", "text", "primary_theme",
         "instrument", "section_title", "subsection_title", "units_printed", "note", "confidence"]
    ]
    return {
        "programmes": programmes,
        "tasks": tasks,
        "task_themes": corpus.task_themes,
        "task_units": corpus.task_units[
            ["task_id", "unit_text", "unit_id", "unit_name", "function", "place", "side", "role", "programme_id"]
        ],
        "task_links": corpus.task_links,
        "programme_links": corpus.programme_links,
        "units": corpus.units,
        "places": corpus.places,
        "pairings": corpus.pairings.assign(named_in=corpus.pairings.named_in.map(" ".join)),
        "themes": corpus.themes,
    }


def analysis_tables(corpus: Corpus, inheritance: pd.DataFrame | None = None,
                    found: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The analysis tables, with the documented columns first; `inheritance`: inheritance_by_task(corpus) when the
    caller has it already (the upload worker, from the curated corpus's rows it keeps); `found`: commitments(corpus),
    likewise (the upload worker, which has searched with it)."""
    themes = theme_shares(corpus).rename(columns={"group_id": "programme_id"})
    workload = workload_by_side(corpus)
    breakdown = breakdown_coverage(corpus)
    for column in ("division_tasks", "work_points", "county_tasks"):
        breakdown[column] = breakdown[column].map(" ".join)
    inherited = (inheritance_by_task(corpus) if inheritance is None else inheritance).assign(
        parents=lambda t: t.parents.map(" ".join),
        spans=lambda t: t.spans.map(lambda spans: " ".join(f"{a}-{b}" for a, b in spans)),
    )
    return {
        "theme_matrix": themes[["programme_id", "theme_id", "tasks", "share", "total"]],
        "workload": workload[["programme_id", "function", "side", "role", "tasks"]],
        "breakdown": breakdown[["key_task_id", "division_tasks", "work_points", "county_tasks", "heading", "status"]],
        "commitments": (commitments(corpus) if found is None else found)[["task_id", "kind", "phrase", "programme_id", "start"]],
        "reuse": near_duplicates(corpus)[["task_id", "other_task_id", "similarity", "programme_id", "other_programme_id"]],
        "inheritance": inherited,
    }


def write_tables(corpus: Corpus, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    tables = {**corpus_tables(corpus), **analysis_tables(corpus)}
    for stem, frame in tables.items():
        path = out_dir / f"{stem}.csv"
        path.write_bytes(table_csv(frame))
        written.append(path)
    return written


# A cell starting with one of these is read by Excel, LibreOffice and Google Sheets as a formula (or, for
# tab and carriage return, shifts into one); data text must never run there.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """A CSV cell that no spreadsheet runs: text starting like a formula gets a leading apostrophe, the mark
    spreadsheets use for "this is text". Numbers, including negative ones written as text, stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with every text cell, and every header, without what no cell holds (`_NOT_IN_CELLS`) and passed
    through formula_safe (numeric columns untouched). Headers too: a header is a cell of the file's first line, and some
    are data (an attack: an upload's short name "=HYPERLINK(…)" headed a column of the departments' table)."""
    texts = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]

    def cell(value):
        return formula_safe(_NOT_IN_CELLS.sub("", value) if isinstance(value, str) else value)

    cells = table.assign(**{str(c): table[c].map(cell) for c in texts}) if texts else table
    return cells.rename(columns=cell)


def table_csv(table: pd.DataFrame) -> bytes:
    """A table as CSV for Excel (UTF-8 with BOM), with no cell a spreadsheet would run as a formula."""
    # CRLF as RFC 4180 has it: a text holding a bare carriage return is then quoted, not split into two rows.
    return csv_safe(table).to_csv(index=False, lineterminator="\r\n").encode(CSV_ENCODING)


def source_documents(corpus: Corpus, programme_ids: Collection[str] | None = None) -> pd.DataFrame:
    """The documents behind a selection, for the source sheet of a table or the closing slide of a pack."""
    rows = corpus.programmes
    if programme_ids is not None:
        rows = rows[rows.programme_id.isin(list(programme_ids))]
    return pd.DataFrame({
        "programme_id": rows.programme_id,
        "title": rows.title,
        "doc_number": rows.doc_number,
        "issued": rows.issued.map(iso_day),
        "issuers": rows.issuers,
        "source_file": rows.source_file,
        "uploaded": rows.uploaded,
        "reconstructed": rows.reconstructed,
    }).reset_index(drop=True)


def table_xlsx(table: pd.DataFrame, about: pd.DataFrame, sheet: str = "data") -> bytes:
    """An Excel workbook: the table, then a second sheet saying what it is (filters, sources, data version).

    `about` comes with its headers, worded by the caller in the reader's language (ui.report.tables.about_table):
    this layer has no wording of its own."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _excel_safe(table).to_excel(writer, sheet_name=sheet_name(sheet), index=False)
        _excel_safe(about).to_excel(writer, sheet_name=ABOUT_SHEET, index=False)
        for worksheet in writer.sheets.values():
            _text_not_formula(worksheet)
            for column in worksheet.columns:
                width = max((len(str(cell.value or "")) for cell in column[:200]), default=8)
                worksheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width * 1.6))
    return buffer.getvalue()


ABOUT_SHEET = "about"
# What Excel refuses in a sheet's name (an attack: an upload's short name "示例[方案]" named the sheet, and the Excel
# buttons of its programme page delivered nothing), and in a cell: analytics.corpus.characters.CONTROLS and lone
# surrogates. The schema refuses the controls in every text; a cell can also hold what a reader typed (a search in
# the "about" sheet), so the sheet drops them too.
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
# What no file cell holds: what Excel refuses, and the bidirectional controls, which make a reader's spreadsheet show
# other than what the cell says (an attack: "…\u202egpj.exe" shown as "…exe.jpg"; the screen and the slides drop them)
_NOT_IN_CELLS = dropper(CONTROLS, SURROGATES, BIDI)


def sheet_name(text: str) -> str:
    """`text` as Excel takes a sheet's name: without []:*?/\\ or what a cell may not hold, its spaces and line breaks as
    one space, at most 31 characters, never empty or "about". The table's title as the reader reads it (a walk: sheets
    were named from the file's name, "Tasks_behind_a_bar")."""
    name = " ".join(_NOT_IN_CELLS.sub("", _NOT_IN_SHEET_NAMES.sub("_", text)).split()).strip("'")
    if _units(name) > SHEET_NAME_MAX:  # cut where a word ends, and said by an ellipsis (a walk: "The same function across progra")
        cut = _within(name, SHEET_NAME_MAX - 1)
        space = cut.rfind(" ")
        cut = cut[:space] if space >= len(cut) // 2 else cut
        name = cut.rstrip().rstrip(_JOINERS).rstrip() + "…"
    name = name.strip()
    return name if name and name.lower() != ABOUT_SHEET else "data"


SHEET_NAME_MAX = 31  # Excel's limit, in UTF-16 code units: an emoji beyond the basic plane is two (an attack: 24 emoji
# were 48 units, a workbook Excel repairs)
_JOINERS = "\u200d\ufe0e\ufe0f"  # what joins an emoji to the next or styles the one before: never left at the cut


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _within(text: str, units: int) -> str:
    """The longest start of `text` of at most `units` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return text[:index]
    return text


def _text_not_formula(worksheet) -> None:
    """Every cell openpyxl took for a formula (a text starting with '=') is stored as text instead, in every
    sheet, so Excel shows the characters and never runs them; the value reads back unchanged (no apostrophe).
    Texts starting with + - @ are already stored as text cells, which Excel does not evaluate."""
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _excel_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Tuples and lists become space-joined text, and texts lose what Excel refuses in a cell (`_NOT_IN_CELLS`);
    formulas are neutralised on the sheet (_text_not_formula)."""
    def cell(value):
        if isinstance(value, (list, tuple)):
            value = " ".join(map(str, value))
        return _NOT_IN_CELLS.sub("", value) if isinstance(value, str) else value

    return table.apply(lambda column: column.map(cell) if column.dtype == object or str(column.dtype) == "str" else column)


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
