"""`briefpack followup`: a confirmation request from the outcomes, and register entries."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx_parts import find_in_docx

from briefpack.cli import main
from briefpack.data.models import Organisation
from briefpack.packs.followup import next_ids

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
ORG = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
MEETING = yaml.safe_load(QBR.read_text())


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_request_lists_every_outcome_and_notes_list_new_commitments(tmp_path):
    before = hashlib.sha256(QBR.read_bytes()).hexdigest(), hashlib.sha256(
        (EXAMPLE / "org.yaml").read_bytes()).hexdigest()
    result = run("followup", QBR, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    request, notes = (Path(line) for line in result.stdout.splitlines())
    assert request.name == "2026-12-03-q4-business-review-confirmation-request.docx"
    assert notes.name == "2026-12-03-q4-business-review-followup-notes.docx"
    cells = [c.text for t in docx.Document(request).tables for r in t.rows for c in r.cells]
    for outcome in MEETING["outcomes"]:
        assert outcome["summary"] in cells
    # the register entries: printed on stderr, valid YAML, ids after the last one in the register
    printed = result.stderr.split("status verbal until confirmed in writing):\n", 1)[1]
    entries = yaml.safe_load(printed.split("Replace in commitments", 1)[0])
    commitments = [o for o in MEETING["outcomes"]  # new ones: not re-affirming the register's
                   if o["kind"] == "commitment" and "commitment" not in o]
    assert [e["summary"] for e in entries] == [o["summary"] for o in commitments]
    assert [e["id"] for e in entries] == ["C-08"] and entries[0]["status"] == "verbal"
    notes_text = "\n".join(p.text for p in docx.Document(notes).paragraphs)
    assert "id: C-08" in notes_text and "status: verbal" in notes_text
    # the user's files are never rewritten
    assert before == (hashlib.sha256(QBR.read_bytes()).hexdigest(), hashlib.sha256(
        (EXAMPLE / "org.yaml").read_bytes()).hexdigest())


def test_request_carries_no_fact_and_no_marking(tmp_path):
    result = run("followup", QBR, "-o", tmp_path)
    request = Path(result.stdout.splitlines()[0])
    for fact in ORG["facts"]:
        assert find_in_docx(request, fact["text"]) == [], fact["id"]
    assert find_in_docx(request, ORG["marking"]) == []
    assert find_in_docx(request, "C-08") == []  # register ids are internal


def test_no_outcomes_is_an_error(tmp_path):
    meeting = dict(MEETING, org=str(EXAMPLE / "org.yaml"))
    meeting.pop("outcomes")
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(meeting, allow_unicode=True))
    result = run("followup", path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "no outcomes recorded" in result.stderr
    assert not (tmp_path / "out").exists()


def test_next_ids_continue_the_register():
    org = Organisation.model_validate(ORG)
    assert next_ids(org, 2) == ["C-08", "C-09"]
    assert next_ids(Organisation(name="X"), 1) == ["C-01"]


@pytest.mark.slow
def test_shareable_and_internal_follow_up_documents_open_in_libreoffice(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is needed; .ci/run installs it")
    docs = [Path(p) for p in run("followup", QBR, "-o", tmp_path).stdout.splitlines()]
    docs += [Path(p) for p in run("transition", "--org", EXAMPLE, "-o", tmp_path).stdout.splitlines()]
    assert len(docs) == 4
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(docs[0].parent),
                    *map(str, docs)], check=True, capture_output=True, timeout=600)
    for path in docs:
        pdf = path.with_suffix(".pdf")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Page 1 of" in text, path.name
        if "confirmation" in path.name:
            assert ORG["marking"] not in text
        else:
            assert ORG["marking"] in text
        if path.name.endswith("-followup-notes.docx"):
            # no title page or contents: the QBR's notes (4 outcomes, two register entries)
            # print on two pages, the title on the first with the outcomes
            assert "Page 2 of 2" in text and "Contents" not in text, path.name
            first = text.split("\f")[0]
            assert "follow-up notes" in first and "After the meeting" in first


def test_a_request_override_cannot_reach_internal_notes(tmp_path):
    """The shareable request gets a view of its own: an organisation's override that tries to
    print the register entries, the marking or the commitments fails, naming its line."""
    org_dir = tmp_path / "org"
    shutil.copytree(EXAMPLE, org_dir, ignore=shutil.ignore_patterns("output"))
    (org_dir / "templates").mkdir(exist_ok=True)
    for attribute in ("register_yaml", "marking", "commitments"):
        (org_dir / "templates" / "confirmation-request.md.j2").write_text(
            '{% extends "default:confirmation-request.md.j2" %}\n'
            "{% block closing %}\n{{ v." + attribute + " }}\n{% endblock %}\n")
        result = run("followup", org_dir / "meetings" / QBR.name, "-o", tmp_path / "out")
        assert result.exit_code == 1, attribute
        assert "confirmation-request.md.j2:3" in result.stderr, result.stderr
        assert attribute in result.stderr
        assert not (tmp_path / "out").exists()
