"""The body of a Word document, written from parsed Markdown by style name.

Used by :mod:`briefpack.word.writer`, which sets up the document, its page furniture and
properties around it. Blocks are written as WordprocessingML text (:mod:`briefpack.word.wordml`)
into a :class:`Sink`, and the writer puts the whole body into the document at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from briefpack.render.markdown import CALLOUT_KINDS, SOURCE_CONTAINER, Node
from briefpack.word import ooxml, wordml
from briefpack.word.package import Filling
from briefpack.word.prepare import StyleTable
from briefpack.word.tables import Table, plain_text, write_table

CALLOUT_PADDING = 400  # twips: the callout's cell margins and thick left border
TASK_INDENT = 360  # twips per list level of a nested task item


@dataclass(frozen=True)
class _Ctx:
    """Where the writer is: style of plain paragraphs, list depth, width available (twips;
    0 means the full text width)."""

    para_style: str = "Normal"
    depth: int = 0
    width: int = 0


BODY = _Ctx()


class Sink:
    """Where blocks go, in order: the document body or a table cell. Items are text or
    paragraphs and tables still being written (:func:`briefpack.word.wordml.join`)."""

    def __init__(self, writer: BodyWriter):
        self.writer = writer
        self.items: list = []

    def paragraph(self, style: str) -> wordml.Para:
        """A new paragraph in the style called `style`, starting a page if a page break is
        pending."""
        paragraph = self.writer.para(style)
        if self.writer.pending_break:
            paragraph.page_break = True
            self.writer.pending_break = False
        self.items.append(paragraph)
        return paragraph

    def table(self, table: Table) -> Table:
        """Add `table`, followed by a ``Spacer`` paragraph (Word needs a paragraph between
        tables and after one in a cell); a pending page break goes on a ``Spacer`` before it."""
        if self.writer.pending_break:
            self.paragraph("Spacer")
        self.items += [table, self.writer.para("Spacer")]
        return table

    def xml(self) -> str:
        """The blocks as text; a cell that got none holds one empty paragraph, in the
        reference's default paragraph style."""
        if self.items:
            return wordml.join(self.items)
        paragraph = self.writer.para("Normal")
        return paragraph.xml() if paragraph.style_id else "<w:p/>"


class BodyWriter:
    """Walks the parsed Markdown (:func:`briefpack.render.markdown.document`) and writes its
    blocks and inline runs; links and list restarts go through the document's `package`."""

    def __init__(self, styles: StyleTable, package: Filling):
        self.package = package
        self._styles = styles
        self.pending_break = False
        self.toc_entries: list[tuple[int, str]] = []
        self._sdt_id = 0x2B000000
        self.text_width = package.shell.text_width  # twips

    def style_id(self, name: str) -> str:
        """The id of the style called `name`."""
        return self._styles.id_of(name)

    def para_style_id(self, name: str) -> str | None:
        """The id to write for the paragraph style called `name`: none for the default."""
        return self._styles.paragraph_id(name)

    def para(self, style: str) -> wordml.Para:
        """A paragraph in the style called `style`, not yet placed."""
        return wordml.Para(self.para_style_id(style))

    def num_id(self, name: str) -> int | None:
        """The numbering the paragraph style called `name` (or its base) uses, if any."""
        return self.package.shell.style_num_id(self.style_id(name))

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
        """Heading 1-3 (kept with the next paragraph); level 1 goes into the TOC."""
        level = int(node.tag[1])
        if level > 3:
            raise ValueError(f"heading level {level} is not supported (use #, ## or ###): "
                             f"{node.children[0].content!r}")
        paragraph = sink.paragraph(f"Heading {level}")
        paragraph.keep_next = True
        self.inline(paragraph, node.children[0])
        if level == 1:  # the contents list shares the title page: sections only
            self.toc_entries.append((level, plain_text(node.children[0])))

    def paragraph(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A paragraph in the context's paragraph style; one that is all bold (a lead-in such
        as ``**Our objectives**``) is kept with the next paragraph, like a heading."""
        paragraph = sink.paragraph(ctx.para_style)
        self.inline(paragraph, node.children[0])
        paragraph.keep_next = _all_bold(node.children[0])

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
        write_table(self, node, sink, ctx.width or self.text_width)

    def rule(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A thematic break: a ``Rule`` paragraph (a thin bottom border)."""
        sink.paragraph("Rule")

    def page_break(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """``<!-- pagebreak -->``: the next paragraph starts a page."""
        self.pending_break = True

    def html(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """Raw HTML, printed literally."""
        _literal(sink.paragraph(ctx.para_style), node.content.rstrip("\n"))

    def code(self, node: Node, sink: Sink, ctx: _Ctx) -> None:
        """A fenced or indented code block, in style ``Code Block``."""
        _literal(sink.paragraph("Code Block"), node.content.rstrip("\n"))

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
            num_id = self.package.restart_numbering(base, start) if base else None
        inner = _Ctx("List Continue" + suffix, depth, ctx.width)
        for item in node.children:
            children = list(item.children)
            if item.meta.get("task"):
                paragraph = self._task_item(sink, depth, item.meta["checked"])
            else:
                paragraph = sink.paragraph(style)
                paragraph.num_id = num_id
            if children and children[0].type == "paragraph":
                self.inline(paragraph, children.pop(0).children[0])
            self.blocks(children, sink, inner)

    def _task_item(self, sink: Sink, depth: int, checked: bool) -> wordml.Para:
        """A ``Task Item`` paragraph starting with a checkbox and a tab."""
        paragraph = sink.paragraph("Task Item")
        if depth > 1:
            paragraph.indent = TASK_INDENT * depth
        self._sdt_id += 1
        paragraph.content += [ooxml.checkbox_sdt_xml(checked, self._sdt_id), wordml.run("\t")]
        return paragraph

    def callout(self, node: Node, kind: str, sink: Sink, ctx: _Ctx) -> None:
        """A callout: a one-cell table in style ``Callout <Kind>`` holding its blocks, led by
        its title (``::: warning Title``) in style ``Callout Title``."""
        width = ctx.width or self.text_width
        inner = Sink(self)
        sink.table(Table(self.style_id(f"Callout {kind.title()}"), [width], None,
                         [(False, [(width, inner)])]))
        title = node.info.strip()[len(kind):].strip()
        if title:
            inner.paragraph("Callout Title").content.append(wordml.run(title))
        self.blocks(node.children, inner, _Ctx(width=width - CALLOUT_PADDING))

    # inline

    def inline(self, paragraph: wordml.Para, inline: Node) -> None:
        """Write the children of an ``inline`` node into `paragraph`."""
        self._spans(paragraph.content, inline.children, bold=False, italic=False, link=False)

    def _spans(self, out: list[str], nodes, *, bold, italic, link) -> None:
        for node in nodes:
            kind = node.type
            if kind in _TEXT_KINDS:
                run = self._text_run(node, bold, italic, link)
                if run:
                    out.append(run)
            elif kind in ("strong", "em"):
                self._spans(out, node.children, bold=bold or kind == "strong",
                            italic=italic or kind == "em", link=link)
            elif kind == "link":
                r_id = self.package.hyperlink(str(node.attrs.get("href", "")))
                anchor: list[str] = []
                self._spans(anchor, node.children, bold=bold, italic=italic, link=True)
                out.append(f'<w:hyperlink r:id="{r_id}" w:history="1">{"".join(anchor)}'
                           "</w:hyperlink>")
            else:
                raise ValueError(f"unsupported Markdown inline element {kind!r}")

    def _text_run(self, node: Node, bold: bool, italic: bool, link: bool) -> str:
        """The run of a text-like inline node (nothing for empty text); a hard break is a run
        holding a line break."""
        style = ("Code" if node.type == "code_inline" else "Hyperlink" if link else None)
        style_id = style and self.style_id(style)
        if node.type == "hardbreak":
            return wordml.run("", style_id, bold, italic, tail="<w:br/>")
        text = " " if node.type == "softbreak" else node.content
        return wordml.run(text, style_id, bold, italic) if text else ""


_TEXT_KINDS = frozenset(("text", "html_inline", "code_inline", "softbreak", "hardbreak"))


def _literal(paragraph: wordml.Para, text: str) -> None:
    """Write `text` as it is, one line break per newline, in one run."""
    lines = [wordml.t(line) for line in text.split("\n")]
    paragraph.content.append(f"<w:r>{'<w:br/>'.join(lines)}</w:r>")


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
