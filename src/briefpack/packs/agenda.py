"""The shareable agenda: the meeting's timed agenda, fit to send to the vendor.

:func:`agenda_view` builds it from names, times, agenda titles and the facts
:func:`briefpack.packs.flow.shareable_facts` lets through, and nothing else, so no template,
built-in or an organisation's own, can print a protected fact into it. The calendar invite
(:mod:`briefpack.packs.invite`) is made from the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from briefpack.data.checks import Person
from briefpack.data.context import MeetingContext
from briefpack.packs.common import AgendaRow, agenda_rows, long_date
from briefpack.packs.flow import shareable_facts


@dataclass
class AgendaView:
    """Everything the shareable agenda shows: no fact except those the rules let through."""

    org_name: str
    vendor_name: str
    title: str
    date: str
    time: str
    duration: int
    location: str
    meeting_type_name: str
    vendor_attendees: list[Person]
    our_attendees: list[Person]
    agenda: list[AgendaRow]
    agenda_minutes: int
    shared_facts: list[str]


def timed_agenda(ctx: MeetingContext, internal: bool) -> list[AgendaRow]:
    """The agenda as held (:attr:`MeetingContext.agenda`: the type's items as the meeting
    changes them, its own before the closing item), timed."""
    org_name, vendor_name = ctx.org.name, ctx.playbook.vendor.name
    rows = [row for item in ctx.agenda
            for row in agenda_rows([item], org_name, vendor_name, internal, added=item.added)]
    if ctx.meeting.time:
        start = datetime.strptime(ctx.meeting.time, "%H:%M").time()
        clock = datetime.combine(ctx.meeting.date, start)
        for row in rows:
            row.start = f"{clock:%H:%M}"
            clock += timedelta(minutes=row.minutes)
    return rows


def agenda_view(ctx: MeetingContext) -> AgendaView:
    """The shareable agenda's view model. Receives only shareable facts, by construction."""
    rows = timed_agenda(ctx, internal=False)
    facts = shareable_facts(ctx.org, ctx.playbook, ctx.roles, ctx.meeting.share)
    return AgendaView(
        org_name=ctx.org.name,
        vendor_name=ctx.playbook.vendor.name,
        title=ctx.meeting.title,
        date=long_date(ctx.meeting.date),
        time=ctx.meeting.time or "",
        duration=ctx.meeting.duration or sum(r.minutes for r in rows),
        location=ctx.meeting.location,
        meeting_type_name=ctx.meeting_type.name,
        vendor_attendees=[Person(p.name, p.title) for p in ctx.vendor],
        our_attendees=[Person(p.name, p.title) for p in ctx.ours],
        agenda=rows,
        agenda_minutes=sum(r.minutes for r in rows),
        shared_facts=[f.text for f in facts],
    )
