"""GFM tables as Word tables (style ``Data Table``), with column widths from their text.

Used by :class:`briefpack.word.body.BodyWriter`; cells are written through python-docx's XML
directly because its rows, cells and widths recompute the table's grid on every access.
"""

from __future__ import annotations

from typing import Any, Protocol

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from briefpack.render.markdown import Node
from briefpack.word import ooxml


class CellWriter(Protocol):
    """What a table needs of the writer of the body (:class:`briefpack.word.body.BodyWriter`):
    styles by name, and inline Markdown written into a paragraph."""

    def use(self, target: Any, name: str) -> Any: ...

    def inline(self, paragraph: Paragraph, inline: Node) -> None: ...


class TableSink(Protocol):
    """Where the table goes (:class:`briefpack.word.body.Sink`): the body or a cell."""

    def table(self, rows: int, cols: int, style: str) -> Table: ...

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}
CHAR_WIDTH = 110  # twips per character of 9.5 pt table text
CELL_PADDING = 240  # twips: a cell's left and right margins

_W_P, _W_TR_PR, _W_TC, _W_TCPR = qn("w:p"), qn("w:trPr"), qn("w:tc"), qn("w:tcPr")
_W_TCW, _W_W = qn("w:tcW"), qn("w:w")
_W_PPR, _W_PSTYLE, _W_KEEPNEXT = qn("w:pPr"), qn("w:pStyle"), qn("w:keepNext")
W_CANTSPLIT, W_TBLHEADER = qn("w:cantSplit"), qn("w:tblHeader")


def write_table(writer: CellWriter, node: Node, sink: TableSink, width: int) -> None:
    """Write the GFM ``table`` `node` into `sink`, `width` twips wide.

    Header rows repeat on every page; no row breaks across pages, and every row but the last
    keeps with the next, so a table that fits on a page is never split (and a heading before
    it, kept with its next paragraph, stays with it). A header row with no text (``| | |``) is
    dropped: the table is then a label/value grid.
    """
    rows, header_rows = _rows(node)
    if not rows:
        return
    cols = max(len(row.children) for row in rows)
    table = sink.table(len(rows), cols, "Data Table")
    ooxml.set_table_look(table, first_row=header_rows > 0)
    widths = [Twips(w) for w in column_widths(rows, cols, width)]
    for column, column_width in zip(table.columns, widths):
        column.width = column_width
    last = len(rows) - 1
    for index, (row_node, tr) in enumerate(zip(rows, table._tbl.tr_lst)):
        heading = index < header_rows
        row_flags(tr, *((W_CANTSPLIT, W_TBLHEADER) if heading else (W_CANTSPLIT,)))
        for cell_node, tc, cell_width in zip(row_node.children, tr.findall(_W_TC), widths):
            _write_cell(writer, table, cell_node, tc, cell_width, heading)
            if index < last:
                keep_with_next(tc.find(_W_P))


def _rows(node: Node) -> tuple[list[Node], int]:
    """The table's rows (head and body) and how many of them are header rows."""
    rows = [row for section in node.children for row in section.children]
    header_rows = len(node.children[0].children) if node.children[0].type == "thead" else 0
    if header_rows and not any(plain_text(cell).strip() for row in rows[:header_rows]
                               for cell in row.children):
        return rows[header_rows:], 0
    return rows, header_rows


def _write_cell(writer: CellWriter, table: Table, cell_node: Node, tc, width: Twips,
                heading: bool) -> None:
    """One cell: its width, its paragraph's style and alignment, its text."""
    tc.find(_W_TCPR).find(_W_TCW).set(_W_W, str(width.twips))
    paragraph = Paragraph(tc.find(_W_P), table)
    writer.use(paragraph, "Table Heading" if heading else "Table Text")
    align = str(cell_node.attrs.get("style", "")).partition("text-align:")[2]
    if align in _ALIGN:
        paragraph.alignment = _ALIGN[align]
    if cell_node.children:
        writer.inline(paragraph, cell_node.children[0])


def keep_with_next(p) -> None:
    """``keep_with_next = True`` on paragraph element ``p`` without python-docx's schema-order
    search: keepNext comes right after pStyle."""
    ppr = p.find(_W_PPR)
    if ppr is None:
        ppr = SubElement(p, _W_PPR)
        p.insert(0, ppr)
    if ppr.find(_W_KEEPNEXT) is None:
        keep = SubElement(ppr, _W_KEEPNEXT)
        ppr.insert(1 if ppr[0].tag == _W_PSTYLE else 0, keep)


def row_flags(tr, *tags: str) -> None:
    """Row properties that are flags (cantSplit, tblHeader): trPr comes before the cells."""
    tr_pr = tr.find(_W_TR_PR)
    if tr_pr is None:
        tr_pr = SubElement(tr, _W_TR_PR)
        tr.insert(0, tr_pr)
    for tag in tags:
        if tr_pr.find(tag) is None:
            SubElement(tr_pr, tag)


def column_widths(rows, cols: int, total: int) -> list[int]:
    """Split `total` width (twips) between columns: each gets at least its longest word
    (words never break), the rest goes in proportion to the columns' text length."""
    floor, want = [0.0] * cols, [0.0] * cols
    for row in rows:
        for index, cell in enumerate(row.children[:cols]):
            text = plain_text(cell)
            longest = max((len(word) for word in text.split()), default=1)
            floor[index] = max(floor[index], longest * CHAR_WIDTH + CELL_PADDING)
            want[index] = max(want[index], min(len(text), 60) * CHAR_WIDTH + CELL_PADDING)
    if sum(floor) >= total:
        scale = total / sum(floor)
        widths = [int(width * scale) for width in floor]
    else:
        widths = _share_spare(floor, want, total)
    widths[-1] += total - sum(widths)
    return widths


def _share_spare(floor: list[float], want: list[float], total: int) -> list[int]:
    """Widths above each column's `floor`: what the columns want, as far as `total` allows,
    then whatever is left in proportion to what they want."""
    extra = [max(w - f, 0.0) for w, f in zip(want, floor)]
    spare = total - sum(floor)
    share = min(1.0, spare / sum(extra)) if sum(extra) else 0.0
    widths = [int(f + e * share) for f, e in zip(floor, extra)]
    left = total - sum(widths)
    weights = [max(w, 1.0) for w in want]
    return [width + int(left * w / sum(weights)) for width, w in zip(widths, weights)]


def plain_text(node: Node) -> str:
    """The text of an inline node without Markdown markup."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain_text(child) for child in node.children)
