"""``briefpack followup``: after the meeting, ask for written confirmation (principle 6).

From a meeting's ``outcomes`` it writes a shareable request listing what the vendor said or
promised, and an internal note saying which outcomes become commitments in the register,
with the YAML entries to paste into org.yaml. The user's files are never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from briefpack.data.context import load_meeting_context
from briefpack.packs.documents import PlannedDocument, check_formats, plan, write_documents
from briefpack.errors import ValidationFailed
from briefpack.data.models import Organisation
from briefpack.render.jinja import Verbatim
from briefpack.packs.transition import add_working_days
from briefpack.packs.briefing import MeetingContext, long_date, marking_for

KIND_LABELS = {"commitment": "Commitment", "statement": "Statement", "action": "Action",
               "decision": "Decision"}


@dataclass
class OutcomeRow:
    """An outcome as both documents list it."""

    number: int
    summary: str
    made_by: str
    kind: str
    kind_label: str
    due: str
    register_id: str = ""  # for commitments: the id it gets in the register


@dataclass
class FollowupView:
    """Both follow-up documents' view model (the request uses only names, dates, outcomes)."""

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
    numbers = [int(m.group(1)) for c in org.commitments
               if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", c.id))]
    width = max([len(m.group(1)) for c in org.commitments
                 if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", c.id))] or [2])
    start = max(numbers, default=0) + 1
    return [f"{prefix}{n:0{width}d}" for n in range(start, start + count)]


def register_entries(rows: list[OutcomeRow], day: date) -> str:
    """The YAML to add under ``commitments:`` in org.yaml for the new commitments."""
    entries = [{"id": r.register_id, "date": day, "made_by": r.made_by, "summary": r.summary,
                "status": "verbal", "evidence": ""} | ({"due": date.fromisoformat(r.due)} if r.due else {})
               for r in rows]
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)


def followup_view(ctx: MeetingContext) -> FollowupView:
    """The view model of both follow-up documents."""
    meeting = ctx.meeting
    rows = [OutcomeRow(i, o.summary, o.made_by, o.kind, KIND_LABELS[o.kind],
                       o.due.isoformat() if o.due else "")
            for i, o in enumerate(meeting.outcomes, 1)]
    commitments = [r for r in rows if r.kind == "commitment"]
    for row, new_id in zip(commitments, next_ids(ctx.org, len(commitments))):
        row.register_id = new_id
    signatory = ctx.ours[0] if ctx.ours else (ctx.org.our_team[0] if ctx.org.our_team else None)
    return FollowupView(
        org_name=ctx.org.name, vendor_name=ctx.playbook.vendor.name,
        marking=marking_for(ctx.org, ctx.playbook.vendor.name),
        title=meeting.title, date=long_date(meeting.date),
        reply_by=long_date(add_working_days(meeting.date, 2)),
        vendor_attendees=[p.name for p in ctx.vendor],
        outcomes=rows, commitments=commitments,
        register_yaml=Verbatim(register_entries(commitments, meeting.date) if commitments else ""),
        signatory_name=signatory.name if signatory else "",
        signatory_title=signatory.title if signatory else "",
    )


def plan_followup(meeting_path: Path, org_path: Path | None = None
                  ) -> tuple[list[PlannedDocument], MeetingContext, FollowupView]:
    """Validate the meeting and render the request and the internal note."""
    ctx, org, loaded = load_meeting_context(Path(meeting_path), org_path)
    if not ctx.meeting.outcomes:
        raise ValidationFailed([loaded.doc.problem(("outcomes",), (
            "no outcomes recorded: after the meeting, list what the vendor said or promised "
            "under outcomes, e.g. - {summary: ..., made_by: NAME, kind: commitment}"))])
    view = followup_view(ctx)
    title = ctx.meeting.title
    docs = [
        plan(org, "confirmation-request.md.j2", view, kind="confirmation-request", shareable=True,
             title=f"{title}: confirmation of what was agreed",
             subtitle="", subject=f"Request for written confirmation: {title}",
             keywords=["confirmation", "follow-up"]),
        plan(org, "followup-notes.md.j2", view, kind="followup-notes", shareable=False,
             title=f"{title}: follow-up notes", subtitle="Internal notes after the meeting",
             subject=f"Internal follow-up of {title}", keywords=["follow-up", "commitments"],
             details=[("Meeting", title), ("Date", view.date), ("Prepared for", view.org_name)],
             marking=view.marking),
    ]
    return docs, ctx, view


def followup(meeting_path: Path, org_path: Path | None = None, out_dir: Path = Path("output"),
             formats: tuple[str, ...] = ("docx",), force: bool = False
             ) -> tuple[list[Path], FollowupView]:
    """Write the confirmation request and the follow-up notes; return paths and the view."""
    check_formats(formats)
    docs, ctx, view = plan_followup(meeting_path, org_path)
    paths = write_documents(docs, ctx.meeting.date, ctx.meeting.title, out_dir, formats, force)
    return paths, view
