"""The commitments register as a working list: every commitment with its age, whether it is
overdue and what to do next, and the chase list of what to get in writing first.

Principle 6 (document everything in writing) and the seed's warning that a new AE may reset
what their predecessor promised verbally make the verbal commitments the ones to chase. The
chase list puts first those made by people who have left the account or are leaving it (their
roster entry has an ``until``), then the most valuable (a commitment's ``value``), then the
oldest. Everything is computed as of one day (``--as-of``), so a listing can be reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from briefpack.data.context import OrgContext
from briefpack.data.discover import yaml_files
from briefpack.data.load import org_file
from briefpack.data.models import Commitment, Organisation
from briefpack.data.others import meeting_in, org_of
from briefpack.errors import BriefpackError
from briefpack.packs.common import long_date, marking_for

STATUSES = ("verbal", "written", "honoured", "broken", "withdrawn")
CLOSED = ("honoured", "withdrawn")


class UnknownName(BriefpackError):
    """``--by`` names nobody who made a commitment or is on the account team."""


@dataclass
class NextMeeting:
    """The organisation's next meeting on or after the register's day, from its meeting files."""

    date: date
    title: str
    file: Path


@dataclass
class RegisterRow:
    """A commitment as the register lists it, as of the register's day."""

    id: str
    date: date
    made_by: str
    summary: str
    status: str
    evidence: str
    due: date | None
    value: int | float | None
    age_days: int  # from its date to the register's day
    overdue: bool  # its due date has passed and it is neither honoured nor withdrawn
    days_overdue: int | None
    maker_until: date | None  # the maker's last day on the account (roster `until`)
    maker_left: bool  # that day is before the register's day
    next_action: str

    @property
    def maker_leaving(self) -> bool:
        """The maker has left the account or is leaving it (their `until` is set)."""
        return self.maker_until is not None


@dataclass
class ChaseItem:
    """A verbal commitment to get in writing, in the order to chase them."""

    rank: int
    id: str
    made_by: str
    reason: str


@dataclass
class RegisterView:
    """The register as listed: the rows that pass the filters and the chase list among them."""

    org_name: str
    vendor_name: str
    marking: str
    as_of: date
    statuses: list[str]
    overdue_only: bool
    by: str | None
    total: int  # commitments in the register, before the filters
    rows: list[RegisterRow]
    chase: list[ChaseItem] = field(default_factory=list)
    next_meeting: NextMeeting | None = None


def next_meeting(org: OrgContext, day: date) -> NextMeeting | None:
    """The earliest meeting on or after ``day`` among the meeting files in the organisation's
    folder (those naming another organisation, and files that are no meeting, passed over)."""
    own = org_file(org.loaded.folder).resolve()
    found = []
    for path in yaml_files(org.loaded.folder):
        meeting = meeting_in(path)
        if meeting is None or meeting.date < day:
            continue
        if meeting.org and org_of(path, meeting) != own:
            continue
        found.append(NextMeeting(meeting.date, meeting.title, path))
    return min(found, key=lambda m: (m.date, m.title), default=None)


def _next_action(c: Commitment, overdue: bool, org: Organisation, day: date,
                 meeting: NextMeeting | None) -> str:
    """What to do next about ``c``, as the register's day finds it."""
    if c.status in CLOSED:
        return "None"
    if c.status == "broken":
        if meeting is None:
            return "Raise it at the next meeting (none is planned in the meeting files yet)"
        return f"Raise it at the next meeting: {meeting.title}, {long_date(meeting.date)}"
    due = f"due {long_date(c.due)}" if c.due else ""
    if c.status == "verbal":
        action = "Get it in writing" + _leaver_note(c, org, day)
        return action + (f"; it was {due}: chase delivery too" if overdue else "")
    if overdue:
        return f"Chase delivery: it was {due}, {days((day - c.due).days)} ago"
    return f"Track: {due}" if due else "Track"


def days(n: int) -> str:
    """``1 day``, ``12 days``."""
    return f"{n} day{'s' if n != 1 else ''}"


def _leaver_note(c: Commitment, org: Organisation, day: date) -> str:
    member = org.member(c.made_by)
    if member is None or member.until is None:
        return ""
    if member.until < day:
        return f" ({c.made_by} left on {long_date(member.until)})"
    return f" before {c.made_by} leaves on {long_date(member.until)}"


def register_row(c: Commitment, org: Organisation, day: date,
                 meeting: NextMeeting | None = None) -> RegisterRow:
    """``c`` as the register lists it on ``day``."""
    overdue = c.due is not None and c.due < day and c.status not in CLOSED
    member = org.member(c.made_by)
    until = member.until if member else None
    return RegisterRow(
        id=c.id, date=c.date, made_by=c.made_by, summary=c.summary, status=c.status,
        evidence=c.evidence, due=c.due, value=c.value, age_days=(day - c.date).days,
        overdue=overdue, days_overdue=(day - c.due).days if overdue else None,
        maker_until=until, maker_left=until is not None and until < day,
        next_action=_next_action(c, overdue, org, day, meeting))


def made_by(name: str, maker: str) -> bool:
    """Whether ``name`` names ``maker``: the full name or one of its words, in any case."""
    wanted = name.casefold().split()
    return wanted == maker.casefold().split() or (
        len(wanted) == 1 and wanted[0] in maker.casefold().split())


def _check_name(org: Organisation, name: str) -> None:
    people = [c.made_by for c in org.commitments] + [m.name for m in org.account_team]
    if not any(made_by(name, person) for person in people):
        makers = ", ".join(dict.fromkeys(c.made_by for c in org.commitments)) or "nobody"
        raise UnknownName(f"nobody named '{name}' made a commitment or is on the account team "
                          f"(commitments were made by: {makers})")


def chase_order(rows: list[RegisterRow]) -> list[ChaseItem]:
    """The verbal commitments to get in writing, first to last: those of people who have left
    the account or are leaving it, then by value (the largest first, none last), then by age
    (the oldest first)."""
    verbal = [r for r in rows if r.status == "verbal"]
    verbal.sort(key=lambda r: (not r.maker_leaving, r.value is None, -(r.value or 0),
                               -r.age_days, r.id))
    return [ChaseItem(rank, r.id, r.made_by, _chase_reason(r))
            for rank, r in enumerate(verbal, 1)]


def _chase_reason(row: RegisterRow) -> str:
    parts = []
    if row.maker_until is not None:
        went = "left" if row.maker_left else "leaves"
        parts.append(f"{row.made_by} {went} the account on {long_date(row.maker_until)}")
    if row.value is not None:
        parts.append(f"worth {row.value:,}")
    parts.append(f"{days(row.age_days)} old")
    return "; ".join(parts)


def register_view(org: OrgContext, day: date, statuses: list[str] | tuple[str, ...] = (),
                  overdue: bool = False, by: str | None = None) -> RegisterView:
    """The register on ``day``: the commitments of the given ``statuses`` (all when none),
    only the overdue ones with ``overdue``, only those made by ``by``; filters combine.
    Raises :class:`UnknownName` when ``by`` names nobody in the organisation."""
    roster = org.loaded.org
    if by:
        _check_name(roster, by)
    meeting = next_meeting(org, day)
    rows = [register_row(c, roster, day, meeting) for c in roster.commitments]
    rows = [r for r in rows if (not statuses or r.status in statuses)
            and (not overdue or r.overdue) and (not by or made_by(by, r.made_by))]
    vendor = org.playbook.playbook.vendor.name
    return RegisterView(roster.name, vendor, marking_for(roster, vendor), day, list(statuses),
                        overdue, by, len(roster.commitments), rows, chase_order(rows), meeting)
