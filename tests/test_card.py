"""The one-page card (issue 15, item 7): the page held in the room, written by `brief`.

Read from the user's side: the files `brief` writes and what a .docx or its PDF shows.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx_parts import find_in_docx

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MEETINGS = sorted((EXAMPLE / "meetings").glob("*.yaml"))
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
ADOPTION = EXAMPLE / "meetings" / "2027-01-20-adoption-review.yaml"
ORG = yaml.safe_load((EXAMPLE / "org.yaml").read_text(encoding="utf-8"))
CATEGORIES = {c["id"]: c for c in yaml.safe_load(
    (ROOT / "playbooks" / "microsoft" / "categories.yaml").read_text(encoding="utf-8")
)["categories"]}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def brief(meeting: Path, out: Path, *extra) -> list[Path]:
    result = run("brief", meeting, "-o", out, *extra)
    assert result.exit_code == 0, result.stderr
    return [Path(line) for line in result.stdout.splitlines()]


def card_of(paths: list[Path]) -> Path:
    cards = [p for p in paths if p.name.endswith("-card.docx")]
    assert len(cards) == 1, [p.name for p in paths]
    return cards[0]


def text_of(path: Path) -> str:
    """The body's paragraphs and table cells, in order, one per line."""
    document = docx.Document(path)
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row if cell.tag.endswith("}tc")]
                    lines.append(" | ".join(cells))
    return "\n".join(lines)


def section(text: str, heading: str) -> str:
    """The lines under ``heading`` up to the next heading of the card."""
    headings = ("Objectives", "Who is there", "Protect: if asked, say instead",
                "Leverage to play", "Get in writing")
    lines = text.split("\n")
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] in headings), len(lines))
    return "\n".join(lines[start:end])


def meeting_data(meeting: Path) -> dict:
    return yaml.safe_load(meeting.read_text(encoding="utf-8"))


def qbr_copy(folder: Path, **fields) -> Path:
    """The example QBR, under its own name in a copy of the example organisation, with
    ``fields`` set (``attendees_vendor`` sets the vendor's attendees)."""
    org = folder / "org"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("output"))
    meeting = org / "meetings" / QBR.name
    data = meeting_data(meeting)
    if "attendees_vendor" in fields:
        data["attendees"]["vendor"] = fields.pop("attendees_vendor")
    data.update(fields)
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return meeting


@pytest.fixture(scope="module")
def qbr_card(tmp_path_factory) -> tuple[Path, list[Path]]:
    paths = brief(QBR, tmp_path_factory.mktemp("card"))
    return card_of(paths), paths


@pytest.fixture(scope="module")
def qbr_leverage_card(tmp_path_factory) -> tuple[Path, list[Path]]:
    """The example QBR playing the competitive evaluation as leverage while the CSM attends,
    which the shipped example does not do (principle 5)."""
    folder = tmp_path_factory.mktemp("card-leverage")
    paths = brief(qbr_copy(folder, leverage=["competitive-eval-crowdstrike"]), folder / "out")
    return card_of(paths), paths


def test_brief_writes_the_card_by_default_named_internal(qbr_card):
    card, paths = qbr_card
    assert card.name == "2026-12-03-q4-business-review-card.docx"
    assert card.exists() and card.parent == paths[0].parent


def test_the_card_carries_the_internal_marking_and_no_cover_or_contents(qbr_card):
    card, _ = qbr_card
    document = docx.Document(card)
    for part in document.sections:
        assert ORG["marking"] in " ".join(p.text for p in part.header.paragraphs)
    styles = [p.style.name for p in document.paragraphs]
    assert "Title" not in styles and "TOC Heading" not in styles
    assert not any(p.text == "Contents" for p in document.paragraphs)
    assert document.paragraphs[0].text == "Q4 business review"


def test_the_card_shows_the_objectives_and_the_ask(qbr_card):
    text = text_of(qbr_card[0])
    data = meeting_data(QBR)
    objectives = section(text, "Objectives")
    for objective in data["objectives"]:
        assert objective in objectives
    assert f"Our ask: {data['ask']}" in text
    assert "3 December 2026, 14:00–15:30" in text


def test_the_card_says_who_is_there_and_what_each_probes_for(qbr_card):
    who = section(text_of(qbr_card[0]), "Who is there")
    rows = {line.split(" | ")[0]: line for line in who.split("\n") if " | " in line}
    # Sam Rivera is the AE, who probes for budget, urgency and competitive evaluation, which
    # this meeting does not play; Priya Shah is the CSM
    assert "Budget availability" in rows["Sam Rivera (AE)"]
    assert "Competitive evaluation results" in rows["Sam Rivera (AE)"]
    assert "(leverage)" not in who
    assert "3–8%" in rows["Sam Rivera (AE)"]
    assert "Budget cycle" in rows["Priya Shah (CSM)"]
    assert "With us: Dana Lee (Head of Software Asset Management), Ravi Patel" in who


def test_who_is_there_marks_what_the_meeting_plays_as_leverage(qbr_leverage_card):
    who = section(text_of(qbr_leverage_card[0]), "Who is there")
    rows = {line.split(" | ")[0]: line for line in who.split("\n") if " | " in line}
    assert "Competitive evaluation results (leverage)" in rows["Sam Rivera (AE)"]
    assert "(leverage)" not in rows["Priya Shah (CSM)"]


def test_three_things_to_protect_each_with_the_line_to_say_instead(qbr_card):
    protect = section(text_of(qbr_card[0]), "Protect: if asked, say instead")
    rows = [line.split(" | ") for line in protect.split("\n") if " | " in line][1:]
    assert len(rows) == 3
    says = {c["label"]: [s["text"] if isinstance(s, dict) else s for s in c["say_instead"]]
            for c in CATEGORIES.values() if c.get("say_instead")}
    for label, probed_by, say in rows:
        assert say.strip("“”") in says[label], label
        assert probed_by  # someone in the room probes for each of the three
    assert [row[0] for row in rows] == ["Budget availability", "Renewal urgency", "Budget cycle"]


def test_what_the_meeting_plays_as_leverage_is_not_a_thing_to_protect(tmp_path):
    def protected(meeting: Path) -> list[str]:
        text = text_of(card_of(brief(meeting, meeting.parents[2] / "out")))
        table = section(text, "Protect: if asked, say instead")
        return [line.split(" | ")[0] for line in table.split("\n") if " | " in line][1:]

    # with the AE alone, what he probes for are the three: the competitive evaluation is one
    alone = qbr_copy(tmp_path / "alone", attendees_vendor=["Sam Rivera"], leverage=[])
    assert "Competitive evaluation results" in protected(alone)
    played = qbr_copy(tmp_path / "played", attendees_vendor=["Sam Rivera"],
                      leverage=["competitive-eval-crowdstrike"])
    rows = protected(played)
    assert len(rows) == 3 and "Competitive evaluation results" not in rows


def test_the_example_qbr_plays_no_leverage(qbr_card):
    leverage = section(text_of(qbr_card[0]), "Leverage to play")
    assert "None in this meeting: everything above stays protected." in leverage
    assert "When: " not in leverage


def test_the_leverage_to_play_and_when(qbr_leverage_card):
    leverage = section(text_of(qbr_leverage_card[0]), "Leverage to play")
    fact = next(f for f in ORG["facts"] if f["id"] == "competitive-eval-crowdstrike")
    assert "Competitive evaluation results: " + fact["text"] in leverage
    when = CATEGORIES["competitive-evaluation"]["leverage"].split(". ")[0]
    assert "When: " + when in leverage


def test_a_warning_when_the_leverage_is_played_before_a_csm(qbr_leverage_card):
    # the QBR plays leverage while the CSM attends (principle 5): the card says so at the top
    top = text_of(qbr_leverage_card[0]).split("Objectives")[0]
    assert "Before you play leverage" in top
    assert "Priya Shah (CSM)" in top and "principle 5" in top


def test_no_warning_on_the_example_qbr_card(qbr_card):
    # the shipped QBR plays nothing as leverage, though the CSM attends
    top = text_of(qbr_card[0]).split("Objectives")[0]
    assert "Before you play leverage" not in top and "Priya Shah (CSM)" not in top


def test_the_verbal_commitments_to_get_in_writing(qbr_card):
    in_writing = section(text_of(qbr_card[0]), "Get in writing")
    ids = [line.split(" | ")[0] for line in in_writing.split("\n") if " | " in line][1:]
    assert ids == [c["id"] for c in ORG["commitments"] if c["status"] == "verbal"]
    assert "C-03" not in in_writing  # already written


@pytest.mark.parametrize("card, played", [("qbr_card", set()),
                                          ("qbr_leverage_card", {"competitive-eval-crowdstrike"})])
def test_the_card_prints_no_protected_fact_but_the_leverage_played(card, played, request):
    text = text_of(request.getfixturevalue(card)[0])
    for fact in ORG["facts"]:
        category = CATEGORIES[fact["category"]]
        if category["class"] != "safe" and fact["id"] not in played:
            assert fact["text"] not in text, fact["id"]
        elif fact["id"] in played:
            assert fact["text"] in text, fact["id"]


@pytest.mark.parametrize("card, played", [("qbr_card", set()),
                                          ("qbr_leverage_card", {"competitive-eval-crowdstrike"})])
def test_the_card_never_reaches_a_shareable_document(card, played, request):
    card, paths = request.getfixturevalue(card)
    agenda = next(p for p in paths if p.name.endswith("-agenda.docx"))
    for line in ["Get in writing", "Leverage to play", "say instead",
                 *[f["text"] for f in ORG["facts"] if f["id"] in played],
                 *section(text_of(card), "Protect: if asked, say instead").split("\n")[1:]]:
        for cell in line.split(" | "):
            if cell:
                assert find_in_docx(agenda, cell.strip("“”")) == [], cell


def test_a_meeting_without_leverage_or_verbal_commitments_says_so(tmp_path):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    data = yaml.safe_load((org / "org.yaml").read_text(encoding="utf-8"))
    for commitment in data["commitments"]:
        if commitment["status"] == "verbal":
            commitment["status"] = "written"
    (org / "org.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = text_of(card_of(brief(org / "meetings" / ADOPTION.name, tmp_path / "out")))
    assert "None in this meeting: everything above stays protected." in text
    assert "No verbal commitment is open" in section(text, "Get in writing")
    assert "Note: " + meeting_data(ADOPTION)["notes"] in text


def test_validate_reports_a_card_override_that_names_what_the_card_lacks(tmp_path):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    (org / "templates").mkdir()
    (org / "templates" / "card.md.j2").write_text(
        '{% extends "default:card.md.j2" %}\n{% block asks %}\n{{ v.budget }}\n{% endblock %}\n',
        encoding="utf-8")
    result = run("validate", org)
    assert result.exit_code == 1
    assert "card.md.j2:3" in result.stderr + result.stdout


def test_an_organisation_may_override_a_block_of_the_card(tmp_path):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    (org / "templates").mkdir()
    (org / "templates" / "card.md.j2").write_text(
        '{% extends "default:card.md.j2" %}\n{% block asks %}\n**We ask for:** {{ v.ask }}\n'
        "{% endblock %}\n", encoding="utf-8")
    text = text_of(card_of(brief(org / "meetings" / QBR.name, tmp_path / "out")))
    assert "We ask for: " + meeting_data(QBR)["ask"] in text
    assert "Get in writing" in text


@pytest.mark.slow
def test_every_example_card_fits_on_one_page(tmp_path):
    from briefpack.word import pdf

    if pdf.soffice() is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice (soffice) and pdfinfo are needed; .ci/run installs them")
    cards = [card_of(brief(meeting, tmp_path / "out")) for meeting in MEETINGS]
    for card, data in zip(cards, pdf.docs_to_pdfs([c.read_bytes() for c in cards])):
        target = card.with_suffix(".pdf")
        target.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(target)], check=True, capture_output=True,
                              text=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        assert pages == "1", f"{card.name}: {pages} pages"
