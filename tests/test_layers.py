"""Imports run one way through the layers, checked on the source of every module.

corpus ← analyses ← outputs ← report ← web ← pages, and the command line beside web: a module may import
its own layer and the layers it lists in ALLOWED, nothing else. Only the web layer, the pages and the
developer tools (bench/, scripts/) import streamlit; nothing under analytics/ imports ui except the
command-line entry point. When modules move, edit LAYER_OF only.
"""

from __future__ import annotations

import ast

import pytest

from analytics import paths

# Module prefix → layer. The longest prefix that matches a module (at a dot) wins, so a package
# line gives the layer of every module under it that is not listed itself.
LAYER_OF = {
    # Reading, schema, validation, registries, tidy tables, data version: one package.
    "analytics.corpus": "corpus",
    "analytics.paths": "corpus",  # where data, seeds and the cache live
    # One module per question: corpus + arguments → DataFrame. A new analytics module lands here.
    "analytics": "analyses",
    # Files: CSV/XLSX tables and the source list, the upload template, the schema reference; drafts.
    "analytics.outputs": "outputs",
    "analytics.draft": "outputs",
    # Runs validation and every analysis on uploads in a worker process, for the web layer.
    "analytics.isolated": "outputs",
    # The command line: may use the report layer to write a briefing pack; imported by nothing.
    "analytics.__main__": "cli",
    # Labels, wording, style, chart builders, images, the PPTX writer: no streamlit.
    "ui.report": "report",
    # View state, caching, sidebar, uploads, widgets: the only ui modules that may import streamlit.
    "ui.web": "web",
    # The router and the page scripts.
    "dashboard": "pages",
    "pages": "pages",
    # Developer tools: benchmarks (they run Streamlit apps) and scripts.
    "bench": "tools",
    "scripts": "tools",
    # Third-party packages that belong to one layer.
    "streamlit": "streamlit",
}

BELOW_WEB = {"corpus", "analyses", "outputs", "report"}
ALLOWED = {  # layer → the layers its modules may import
    "corpus": {"corpus"},
    "analyses": {"corpus", "analyses"},
    "outputs": {"corpus", "analyses", "outputs"},
    "report": BELOW_WEB,
    "cli": BELOW_WEB,
    "web": BELOW_WEB | {"web", "streamlit"},
    "pages": BELOW_WEB | {"web", "streamlit"},
    "tools": BELOW_WEB | {"cli", "web", "pages", "tools", "streamlit"},
}

SCANNED = ["analytics", "ui", "pages", "bench", "scripts", "dashboard.py"]


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        layer = LAYER_OF.get(".".join(parts[:end]))
        if layer:
            return layer
    return None  # outside the project and not a layered third-party package


def module_name(relative_path: str) -> str:
    parts = relative_path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(relative_path: str, source: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every import anywhere in the file, function bodies included.

    `from a.b import c` yields `a.b.c`, so that `from analytics import paths` is judged as analytics.paths.
    """
    package = module_name(relative_path).split(".")
    if not relative_path.endswith("__init__.py"):
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(source, filename=relative_path)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found += [(node.lineno, f"{module}.{alias.name}" if alias.name != "*" else module) for alias in node.names]
    return found


def violations(relative_path: str, source: str) -> list[str]:
    """Every import in this file that runs against the layers, as 'path:line: a (layer) imports b (layer)'."""
    importer = module_name(relative_path)
    own = layer_of(importer)
    if own is None:
        return [f"{relative_path}: no layer in LAYER_OF for {importer}"]
    problems = []
    for line, name in imported_modules(relative_path, source):
        target = layer_of(name)
        if target is not None and target != own and target not in ALLOWED[own]:
            problems.append(f"{relative_path}:{line}: {importer} ({own}) imports {name} ({target})")
    return problems


def project_files() -> list[str]:
    files = []
    for entry in SCANNED:
        path = paths.ROOT / entry
        found = [path] if path.is_file() else sorted(path.rglob("*.py")) if path.is_dir() else []
        files += [p.relative_to(paths.ROOT).as_posix() for p in found]
    return files


def test_the_project_has_files_in_every_layer():
    layers = {layer_of(module_name(f)) for f in project_files()}
    assert layers == {"corpus", "analyses", "outputs", "cli", "report", "web", "pages", "tools"}


@pytest.mark.parametrize("relative_path", project_files())
def test_imports_follow_the_layers(relative_path):
    source = (paths.ROOT / relative_path).read_text(encoding="utf-8")
    assert violations(relative_path, source) == []


@pytest.mark.parametrize(
    "relative_path, source, expected",
    [
        # Back-arrows: each must be reported.
        ("analytics/x.py", "from ui.report.charts import theme_bars\n", ["analytics/x.py:1: analytics.x (analyses) imports ui.report.charts.theme_bars (report)"]),
        ("analytics/x.py", "import streamlit as st\n", ["analytics/x.py:1: analytics.x (analyses) imports streamlit (streamlit)"]),
        ("analytics/outputs/export.py", "def f():\n    from ui.report import i18n\n", ["analytics/outputs/export.py:2: analytics.outputs.export (outputs) imports ui.report.i18n (report)"]),
        ("analytics/corpus/check.py", "from analytics.themes import theme_shares\n", ["analytics/corpus/check.py:1: analytics.corpus.check (corpus) imports analytics.themes.theme_shares (analyses)"]),
        ("analytics/corpus/__init__.py", "from analytics.outputs import export\n", ["analytics/corpus/__init__.py:1: analytics.corpus (corpus) imports analytics.outputs.export (outputs)"]),
        ("analytics/themes.py", "from analytics.outputs.export import write_tables\n", ["analytics/themes.py:1: analytics.themes (analyses) imports analytics.outputs.export.write_tables (outputs)"]),
        ("ui/report/charts.py", "import streamlit.components.v1\n", ["ui/report/charts.py:1: ui.report.charts (report) imports streamlit.components.v1 (streamlit)"]),
        ("ui/report/charts.py", "from ..web.state import pack\n", ["ui/report/charts.py:1: ui.report.charts (report) imports ui.web.state.pack (web)"]),
        ("ui/report/images.py", "from ui.web import widgets\n", ["ui/report/images.py:1: ui.report.images (report) imports ui.web.widgets (web)"]),
        ("ui/web/state.py", "from pages import themes\n", ["ui/web/state.py:1: ui.web.state (web) imports pages.themes (pages)"]),
        ("ui/report/briefing.py", "import analytics.__main__\n", ["ui/report/briefing.py:1: ui.report.briefing (report) imports analytics.__main__ (cli)"]),
        ("analytics/draft/read.py", "from ...ui.report.i18n import t\n", ["analytics/draft/read.py:1: analytics.draft.read (outputs) imports ui.report.i18n.t (report)"]),
        # Allowed directions: nothing to report.
        ("analytics/__main__.py", "from ui.report.briefing import build_pptx\n", []),
        ("analytics/themes.py", "from analytics import paths\nfrom . import corpus\nimport pandas\n", []),
        ("ui/report/charts.py", "from analytics.themes import theme_shares\nfrom ui.report.style import wrap\n", []),
        ("ui/web/widgets.py", "import streamlit as st\nfrom ui.web.state import pack\n", []),
        ("pages/themes.py", "import streamlit as st\nfrom ui.web.widgets import chart\n", []),
        ("bench/run.py", "import streamlit\nfrom ui.report import i18n\n", []),
    ],
)
def test_the_checker_reports_back_arrows(relative_path, source, expected):
    assert violations(relative_path, source) == expected


def test_a_module_outside_every_layer_is_reported():
    assert violations("elsewhere/x.py", "import os\n") == ["elsewhere/x.py: no layer in LAYER_OF for elsewhere.x"]
