"""The one-page card: the page the people going into the meeting hold in the room.

It is made from the internal briefing's view (:func:`briefpack.packs.briefing.briefing_view`),
so it holds nothing the meeting's context does not, and it is only ever rendered as an internal
document. It prints what is needed at a glance and no protected fact itself (the card lies on
the table): the objectives, who is there and what each probes for, the three things to protect
with the line to say instead, the leverage to play and when, our ask, and the verbal
commitments to get in writing. A category the meeting plays as leverage is not among the
things to protect. Of the renewal clock it prints the countdown, whether the renewal falls on
the vendor's year end and a flag for a late start (the briefing pack says why), but not the
organisation's own deadlines, which are protected facts (the briefing pack counts down to them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefpack.data.context import MeetingContext
from briefpack.packs.briefing import BriefingView, briefing_view
from briefpack.packs.common import short_title
from briefpack.packs.fiscal import FiscalPosition
from briefpack.packs.records import CommitmentRow

_FIRST_SENTENCE = re.compile(r"(.+?[.!?])\s+(?=[A-Z])", re.DOTALL)


@dataclass
class CardPerson:
    """Someone of the vendor's in the room: their role, what they probe for, what they may give."""

    name: str
    role: str  # the role's short name: AE, CSM
    probes_for: list[str]  # category labels; one we play as leverage is marked so
    discount_authority: str


@dataclass
class CardProtect:
    """One of the things to protect: what, who in the room probes for it, the line to say."""

    label: str
    probed_by: list[str]  # "Name (AE)", or the role when nobody of it is named
    say_instead: str


@dataclass
class CardLeverage:
    """A category we decided to play: our facts in it and how and when to play them."""

    label: str
    facts: list[str]
    how: str  # the first sentence of the playbook's advice on playing it: how and when


@dataclass
class CardView:
    """Everything the one-page card shows."""

    org_name: str
    vendor_name: str
    marking: str
    title: str
    meeting_type: str
    date: str
    time: str  # "14:00–15:30", or "" without a time
    location: str
    objectives: list[str]
    warnings: list[str]  # why the leverage played may be a mistake (the briefing's warnings)
    vendor_attendees: list[CardPerson]
    our_attendees: list[str]  # "Name (title)"
    protect: list[CardProtect]
    leverage: list[CardLeverage]
    ask: str
    in_writing: list[CommitmentRow]  # open commitments the vendor has made only verbally
    notes: str
    renewal: str  # "Enterprise Agreement EA-61834207 renews on 30 June 2027", or ""
    days_to_renewal: int | None
    fiscal: FiscalPosition | None
    on_year_end: bool = False  # the renewal falls on the vendor's fiscal year end
    late_start: bool = False  # held after preparation usually starts (the briefing says why)
    # what the bands marked † rest on ("one adviser's figure"), said once under the table
    band_notes: list[str] = field(default_factory=list)


def _time_span(start: str, minutes: int) -> str:
    """``14:00–15:30`` for a meeting starting at ``14:00`` of 90 minutes; "" without a time."""
    if not start:
        return ""
    hours, mins = (int(part) for part in start.split(":")[:2])
    end = hours * 60 + mins + minutes
    return f"{start}–{end // 60 % 24:02d}:{end % 60:02d}"


def _leverage(view: BriefingView) -> list[CardLeverage]:
    """The leverage chosen for the meeting, one entry per category, with when to play it."""
    return [CardLeverage(item.category.label, [f.text for f in item.facts],
                         _first_sentence(item.how))
            for item in view.leverage]


def _first_sentence(text: str) -> str:
    """The first sentence of ``text`` (the briefing pack prints the rest)."""
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(1) if match else text.strip()


def _renewal(view: BriefingView) -> str:
    if view.days_to_renewal is None:
        return ""
    agreement = " ".join(p for p in (view.agreement_type, view.agreement_number) if p)
    return f"{agreement or 'The agreement'} {view.renewal_verb} {view.renewal_date}"


def _band(discount_authority: str) -> str:
    """A discount band as short as a card's column: its first clause ("beyond the AE's 3–8%";
    the briefing pack prints the rest)."""
    return discount_authority.split(";")[0].strip()


def _people(view: BriefingView) -> list[CardPerson]:
    """The vendor's people in the room; a category we play as leverage is marked so."""
    played = {item.category.label for item in view.leverage}
    return [CardPerson(p.name, short_title(p.role_title),
                       [f"{label} (leverage)" if label in played else label
                        for label in p.probes_for],
                       _band(p.discount_authority) + ("†" if p.discount_note else ""))
            for p in view.vendor_attendees]


def card_view(ctx: MeetingContext, view: BriefingView | None = None) -> CardView:
    """The one-page card's view model, from the meeting's briefing view (made here when not
    given)."""
    view = view or briefing_view(ctx)
    return CardView(
        org_name=view.org_name, vendor_name=view.vendor_name, marking=view.marking,
        title=view.title, meeting_type=view.meeting_type.name, date=view.date,
        time=_time_span(view.time, view.duration), location=view.location,
        objectives=list(view.objectives),
        warnings=list(view.warnings),
        vendor_attendees=_people(view),
        band_notes=list(dict.fromkeys(p.discount_note for p in view.vendor_attendees
                                      if p.discount_note)),
        our_attendees=[f"{p.name} ({p.title})" if p.title else p.name
                       for p in view.our_attendees],
        protect=[CardProtect(t.label, list(t.probed_by), t.say_instead)
                 for t in view.top_protect],
        leverage=_leverage(view),
        ask=view.ask,
        in_writing=[c for c in view.open_commitments if c.status == "verbal"],
        notes=view.notes,
        renewal=_renewal(view),
        days_to_renewal=view.days_to_renewal,
        fiscal=view.fiscal,
        on_year_end=view.clock.on_year_end,
        late_start=bool(view.clock.late_start),
    )
