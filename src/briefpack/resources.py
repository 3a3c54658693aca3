"""Where the built-in playbooks and templates are, from a source checkout or an installed wheel."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def data_root() -> Path:
    """Folder holding ``playbooks/`` and ``templates/``.

    In a wheel they are packaged as ``briefpack/_data``; in a source checkout (editable install
    or ``src`` on the path) they are at the top of the repository.
    """
    packaged = _PACKAGE / "_data"
    if (packaged / "playbooks").is_dir():
        return packaged
    return _PACKAGE.parent.parent


def playbooks_dir() -> Path:
    """Folder of the built-in vendor playbooks, one sub-folder per vendor."""
    return data_root() / "playbooks"


def templates_dir() -> Path:
    """Folder of the built-in Jinja templates and default reference.docx."""
    return data_root() / "templates"
