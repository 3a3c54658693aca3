"""How well a statement of the playbook is supported, said where it is printed.

Every statement names its sources (its own, or its entry's). A figure (a percentage, a range, an
amount, a duration: a discount band, a quota, a lead time) that only one publisher gives, or
only firms that sell the advice they describe, and no official source (the vendor's own
documentation or filings), carries a note in the packs ("one adviser's figure"), so nobody reads
one adviser's estimate as Microsoft's policy. Sources of kind ``practice`` are briefpack's own
advice, shown as such in each pack's sources appendix, and need no note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from briefpack.data.playbook import Playbook, Source, Statement

# a figure: a percentage, a range, an amount, a duration, a list of days ("120, 90 and 60
# days"); not a number that is part of a name (Dynamics 365, Q4, FY27, E5)
_FIGURE = re.compile(r"""
    \d[\d.,]*\s*%                                        # 18%
  | \d[\d.,]*\s*[–-]\s*\d                                # 3–8, 12–15
  | (?:USD|EUR|GBP|[$€£])\s*\d | \d[\d.,]*\s*[MKk]?\s*(?:USD|EUR|GBP)\b   # amounts
  | \b\d+(?:,\s*\d+)*(?:\s+(?:and|or)\s+\d+)?\s+(?:working\s+)?(?:days?|weeks?|months?|years?)\b
""", re.VERBOSE)


def sources_of(pb: Playbook, statement: Statement, inherited: list[str]) -> list[Source]:
    """The sources behind ``statement``: its own, else those of the entry it belongs to."""
    ids = statement.source or inherited
    return [s for s in pb.vendor.sources if s.id in ids]


def backing_note(pb: Playbook, statement: Statement | None, inherited: list[str]) -> str:
    """What the packs print beside a figure that one publisher alone, or only advisers, give:
    "one adviser's figure", "one source's figure", "a figure from advisers only"; "" otherwise
    (a noun phrase: "(one adviser's figure)", "the 3–8% band is one adviser's figure")."""
    if statement is None or not _FIGURE.search(statement.text):
        return ""
    published = [s for s in sources_of(pb, statement, inherited) if s.kind != "practice"]
    if not published or any(s.official for s in published):
        return ""
    publishers = {s.publisher or s.id for s in published}
    advisers = all(s.adviser for s in published)
    if len(publishers) == 1:
        return "one adviser's figure" if advisers else "one source's figure"
    return "a figure from advisers only" if advisers else ""


def with_note(pb: Playbook, statement: Statement | None, inherited: list[str]) -> str:
    """The statement's text with its backing note in brackets, before a closing full stop:
    "typically 5–15M USD a year (one adviser's figure)."."""
    if statement is None:
        return ""
    note = backing_note(pb, statement, inherited)
    if not note:
        return statement.text
    text, stop = (statement.text[:-1], ".") if statement.text.endswith(".") else (
        statement.text, "")
    return f"{text} ({note}){stop}"


def cited(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, BaseModel]]:
    """Every part of ``model`` that names its sources (entries, statements, practices, agenda
    items), with its path of field names (as files write them) and list indexes."""
    fields = type(model).model_fields
    if "source" in fields and "locator" in fields:
        yield path, model
    for name, field in fields.items():
        value, key = getattr(model, name), field.alias or name
        if isinstance(value, BaseModel):
            yield from cited(value, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from cited(item, path + (key, i))


def source_ids(*entries: BaseModel | None) -> list[str]:
    """The source ids ``entries`` and the statements inside them cite, in order, once each."""
    return list(dict.fromkeys(ref for entry in entries if entry is not None
                              for _, part in cited(entry) for ref in part.source))


def said(pb: Playbook, statements: list[Statement], inherited: list[str]) -> list[str]:
    """The statements as the packs print them (each with its backing note), once each."""
    return list(dict.fromkeys(with_note(pb, s, inherited) for s in statements))
