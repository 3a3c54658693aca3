"""``--format eml``: each shareable document as an unsent e-mail draft, ``<date>-<slug>-<kind>.eml``.

The draft carries ``X-Unsent: 1``, so Outlook opens it as a new message ready to send
(Thunderbird and Apple Mail open it too); it is addressed to the people the document goes to,
with their e-mail addresses from the roster (``account_team[].email``), and has the document
attached (.docx, and its PDF when one is written). Someone the roster gives no usable address
is named in the body for the sender to add, never given an invented one. ``From`` is the
person who signs (their ``our_team`` address), and left out when the roster has none: the mail
program fills it in.

Like the invite, the draft is made from the document's own shareable view model (the agenda's,
the letter's or the request's) and nothing else: :class:`MailView` wraps that view with names
and addresses from the rosters, and the body is rendered from it with ``email-<kind>.md.j2``
(an organisation may override it) in the shareable template environment. The plain-text and
the HTML body are the same Markdown, one with its escapes taken out, the other rendered with
raw HTML off. The file has no date and no message id (the mail program adds them when it is
sent) and its MIME boundaries come from its content, so the same draft of the same document
makes the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.packs.letters import salutation
from briefpack.render.escape import unescape_markdown
from briefpack.render.jinja import render

if TYPE_CHECKING:  # the views' modules are loaded by the commands that make them; the email
    # package only when a draft is written
    from email.headerregistry import Address
    from email.message import EmailMessage

    from briefpack.data.models import Organisation
    from briefpack.packs.agenda import AgendaView
    from briefpack.packs.followup import ConfirmationRequestView
    from briefpack.packs.transition import LetterView

ATTACHMENT_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pdf": ("application", "pdf"),
}


@dataclass
class Recipient:
    """Someone the draft goes to: name and title from the roster, and their address, empty when
    the roster gives none that is usable."""

    name: str
    title: str = ""
    email: str = ""


@dataclass
class MailView:
    """What an e-mail draft's template sees: the document's own shareable view (``doc``) and
    who the draft is from and to, from the rosters. Nothing else."""

    kind: str  # the document's kind: agenda, confirmation-letter, confirmation-request
    doc: object  # AgendaView, LetterView or ConfirmationRequestView
    subject: str
    salutation: str  # "Dear Sam and Priya,"
    to: list[Recipient]  # those with an address
    missing: list[Recipient]  # those without one: the body asks the sender to add them
    sender: Recipient  # who signs; their address (if any) is the From
    org_name: str

    @property
    def template(self) -> str:
        """The template of the draft's body."""
        return f"email-{self.kind}.md.j2"


_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


def usable_address(text: str) -> str:
    """``text`` as one plain e-mail address (``name@example.com``: ASCII, a dotted domain), or
    "" when it is not one (``sam at example``, two addresses, a display name)."""
    text = text.strip()
    return text if _ADDRESS.fullmatch(text) else ""


def _vendor(org: Organisation, name: str, title: str = "") -> Recipient:
    member = org.member(name)
    return Recipient(name, title or (member.title if member else ""),
                     usable_address(member.email) if member else "")


def _ours(org: Organisation, name: str, title: str = "") -> Recipient:
    colleague = org.colleague(name) if name else None
    return Recipient(name, title or (colleague.title if colleague else ""),
                     usable_address(colleague.email) if colleague else "")


def _view(kind: str, doc: object, org: Organisation, subject: str, greeting: str,
          people: list[Recipient], sender: Recipient) -> MailView:
    people = list({p.name.casefold(): p for p in people}.values())  # each person once
    return MailView(kind=kind, doc=doc, subject=subject, salutation=greeting,
                    to=[p for p in people if p.email], missing=[p for p in people if not p.email],
                    sender=sender, org_name=org.name)


def agenda_mail(org: Organisation, view: AgendaView) -> MailView:
    """The agenda's draft: to the vendor's attendees, from the first of ours."""
    people = [_vendor(org, p.name, p.title) for p in view.vendor_attendees]
    first = view.our_attendees[0] if view.our_attendees else None
    sender = _ours(org, first.name, first.title) if first else Recipient("")
    greeting = salutation([p.name for p in people], org.salutation, f"{view.vendor_name} team")
    return _view("agenda", view, org, f"Agenda: {view.title}, {view.date}", greeting, people,
                 sender)


def letter_mail(org: Organisation, view: LetterView) -> MailView:
    """The confirmation letter's draft: to the incoming AE, from the letter's signatory."""
    subject = f"Confirmation of commitments: {view.org_name}"
    if view.agreement_number:
        subject += f", {view.agreement_type} {view.agreement_number}".rstrip()
    return _view("confirmation-letter", view, org, subject, view.salutation,
                 [_vendor(org, view.incoming_name)],
                 _ours(org, view.signatory_name, view.signatory_title))


def request_mail(org: Organisation, view: ConfirmationRequestView) -> MailView:
    """The confirmation request's draft: to the vendor's attendees, from its signatory."""
    return _view("confirmation-request", view, org,
                 f"Confirmation of what was agreed: {view.title}, {view.date}", view.salutation,
                 [_vendor(org, name) for name in view.vendor_attendees],
                 _ours(org, view.signatory_name, view.signatory_title))


# --------------------------------------------------------------------------- the .eml


def plain_text(markdown: str) -> str:
    """The body as plain text: the Markdown as written, its escapes taken out."""
    lines = [line.rstrip() for line in unescape_markdown(markdown).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def html_body(markdown: str) -> str:
    """The body as an HTML document: the Markdown rendered with raw HTML off, so text from
    data is always text."""
    from markdown_it import MarkdownIt

    inner = MarkdownIt("commonmark", {"html": False}).render(markdown)
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
            '<body style="font-family: Calibri, Arial, sans-serif; font-size: 11pt;">\n'
            f"{inner}</body></html>\n")


def _address(person: Recipient) -> Address:
    from email.headerregistry import Address

    return Address(display_name=person.name, addr_spec=person.email)


def eml_bytes(view: MailView, attachments: list[tuple[str, bytes]],
              template_path: tuple[Path, ...] = ()) -> bytes:
    """The draft as an .eml file: headers, a plain-text and an HTML body, and ``attachments``
    ((file name, bytes), each .docx or .pdf) attached as they are."""
    from email.message import EmailMessage
    from email.policy import SMTP

    markdown = render(view.template, {"v": view, "internal": False}, template_path)
    # RFC 5322's hard line limit rather than its 78: the body stays readable 8-bit UTF-8
    # (Outlook, Thunderbird and Apple Mail read it), and Python's folding at 78 can put a whole
    # subject on a continuation line, which some readers keep as a leading space
    message = EmailMessage(policy=SMTP.clone(max_line_length=998))
    message["X-Unsent"] = "1"
    if view.sender.email:
        message["From"] = _address(view.sender)
    if view.to:
        message["To"] = [_address(p) for p in view.to]
    message["Subject"] = view.subject
    message.set_content(plain_text(markdown))
    message.add_alternative(html_body(markdown), subtype="html")
    if attachments:
        message.make_mixed()
    for name, data in attachments:
        message.attach(_attachment(name, data))
    for part in message.walk():  # EmailMessage repeats it in the parts it makes
        if part is not message:
            del part["MIME-Version"]
    _fixed_boundaries(message)
    return message.as_bytes()


def _attachment(name: str, data: bytes) -> EmailMessage:
    """A file attached as it is, in base64 lines of 76 characters (RFC 2045's limit)."""
    from email.message import EmailMessage
    from email.policy import SMTP

    maintype, subtype = ATTACHMENT_TYPES[Path(name).suffix.lower()]
    part = EmailMessage(policy=SMTP)
    part.set_content(data, maintype=maintype, subtype=subtype, disposition="attachment",
                     filename=name)
    return part


def _fixed_boundaries(message: EmailMessage) -> None:
    """MIME boundaries made from the message's content instead of at random, so that the
    same draft is the same file."""
    digest = hashlib.sha256()
    for part in message.walk():
        if not part.is_multipart():
            digest.update(part.get_payload(decode=True) or b"")
    key = digest.hexdigest()[:24]
    for index, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_briefpack_{key}_{index}")
