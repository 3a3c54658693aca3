"""Information-flow rules (principle 1): what is protected in a meeting, and why.

A fact's class is its category's class. In a meeting, the protected set is every ``protect``
and ``strategic`` category plus the ``protect`` list of every vendor role attending, so a
``safe`` category one of the attending roles probes for is protected too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefpack.data.playbook import Category, Playbook


@dataclass
class Protection:
    """Why a category is protected in a meeting: its class, and the attending roles probing."""

    category: Category
    by_class: bool
    probing_roles: list[str] = field(default_factory=list)

    def reason(self, playbook: Playbook) -> str:
        """One sentence a user can act on."""
        parts = []
        if self.by_class:
            parts.append(f"its category '{self.category.id}' is class '{self.category.class_}'")
        for role_id in self.probing_roles:
            role = playbook.role(role_id)
            title = role.title if role else role_id
            parts.append(f"role '{role_id}' ({title}) attends and probes for '{self.category.id}'")
        return "; ".join(parts)

    def plain(self, playbook: Playbook) -> str:
        """The same reason in words for a procurement lead, without ids (printed in packs)."""
        label = self.category.label
        parts = []
        if self.by_class and self.category.class_ == "strategic":
            parts.append(f"{label} is strategic: shared only on purpose, as leverage")
        elif self.by_class:
            parts.append(f"{label} is never volunteered to the vendor")
        for role_id in self.probing_roles:
            role = playbook.role(role_id)
            name = (role.aliases[0] if role.aliases else role.title) if role else role_id
            parts.append(f"the {name} attends and probes for {label.lower()}")
        return "; ".join(parts)


def protected_categories(playbook: Playbook, attending_roles: list[str]) -> dict[str, Protection]:
    """Every category protected in a meeting attended by ``attending_roles``, keyed by id."""
    result: dict[str, Protection] = {}
    for category in playbook.categories:
        probing = [
            r for r in dict.fromkeys(attending_roles)
            if (role := playbook.role(r)) is not None and category.id in role.protect
        ]
        by_class = category.class_ in ("protect", "strategic")
        if by_class or probing:
            result[category.id] = Protection(category, by_class, probing)
    return result
