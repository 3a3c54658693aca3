"""The internal briefing pack: everything the people going into the meeting should know.

It receives everything the organisation knows, grouped by what may be shared, what is
protected in this meeting (and from whom) and what was chosen as leverage. Only internal
documents are made from it; the shareable agenda has its own view (:mod:`briefpack.packs.agenda`).
"""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.data.checks import Person
from briefpack.data.context import MeetingContext
from briefpack.data.models import Advice, Commitment
from briefpack.data.playbook import Category, Guidance, MeetingType, Playbook, Principle, Source
from briefpack.data.protection import Protection, protected_categories
from briefpack.packs.agenda import timed_agenda
from briefpack.packs.common import (
    OPEN_COMMITMENT,
    AgendaRow,
    CategoryBlock,
    FactView,
    long_date,
    marking_for,
    position_on,
)
from briefpack.packs.fiscal import FiscalPosition
from briefpack.packs.flow import shareable_facts


@dataclass
class AttendeeView:
    """A vendor attendee and what their role is paid to do."""

    name: str
    title: str
    role_id: str
    role_title: str
    incentives: list[str]
    useful_for: list[str]
    authority: str
    discount_authority: str
    quota: str
    engage: list[str]
    probes_for: list[str]  # category labels


@dataclass
class LeverageView:
    """A fact we decided to play deliberately in this meeting."""

    fact: FactView
    category: Category


@dataclass
class TopProtect:
    """One of the three most important things to protect, with the line to say instead."""

    label: str
    facts: list[str]
    say_instead: str
    probed_by: list[str]


@dataclass
class BriefingView:
    """Everything the internal briefing pack shows."""

    org_name: str
    vendor_name: str
    marking: str
    title: str
    date: str
    time: str
    duration: int
    location: str
    meeting_type: MeetingType
    objectives: list[str]
    ask: str
    notes: str
    vendor_attendees: list[AttendeeView]
    our_attendees: list[Person]
    agenda: list[AgendaRow]
    agenda_minutes: int
    top_protect: list[TopProtect]
    safe: list[CategoryBlock]
    protect: list[CategoryBlock]
    leverage: list[LeverageView]
    shared_facts: list[FactView]
    avoid_phrases: list[str]
    principles: list[Principle]
    questions: list[str]
    open_commitments: list[Commitment]
    broken_commitments: list[Commitment]
    unverified_advice: list[Advice]
    agreement_type: str
    agreement_number: str
    renewal_date: str
    days_to_renewal: int | None
    fiscal: FiscalPosition | None
    fiscal_notes: list[str]
    before: list[str]
    after: list[str]
    guidance: list[Guidance]
    sources: list[Source]


def _attendee_views(ctx: MeetingContext) -> list[AttendeeView]:
    """The vendor's people in the room, each with what their role is paid to do."""
    pb = ctx.playbook
    views = []
    for person in ctx.vendor:
        role = pb.role(person.role) if person.role else None
        if role is None:
            continue
        views.append(AttendeeView(
            person.name, person.title, role.id, role.title, role.incentives, role.useful_for,
            role.authority, role.discount_authority or "", role.quota or "", role.engage,
            [c.label for cid in role.protect if (c := pb.category(cid))],
        ))
    return views


def _probed_by(ctx: MeetingContext, protection: Protection) -> list[str]:
    """``Name (role title)`` of everyone in the room whose role probes for the category; the
    role alone (``the Customer Success Manager``) when nobody of it is named."""
    names_by_role: dict[str, list[str]] = {}
    for person in ctx.vendor:
        if person.role:
            names_by_role.setdefault(person.role, []).append(person.name)
    probed = []
    for role_id in protection.probing_roles:
        role = ctx.playbook.role(role_id)
        title = role.title if role else role_id
        names = names_by_role.get(role_id) or [f"the {title}"]
        probed += [f"{name} ({title})" for name in names]
    return probed


def _category_blocks(ctx: MeetingContext, protected: dict[str, Protection]
                     ) -> tuple[list[CategoryBlock], list[CategoryBlock]]:
    """Every category with the organisation's facts in it: (safe, protected in this meeting)."""
    pb, org, meeting = ctx.playbook, ctx.org, ctx.meeting
    shared_ids = {f.id for f in shareable_facts(org, pb, ctx.roles, meeting.share)}
    leverage_ids = set(meeting.leverage)
    safe, protect = [], []
    for category in pb.categories:
        facts = [FactView(f.id, f.text, f.note, f.id in shared_ids, f.id in leverage_ids)
                 for f in org.facts if f.category == category.id]
        protection = protected.get(category.id)
        if protection is None:
            safe.append(CategoryBlock(category, facts))
        else:
            protect.append(CategoryBlock(category, facts, protection.reason(pb),
                                         _probed_by(ctx, protection)))
    return safe, protect


def _leverage(ctx: MeetingContext) -> list[LeverageView]:
    """The facts the meeting chose to play, with their categories."""
    views = []
    for fact_id in ctx.meeting.leverage:
        fact = ctx.org.fact(fact_id)
        category = ctx.playbook.category(fact.category) if fact else None
        if fact and category:
            views.append(LeverageView(FactView(fact.id, fact.text, fact.note, False, True),
                                      category))
    return views


def _top_protect(blocks: list[CategoryBlock], limit: int = 3) -> list[TopProtect]:
    def rank(block: CategoryBlock) -> tuple:
        return (not block.probed_by, not block.facts, not block.category.never_share,
                block.category.class_ != "protect")

    top = sorted(blocks, key=rank)[:limit]
    return [
        TopProtect(b.category.label, [f.text for f in b.facts],
                   b.category.say_instead[0] if b.category.say_instead else "", b.probed_by)
        for b in top
    ]


def _used_sources(pb: Playbook, mtype: MeetingType, categories: list[Category],
                  principles: list[Principle], roles: list[str], guidance: list[Guidance]) -> list[Source]:
    refs: list[str] = list(mtype.source)
    for c in categories:
        refs += c.source
    for p in principles:
        refs += p.source
    for r in roles:
        role = pb.role(r)
        if role:
            refs += role.source
    for g in guidance:
        refs += g.source
    if pb.vendor.fiscal_calendar:
        refs += pb.vendor.fiscal_calendar.source
    wanted = list(dict.fromkeys(refs))
    by_id = {s.id: s for s in pb.vendor.sources}
    return [by_id[s] for s in wanted if s in by_id]


def _meeting_fields(ctx: MeetingContext, rows: list[AgendaRow]) -> dict:
    """What the meeting file says: when, where, what for, and its timed agenda."""
    meeting, mtype = ctx.meeting, ctx.meeting_type
    minutes = sum(r.minutes for r in rows)
    return dict(
        title=meeting.title, date=long_date(meeting.date), time=meeting.time or "",
        duration=meeting.duration or minutes, location=meeting.location, meeting_type=mtype,
        objectives=meeting.objectives or list(mtype.objectives),
        ask=meeting.ask or mtype.next_step_ask, notes=meeting.notes,
        agenda=rows, agenda_minutes=minutes,
        questions=list(mtype.questions), before=list(mtype.before), after=list(mtype.after),
    )


def _record_fields(ctx: MeetingContext) -> dict:
    """What the organisation's records say that the room should know: open and broken
    commitments, unverified advice, the agreement's renewal and the vendor's fiscal year."""
    org, pb = ctx.org, ctx.playbook
    position = position_on(ctx.meeting.date, org.agreement, pb)
    calendar = pb.vendor.fiscal_calendar
    return dict(
        open_commitments=[c for c in org.commitments if c.status in OPEN_COMMITMENT],
        broken_commitments=[c for c in org.commitments if c.status == "broken"],
        unverified_advice=[a for a in org.advice if not a.verified and a.impact == "high"],
        agreement_type=position.agreement_type, agreement_number=position.agreement_number,
        renewal_date=position.renewal_date, days_to_renewal=position.days_to_renewal,
        fiscal=position.fiscal, fiscal_notes=list(calendar.notes) if calendar else [],
    )


def briefing_view(ctx: MeetingContext) -> BriefingView:
    """The internal briefing pack's view model."""
    pb, org, mtype = ctx.playbook, ctx.org, ctx.meeting_type
    safe, protect = _category_blocks(ctx, protected_categories(pb, ctx.roles))
    principles = [p for n in mtype.principles if (p := pb.principle(n))]
    guidance = [g for g in pb.guidance if "briefing" in g.shown_in]
    return BriefingView(
        org_name=org.name,
        vendor_name=pb.vendor.name,
        marking=marking_for(org, pb.vendor.name),
        **_meeting_fields(ctx, timed_agenda(ctx, internal=True)),
        vendor_attendees=_attendee_views(ctx),
        our_attendees=ctx.ours,
        top_protect=_top_protect(protect),
        safe=safe,
        protect=protect,
        leverage=_leverage(ctx),
        shared_facts=[fv for b in safe for fv in b.facts if fv.shared],
        avoid_phrases=list(dict.fromkeys(p for b in protect for p in b.category.avoid_phrases)),
        principles=principles,
        **_record_fields(ctx),
        guidance=guidance,
        sources=_used_sources(pb, mtype, [b.category for b in protect + safe], principles,
                              ctx.roles, guidance),
    )
