"""The body of a Word document, written from parsed Markdown by style name.

Used by :mod:`briefpack.word.writer`, which sets up the document, its page furniture and
properties around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Emu, Twips
from docx.styles.style import StyleFactory
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement

from briefpack.render.markdown import CALLOUT_KINDS, SOURCE_CONTAINER, Node
from briefpack.word import ooxml
from briefpack.word.prepare import StyleTable
from briefpack.word.tables import (
    W_CANTSPLIT,
    keep_with_next,
    plain_text,
    row_flags,
    write_table,
)

CALLOUT_PADDING = 400  # twips: the callout's cell margins and thick left border


@dataclass(frozen=True)
class _Ctx:
    """Where the writer is: style of plain paragraphs, list depth, width available (twips;
    0 means the full text width)."""

    para_style: str = "Normal"
    depth: int = 0
    width: int = 0


BODY = _Ctx()


class Sink:
    """Where blocks go: the document body or a table cell (whose first paragraph is reused)."""

    def __init__(self, parent: Document | _Cell, writer: BodyWriter):
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
        """A new paragraph in the style called `style` (a cell's first one is reused),
        starting a page if a page break is pending."""
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
        """A new full-width table in the style called `style`, followed by a ``Spacer``
        paragraph (Word needs a paragraph between tables and after one in a cell)."""
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


_W_PPR, _W_PSTYLE, _W_VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_W_R, _W_RPR, _W_RSTYLE, _W_T = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:t")
_W_B, _W_I, _XML_SPACE = qn("w:b"), qn("w:i"), qn("xml:space")
_W_P, _W_SECTPR = qn("w:p"), qn("w:sectPr")


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


class BodyWriter:
    """Walks the parsed Markdown (:func:`briefpack.render.markdown.tree`) and writes its
    blocks and inline runs."""

    def __init__(self, document: Document, styles: StyleTable | None = None):
        self.document = document
        self._styles = styles or StyleTable.of(document)
        self._default_paragraph = self._styles.default_paragraph
        self._num_ids: dict[str, int | None] = {}
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
        if name not in self._num_ids:
            self._num_ids[name] = ooxml.style_num_id(self.style(name))
        return self._num_ids[name]

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

    def blocks(self, nodes, sink: Sink, ctx: _Ctx) -> None:
        """Write block `nodes` into `sink`, in order."""
        for node in nodes:
            self.block(node, sink, ctx)

    def block(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """Write one block `node` into `sink`; an unsupported one raises ``ValueError``."""
        handler = _BLOCKS.get(node.type)
        if handler is None and node.type.startswith("container_"):
            handler = BodyWriter.container
        if handler is None:
            _unsupported(node)
        handler(self, node, sink, ctx)

    def heading(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """Heading 1-3 (kept with the next paragraph); levels 1 and 2 go into the TOC."""
        level = int(node.tag[1])
        if level > 3:
            raise ValueError(f"heading level {level} is not supported (use #, ## or ###): "
                             f"{node.children[0].content!r}")
        paragraph = sink.paragraph(f"Heading {level}")
        keep_with_next(paragraph._p)
        self.inline(paragraph, node.children[0])
        if level == 1:  # the contents list shares the title page: sections only
            self.toc_entries.append((level, plain_text(node.children[0])))

    def paragraph(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A paragraph in the context's paragraph style; one that is all bold (a lead-in such
        as ``**Our objectives**``) is kept with the next paragraph, like a heading."""
        paragraph = sink.paragraph(ctx.para_style)
        self.inline(paragraph, node.children[0])
        if _all_bold(node.children[0]):
            keep_with_next(paragraph._p)

    def quote(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A block quote: its blocks' paragraphs in style ``Quote``."""
        self.blocks(node.children, sink, _Ctx("Quote", ctx.depth, ctx.width))

    def container(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A ``:::`` container: a callout box, or a source note (style ``Source``)."""
        name = node.type[len("container_"):]
        if name in CALLOUT_KINDS:
            self.callout(node, name, sink, ctx)
        elif name == SOURCE_CONTAINER:
            self.blocks(node.children, sink, _Ctx("Source", ctx.depth, ctx.width))
        else:
            _unsupported(node)

    def table(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A GFM table (see :func:`briefpack.word.tables.write_table`)."""
        write_table(self, node, sink, ctx.width or self.text_width.twips)

    def rule(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A thematic break: a ``Rule`` paragraph (a thin bottom border)."""
        sink.paragraph("Rule")

    def page_break(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """``<!-- pagebreak -->``: the next paragraph starts a page."""
        self.pending_break = True

    def html(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """Raw HTML, printed literally."""
        self.literal(sink.paragraph(ctx.para_style), node.content.rstrip("\n"))

    def code(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A fenced or indented code block, in style ``Code Block``."""
        self.literal(sink.paragraph("Code Block"), node.content.rstrip("\n"))

    def literal(self, paragraph: Paragraph, text: str) -> None:
        """Write `text` as it is, one line break per newline."""
        run = paragraph.add_run()
        for index, line in enumerate(text.split("\n")):
            if index:
                run.add_break(WD_BREAK.LINE)
            run.add_text(line)

    def list(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A bullet or numbered list (nested up to 3 levels); task items get checkboxes."""
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
                paragraph = self._task_item(sink, depth, item.meta["checked"])
            else:
                paragraph = sink.paragraph(style)
                if num_id is not None:
                    ooxml.set_num(paragraph, num_id)
            if children and children[0].type == "paragraph":
                self.inline(paragraph, children.pop(0).children[0])
            self.blocks(children, sink, inner)

    def _task_item(self, sink: Sink, depth: int, checked: bool) -> Paragraph:
        """A ``Task Item`` paragraph starting with a checkbox and a tab."""
        paragraph = sink.paragraph("Task Item")
        if depth > 1:
            paragraph.paragraph_format.left_indent = Twips(360 * depth)
        self._sdt_id += 1
        paragraph._p.append(ooxml.checkbox_sdt(checked, self._sdt_id))
        self.text(paragraph, "\t")
        return paragraph

    def callout(self, node: Node, kind: str, sink: Sink, ctx: _Ctx) -> None:
        """A callout: a one-cell table in style ``Callout <Kind>`` holding its blocks, led by
        its title (``::: warning Title``) in style ``Callout Title``."""
        table = sink.table(1, 1, f"Callout {kind.title()}")
        cell = table.rows[0].cells[0]
        width = ctx.width or self.text_width.twips
        table.columns[0].width = cell.width = Twips(width)
        row_flags(table._tbl.tr_lst[0], W_CANTSPLIT)
        inner = Sink(cell, self)
        title = node.info.strip()[len(kind):].strip()
        if title:
            self.text(inner.paragraph("Callout Title"), title)
        self.blocks(node.children, inner, _Ctx(width=width - CALLOUT_PADDING))
        if inner.reuse is not None:  # empty callout: keep the cell's paragraph
            self.use(inner.reuse, "Normal")

    # inline

    def text(self, paragraph: Paragraph, text: str, style: str | None = None) -> Run:
        """Append a run of plain `text` (tabs and line breaks as Word's own elements) to
        `paragraph`, in the character style called `style` if given: ``add_run`` without
        python-docx's searches."""
        return self._run(paragraph._p, paragraph, text, style, False, False)

    def inline(self, paragraph: Paragraph, inline: Node) -> None:
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


def _all_bold(inline: Node) -> bool:
    """Whether an inline node's text is all bold (blank text between bold spans aside)."""
    kids = [k for k in inline.children if not (k.type == "text" and not k.content.strip())]
    return bool(kids) and all(k.type == "strong" for k in kids)


def _unsupported(node: Node) -> NoReturn:
    raise ValueError(f"unsupported Markdown block {node.type!r} (token {node.tag or node.type!r})")


_BLOCKS = {
    "heading": BodyWriter.heading, "paragraph": BodyWriter.paragraph,
    "bullet_list": BodyWriter.list, "ordered_list": BodyWriter.list,
    "blockquote": BodyWriter.quote, "table": BodyWriter.table, "hr": BodyWriter.rule,
    "page_break": BodyWriter.page_break, "html_block": BodyWriter.html,
    "fence": BodyWriter.code, "code_block": BodyWriter.code,
}
"""Block handlers by node type; ``container_*`` nodes go to :meth:`BodyWriter.container`."""
