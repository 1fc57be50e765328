"""The schema reference on the data page (analytics/outputs/schema_docs.py), against analytics/corpus/schema.py read by hand."""

import pytest

from analytics.corpus.schema import SourceRef
from analytics.outputs.schema_docs import field_table


@pytest.fixture(scope="module")
def table():
    return field_table().set_index("path")


def test_one_row_per_field_depth_first():
    # Fields declared in analytics/corpus/schema.py, counted by hand: ProgrammeFile 4, ProgrammeMeta 22, SourceRef 3,
    # ProgrammeParent 3, Citation 3, Section 4, Subsection 2, Task 15, UnitClause 3, TaskLink 2, Additions 3,
    # Place 8, Pairing 6, Unit 6.
    paths = list(field_table().path)
    assert len(paths) == 84 and len(set(paths)) == 84
    assert [p for p in paths if "." not in p] == ["programme", "sections[]", "tasks[]", "additions"]
    start = paths.index("programme.source")
    assert paths[start : start + 4] == ["programme.source", "programme.source.file", "programme.source.start_line",
                                        "programme.source.end_line"]
    assert paths[-6:] == ["additions.units[].id", "additions.units[].name", "additions.units[].function",
                          "additions.units[].place", "additions.units[].aliases[]", "additions.units[].note"]


@pytest.mark.parametrize(
    "path, type_name, required",
    [  # read off the model declarations: a field with no default is required, whatever its type
        ("programme", "ProgrammeMeta", True),
        ("programme.id", "str", True),
        ("programme.doc_number", "str | None", True),  # Name | None with no default: write null, do not omit
        ("programme.date_note", "str | None", False),
        ("programme.issued", "date | None", True),
        ("programme.issuers[]", "list[str]", True),
        ("programme.reconstructed", "bool", False),
        ("programme.target_years[]", "list[int]", False),
        ("programme.source.start_line", "int", True),
        ("programme.parents[].relation", "Literal['implements', 'mandated_by']", True),
        ("programme.extracted", "date", True),
        ("sections[].kind", "Literal['tasks', 'safeguards', 'general']", True),
        ("tasks[]", "list[Task]", True),
        ("tasks[].kind", "Literal['task', 'safeguard', 'key_task']", False),
        ("tasks[].units[].role", "Literal['lead', 'support', 'responsible']", True),
        ("tasks[].units[].bodies[]", "list[str]", True),
        ("tasks[].secondary_themes[]", "list[str]", False),
        ("tasks[].confidence", "Literal['high', 'medium', 'low']", False),
        ("additions", "Additions | None", False),
        ("additions.places[].lat", "float", True),
        ("additions.units[].aliases[]", "list[str]", False),
    ],
)
def test_type_and_required_as_declared(table, path, type_name, required):
    assert (table.type[path], bool(table.required[path])) == (type_name, required)


@pytest.mark.parametrize(
    "path, description",
    [
        ("tasks[].number", "Number exactly as printed, e.g. 3 or （三）."),
        ("programme.status", "正式 (in force) or 征求意见稿 (draft for comments)."),
        ("programme.source.file", "Seed file name under seeds/, e.g. szq-fx.txt."),
    ],
)
def test_descriptions_are_the_schema_s_own(table, path, description):
    assert table.description[path] == description


def test_no_type_name_leaks_python_internals(table):
    leaks = [t for t in table.type if any(s in t for s in ("typing.", "Optional[", "Annotated[", "<class", "StringConstraints"))]
    assert leaks == []


def test_a_nested_model_alone_with_a_prefix():
    assert list(field_table(SourceRef, "x.").path) == ["x.file", "x.start_line", "x.end_line"]
