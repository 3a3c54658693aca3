"""Two of the seed article's nuances, as the briefing pack prints them.

- The renewal date is known to the vendor and may be mentioned; urgency around it may not. The
  playbook says so in the ``date_note`` of the category the date belongs to (Microsoft's
  ``renewal-timeline``); the pack prints it beside the date, and names who in the room probes
  for that category, in front of whom the date is not raised at all.
- Commercial agenda items are not led in front of some roles (a CSM, principle 5). The
  playbook marks agenda items ``commercial: true`` and gives such a role ``commercial_items``
  advice; when one attends a meeting whose agenda holds commercial items, the pack lists the
  items with the advice.

Only data from the playbook is used: the wording is the playbook's and the template's.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.data.context import MeetingContext
from briefpack.packs.common import CategoryBlock
from briefpack.packs.leverage import probing


@dataclass
class CommercialAdvice:
    """Someone in the room in front of whom the agenda's commercial items are not led."""

    who: list[str]  # "Name (role)" of each attendee of the role
    advice: str  # the role's commercial_items, from the playbook


def renewal_note_fields(ctx: MeetingContext, protect: list[CategoryBlock]) -> dict:
    """``renewal_note``: what may be said about the renewal date (the playbook's ``date_note``);
    ``renewal_probed_by``: who in the room probes for the date's category, if anyone."""
    category = next((c for c in ctx.playbook.categories if c.date_note), None)
    if category is None:
        return {"renewal_note": "", "renewal_probed_by": []}
    block = next((b for b in protect if b.category.id == category.id), None)
    return {"renewal_note": " ".join(category.date_note.split()),
            "renewal_probed_by": list(block.probed_by) if block else []}


def commercial_fields(ctx: MeetingContext) -> dict:
    """``commercial_items``: the titles of the agenda's commercial items (the meeting type's
    items marked ``commercial`` and the meeting's own, as the meeting gives them);
    ``commercial_advice``: for each attending role with ``commercial_items`` advice, who
    attends and the advice. Both are empty when either is."""
    items = [entry.title for entry in ctx.agenda if entry.commercial]
    advice = []
    for role_id in dict.fromkeys(ctx.roles):
        role = ctx.playbook.role(role_id)
        if items and role is not None and role.commercial_items:
            advice.append(CommercialAdvice(probing(ctx, [role_id]),
                                           " ".join(role.commercial_items.split())))
    return {"commercial_items": items if advice else [], "commercial_advice": advice}
