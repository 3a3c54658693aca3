"""The renewal calendar (issue 17, item 4): ``briefpack calendar`` lays the playbook's sourced
milestones (playbooks/microsoft/milestones.yaml) on an organisation's agreement and its own
deadlines, lists them in date order and writes them as an internal .ics.

Every test runs the CLI on a copy of the example organisation, its agreement changed to the
kind under test. Expected dates are worked out here by hand, from the milestones' offsets:
preparation 12 months before an EA (or an MCA-E order form) ends, Microsoft's proposal 10 and 8
months before an EA ends, reminders 120, 90 and 60 days before any term ends, approval papers
21 days before a board or approval deadline, Microsoft's quarter ends (30 September, 31
December, 31 March) and year end (30 June).
"""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from icalendar import Calendar

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MARKING = "CONTOSO INTERNAL — NOT FOR DISTRIBUTION TO MICROSOFT"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def organisation(tmp_path: Path, agreement: dict | None = None, facts: dict | None = None
                 ) -> Path:
    """A copy of the example organisation, its agreement replaced by ``agreement`` and the
    facts named in ``facts`` given those fields; the folder."""
    folder = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, folder)
    data = yaml.safe_load((folder / "org.yaml").read_text())
    if agreement is not None:
        data["agreement"] = agreement
    for fact in data["facts"]:
        fact.update((facts or {}).get(fact["id"], {}))
    (folder / "org.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return folder


def listed(output: str) -> list[tuple[str, str, str]]:
    """(date, what, for) of each line of the text listing."""
    rows = []
    for line in output.splitlines():
        m = re.match(r"(\d{4}-\d\d-\d\d)  +(today|in \d+ days?|\d+ days ago)  +(.+?)  +(.+?)  +"
                     r"(seed|public|unlocated|practice)", line)
        if m:
            rows.append((m[1], m[3], m[4]))
    return rows


def dates_of(rows, what: str) -> list[str]:
    return [day for day, title, _ in rows if title.startswith(what)]


# --------------------------------------------------------------------------- EA


EA_END = "2027-06-30"  # the example's Enterprise Agreement


def test_an_ea_lists_its_milestones_in_date_order_from_the_playbook(tmp_path):
    folder = organisation(tmp_path)
    result = run("calendar", folder, "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.stderr
    rows = listed(result.stdout)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert dates_of(rows, "Start preparing the renewal") == ["2026-06-30"]  # 12 months
    assert dates_of(rows, "Microsoft's renewal proposal may arrive") == ["2026-08-30"]  # 10
    assert dates_of(rows, "Microsoft's renewal proposal is usually in") == ["2026-10-30"]  # 8
    # 120, 90 and 60 days before 30 June 2027
    assert dates_of(rows, "Renewal reminder") == ["2027-03-02", "2027-04-01", "2027-05-01"]
    assert dates_of(rows, "The Enterprise Agreement ends") == [EA_END]
    assert dates_of(rows, "Microsoft's FY27 Q") == ["2026-09-30", "2026-12-31", "2027-03-31"]
    assert dates_of(rows, "Microsoft's fiscal year") == ["2026-06-30", "2027-06-30"]
    ea_rows = [r for r in rows if r[1].startswith(("Start preparing", "Renewal reminder"))]
    assert all(r[2] == "Enterprise Agreement EA-61834207" for r in ea_rows)
    # no MCA-E or CSP milestone for an EA
    assert not dates_of(rows, "The order form ends") and not dates_of(rows, "The CSP")


def test_our_own_deadlines_and_the_approval_before_them_are_listed(tmp_path):
    """The board's date (2027-04-15) and procurement's (2027-05-31) are in the example's facts'
    text; the approval papers are due 21 days before the board's."""
    result = run("calendar", organisation(tmp_path), "--as-of", "2026-12-03")
    rows = listed(result.stdout)
    own = [(day, what) for day, title, what in rows if title.startswith("Our own deadline")]
    assert own == [("2027-04-15", "Board-level deadline pressure (board-approval-date)"),
                   ("2027-05-31", "Renewal urgency (urgency-sa-lapse)")]
    assert dates_of(rows, "Approval papers ready") == ["2027-03-25"]
    assert "Our own deadline (never to Microsoft)" in result.stdout


def test_the_listing_counts_days_from_as_of_and_names_its_source_kinds(tmp_path):
    result = run("calendar", organisation(tmp_path), "--as-of", "2026-12-03")
    lines = result.stdout.splitlines()
    assert lines[0] == MARKING
    reminder = next(line for line in lines if line.startswith("2027-03-02"))
    assert "in 89 days" in reminder and reminder.rstrip().endswith("public")  # Zylo's page
    approval = next(line for line in lines if line.startswith("2027-03-25"))
    assert approval.rstrip().endswith("practice")  # briefpack's own three weeks
    year_end = next(line for line in lines if "fiscal year FY27" in line)
    assert "in 209 days" in year_end
    # the default range runs from --as-of to the last renewal ahead
    assert listed(result.stdout)[0][0] == "2026-12-31" and listed(result.stdout)[-1][0] == EA_END
    # as of 3 December 2026 the EA's preparation (from 30 June 2026) started late
    assert ("Enterprise Agreement EA-61834207: As of 3 December 2026, 209 days before the "
            "agreement ends: preparation is usually started about 12 months ahead") in result.stdout


def test_from_and_to_narrow_the_listing(tmp_path):
    result = run("calendar", organisation(tmp_path), "--as-of", "2026-12-03",
                 "--from", "2027-03-01", "--to", "2027-04-30")
    assert [r[0] for r in listed(result.stdout)] == [
        "2027-03-02", "2027-03-25", "2027-03-31", "2027-04-01", "2027-04-15"]
    past = run("calendar", organisation(tmp_path / "b"), "--as-of", "2027-01-01",
               "--from", "2026-06-01", "--to", "2026-07-01")
    # 30 June 2026 to 1 January 2027: 1 + 31 + 31 + 30 + 31 + 30 + 31 days
    prep = next(line for line in past.stdout.splitlines() if "Start preparing" in line)
    assert prep.startswith("2026-06-30  185 days ago")


def test_from_after_to_is_misuse(tmp_path):
    result = run("calendar", organisation(tmp_path), "--from", "2027-05-01", "--to", "2027-01-01")
    assert result.exit_code == 2
    assert "--from is after --to" in result.stderr


def test_without_org_it_uses_the_organisation_folder_it_is_run_in(tmp_path, monkeypatch):
    folder = organisation(tmp_path)
    monkeypatch.chdir(folder / "meetings")
    result = run("calendar", "--as-of", "2026-12-03")
    assert result.exit_code == 0, result.stderr
    assert "Contoso Ltd: renewal calendar, 2026-12-03 to 2027-06-30" in result.stdout
    monkeypatch.chdir(tmp_path)
    result = run("calendar")
    assert result.exit_code == 1 and "holds no org.yaml" in result.stderr


# --------------------------------------------------------------------------- the .ics


def write_ics(folder: Path, out: Path, *args) -> tuple[Path, Calendar]:
    result = run("calendar", folder, "--format", "ics", "-o", out, *args)
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    return path, Calendar.from_ical(path.read_bytes())


def test_the_ics_is_internal_parses_and_holds_every_listed_milestone_with_alarms(tmp_path):
    folder = organisation(tmp_path)
    path, cal = write_ics(folder, tmp_path / "out", "--as-of", "2026-12-03")
    assert path == tmp_path / "out" / "contoso-ltd" / "2026-12-03-contoso-ltd-calendar.ics"
    events = cal.walk("VEVENT")
    rows = listed(run("calendar", folder, "--as-of", "2026-12-03").stdout)
    assert sorted(e.decoded("dtstart").isoformat() for e in events) == [r[0] for r in rows]
    for event in events:
        assert str(event["description"]).startswith(MARKING)
        assert str(event["class"]) == "PRIVATE" and str(event["transp"]) == "TRANSPARENT"
        assert "attendee" not in event and "organizer" not in event
        start = event.decoded("dtstart")
        assert event.decoded("dtend") == start + timedelta(days=1)  # all day
        alarms = event.walk("VALARM")
        assert alarms and all(str(a["action"]) == "DISPLAY" for a in alarms)
    assert "method" not in cal
    board = next(e for e in events if e.decoded("dtstart") == date(2027, 4, 15))
    assert "The board must approve the renewal by 2027-04-15" in str(board["description"])
    # alarms at 09:00, 7 days before and on the day
    triggers = sorted(a.decoded("trigger") for a in board.walk("VALARM"))
    assert triggers == [timedelta(days=-7, hours=9), timedelta(hours=9)]


def test_the_ics_names_its_sources_and_keeps_its_uids(tmp_path):
    folder = organisation(tmp_path)
    _, first = write_ics(folder, tmp_path / "out", "--as-of", "2026-12-03")
    _, again = write_ics(folder, tmp_path / "out", "--as-of", "2026-12-03")
    assert [str(e["uid"]) for e in first.walk("VEVENT")] == [
        str(e["uid"]) for e in again.walk("VEVENT")]
    assert len({str(e["uid"]) for e in first.walk("VEVENT")}) == len(first.walk("VEVENT"))
    quarter = next(e for e in first.walk("VEVENT") if e.decoded("dtstart") == date(2026, 12, 31))
    assert "Microsoft's FY27 Q2 ends" in str(quarter["summary"])
    assert "https://admodumcompliance.com/blog/microsoft/microsoft-ea-renewal-cycle" in str(
        quarter["description"])


# --------------------------------------------------------------------------- MCA-E


MCA_E = {"type": "MCA-E", "kind": "mca-e", "number": "MCA-E-40012", "order_forms": [
    {"id": "OF-1", "name": "Microsoft 365", "start_date": "2026-04-01", "end_date": "2027-03-31"},
    {"id": "OF-2", "name": "Azure", "end_date": "2028-09-30"},
]}


def test_an_mca_e_follows_each_order_forms_term(tmp_path):
    folder = organisation(tmp_path, MCA_E)
    result = run("calendar", folder, "--as-of", "2026-11-01", "--to", "2027-12-31")
    assert result.exit_code == 0, result.stderr
    rows = listed(result.stdout)
    of1 = [(day, title) for day, title, what in rows if what == "order form OF-1 (Microsoft 365)"]
    # 120, 90 and 60 days before 31 March 2027, then its end
    assert of1 == [("2026-12-01", "Renewal reminder: 120 days to go"),
                   ("2026-12-31", "Renewal reminder: 90 days to go"),
                   ("2027-01-30", "Renewal reminder: 60 days to go"),
                   ("2027-03-31", "The order form ends")]
    of2 = [(day, title) for day, title, what in rows if what == "order form OF-2 (Azure)"]
    assert of2 == [("2027-09-30", "Start preparing the new order form")]  # 12 months ahead
    # an Enterprise Agreement's proposal window is not an MCA-E's
    assert not dates_of(rows, "Microsoft's renewal proposal")
    assert not dates_of(rows, "The Enterprise Agreement ends")
    # OF-1's preparation would have started on 31 March 2026: 150 days left on 1 November
    assert ("order form OF-1 (Microsoft 365): As of 1 November 2026, 150 days before the order "
            "form ends") in result.stdout


# --------------------------------------------------------------------------- CSP


CSP = {"type": "CSP", "kind": "csp", "subscriptions": [
    {"id": "SUB-7", "name": "Dynamics 365 Sales", "end_date": "2027-01-31"}]}


def test_a_csp_subscription_has_its_own_term_end(tmp_path):
    folder = organisation(tmp_path, CSP)
    result = run("calendar", folder, "--as-of", "2026-09-01", "--to", "2027-02-28")
    assert result.exit_code == 0, result.stderr
    rows = listed(result.stdout)
    sub = [(day, title) for day, title, what in rows
           if what == "subscription SUB-7 (Dynamics 365 Sales)"]
    # 120, 90 and 60 days before 31 January 2027, then its end
    assert sub == [("2026-10-03", "Renewal reminder: 120 days to go"),
                   ("2026-11-02", "Renewal reminder: 90 days to go"),
                   ("2026-12-02", "Renewal reminder: 60 days to go"),
                   ("2027-01-31", "The CSP subscription ends")]
    # no lead time is sourced for a CSP subscription: no preparation milestone, no late start
    assert not dates_of(rows, "Start preparing") and "Late start" not in result.stdout
    _, cal = write_ics(folder, tmp_path / "out", "--as-of", "2026-09-01", "--to", "2027-02-28")
    ends = next(e for e in cal.walk("VEVENT") if e.decoded("dtstart") == date(2027, 1, 31))
    assert "the partner, not Microsoft, sets the price" in str(ends["description"])


def test_a_macc_warns_90_60_and_30_days_before_its_end(tmp_path):
    ea = yaml.safe_load((EXAMPLE / "org.yaml").read_text())["agreement"]
    folder = organisation(tmp_path, {**ea, "macc": {"start_date": "2024-07-01",
                                                    "end_date": "2027-06-30"}})
    rows = listed(run("calendar", folder, "--as-of", "2026-12-03").stdout)
    assert dates_of(rows, "MACC:") == ["2027-04-01", "2027-05-01", "2027-05-31"]
    assert dates_of(rows, "The MACC ends") == ["2027-06-30"]


# --------------------------------------------------------------------------- the data


def test_a_facts_own_deadline_is_used_and_validated(tmp_path):
    folder = organisation(tmp_path, facts={"deploy-windows-11": {"deadline": "2027-05-15"}})
    rows = listed(run("calendar", folder, "--as-of", "2026-12-03").stdout)
    own = [what for day, title, what in rows if title.startswith("Our own deadline")]
    assert "Deployment plans (deploy-windows-11)" in own
    bad = organisation(tmp_path / "bad", facts={"board-approval-date": {"deadline": "15/04"}})
    result = run("calendar", bad)
    assert result.exit_code == 1 and "org.yaml" in result.stderr and "deadline" in result.stderr


def test_order_forms_that_end_before_they_start_or_share_an_id_are_errors(tmp_path):
    forms = [{"id": "OF-1", "start_date": "2027-04-01", "end_date": "2027-03-31"},
             {"id": "of-1", "end_date": "2028-03-31"}]
    folder = organisation(tmp_path, {"type": "MCA-E", "order_forms": forms})
    result = run("validate", folder)
    assert result.exit_code == 1
    assert "end_date (2027-03-31) is before start_date (2027-04-01)" in result.stderr
    assert "duplicate order form id 'of-1'" in result.stderr
    assert run("calendar", folder).exit_code == 1


@pytest.mark.parametrize("change, message", [
    ({"kinds": ["enterprise"]}, "unknown agreement kind 'enterprise'"),
    ({"late": "{meeting} late", "anchor": "year-end", "kinds": []},
     "late is for a milestone with anchor term-end"),
])
def test_a_playbook_milestone_is_checked(tmp_path, change, message):
    folder = organisation(tmp_path)
    data = yaml.safe_load((folder / "org.yaml").read_text())
    data["playbook"] = {"milestones": [{"id": "preparation-start", **change}]}
    (folder / "org.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = run("calendar", folder)
    assert result.exit_code == 1 and message in result.stderr
