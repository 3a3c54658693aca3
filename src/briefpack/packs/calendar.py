"""The renewal calendar: the milestones of an organisation's agreements, its own deadlines and
the vendor's quarter and year ends, as a list and as an internal iCalendar file.

The calendar is internal. Its ``.ics`` carries the organisation's marking at the head of every
event's description, is marked ``CLASS:PRIVATE`` and free time (``TRANSP:TRANSPARENT``), and has
no organiser, attendee or method: it is a file to open in one's own calendar, never an
invitation that could reach the vendor. Every event is an all-day event with the milestone's
alarms (at 09:00, so many days before), a UID that stays the same for the same milestone of the
same term, so that importing it again updates the events instead of adding others.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from briefpack import __version__
from briefpack.data.models import Organisation
from briefpack.data.playbook import Playbook, Source, Statement
from briefpack.data.provenance import with_note
from briefpack.data.terms import TermEnd, agreement_terms, own_deadlines
from briefpack.packs.clock import Occurrence, late_start, occurrences
from briefpack.packs.common import agreement_name, long_date, marking_for


@dataclass
class CalendarEntry:
    """One date of the calendar."""

    day: date
    days: int  # from the as-of date; negative when past
    title: str
    what_for: str  # the agreement, order form, subscription, MACC, deadline or vendor
    note: str  # why the date matters, with its backing note
    sources: list[Source]
    alarms: list[int]  # days before, at 09:00
    detail: str = ""  # the fact behind one of our deadlines (internal)
    key: str = ""  # what makes its UID

    @property
    def source_kinds(self) -> str:
        """The kinds of its sources: ``public``, ``seed``, ``practice`` or ``unlocated``."""
        return ", ".join(dict.fromkeys(s.kind for s in self.sources)) or "none"


@dataclass
class CalendarView:
    """The calendar of one organisation between two dates."""

    org_name: str
    vendor_name: str
    marking: str
    as_of: date
    start: date
    end: date
    entries: list[CalendarEntry]
    late: list[str] = field(default_factory=list)  # terms whose preparation started late


def term_label(term: TermEnd, org: Organisation, pb: Playbook) -> str:
    """``Enterprise Agreement EA-61834207``, ``order form OF-7 (Azure)``."""
    if not term.part:
        agreement = org.agreement
        name = agreement_name(agreement, pb) if agreement else ""
        return " ".join(p for p in (name, agreement.number if agreement else "") if p)
    return f"{term.part} {term.id}" + (f" ({term.name})" if term.name else "")


def _what_for(occurrence: Occurrence, org: Organisation, pb: Playbook) -> str:
    anchor = occurrence.anchor
    if anchor.term is not None:
        return term_label(anchor.term, org, pb)
    if anchor.deadline is not None:
        category = pb.category(anchor.deadline.fact.category)
        label = category.label if category else anchor.deadline.fact.category
        return f"{label} ({anchor.deadline.fact.id})"
    if occurrence.milestone.anchor == "macc-end":
        return "MACC"
    return pb.vendor.name


def _entry(occurrence: Occurrence, org: Organisation, pb: Playbook, as_of: date
           ) -> CalendarEntry:
    milestone, anchor = occurrence.milestone, occurrence.anchor
    by_id = {s.id: s for s in pb.vendor.sources}
    term = anchor.term
    key = ":".join((milestone.id, occurrence.offset, term.part if term else "",
                    term.id if term else "", anchor.deadline.fact.id if anchor.deadline else "",
                    anchor.day.isoformat()))
    return CalendarEntry(
        day=occurrence.day, days=(occurrence.day - as_of).days, title=occurrence.title,
        what_for=_what_for(occurrence, org, pb),
        note=with_note(pb, Statement(text=milestone.note, source=milestone.source), []),
        sources=[by_id[s] for s in milestone.source if s in by_id],
        alarms=list(milestone.alarms),
        detail=anchor.deadline.fact.text if anchor.deadline else "", key=key)


def default_end(org: Organisation, pb: Playbook, as_of: date) -> date:
    """The last date a calendar from ``as_of`` runs to by default: the last term's, MACC's or
    deadline's end still ahead, else a year on."""
    ends = [t.ends for t in agreement_terms(org.agreement)]
    ends += [d.day for d in own_deadlines(org, pb)]
    if org.agreement and org.agreement.macc:
        ends.append(org.agreement.macc.end_date)
    ahead = [day for day in ends if day >= as_of]
    return max(ahead) if ahead else as_of + timedelta(days=365)


def calendar_view(org: Organisation, pb: Playbook, as_of: date, start: date | None = None,
                  end: date | None = None) -> CalendarView:
    """The calendar from ``start`` (default: ``as_of``) to ``end`` (default:
    :func:`default_end`), with the terms whose preparation, as of ``as_of``, started late."""
    start = start or as_of
    end = end or default_end(org, pb, as_of)
    event = f"As of {long_date(as_of)},"
    late = [(term, statement) for term in agreement_terms(org.agreement)
            if (statement := late_start(pb, term, as_of, event))]
    return CalendarView(
        org_name=org.name, vendor_name=pb.vendor.name, marking=marking_for(org, pb.vendor.name),
        as_of=as_of, start=start, end=end,
        entries=[_entry(o, org, pb, as_of) for o in occurrences(org, pb, start, end)],
        late=[f"{term_label(term, org, pb)}: {with_note(pb, statement, [])}."
              for term, statement in late])


def _when(days: int) -> str:
    if days == 0:
        return "today"
    return f"in {days} day{'s' if days != 1 else ''}" if days > 0 else f"{-days} days ago"


def calendar_text(view: CalendarView) -> str:
    """The calendar as lines of text: date, days from the as-of date, what, for what, the kinds
    of its sources; the marking first and late starts last."""
    head = (f"{view.org_name}: renewal calendar, {view.start.isoformat()} to "
            f"{view.end.isoformat()}, as of {view.as_of.isoformat()}")
    rows = [(e.day.isoformat(), _when(e.days), e.title, e.what_for, e.source_kinds)
            for e in view.entries]
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(4)]
    lines = [view.marking, head, ""]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths)) + "  " + r[4]
              for r in rows] or ["No milestone in this range."]
    if view.late:
        lines += ["", "Late start:"] + [f"  {text}" for text in view.late]
    return "\n".join(lines) + "\n"


def _description(entry: CalendarEntry, marking: str) -> str:
    lines = [marking, "", entry.note, f"For: {entry.what_for}"]
    if entry.detail:
        lines.append(f"Ours, never to the vendor: {entry.detail}")
    sources = [s.title + (f" ({s.url})" if s.url and s.kind == "public" else "")
               for s in entry.sources]
    if sources:
        lines += ["", "Sources: " + "; ".join(sources)]
    return "\n".join(lines)


def calendar_bytes(view: CalendarView, stamp: datetime | None = None) -> bytes:
    """The calendar as an internal iCalendar file, one all-day event per entry."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//briefpack//briefpack {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{view.org_name}: renewal calendar (internal)")
    stamp = stamp or datetime.now(timezone.utc).replace(microsecond=0)
    for entry in view.entries:
        event = Event()
        event.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, f'briefpack:{view.org_name}:{entry.key}')}"
                         "@briefpack")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", f"{entry.title}: {entry.what_for}")
        event.add("description", _description(entry, view.marking))
        event.add("class", "PRIVATE")
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Internal", "Renewal"])
        for days in entry.alarms:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{entry.title}: {entry.what_for}")
            alarm.add("trigger", timedelta(days=-days, hours=9))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
