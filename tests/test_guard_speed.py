"""The check of a meeting's shareable fields is cheap in a batch: the rules made from an
organisation and playbook are built once per loaded organisation object (and audience, and
day), and never outlive what they were made from: a changed organisation is a new object, and
its next check reads the new facts. Figures are found the same with or without the quick
searches that skip a pattern in a line that cannot hold one."""

from __future__ import annotations

import itertools
import shutil
from datetime import date
from pathlib import Path

import pytest

from briefpack.data.context import load_meeting_context, load_org_context
from briefpack.guard import figures, rules
from briefpack.guard.drafts import load_draft
from briefpack.guard.fields import shareable_field_problems
from briefpack.guard.figures import find_figures
from briefpack.guard.rules import build_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = "2026-12-03-q4-qbr.yaml"


def field_problems(meeting: Path) -> list[str]:
    ctx, org, loaded = load_meeting_context(meeting)
    return [p.message for p in shareable_field_problems(ctx, loaded.doc, org.loaded.doc)]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_fact_is_found_by_the_next_meetings_check(tmp_path):
    org = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, org)
    meeting = org / "meetings" / QBR
    replace_in(meeting, "title: ", "title: Budget 5.1M USD review ")
    assert field_problems(meeting) == []  # the budget is 4.2M USD
    replace_in(org / "org.yaml", "budget envelope is 4.2M USD", "budget envelope is 5.1M USD")
    (problem,) = field_problems(meeting)
    assert "gives away the protected fact 'fy27-budget'" in problem
    replace_in(org / "org.yaml", "budget envelope is 5.1M USD", "budget envelope is 4.2M USD")
    assert field_problems(meeting) == []


def test_rules_are_built_once_per_organisation_object_audience_and_day():
    ctx = load_org_context(EXAMPLE)
    org, playbook = ctx.loaded.org, ctx.playbook.playbook
    first = build_rules(org, playbook, ["ae"], facts_only=True)
    assert build_rules(org, playbook, ["ae"], facts_only=True).facts is first.facts
    assert build_rules(org, playbook, ["csm"], facts_only=True).facts is not first.facts
    assert build_rules(org, playbook, ["ae"]).facts is not first.facts

    changed = org.model_copy(deep=True)  # an organisation loaded again, one fact changed
    budget = next(f for f in changed.facts if f.id == "fy27-budget")
    budget.text = "FY27 Microsoft budget envelope is 5.1M USD."
    again = build_rules(changed, playbook, ["ae"], facts_only=True)
    (old,) = [f for f in first.facts if f.fact_id == "fy27-budget"]
    (new,) = [f for f in again.facts if f.fact_id == "fy27-budget"]
    assert [f.value for f in old.figures] == [4.2e6]
    assert [f.value for f in new.figures] == [5.1e6]


def test_the_days_of_drafts_are_not_kept_with_the_rules():
    ctx = load_org_context(EXAMPLE)
    org, playbook = ctx.loaded.org, ctx.playbook.playbook
    assert build_rules(org, playbook, ["ae"], today=date(2026, 12, 2)).today == date(2026, 12, 2)
    assert build_rules(org, playbook, ["ae"], today=date(2027, 3, 1)).today == date(2027, 3, 1)
    assert build_rules(org, playbook, ["ae"]).today == date.today()


def test_rules_are_kept_for_a_few_organisations_only():
    for _ in range(rules._BUILT_SIZE + 3):
        ctx = load_org_context(EXAMPLE)
        build_rules(ctx.loaded.org.model_copy(), ctx.playbook.playbook, ["ae"])
    assert len(rules._BUILT) == rules._BUILT_SIZE


# figures of every kind, written in ways the quick searches must not miss
WRITTEN = [
    "a quarter cheaper", "about a third\tlower than list", "HALF OFF", "1/3 less",
    "about 18 per cent", "eighteen percent", "12.5%", "twenty-five PerCent",
    "the end of May", "end\u00a0of\u00a0June 2027", "close of Sept. next year",
    "by the START OF april this year", "mid-April", "late May 2027", "in May",
    "2027-04-15", "15/04/2027", "03/04", "1st of June", "June 1st, 2027", "April 2027",
    "Q4 FY27", "year-end", "next quarter", "500 endpoints", "1,200 frontline users",
    "4.2M USD", "$4.2m", "four point two million dollars", "c. 1 mn", "6\u202f800 euros",
    "\u0663\u0664 users", "\u0661\u0662%",  # digits of another script
]


def _texts() -> list[str]:
    """Lines of the test drafts (each alone and with the next), of the example's files, and
    :data:`WRITTEN`."""
    lines = [line.text for path in sorted((ROOT / "tests" / "drafts").rglob("*.*"))
             if path.suffix in (".txt", ".md", ".eml", ".docx")
             for line in load_draft(path).lines]
    lines += [a + " " + b for a, b in itertools.pairwise(lines)]
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        lines += path.read_text(encoding="utf-8").splitlines()
    return lines + WRITTEN


def test_the_quick_searches_change_no_figure(monkeypatch):
    texts = _texts()
    today = date(2026, 12, 2)
    gated = [find_figures(text, today) for text in texts]
    assert sum(map(len, gated)) > 2000
    monkeypatch.setattr(figures, "_PATTERNS",
                        [(kind, pattern, None) for kind, pattern, _ in figures._PATTERNS])
    assert [find_figures(text, today) for text in texts] == gated


@pytest.mark.parametrize("kind", sorted({kind for kind, _, _ in figures._PATTERNS}))
def test_the_texts_above_hold_figures_of_every_kind(kind):
    assert any(f.kind == kind for text in WRITTEN for f in find_figures(text))
