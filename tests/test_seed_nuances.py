"""Issue 16, item 6: the seed article's nuances kept, read from the written briefing pack.

(a) The renewal date is known to Microsoft and may be mentioned; urgency around it may not. The
    briefing says so where it prints the date (the at-a-glance Timing line, and the date's
    category under Safe to share), from the playbook's ``date_note`` on renewal-timeline, and
    names who in the room probes for it (a CSM).
(b) Commercial agenda items (``commercial: true`` in the playbook's meeting types) are not led
    with a CSM in the room (principle 5): the briefing lists them with the CSM role's
    ``commercial_items`` advice, to take them with the AE separately or after the CSM leaves:
    the agenda table marks them ◆ and the line under it says why. The shareable agenda marks
    nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MEETINGS = EXAMPLE / "meetings"
QBR = MEETINGS / "2026-12-03-q4-qbr.yaml"
ADOPTION = MEETINGS / "2027-01-20-adoption-review.yaml"
ESCALATION = MEETINGS / "2027-02-10-licensing-escalation.yaml"

DATE_NOTE = "Microsoft knows this date, so it may be mentioned"
NO_URGENCY = "never confirm urgency around it"
QBR_COMMERCIAL = ("Roadmap and pricing changes affecting our estate (our questions)",
                  "Open actions and commitments from previous meetings")


def brief(meeting: Path, out: Path, kind: str = "briefing") -> Path:
    """The written briefing pack (or the document of another ``kind``)."""
    result = CliRunner().invoke(main, ["brief", str(meeting), "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return next(Path(p) for p in result.stdout.splitlines() if p.endswith(f"-{kind}.docx"))


def sections(path: Path) -> dict[str, str]:
    """The text under each level-1 heading of the written .docx (tables included)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for item in docx.Document(path).iter_inner_content():
        if isinstance(item, docx.table.Table):
            lines = [" | ".join(c.text for c in row.cells) for row in item.rows]
        elif item.style.name == "Heading 1":
            current = found.setdefault(item.text, [])
            continue
        else:
            lines = [item.text]
        if current is not None:
            current += lines
    return {name: "\n".join(lines) for name, lines in found.items()}


def qbr_copy(folder: Path, **fields) -> Path:
    """The example QBR in a copy of the example organisation, with ``fields`` set
    (``vendor`` sets the vendor's attendees)."""
    org = folder / "org"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("output"))
    meeting = org / "meetings" / QBR.name
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    if "vendor" in fields:
        data["attendees"]["vendor"] = fields.pop("vendor")
    data.update(fields)
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    return meeting


@pytest.fixture(scope="module")
def qbr(tmp_path_factory) -> dict[str, str]:
    return sections(brief(QBR, tmp_path_factory.mktemp("qbr")))


@pytest.fixture(scope="module")
def escalation(tmp_path_factory) -> dict[str, str]:
    return sections(brief(ESCALATION, tmp_path_factory.mktemp("escalation")))


# --------------------------------------------------------------------------- (a) the renewal date


def timing_line(parts: dict[str, str]) -> str:
    glance = parts["At a glance"]
    return next(line for line in glance.splitlines() if "renews on" in line)


def test_the_renewal_date_is_printed_with_what_may_and_may_not_be_said(escalation):
    line = timing_line(escalation)
    assert "renews on 30 June 2027" in line
    assert DATE_NOTE in line and NO_URGENCY in line
    # nobody in the escalation probes for the renewal timeline: no one to keep it from
    assert "probes for it" not in line


def test_safe_to_share_prints_the_note_under_the_renewal_date(escalation):
    safe = escalation["Safe to share"]
    block = safe[safe.index("Renewal timeline"):]
    assert "EA renews 30 June 2027" in block
    assert DATE_NOTE in block.split("\n\n")[0]


def test_with_a_csm_in_the_room_the_timing_line_says_not_to_raise_the_date(qbr):
    line = timing_line(qbr)
    assert DATE_NOTE in line and NO_URGENCY in line
    assert "Not in front of Priya Shah (CSM), who probes for it." in line
    # the date is protected in this meeting, not listed as safe to share
    assert "EA renews 30 June 2027" not in qbr.get("Safe to share", "")


def test_the_note_comes_from_the_playbook(tmp_path):
    """An organisation's playbook overlay that rewords the note is what the pack prints."""
    meeting = qbr_copy(tmp_path, vendor=["Sam Rivera"])
    org = meeting.parent.parent / "org.yaml"
    data = yaml.safe_load(org.read_text(encoding="utf-8"))
    data.setdefault("playbook", {}).setdefault("categories", []).append(
        {"id": "renewal-timeline", "date_note": "The date is no secret; the deadline is."})
    org.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    line = timing_line(sections(brief(meeting, tmp_path / "out")))
    assert "The date is no secret; the deadline is." in line
    assert DATE_NOTE not in line


# --------------------------------------------------------------------------- (b) commercial items


def marked(agenda: str) -> list[str]:
    """The agenda table's rows marked as commercial."""
    return [line for line in agenda.splitlines() if " | " in line and "◆" in line]


def test_commercial_items_are_taken_with_the_ae_when_a_csm_attends(qbr):
    agenda = qbr["Agenda"]
    rows = marked(agenda)
    assert len(rows) == 2
    for row, title in zip(rows, QBR_COMMERCIAL):
        assert title in row
    line = next(line for line in agenda.splitlines() if "◆ marks commercial items" in line)
    assert "◆ marks commercial items, with Priya Shah (CSM) in the room." in line
    assert "Principle 5: take them with the AE on their own" in line
    assert "once the CSM has left" in line


def test_the_shareable_agenda_marks_nothing(tmp_path):
    agenda = brief(QBR, tmp_path, kind="agenda")
    text = "\n".join(p.text for p in docx.Document(agenda).paragraphs) + "\n".join(
        c.text for t in docx.Document(agenda).tables for r in t.rows for c in r.cells)
    assert QBR_COMMERCIAL[0] in text
    assert "◆" not in text


def test_no_commercial_advice_without_a_csm(tmp_path):
    parts = sections(brief(qbr_copy(tmp_path, vendor=["Sam Rivera"]), tmp_path / "out"))
    assert "◆" not in parts["Agenda"]


def test_no_commercial_advice_when_the_agenda_has_no_commercial_item(tmp_path):
    # the adoption review: a CSM attends, but its agenda is about deployment only
    parts = sections(brief(ADOPTION, tmp_path))
    assert "◆" not in parts["Agenda"]
    # and the QBR without its two commercial items
    meeting = qbr_copy(tmp_path / "qbr", agenda=[
        {"id": "our-questions", "remove": True}, {"id": "open-actions", "remove": True},
        {"title": "Deployment blockers we need help with", "minutes": 15, "owner": "us"}])
    parts = sections(brief(meeting, tmp_path / "qbr" / "out"))
    assert "◆" not in parts["Agenda"]


def test_a_retitled_commercial_item_is_listed_by_its_new_title(tmp_path):
    meeting = qbr_copy(tmp_path, agenda=[
        {"id": "our-questions", "title": "Price changes from July (our questions)"}])
    rows = marked(sections(brief(meeting, tmp_path / "out"))["Agenda"])
    assert len(rows) == 2
    assert "Price changes from July (our questions)" in rows[0]
    assert QBR_COMMERCIAL[0] not in "\n".join(rows)


def test_a_meetings_own_item_may_be_marked_commercial_and_a_types_item_unmarked(tmp_path):
    """The meeting file's agenda may flag its own item commercial (a price question it adds)
    or clear the flag of one of its type's items; the pack marks what the meeting says."""
    meeting = qbr_copy(tmp_path, agenda=[
        {"id": "open-actions", "commercial": False},
        {"title": "Copilot price for 300 seats", "minutes": 5, "owner": "us",
         "commercial": True}])
    rows = marked(sections(brief(meeting, tmp_path / "out"))["Agenda"])
    assert any("Copilot price for 300 seats" in row for row in rows)
    assert not any(QBR_COMMERCIAL[1] in row for row in rows)
    assert any(QBR_COMMERCIAL[0] in row for row in rows)
