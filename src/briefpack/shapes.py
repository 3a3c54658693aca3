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


def field_names(model: type) -> list[str]:
    """The names a model's fields have in files (``class``, not ``class_``)."""
    return [models.ALIASES.get(f.name, f.name) for f in dataclasses.fields(model)]


def required_fields(model: type) -> list[str]:
    """The names in files of the fields a model cannot do without."""
    return [models.ALIASES.get(f.name, f.name) for f in dataclasses.fields(model)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


@cache
def _hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model, vars(models))


def nested_model(model: type, name: str) -> type | None:
    """The model class of field ``name`` (by its name in files) of ``model``, if it holds one
    (directly, in a list or optionally)."""
    attribute = next((a for a, n in models.ALIASES.items() if n == name), name)
    annotation = _hints(model).get(attribute)
    return _inner_model(annotation) if annotation is not None else None


def _inner_model(annotation: Any) -> type | None:
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
