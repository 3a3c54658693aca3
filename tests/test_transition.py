"""`briefpack transition`: the register, commitments at risk, and a letter that leaks nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx_parts import find_in_docx

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
ORG = yaml.safe_load((EXAMPLE / "org.yaml").read_text())


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("transition")
    result = run("transition", "--org", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.stderr
    pack, letter = (Path(line) for line in result.stdout.splitlines())
    return pack, letter


def _sections(path: Path) -> dict[str, list[str]]:
    """Heading 1 text -> the texts of the paragraphs and table cells beneath it."""
    document = docx.Document(path)
    sections: dict[str, list[str]] = {}
    current = None
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "p":
            para = docx.text.paragraph.Paragraph(child, document)
            if para.style.name == "Heading 1":
                current = para.text
                sections[current] = []
                continue
            if current:
                sections[current].append(f"[{para.style.name}] {para.text}")
        elif tag == "tbl" and current:
            table = docx.table.Table(child, document)
            for row in table.rows:
                sections[current].append(" | ".join(c.text for c in row.cells))
    return sections


def test_example_has_an_ae_change_and_a_register_across_all_statuses():
    statuses = {c["status"] for c in ORG["commitments"]}
    assert statuses == {"verbal", "written", "honoured", "broken", "withdrawn"}
    assert len(ORG["commitments"]) >= 5
    aes = [m for m in ORG["account_team"] if m["role"] == "ae"]
    assert any("until" in m for m in aes) and any("until" not in m for m in aes)


def test_names_and_paths(written):
    pack, letter = written
    assert pack.name == "2026-10-01-contoso-ltd-transition-pack.docx"
    assert letter.name == "2026-10-01-contoso-ltd-confirmation-letter.docx"


def test_pack_lists_every_commitment_and_flags_exactly_the_verbal_ones(written):
    pack, _ = written
    sections = _sections(pack)
    register = "\n".join(sections["Commitments register"])
    for c in ORG["commitments"]:
        assert c["id"] in register and c["summary"] in register, c["id"]
    at_risk_headings = [line for line in sections["Commitments at risk"]
                        if line.startswith("[Heading 2]")]
    flagged = {line.split()[2].rstrip(":") for line in at_risk_headings}
    assert flagged == {c["id"] for c in ORG["commitments"] if c["status"] == "verbal"}
    # the example's outgoing AE left on 2026-09-30: the action is for the new AE
    assert ("Alex Morgan has left the account: raise it in the first meeting with Sam Rivera"
            in "\n".join(sections["Commitments at risk"]))


def test_pack_has_every_part_of_the_issue(written):
    pack, _ = written
    sections = _sections(pack)
    for heading in ("Summary", "Commitments at risk", "Commitments register",
                    "Commercial position to re-establish", "Open issues",
                    "What not to hand the new AE", "Advice to verify before acting",
                    "First meeting with Sam Rivera", "Checklists"):
        assert heading in sections, heading
    summary = "\n".join(sections["Summary"])
    assert "Alex Morgan" in summary and "Sam Rivera" in summary and "days after the change" in summary
    position = "\n".join(sections["Commercial position to re-establish"])
    assert all(term in position for term in ORG["agreement"]["terms"])
    issues = "\n".join(sections["Open issues"])
    assert all(i["id"] in issues for i in ORG["issues"] if i["status"] in ("open", "in-progress"))
    assert not any(i["id"] in issues for i in ORG["issues"] if i["status"] == "resolved")
    protect = "\n".join(sections["What not to hand the new AE"])
    budget = next(f["text"] for f in ORG["facts"] if f["category"] == "budget")
    assert budget in protect
    advice = "\n".join(sections["Advice to verify before acting"])
    unverified = next(a for a in ORG["advice"] if a["impact"] == "high" and not a["verified"])
    assert unverified["summary"] in advice and unverified["from"] in advice
    checklists = "\n".join(sections["Checklists"])
    assert "First 30 days with Sam Rivera" in checklists
    assert "Before Alex Morgan leaves" not in checklists  # he left on 2026-09-30
    assert "Agenda" not in sections  # the first meeting's agenda lives in its own section
    header = " ".join(p.text for p in docx.Document(pack).sections[0].header.paragraphs)
    assert ORG["marking"] in header


def test_letter_asks_to_confirm_previous_commitments_and_leaks_nothing(written):
    _, letter = written
    text = "\n".join(c.text for t in docx.Document(letter).tables for r in t.rows for c in r.cells)
    previous = [c for c in ORG["commitments"]
                if c["status"] in ("verbal", "written") and c["made_by"] != "Sam Rivera"]
    for c in previous:
        assert c["summary"] in text
    for c in ORG["commitments"]:
        if c not in previous:
            assert c["summary"] not in text
    for fact in ORG["facts"]:  # no fact of ours at all, protected or not
        assert find_in_docx(letter, fact["text"]) == [], fact["id"]
    for c in ORG["commitments"]:
        if c.get("evidence"):
            assert find_in_docx(letter, c["evidence"]) == []
    assert find_in_docx(letter, ORG["marking"]) == []
    assert find_in_docx(letter, "verbal") == [] and find_in_docx(letter, "at risk") == []


def _org_copy(tmp_path: Path, change) -> Path:
    org = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
    change(org)
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False))
    return folder


def test_no_ae_change_is_an_error_with_a_clear_message(tmp_path):
    def one_ae(org):
        org["account_team"] = [m for m in org["account_team"] if m["name"] != "Sam Rivera"]
        org["account_team"][0].pop("until")
    folder = _org_copy(tmp_path, one_ae)
    result = run("transition", "--org", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "no AE change found" in result.stderr and "--from NAME --to NAME" in result.stderr
    assert "org.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_from_and_to_not_on_the_roster_are_named(tmp_path):
    result = run("transition", "--org", EXAMPLE, "--from", "Alex Morgan", "--to", "Jamie Doe",
                 "-o", tmp_path / "out")
    assert result.exit_code == 1 and "'Jamie Doe' is not on the account_team roster" in result.stderr
    result = run("transition", "--org", EXAMPLE, "--from", "Pat X", "--to", "Jamie Doe",
                 "-o", tmp_path / "out")
    assert result.exit_code == 1 and "'Pat X' and 'Jamie Doe' are not on" in result.stderr
    assert not (tmp_path / "out").exists()


def test_from_and_to_name_the_change(tmp_path):
    def no_dates(org):
        for m in org["account_team"]:
            m.pop("since", None)
            m.pop("until", None)
    folder = _org_copy(tmp_path, no_dates)
    result = run("transition", "--org", folder, "--from", "alex morgan", "--to", "Sam Rivera",
                 "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    pack = Path(result.stdout.splitlines()[0])
    assert "Alex Morgan" in "\n".join(_sections(pack)["Summary"])


def test_org_file_is_never_changed(tmp_path):
    before = hashlib.sha256((EXAMPLE / "org.yaml").read_bytes()).hexdigest()
    run("transition", "--org", EXAMPLE, "-o", tmp_path)
    assert hashlib.sha256((EXAMPLE / "org.yaml").read_bytes()).hexdigest() == before
