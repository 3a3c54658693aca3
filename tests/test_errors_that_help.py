"""Issue 15, items 8 and 9: errors that say what to do, all at once, and ``validate`` with no
paths.

- a role may be written as ``briefpack list roles`` shows it (``AE``, ``CSAM``, ``Deal Desk
  Manager``), in org.yaml and in a meeting; it is resolved, not refused by a pattern;
- an unknown id is answered with the one meant (``technical deep dive`` →
  ``technical-deep-dive``);
- a date written ``31/10/2027`` says "write dates as YYYY-MM-DD, e.g. 2027-10-31";
- the fix offered for a protected fact under ``share`` is one briefpack accepts;
- every problem of every file is listed in one run, so that fixing them all makes the files
  valid: no second batch appears;
- ``validate`` with no paths checks the organisation folder it is run in, and says so clearly
  when there is none (at a repository's root it reads no playbook or test fixture).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"

ORG = """\
name: Fabrikam Test Ltd
account_team:
  - {name: Alex Morgan, role: AE}
  - {name: Priya Shah, role: CSAM}
our_team:
  - {name: Dana Lee, title: Head of Software Asset Management}
facts:
  - {id: user-count, category: organisation-size, text: "6,800 users in 14 countries"}
  - {id: renewal-date, category: renewal-timeline, text: "EA renews 30 June 2027"}
  - {id: fy27-budget, category: budget, text: "FY27 budget envelope is 4.2M USD"}
  - {id: azure-plan, category: strategic-initiatives, text: "Azure migration of 40 apps in 2028"}
commitments:
  - {id: C-01, date: 2026-03-14, made_by: Alex Morgan, summary: "Price hold", status: verbal}
"""

MEETING = """\
org: ../org.yaml
type: qbr
title: Q4 business review
date: 2026-12-03
time: "14:00"
duration: 60
attendees:
  vendor: [Alex Morgan]
  ours: [Dana Lee]
share: [user-count]
"""


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert isinstance(result.exception, (SystemExit, type(None))), result.exc_info
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def acme(tmp_path, monkeypatch) -> Path:
    """An organisation folder ``acme`` in the test's folder, which is the current folder."""
    (tmp_path / "acme" / "meetings").mkdir(parents=True)
    (tmp_path / "acme" / "org.yaml").write_text(ORG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return Path("acme")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def problems(result) -> list[str]:
    """The problem lines of a failed run (without the summary)."""
    assert result.exit_code == 1, result.output
    assert re.fullmatch(r"\d+ problems? in \d+ files?; nothing was written\.",
                        result.stderr.splitlines()[-1]), result.stderr
    return result.stderr.splitlines()[:-1]


# --------------------------------------------------------------------------- role aliases


def test_roles_written_as_list_roles_shows_them_are_accepted_and_resolved(acme, tmp_path):
    listed = run("list", "roles").stdout
    assert "(also: AE)" in listed and "CSAM" in listed and "Deal Desk Manager" in listed
    meeting = write(acme / "meetings" / "qbr.yaml", MEETING.replace(
        "vendor: [Alex Morgan]",
        "vendor: [Alex Morgan, Priya Shah, {name: Lena Fischer, role: Deal Desk Manager}]"))
    assert run("validate", "acme").exit_code == 0
    result = run("brief", meeting, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    text = docx_text(next((tmp_path / "out").rglob("*-briefing.docx")))
    for person, role in (("Alex Morgan", "Account Executive (AE)"),
                         ("Priya Shah", "Customer Success Manager (CSM)"),
                         ("Lena Fischer", "Deal desk")):
        assert any(person in line and role in line for line in text.splitlines()), person


def test_a_role_alias_counts_for_what_the_role_probes_for(acme):
    """``CSAM`` is the csm role: the renewal date may not go into the agenda in front of it."""
    write(acme / "meetings" / "qbr.yaml", MEETING.replace(
        "vendor: [Alex Morgan]", "vendor: [Priya Shah]").replace(
        "share: [user-count]", "share: [renewal-date]"))
    (line,) = problems(run("validate", "acme"))
    assert "share[0]: fact 'renewal-date'" in line
    assert "Customer Success Manager (CSM) attends" in line.replace("(CSM)) attends", "(CSM) attends")


def test_an_unknown_role_names_the_one_meant(acme):
    meeting = write(acme / "meetings" / "qbr.yaml", MEETING.replace(
        "vendor: [Alex Morgan]", "vendor: [{name: Lena Fischer, role: deal dsk}]"))
    (line,) = problems(run("validate", meeting))
    assert line.startswith(f"{meeting}:{line_of(meeting, 'deal dsk')}: attendees.vendor[0].role: "
                           "unknown role 'deal dsk'; did you mean 'deal-desk'?")
    assert "briefpack list roles" in line


# --------------------------------------------------------------------------- ids and dates


@pytest.mark.parametrize("written", ["technical deep dive", "Technical_Deep_Dive",
                                     "technical-deep-dve"])
def test_an_unknown_meeting_type_suggests_the_id_meant(acme, written):
    meeting = write(acme / "meetings" / "dive.yaml",
                    MEETING.replace("type: qbr", f"type: {written}"))
    (line,) = problems(run("validate", meeting))
    assert line.startswith(f"{meeting}:2: type: unknown meeting type '{written}'; "
                           "did you mean 'technical-deep-dive'?")


@pytest.mark.parametrize("written, says", [
    ("31/10/2027", "write dates as YYYY-MM-DD, e.g. 2027-10-31"),
    ("31.10.2027", "write dates as YYYY-MM-DD, e.g. 2027-10-31"),
    ("2027/10/31", "write dates as YYYY-MM-DD, e.g. 2027-10-31"),
    ("03/04/2027", ("write dates as YYYY-MM-DD, e.g. 2027-04-03 (or 2027-03-04 if the month "
                    "comes first)")),
])
def test_a_date_written_another_way_says_how_to_write_it(acme, written, says):
    meeting = write(acme / "meetings" / "qbr.yaml",
                    MEETING.replace("date: 2026-12-03", f"date: {written}"))
    (line,) = problems(run("validate", meeting))
    assert line.startswith(f"{meeting}:4: date: {says}")


def test_a_date_in_org_yaml_too(acme):
    write(acme / "org.yaml", ORG.replace("date: 2026-03-14", "date: 14/03/2026"))
    (line,) = problems(run("validate", "acme"))
    assert line.startswith("acme/org.yaml:13: commitments[0].date: write dates as YYYY-MM-DD, "
                           "e.g. 2026-03-14")


def test_an_unknown_fact_names_the_one_meant(acme):
    meeting = write(acme / "meetings" / "qbr.yaml",
                    MEETING.replace("share: [user-count]", "share: [user-cnt]"))
    (line,) = problems(run("validate", meeting))
    assert "share[0]: unknown fact 'user-cnt'; did you mean 'user-count'?" in line


# --------------------------------------------------------------------------- fixes that work


@pytest.mark.parametrize("fact, vendor, fix, not_offered", [
    ("fy27-budget", "[Alex Morgan]", "not even as leverage", "under leverage"),
    ("azure-plan", "[Alex Morgan]", "list it under leverage", "without the"),
    ("renewal-date", "[Alex Morgan, Priya Shah]",
     "a meeting without the Customer Success Manager (CSM)", "leverage"),
])
def test_the_fix_offered_for_a_protected_fact_in_share_is_accepted(acme, fact, vendor, fix,
                                                                   not_offered):
    meeting = write(acme / "meetings" / "qbr.yaml", MEETING.replace(
        "vendor: [Alex Morgan]", f"vendor: {vendor}").replace(
        "share: [user-count]", f"share: [user-count, {fact}]"))
    (line,) = problems(run("validate", meeting))
    assert line.startswith(f"{meeting}:10: share[1]: fact '{fact}'")
    advice = line.split(". ", 1)[1] if ". " in line else line
    assert fix in line and not_offered not in advice.split("Remove it from share")[1], line
    # doing what it says makes the file valid
    text = meeting.read_text().replace(f"share: [user-count, {fact}]", "share: [user-count]")
    if "list it under leverage" in fix:
        text += f"leverage: [{fact}]\n"
    if "without the" in fix:
        text = text.replace(vendor, "[Alex Morgan]") + f"share_again: [{fact}]\n"
        text = text.replace("share: [user-count]\n", "").replace("share_again", "share")
    write(meeting, text)
    assert run("validate", meeting).exit_code == 0, run("validate", meeting).stderr


def test_budget_under_leverage_says_to_remove_it_and_what_to_say(acme):
    meeting = write(acme / "meetings" / "qbr.yaml", MEETING + "leverage: [fy27-budget]\n")
    (line,) = problems(run("validate", meeting))
    assert "never shared, not even as leverage" in line and "Remove it from leverage" in line
    assert '"We are evaluating based on value, not a fixed budget."' in line


# --------------------------------------------------------------------------- everything at once


BROKEN = """\
org: ../org.yaml
type: qbr
title: Q4 business review
date: 31/10/2027
time: "14:00"
duration: 60
attendees:
  vendor: [Alex Morgan, {name: Lena Fischer, role: deal dsk}]
  ours: [Dana Lee]
agenda:
  - {title: "Licence position", minutes: 10}
share: [user-count, azure-plan]
"""


def test_every_problem_is_listed_at_once_and_fixing_them_leaves_none(acme):
    write(acme / "org.yaml", ORG.replace("role: CSAM", "role: customer success"))
    meeting = write(acme / "meetings" / "qbr.yaml", BROKEN)
    lines = problems(run("validate", "acme"))
    found = {(line.split(": ")[0], line.split(": ")[1]) for line in lines}
    assert found == {
        ("acme/org.yaml:4", "account_team[1].role"),
        (f"{meeting}:4", "date"),
        (f"{meeting}:6", "duration"),
        (f"{meeting}:8", "attendees.vendor[1].role"),
        (f"{meeting}:12", "share[1]"),
    }, "\n".join(lines)
    # fix each as its message says; no new batch of problems appears
    write(acme / "org.yaml", ORG)
    write(meeting, BROKEN.replace("31/10/2027", "2027-10-31")
          .replace("duration: 60", "duration: 70").replace("deal dsk", "deal-desk")
          .replace("share: [user-count, azure-plan]", "share: [user-count]\nleverage: [azure-plan]"))
    result = run("validate", "acme")
    assert result.exit_code == 0, result.stderr


def test_brief_lists_every_problem_of_the_meeting_and_its_organisation_at_once(acme, tmp_path):
    write(acme / "org.yaml", ORG.replace("role: CSAM", "role: customer success"))
    meeting = write(acme / "meetings" / "qbr.yaml", BROKEN)
    lines = problems(run("brief", meeting, "-o", tmp_path / "out"))
    assert len(lines) == 5 and not (tmp_path / "out").exists()


def test_protected_text_in_a_shared_field_is_listed_with_the_other_problems(acme):
    """What brief refuses in the agenda's own words (a protected fact in the title) is found
    by validate in the same run as a bad date, not after it is fixed."""
    meeting = write(acme / "meetings" / "qbr.yaml", MEETING.replace(
        "title: Q4 business review", "title: Q4 review (budget 4.2M USD)").replace(
        "date: 2026-12-03", "date: 3/12/2026"))
    lines = problems(run("validate", meeting))
    assert [line.split(": ")[1] for line in lines] == ["title", "date"]
    assert "fy27-budget" in lines[0]


# --------------------------------------------------------------------------- validate, no paths


def test_validate_without_paths_checks_the_organisation_folder_it_is_run_in(acme, monkeypatch):
    write(acme / "meetings" / "qbr.yaml", MEETING)
    write(acme / "meetings" / "bad.yaml", MEETING.replace("type: qbr", "type: qbrr"))
    monkeypatch.chdir(acme)
    (line,) = problems(run("validate"))
    assert line.startswith("meetings/bad.yaml:2: type: unknown meeting type 'qbrr'")
    write(Path("meetings/bad.yaml"), MEETING)
    assert run("validate").stderr == "ok: 3 files valid\n"  # org.yaml and two meetings
    monkeypatch.chdir("meetings")  # inside its meetings/ folder: the organisation above
    assert run("validate").stderr == "ok: 3 files valid\n"


def test_validate_without_paths_where_there_is_no_organisation_says_so(tmp_path, monkeypatch):
    """A repository's root: playbooks, test fixtures and examples, but no org.yaml of its own."""
    (tmp_path / "playbooks" / "acme").mkdir(parents=True)
    write(tmp_path / "playbooks" / "acme" / "vendor.yaml", "vendor: {id: x}\n")
    (tmp_path / "tests" / "fixtures" / "case").mkdir(parents=True)
    write(tmp_path / "tests" / "fixtures" / "case" / "meeting.yaml", "type: qbr\ntitle: x\n")
    write(tmp_path / "tests" / "fixtures" / "case" / "expected.yaml", "line: 3\n")
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [(
        f"error: nothing to validate in {tmp_path}: it holds no org.yaml, so it is not an "
        "organisation folder. Run briefpack validate in one (the folder with org.yaml and "
        "meetings/), or name what to check: briefpack validate PATH ... (meeting files, "
        "organisation folders, playbook folders)")]


def test_validate_at_this_repositorys_root_reads_no_playbook_or_fixture(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("validate")
    assert result.exit_code == 1 and result.stderr.startswith("error: nothing to validate in ")
    assert "fixtures" not in result.stderr and "playbooks" not in result.stderr


def test_a_folder_named_reads_playbooks_as_playbooks_and_leaves_other_yaml_alone(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo" / "tests").mkdir(parents=True)
    write(tmp_path / "repo" / "tests" / "expected.yaml", "file: meeting.yaml\nline: 7\n")
    write(tmp_path / "repo" / "mkdocs.yml", "site_name: x\n")
    result = run("validate", "repo", ROOT / "playbooks" / "microsoft")
    assert "expected.yaml" not in result.stderr and "mkdocs.yml" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "repo: no organisation, meeting or playbook files found in this folder (2 other YAML "
        "files left alone); a meeting is a YAML mapping with type and title")
    result = run("validate", ROOT / "playbooks", ROOT / "examples")
    assert result.exit_code == 0, result.stderr  # the playbook's files are no meetings


def test_validate_help_and_readme_say_what_no_paths_means():
    help_text = " ".join(run("validate", "--help").stdout.split())
    assert "With no PATHS: the organisation folder you are in" in help_text
    assert "there is nothing to validate" in help_text
    readme = (ROOT / "README.md").read_text()
    assert ("briefpack validate [PATH ...] [--strict]   # no PATH: the organisation folder you "
            "are in") in readme


def test_an_overlay_may_name_attendee_roles_by_alias(acme):
    write(acme / "org.yaml", ORG + """\
playbook:
  meeting_types:
    - id: deal-review
      name: Deal review
      purpose: Walk the deal desk through our counter-proposal
      attendee_roles: [AE, Deal Desk Manager]
      objectives: ["Get a decision date"]
      agenda:
        - {id: ours, title: Our counter-proposal, minutes: 25, owner: us}
      questions: ["Who signs off a structure like ours?"]
      principles: [3, 6]
      next_step_ask: A decision date in writing
      source: seed-article
""")
    write(acme / "meetings" / "deal.yaml", MEETING.replace("type: qbr", "type: deal-review")
          .replace("vendor: [Alex Morgan]", "vendor: []"))
    result = run("validate", "acme")
    assert result.exit_code == 0, result.stderr
    write(acme / "org.yaml", (acme / "org.yaml").read_text().replace("Deal Desk Manager",
                                                                      "Deal Dsk"))
    (line,) = problems(run("validate", "acme"))
    assert "attendee_roles[1]: unknown role 'Deal Dsk'" in line


@pytest.mark.parametrize("command", ["brief", "followup", "validate"])
def test_protected_text_and_data_errors_are_reported_together(tmp_path, command):
    """A protected figure in the title and a date written the wrong way: one run shows both,
    whichever command is run, and nothing is written."""
    import shutil

    org = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, org)
    meeting = org / "meetings" / "2026-12-03-q4-qbr.yaml"
    text = meeting.read_text(encoding="utf-8")
    text = text.replace("title: ", "title: Budget 4.2M USD review ", 1)
    text = text.replace("date: 2026-12-03", "date: 31/12/2026", 1)
    meeting.write_text(text, encoding="utf-8")
    args = [command, str(meeting)] + ([] if command == "validate" else ["-o", str(tmp_path / "o")])
    result = run(*args)
    assert result.exit_code == 1
    assert "gives away the protected fact 'fy27-budget'" in result.stderr
    assert "write dates as YYYY-MM-DD, e.g. 2026-12-31" in result.stderr
    assert not (tmp_path / "o").exists()
