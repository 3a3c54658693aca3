"""`briefpack brief`: both documents for every meeting type, right content, nothing leaked."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx_parts import find_in_docx, part_texts

from briefpack.cli import main
from briefpack.data.context import load_meeting_context
from briefpack.data.protection import protected_categories

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MEETINGS = sorted((EXAMPLE / "meetings").glob("*.yaml"))
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
MEETING_TYPES = ["qbr", "renewal-kickoff", "adoption-review", "technical-deep-dive", "escalation",
                 "negotiation", "new-ae-introduction", "roadmap-briefing"]


def run(*args, cwd: Path | None = None):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def brief(meeting: Path, out: Path, *extra):
    result = run("brief", meeting, "-o", out, *extra)
    assert result.exit_code == 0, result.stderr
    return [Path(line) for line in result.stdout.splitlines()]


def test_qbr_writes_both_documents_and_prints_their_paths(tmp_path):
    paths = brief(QBR, tmp_path)
    assert [p.name for p in paths] == ["2026-12-03-q4-business-review-briefing.docx",
                                       "2026-12-03-q4-business-review-agenda.docx",
                                       "2026-12-03-q4-business-review-card.docx"]
    assert all(p.exists() for p in paths)


def _protected_fact_texts(meeting: Path) -> tuple[list[str], list[str]]:
    """(texts that must not be in the agenda, texts that must be) for a meeting."""
    ctx, _org, _ = load_meeting_context(meeting)
    protected = protected_categories(ctx.playbook, ctx.roles)
    banned = [f.text for f in ctx.org.facts
              if f.category in protected or f.id not in ctx.meeting.share]
    shared = [f.text for f in ctx.org.facts if f.id in ctx.meeting.share]
    return banned, shared


@pytest.mark.parametrize("meeting", MEETINGS, ids=lambda p: p.stem)
def test_agenda_carries_no_protected_or_unshared_fact(meeting, tmp_path):
    _briefing, agenda, _card = brief(meeting, tmp_path)
    banned, shared = _protected_fact_texts(meeting)
    assert banned and shared
    for text in banned:
        assert find_in_docx(agenda, text) == [], text
        # distinctive pieces too: a figure or a name on its own is a leak
        for piece in ("4.2M", "CrowdStrike", "2027-04-15", "2.5M USD"):
            if piece in text:
                assert find_in_docx(agenda, piece) == [], piece
    for text in shared:
        assert find_in_docx(agenda, text), f"shared fact missing: {text}"
    # the marking is internal: never in the shareable document
    assert find_in_docx(agenda, "NOT FOR DISTRIBUTION") == []


@pytest.mark.parametrize("meeting", MEETINGS, ids=lambda p: p.stem)
def test_briefing_has_every_section_and_the_marking(meeting, tmp_path):
    briefing, _agenda, _card = brief(meeting, tmp_path)
    document = docx.Document(briefing)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for expected in ("At a glance", "Who is in the room", "Agenda", "Safe to share", "Protect",
                     "Leverage we decided to play", "Principles for this meeting",
                     "Questions to ask", "Commitments, issues and advice", "Checklists",
                     "Sources"):
        assert expected in headings, expected
    org = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
    for section in document.sections:
        assert org["marking"] in " ".join(p.text for p in section.header.paragraphs)
    assert document.core_properties.author == org["name"]
    body = part_texts(briefing)["word/document.xml"]
    assert "w14:checkbox" in body  # the after-meeting checklist has real checkboxes
    assert "verify before acting" in body.lower()  # unverified high-impact advice (principle 4)


def test_briefing_shows_protected_facts_leverage_and_say_instead(tmp_path):
    briefing, _, _card = brief(QBR, tmp_path)
    text = part_texts(briefing)["word/document.xml"]
    assert "FY27 Microsoft budget envelope is 4.2M USD" in text
    assert "We are evaluating based on value, not a fixed budget." in text
    assert "Evaluated CrowdStrike Falcon" in text
    assert "Priya Shah (CSM) will probe for it" in text  # the CSM probes for the budget cycle


def _meeting_file(folder: Path, mtype: str, **fields) -> Path:
    data = {"org": str(EXAMPLE / "org.yaml"), "type": mtype, "title": f"{mtype} meeting",
            "date": "2027-01-15", "time": "10:00"}
    data.update(fields)
    path = folder / f"{mtype}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


@pytest.mark.parametrize("mtype", MEETING_TYPES)
def test_every_meeting_type_briefs(mtype, tmp_path):
    meeting = _meeting_file(tmp_path, mtype, share=["org-size-users"])
    briefing, agenda, _card = brief(meeting, tmp_path / "out")
    doc = docx.Document(agenda)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("10:00" in c for c in cells)  # timed agenda
    assert find_in_docx(agenda, "6,800 users in 14 countries")
    assert docx.Document(briefing).core_properties.title == f"{mtype} meeting"


NASTY = "Q4 | *review* # [x] {{ budget }} {% if x %} <b>bold</b> `tick` _u_ & \\back ::: warning"


def test_markdown_and_jinja_characters_print_literally(tmp_path):
    meeting = _meeting_file(
        tmp_path, "qbr", title=NASTY, objectives=[NASTY, "- not a list", "1. not numbered"],
        agenda=[{"title": NASTY, "minutes": 5, "owner": "us"}], location="Room | 4 *",
        attendees={"vendor": ["Sam Rivera"], "ours": [{"name": "A [B] | C", "title": "# Head"}]},
    )
    briefing, agenda, _card = brief(meeting, tmp_path / "out")
    for path in (briefing, agenda):
        document = docx.Document(path)
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert any(NASTY in c for c in cells), path.name  # the agenda row, intact in its cell
        assert "A [B] | C" in cells and "# Head" in cells
        for table in document.tables:  # no table was broken into extra columns
            widths = {len(row.cells) for row in table.rows}
            assert len(widths) == 1
    text = [p.text for p in docx.Document(briefing).paragraphs]
    assert NASTY in text and "- not a list" in text and "1. not numbered" in text
    assert docx.Document(briefing).core_properties.title == NASTY


def test_existing_output_is_not_overwritten_without_force(tmp_path):
    first = brief(QBR, tmp_path)
    first[0].write_bytes(b"the user's annotated copy")
    result = run("brief", QBR, "-o", tmp_path)
    assert result.exit_code == 1
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert first[0].read_bytes() == b"the user's annotated copy"
    again = brief(QBR, tmp_path, "--force")
    assert again == first and first[0].read_bytes() != b"the user's annotated copy"
    backups = list(first[0].parent.glob("*-briefing.backup-*.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"the user's annotated copy"


def test_regenerating_an_unchanged_pack_needs_no_force_but_an_edited_one_does(tmp_path):
    briefing, agenda, card = brief(QBR, tmp_path)
    assert brief(QBR, tmp_path) == [briefing, agenda, card]  # unchanged since written: replaced
    document = docx.Document(briefing)
    document.add_paragraph("My notes from the pre-meeting call")
    document.save(briefing)
    result = run("brief", QBR, "-o", tmp_path)
    assert result.exit_code == 1 and "changed since briefpack wrote it" in result.stderr
    result = run("brief", QBR, "-o", tmp_path, "--force")
    assert result.exit_code == 0 and "kept the previous" in result.stderr
    backup = next(briefing.parent.glob("*-briefing.backup-*.docx"))
    assert "My notes from the pre-meeting call" in [p.text for p in docx.Document(backup).paragraphs]


def test_format_md_also_writes_markdown(tmp_path):
    paths = brief(QBR, tmp_path, "--format", "md")
    assert sorted(p.suffix for p in paths) == [".docx"] * 3 + [".md"] * 3
    agenda_md = next(p for p in paths if p.name.endswith("agenda.md")).read_text()
    assert "| Time | Minutes | Item | Lead |" in agenda_md


def test_list_and_version_and_help():
    assert "csm" in run("list", "roles").stdout
    assert "renewal-timeline" in run("list", "categories").stdout
    assert "new-ae-introduction" in run("list", "meetings").stdout
    assert "6. Document everything in writing" in run("list", "principles").stdout
    assert "version" in run("--version").stdout
    help_text = run("brief", "--help").stdout
    assert "--force" in help_text and "shareable" in help_text


def test_org_option_and_letter_paper(tmp_path):
    org_dir = tmp_path / "org"
    org_dir.mkdir()
    org = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
    org["paper"] = "letter"
    (org_dir / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True))
    meeting = yaml.safe_load(QBR.read_text())
    del meeting["org"]
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(meeting, allow_unicode=True))
    missing = run("brief", path, "-o", tmp_path / "out")
    assert missing.exit_code == 1 and "--org" in missing.stderr
    result = run("brief", path, "--org", org_dir, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        section = docx.Document(line).sections[0]
        assert round(section.page_width.inches, 2) == 8.5
        assert round(section.page_height.inches, 2) == 11.0


def test_default_marking_names_the_vendor(tmp_path):
    org = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
    del org["marking"]
    (tmp_path / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True))
    meeting = yaml.safe_load(QBR.read_text())
    meeting["org"] = "org.yaml"
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(meeting, allow_unicode=True))
    briefing, agenda, _card = brief(tmp_path / "m.yaml", tmp_path / "out")
    header = docx.Document(briefing).sections[0].header.paragraphs
    assert "INTERNAL — NOT FOR DISTRIBUTION TO MICROSOFT" in " ".join(p.text for p in header)
    assert find_in_docx(agenda, "INTERNAL") == []


def test_an_organisation_folder_may_hold_org_yml(tmp_path):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("offers"))  # meetings only
    (org / "org.yaml").rename(org / "org.yml")
    written = brief(org / "meetings" / QBR.name, tmp_path / "out", "--org", org)
    assert [p.name for p in written] == ["2026-12-03-q4-business-review-briefing.docx",
                                         "2026-12-03-q4-business-review-agenda.docx",
                                         "2026-12-03-q4-business-review-card.docx"]
    for meeting in (org / "meetings").glob("*.yaml"):  # `org: ..` names the folder
        meeting.write_text(meeting.read_text().replace("org: ../org.yaml", "org: .."))
    result = run("batch", org, "-o", tmp_path / "batch", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "batch").rglob("*.docx"))) == 12


@pytest.mark.parametrize("title, matched", [
    ("FY27 Microsoft budget envelope is 4.2M USD", "budget envelope"),
    ("Planning for the $4.2m envelope", "$4.2m"),
])
def test_a_title_giving_away_a_protected_fact_writes_nothing(tmp_path, title, matched):
    """Issue 13, item 1: the title reaches the agenda, its properties, the invite and the
    file names; the budget's text, or its figure however written, stops the brief at its
    line."""
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    meeting = org / "meetings" / QBR.name
    text = meeting.read_text()
    meeting.write_text(text.replace("title: Q4 business review", f'title: "{title}"'))
    line = next(i for i, row in enumerate(meeting.read_text().splitlines(), 1)
                if row.startswith("title:"))
    result = run("brief", meeting, "-o", tmp_path / "out", "--format", "ics")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert f"{QBR.name}:{line}: title: " in first and "'fy27-budget'" in first, first
    assert matched in first and "the agenda and the calendar invite" in first
    assert not (tmp_path / "out").exists()
