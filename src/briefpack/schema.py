"""JSON Schema of the files users write, generated from the models, for editor completion."""

from __future__ import annotations

import json

from .models import Meeting, Organisation, Playbook

MODELS = {"org": Organisation, "meeting": Meeting, "playbook": Playbook}
SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict:
    """The JSON Schema of ``org``, ``meeting`` or ``playbook`` files."""
    model = MODELS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": SCHEMA_URL, "title": f"briefpack {kind} file",
            **{k: v for k, v in schema.items() if k != "title"}}


def schema_text(kind: str) -> str:
    """The schema as the JSON text written to ``<kind>.schema.json``."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
