"""Load YAML safely and remember where every value came from.

PyYAML's safe loader composes a node tree that knows each node's line; we build plain Python
data from it ourselves so that duplicate keys are errors (PyYAML silently keeps the last one)
and so that every value's location can be reported as ``file:line``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefpack.errors import Problem, ValidationFailed, display_path

Loc = tuple[Any, ...]


@dataclass
class YamlDoc:
    """A loaded YAML file: its data and the line of every key and list item in it."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # duplicate keys and the like
    warnings: list[Problem] = field(default_factory=list)  # text that had to be changed
    # list items dropped to build a partial model: path -> original index of each kept item
    kept_items: dict[Loc, list[int]] = field(default_factory=dict)
    # required top-level fields that were missing or invalid, given a stand-in so that the
    # file's other checks still run (their problems are reported already)
    filled: set[str] = field(default_factory=set)

    def report_warnings(self) -> None:
        """Tell the user (through the ``briefpack`` logger) what had to be changed, once."""
        for warning in self.warnings:
            logging.getLogger("briefpack").warning("%s", warning)
        self.warnings = []

    @property
    def shown(self) -> str:
        """The file's path as shown in messages."""
        return display_path(self.path)

    def original(self, loc: Loc) -> Loc:
        """``loc`` in a partial model (invalid list items dropped) as a place in the file."""
        out: list = []
        for part in loc:
            kept = self.kept_items.get(tuple(out))
            if kept is not None and isinstance(part, int) and part < len(kept):
                part = kept[part]
            out.append(part)
        return tuple(out)

    def line_of(self, loc: Loc) -> int:
        """Line of the value at ``loc``, or of its nearest enclosing value that has one."""
        loc = self.original(tuple(loc))
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def problem(self, loc: Loc, message: str) -> Problem:
        """A :class:`Problem` at ``loc`` in this file."""
        return Problem(self.shown, self.line_of(loc), dotted(self.original(tuple(loc))), message)


def dotted(loc: Loc) -> str:
    """``('agenda', 0, 'minutes')`` → ``agenda[0].minutes``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
# libyaml's parser (when PyYAML was built with it) is about 15 times faster; same nodes and lines
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 5 * 1024 * 1024  # a hand-written data file is far smaller; bigger is a mistake
MAX_VALUES = 200_000  # values after aliases are expanded: stops "billion laughs" files
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _TooMany(Exception):
    """More values than MAX_VALUES: aliases expanding without bound."""

    def __init__(self, line: int):
        self.line = line


class _Builder:
    """Plain Python data from a composed node tree, noting the line of every key and item."""

    def __init__(self, loader: yaml.SafeLoader, doc: YamlDoc):
        self.loader = loader
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        """The value of ``node``, which is at ``loc`` in the file."""
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooMany(node.start_mark.line + 1)
        self.doc.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return self.build_sequence(node, loc)
        return self.build_scalar(node)

    def build_mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        """A mapping; a repeated or non-scalar key is a problem, and its value is skipped."""
        own = [pair for pair in node.value if pair[0].tag != _MERGE]
        self.loader.flatten_mapping(node)
        # flatten_mapping puts merged (<<: *anchor) pairs first: they are defaults that the
        # mapping's own keys may override, so only own keys can be duplicates.
        merged = node.value[: len(node.value) - len(own)]
        result: dict[Any, Any] = {}
        for key_node, value_node in own:
            problem = self.key_problem(key_node, loc, result)
            if problem is not None:
                self.problems.append(problem)
                continue
            self.build_entry(result, key_node, value_node, loc)
        for key_node, value_node in merged:
            if isinstance(key_node, yaml.ScalarNode) and str(key_node.value) not in result:
                self.build_entry(result, key_node, value_node, loc)
        return result

    def key_problem(self, key_node: yaml.Node, loc: Loc, result: dict) -> Problem | None:
        """What is wrong with a mapping's own key, if anything: not a scalar, or repeated."""
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            return Problem(self.doc.shown, line, dotted(loc),
                           "a key must be a plain word or string")
        key = str(key_node.value)
        if key in result:
            first = self.doc.lines.get(loc + (key,), 0)
            return Problem(self.doc.shown, line, dotted(loc + (key,)),
                           f"duplicate key '{key}' (first given on line {first}); "
                           "each key may appear once")
        return None

    def build_entry(self, result: dict, key_node: yaml.Node, value_node: yaml.Node,
                    loc: Loc) -> None:
        """Add one key and its value to ``result``, noting the key's line."""
        key = str(key_node.value)
        self.doc.lines[loc + (key,)] = key_node.start_mark.line + 1
        result[key] = self.build(value_node, loc + (key,))

    def build_sequence(self, node: yaml.SequenceNode, loc: Loc) -> list[Any]:
        """A list, noting each item's line."""
        items = []
        for i, item in enumerate(node.value):
            self.doc.lines[loc + (i,)] = item.start_mark.line + 1
            items.append(self.build(item, loc + (i,)))
        return items

    def build_scalar(self, node: yaml.Node) -> Any:
        """A scalar's value; text that cannot be a value, or be stored in Word, is kept as text."""
        # YAML 1.1 reads 14:00 as the base-60 number 840; a time of day is meant.
        if node.tag in (_INT, _FLOAT) and ":" in str(node.value):
            return str(node.value)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # e.g. 2026-13-01 looks like a date but is none: keep the text so that the
            # model reports it with its field, together with the file's other problems.
            return str(node.value)
        if isinstance(value, str) and _NOT_XML.search(value):
            # "\x01" and lone surrogates are valid YAML escapes but cannot be stored in Word
            codes = sorted({f"U+{ord(c):04X}" for c in _NOT_XML.findall(value)})
            self.doc.warnings.append(Problem(
                self.doc.shown, node.start_mark.line + 1, "",
                f"characters Word cannot store ({', '.join(codes)}) replaced with \ufffd"))
            value = _NOT_XML.sub("\ufffd", value)
        return value


def _fail(path: Path, line: int, message: str) -> ValidationFailed:
    return ValidationFailed([Problem(display_path(path), line, "", message)])


def read_text(path: Path) -> str:
    """A YAML file's text, or a :class:`ValidationFailed` saying what the file is instead."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _fail(path, 0, "is a folder; expected a YAML file")
        if size > MAX_BYTES:
            raise _fail(path, 1, f"file is {size / 1024 / 1024:.1f} MB; briefpack reads YAML files "
                        f"of up to {MAX_BYTES // 1024 // 1024} MB (is it the right file?)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, 0, "file not found") from None
    except PermissionError:
        raise _fail(path, 0, "cannot be read: permission denied") from None
    except OSError as exc:
        raise _fail(path, 0, f"cannot be read: {exc.strerror or exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(path, 1, "saved as UTF-16 text; save it as UTF-8 (in Notepad: Save As, "
                    "Encoding: UTF-8)")
    if b"\0" in data[:8192]:
        raise _fail(path, 1, "a binary file, not YAML text (is it the right file?)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark, as Windows editors write: harmless
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _fail(path, line, (
            f"not UTF-8 text: byte 0x{data[exc.start]:02X} cannot be read; save the file as "
            "UTF-8 (it looks like another encoding, such as Windows-1252)")) from None


def _compose(builder: _Builder, text: str) -> yaml.Node | None:
    """The file's node tree, from libyaml when it can parse the file.

    libyaml words errors its own way: on an error the pure-Python parser, which reports them as
    we expect, parses the file again (and becomes the builder's loader).
    """
    try:
        return builder.loader.get_single_node()
    except yaml.YAMLError:
        builder.loader.dispose()
        builder.loader = yaml.SafeLoader(text)
        return builder.loader.get_single_node()


def _syntax_error(shown: str, text: str, exc: yaml.MarkedYAMLError) -> ValidationFailed:
    """A syntax error at the line to look at: where an unclosed thing began, at the end."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and mark is exc.problem_mark and mark.index >= len(text.rstrip()):
        # "unexpected end of stream": the line where the unclosed thing began helps more
        mark = exc.context_mark
    last_line = max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)
    line = min(mark.line + 1, last_line) if mark else 0
    what = exc.problem or "invalid YAML"
    if exc.context:
        what = f"{exc.context}, {what}"
    return ValidationFailed([Problem(shown, line, "", f"YAML syntax error: {what}")])


def load_yaml(path: Path, text: str | None = None) -> YamlDoc:
    """Load one YAML file; raise :class:`ValidationFailed` on a syntax error.

    Duplicate keys do not stop loading: they are kept in ``doc.problems`` (the first value
    wins) so that they are reported together with the file's other problems.
    """
    path = Path(path)
    doc = YamlDoc(path=path, data=None)
    if text is None:
        text = read_text(path)
    builder = _Builder(_FAST_LOADER(text), doc)
    try:
        node = _compose(builder, text)
        doc.data = builder.build(node, ()) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(doc.shown, text, exc) from None
    except _TooMany as exc:
        raise _fail(path, exc.line, (
            f"more than {MAX_VALUES:,} values once aliases (*name) are expanded; "
            "a data file this size is a mistake or an attack")) from None
    except RecursionError:
        raise _fail(path, 1, "nested too deeply (or an alias refers to itself)") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other PyYAML errors carry no mark
        raise ValidationFailed([Problem(doc.shown, 0, "", f"YAML error: {exc}")]) from None
    finally:
        builder.loader.dispose()
    doc.problems = builder.problems
    return doc
