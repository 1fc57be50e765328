"""The uploaders' template: generated from the schema, complete, marked as an example, and valid as an upload."""

import re

import pytest
from pydantic import BaseModel

from analytics import paths
from analytics.corpus import load_corpus
from analytics.corpus.schema import ProgrammeFile, nested_model
from analytics.outputs.template import EXAMPLE_ID, TEMPLATE_FILENAME, upload_template
from analytics.corpus.yamlio import read_yaml_bytes


def records_under(model: type[BaseModel]) -> list[type[BaseModel]]:
    """ProgrammeFile and every record type reachable from its fields."""
    found, todo = [], [model]
    while todo:
        record = todo.pop()
        if record in found:
            continue
        found.append(record)
        todo += [m for f in record.model_fields.values() if (m := nested_model(f.annotation)) is not None]
    return found


RECORDS = records_under(ProgrammeFile)


@pytest.fixture(scope="module")
def template() -> str:
    return upload_template()


@pytest.fixture(scope="module")
def uploaded(template):
    return load_corpus(paths.DATA_DIR, paths.SEEDS_DIR, uploads={TEMPLATE_FILENAME: template.encode("utf-8")})


def comment_text(template: str) -> str:
    """All comments joined into one line, so a description wrapped over lines reads whole again."""
    comments = [line.strip()[1:].strip() for line in template.splitlines() if line.strip().startswith("#")]
    return " ".join(comments)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_template_mentions_and_describes_every_field(template, record):
    comments = re.sub(r"\s+", " ", comment_text(template))
    for name, field in record.model_fields.items():
        assert re.search(rf"(^|[\s\-#]){name}:", template, re.MULTILINE), f"{record.__name__}.{name} not shown"
        assert re.sub(r"\s+", " ", field.description) in comments, f"{record.__name__}.{name} not described"


def test_template_loads_as_an_upload_without_errors(uploaded):
    assert not [str(p) for p in uploaded.problems if p.severity == "error"]
    row = uploaded.programmes.set_index("programme_id").loc[EXAMPLE_ID]
    assert bool(row.uploaded) and row.tasks == 2 and row.safeguards == 1
    assert uploaded.tasks[uploaded.tasks.programme_id == EXAMPLE_ID].uploaded.all()


def test_template_additions_join_the_registry_tables_and_give_sides(uploaded):
    added = uploaded.places[uploaded.places.uploaded]
    assert set(added.place_id) == {"example_province", "example_a", "example_b"}
    assert set(uploaded.pairings[uploaded.pairings.uploaded].pairing_id) == {"example_a-example_b"}
    assert uploaded.units.uploaded.sum() == 4
    units = uploaded.task_units[uploaded.task_units.programme_id == EXAMPLE_ID]
    assert dict(zip(units.unit_id, units.side)) == {
        "example_a.development_reform": "helper", "example_b.development_reform": "recipient",
        "example_a.culture_tourism": "helper", "example_b.culture_tourism": "recipient",
    }
    assert uploaded.programmes.set_index("programme_id").loc[EXAMPLE_ID].units_named == "both"


def test_template_is_plainly_an_example(template):
    data = read_yaml_bytes(template.encode("utf-8"), uploaded=True).data
    assert "示例" in data["programme"]["title"] and "example" in data["programme"]["short_en"].lower()
    assert all("示例" in task["text"] for task in data["tasks"])
    assert all("示例" in place["zh"] for place in data["additions"]["places"])
    assert all("示例" in unit["name"] for unit in data["additions"]["units"])


def test_template_lists_the_codebooks(template, uploaded):
    for theme in uploaded.themes.theme_id:
        assert f"{theme} " in template
    for instrument in uploaded.instruments.instrument:
        assert f"{instrument} " in template


def test_template_in_a_curated_folder_is_refused_with_a_reason(tmp_path):
    """additions: are for uploads only; a curator is told where the records belong."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    (data / "programmes" / f"{EXAMPLE_ID}.yaml").write_text(upload_template(), encoding="utf-8")
    corpus = load_corpus(data, paths.SEEDS_DIR)
    mine = [p for p in corpus.problems if p.file == f"data/programmes/{EXAMPLE_ID}.yaml"]
    assert any("additions: are only for uploaded extracts" in p.message for p in mine)
    assert EXAMPLE_ID not in set(corpus.programmes.programme_id) and len(corpus.programmes) == 7
