"""Ids in the files users write: one that names nothing known (with the id the user probably
meant), and one given twice.

A user writes ``technical deep dive`` or ``Technical_Deep_Dive`` for ``technical-deep-dive``:
ids are compared after :func:`normalise` (lower case, spaces and underscores as hyphens), and
when that does not find one, the closest by spelling is offered.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable


def normalise(value: str) -> str:
    """``Technical Deep_Dive`` → ``technical-deep-dive``: how an id would have been written."""
    return re.sub(r"[\s_-]+", "-", str(value).strip().casefold()).strip("-")


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known id that ``value`` most probably means: the same once normalised, else the
    nearest by spelling (``quarterly-review`` finds nothing; ``qbrr`` finds ``qbr``)."""
    choices = list(dict.fromkeys(known))
    key = normalise(value)
    by_form = {normalise(k): k for k in choices}
    if key in by_form:
        return by_form[key]
    match = difflib.get_close_matches(key, list(by_form), n=1, cutoff=0.75)
    return by_form[match[0]] if match else None


def unknown(kind: str, value: str, known: list[str], hint: str | None = None) -> str:
    """``unknown meeting type 'technical deep dive'; did you mean 'technical-deep-dive'?
    Expected one of: ...``. ``hint`` overrides the id offered."""
    guess = hint if hint is not None else closest(value, known)
    did_you = f"; did you mean '{guess}'?" if guess and guess != value else ""
    listing = f" Expected one of: {', '.join(known)}" if did_you else (
        f"; expected one of: {', '.join(known)}")
    return f"unknown {kind} '{value}'{did_you}{listing}"


def duplicates(items: list, key: str) -> list[tuple[int, str]]:
    """Index and value of every item whose ``key`` an earlier item already has."""
    counts = Counter(getattr(i, key) for i in items)
    seen: set = set()
    out = []
    for index, item in enumerate(items):
        value = getattr(item, key)
        if counts[value] > 1:
            if value in seen:
                out.append((index, value))
            seen.add(value)
    return out
