"""Finding the data files in a folder, and telling an organisation from a meeting."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

SKIP_DIRS = {"templates", "output", "node_modules", "__pycache__"}  # and hidden folders
ORG_FILES = ("org.yaml", "org.yml")
BROKEN = object()  # what Peek gives for a file that cannot be read or parsed


def yaml_files(folder: Path) -> list[Path]:
    """YAML files below ``folder``, in order, skipping templates/, output/ and hidden folders."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        found += [Path(root) / name for name in sorted(files)
                  if name.endswith((".yaml", ".yml")) and not name.startswith(".")]
    return found


class Peek:
    """YAML files' data, read quickly and once, only to tell what a file is; a file that cannot
    be read or parsed gives ``BROKEN`` (loading it properly reports why, with the line)."""

    def __init__(self) -> None:
        """An empty peek: nothing read yet."""
        self._data: dict[Path, object] = {}

    def __call__(self, path: Path) -> object:
        """The data of the YAML file at ``path``, or ``BROKEN``; each file is read once."""
        if path not in self._data:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            try:
                text = path.read_text(encoding="utf-8")
                self._data[path] = yaml.load(text, Loader=loader)  # a safe loader
            except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, OverflowError,
                    RecursionError):  # e.g. 2026-13-01 is read as a date and fails
                self._data[path] = BROKEN
        return self._data[path]


def is_meeting_data(data: object) -> bool:
    """Whether YAML data is a meeting: a mapping with a ``type`` and a ``title``."""
    return isinstance(data, dict) and "type" in data and "title" in data


def is_offer_data(data: object) -> bool:
    """Whether YAML data is an offer (``briefpack offer``): a mapping with an ``id``, a
    ``kind`` and ``lines``."""
    return isinstance(data, dict) and {"id", "kind", "lines"} <= data.keys()


def is_org_file(path: Path, peek: Peek) -> bool:
    """Whether a YAML file is an organisation: org.yaml, or a mapping with a name and no type."""
    if path.name in ORG_FILES:
        return True
    data = peek(path)
    return isinstance(data, dict) and "name" in data and "type" not in data
