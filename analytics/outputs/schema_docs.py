"""The programme-file schema as a table for uploaders, read from the models so it is declared once."""

from __future__ import annotations

import re

import pandas as pd
from pydantic import BaseModel

from analytics.corpus.schema import ProgrammeFile, nested_model


def field_table(model: type[BaseModel] = ProgrammeFile, prefix: str = "") -> pd.DataFrame:
    """path (e.g. tasks[].units[].role), type, required, description — depth first, in declared order."""
    rows = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        inner = nested_model(annotation)
        is_list = getattr(annotation, "__origin__", None) is list
        path = f"{prefix}{name}" + ("[]" if is_list else "")
        rows.append({"path": path, "type": _type_name(annotation), "required": info.is_required(),
                     "description": info.description or ""})
        if inner is not None:
            rows.extend(field_table(inner, path + ".").to_dict("records"))
    return pd.DataFrame(rows, columns=["path", "type", "required", "description"])


def _without_metadata(text: str) -> str:
    """`Annotated[str, <anything, brackets included>]` → `str`, wherever it stands in the type's text."""
    while (start := text.find("Annotated[")) != -1:
        inner = start + len("Annotated[")
        comma = text.index(",", inner)
        depth, end = 1, inner
        while depth:  # the bracket that closes Annotated[ (each step moves right, so this ends)
            end += 1
            depth += {"[": 1, "]": -1}.get(text[end], 0) if end < len(text) else -depth
        text = text[:start] + text[inner:comma] + text[end + 1:]
    return text


def _type_name(annotation) -> str:
    """As a reader writes it: `str | None`, `list[str]`, `date`; module prefixes and length caps left out."""
    text = str(annotation).replace("typing.", "").replace("analytics.corpus.schema.", "").replace("datetime.", "")
    text = _without_metadata(text)  # length caps and id patterns: list[str], not their metadata
    text = re.sub(r"^Optional\[(.+)\]$", r"\1 | None", text)
    return text.removeprefix("<class '").removesuffix("'>")
