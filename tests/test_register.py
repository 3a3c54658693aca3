"""`briefpack register`: every commitment with its age, due date, overdue flag and next action,
filters that combine, and the chase list of verbal commitments to get in writing first. The
expected values are worked out here from examples/contoso/org.yaml, by hand."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
ORG = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
AS_OF = "2026-12-03"  # the day of the example's QBR


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def listing(*args, org=EXAMPLE) -> dict:
    result = run("register", org, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def contoso(tmp_path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "contoso")
    return tmp_path / "contoso"


def test_every_commitment_with_its_age_due_date_and_next_action():
    data = listing("--as-of", AS_OF)
    rows = {r["id"]: r for r in data["commitments"]}
    assert list(rows) == [c["id"] for c in ORG["commitments"]]
    assert data["total"] == 7 and data["as_of"] == AS_OF
    assert data["marking"] == ORG["marking"]
    # C-01: made 2025-03-14; to 2026-12-03 is 292 days of 2025 left after 14 March, 337 in 2026
    assert rows["C-01"]["age_days"] == (date(2026, 12, 3) - date(2025, 3, 14)).days == 629
    assert rows["C-01"]["value"] == 2510000
    # verbal: get it in writing; its maker Alex Morgan left on 2026-09-30 (the roster's until)
    assert rows["C-01"]["next_action"].startswith("Get it in writing")
    assert "Alex Morgan left on 30 September 2026" in rows["C-01"]["next_action"]
    assert rows["C-01"]["maker_until"] == "2026-09-30" and rows["C-01"]["maker_left"]
    # written, due 2027-03-31, not yet due: track
    assert rows["C-03"]["next_action"] == "Track: due 31 March 2027"
    assert rows["C-03"]["overdue"] is False
    # written, no due date: track
    assert rows["C-07"]["next_action"] == "Track"
    # broken: raise it at the next meeting, which is the QBR on this very day
    assert rows["C-05"]["next_action"] == ("Raise it at the next meeting: Q4 business review, "
                                           "3 December 2026")
    # honoured, withdrawn: nothing to do
    assert rows["C-04"]["next_action"] == rows["C-06"]["next_action"] == "None"


def test_overdue_on_the_example():
    # due dates in the example: C-02 2027-07-01 (verbal), C-03 2027-03-31 (written),
    # C-05 2026-04-30 (broken). On 2026-12-03 only C-05's has passed.
    data = listing("--overdue", "--as-of", AS_OF)
    assert [r["id"] for r in data["commitments"]] == ["C-05"]
    assert data["commitments"][0]["days_overdue"] == (date(2026, 12, 3) - date(2026, 4, 30)).days
    # on 2027-04-01 C-03's due date (31 March) has passed too; it is written: chase delivery.
    # No meeting file is dated on or after 1 April 2027 (the last is the 5 March kick-off).
    later = {r["id"]: r for r in listing("--overdue", "--as-of", "2027-04-01")["commitments"]}
    assert list(later) == ["C-03", "C-05"]
    assert later["C-03"]["next_action"] == "Chase delivery: it was due 31 March 2027, 1 day ago"
    assert later["C-05"]["next_action"].startswith("Raise it at the next meeting (none")
    # a honoured or withdrawn commitment is never overdue, whatever its due date
    assert listing("--overdue", "--as-of", "2030-01-01")["total"] == 7
    assert {r["status"] for r in listing("--overdue", "--as-of", "2030-01-01")[
        "commitments"]} <= {"verbal", "written", "broken"}


def test_chase_order_on_the_example():
    # The verbal commitments are C-01 and C-02, both made by Alex Morgan, who left the account
    # on 2026-09-30; so both are chased first, the more valuable first: C-01 (2,510,000)
    # before C-02 (730,000).
    verbal = [c["id"] for c in ORG["commitments"] if c["status"] == "verbal"]
    assert verbal == ["C-01", "C-02"]
    chase = listing("--as-of", AS_OF)["chase"]
    assert [c["id"] for c in chase] == ["C-01", "C-02"]
    assert [c["rank"] for c in chase] == [1, 2]
    assert "Alex Morgan left the account on 30 September 2026" in chase[0]["reason"]
    assert "worth 2,510,000" in chase[0]["reason"]


def test_chase_order_leavers_then_value_then_age(contoso):
    org = contoso / "org.yaml"
    text = org.read_text()
    # Priya Shah is leaving: her until is set, in the future
    text = text.replace("    since: 2024-09-01\n", "    since: 2024-09-01\n    until: 2027-01-31\n")
    extra = """
  - {id: C-08, date: 2026-11-01, made_by: Sam Rivera, summary: Big, status: verbal, value: 5000000}
  - {id: C-09, date: 2026-11-20, made_by: Priya Shah, summary: Hers, status: verbal}
  - {id: C-10, date: 2026-01-01, made_by: Sam Rivera, summary: No value, status: verbal}
  - {id: C-11, date: 2026-06-01, made_by: Sam Rivera, summary: Big and older, status: verbal, value: 5000000}
"""
    anchor = '    evidence: "email 2026-10-20 from Sam Rivera"\n'
    org.write_text(text.replace(anchor, anchor + extra.lstrip("\n"), 1))
    chase = [c["id"] for c in listing("--as-of", AS_OF, org=contoso)["chase"]]
    # leavers first (Alex Morgan's C-01, C-02 by value; Priya Shah's C-09, no value, after
    # them), then the others by value (C-11 and C-08, 5,000,000 each: the older C-11 first),
    # then C-10 without a value
    assert chase == ["C-01", "C-02", "C-09", "C-11", "C-08", "C-10"]
    c09 = next(r for r in listing("--as-of", AS_OF, org=contoso)["commitments"]
               if r["id"] == "C-09")
    assert c09["next_action"] == "Get it in writing before Priya Shah leaves on 31 January 2027"


def test_filters_combine():
    by_alex = listing("--by", "Alex Morgan", "--as-of", AS_OF)
    assert [r["id"] for r in by_alex["commitments"]] == ["C-01", "C-02", "C-03", "C-06"]
    both = listing("--by", "alex", "--status", "verbal", "--status", "written", "--as-of", AS_OF)
    assert [r["id"] for r in both["commitments"]] == ["C-01", "C-02", "C-03"]
    assert both["filters"] == {"status": ["verbal", "written"], "overdue": False, "by": "alex"}
    assert both["total"] == 7
    none = listing("--by", "Alex", "--overdue", "--as-of", AS_OF)
    assert none["commitments"] == [] and none["chase"] == []


def test_an_unknown_name_is_misuse_naming_who_made_commitments():
    result = run("register", EXAMPLE, "--by", "Alexandra")
    assert result.exit_code == 2
    assert "nobody named 'Alexandra'" in result.stderr and "Tomás Novak" in result.stderr


def test_text_listing_for_a_terminal():
    result = run("register", EXAMPLE, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ORG["marking"]
    assert "Commitments register of Contoso Ltd as of 3 December 2026: 7 commitments" in lines
    assert max(len(line) for line in lines) <= 100
    c05 = lines.index(next(line for line in lines if line.startswith("C-05")))
    assert lines[c05].split()[:2] == ["C-05", "broken"]
    assert lines[c05 + 1].strip() == "due 2026-04-30, OVERDUE by 217 days"
    chase = lines[lines.index("Chase first (verbal: get these in writing, in this order):") + 1:]
    assert [line.split()[:2] for line in chase] == [["1.", "C-01"], ["2.", "C-02"]]


def test_run_in_the_organisation_folder_without_org(contoso, monkeypatch):
    monkeypatch.chdir(contoso / "meetings")
    result = run("register", "--as-of", AS_OF, "--status", "broken")
    assert result.exit_code == 0, result.stderr
    assert "C-05  broken" in result.stdout and "C-01" not in result.stdout.split("Chase")[0]


def test_xlsx_listing_is_written_under_the_organisation_folder(tmp_path):
    result = run("register", EXAMPLE, "--as-of", AS_OF, "--format", "xlsx", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == tmp_path / "contoso-ltd" / "2026-12-03-contoso-ltd-register.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Register"]
    assert sheet["A1"].value == ORG["marking"]
    assert sheet.oddHeader.center.text == ORG["marking"]
    assert sheet.freeze_panes == "A3"
    header = [c.value for c in sheet[2]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert list(rows) == [c["id"] for c in ORG["commitments"]]
    assert rows["C-05"]["Overdue"] is True and rows["C-01"]["Overdue"] is False
    assert rows["C-05"]["Due"] == datetime(2026, 4, 30)
    assert rows["C-01"]["Age (days)"] == 629 and rows["C-01"]["Value"] == 2510000
    chase = book["Chase"]
    assert [r[1] for r in chase.iter_rows(min_row=3, values_only=True)] == ["C-01", "C-02"]
    # written again unchanged: replaced; edited by the user: refused without --force
    again = run("register", EXAMPLE, "--as-of", AS_OF, "--format", "xlsx", "-o", tmp_path)
    assert again.exit_code == 0, again.stderr
    book["Register"]["L3"] = "Call Sam"
    book.save(path)
    refused = run("register", EXAMPLE, "--as-of", AS_OF, "--format", "xlsx", "-o", tmp_path)
    assert refused.exit_code == 1 and "not replacing" in refused.stderr
