"""Problems: what is wrong, in which file and on which line, and how to fix it.

`Problem` carries the file label (`data/programmes/x.yaml`, or `upload:x.yaml` for an upload), the line,
an English message for the command line, and a stable code with parameters that the dashboard words in
the reader's language (ui/report/i18n.py). Schema errors from pydantic are turned into messages in the
curator's terms here: where, what is wrong, what was found, how to fix it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from analytics.corpus.schema import NO_CONTROLS, ProgrammeFile, field_at, nested_model
from analytics.corpus.yamlio import Lines, line_at

MAX_PROBLEMS_PER_UPLOAD = 50  # beyond this an upload is not an extract of this schema; more lines would not help


UPLOAD_PREFIX = "upload:"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"  # "error" drops the file's programme; "warning" keeps it
    # A stable kind of problem and the values its wording needs: the dashboard words it in the reader's
    # language from ui/report/i18n.py (key problem_<code>); the message above stays the CLI's English.
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {prefix}{self.message}"


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any of these problems is an error (warnings keep a programme in the corpus)."""
    return any(p.severity == "error" for p in problems)


def coded(params: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """A problem's parameters as (name, text) pairs, so Problem stays frozen and hashable."""
    return tuple((name, str(value)) for name, value in params.items())


def file_label(path: Path, data_dir: Path) -> str:
    """data/<folder>/<file>; links are not followed, so a link is named where it stands."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(data_dir)).parent))
    except ValueError:
        return str(path)


def upload_name(name: str) -> str:
    """An uploaded file's name as everything that names it says it (its problems, the notices over them): its own name,
    without folders, each character that does not print as "?", at most 100 characters. An attack: a file named with a
    "/" and a right-to-left override was one name in its problems and another in the notice above them."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch if ch.isprintable() else "?" for ch in base)[:100]
    return base or "unnamed.yaml"


def upload_label(name: str) -> str:
    """How problems name an upload: 'upload:' and its `upload_name`."""
    return UPLOAD_PREFIX + upload_name(name)


_DATE_FIX = "write the date as YYYY-MM-DD, e.g. 2023-05-04"


_MAPPING_FIX = "write a mapping here: 'key: value' lines indented under it"


_FIX_BY_ERROR_TYPE = {
    "string_type": 'write it as text; put numbers and dates in quotes, e.g. number: "3"',
    "int_type": "write a whole number, e.g. 2023",
    "int_parsing": "write a whole number, e.g. 2023",
    "int_from_float": "write a whole number, e.g. 2023",
    "float_type": "write a number, e.g. 36.65",
    "float_parsing": "write a number, e.g. 36.65",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "date_type": _DATE_FIX,
    "date_parsing": _DATE_FIX,
    "date_from_datetime_parsing": _DATE_FIX,
    "date_from_datetime_inexact": _DATE_FIX,
    "list_type": "write a list: [a, b] on one line, or one '- item' per line",
    "model_type": _MAPPING_FIX,
    "model_attributes_type": _MAPPING_FIX,
    "dict_type": _MAPPING_FIX,
    "string_too_short": "write the text; it must not be empty",
    "string_pattern_mismatch": "write an id of lowercase letters and digits with single . _ or - between them, "
                               "e.g. jinan.culture_tourism",
    "literal_error": "use one of these values exactly",
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def describe_validation_error(err: Mapping[str, Any], model: Any = ProgrammeFile) -> str:
    """One pydantic error as 'where: what is wrong (got …): how to fix it'."""
    loc = tuple(err["loc"])
    where = ".".join(str(p) for p in loc) or "(top level)"
    kind = err["type"]
    located = field_at(model, loc)
    description = located[0].model_fields[located[1]].description if located else None
    if kind == "missing":
        meaning = f" ({description})" if description else ""
        return f"{where}: required field is missing: add it{meaning}"
    if kind == "extra_forbidden":
        parent = field_at(model, loc[:-1])
        owner = nested_model(parent[0].model_fields[parent[1]].annotation) if parent else nested_model(model)
        allowed = f" (fields here: {', '.join(owner.model_fields)})" if owner else ""
        return f"{where}: unknown field: remove it or fix its spelling{allowed}"
    what = str(err["msg"]).removeprefix("Value error, ")
    value = err.get("input")
    got = f" (got {_shown(value)})" if not isinstance(value, (dict, list)) else ""
    if kind == "value_error":  # our own validators already say how to fix it
        return f"{where}: {what}"
    fix = _FIX_BY_ERROR_TYPE.get(kind)
    if kind == "too_short":
        fix = f"list at least {err.get('ctx', {}).get('min_length', 1)}"
    elif kind == "too_long":
        fix = f"list at most {err.get('ctx', {}).get('max_length')}"
    elif _is_control(err):
        what, fix = "text holds an invisible control character", CONTROL_FIX
    elif kind == "string_too_long":  # the caps of analytics.corpus.schema (MAX_*_CHARS)
        got = f" (got {len(value):,} characters)" if isinstance(value, str) else ""
        fix = (f"shorten it to at most {err.get('ctx', {}).get('max_length'):,} characters (the limit keeps "
               "every analysis quick): trim the note, or split a long text over several tasks as printed")
    if description and (fix is None or kind in ("string_type", "literal_error")):
        fix = f"{fix}; this field is: {description}" if fix else f"this field is: {description}"
    return f"{where}: {what}{got}: {fix or 'see analytics/corpus/schema.py'}"


CONTROL_FIX = "delete it (written in the file as an escape such as \\x07 or \\a; no reader sees it, and spreadsheets refuse it)"


def _is_control(err: Mapping[str, Any]) -> bool:
    return err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == NO_CONTROLS


def _schema_code(err: Mapping[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The stable code of a schema error and its parameters (the field's path and, where short, the value)."""
    where = ".".join(str(p) for p in err["loc"]) or "(top level)"
    if _is_control(err):
        return "schema_control", coded({"where": where})
    if err["type"] == "string_too_long" and isinstance(err.get("input"), str):  # the caps of analytics.corpus.schema
        return "schema_too_long", coded({"where": where, "n": f"{len(err['input']):,}",
                                         "limit": f"{err.get('ctx', {}).get('max_length', 0):,}"})
    kind = {"missing": "schema_missing", "extra_forbidden": "schema_unknown_field"}.get(err["type"], "schema_invalid")
    return kind, coded({"where": where})


def schema_problems(label: str, root: Lines, exc: ValidationError, model: Any = ProgrammeFile) -> list[Problem]:
    return [
        Problem(label, line_at(root, tuple(e["loc"])), describe_validation_error(e, model), "error", *_schema_code(e))
        for e in exc.errors()
    ]


def capped(problems: list[Problem], label: str) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_UPLOAD problems for an upload, and a last line saying how many were left out."""
    if len(problems) <= MAX_PROBLEMS_PER_UPLOAD:
        return problems
    problems = sorted(problems, key=lambda p: p.line)
    kept = problems[:MAX_PROBLEMS_PER_UPLOAD]
    errors = sum(p.severity == "error" for p in problems)
    note = (
        f"… and {len(problems) - len(kept)} more problem(s) in this file ({errors} errors in all): fix the ones "
        "above and upload it again; compare the file with the template"
    )
    return [*kept, Problem(label, kept[-1].line, note, "error" if errors else "warning", "more_problems",
                           coded({"n": len(problems) - len(kept), "errors": errors}))]
