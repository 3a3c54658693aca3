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


class ValidationFailed(BriefpackError):
    """One or more files are invalid; every problem found is listed, one a line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.loc, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """Every problem, then how many there are in how many files."""
        files = len({p.path for p in self.problems})
        n = len(self.problems)
        return [*(str(p) for p in self.problems),
                (f"{n} problem{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}; "
                 "nothing was written.")]


class TemplateFailed(BriefpackError):
    """A template could not be rendered: names the template file and line."""


class OutputExists(BriefpackError):
    """An output file exists and --force was not given."""
