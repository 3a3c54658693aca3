"""Earlier meetings on the same records: what was tried before this one.

An escalation is worth most when it can say what was tried at the level below. The meeting
files beside this one (same folder, same organisation, an earlier date) that name a record this
meeting names (``C-05``, ``I-01``) are read, and their attendees and recorded outcomes are
shown. A file that is not a valid meeting is passed over: it is not this command's input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefpack.data.context import MeetingContext
from briefpack.data.models import Meeting
from briefpack.data.others import meeting_in, org_of
from briefpack.packs.common import long_date, short_title
from briefpack.packs.records import names_record


@dataclass
class EarlierMeeting:
    """An earlier meeting that dealt with some of the same records."""

    date: str
    title: str
    vendor: list[str]  # "Sam Rivera (AE)"
    cited: list[str]  # the records both meetings name
    outcomes: list[str]  # "Sam Rivera (commitment, due 2026-12-17): Will confirm ..."


def _text(meeting: Meeting) -> str:
    parts = [*meeting.objectives, meeting.ask, meeting.notes]
    return "\n".join(parts + [f"{item.title} {item.note}" for item in meeting.agenda])


def _attendees(ctx: MeetingContext, meeting: Meeting) -> list[str]:
    out = []
    for person in meeting.attendees.vendor:
        member = ctx.org.member(person.name)
        role = ctx.playbook.role(person.role or (member.role if member else ""))
        out.append(f"{person.name} ({short_title(role.title)})" if role else person.name)
    return out


def _outcome(outcome) -> str:
    kind = outcome.kind + (f", due {outcome.due.isoformat()}" if outcome.due else "")
    who = f"{outcome.made_by} ({kind})" if outcome.made_by else kind.capitalize()
    return f"{who}: {outcome.summary}"


def earlier_meetings(meeting_file: Path, ctx: MeetingContext, cited: list[str]
                     ) -> list[EarlierMeeting]:
    """Meetings before this one, beside its file and of its organisation, that name one of
    the records in ``cited``; oldest first."""
    found: list[tuple[Meeting, list[str]]] = []
    for other in _earlier_of_organisation(Path(meeting_file), ctx.meeting):
        text = _text(other)
        shared = [i for i in cited if names_record(text, i)]
        if shared:
            found.append((other, shared))
    found.sort(key=lambda pair: pair[0].date)
    return [EarlierMeeting(long_date(m.date), m.title, _attendees(ctx, m), shared,
                           [_outcome(o) for o in m.outcomes])
            for m, shared in found]


def _earlier_of_organisation(meeting_file: Path, meeting: Meeting) -> Iterator[Meeting]:
    """The meetings in the files beside ``meeting_file`` that come before ``meeting`` and are
    of its organisation. Each organisation a file names is resolved once."""
    org = org_of(meeting_file, meeting)
    orgs: dict[str | None, Path | None] = {meeting.org: org}  # by what a file names
    for path in sorted([*meeting_file.parent.glob("*.yaml"), *meeting_file.parent.glob("*.yml")]):
        if path.name == meeting_file.name:  # this meeting's own file: same folder, same name
            continue
        other = meeting_in(path)
        if other is None or other.date >= meeting.date:
            continue
        if other.org not in orgs:
            orgs[other.org] = org_of(path, other)
        if orgs[other.org] == org:
            yield other
