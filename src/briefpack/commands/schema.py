"""``briefpack schema``: the JSON Schema of the files users write, for editors."""

from briefpack.data.schema import schema_text

__all__ = ["schema_text"]
