"""The body of a Word document, written from parsed Markdown by style name.

Used by :mod:`briefpack.word.writer`, which sets up the document, its page furniture and
properties around it.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
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

CALLOUT_PADDING = 400  # twips: the callout's cell margins and thick left border
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}


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


_W_PPR, _W_PSTYLE, _W_VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_W_R, _W_RPR, _W_RSTYLE, _W_T = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:t")
_W_B, _W_I, _XML_SPACE = qn("w:b"), qn("w:i"), qn("xml:space")
_W_P, _W_SECTPR, _W_KEEPNEXT = qn("w:p"), qn("w:sectPr"), qn("w:keepNext")


_W_TR_PR, _W_TC, _W_TCPR, _W_TCW = qn("w:trPr"), qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_W_W, _W_CANTSPLIT, _W_TBLHEADER = qn("w:w"), qn("w:cantSplit"), qn("w:tblHeader")


def _row_flags(tr, *tags: str) -> None:
    """Row properties that are flags (cantSplit, tblHeader): trPr comes before the cells."""
    tr_pr = tr.find(_W_TR_PR)
    if tr_pr is None:
        tr_pr = SubElement(tr, _W_TR_PR)
        tr.insert(0, tr_pr)
    for tag in tags:
        if tr_pr.find(tag) is None:
            SubElement(tr_pr, tag)


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


class BodyWriter:
    """Walks the markdown-it syntax tree and writes blocks and inline runs."""

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
        for node in nodes:
            self.block(node, sink, ctx)

    def block(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
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

    def list(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
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
                self.text(paragraph, "\t")
            else:
                paragraph = sink.paragraph(style)
                if num_id is not None:
                    ooxml.set_num(paragraph, num_id)
            if children and children[0].type == "paragraph":
                self.inline(paragraph, children.pop(0).children[0])
            self.blocks(children, sink, inner)

    def callout(self, node: Node, kind: str, sink: Sink, ctx: _Ctx) -> None:
        table = sink.table(1, 1, f"Callout {kind.title()}")
        cell = table.rows[0].cells[0]
        width = ctx.width or self.text_width.twips
        table.columns[0].width = cell.width = Twips(width)
        _row_flags(table._tbl.tr_lst[0], _W_CANTSPLIT)
        inner = Sink(cell, self)
        title = node.info.strip()[len(kind):].strip()
        if title:
            self.text(inner.paragraph("Callout Title"), title)
        self.blocks(node.children, inner, _Ctx(width=width - CALLOUT_PADDING))
        if inner.reuse is not None:  # empty callout: keep the cell's paragraph
            self.use(inner.reuse, "Normal")

    def table(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
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
        for index, (row_node, tr) in enumerate(zip(rows, table._tbl.tr_lst)):
            heading = index < header_rows
            # python-docx's rows, cells and widths recompute the table's grid on every access
            _row_flags(tr, *((_W_CANTSPLIT, _W_TBLHEADER) if heading else (_W_CANTSPLIT,)))
            for cell_node, tc, width in zip(row_node.children, tr.findall(_W_TC), widths):
                tc.find(_W_TCPR).find(_W_TCW).set(_W_W, str(width.twips))
                paragraph = Paragraph(tc.find(_W_P), table)
                self.use(paragraph, "Table Heading" if heading else "Table Text")
                align = str(cell_node.attrs.get("style", "")).partition("text-align:")[2]
                if align in _ALIGN:
                    paragraph.alignment = _ALIGN[align]
                if cell_node.children:
                    self.inline(paragraph, cell_node.children[0])

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


def _plain_text(node: Node) -> str:
    """The text of an inline node without Markdown markup."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain_text(child) for child in node.children)
