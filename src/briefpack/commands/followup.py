"""``briefpack followup``: after a meeting, the shareable confirmation request and the internal
follow-up notes, from the meeting's ``outcomes``; with ``--apply``, the register in org.yaml
updated from them.

Applying is done in two steps so that the command line can show the change and ask before
anything is written: :func:`prepare_apply` validates everything, computes the new org.yaml
(checked as briefpack reads the file) and renders the documents, which say the register holds
the changes; :func:`write_applied` then writes the documents and org.yaml, or nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from briefpack.data.context import (
    MeetingContext,
    OrgContext,
    load_meeting_context,
    org_text_problems,
)
from briefpack.data.load import load_org
from briefpack.data.yamledit import YamlEdit
from briefpack.data.yamlentries import append_entry, update_entry
from briefpack.errors import BriefpackError, Problem, ValidationFailed, display_path
from briefpack.guard.fields import shareable_field_problems
from briefpack.packs.documents import PlannedDocument, check_formats, plan, write_documents
from briefpack.packs.followup import (
    FollowupNotesView,
    apply_problems,
    confirmation_request_view,
    followup_notes_view,
    reaffirm_problems,
    register_changes,
)
from briefpack.packs.maildraft import request_mail
from briefpack.word.output import organisation_folder


def _load(meeting_path: Path, org_path: Path | None, applying: bool = False
          ) -> tuple[MeetingContext, OrgContext]:
    """The validated meeting and organisation; a meeting without outcomes is an error, and so,
    when ``applying``, is a new commitment the register could not hold."""
    def later_checks(ctx, org, loaded):  # reported with the data's own problems, all at once
        return (shareable_field_problems(ctx, loaded.doc, org.loaded.doc, outcomes=True)
                + reaffirm_problems(ctx, loaded.doc)
                + (apply_problems(ctx, loaded.doc) if applying else []))

    ctx, org, loaded = load_meeting_context(Path(meeting_path), org_path, also=later_checks)
    if not ctx.meeting.outcomes:
        raise ValidationFailed([loaded.doc.problem(("outcomes",), (
            "no outcomes recorded: after the meeting, list what the vendor said or promised "
            "under outcomes, e.g. - {summary: ..., made_by: NAME, kind: commitment}"))])
    return ctx, org


def _documents(ctx: MeetingContext, org: OrgContext, applied: bool = False
               ) -> tuple[list[PlannedDocument], FollowupNotesView]:
    """The request and the internal notes, rendered (nothing is written); ``applied``: the
    notes say the register holds what the outcomes change (followup --apply writes it)."""
    notes = followup_notes_view(ctx, applied)
    title = ctx.meeting.title
    request = confirmation_request_view(ctx)
    docs = [
        plan(org, "confirmation-request.md.j2", request, kind="confirmation-request",
             shareable=True, title=f"{title}: confirmation of what was agreed",
             subtitle="", subject=f"Request for written confirmation: {title}",
             keywords=["confirmation", "follow-up"], mail=request_mail(ctx.org, request)),
        plan(org, "followup-notes.md.j2", notes, kind="followup-notes", shareable=False,
             title=f"{title}: follow-up notes", subtitle="Internal notes after the meeting",
             subject=f"Internal follow-up of {title}", keywords=["follow-up", "commitments"],
             details=[("Meeting", title), ("Date", notes.date), ("Prepared for", notes.org_name)],
             marking=notes.marking, cover=False),
    ]
    return docs, notes


def plan_followup(meeting_path: Path, org_path: Path | None = None
                  ) -> tuple[list[PlannedDocument], MeetingContext, FollowupNotesView]:
    """Validate the meeting and render the request and the internal notes (nothing is
    written); also return the notes' view, which holds the register entries to add."""
    ctx, org = _load(meeting_path, org_path)
    docs, notes = _documents(ctx, org)
    return docs, ctx, notes


def followup(meeting_path: Path, org_path: Path | None = None, out_dir: Path = Path("output"),
             formats: tuple[str, ...] = ("docx",), force: bool = False
             ) -> tuple[list[Path], FollowupNotesView]:
    """Write the confirmation request and the follow-up notes into ``out_dir/<organisation>/``
    (with ``eml`` in ``formats``, the request's e-mail draft too); return the written paths and the notes' view (its ``register_yaml`` holds the entries to
    add to org.yaml, its ``update_yaml`` the entries that outcomes re-affirmed, as they
    become). org.yaml is not changed."""
    check_formats(formats)
    docs, ctx, notes = plan_followup(meeting_path, org_path)
    paths = write_documents(docs, ctx.meeting.date, ctx.meeting.title,
                            organisation_folder(out_dir, ctx.org.name), formats, force)
    return paths, notes


# --------------------------------------------------------------------------- --apply


@dataclass
class AppliedFollowup:
    """A ``followup --apply`` ready to write: org.yaml's edit and the documents, whose notes
    say the register holds what the edit changes."""

    org_file: Path
    edit: YamlEdit
    added: list[str]  # ids of the new commitments
    updated: dict[str, list[str]]  # id -> the fields that change
    docs: list[PlannedDocument]
    ctx: MeetingContext

    @property
    def changed(self) -> bool:
        """Whether org.yaml changes at all."""
        return bool(self.added or self.updated)

    def summary(self) -> str:
        """One line saying what --apply does to the register."""
        name = display_path(self.org_file)
        if not self.changed:
            return (f"{name}: nothing to apply: the register already holds what this meeting's "
                    "outcomes add to it")
        parts = []
        if self.added:
            parts.append(f"{_count(self.added, 'commitment')} to add ({', '.join(self.added)})")
        if self.updated:
            parts.append(f"{_count(self.updated, 'commitment')} to update (" + "; ".join(
                f"{id_}: {', '.join(fields)}" for id_, fields in self.updated.items()) + ")")
        return f"{name}: {' and '.join(parts)}"

    def diff(self) -> str:
        """The change to org.yaml as a unified diff (empty when nothing changes)."""
        name = display_path(self.org_file)
        return "".join(difflib.unified_diff(
            self.edit.original.splitlines(keepends=True), self.edit.text().splitlines(keepends=True),
            fromfile=f"{name} (now)", tofile=f"{name} (after --apply)"))


def _count(items, noun: str) -> str:
    return f"{len(items)} {noun}{'s' if len(items) != 1 else ''}"


def prepare_apply(meeting_path: Path, org_path: Path | None = None,
                  formats: tuple[str, ...] = ("docx",)) -> AppliedFollowup:
    """Validate the meeting, compute the new org.yaml from its outcomes (new commitments with
    the register's next ids, re-affirmed ones changed where they change), check it as briefpack
    reads the file, and render the documents (the notes say the changes are in the register).
    Nothing is written; raises with every problem found."""
    check_formats(formats)
    ctx, org = _load(meeting_path, org_path, applying=True)
    org_file = org.loaded.doc.path.resolve()  # a symbolic link's target is what changes
    edit = YamlEdit(org_file)
    _same_register(edit, org_file, ctx)
    changes = register_changes(ctx)
    for entry in changes.added:
        append_entry(edit, "commitments", entry)
    updated = {}
    for id_, values in changes.updated.items():
        if fields := update_entry(edit.find("commitments", "id", id_), values):
            updated[id_] = fields
    _check(edit, org_file)
    docs, _ = _documents(ctx, org, applied=True)
    return AppliedFollowup(org_file, edit, [e["id"] for e in changes.added], updated, docs, ctx)


def _same_register(edit: YamlEdit, org_file: Path, ctx: MeetingContext) -> None:
    """Refuse if org.yaml changed between loading the organisation and reading it for the
    edit: the changes were worked out from the register as it was loaded."""
    loaded = load_org(org_file, edit.original).org
    if loaded is None or loaded.commitments != ctx.org.commitments:
        raise BriefpackError(f"{display_path(org_file)} changed while briefpack was reading it; "
                             "nothing was written: run the command again")


def _check(edit: YamlEdit, org_file: Path) -> None:
    """The new org.yaml read as briefpack reads it; its problems, said to be the change's."""
    problems = org_text_problems(org_file, edit.text())
    if problems:
        raise ValidationFailed([Problem(p.path, p.line, p.loc, (
            f"{p.message} (in org.yaml as --apply would leave it; the line is that of the "
            "changed file)")) for p in problems])


def write_applied(run: AppliedFollowup, out_dir: Path = Path("output"),
                  formats: tuple[str, ...] = ("docx",), force: bool = False) -> list[Path]:
    """Write the documents, then org.yaml; return the paths written (org.yaml last, when it
    changed). Refuses, writing nothing, if org.yaml changed on disk since it was read (someone
    saved it while the change was being confirmed) or a document may not be replaced."""
    if run.changed and run.org_file.read_text(encoding="utf-8") != run.edit.original:
        raise BriefpackError(f"{display_path(run.org_file)} changed while briefpack was working "
                             "on it; nothing was written: run the command again")
    ctx = run.ctx
    paths = write_documents(run.docs, ctx.meeting.date, ctx.meeting.title,
                            organisation_folder(out_dir, ctx.org.name), formats, force)
    if not run.changed:
        return paths
    try:
        run.edit.save()
    except BriefpackError as exc:
        raise BriefpackError(f"{exc.message} (the documents were written before it, and "
                             "their notes say the register holds the change)") from None
    return [*paths, Path(display_path(run.org_file))]  # shown as the other paths are
