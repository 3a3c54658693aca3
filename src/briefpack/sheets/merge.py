"""From an edited workbook to the changes to make in org.yaml, every cell checked first.

A row is matched to its record by id, wherever it was sorted. Each cell is read as its
column's type and each row as its model reads a record, so a bad cell is reported at its cell
(``Commitments!E7``) with what is expected. What the user changed is told by comparing each
cell with what the export held (the workbook's hidden snapshot): a value changed in org.yaml
since the export is kept unless the same cell was edited too, which is a conflict to resolve,
never a silent overwrite. A workbook without the snapshot is compared with org.yaml as it is.

A row with a new id is a new record. A row deleted from the workbook is an error: import
never deletes a record (mark a commitment withdrawn, or delete it from org.yaml yourself).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from briefpack.data.models import Organisation
from briefpack.errors import Problem
from briefpack.sheets.columns import CellError, Column, SheetSpec, from_cell
from briefpack.sheets.read import ReadBook, Row, Sheet

_GONE = object()  # a record no longer in org.yaml


def shown(value: Any) -> str:
    """A value as a change report prints it: text quoted, an empty cell as (empty)."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


@dataclass
class Change:
    """A cell edited in the workbook: the field of a record in org.yaml to change."""

    ref: str  # Commitments!E4
    spec: SheetSpec
    index: int  # the record's place in its list in org.yaml
    record_id: str
    column: Column
    old: Any  # in org.yaml now
    new: Any

    def __str__(self) -> str:
        return (f"{self.ref}: {self.record_id} {self.column.label.lower()}: {shown(self.old)} "
                f"-> {shown(self.new)}")


@dataclass
class Addition:
    """A row with a new id: a record to add to org.yaml."""

    ref: str  # the row's id cell
    spec: SheetSpec
    record_id: str
    values: dict[str, Any]  # field -> value, in column order, defaults left out

    def __str__(self) -> str:
        rest = "; ".join(f"{f}: {shown(v)}" for f, v in self.values.items() if f != "id")
        return f"{self.ref}: new entry {self.record_id} in {self.spec.section}: {rest}"


@dataclass
class ImportPlan:
    """What the workbook changes in org.yaml, and every problem that stops it."""

    changes: list[Change] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _values(record: BaseModel, spec: SheetSpec) -> dict[str, Any]:
    return {c.field: getattr(record, c.attr) for c in spec.columns}


def _record(row: Row, spec: SheetSpec, book: ReadBook, plan: ImportPlan
            ) -> dict[str, Any] | None:
    """The row as its model reads it (every field's value); None, with the problems at their
    cells, when a cell cannot be read."""
    data, problems = {}, []
    for name in row.formulas:
        problems.append(book.problem(row.refs[name], "holds a formula: type the value itself"))
    for name, raw in row.values.items():
        try:
            data[name] = from_cell(spec.column(name), raw)
        except CellError as exc:
            problems.append(book.problem(row.refs[name], str(exc)))
    if not problems:
        try:
            return _values(spec.model.model_validate(data), spec)
        except ValidationError as exc:
            problems += [_model_problem(error, row, spec, book) for error in exc.errors()]
    plan.problems += problems
    return None


def _model_problem(error: dict, row: Row, spec: SheetSpec, book: ReadBook) -> Problem:
    name = str(error["loc"][0]) if error["loc"] else spec.columns[0].field
    where = row.refs.get(name) or next(iter(row.refs.values()))
    label = spec.column(name).label if name in row.refs else name
    if error["type"] == "missing" and name == "id":
        taken = [str(r.values.get("id", "")) for s in book.sheets if s.spec is spec
                 for r in s.rows]
        return book.problem(where, f"no ID: a new {spec.section} entry needs an id not used on "
                                   f"this sheet{next_id(taken)}")
    if error["type"] == "missing":
        return book.problem(where, f"{label.lower()} is required")
    return book.problem(where, f"{label.lower()}: {error['msg'].removeprefix('Value error, ')}")


def next_id(taken: list[str]) -> str:
    """``, such as C-08`` after C-01..C-07 (the most used prefix, one past its highest number,
    as wide); empty when the ids are not numbered."""
    numbered = [m for i in taken if (m := re.fullmatch(r"(.*?)(\d+)", i.strip()))]
    if not numbered:
        return ""
    prefixes = [m.group(1) for m in numbered]
    prefix = max(set(prefixes), key=prefixes.count)
    digits = [m.group(2) for m in numbered if m.group(1) == prefix]
    number = max(int(d) for d in digits) + 1
    return f", such as {prefix}{number:0{max(len(d) for d in digits)}d}"


def _snapshot(sheet: Sheet, book: ReadBook) -> dict[str, dict[str, Any]] | None:
    """The sheet's records as exported, by id, read as the sheet's rows are."""
    if book.snapshot is None:
        return None
    spec, exported = sheet.spec, {}
    for data in book.snapshot.get(spec.title, []):
        try:
            typed = {f: from_cell(spec.column(f), v) for f, v in data.items()}
            values = _values(spec.model.model_validate(typed), spec)
        except (CellError, ValidationError, StopIteration):
            book.warnings.append(f"{spec.title}: the record of what was exported is damaged; "
                                 "its cells are compared with org.yaml as it is now")
            return None
        exported[values["id"]] = values
    return exported


def plan_import(book: ReadBook, org: Organisation) -> ImportPlan:
    """Every change and new record the workbook holds for ``org``, or the problems."""
    plan = ImportPlan(problems=list(book.problems))
    for sheet in book.sheets:
        records = getattr(org, sheet.spec.section)
        now = {r.id: (i, _values(r, sheet.spec)) for i, r in enumerate(records)}
        exported = _snapshot(sheet, book)
        before = exported if exported is not None else {k: v for k, (_, v) in now.items()}
        _plan_sheet(sheet, now, before, book, plan)
    return plan


def _plan_sheet(sheet: Sheet, now: dict[str, tuple[int, dict]], before: dict[str, dict],
                book: ReadBook, plan: ImportPlan) -> None:
    spec, seen = sheet.spec, {}
    for row in sheet.rows:
        values = _record(row, spec, book, plan)
        if values is None:  # its problems are reported; its id still names its record
            seen.setdefault(str(row.values.get("id", "")).strip(), row.number)
            continue
        rid = values["id"]
        if rid in seen:
            plan.problems.append(book.problem(row.refs["id"], (
                f"ID {rid} is also in row {seen[rid]}; each {spec.section} id is unique")))
            continue
        seen[rid] = row.number
        if rid in before:
            _edits(row, values, before[rid], now.get(rid), spec, book, plan)
        else:
            _addition(row, values, now.get(rid), spec, book, plan)
    for rid in before:
        if rid not in seen and rid in now:
            plan.problems.append(book.problem(spec.title, (
                f"{rid} is in org.yaml but has no row: import never deletes an entry. Put the "
                "row back (to retire a commitment, set its status to withdrawn; an issue, "
                "closed), or delete the entry from org.yaml yourself")))


def _edits(row: Row, values: dict, exported: dict, current: tuple[int, dict] | None,
           spec: SheetSpec, book: ReadBook, plan: ImportPlan) -> None:
    """The cells of ``row`` edited since the export, as changes to the record in org.yaml."""
    for column in spec.columns:
        new, old = values[column.field], exported[column.field]
        if new == old:
            continue
        ref = row.refs[column.field]
        now = current[1][column.field] if current else _GONE
        if now is _GONE:
            plan.problems.append(book.problem(ref, (
                f"{values['id']} was removed from org.yaml after this workbook was exported; "
                "export again, or add the entry back to org.yaml first")))
        elif now != old and now != new:
            plan.problems.append(book.problem(ref, (
                f"{values['id']} {column.label.lower()} was changed in org.yaml too since the "
                f"export (from {shown(old)} to {shown(now)}): export again and redo this edit, "
                f"or make org.yaml say {shown(new)} yourself")))
        elif now != new:
            plan.changes.append(Change(ref, spec, current[0], values["id"], column, now, new))


def _addition(row: Row, values: dict, current: tuple[int, dict] | None, spec: SheetSpec,
              book: ReadBook, plan: ImportPlan) -> None:
    """A row whose id the export did not hold: a new record, unless org.yaml has gained a
    different record with that id since."""
    if current is not None:
        if current[1] != values:
            plan.problems.append(book.problem(row.refs["id"], (
                f"ID {values['id']} was added to org.yaml after the export, with other values; "
                "give this row another id")))
        return
    kept = {c.field: values[c.field] for c in spec.columns
            if c.required or values[c.field] not in (None, c.default)}
    plan.additions.append(Addition(row.refs["id"], spec, values["id"], kept))
