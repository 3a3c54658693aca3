"""JSON Schema of the files users write, generated from the models, for editor completion."""

from __future__ import annotations

import json

from pydantic import BaseModel

from briefpack.data import models, playbook
from briefpack.data.models import Meeting, Offer, Organisation
from briefpack.data.playbook import Playbook

MODELS = {"org": Organisation, "meeting": Meeting, "offer": Offer, "playbook": Playbook}
SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict:
    """The JSON Schema of ``org``, ``meeting`` or ``playbook`` files."""
    schema = MODELS[kind].model_json_schema(by_alias=True, mode="validation")
    _add_factory_defaults(schema, MODELS[kind])
    return {"$schema": SCHEMA_URL, "title": f"briefpack {kind} file",
            **{k: v for k, v in schema.items() if k != "title"}}


def schema_text(kind: str) -> str:
    """The schema as the JSON text written to ``<kind>.schema.json``."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def _add_factory_defaults(schema: dict, root: type[BaseModel]) -> None:
    """Show defaults made by a factory (``[]``, ``{}``) as pydantic shows plain defaults, so
    editors can offer them."""
    targets = {root.__name__: schema, **schema.get("$defs", {})}
    for name, target in targets.items():
        model = getattr(models, name, None) or getattr(playbook, name, None)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        properties = target.get("properties", {})
        for attribute, info in model.model_fields.items():
            key = info.alias or attribute
            if key in properties and info.default_factory is not None:
                value = info.default_factory()
                if isinstance(value, BaseModel):
                    value = value.model_dump(by_alias=True)
                properties[key] = dict(sorted({**properties[key], "default": value}.items()))
