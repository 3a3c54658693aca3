"""GFM tables as Word tables (style ``Data Table``), with column widths from their text.

Used by :class:`briefpack.word.body.BodyWriter`; tables are written as WordprocessingML text
(:class:`Table`), as python-docx would have made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from briefpack.render.markdown import Node
from briefpack.word import wordml


class CellWriter(Protocol):
    """What a table needs of the writer of the body (:class:`briefpack.word.body.BodyWriter`):
    styles by name, and inline Markdown written into a paragraph."""

    def style_id(self, name: str) -> str: ...

    def para(self, style: str) -> wordml.Para: ...

    def inline(self, paragraph: wordml.Para, inline: Node) -> None: ...


class TableSink(Protocol):
    """Where the table goes (:class:`briefpack.word.body.Sink`): the body or a cell."""

    def table(self, table: Table) -> Table: ...


_ALIGN = ("left", "center", "right")
CHAR_WIDTH = 110  # twips per character of 9.5 pt table text
CELL_PADDING = 240  # twips: a cell's left and right margins
_PLAIN_LOOK = ('w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"')  # python-docx's, kept by callouts


@dataclass
class Table:
    """A full-width table: its style, column widths (twips), whether its first row is a
    header (None: the plain look of a callout box) and its rows, each a header flag and its
    cells (width, and content with an ``xml()`` method). No row breaks across pages."""

    style_id: str
    widths: list[int]
    first_row: bool | None
    rows: list[tuple[bool, list[tuple[int, Any]]]]

    def xml(self) -> str:
        if self.first_row is None:
            look = _PLAIN_LOOK
        else:
            look = (f'w:val="{"04A0" if self.first_row else "0480"}" '
                    f'w:firstRow="{int(self.first_row)}" w:lastRow="0" w:firstColumn="0" '
                    'w:lastColumn="0" w:noHBand="0" w:noVBand="1"')
        out = [(f'<w:tbl><w:tblPr><w:tblStyle w:val="{wordml.attr(self.style_id)}"/>'
                '<w:tblW w:type="pct" w:w="5000"/><w:jc w:val="left"/>'
                f"<w:tblLook {look}/></w:tblPr><w:tblGrid>"),
               *(f'<w:gridCol w:w="{width}"/>' for width in self.widths), "</w:tblGrid>"]
        for heading, cells in self.rows:
            out.append("<w:tr><w:trPr><w:cantSplit/>"
                       + ("<w:tblHeader/>" if heading else "") + "</w:trPr>")
            out += [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
                    f"{content.xml()}</w:tc>" for width, content in cells]
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)


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
    widths = column_widths(rows, cols, width)
    last = len(rows) - 1
    table_rows = []
    for index, row_node in enumerate(rows):
        heading = index < header_rows
        cells = []
        for cell_node, cell_width in zip(row_node.children, widths):
            paragraph = writer.para("Table Heading" if heading else "Table Text")
            align = str(cell_node.attrs.get("style", "")).partition("text-align:")[2]
            if align in _ALIGN:
                paragraph.align = align
            if cell_node.children:
                writer.inline(paragraph, cell_node.children[0])
            paragraph.keep_next = index < last
            cells.append((cell_width, paragraph))
        table_rows.append((heading, cells))
    sink.table(Table(writer.style_id("Data Table"), widths, header_rows > 0, table_rows))


def _rows(node: Node) -> tuple[list[Node], int]:
    """The table's rows (head and body) and how many of them are header rows."""
    rows = [row for section in node.children for row in section.children]
    header_rows = len(node.children[0].children) if node.children[0].type == "thead" else 0
    if header_rows and not any(plain_text(cell).strip() for row in rows[:header_rows]
                               for cell in row.children):
        return rows[header_rows:], 0
    return rows, header_rows


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
