"""Issue 15, items 2, 3, 4 and 6: the briefing pack prepares this meeting, read from the
written documents and the command's output as a user would.

2. No advice against itself: leverage is not also "protect", and a risky play is warned about.
3. Nothing the user wrote is dropped: notes, open issues, every unverified advice.
4. Meeting types do their job: new-AE introduction, negotiation, escalation.
6. Only what is about this meeting, each paragraph once, tables kept whole; the example QBR
   pack fits in 8 pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.oxml.ns import qn

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MEETINGS = EXAMPLE / "meetings"
QBR = MEETINGS / "2026-12-03-q4-qbr.yaml"
ADOPTION = MEETINGS / "2027-01-20-adoption-review.yaml"
ESCALATION = MEETINGS / "2027-02-10-licensing-escalation.yaml"
KICKOFF = MEETINGS / "2027-03-05-renewal-kickoff.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def brief(meeting: Path, out: Path, *extra) -> tuple[dict[str, Path], str]:
    """The written files by kind (briefing, agenda, ...) and what brief said on stderr."""
    result = run("brief", meeting, "-o", out, *extra)
    assert result.exit_code == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    return {p.stem.rsplit("-", 1)[1]: p for p in paths if p.suffix == ".docx"}, result.stderr


def blocks(path: Path) -> list[tuple[str, str]]:
    """The body in reading order as (style, text): paragraphs, and each table row's cells
    joined by " | " (style "table")."""
    out = []
    for item in docx.Document(path).iter_inner_content():
        if isinstance(item, docx.table.Table):
            out += [("table", " | ".join(c.text for c in row.cells)) for row in item.rows]
        else:
            out.append((item.style.name, item.text))
    return out


def sections(path: Path) -> dict[str, str]:
    """The text under each level-1 heading, by heading."""
    found: dict[str, list[str]] = {}
    current = None
    for style, text in blocks(path):
        if style == "Heading 1":
            current = found.setdefault(text, [])
        elif current is not None:
            current.append(text)
    return {name: "\n".join(lines) for name, lines in found.items()}


def text_of(path: Path) -> str:
    return "\n".join(text for _, text in blocks(path))


def meeting_file(folder: Path, **fields) -> Path:
    data = {"org": str(EXAMPLE / "org.yaml"), "date": "2027-01-15", "time": "10:00"}
    data.update(fields)
    path = folder / f"{data['type']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def qbr_copy(folder: Path, **fields) -> Path:
    """The example QBR, under its own name in a copy of the example organisation, with
    ``fields`` set (``attendees_vendor`` sets the vendor's attendees)."""
    org = folder / "org"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("output"))
    meeting = org / "meetings" / QBR.name
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    if "attendees_vendor" in fields:
        data["attendees"]["vendor"] = fields.pop("attendees_vendor")
    data.update(fields)
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return meeting


@pytest.fixture(scope="module")
def qbr(tmp_path_factory) -> tuple[dict[str, Path], str]:
    return brief(QBR, tmp_path_factory.mktemp("qbr"))


@pytest.fixture(scope="module")
def qbr_leverage(tmp_path_factory) -> tuple[dict[str, Path], str]:
    """The example QBR playing the competitive evaluation as leverage while the CSM attends,
    which the shipped example does not do (principle 5)."""
    folder = tmp_path_factory.mktemp("qbr-leverage")
    meeting = qbr_copy(folder, leverage=["competitive-eval-crowdstrike"])
    return brief(meeting, folder / "out")


# --------------------------------------------------------------------------- 2. no advice against itself


def test_the_example_qbr_plays_no_leverage_in_front_of_its_csm(qbr):
    files, stderr = qbr
    assert "warning" not in stderr
    parts = sections(files["briefing"])
    assert "Nothing is played as leverage in this meeting" in parts["Leverage we decided to play"]
    assert "Before you play leverage" not in text_of(files["briefing"])
    assert "principle 5" not in parts["At a glance"]
    # the competitive evaluation stays protected, with the phrases not to say
    assert "Competitive evaluation results — Sam Rivera (AE) will probe for it" in parts["Protect"]
    assert "Evaluated CrowdStrike Falcon" in parts["Protect"]
    assert "we looked at CrowdStrike and it's basically the same as Defender" in parts["Protect"]


def test_a_category_played_as_leverage_is_not_also_protected_nor_its_phrases_banned(
        qbr_leverage):
    files, _ = qbr_leverage
    parts = sections(files["briefing"])
    leverage = parts["Leverage we decided to play"]
    assert "Competitive evaluation results" in leverage
    assert "Evaluated CrowdStrike Falcon" in leverage
    assert "Play it deliberately and late" in leverage  # how and when: the playbook's words
    assert "Competitive evaluation results" not in parts["Protect"]
    whole = text_of(files["briefing"])
    for phrase in ("we looked at CrowdStrike and it's basically the same as Defender",
                   "we've ruled out the alternatives", "keep you honest"):
        assert phrase not in whole, phrase
    # the category's other fact is not part of the play: it is said to be kept back there
    assert "Zoom Phone was shortlisted" in leverage and "keep back" in leverage
    at_a_glance = parts["At a glance"]
    assert "three most important things to protect" in at_a_glance
    assert "Competitive evaluation results —" not in at_a_glance


def test_a_category_played_as_leverage_is_not_among_the_three_to_protect(tmp_path):
    # with the AE alone, what he probes for are the three: the competitive evaluation is one
    alone = qbr_copy(tmp_path / "alone", attendees_vendor=["Sam Rivera"], leverage=[])
    at_a_glance = sections(brief(alone, tmp_path / "alone" / "out")[0]["briefing"])["At a glance"]
    assert "Competitive evaluation results — Sam Rivera (AE) will probe for it" in at_a_glance
    played = qbr_copy(tmp_path / "played", attendees_vendor=["Sam Rivera"],
                      leverage=["competitive-eval-crowdstrike"])
    files, stderr = brief(played, tmp_path / "played" / "out")
    assert "warning" not in stderr  # the AE alone: where the play belongs
    at_a_glance = sections(files["briefing"])["At a glance"]
    assert "three most important things to protect" in at_a_glance
    assert "Competitive evaluation results —" not in at_a_glance
    assert "Budget availability —" in at_a_glance


def test_leverage_in_front_of_a_csm_is_warned_on_stderr_and_in_the_pack(qbr_leverage):
    files, stderr = qbr_leverage
    warning = next(line for line in stderr.splitlines() if "warning" in line)
    assert "2026-12-03-q4-qbr.yaml" in warning and "Priya Shah (CSM)" in warning
    assert "principle 5" in warning and "competitive evaluation results" in warning
    at_a_glance = sections(files["briefing"])["At a glance"]
    assert "Priya Shah (CSM) attends, against principle 5" in at_a_glance
    assert "Before you play leverage" in text_of(files["briefing"])


def test_leverage_in_a_first_meeting_with_a_new_ae_is_warned(tmp_path):
    meeting = meeting_file(tmp_path, type="new-ae-introduction", title="Meeting Sam",
                           date="2026-10-15", duration=60,
                           attendees={"vendor": ["Sam Rivera"], "ours": ["Dana Lee"]},
                           leverage=["azure-macc-plan"])
    files, stderr = brief(meeting, tmp_path / "out")
    assert "warning" in stderr and "new AE introduction" in stderr
    assert "new AE introduction" in sections(files["briefing"])["At a glance"]


def test_no_warning_when_the_leverage_is_played_where_it_belongs(tmp_path):
    files, stderr = brief(KICKOFF, tmp_path)  # the AE alone, a renewal kick-off
    assert "warning" not in stderr
    assert "Before you play leverage" not in text_of(files["briefing"])
    assert "Strategic initiatives" in sections(files["briefing"])["Leverage we decided to play"]
    assert "Strategic initiatives" not in sections(files["briefing"])["Protect"]


# --------------------------------------------------------------------------- 3. nothing dropped


def test_notes_open_issues_and_roster_notes_are_in_the_pack(qbr):
    files, _ = qbr
    whole = text_of(files["briefing"])
    assert "Agreed by the CIO and Procurement on 2026-10-12." in whole  # a fact's note
    assert "Moved to a Financial Services territory" in whole  # roster: Alex Morgan
    assert "checks Microsoft's licensing advice against the Product Terms" in whole  # Jordan
    records = sections(files["briefing"])["Commitments, issues and advice"]
    assert "I-01 | 2026-02-18 | Dana Lee | Intune co-management sync failures" in records
    assert "I-02 | 2026-09-15 | Ravi Patel | True-up discrepancy" in records
    assert "I-03" not in records  # resolved


def test_the_meeting_notes_and_every_unverified_advice_are_in_the_pack(tmp_path):
    files, _ = brief(ADOPTION, tmp_path)
    parts = sections(files["briefing"])
    assert "Priya Shah asked about our budget timing in November" in parts["At a glance"]
    advice = parts["Commitments, issues and advice"].split("Advice to verify before acting")[1]
    rows = [line for line in advice.splitlines() if re.match(r"A-\d\d \|", line)]
    # A-03 (medium impact) is what this meeting's objectives cite: it comes first
    assert [row.split(" | ")[0] for row in rows] == ["A-03", "A-01"]
    assert "keep the desktop Office apps" in rows[0]


def test_records_the_meeting_cites_come_first(qbr):
    files, _ = qbr
    records = sections(files["briefing"])["Commitments, issues and advice"]
    ids = re.findall(r"^(C-\d\d) \|", records, re.MULTILINE)
    # C-05 (broken), C-01 (verbal), C-03 and C-07 are named by the QBR; C-02 is not
    assert ids[:4] == ["C-05", "C-01", "C-03", "C-07"] and "C-02" in ids[4:]
    assert "C-04" not in ids  # honoured, and not named by the QBR


def test_an_honoured_commitment_the_meeting_reviews_is_shown(tmp_path):
    files, _ = brief(ADOPTION, tmp_path)  # its objectives: the health check (C-04) is closed
    records = sections(files["briefing"])["Commitments, issues and advice"]
    assert re.search(r"^C-04 \| 2025-09-10 \| Priya Shah \| .* \| honoured \| Report delivered",
                     records, re.MULTILINE)
    assert re.findall(r"^(C-\d\d) \|", records, re.MULTILINE)[0] == "C-04"


# --------------------------------------------------------------------------- 4. meeting types


def test_a_new_ae_introduction_carries_terms_commitments_at_risk_and_the_record(tmp_path):
    meeting = meeting_file(tmp_path, type="new-ae-introduction", title="Meeting Sam",
                           date="2026-10-15", duration=60,
                           attendees={"vendor": ["Sam Rivera"], "ours": ["Dana Lee"]})
    files, stderr = brief(meeting, tmp_path / "out")
    assert "warning" not in stderr
    parts = sections(files["briefing"])
    terms = parts["Terms to re-establish"]
    assert "Microsoft 365 E5 at 18% below list, price held to renewal" in terms
    assert "Annual true-up each June" in terms
    at_risk = parts["Verbal commitments at risk"]
    assert "C-01" in at_risk and "C-02" in at_risk and "Alex Morgan" in at_risk
    assert "C-07" not in at_risk  # Sam Rivera's own, in writing
    history = parts["Documented history to point to"]
    for line in ("C-03", "email 2025-04-02 from Alex Morgan", "C-04", "Report delivered 2025-10-22"):
        assert line in history, line
    # what is listed there is not printed twice
    assert not re.search(r"^C-01 \|", parts["Commitments, issues and advice"], re.MULTILINE)


COUNTER = [{"ask": "M365 E5 at 18% below list for 3 years, no price uplift at year 2",
            "why": "Held since 2024; 6,800 stable seats", "evidence": "C-01; usage report Q3"}]


def test_a_negotiation_carries_our_counter_proposal_only_in_the_internal_pack(tmp_path):
    meeting = meeting_file(tmp_path, type="negotiation", title="Renewal negotiation",
                           date="2027-04-10", duration=70, counter_proposal=COUNTER,
                           attendees={"vendor": ["Sam Rivera", "Helen Brooks"],
                                      "ours": ["Ravi Patel"]})
    files, _ = brief(meeting, tmp_path / "out", "--format", "ics")
    counter = sections(files["briefing"])["Our counter-proposal for the deal desk"]
    assert ("M365 E5 at 18% below list for 3 years, no price uplift at year 2 | Held since 2024; "
            "6,800 stable seats | C-01; usage report Q3") in counter
    authority = sections(files["briefing"])["Who holds which authority"]
    assert "Helen Brooks" in authority and "15–25%" in authority and "3–8%" in authority
    for kind in ("agenda", "card"):
        if kind in files:
            assert "no price uplift" not in text_of(files[kind]), kind
    invite = next((tmp_path / "out").rglob("*-invite.ics")).read_text()
    assert "no price uplift" not in invite


def test_a_negotiation_without_a_counter_proposal_says_what_to_add(tmp_path):
    meeting = meeting_file(tmp_path, type="negotiation", title="Renewal negotiation",
                           date="2027-04-10", duration=70,
                           attendees={"vendor": ["Sam Rivera"], "ours": ["Ravi Patel"]})
    files, _ = brief(meeting, tmp_path / "out")
    counter = sections(files["briefing"])["Our counter-proposal for the deal desk"]
    assert "No counter-proposal recorded" in counter and "counter_proposal" in counter


def test_an_escalation_says_who_holds_which_authority_and_what_was_tried_below(tmp_path):
    files, _ = brief(ESCALATION, tmp_path)
    parts = sections(files["briefing"])
    authority = parts["Who holds which authority"]
    assert re.search(r"Helen Brooks \| Area Vice President.*\| 15–25%", authority)
    assert re.search(r"Sam Rivera \| Account Executive.*\| 3–8%", authority)
    tried = parts["What was tried at the level below"]
    assert re.search(r"C-05 \| 18 February 2026 \| Tomás Novak \(.*\) \| Fix for the Intune", tried)
    assert "broken: email 2026-02-19 from Tomás Novak" in tried
    assert "I-01" in tried  # the open issue behind C-05
    # the QBR before it, with the AE, on the same records, and what was promised there
    assert "3 December 2026, Q4 business review" in tried
    assert "Will confirm by email that the E5 price hold" in tried
    assert parts["Our counter-proposal for the deal desk"].count(" | ") >= 4


# --------------------------------------------------------------------------- 6. only this meeting


def test_phrases_to_avoid_only_for_what_the_people_in_the_room_probe_for(qbr):
    files, _ = qbr
    protect = sections(files["briefing"])["Protect"]
    assert "we have <amount> set aside for this" in protect  # budget: the AE probes
    assert "our financial year ends in <month>" in protect  # budget cycle: the CSM probes
    # nobody at the QBR probes for approval limits or board dates (the AVP is not there)
    assert "the CFO won't sign anything over" not in protect
    assert "the board needs this signed by" not in protect
    assert "Any agreement will go through our normal governance." in protect  # still protected
    banned = [line for line in protect.splitlines() if line.startswith("Do not say:")]
    phrases = [p for line in banned for p in re.findall(r"“[^”]*”", line)]
    # what the AE and the CSM probe for: renewal timeline (the CSM attends), urgency, budget,
    # budget cycle, commercial strategy and the competitive evaluation (not played as leverage)
    assert len(banned) == 6 and len(phrases) < 43  # 43 were printed whoever attended


def test_a_category_without_a_fact_nobody_in_the_room_probes_for_is_left_out(tmp_path):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    data = yaml.safe_load((org / "org.yaml").read_text())
    data["facts"] = [f for f in data["facts"] if f["category"] != "competitive-technology-depth"]
    (org / "org.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    files, _ = brief(org / "meetings" / QBR.name, tmp_path / "out")
    assert "Competitive technology depth" not in text_of(files["briefing"])
    # with the specialist in the room, it is there: the specialist probes for it
    meeting = yaml.safe_load((org / "meetings" / QBR.name).read_text())
    meeting["attendees"]["vendor"].append("Tomás Novak")
    (org / "meetings" / QBR.name).write_text(yaml.safe_dump(meeting, allow_unicode=True))
    files, _ = brief(org / "meetings" / QBR.name, tmp_path / "out2")
    assert "Competitive technology depth — Tomás Novak" in sections(files["briefing"])["Protect"]


def test_principles_are_in_their_order(tmp_path):
    files, _ = brief(ESCALATION, tmp_path)  # the escalation type lists principles 3, 1, 6
    principles = sections(files["briefing"])["Principles for this meeting"]
    numbers = re.findall(r"^(\d)\. ", principles, re.MULTILINE)
    assert numbers == ["1", "3", "6"]


def test_no_paragraph_is_printed_twice(qbr):
    files, _ = qbr
    seen: dict[str, int] = {}
    for style, text in blocks(files["briefing"]):
        if style != "table" and len(text) > 40:
            seen[text] = seen.get(text, 0) + 1
    assert {text for text, count in seen.items() if count > 1} == set()
    whole = text_of(files["briefing"])
    assert whole.count("renews on 30 June 2027") == 1  # the Timing paragraph, once


def test_checklists_ask_for_each_thing_once(qbr):
    files, _ = qbr
    checklists = sections(files["briefing"])["Checklists"].splitlines()
    items = [line for line in checklists if line and line not in ("Before the meeting",
                                                                   "After the meeting")]
    assert len(items) == len(set(items))
    assert len([i for i in items if "agenda" in i and "in advance" in i]) == 1
    assert len([i for i in items if "confirm" in i and "writing" in i]) == 1


def test_no_internal_vocabulary(qbr):
    files, _ = qbr
    whole = text_of(files["briefing"])
    for jargon in ("is class '", "category '", "role 'csm'", "probes for 'budget", "'protect'"):
        assert jargon not in whole, jargon
    assert "Kept from Microsoft" in whole or "a known budget becomes the price" in whole


def test_the_cover_names_who_attends_and_no_filler(qbr):
    files, _ = qbr
    document = docx.Document(files["briefing"])
    details = [p.text for p in document.paragraphs if p.style.name == "Title Page Detail"]
    assert "Microsoft\tSam Rivera (AE), Priya Shah (CSM)" in details
    assert "Contoso Ltd\tDana Lee, Ravi Patel" in details
    assert not [d for d in details if d.startswith(("Prepared for", "With\t"))]


def test_sources_are_a_short_appendix_without_paths_of_this_repository(qbr):
    files, _ = qbr
    sources = sections(files["briefing"])["Sources"]
    assert "Managing your Microsoft account team" in sources
    assert "shared/seed" not in sources and ".txt" not in sources
    # small print, a paragraph per kind of source: the seed, public pages, unlocated, practice
    assert len(sources.splitlines()) <= 4


def _keep_next(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def test_tables_are_kept_whole_and_with_their_heading(qbr):
    files, _ = qbr
    document = docx.Document(files["briefing"])
    body = document.element.body
    for table in document.tables:
        rows = table.rows
        for index, row in enumerate(rows):
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
            keeps = [_keep_next(p) for cell in row.cells for p in cell.paragraphs]
            assert all(keeps) if index < len(rows) - 1 else not any(keeps)
        before = table._tbl.getprevious()
        if before is not None and before.tag == qn("w:p"):
            paragraph = docx.text.paragraph.Paragraph(before, document._body)
            if paragraph.style.name.startswith("Heading"):
                assert _keep_next(paragraph)
    assert body is not None


@pytest.mark.slow
def test_the_example_qbr_pack_fits_in_eight_pages(tmp_path):
    """The whole pack, title page and contents included, converted by LibreOffice once."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    result = run("brief", QBR, "-o", tmp_path, "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    pdf = next(tmp_path.rglob("*-briefing.pdf"))
    info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert pages <= 8, f"the QBR briefing pack has {pages} pages"


def test_earlier_meetings_of_another_organisation_in_the_folder_are_left_out(tmp_path):
    """The folder's QBR is the escalation's earlier meeting; a copy of it naming another
    organisation is not, however many files the folder holds."""
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("meetings", "offers"))
    other = tmp_path / "other"
    shutil.copytree(EXAMPLE, other, ignore=shutil.ignore_patterns("meetings", "offers"))
    folder = org / "meetings"
    folder.mkdir()
    for source in (ESCALATION, MEETINGS / "2026-12-03-q4-qbr.yaml"):
        shutil.copy(source, folder / source.name)
    qbr = (MEETINGS / "2026-12-03-q4-qbr.yaml").read_text(encoding="utf-8")
    (folder / "2026-11-01-elsewhere.yaml").write_text(
        qbr.replace("org: ../org.yaml", "org: ../../other/org.yaml")
        .replace("Q4 business review", "Elsewhere review").replace("2026-12-03", "2026-11-01"),
        encoding="utf-8")
    files, _ = brief(folder / ESCALATION.name, tmp_path / "out")
    tried = sections(files["briefing"])["What was tried at the level below"]
    assert "3 December 2026, Q4 business review" in tried
    assert "Elsewhere review" not in tried
