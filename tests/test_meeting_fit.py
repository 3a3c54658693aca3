"""Issue 15, item 1: the agenda fits the meeting.

The meeting type's agenda items and the meeting's own must fit its ``duration``. When they do
not, ``brief`` and ``validate`` stop at the meeting file's ``duration`` line, say by how many
minutes it overruns and list every item with its minutes; a meeting shortens or drops one of
its type's items by id (``{id: ..., minutes: N}``, ``{id: ..., remove: true}``), as an
organisation's overlay changes the playbook. The calendar invite ends at ``time + duration``.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import docx
import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from icalendar import Calendar

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MEETINGS = sorted((EXAMPLE / "meetings").glob("*.yaml"))

ORG = """\
name: Fabrikam Test Ltd
account_team:
  - {name: Alex Morgan, role: ae}
  - {name: Helen Brooks, role: avp}
our_team:
  - {name: Dana Lee, title: Head of Software Asset Management}
facts:
  - {id: user-count, category: organisation-size, text: "6,800 users in 14 countries"}
"""

# the escalation type's agenda: welcome 5, issue-summary 10, our-proposal 15,
# microsoft-response 10, next-steps 5 (45 minutes)
ESCALATION = """\
org: org.yaml
type: escalation
title: Support escalation
date: 2027-02-10
time: "16:00"
duration: {duration}
attendees:
  vendor: [Alex Morgan, Helen Brooks]
  ours: [Dana Lee]
agenda:
{agenda}
"""
OWN_ITEMS = """\
  - title: Unresolved support case
    minutes: 15
  - title: Written confirmation of commitments
    minutes: 15
  - {title: Renewal timetable, minutes: 10, owner: joint}
"""


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert isinstance(result.exception, (SystemExit, type(None))), result.exc_info
    assert "Traceback" not in result.output
    return result


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run in the test's folder, so that messages name files as a user there sees them."""
    monkeypatch.chdir(tmp_path)


def write_meeting(folder: Path, agenda: str, duration: int = 45) -> Path:
    """``meeting.yaml`` (relative: the tests run in ``folder``) and its organisation."""
    (folder / "org.yaml").write_text(ORG, encoding="utf-8")
    (folder / "meeting.yaml").write_text(
        ESCALATION.format(duration=duration, agenda=agenda.rstrip("\n")), encoding="utf-8")
    return Path("meeting.yaml")


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def invite_of(out: Path) -> Calendar:
    return Calendar.from_ical(next(out.rglob("*-invite.ics")).read_bytes())


# --------------------------------------------------------------------------- the examples


@pytest.mark.parametrize("meeting", MEETINGS, ids=lambda p: p.stem)
def test_every_example_agenda_fits_its_duration_and_the_invite_ends_at_time_plus_duration(
        meeting, tmp_path):
    result = run("brief", meeting, "-o", tmp_path, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    booked = yaml.safe_load(meeting.read_text())["duration"]
    event = invite_of(tmp_path).walk("VEVENT")[0]
    assert event.end - event.start == timedelta(minutes=booked)
    description = str(event["DESCRIPTION"])
    total = int(re.search(r"Total: (\d+) minutes", description).group(1))
    assert total <= booked, f"{meeting.name}: {total} minutes of agenda in {booked}"


def test_the_example_escalation_keeps_its_items_and_drops_none_it_needs(tmp_path):
    """The fix shortened the type's items and left the renewal timetable for another meeting;
    the agenda sent to Microsoft is what the meeting file says."""
    meeting = EXAMPLE / "meetings" / "2027-02-10-licensing-escalation.yaml"
    result = run("brief", meeting, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    agenda = docx_text(next(tmp_path.rglob("*-agenda.docx")))
    for title in ("Unresolved support case and missed fix date",
                  "Written confirmation of outstanding commitments",
                  "Our proposal and its commercial justification",
                  "Microsoft's response and options"):
        assert title in agenda
    assert "Summary of the open commercial issue" not in agenda  # retitled by the meeting
    assert "Renewal timetable" not in agenda


# --------------------------------------------------------------------------- the error


def test_an_agenda_longer_than_the_meeting_is_an_error_at_duration_saying_what_to_cut(tmp_path):
    meeting = write_meeting(tmp_path, OWN_ITEMS)
    out = tmp_path / "out"
    result = run("brief", meeting, "-o", out)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "1 problem in 1 file; nothing was written."
    problem = lines[0]
    assert problem.startswith(f"meeting.yaml:{line_of(meeting, 'duration:')}: duration: "
                              "the agenda takes 85 minutes, 40 more than the 45 booked")
    for item in ("welcome 5", "issue-summary 10", "our-proposal 15", "microsoft-response 10",
                 "next-steps 5", "agenda[0] 'Unresolved support case' 15",
                 "agenda[2] 'Renewal timetable' 10"):
        assert item in problem, item
    assert "remove: true" in problem and "minutes:" in problem  # how to shorten or drop
    assert not out.exists()


def test_validate_reports_the_overrun_too(tmp_path):
    write_meeting(tmp_path, OWN_ITEMS, duration=60)
    result = run("validate", "meeting.yaml")
    assert result.exit_code == 1
    assert "the agenda takes 85 minutes, 25 more than the 60 booked" in result.stderr


def test_an_agenda_that_fits_exactly_is_accepted(tmp_path):
    meeting = write_meeting(tmp_path, OWN_ITEMS, duration=85)
    assert run("brief", meeting, "-o", tmp_path / "out").exit_code == 0


# --------------------------------------------------------------------------- shortening and dropping


def test_a_meeting_shortens_retitles_and_drops_its_types_items_by_id(tmp_path):
    agenda = """\
  - {id: welcome, remove: true}
  - {id: our-proposal, minutes: 10}
  - {id: issue-summary, title: "Case 2602180040001234 and the missed fix date"}
  - {id: microsoft-response, minutes: 5}
  - {title: Written confirmation of commitments, minutes: 15}
"""
    meeting = write_meeting(tmp_path, agenda)  # 10 + 10 + 5 + 15 + 5 = 45
    out = tmp_path / "out"
    result = run("brief", meeting, "-o", out, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    shared = docx_text(next(out.rglob("*-agenda.docx")))
    assert "Introductions and purpose" not in shared
    assert "Case 2602180040001234 and the missed fix date" in shared
    assert "Summary of the open commercial issue" not in shared
    rows = {row.cells[2].text.split(" —")[0]: row.cells[1].text
            for table in docx.Document(str(next(out.rglob("*-agenda.docx")))).tables
            for row in table.rows if len(row.cells) >= 3}
    assert rows.get("Our proposal and its commercial justification") == "10"
    assert rows.get("Microsoft's response and options") == "5"
    # the meeting's own item comes before the type's closing item
    order = [shared.index(t) for t in ("Written confirmation of commitments",
                                       "Agreed path and dates for written confirmation")]
    assert order == sorted(order)
    event = invite_of(out).walk("VEVENT")[0]
    assert event.end - event.start == timedelta(minutes=45)
    assert "Total: 45 minutes" in str(event["DESCRIPTION"])


def test_a_misspelt_item_id_is_named_with_the_one_meant_and_the_types_items(tmp_path):
    meeting = write_meeting(tmp_path, "  - {id: our-proposl, minutes: 5}\n")
    result = run("brief", meeting, "-o", tmp_path / "out")
    assert result.exit_code == 1
    problem = result.stderr.splitlines()[0]
    assert problem.startswith(f"meeting.yaml:{line_of(meeting, 'our-proposl')}: agenda[0].id: "
                              "the escalation agenda has no item 'our-proposl'; "
                              "did you mean 'our-proposal'?")
    assert "welcome (5 min)" in problem and "title and minutes" in problem


def test_remove_with_other_fields_and_an_added_item_without_minutes_are_errors(tmp_path):
    agenda = """\
  - {id: welcome, remove: true, minutes: 3}
  - title: Licence position
"""
    meeting = write_meeting(tmp_path, agenda)
    result = run("brief", meeting, "-o", tmp_path / "out")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"meeting.yaml:{line_of(meeting, 'remove: true')}: agenda[0]: "
                               "'welcome' is removed (remove: true), so its minutes cannot apply")
               for line in lines), result.stderr
    assert any(line.startswith(f"meeting.yaml:{line_of(meeting, 'Licence position')}: "
                               "agenda[1].minutes: required field is missing")
               for line in lines), result.stderr


def test_dropping_every_item_of_ours_breaks_principle_2(tmp_path):
    agenda = """\
  - {id: issue-summary, remove: true}
  - {id: our-proposal, remove: true}
"""
    meeting = write_meeting(tmp_path, agenda)
    result = run("brief", meeting, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "no agenda item is ours" in result.stderr and "principle 2" in result.stderr


# --------------------------------------------------------------------------- documented


def test_the_schema_and_the_example_describe_the_syntax(tmp_path):
    schema = json.loads(run("schema", "meeting").stdout)
    assert (ROOT / "examples/schemas/meeting.schema.json").read_text() == \
        run("schema", "meeting").stdout
    base = {"type": "escalation", "title": "x", "date": "2027-01-01"}
    for item in ({"id": "welcome", "minutes": 3}, {"id": "welcome", "remove": True},
                 {"title": "Ours", "minutes": 10}):
        jsonschema.validate({**base, "agenda": [item]}, schema)
    with pytest.raises(jsonschema.ValidationError):  # neither an id nor a whole item
        jsonschema.validate({**base, "agenda": [{"owner": "us"}]}, schema)
    header = (EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml").read_text().split("\norg:")[0]
    assert "{id: account-review, minutes: 10}" in header
    assert "{id: account-review, remove: true}" in header
    assert "must fit duration" in header


def test_list_meetings_shows_the_item_ids_a_meeting_can_change():
    result = run("list", "meetings")
    assert "welcome 5, issue-summary 10, our-proposal 15, microsoft-response 10, next-steps 5" \
        in " ".join(result.stdout.split())
