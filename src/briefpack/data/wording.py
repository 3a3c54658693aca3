"""The small pattern language of a playbook's ``reveals`` entries: wording that gives a category
away, written the way people write it.

An entry is words in order, separated by spaces:

- ``word``: the word, in any case and with any ending (sign = signs = signed = signing);
- ``a/b/c``: any one of these words; ``sign_off`` inside an alternative is two words;
- ``word?``: the word, or nothing;
- ``!a/b``: the next word is none of these (``board !room`` is not "board room");
- ``...``: up to four other words (``... ...`` up to eight), within one clause;
- ``<amount>``, ``<percent>``, ``<date>`` (a date, month or relative date such as "quarter end"),
  ``<number>`` (any figure) and ``<competitor>`` (a name from the playbook's competitors).

So ``no option/right to extend`` matches "there is no option to extend" and "we have no right
to extend", and ``need/needs/must ... signed before`` matches "we need this signed before".
"""

from __future__ import annotations

import re
from typing import NamedTuple

PLACEHOLDERS = {"amount": ("amount",), "percent": ("percent",),
                "date": ("date", "month", "relative", "span"),
                "number": ("amount", "percent", "date", "month", "relative", "span", "count"),
                "competitor": ("competitor",)}
GAP = 4  # words that ``...`` stands for, at most
_WORD = re.compile(r"[a-z0-9][a-z0-9'’_-]*")


class WordingError(ValueError):
    """A ``reveals`` entry that is not valid wording; the message says what is expected."""


class Slot(NamedTuple):
    """One place in a wording: alternatives (each a tuple of words), a placeholder, or a gap."""

    words: tuple[tuple[str, ...], ...] = ()
    placeholder: str = ""
    optional: bool = False
    gap: bool = False
    negated: bool = False  # the next word is none of ``words``


def parse_wording(text: str) -> list[Slot]:
    """The slots of a ``reveals`` entry; raise :class:`WordingError` for one ``check`` cannot
    match (an unknown placeholder, a stray character, nothing but gaps)."""
    slots = [_slot(part, text) for part in text.lower().split()]
    if not any((s.words and not s.negated) or s.placeholder for s in slots):
        raise WordingError(f"'{text}' has no word to match; expected words in order, a/b for "
                           "alternatives, ... for a gap, <amount> and the like for a figure")
    if slots[0].gap or slots[-1].gap:
        raise WordingError(f"'{text}' starts or ends with '...'; a gap goes between words")
    return slots


def _slot(part: str, text: str) -> Slot:
    """One space-separated part of a wording."""
    if part == "...":
        return Slot(gap=True)
    optional = part.endswith("?") and len(part) > 1
    part = part.rstrip("?") if optional else part
    negated = part.startswith("!") and len(part) > 1
    part = part[1:] if negated else part
    m = re.fullmatch(r"<([a-z]+)>", part)
    if m:
        if m.group(1) not in PLACEHOLDERS:
            raise WordingError(f"unknown placeholder <{m.group(1)}> in '{text}'; expected one of "
                               + ", ".join(f"<{p}>" for p in PLACEHOLDERS))
        return Slot(placeholder=m.group(1), optional=optional)
    alternatives = part.split("/")
    if not all(_WORD.fullmatch(a) for a in alternatives):
        raise WordingError(f"'{part}' in '{text}' is not a word or a/b alternatives; use "
                           "letters, digits, an apostrophe or a hyphen")
    words = tuple(tuple(w for w in re.split(r"[_-]", a) if w) for a in alternatives)
    return Slot(words=words, optional=optional and not negated, negated=negated)
