"""What a meeting plays as leverage: the categories, the facts played and held back, how and
when to play them (the playbook's words), and why playing them here may be a mistake.

A category played as leverage is not also listed as protected in the briefing pack
(:mod:`briefpack.packs.briefing`); the warnings are printed by ``brief`` and stated in the pack.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.data.context import MeetingContext
from briefpack.data.playbook import Category
from briefpack.data.protection import Protection
from briefpack.packs.common import FactView, short_title


@dataclass
class LeverageView:
    """A category we decided to play in this meeting: the facts played, how and when."""

    category: Category
    facts: list[FactView]
    held_back: list[FactView]  # facts of the same category that are not part of the play
    how: str
    probed_by: list[str]


def _role_of(ctx: MeetingContext, role_id: str) -> str:
    role = ctx.playbook.role(role_id)
    return short_title(role.title) if role else role_id


def probing(ctx: MeetingContext, role_ids: list[str]) -> list[str]:
    """``Name (AE)`` of everyone in the room whose role is one of ``role_ids``; the role alone
    (``the Customer Success Manager (CSM)``) when nobody of it is named."""
    names_by_role: dict[str, list[str]] = {}
    for person in ctx.vendor:
        if person.role:
            names_by_role.setdefault(person.role, []).append(person.name)
    out = []
    for role_id in role_ids:
        role = ctx.playbook.role(role_id)
        names = names_by_role.get(role_id)
        if names:
            out += [f"{name} ({_role_of(ctx, role_id)})" for name in names]
        else:
            out.append(f"the {role.title if role else role_id}")
    return out


def fact_view(fact, shared: set[str], leverage: set[str]) -> FactView:
    return FactView(fact.id, fact.text, fact.note, fact.id in shared, fact.id in leverage)


def leverage_categories(ctx: MeetingContext) -> list[str]:
    """Ids of the categories of the facts the meeting plays, in the meeting's order."""
    ids = [f.category for fid in ctx.meeting.leverage if (f := ctx.org.fact(fid))]
    return list(dict.fromkeys(ids))


def leverage_views(ctx: MeetingContext, protected: dict[str, Protection]) -> list[LeverageView]:
    """The categories the meeting chose to play: the facts played, the rest of the category
    held back, how and when to play it (the playbook's words) and who in the room probes."""
    played = set(ctx.meeting.leverage)
    views = []
    for category_id in leverage_categories(ctx):
        category = ctx.playbook.category(category_id)
        if category is None:
            continue
        facts = [f for f in ctx.org.facts if f.category == category_id]
        protection = protected.get(category_id)
        views.append(LeverageView(
            category,
            [fact_view(f, set(), played) for f in facts if f.id in played],
            [fact_view(f, set(), played) for f in facts if f.id not in played],
            category.leverage,
            probing(ctx, protection.probing_roles) if protection else []))
    return views


def leverage_warnings(ctx: MeetingContext) -> list[str]:
    """Why the leverage this meeting plays may be a mistake: someone in the room in front of
    whom a principle says nothing is played (a CSM, principle 5), or a type of meeting that is
    not for playing leverage (the first meeting with a new AE)."""
    played = [_lower(c.label) for cid in leverage_categories(ctx)
              if (c := ctx.playbook.category(cid))]
    if not played:
        return []
    what = f"This meeting plays {' and '.join(played)} as leverage"
    warnings = []
    for principle in sorted(ctx.playbook.principles, key=lambda p: p.number):
        roles = [r for r in principle.no_leverage_with if r in ctx.roles]
        for who in probing(ctx, roles):
            warnings.append(
                f"{what} while {who} attends, against principle {principle.number} "
                f"({principle.title}): play it in a meeting without them, or take it off the "
                "meeting's leverage.")
    mtype = ctx.meeting_type
    if mtype.leverage_warning:
        warnings.append(f"{what} in a {_lower(mtype.name)}. {mtype.leverage_warning}")
    return warnings


def _lower(label: str) -> str:
    """``competitive evaluation results`` of ``Competitive evaluation results``; an acronym
    (``AE introduction``) keeps its case."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label
