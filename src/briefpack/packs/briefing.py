"""View models: exactly what each document's template may see.

The information-flow rules are enforced here. The internal briefing receives everything; the
shareable agenda is built by :func:`agenda_view` from names, times, agenda titles and the facts
:func:`briefpack.packs.flow.shareable_facts` lets through, and nothing else, so no template, built-in
or an organisation's own, can print a protected fact into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from briefpack.packs.fiscal import FiscalPosition, fiscal_position
from briefpack.packs.flow import Protection, protected_categories, shareable_facts
from briefpack.data.models import (
    Advice, Category, Commitment, Fact, Guidance, MeetingType, Organisation, Playbook, Principle,
    Source,
)
from briefpack.data.checks import Person

OPEN_COMMITMENT = ("verbal", "written")
DEFAULT_MARKING = "INTERNAL — NOT FOR DISTRIBUTION TO {vendor}"


def marking_for(org: Organisation, vendor_name: str) -> str:
    """The marking printed on every page of internal documents."""
    return org.marking or DEFAULT_MARKING.format(vendor=vendor_name.upper())


def long_date(day: date) -> str:
    """``3 December 2026``: unambiguous on both sides of the Atlantic."""
    return f"{day.day} {day:%B %Y}"


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


@dataclass
class MeetingContext:
    """A validated meeting with its organisation and playbook, attendees resolved."""

    playbook: Playbook
    org: Organisation
    meeting: object  # models.Meeting
    vendor: list[Person]
    ours: list[Person]
    roles: list[str]

    @property
    def meeting_type(self) -> MeetingType:
        """The meeting's type (validated to exist)."""
        mtype = self.playbook.meeting_type(self.meeting.type)
        assert mtype is not None
        return mtype


def _owner_label(owner: str, org_name: str, vendor_name: str) -> str:
    return {"us": org_name, "vendor": vendor_name, "joint": "Joint"}[owner]


def timed_agenda(ctx: MeetingContext, internal: bool) -> list[AgendaRow]:
    """The type's agenda with the meeting's own items before its closing item, timed."""
    org_name, vendor_name = ctx.org.name, ctx.playbook.vendor.name
    rows = [
        AgendaRow(i.title, i.minutes, i.owner, _owner_label(i.owner, org_name, vendor_name),
                  note=i.note if internal else "", ours=i.owner == "us")
        for i in ctx.meeting_type.agenda
    ]
    added = [
        AgendaRow(i.title, i.minutes, i.owner, _owner_label(i.owner, org_name, vendor_name),
                  note=i.note if internal else "", ours=i.owner == "us", added=True)
        for i in ctx.meeting.agenda
    ]
    rows = rows[:-1] + added + rows[-1:] if len(rows) > 1 else rows + added
    if ctx.meeting.time:
        clock = datetime.combine(ctx.meeting.date, datetime.strptime(ctx.meeting.time, "%H:%M").time())
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


def briefing_view(ctx: MeetingContext) -> BriefingView:
    """The internal briefing pack's view model."""
    pb, org, meeting, mtype = ctx.playbook, ctx.org, ctx.meeting, ctx.meeting_type
    protected: dict[str, Protection] = protected_categories(pb, ctx.roles)
    shared_ids = {f.id for f in shareable_facts(org, pb, ctx.roles, meeting.share)}
    leverage_ids = set(meeting.leverage)

    def facts_in(category: Category) -> list[FactView]:
        return [FactView(f.id, f.text, f.note, f.id in shared_ids, f.id in leverage_ids)
                for f in org.facts if f.category == category.id]

    people_by_role: dict[str, list[str]] = {}
    for person in ctx.vendor:
        if person.role:
            people_by_role.setdefault(person.role, []).append(person.name)

    safe, protect = [], []
    for category in pb.categories:
        if category.id in protected:
            prot = protected[category.id]
            probed = []
            for role_id in prot.probing_roles:
                role = pb.role(role_id)
                names = people_by_role.get(role_id) or [f"the {role.title if role else role_id}"]
                probed += [f"{n} ({role.title if role else role_id})" for n in names]
            protect.append(CategoryBlock(category, facts_in(category), prot.reason(pb), probed))
        else:
            safe.append(CategoryBlock(category, facts_in(category)))

    leverage = []
    for fact_id in meeting.leverage:
        fact: Fact | None = org.fact(fact_id)
        category = pb.category(fact.category) if fact else None
        if fact and category:
            leverage.append(LeverageView(FactView(fact.id, fact.text, fact.note, False, True), category))

    attendees = []
    for person in ctx.vendor:
        role = pb.role(person.role) if person.role else None
        if role is None:
            continue
        attendees.append(AttendeeView(
            person.name, person.title, role.id, role.title, role.incentives, role.useful_for,
            role.authority, role.discount_authority or "", role.quota or "", role.engage,
            [c.label for cid in role.protect if (c := pb.category(cid))],
        ))

    principles = [p for n in mtype.principles if (p := pb.principle(n))]
    guidance = [g for g in pb.guidance if "briefing" in g.shown_in]
    rows = timed_agenda(ctx, internal=True)
    agreement = org.agreement
    renewal = agreement.renewal_date if agreement else None
    fiscal = (fiscal_position(meeting.date, pb.vendor.fiscal_calendar.year_end)
              if pb.vendor.fiscal_calendar else None)
    avoid = list(dict.fromkeys(p for b in protect for p in b.category.avoid_phrases))
    return BriefingView(
        org_name=org.name,
        vendor_name=pb.vendor.name,
        marking=marking_for(org, pb.vendor.name),
        title=meeting.title,
        date=long_date(meeting.date),
        time=meeting.time or "",
        duration=meeting.duration or sum(r.minutes for r in rows),
        location=meeting.location,
        meeting_type=mtype,
        objectives=meeting.objectives or list(mtype.objectives),
        ask=meeting.ask or mtype.next_step_ask,
        notes=meeting.notes,
        vendor_attendees=attendees,
        our_attendees=ctx.ours,
        agenda=rows,
        agenda_minutes=sum(r.minutes for r in rows),
        top_protect=_top_protect(protect),
        safe=safe,
        protect=protect,
        leverage=leverage,
        shared_facts=[fv for b in safe for fv in b.facts if fv.shared],
        avoid_phrases=avoid,
        principles=principles,
        questions=list(mtype.questions),
        open_commitments=[c for c in org.commitments if c.status in OPEN_COMMITMENT],
        broken_commitments=[c for c in org.commitments if c.status == "broken"],
        unverified_advice=[a for a in org.advice if not a.verified and a.impact == "high"],
        agreement_type=agreement.type if agreement else "",
        agreement_number=agreement.number if agreement else "",
        renewal_date=long_date(renewal) if renewal else "",
        days_to_renewal=(renewal - meeting.date).days if renewal else None,
        fiscal=fiscal,
        fiscal_notes=list(pb.vendor.fiscal_calendar.notes) if pb.vendor.fiscal_calendar else [],
        before=list(mtype.before),
        after=list(mtype.after),
        guidance=guidance,
        sources=_used_sources(pb, mtype, [b.category for b in protect + safe], principles,
                              ctx.roles, guidance),
    )
