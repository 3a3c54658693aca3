"""`--format eml` (issue 20, item 1): each shareable document as an unsent e-mail draft,
addressed from the roster, with a plain-text and an HTML body and the document attached.

Every .eml is read back with Python's ``email`` package, as a mail program would read it."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import sys
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = "2026-12-03-q4-qbr.yaml"
ESCALATION = "2027-02-10-licensing-escalation.yaml"
FAKE_SOFFICE = Path(__file__).with_name("fake_soffice.py")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def org(tmp_path) -> Path:
    folder = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _roster(org: Path) -> dict[str, str]:
    """name -> e-mail of the vendor's people, as org.yaml gives them (empty: none)."""
    data = yaml.safe_load((org / "org.yaml").read_text(encoding="utf-8"))
    return {m["name"]: m.get("email", "") for m in data["account_team"]}


def _ours(org: Path) -> dict[str, str]:
    data = yaml.safe_load((org / "org.yaml").read_text(encoding="utf-8"))
    return {m["name"]: m.get("email", "") for m in data["our_team"]}


def _meeting(org: Path, name: str) -> dict:
    return yaml.safe_load((org / "meetings" / name).read_text(encoding="utf-8"))


def _written(result, suffix: str) -> list[Path]:
    assert result.exit_code == 0, result.output
    return [Path(p) for p in result.stdout.splitlines() if p.endswith(suffix)]


def _read(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _bodies(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def _html_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def _check_draft(path: Path, document: Path, to: list[str], subject_has: str,
                 salutation: str) -> EmailMessage:
    """What every draft must be: unsent, to ``to`` exactly, both bodies, the document
    attached byte for byte, named as the document with .eml."""
    assert path.name == document.name.replace(".docx", ".eml")
    message = _read(path)
    assert message["X-Unsent"] == "1"
    assert sorted(address for _, address in getaddresses([message["To"] or ""])
                  if address) == sorted(to)
    assert subject_has in message["Subject"]
    plain, html = _bodies(message)
    assert plain.startswith(salutation) or f"\n{salutation}\n" in plain
    assert salutation in html
    attachments = list(message.iter_attachments())
    assert [(a.get_filename(), a.get_content_type()) for a in attachments] == [
        (document.name, DOCX)]
    assert attachments[0].get_content() == document.read_bytes()
    assert not message.defects and not any(part.defects for part in message.walk())
    return message


def test_the_agenda_draft_goes_to_the_vendor_s_attendees_from_the_roster(org, tmp_path):
    meeting = _meeting(org, QBR)
    roster = _roster(org)
    to = [roster[name] for name in meeting["attendees"]["vendor"]]
    assert all(to)  # Sam and Priya both have an address in the example
    result = run("brief", org / "meetings" / QBR, "-o", tmp_path / "out", "--format", "eml")
    [draft] = _written(result, ".eml")
    [agenda] = _written(result, "-agenda.docx")
    message = _check_draft(draft, agenda, to, meeting["title"], "Dear Sam and Priya,")
    sender = meeting["attendees"]["ours"][0]
    assert getaddresses([message["From"]]) == [(sender, _ours(org)[sender])]
    plain, html = _bodies(message)
    for item in meeting["agenda"]:  # the agenda's items, from its view, in both bodies
        assert item["title"] in plain and item["title"] in _html_text(html)
    assert "3 December 2026" in message["Subject"]
    assert "Message-ID" not in message and "Date" not in message  # the mail program's part


def test_people_without_an_address_are_named_in_the_body_never_given_one(org, tmp_path):
    meeting = _meeting(org, ESCALATION)
    roster = _roster(org)
    vendor = [p if isinstance(p, str) else p["name"] for p in meeting["attendees"]["vendor"]]
    with_address = [roster[n] for n in vendor if roster.get(n)]
    without = [n for n in vendor if not roster.get(n)]
    assert with_address and without
    result = run("brief", org / "meetings" / ESCALATION, "-o", tmp_path / "out",
                 "--format", "eml")
    [draft] = _written(result, ".eml")
    message = _read(draft)
    assert sorted(a for _, a in getaddresses([message["To"]])) == sorted(with_address)
    plain, html = _bodies(message)
    note = plain.split("\n\n")[0]
    assert note.startswith("[Before sending: add the e-mail addresses of")
    for name in without:
        assert name in note and name in _html_text(html)
    # nobody gets an address the roster does not give, in any header
    headers = " ".join(str(v) for _, v in message.items())
    found = set(re.findall(r"[\w.+-]+@[\w.-]+", headers))
    assert found <= set(roster.values()) | set(_ours(org).values())


def test_an_address_that_is_not_one_is_treated_as_missing(org, tmp_path):
    text = (org / "org.yaml").read_text(encoding="utf-8")
    text = text.replace("email: priya.shah@microsoft.example", "email: priya at microsoft")
    (org / "org.yaml").write_text(text, encoding="utf-8")
    result = run("brief", org / "meetings" / QBR, "-o", tmp_path / "out", "--format", "eml")
    [draft] = _written(result, ".eml")
    message = _read(draft)
    assert [a for _, a in getaddresses([message["To"]])] == ["sam.rivera@microsoft.example"]
    assert "Priya Shah" in _bodies(message)[0].split("\n\n")[0]


def test_the_letter_draft_goes_to_the_incoming_ae(org, tmp_path):
    roster = _roster(org)
    result = run("transition", "--org", org, "-o", tmp_path / "out", "--format", "eml")
    [draft] = _written(result, ".eml")
    [letter] = _written(result, "-confirmation-letter.docx")
    assert not _written(result, "-transition-pack.eml")  # internal: never drafted
    message = _check_draft(draft, letter, [roster["Sam Rivera"]], "Confirmation of commitments",
                           "Dear Sam,")
    plain, _ = _bodies(message)
    data = yaml.safe_load((org / "org.yaml").read_text(encoding="utf-8"))
    open_ones = [c for c in data["commitments"] if c["status"] in ("verbal", "written")
                 and c["made_by"] != "Sam Rivera"]
    assert f"the {len(open_ones)} commitments" in plain and "Alex Morgan" in plain


def test_the_request_draft_goes_to_the_vendor_s_attendees(org, tmp_path):
    meeting = _meeting(org, QBR)
    roster = _roster(org)
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--format", "eml")
    [draft] = _written(result, ".eml")
    [request] = _written(result, "-confirmation-request.docx")
    message = _check_draft(draft, request, [roster[n] for n in meeting["attendees"]["vendor"]],
                           meeting["title"], "Dear Sam and Priya,")
    assert f"({len(meeting['outcomes'])} points)" in _bodies(message)[0]
    assert not _written(result, "-followup-notes.eml")


@pytest.mark.parametrize("command, audience", [
    (["brief", f"meetings/{QBR}"], ["ae", "csm"]),
    (["followup", f"meetings/{QBR}"], ["ae", "csm"]),
    (["transition", "--org", "."], ["ae"]),
], ids=["agenda", "confirmation-request", "confirmation-letter"])
def test_every_draft_passes_check_for_the_people_it_goes_to(org, tmp_path, monkeypatch,
                                                            command, audience):
    monkeypatch.chdir(org)
    result = run(*command, "-o", tmp_path / "out", "--format", "eml")
    [draft] = _written(result, ".eml")
    checked = run("check", draft, "--org", org,
                  *[arg for role in audience for arg in ("--audience", role)])
    assert checked.exit_code == 0, checked.output


def test_a_draft_is_replaced_as_briefpack_s_own_unless_edited(org, tmp_path):
    out = tmp_path / "out"
    [first] = _written(run("brief", org / "meetings" / QBR, "-o", out, "--format", "eml"),
                       ".eml")
    [again] = _written(run("brief", org / "meetings" / QBR, "-o", out, "--format", "eml"),
                       ".eml")
    assert again == first
    before = first.read_bytes()
    first.write_bytes(before.replace(b"Kind regards", b"Best wishes"))  # edited by hand
    result = run("brief", org / "meetings" / QBR, "-o", out, "--format", "eml")
    assert result.exit_code == 1 and first.name in result.stderr


def _fake_soffice(tmp_path: Path, monkeypatch) -> None:
    program = tmp_path / "bin" / "soffice"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_SOFFICE}" "$@"\n')
    program.chmod(0o755)
    monkeypatch.setenv("BRIEFPACK_SOFFICE", str(program))


@pytest.mark.skipif(sys.platform == "win32", reason="the fake LibreOffice is a shell script")
def test_with_pdf_the_pdf_is_attached_too(org, tmp_path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch)
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--format", "pdf",
                 "--format", "eml")
    [draft] = _written(result, ".eml")
    [request] = _written(result, "-confirmation-request.docx")
    [pdf] = _written(result, "-confirmation-request.pdf")
    attachments = list(_read(draft).iter_attachments())
    assert [(a.get_filename(), a.get_content_type()) for a in attachments] == [
        (request.name, DOCX), (pdf.name, "application/pdf")]
    assert attachments[0].get_content() == request.read_bytes()
    assert attachments[1].get_content() == pdf.read_bytes()


def test_preview_refuses_eml(org):
    result = run("brief", org / "meetings" / QBR, "--preview", "--format", "eml")
    assert result.exit_code == 2
