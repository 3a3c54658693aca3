"""Issue 15, item 11: letters that read right.

The transition letter welcomes a new AE only in their first weeks and addresses people in the
organisation's salutation style; the "before the outgoing AE leaves" checklist is not printed
after they have left; a follow-up outcome that re-affirms a commitment in the register updates
that entry instead of adding a duplicate. Read from the written documents and the command's
output.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx_parts import docx_text

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = "2026-12-03-q4-qbr.yaml"
TODAY = date.today()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def text_of(path: Path) -> str:
    return docx_text(path)


def long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def organisation(tmp_path: Path, change=None, meeting=None) -> Path:
    """A copy of the example organisation, its org.yaml changed by ``change`` and its QBR by
    ``meeting``; the folder."""
    folder = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, folder)
    for name, edit in (("org.yaml", change), (f"meetings/{QBR}", meeting)):
        if edit:
            data = yaml.safe_load((folder / name).read_text())
            edit(data)
            (folder / name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return folder


def ae_change(until: date, since: date, salutation: str | None = None):
    """An org.yaml change: Alex Morgan on the account until ``until``, Sam Rivera from
    ``since``."""
    def change(org):
        for member in org["account_team"]:
            if member["name"] == "Alex Morgan":
                member["until"] = until
            if member["name"] == "Sam Rivera":
                member["since"] = since
        if salutation:
            org["salutation"] = salutation
        else:
            org.pop("salutation", None)
    return change


def transition(tmp_path: Path, change) -> tuple[str, str]:
    """The text of the transition pack and of the letter for an organisation so changed."""
    folder = organisation(tmp_path, change)
    result = run("transition", "--org", folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    pack, letter = (Path(line) for line in result.stdout.splitlines())
    return text_of(pack), text_of(letter)


# --------------------------------------------------------------------------- the letter


@pytest.mark.parametrize("days_in, welcome", [(-5, True), (0, True), (10, True), (41, True),
                                              (42, False), (90, False)])
def test_the_letter_welcomes_the_new_ae_only_in_their_first_six_weeks(tmp_path, days_in,
                                                                      welcome):
    since = TODAY - timedelta(days=days_in)
    _, letter = transition(tmp_path, ae_change(since - timedelta(days=1), since))
    assert "Dear Sam," in letter
    assert ("Welcome to the Contoso Ltd account" in letter) is welcome
    assert ("We look forward to working with you" in letter) is welcome
    if not welcome:
        assert "welcome" not in letter.casefold()
        assert (f"You took over the Contoso Ltd account from Alex Morgan on {long(since)}"
                in letter)
        assert "C-01" in letter and "Please confirm in writing" in letter


def test_the_example_letter_is_a_request_not_a_welcome(tmp_path):
    """Sam Rivera took over on 2026-10-01; a letter written today, weeks later, asks for
    confirmation without welcoming him."""
    result = run("transition", "--org", EXAMPLE, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    letter = text_of(Path(result.stdout.splitlines()[1]))
    if TODAY >= date(2026, 10, 1) + timedelta(weeks=6):
        assert "welcome" not in letter.casefold()
    assert "Dear Sam," in letter and "Dear Sam Rivera" not in letter


@pytest.mark.parametrize("style, expected", [(None, "Dear Sam,"), ("first-name", "Dear Sam,"),
                                             ("full-name", "Dear Sam Rivera,")])
def test_the_letter_addresses_people_in_the_organisation_s_style(tmp_path, style, expected):
    since = TODAY - timedelta(days=3)
    _, letter = transition(tmp_path, ae_change(since - timedelta(days=1), since, style))
    assert expected in letter.splitlines()


@pytest.mark.parametrize("style, expected", [(None, "Dear Sam and Priya,"),
                                             ("full-name", "Dear Sam Rivera and Priya Shah,")])
def test_the_confirmation_request_addresses_the_vendor_s_attendees(tmp_path, style, expected):
    def change(org):
        if style:
            org["salutation"] = style
    folder = organisation(tmp_path, change)
    result = run("followup", folder / "meetings" / QBR, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert expected in text_of(Path(result.stdout.splitlines()[0])).splitlines()


def test_an_unknown_salutation_style_is_an_error_at_its_line(tmp_path):
    folder = organisation(tmp_path, lambda org: org.update(salutation="Mr/Ms surname"))
    result = run("transition", "--org", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "org.yaml:" in result.stderr and "salutation" in result.stderr
    assert "first-name" in result.stderr and "full-name" in result.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- the checklist


def test_the_before_handover_checklist_is_printed_while_the_outgoing_ae_is_there(tmp_path):
    for until in (TODAY + timedelta(days=14), TODAY):  # his last day is today: still there
        pack, _ = transition(tmp_path / str(until), ae_change(until, until + timedelta(days=1)))
        assert "Before Alex Morgan leaves" in pack
        assert f"on the account until {long(until)}" in pack
        assert "Written confirmation of C-01 from Alex Morgan" in pack
        assert "outgoing AE before the handover" in pack


def test_no_before_handover_checklist_after_the_outgoing_ae_has_left(tmp_path):
    until = TODAY - timedelta(days=1)
    pack, _ = transition(tmp_path, ae_change(until, TODAY))
    assert "Before Alex Morgan leaves" not in pack
    assert "before the handover" not in pack
    assert f"left the account on {long(until)}" in pack
    # each verbal commitment is now for the new AE to confirm
    assert "Alex Morgan has left the account: raise it in the first meeting with Sam Rivera" in pack
    for c in ("C-01", "C-02"):
        assert f"Written confirmation from Sam Rivera of {c}, given verbally by Alex Morgan" in pack


# --------------------------------------------------------------------------- follow-up


def followup(tmp_path: Path, outcomes=None, change=None):
    """Run followup on the example QBR (its outcomes replaced by ``outcomes``); the result,
    the notes' text and the entries printed to add and to replace."""
    def meeting(data):
        if outcomes is not None:
            data["outcomes"] = outcomes
    folder = organisation(tmp_path, change, meeting)
    result = run("followup", folder / "meetings" / QBR, "-o", tmp_path / "out")
    if result.exit_code:
        return result, "", [], []
    notes = text_of(Path(result.stdout.splitlines()[1]))
    err = result.stderr
    added = replaced = []
    if "Add to commitments" in err:
        added = yaml.safe_load(err.split("in writing):\n", 1)[1].split("Replace in", 1)[0])
    if "Replace in commitments" in err:
        replaced = yaml.safe_load(err.split("Replace in commitments", 1)[1].split(":\n", 1)[1])
    return result, notes, added, replaced


def test_the_example_s_reaffirmed_price_hold_updates_c01_instead_of_adding_a_duplicate(tmp_path):
    org = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
    c01 = next(c for c in org["commitments"] if c["id"] == "C-01")
    result, notes, added, replaced = followup(tmp_path)
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in added] == ["C-08"]  # the new commitment only
    assert all(e["summary"] != c01["summary"] for e in added)
    assert len(replaced) == 1
    entry = replaced[0]
    assert entry["id"] == "C-01" and entry["summary"] == c01["summary"]
    assert entry["status"] == "verbal" and entry["made_by"] == "Sam Rivera"
    assert entry["date"] == date(2026, 12, 3)
    assert "re-affirmed by Sam Rivera in the Q4 business review, 2026-12-03" in entry["evidence"]
    assert "first made by Alex Morgan on 2025-03-14" in entry["evidence"]
    # the notes say the same
    assert "C-01 (updated)" in notes and "C-09" not in notes
    assert "Outcome 1 re-affirms C-01, already in the register" in notes
    assert "id: C-01" in notes and "status: verbal" in notes
    assert "Update C-01 in the register in org.yaml" in notes


def test_an_outcome_worded_as_a_commitment_s_summary_updates_it(tmp_path):
    org = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
    c02 = next(c for c in org["commitments"] if c["id"] == "C-02")
    reworded = c02["summary"].upper().rstrip(".") + "!"  # case and punctuation aside
    _, notes, added, replaced = followup(tmp_path, [
        {"summary": reworded, "made_by": "Sam Rivera", "kind": "commitment"}])
    assert added == [] and [e["id"] for e in replaced] == ["C-02"]
    assert replaced[0]["due"] == c02["due"]  # its own due date is kept
    assert "None is a new commitment" in notes and "C-08" not in notes


@pytest.mark.parametrize("ref, before, after", [("C-03", "written", "written"),
                                                ("C-05", "broken", "verbal"),
                                                ("c-01", "verbal", "verbal")])
def test_a_reaffirmed_commitment_keeps_a_written_status_and_is_verbal_otherwise(
        tmp_path, ref, before, after):
    _, notes, added, replaced = followup(tmp_path, [
        {"summary": "Confirmed it stands.", "made_by": "Priya Shah", "kind": "statement",
         "commitment": ref}])
    assert added == [] and [e["id"] for e in replaced] == [ref.upper()]
    assert replaced[0]["status"] == after and replaced[0]["made_by"] == "Priya Shah"
    assert f"({before}), re-affirmed in outcome 1" in notes


def test_an_unknown_commitment_id_is_an_error_at_its_line(tmp_path):
    result, *_ = followup(tmp_path, [
        {"summary": "Confirmed it stands.", "made_by": "Sam Rivera", "kind": "commitment",
         "commitment": "C-99"}])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{QBR}:" in result.stderr and "outcomes[0].commitment" in result.stderr
    assert "no commitment 'C-99' in the register" in result.stderr
    assert "C-01" in result.stderr  # what is expected
    assert not (tmp_path / "out").exists()


def test_validate_reports_an_unknown_commitment_id_too(tmp_path):
    """validate refuses what followup refuses: an outcome naming no commitment in the register."""
    def meeting(data):
        data["outcomes"] = [{"summary": "Confirmed it stands.", "made_by": "Sam Rivera",
                             "kind": "commitment", "commitment": "C-99"}]
    folder = organisation(tmp_path, None, meeting)
    result = run("validate", folder)
    assert result.exit_code == 1
    assert "outcomes[0].commitment: no commitment 'C-99' in the register" in result.stderr
