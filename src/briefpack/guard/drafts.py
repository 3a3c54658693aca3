"""Read a draft the user wrote (.txt, .md, .eml, .msg, .docx) into numbered lines for ``check``.

Each line is a :class:`DraftLine`: a ``location`` as the user should look for it, its text, and
a note on where in the document it is. This module reads plain text and Word documents, and
hands e-mails to :mod:`~briefpack.guard.mail`, which tells their locations. Locations:

- ``.txt``, ``.md``: the line number in the file.
- ``.eml``, ``.msg``: the raw file's line numbers and ``body:N``, as :mod:`~briefpack.guard.mail`
  tells.
- ``.docx``: ``N`` is the N-th non-empty paragraph of the body in reading order, the paragraphs
  of table cells included (row by row, left to right); ``header:N`` and ``footer:N`` number the
  non-empty paragraphs of all headers and footers in the same way.

Entry points:

- :func:`read_draft` ``(path) -> list[DraftLine]``: the lines of a draft file.
- :func:`load_draft` ``(path) -> Draft``: its lines, the date it was written and its format.
- :func:`draft_from_bytes` ``(data, kind=None) -> Draft``: the same from bytes in memory (what
  ``check -`` reads from standard input); without ``kind`` the format is told from the bytes
  (:func:`sniff_kind`): a zip is a .docx, an OLE compound file a .msg, text that opens with
  RFC 822 headers an .eml, anything else plain text. :func:`draft_from_stream` reads a binary
  stream (standard input) under the same size limit as a file.
- :func:`draft_date` ``(path or bytes) -> datetime.date | None``: the date the draft was
  written or sent, to read relative dates in it ("end of May") against: for an .eml or a .msg
  the date :mod:`~briefpack.guard.mail` reads (its ``Date:`` header; its sent, received,
  modified or created time); a .docx's core properties ``modified``, else ``created``. Word
  stores these in UTC; they are turned into the local date of the machine running briefpack.
  None for plain text and for a draft that records no plausible date. ``Draft.date`` holds the
  same.

Every draft is read whole into memory: files and standard input alike are refused over
:data:`MAX_DRAFT_BYTES`, and a .docx whose parts would unpack to more than
:data:`MAX_UNPACKED_BYTES`.

:class:`DraftLine` and :class:`DraftError` live in :mod:`~briefpack.guard.lines` (so that
:mod:`~briefpack.guard.mail` need not import this module) and are importable from here.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from briefpack.guard.lines import DraftError, DraftLine, decode, plain_lines, plausible_date
from briefpack.guard.mail import (
    OLE_MAGIC,
    eml_draft,
    html_to_lines,
    msg_draft,
    opens_with_mail_headers,
)

__all__ = [
    "MAX_DRAFT_BYTES", "MAX_UNPACKED_BYTES", "OLE_MAGIC", "SUPPORTED", "ZIP_MAGIC", "Draft",
    "DraftError", "DraftLine", "draft_date", "draft_from_bytes", "draft_from_stream",
    "html_to_lines", "load_draft", "read_draft", "sniff_kind",
]

SUPPORTED = (".txt", ".md", ".eml", ".msg", ".docx")

MAX_DRAFT_BYTES = 20 * 1024 * 1024  # a draft e-mail or document is far smaller
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what a .docx may unpack to: stops zip bombs

ZIP_MAGIC = b"PK\x03\x04"


class Draft(NamedTuple):
    """A draft as read: its lines, the date it was written or sent (see :func:`draft_date`),
    and ``kind``, the format it was read as (one of :data:`SUPPORTED`; ``.txt`` for plain
    text from standard input)."""

    lines: list[DraftLine]
    date: dt.date | None
    kind: str


def read_draft(path: Path) -> list[DraftLine]:
    """The lines of a draft, by its file type; raise :class:`DraftError` if it cannot be read."""
    return load_draft(path).lines


def load_draft(path: Path) -> Draft:
    """The draft at ``path``, by its file type: lines, date and kind; raise
    :class:`DraftError` if it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DraftError(f"unsupported file type '{suffix or path.name}'; "
                         f"expected one of: {', '.join(SUPPORTED)}")
    if not path.is_file():
        raise DraftError(f"file not found: {path}")
    _require_modest_size(path.stat().st_size)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"cannot read {path}: {exc.strerror or exc}") from None
    return _parse(raw, suffix)


def draft_from_bytes(data: bytes, kind: str | None = None) -> Draft:
    """The draft held in ``data``, read as ``kind`` (one of :data:`SUPPORTED`), or as the
    format :func:`sniff_kind` tells from the bytes when ``kind`` is None."""
    _require_modest_size(len(data))
    if kind is None:
        kind = sniff_kind(data)
    elif kind not in SUPPORTED:
        raise DraftError(f"unsupported draft type '{kind}'; expected one of: "
                         f"{', '.join(SUPPORTED)}")
    return _parse(data, kind)


def draft_from_stream(stream: BinaryIO, name: str = "standard input") -> Draft:
    """The draft read from a binary ``stream`` to its end (``check -``), its format told
    from the bytes; :class:`DraftError` when it is empty or larger than a draft may be."""
    data = stream.read(MAX_DRAFT_BYTES + 1)
    if not data or not data.strip():
        raise DraftError(f"{name} is empty; pipe or redirect the draft into briefpack, "
                         "e.g. briefpack check - --org ORG < draft.eml")
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftError(f"{name} holds more than {MAX_DRAFT_BYTES // 1024 // 1024} MB, far "
                         "more than a draft; is it the right input?")
    return draft_from_bytes(data)


def draft_date(source: Path | str | bytes) -> dt.date | None:
    """The date the draft at path ``source`` (or held in bytes ``source``, format told from
    them) was written or sent, None if it records none: see the module's docstring for which
    date each format gives. Raises :class:`DraftError` if the draft cannot be read."""
    if isinstance(source, (bytes, bytearray)):
        return draft_from_bytes(bytes(source)).date
    return load_draft(Path(source)).date


def sniff_kind(data: bytes) -> str:
    """The format of a draft told from its bytes: ``.docx`` for a zip, ``.msg`` for an OLE
    compound file, ``.eml`` for text that opens with RFC 822 headers, else ``.txt``."""
    if data.startswith(ZIP_MAGIC):
        return ".docx"
    if data.startswith(OLE_MAGIC):
        return ".msg"
    if opens_with_mail_headers(decode(data[:64 * 1024])):
        return ".eml"
    return ".txt"


def _parse(raw: bytes, kind: str) -> Draft:
    """The draft in ``raw``, read as ``kind``."""
    if kind == ".docx":
        return _docx_draft(raw)
    if kind == ".msg":
        return Draft(*msg_draft(raw), kind)
    if kind == ".eml":
        return Draft(*eml_draft(raw), kind)
    return Draft(plain_lines(decode(raw).splitlines()), None, kind)


def _require_modest_size(size: int) -> None:
    """Refuse a draft of more than :data:`MAX_DRAFT_BYTES`."""
    if size > MAX_DRAFT_BYTES:
        raise DraftError(f"{size / 1024 / 1024:.1f} MB is far more than a draft; briefpack "
                         f"reads drafts of up to {MAX_DRAFT_BYTES // 1024 // 1024} MB")


def _require_modest_zip(data: bytes) -> None:
    """Refuse a .docx whose parts would unpack to more than :data:`MAX_UNPACKED_BYTES`, read
    from the sizes its zip directory declares, before anything is unpacked (a zip bomb of a
    few MB unpacks to gigabytes). Reading stops at the declared size, so a part that lies about
    its size cannot grow past it either."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DraftError(f"not a readable .docx file: {exc}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DraftError(f"unpacks to {unpacked / 1024 / 1024:.0f} MB, far more than a draft; "
                         f"briefpack reads .docx drafts that unpack to up to "
                         f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB (is it the right file?)")


# --------------------------------------------------------------------------- Word


def _docx_draft(raw: bytes) -> Draft:
    """Paragraphs of a Word document: body (tables included), then headers, then footers; and
    the date its core properties give (modified, else created)."""
    _require_modest_zip(raw)
    document = _open_docx(raw)
    headers, footers = _headers_and_footers(document)
    lines = (_numbered("", _blocks(document.element.body)) + _numbered("header:", headers)
             + _numbered("footer:", footers))
    return Draft(lines, _docx_date(document), ".docx")


def _docx_date(document) -> dt.date | None:
    """The local date of the document's core properties modified time, else created time."""
    try:
        properties = document.core_properties
        for when in (properties.modified, properties.created):
            date = plausible_date(when)
            if date is not None:
                return date
    except (ValueError, KeyError, AttributeError):  # a malformed docProps/core.xml
        return None
    return None


def _open_docx(raw: bytes):
    """The python-docx Document in ``raw``; :class:`DraftError` if it is not a .docx file."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml import etree
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise DraftError(f"python-docx is needed to read .docx files: {exc}") from None
    try:
        return docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, OSError, zipfile.BadZipFile,
            etree.XMLSyntaxError) as exc:
        raise DraftError(f"not a readable .docx file: {exc}") from None


def _headers_and_footers(document) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(text, note) of the paragraphs of all headers, and of all footers: each part once, in
    section order (default, first page, even page); a part linked to the previous section's
    is not repeated."""
    headers: list[tuple[str, str]] = []
    footers: list[tuple[str, str]] = []
    seen: set[str] = set()
    for section in document.sections:
        for kind, parts in (("header", headers), ("footer", footers)):
            for variant in ("", "first_page_", "even_page_"):
                part = getattr(section, f"{variant}{kind}")
                if not part._has_definition:  # linked to the previous section's
                    continue
                definition = part._definition
                if str(definition.partname) in seen:
                    continue
                seen.add(str(definition.partname))
                parts.extend(_blocks(definition.element))
    return headers, footers


def _numbered(prefix: str, items: list[tuple[str, str]]) -> list[DraftLine]:
    """Non-empty paragraphs ``(text, note)`` as lines numbered from 1 after ``prefix``."""
    out, number = [], 0
    for text, note in items:
        if text.strip():
            number += 1
            out.append(DraftLine(f"{prefix}{number}", text, note))
    return out


def _blocks(element, note: str = "") -> list[tuple[str, str]]:
    """(text, note) of every paragraph under a body/header/footer/cell, tables included."""
    from docx.oxml.ns import qn

    found: list[tuple[str, str]] = []
    tables = 0
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            found.append((_paragraph_text(child), note))
        elif child.tag == qn("w:tbl"):
            tables += 1
            found.extend(_table(child, f"{note} > " if note else "", tables))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                found.extend(_blocks(content, note))
    return found


def _table(tbl, outer: str, number: int) -> Iterator[tuple[str, str]]:
    """(text, note) of the paragraphs of table ``number``, row by row, left to right."""
    from docx.oxml.ns import qn

    for r, row in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
        for c, cell in enumerate(row.iterchildren(qn("w:tc")), start=1):
            yield from _blocks(cell, f"{outer}table {number}, row {r}, column {c}")


def _paragraph_text(p) -> str:
    """Text of a paragraph as Word shows it: runs, tabs, breaks, hyperlinks and fields."""
    from docx.oxml.ns import qn

    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return "".join(parts)
