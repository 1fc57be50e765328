"""Project conventions that a reviewer would otherwise have to remember."""

import ast

import pytest
from pydantic import BaseModel

from analytics import paths
from analytics.corpus import schema

ANALYTICS_FILES = sorted((paths.ROOT / "analytics").glob("*.py"))


@pytest.mark.parametrize("path", ANALYTICS_FILES, ids=lambda p: p.name)
def test_analytics_never_imports_streamlit(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert "streamlit" not in imported


MODELS = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, BaseModel) and m is not schema.Record]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_schema_field_is_described(model):
    undocumented = [name for name, field in model.model_fields.items() if not field.description]
    assert undocumented == []


def test_every_page_file_is_routed_by_the_frame():
    """pages/ holds only page scripts, each listed in dashboard.py (no helper modules there)."""
    frame = (paths.ROOT / "dashboard.py").read_text(encoding="utf-8")
    for path in (paths.ROOT / "pages").glob("*.py"):
        assert f'"pages/{path.name}"' in frame, path.name


def test_requirements_are_pinned():
    lines = [l.strip() for l in (paths.ROOT / "requirements.txt").read_text().splitlines()]
    packages = [l for l in lines if l and not l.startswith("#")]
    assert packages and all("==" in l for l in packages)
