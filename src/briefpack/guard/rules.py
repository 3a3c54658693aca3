"""What ``check`` looks for in a draft, from the organisation, the playbook and the audience,
and how a finding explains itself: why it matters for this audience, what to say instead."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from briefpack.data.models import Organisation
from briefpack.data.playbook import Category, Playbook
from briefpack.data.protection import Protection, protected_categories
from briefpack.guard.competitors import NameMatcher
from briefpack.guard.figures import Figure, matches
from briefpack.guard.phrases import Matcher
from briefpack.guard.protected_facts import (
    ProtectedFact,
    known_to_vendor,
    protected_facts,
)
from briefpack.guard.reveals import compile_wording


class AvoidPhrase(NamedTuple):
    """A phrase to avoid of a category, with its matcher."""

    category: Category
    phrase: str
    matcher: Matcher


class Reveal(NamedTuple):
    """Wording that reveals a category, with its pattern."""

    category: Category
    wording: str
    pattern: re.Pattern


@dataclass
class Rules:
    """Everything ``check`` looks for in a draft going to people with the audience's roles."""

    playbook: Playbook
    protected: dict[str, Protection]
    facts: list[ProtectedFact]  # those of a category an audience role probes for first
    phrases: list[AvoidPhrase]
    reveals: list[Reveal]
    competitors: list[NameMatcher]
    signalled: list[Protection]  # protected categories with signal words, in playbook order
    vendor_owned: re.Pattern  # "your", "Microsoft's": what follows is the vendor's
    today: date
    known: list[Figure] = field(default_factory=list)  # figures the vendor already knows

    def known_figure(self, figure: Figure) -> bool:
        """Whether the vendor already knows ``figure`` (a term of the agreement, say)."""
        return any(matches(figure, k, loose=True) for k in self.known)


def build_rules(org: Organisation, playbook: Playbook, audience: Sequence[str],
                facts_only: bool = False, today: date | None = None) -> Rules:
    """What to look for in a draft going to people with the ``audience`` roles (with
    ``facts_only``, the protected facts alone: no phrases, wording, competitors or signals)."""
    protected = protected_categories(playbook, list(audience))
    known = known_to_vendor(org, protected, playbook.vendor.name)  # once: facts and rules use it
    facts = sorted(protected_facts(org, protected, playbook, known),
                   key=lambda fact: not fact.protection.probing_roles)
    vendor = re.escape(playbook.vendor.name)
    rules = Rules(playbook, protected, facts, [], [], [], [],
                  re.compile(rf"\b(?:your|{vendor}(?:['’]s)?)\s+$", re.IGNORECASE),
                  today or date.today(), known.figures)
    if facts_only:
        return rules
    rules.phrases = [AvoidPhrase(c, p.text, Matcher(p.text, phrase=True))
                     for c in playbook.categories for p in c.avoid_phrases]
    rules.reveals = [Reveal(c, w, compile_wording(w)) for c in playbook.categories
                     for w in c.reveals]
    rules.competitors = [NameMatcher.of(c) for c in playbook.competitors
                         if playbook.category(c.category) is not None
                         and not any(n.casefold() in known.words for n in c.names)]
    rules.signalled = [p for p in protected.values() if p.category.signals]
    return rules


# --------------------------------------------------------------------------- explaining


def severity(rules: Rules, category: Category) -> str:
    """``high`` when the category is protected for this audience, else ``medium``."""
    return "high" if category.id in rules.protected else "medium"


def why(rules: Rules, category: Category) -> str:
    """Why giving a category away matters for this audience, in a sentence."""
    prot = rules.protected.get(category.id)
    if prot is None:
        status = "Safe with this audience, but the wording gives more away than it needs to"
    elif prot.by_class and category.class_ == "strategic":
        status = "Strategic, to share only on purpose, as leverage"
    elif prot.by_class:
        status = "Protected"
    else:
        status = "Safe in general, but not with this audience"
    risk = f": {category.risk}" if category.risk and prot is not None else ""
    roles = _probing_titles(rules, prot)
    probe = f"; {roles} probe{'s' if ' and ' not in roles else ''} for it" if roles else ""
    return status + risk + probe


def _probing_titles(rules: Rules, prot: Protection | None) -> str:
    """The titles of the audience's roles that probe for a category, joined with "and"."""
    if prot is None:
        return ""
    titles = []
    for role_id in prot.probing_roles:
        role = rules.playbook.role(role_id)
        name = (role.aliases[0] if role.aliases else role.title) if role else role_id
        titles.append(f"the {name}")
    return " and ".join(titles)


def say_instead(category: Category) -> str:
    """The playbook's first "say instead" line for a category, or nothing."""
    return category.say_instead[0].text if category.say_instead else ""
