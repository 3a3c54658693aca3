"""Markdown to Word: writes a .docx with python-docx, every paragraph by style name.

The reference document (see :mod:`briefpack.reference`) supplies the look; this module only
chooses style names. Supported Markdown: headings 1-3, paragraphs with bold, italic, code
and links, nested lists (3 levels), task lists (real checkboxes), GFM tables, callout
containers (``::: warning Title``), ``::: source`` notes, block quotes, code blocks,
``<!-- pagebreak -->`` and thematic breaks (a ``Rule`` paragraph: a thin bottom border).
Any other raw HTML is printed literally. Anything else raises ``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Twips
from docx.styles.style import StyleFactory
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement
from markdown_it.tree import SyntaxTreeNode

from briefpack import ooxml
from briefpack import reference as _reference
from briefpack.markdown import CALLOUT_KINDS, SOURCE_CONTAINER, parse
from briefpack.reference import REQUIRED_STYLES, build_reference, ensure_styles, find_reference

PAPER_SIZES = {"a4": (Twips(11906), Twips(16838)), "letter": (Twips(12240), Twips(15840))}
CALLOUT_PADDING = 400  # twips: the callout's cell margins and thick left border
TOC_TITLE = "Contents"
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
TOC_PLACEHOLDER = "Right-click and choose Update Field to show the table of contents."
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}


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
    """Render `markdown` as a Word document and return the .docx file's bytes."""
    buffer = BytesIO()
    build_document(markdown, meta, reference).save(buffer)
    return buffer.getvalue()


def build_document(markdown: str, meta: DocumentMeta, reference: Path | None = None) -> Document:
    """Build the Word document for `markdown` on the styles of `reference`.

    `reference` defaults to ``templates/reference.docx`` (else the built-in look). The
    reference's body, headers, footers, comments and personal properties are not kept.
    Raises ``ValueError`` for an unsupported paper size or Markdown construct.
    """
    if meta.paper is not None and meta.paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, not {meta.paper!r}")
    prepared = prepared_reference_bytes(reference)
    document = docx.Document(BytesIO(prepared))
    _page_setup(document, meta.paper)
    writer = _Writer(document, _style_table(document, prepared))
    _header_footer(writer, meta)
    if meta.title_page:
        _title_page(writer, meta)
    toc_anchor = _toc(writer) if meta.toc else None
    writer.blocks(SyntaxTreeNode(parse(markdown)).children, _Sink(document, writer), _BODY)
    if toc_anchor is not None:
        _fill_toc(writer, toc_anchor)
    _core_properties(document, meta)
    return document


# -- reference preparation (once per reference file per process) --------------------------

_PREPARED: dict[tuple, bytes] = {}


def prepared_reference_bytes(reference: Path | None = None) -> bytes:
    """The reference .docx ready to write into: empty body, one section, no headers or
    footers, missing styles added, nothing personal. Cached per file (path, mtime, size)."""
    found = find_reference(reference)
    if found is None:
        key: tuple = ("<built-in>",)
    else:
        stat = found.stat()
        key = (str(found.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _PREPARED:
        from . import cache

        source = found.read_bytes() if found is not None else b"<built-in>"
        disk_key = cache.digest(source, docx.__version__, *(
            Path(module.__file__).read_bytes() for module in (_this_module(), ooxml, _reference)))
        prepared = cache.read("reference", disk_key)
        if prepared is None:
            document = build_reference() if found is None else docx.Document(str(found))
            ensure_styles(document)
            _drop_stock_table_styles(document)
            ooxml.clear_body(document)
            ooxml.scrub_package(document)
            ooxml.ensure_w14_declared(document)
            buffer = BytesIO()
            document.save(buffer)
            prepared = buffer.getvalue()
            cache.write("reference", disk_key, prepared)
        _PREPARED[key] = prepared
    return _PREPARED[key]


def _this_module():
    import sys

    return sys.modules[__name__]


def _drop_stock_table_styles(document: Document) -> None:
    """Remove the table styles python-docx's own template brings and nothing uses.

    They are 105 of its styles and nine tenths of styles.xml, which every document would
    otherwise parse, write and compress again. Only a definition identical to the stock one
    goes (Word still offers the style: it knows its built-in definition); an organisation's
    own or changed table styles, and any style another style refers to, stay.
    """
    from lxml import etree

    styles = document.styles.element
    stock = _stock_table_styles()
    referenced = set(styles.xpath("./w:style/w:basedOn/@w:val | ./w:style/w:next/@w:val"
                                  " | ./w:style/w:link/@w:val"))
    required = set(REQUIRED_STYLES)
    for style in styles.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        name = style.find(qn("w:name"))
        if (style.get(qn("w:type")) != "table" or style.get(qn("w:default")) in ("1", "true")
                or style_id in referenced
                or (name is not None and name.get(qn("w:val")) in required)):
            continue
        if stock.get(style_id) == etree.tostring(style, method="c14n"):
            styles.remove(style)


_STOCK: dict[str, bytes] | None = None


def _stock_table_styles() -> dict[str, bytes]:
    """python-docx's template's table styles: id -> canonical XML."""
    global _STOCK
    if _STOCK is None:
        from lxml import etree

        styles = docx.Document().styles.element
        _STOCK = {style.get(qn("w:styleId")): etree.tostring(style, method="c14n")
                  for style in styles.findall(qn("w:style")) if style.get(qn("w:type")) == "table"}
    return _STOCK


# -- page furniture -----------------------------------------------------------------------


def _page_setup(document: Document, paper: str | None) -> None:
    """Paper size as asked; margins and header distances are the reference document's own."""
    if paper is None:
        return
    width, height = PAPER_SIZES[paper]
    for section in document.sections:
        if section.page_width > section.page_height:  # keep a landscape reference landscape
            width, height = height, width
        section.page_width, section.page_height = width, height


def _header_footer(writer: _Writer, meta: DocumentMeta) -> None:
    for section in writer.document.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        writer.use(paragraph, "Header")
        if meta.logo is not None:
            paragraph.add_run().add_picture(str(meta.logo), height=Mm(10))
            if meta.marking:
                paragraph = writer.use(header.add_paragraph(), "Marking")
        if meta.marking:
            writer.use(paragraph, "Marking")
            paragraph.add_run(meta.marking)
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        writer.use(paragraph, "Footer")
        paragraph.add_run("Page ")
        ooxml.add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" of ")
        ooxml.add_field(paragraph, "NUMPAGES", "1")


def _title_page(writer: _Writer, meta: DocumentMeta) -> None:
    body = _Sink(writer.document, writer)
    body.paragraph("Title").add_run(meta.title)
    if meta.subtitle:
        body.paragraph("Subtitle").add_run(meta.subtitle)
    if meta.organisation:
        writer.use(body.paragraph("Title Page Detail").add_run(meta.organisation), "Strong")
    for label, value in meta.details:
        paragraph = body.paragraph("Title Page Detail")
        writer.use(paragraph.add_run(label), "Strong")
        paragraph.add_run(f"\t{value}")
    if meta.marking:
        paragraph = body.paragraph("Marking")
        paragraph.paragraph_format.space_before = Mm(12)
        paragraph.add_run(meta.marking)
    writer.pending_break = True


def _toc(writer: _Writer) -> Paragraph:
    body = _Sink(writer.document, writer)
    body.paragraph("TOC Heading").add_run(TOC_TITLE)
    anchor = body.paragraph("toc 1")
    ooxml.begin_field(anchor, TOC_FIELD, dirty=True)
    ooxml.set_update_fields(writer.document)
    writer.pending_break = True
    return anchor


def _fill_toc(writer: _Writer, anchor: Paragraph) -> None:
    """Write the TOC field's cached result: the level 1-2 headings, without page numbers.

    Word rebuilds the TOC on open (the field is dirty and settings ask for updateFields);
    the cached entries are what a PDF converter or a viewer that does not update shows.
    """
    entries = writer.toc_entries
    if not entries:
        writer.use(anchor, "Normal")
        anchor.add_run(TOC_PLACEHOLDER)
        ooxml.end_field(anchor)
        return
    paragraph = anchor
    for index, (level, text) in enumerate(entries):
        if index:
            new = writer.document.add_paragraph()  # created at the end, then moved
            paragraph._p.addnext(new._p)
            paragraph = new
        writer.use(paragraph, f"toc {level}")
        paragraph.add_run(text)
    ooxml.end_field(paragraph)


def _property(text: str, limit: int = 255) -> str:
    """A core property value: Word allows at most 255 characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _core_properties(document: Document, meta: DocumentMeta) -> None:
    props = document.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0)
    props.title, props.subject = _property(meta.title), _property(meta.subject)
    props.author = props.last_modified_by = _property(meta.organisation)
    props.keywords = _property("; ".join(meta.keywords))
    props.comments = props.category = ""
    props.revision = 1
    props.created = props.modified = now
    ooxml.remove_core_properties(document, "lastPrinted", "contentStatus", "identifier",
                                 "language", "version")
    ooxml.set_app_properties(document, meta.organisation)


# -- body ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """Where the writer is: style of plain paragraphs, list depth, width available (twips;
    0 means the full text width)."""

    para_style: str = "Normal"
    depth: int = 0
    width: int = 0


_BODY = _Ctx()


class _Sink:
    """Where blocks go: the document body or a table cell (whose first paragraph is reused)."""

    def __init__(self, parent: Document | _Cell, writer: _Writer):
        self.parent, self.writer = parent, writer
        self.reuse = parent.paragraphs[0] if isinstance(parent, _Cell) else None
        # the body's section properties, which new body paragraphs go before: python-docx
        # searches every paragraph for them each time, quadratic in the document's length
        self._body_end = None if isinstance(parent, _Cell) else parent.element.body.find(_W_SECTPR)

    def _new_paragraph(self) -> Paragraph:
        if self._body_end is None:
            return self.parent.add_paragraph()
        p = SubElement(self._body_end.getparent(), _W_P)
        self._body_end.addprevious(p)
        return Paragraph(p, self.parent._body)

    def paragraph(self, style: str) -> Paragraph:
        if self.reuse is not None:
            paragraph, self.reuse = self.reuse, None
            self.writer.use(paragraph, style)
        else:
            paragraph = self.writer.use(self._new_paragraph(), style)
        if self.writer.pending_break:
            paragraph.paragraph_format.page_break_before = True
            self.writer.pending_break = False
        return paragraph

    def table(self, rows: int, cols: int, style: str) -> Table:
        if self.writer.pending_break:
            self.paragraph("Spacer")
        if self.reuse is not None:  # a cell starting with a table: drop its empty paragraph
            self.reuse._p.getparent().remove(self.reuse._p)
            self.reuse = None
        if isinstance(self.parent, _Cell):
            table = self.parent.add_table(rows, cols)
            self.writer.use(self.parent.paragraphs[-1], "Spacer")
        else:
            table = self.parent.add_table(rows, cols)
            self.writer.use(self._new_paragraph(), "Spacer")
        self.writer.use(table, style)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        ooxml.set_table_full_width(table)
        return table


class _StyleTable:
    """A reference document's style names mapped to ids, read once per prepared reference:
    python-docx's name lookups translate and rescan every style each time."""

    def __init__(self, document: Document):
        self.ids = {style.name: style.style_id for style in document.styles}
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_paragraph = default.style_id if default is not None else None
        self.num_ids: dict[str, int | None] = {}


_STYLE_TABLES: dict[int, tuple[bytes, _StyleTable]] = {}


def _style_table(document: Document, prepared: bytes | None) -> _StyleTable:
    """The style table of `document`, opened from the prepared reference `prepared`."""
    if prepared is None:
        return _StyleTable(document)
    cached = _STYLE_TABLES.get(id(prepared))
    if cached is None or cached[0] is not prepared:
        cached = _STYLE_TABLES[id(prepared)] = (prepared, _StyleTable(document))
    return cached[1]


_W_PPR, _W_PSTYLE, _W_VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_W_R, _W_RPR, _W_RSTYLE, _W_T = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:t")
_W_B, _W_I, _XML_SPACE = qn("w:b"), qn("w:i"), qn("xml:space")
_W_P, _W_SECTPR, _W_KEEPNEXT = qn("w:p"), qn("w:sectPr"), qn("w:keepNext")


def _keep_with_next(p) -> None:
    """``keep_with_next = True`` without the schema-order search: keepNext comes right after
    pStyle."""
    ppr = p.find(_W_PPR)
    if ppr is None:
        ppr = SubElement(p, _W_PPR)
        p.insert(0, ppr)
    if ppr.find(_W_KEEPNEXT) is None:
        keep = SubElement(ppr, _W_KEEPNEXT)
        ppr.insert(1 if ppr[0].tag == _W_PSTYLE else 0, keep)


def _set_paragraph_style(p, style_id: str | None) -> None:
    """``p.style = style_id`` without python-docx's schema-order search: pPr is always a
    paragraph's first child and pStyle its first."""
    ppr = p.find(_W_PPR)
    if style_id is None:
        found = ppr.find(_W_PSTYLE) if ppr is not None else None
        if found is not None:
            ppr.remove(found)
        return
    if ppr is None:
        ppr = SubElement(p, _W_PPR)
        p.insert(0, ppr)
    pstyle = ppr.find(_W_PSTYLE)
    if pstyle is None:
        pstyle = SubElement(ppr, _W_PSTYLE)
        ppr.insert(0, pstyle)
    pstyle.set(_W_VAL, style_id)


class _Writer:
    """Walks the markdown-it syntax tree and writes blocks and inline runs."""

    def __init__(self, document: Document, styles: _StyleTable | None = None):
        self.document = document
        self._styles = styles or _StyleTable(document)
        self._default_paragraph = self._styles.default_paragraph
        self.pending_break = False
        self.toc_entries: list[tuple[int, str]] = []
        self._sdt_id = 0x2B000000
        section = document.sections[0]
        self.text_width = Emu(section.page_width - section.left_margin - section.right_margin)

    def style_id(self, name: str) -> str:
        """The id of the style called `name`."""
        try:
            return self._styles.ids[name]
        except KeyError:
            raise ValueError(f"the reference document has no style named {name!r}") from None

    def style(self, name: str):
        """The style called `name`."""
        return StyleFactory(self.document.styles.element.get_by_id(self.style_id(name)))

    def num_id(self, name: str) -> int | None:
        """The numbering the paragraph style called `name` (or its base) uses, if any."""
        if name not in self._styles.num_ids:
            self._styles.num_ids[name] = ooxml.style_num_id(self.style(name))
        return self._styles.num_ids[name]

    def use(self, target, name: str):
        """Give a paragraph, run or table the style called `name`; return `target`.

        Sets the style id directly: python-docx's ``.style`` setter rescans every style
        each time, which dominated the rendering time.
        """
        style_id = self.style_id(name)
        if isinstance(target, Paragraph):
            _set_paragraph_style(target._p, None if style_id == self._default_paragraph
                                 else style_id)
        elif isinstance(target, Table):
            target._tbl.tblPr.style = style_id
        else:
            target._r.style = style_id
        return target

    # blocks

    def blocks(self, nodes, sink: _Sink, ctx: _Ctx) -> None:
        for node in nodes:
            self.block(node, sink, ctx)

    def block(self, node: SyntaxTreeNode, sink: _Sink, ctx: _Ctx) -> None:
        kind = node.type
        if kind == "heading":
            level = int(node.tag[1])
            if level > 3:
                raise ValueError(f"heading level {level} is not supported (use #, ## or ###): "
                                 f"{node.children[0].content!r}")
            paragraph = sink.paragraph(f"Heading {level}")
            _keep_with_next(paragraph._p)
            self.inline(paragraph, node.children[0])
            if level <= 2:
                self.toc_entries.append((level, _plain_text(node.children[0])))
        elif kind == "paragraph":
            self.inline(sink.paragraph(ctx.para_style), node.children[0])
        elif kind in ("bullet_list", "ordered_list"):
            self.list(node, sink, ctx)
        elif kind == "blockquote":
            self.blocks(node.children, sink, _Ctx("Quote", ctx.depth, ctx.width))
        elif kind.startswith("container_") and kind[10:] in CALLOUT_KINDS:
            self.callout(node, kind[10:], sink, ctx)
        elif kind == f"container_{SOURCE_CONTAINER}":
            self.blocks(node.children, sink, _Ctx("Source", ctx.depth, ctx.width))
        elif kind == "table":
            self.table(node, sink, ctx)
        elif kind == "hr":
            sink.paragraph("Rule")
        elif kind == "page_break":
            self.pending_break = True
        elif kind == "html_block":
            self.literal(sink.paragraph(ctx.para_style), node.content.rstrip("\n"))
        elif kind in ("fence", "code_block"):
            self.literal(sink.paragraph("Code Block"), node.content.rstrip("\n"))
        else:
            raise ValueError(f"unsupported Markdown block {kind!r} (token {node.tag or kind!r})")

    def literal(self, paragraph: Paragraph, text: str) -> None:
        """Write `text` as it is, one line break per newline."""
        run = paragraph.add_run()
        for index, line in enumerate(text.split("\n")):
            if index:
                run.add_break(WD_BREAK.LINE)
            run.add_text(line)

    def list(self, node: SyntaxTreeNode, sink: _Sink, ctx: _Ctx) -> None:
        depth = min(ctx.depth + 1, 3)
        suffix = "" if depth == 1 else f" {depth}"
        ordered = node.type == "ordered_list"
        style = ("List Number" if ordered else "List Bullet") + suffix
        num_id = None
        if ordered:
            base = self.num_id(style)
            start = int(node.attrs.get("start", 1) or 1)
            num_id = ooxml.restart_numbering(self.document, base, start) if base else None
        inner = _Ctx("List Continue" + suffix, depth, ctx.width)
        for item in node.children:
            children = list(item.children)
            if item.meta.get("task"):
                paragraph = sink.paragraph("Task Item")
                if depth > 1:
                    paragraph.paragraph_format.left_indent = Twips(360 * depth)
                self._sdt_id += 1
                paragraph._p.append(ooxml.checkbox_sdt(item.meta["checked"], self._sdt_id))
                paragraph.add_run("\t")
            else:
                paragraph = sink.paragraph(style)
                if num_id is not None:
                    ooxml.set_num(paragraph, num_id)
            if children and children[0].type == "paragraph":
                self.inline(paragraph, children.pop(0).children[0])
            self.blocks(children, sink, inner)

    def callout(self, node: SyntaxTreeNode, kind: str, sink: _Sink, ctx: _Ctx) -> None:
        table = sink.table(1, 1, f"Callout {kind.title()}")
        cell = table.rows[0].cells[0]
        width = ctx.width or self.text_width.twips
        table.columns[0].width = cell.width = Twips(width)
        ooxml.set_cant_split(table.rows[0])
        inner = _Sink(cell, self)
        title = node.info.strip()[len(kind):].strip()
        if title:
            inner.paragraph("Callout Title").add_run(title)
        self.blocks(node.children, inner, _Ctx(width=width - CALLOUT_PADDING))
        if inner.reuse is not None:  # empty callout: keep the cell's paragraph
            self.use(inner.reuse, "Normal")

    def table(self, node: SyntaxTreeNode, sink: _Sink, ctx: _Ctx) -> None:
        rows = [row for section in node.children for row in section.children]
        header_rows = len(node.children[0].children) if node.children[0].type == "thead" else 0
        if header_rows and not any(_plain_text(cell).strip() for row in rows[:header_rows]
                                   for cell in row.children):
            rows, header_rows = rows[header_rows:], 0  # `| | |` header: a label/value grid
        if not rows:
            return
        cols = max(len(row.children) for row in rows)
        table = sink.table(len(rows), cols, "Data Table")
        ooxml.set_table_look(table, first_row=header_rows > 0)
        widths = [Twips(w) for w in _column_widths(rows, cols, ctx.width or self.text_width.twips)]
        for column, width in zip(table.columns, widths):
            column.width = width
        for index, (row_node, row) in enumerate(zip(rows, table.rows)):
            heading = index < header_rows
            ooxml.set_cant_split(row)
            if heading:
                ooxml.set_repeat_header(row)
            for cell_node, cell, width in zip(row_node.children, row.cells, widths):
                cell.width = width
                paragraph = cell.paragraphs[0]
                self.use(paragraph, "Table Heading" if heading else "Table Text")
                align = str(cell_node.attrs.get("style", "")).partition("text-align:")[2]
                if align in _ALIGN:
                    paragraph.alignment = _ALIGN[align]
                if cell_node.children:
                    self.inline(paragraph, cell_node.children[0])

    # inline

    def inline(self, paragraph: Paragraph, inline: SyntaxTreeNode) -> None:
        """Write the children of an ``inline`` node into `paragraph`."""
        self._spans(paragraph, paragraph._p, inline.children, bold=False, italic=False,
                    link=False)

    def _run(self, container, paragraph: Paragraph, text: str, style: str | None,
             bold: bool, italic: bool) -> Run:
        """Append a run to `container` (a paragraph or hyperlink element), built in one go:
        its properties first (style, bold, italic: schema order), then its text."""
        r = SubElement(container, _W_R)
        if style or bold or italic:
            rpr = SubElement(r, _W_RPR)
            if style:
                SubElement(rpr, _W_RSTYLE).set(_W_VAL, self.style_id(style))
            if bold:
                SubElement(rpr, _W_B)
            if italic:
                SubElement(rpr, _W_I)
        run = Run(r, paragraph)
        if "\t" in text or "\n" in text or "\r" in text:
            run.text = text  # python-docx writes tabs and breaks as their elements
        elif text:
            t = SubElement(r, _W_T)
            t.text = text
            if len(text.strip()) < len(text):
                t.set(_XML_SPACE, "preserve")
        return run

    def _spans(self, paragraph, container, nodes, *, bold, italic, link) -> None:
        for node in nodes:
            kind = node.type
            if kind in ("text", "html_inline", "code_inline", "softbreak", "hardbreak"):
                text = {"softbreak": " ", "hardbreak": ""}.get(kind, node.content)
                if not text and kind != "hardbreak":
                    continue
                style = "Code" if kind == "code_inline" else "Hyperlink" if link else None
                run = self._run(container, paragraph, text, style, bold, italic)
                if kind == "hardbreak":
                    run.add_break(WD_BREAK.LINE)
            elif kind in ("strong", "em"):
                self._spans(paragraph, container, node.children, bold=bold or kind == "strong",
                            italic=italic or kind == "em", link=link)
            elif kind == "link":
                href = str(node.attrs.get("href", ""))
                anchor = ooxml.add_hyperlink(paragraph, href)
                self._spans(paragraph, anchor, node.children, bold=bold, italic=italic,
                            link=True)
            else:
                raise ValueError(f"unsupported Markdown inline element {kind!r}")


def _column_widths(rows, cols: int, total: int) -> list[int]:
    """Split `total` width (twips) between columns: each gets at least its longest word
    (words never break), the rest goes in proportion to the columns' text length."""
    char, padding = 110, 240  # twips per character of 9.5 pt text; cell margins
    floor, want = [0.0] * cols, [0.0] * cols
    for row in rows:
        for index, cell in enumerate(row.children[:cols]):
            text = _plain_text(cell)
            longest = max((len(word) for word in text.split()), default=1)
            floor[index] = max(floor[index], longest * char + padding)
            want[index] = max(want[index], min(len(text), 60) * char + padding)
    if sum(floor) >= total:
        scale = total / sum(floor)
        widths = [int(width * scale) for width in floor]
    else:
        extra = [max(w - f, 0.0) for w, f in zip(want, floor)]
        spare = total - sum(floor)
        share = min(1.0, spare / sum(extra)) if sum(extra) else 0.0
        widths = [int(f + e * share) for f, e in zip(floor, extra)]
        left = total - sum(widths)
        weights = [max(w, 1.0) for w in want]  # what is still spare: by wanted width
        widths = [width + int(left * w / sum(weights)) for width, w in zip(widths, weights)]
    widths[-1] += total - sum(widths)
    return widths


def _plain_text(node: SyntaxTreeNode) -> str:
    """The text of an inline node without Markdown markup."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain_text(child) for child in node.children)
