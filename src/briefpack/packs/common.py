"""What several packs print the same way: dates, the internal marking, agenda rows, facts
grouped by category, and the renewal and fiscal position."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from briefpack.data.models import Agreement, MeetingAgendaItem, Organisation
from briefpack.data.playbook import AgendaItem, Category, Playbook
from briefpack.data.terms import renewal_on
from briefpack.packs.fiscal import FiscalPosition, fiscal_position

DEFAULT_MARKING = "INTERNAL — NOT FOR DISTRIBUTION TO {vendor}"
OPEN_COMMITMENT = ("verbal", "written")


def marking_for(org: Organisation, vendor_name: str) -> str:
    """The marking printed on every page of internal documents."""
    return org.marking or DEFAULT_MARKING.format(vendor=vendor_name.upper())


def short_title(title: str) -> str:
    """A role's short name: ``AE`` of ``Account Executive (AE)``; the title when it has none."""
    match = re.search(r"\(([^()]+)\)\s*$", title)
    return match.group(1) if match else title


_WORD = re.compile(r"[a-z0-9%]+")
_SMALL_WORDS = frozenset((
    "a", "an", "and", "any", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "they", "this",
    "to", "until", "with", "you", "your"))


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _SMALL_WORDS}


def restates(text: str, printed: list[str], share: float = 0.6) -> bool:
    """Whether ``text`` says again what one of the ``printed`` sentences says: at least
    ``share`` of its words are in that sentence. No paragraph is printed twice."""
    mine = _words(text)
    return bool(mine) and any(len(mine & _words(other)) >= share * len(mine) for other in printed)


def long_date(day: date) -> str:
    """``3 December 2026``: unambiguous on both sides of the Atlantic."""
    return f"{day.day} {day:%B %Y}"


def add_working_days(day: date, days: int) -> date:
    """``day`` plus ``days`` working days (Monday to Friday)."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@dataclass
class AgendaRow:
    """One timed agenda item."""

    title: str
    minutes: int
    owner: str  # us | vendor | joint
    owner_label: str
    start: str = ""  # HH:MM when the meeting has a time
    note: str = ""  # internal only
    ours: bool = False
    added: bool = False  # added by the meeting file rather than the meeting type


def agenda_rows(items: list[AgendaItem] | list[MeetingAgendaItem], org_name: str,
                vendor_name: str, internal: bool, added: bool = False) -> list[AgendaRow]:
    """Agenda items as rows, each owner named (``us`` is the organisation); the items'
    internal notes only when ``internal``."""
    labels = {"us": org_name, "vendor": vendor_name, "joint": "Joint"}
    return [AgendaRow(i.title, i.minutes, i.owner, labels[i.owner],
                      note=i.note if internal else "", ours=i.owner == "us", added=added)
            for i in items]


@dataclass
class FactView:
    """An organisation fact as the internal pack shows it."""

    id: str
    text: str
    note: str
    shared: bool = False
    leverage: bool = False


@dataclass
class CategoryBlock:
    """A category with the organisation's facts in it."""

    category: Category
    facts: list[FactView]
    reason: str = ""
    probed_by: list[str] = field(default_factory=list)  # "Name (role title)"
    avoid: list[str] = field(default_factory=list)  # phrases to avoid in front of those people


@dataclass
class Position:
    """Where the agreement and the vendor's fiscal year stand on a given day."""

    agreement_type: str
    agreement_number: str
    renewal_date: str
    days_to_renewal: int | None
    fiscal: FiscalPosition | None


def agreement_name(agreement: Agreement | None, playbook: Playbook) -> str:
    """The agreement's type as printed: as the organisation wrote it, or the playbook's name
    for its kind when it gives only the kind's id (``mca-e``)."""
    if agreement is None:
        return ""
    entry = playbook.agreement(agreement.kind)
    return entry.name if entry and agreement.type.strip().casefold() == entry.id else (
        agreement.type)


def position_on(day: date, agreement: Agreement | None, playbook: Playbook) -> Position:
    """The agreement's renewal and the vendor's fiscal position as seen on ``day``: the
    renewal is the first of the agreement's own terms ending on or after ``day`` (an MCA-E's
    next order form), else its last (:func:`briefpack.data.terms.renewal_on`)."""
    term = renewal_on(day, agreement)
    renewal = term.ends if term else None
    calendar = playbook.vendor.fiscal_calendar
    return Position(
        agreement_type=agreement_name(agreement, playbook),
        agreement_number=agreement.number if agreement else "",
        renewal_date=long_date(renewal) if renewal else "",
        days_to_renewal=(renewal - day).days if renewal else None,
        fiscal=fiscal_position(day, calendar.year_end) if calendar else None,
    )
