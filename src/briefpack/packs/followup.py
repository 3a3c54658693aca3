"""After the meeting: the shareable confirmation request and the internal follow-up notes.

From a meeting's ``outcomes``, the request lists what the vendor said or promised, for the
vendor to confirm in writing (principle 6); its view (:class:`ConfirmationRequestView`) holds
names, dates and the outcomes only. The internal notes (:class:`FollowupNotesView`) say which
outcomes become commitments in the register, with the YAML entries to paste into org.yaml.
An outcome that re-affirms a commitment already in the register (named by its ``commitment``
id, or worded as its summary) is no new commitment: the notes give that entry as it becomes
(:class:`RegisterUpdate`: date, who stands by it, status and evidence) instead of a duplicate.
The user's files are never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import yaml

from briefpack.data.context import MeetingContext
from briefpack.data.models import Commitment, Organisation, Outcome
from briefpack.errors import Problem
from briefpack.packs.common import add_working_days, long_date, marking_for
from briefpack.packs.letters import salutation
from briefpack.render.jinja import Verbatim

KIND_LABELS = {"commitment": "Commitment", "statement": "Statement", "action": "Action",
               "decision": "Decision"}
REPLY_WORKING_DAYS = 2


@dataclass
class ConfirmationPoint:
    """An outcome as the shareable request lists it, for the vendor to confirm."""

    number: int
    summary: str
    made_by: str
    kind: str
    kind_label: str
    due: str


@dataclass
class OutcomeRow(ConfirmationPoint):
    """An outcome as the internal notes list it: a new commitment gets its register id; one
    that re-affirms a commitment in the register names it (``reaffirms``)."""

    register_id: str = ""
    reaffirms: str = ""


@dataclass
class RegisterUpdate:
    """A commitment in the register that an outcome re-affirms, before and after."""

    outcome: int  # the outcome's number
    id: str
    made_by: str  # who made it, before the meeting
    made_on: str
    status: str  # before the meeting
    new_status: str


@dataclass
class ConfirmationRequestView:
    """The shareable confirmation request: names, dates and the outcomes, nothing else."""

    org_name: str
    vendor_name: str
    title: str
    date: str
    reply_by: str
    vendor_attendees: list[str]
    salutation: str  # "Dear Sam and Priya,", in the organisation's salutation style
    outcomes: list[ConfirmationPoint]
    signatory_name: str
    signatory_title: str


@dataclass
class FollowupNotesView:
    """The internal follow-up notes: the outcomes, the commitments among them with their new
    register ids, and the register entries to add to org.yaml."""

    org_name: str
    vendor_name: str
    marking: str
    title: str
    date: str
    reply_by: str
    vendor_attendees: list[str]
    outcomes: list[OutcomeRow]
    commitments: list[OutcomeRow]  # new commitments, each with its new register id
    register_yaml: str
    updates: list[RegisterUpdate]  # commitments in the register that outcomes re-affirm
    update_yaml: str  # those entries as they become, to replace in org.yaml
    signatory_name: str
    signatory_title: str


def next_ids(org: Organisation, count: int, prefix: str = "C-") -> list[str]:
    """``count`` new commitment ids after the highest ``C-NN`` in the register."""
    pattern = re.escape(prefix) + r"(\d+)"
    found = [m.group(1) for c in org.commitments if (m := re.fullmatch(pattern, c.id))]
    width = max((len(digits) for digits in found), default=2)
    start = max((int(digits) for digits in found), default=0) + 1
    return [f"{prefix}{n:0{width}d}" for n in range(start, start + count)]


def register_entries(rows: list[OutcomeRow], day: date) -> str:
    """The YAML to add under ``commitments:`` in org.yaml for the new commitments."""
    entries = [{"id": r.register_id, "date": day, "made_by": r.made_by, "summary": r.summary,
                "status": "verbal", "evidence": ""} | ({"due": date.fromisoformat(r.due)} if r.due else {})
               for r in rows]
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def reaffirmed(outcome: Outcome, org: Organisation) -> Commitment | None:
    """The commitment in the register that ``outcome`` re-affirms: the one its ``commitment``
    names, else one with the same summary (case, spacing and punctuation aside)."""
    if outcome.commitment:
        key = outcome.commitment.strip().casefold()
        return next((c for c in org.commitments if c.id.casefold() == key), None)
    words = _words(outcome.summary)
    return next((c for c in org.commitments if _words(c.summary) == words), None)


def reaffirm_problems(ctx: MeetingContext, doc) -> list[Problem]:
    """An outcome's ``commitment`` that is no id in the register, at its line."""
    ids = [c.id for c in ctx.org.commitments]
    listing = f"expected one of: {', '.join(ids)}" if ids else "the register has none"
    return [doc.problem(("outcomes", i, "commitment"), (
        f"no commitment '{o.commitment}' in the register (commitments: in org.yaml); "
        f"{listing}. Leave commitment out when the outcome is a new commitment"))
        for i, o in enumerate(ctx.meeting.outcomes)
        if o.commitment and reaffirmed(o, ctx.org) is None]


def _outcome_rows(ctx: MeetingContext) -> list[OutcomeRow]:
    """The meeting's outcomes, numbered; new commitments with the register ids they will
    get, re-affirmations with the id they re-affirm."""
    rows = []
    for i, o in enumerate(ctx.meeting.outcomes, 1):
        existing = reaffirmed(o, ctx.org)
        rows.append(OutcomeRow(i, o.summary, o.made_by, o.kind, KIND_LABELS[o.kind],
                               o.due.isoformat() if o.due else "",
                               reaffirms=existing.id if existing else ""))
    commitments = [r for r in rows if r.kind == "commitment" and not r.reaffirms]
    for row, new_id in zip(commitments, next_ids(ctx.org, len(commitments))):
        row.register_id = new_id
    return rows


def _updated(c: Commitment, o: Outcome, ctx: MeetingContext) -> dict:
    """``c``'s register entry after ``o`` re-affirmed it in this meeting: dated this meeting,
    made by whoever re-affirmed it, verbal unless already in writing, the meeting as evidence
    (with who first made it and when)."""
    meeting = ctx.meeting
    who = o.made_by or c.made_by
    note = f"re-affirmed by {who} in the {meeting.title}, {meeting.date.isoformat()}"
    if o.due:
        note += f" (due {o.due.isoformat()})"
    if "first made by" not in c.evidence:
        note += f"; first made by {c.made_by} on {c.date.isoformat()}"
    entry = {"id": c.id, "date": meeting.date, "made_by": who, "summary": c.summary,
             "status": c.status if c.status in ("written", "honoured") else "verbal",
             "evidence": "; ".join(part for part in (c.evidence, note) if part)}
    return entry | ({"due": c.due} if c.due else {})


def register_updates(ctx: MeetingContext) -> tuple[list[RegisterUpdate], str]:
    """The commitments the meeting's outcomes re-affirm, and their entries as they become
    (YAML, to replace in org.yaml); an entry re-affirmed twice is given once, as the last
    outcome leaves it."""
    updates: dict[str, RegisterUpdate] = {}
    entries: dict[str, dict] = {}
    for i, o in enumerate(ctx.meeting.outcomes, 1):
        c = reaffirmed(o, ctx.org)
        if c is not None:
            entries[c.id] = _updated(c, o, ctx)
            updates[c.id] = RegisterUpdate(i, c.id, c.made_by, long_date(c.date), c.status,
                                           entries[c.id]["status"])
    text = yaml.safe_dump(list(entries.values()), sort_keys=False, allow_unicode=True,
                          width=1000) if entries else ""
    return list(updates.values()), text


def _signatory(ctx: MeetingContext) -> tuple[str, str]:
    """Who signs, (name, title): the first of ours in the meeting, else the first on our
    team; empty when there is nobody."""
    first = ctx.ours[0] if ctx.ours else (ctx.org.our_team[0] if ctx.org.our_team else None)
    return (first.name, first.title) if first else ("", "")


def confirmation_request_view(ctx: MeetingContext) -> ConfirmationRequestView:
    """The shareable request's view model: names, dates and outcomes only."""
    meeting, signatory = ctx.meeting, _signatory(ctx)
    return ConfirmationRequestView(
        org_name=ctx.org.name, vendor_name=ctx.playbook.vendor.name,
        title=meeting.title, date=long_date(meeting.date),
        reply_by=long_date(add_working_days(meeting.date, REPLY_WORKING_DAYS)),
        vendor_attendees=[p.name for p in ctx.vendor],
        salutation=salutation([p.name for p in ctx.vendor], ctx.org.salutation,
                              f"{ctx.playbook.vendor.name} team"),
        outcomes=[ConfirmationPoint(r.number, r.summary, r.made_by, r.kind, r.kind_label, r.due)
                  for r in _outcome_rows(ctx)],
        signatory_name=signatory[0], signatory_title=signatory[1],
    )


def followup_notes_view(ctx: MeetingContext) -> FollowupNotesView:
    """The internal follow-up notes' view model."""
    meeting, signatory = ctx.meeting, _signatory(ctx)
    rows = _outcome_rows(ctx)
    commitments = [r for r in rows if r.register_id]
    updates, update_yaml = register_updates(ctx)
    return FollowupNotesView(
        org_name=ctx.org.name, vendor_name=ctx.playbook.vendor.name,
        marking=marking_for(ctx.org, ctx.playbook.vendor.name),
        title=meeting.title, date=long_date(meeting.date),
        reply_by=long_date(add_working_days(meeting.date, REPLY_WORKING_DAYS)),
        vendor_attendees=[p.name for p in ctx.vendor],
        outcomes=rows, commitments=commitments,
        register_yaml=Verbatim(register_entries(commitments, meeting.date) if commitments else ""),
        updates=updates, update_yaml=Verbatim(update_yaml),
        signatory_name=signatory[0], signatory_title=signatory[1],
    )
