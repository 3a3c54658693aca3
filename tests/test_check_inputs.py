"""``briefpack check`` on Outlook .msg drafts and on drafts read from standard input, and the
date a draft was written (:func:`briefpack.guard.drafts.draft_date`).

The .msg drafts in tests/drafts/ are made by tests/drafts/make_msg.py (run it to rebuild them):
msg-01-clean-renewal.msg is clean; msg-02-budget-leak.msg tells the AE "our budget is 4.2M USD"
on the 4th line of its body, which examples/contoso protects as fact fy27-budget.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib.util
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from briefpack.cli import main
from briefpack.errors import display_path
from briefpack.guard.drafts import (
    MAX_DRAFT_BYTES,
    DraftError,
    draft_date,
    draft_from_bytes,
    load_draft,
    read_draft,
    sniff_kind,
)

ROOT = Path(__file__).resolve().parents[1]
ORG = ROOT / "examples" / "contoso"
DRAFTS = ROOT / "tests" / "drafts"
CLEAN_MSG = DRAFTS / "msg-01-clean-renewal.msg"
LEAK_MSG = DRAFTS / "msg-02-budget-leak.msg"

_spec = importlib.util.spec_from_file_location("make_msg", DRAFTS / "make_msg.py")
make_msg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_msg)

EML = b"""From: Alex Doe <alex.doe@contoso.com>\r
To: Jordan <jordan@microsoft.com>\r
Subject: Renewal\r
Date: Tue, 12 May 2026 09:30:00 +0200\r
MIME-Version: 1.0\r
Content-Type: text/plain; charset=utf-8\r
\r
Hi Jordan,\r
\r
To be open with you, our budget is 4.2M USD for FY27.\r
\r
Alex\r
"""


def invoke(*args: object, input: bytes | None = None):
    return CliRunner().invoke(main, ["check", *[str(a) for a in args]], input=input)


def check_json(draft: object, *args: object, input: bytes | None = None
               ) -> tuple[int, str, set[tuple[str, str, str | None]]]:
    """(exit code, the draft as the report names it, {(line, severity, fact_id)}) of
    ``check --format json``."""
    result = invoke(draft, "--org", ORG, "--format", "json", *args, input=input)
    report = json.loads(result.stdout)
    return result.exit_code, report["draft"], {
        (str(f["line"]), f["severity"], f.get("fact_id")) for f in report["findings"]}


def docx_bytes(paragraphs: list[str], modified: dt.datetime | None = None,
               created: dt.datetime | None = None) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if modified is not None:
        doc.core_properties.modified = modified
    if created is not None:
        doc.core_properties.created = created
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- .msg files


def test_committed_msg_files_are_what_make_msg_writes(tmp_path):
    for name, subject, body, sent in (
            (CLEAN_MSG.name, "Renewal timeline", make_msg.BODY_CLEAN, make_msg.SENT),
            (LEAK_MSG.name, "Before our renewal call", make_msg.BODY_LEAK, None)):
        fresh = make_msg.build_msg(tmp_path / name, subject, body=body, sent=sent,
                                   created=make_msg.CREATED)
        assert fresh.read_bytes() == (DRAFTS / name).read_bytes(), name


def test_extract_msg_reads_back_what_make_msg_writes():
    import extract_msg

    with extract_msg.openMsg(str(LEAK_MSG)) as msg:
        assert msg.subject == "Before our renewal call"
        assert "our budget is 4.2M USD" in msg.body
        assert msg.getPropertyVal("30070040") == make_msg.CREATED
    with extract_msg.openMsg(str(CLEAN_MSG)) as msg:
        assert msg.date == make_msg.SENT


def test_msg_lines_subject_then_body():
    lines = read_draft(LEAK_MSG)
    assert (lines[0].location, lines[0].text, lines[0].note) == ("1", "Before our renewal call",
                                                                "Subject")
    body = lines[1:]
    assert [line.location for line in body] == [f"body:{i}" for i in range(1, len(body) + 1)]
    assert body[3].text == "To be open with you, our budget is 4.2M USD for the whole of FY27."
    assert not any("\r" in line.text for line in lines)


def test_cli_finds_the_budget_in_a_msg_at_its_body_line():
    result = invoke(LEAK_MSG, "--org", ORG, "--audience", "ae")
    assert result.exit_code == 1, result.output
    at_line = [line for line in result.stdout.splitlines()
               if line.startswith(f"{display_path(LEAK_MSG)}:body:4: high: ")]
    assert at_line and "4.2M USD" in at_line[0], result.stdout
    code, draft, found = check_json(LEAK_MSG, "--audience", "ae")
    assert (code, draft) == (1, display_path(LEAK_MSG))
    assert ("body:4", "high", "fy27-budget") in found


def test_cli_clean_msg_exits_0():
    result = invoke(CLEAN_MSG, "--org", ORG, "--audience", "ae")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ""
    assert "no findings" in result.stderr


def test_msg_leak_in_subject_is_line_1(tmp_path):
    draft = make_msg.build_msg(tmp_path / "s.msg", "Budget: 4.2M USD for FY27", body="Hi,\n")
    result = invoke(draft, "--org", ORG, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [(str(f["line"]), f["fact_id"]) for f in report["findings"]
            if f["severity"] == "high"] == [("1", "fy27-budget")]


def test_msg_html_only_body_is_read_without_tags(tmp_path):
    html = ("<html><head><style>p {color: red}</style></head><body><p>Hi Jordan,</p>"
            "<p>Our <b>budget</b> is 4.2M USD for FY27.</p></body></html>")
    draft = make_msg.build_msg(tmp_path / "h.msg", "Renewal", html=html)
    lines = read_draft(draft)
    assert [(line.location, line.text) for line in lines] == [
        ("1", "Renewal"), ("body:1", "Hi Jordan,"), ("body:2", "Our budget is 4.2M USD for FY27.")]
    result = invoke(draft, "--org", ORG)
    assert result.exit_code == 1
    assert f"{display_path(draft)}:body:2: high: " in result.stdout


@pytest.mark.parametrize("content", [
    b"This is plain text saved as .msg\n",  # not an OLE file
    LEAK_MSG.read_bytes()[:3000],  # an OLE file cut off
    LEAK_MSG.read_bytes()[:512] + b"\xff" * 4096,  # an OLE header over garbage
    LEAK_MSG.read_bytes()[:200],  # shorter than any OLE file
])
def test_corrupt_msg_is_misuse_with_a_message_and_no_traceback(tmp_path, content):
    draft = tmp_path / "broken.msg"
    draft.write_bytes(content)
    result = invoke(draft, "--org", ORG)
    assert result.exit_code == 2, result.output
    assert "Outlook .msg" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    with pytest.raises(DraftError, match="Outlook .msg"):
        read_draft(draft)


def test_ole_file_that_is_no_message_is_refused(tmp_path):
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    writer.addEntry("WordDocument", b"x" * 5000)
    writer.write(str(tmp_path / "old.msg"))
    with pytest.raises(DraftError, match="Outlook .msg"):
        read_draft(tmp_path / "old.msg")


def test_msg_over_the_size_limit_is_refused_before_reading(tmp_path):
    draft = tmp_path / "huge.msg"
    with draft.open("wb") as f:
        f.write(LEAK_MSG.read_bytes())
        f.truncate(MAX_DRAFT_BYTES + 1)
    result = invoke(draft, "--org", ORG)
    assert result.exit_code == 2
    assert "far more than a draft" in result.stderr


def test_extract_msg_is_imported_only_when_a_msg_is_read():
    code = ("import sys; from briefpack.cli import main; from click.testing import CliRunner; "
            "CliRunner().invoke(main, ['check', 'tests/drafts/clean-02-thanks.eml', '--org', "
            "'examples/contoso']); assert 'extract_msg' not in sys.modules, 'eml'; "
            "from briefpack.guard.drafts import read_draft; "
            "read_draft('tests/drafts/msg-01-clean-renewal.msg'); "
            "assert 'extract_msg' in sys.modules, 'msg'")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- standard input


def test_stdin_plain_text():
    text = "Hi Jordan,\n\nTo be open with you, our budget is 4.2M USD for FY27.\n"
    result = invoke("-", "--org", ORG, "--audience", "ae", input=text.encode())
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("<stdin>:3: high: "), result.stdout
    code, name, found = check_json("-", "--audience", "ae", input=text.encode())
    assert (code, name) == (1, "<stdin>") and ("3", "high", "fy27-budget") in found
    assert {line for line, _, _ in found} == {"3"}
    assert result.stderr.startswith("<stdin>: ")


def test_stdin_eml_bytes_are_read_as_an_email():
    result = invoke("-", "--org", ORG, input=EML)
    assert result.exit_code == 1, result.output
    # line 10 of the raw message: read as an e-mail, the headers are not checked as text
    assert result.stdout.startswith("<stdin>:10: high: "), result.stdout
    assert ("10", "high", "fy27-budget") in check_json("-", input=EML)[2]
    assert sniff_kind(EML) == ".eml"


def test_stdin_eml_with_an_encoded_body_is_decoded():
    encoded = EML.replace(b"charset=utf-8\r\n", b"charset=utf-8\r\n"
                          b"Content-Transfer-Encoding: base64\r\n")
    head, _, body = encoded.partition(b"\r\n\r\n")
    encoded = head + b"\r\n\r\n" + base64.encodebytes(body.replace(b"\r\n", b"\n"))
    result = invoke("-", "--org", ORG, input=encoded)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("<stdin>:body:3: high: "), result.stdout
    assert ("body:3", "high", "fy27-budget") in check_json("-", input=encoded)[2]


def test_stdin_docx_bytes_are_read_as_a_document():
    data = docx_bytes(["Renewal agenda", "Budget: our envelope is 4.2M USD."])
    result = invoke("-", "--org", ORG, "--format", "json", input=data)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["draft"] == "<stdin>"
    assert ("2", "high", "fy27-budget") in {(str(f["line"]), f["severity"], f["fact_id"])
                                            for f in report["findings"]}


def test_stdin_msg_bytes_are_read_as_outlook():
    result = invoke("-", "--org", ORG, "--audience", "ae", input=LEAK_MSG.read_bytes())
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("<stdin>:body:4: high: ")


def test_stdin_clean_exits_0():
    result = invoke("-", "--org", ORG, input=b"Hi Jordan, thanks for the call.\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "<stdin>: no findings"


@pytest.mark.parametrize("content", [b"", b"\n \n"])
def test_empty_stdin_is_misuse(content):
    result = invoke("-", "--org", ORG, input=content)
    assert result.exit_code == 2, result.output
    assert "standard input is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_stdin_zip_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/big.xml", b"\0" * (101 * 1024 * 1024))
    result = invoke("-", "--org", ORG, input=buffer.getvalue())
    assert result.exit_code == 2
    assert "unpacks to" in result.stderr


def test_stdin_over_the_size_limit_is_refused():
    result = invoke("-", "--org", ORG, input=b"a" * (MAX_DRAFT_BYTES + 1))
    assert result.exit_code == 2
    assert "more than" in result.stderr


def test_stdin_broken_docx_is_misuse():
    result = invoke("-", "--org", ORG, input=b"PK\x03\x04 not really a zip")
    assert result.exit_code == 2
    assert "not a readable .docx" in result.stderr


@pytest.mark.parametrize(("text", "kind"), [
    (b"Subject: Renewal\n\nHi Jordan,\n", ".txt"),  # one header: a note, all of it checked
    (b"To: Jordan\nNote: our budget\n\nHi\n", ".txt"),  # one address header only
    (b"From: a@b\nTo: c@d\n\nHi\n", ".eml"),
    (b"Received: from x\n\tby y\nX-Thing: 1\n\nHi\n", ".eml"),
    (b"From alex@contoso.com Tue May 12 09:30:00 2026\nFrom: a@b\nSubject: x\n\nHi\n", ".eml"),
    (b"From: a@b\nTo: c@d\nno colon here\n\nHi\n", ".txt"),
    (b"From: a@b\nTo: c@d\nRe: our budget is 4.2M USD\n\nHi\n", ".txt"),  # all checked
    (b"From: a@b\nTo: c@d\nMIME-Version: 1.0\nThread-Topic: x\n\nHi\n", ".eml"),
    (b"From: a@b\nTo: c@d\n", ".txt"),  # no blank line closing the headers
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".msg"),
    (b"PK\x03\x04rest", ".docx"),
    (b"Hi Jordan, our budget: 4.2M\n", ".txt"),
])
def test_sniff_kind(text, kind):
    assert sniff_kind(text) == kind


def test_stdin_and_file_give_the_same_lines_for_the_corpus():
    for path in sorted(DRAFTS.iterdir()):
        if path.suffix in (".txt", ".md", ".eml", ".docx", ".msg"):
            assert draft_from_bytes(path.read_bytes()).lines == read_draft(path), path.name


# --------------------------------------------------------------------------- draft_date


def test_draft_date_eml_is_the_date_header_in_its_own_zone(tmp_path):
    late = EML.replace(b"Tue, 12 May 2026 09:30:00 +0200", b"Tue, 12 May 2026 23:30:00 -0500")
    (tmp_path / "a.eml").write_bytes(late)
    assert draft_date(tmp_path / "a.eml") == dt.date(2026, 5, 12)
    assert draft_date(EML) == dt.date(2026, 5, 12)
    assert load_draft(DRAFTS / "leak-01-budget.eml").date is not None


def test_draft_date_eml_without_a_readable_date_is_none(tmp_path):
    (tmp_path / "a.eml").write_bytes(EML.replace(b"Date: Tue, 12 May 2026 09:30:00 +0200\r\n",
                                                 b""))
    (tmp_path / "b.eml").write_bytes(EML.replace(b"Tue, 12 May 2026 09:30:00 +0200",
                                                 b"sometime next week"))
    assert draft_date(tmp_path / "a.eml") is None
    assert draft_date(tmp_path / "b.eml") is None


def test_draft_date_msg_sent_else_modified_else_created(tmp_path):
    assert draft_date(CLEAN_MSG) == make_msg.SENT.date()  # sent 12 May, created 11 May
    assert draft_date(LEAK_MSG) == make_msg.CREATED.date()  # an unsent draft
    assert draft_date(LEAK_MSG.read_bytes()) == make_msg.CREATED.date()
    bare = make_msg.build_msg(tmp_path / "bare.msg", "No dates", body="Hi\n")
    assert draft_date(bare) is None


def test_draft_date_docx_modified_else_created(tmp_path):
    noon = dt.datetime(2026, 5, 12, 12, 0, tzinfo=dt.timezone.utc)
    older = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.timezone.utc)
    both = tmp_path / "both.docx"
    both.write_bytes(docx_bytes(["Agenda"], modified=noon, created=older))
    assert draft_date(both) == dt.date(2026, 5, 12)
    assert draft_date(both.read_bytes()) == dt.date(2026, 5, 12)
    doc = Document()
    doc.add_paragraph("Agenda")
    doc.core_properties.created = older
    part = doc.core_properties._element
    for child in list(part):
        if child.tag.endswith("}modified"):
            part.remove(child)
    doc.save(tmp_path / "created.docx")
    assert draft_date(tmp_path / "created.docx") == dt.date(2026, 4, 1)


def test_draft_date_plain_text_is_none():
    assert draft_date(DRAFTS / "leak-02-board.txt") is None
    assert draft_date(DRAFTS / "clean-01-qbr-agenda.md") is None
    assert draft_date(b"Hi Jordan\n") is None


def test_draft_date_of_an_unreadable_draft_raises(tmp_path):
    with pytest.raises(DraftError):
        draft_date(tmp_path / "missing.eml")
