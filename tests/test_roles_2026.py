"""Issue 16, item 5: roles as Microsoft names them in 2026, the seed's names kept.

- ``csm`` stays the role id (org files and ``--audience csm`` keep working); Microsoft's name
  for the role on a Unified Support contract, Customer Success Account Manager (CSAM), is an
  alias, and the role says how the two names relate.
- The Account Technology Strategist (``ats``) is a role of its own (it was an alias of the
  technical specialist), cited to the public source that names it.
- The partner's roles: the licensing partner (LSP) under an Enterprise Agreement has no say
  over Microsoft's prices, and the CSP partner (``csp-partner``) sets the customer's price.
Each cites sources that the playbook lists, with an address for every public one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOK = ROOT / "playbooks" / "microsoft"
EXAMPLE = ROOT / "examples" / "contoso"
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def listed() -> dict[str, str]:
    """``briefpack list roles``, each role's entry by id."""
    result = run("list", "roles")
    assert result.exit_code == 0, result.stderr
    entries = re.split(r"\n(?=\S)", result.stdout.strip())
    return {entry.split()[0]: " ".join(entry.split()) for entry in entries}


def test_list_roles_distinguishes_the_csam_from_a_customer_success_manager(listed):
    csm = listed["csm"]
    assert csm.startswith("csm Customer Success Manager (CSM)")
    assert "also: CSAM, Customer Success Account Manager" in csm
    assert "Unified Support" in csm
    assert "funded through that contract" in csm
    # the seed's cautions hold under either name
    assert "under either name" in csm
    assert "probes for: commercial-strategy, budget-cycle, renewal-timeline" in csm


def test_list_roles_has_the_account_technology_strategist(listed):
    ats = listed["ats"]
    assert ats.startswith("ats Account Technology Strategist (ATS) (also: ATS")
    assert "modern-workplace" in ats
    assert "No source gives the role any pricing or discount authority" in ats
    # no longer an alias of the technical specialist
    assert "Account Technology Strategist" not in listed["specialist"]


def test_list_roles_has_the_partner_roles(listed):
    partner, csp = listed["partner"], listed["csp-partner"]
    assert "also: LSP, Licensing Solution Partner" in partner
    assert "Under an Enterprise Agreement" in partner and "not Microsoft's prices" in partner
    assert "Under CSP it is different: the partner sets your price" in partner
    assert csp.startswith("csp-partner Cloud Solution Provider partner (CSP)")
    assert "Sets the price you pay" in csp
    assert "probes for: budget, commercial-strategy" in csp


def test_each_role_cites_listed_sources_with_addresses():
    roles = {r["id"]: r for r in yaml.safe_load(
        (PLAYBOOK / "roles.yaml").read_text(encoding="utf-8"))["roles"]}
    sources = {s["id"]: s for s in yaml.safe_load(
        (PLAYBOOK / "vendor.yaml").read_text(encoding="utf-8"))["vendor"]["sources"]}
    for role_id in ("csm", "ats", "partner", "csp-partner"):
        cited = roles[role_id]["source"]
        assert cited and set(cited) <= set(sources), role_id
        public = [s for s in cited if s != "seed-article"]
        assert public, f"{role_id} cites no public source"
        for source in public:
            assert sources[source].get("url", "").startswith("https://"), source
    assert "admodum-account-team" in roles["ats"]["source"]
    assert "admodum-account-team" in roles["csm"]["source"]
    assert "redress-mca-guide" in roles["csp-partner"]["source"]
    result = run("validate", PLAYBOOK)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "note.txt"
    path.write_text("Hello,\n\nOur agreement renews on 30 June 2027.\n\nBest regards\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("audience", ["csm", "CSAM", "Customer Success Account Manager"])
def test_the_renewal_date_is_a_finding_for_the_csm_by_any_of_its_names(draft, audience):
    result = run("check", draft, "--org", EXAMPLE, "--audience", audience)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "renewal-timeline" in result.stdout or "renewal timeline" in result.stdout.lower()


@pytest.mark.parametrize("audience", ["ats", "ATS", "csp-partner", "CSP"])
def test_the_new_roles_are_audiences_and_the_renewal_date_is_known(draft, audience):
    result = run("check", draft, "--org", EXAMPLE, "--audience", audience)
    assert result.exit_code == 0, (result.stdout, result.stderr)


def test_an_ats_in_the_room_is_briefed_as_one(tmp_path):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("output"))
    meeting = org / "meetings" / QBR.name
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    data["attendees"]["vendor"] = ["Sam Rivera", {
        "name": "Noor Haddad", "role": "ATS", "title": "Account Technology Strategist"}]
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    result = run("brief", meeting, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    pack = next(Path(p) for p in result.stdout.splitlines() if p.endswith("-briefing.docx"))
    document = docx.Document(pack)
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    about_noor = [line for line in text.splitlines() if "Noor Haddad" in line]
    assert any("ATS" in line for line in about_noor), about_noor
    assert "Competitive technology depth — Noor Haddad (ATS) will probe for it" in text
    assert "modern-workplace" in text
