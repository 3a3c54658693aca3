"""Read an edited workbook: each record sheet's rows as raw cell values, each with its cell
(``Commitments!E7``), and what the export held (its hidden snapshot), if it is still there.

Columns are found by their header, wherever a user moved them; a sheet or a column that is
missing is a problem (reading on would lose or guess data), a column briefpack does not know
is left alone with a warning. Formulas are never read as values: a cell holding one is a
problem. Nothing here knows org.yaml; :mod:`.merge` compares what is read with it.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefpack.errors import BriefpackError, Problem, display_path
from briefpack.sheets.columns import SNAPSHOT_SHEET, Column, SheetSpec, is_empty

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_UNPACKED = 100 * 1024 * 1024  # a workbook that would unpack to more is refused unopened
HEADER_SEARCH = 10  # the header row is looked for in the sheet's first rows
# LibreOffice saves a boolean as a formula giving it; these, and only these, are values
_CONSTANTS = {"=TRUE()": True, "=FALSE()": False, "=TRUE": True, "=FALSE": False}


class WorkbookUnreadable(BriefpackError):
    """The file is not a workbook briefpack can open (not an .xlsx, damaged, too large)."""


@dataclass
class Row:
    """A row of a record sheet: its number and its non-empty cells by field."""

    number: int
    values: dict[str, Any]  # field -> raw cell value
    refs: dict[str, str]  # field -> "Commitments!E7", for every column
    formulas: list[str] = field(default_factory=list)  # fields whose cell holds a formula


@dataclass
class Sheet:
    """A record sheet as read."""

    spec: SheetSpec
    rows: list[Row]


@dataclass
class ReadBook:
    """A workbook as read: its record sheets, the export's snapshot, and what was wrong."""

    path: Path
    sheets: list[Sheet]
    organisation: str | None = None  # as the export recorded it
    snapshot: dict[str, list[dict[str, Any]]] | None = None  # sheet -> records exported
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def problem(self, where: str, message: str) -> Problem:
        """A problem at ``where`` (``Commitments!E7``, or a sheet's name) of this workbook."""
        return Problem(display_path(self.path), 0, where, message)


def column_letter(col: int) -> str:
    """``5`` → ``E``, ``27`` → ``AA``."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_ref(sheet: str, col: int, row: int) -> str:
    """``Commitments!E7``."""
    name = sheet if sheet.isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{column_letter(col)}{row}"


def _open(path: Path):
    """The workbook at ``path``; :class:`WorkbookUnreadable` saying why it cannot be."""
    shown = display_path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except FileNotFoundError:
        raise WorkbookUnreadable(f"{shown}: no such file") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise WorkbookUnreadable(f"{shown}: not an Excel workbook (.xlsx): {exc}") from None
    if unpacked > MAX_UNPACKED:
        raise WorkbookUnreadable(f"{shown} would unpack to {unpacked // 2**20} MB, more than a "
                                 f"register's {MAX_UNPACKED // 2**20} MB; refused unopened")
    from openpyxl import load_workbook  # only when a workbook is read: a second to import

    try:
        return load_workbook(path, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise WorkbookUnreadable(f"{shown}: cannot be read as an Excel workbook (.xlsx): "
                                 f"{exc}") from None


def read_book(path: Path, specs: tuple[SheetSpec, ...]) -> ReadBook:
    """The record sheets of the workbook at ``path`` laid out as ``specs`` say."""
    book = _open(Path(path))
    read = ReadBook(Path(path), [])
    for spec in specs:
        if spec.title not in book.sheetnames:
            read.problems.append(read.problem(spec.title, (
                "sheet missing: the workbook must keep every sheet the export wrote "
                f"({', '.join(s.title for s in specs)}); export again if it was deleted")))
            continue
        sheet = _read_sheet(book[spec.title], spec, read)
        if sheet is not None:
            read.sheets.append(sheet)
    if SNAPSHOT_SHEET in book.sheetnames:
        _read_snapshot(book[SNAPSHOT_SHEET], read)
    return read


def _normal(label: Any) -> str:
    return " ".join(str(label or "").replace("_", " ").casefold().split())


def _header(ws: Worksheet, spec: SheetSpec, read: ReadBook
            ) -> tuple[int, dict[int, Column]] | None:
    """The header row and the column of each field in it; None, with the problem, when a
    column is missing or given twice."""
    names = {_normal(n): c for c in spec.columns for n in (c.label, c.field)}
    for row in ws.iter_rows(min_row=1, max_row=HEADER_SEARCH):
        found = {cell.column: names[_normal(cell.value)] for cell in row
                 if _normal(cell.value) in names}
        if spec.columns[0] in found.values():
            return (row[0].row, found) if _columns_kept(row, found, spec, read) else None
    read.problems.append(read.problem(spec.title, (
        f"no header row: one of the first {HEADER_SEARCH} rows must name the columns "
        f"({', '.join(c.label for c in spec.columns)})")))
    return None


def _columns_kept(row: tuple, found: dict[int, Column], spec: SheetSpec, read: ReadBook
                  ) -> bool:
    """Whether the header row has each column once (a problem for each that it has not); a
    column that is not briefpack's is a warning."""
    number, problems = row[0].row, []
    for column in spec.columns:
        count = list(found.values()).count(column)
        if count != 1:
            problems.append(read.problem(f"{spec.title}!{number}:{number}", (
                f"no '{column.label}' column: keep every column the export wrote, so that no "
                "value is lost or guessed") if not count else (
                f"'{column.label}' is the header of {count} columns; keep one")))
    for cell in row:
        if not is_empty(cell.value) and cell.column not in found:
            read.warnings.append(f"{cell_ref(spec.title, cell.column, number)}: column "
                                 f"'{cell.value}' is not briefpack's; its cells are ignored")
    read.problems += problems
    return not problems


def _value(cell) -> tuple[Any, bool]:
    """A cell's value, and whether it is a formula (never a value, except a boolean as
    LibreOffice saves it)."""
    if cell.data_type == "f":
        constant = _CONSTANTS.get(str(cell.value).upper())
        return constant, constant is None
    return cell.value, False


def _read_sheet(ws: Worksheet, spec: SheetSpec, read: ReadBook) -> Sheet | None:
    header = _header(ws, spec, read)
    if header is None:
        return None
    number, columns = header
    rows = []
    for cells in ws.iter_rows(min_row=number + 1):
        row = Row(cells[0].row, {}, {})
        for cell in cells:
            column = columns.get(cell.column)
            if column is None:
                continue
            row.refs[column.field] = cell_ref(spec.title, cell.column, row.number)
            value, formula = _value(cell)
            if formula:
                row.formulas.append(column.field)
            elif not is_empty(value):
                row.values[column.field] = value
        if row.values or row.formulas:
            rows.append(row)
    return Sheet(spec, rows)


def _read_snapshot(ws: Worksheet, read: ReadBook) -> None:
    """What the export held; a snapshot that does not read as one is ignored, with a
    warning (the workbook is then compared with org.yaml as it is)."""
    records: dict[str, list[dict[str, Any]]] = {}
    try:
        for title, _, text in ws.iter_rows(min_row=2, max_col=3, values_only=True):
            records.setdefault(str(title), []).append(json.loads(text))
        organisation = ws["B1"].value
    except (TypeError, ValueError):
        read.warnings.append("the workbook's record of what was exported is damaged; its "
                             "cells are compared with org.yaml as it is now")
        return
    read.organisation, read.snapshot = str(organisation or ""), records
