"""Read a draft the user wrote (.txt, .md, .eml, .msg, .docx) into numbered lines for ``check``.

Each line is a :class:`DraftLine`: a ``location`` as the user should look for it, its text, and
a note on where in the document it is. Locations:

- ``.txt``, ``.md``: the line number in the file.
- ``.eml``: the line number in the raw file, for the Subject and for every line of the
  text/plain body (or the text/html body with its tags removed) found verbatim there; a body
  line that is encoded in the file (quoted-printable, base64) is ``body:N``, the N-th line of
  the decoded body.
- ``.msg`` (Outlook): ``1`` is the Subject; ``body:N`` is the N-th line of the plain-text body,
  or, when the message has none, of the HTML body with its tags removed (read with extract-msg,
  imported only when a .msg is read).
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
  written or sent, to read relative dates in it ("end of May") against: an .eml's ``Date:``
  header (the date in the header's own time zone); a .msg's submit (sent) time, else its
  delivery (received) time, else its last-modification time, else its creation time; a
  .docx's core properties ``modified``, else ``created``. Outlook and Word store these in UTC;
  they are turned into the local date of the machine running briefpack. None for plain text
  and for a draft that records no plausible date. ``Draft.date`` holds the same.

Every draft is read whole into memory: files and standard input alike are refused over
:data:`MAX_DRAFT_BYTES`, and a .docx whose parts would unpack to more than
:data:`MAX_UNPACKED_BYTES`.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, ClassVar, NamedTuple

SUPPORTED = (".txt", ".md", ".eml", ".msg", ".docx")

MAX_DRAFT_BYTES = 20 * 1024 * 1024  # a draft e-mail or document is far smaller
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what a .docx may unpack to: stops zip bombs

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
    if _opens_with_mail_headers(_decode(data[:64 * 1024])):
        return ".eml"
    return ".txt"


_HEADER = re.compile(r"([!-9;-~]+):")  # an RFC 5322 field name: printable, no colon or space
_STRONG_HEADERS = {"received", "mime-version", "message-id", "return-path", "content-type",
                   "content-transfer-encoding", "delivered-to"}
_ADDRESS_HEADERS = {"from", "to", "cc", "bcc", "subject", "date", "reply-to", "sender"}


def _opens_with_mail_headers(text: str) -> bool:
    """Whether ``text`` opens with a header block (an mbox ``From `` line allowed first) that
    a blank line ends, every line a header or a folded continuation, naming either a header
    only a message has (Received, MIME-Version, Message-ID, ...) or two of From, To, Cc,
    Subject, Date, ... and no other. Read as an e-mail, only the Subject and the body are
    checked, so a note that merely starts with ``Subject: ...``, or whose first lines look
    like headers ("To: Jordan" then "Re: our budget ..."), stays plain text: all of it is
    checked."""
    lines = text.splitlines()
    if lines and lines[0].startswith("From "):
        lines = lines[1:]
    names: set[str] = set()
    for i, line in enumerate(lines):
        if not line.strip():
            return i > 0 and (bool(names & _STRONG_HEADERS)
                              or (len(names) >= 2 and names <= _ADDRESS_HEADERS))
        if line[0] in " \t" and i > 0:
            continue
        match = _HEADER.match(line)
        if match is None:
            return False
        names.add(match.group(1).lower())
    return False


def _parse(raw: bytes, kind: str) -> Draft:
    """The draft in ``raw``, read as ``kind``."""
    if kind == ".docx":
        return _docx_draft(raw)
    if kind == ".msg":
        return _msg_draft(raw)
    if kind == ".eml":
        return _eml_draft(raw)
    return Draft(_plain_lines(_decode(raw).splitlines()), None, kind)


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


def _plausible_date(when: object, local: bool = True) -> dt.date | None:
    """The date of ``when`` (a datetime; naive means UTC), in the local time zone when
    ``local``, else in its own; None for anything else and for placeholder dates (Outlook
    writes 1601-01-01 or 4500-08-31 for 'none')."""
    if not isinstance(when, dt.datetime) or not 1980 <= when.year < 3000:
        return None
    if local:
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        when = when.astimezone()
    return when.date()


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


def _eml_draft(raw: bytes) -> Draft:
    """The Subject and the body lines of an e-mail, at their lines in the raw file, and the
    date of its Date header."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    raw_lines = _decode(raw).splitlines()
    lines = _subject_line(message, raw_lines) + _located(_body_lines(message), raw_lines)
    return Draft(lines, _eml_date(message), ".eml")


def _eml_date(message: EmailMessage) -> dt.date | None:
    """The date of the e-mail's Date header, in the header's own time zone; None if it has
    none or it cannot be read."""
    try:
        value = message.get("Date")
        when = email.utils.parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return _plausible_date(when, local=False)


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


# --------------------------------------------------------------------------- Outlook


def _msg_draft(raw: bytes) -> Draft:
    """The Subject (line 1) and the body lines (``body:N``) of an Outlook message: the
    plain-text body, else the HTML body with its tags removed; and the date it was sent,
    received, last modified or created."""
    if not raw.startswith(OLE_MAGIC):
        raise DraftError("not an Outlook .msg file: it is not an OLE compound file "
                         "(was it saved in another format?)")
    if len(raw) < 1536:  # a header sector and one more: the least an OLE file can be
        raise DraftError(f"not a readable Outlook .msg file: {len(raw)} bytes is too short "
                         "(it was cut off?)")
    extract_msg = _import_extract_msg()
    try:
        # a file object, not bytes: olefile takes short bytes for a file name
        with extract_msg.openMsg(io.BytesIO(raw), strict=False, delayAttachments=True) as msg:
            if not msg.exists("__properties_version1.0"):
                raise DraftError("not an Outlook .msg file: an OLE compound file without a "
                                 "message's properties (an old .doc or .xls?)")
            subject = msg.getStringStream("__substg1.0_0037") or ""
            body = _msg_body(msg)
            date = _msg_date(msg)
    except DraftError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt file can fail anywhere in the parser
        raise DraftError("not a readable Outlook .msg file: "
                         f"{str(exc) or type(exc).__name__}") from None
    lines = [DraftLine("1", subject.strip(), "Subject")] if subject.strip() else []
    return Draft(lines + _plain_lines(body, prefix="body:"), date, ".msg")


def _import_extract_msg():
    """extract-msg, imported on first use (it takes half a second to import); its log records
    are kept off the terminal (a corrupt file is reported as a DraftError instead)."""
    try:
        import extract_msg
    except ImportError as exc:  # pragma: no cover - extract-msg is a dependency
        raise DraftError(f"extract-msg is needed to read .msg files: {exc}") from None
    logger = logging.getLogger("extract_msg")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    return extract_msg


def _msg_body(msg) -> list[str]:
    """Lines of the message's plain-text body (or the one extract-msg derives from its RTF
    body), else of its HTML body with the tags removed."""
    plain = getattr(msg, "body", None) if hasattr(type(msg), "body") else None
    if plain is None:
        plain = msg.getStringStream("__substg1.0_1000")
    if isinstance(plain, bytes):
        plain = _decode(plain)
    if plain and plain.strip():
        return plain.splitlines()
    html = msg.getStream("__substg1.0_10130102")
    if html is None:
        html = msg.getStringStream("__substg1.0_1013")
    if html is None and hasattr(type(msg), "htmlBody"):
        html = msg.htmlBody  # derived from the RTF body, if any
    if not html:
        return []
    if isinstance(html, bytes):
        html = _decode_html(html, msg.getPropertyVal("3FDE0003"))
    return html_to_lines(html)


def _decode_html(raw: bytes, codepage: object) -> str:
    """An HTML body in the code page the message names for it (PR_INTERNET_CPID), else as
    :func:`_decode` guesses."""
    if isinstance(codepage, int) and codepage > 0:
        encoding = "utf-8" if codepage == 65001 else f"cp{codepage}"
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode(raw)


_MSG_DATES = ("00390040",  # PR_CLIENT_SUBMIT_TIME: when it was sent
              "0E060040",  # PR_MESSAGE_DELIVERY_TIME: when it was received
              "30080040",  # PR_LAST_MODIFICATION_TIME: when a draft was last saved
              "30070040")  # PR_CREATION_TIME


def _msg_date(msg) -> dt.date | None:
    """The local date the message was sent, else received, else last modified, else created."""
    for tag in _MSG_DATES:
        date = _plausible_date(msg.getPropertyVal(tag))
        if date is not None:
            return date
    return None


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
            date = _plausible_date(when)
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
