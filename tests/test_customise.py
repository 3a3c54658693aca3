"""Customising per organisation: data (overlay), wording (templates) and look (reference.docx)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main
from briefpack.data.schema import schema_text
from briefpack.resources import templates_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def org(tmp_path) -> Path:
    """A copy of the example organisation and its QBR to customise."""
    folder = tmp_path / "org"
    shutil.copytree(EXAMPLE, folder)
    return folder


def brief_md(org: Path, out: Path, meeting: str = "meetings/2026-12-03-q4-qbr.yaml") -> dict[str, str]:
    result = run("brief", org / meeting, "-o", out, "--format", "md")
    assert result.exit_code == 0, result.stderr
    return {Path(p).name.rsplit("-", 1)[1]: Path(p).read_text()
            for p in result.stdout.splitlines() if p.endswith(".md")}


def _sections(markdown: str) -> dict[str, str]:
    parts = markdown.split("\n# ")
    return {part.split("\n", 1)[0].lstrip("# "): part for part in parts}


def test_overriding_one_block_changes_only_that_block(org, tmp_path):
    builtin = brief_md(org, tmp_path / "before")
    (org / "templates").mkdir()
    (org / "templates" / "briefing.md.j2").write_text(
        '{% extends "default:briefing.md.j2" %}\n'
        "{% block questions %}\n{{ super() }}\n1. Our standing question: {{ v.org_name }} first\n"
        "{% endblock %}\n"
        "{% block principles %}\n# Principles for this meeting\n\nOur own for {{ v.title }}.\n"
        "{% endblock %}\n")
    custom = brief_md(org, tmp_path / "after")
    before, after = _sections(builtin["briefing.md"]), _sections(custom["briefing.md"])
    assert after.keys() == before.keys()
    assert "Our standing question: Contoso Ltd first" in after["Questions to ask"]
    assert after["Questions to ask"].startswith(before["Questions to ask"].split("\n::: tip")[0])
    assert (after["Principles for this meeting"].strip()
            == "Principles for this meeting\n\nOur own for Q4 business review.")
    for name in before.keys() - {"Questions to ask", "Principles for this meeting"}:
        assert after[name] == before[name], name
    assert custom["agenda.md"] == builtin["agenda.md"]


def test_whole_document_template_can_be_replaced(org, tmp_path):
    (org / "templates").mkdir()
    (org / "templates" / "agenda.md.j2").write_text("# {{ v.title }}\n\nOur own agenda layout.\n")
    agenda = brief_md(org, tmp_path / "out")["agenda.md"]
    assert agenda == "# Q4 business review\n\nOur own agenda layout.\n"


def test_sandbox_refuses_python_internals_and_writes_nothing(org, tmp_path):
    (org / "templates").mkdir()
    (org / "templates" / "briefing.md.j2").write_text(
        '{% extends "default:briefing.md.j2" %}\n{% block principles %}\n'
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n{% endblock %}\n")
    out = tmp_path / "out"
    result = run("brief", org / "meetings/2026-12-03-q4-qbr.yaml", "-o", out)
    assert result.exit_code == 1
    assert "templates/briefing.md.j2:3:" in result.stderr and "sandbox" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert run("validate", org).exit_code == 1


def test_reference_docx_heading_font_is_used(org, tmp_path):
    reference = docx.Document(str(templates_dir() / "reference.docx"))
    reference.styles["Heading 1"].font.name = "Georgia"
    reference.save(str(org / "reference.docx"))
    result = run("brief", org / "meetings/2026-12-03-q4-qbr.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    briefing = docx.Document(result.stdout.splitlines()[0])
    assert briefing.styles["Heading 1"].font.name == "Georgia"
    headings = [p for p in briefing.paragraphs if p.style.name == "Heading 1"]
    assert headings and all(run.font.name in (None, "Georgia") for p in headings for run in p.runs)
    builtin = docx.Document(str(templates_dir() / "reference.docx"))
    assert builtin.styles["Heading 1"].font.name != "Georgia"


def test_reference_docx_paper_and_margins_are_kept(org, tmp_path):
    reference = docx.Document(str(templates_dir() / "reference.docx"))
    section = reference.sections[0]
    section.page_width, section.page_height = docx.shared.Inches(8.5), docx.shared.Inches(11)
    section.left_margin = docx.shared.Inches(1.5)
    reference.save(str(org / "reference.docx"))
    data = yaml.safe_load((org / "org.yaml").read_text())
    data.pop("paper", None)
    (org / "org.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = run("brief", org / "meetings/2026-12-03-q4-qbr.yaml", "-o", tmp_path / "out")
    out = docx.Document(result.stdout.splitlines()[0]).sections[0]
    assert round(out.page_width.inches, 2) == 8.5 and round(out.left_margin.inches, 2) == 1.5


def test_logo_appears_in_the_header(org, tmp_path):
    png = Path(docx.__file__).parent / "templates" / "default-docx-template"
    logo = next((p for p in ROOT.rglob("*.png") if "docs" in p.parts), None)
    assert logo is not None, png
    shutil.copy(logo, org / "logo.png")
    result = run("brief", org / "meetings/2026-12-03-q4-qbr.yaml", "-o", tmp_path / "out")
    briefing = docx.Document(result.stdout.splitlines()[0])
    header_xml = briefing.sections[0].header._element.xml
    assert "graphicData" in header_xml


def _overlay_org(org: Path, overlay: dict, edit=None) -> None:
    data = yaml.safe_load((org / "org.yaml").read_text())
    data["playbook"] = overlay
    if edit:
        edit(data)
    (org / "org.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_overlay_adds_a_role_and_a_meeting_type_that_work_in_brief(org, tmp_path):
    overlay = {
        "roles": [{"id": "deal-desk", "title": "Deal Desk Manager",
                   "incentives": ["Keep margin on non-standard deals"],
                   "useful_for": ["Approving non-standard deal structures"],
                   "protect": ["approval-constraints"],
                   "authority": "Approves discounts beyond the AVP's", "source": "seed-article"}],
        "meeting_types": [{"id": "deal-review", "name": "Deal review",
                           "purpose": "Walk the deal desk through our counter-proposal",
                           "attendee_roles": ["ae", "deal-desk"], "objectives": ["Get a decision date"],
                           "agenda": [{"id": "intro", "title": "Introductions", "minutes": 5, "owner": "joint"},
                                      {"id": "ours", "title": "Our counter-proposal", "minutes": 25, "owner": "us"}],
                           "questions": ["Who signs off a structure like ours?"], "principles": [3, 6],
                           "next_step_ask": "A decision date in writing", "source": "seed-article"}],
    }
    _overlay_org(org, overlay, lambda d: d["account_team"].append(
        {"name": "Dee Desk", "role": "deal-desk", "title": "Deal Desk, EMEA"}))
    meeting = {"org": "../org.yaml", "type": "deal-review", "title": "Deal review", "date": "2027-03-01",
               "time": "09:00", "attendees": {"vendor": ["Sam Rivera", "Dee Desk"], "ours": ["Dana Lee"]},
               "share": ["org-size-users"]}
    (org / "meetings" / "deal.yaml").write_text(yaml.safe_dump(meeting))
    docs = brief_md(org, tmp_path / "out", "meetings/deal.yaml")
    briefing, agenda = docs["briefing.md"], docs["agenda.md"]
    assert "## Dee Desk — Deal Desk Manager" in briefing
    assert "Approves discounts beyond the AVP" in briefing
    assert "Who signs off a structure like ours?" in briefing
    assert "Dee Desk (Deal Desk Manager)" in briefing  # probes for approval constraints
    assert "| 09:05 | 25 | Our counter-proposal | Contoso Ltd |" in agenda


def test_overlay_removes_a_category_and_changes_an_agenda_item(org, tmp_path):
    builtin = brief_md(org, tmp_path / "before")["briefing.md"]
    assert "Competitive technology depth" in builtin
    overlay = {"categories": [{"id": "competitive-technology-depth", "remove": True},
                              {"id": "budget", "label": "Money (never say)"}],
               "meeting_types": [{"id": "qbr", "agenda": [{"id": "welcome", "minutes": 10}]}]}
    _overlay_org(org, overlay, lambda d: d.update(
        facts=[f for f in d["facts"] if f["category"] != "competitive-technology-depth"]))
    docs = brief_md(org, tmp_path / "after")
    assert "Competitive technology depth" not in docs["briefing.md"]
    assert "**Money (never say)**" in docs["briefing.md"]
    assert "| 14:00 | 10 | Welcome and objectives | Joint |" in docs["agenda.md"]


def test_overlay_problems_are_reported_at_org_yaml_lines(org):
    overlay = {"roles": [{"id": "ghost", "remove": True},
                         {"id": "csm", "protect": ["budget", "no-such-category"]}],
               "widgets": []}
    _overlay_org(org, overlay)
    result = run("validate", org / "org.yaml")
    assert result.exit_code == 1
    lines = (org / "org.yaml").read_text().splitlines()
    ghost = next(i for i, line in enumerate(lines, 1) if "ghost" in line)
    assert f"org.yaml:{ghost}: playbook.roles[0].id: no role 'ghost' to remove" in result.stderr
    assert "unknown playbook section 'widgets'" in result.stderr
    typo = {"roles": [{"id": "cms", "protect": ["budget"]}]}
    _overlay_org(org, typo)
    result = run("validate", org / "org.yaml")
    assert "playbook.roles[0].id: no role 'cms' to change" in result.stderr
    assert "give also: title, incentives" in result.stderr
    fixed = {"roles": [{"id": "csm", "protect": ["budget", "no-such-category"]}]}
    _overlay_org(org, fixed)
    result = run("validate", org / "org.yaml")
    assert "playbook.roles[0].protect[1]: unknown category 'no-such-category'" in result.stderr


def test_validate_lists_missing_reference_styles(org):
    docx.Document().save(str(org / "reference.docx"))  # python-docx's plain default document
    result = run("validate", org)
    assert result.exit_code == 0  # a warning: the documents still build (issue 20, item 2)
    assert "reference.docx: warning: lacks" in result.stderr
    assert "Task Item" in result.stderr and "Marking" in result.stderr
    assert run("validate", org, "--strict").exit_code == 1


def test_init_then_brief_works_unedited(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "acme", "--name", "Acme & Sons")
    assert result.exit_code == 0, result.stderr
    assert {Path(p).name for p in result.stdout.splitlines()} >= {
        "org.yaml", "first-meeting.yaml", "reference.docx", "README.md"}
    assert "`questions`" in (tmp_path / "acme/templates/README.md").read_text()
    assert run("validate", "acme").exit_code == 0
    result = run("brief", "acme/meetings/first-meeting.yaml")
    assert result.exit_code == 0, result.stderr
    briefing = docx.Document(result.stdout.splitlines()[0])
    assert briefing.core_properties.author == "Acme & Sons"
    before = sorted(p.read_bytes() for p in (tmp_path / "acme").rglob("*") if p.is_file())
    again = run("init", "acme")
    assert again.exit_code == 1 and "never overwrites" in again.stderr
    assert sorted(p.read_bytes() for p in (tmp_path / "acme").rglob("*") if p.is_file()) == before


def test_schema_command_matches_the_shipped_schemas_and_accepts_the_examples():
    for kind in ("org", "meeting"):
        printed = run("schema", kind).stdout
        assert printed == schema_text(kind)
        assert printed == (ROOT / "examples" / "schemas" / f"{kind}.schema.json").read_text()
    org_schema = json.loads(run("schema", "org").stdout)
    meeting_schema = json.loads(run("schema", "meeting").stdout)
    as_json = lambda path: json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))  # noqa: E731
    jsonschema.validate(as_json(EXAMPLE / "org.yaml"), org_schema)
    for meeting in (EXAMPLE / "meetings").glob("*.yaml"):
        assert meeting.read_text().startswith("# yaml-language-server: $schema=")
        jsonschema.validate(as_json(meeting), meeting_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"type": "qbr", "title": "x", "date": "2027-01-01", "bogus": 1},
                            meeting_schema)
    assert "meeting_types" in json.loads(run("schema", "playbook").stdout)["properties"]


def test_the_worked_example_in_the_docs_works(tmp_path, monkeypatch):
    import re

    monkeypatch.chdir(tmp_path)
    assert run("init", "acme", "--name", "Acme Ltd").exit_code == 0
    doc = (ROOT / "docs" / "customising.md").read_text()
    snippet = re.search(r"```yaml\n(.*?)```", doc, re.S).group(1)
    added = yaml.safe_load("\n".join(line[3:] for line in snippet.splitlines()))
    org = yaml.safe_load(Path("acme/org.yaml").read_text())
    org["account_team"] += added["account_team"]
    org["playbook"] = added["playbook"]
    Path("acme/org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    jinja = re.search(r"```jinja\n(.*?)```", doc, re.S).group(1)
    Path("acme/templates/briefing.md.j2").write_text(jinja)
    meeting = yaml.safe_load(Path("acme/meetings/first-meeting.yaml").read_text())
    meeting.update(type="deal-review", title="Deal review",
                   attendees={"vendor": ["Alex Example", "Dee Desk"], "ours": ["Your Name"]})
    Path("acme/meetings/deal.yaml").write_text(yaml.safe_dump(meeting))
    assert run("validate", "acme").exit_code == 0
    result = run("brief", "acme/meetings/deal.yaml", "--format", "md")
    assert result.exit_code == 0, result.stderr
    briefing = Path(next(p for p in result.stdout.splitlines() if p.endswith("briefing.md")))
    text = briefing.read_text()
    assert "## Dee Desk — Deal Desk Manager" in text
    assert "Has anything changed in how Microsoft counts our users?" in text


@pytest.mark.parametrize("ident", [["ae"], {"id": "ae"}])
def test_an_overlay_id_that_is_not_one_value_is_a_problem_not_a_crash(org, ident):
    _overlay_org(org, {"roles": [{"id": ident, "title": "Account manager"}]})
    result = run("validate", org / "org.yaml")
    assert result.exit_code == 1
    assert "playbook.roles[0].id: 'id' names one role: give a single value" in result.stderr
    assert "Traceback" not in result.output


def test_validate_accepts_an_override_that_imports_macros(org, tmp_path):
    """What renders with `brief` validates: names bound by {% import %} and {% from %} at the
    top of an override that extends a built-in template are defined inside its blocks."""
    templates = org / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "macros.j2").write_text('{% macro ask(text) %}1. {{ text }}{% endmacro %}\n')
    (templates / "briefing.md.j2").write_text(
        '{% extends "default:briefing.md.j2" %}\n{% import "macros.j2" as m %}\n'
        '{% from "macros.j2" import ask as also %}\n'
        '{% block questions %}{{ super() }}\n{{ m.ask("Our own question") }}\n'
        '{{ also("And another") }}\n{% endblock %}\n')
    result = run("validate", org)
    assert result.exit_code == 0, result.stderr
    written = run("brief", org / "meetings/2026-12-03-q4-qbr.yaml", "-o", tmp_path / "out")
    assert written.exit_code == 0, written.stderr
    (templates / "briefing.md.j2").write_text(
        '{% extends "default:briefing.md.j2" %}\n{% block questions %}{{ n.ask("x") }}'
        '{% endblock %}\n')
    result = run("validate", org)
    assert result.exit_code == 1 and "'n' is not defined" in result.stderr


@pytest.mark.parametrize("template", ["transition-pack.md.j2", "confirmation-letter.md.j2",
                                      "confirmation-request.md.j2", "followup-notes.md.j2"])
def test_validate_renders_every_document_s_override(org, template):
    """validate renders every document with sample data, so an override naming an attribute
    its view does not have is caught before the day it is needed."""
    (org / "templates").mkdir(exist_ok=True)
    (org / "templates" / template).write_text("# Title\n\n{{ v.no_such_attribute }}\n")
    result = run("validate", org)
    assert result.exit_code == 1
    assert f"templates/{template}:3:" in result.stderr and "no_such_attribute" in result.stderr


@pytest.mark.parametrize("name, content, said", [
    ("reference.docx", b"not a docx", "not a Word document (.docx) briefpack can read"),
    ("logo.png", b"not a picture", "not an image briefpack can put in the header"),
])
def test_an_unreadable_reference_or_logo_is_an_error_not_a_traceback(org, tmp_path, name,
                                                                     content, said):
    (org / name).write_bytes(content)
    result = run("brief", org / "meetings/2026-12-03-q4-qbr.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("error: ")
    assert said in result.stderr and name in result.stderr
    assert not (tmp_path / "out").exists()
    checked = run("validate", org)
    assert checked.exit_code == 1 and said in checked.stderr


def test_markdown_word_cannot_hold_is_an_error_naming_the_template(org, tmp_path):
    (org / "templates").mkdir(exist_ok=True)
    (org / "templates" / "agenda.md.j2").write_text("# Agenda\n\n#### Too deep\n")
    result = run("brief", org / "meetings/2026-12-03-q4-qbr.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "agenda.md.j2: writes what briefpack cannot put in a Word document" in result.stderr
    assert "heading level 4" in result.stderr
    assert not (tmp_path / "out").exists()


def test_validate_reports_protected_text_in_a_shareable_field(org):
    """What brief refuses (issue 13, item 1), validate reports: the two agree."""
    meeting = org / "meetings/2026-12-03-q4-qbr.yaml"
    meeting.write_text(meeting.read_text().replace(
        "title: Q4 business review", 'title: "FY27 Microsoft budget envelope is 4.2M USD"'))
    result = run("validate", org)
    assert result.exit_code == 1
    assert "title: " in result.stderr and "'fy27-budget'" in result.stderr
