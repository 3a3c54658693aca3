"""`briefpack followup --apply`: the meeting's outcomes written into the register in org.yaml
(new commitments added, re-affirmed ones updated), keeping every comment and line the user
wrote, after showing the change; all or nothing; a second apply changes nothing."""

from __future__ import annotations

import difflib
import shutil
from datetime import date
from pathlib import Path

import click
import docx
import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "contoso"
QBR = "2026-12-03-q4-qbr.yaml"
ESCALATION = "2027-02-10-licensing-escalation.yaml"
NEW_SUMMARY = ("Will assign a Microsoft escalation manager to support case #2602180040001234 "
               "within five working days.")


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


@pytest.fixture
def org(tmp_path) -> Path:
    """A copy of the example organisation; its folder."""
    folder = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("output"))
    return folder


def commitments(folder: Path) -> dict[str, dict]:
    return {c["id"]: c for c in yaml.safe_load((folder / "org.yaml").read_text())["commitments"]}


def next_id(register: dict[str, dict], step: int = 1) -> str:
    """The id after the highest C-NN of the example's register (C-08 after C-07)."""
    return f"C-{max(int(i[2:]) for i in register) + step:02d}"


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed from ``before`` and added in ``after``."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return ([d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")])


def test_apply_adds_the_new_commitment_and_updates_the_re_affirmed_one(org, tmp_path):
    before_text = (org / "org.yaml").read_text()
    before = commitments(org)
    new_id = next_id(before)
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--apply", "--yes")
    assert result.exit_code == 0, result.stderr
    after = commitments(org)

    # outcome 2 is a new commitment: the register's next id, verbal, dated the meeting
    assert after[new_id] == {"id": new_id, "date": date(2026, 12, 3), "made_by": "Sam Rivera",
                             "summary": NEW_SUMMARY, "status": "verbal", "evidence": "",
                             "due": date(2026, 12, 10)}
    # outcome 1 (commitment: C-01) re-affirms C-01: made by Sam Rivera now, at the meeting, the
    # meeting as evidence with who first made it; its summary and other fields stay
    assert after["C-01"] == before["C-01"] | {
        "date": date(2026, 12, 3), "made_by": "Sam Rivera", "status": "verbal",
        "evidence": "re-affirmed by Sam Rivera in the Q4 business review, 2026-12-03 "
                    "(due 2026-12-17); first made by Alex Morgan on 2025-03-14"}
    # nothing else in the register, nor anywhere else in the file
    assert set(after) == set(before) | {new_id}
    assert {k: v for k, v in after.items() if k not in ("C-01", new_id)} == {
        k: v for k, v in before.items() if k != "C-01"}
    text = (org / "org.yaml").read_text()
    removed, added = changed_lines(before_text, text)
    assert removed == ["    date: 2025-03-14", "    made_by: Alex Morgan", '    evidence: ""']
    assert added == [
        "    date: 2026-12-03", "    made_by: Sam Rivera",
        '    evidence: "re-affirmed by Sam Rivera in the Q4 business review, 2026-12-03 '
        '(due 2026-12-17); first made by Alex Morgan on 2025-03-14"',
        f"  - id: {new_id}", "    date: 2026-12-03", "    made_by: Sam Rivera",
        f'    summary: "{NEW_SUMMARY}"', "    status: verbal", '    evidence: ""',
        "    due: 2026-12-10"]
    # every comment line is kept, in order; the new entry goes last in the register, before the
    # blank line that closes it
    comments = [line for line in before_text.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == comments
    assert "    due: 2026-12-10\n\nadvice:\n" in text

    # the change was shown; the documents and org.yaml are the paths written
    assert f"1 commitment to add ({new_id}) and 1 commitment to update (C-01: date, made_by, " \
           "evidence)" in result.stderr
    assert "+    made_by: Sam Rivera" in result.stderr and "-    made_by: Alex Morgan" in result.stderr
    written = [Path(p) for p in result.stdout.splitlines()]
    assert [p.name for p in written] == [
        "2026-12-03-q4-business-review-confirmation-request.docx",
        "2026-12-03-q4-business-review-followup-notes.docx", "org.yaml"]
    assert written[2].resolve() == (org / "org.yaml").resolve()
    # the notes say the register holds the change, and still who first made C-01
    notes = docx_text(written[1])
    assert f"{new_id} is in the register, added from this meeting" in notes
    assert "C-01, made by Alex Morgan on 14 March 2025 (verbal), re-affirmed in outcome 1" in notes
    assert "Add these entries" not in notes and "Add the new commitments" not in notes


def test_a_second_apply_finds_everything_there_and_changes_nothing(org, tmp_path):
    meeting = org / "meetings" / QBR
    new_id = next_id(commitments(org))
    assert run("followup", meeting, "-o", tmp_path / "out", "--apply", "--yes").exit_code == 0
    applied = (org / "org.yaml").read_bytes()
    # no --yes and no terminal: nothing to confirm, so nothing is refused
    again = run("followup", meeting, "-o", tmp_path / "out", "--apply")
    assert again.exit_code == 0, again.stderr
    assert "nothing to apply" in again.stderr and "@@" not in again.stderr
    assert (org / "org.yaml").read_bytes() == applied
    written = [Path(p) for p in again.stdout.splitlines()]
    assert [p.name for p in written] == [
        "2026-12-03-q4-business-review-confirmation-request.docx",
        "2026-12-03-q4-business-review-followup-notes.docx"]  # org.yaml not written
    # the notes still know C-08 as this meeting's new commitment, not as one it re-affirms
    notes = docx_text(written[1])
    assert f"{new_id} is in the register, added from this meeting" in notes
    assert f"re-affirms {new_id}" not in notes and f"{new_id} (updated)" not in notes
    # without --apply, nothing is printed to add or replace any more
    plain = run("followup", meeting, "-o", tmp_path / "out")
    assert plain.exit_code == 0
    assert "Add to commitments" not in plain.stderr and "Replace in" not in plain.stderr
    assert (org / "org.yaml").read_bytes() == applied


def test_applying_a_later_meeting_continues_the_ids_and_the_earlier_one_stays_applied(
        org, tmp_path):
    before = commitments(org)
    for name in (QBR, ESCALATION, QBR):
        result = run("followup", org / "meetings" / name, "-o", tmp_path / "out", "--apply", "-y")
        assert result.exit_code == 0, result.stderr
    after = commitments(org)
    escalation_id = next_id(before, 2)  # C-09: the escalation's commitment, after the QBR's C-08
    assert set(after) == set(before) | {next_id(before), escalation_id}
    assert after[escalation_id]["made_by"] == "Helen Brooks"
    assert after[escalation_id]["date"] == date(2027, 2, 10)
    assert after["C-01"]["evidence"].count("Q4 business review") == 1
    assert "nothing to apply" in result.stderr


def test_dry_run_shows_the_change_and_writes_nothing(org, tmp_path):
    before = (org / "org.yaml").read_bytes()
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "+    made_by: Sam Rivera" in result.stderr and "nothing was written" in result.stderr
    assert result.stdout == ""
    assert (org / "org.yaml").read_bytes() == before and not (tmp_path / "out").exists()


def test_without_a_terminal_apply_needs_yes_and_writes_nothing(org, tmp_path):
    before = (org / "org.yaml").read_bytes()
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--apply")
    assert result.exit_code == 1
    assert "no terminal to ask on: pass --yes" in result.stderr
    assert "+    made_by: Sam Rivera" in result.stderr  # the change was shown all the same
    assert (org / "org.yaml").read_bytes() == before and not (tmp_path / "out").exists()


def test_yes_without_apply_is_a_usage_error(org, tmp_path):
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--yes")
    assert result.exit_code == 2 and "--apply" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("answer, written", [("y\n", True), ("n\n", False), ("\n", False)])
def test_at_a_terminal_apply_asks_first(org, tmp_path, monkeypatch, answer, written):
    monkeypatch.setattr("briefpack.cli._stdin_is_terminal", lambda: True)
    before = (org / "org.yaml").read_bytes()
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--apply",
                 input=answer)
    assert "Write this change to org.yaml and the documents? [y/N]" in result.stderr
    assert result.stderr.index("@@") < result.stderr.index("Write this change")  # shown first
    assert ((org / "org.yaml").read_bytes() != before) is written
    assert (tmp_path / "out").exists() is written
    assert result.exit_code == (0 if written else 1)
    if not written:
        assert "Nothing was written." in result.stderr


def test_org_yaml_saved_by_someone_while_the_change_is_confirmed_is_not_overwritten(
        org, tmp_path, monkeypatch):
    """The user says yes after saving org.yaml in their editor: their save wins, nothing of
    this run is written (not the documents either), and they are told to run again."""
    mine = (org / "org.yaml").read_text() + "\n# a note saved in the editor meanwhile\n"

    def confirm_after_editing(*args, **kwargs):
        (org / "org.yaml").write_text(mine)
        return True

    monkeypatch.setattr("briefpack.cli._stdin_is_terminal", lambda: True)
    monkeypatch.setattr(click, "confirm", confirm_after_editing)
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--apply")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "org.yaml changed while briefpack was working on it; nothing was written: run the " \
           "command again" in result.stderr
    assert (org / "org.yaml").read_text() == mine
    assert not (tmp_path / "out").exists()


def test_a_new_commitment_the_register_cannot_hold_is_refused_at_its_line(org, tmp_path):
    meeting = org / "meetings" / QBR
    data = yaml.safe_load(meeting.read_text())
    data["outcomes"][1].pop("made_by")  # outcome 2, the new commitment: nobody made it
    meeting.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    before = (org / "org.yaml").read_bytes()
    result = run("followup", meeting, "-o", tmp_path / "out", "--apply", "--yes")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    line = next(n for n, text in enumerate(meeting.read_text().splitlines(), 1)
                if NEW_SUMMARY[:30] in text)
    assert f"{QBR}:{line}: outcomes[1]: this new commitment names nobody under made_by" \
        in result.stderr
    assert "nothing was written" in result.stderr
    assert (org / "org.yaml").read_bytes() == before and not (tmp_path / "out").exists()
    # without --apply the notes are written as before: only the register needs the name
    assert run("followup", meeting, "-o", tmp_path / "out").exit_code == 0


def test_a_change_that_would_leave_org_yaml_invalid_is_refused(org, tmp_path, monkeypatch):
    """What briefpack would write is read back as briefpack reads org.yaml before anything is
    written: a change it would not accept (here an unknown status) writes nothing."""
    from briefpack.commands import followup as command
    from briefpack.packs.followup import register_changes

    def invalid(ctx):
        changes = register_changes(ctx)
        changes.added[0]["status"] = "promised"
        return changes

    monkeypatch.setattr(command, "register_changes", invalid)
    before = (org / "org.yaml").read_bytes()
    result = run("followup", org / "meetings" / QBR, "-o", tmp_path / "out", "--apply", "--yes")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "org.yaml:" in result.stderr and "status" in result.stderr
    assert "in org.yaml as --apply would leave it" in result.stderr
    assert "nothing was written" in result.stderr
    assert (org / "org.yaml").read_bytes() == before and not (tmp_path / "out").exists()


def test_apply_into_a_new_organisation_s_empty_register(tmp_path):
    """init writes `commitments: []` with a comment: the first entry makes it a list of the
    file's own indentation, and nothing else in the file changes."""
    assert run("init", tmp_path / "new", "--name", "New Co").exit_code == 0
    folder = tmp_path / "new"
    meeting = folder / "meetings" / "first-meeting.yaml"
    data = yaml.safe_load(meeting.read_text())
    ae = yaml.safe_load((folder / "org.yaml").read_text())["account_team"][0]["name"]
    data["outcomes"] = [{"summary": "Will send the licence report.", "made_by": ae,
                         "kind": "commitment"}]
    meeting.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    before = (folder / "org.yaml").read_text()
    result = run("followup", meeting, "-o", tmp_path / "out", "--apply", "--yes")
    assert result.exit_code == 0, result.stderr
    after = (folder / "org.yaml").read_text()
    removed, added = changed_lines(before, after)
    assert len(removed) == 1 and removed[0].startswith("commitments: []")
    assert added[0].startswith("commitments:") and added[0].split("#")[1] == removed[0].split("#")[1]
    assert added[1:] == ["  - id: C-01", f"    date: {data['date']}", f"    made_by: {ae}",
                         '    summary: "Will send the licence report."', "    status: verbal",
                         '    evidence: ""']
    assert run("validate", folder).exit_code == 0
