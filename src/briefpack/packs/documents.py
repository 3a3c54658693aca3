"""Documents ready to write: rendered Markdown plus Word metadata, written in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefpack.data.context import OrgContext
from briefpack.errors import TemplateFailed
from briefpack.render.jinja import render
from briefpack.word.output import INTERNAL_KINDS, SHAREABLE_KINDS, output_name, write_files


@dataclass
class PlannedDocument:
    """A document ready to be written: its kind, Markdown and how to turn it into Word."""

    kind: str  # briefing, agenda, transition-pack, confirmation-letter, ...
    shareable: bool
    markdown: str
    meta: object  # briefpack.word.writer.DocumentMeta
    reference: Path | None
    template: str = ""  # the template that wrote the Markdown
    mail: object = None  # shareable: its e-mail draft's view (packs.maildraft.MailView)
    templates: tuple[Path, ...] = ()  # the organisation's template folders (for the draft)

    def docx_bytes(self) -> bytes:
        """The document as .docx bytes; Markdown that Word cannot hold (a fourth-level
        heading an organisation's template wrote) is an error naming the template."""
        from briefpack.word.writer import render_docx

        try:
            return render_docx(self.markdown, self.meta, self.reference)
        except ValueError as exc:
            raise TemplateFailed(f"{self.template}: writes what briefpack cannot put in a "
                                 f"Word document: {exc}") from None


def plan(org: OrgContext, template: str, view: object, *, kind: str, shareable: bool,
         title: str, subtitle: str, subject: str, keywords: list[str],
         details: list[tuple[str, str]] = (), marking: str | None = None,
         cover: bool = True, mail: object = None) -> PlannedDocument:
    """Render ``template`` with ``view`` and describe the Word document to make of it.

    Internal documents get a title page, a contents list (unless ``cover`` is false: the
    one-page card) and ``marking`` on every page; shareable documents get none of these, and
    their properties carry only the title, subject, keywords and the organisation's name.
    ``mail`` (a shareable document's only) is the view of its e-mail draft, written with
    ``--format eml``.
    """
    from briefpack.word.writer import DocumentMeta

    if kind not in (SHAREABLE_KINDS if shareable else INTERNAL_KINDS):
        raise ValueError(f"'{kind}' is not a {'shareable' if shareable else 'internal'} kind: "
                         "a file's name must say whether it may go to the vendor")
    if shareable and marking:
        raise ValueError("a shareable document carries no internal marking")
    markdown = render(template, {"v": view, "internal": not shareable}, org.template_path)
    meta = DocumentMeta(
        title=title, subtitle=subtitle, organisation=org.loaded.org.name, subject=subject,
        keywords=list(keywords), marking=None if shareable else marking,
        paper=org.paper, title_page=cover and not shareable, toc=cover and not shareable,
        details=list(details), logo=org.logo,
    )
    return PlannedDocument(kind, shareable, markdown, meta, org.reference, template, mail,
                           org.template_path)


def check_formats(formats: tuple[str, ...]) -> None:
    """Fail, before anything is rendered or written, when a format needs a missing program
    (PDF needs LibreOffice)."""
    if "pdf" in formats:
        from briefpack.word.pdf import require_soffice

        require_soffice()


def write_documents(docs: list[PlannedDocument], day: date, slug_source: str, out_dir: Path,
                    formats: tuple[str, ...] = ("docx",), force: bool = False,
                    extra: list[tuple[str, str, bytes]] = ()) -> list[Path]:
    """Convert every document and write them all, or none; return the written paths.

    PDFs of all the documents are made in one LibreOffice run. ``extra`` holds other files to
    write with them, as (kind, extension, bytes): the meeting's calendar invite. With ``eml``
    in ``formats``, each shareable document's e-mail draft is written beside it, the document
    attached as written (and its PDF).
    """
    files, pdf_sources = prepare_files(docs, day, slug_source, out_dir, formats, extra)
    if pdf_sources:
        from briefpack.word.pdf import docs_to_pdfs

        names = [path.name for path in pdf_sources]
        files.update(zip(pdf_sources, docs_to_pdfs(list(pdf_sources.values()), names=names)))
    if "eml" in formats:
        files.update(mail_drafts(docs, files, day, slug_source, out_dir))
    return write_files(files, force=force, organisation=organisation_of(docs))


def mail_drafts(docs: list[PlannedDocument], files: dict[Path, bytes], day: date,
                slug_source: str, out_dir: Path) -> dict[Path, bytes]:
    """The e-mail draft of each document that has one (path -> .eml bytes), attaching its
    .docx and PDF from ``files`` (the files about to be written)."""
    from briefpack.packs.maildraft import eml_bytes

    drafts: dict[Path, bytes] = {}
    for doc in docs:
        if doc.mail is None:
            continue
        named = [Path(out_dir) / output_name(day, slug_source, doc.kind, ext)
                 for ext in ("docx", "pdf", "eml")]
        attachments = [(path.name, files[path]) for path in named[:2] if path in files]
        drafts[named[2]] = eml_bytes(doc.mail, attachments, doc.templates)
    return drafts


def prepare_files(docs: list[PlannedDocument], day: date, slug_source: str, out_dir: Path,
                  formats: tuple[str, ...] = ("docx",),
                  extra: list[tuple[str, str, bytes]] = ()
                  ) -> tuple[dict[Path, bytes], dict[Path, bytes]]:
    """The files to write for ``docs`` (path -> bytes), each PDF an empty placeholder beside
    its .docx, and the .docx to convert into each PDF (PDF path -> .docx bytes). Batch feeds
    the second to its LibreOffice run and writes the first once the PDFs are in."""
    files: dict[Path, bytes] = {}
    pdf_sources: dict[Path, bytes] = {}
    for doc in docs:
        name = {ext: Path(out_dir) / output_name(day, slug_source, doc.kind, ext)
                for ext in ("docx", "md", "pdf")}
        docx = doc.docx_bytes()
        if {"docx", "pdf", "eml"} & set(formats):  # a draft attaches the .docx
            files[name["docx"]] = docx
        if "md" in formats:
            files[name["md"]] = doc.markdown.encode("utf-8")
        if "pdf" in formats:
            files[name["pdf"]] = b""  # keeps each PDF beside its .docx in the list of paths
            pdf_sources[name["pdf"]] = docx
    for kind, ext, data in extra:
        files[Path(out_dir) / output_name(day, slug_source, kind, ext)] = data
    return files, pdf_sources


def organisation_of(docs: list[PlannedDocument]) -> str | None:
    """The organisation the documents are for (recorded with the files written)."""
    return (docs[0].meta.organisation or None) if docs else None
