"""The building blocks of every model: the base that forbids unknown fields, the constrained
types (ids, non-empty text, source references, times and time zones) and the names fields
have in files."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Model(BaseModel):
    """Base of every model: unknown fields are errors; ``class`` and ``from`` are read into
    ``class_`` and ``from_``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def as_list(value: Any) -> Any:
    """A single source id may be given as a string instead of a list."""
    if isinstance(value, str):
        return [value]
    return value


def time_zone(value: str | None) -> str | None:
    """An IANA time zone name (Europe/London), checked against the zone database."""
    if value is None:
        return value
    try:
        ZoneInfo(str(value).strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone: expected an IANA name such as Europe/London "
                         "or America/New_York") from None
    return str(value).strip()


def time_of_day(value: str | None) -> str | None:
    """A meeting's time as HH:MM (9:30 becomes 09:30)."""
    if value is None:
        return value
    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", str(value).strip())
    if not m:
        raise ValueError("expected a time of day as HH:MM, e.g. \"14:00\"")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def within_years(value: date) -> date:
    """A date briefpack can count from and to (renewals, quarter ends, reply-by dates)."""
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"expected a date between {EARLIEST.isoformat()} and "
                         f"{LATEST.isoformat()}")
    return value


_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")  # 31/10/2027, 31.10.2027
_YEAR_FIRST = re.compile(r"(\d{4})[./](\d{1,2})[./](\d{1,2})")  # 2027/10/31


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _readings(text: str) -> list[str]:
    """The dates a day written another way may mean, as YYYY-MM-DD (two when 03/04/2027 could
    be either day first or month first)."""
    m = _YEAR_FIRST.fullmatch(text)
    if m:
        return [d for d in [_iso(int(m[1]), int(m[2]), int(m[3]))] if d]
    m = _DAY_FIRST.fullmatch(text)
    if not m:
        return []
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    readings = [_iso(year, second, first), _iso(year, first, second)]  # day first, then US
    return list(dict.fromkeys(d for d in readings if d))


def iso_day(value: Any) -> Any:
    """A date written other than as YYYY-MM-DD (31/10/2027) is an error saying how to write it,
    with the date it probably means."""
    if not isinstance(value, str) or re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
        return value  # a date, or ISO-shaped text for pydantic to judge (2026-13-01)
    readings = _readings(value.strip())
    if len(readings) == 2:
        example = f"{readings[0]} (or {readings[1]} if the month comes first)"
    else:
        example = readings[0] if readings else "2027-10-31"
    raise ValueError(f"write dates as YYYY-MM-DD, e.g. {example}")


Id = Annotated[str, Field(pattern=ID_PATTERN, description="lower-case id: letters, digits, -")]
Text = Annotated[str, Field(min_length=1)]
SourceRefs = Annotated[
    list[str],
    BeforeValidator(as_list),
    Field(min_length=1, description="id(s) of entries in the vendor's sources"),
]
TimeZone = Annotated[str | None, AfterValidator(time_zone)]
Time = Annotated[str | None, AfterValidator(time_of_day)]
Day = Annotated[date, BeforeValidator(iso_day), AfterValidator(within_years)]


def file_names(model: type[BaseModel]) -> dict[str, str]:
    """Each field's name in files, by attribute: ``class`` for ``class_``."""
    return {name: info.alias or name for name, info in model.model_fields.items()}


def field_names(model: type[BaseModel]) -> list[str]:
    """The names a model's fields have in files (``class``, not ``class_``)."""
    return list(file_names(model).values())


def required_fields(model: type[BaseModel]) -> list[str]:
    """The names in files of the fields a model cannot do without."""
    return [info.alias or name for name, info in model.model_fields.items() if info.is_required()]


def nested_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model class of field ``name`` (by its name in files) of ``model``, if it holds one
    (directly, in a list or optionally)."""
    for attribute, shown in file_names(model).items():
        if shown == name:
            return _inner_model(model.model_fields[attribute].annotation)
    return None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
