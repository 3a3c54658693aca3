"""Input no one meant to give: wrong encodings, binary files, alias bombs, huge files, broken
playbook folders. Each gives exit 1 with the file and line, a message a person can act on, and
nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpack.cli import main
from briefpack.data.yamlfile import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "invalid" / "duplicate-key"
PLAYBOOK = ROOT / "playbooks" / "microsoft"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def case(tmp_path, monkeypatch) -> Path:
    """A valid org and meeting in the current folder, to break one way or another."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURE / "org.yaml", tmp_path / "org.yaml")
    meeting = (FIXTURE / "meeting.yaml").read_text().replace("date: 2026-12-04\n", "")
    (tmp_path / "meeting.yaml").write_text(meeting)
    assert run("validate", "meeting.yaml").exit_code == 0
    return tmp_path


def refused(result, where: str, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(where), result.stderr
    for word in words:
        assert word in first, result.stderr
    assert result.stderr.splitlines()[-1].endswith("nothing was written.")


def test_binary_file(case):
    (case / "meeting.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("brief", "meeting.yaml", "-o", "out")
    refused(result, "meeting.yaml:1:", "binary file")
    assert not (case / "out").exists()


def test_windows_1252_text(case):
    text = (case / "org.yaml").read_text().replace("Fabrikam Test Ltd", "Café Fabrikam")
    (case / "org.yaml").write_bytes(text.encode("cp1252"))
    result = run("brief", "meeting.yaml", "-o", "out")
    refused(result, "org.yaml:2:", "not UTF-8", "0xE9", "save the file as UTF-8")


def test_utf16_text(case):
    (case / "meeting.yaml").write_bytes((case / "meeting.yaml").read_text().encode("utf-16"))
    refused(run("brief", "meeting.yaml", "-o", "out"), "meeting.yaml:1:", "UTF-16", "UTF-8")


def test_utf8_byte_order_mark_is_accepted(case):
    (case / "meeting.yaml").write_bytes(b"\xef\xbb\xbf" + (case / "meeting.yaml").read_bytes())
    assert run("validate", "meeting.yaml").exit_code == 0


def test_alias_bomb(case):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    (case / "meeting.yaml").write_text("\n".join(lines) + "\n")
    refused(run("brief", "meeting.yaml", "-o", "out"), "meeting.yaml:", "aliases")


def test_file_over_the_size_limit(case):
    with (case / "org.yaml").open("a") as handle:
        handle.write("# padding\n" * (MAX_BYTES // 10 + 1))
    refused(run("brief", "meeting.yaml", "-o", "out"), "org.yaml:1:", "MB")


def test_meeting_path_that_is_a_folder(case):
    (case / "folder.yaml").mkdir()
    for command in ("brief", "followup"):
        result = run(command, "folder.yaml", "-o", "out")
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "folder.yaml: is a folder; expected a YAML file" in result.stderr
    assert not (case / "out").exists()


def test_control_characters_are_replaced_and_reported(case, tmp_path):
    text = (case / "meeting.yaml").read_text().replace(
        "title: Q4 business review", 'title: "Q4\\x01 review \\ud800"')
    (case / "meeting.yaml").write_text(text)
    result = run("brief", "meeting.yaml", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert "characters Word cannot store (U+0001, U+D800) replaced" in result.stderr
    assert "meeting.yaml:4:" in result.stderr


def _playbook_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "playbook"
    shutil.copytree(PLAYBOOK, folder)
    return folder


def test_playbook_folder_duplicate_key(tmp_path):
    folder = _playbook_copy(tmp_path)
    text = (folder / "roles.yaml").read_text()
    (folder / "roles.yaml").write_text(text.replace("  - id: csm\n", "  - id: csm\n    id: csam\n", 1))
    result = run("validate", folder)
    line = text.splitlines().index("  - id: csm") + 2
    refused(result, f"{folder}/roles.yaml:{line}: roles[1].id:", "duplicate key")


def test_playbook_folder_unknown_reference(tmp_path):
    folder = _playbook_copy(tmp_path)
    text = (folder / "roles.yaml").read_text()
    broken = text.replace("- renewal-urgency", "- renewal-urgence", 1)
    assert broken != text
    (folder / "roles.yaml").write_text(broken)
    line = broken.splitlines().index(next(l for l in broken.splitlines() if "renewal-urgence" in l)) + 1
    refused(run("validate", folder), f"{folder}/roles.yaml:{line}:", "unknown category 'renewal-urgence'")


def test_playbook_folder_section_in_two_files(tmp_path):
    folder = _playbook_copy(tmp_path)
    (folder / "extra.yaml").write_text("# more roles\nroles: []\n")
    refused(run("validate", folder), f"{folder}/roles.yaml:", "section 'roles' is also in")


def test_playbook_folder_missing_section(tmp_path):
    folder = _playbook_copy(tmp_path)
    (folder / "transition.yaml").unlink()
    result = run("validate", folder)
    assert result.exit_code == 1 and "transition: required field is missing" in result.stderr


def test_the_shipped_playbook_validates():
    assert run("validate", PLAYBOOK).exit_code == 0


def test_an_organisation_file_given_as_the_meeting(case):
    result = run("brief", "org.yaml", "-o", "out")
    refused(result, "org.yaml:", "this is an organisation file, not a meeting")
    assert len(result.stderr.splitlines()) == 2


# --------------------------------------------------------------------------- issue 13, items 4, 5


@pytest.mark.parametrize("day, time", [("9999-12-31", "23:59"), ("0001-01-01", "09:00"),
                                       ("3000-01-01", None)])
def test_extreme_dates_are_input_errors(case, day, time):
    lines = [line for line in (case / "meeting.yaml").read_text().splitlines()
             if not line.startswith(("date:", "time:"))]
    lines[1:1] = [f"date: {day}"] + ([f'time: "{time}"'] if time else [])
    (case / "meeting.yaml").write_text("\n".join(lines) + "\n")
    result = run("brief", "meeting.yaml", "--format", "ics", "-o", "out")
    refused(result, "meeting.yaml:2: date:", "between 1900-01-01 and 2999-12-31")
    assert len(result.stderr.splitlines()) == 2  # that problem alone
    assert not (case / "out").exists()


@pytest.mark.parametrize("template, why", [
    ("{% for i in range(10**9) %}{% endfor %}", "Range too big"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself without end"),
    ('{{ "x" * 10**10 }}', "larger than a document may be"),
    ('{{ [1] * 10**9 }}', "larger than a document may be"),
    ("{{ 7 ** (10**9) }}", "larger than a document may be"),
    ('{% set s = namespace(v="x") %}{% for i in range(40) %}{% set s.v = s.v ~ s.v %}'
     "{% endfor %}{{ s.v }}", "'~' would make a value larger"),
])
def test_a_runaway_template_is_an_error_not_a_traceback(case, template, why):
    (case / "templates").mkdir()
    (case / "templates" / "agenda.md.j2").write_text(template + "\n")
    result = run("brief", "meeting.yaml", "-o", "out")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.startswith("error: templates/agenda.md.j2:1: ")
    assert why in result.stderr
    assert not (case / "out").exists()


def test_an_organisation_file_given_as_the_offer(case):
    result = run("offer", "org.yaml", "-o", "out")
    refused(result, "org.yaml:", "this is an organisation file, not an offer")
    assert len(result.stderr.splitlines()) == 2
