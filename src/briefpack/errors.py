"""Every error briefpack reports to a user.

All derive from :class:`BriefpackError`. The library raises them and knows nothing of the
command line: :mod:`briefpack.cli` turns any of them into its message on stderr and exit
code 1, with no traceback, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """Path as the user should read it: relative to the current folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


class BriefpackError(Exception):
    """An error caused by the user's input or environment, reported without a traceback."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """What the user is told, one line each (the CLI prints them on stderr)."""
        return [f"error: {self.message}"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, at one line, at one place in its data."""

    path: str
    line: int
    loc: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        return f"{where} {self.loc}: {self.message}" if self.loc else f"{where} {self.message}"

    def as_warning(self) -> str:
        """The problem as a warning: ``file:line: warning: ...``."""
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        return f"{where} warning: {f'{self.loc}: ' if self.loc else ''}{self.message}"


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.loc, p.message))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


class ValidationFailed(BriefpackError):
    """One or more files are invalid; every problem found is listed, one a line. ``warnings``
    (``validate``'s) are listed first; raised with warnings alone, they are what failed
    (``validate --strict``)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] = ()):
        self.problems = _sorted(problems)
        self.warnings = _sorted(list(warnings))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """Every warning and problem, then how many there are in how many files."""
        shown = [*(w.as_warning() for w in self.warnings), *(str(p) for p in self.problems)]
        if not self.problems:
            return [*shown, (f"{_count(len(self.warnings), 'warning')}, which --strict makes "
                             "errors; nothing was written.")]
        files = len({p.path for p in self.problems})
        also = f" and {_count(len(self.warnings), 'warning')}" if self.warnings else ""
        return [*shown, (f"{_count(len(self.problems), 'problem')} in "
                         f"{_count(files, 'file')}{also}; nothing was written.")]


class TemplateFailed(BriefpackError):
    """A template could not be rendered: names the template file and line."""


class OutputExists(BriefpackError):
    """An output file exists and --force was not given."""
