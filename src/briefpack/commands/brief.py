"""``briefpack brief``: the internal briefing pack, the shareable agenda and the internal
one-page card for one meeting, with ``--format ics`` its calendar invite, and with
``--preview`` the internal pack on the terminal instead of any file."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import TextIO

from briefpack.data.context import MeetingContext, OrgContext, load_meeting_context
from briefpack.errors import display_path
from briefpack.guard.fields import shareable_field_problems
from briefpack.packs.agenda import agenda_view
from briefpack.packs.briefing import briefing_view, cover_details, leverage_warnings
from briefpack.packs.card import card_view
from briefpack.packs.documents import PlannedDocument, check_formats, plan, write_documents
from briefpack.packs.maildraft import agenda_mail
from briefpack.render.escape import escape_markdown
from briefpack.word.output import organisation_folder


def plan_brief(meeting_path: Path, org_path: Path | None = None
               ) -> tuple[list[PlannedDocument], MeetingContext]:
    """Validate a meeting and render both of its documents (nothing is written)."""
    docs, ctx, _ = plan_meeting(meeting_path, org_path)
    return docs, ctx


def plan_meeting(meeting_path: Path, org_path: Path | None = None
                 ) -> tuple[list[PlannedDocument], MeetingContext, OrgContext]:
    """Validate a meeting and render its briefing pack, agenda and one-page card; also return
    the meeting and its organisation, for the files written beside them
    (:func:`extra_files`)."""
    ctx, org, _ = load_meeting_context(  # protected text in shared fields, with the rest
        Path(meeting_path), org_path,
        also=lambda ctx, org, loaded: shareable_field_problems(ctx, loaded.doc, org.loaded.doc))
    briefing = briefing_view(ctx, Path(meeting_path))
    vendor = ctx.playbook.vendor
    mtype = ctx.meeting_type
    details = cover_details(briefing)
    agenda = agenda_view(ctx)
    docs = [
        plan(org, "briefing.md.j2", briefing, kind="briefing", shareable=False,
             title=ctx.meeting.title, subtitle=f"Internal briefing pack · {mtype.name}",
             subject=f"Internal briefing for a {mtype.name} with {vendor.name}",
             keywords=["briefing", mtype.id, vendor.id], details=details,
             marking=briefing.marking),
        plan(org, "agenda.md.j2", agenda, kind="agenda", shareable=True,
             title=ctx.meeting.title, subtitle="Agenda", subject=f"Agenda: {ctx.meeting.title}",
             keywords=["agenda", mtype.id], mail=agenda_mail(ctx.org, agenda)),
        plan(org, "card.md.j2", card_view(ctx, briefing), kind="card", shareable=False,
             title=ctx.meeting.title, subtitle=f"One-page card · {mtype.name}",
             subject=f"One-page card for a {mtype.name} with {vendor.name}",
             keywords=["card", mtype.id, vendor.id], marking=briefing.marking, cover=False),
    ]
    return docs, ctx, org


def extra_files(ctx: MeetingContext, org: OrgContext, formats: tuple[str, ...]
                ) -> list[tuple[str, str, bytes]]:
    """Files written beside a meeting's documents, as (kind, extension, bytes): with ``ics``
    in ``formats``, its calendar invite (kind ``invite``, shareable)."""
    if "ics" not in formats:
        return []
    from briefpack.packs.invite import invite_bytes

    return [("invite", "ics", invite_bytes(ctx, org.template_path))]


def brief(meeting_path: Path, org_path: Path | None = None, out_dir: Path = Path("output"),
          formats: tuple[str, ...] = ("docx",), force: bool = False) -> list[Path]:
    """Write the briefing pack and shareable agenda of a meeting; return the written paths.

    Everything is validated and rendered in memory first: on any error nothing is written.
    ``ics`` in ``formats`` adds the meeting's calendar invite (kind ``invite``, shareable),
    ``eml`` the agenda's e-mail draft (``<date>-<slug>-agenda.eml``).
    The files go to ``out_dir/<organisation>/``, as ``batch`` writes them.
    """
    check_formats(formats)
    docs, ctx, org = plan_meeting(meeting_path, org_path)
    written = write_documents(docs, ctx.meeting.date, ctx.meeting.title,
                              organisation_folder(out_dir, ctx.org.name), formats, force,
                              extra=extra_files(ctx, org, formats))
    for warning in leverage_warnings(ctx):  # the pack states them too
        logging.getLogger("briefpack").warning("%s: warning: %s", display_path(Path(meeting_path)),
                                               warning)
    return written


# --------------------------------------------------------------------------- --preview


def preview_markdown(meeting_path: Path, org_path: Path | None = None) -> str:
    """The internal briefing pack as Markdown, headed by its marking, title and details.

    Validates like ``brief`` (raising the same errors) and writes nothing.
    """
    docs, _ = plan_brief(meeting_path, org_path)
    briefing = docs[0]
    meta = briefing.meta
    head = [f"**{escape_markdown(meta.marking)}**", ""] if meta.marking else []
    head += [f"# {escape_markdown(meta.title)}", ""]
    if meta.subtitle:
        head += [f"*{escape_markdown(meta.subtitle)}*", ""]
    head += [f"- **{escape_markdown(label)}:** {escape_markdown(value)}"
             for label, value in meta.details]
    return "\n".join(head) + "\n\n---\n\n" + briefing.markdown


def _callouts_as_quotes(markdown: str) -> str:
    """``::: warning Title`` ... ``:::`` callouts (which rich does not know) as block quotes."""
    out, inside = [], False
    for line in markdown.split("\n"):
        match = re.fullmatch(r":::+\s*(\w+)?\s*(.*)", line.strip())
        if match and not inside and match.group(1):
            inside = True
            title = match.group(2) or match.group(1).capitalize()
            out.append(f"> **{title}**")
            out.append(">")
        elif match and inside and not match.group(1):
            inside = False
        else:
            out.append(f"> {line}" if inside else line)
    return "\n".join(out)


def show(markdown: str, stream: TextIO | None = None) -> None:
    """Print ``markdown``: rendered with rich on a terminal, as it is otherwise."""
    stream = stream or sys.stdout
    if stream.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console(file=stream).print(Markdown(_callouts_as_quotes(markdown)))
    else:
        stream.write(markdown if markdown.endswith("\n") else markdown + "\n")
        stream.flush()
