"""``--format ics``: the meeting as an iCalendar event, ``<date>-<slug>-invite.ics``.

The invite is shareable. Its description is the shareable agenda in plain text, rendered with
``invite.txt.j2`` (an organisation may override it) from the very view model the shareable
agenda gets, :func:`briefpack.packs.agenda.agenda_view`, so no protected fact can reach it; the other
properties are the meeting's title, time, location and attendees.

- Start: the meeting's date and time, in the meeting's ``timezone`` (else the organisation's)
  with its VTIMEZONE; without a time zone, floating local time. A meeting without a time is an
  all-day event on its date.
- End: start plus the meeting's duration (default: the agenda's total).
- Attendees: our people and the vendor's, each by name (CN); the address is ``mailto:`` their
  e-mail from the rosters, or a bare ``mailto:`` (no recipient, RFC 6068) when none is known,
  never an invented address. The organiser is the first of our attendees.
- UID: derived from the organisation, date and title, so regenerating the invite gives the
  same UID and a calendar updates the event rather than adding a second one.
- No METHOD: a calendar file to open or attach, not an iTIP request that would send replies.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from briefpack import __version__
from briefpack.data.context import MeetingContext
from briefpack.packs.agenda import AgendaView, agenda_view
from briefpack.render.escape import unescape_markdown
from briefpack.render.jinja import render
from briefpack.word.output import slugify


def invite_text(view: AgendaView, template_path: tuple[Path, ...] = ()) -> str:
    """The invite's description: the shareable agenda as plain text."""
    rendered = render("invite.txt.j2", {"v": view, "internal": False}, template_path)
    # Templates see data escaped for Markdown; this text is plain, so print it literally.
    text = unescape_markdown(rendered)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def meeting_uid(org_name: str, day: date, title: str) -> str:
    """A UID that stays the same for the same meeting (organisation, date and title)."""
    key = f"briefpack:{org_name}:{day.isoformat()}:{slugify(title)}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@briefpack"


def _address(name: str, email: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email.strip()}")
    address.params["CN"] = name
    address.params["CUTYPE"] = "INDIVIDUAL"
    if role:
        address.params["ROLE"] = role
    return address


def invite_calendar(ctx: MeetingContext, template_path: tuple[Path, ...] = (),
                    stamp: datetime | None = None) -> Calendar:
    """The meeting as a calendar holding one event."""
    view = agenda_view(ctx)
    meeting = ctx.meeting
    zone_name = meeting.timezone or ctx.org.timezone
    event = Event()
    event.add("uid", meeting_uid(ctx.org.name, meeting.date, meeting.title))
    event.add("dtstamp", stamp or datetime.now(timezone.utc).replace(microsecond=0))
    event.add("summary", meeting.title)
    if meeting.time:
        start = datetime.combine(meeting.date, time.fromisoformat(meeting.time))
        if zone_name:
            start = start.replace(tzinfo=ZoneInfo(zone_name))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=view.duration))
    else:  # all-day: DTEND is the next day (exclusive)
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + timedelta(days=1))
    if view.location:
        event.add("location", view.location)
    event.add("description", invite_text(view, template_path))
    emails = {m.name.casefold(): m.email for m in ctx.org.account_team}
    ours = {m.name.casefold(): m.email for m in ctx.org.our_team}
    if view.our_attendees:
        first = view.our_attendees[0]
        event.add("organizer", _address(first.name, ours.get(first.name.casefold(), "")))
    for person in view.our_attendees:
        event.add("attendee", _address(person.name, ours.get(person.name.casefold(), ""),
                                       "REQ-PARTICIPANT"))
    for person in view.vendor_attendees:
        event.add("attendee", _address(person.name, emails.get(person.name.casefold(), ""),
                                       "REQ-PARTICIPANT"))
    calendar = Calendar()
    calendar.add("prodid", f"-//briefpack//briefpack {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(event)
    if zone_name and meeting.time:  # the zone's rules around the meeting, not since 1970
        year = meeting.date.year
        calendar.add_missing_timezones(date(year - 1, 1, 1), date(year + 2, 1, 1))
    return calendar


def invite_bytes(ctx: MeetingContext, template_path: tuple[Path, ...] = (),
                 stamp: datetime | None = None) -> bytes:
    """The meeting's .ics file."""
    return invite_calendar(ctx, template_path, stamp).to_ical()
