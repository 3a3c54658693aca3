"""Names and paths: outputs stay in the output folder; an organisation's files stay in it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main
from briefpack.word.output import output_name

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("title", ["../../etc/passwd", "..", "CON", "a/b\\c:d*e?f\"g<h>i|j",
                                   "x" * 500, "   ", "Ünïcödé — Überprüfung", "nul.txt"])
def test_output_names_are_safe(title):
    name = output_name(date(2026, 12, 3), title, "agenda", "docx")
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name.startswith("2026-12-03-") and name.endswith("-agenda.docx")
    assert len(name) <= 100
    assert all(c.isalnum() or c in "-." for c in name)


def test_nothing_is_written_outside_the_output_folder(tmp_path):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    meeting = yaml.safe_load((org / "meetings" / "2026-12-03-q4-qbr.yaml").read_text())
    meeting["title"] = "../../../escaped"
    (org / "meetings" / "evil.yaml").write_text(yaml.safe_dump(meeting))
    out = tmp_path / "deep" / "out"
    result = run("brief", org / "meetings" / "evil.yaml", "-o", out)
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        assert Path(line).resolve().parent == out.resolve() / "contoso-ltd"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep", "org"]


def test_meeting_org_path_may_point_anywhere(tmp_path):
    meeting = yaml.safe_load((EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml").read_text())
    meeting["org"] = str(EXAMPLE / "org.yaml")  # in another tree altogether
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(meeting))
    assert run("validate", tmp_path / "m.yaml").exit_code == 0


@pytest.mark.parametrize("name", ["reference.docx", "logo.png", "templates"])
def test_org_files_may_not_lead_outside_the_org_folder(tmp_path, name):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / name
    if name == "templates":
        target.mkdir()
        (target / "agenda.md.j2").write_text("{{ v.title }}\n")
    else:
        shutil.copy(ROOT / "templates" / "reference.docx" if name.endswith("docx")
                    else ROOT / "docs" / "agenda.png", target)
    (org / name).symlink_to(target)
    result = run("brief", org / "meetings" / "2026-12-03-q4-qbr.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1, result.stdout
    assert "leads outside the organisation folder" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
