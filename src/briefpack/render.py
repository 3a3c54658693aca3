"""Render view models to Markdown with sandboxed, strict Jinja.

Every ``{{ value }}`` is escaped for Markdown on output (the environment's ``finalize``), so text
from data prints literally: ``| * # [ ] {{ }}`` in a title never changes a document's structure.
Templates are found on an ordered search path: the organisation's ``templates/`` first, then the
built-in ones; ``default:NAME`` always names the built-in template, so an override can extend the
very template it replaces.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError,
    TemplateNotFound, TemplateSyntaxError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import TemplateFailed, display_path
from .resources import templates_dir


class Markdown(str):
    """Text that is already Markdown and is printed as it is (never built from user data)."""


_ALWAYS = re.compile(r"([\\`*_\[\]<>|~&#!{}])")
_LINE_START = re.compile(r"^(\d+(?=[.)])|)([-+=:>.)])")


def escape_markdown(value: Any) -> str:
    """``value`` as Markdown text that renders literally, on one line.

    Backslash-escapes every character CommonMark or its table, task-list and container
    extensions could read as syntax, collapses line breaks (a value never starts a new block),
    and escapes a leading list marker, heading or container fence.
    """
    text = re.sub(r"\s*[\r\n\t\f\v]+\s*", " ", str(value))
    text = _ALWAYS.sub(r"\\\1", text)
    return _LINE_START.sub(r"\1\\\2", text)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape_markdown(value)


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
    text = str(url).strip()
    return Markdown(f"<{text}>") if _URL.match(text) else escape_markdown(text)


def _code(text: Any, language: str = "") -> str:
    """``text`` as a fenced code block, printed exactly (the fence outgrows any backtick run)."""
    body = str(text).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markdown(f"{fence}{escape_markdown(language)}\n{body}\n{fence}")


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


def render(template_name: str, context: dict[str, Any],
           search_path: tuple[Path, ...] = ()) -> str:
    """Render a template to Markdown; errors name the template file and line."""
    env = environment(tuple(search_path))
    try:
        template = env.get_template(template_name)
        return template.render(**context)
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
