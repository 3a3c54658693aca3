"""``briefpack brief``: the internal briefing pack and the shareable agenda for one meeting."""

from __future__ import annotations

from pathlib import Path

from briefpack.data.context import MeetingContext, OrgContext, load_meeting_context
from briefpack.packs.agenda import agenda_view
from briefpack.packs.briefing import briefing_view
from briefpack.packs.documents import PlannedDocument, check_formats, plan, write_documents


def plan_brief(meeting_path: Path, org_path: Path | None = None
               ) -> tuple[list[PlannedDocument], MeetingContext]:
    """Validate a meeting and render both of its documents (nothing is written)."""
    docs, ctx, _ = _plan(meeting_path, org_path)
    return docs, ctx


def _plan(meeting_path: Path, org_path: Path | None = None
          ) -> tuple[list[PlannedDocument], MeetingContext, OrgContext]:
    ctx, org, _ = load_meeting_context(Path(meeting_path), org_path)
    briefing = briefing_view(ctx)
    vendor = ctx.playbook.vendor
    mtype = ctx.meeting_type
    details = [("Meeting", mtype.name), ("Date", briefing.date)]
    if briefing.time:
        details.append(("Time", f"{briefing.time} ({briefing.duration} minutes)"))
    if briefing.location:
        details.append(("Location", briefing.location))
    details += [("With", f"{vendor.name} account team"), ("Prepared for", ctx.org.name)]
    docs = [
        plan(org, "briefing.md.j2", briefing, kind="briefing", shareable=False,
             title=ctx.meeting.title, subtitle=f"Internal briefing pack · {mtype.name}",
             subject=f"Internal briefing for a {mtype.name} with {vendor.name}",
             keywords=["briefing", mtype.id, vendor.id], details=details,
             marking=briefing.marking),
        plan(org, "agenda.md.j2", agenda_view(ctx), kind="agenda", shareable=True,
             title=ctx.meeting.title, subtitle="Agenda", subject=f"Agenda: {ctx.meeting.title}",
             keywords=["agenda", mtype.id]),
    ]
    return docs, ctx, org


def brief(meeting_path: Path, org_path: Path | None = None, out_dir: Path = Path("output"),
          formats: tuple[str, ...] = ("docx",), force: bool = False) -> list[Path]:
    """Write the briefing pack and shareable agenda of a meeting; return the written paths.

    Everything is validated and rendered in memory first: on any error nothing is written.
    ``ics`` in ``formats`` adds the meeting's calendar invite (kind ``invite``, shareable).
    """
    check_formats(formats)
    docs, ctx, org = _plan(meeting_path, org_path)
    extra = []
    if "ics" in formats:
        from briefpack.packs.invite import invite_bytes

        extra.append(("invite", "ics", invite_bytes(ctx, org.template_path)))
    return write_documents(docs, ctx.meeting.date, ctx.meeting.title, out_dir, formats, force,
                           extra=extra)
