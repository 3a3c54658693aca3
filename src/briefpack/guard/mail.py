"""Read an e-mail draft, .eml or Outlook .msg, into numbered lines for ``check``.

Each line is a :class:`~briefpack.guard.lines.DraftLine`. Locations:

- ``.eml``: the line number in the raw file, for the Subject and for every line of the
  text/plain body (or the text/html body with its tags removed) found verbatim there; a body
  line that is encoded in the file (quoted-printable, base64) is ``body:N``, the N-th line of
  the decoded body.
- ``.msg`` (Outlook): ``1`` is the Subject; ``body:N`` is the N-th line of the plain-text body,
  or, when the message has none, of the HTML body with its tags removed (read with extract-msg,
  imported only when a .msg is read).

The date an e-mail was written or sent is an .eml's ``Date:`` header (the date in the header's
own time zone); a .msg's submit (sent) time, else its delivery (received) time, else its
last-modification time, else its creation time (Outlook stores these in UTC; they are turned
into the local date of the machine running briefpack).

Entry points, used by :mod:`~briefpack.guard.drafts` (which this module does not import):

- :func:`eml_draft` and :func:`msg_draft` ``(raw) -> (lines, date)``: the lines of an e-mail in
  bytes and the date it was written or sent (None if it records no plausible date).
- :func:`opens_with_mail_headers` ``(text) -> bool``: whether text that came without a file
  name (``check -``) is an .eml; an OLE compound file (:data:`OLE_MAGIC`) is a .msg.
- :func:`html_to_lines` ``(html) -> list[str]``: the visible text of an HTML body.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import io
import logging
import re
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import ClassVar

from briefpack.guard.lines import (
    DraftError,
    DraftLine,
    decode,
    plain_lines,
    plausible_date,
    runs_on,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how an Outlook .msg file opens


# --------------------------------------------------------------------------- headers


_HEADER = re.compile(r"([!-9;-~]+):")  # an RFC 5322 field name: printable, no colon or space
_STRONG_HEADERS = {"received", "mime-version", "message-id", "return-path", "content-type",
                   "content-transfer-encoding", "delivered-to"}
_ADDRESS_HEADERS = {"from", "to", "cc", "bcc", "subject", "date", "reply-to", "sender"}


def opens_with_mail_headers(text: str) -> bool:
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


# --------------------------------------------------------------------------- .eml


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


def eml_draft(raw: bytes) -> tuple[list[DraftLine], dt.date | None]:
    """The Subject and the body lines of an .eml, at their lines in the raw file, and the
    date of its Date header."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    raw_lines = decode(raw).splitlines()
    lines = _subject_line(message, raw_lines) + _located(_body_lines(message), raw_lines)
    return lines, _eml_date(message)


def _eml_date(message: EmailMessage) -> dt.date | None:
    """The date of the e-mail's Date header, in the header's own time zone; None if it has
    none or it cannot be read."""
    try:
        value = message.get("Date")
        when = email.utils.parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return plausible_date(when, local=False)


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
        out.append(DraftLine(location, text, "", runs_on(lines, i)))
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


# --------------------------------------------------------------------------- Outlook .msg


def msg_draft(raw: bytes) -> tuple[list[DraftLine], dt.date | None]:
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
    return lines + plain_lines(body, prefix="body:"), date


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
        plain = decode(plain)
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
    :func:`~briefpack.guard.lines.decode` guesses."""
    if isinstance(codepage, int) and codepage > 0:
        encoding = "utf-8" if codepage == 65001 else f"cp{codepage}"
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(raw)


_MSG_DATES = ("00390040",  # PR_CLIENT_SUBMIT_TIME: when it was sent
              "0E060040",  # PR_MESSAGE_DELIVERY_TIME: when it was received
              "30080040",  # PR_LAST_MODIFICATION_TIME: when a draft was last saved
              "30070040")  # PR_CREATION_TIME


def _msg_date(msg) -> dt.date | None:
    """The local date the message was sent, else received, else last modified, else created."""
    for tag in _MSG_DATES:
        date = plausible_date(msg.getPropertyVal(tag))
        if date is not None:
            return date
    return None

