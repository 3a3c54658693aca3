"""What every draft reader shares: the line type, the error, and text and date helpers.

A draft is read into :class:`DraftLine` s, each with a ``location`` as the user should look for
it; how each format numbers its locations is told in the module that reads it
(:mod:`~briefpack.guard.drafts` for plain text and .docx, :mod:`~briefpack.guard.mail` for .eml
and .msg). This module imports no other module of briefpack, so all the readers can import it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class DraftError(ValueError):
    """The draft cannot be read: unsupported type, missing, or not a valid file of its type."""


class DraftLine(NamedTuple):
    """One line of a draft: where it is, its text, and whether it may run on into the next line.

    ``joins_next`` is true for hard-wrapped text (a sentence may continue on the next line), so
    the checker also looks at the two lines together.
    """

    location: str
    text: str
    note: str = ""
    joins_next: bool = False


def plausible_date(when: object, local: bool = True) -> dt.date | None:
    """The date of ``when`` (a datetime; naive means UTC), in the local time zone when
    ``local``, else in its own; None for anything else and for placeholder dates (Outlook
    writes 1601-01-01 or 4500-08-31 for 'none')."""
    if not isinstance(when, dt.datetime) or not 1980 <= when.year < 3000:
        return None
    if local:
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        when = when.astimezone()
    return when.date()


def decode(raw: bytes) -> str:
    """Text of a file in UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def plain_lines(lines: list[str], start: int = 1, prefix: str = "") -> list[DraftLine]:
    """Lines of a text file, numbered from ``start``."""
    return [DraftLine(f"{prefix}{start + i}", text, "", runs_on(lines, i))
            for i, text in enumerate(lines)]


def runs_on(lines: list[str], i: int) -> bool:
    """Whether line ``i`` may continue on the next, as hard-wrapped text: neither is blank."""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return bool(lines[i].strip() and nxt.strip())
