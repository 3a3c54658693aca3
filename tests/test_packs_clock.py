"""Packs know the clock (issue 17, item 5): every internal pack says how far the meeting (or the
change of AE) is from the renewal, flags a late start against the playbook's lead time
(preparation about 12 months ahead, milestones.yaml), counts down to the organisation's own
deadlines and says when the renewal falls on Microsoft's fiscal year-end. None of it reaches a
shareable document.

The CLI runs on the example (or a copy of it) and the written .docx files are read with
python-docx. Days are counted here by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx_parts import docx_text
from icalendar import Calendar

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
KICKOFF = EXAMPLE / "meetings" / "2027-03-05-renewal-kickoff.yaml"

# 3 December 2026 to 30 June 2027: 28 + 31 + 28 + 31 + 30 + 31 + 30 = 209 days;
# to 15 April 2027 (the board): 28 + 31 + 28 + 31 + 15 = 133; to 31 May 2027: 133 + 15 + 31 = 179
QBR_LATE = ("Quarterly business review 209 days before the agreement ends: preparation is "
            "usually started about 12 months ahead (one adviser's figure).")
YEAR_END = "It falls on Microsoft's fiscal year-end: the pressure to close is theirs, not ours."
COUNTDOWN_WORDS = ("days from the meeting", "days before the agreement ends", "Late start",
                   "fiscal year-end", "Our deadlines", "in 133 days", "in 209 days")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def text_of(path: Path) -> str:
    return docx_text(path, headers=True)


def written(meeting: Path, out: Path, *args) -> dict[str, Path]:
    """The files ``brief`` writes, by kind (briefing, agenda, card, invite)."""
    result = run("brief", meeting, "-o", out, *args)
    assert result.exit_code == 0, result.stderr
    return {Path(p).stem.rsplit("-", 1)[1]: Path(p) for p in result.stdout.splitlines()}


@pytest.fixture(scope="module")
def qbr(tmp_path_factory) -> dict[str, Path]:
    return written(QBR, tmp_path_factory.mktemp("qbr"), "--format", "ics")


def test_the_qbr_briefing_counts_down_to_the_renewal_and_flags_a_late_start(qbr):
    text = text_of(qbr["briefing"])
    assert "Enterprise Agreement EA-61834207 renews on 30 June 2027: 209 days from the meeting." \
        in text
    assert "Late start. " + QBR_LATE in text
    assert "Not in front of Priya Shah (CSM), who probes for it. " + YEAR_END in text
    assert ("Our deadlines, never to Microsoft: 15 April 2027, in 133 days (board-level deadline "
            "pressure); 31 May 2027, in 179 days (renewal urgency).") in text


def test_the_qbr_briefing_lists_the_source_of_its_lead_time(qbr):
    """The lead time is admodum's (one adviser's figure, as printed)."""
    text = text_of(qbr["briefing"])
    sources = text[text.rindex("Sources"):]
    assert "https://admodumcompliance.com/blog/microsoft/microsoft-ea-renewal-cycle" in sources


def test_the_card_shows_the_countdown_and_flags_a_late_start_but_no_deadline_of_ours(qbr):
    """The card lies on the table and prints no protected fact: not the board's date."""
    text = text_of(qbr["card"])
    assert ("renews on 30 June 2027, Microsoft's fiscal year-end, 209 days from the meeting "
            "(late start);") in text
    assert "15 April 2027" not in text and "Our deadlines" not in text


def test_the_shareable_agenda_and_invite_carry_no_countdown(qbr):
    """A CSM attends the QBR and probes for the renewal timeline: the countdown is ours."""
    agenda = text_of(qbr["agenda"])
    invite = Calendar.from_ical(qbr["invite"].read_bytes()).walk("VEVENT")[0]
    for shared in (agenda, str(invite["description"]), str(invite["summary"])):
        for words in COUNTDOWN_WORDS:
            assert words not in shared
        assert "30 June 2027" not in shared and "15 April 2027" not in shared


def test_the_renewal_kickoff_is_flagged_as_late_as_the_issue_says():
    """5 March to 30 June 2027: 26 + 30 + 31 + 30 = 117 days."""
    result = run("brief", KICKOFF, "--preview")
    assert result.exit_code == 0, result.stderr
    assert ("Renewal kick-off 117 days before the agreement ends: preparation is usually "
            "started about 12 months ahead") in result.stdout


def organisation(tmp_path: Path, **agreement) -> Path:
    folder = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, folder)
    data = yaml.safe_load((folder / "org.yaml").read_text())
    data["agreement"].update(agreement)
    (folder / "org.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return folder


def test_no_late_start_or_year_end_where_they_do_not_apply(tmp_path):
    """A renewal on 31 March 2028 is 484 days after the QBR: more than 12 months ahead, and
    not on Microsoft's year end (30 June)."""
    folder = organisation(tmp_path, renewal_date="2028-03-31")
    text = text_of(written(folder / "meetings" / QBR.name, tmp_path / "out")["briefing"])
    assert "renews on 31 March 2028: 484 days from the meeting." in text
    assert "Late start" not in text and YEAR_END not in text
    assert "Our deadlines, never to Microsoft: 15 April 2027, in 133 days" in text


def test_an_mca_e_counts_down_to_its_next_order_form(tmp_path):
    """Order forms ending 31 March 2027 and 30 September 2028: from the QBR the next ends in
    28 + 31 + 28 + 31 = 118 days, and its preparation (from 31 March 2026) started late."""
    folder = organisation(tmp_path, type="MCA-E", kind="mca-e", renewal_date=None, order_forms=[
        {"id": "OF-1", "end_date": "2027-03-31"}, {"id": "OF-2", "end_date": "2028-09-30"}])
    text = text_of(written(folder / "meetings" / QBR.name, tmp_path / "out")["briefing"])
    assert "has its current order form ending on 31 March 2027: 118 days from the meeting." in text
    assert ("Quarterly business review 118 days before the order form ends: a new order form is "
            "prepared as a renewal") in text
    assert YEAR_END not in text


def test_the_transition_pack_knows_the_clock_on_the_day_of_the_change(tmp_path):
    """Sam Rivera took over on 1 October 2026: 272 days before 30 June 2027, 196 before the
    board's 15 April 2027."""
    result = run("transition", "--org", EXAMPLE, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    pack = next(Path(p) for p in result.stdout.splitlines() if "transition-pack" in p)
    text = text_of(pack)
    assert "30 June 2027: 272 days after the change. " + YEAR_END in text
    assert ("Handover 272 days before the agreement ends: preparation is usually started about "
            "12 months ahead (one adviser's figure).") in text
    assert "Never to Microsoft: 15 April 2027, in 196 days" in text
    letter = next(Path(p) for p in result.stdout.splitlines() if "confirmation-letter" in p)
    for words in COUNTDOWN_WORDS + ("Handover", "272 days"):
        assert words not in text_of(letter)
