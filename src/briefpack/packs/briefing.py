"""The internal briefing pack: what the people going into this meeting should know about it.

It receives what the organisation knows that bears on this meeting: the categories it holds a
fact in or that someone in the room probes for, split into what may be shared, what is
protected here (and from whom) and what was chosen as leverage, which is then not also listed
as protected; the records the meeting cites first; and what its type adds (the terms to
re-establish, the counter-proposal, who holds which authority, ...; see
:mod:`briefpack.packs.records`). Only internal documents are made from it; the shareable agenda
has its own view (:mod:`briefpack.packs.agenda`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefpack.data.checks import Person
from briefpack.data.context import MeetingContext
from briefpack.data.models import CounterPoint
from briefpack.data.playbook import (
    AgreementType,
    Category,
    Guidance,
    MeetingType,
    Playbook,
    Principle,
    Source,
)
from briefpack.data.protection import Protection, protected_categories
from briefpack.data.provenance import backing_note, said, source_ids, with_note
from briefpack.packs.agenda import timed_agenda
from briefpack.packs.clock import Clock, clock_on, with_clock_sources
from briefpack.packs.common import (
    AgendaRow,
    CategoryBlock,
    FactView,
    long_date,
    marking_for,
    position_on,
    restates,
    short_title,
)
from briefpack.packs.fiscal import FiscalPosition
from briefpack.packs.flow import shareable_facts
from briefpack.packs.history import EarlierMeeting, earlier_meetings
from briefpack.packs.leverage import (
    LeverageView,
    fact_view,
    leverage_categories,
    leverage_views,
    leverage_warnings,
    probing,
)
from briefpack.packs.nuances import CommercialAdvice, commercial_fields, renewal_note_fields
from briefpack.packs.records import (
    AdviceRow,
    AuthorityRow,
    CommitmentRow,
    IssueRow,
    PersonView,
    TriedRow,
    cited_ids,
    record_fields,
    roster_notes,
)


@dataclass
class AttendeeView:
    """A vendor attendee, what their role is paid to do, and our notes on them."""

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
    notes: str = ""
    role_short: str = ""  # AE, CSM, ... (the role's title when it has no short name)
    discount_note: str = ""  # "one adviser's figure" when only one adviser gives the band


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
    warnings: list[str]
    vendor_attendees: list[AttendeeView]
    our_attendees: list[Person]
    others_on_account: list[PersonView]
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
    cited: list[str]
    open_commitments: list[CommitmentRow]
    open_issues: list[IssueRow]
    unverified_advice: list[AdviceRow]
    shows: list[str]
    terms: list[str]
    at_risk: list[CommitmentRow]
    history: list[CommitmentRow]
    authority: list[AuthorityRow]
    tried_before: list[TriedRow]
    earlier_meetings: list[EarlierMeeting]
    counter_proposal: list[CounterPoint]
    agreement_type: str
    renewal_verb: str  # "renews on", or how the agreement's kind says it (playbook term_end)
    agreement_number: str
    renewal_date: str
    days_to_renewal: int | None
    fiscal: FiscalPosition | None
    fiscal_notes: list[str]
    renewal_note: str  # what may be said about the renewal date (packs/nuances.py)
    renewal_probed_by: list[str]  # who in the room probes for the date's category
    commercial_items: list[str]  # the agenda's commercial items, when someone attends ...
    commercial_advice: list[CommercialAdvice]  # ... in front of whom they are not led
    before: list[str]
    after: list[str]
    guidance: list[Guidance]
    sources: list[Source]
    # the playbook's entry for the organisation's kind of agreement, when this meeting's type
    # prints it (its shown_in): what it is, advice and questions
    agreement: AgreementType | None = None
    # the renewal clock on the meeting's day: late start, year end, our deadlines (internal)
    clock: Clock = field(default_factory=Clock)


def _attendee_views(ctx: MeetingContext, principles: list[Principle]) -> list[AttendeeView]:
    """The vendor's people in the room, each with what their role is paid to do; a tip on
    working with them that a principle printed in the pack already says is left out."""
    pb, notes = ctx.playbook, roster_notes(ctx)
    rules = [p.rule for p in principles]
    views = []
    for person in ctx.vendor:
        role = pb.role(person.role) if person.role else None
        if role is None:
            continue
        views.append(AttendeeView(
            person.name, person.title, role.id, role.title,
            said(pb, role.incentives, role.source), said(pb, role.useful_for, role.source),
            role.authority, role.discount_authority.text if role.discount_authority else "",
            with_note(pb, role.quota, role.source),
            [tip for tip in said(pb, role.engage, role.source) if not restates(tip, rules)],
            [c.label for cid in role.protect if (c := pb.category(cid))],
            notes.get(person.name.casefold(), ""), short_title(role.title),
            backing_note(pb, role.discount_authority, role.source),
        ))
    return views


def _reason(protection: Protection, vendor_name: str) -> str:
    """Why a category is protected in this meeting, in plain words."""
    category = protection.category
    risk = category.risk[:1].upper() + category.risk[1:] if category.risk else ""
    if category.never_share:
        why = "Never shared, not even as leverage"
    elif category.class_ == "strategic":
        why = "Shared only by decision, as leverage"
    elif not protection.by_class:
        why = "Safe in other meetings, protected in this one"
    else:
        return f"{risk}." if risk else f"Kept from {vendor_name} in every meeting."
    return f"{why}: {category.risk}." if risk else f"{why}."


def _category_blocks(ctx: MeetingContext, protected: dict[str, Protection]
                     ) -> tuple[list[CategoryBlock], list[CategoryBlock]]:
    """The categories this meeting is about, (safe, protected), leverage excepted: those the
    organisation holds a fact in or someone in the room probes for. Protected ones that
    someone in the room probes for come first, with the phrases to avoid in front of them."""
    pb, org, meeting = ctx.playbook, ctx.org, ctx.meeting
    shared_ids = {f.id for f in shareable_facts(org, pb, ctx.roles, meeting.share)}
    leverage_ids = set(meeting.leverage)
    played = leverage_categories(ctx)
    safe, protect = [], []
    for category in pb.categories:
        facts = [fact_view(f, shared_ids, leverage_ids)
                 for f in org.facts if f.category == category.id]
        protection = protected.get(category.id)
        if category.id in played or not (facts or (protection and protection.probing_roles)):
            continue
        if protection is None:
            safe.append(CategoryBlock(category, facts))
            continue
        probed = probing(ctx, protection.probing_roles)
        protect.append(CategoryBlock(
            category, facts, _reason(protection, pb.vendor.name), probed,
            [p.text for p in category.avoid_phrases] if protection.probing_roles else []))
    protect.sort(key=lambda b: not b.probed_by)
    return safe, protect


def _top_protect(blocks: list[CategoryBlock], limit: int = 3) -> list[TopProtect]:
    def rank(block: CategoryBlock) -> tuple:
        return (not block.probed_by, not block.facts, not block.category.never_share,
                block.category.class_ != "protect")

    top = sorted(blocks, key=rank)[:limit]
    return [
        TopProtect(b.category.label, [f.text for f in b.facts],
                   b.category.say_instead[0].text if b.category.say_instead else "", b.probed_by)
        for b in top
    ]


def _used_sources(pb: Playbook, mtype: MeetingType, categories: list[Category],
                  principles: list[Principle], roles: list[str], guidance: list[Guidance]
                  ) -> list[Source]:
    refs = source_ids(mtype, *categories, *(pb.role(r) for r in roles))
    for entry in [*principles, *guidance]:  # their practices and points are not printed
        refs += entry.source
    if pb.vendor.fiscal_calendar and "fiscal-calendar" in mtype.shows:
        refs += pb.vendor.fiscal_calendar.source
    by_id = {s.id: s for s in pb.vendor.sources}
    return [by_id[s] for s in dict.fromkeys(refs) if s in by_id]


def _meeting_fields(ctx: MeetingContext, rows: list[AgendaRow]) -> dict:
    """What the meeting file says: when, where, what for, and its timed agenda."""
    meeting, mtype = ctx.meeting, ctx.meeting_type
    minutes = sum(r.minutes for r in rows)
    return {
        "title": meeting.title, "date": long_date(meeting.date), "time": meeting.time or "",
        "duration": meeting.duration or minutes, "location": meeting.location,
        "meeting_type": mtype,
        "objectives": meeting.objectives or said(ctx.playbook, mtype.objectives, mtype.source),
        "ask": meeting.ask or mtype.next_step_ask, "notes": meeting.notes,
        "agenda": rows, "agenda_minutes": minutes,
        "questions": said(ctx.playbook, mtype.questions, mtype.source),
        "before": said(ctx.playbook, mtype.before, mtype.source),
        "after": said(ctx.playbook, mtype.after, mtype.source),
    }


def _position_fields(ctx: MeetingContext) -> dict:
    """The agreement's renewal and the vendor's fiscal year, as seen on the meeting's day."""
    org, pb = ctx.org, ctx.playbook
    position = position_on(ctx.meeting.date, org.agreement, pb)
    calendar = pb.vendor.fiscal_calendar
    kind = pb.agreement(org.agreement.kind) if org.agreement else None
    return {
        "agreement_type": position.agreement_type, "agreement_number": position.agreement_number,
        "renewal_verb": kind.term_end if kind else "renews on",
        "renewal_date": position.renewal_date, "days_to_renewal": position.days_to_renewal,
        "fiscal": position.fiscal,
        "fiscal_notes": ([with_note(pb, n, calendar.source) for n in calendar.notes]
                         if calendar and "fiscal-calendar" in ctx.meeting_type.shows else []),
    }


def meeting_agreement(ctx: MeetingContext) -> AgreementType | None:
    """The playbook's entry for the organisation's kind of agreement, if this meeting's type
    is one it is printed in."""
    agreement = ctx.org.agreement
    entry = ctx.playbook.agreement(agreement.kind) if agreement else None
    return entry if entry and ctx.meeting_type.id in entry.shown_in else None


def _with_agreement_sources(sources: list[Source], pb: Playbook,
                            entry: AgreementType | None) -> list[Source]:
    """``sources`` and, after them, those the agreement's printed statements cite."""
    if entry is None:
        return sources
    refs = [r for s in (*entry.summary, *entry.advice, *entry.questions) for r in s.source]
    have = {s.id for s in sources}
    by_id = {s.id: s for s in pb.vendor.sources}
    return sources + [by_id[r] for r in dict.fromkeys(refs) if r in by_id and r not in have]


def _guidance(pb: Playbook, mtype: MeetingType) -> list[Guidance]:
    """The guidance topics this type's briefing prints, and those printed in every one."""
    return [g for g in pb.guidance if g.id in mtype.guidance or "briefing" in g.shown_in]


def briefing_view(ctx: MeetingContext, meeting_file: Path | None = None) -> BriefingView:
    """The internal briefing pack's view model. With the meeting's file, a type that shows
    what was tried at the level below also lists the earlier meetings beside it on the same
    records (:mod:`briefpack.packs.history`)."""
    pb, org, mtype = ctx.playbook, ctx.org, ctx.meeting_type
    earlier = (earlier_meetings(meeting_file, ctx, cited_ids(ctx))
               if meeting_file is not None and "tried-before" in mtype.shows else [])
    protected = protected_categories(pb, ctx.roles)
    safe, protect = _category_blocks(ctx, protected)
    leverage = leverage_views(ctx, protected)
    principles = sorted((p for n in dict.fromkeys(mtype.principles) if (p := pb.principle(n))),
                        key=lambda p: p.number)
    guidance = _guidance(pb, mtype)
    agreement = meeting_agreement(ctx)
    clock = clock_on(org, pb, ctx.meeting.date, mtype.name)
    return BriefingView(
        org_name=org.name,
        vendor_name=pb.vendor.name,
        marking=marking_for(org, pb.vendor.name),
        **_meeting_fields(ctx, timed_agenda(ctx, internal=True)),
        warnings=leverage_warnings(ctx),
        vendor_attendees=_attendee_views(ctx, principles),
        our_attendees=ctx.ours,
        top_protect=_top_protect(protect),
        safe=safe,
        protect=protect,
        leverage=leverage,
        shared_facts=[fv for b in safe for fv in b.facts if fv.shared],
        avoid_phrases=list(dict.fromkeys(p for b in protect for p in b.avoid)),
        principles=principles,
        **record_fields(ctx),
        earlier_meetings=earlier,
        **_position_fields(ctx),
        **renewal_note_fields(ctx, protect),
        **commercial_fields(ctx),
        guidance=guidance,
        sources=with_clock_sources(_with_agreement_sources(_used_sources(
            pb, mtype, [b.category for b in protect + safe] + [lv.category for lv in leverage],
            principles, ctx.roles, guidance), pb, agreement), pb, clock),
        agreement=agreement,
        clock=clock,
    )


def cover_details(view: BriefingView) -> list[tuple[str, str]]:
    """The title page's details: when, where and who, nothing the title already says."""
    details = [("Meeting", view.meeting_type.name), ("Date", view.date)]
    if view.time:
        details.append(("Time", f"{view.time} ({view.duration} minutes)"))
    if view.location:
        details.append(("Location", view.location))
    vendor = ", ".join(f"{p.name} ({p.role_short})" for p in view.vendor_attendees)
    if vendor:
        details.append((view.vendor_name, vendor))
    ours = ", ".join(p.name for p in view.our_attendees)
    if ours:
        details.append((view.org_name, ours))
    return details
