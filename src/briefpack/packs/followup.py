"""After the meeting: the shareable confirmation request and the internal follow-up notes.

From a meeting's ``outcomes``, the request lists what the vendor said or promised, for the
vendor to confirm in writing (principle 6); its view (:class:`ConfirmationRequestView`) holds
names, dates and the outcomes only. The internal notes (:class:`FollowupNotesView`) say which
outcomes become commitments in the register, with the YAML entries to paste into org.yaml.
An outcome that re-affirms a commitment already in the register (named by its ``commitment``
id, or worded as its summary) is no new commitment: the notes give that entry as it becomes
(:class:`RegisterUpdate`: date, who stands by it, status and evidence) instead of a duplicate.
:func:`register_changes` gives the same entries as data, for ``followup --apply`` to write into
org.yaml; nothing here writes a file. Applying twice changes nothing the second time: a
commitment added from this meeting is recognised as the outcome's own entry (not re-affirmed
by it), and an entry whose evidence already records this meeting (or dated after it) is left
as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from briefpack.data.context import MeetingContext
from briefpack.data.models import Outcome
from briefpack.errors import Problem
from briefpack.packs.common import add_working_days, long_date, marking_for
from briefpack.packs.letters import salutation
from briefpack.packs.outcomes import (
    as_yaml,
    entry_of,
    match,
    next_ids,
    reaffirm_problems,  # noqa: F401 (validate imports it here)
    reaffirmed_entry,
    records_meeting,
)
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
    in_register: bool = False  # its entry is in the register already (added from this meeting)


@dataclass
class RegisterUpdate:
    """A commitment in the register that an outcome re-affirms, before and after."""

    outcome: int  # the outcome's number
    id: str
    made_by: str  # who made it, before the meeting
    made_on: str
    status: str  # before the meeting
    new_status: str
    applied: bool = False  # the register holds the entry as it becomes (after this run)
    earlier: bool = False  # it did before this run: made_by, made_on and status are as it became


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
    register_yaml: str  # those not in the register yet, as entries to add
    updates: list[RegisterUpdate]  # commitments in the register that outcomes re-affirm
    update_yaml: str  # those entries as they become, to replace in org.yaml
    signatory_name: str
    signatory_title: str


@dataclass
class RegisterChanges:
    """What a meeting's outcomes do to the register, as entries (for ``followup --apply``)."""

    added: list[dict]  # new commitments, not in the register yet, in order
    updated: dict[str, dict]  # id -> the fields a re-affirmation changes, with their values


def new_entry(row: OutcomeRow, day: date) -> dict:
    """The register entry of a new commitment: verbal until confirmed in writing."""
    return ({"id": row.register_id, "date": day, "made_by": row.made_by, "summary": row.summary,
             "status": "verbal", "evidence": ""}
            | ({"due": date.fromisoformat(row.due)} if row.due else {}))


def register_entries(rows: list[OutcomeRow], day: date) -> str:
    """The YAML to add under ``commitments:`` in org.yaml for the new commitments."""
    return as_yaml([new_entry(r, day) for r in rows])


def _row(number: int, o: Outcome, ctx: MeetingContext) -> OutcomeRow:
    """Outcome ``number`` as the notes list it, with the register entry it is (its own,
    added from this meeting) or re-affirms."""
    existing, own = match(o, ctx)
    row = OutcomeRow(number, o.summary, o.made_by, o.kind, KIND_LABELS[o.kind],
                     o.due.isoformat() if o.due else "")
    if existing is not None:
        row.register_id, row.in_register = (existing.id, True) if own else ("", False)
        row.reaffirms = "" if own else existing.id
    return row


def _outcome_rows(ctx: MeetingContext) -> list[OutcomeRow]:
    """The meeting's outcomes, numbered; new commitments with the register ids they will
    get, re-affirmations with the id they re-affirm."""
    rows = [_row(i, o, ctx) for i, o in enumerate(ctx.meeting.outcomes, 1)]
    commitments = [r for r in rows if r.kind == "commitment" and not (r.reaffirms or r.register_id)]
    for row, new_id in zip(commitments, next_ids(ctx.org, len(commitments))):
        row.register_id = new_id
    return rows


def register_updates(ctx: MeetingContext) -> tuple[list[RegisterUpdate], str]:
    """The commitments the meeting's outcomes re-affirm, and their entries as they become
    (YAML, to replace in org.yaml); an entry re-affirmed twice is given once, as the last
    outcome leaves it."""
    updates, entries = _reaffirmed_entries(ctx)
    return updates, as_yaml(entries) if entries else ""


def _reaffirmed_entries(ctx: MeetingContext) -> tuple[list[RegisterUpdate], list[dict]]:
    """The re-affirmed commitments and their entries as they become, in the register's order
    of first mention."""
    updates: dict[str, RegisterUpdate] = {}
    entries: dict[str, dict] = {}
    for i, o in enumerate(ctx.meeting.outcomes, 1):
        c, own = match(o, ctx)
        if c is not None and not own:
            entries[c.id] = reaffirmed_entry(c, o, ctx)
            updates[c.id] = RegisterUpdate(i, c.id, c.made_by, long_date(c.date), c.status,
                                           entries[c.id]["status"],
                                           applied=entries[c.id] == entry_of(c),
                                           earlier=records_meeting(c, ctx))
    return list(updates.values()), list(entries.values())


def register_changes(ctx: MeetingContext) -> RegisterChanges:
    """The new commitments not yet in the register, and the re-affirmed ones as they
    become: what ``followup --apply`` writes into org.yaml."""
    added = [new_entry(r, ctx.meeting.date) for r in _outcome_rows(ctx)
             if r.register_id and not r.in_register]
    now = {c.id: entry_of(c) for c in ctx.org.commitments}
    updated = {}
    for entry in _reaffirmed_entries(ctx)[1]:
        old = now[entry["id"]]
        if changes := {k: v for k, v in entry.items() if old.get(k) != v}:
            updated[entry["id"]] = changes
    return RegisterChanges(added, updated)


def apply_problems(ctx: MeetingContext, doc) -> list[Problem]:
    """A new commitment that would make org.yaml invalid once applied, at its outcome's
    line: the register needs who made it."""
    return [doc.problem(("outcomes", r.number - 1), (
        "this new commitment names nobody under made_by: the register (commitments: in "
        "org.yaml) needs who made it, so --apply cannot add it; give the name, e.g. "
        "made_by: Sam Rivera"))
        for r in _outcome_rows(ctx)
        if r.register_id and not r.in_register and not r.made_by.strip()]


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


def followup_notes_view(ctx: MeetingContext, applied: bool = False) -> FollowupNotesView:
    """The internal follow-up notes' view model; ``applied`` when ``followup --apply`` writes
    the register's changes in the same run (the notes then say they are in the register)."""
    meeting, signatory = ctx.meeting, _signatory(ctx)
    rows = _outcome_rows(ctx)
    commitments = [r for r in rows if r.register_id]
    updates, update_yaml = register_updates(ctx)
    for item in (commitments + updates) if applied else []:
        if isinstance(item, OutcomeRow):
            item.in_register = True
        else:
            item.applied = True
    missing = [r for r in commitments if not r.in_register]
    return FollowupNotesView(
        org_name=ctx.org.name, vendor_name=ctx.playbook.vendor.name,
        marking=marking_for(ctx.org, ctx.playbook.vendor.name),
        title=meeting.title, date=long_date(meeting.date),
        reply_by=long_date(add_working_days(meeting.date, REPLY_WORKING_DAYS)),
        vendor_attendees=[p.name for p in ctx.vendor],
        outcomes=rows, commitments=commitments,
        register_yaml=Verbatim(register_entries(missing, meeting.date) if missing else ""),
        updates=updates, update_yaml=Verbatim(update_yaml),
        signatory_name=signatory[0], signatory_title=signatory[1],
    )
