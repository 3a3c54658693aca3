"""`briefpack batch`: every meeting's pack grouped by organisation, failures isolated."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main
from briefpack.commands.batch import find_meetings, run_batch
from briefpack.word.output import output_name

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONTOSO = EXAMPLES / "contoso"
FIXTURES = ROOT / "tests" / "fixtures" / "invalid"
GOOD_MEETING = """\
org: ../org.yaml
type: roadmap-briefing
title: Roadmap briefing {n}
date: 2027-04-0{n}
time: "10:00"
duration: 60
attendees:
  vendor: [Alex Morgan]
  ours: [Dana Lee]
share: [user-count]
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def expected_pack(meeting: Path, folder: Path) -> set[Path]:
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    return {folder / output_name(data["date"], data["title"], kind, "docx")
            for kind in ("briefing", "agenda", "card")}


def expected_offer(offer: Path, folder: Path) -> set[Path]:
    """What an offer file writes: its evaluation and counter-proposal, named by date and id."""
    data = yaml.safe_load(offer.read_text(encoding="utf-8"))
    return {folder / output_name(data["date"], data["id"], kind, "docx")
            for kind in ("offer-evaluation", "counter-proposal")}


def written(out: Path) -> set[Path]:
    return {p for p in out.rglob("*.docx")}


@pytest.fixture
def clients(tmp_path) -> Path:
    """Two organisations: Contoso (the example) and Fabrikam (a fixture org), with meetings."""
    root = tmp_path / "clients"
    # the meetings only: offers in a batch are tested in test_batch_offers.py
    shutil.copytree(CONTOSO, root / "contoso", ignore=shutil.ignore_patterns("offers"))
    fabrikam = root / "fabrikam"
    (fabrikam / "meetings").mkdir(parents=True)
    shutil.copy(FIXTURES / "leverage-never-share" / "org.yaml", fabrikam / "org.yaml")
    for n in (1, 2):
        (fabrikam / "meetings" / f"roadmap-{n}.yaml").write_text(GOOD_MEETING.format(n=n),
                                                                 encoding="utf-8")
    return root


def test_batch_of_the_examples_writes_every_pack_grouped_by_organisation(tmp_path):
    out = tmp_path / "out"
    result = run("batch", EXAMPLES, "-o", out)
    assert result.exit_code == 0, result.stderr
    meetings = sorted((CONTOSO / "meetings").glob("*.yaml"))
    offers = sorted((CONTOSO / "offers").glob("*.yaml"))
    expected = set().union(*(expected_pack(m, out / "contoso-ltd") for m in meetings),
                           *(expected_offer(o, out / "contoso-ltd") for o in offers))
    assert offers and written(out) == expected
    assert {Path(line) for line in result.stdout.splitlines()} == expected
    assert f"{len(expected)} documents written, 0 meetings failed" in result.stderr


def test_organisations_go_to_their_own_folders(clients, tmp_path):
    out = tmp_path / "out"
    result = run("batch", clients / "contoso", clients / "fabrikam" / "meetings" / "roadmap-1.yaml",
                 clients / "fabrikam" / "org.yaml", "-o", out, "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    folders = {p.parent.name for p in written(out)}
    assert folders == {"contoso-ltd", "fabrikam-test-ltd"}
    fabrikam = {p for p in written(out) if p.parent.name == "fabrikam-test-ltd"}
    assert fabrikam == (expected_pack(clients / "fabrikam/meetings/roadmap-1.yaml", out /
                                      "fabrikam-test-ltd")
                        | expected_pack(clients / "fabrikam/meetings/roadmap-2.yaml", out /
                                        "fabrikam-test-ltd"))
    # each meeting once, though named twice (its file and its organisation's folder)
    assert len(result.stdout.splitlines()) == len(written(out)) == 3 * (4 + 2)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_meeting_is_reported_with_file_and_line_and_the_rest_are_written(
        clients, tmp_path, jobs, monkeypatch):
    monkeypatch.chdir(clients)
    meetings = clients / "fabrikam" / "meetings"
    broken = (FIXTURES / "leverage-never-share" / "meeting.yaml").read_text(encoding="utf-8")
    (meetings / "broken.yaml").write_text(broken.replace("org: org.yaml", "org: ../org.yaml"),
                                          encoding="utf-8")
    (meetings / "syntax.yaml").write_text("type: qbr\ntitle: [unclosed\ndate: 2027-01-01\n",
                                          encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", ".", "-o", out, "--jobs", jobs)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert any(line.startswith("fabrikam/meetings/broken.yaml:15: leverage[0]: ")
               and "fy27-budget" in line for line in errors), result.stderr
    assert any(line.startswith("fabrikam/meetings/syntax.yaml:") and "YAML syntax error" in line
               for line in errors), result.stderr
    assert "18 documents written, 2 meetings failed" in errors[-1]
    # the good meetings were all written; the broken ones wrote nothing
    assert len(written(out)) == 18
    assert not any("never" in p.name or "syntax" in p.name for p in written(out))


def test_exit_code_is_0_when_all_meetings_are_good_and_1_when_one_fails(clients, tmp_path):
    assert run("batch", clients, "-o", tmp_path / "a").exit_code == 0
    (clients / "fabrikam" / "meetings" / "roadmap-2.yaml").write_text(
        GOOD_MEETING.format(n=2).replace("type: roadmap-briefing", "type: no-such-type"),
        encoding="utf-8")
    result = run("batch", clients, "-o", tmp_path / "b")
    assert result.exit_code == 1
    assert "roadmap-2.yaml:2: type: " in result.stderr
    assert len(written(tmp_path / "b")) == 15


def _content(path: Path) -> dict[str, bytes]:
    """The document's parts, without the properties that record when it was made."""
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.startswith("word/")}


def test_one_job_and_two_jobs_write_the_same_files(clients, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    first = run("batch", clients, "-o", one, "--jobs", "1")
    second = run("batch", clients, "-o", two, "--jobs", "2")
    assert first.exit_code == second.exit_code == 0
    names = sorted(p.relative_to(one) for p in written(one))
    assert names == sorted(p.relative_to(two) for p in written(two))
    for name in names:
        assert _content(one / name) == _content(two / name), name
    # the same paths, printed in the same order
    assert [Path(p).relative_to(one) for p in first.stdout.splitlines()] == \
        [Path(p).relative_to(two) for p in second.stdout.splitlines()]


def test_existing_files_are_not_replaced_without_force(clients, tmp_path):
    out = tmp_path / "out"
    target = sorted(expected_pack(clients / "fabrikam/meetings/roadmap-1.yaml",
                                  out / "fabrikam-test-ltd"))
    target[0].parent.mkdir(parents=True)
    target[0].write_bytes(b"a file the user made")
    result = run("batch", clients, "-o", out)
    assert result.exit_code == 1
    assert "roadmap-1.yaml: not replacing" in result.stderr
    assert "--force" in result.stderr
    assert target[0].read_bytes() == b"a file the user made"
    assert not target[1].exists()  # a meeting's documents are written all or none
    assert len(written(out)) == 1 + 15  # every other meeting was written
    forced = run("batch", clients, "-o", out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target[0].read_bytes()[:2] == b"PK" and target[1].exists()


def test_folders_are_searched_for_meetings_only(clients):
    contoso = clients / "contoso"
    (contoso / "templates").mkdir()
    (contoso / "templates" / "meeting.yaml").write_text("type: qbr\ntitle: not a meeting\n")
    (contoso / ".hidden").mkdir()
    (contoso / ".hidden" / "m.yaml").write_text("type: qbr\ntitle: not a meeting\n")
    (contoso / "output").mkdir()
    (contoso / "output" / "m.yaml").write_text("type: qbr\ntitle: not a meeting\n")
    (contoso / "notes.yaml").write_text("owner: Dana\ntopics: [a, b]\n")
    meetings, problems = find_meetings([contoso])
    assert sorted(m.name for m in meetings) == sorted(
        p.name for p in (CONTOSO / "meetings").glob("*.yaml"))  # the clients' copy: no offers
    assert find_meetings([CONTOSO])[0] == [*sorted((CONTOSO / "meetings").glob("*.yaml")),
                                           *sorted((CONTOSO / "offers").glob("*.yaml"))]
    assert problems == []


def test_a_path_without_meetings_is_a_failure(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("batch", tmp_path / "empty", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "no meeting or offer files found" in result.stderr


def test_two_meetings_that_would_write_the_same_files_do_not_overwrite_each_other(
        clients, tmp_path):
    meetings = clients / "fabrikam" / "meetings"
    shutil.copy(meetings / "roadmap-1.yaml", meetings / "roadmap-copy.yaml")
    result = run("batch", clients / "fabrikam", "-o", tmp_path / "out", "--force")
    assert result.exit_code == 1
    assert "roadmap-copy.yaml: writes the same files as" in result.stderr
    assert len(written(tmp_path / "out")) == 6


def test_run_batch_reports_progress_and_results(clients, tmp_path):
    seen = []
    result = run_batch([clients], tmp_path / "out", jobs=1,
                       progress=lambda done, total, converted: seen.append((done, total)))
    assert not result.failed and len(result.written) == 18
    assert seen[-1] == (6, 6) and seen == sorted(seen)
    assert result.summary().startswith("18 documents written, 0 meetings failed, ")


def test_markdown_of_many_meetings_is_all_recorded_in_the_folder_manifest(clients, tmp_path):
    """One process writes an organisation's folder, so its manifest of .md files loses none."""
    import json

    out = tmp_path / "out"
    result = run("batch", clients, "-o", out, "--format", "md", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    for folder in ("contoso-ltd", "fabrikam-test-ltd"):
        manifest = json.loads((out / folder / ".briefpack-manifest.json").read_text())
        assert set(manifest) == {p.name for p in (out / folder).glob("*.md")}
    # and so a second run replaces them all as briefpack's own, unchanged files
    assert run("batch", clients, "-o", out, "--format", "md").exit_code == 0


def test_help_and_validate_do_not_import_the_word_writer():
    """Deferred imports keep `briefpack --help` and `validate` quick."""
    import subprocess
    import sys

    heavy = ("docx", "lxml", "markdown_it")
    for args in (["--help"], ["validate", str(CONTOSO)]):
        code = ("import sys\nfrom briefpack.cli import main\n"
                f"sys.argv = ['briefpack', *{args!r}]\n"
                "try:\n    main()\nexcept SystemExit:\n    pass\n"
                f"print([m for m in {heavy!r} if m in sys.modules])")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout
        assert out.strip().splitlines()[-1] == "[]", (args, out)


def test_a_meeting_with_an_impossible_date_in_a_folder_is_reported_not_crashed(tmp_path):
    import shutil

    from briefpack.commands.batch import find_meetings

    org = tmp_path / "org"
    shutil.copytree(ROOT / "examples" / "contoso", org)
    bad = org / "meetings" / "bad.yaml"
    bad.write_text((org / "meetings" / "2026-12-03-q4-qbr.yaml").read_text()
                   .replace("date: 2026-12-03", "date: 2026-13-01"))
    meetings, problems = find_meetings([org])
    assert bad in meetings and problems == []


def test_batch_writes_each_agenda_s_e_mail_draft_with_format_eml(tmp_path):
    import email
    import email.policy

    out = tmp_path / "out"
    meetings = Path(__file__).resolve().parents[1] / "examples" / "contoso" / "meetings"
    result = CliRunner().invoke(main, ["batch", str(meetings), "-o", str(out), "--jobs", "1",
                                       "--format", "eml"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    drafts = sorted(out.rglob("*.eml"))
    assert [d.name.endswith("-agenda.eml") for d in drafts] == [True] * len(
        list(meetings.glob("*.yaml")))
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content() == drafts[0].with_suffix(".docx").read_bytes()
