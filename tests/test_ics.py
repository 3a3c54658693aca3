"""`brief --format ics`: the meeting as an iCalendar event with the shareable agenda only."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner
from icalendar import Calendar

from briefpack.cli import main
from briefpack.commands.brief import brief
from briefpack.data.context import load_meeting_context

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MEETINGS = sorted((EXAMPLE / "meetings").glob("*.yaml"))
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
ORG = yaml.safe_load((EXAMPLE / "org.yaml").read_text())


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def invite(meeting: Path, out: Path) -> tuple[Path, Calendar]:
    paths = brief(meeting, out_dir=out, formats=("docx", "ics"), force=True)
    path = next(p for p in paths if p.suffix == ".ics")
    return path, Calendar.from_ical(path.read_bytes())


def event_of(calendar: Calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def _meeting(folder: Path, org: Path = EXAMPLE / "org.yaml", **fields) -> Path:
    data = {"org": str(org), "type": "qbr", "title": "Licence review", "date": "2027-01-15",
            "time": "10:00", "attendees": {"vendor": ["Sam Rivera"], "ours": ["Dana Lee"]}}
    data.update(fields)
    path = folder / "meeting.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_cli_writes_the_invite_beside_the_documents(tmp_path):
    result = run("brief", QBR, "-o", tmp_path, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    assert [Path(p).name for p in result.stdout.splitlines()] == [
        "2026-12-03-q4-business-review-briefing.docx",
        "2026-12-03-q4-business-review-agenda.docx",
        "2026-12-03-q4-business-review-card.docx",
        "2026-12-03-q4-business-review-invite.ics"]


def test_qbr_invite_has_the_right_start_duration_title_location_and_attendees(tmp_path):
    _, calendar = invite(QBR, tmp_path)
    event = event_of(calendar)
    london = ZoneInfo("Europe/London")
    assert event.start == datetime(2026, 12, 3, 14, 0, tzinfo=london)
    assert event.start.tzinfo.key == "Europe/London"  # not only the same instant
    assert event.duration == timedelta(minutes=90)
    assert event.end == datetime(2026, 12, 3, 15, 30, tzinfo=london)
    assert str(event["SUMMARY"]) == "Q4 business review"
    assert str(event["LOCATION"]).startswith("Contoso House, London")
    attendees = {a.params["CN"]: str(a) for a in event.attendees}
    assert attendees == {
        "Dana Lee": "mailto:dana.lee@contoso.example",
        "Ravi Patel": "mailto:ravi.patel@contoso.example",
        "Sam Rivera": "mailto:sam.rivera@microsoft.example",
        "Priya Shah": "mailto:priya.shah@microsoft.example",
    }
    assert event["ORGANIZER"].params["CN"] == "Dana Lee"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert "METHOD" not in calendar  # a file to import or attach, not an iTIP request


def test_qbr_invite_description_is_the_shareable_agenda(tmp_path):
    event = event_of(invite(QBR, tmp_path)[1])
    description = str(event["DESCRIPTION"])
    for expected in ("Q4 business review", "3 December 2026 at 14:00 (90 minutes)", "Attendees",
                     "Dana Lee, Head of Software Asset Management (Contoso Ltd)",
                     "Priya Shah, Customer Success Account Manager (CSAM) (Microsoft)",
                     "14:00 Welcome and objectives (5 min, Joint)",
                     "14:55 Licence position: entitlements vs. assigned seats "
                     "(10 min, Contoso Ltd)",
                     "6,800 users in 14 countries"):
        assert expected in description, expected
    assert "\\" not in description  # plain text: no Markdown escapes left
    assert "★" not in description  # our items are marked only internally


@pytest.mark.parametrize("meeting", MEETINGS, ids=lambda p: p.stem)
def test_invite_holds_no_fact_the_meeting_does_not_share(meeting, tmp_path):
    path, _ = invite(meeting, tmp_path)
    ctx, _, _ = load_meeting_context(meeting)
    text = path.read_bytes().decode("utf-8")
    unfolded = re.sub(r"\r\n[ \t]", "", text).replace("\\,", ",").replace("\\;", ";")
    unfolded = unfolded.replace("\\n", "\n")
    shared = [f.text for f in ctx.org.facts if f.id in ctx.meeting.share]
    assert shared and all(s in unfolded for s in shared)  # the search finds what is there
    for fact in ctx.org.facts:
        if fact.id not in ctx.meeting.share:
            assert fact.text not in unfolded, fact.id
            if fact.note:
                assert fact.note not in unfolded, fact.id
    for piece in ("4.2M", "CrowdStrike", "2027-04-15", "2.5M USD", "NOT FOR DISTRIBUTION"):
        assert piece not in unfolded, piece
    for item in ctx.meeting.agenda:  # agenda notes are internal
        if item.note:
            assert item.note not in unfolded
    for objective in ctx.meeting.objectives:
        assert objective not in unfolded
    for commitment in ctx.org.commitments:
        assert commitment.summary not in unfolded


def test_uid_is_stable_per_meeting(tmp_path):
    first = event_of(invite(QBR, tmp_path / "a")[1])
    again = event_of(invite(QBR, tmp_path / "b")[1])
    other = event_of(invite(MEETINGS[1], tmp_path / "c")[1])
    assert str(first["UID"]) == str(again["UID"]) != str(other["UID"])


def test_without_a_time_zone_the_time_is_floating(tmp_path):
    org = dict(ORG)
    org.pop("timezone")
    (tmp_path / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True))
    event = event_of(invite(_meeting(tmp_path, tmp_path / "org.yaml", duration=75), tmp_path)[1])
    assert event.start == datetime(2027, 1, 15, 10, 0) and event.start.tzinfo is None
    assert event.duration == timedelta(minutes=75)


def test_the_meeting_time_zone_overrides_the_organisations(tmp_path):
    calendar = invite(_meeting(tmp_path, timezone="America/New_York"), tmp_path)[1]
    event = event_of(calendar)
    assert event.start == datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    assert [tz.tz_name for tz in calendar.timezones] == ["America/New_York"]


def test_a_meeting_without_a_time_is_an_all_day_event(tmp_path):
    meeting = _meeting(tmp_path)
    data = yaml.safe_load(meeting.read_text())
    del data["time"]
    meeting.write_text(yaml.safe_dump(data))
    path, calendar = invite(meeting, tmp_path)
    event = event_of(calendar)
    assert event.start == date(2027, 1, 15) and not isinstance(event.start, datetime)
    assert event.end == date(2027, 1, 16)
    assert "DTSTART;VALUE=DATE:20270115" in path.read_text()


def test_duration_defaults_to_the_agenda_total(tmp_path):
    event = event_of(invite(_meeting(tmp_path), tmp_path)[1])
    total = re.search(r"Total: (\d+) minutes", str(event["DESCRIPTION"]))
    assert event.duration == timedelta(minutes=int(total.group(1)))


def test_attendee_without_an_email_has_a_name_and_no_invented_address(tmp_path):
    meeting = _meeting(tmp_path, attendees={
        "vendor": ["Tomás Novak", {"name": "Kim Lo", "role": "avp"}],
        "ours": [{"name": "Zoë Quinn", "title": "CIO"}, "Dana Lee"]})
    event = event_of(invite(meeting, tmp_path)[1])
    attendees = {a.params["CN"]: str(a) for a in event.attendees}
    assert attendees == {"Tomás Novak": "mailto:", "Kim Lo": "mailto:", "Zoë Quinn": "mailto:",
                         "Dana Lee": "mailto:dana.lee@contoso.example"}
    assert event["ORGANIZER"].params["CN"] == "Zoë Quinn"


def test_special_characters_stay_literal(tmp_path):
    nasty = "Q4 | *review*, #1; [x] {{ budget }} <b> \\back"
    event = event_of(invite(_meeting(tmp_path, title=nasty, location="Room 1; floor 2, A&B"),
                            tmp_path)[1])
    assert str(event["SUMMARY"]) == nasty
    assert str(event["LOCATION"]) == "Room 1; floor 2, A&B"
    assert str(event["DESCRIPTION"]).startswith(nasty + "\n")


def test_an_unknown_time_zone_is_a_validation_error_with_its_line(tmp_path):
    meeting = _meeting(tmp_path, timezone="Mars/Olympus")
    result = run("brief", meeting, "-o", tmp_path / "out", "--format", "ics")
    assert result.exit_code == 1
    assert re.search(r"meeting\.yaml:\d+: timezone: unknown time zone", result.stderr)
    assert not (tmp_path / "out").exists()


def test_an_organisation_can_override_the_invite_text(tmp_path):
    org_dir = tmp_path / "org"
    (org_dir / "templates").mkdir(parents=True)
    (org_dir / "org.yaml").write_text((EXAMPLE / "org.yaml").read_text())
    (org_dir / "templates" / "invite.txt.j2").write_text(
        '{% extends "default:invite.txt.j2" %}\n'
        '{% block closing %}\nSee you there.\n{% endblock %}\n')
    event = event_of(invite(_meeting(tmp_path, org_dir / "org.yaml"), tmp_path)[1])
    description = str(event["DESCRIPTION"])
    assert description.rstrip().endswith("See you there.")
    assert "Agenda" in description


def test_validate_trial_renders_an_invite_override(tmp_path):
    org_dir = tmp_path / "org"
    (org_dir / "templates").mkdir(parents=True)
    (org_dir / "org.yaml").write_text((EXAMPLE / "org.yaml").read_text())
    (org_dir / "templates" / "invite.txt.j2").write_text("{{ v.title }}\n{{ v.budget }}\n")
    result = run("validate", org_dir)
    assert result.exit_code == 1
    assert re.search(r"invite\.txt\.j2:2: .*budget", result.stderr), result.stderr
