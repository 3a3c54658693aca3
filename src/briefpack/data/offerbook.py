"""Checks of a playbook's offer guidance (``offers:``) and of the roles' discount bands, which
``briefpack offer`` computes with.

A role's ``discount_band`` restates its ``discount_authority`` statement as numbers; both of its
figures must appear in the statement's text, so that the band computed with and the figure
printed (with its source) never drift apart.
"""

from __future__ import annotations

import re
from decimal import Decimal

from briefpack.data.ids import unknown
from briefpack.data.load import LoadedPlaybook
from briefpack.errors import Problem

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _figures(text: str) -> set[Decimal]:
    return {Decimal(n) for n in _NUMBER.findall(text)}


def band_problems(loaded: LoadedPlaybook) -> list[Problem]:
    """Every role's discount_band has a discount_authority whose text holds both figures, and
    a max no lower than its min."""
    problems = []
    for i, role in enumerate(loaded.playbook.roles):
        band = role.discount_band
        if band is None:
            continue
        loc = ("roles", i, "discount_band")
        said = role.discount_authority.text if role.discount_authority else ""
        missing = [f for f in (band.min, band.max) if f is not None and f not in _figures(said)]
        if band.max is not None and band.max < band.min:
            problems.append(loaded.doc_for(loc).problem(
                loc, f"max ({band.max}) is below min ({band.min})"))
        elif missing:
            problems.append(loaded.doc_for(loc).problem(loc, (
                f"{', '.join(str(f) for f in missing)} not in the role's discount_authority "
                f"('{said}'); the band restates that statement as numbers, so give its "
                "figures")))
    return problems


def offer_guidance_problems(loaded: LoadedPlaybook) -> list[Problem]:
    """The offer guidance names known roles and offer kinds, each kind once."""
    pb = loaded.playbook
    guidance = pb.offers
    if guidance is None:
        return []
    problems = []
    roles = [r.id for r in pb.roles]
    kinds = [k.id for k in guidance.kinds]

    def add(loc: tuple, message: str) -> None:
        problems.append(loaded.doc_for(loc).problem(loc, message))

    for i, role in enumerate(guidance.counter_proposal_to):
        if role not in roles:
            add(("offers", "counter_proposal_to", i), unknown("role", role, roles))
    for i, kind in enumerate(kinds):
        if kind in kinds[:i]:
            add(("offers", "kinds", i, "id"), f"duplicate offer kind '{kind}'")
    for o, option in enumerate(guidance.options):
        for i, kind in enumerate(option.kinds):
            if kind not in kinds:
                add(("offers", "options", o, "kinds", i), unknown("offer kind", kind, kinds))
    return problems
