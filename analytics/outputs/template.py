"""A commented YAML template for researchers who upload their own extract, generated from the schema.

Every comment is the field's description in `analytics.corpus.schema` (plus its allowed values), so the schema
stays declared once. The example programme is made up on purpose and says so in its title: two example
cities in an example province, three tasks. The codebooks at the end (themes, instruments, functions,
places, pairings) are read from the registries, so they match what the validator accepts.

    from analytics.outputs.template import TEMPLATE_FILENAME, upload_template
    text = upload_template()          # str, UTF-8 YAML with comments
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from analytics import paths
from analytics.corpus.schema import ProgrammeFile, nested_model
from analytics.corpus import load_registries
from analytics.admission import MAX_SESSION_BYTES, MAX_SESSION_FILES
from analytics.corpus.yamlio import MAX_DEPTH, MAX_UPLOAD_BYTES, size_text

TEMPLATE_FILENAME = "programme-template.yaml"
EXAMPLE_ID = "example-upload"
WIDTH = 100

_EXAMPLE_NOTE = "示例 example: made up to show the format; not a real document, place or body."

# Only what differs from a field's default is written here; every other field is filled from the schema.
EXAMPLE: dict[str, Any] = {
    "programme": {
        "id": EXAMPLE_ID,
        "title": "示例甲市—示例乙市对口合作实施方案（示例，非真实文件）",
        "short_zh": "示例方案（上传模板）",
        "short_en": "Example plan (upload template)",
        "doc_number": None,
        "issuers": ["示例甲市人民政府办公室（示例）", "示例乙市人民政府办公室（示例）"],
        "issued": None,
        "date_note": "示例：模板没有印发日期；真实文件写 issued: YYYY-MM-DD。Example only: a real extract gives the date.",
        "status": "正式",
        "cooperation_type": "对口合作",
        "level": "city_city",
        "pairing": "example_a-example_b",
        "helper": ["example_a"],
        "recipient": ["example_b"],
        "period": "2026—2028",
        "target_years": [2028],
        "source": {"file": "example-source.txt", "start_line": 1, "end_line": 30},
        "citations": [
            {"doc_number": None, "title": "示例上级文件（示例）", "relation": "written_under"},
        ],
        "extracted": dt.date(2026, 1, 1),
        "curator_notes": _EXAMPLE_NOTE,
    },
    "sections": [
        {"number": "一", "title": "总体要求", "kind": "general"},
        {"number": "二", "title": "重点任务", "kind": "tasks",
         "subsections": [{"number": "（一）", "title": "产业合作"}, {"number": "（二）", "title": "文旅合作"}]},
        {"number": "三", "title": "保障措施", "kind": "safeguards"},
    ],
    "tasks": [
        {
            "id": f"{EXAMPLE_ID}/01", "kind": "task", "section": "二", "subsection": "（一）", "number": "1",
            "heading": "共建产业园区",
            "text": "（示例）两市共同规划建设一处合作产业园区，2027年底前完成园区规划。",
            "units_printed": "牵头单位：示例甲市发展改革委；参与单位：示例乙市发展改革委",
            "units": [
                {"printed": "示例甲市发展改革委", "role": "lead", "bodies": ["example_a.development_reform"]},
                {"printed": "示例乙市发展改革委", "role": "support", "bodies": ["example_b.development_reform"]},
            ],
            "primary_theme": "industry", "secondary_themes": ["mechanism"], "instrument": "environment/planning",
            "note": _EXAMPLE_NOTE, "confidence": "high",
        },
        {
            "id": f"{EXAMPLE_ID}/02", "section": "二", "subsection": "（二）", "number": "2",
            "text": "（示例）联合举办文化旅游推介活动，互相组织游客到对方城市旅游。",
            "units_printed": "责任单位：两市文化和旅游局",
            "units": [
                {"printed": "两市文化和旅游局", "role": "responsible",
                 "bodies": ["example_a.culture_tourism", "example_b.culture_tourism"]},
            ],
            "primary_theme": "tourism", "instrument": "demand/market_expansion", "confidence": "medium",
        },
        {
            "id": f"{EXAMPLE_ID}/S1", "kind": "safeguard", "section": "三", "number": "（一）",
            "heading": "加强组织领导",
            "text": "（示例）两市建立联席会议制度，每年召开一次会议，研究解决合作中的重大问题。",
            "primary_theme": "mechanism", "instrument": "environment/strategic_measure",
        },
    ],
    "additions": {
        "places": [
            {"id": "example_province", "zh": "示例省（示例）", "en": "Example Province (example)",
             "level": "province", "province": "example_province", "parent": None, "lat": 30.0, "lon": 112.0},
            {"id": "example_a", "zh": "示例甲市（示例）", "en": "Example City A (example)", "level": "city",
             "province": "example_province", "parent": "example_province", "lat": 30.5, "lon": 112.5},
            {"id": "example_b", "zh": "示例乙市（示例）", "en": "Example City B (example)", "level": "city",
             "province": "example_province", "parent": "example_province", "lat": 29.5, "lon": 111.5},
        ],
        "pairings": [
            {"id": "example_a-example_b", "helper": "example_a", "recipient": "example_b", "type": "对口合作",
             "named_in": [EXAMPLE_ID], "note": _EXAMPLE_NOTE},
        ],
        "units": [
            {"id": "example_a.development_reform", "name": "示例甲市发展和改革委员会（示例）",
             "function": "development_reform", "place": "example_a", "aliases": ["示例甲市发展改革委"]},
            {"id": "example_b.development_reform", "name": "示例乙市发展和改革委员会（示例）",
             "function": "development_reform", "place": "example_b", "aliases": ["示例乙市发展改革委"]},
            {"id": "example_a.culture_tourism", "name": "示例甲市文化和旅游局（示例）",
             "function": "culture_tourism", "place": "example_a"},
            {"id": "example_b.culture_tourism", "name": "示例乙市文化和旅游局（示例）",
             "function": "culture_tourism", "place": "example_b"},
        ],
    },
}

HEADER = f"""\
# 上传模板 · Template for uploading your own extract
#
# One programme (one policy document) per file, in the same schema as the curated extracts in data/.
# Replace the example below (示例, made up: not a real document, place or body) with your own.
# Rules the dashboard checks when you upload:
#   - UTF-8 text, at most {size_text(MAX_UPLOAD_BYTES)}; plain YAML only: no anchors/aliases (&a, *a), no tags
#     (!!python/...), nesting at most {MAX_DEPTH} levels;
#   - at most {MAX_SESSION_FILES} files and {size_text(MAX_SESSION_BYTES)} in all per browser session;
#   - every field below, with the types and values its comment states; unknown fields are errors;
#   - theme, instrument and function ids from the codebooks at the end of this file;
#   - places, pairings and bodies (units) either from data/registry/ (ids listed at the end) or
#     declared under `additions:` at the end of the programme, with ids that are not taken yet;
#   - programme and task ids not used by the corpus; task ids start with '<programme id>/'.
# Texts cannot be checked against the source document (uploads have no seed): copy them verbatim.
# The upload stays in your browser session: it is not saved to data/ and other users do not see it.
"""


# What an uploader needs to know beyond the curator's description of the field.
UPLOAD_NOTES = {
    ("ProgrammeMeta", "id"): "Upload: any id the corpus does not use; task ids start with it.",
    ("ProgrammeMeta", "pairing"): "Upload: a pairing id from the registry or from additions: pairings:.",
    ("ProgrammeMeta", "helper"): "Upload: place ids from the registry or from additions: places:.",
    ("ProgrammeMeta", "recipient"): "Upload: place ids from the registry or from additions: places:.",
    ("SourceRef", "file"): "Upload: the name of your own source file (not checked; uploads have no seed).",
    ("Task", "text"): "Upload: copy it verbatim from the document; it cannot be checked.",
    ("UnitClause", "bodies"): "Upload: unit ids from the registry or from additions: units:.",
}


def _literal_choices(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    for arg in typing.get_args(annotation):
        found = _literal_choices(arg)
        if found:
            return found
    return ()


def _mentions_type(annotation: Any, wanted: type) -> bool:
    return annotation is wanted or any(_mentions_type(arg, wanted) for arg in typing.get_args(annotation))


def _field_comment(model: type[BaseModel], name: str, indent: int) -> list[str]:
    info = model.model_fields[name]
    words = [info.description or ""]
    if (model.__name__, name) in UPLOAD_NOTES:
        words.append(UPLOAD_NOTES[model.__name__, name])
    choices = _literal_choices(info.annotation)
    if choices:
        words.append("One of: " + ", ".join(str(c) for c in choices) + ".")
    if _mentions_type(info.annotation, dt.date):
        words.append("Format YYYY-MM-DD.")
    words.append("Required." if info.is_required() else "Optional.")
    pad = " " * indent
    return textwrap.wrap(" ".join(words), WIDTH - indent - 2, initial_indent=f"{pad}# ", subsequent_indent=f"{pad}# ")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _value_of(model: type[BaseModel], name: str, data: dict[str, Any]) -> Any:
    if name in data:
        return data[name]
    info = model.model_fields[name]
    if info.default_factory is not None:
        return info.default_factory()
    return None if info.default is PydanticUndefined else info.default


def _mapping_lines(model: type[BaseModel], data: dict[str, Any], indent: int, comment: bool) -> list[str]:
    """`key: value` lines of one record at `indent`, each preceded by its description when `comment`."""
    pad = " " * indent
    lines: list[str] = []
    for name, info in model.model_fields.items():
        value = _value_of(model, name, data)
        record = nested_model(info.annotation)
        if comment:
            lines += _field_comment(model, name, indent)
        if record is not None and isinstance(value, dict):
            lines.append(f"{pad}{name}:")
            lines += _mapping_lines(record, value, indent + 2, comment)
        elif record is not None and isinstance(value, list) and value:
            lines.append(f"{pad}{name}:")
            for index, item in enumerate(value):
                lines += _item_lines(record, item, indent + 2, comment and index == 0)
        elif record is not None and isinstance(value, list):
            lines.append(f"{pad}{name}: []")
            if comment:
                lines += _skeleton(record, indent + 2)
        else:
            lines.append(f"{pad}{name}: {_scalar(value)}")
    return lines


def _item_lines(model: type[BaseModel], data: dict[str, Any], indent: int, comment: bool) -> list[str]:
    """One record as a list item: its first key line starts with '- '."""
    lines = _mapping_lines(model, data, indent + 2, comment)
    first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    for i in range(first):  # the first field's description stands level with the '- '
        lines[i] = lines[i][2:]
    lines[first] = " " * indent + "- " + lines[first][indent + 2 :]
    return lines


def _skeleton(model: type[BaseModel], indent: int) -> list[str]:
    """An empty list's item shape, commented out, so every field of the schema is shown."""
    pad = " " * indent
    lines = [f"{pad}# None in this example. To add some, replace [] with items like:"]
    for index, (name, info) in enumerate(model.model_fields.items()):
        bullet = "- " if index == 0 else "  "
        lines += textwrap.wrap(f"{bullet}{name}: …   # {info.description}", WIDTH - indent - 4,
                               initial_indent=f"{pad}#   ", subsequent_indent=f"{pad}#         ")
    return lines


def _codebook_lines(data_dir: Path) -> list[str]:
    registries, _ = load_registries(data_dir)
    if registries is None:
        return []
    lines = ["", "# " + "-" * (WIDTH - 2), "# Codebooks: the ids the validator accepts (from data/registry/).", "#"]

    def block(title: str, entries: list[str]) -> None:
        """Entries packed into lines, never split inside one, so each id can be searched for as written."""
        lines.append(f"# {title}:")
        line = ""
        for entry in entries:
            if line and len(line) + len(entry) + 2 > WIDTH - 4:
                lines.append(f"#   {line};")
                line = ""
            line = f"{line}; {entry}" if line else entry
        lines.append(f"#   {line}")

    block("primary_theme / secondary_themes", [f"{t.id} {t.zh}" for t in registries.themes])
    block("instrument", [f"{i.id}/{s.id} {s.zh}" for i in registries.instruments for s in i.subtypes])
    block("function (of a unit under additions)", [f"{f.id} {f.zh}" for f in registries.functions])
    block("places already in the registry", [f"{p.id} {p.zh}" for p in registries.places.places])
    block("pairings already in the registry",
          [f"{p.id} ({p.helper} → {p.recipient})" for p in registries.places.pairings])
    return lines


def upload_template(data_dir: Path = paths.DATA_DIR) -> str:
    """The commented template: header, the example programme with every field described, the codebooks."""
    body = _mapping_lines(ProgrammeFile, EXAMPLE, 0, comment=True)
    return HEADER + "\n" + "\n".join(body + _codebook_lines(Path(data_dir))) + "\n"
