"""Issue 15, item 5: roles that exist.

Microsoft's deal desk and an executive sponsor are roles of the built-in playbook, each citing
its sources; the example's deal-desk manager is filed as the deal desk, so her pack says what
the deal desk does, not that she carries an AVP's territory quota and discount room.
"""

from __future__ import annotations

from pathlib import Path

import docx
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
ESCALATION = EXAMPLE / "meetings" / "2027-02-10-licensing-escalation.yaml"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert isinstance(result.exception, (SystemExit, type(None))), result.exc_info
    return result


def docx_lines(path: Path) -> list[str]:
    document = docx.Document(str(path))
    cells = [" | ".join(cell.text for cell in row.cells)
             for table in document.tables for row in table.rows]
    return [p.text for p in document.paragraphs] + cells


def test_list_roles_shows_the_deal_desk_and_the_executive_sponsor():
    listed = run("list", "roles").stdout
    assert "deal-desk" in listed and "Deal desk" in listed
    assert "executive-sponsor" in listed and "Executive sponsor (Microsoft executive)" in listed


def test_each_new_role_names_its_sources_and_the_playbook_validates():
    roles = {r["id"]: r for r in yaml.safe_load(
        (ROOT / "playbooks/microsoft/roles.yaml").read_text())["roles"]}
    sources = {s["id"] for s in yaml.safe_load(
        (ROOT / "playbooks/microsoft/vendor.yaml").read_text())["vendor"]["sources"]}
    for role in ("deal-desk", "executive-sponsor"):
        assert roles[role]["source"] and set(roles[role]["source"]) <= sources
        assert roles[role]["incentives"] and roles[role]["protect"] and roles[role]["engage"]
    assert "budget" in roles["deal-desk"]["protect"]
    result = run("validate", ROOT / "playbooks" / "microsoft")
    assert result.exit_code == 0, result.stderr


def test_the_examples_deal_desk_manager_is_filed_as_the_deal_desk(tmp_path):
    meeting = yaml.safe_load(ESCALATION.read_text())
    lena = next(a for a in meeting["attendees"]["vendor"]
                if isinstance(a, dict) and a["name"] == "Lena Fischer")
    assert lena["role"] == "deal-desk"
    result = run("brief", ESCALATION, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    lines = docx_lines(next(tmp_path.rglob("*-briefing.docx")))
    about_her = [line for line in lines if "Lena Fischer" in line]
    assert any("Deal desk" in line for line in about_her), about_her
    for as_avp in ("Lena Fischer (AVP)", "Lena Fischer — Area Vice President",
                   "Lena Fischer | Area Vice President"):
        assert not any(as_avp in line for line in about_her), as_avp
    assert any(line.startswith("Lena Fischer — Deal desk") for line in lines)


def test_an_executive_sponsor_in_the_room_is_briefed_as_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = ESCALATION.read_text().replace(
        "org: ../org.yaml", f"org: {EXAMPLE / 'org.yaml'}").replace(
        "    - Helen Brooks\n",
        "    - Helen Brooks\n    - {name: Jordan Hale, role: Executive Sponsor}\n")
    (tmp_path / "escalation.yaml").write_text(text, encoding="utf-8")
    result = run("brief", "escalation.yaml", "-o", "out")
    assert result.exit_code == 0, result.stderr
    lines = docx_lines(next(Path("out").rglob("*-briefing.docx")))
    assert any("Jordan Hale" in line and "Executive sponsor" in line for line in lines)
