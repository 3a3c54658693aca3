"""JSON Schema of the files users write, generated from the models, for editor completion."""

from __future__ import annotations

import dataclasses
import json

from . import models
from .models import Meeting, Organisation, Playbook

MODELS = {"org": Organisation, "meeting": Meeting, "playbook": Playbook}
SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict:
    """The JSON Schema of ``org``, ``meeting`` or ``playbook`` files."""
    from .shapes import adapter

    schema = adapter(MODELS[kind]).json_schema(by_alias=True, mode="validation")
    _add_factory_defaults(schema, MODELS[kind])
    return {"$schema": SCHEMA_URL, "title": f"briefpack {kind} file",
            **{k: v for k, v in schema.items() if k != "title"}}


def schema_text(kind: str) -> str:
    """The schema as the JSON text written to ``<kind>.schema.json``."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def _add_factory_defaults(schema: dict, root: type) -> None:
    """Show defaults made by a factory (``[]``, ``{}``) as pydantic shows plain defaults, so
    editors can offer them."""
    from .shapes import file_names

    targets = {root.__name__: schema, **schema.get("$defs", {})}
    for name, target in targets.items():
        model = getattr(models, name, None)
        if not (isinstance(model, type) and dataclasses.is_dataclass(model)):
            continue
        for f in dataclasses.fields(model):
            properties = target.get("properties", {})
            key = file_names(model)[f.name]
            if key in properties and f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
                if dataclasses.is_dataclass(value):
                    value = dataclasses.asdict(value)
                properties[key] = dict(sorted({**properties[key], "default": value}.items()))
