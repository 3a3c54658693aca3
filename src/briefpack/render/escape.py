"""Data escaped for Markdown, so text from a user's files always prints literally.

Templates see their view model through :func:`data_view`, which escapes every string in it:
``| * # [ ] {{ }}`` in a title never changes a document's structure. What templates write
themselves is Markdown (:class:`Markdown`) and prints as it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from jinja2.sandbox import is_internal_attribute


class Markdown(str):
    """Text that is already Markdown and is printed as it is (never built from user data)."""


class Verbatim(str):
    """Data to print exactly as it is, which only the ``code`` filter may do (in a fence);
    printed any other way it is escaped like any other data."""


_ALWAYS = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|~&#!{}"})
_BREAKS = re.compile(r"\s*[\r\n\t\f\v]+\s*")
_BREAK_CHARS = re.compile(r"[\r\n\t\f\v]")
_LINE_START = re.compile(r"^(\d+(?=[.)])|)([-+=:>.)])")
_MAY_START_BLOCK = frozenset("0123456789-+=:>.)")


def escape_markdown(value: Any) -> str:
    """``value`` as Markdown text that renders literally, on one line.

    Backslash-escapes every character CommonMark or its table, task-list and container
    extensions could read as syntax, collapses line breaks (a value never starts a new block),
    and escapes a leading list marker, heading or container fence.
    """
    text = str(value)
    if _BREAK_CHARS.search(text):
        text = _BREAKS.sub(" ", text)
    text = text.translate(_ALWAYS)
    if text[:1] in _MAY_START_BLOCK:
        text = _LINE_START.sub(r"\1\\\2", text)
    return text


_PLAIN = (bool, int, float, date, datetime, Markdown)


def data_view(value: Any) -> Any:
    """``value`` as templates see it: every string in it escaped for Markdown, all the way down.

    Objects are wrapped so their attributes are escaped when read; their methods and private
    attributes cannot be reached.
    """
    if type(value) is str:  # the usual case first
        return Markdown(escape_markdown(value))
    if value is None or isinstance(value, _PLAIN):
        return value
    if isinstance(value, Verbatim):
        return value
    if isinstance(value, str):
        return Markdown(escape_markdown(value))
    if isinstance(value, (list, tuple, set, frozenset)):
        return [data_view(item) for item in value]
    if isinstance(value, dict):
        return {key: data_view(item) for key, item in value.items()}
    return _DataProxy(value)


class _DataProxy:
    """Read-only view of an object whose attribute values are escaped by :func:`data_view`."""

    __slots__ = ("_data",)

    def __init__(self, data: Any):
        object.__setattr__(self, "_data", data)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or is_internal_attribute(self._data, name):
            # what Jinja's sandbox refuses on the object itself (a generator's frame, a
            # function's code), refused through the view too
            raise AttributeError(name)
        value = getattr(self._data, name)
        if callable(value):
            # AttributeError, not TypeError: Jinja reads it as "no such attribute"
            raise AttributeError(f"{name} is a method; templates read data, not methods")  # noqa: TRY004
        return data_view(value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("template data is read-only")

    def __bool__(self) -> bool:
        return bool(self._data)

    def __str__(self) -> str:
        return escape_markdown(self._data)

    def __eq__(self, other: object) -> bool:
        return self._data == (other._data if isinstance(other, _DataProxy) else other)

    def __hash__(self) -> int:
        return hash(self._data)


def is_data_proxy(value: Any) -> bool:
    """Whether `value` is an object's view made by :func:`data_view` (which gives its data
    attributes only: no methods, nothing private)."""
    return type(value) is _DataProxy


def finalize(value: Any) -> Any:
    """What Jinja prints for ``{{ value }}``: nothing for None; data held back from escaping
    (:class:`Verbatim`, an object's own ``str``) escaped now; everything else as it is."""
    if value is None:
        return ""
    if isinstance(value, (Verbatim, _DataProxy)):
        return escape_markdown(value._data if isinstance(value, _DataProxy) else value)
    return value


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_markdown(text: str) -> str:
    """``text`` with the backslash escapes of :func:`escape_markdown` taken out: for the
    places where data is printed as plain text (a link's address, an invite's description)."""
    return _ESCAPED.sub(r"\1", text)
