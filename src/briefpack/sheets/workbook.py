"""Write workbooks: the organisation's records for editing (``register export``) and the
register's listing (``register --format xlsx``).

Every sheet opens with the organisation's marking in its first row and in its printed header,
then a header row that stays frozen and carries filters. Columns are typed: dates are Excel
dates, booleans Excel booleans, numbers numbers; a column of a few words (a status, a
category) and every boolean column offers them in a drop-down (a data-validation list) that
refuses anything else. Text is always written as text: a value starting with ``=`` is never a
formula. The export also keeps, in a sheet Excel does not show, what it exported: ``register
import`` tells a user's edits from changes made to org.yaml since (:mod:`.merge`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from briefpack.errors import BriefpackError
from briefpack.sheets.columns import (
    BOOL,
    CHOICE,
    DATE,
    NUMBER,
    SNAPSHOT_SHEET,
    TEXT,
    Column,
    SheetSpec,
    to_cell,
)

MARKING_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
LISTS_SHEET = "Lists"  # hidden: the words of each drop-down
LAST_ROW = 1048576  # validation covers rows a user adds below the data
WIDEST = 60
_MARKING_FONT = Font(bold=True, color="C00000")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


@dataclass
class Table:
    """A sheet to write: its name, typed columns and rows of values (one per column)."""

    title: str
    columns: Sequence[Column]
    rows: list[list[Any]]


def records_table(spec: SheetSpec, records: list) -> Table:
    """The records of one list of org.yaml (validated models) as the sheet ``spec`` lays out."""
    return Table(spec.title, spec.columns,
                 [[to_cell(c, getattr(r, c.attr)) for c in spec.columns] for r in records])


def snapshot_value(value: Any) -> Any:
    """A cell value as the snapshot keeps it (JSON: a date as YYYY-MM-DD)."""
    return value.isoformat() if isinstance(value, date) else value


def workbook_bytes(tables: list[Table], marking: str, title: str,
                   snapshot: tuple[str, list[Table]] | None = None) -> bytes:
    """The .xlsx of ``tables``, each sheet marked with ``marking``. ``snapshot``, the
    organisation's name and the tables exported, is kept in a sheet no user sees."""
    book = Workbook()
    book.remove(book.active)
    lists = _Lists(book)
    for table in tables:
        _write_sheet(book.create_sheet(table.title), table, marking, lists)
    if snapshot is not None:
        _write_snapshot(book, *snapshot)
    lists.finish()
    book.properties.creator = "briefpack"
    book.properties.title = title
    book.properties.description = marking
    book.properties.keywords = "internal"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_snapshot(book: Workbook, organisation: str, tables: list[Table]) -> None:
    """The very hidden sheet: the organisation, then a row per record exported (its sheet, its
    id and its values as JSON, a date as YYYY-MM-DD)."""
    hidden = book.create_sheet(SNAPSHOT_SHEET)
    hidden.sheet_state = "veryHidden"
    hidden.append(["organisation", organisation])
    for table in tables:
        fields = [c.field for c in table.columns]
        for values in table.rows:
            record = {f: snapshot_value(v) for f, v in zip(fields, values) if v is not None}
            hidden.append([table.title, str(values[0]),
                           json.dumps(record, ensure_ascii=False, sort_keys=True)])
    for row in hidden.iter_rows():
        for cell in row:
            cell.data_type = "s"


class _Lists:
    """The hidden sheet holding each drop-down's words, one column per list."""

    def __init__(self, book: Workbook):
        self.book, self.sheet, self.ranges = book, None, {}

    def range_of(self, choices: tuple[str, ...]) -> str:
        """The absolute range holding ``choices`` (a list of more than 255 characters cannot
        be written in the validation itself)."""
        if choices not in self.ranges:
            if self.sheet is None:
                self.sheet = self.book.create_sheet(LISTS_SHEET)
            col = len(self.ranges) + 1
            for row, word in enumerate(choices, 1):
                self.sheet.cell(row, col, word)
            letter = get_column_letter(col)
            self.ranges[choices] = (f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:"
                                    f"${letter}${len(choices)}")
        return self.ranges[choices]

    def finish(self) -> None:
        """Hide the lists, after every sheet a user reads."""
        if self.sheet is not None:
            self.sheet.sheet_state = "hidden"
            self.book.move_sheet(self.sheet, len(self.book.sheetnames) - 1
                                 - self.book.index(self.sheet))


def _write_sheet(ws: Worksheet, table: Table, marking: str, lists: _Lists) -> None:
    """One sheet: marking row, header row, the rows; frozen header, filters, validation,
    widths and print setup."""
    last = get_column_letter(len(table.columns))
    marked = ws.cell(MARKING_ROW, 1, marking)
    marked.font, marked.data_type = _MARKING_FONT, "s"
    ws.merge_cells(f"A{MARKING_ROW}:{last}{MARKING_ROW}")
    for col, column in enumerate(table.columns, 1):
        cell = ws.cell(HEADER_ROW, col, column.label)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for offset, values in enumerate(table.rows):
        _write_row(ws, table, FIRST_ROW + offset, values)
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(HEADER_ROW, FIRST_ROW + len(table.rows) - 1)}"
    for col, column in enumerate(table.columns, 1):
        _validate(ws, col, column, lists)
        ws.column_dimensions[get_column_letter(col)].width = _width(table, col - 1)
    _print_setup(ws, marking)


def _write_row(ws: Worksheet, table: Table, row: int, values: list[Any]) -> None:
    for col, (column, value) in enumerate(zip(table.columns, values), 1):
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            raise BriefpackError(
                f"{table.title}, row {row}, {column.label}: the text holds a control character "
                "a workbook cannot store; remove it from org.yaml and export again")
        cell = ws.cell(row, col, value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, never a formula
        if column.kind == DATE:
            cell.number_format = "yyyy-mm-dd"
        elif column.kind == NUMBER:
            whole = all(isinstance(v, int) for v in _column_values(table, col - 1))
            cell.number_format = "#,##0" if whole else "#,##0.00"
        elif column.kind == TEXT:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _column_values(table: Table, index: int) -> list[Any]:
    return [row[index] for row in table.rows if row[index] is not None]


def _validate(ws: Worksheet, col: int, column: Column, lists: _Lists) -> None:
    """The column's drop-down (choices, TRUE/FALSE) or date check, down to the sheet's end."""
    cells = f"{get_column_letter(col)}{FIRST_ROW}:{get_column_letter(col)}{LAST_ROW}"
    if column.kind == CHOICE:
        rule = DataValidation(type="list", formula1=lists.range_of(column.choices))
        expected = ", ".join(column.choices)
    elif column.kind == BOOL:
        rule = DataValidation(type="list", formula1='"TRUE,FALSE"')
        expected = "TRUE or FALSE"
    elif column.kind == DATE:
        rule = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                              formula2="DATE(2999,12,31)")
        expected = "a date, e.g. 2027-03-31"
    else:
        return
    rule.allow_blank = not column.required
    rule.error, rule.errorTitle = f"{column.label}: expected {expected}"[:255], column.label
    rule.showErrorMessage = True
    rule.add(cells)
    ws.add_data_validation(rule)


def _width(table: Table, index: int) -> float:
    column = table.columns[index]
    longest = max((len(str(v)) for v in _column_values(table, index)), default=0)
    if column.kind == DATE:
        longest = 10
    return min(max(longest, len(column.label), 6) + 2, WIDEST)


def _print_setup(ws: Worksheet, marking: str) -> None:
    """Printed: the marking on every page's header, the header rows repeated, landscape, as
    wide as one page."""
    escaped = marking.replace("&", "&&")
    for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        header.center.text = escaped
        header.center.font = "Calibri,Bold"
    ws.print_title_rows = f"{MARKING_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToHeight = 0
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
