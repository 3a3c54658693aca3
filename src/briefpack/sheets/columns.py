"""Which sheet holds which list of org.yaml, and how each column is typed.

The columns are read from the models (:mod:`briefpack.data.models`): each scalar field of a
record is a column, in the model's order, typed by its annotation (a date, a boolean, a
number, one of a list of words, or text). A field added to a record becomes a column of the
workbook, exported and imported, without more code here. A cell's value is converted both
ways here: :func:`to_cell` for writing, :func:`from_cell` for reading, which says what it
expected when a cell holds something else.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel

from briefpack.data.fields import iso_day
from briefpack.data.models import Advice, Commitment, Fact, OpenIssue, whole_if_integral

TEXT, DATE, BOOL, NUMBER, CHOICE = "text", "date", "bool", "number", "choice"
SNAPSHOT_SHEET = "briefpack export"  # very hidden: what the export held, for import
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "y", "1"), ("false", "no", "n", "0")


class CellError(ValueError):
    """A cell holds what its column cannot take; the message says what was expected."""


@dataclass(frozen=True)
class Column:
    """One column of a sheet: a field of the record it lists."""

    field: str  # its name in org.yaml (``from``, ``known_to_vendor``)
    attr: str  # the model's attribute (``from_``)
    label: str  # the header in the workbook (``Known to vendor``)
    kind: str  # text | date | bool | number | choice
    choices: tuple[str, ...] = ()
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the export: the records of one list of org.yaml."""

    title: str  # the sheet's name (``Commitments``)
    section: str  # the list in org.yaml (``commitments``)
    model: type[BaseModel]
    columns: tuple[Column, ...]

    def column(self, field: str) -> Column:
        """The column of ``field`` (its name in org.yaml)."""
        return next(c for c in self.columns if c.field == field)


def _label(field: str) -> str:
    """``known_to_vendor`` → ``Known to vendor``; ``id`` → ``ID``."""
    return "ID" if field == "id" else field.replace("_", " ").capitalize()


def _unwrap(annotation: Any) -> Any:
    """The type under ``Optional`` and ``Annotated`` (``Day | None`` → ``date``)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        else:
            return annotation


def _kind(annotation: Any) -> tuple[str, tuple[str, ...]] | None:
    """A field's column kind and choices, or None for a field no cell can hold (a list)."""
    base = _unwrap(annotation)
    if typing.get_origin(base) is Literal:
        return CHOICE, tuple(str(a) for a in typing.get_args(base))
    kinds = {date: DATE, bool: BOOL, float: NUMBER, int: NUMBER, str: TEXT}
    return (kinds[base], ()) if base in kinds else None


def columns_of(model: type[BaseModel]) -> tuple[Column, ...]:
    """Every field of ``model`` a cell can hold, in the model's order."""
    columns = []
    for attr, info in model.model_fields.items():
        kind = _kind(info.annotation)
        if kind is None:
            continue
        field = info.alias or attr
        columns.append(Column(field, attr, _label(field), kind[0], kind[1],
                              info.is_required(), None if info.is_required() else info.default))
    return tuple(columns)


def record_sheets(categories: list[str]) -> tuple[SheetSpec, ...]:
    """The export's sheets, in order; a fact's category is one of ``categories`` (the
    playbook's, with the organisation's overlay)."""
    facts = tuple(replace(c, kind=CHOICE, choices=tuple(categories)) if c.field == "category"
                  else c for c in columns_of(Fact))
    return (SheetSpec("Commitments", "commitments", Commitment, columns_of(Commitment)),
            SheetSpec("Advice", "advice", Advice, columns_of(Advice)),
            SheetSpec("Issues", "issues", OpenIssue, columns_of(OpenIssue)),
            SheetSpec("Facts", "facts", Fact, facts))


# --------------------------------------------------------------------------- writing


def to_cell(column: Column, value: Any) -> Any:
    """A record's value as its cell holds it: an empty text or a missing value is an empty
    cell; dates, booleans and numbers keep their type."""
    if value is None or value == "" and column.kind in (TEXT, CHOICE):
        return None
    return value


# --------------------------------------------------------------------------- reading


def is_empty(raw: Any) -> bool:
    """Whether a cell holds nothing (or only spaces)."""
    return raw is None or isinstance(raw, str) and not raw.strip()


def from_cell(column: Column, raw: Any) -> Any:
    """The value a non-empty cell gives its field; :class:`CellError` saying what is expected
    when it holds something else."""
    return {DATE: _date, BOOL: _bool, NUMBER: _number, CHOICE: _choice, TEXT: _text}[
        column.kind](column, raw)


def _date(column: Column, raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(iso_day(raw.strip()))
        except ValueError as exc:
            hint = str(exc) if "YYYY-MM-DD" in str(exc) else "expected a date as YYYY-MM-DD"
            raise CellError(f"{column.label.lower()} {raw!r}: {hint}") from None
    raise CellError(f"{column.label.lower()} {raw!r}: expected a date, e.g. 2027-03-31")


def _bool(column: Column, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().casefold()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise CellError(f"{column.label.lower()} {raw!r}: expected TRUE or FALSE")


def _number(column: Column, raw: Any) -> int | float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return whole_if_integral(float(raw))
    try:
        return whole_if_integral(float(str(raw).strip().replace(",", "")))
    except ValueError:
        raise CellError(f"{column.label.lower()} {raw!r}: expected a number, e.g. "
                        "250000") from None


def _choice(column: Column, raw: Any) -> str:
    word = str(raw).strip()
    found = next((c for c in column.choices if c.casefold() == word.casefold()), None)
    if found is None:
        raise CellError(f"{column.label.lower()} {word!r} is not one of: "
                        f"{', '.join(column.choices)}")
    return found


def _text(column: Column, raw: Any) -> str:
    if isinstance(raw, datetime):  # a spreadsheet read "2026-02-19" as a date
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, float):
        return str(whole_if_integral(raw))
    return raw if isinstance(raw, str) else str(raw)
