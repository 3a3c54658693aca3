"""Issue 15, item 10: two organisations never overwrite each other.

Every command writes into ``OUT/<organisation>/``, as ``batch`` does, and a file briefpack wrote
for another organisation (two names that make one folder name) is refused, naming it and the
organisation it belongs to.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR_NAME = "2026-12-03-q4-qbr.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def organisation(tmp_path: Path, name: str, folder: str) -> Path:
    """A copy of the example organisation under another name; its QBR meeting file."""
    org = tmp_path / folder
    shutil.copytree(EXAMPLE, org)
    data = yaml.safe_load((org / "org.yaml").read_text())
    data["name"] = name
    data.pop("marking", None)
    (org / "org.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return org / "meetings" / QBR_NAME


def written(result) -> list[Path]:
    assert result.exit_code == 0, result.stderr
    return [Path(line) for line in result.stdout.splitlines()]


def test_every_command_writes_into_the_organisation_s_folder(tmp_path):
    out = tmp_path / "out"
    folder = (out / "contoso-ltd").resolve()
    qbr = EXAMPLE / "meetings" / QBR_NAME
    paths = (written(run("brief", qbr, "-o", out))
             + written(run("transition", "--org", EXAMPLE, "-o", out))
             + written(run("followup", qbr, "-o", out)))
    kinds = {p.stem.rsplit("-", 1)[-1] for p in paths}
    assert {"briefing", "agenda", "pack", "letter", "request", "notes"} <= kinds
    assert all(p.resolve().parent == folder for p in paths), paths
    batch = written(run("batch", EXAMPLE / "meetings" / QBR_NAME, "-o", out))
    assert all(p.resolve().parent == folder for p in batch)
    assert {p.name for p in batch} <= {p.name for p in paths}  # the same files, replaced


def test_two_organisations_write_side_by_side(tmp_path):
    out = tmp_path / "out"
    contoso = written(run("brief", organisation(tmp_path, "Contoso Ltd", "contoso"), "-o", out))
    fabrikam = written(run("brief", organisation(tmp_path, "Fabrikam Inc", "fabrikam"),
                           "-o", out))
    assert {p.parent.name for p in contoso} == {"contoso-ltd"}
    assert {p.parent.name for p in fabrikam} == {"fabrikam-inc"}
    assert {p.name for p in contoso} == {p.name for p in fabrikam}  # same meeting, same names
    assert all(p.exists() for p in contoso + fabrikam)


def test_a_pack_of_another_organisation_in_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    ours = written(run("brief", organisation(tmp_path, "Contoso Ltd", "a"), "-o", out,
                       "--format", "md"))
    before = {p: p.read_bytes() for p in ours}
    other = organisation(tmp_path, "Contoso, Ltd.", "b")  # makes the same folder name
    result = run("brief", other, "-o", out, "--format", "md")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    for path in ours:  # every file is named, with whose it is
        assert f"{path.name}: written for Contoso Ltd, another organisation" in result.stderr
    assert "this run is for Contoso, Ltd." in result.stderr
    assert "-o DIR" in result.stderr and "by name in org.yaml" in result.stderr
    assert {p: p.read_bytes() for p in ours} == before  # nothing written
    # the same organisation regenerates its own files without a word
    assert written(run("brief", organisation(tmp_path, "Contoso Ltd", "c"), "-o", out,
                       "--format", "md")) == ours


def test_force_replaces_another_organisation_s_pack_and_keeps_it(tmp_path):
    out = tmp_path / "out"
    ours = written(run("brief", organisation(tmp_path, "Contoso Ltd", "a"), "-o", out))
    result = run("brief", organisation(tmp_path, "Contoso, Ltd.", "b"), "-o", out, "--force")
    assert written(result) == ours and "kept the previous" in result.stderr
    backups = sorted(ours[0].parent.glob("*.backup-*.docx"))
    assert len(backups) == len(ours)
    # now the files are the other organisation's: the first is refused in its turn
    again = run("brief", organisation(tmp_path, "Contoso Ltd", "c"), "-o", out)
    assert again.exit_code == 1 and "written for Contoso, Ltd., another organisation" in again.stderr


def test_transition_and_followup_refuse_another_organisation_s_files_too(tmp_path):
    out = tmp_path / "out"
    first = organisation(tmp_path, "Contoso Ltd", "a")
    second = organisation(tmp_path, "Contoso Ltd.", "b")
    for command in (["transition", "--org", first.parents[1]], ["followup", first]):
        written(run(*command, "-o", out))
    for command in (["transition", "--org", second.parents[1]], ["followup", second]):
        result = run(*command, "-o", out)
        assert result.exit_code == 1, command
        assert "written for Contoso Ltd, another organisation" in result.stderr


def test_files_written_before_organisations_were_recorded_are_still_replaced(tmp_path):
    """A manifest of plain digests (an earlier briefpack) is read as it was."""
    out = tmp_path / "out"
    paths = written(run("brief", EXAMPLE / "meetings" / QBR_NAME, "-o", out, "--format", "md"))
    manifest = paths[0].parent / ".briefpack-manifest.json"
    records = json.loads(manifest.read_text())
    assert all(r["organisation"] == "Contoso Ltd" for r in records.values())
    manifest.write_text(json.dumps({name: r["sha256"] for name, r in records.items()}))
    assert written(run("brief", EXAMPLE / "meetings" / QBR_NAME, "-o", out,
                       "--format", "md")) == paths


@pytest.mark.parametrize("record", ['{"x.md": {"sha256": 1}}', '{"x.md": {"organisation": "A"}}'])
def test_a_manifest_record_of_neither_form_stops_the_run(tmp_path, record):
    out = tmp_path / "out"
    (out / "contoso-ltd").mkdir(parents=True)
    (out / "contoso-ltd" / ".briefpack-manifest.json").write_text(record)
    result = run("brief", EXAMPLE / "meetings" / QBR_NAME, "-o", out, "--format", "md")
    assert result.exit_code == 1 and ".briefpack-manifest.json: not a JSON object" in result.stderr
