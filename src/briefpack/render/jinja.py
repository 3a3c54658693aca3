"""Render view models to Markdown with sandboxed, strict Jinja.

Templates see their view model through :func:`data_view`, which escapes every string in it for
Markdown, so text from data prints literally: ``| * # [ ] {{ }}`` in a title never changes a
document's structure. What templates write themselves, and what ``super()`` and blocks return,
is Markdown and prints as it is.
Templates are found on an ordered search path: the organisation's ``templates/`` first, then the
built-in ones; ``default:NAME`` always names the built-in template, so an override can extend the
very template it replaces.
"""

from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from jinja2 import (
    ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader, StrictUndefined,
    TemplateError, TemplateNotFound, TemplateSyntaxError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from briefpack.errors import TemplateFailed, display_path
from briefpack.resources import templates_dir


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
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._data, name)
        if callable(value):
            raise AttributeError(f"{name} is a method; templates read data, not methods")
        return data_view(value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("template data is read-only")

    def __bool__(self) -> bool:
        return bool(self._data)

    def __str__(self) -> str:
        return escape_markdown(self._data)

    def __eq__(self, other: Any) -> bool:
        return self._data == (other._data if isinstance(other, _DataProxy) else other)

    def __hash__(self) -> int:
        return hash(self._data)


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (Verbatim, _DataProxy)):
        return escape_markdown(value._data if isinstance(value, _DataProxy) else value)
    return value


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _signed_days(days: int | None) -> str:
    if days is None:
        return "unknown"
    if days < 0:
        return f"{-days} days ago"
    return "today" if days == 0 else _plural(days, "day")


_URL = re.compile(r"^https?://[^\s<>\\]+$")


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _link(url: Any) -> str:
    """A clickable autolink for a web address; anything else prints as escaped text."""
    text = _ESCAPED.sub(r"\1", str(url)).strip()  # data arrives escaped
    return Markdown(f"<{text}>") if _URL.match(text) else escape_markdown(text)


def _code(text: Any, language: str = "") -> str:
    """``text`` as a fenced code block, printed exactly (the fence outgrows any backtick run)."""
    body = str(text).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markdown(f"{fence}{escape_markdown(language)}\n{body}\n{fence}")


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs (a cold start compiled them all every time);
    an unreadable or unwritable entry is simply compiled again."""

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged entry: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=1)
def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """The compiled-template cache, keyed (besides each template's path and source) by this
    module and Jinja's version, which decide how templates compile."""
    from briefpack import cache

    folder = cache.cache_dir("templates")
    if folder is None:
        return None
    import jinja2

    key = cache.digest(Path(__file__).read_bytes(), jinja2.__version__)[:16]
    return _QuietBytecodeCache(str(folder), pattern=f"{key}-%s.cache")


@lru_cache(maxsize=32)
def environment(search_path: tuple[Path, ...] = ()) -> ImmutableSandboxedEnvironment:
    """The Jinja environment for a template search path (org folders first), cached per process."""
    builtin = FileSystemLoader(str(templates_dir()))
    chain = [FileSystemLoader(str(p)) for p in search_path] + [builtin]
    loader = ChoiceLoader([PrefixLoader({"default": builtin}, delimiter=":"), ChoiceLoader(chain)])
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["plural"] = _plural
    env.filters["days"] = _signed_days
    env.filters["link"] = _link
    env.filters["code"] = _code
    return env


def _template_location(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in a rendering traceback."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".md", ".jinja")) and Path(filename).exists():
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


TIME_LIMIT = 20.0  # seconds; a document renders in well under one
MAX_OUTPUT = 20_000_000  # characters of Markdown; a pack is some tens of thousands


class _Runaway(Exception):
    """A template ran too long or wrote too much."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop a template that runs longer than ``seconds`` (in the main thread, where Unix
    signals can interrupt it; elsewhere the output limit still applies)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _Runaway(f"still running after {seconds:g} seconds (a loop that never ends?)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(template_name: str, context: dict[str, Any],
           search_path: tuple[Path, ...] = ()) -> str:
    """Render a template to Markdown; errors name the template file and line."""
    env = environment(tuple(Path(p).resolve() for p in search_path))
    try:
        template = env.get_template(template_name)
        data = {key: data_view(value) for key, value in context.items()}
        with _time_limit(TIME_LIMIT):
            chunks, size = [], 0
            for chunk in template.generate(**data):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise _Runaway(f"output passed {MAX_OUTPUT // 1_000_000} million characters")
                chunks.append(chunk)
            return "".join(chunks)
    except _Runaway as exc:
        raise TemplateFailed(_located(exc, "template stopped", template_name)) from None
    except TemplateSyntaxError as exc:
        where = display_path(exc.filename) if exc.filename else exc.name or template_name
        raise TemplateFailed(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except TemplateNotFound as exc:
        raise TemplateFailed(f"template not found: {exc.name} (searched: "
                             f"{', '.join(display_path(p) for p in search_path + (templates_dir(),))})") from None
    except SecurityError as exc:
        raise TemplateFailed(_located(exc, "refused by the template sandbox", template_name)) from None
    except TemplateError as exc:
        raise TemplateFailed(_located(exc, "template error", template_name)) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as exc:
        raise TemplateFailed(_located(exc, "template error", template_name)) from None


def _located(exc: BaseException, what: str, template_name: str) -> str:
    location = _template_location(exc)
    where = f"{display_path(location[0])}:{location[1]}" if location else template_name
    return f"{where}: {what}: {exc}"
