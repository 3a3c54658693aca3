"""``briefpack schema``: the JSON Schema of the files users write, for editors that complete
and check fields."""

from __future__ import annotations

from briefpack.data.schema import MODELS, schema_text


def schema(kind: str) -> str:
    """The JSON Schema of ``org``, ``meeting`` or ``playbook`` files, as JSON text."""
    if kind not in MODELS:
        raise ValueError(f"unknown kind {kind!r}; expected one of: {', '.join(MODELS)}")
    return schema_text(kind)
