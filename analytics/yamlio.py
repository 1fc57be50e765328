"""Reading curated or uploaded YAML safely, keeping the node tree so errors can name a line.

Safe means: plain data only (no Python tags), a size cap, no aliases (a curated extract never needs
them and they are the usual way to blow up memory), a bounded nesting depth, and UTF-8 only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is several times faster


class _Loader(_Base):
    """Safe loader that leaves dates as text, so the schema reports a bad date with its line."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Base.construct_yaml_str)

MAX_BYTES = 2_000_000
MAX_DEPTH = 40


@dataclass(frozen=True)
class YamlError(Exception):
    """A file that could not be read as plain YAML data; `line` is 1-based (0 when unknown)."""

    line: int
    message: str


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    root: yaml.Node


def read_yaml_bytes(raw: bytes) -> YamlDocument:
    """Parse bytes into plain data plus the node tree, or raise YamlError saying what to fix."""
    if len(raw) > MAX_BYTES:
        raise YamlError(0, f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit: split it or trim it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(line, "file is not UTF-8 text: save it as UTF-8 (not GBK/GB2312)") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise YamlError(1, "file is empty: write the extract or delete the file")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise YamlError(1, "file holds only comments: write the extract or delete the file")
        _check_tree(root)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            problem = f"tag {exc.problem.split()[-1] if exc.problem else ''} is not allowed: extracts hold plain data only"
        raise YamlError(line, f"YAML syntax: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, f"YAML syntax: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, root=root)


def read_yaml(path: Path) -> YamlDocument:
    return read_yaml_bytes(path.read_bytes())


def _check_tree(root: yaml.Node) -> None:
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlError(node.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels: flatten the structure")
        if not isinstance(node, yaml.ScalarNode):
            if id(node) in seen:
                raise YamlError(
                    node.start_mark.line + 1, "YAML aliases (&anchor / *alias) are not allowed: write the value out"
                )
            seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = [getattr(key, "value", None) for key, _ in node.value]
            for (key, _), name in zip(node.value, keys):
                if isinstance(name, str) and keys.count(name) > 1:
                    raise YamlError(key.start_mark.line + 1, f"key '{name}' appears twice in one mapping: keep one")
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def line_at(root: yaml.Node, loc: tuple[Any, ...]) -> int:
    """1-based line of the deepest node reachable along a pydantic error location."""
    node = root
    for step in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            child = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            child = node.value[step]
        else:
            child = None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1
