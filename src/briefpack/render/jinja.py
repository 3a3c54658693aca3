"""Render view models to Markdown with sandboxed, strict Jinja.

Templates see their view model through :func:`briefpack.render.escape.data_view`, which
escapes every string in it for Markdown, so text from data prints literally. Templates are
found on an ordered search path: the organisation's ``templates/`` first, then the built-in
ones; ``default:NAME`` always names the built-in template, so an override can extend the very
template it replaces. Built-in templates are compiled once and kept in the user's cache folder
(:mod:`briefpack.cache`); an organisation's own templates are compiled in memory only.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.bccache import Bucket
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from briefpack import __version__
from briefpack.errors import TemplateFailed, display_path
from briefpack.render.escape import (
    Markdown,
    Verbatim,
    data_view,
    escape_markdown,
    finalize,
    is_data_proxy,
    unescape_markdown,
)
from briefpack.resources import templates_dir

__all__ = ["Markdown", "Verbatim", "environment", "escape_markdown", "render"]


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _signed_days(days: int | None) -> str:
    if days is None:
        return "unknown"
    if days < 0:
        return f"{-days} days ago"
    return "today" if days == 0 else _plural(days, "day")


_URL = re.compile(r"^https?://[^\s<>\\]+$")




def _link(url: Any) -> str:
    """A clickable autolink for a web address; anything else prints as escaped text."""
    text = unescape_markdown(str(url)).strip()  # data arrives escaped
    return Markdown(f"<{text}>") if _URL.match(text) else escape_markdown(text)


def _code(text: Any, language: str = "") -> str:
    """``text`` as a fenced code block, printed exactly (the fence outgrows any backtick run)."""
    body = str(text).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markdown(f"{fence}{escape_markdown(language)}\n{body}\n{fence}")


class _BuiltinBytecodeCache(FileSystemBytecodeCache):
    """Compiled built-in templates kept between runs (a cold start compiled them all every
    time); an unreadable or unwritable entry is simply compiled again. An organisation's own
    templates are user data: they are compiled every time and never written to disk."""

    def get_bucket(self, environment: Any, name: str, filename: str | None,
                   source: str) -> Bucket:
        if filename and Path(filename).resolve().is_relative_to(templates_dir().resolve()):
            return super().get_bucket(environment, name, filename, source)
        bucket = Bucket(environment, "", "")
        bucket.private = True  # type: ignore[attr-defined]
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        if not getattr(bucket, "private", False):
            super().set_bucket(bucket)

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


TIME_LIMIT = 20.0  # seconds; a document renders in well under one
MAX_OUTPUT = 20_000_000  # characters of Markdown; a pack is some tens of thousands


class _Runaway(Exception):
    """A template ran too long or wrote too much."""


class _TimedOut(_Runaway):
    """A template ran longer than :data:`TIME_LIMIT` (raised in the rendering thread by a
    timer, where there is no SIGALRM: on Windows)."""

    def __init__(self, *args: object):
        why = f"still running after {TIME_LIMIT:g} seconds (a loop that never ends?)"
        super().__init__(*(args or (why,)))


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a call of the environment's :meth:`_BoundedSandbox.concat`
    instead of a plain join, so that doubling a string in a loop is bounded too."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # named by Jinja's visitor
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with ``*``, ``**``, ``+`` and ``~`` refused before they build a value
    larger than a document may be (``"x" * 10**10`` would otherwise take gigabytes first)."""

    intercepted_binops = frozenset({"*", "**", "+"})
    code_generator_class = _BoundedCodeGenerator

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if _too_large(operator, left, right):
            raise _Runaway(_TOO_LARGE.format(operator=operator))
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's answer, given at once for a data view (most of what templates read): only
        a private name is unsafe on it, which is what Jinja's checks of type and name
        conclude (a view is no function, type, frame or mutable collection, and refuses the
        internal attributes of what it wraps), without their cost: a quarter of the time of
        rendering the built-in templates."""
        if is_data_proxy(obj):
            return not attr.startswith("_")
        return super().is_safe_attribute(obj, attr, value)

    def concat(self, parts: tuple) -> str:
        """``a ~ b ~ ...``, as Jinja joins it, unless the result would be too large."""
        texts = [str(part) for part in parts]
        if sum(map(len, texts)) > MAX_OUTPUT:
            raise _Runaway(_TOO_LARGE.format(operator="~"))
        return "".join(texts)


_TOO_LARGE = ("'{operator}' would make a value larger than a document may be "
              f"({MAX_OUTPUT // 1_000_000} million characters)")


def _too_large(operator: str, left: Any, right: Any) -> bool:
    """Whether ``left operator right`` would be larger than :data:`MAX_OUTPUT`."""
    sized = (str, list, tuple)
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, sized) and isinstance(times, int):
                return len(seq) * times > MAX_OUTPUT
    if operator == "+" and isinstance(left, sized) and isinstance(right, sized):
        return len(left) + len(right) > MAX_OUTPUT
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        return abs(left).bit_length() * right > 8 * MAX_OUTPUT
    return False


_OPTIONS = {"undefined": StrictUndefined, "finalize": finalize, "autoescape": False,
            "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


@lru_cache(maxsize=1)
def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """The compiled-template cache. Jinja keys each entry by the template's name, file and
    source; the file names here add briefpack's and Jinja's versions and the environment's
    options and sandbox (which operators it intercepts), which also decide how a template
    compiles."""
    from briefpack import cache

    folder = cache.cache_dir("templates")
    if folder is None:
        return None
    import hashlib

    import jinja2

    options = ",".join(f"{k}={getattr(v, '__name__', v)}" for k, v in sorted(_OPTIONS.items()))
    options += (f",sandbox={_BoundedSandbox.__name__}:{sorted(_BoundedSandbox.intercepted_binops)}"
                f":{_BoundedCodeGenerator.__name__}")
    key = hashlib.sha256(f"{__version__}|{jinja2.__version__}|{options}".encode()).hexdigest()
    return _BuiltinBytecodeCache(str(folder), pattern=f"{key[:16]}-%s.cache")


@lru_cache(maxsize=32)
def environment(search_path: tuple[Path, ...] = (), internal: bool = True
                ) -> ImmutableSandboxedEnvironment:
    """The Jinja environment for a template search path (org folders first) and an audience,
    cached per process.

    Internal and shareable documents never share an environment: Jinja keeps what a template
    imports (its module, with any state a ``namespace`` holds) and its globals per
    environment, so an override could otherwise carry an internal view's facts into a
    shareable render."""
    builtin = FileSystemLoader(str(templates_dir()))
    chain = [FileSystemLoader(str(p)) for p in search_path] + [builtin]
    loader = ChoiceLoader([PrefixLoader({"default": builtin}, delimiter=":"), ChoiceLoader(chain)])
    env = _BoundedSandbox(loader=loader, bytecode_cache=_bytecode_cache(), **_OPTIONS)
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


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop a template that runs longer than ``seconds``: with SIGALRM in the main thread on
    POSIX systems, else (Windows, or another thread) from a timer thread
    (:func:`_timer_limit`)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        with _timer_limit(seconds):
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


@contextmanager
def _timer_limit(seconds: float) -> Iterator[None]:
    """Stop this thread's template after ``seconds`` by raising :class:`_TimedOut` in it from a
    timer thread (CPython's ``PyThreadState_SetAsyncExc``: it arrives at the template's next
    step, as a signal would). Never after the block: leaving it cancels the timer and withdraws
    an exception the timer raised but that has not arrived. Without ``ctypes.pythonapi`` (not
    CPython) only the output limit applies."""
    try:
        import ctypes

        raise_in = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):
        yield
        return
    target, lock, fired = ctypes.c_ulong(threading.get_ident()), threading.Lock(), []

    def stop() -> None:
        with lock:
            if fired is not None:
                fired.append(True)
                raise_in(target, ctypes.py_object(_TimedOut))

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            if fired:
                raise_in(target, None)
            fired = None


_FAILURES = (_Runaway, TemplateError, RecursionError, MemoryError, TypeError, ValueError,
             AttributeError, KeyError, IndexError, ZeroDivisionError, OverflowError)


def render(template_name: str, context: dict[str, Any],
           search_path: tuple[Path, ...] = ()) -> str:
    """Render a template to Markdown; errors name the template file and line.

    ``context["internal"]`` says who the document is for; a shareable render (``False``) runs
    in an environment that has never rendered an internal view (see :func:`environment`).
    """
    env = environment(tuple(Path(p).resolve() for p in search_path),
                      internal=context.get("internal") is not False)
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
    except _FAILURES as exc:
        raise TemplateFailed(_failure(exc, template_name, search_path)) from None


def _failure(exc: BaseException, template_name: str, search_path: tuple[Path, ...]) -> str:
    """What went wrong in a template, where: its file and line when known."""
    if isinstance(exc, TemplateSyntaxError):
        where = display_path(exc.filename) if exc.filename else exc.name or template_name
        return f"{where}:{exc.lineno}: template syntax error: {exc.message}"
    if isinstance(exc, TemplateNotFound):
        searched = ", ".join(display_path(p) for p in (*search_path, templates_dir()))
        return f"template not found: {exc.name} (searched: {searched})"
    if isinstance(exc, SecurityError):
        return _located(exc, "refused by the template sandbox", template_name)
    if isinstance(exc, RecursionError):
        return _located(exc, "template error", template_name, "it calls itself without end")
    if isinstance(exc, MemoryError):
        return _located(exc, "template stopped", template_name,
                        "it needs more memory than there is")
    if isinstance(exc, _Runaway):
        return _located(exc, "template stopped", template_name)
    return _located(exc, "template error", template_name)


def _located(exc: BaseException, what: str, template_name: str, why: str = "") -> str:
    location = _template_location(exc)
    where = f"{display_path(location[0])}:{location[1]}" if location else template_name
    return f"{where}: {what}: {why or exc}"
