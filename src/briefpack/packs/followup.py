"""After the meeting: the shareable confirmation request and the internal follow-up notes.

From a meeting's ``outcomes``, the request lists what the vendor said or promised, for the
vendor to confirm in writing (principle 6); its view (:class:`ConfirmationRequestView`) holds
names, dates and the outcomes only. The internal notes (:class:`FollowupNotesView`) say which
outcomes become commitments in the register, with the YAML entries to paste into org.yaml.
The user's files are never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import yaml

from briefpack.data.context import MeetingContext
from briefpack.data.models import Organisation
from briefpack.packs.common import add_working_days, long_date, marking_for
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
    """An outcome as the internal notes list it: a commitment gets its register id."""

    register_id: str = ""


@dataclass
class ConfirmationRequestView:
    """The shareable confirmation request: names, dates and the outcomes, nothing else."""

    org_name: str
    vendor_name: str
    title: str
    date: str
    reply_by: str
    vendor_attendees: list[str]
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
    commitments: list[OutcomeRow]
    register_yaml: str
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


def _outcome_rows(ctx: MeetingContext) -> list[OutcomeRow]:
    """The meeting's outcomes, numbered; commitments with the register ids they will get."""
    rows = [OutcomeRow(i, o.summary, o.made_by, o.kind, KIND_LABELS[o.kind],
                       o.due.isoformat() if o.due else "")
            for i, o in enumerate(ctx.meeting.outcomes, 1)]
    commitments = [r for r in rows if r.kind == "commitment"]
    for row, new_id in zip(commitments, next_ids(ctx.org, len(commitments))):
        row.register_id = new_id
    return rows


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
        outcomes=[ConfirmationPoint(r.number, r.summary, r.made_by, r.kind, r.kind_label, r.due)
                  for r in _outcome_rows(ctx)],
        signatory_name=signatory[0], signatory_title=signatory[1],
    )


def followup_notes_view(ctx: MeetingContext) -> FollowupNotesView:
    """The internal follow-up notes' view model."""
    meeting, signatory = ctx.meeting, _signatory(ctx)
    rows = _outcome_rows(ctx)
    commitments = [r for r in rows if r.kind == "commitment"]
    return FollowupNotesView(
        org_name=ctx.org.name, vendor_name=ctx.playbook.vendor.name,
        marking=marking_for(ctx.org, ctx.playbook.vendor.name),
        title=meeting.title, date=long_date(meeting.date),
        reply_by=long_date(add_working_days(meeting.date, REPLY_WORKING_DAYS)),
        vendor_attendees=[p.name for p in ctx.vendor],
        outcomes=rows, commitments=commitments,
        register_yaml=Verbatim(register_entries(commitments, meeting.date) if commitments else ""),
        signatory_name=signatory[0], signatory_title=signatory[1],
    )
