"""Read every part of a .docx as text, the way a leak would show up in any of them."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path


def part_texts(path: Path) -> dict[str, str]:
    """Each zip part's text: its raw XML unescaped, plus its text with tags removed.

    The tag-free text joins runs that Word splits, so a phrase split across runs is found too.
    """
    out = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            raw = archive.read(name).decode("utf-8", errors="replace")
            joined = re.sub(r"<[^>]+>", "", raw)
            out[name] = html.unescape(raw) + "\n" + html.unescape(joined)
    return out


def find_in_docx(path: Path, needle: str) -> list[str]:
    """Names of the parts of ``path`` that contain ``needle``."""
    return [name for name, text in part_texts(path).items() if needle in text]


def docx_text(path: Path, headers: bool = False) -> str:
    """Every paragraph of a .docx, then every table cell, one a line (with ``headers``, the
    sections' headers and footers too): what a reader sees, for asserting on wording."""
    import docx

    document = docx.Document(path)
    lines = [p.text for p in document.paragraphs]
    lines += [c.text for t in document.tables for r in t.rows for c in r.cells]
    if headers:
        for section in document.sections:
            lines += [p.text for part in (section.header, section.footer)
                      for p in part.paragraphs]
    return "\n".join(lines)
