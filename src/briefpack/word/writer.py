"""Markdown to Word: a .docx on a reference document's styles, every paragraph by style name.

The reference document (see :mod:`briefpack.word.reference`) supplies the look; this module only
chooses style names. python-docx furnishes the package of each look once (:func:`_shell`:
paper, header, footer); each document's body is written as text into it
(:mod:`briefpack.word.package`). Supported Markdown: headings 1-3, paragraphs with bold, italic, code
and links, nested lists (3 levels), task lists (real checkboxes), GFM tables, callout
containers (``::: warning Title``), ``::: source`` notes, block quotes, code blocks,
``<!-- pagebreak -->`` and thematic breaks (a ``Rule`` paragraph: a thin bottom border).
Any other raw HTML is printed literally. Anything else raises ``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.shared import Mm, Twips
from docx.text.paragraph import Paragraph

from briefpack.errors import BriefpackError, display_path
from briefpack.render.markdown import document
from briefpack.word import ooxml, wordml
from briefpack.word.body import BODY, BodyWriter, Sink
from briefpack.word.package import Filling, Shell, fill_core_placeholders
from briefpack.word.prepare import PreparedReference, StyleTable, prepared_reference

PAPER_SIZES = {"a4": (Twips(11906), Twips(16838)), "letter": (Twips(12240), Twips(15840))}
TOC_TITLE = "Contents"
TOC_FIELD = 'TOC \\o "1-1" \\h \\z \\u'  # level 1 only: the list shares the title page
TOC_PLACEHOLDER = "Right-click and choose Update Field to show the table of contents."
SHELLS_KEPT = 64  # looks kept built in memory: a reference, paper, logo, marking and contents


@dataclass
class DocumentMeta:
    """What a document says about itself: title page, header marking, properties, paper."""

    title: str
    subtitle: str = ""
    organisation: str = ""  # core property author + last_modified_by, shown on the title page
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    marking: str | None = None  # header on every page (title page included), style Marking
    paper: str | None = "a4"  # "a4" | "letter"; None keeps the reference document's size
    title_page: bool = True
    toc: bool = True
    details: list[tuple[str, str]] = field(default_factory=list)
    logo: Path | None = None


def render_docx(markdown: str, meta: DocumentMeta, reference: Path | None = None) -> bytes:
    """Render `markdown` as a Word document on the styles of `reference` and return the .docx
    file's bytes, its content digest recorded (:mod:`briefpack.word.stamp`).

    `reference` defaults to the built-in ``templates/reference.docx``. The
    reference's body, headers, footers, comments and personal properties are not kept.
    Raises ``ValueError`` for an unsupported paper size or Markdown construct.
    """
    if meta.paper is not None and meta.paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, not {meta.paper!r}")
    prepared = prepared_reference(reference)
    shell = _shell(prepared, meta.paper, _file_key(meta.logo), meta.marking or "", meta.toc)
    package = Filling(shell)
    writer = BodyWriter(prepared.styles, package)
    front = Sink(writer)  # the title page and the contents list
    if meta.title_page:
        _title_page(writer, front, meta)
        writer.pending_break = not meta.toc  # the contents list shares the title page
    toc_anchor = _toc(writer, front) if meta.toc else None
    body = Sink(writer)
    writer.blocks(document(markdown), body, BODY)
    if toc_anchor is not None:
        _fill_toc(writer, front, toc_anchor)
    properties = {"title": _property(meta.title), "subject": _property(meta.subject),
                  "author": _property(meta.organisation),
                  "last_modified_by": _property(meta.organisation),
                  "keywords": _property("; ".join(meta.keywords))}
    company = " ".join(meta.organisation.split())  # as the core properties have it
    return package.docx(wordml.join(front.items + body.items), properties, company)


def build_document(markdown: str, meta: DocumentMeta, reference: Path | None = None) -> Document:
    """The document :func:`render_docx` writes, opened with python-docx."""
    return docx.Document(BytesIO(render_docx(markdown, meta, reference)))


# -- page furniture -----------------------------------------------------------------------


def _file_key(path: Path | None) -> tuple[str, int, int] | None:
    """A file known by its path, modification time and size: a changed logo is read again."""
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, 0)  # reading it reports the error
    return (str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=SHELLS_KEPT)
def _shell(prepared: PreparedReference, paper: str | None, logo: tuple[str, int, int] | None,
           marking: str, toc: bool) -> Shell:
    """Every document of one look starts from the same package (:class:`Shell`): the
    prepared reference with its page size, the header (the logo, the internal marking), the
    footer "Page x of y" and, for a contents list, Word asked to update fields on open."""
    document = docx.Document(BytesIO(prepared.data))
    _page_setup(document, paper)
    styles = prepared.styles
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = _styled(styles, header.paragraphs[0], "Header")
        if logo is not None:
            _add_logo(paragraph, Path(logo[0]))
            if marking:
                paragraph = _styled(styles, header.add_paragraph(), "Marking")
        if marking:
            _styled(styles, paragraph, "Marking").add_run(marking)
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = _styled(styles, footer.paragraphs[0], "Footer")
        wordml.append_runs(paragraph._p, "".join([
            wordml.run("Page "), wordml.field_begin("PAGE"), wordml.run("1"), wordml.FIELD_END,
            wordml.run(" of "), wordml.field_begin("NUMPAGES"), wordml.run("1"),
            wordml.FIELD_END]))
    if toc:
        ooxml.set_update_fields(document)
    fill_core_placeholders(document)
    return Shell.of(document)


def _page_setup(document: Document, paper: str | None) -> None:
    """Paper size as asked; margins and header distances are the reference document's own."""
    if paper is None:
        return
    width, height = PAPER_SIZES[paper]
    for section in document.sections:
        if section.page_width > section.page_height:  # keep a landscape reference landscape
            width, height = height, width
        section.page_width, section.page_height = width, height


def _styled(styles: StyleTable, paragraph: Paragraph, style: str) -> Paragraph:
    """`paragraph` (of a header or footer) in the style called `style`."""
    ooxml.set_paragraph_style(paragraph._p, styles.paragraph_id(style))
    return paragraph


def _add_logo(paragraph: Paragraph, logo: Path) -> None:
    """The organisation's logo, 10 mm high; a file that is no image Word can show is an error
    naming it."""
    from docx.image.exceptions import UnrecognizedImageError

    try:
        paragraph.add_run().add_picture(str(logo), height=Mm(10))
    except (UnrecognizedImageError, OSError, ValueError) as exc:
        raise BriefpackError(f"{display_path(logo)}: not an image briefpack can put in the "
                             f"header ({type(exc).__name__}); save it as PNG or JPEG, or "
                             "remove it") from None


def _title_page(writer: BodyWriter, front: Sink, meta: DocumentMeta) -> None:
    front.paragraph("Title").content.append(wordml.run(meta.title))
    if meta.subtitle:
        front.paragraph("Subtitle").content.append(wordml.run(meta.subtitle))
    strong = writer.style_id("Strong")
    if meta.organisation:
        front.paragraph("Title Page Detail").content.append(
            wordml.run(meta.organisation, strong))
    for label, value in meta.details:
        front.paragraph("Title Page Detail").content += [wordml.run(label, strong),
                                                         wordml.run(f"\t{value}")]
    if meta.marking:
        paragraph = front.paragraph("Marking")
        paragraph.space_before = Mm(12).twips
        paragraph.content.append(wordml.run(meta.marking))
    writer.pending_break = True


def _toc(writer: BodyWriter, front: Sink) -> wordml.Para:
    front.paragraph("TOC Heading").content.append(wordml.run(TOC_TITLE))
    anchor = front.paragraph("toc 1")
    anchor.content.append(wordml.field_begin(TOC_FIELD, dirty=True))
    writer.pending_break = True
    return anchor


def _fill_toc(writer: BodyWriter, front: Sink, anchor: wordml.Para) -> None:
    """Write the TOC field's cached result: the level 1 headings, without page numbers.

    Word rebuilds the TOC on open (the field is dirty and settings ask for updateFields);
    the cached entries are what a PDF converter or a viewer that does not update shows.
    The contents list is the last thing on the front pages (`front`), `anchor` its first
    paragraph.
    """
    entries = writer.toc_entries
    if not entries:
        anchor.style_id = writer.para_style_id("Normal")
        anchor.empty_props = True  # its style was set, then taken off
        anchor.content += [wordml.run(TOC_PLACEHOLDER), wordml.FIELD_END]
        return
    paragraph = anchor
    for index, (level, text) in enumerate(entries):
        if index:
            paragraph = writer.para(f"toc {level}")
            front.items.append(paragraph)
        paragraph.content.append(wordml.run(text))
    paragraph.content.append(wordml.FIELD_END)


def _property(text: str, limit: int = 255) -> str:
    """A core property value: Word allows at most 255 characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
