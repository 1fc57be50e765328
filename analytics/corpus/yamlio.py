"""Reading curated or uploaded YAML safely, keeping the node tree so errors can name a line.

Safe means: plain data only (no Python or other custom tags), a size cap, no anchors or aliases (a
curated extract never needs them and they are the usual way to blow up memory; without them the tree
grows only linearly with the file, which the size cap bounds), a bounded nesting depth (and for uploads
a bounded number of values), and UTF-8 only.

The node tree is composed here from the parser's event stream rather than by PyYAML's composer: the
C composer recurses once per nesting level and crashes the whole process on a few thousand unclosed
`[`, so the depth, alias and tag limits have to be enforced before any node is built.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is several times faster


class _Loader(_Base):
    """Safe loader that leaves dates as text, so the schema reports a bad date with its line."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Base.construct_yaml_str)

# Texts this short are ids, roles, relations, themes, places and unit names, written again and again across a corpus:
# one object for each (sys.intern; freed once no file holds it) instead of one per value. Longer texts are kept as read.
SHARED_TEXT_CHARS = 40


def _text(loader: Any, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    return sys.intern(value) if len(value) <= SHARED_TEXT_CHARS else value


_Loader.add_constructor("tag:yaml.org,2002:str", _text)

DEFAULT_MAX_BYTES = 2_000_000  # a curated extract; the largest is about 62 kB
MAX_FILE_MB_ENV = "PAIRED_MAX_FILE_MB"  # a deployment's own cap for files in data/, in MB (a registry of 18,000 bodies is 2.6 MB)
CEILING_MB = 1024  # what the setting may ask for at most: the cap bounds a read, and a typo must not unbound it


def curated_cap(setting: str | None) -> int:
    """The size cap for a file in data/, in bytes: $PAIRED_MAX_FILE_MB (a whole number of MB, 1 to CEILING_MB) when it
    is set to one, else DEFAULT_MAX_BYTES. A curated corpus at province scale (100×: a unit registry of 2.6 MB) is served
    by setting it, rather than by splitting a registry that is one list. Anything else set there is not a cap."""
    text = (setting or "").strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= CEILING_MB:
        return DEFAULT_MAX_BYTES
    return int(text) * 1_000_000


MAX_BYTES = curated_cap(os.environ.get(MAX_FILE_MB_ENV))
MAX_UPLOAD_BYTES = 1_000_000  # a researcher's upload through the dashboard
MAX_DEPTH = 40
# Values (texts, numbers, lists, mappings) in one upload; the largest curated extract has about 3,000.
# Each costs Python time and memory to build, so junk that fits in MAX_UPLOAD_BYTES (half a million
# one-digit numbers) would otherwise tie the dashboard up for seconds.
MAX_UPLOAD_VALUES = 50_000

_CORE = "tag:yaml.org,2002:"
# The one explicit tag a curator might reasonably write (!!str 1); everything else is refused, including
# !!int or !!bool, whose constructors fail on bad input with Python errors rather than marked YAML ones.
_PLAIN_TAGS = {_CORE + "str"}


# Why a file is not plain YAML data, declared once: code → the command line's English, `{…}` the particulars. The
# dashboard's catalogue (ui/report/i18n.py, problem_<code>) takes its English from here and words the Chinese.
REFUSALS: dict[str, str] = {
    "upload_too_big": "file is {size}; the upload limit is {limit}: upload one programme per file and leave out long "
                      "notes (a typical extract is under 100 kB)",
    "yaml_not_utf8": "file is not UTF-8 text: open it in an editor and save it as UTF-8 (not GBK/GB2312/GB18030)",
    "yaml_empty": "file is empty: write the extract (see the template) or delete the file",
    "yaml_only_comments": "file holds only comments: write the extract (see the template) or delete the file",
    "yaml_control": "file contains the control character {char}: delete it (it is invisible in most editors)",
    "yaml_alias": "YAML anchors and aliases (&name / *name) are not allowed: write the value out",
    "yaml_too_many_values": "file holds more than {most} values (texts, numbers, lists, mappings): upload one programme "
                            "per file; a typical extract has about 3,000",
    "yaml_too_deep": "nesting deeper than {most} levels: flatten the structure",
    "yaml_second_document": "a second YAML document starts here ('---'): keep one programme per file and delete the rest",
    "yaml_tag": "tag {tag} is not allowed: extracts hold plain text, numbers, lists and mappings; delete the tag",
    "yaml_key_twice": "key '{field}' appears twice in one mapping (first on line {first}): keep one",
    "yaml_merge_key": "YAML merge keys ('<<:') are not allowed: write the keys out in this mapping",
}


@dataclass(frozen=True)
class YamlError(Exception):
    """A file that could not be read as plain YAML data; `line` is 1-based. `code` and `params`, where given, let the
    dashboard word it in the reader's language (ui/report/i18n.py, problem_<code>); `message` is the CLI's English."""

    line: int
    message: str
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()


def refused(line: int, code: str, **params: str) -> YamlError:
    """A refusal declared in REFUSALS, its English worded from there."""
    return YamlError(line, REFUSALS[code].format(**params), code, tuple(params.items()))


# Where each value of a parsed file was written, all that naming a line needs (line_at, key_line): a text, number or
# null is its 1-based line; a list is (line, (child, ...)); a mapping is (line, keys, the keys' lines, (child, ...)),
# where `keys` is one tuple shared by every mapping of the file with the same keys in the same order.
# PyYAML's node tree holds two position objects per value; every file's tree was kept until the corpus was built, 80 %
# of what validating held at its peak (bench/RESULTS.md, twenty-third round).
Lines = Union[int, tuple]


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    root: Lines


def size_text(size: int) -> str:
    """A byte count as a reader would say it: 950 bytes, 12 kB, 2.3 MB."""
    if size < 1_000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".0 MB", " MB")


def sizes_shown(size: int, limit: int) -> tuple[str, str]:
    """A file's size and its limit as a message shows them: "2 MB; the limit is 2 MB" would read as a contradiction,
    so sizes that round alike are shown in bytes."""
    size_shown, limit_shown = size_text(size), size_text(limit)
    if size_shown == limit_shown:
        size_shown, limit_shown = f"{size:,} bytes", f"{limit:,} bytes"
    return size_shown, limit_shown


def size_problem(size: int, limit: int, uploaded: bool) -> str | None:
    """The message for a file over its size limit, or None when it fits."""
    if size <= limit:
        return None
    size_shown, limit_shown = sizes_shown(size, limit)
    if uploaded:
        return REFUSALS["upload_too_big"].format(size=size_shown, limit=limit_shown)
    return (
        f"file is {size_shown}; the limit for a file in data/ is {limit_shown}: split the document "
        f"into several extracts or trim long notes (a registry this large: start the server with {MAX_FILE_MB_ENV} "
        f"set to {-(-size // 1_000_000)} or more)"
    )


def read_yaml_bytes(raw: bytes, uploaded: bool = False) -> YamlDocument:
    """Parse bytes into plain data plus the node tree, or raise YamlError saying what to fix.

    The size cap is MAX_UPLOAD_BYTES for an upload, else MAX_BYTES (read at call time, so a benchmark
    over a huge generated corpus can raise it).
    """
    limit = MAX_UPLOAD_BYTES if uploaded else MAX_BYTES
    too_big = size_problem(len(raw), limit, uploaded)
    if too_big:
        shown = sizes_shown(len(raw), limit)
        raise YamlError(1, too_big, *(("upload_too_big", (("size", shown[0]), ("limit", shown[1]))) if uploaded else ()))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise refused(line, "yaml_not_utf8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise refused(1, "yaml_empty")
    loader = _Loader(text)
    try:
        root = _compose(loader, MAX_UPLOAD_VALUES if uploaded else None)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        hint = _syntax_hint(problem, exc.context or "", text, mark, exc.context_mark)
        # At the end of the text the parser's mark stands one line past the last: name the last line.
        line = min(mark.line + 1, text.count("\n") + 1) if mark else 1
        raise YamlError(line, f"YAML syntax: {problem}: {hint}") from None
    except yaml.reader.ReaderError as exc:
        line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
        raise refused(line, "yaml_control", char=f"#x{exc.character:04x}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"YAML syntax: {exc}: check quotes, brackets and indentation") from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, root=lines_of(root))


YAML_SUFFIXES = (".yaml", ".yml")  # uploads accept both, so data/ reads both


def yaml_files(directory: Path) -> list[Path]:
    """Every *.yaml and *.yml entry of a data folder, in `number_order` of their stems (the corpus's order of programmes:
    "p" before "p-2" before "p-10"); reading each is bounded by read_file_bytes."""
    try:
        return sorted((p for p in Path(directory).iterdir() if p.suffix.lower() in YAML_SUFFIXES),
                      key=lambda p: (number_order(p.stem), p.name))
    except OSError:
        return []


def number_order(text: str) -> tuple:
    """A sort key reading each run of ASCII digits as a number: "p-2" before "p-10" (a walk at 100× found rows
    of one size in the order …·1, …·10, …·11, …·2). Linear in the text; ids and names are bounded by the schema."""
    parts = re.split(r"([0-9]+)", text)  # ASCII digits only: int() of other digits ("²") fails
    return tuple((0, int(part), "") if i % 2 else (1, 0, part) for i, part in enumerate(parts) if part)


def read_regular_file(path: Path, limit: int, root: Path | None = None) -> bytes:
    """At most `limit` bytes of a regular file, or YamlError saying why it was not read.

    Only regular files are read: a FIFO would block, a device such as /dev/zero never ends. A symbolic
    link is followed only when it stays inside `root` (the data folder). The file is opened without
    blocking and checked on the open handle, and never more than limit + 1 bytes are read, so whatever
    sits in the folder, reading it ends and its memory is bounded.
    """
    path = Path(path)
    try:
        if root is not None and path.is_symlink():
            target, inside = os.path.realpath(path), os.path.realpath(root)
            if os.path.commonpath([target, inside]) != inside:
                raise YamlError(1, f"file is a link to {target}, outside the data folder: replace the link with "
                                   "a copy of the file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise YamlError(1, "not a regular file (a folder, pipe or device): replace it with a plain text "
                                   "file, or remove it from the folder")
            too_big = size_problem(info.st_size, limit, uploaded=False)
            if too_big:
                raise YamlError(1, too_big)
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read(limit + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise YamlError(1, f"file cannot be read ({exc.strerror}): check that it is a readable file") from None
    too_big = size_problem(len(raw), limit, uploaded=False)  # it grew while being read
    if too_big:
        raise YamlError(1, too_big)
    return raw


def read_file_bytes(path: Path, root: Path | None = None) -> bytes:
    """A curated file's bytes (at most MAX_BYTES, read at call time), see read_regular_file."""
    return read_regular_file(path, MAX_BYTES, root)


def read_yaml(path: Path, root: Path | None = None) -> YamlDocument:
    return read_yaml_bytes(read_file_bytes(path, root))


def _compose(loader: Any, max_values: int | None) -> yaml.Node:
    """Build the node tree from parser events, refusing aliases, custom tags, deep nesting and too many values."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        raise refused(1, "yaml_only_comments")
    loader.get_event()  # document start
    stack: list[yaml.CollectionNode] = []
    root: yaml.Node | None = None
    values = 0
    while root is None:
        event = loader.get_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise refused(line, "yaml_alias")
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node = stack.pop()
            node.end_mark = event.end_mark
            if isinstance(node, yaml.MappingNode):
                node.value = _pairs(node)
        else:
            values += 1
            if max_values is not None and values > max_values:
                raise refused(line, "yaml_too_many_values", most=f"{max_values:,}")
            node = _new_node(loader, event, line)
            if isinstance(node, yaml.CollectionNode):
                if len(stack) >= MAX_DEPTH:
                    raise refused(line, "yaml_too_deep", most=str(MAX_DEPTH))
                stack.append(node)
                continue
        if stack:
            stack[-1].value.append(node)
        else:
            root = node
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        line = loader.peek_event().start_mark.line + 1
        raise refused(line, "yaml_second_document")
    return root


def _new_node(loader: Any, event: yaml.Event, line: int) -> yaml.Node:
    if isinstance(event, yaml.ScalarEvent):
        kind, value, implicit = yaml.ScalarNode, event.value, event.implicit
    elif isinstance(event, yaml.SequenceStartEvent):
        kind, value, implicit = yaml.SequenceNode, None, event.implicit
    else:
        kind, value, implicit = yaml.MappingNode, None, event.implicit
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(kind, value, implicit)
    elif tag not in _PLAIN_TAGS:
        shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
        raise refused(line, "yaml_tag", tag=shown[:40])
    if kind is yaml.ScalarNode:
        return yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
    return kind(tag, [], event.start_mark, None, flow_style=event.flow_style)


_YAML11_WORDS = {"yes", "no", "on", "off", "true", "false"}


def _pairs(mapping: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Pair up a mapping's children, refusing a key written twice (YAML would silently keep the last),
    a merge key and any key that is not text, each at the key's own line."""
    children = mapping.value
    pairs = list(zip(children[0::2], children[1::2]))
    first_line: dict[str, int] = {}
    for key, _ in pairs:
        line = key.start_mark.line + 1
        _check_key(key, line)
        if key.value in first_line:
            raise refused(line, "yaml_key_twice", field=key.value[:40], first=str(first_line[key.value]))
        first_line[key.value] = line
    return pairs


def _check_key(key: yaml.Node, line: int) -> None:
    """Field names are text: refuse '<<' (a merge would copy keys in unseen) and keys YAML reads as
    something else, such as on/off/yes/no (YAML 1.1 booleans), numbers, dates or null."""
    if not isinstance(key, yaml.ScalarNode):
        raise YamlError(line, "a list or mapping stands where a field name belongs: write 'name: value'")
    if key.tag == _CORE + "merge":
        raise refused(line, "yaml_merge_key")
    if key.tag == _CORE + "str":
        return
    shown = key.value if len(key.value) <= 40 else key.value[:37] + "…"
    if key.tag == _CORE + "bool" or key.value.lower() in _YAML11_WORDS:
        read_as = "the boolean true/false (YAML 1.1 reads on, off, yes and no as booleans)"
    elif key.tag == _CORE + "null":
        read_as = "null (no value)"
    else:
        kind = key.tag.removeprefix(_CORE)
        read_as = {"int": "a number", "float": "a number", "timestamp": "a date", "value": "YAML's value marker"}.get(kind, f"a {kind} value") + \
            " rather than text"
    raise YamlError(line, f"key '{shown}' is read as {read_as}: field names are text; quote it ('{shown}':) or "
                          "fix the field name")


def _syntax_hint(problem: str, context: str, text: str, mark: Any, opened: Any) -> str:
    """How to fix the parser's complaint, in the terms a curator uses."""
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    opened_on = ""
    if opened is not None and ("quoted scalar" in context or "flow sequence" in context or "flow mapping" in context):
        opened_on = f" opened on line {opened.line + 1}"  # where the unclosed quote or bracket starts
    if "\t" in line_text or ("cannot start any token" in problem and "\t" in text):
        return "indent with spaces, not tabs"
    if "quoted scalar" in context:
        return f"close the quotation mark{opened_on}"
    if "flow" in context:
        return f"close the [ or {{ bracket{opened_on}, or quote text that contains a comma"
    if "mapping values are not allowed" in problem:
        return "text containing ': ' must be quoted, e.g. text: \"…\""
    if "expected '-' indicator" in problem:
        return "line up the items ('- ') of one list at the same indentation"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "line up this key with the other keys of its mapping (same indentation)"
    if "cannot start any token" in problem:
        return "quote the value: it starts with a character YAML reserves (such as @, ` or %)"
    return "check quotes, brackets and indentation on this line and the one above"


# Line numbers as shared objects: every value of a file is a line number, most of them the same number as their key's,
# and each one made anew was an int of its own (680,000 of them at 100× the corpus, 18 MB of what validating held).
# Numbers up to SHARED_LINES (a programme file has a few thousand lines) are taken from here; longer files make theirs.
SHARED_LINES = 20_000
_LINE_NUMBERS = tuple(range(SHARED_LINES + 1))


def _line(mark: Any) -> int:
    number = mark.line + 1
    return _LINE_NUMBERS[number] if number <= SHARED_LINES else number


def lines_of(node: yaml.Node, shared: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> Lines:
    """The lines of a node tree composed by _compose (nesting at most MAX_DEPTH, keys text and unique)."""
    shared = {} if shared is None else shared
    line = _line(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        keys = tuple(key.value for key, _ in node.value)
        key_lines = tuple(_line(key.start_mark) for key, _ in node.value)
        values = tuple(lines_of(value, shared) for _, value in node.value)
        # a mapping of texts each written on its key's line (most of them) keeps one tuple for both
        return line, shared.setdefault(keys, keys), key_lines, key_lines if values == key_lines else values
    if isinstance(node, yaml.SequenceNode):
        return line, tuple(lines_of(item, shared) for item in node.value)
    return line


def line_at(root: Lines, loc: tuple[Any, ...]) -> int:
    """1-based line of the deepest value reachable along a pydantic error location."""
    node = root
    for step in loc:
        child = _child(node, step)
        if child is None:
            break
        node = child
    return node if isinstance(node, int) else node[0]


def key_line(root: Lines, loc: tuple[Any, ...]) -> int:
    """1-based line of the key that ends `loc` (where the field is written), else of its value."""
    *parent_loc, last = loc
    parent = root
    for step in parent_loc:
        line_node = _child(parent, step)
        if line_node is None:
            return line_at(root, loc)
        parent = line_node
    if _is_mapping(parent) and last in parent[1]:
        return parent[2][parent[1].index(last)]
    return line_at(root, loc)


def _is_mapping(node: Lines) -> bool:
    return isinstance(node, tuple) and len(node) == 4


def _child(node: Lines, step: Any) -> Lines | None:
    if _is_mapping(node):
        return node[3][node[1].index(step)] if isinstance(step, str) and step in node[1] else None
    if isinstance(node, tuple) and isinstance(step, int) and 0 <= step < len(node[1]):
        return node[1][step]
    return None
