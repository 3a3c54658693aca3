"""``briefpack followup``: after a meeting, the shareable confirmation request and the internal
follow-up notes, from the meeting's ``outcomes``."""

from __future__ import annotations

from pathlib import Path

from briefpack.data.context import MeetingContext, load_meeting_context
from briefpack.errors import ValidationFailed
from briefpack.guard.fields import shareable_field_problems
from briefpack.packs.documents import PlannedDocument, check_formats, plan, write_documents
from briefpack.packs.followup import (
    FollowupNotesView,
    confirmation_request_view,
    followup_notes_view,
    reaffirm_problems,
)
from briefpack.word.output import organisation_folder


def plan_followup(meeting_path: Path, org_path: Path | None = None
                  ) -> tuple[list[PlannedDocument], MeetingContext, FollowupNotesView]:
    """Validate the meeting and render the request and the internal notes (nothing is
    written); also return the notes' view, which holds the register entries to add."""
    def later_checks(ctx, org, loaded):  # reported with the data's own problems, all at once
        return (shareable_field_problems(ctx, loaded.doc, org.loaded.doc, outcomes=True)
                + reaffirm_problems(ctx, loaded.doc))

    ctx, org, loaded = load_meeting_context(Path(meeting_path), org_path, also=later_checks)
    if not ctx.meeting.outcomes:
        raise ValidationFailed([loaded.doc.problem(("outcomes",), (
            "no outcomes recorded: after the meeting, list what the vendor said or promised "
            "under outcomes, e.g. - {summary: ..., made_by: NAME, kind: commitment}"))])
    notes = followup_notes_view(ctx)
    title = ctx.meeting.title
    docs = [
        plan(org, "confirmation-request.md.j2", confirmation_request_view(ctx),
             kind="confirmation-request", shareable=True,
             title=f"{title}: confirmation of what was agreed",
             subtitle="", subject=f"Request for written confirmation: {title}",
             keywords=["confirmation", "follow-up"]),
        plan(org, "followup-notes.md.j2", notes, kind="followup-notes", shareable=False,
             title=f"{title}: follow-up notes", subtitle="Internal notes after the meeting",
             subject=f"Internal follow-up of {title}", keywords=["follow-up", "commitments"],
             details=[("Meeting", title), ("Date", notes.date), ("Prepared for", notes.org_name)],
             marking=notes.marking),
    ]
    return docs, ctx, notes


def followup(meeting_path: Path, org_path: Path | None = None, out_dir: Path = Path("output"),
             formats: tuple[str, ...] = ("docx",), force: bool = False
             ) -> tuple[list[Path], FollowupNotesView]:
    """Write the confirmation request and the follow-up notes into ``out_dir/<organisation>/``;
    return the written paths and the notes' view (its ``register_yaml`` holds the entries to
    add to org.yaml, its ``update_yaml`` the entries that outcomes re-affirmed, as they
    become)."""
    check_formats(formats)
    docs, ctx, notes = plan_followup(meeting_path, org_path)
    paths = write_documents(docs, ctx.meeting.date, ctx.meeting.title,
                            organisation_folder(out_dir, ctx.org.name), formats, force)
    return paths, notes
