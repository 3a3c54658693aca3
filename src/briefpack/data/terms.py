"""The dates an organisation's renewals and own deadlines fall on, read from org.yaml.

An agreement ends in one or more terms: an Enterprise Agreement on its ``renewal_date``; an
MCA-E, whose master agreement does not expire, on the end of each of its ``order_forms``; a CSP
agreement on the end of each of its ``subscriptions`` (an MCA-E or CSP agreement that lists
none ends on its ``renewal_date``). Order forms and subscriptions listed under an agreement of
another kind are terms of their own kind (an EA with a few CSP subscriptions beside it). The
organisation's own deadlines are its facts with a date: a fact's ``deadline``, else the one
YYYY-MM-DD date in the text of a fact of one of the playbook's ``deadline_categories``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from briefpack.data.load import LoadedOrg
from briefpack.data.models import Agreement, Fact, Organisation, Term
from briefpack.data.playbook import Playbook
from briefpack.errors import Problem

# the lists of org.yaml's agreement that hold terms of their own, and the kind of each (the data
# contract: "an mca-e lists its order forms")
TERM_LISTS = {"order_forms": "mca-e", "subscriptions": "csp"}
_TERM_NAMES = {"order_forms": "order form", "subscriptions": "subscription"}


@dataclass(frozen=True)
class TermEnd:
    """A term of the agreement and the day it ends."""

    kind: str  # the agreement kind whose milestones apply: ea, mca-e, csp ("" when unknown)
    ends: date
    part: str  # "" for the agreement itself, else "order form" or "subscription"
    id: str = ""  # the order form's or subscription's id
    name: str = ""  # what it covers


@dataclass(frozen=True)
class Deadline:
    """One of the organisation's own deadlines: internal, never in a shareable document."""

    day: date
    fact: Fact


def _listed(agreement: Agreement, field: str) -> list[Term]:
    return list(getattr(agreement, field))


def agreement_terms(agreement: Agreement | None) -> list[TermEnd]:
    """Every term of the agreement, by end date: the agreement's own (its ``renewal_date``,
    unless its order forms or subscriptions are its terms) and each order form and
    subscription."""
    if agreement is None:
        return []
    terms = [TermEnd(kind, t.end_date, _TERM_NAMES[field], t.id, t.name)
             for field, kind in TERM_LISTS.items() for t in _listed(agreement, field)]
    own_listed = any(kind == agreement.kind and _listed(agreement, field)
                     for field, kind in TERM_LISTS.items())
    if agreement.renewal_date and not own_listed:
        terms.append(TermEnd(agreement.kind or "", agreement.renewal_date, ""))
    return sorted(terms, key=lambda t: t.ends)


def renewal_on(day: date, agreement: Agreement | None) -> TermEnd | None:
    """The renewal the packs count down to on ``day``: the first term of the agreement's own
    kind that ends on or after it (else its last); ``None`` without one."""
    own = [t for t in agreement_terms(agreement) if agreement and t.kind == (agreement.kind or "")]
    return next((t for t in own if t.ends >= day), own[-1] if own else None)


_ISO_DAY = re.compile(r"(?<![\d-])(\d{4})-(\d\d)-(\d\d)(?![\d-])")


def _one_date(text: str) -> date | None:
    """The one valid YYYY-MM-DD date in ``text``; ``None`` with none or several."""
    days = set()
    for m in _ISO_DAY.finditer(text):
        try:
            days.add(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            continue
    return days.pop() if len(days) == 1 else None


def own_deadlines(org: Organisation, playbook: Playbook) -> list[Deadline]:
    """The organisation's own deadlines, by date: each fact's ``deadline``, else the one date
    in the text of a fact of a deadline category."""
    found = []
    for fact in org.facts:
        day = fact.deadline or (_one_date(fact.text)
                                if fact.category in playbook.deadline_categories else None)
        if day is not None:
            found.append(Deadline(day, fact))
    return sorted(found, key=lambda d: d.day)


def term_problems(loaded: LoadedOrg) -> list[Problem]:
    """Order forms' and subscriptions' ids are unique and each term, and the MACC, ends after
    it starts."""
    agreement = loaded.org.agreement if loaded.org else None
    if agreement is None:
        return []
    problems = []
    dated: list[tuple[tuple, date | None, date]] = []
    for field in TERM_LISTS:
        seen: set[str] = set()
        for i, term in enumerate(_listed(agreement, field)):
            if term.id.casefold() in seen:
                problems.append(loaded.doc.problem(
                    ("agreement", field, i, "id"),
                    f"duplicate {_TERM_NAMES[field]} id '{term.id}'; each must be unique"))
            seen.add(term.id.casefold())
            dated.append((("agreement", field, i, "end_date"), term.start_date, term.end_date))
    if agreement.macc:
        dated.append((("agreement", "macc", "end_date"), agreement.macc.start_date,
                      agreement.macc.end_date))
    for loc, start, end in dated:
        if start and end < start:
            problems.append(loaded.doc.problem(
                loc, f"end_date ({end}) is before start_date ({start})"))
    return problems
