"""Writing into a user's org.yaml keeps what they wrote (data/yamledit.py): comments, order,
quoting and layout; a change is checked as briefpack reads the file before anything is written;
a file changed on disk meanwhile is not overwritten."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from briefpack.data.context import org_text_problems
from briefpack.data.yamledit import YamlEdit
from briefpack.errors import BriefpackError, ValidationFailed

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "contoso"


@pytest.fixture
def org(tmp_path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "contoso")
    return tmp_path / "contoso" / "org.yaml"


def test_a_file_read_and_written_unchanged_is_byte_for_byte_the_same(org):
    before = org.read_bytes()
    edit = YamlEdit(org)
    assert not edit.changed
    assert edit.save() is False
    assert org.read_bytes() == before


def test_one_change_changes_one_line_and_keeps_every_comment(org):
    before = org.read_text().splitlines()
    edit = YamlEdit(org)
    edit.find("commitments", "id", "C-01")["status"] = "written"
    edit.check(org_text_problems)
    assert edit.save()
    after = org.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(after) == len(before) and len(changed) == 1
    assert changed[0][1].strip() == "status: written"
    assert [line for line in before if "#" in line] == [line for line in after if "#" in line]


def test_an_appended_entry_reads_back_as_briefpack_reads_it(org):
    edit = YamlEdit(org)
    edit.append("commitments", {"id": "C-99", "date": date(2026, 12, 3), "made_by": "Sam Rivera",
                                "summary": "Licence report before each QBR: confirmed.",
                                "status": "verbal", "evidence": ""})
    assert org_text_problems(org, edit.text()) == []
    edit.save()
    text = org.read_text()
    assert "- id: C-99" in text and "date: 2026-12-03" in text


def test_an_invalid_change_is_refused_with_file_and_line_and_nothing_is_written(org):
    before = org.read_bytes()
    edit = YamlEdit(org)
    edit.find("commitments", "id", "C-01")["status"] = "promised"
    with pytest.raises(ValidationFailed) as info:
        edit.check(org_text_problems)
    problem = next(p for p in info.value.problems if "status" in p.message or "promised" in
                   p.message)
    assert problem.path.endswith("org.yaml") and problem.line
    line = org.read_text().splitlines()[problem.line - 1]
    assert "status" in line
    assert org.read_bytes() == before


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(org):
    edit = YamlEdit(org)
    edit.find("commitments", "id", "C-01")["status"] = "written"
    org.write_text(org.read_text() + "\n# someone saved the file in their editor\n")
    mine = org.read_text()
    with pytest.raises(BriefpackError, match="changed while briefpack was working"):
        edit.save()
    assert org.read_text() == mine


def test_the_org_yaml_that_init_writes_reads_and_writes_back_unchanged(tmp_path):
    """init's org.yaml comments keys whose list follows (`terms:   # ...`): the indentation is
    still the file's own, so an edit changes only what it changes."""
    from click.testing import CliRunner

    from briefpack.cli import main

    assert CliRunner().invoke(main, ["init", str(tmp_path / "new"), "--name", "New Co"]
                              ).exit_code == 0
    org = tmp_path / "new" / "org.yaml"
    before = org.read_text()
    edit = YamlEdit(org)
    assert not edit.changed
    edit.find("account_team", "name", "Alex Example")["title"] = "Account Executive, SMB"
    assert [(a, b) for a, b in zip(before.splitlines(), edit.text().splitlines()) if a != b] == [
        ("    title: Account Executive", "    title: Account Executive, SMB")]


def test_a_file_with_windows_line_ends_keeps_them(org):
    """An org.yaml saved on Windows (CRLF) is written back with CRLF, unchanged lines byte for
    byte, and read unchanged when nothing is edited."""
    org.write_bytes(org.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    before = org.read_bytes()
    assert YamlEdit(org).save() is False and org.read_bytes() == before
    edit = YamlEdit(org)
    edit.find("commitments", "id", "C-01")["status"] = "written"
    edit.check(org_text_problems)
    edit.save()
    after = org.read_bytes()
    assert after.count(b"\r\n") == before.count(b"\r\n") and b"\n" not in after.replace(
        b"\r\n", b"")
    assert sum(a != b for a, b in zip(before.split(b"\r\n"), after.split(b"\r\n"))) == 1
