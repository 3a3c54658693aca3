"""The AE-transition pack: for the day the vendor's account executive changes.

The seed article's warning: a new AE does not know the history, brings fresh quota, and may
"reset" what the previous AE promised verbally. The internal pack re-establishes our position
on our terms (:func:`transition_view`); the shareable letter asks the vendor to confirm in
writing what the previous team committed to (principle 6), and its view (:func:`letter_view`)
holds names, dates and commitment summaries only.

Both read the calendar: the letter welcomes the new AE only in their first weeks
(:data:`WELCOME_WEEKS`) and otherwise reads as a plain request for confirmation; the pack's
"before the outgoing AE leaves" checklist is printed only while they have not left (their
``until`` is not before the pack's date), and after it the commitments at risk are for the
new AE to confirm. The letter addresses people in the organisation's ``salutation`` style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from briefpack.data.context import OrgContext
from briefpack.data.models import AccountMember, Advice, Commitment, OpenIssue
from briefpack.data.playbook import AgreementType, Guidance, Playbook, Source
from briefpack.data.protection import protected_categories
from briefpack.data.provenance import said, source_ids
from briefpack.errors import ValidationFailed
from briefpack.packs.clock import Clock, clock_on, with_clock_sources
from briefpack.packs.common import (
    AgendaRow,
    CategoryBlock,
    FactView,
    add_working_days,
    agenda_rows,
    agreement_name,
    long_date,
    marking_for,
    position_on,
)
from briefpack.packs.fiscal import FiscalPosition
from briefpack.packs.letters import salutation

AT_RISK_ACTION = ("Get it confirmed in writing by the outgoing AE before the handover; if that "
                  "is not possible, raise it in the first meeting with the new AE and ask for "
                  "written confirmation within two working days.")
AT_RISK_AFTER_LEAVING = ("{outgoing} has left the account: raise it in the first meeting with "
                         "{incoming} and ask for written confirmation within two working days "
                         "(the confirmation letter asks for it too).")
WELCOME_WEEKS = 6  # the letter welcomes the new AE only this long after they start


@dataclass
class AeChange:
    """The outgoing and incoming account executive, and the day the change takes effect."""

    outgoing: AccountMember
    incoming: AccountMember
    effective: date


def find_ae_change(org: OrgContext, from_name: str | None = None,
                   to_name: str | None = None, today: date | None = None) -> AeChange:
    """The AE change: from ``--from``/``--to`` names, else from the roster's since/until dates.

    Raises :class:`ValidationFailed` naming anyone not on the roster, or saying that the roster
    shows no change, with what to add.
    """
    roster = org.loaded.org
    _require_on_roster(org, [n for n in (from_name, to_name) if n])
    role = org.playbook.playbook.transition.role
    detected = _roster_change(roster.account_team, role) or (None, None)
    outgoing = roster.member(from_name) if from_name else detected[0]
    incoming = roster.member(to_name) if to_name else detected[1]
    if outgoing is None or incoming is None:
        raise _roster_problem(org, (
            f"no AE change found: the roster needs the outgoing AE (role {role}) with an 'until' "
            f"date and the incoming AE (role {role}) with a 'since' date; or pass --from NAME "
            "--to NAME"))
    if outgoing.name == incoming.name:
        raise _roster_problem(org, (
            f"--from and --to both name '{outgoing.name}'; the outgoing and incoming AE differ"))
    effective = incoming.since or (outgoing.until + timedelta(days=1) if outgoing.until else None)
    return AeChange(outgoing, incoming, effective or today or date.today())


def _roster_problem(org: OrgContext, message: str) -> ValidationFailed:
    return ValidationFailed([org.loaded.doc.problem(("account_team",), message)])


def _require_on_roster(org: OrgContext, names: list[str]) -> None:
    """Fail naming every one of ``names`` that is not on the account team."""
    roster = org.loaded.org
    unknown = [n for n in names if roster.member(n) is None]
    if unknown:
        listed = " and ".join(f"'{n}'" for n in unknown)
        known = ", ".join(m.name for m in roster.account_team) or "nobody"
        raise _roster_problem(org, (
            f"{listed} {'is' if len(unknown) == 1 else 'are'} not on the account_team roster "
            f"(it lists: {known}); add them there, or check the spelling of --from/--to"))


def _roster_change(team: list[AccountMember], role: str
                   ) -> tuple[AccountMember, AccountMember] | None:
    """The latest person in ``role`` (the AE) who left (has ``until``) and the one who
    followed them."""
    aes = [m for m in team if m.role == role]
    leavers = sorted((m for m in aes if m.until), key=lambda m: m.until)
    for leaver in reversed(leavers):
        successors = sorted(
            (m for m in aes if m is not leaver and m.since and m.since > (leaver.since or date.min)
             and m.since <= leaver.until + timedelta(days=366)),
            key=lambda m: m.since)
        if successors:
            return leaver, successors[-1]
    return None


@dataclass
class CommitmentView:
    """A commitment as the register shows it."""

    id: str
    date: str
    made_by: str
    summary: str
    status: str
    evidence: str
    due: str
    at_risk: bool
    action: str


@dataclass
class TransitionView:
    """Everything the internal transition pack shows."""

    org_name: str
    vendor_name: str
    marking: str
    date: str  # the day the pack is made
    outgoing: AccountMember
    incoming: AccountMember
    outgoing_left: bool  # the outgoing AE's last day (until) is before the pack's date
    effective: str
    outgoing_until: str
    incoming_since: str
    agreement_type: str
    agreement_number: str
    terms: list[str]
    renewal_date: str
    days_to_renewal: int | None
    fiscal: FiscalPosition | None
    commitments: list[CommitmentView]
    at_risk: list[CommitmentView]
    written: list[CommitmentView]
    broken: list[CommitmentView]
    open_issues: list[OpenIssue]
    protect_from_ae: list[CategoryBlock]
    risks: list[str]
    response: list[str]
    do_not: list[str]
    before_handover: list[str]
    first_30_days: list[str]
    first_meeting_name: str
    first_meeting_purpose: str
    first_meeting_agenda: list[AgendaRow]
    first_meeting_minutes: int
    first_meeting_questions: list[str]
    unverified_advice: list[Advice]
    guidance: list[Guidance]
    # the playbook's entry for the organisation's kind of agreement: what it is, its advice and
    # questions, and what it adds to the checklists
    agreement: AgreementType | None = None
    # the sources of what the pack prints, in the order first cited (its appendix)
    sources: list[Source] = field(default_factory=list)
    # the renewal clock on the day of the change: late start, year end, our deadlines
    clock: Clock = field(default_factory=Clock)


@dataclass
class LetterCommitment:
    """A commitment as the shareable letter quotes it: no status, no evidence, no notes."""

    id: str
    date: str
    made_by: str
    summary: str


@dataclass
class LetterView:
    """The shareable confirmation letter: commitment summaries and names, nothing protected."""

    org_name: str
    vendor_name: str
    date: str
    salutation: str  # "Dear Sam,", in the organisation's salutation style
    welcome: bool  # the letter is sent in the new AE's first weeks: it welcomes them
    handover_date: str  # the day the new AE took over
    outgoing_name: str
    incoming_name: str
    agreement_type: str
    agreement_number: str
    commitments: list[LetterCommitment]
    reply_by: str
    signatory_name: str
    signatory_title: str


def _commitment_view(c: Commitment, action: str) -> CommitmentView:
    at_risk = c.status == "verbal"
    return CommitmentView(c.id, c.date.isoformat(), c.made_by, c.summary, c.status, c.evidence,
                          c.due.isoformat() if c.due else "", at_risk,
                          action if at_risk else "")


def has_left(change: AeChange, day: date) -> bool:
    """Whether the outgoing AE's last day on the account (``until``) is before ``day``."""
    return change.outgoing.until is not None and change.outgoing.until < day


def previous_team_commitments(org: OrgContext, change: AeChange) -> list[Commitment]:
    """Open commitments (verbal or written, not yet honoured) made by anyone but the new AE."""
    return [c for c in org.loaded.org.commitments
            if c.status in ("verbal", "written") and c.made_by.casefold() != change.incoming.name.casefold()]


def _protected_from(org: OrgContext, role: str) -> list[CategoryBlock]:
    """Every category protected from ``role``, with the organisation's facts in it."""
    pb, roster = org.playbook.playbook, org.loaded.org
    protected = protected_categories(pb, [role])
    return [CategoryBlock(category, [FactView(f.id, f.text, f.note) for f in roster.facts
                                     if f.category == category.id],
                          protected[category.id].plain(pb))
            for category in pb.categories if category.id in protected]


def _register_fields(org: OrgContext, action: str) -> dict:
    """The commitments register, what in it is at risk (with ``action``), written or broken;
    the open issues."""
    roster = org.loaded.org
    registry = [_commitment_view(c, action) for c in roster.commitments]
    return {"commitments": registry,
                "at_risk": [c for c in registry if c.at_risk],
                "written": [c for c in registry if c.status == "written"],
                "broken": [c for c in registry if c.status == "broken"],
                "open_issues": [i for i in roster.issues if i.status in ("open", "in-progress")],
                "unverified_advice": [a for a in roster.advice
                                   if not a.verified and a.impact == "high"]}


def _first_meeting_fields(org: OrgContext) -> dict:
    """The first meeting with the incoming AE: its type's name, purpose, agenda, questions."""
    pb = org.playbook.playbook
    first = pb.meeting_type(pb.transition.first_meeting)  # the playbook's checks ensure it
    agenda = agenda_rows(first.agenda, org.loaded.org.name, pb.vendor.name, internal=True)
    return {"first_meeting_name": first.name, "first_meeting_purpose": first.purpose,
                "first_meeting_agenda": agenda,
                "first_meeting_minutes": sum(r.minutes for r in agenda),
                "first_meeting_questions": said(pb, first.questions, first.source)}


def _used_sources(pb: Playbook, view: TransitionView) -> list[Source]:
    """The sources of what the transition pack prints: the transition guidance, the first
    meeting's type, the categories protected from the AE, the guidance topics, the agreement's
    statements, and the fiscal calendar when the vendor's quarter is shown."""
    refs = source_ids(pb.transition, pb.meeting_type(pb.transition.first_meeting),
                     *(b.category for b in view.protect_from_ae), view.agreement)
    for entry in view.guidance:  # only the topic's summary is printed
        refs += entry.source
    if view.fiscal and pb.vendor.fiscal_calendar:
        refs += pb.vendor.fiscal_calendar.source
    by_id = {s.id: s for s in pb.vendor.sources}
    return [by_id[r] for r in dict.fromkeys(refs) if r in by_id]


def _on_or_unknown(day: date | None) -> str:
    return long_date(day) if day else "not recorded"


def transition_view(org: OrgContext, change: AeChange, today: date | None = None
                    ) -> TransitionView:
    """The internal transition pack's view model, as of ``today`` (default: today)."""
    pb, roster = org.playbook.playbook, org.loaded.org
    guide = pb.transition
    position = position_on(change.effective, roster.agreement, pb)
    today = today or date.today()
    left = has_left(change, today)
    action = (AT_RISK_AFTER_LEAVING.format(outgoing=change.outgoing.name,
                                           incoming=change.incoming.name)
              if left else AT_RISK_ACTION)
    view = TransitionView(
        org_name=roster.name, vendor_name=pb.vendor.name,
        marking=marking_for(roster, pb.vendor.name), date=long_date(today),
        outgoing=change.outgoing, incoming=change.incoming, outgoing_left=left,
        effective=long_date(change.effective),
        outgoing_until=_on_or_unknown(change.outgoing.until),
        incoming_since=_on_or_unknown(change.incoming.since),
        agreement_type=position.agreement_type, agreement_number=position.agreement_number,
        terms=list(roster.agreement.terms) if roster.agreement else [],
        renewal_date=position.renewal_date, days_to_renewal=position.days_to_renewal,
        fiscal=position.fiscal,
        **_register_fields(org, action),
        protect_from_ae=_protected_from(org, guide.role),
        **{name: said(pb, getattr(guide, name), guide.source) for name in (
            "risks", "response", "do_not", "before_handover", "first_30_days")},
        **_first_meeting_fields(org),
        guidance=[g for g in pb.guidance if "transition-pack" in g.shown_in],
        agreement=pb.agreement(roster.agreement.kind) if roster.agreement else None,
        clock=clock_on(roster, pb, change.effective, "Handover"),
    )
    view.sources = with_clock_sources(_used_sources(pb, view), pb, view.clock)
    return view


def letter_view(org: OrgContext, change: AeChange, today: date) -> LetterView:
    """The shareable letter's view model: only names, dates and commitment summaries."""
    roster = org.loaded.org
    vendor = org.playbook.playbook.vendor.name
    signatory = roster.our_team[0] if roster.our_team else None
    letter_date = max(today, change.effective)
    started = change.incoming.since or change.effective
    return LetterView(
        org_name=roster.name, vendor_name=vendor, date=long_date(letter_date),
        salutation=salutation([change.incoming.name], roster.salutation, f"{vendor} team"),
        welcome=(letter_date - started).days < WELCOME_WEEKS * 7,
        handover_date=long_date(started),
        outgoing_name=change.outgoing.name, incoming_name=change.incoming.name,
        agreement_type=agreement_name(roster.agreement, org.playbook.playbook),
        agreement_number=roster.agreement.number if roster.agreement else "",
        commitments=[LetterCommitment(c.id, long_date(c.date), c.made_by, c.summary)
                     for c in previous_team_commitments(org, change)],
        reply_by=long_date(add_working_days(letter_date, 10)),
        signatory_name=signatory.name if signatory else "",
        signatory_title=signatory.title if signatory else "",
    )
