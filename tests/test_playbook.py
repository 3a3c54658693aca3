"""The built-in Microsoft playbook holds what DESIGN.md and the seed article promise."""

import re
from pathlib import Path

import pytest

from briefpack.data.checks import check_playbook
from briefpack.data.load import load_builtin_playbook

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_1f4469371cb345c1.txt"

CATEGORY_CLASSES = {
    "technical-requirements": "safe", "deployment-plans": "safe", "organisation-size": "safe",
    "technical-interest": "safe", "renewal-timeline": "safe", "renewal-urgency": "protect",
    "budget": "protect", "budget-cycle": "protect", "commercial-strategy": "protect",
    "competitive-evaluation": "protect", "competitive-technology-depth": "protect",
    "approval-constraints": "protect", "board-deadlines": "protect",
    "strategic-initiatives": "strategic",
}
ROLE_PROTECT = {
    "ae": {"budget", "renewal-urgency", "competitive-evaluation"},
    "csm": {"commercial-strategy", "budget-cycle", "renewal-timeline"},
    "specialist": {"competitive-technology-depth"},
    "avp": {"approval-constraints", "board-deadlines"},
}
MEETING_TYPES = {"qbr", "renewal-kickoff", "adoption-review", "technical-deep-dive", "escalation",
                 "negotiation", "new-ae-introduction", "roadmap-briefing"}


@pytest.fixture(scope="module")
def loaded():
    return load_builtin_playbook("microsoft")


@pytest.fixture(scope="module")
def pb(loaded):
    return loaded.playbook


def test_playbook_is_internally_consistent(loaded):
    assert check_playbook(loaded) == []


def test_ids_and_classes_match_the_contract(pb):
    assert {r.id for r in pb.roles} == {"ae", "csm", "specialist", "ats", "avp", "partner",
                                        "csp-partner", "deal-desk", "executive-sponsor"}
    assert {c.id: c.class_ for c in pb.categories} == CATEGORY_CLASSES
    assert [c.id for c in pb.categories if c.never_share] == ["budget"]
    assert {m.id for m in pb.meeting_types} == MEETING_TYPES
    assert sorted(p.number for p in pb.principles) == [1, 2, 3, 4, 5, 6]
    for role_id, protect in ROLE_PROTECT.items():
        assert set(pb.role(role_id).protect) == protect


def test_seed_facts_are_in_the_playbook(pb):
    assert "3–8%" in pb.role("ae").discount_authority.text
    assert "15–25%" in pb.role("avp").discount_authority.text
    assert re.search(r"5\s*[–-]\s*15", pb.role("ae").quota.text)
    budget = pb.category("budget")
    assert any("evaluating based on value, not a fixed budget" in s.text
               for s in budget.say_instead)
    avoid = " ".join(p.text for c in pb.categories for p in c.avoid_phrases).lower()
    assert "budget year end" in avoid and "board needs this signed" in avoid
    assert pb.vendor.fiscal_calendar.year_end == "06-30"
    assert pb.transition.risks and pb.transition.before_handover and pb.transition.first_30_days
    guidance = {g.id for g in pb.guidance}
    assert {"roadmap-intelligence", "internal-advocacy", "relationship-quality"} <= guidance
    advocacy = next(g for g in pb.guidance if g.id == "internal-advocacy")
    assert "counter-proposal" in (advocacy.summary + " ".join(p.text for p in advocacy.points)).lower()


def test_every_meeting_type_has_an_item_of_ours(pb):
    for mtype in pb.meeting_types:
        assert any(item.owner == "us" for item in mtype.agenda), mtype.id


def test_every_source_reference_resolves(pb):
    ids = {s.id for s in pb.vendor.sources}
    entries = [*pb.roles, *pb.principles, *pb.categories, *pb.meeting_types, *pb.guidance,
               pb.transition]
    for entry in entries:
        assert entry.source and set(entry.source) <= ids


@pytest.mark.skipif(not SEED.exists(), reason="seed article not beside the project")
def test_no_sentence_is_copied_from_the_seed(pb):
    """The playbook says it in its own words: no 10-word run of the article reappears."""
    def words(text):
        return re.findall(r"[a-z0-9%–-]+", text.lower())

    seed = words(SEED.read_text())
    runs = {" ".join(seed[i:i + 10]) for i in range(len(seed) - 9)}
    # locators quote the seed on purpose (at most eight words, checked in test_provenance)
    text = _without_locators(pb.model_dump(mode="json", by_alias=True))
    mine = words(text)
    copied = {" ".join(mine[i:i + 10]) for i in range(len(mine) - 9)} & runs
    # Short scripted lines (what to say, what not to say) may be kept word for word.
    scripted = " | ".join(" ".join(words(line)) for c in pb.categories
                          for line in [s.text for s in c.say_instead + c.avoid_phrases])
    assert not {run for run in copied if run not in scripted}, sorted(copied)[:5]


def _without_locators(data) -> str:
    """The playbook's text as one string, the seed locators left out."""
    if isinstance(data, dict):
        return " ".join(_without_locators(v) for k, v in data.items() if k != "locator")
    if isinstance(data, list):
        return " ".join(_without_locators(v) for v in data)
    return str(data)


def test_broken_playbook_folder_reports_file_and_line(tmp_path):
    from briefpack.data.load import load_playbook_folder
    from briefpack.errors import ValidationFailed

    src = load_builtin_playbook("microsoft").folder
    for f in src.glob("*.yaml"):
        (tmp_path / f.name).write_text(f.read_text())
    roles = tmp_path / "roles.yaml"
    text = roles.read_text()
    roles.write_text(text.replace("  - id: csm\n", "  - id: csm\n    id: csm2\n", 1))
    with pytest.raises(ValidationFailed) as info:
        load_playbook_folder(tmp_path)
    line = text.splitlines().index("  - id: csm") + 2
    assert any(p.path.endswith("roles.yaml") and p.line == line and "duplicate key" in p.message
               for p in info.value.problems)
