"""``briefpack brief``: the internal briefing pack and the shareable agenda for one meeting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .context import OrgContext, load_meeting_context
from .output import output_name, write_files
from .render import render
from .views import agenda_view, briefing_view

FORMATS = ("docx", "md", "pdf")


@dataclass
class PlannedDocument:
    """A document ready to be written: its Markdown and how to turn it into Word."""

    kind: str
    shareable: bool
    markdown: str
    meta: object  # docx_writer.DocumentMeta
    reference: Path | None

    def docx_bytes(self) -> bytes:
        """The document as .docx bytes."""
        from .docx_writer import render_docx

        return render_docx(self.markdown, self.meta, self.reference)


def document_meta(org: OrgContext, *, title: str, subtitle: str, subject: str,
                  keywords: list[str], marking: str | None, details: list[tuple[str, str]],
                  full: bool):
    """Title page and properties of a document; shareable ones carry no marking."""
    from .docx_writer import DocumentMeta

    return DocumentMeta(
        title=title, subtitle=subtitle, organisation=org.loaded.org.name, subject=subject,
        keywords=keywords, marking=marking, paper=org.loaded.org.paper, title_page=full,
        toc=full, details=details, logo=org.logo,
    )


def plan_brief(meeting_path: Path, org_path: Path | None = None) -> tuple[list[PlannedDocument], object]:
    """Validate a meeting and render both of its documents to Markdown (nothing is written)."""
    ctx, org, _ = load_meeting_context(Path(meeting_path), org_path)
    search = org.template_path
    briefing = briefing_view(ctx)
    agenda = agenda_view(ctx)
    vendor = ctx.playbook.vendor.name
    details = [("Meeting", ctx.meeting_type.name), ("Date", briefing.date)]
    if briefing.time:
        details.append(("Time", f"{briefing.time} ({briefing.duration} minutes)"))
    if briefing.location:
        details.append(("Location", briefing.location))
    details += [("With", f"{vendor} account team"), ("Prepared for", ctx.org.name)]
    docs = [
        PlannedDocument(
            "briefing", False,
            render("briefing.md.j2", {"v": briefing, "internal": True}, search),
            document_meta(org, title=ctx.meeting.title,
                          subtitle=f"Internal briefing pack · {ctx.meeting_type.name}",
                          subject=f"Internal briefing for a {ctx.meeting_type.name} with {vendor}",
                          keywords=["briefing", ctx.meeting_type.id, ctx.playbook.vendor.id],
                          marking=briefing.marking, details=details, full=True),
            org.reference,
        ),
        PlannedDocument(
            "agenda", True,
            render("agenda.md.j2", {"v": agenda, "internal": False}, search),
            document_meta(org, title=ctx.meeting.title, subtitle="Agenda",
                          subject=f"Agenda: {ctx.meeting.title}",
                          keywords=["agenda", ctx.meeting_type.id],
                          marking=None, details=[], full=False),
            org.reference,
        ),
    ]
    return docs, ctx


def brief(meeting_path: Path, org_path: Path | None = None, out_dir: Path = Path("output"),
          formats: tuple[str, ...] = ("docx",), force: bool = False) -> list[Path]:
    """Write the briefing pack and shareable agenda of a meeting; return the written paths.

    Everything is validated and rendered in memory first: on any error nothing is written.
    """
    docs, ctx = plan_brief(meeting_path, org_path)
    files: dict[Path, bytes] = {}
    for doc in docs:
        docx = doc.docx_bytes()
        name = lambda ext: Path(out_dir) / output_name(ctx.meeting.date, ctx.meeting.title, doc.kind, ext)  # noqa: E731
        if "docx" in formats or "pdf" in formats:
            files[name("docx")] = docx
        if "md" in formats:
            files[name("md")] = doc.markdown.encode("utf-8")
        if "pdf" in formats:
            from .pdf import docx_to_pdf

            files[name("pdf")] = docx_to_pdf(docx)
    return write_files(files, force=force)
