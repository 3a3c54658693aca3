"""The renewal clock: the playbook's milestones laid on an organisation's dates.

Each milestone of ``playbooks/<vendor>/milestones.yaml`` counts back from an anchor (an
agreement's term end, a MACC's end, one of the organisation's own deadlines, the vendor's
quarter or year end); :func:`occurrences` gives every date they fall on in a range, for the
calendar. For the internal packs, :func:`clock_on` says what the clock means on the day of a
meeting (or of an AE change): whether preparation started late (the lead-time milestone's
``late``), whether the renewal falls on the vendor's year end (``coincides``), and the
organisation's own deadlines still ahead, as countdowns. Nothing here reaches a shareable
document: only internal views hold a :class:`Clock`.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from briefpack.data.models import Organisation
from briefpack.data.playbook import Milestone, Playbook, Source, Statement
from briefpack.data.provenance import with_note
from briefpack.data.terms import Deadline, TermEnd, agreement_terms, own_deadlines, renewal_on
from briefpack.packs.common import long_date
from briefpack.packs.fiscal import fiscal_position


def months_back(day: date, months: int) -> date:
    """``day`` so many months earlier, on the same day of the month or the month's last
    (2027-03-31 less one month is 2027-02-28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def days_text(days: int) -> str:
    """``1 day``, ``209 days``."""
    return f"{days} day{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class Anchor:
    """A date a milestone counts back from, and what it is the date of."""

    day: date
    term: TermEnd | None = None
    deadline: Deadline | None = None
    fiscal: str = ""  # FY27 Q2 for a quarter end, FY27 for a year end


@dataclass(frozen=True)
class Occurrence:
    """One date of a milestone: ``offset`` before its anchor."""

    day: date
    milestone: Milestone
    anchor: Anchor
    offset: str  # "12 months", "90 days", "0 days"

    @property
    def title(self) -> str:
        """The milestone's title, its ``{days}`` and ``{fiscal}`` filled in."""
        return (self.milestone.title.replace("{days}", self.offset)
                .replace("{fiscal}", self.anchor.fiscal))


def _fiscal_ends(pb: Playbook, start: date, end: date) -> Iterator[tuple[date, str, bool]]:
    """Each of the vendor's quarter ends from ``start`` to ``end``: (day, label, year end)."""
    fiscal = pb.vendor.fiscal_calendar
    if fiscal is None:
        return
    day = start
    while day <= end:
        position = fiscal_position(day, fiscal.year_end)
        q_end = position.quarter_end
        if q_end > end:
            return
        year_end = q_end == position.year_end
        yield q_end, (f"FY{position.fiscal_year % 100:02d}" if year_end else position.label), (
            year_end)
        day = q_end + timedelta(days=1)


def _fiscal_anchors(milestone: Milestone, pb: Playbook, start: date, end: date
                    ) -> list[Anchor]:
    """The vendor's quarter ends (or year ends) that can put ``milestone`` in the range."""
    reach = end + timedelta(days=max(milestone.days_before, default=0)
                            + 31 * max(milestone.months_before, default=0))
    return [Anchor(day, fiscal=label) for day, label, year_end in _fiscal_ends(pb, start, reach)
            if year_end == (milestone.anchor == "year-end")]


def _anchors(milestone: Milestone, org: Organisation, pb: Playbook, start: date, end: date
             ) -> list[Anchor]:
    """The dates ``milestone`` counts back from that can put it between ``start`` and
    ``end``."""
    kind = milestone.anchor
    if kind == "term-end":
        return [Anchor(t.ends, term=t) for t in agreement_terms(org.agreement)
                if t.kind in milestone.kinds]
    if kind == "macc-end":
        macc = org.agreement.macc if org.agreement else None
        return [Anchor(macc.end_date)] if macc else []
    if kind == "deadline":
        return _deadline_anchors(milestone, org, pb)
    return _fiscal_anchors(milestone, pb, start, end)


def _deadline_anchors(milestone: Milestone, org: Organisation, pb: Playbook) -> list[Anchor]:
    """The organisation's deadlines of the milestone's categories (all, when it names none)."""
    return [Anchor(d.day, deadline=d) for d in own_deadlines(org, pb)
            if not milestone.categories or d.fact.category in milestone.categories]


def _dates(milestone: Milestone, anchor: Anchor) -> Iterator[tuple[date, str]]:
    for months in milestone.months_before:
        yield months_back(anchor.day, months), f"{months} month{'' if months == 1 else 's'}"
    for days in milestone.days_before:
        yield anchor.day - timedelta(days=days), days_text(days)


def occurrences(org: Organisation, pb: Playbook, start: date, end: date) -> list[Occurrence]:
    """Every date of every milestone from ``start`` to ``end`` (both included), by date."""
    found = [Occurrence(day, milestone, anchor, offset)
             for milestone in pb.milestones
             for anchor in _anchors(milestone, org, pb, start, end)
             for day, offset in _dates(milestone, anchor) if start <= day <= end]
    return sorted(found, key=lambda o: (o.day, o.anchor.day))


def late_start(pb: Playbook, term: TermEnd, day: date, event: str) -> Statement | None:
    """What to say of ``event`` held on ``day`` when it falls after the term's lead-time
    milestone (its ``late``) and not after the term ends; the milestone's sources with it."""
    if day > term.ends:
        return None
    for milestone in pb.milestones:
        if not milestone.late or term.kind not in milestone.kinds:
            continue
        first = min((d for d, _ in _dates(milestone, Anchor(term.ends, term=term))),
                    default=None)
        if first is not None and day > first:
            text = (milestone.late.text.replace("{meeting}", event)
                    .replace("{days}", days_text((term.ends - day).days)))
            return Statement(text=text, source=milestone.late.source or milestone.source)
    return None


def _coincides(pb: Playbook, term: TermEnd) -> Statement | None:
    """What to say when the term ends on the vendor's fiscal year end."""
    fiscal = pb.vendor.fiscal_calendar
    if fiscal is None or fiscal_position(term.ends, fiscal.year_end).days_to_year_end != 0:
        return None
    entry = next((m for m in pb.milestones if m.anchor == "year-end" and m.coincides), None)
    return Statement(text=entry.coincides, source=entry.source) if entry else None


@dataclass
class Countdown:
    """One of the organisation's own deadlines, as counted from the meeting's day."""

    date: str  # 15 April 2027
    days: int
    label: str  # its fact's category label
    fact_id: str


@dataclass
class Clock:
    """What the renewal clock says on a meeting's day, for internal packs only."""

    late_start: str = ""  # "Quarterly business review 209 days before the agreement ends: ..."
    year_end: str = ""  # the renewal falls on the vendor's fiscal year end: what that means
    on_year_end: bool = False
    deadlines: list[Countdown] = field(default_factory=list)
    # what the late start and the deadlines cite; the year end's sources are the fiscal
    # calendar's, listed where a pack prints the fiscal calendar (as for the quarter)
    source_ids: list[str] = field(default_factory=list)


def _sentence(pb: Playbook, statement: Statement) -> str:
    text = with_note(pb, statement, [])
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def clock_on(org: Organisation, pb: Playbook, day: date, event: str) -> Clock:
    """The clock on ``day`` for ``event`` (a meeting type's name, "Handover"): a late start,
    the renewal on the vendor's year end, and the organisation's deadlines from ``day`` on."""
    clock = Clock()
    term = renewal_on(day, org.agreement)
    late = late_start(pb, term, day, event) if term else None
    same = _coincides(pb, term) if term and term.ends >= day else None
    if late is not None:
        clock.late_start = _sentence(pb, late)
        clock.source_ids += late.source
    if same is not None:  # cited as the fiscal calendar is, where a pack prints it
        clock.year_end = _sentence(pb, same)
    clock.on_year_end = same is not None
    clock.deadlines = countdowns(org, pb, day)
    if clock.deadlines:
        clock.source_ids += next((m.source for m in pb.milestones if m.anchor == "deadline"), [])
    return clock


def countdowns(org: Organisation, pb: Playbook, day: date) -> list[Countdown]:
    """The organisation's own deadlines from ``day`` on, each with the days left."""
    labels = {c.id: c.label for c in pb.categories}
    return [Countdown(long_date(d.day), (d.day - day).days,
                      labels.get(d.fact.category, d.fact.category), d.fact.id)
            for d in own_deadlines(org, pb) if d.day >= day]


def with_clock_sources(sources: list[Source], pb: Playbook, clock: Clock) -> list[Source]:
    """``sources`` and, after them, those the clock's lines cite."""
    have = {s.id for s in sources}
    by_id = {s.id: s for s in pb.vendor.sources}
    return sources + [by_id[r] for r in dict.fromkeys(clock.source_ids)
                      if r in by_id and r not in have]
