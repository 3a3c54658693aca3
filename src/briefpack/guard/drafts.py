"""Read a draft the user wrote (.txt, .md, .eml, .docx) into numbered lines for ``check``.

Each line is a :class:`DraftLine`: a ``location`` as the user should look for it, its text, and
a note on where in the document it is. Locations:

- ``.txt``, ``.md``: the line number in the file.
- ``.eml``: the line number in the raw file, for the Subject and for every line of the
  text/plain body (or the text/html body with its tags removed) found verbatim there; a body
  line that is encoded in the file (quoted-printable, base64) is ``body:N``, the N-th line of
  the decoded body.
- ``.docx``: ``N`` is the N-th non-empty paragraph of the body in reading order, the paragraphs
  of table cells included (row by row, left to right); ``header:N`` and ``footer:N`` number the
  non-empty paragraphs of all headers and footers in the same way.
"""

from __future__ import annotations

import email
import email.policy
import re
import zipfile
from collections.abc import Iterator
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar, NamedTuple

SUPPORTED = (".txt", ".md", ".eml", ".docx")


class DraftError(ValueError):
    """The draft cannot be read: unsupported type, missing, or not a valid file of its type."""


class DraftLine(NamedTuple):
    """One line of a draft: where it is, its text, and whether it may run on into the next line.

    ``joins_next`` is true for hard-wrapped text (a sentence may continue on the next line), so
    the checker also looks at the two lines together.
    """

    location: str
    text: str
    note: str = ""
    joins_next: bool = False


def read_draft(path: Path) -> list[DraftLine]:
    """The lines of a draft, by its file type; raise :class:`DraftError` if it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DraftError(f"unsupported file type '{suffix or path.name}'; "
                         f"expected one of: {', '.join(SUPPORTED)}")
    if not path.is_file():
        raise DraftError(f"file not found: {path}")
    size = path.stat().st_size
    if size > MAX_DRAFT_BYTES:
        raise DraftError(f"{size / 1024 / 1024:.1f} MB is far more than a draft; briefpack "
                         f"reads drafts of up to {MAX_DRAFT_BYTES // 1024 // 1024} MB")
    if suffix == ".docx":
        _require_modest_zip(path)
        return _docx_lines(path)
    raw = path.read_bytes()
    if suffix == ".eml":
        return _eml_lines(raw)
    return _plain_lines(_decode(raw).splitlines())


MAX_DRAFT_BYTES = 20 * 1024 * 1024  # a draft e-mail or document is far smaller
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what a .docx may unpack to: stops zip bombs


def _require_modest_zip(path: Path) -> None:
    """Refuse a .docx whose parts would unpack to more than :data:`MAX_UNPACKED_BYTES`, read
    from the sizes its zip directory declares, before anything is unpacked (a zip bomb of a
    few MB unpacks to gigabytes). Reading stops at the declared size, so a part that lies about
    its size cannot grow past it either."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DraftError(f"not a readable .docx file: {exc}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DraftError(f"unpacks to {unpacked / 1024 / 1024:.0f} MB, far more than a draft; "
                         f"briefpack reads .docx drafts that unpack to up to "
                         f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB (is it the right file?)")


def _decode(raw: bytes) -> str:
    """Text of a file in UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _plain_lines(lines: list[str], start: int = 1, prefix: str = "") -> list[DraftLine]:
    """Lines of a text file, numbered from ``start``."""
    return [DraftLine(f"{prefix}{start + i}", text, "", _runs_on(lines, i))
            for i, text in enumerate(lines)]


def _runs_on(lines: list[str], i: int) -> bool:
    """Whether line ``i`` may continue on the next, as hard-wrapped text: neither is blank."""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return bool(lines[i].strip() and nxt.strip())


# --------------------------------------------------------------------------- e-mail


class _TextOnly(HTMLParser):
    """Text of an HTML body, one line per block element or <br>."""

    BLOCKS: ClassVar[set[str]] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
                                  "h6", "table", "ul", "ol", "blockquote", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        if tag in self.BLOCKS or tag == "td":
            self.parts.append("\n" if tag != "td" else " ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_lines(html: str) -> list[str]:
    """The visible text of an HTML fragment, one line per paragraph, tags removed."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return [line.strip() for line in "".join(parser.parts).split("\n") if line.strip()]


def _eml_lines(raw: bytes) -> list[DraftLine]:
    """The Subject and the body lines of an e-mail, at their lines in the raw file."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    raw_lines = _decode(raw).splitlines()
    return _subject_line(message, raw_lines) + _located(_body_lines(message), raw_lines)


def _subject_line(message: EmailMessage, raw_lines: list[str]) -> list[DraftLine]:
    """The Subject, at the raw line of its header (1 if not found); none if it is empty."""
    subject = str(message.get("Subject", "") or "")
    if not subject:
        return []
    line = next((i + 1 for i, text in enumerate(raw_lines)
                 if text.lower().startswith("subject:")), 1)
    return [DraftLine(str(line), subject, "Subject")]


def _body_lines(message: EmailMessage) -> list[str]:
    """Lines of the text/plain body, else of the text/html body with its tags removed."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return []
    try:
        content = body.get_content()
    except (LookupError, ValueError) as exc:
        raise DraftError(f"cannot decode the e-mail body: {exc}") from None
    if body.get_content_type() == "text/html":
        return html_to_lines(content)
    return content.splitlines()


def _located(lines: list[str], raw_lines: list[str]) -> list[DraftLine]:
    """Body lines at the raw line where each is found verbatim, searching on from the previous
    one found after the headers; ``body:N`` (N-th line of the decoded body) for the others."""
    cursor = next((i for i, text in enumerate(raw_lines) if not text.strip()), 0)
    out: list[DraftLine] = []
    for i, text in enumerate(lines):
        location = f"body:{i + 1}"
        if text.strip():
            found = _find_raw(raw_lines, text, cursor)
            if found is not None:
                location, cursor = str(found + 1), found + 1
        out.append(DraftLine(location, text, "", _runs_on(lines, i)))
    return out


def _find_raw(raw_lines: list[str], text: str, start: int) -> int | None:
    """Index of the raw line holding ``text`` verbatim (or, for HTML, containing it)."""
    wanted = text.strip()
    for i in range(start, len(raw_lines)):
        candidate = raw_lines[i].strip()
        if candidate == wanted or (len(wanted) > 8 and wanted in _strip_tags(candidate)):
            return i
    return None


def _strip_tags(text: str) -> str:
    """``text`` without HTML tags, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", text)).strip()


# --------------------------------------------------------------------------- Word


def _docx_lines(path: Path) -> list[DraftLine]:
    """Paragraphs of a Word document: body (tables included), then headers, then footers."""
    document = _open_docx(path)
    headers, footers = _headers_and_footers(document)
    return (_numbered("", _blocks(document.element.body)) + _numbered("header:", headers)
            + _numbered("footer:", footers))


def _open_docx(path: Path):
    """The python-docx Document at ``path``; :class:`DraftError` if it is not a .docx file."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml import etree
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise DraftError(f"python-docx is needed to read .docx files: {exc}") from None
    try:
        return docx.Document(str(path))
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
