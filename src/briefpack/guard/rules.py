"""What ``check`` looks for in a draft, from the organisation, the playbook and the audience,
and how a finding explains itself: why it matters for this audience, what to say instead."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from briefpack.data.models import Organisation
from briefpack.data.playbook import Category, Playbook
from briefpack.data.protection import Protection, protected_categories
from briefpack.guard.competitors import NameMatcher
from briefpack.guard.figures import Figure, matches
from briefpack.guard.phrases import Matcher
from briefpack.guard.protected_facts import (
    FactTexts,
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
    signed: list[Figure] = field(default_factory=list)  # those of what it signed or said

    def known_figure(self, figure: Figure) -> bool:
        """Whether the vendor already knows ``figure`` (a term of the agreement, say)."""
        return any(matches(figure, k, loose=True) for k in self.known)


@dataclass
class _Built:
    """What is built for one loaded organisation and playbook on one day: the rules for each
    audience (and ``facts_only``), and the figures and clauses of the organisation's texts
    they are made from."""

    org: Organisation  # held, so that no other object can take its id while this is kept
    playbook: Playbook
    texts: FactTexts = field(default_factory=FactTexts)
    rules: dict[tuple, Rules] = field(default_factory=dict)


# By the identity of the organisation and playbook objects, and the day (a fact's "end of May
# next year" counts from it). A batch worker checks every meeting of an organisation against
# the objects it loaded once (briefpack.data.context keeps them by the file's content), and
# nothing changes them once loaded: an org.yaml that changed is loaded as a new object.
_BUILT: dict[tuple[int, int, date], _Built] = {}
_BUILT_SIZE = 8


def build_rules(org: Organisation, playbook: Playbook, audience: Sequence[str],
                facts_only: bool = False, today: date | None = None) -> Rules:
    """What to look for in a draft going to people with the ``audience`` roles (with
    ``facts_only``, the protected facts alone: no phrases, wording, competitors or signals);
    built once for the same organisation and playbook objects, audience and day."""
    key = (id(org), id(playbook), date.today())
    if key not in _BUILT:
        if len(_BUILT) >= _BUILT_SIZE:
            del _BUILT[next(iter(_BUILT))]
        _BUILT[key] = _Built(org, playbook)
    built = _BUILT[key]
    wanted = (tuple(audience), facts_only)
    if wanted not in built.rules:
        built.rules[wanted] = _build_rules(org, playbook, audience, facts_only, built.texts)
    return replace(built.rules[wanted], today=today or date.today())


def _build_rules(org: Organisation, playbook: Playbook, audience: Sequence[str],
                 facts_only: bool, texts: FactTexts) -> Rules:
    """The rules for one audience, from the organisation's ``texts``; ``today`` is set by
    :func:`build_rules`."""
    protected = protected_categories(playbook, list(audience))
    known = known_to_vendor(org, protected, playbook.vendor.name, texts)  # facts and rules use it
    facts = sorted(protected_facts(org, protected, playbook, known, texts),
                   key=lambda fact: not fact.protection.probing_roles)
    vendor = re.escape(playbook.vendor.name)
    rules = Rules(playbook, protected, facts, [], [], [], [],
                  re.compile(rf"\b(?:your|{vendor}(?:['’]s)?)\s+$", re.IGNORECASE),
                  date.today(), known.figures, known.signed)
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
