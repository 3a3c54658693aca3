"""Validation of the models' shapes with pydantic, imported only when a file must be checked.

The models in :mod:`briefpack.models` are plain dataclasses whose annotations name the
constrained types below and pydantic's ``Field`` and validators. Importing this module binds
those names in :mod:`briefpack.models`, so that pydantic can read the annotations; a run whose
files are all unchanged since they were last validated (see :mod:`briefpack.load`) never
imports pydantic, which is a third of a cold start.
"""

from __future__ import annotations

import dataclasses
import typing
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from . import models

Id = Annotated[str, Field(pattern=models.ID_PATTERN,
                          description="lower-case id: letters, digits, -")]
Text = Annotated[str, Field(min_length=1)]
SourceRefs = Annotated[
    list[str],
    BeforeValidator(models.as_list),
    Field(min_length=1, description="id(s) of entries in the vendor's sources"),
]
TimeZone = Annotated[str | None, AfterValidator(models.time_zone)]
Time = Annotated[str | None, AfterValidator(models.time_of_day)]

vars(models).update(
    Field=Field, BeforeValidator=BeforeValidator, AfterValidator=AfterValidator,
    Id=Id, Text=Text, SourceRefs=SourceRefs, TimeZone=TimeZone, Time=Time,
)

__all__ = [
    "ValidationError",
    "adapter",
    "field_names",
    "file_names",
    "nested_model",
    "required_fields",
    "validate",
]

M = typing.TypeVar("M")


@cache
def adapter(model: type) -> TypeAdapter:
    """The pydantic validator of a model class (built once per process)."""
    return TypeAdapter(model)


def validate(model: type[M], data: Any) -> M:
    """``data`` (from YAML) as an instance of ``model``; raises pydantic's ``ValidationError``."""
    return adapter(model).validate_python(data)


@cache
def _hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model, vars(models), include_extras=True)


@cache
def file_names(model: type) -> dict[str, str]:
    """Each field's name in files, by attribute: its ``Field(alias=...)`` (``class`` for
    ``class_``), else the attribute's own name."""
    names = {}
    for f in dataclasses.fields(model):
        aliases = [meta.alias for meta in getattr(_hints(model)[f.name], "__metadata__", ())
                   if isinstance(meta, FieldInfo) and meta.alias]
        names[f.name] = aliases[0] if aliases else f.name
    return names


def field_names(model: type) -> list[str]:
    """The names a model's fields have in files (``class``, not ``class_``)."""
    return list(file_names(model).values())


def required_fields(model: type) -> list[str]:
    """The names in files of the fields a model cannot do without."""
    return [file_names(model)[f.name] for f in dataclasses.fields(model)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def nested_model(model: type, name: str) -> type | None:
    """The model class of field ``name`` (by its name in files) of ``model``, if it holds one
    (directly, in a list or optionally)."""
    attribute = next((a for a, n in file_names(model).items() if n == name), None)
    return _inner_model(_hints(model)[attribute]) if attribute is not None else None


def _inner_model(annotation: Any) -> type | None:
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
