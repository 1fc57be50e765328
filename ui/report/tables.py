"""Tables as a reader sees them: column names from the label catalogue, ids turned into names, gaps as a dash.

`display_table(frame, lang, names)` takes an analysis table (ids, column names as in the code) and
returns the same rows for the screen and the CSV/Excel downloads: every column header from the
catalogue (`col_<column>`), every id column (programme, theme, function, instrument, role, side,
relation, kind, level, status, task) mapped to its display name, and None/NaN shown as "—".

Columns that hold text in its original language keep it and say so in their header: Chinese
document text in the English interface is headed "… (Chinese)", English curator notes in the
Chinese interface "…（英文）". The browser label test relies on exactly these markers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import pandas as pd

from analytics.citation import iso_day, task_citations
from analytics.scale import OTHERS, pool_columns
from ui.report.i18n import (code_name, function_names, group_names, instrument_names, instrument_type_names, place_names,
                            programme_names, t, theme_names, unit_names)
from ui.report.safe import plain

DASH = "—"
ORIGINAL_MARKERS = {"zh": "（英文）", "en": " (Chinese)"}  # a header ending so holds text in the other language on purpose
ID_MARKERS = {"zh": "编号", "en": " id"}  # a header containing this holds ids on purpose (the data page documents them)


@dataclass(frozen=True)
class Names:
    """Every id → display-name lookup a table may need, in one language."""

    lang: str
    programme: dict[str, str]
    group: dict[str, str]
    theme: dict[str, str]
    function: dict[str, str]
    instrument: dict[str, str]
    instrument_type: dict[str, str]
    place: dict[str, str]

    @classmethod
    def of(cls, corpus, lang: str) -> "Names":
        return cls(
            lang=lang,
            programme=programme_names(corpus, lang),
            group=group_names(corpus, lang),
            theme=theme_names(corpus, lang),
            function=function_names(corpus, lang),
            instrument=instrument_names(corpus, lang),
            instrument_type=instrument_type_names(corpus, lang),
            place=place_names(corpus, lang),
        )

    def task(self, task_id: str) -> str:
        """A task as a reader names it: its programme's short name and its number in the id ("… · 01")."""
        programme, _, number = str(task_id).partition("/")
        return f"{self.programme.get(programme, programme)} · {number}" if number else str(task_id)

    def pair(self, pair: str, openings: dict[str, str] | None = None) -> str:
        """A task and the parent it is compared with ("child~parent", the breakdown's `pair`) as a reader names them,
        each followed by its opening words where `openings` (task_openings) has them."""
        return " ← ".join(" ".join(filter(None, (self.task(task), (openings or {}).get(task))))
                          for task in str(pair).split("~"))


OPENING_CHARS = 12  # a task named in a picker by its heading, or its text's opening characters, at most this many


def task_openings(tasks: pd.DataFrame, task_ids) -> dict[str, str]:
    """task id → its heading, or its text's opening words (cut with "…"), for a picker that names tasks by more than a
    number (a walk: the breakdown's 46 pairs read "市中区—费县实施方案 · 01 ← 济南—临沂实施方案（省） · K01" alone)."""
    rows = tasks[tasks.task_id.isin(set(task_ids))]

    def opening(heading, text: str) -> str:
        words = heading if isinstance(heading, str) and heading else text
        return plain(words if len(words) <= OPENING_CHARS else words[:OPENING_CHARS] + "…")
    return {task_id: opening(heading, text) for task_id, heading, text in zip(rows.task_id, rows.heading, rows.text)}


def pair_names(corpus, reuse: pd.DataFrame, lang: str) -> dict[str, str]:
    """The breakdown's pairs ("child~parent", one per row of `text_reuse`) as its picker names them (`Names.pair`, with
    the tasks' openings). Built once per view and shared: built on each run, it looked through every task of the corpus
    (2 ms of CPU a run at 100× for one plan's 46 pairs; 0.1 s for the 4,600 pairs of a hundred plans at once)."""
    names = Names.of(corpus, lang)
    openings = task_openings(corpus.tasks, [*reuse.task_id, *reuse.parent_task_id])
    return {pair: names.pair(pair, openings) for pair in (f"{c}~{p}" for c, p in zip(reuse.task_id, reuse.parent_task_id))}


def view_value_names(corpus, lang: str) -> dict[str, object]:
    """How each view parameter's ids (ui/web/view.py) read in `lang`: a dict or a function per parameter."""
    programmes, themes, tasks = programme_names(corpus, lang), theme_names(corpus, lang), Names.of(corpus, lang)
    functions, units = function_names(corpus, lang), unit_names(corpus)
    return {
        "prog": programmes, "p1": programmes, "p2": programmes, "cell_prog": programmes, "root": programmes,
        "theme": themes, "cell_theme": themes, "function": functions, "unit": units,
        "bar": lambda v: functions.get(v) or units.get(v, v),
        "instrument": instrument_type_names(corpus, lang),
        "scope": lambda v: t(f"scope_{v}", lang), "measure": lambda v: t(f"measure_{v}", lang),
        "by": lambda v: t(f"by_{v}", lang), "role": lambda v: t(f"role_{v}", lang),
        "level": lambda v: t(f"level_{v}", lang),
        "task": tasks.task, "pair": lambda v: tasks.pair(v, task_openings(corpus.tasks, str(v).split("~"))),  # as picked
    }


def view_value_name(names: dict[str, object], name: str, value) -> str:
    """One value of view parameter `name` as a reader names it, from `view_value_names` (the value itself when it has
    no name)."""
    named = names.get(name)
    return named(value) if callable(named) else named.get(value, value) if named else str(value)


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def _label(prefix: str, lang: str) -> Callable[[object], str]:
    return lambda value: code_name(prefix, value, lang)


def _joined(lookup: Callable[[str], str], lang: str) -> Callable[[object], str]:
    separator = t("enum_sep", lang)
    return lambda values: separator.join(lookup(v) for v in values) if len(values) else DASH


def _numbers_only(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v).partition("/")[2] or str(v) for v in values)


def value_mappers(names: Names) -> dict[str, Callable[[object], object]]:
    """Column name → how one of its values is shown (ids to names, codes to labels)."""
    lang = names.lang
    every = t("all", lang)
    programme = lambda p: every if p == "all" else names.programme.get(p, p)  # noqa: E731
    function = lambda f: names.function.get(f, f)  # noqa: E731
    yes_no = lambda v: t("yes", lang) if bool(v) else t("no", lang)  # noqa: E731
    numbers = _joined(lambda n: n, lang)
    return {
        "programme_id": programme,
        "group_id": lambda g: every if g == "all" else names.group.get(g, g),
        "theme_id": lambda v: names.theme.get(v, v),
        "primary_theme": lambda v: names.theme.get(v, v),
        "function": function,
        "top_functions": _joined(function, lang),
        "instrument": lambda v: names.instrument.get(v, v),
        "instrument_type": lambda v: names.instrument_type.get(v, v),
        "place": lambda v: names.place.get(v, v),
        "helper": lambda v: names.place.get(v, v),
        "recipient": lambda v: names.place.get(v, v),
        "plans": _joined(programme, lang),
        "named_in": _joined(programme, lang),
        "role": _label("role", lang),
        "side": _label("side", lang),
        "relation": _label("relation", lang),
        "kind": _label("kind", lang),
        "level": _label("level", lang),
        "status": _label("status", lang),
        "confidence": _label("confidence", lang),
        "units_named": _label("units_named", lang),
        "cooperation_type": _label("cooperation_type", lang),
        "task_id": names.task,
        "parent_task_id": names.task,
        "key_task_id": names.task,
        "division_tasks": lambda v: numbers(_numbers_only(v)),
        "work_points": lambda v: numbers(_numbers_only(v)),
        "county_tasks": _joined(names.task, lang),
        "headline": yes_no,
        "reconstructed": yes_no,
        "required": yes_no,
        "uploaded": yes_no,
        "top_share": lambda v: round(float(v) * 100, 1),
        "share": lambda v: round(float(v) * 100, 1),
        "inherited_share": lambda v: round(float(v) * 100, 1),
    }


def column_label(column: str, names: Names) -> str:
    """A column's header: from the catalogue, or a programme's name where programmes are the columns."""
    if column in names.programme:
        return names.programme[column]
    return t(f"col_{column}", names.lang)


def display_table(frame: pd.DataFrame, names: Names) -> pd.DataFrame:
    """The table as shown and downloaded: display names for ids, catalogue headers, "—" for gaps."""
    mappers = value_mappers(names)
    columns = {}
    for column in frame.columns:
        values = frame[column]
        mapper = mappers.get(column)
        shown = values.map(lambda v, m=mapper: DASH if is_missing(v) else (m(v) if m else v)) if len(values) else values
        if values.isna().any() or mapper is not None:
            shown = shown.astype(object)
        columns[column_label(column, names)] = shown
    return pd.DataFrame(columns, index=frame.index).reset_index(drop=True)


def about_table(rows: Iterable[tuple[str, str]], lang: str) -> pd.DataFrame:
    """The Excel download's 'about' sheet: one row per item (what the table is, the filters applied, each source
    document, the data version, the date), headed from the catalogue in the reader's language."""
    return pd.DataFrame(list(rows), columns=[t("about_item", lang), t("about_value", lang)])


ROWS_LISTED = 1000  # rows a long table lists on a page (said above it); its CSV and Excel downloads hold every row
WIDE_MAX_COLUMNS = 20  # programme columns a wide table shows; the rest pooled in one (as charts pool rows)


def named_table(corpus, frame: pd.DataFrame, lang: str, make=None, columns: tuple[str, ...] | None = None, **kwargs):
    """`make(frame[columns], Names.of(corpus, lang), **kwargs)` (default `display_table`): an analysis
    table as a reader sees it. The web layer keeps its result per view (ui.web.data.shown_table)."""
    return (make or display_table)(frame if columns is None else frame[list(columns)], Names.of(corpus, lang), **kwargs)


def wide_table(frame: pd.DataFrame, names: Names, limit: int | None = WIDE_MAX_COLUMNS, fixed: tuple[str, ...] = ("function",),
               not_stated: object = None) -> tuple[pd.DataFrame, str | None]:
    """A table with one column per programme, as shown: (display table, caption or None).

    Beyond `limit` programme columns, the largest stay and the rest are summed into one last column
    "n others pooled" (analytics.scale.pool_columns), and the caption says so and that the download
    holds every programme; `limit=None` keeps every column (the download). Cells equal to `not_stated`
    read "not stated" in the reader's language.
    """
    lang, stated = names.lang, t("not_stated", names.lang)
    table, pooled = (frame, 0) if limit is None else pool_columns(frame, limit, fixed, not_stated=stated)
    if not_stated is not None:
        table = table.replace(not_stated, stated)
    if not pooled:
        return display_table(table, names), None
    names = replace(names, programme={**names.programme, OTHERS: t("others_pooled", lang, n=pooled)})
    return display_table(table, names), t("table_pooled_note", lang, shown=limit, n=pooled, total=limit + pooled)


def pairings_table(edges: pd.DataFrame, names: Names, limit: int | None = None) -> pd.DataFrame:
    """The pairings the network chart draws, one row each, as a reader names them: both sides, the kind of cooperation,
    the plans of it in this corpus and the chosen documents naming it ("—" for none). The chart names only cities (its
    districts and counties crowd around them); this list names every place (a walk: seven of the eleven pairings were
    dots without names). Its first `limit` rows, when given."""
    edges = edges if limit is None else edges.head(limit)
    return display_table(edges.rename(columns={"type": "cooperation_type", "programmes": "plans", "documents": "named_in"})[
        ["helper", "recipient", "cooperation_type", "plans", "named_in"]], names)


def programme_metadata(corpus, programme_id: str, names: Names) -> pd.DataFrame:
    """A programme's metadata as two columns (field, value), each value in the reader's language or marked as original."""
    row = corpus.programmes.set_index("programme_id").loc[programme_id]
    lang = names.lang
    places = lambda ids: t("enum_sep", lang).join(names.place.get(p, p) for p in ids)  # noqa: E731
    issued = iso_day(row.issued) if not is_missing(row.issued) else t("undated", lang)
    fields = [
        ("col_title", row.title), ("col_doc_number", row.doc_number), ("col_issuers", row.issuers),
        ("col_issued", issued), ("col_status", _label("status", lang)(row.status)),
        ("col_cooperation_type", _label("cooperation_type", lang)(row.cooperation_type)),
        ("col_level", t(f"level_{row.level}", lang)), ("col_helper", places(row.helper_ids)),
        ("col_recipient", places(row.recipient_ids)), ("col_period", row.period), ("col_tasks", row.tasks),
        ("col_key_tasks", row.key_tasks), ("col_safeguards", row.safeguards),
        ("col_units_named", t(f"units_named_{row.units_named}", lang)),
        ("col_date_note", row.date_note), ("col_curator_notes", row.curator_notes),
    ]
    return pd.DataFrame({
        t("col_field", lang): [t(key, lang) for key, _ in fields],
        t("col_value", lang): [DASH if is_missing(value) else str(value) for _, value in fields],
    })


def search_results(corpus, results: pd.DataFrame, lang: str, with_hits: bool, limit: int | None = None) -> pd.DataFrame:
    """The explorer's results as shown: one row per task found (the first `limit`, when given); with the words
    searched, first the number of hits (a column a reader can sort and an Excel file keeps)."""
    results = results if limit is None else results.head(limit)
    # with how to cite each task (a walk: a researcher opened every task's card for it; the tasks behind a number had it)
    shown = results[["task_id", "programme_id", "number", "heading", "text", "primary_theme", "instrument"]]
    table = display_table(shown.assign(citation=task_citations(corpus, shown.task_id).to_numpy()), Names.of(corpus, lang))
    if with_hits:
        table.insert(0, t("hit_column", lang), results.matches.to_numpy())
    return table


def reference_table(corpus, which: str, lang: str, limit: int | None = None) -> pd.DataFrame:
    """A reference table as the data page shows it: of the corpus itself ("codebook", "units", "provenance",
    "citations") or the extract format read from the schema ("schema"); its first `limit` rows, when given (only
    those are made: at 1000× the unit registry is 183,000 rows, and the page lists 1,000 of them; issue 15)."""
    source = _reference_source(corpus, which, lang)
    if limit is not None:
        source = source.head(limit)
    if which == "provenance":
        source = source.assign(issued=source.issued.map(iso_day), extracted=source.extracted.map(iso_day))
    return display_table(source, Names.of(corpus, lang))


def reference_rows(corpus, which: str) -> int:
    """How many rows reference_table(corpus, which, …) has, without making it."""
    return _schema_rows() if which == "schema" else len(_reference_source(corpus, which, "zh"))


@functools.lru_cache(maxsize=1)
def _schema_rows() -> int:
    """The extract format's rows: fixed by the code (reading the schema costs 14 ms, and the data page asks each run)."""
    return len(_reference_source(None, "schema", "zh"))


def _reference_source(corpus, which: str, lang: str) -> pd.DataFrame:
    """The rows and columns of a reference table, before display names and dates are put in."""
    if which == "schema":
        from analytics.outputs.schema_docs import field_table

        return field_table()
    if which == "codebook":
        definition = "definition_en" if lang == "en" else "definition"
        # its first column the id a task writes (a walk: "主题编号" listed 红色文化, the name, like every theme_id column)
        return corpus.themes[["theme_id", "zh", "en", "headline", "colour", definition, "examples"]].rename(
            columns={"theme_id": "theme_code"})
    if which == "units":
        return corpus.units.rename(columns={"note": "unit_note"})
    if which == "provenance":
        return corpus.programmes[["programme_id", "title", "doc_number", "issuers", "issued", "date_note", "status",
                                  "reconstructed", "source_file", "start_line", "end_line", "extracted", "curator_notes"]]
    if which == "citations":
        return corpus.citations
    raise ValueError(f"no reference table {which!r}")
