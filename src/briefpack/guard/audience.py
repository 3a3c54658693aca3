"""Who a draft goes to: ``--audience`` values as people write them, resolved to role ids."""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefpack.data.models import AccountMember, Organisation
from briefpack.data.playbook import Playbook, Role


class UnknownRole(ValueError):
    """An ``--audience`` value that names no role of the playbook."""


def resolve_audience(playbook: Playbook, org: Organisation, names: Iterable[str]) -> list[str]:
    """Role ids for ``--audience`` values: role ids, a role's aliases or title, or names on
    the account team; empty values (``ae,``) are ignored.

    A value may hold several, comma-separated. Raises :class:`UnknownRole` naming the accepted
    values.
    """
    given: list[str] = []
    for name in names:  # a whole value first: a title may hold a comma
        known = _known_role(playbook, org, name.strip())
        given += [name.strip()] if known else [n.strip() for n in name.split(",") if n.strip()]
    return list(dict.fromkeys(_audience_role(playbook, org, value) for value in given))


def _known_role(playbook: Playbook, org: Organisation, given: str) -> Role | None:
    """The role one ``--audience`` value names: a role's id, alias or title (with or without
    its bracketed short form: "Account Executive" = "Account Executive (AE)"), the full or
    first name of someone on the account team, or their title; None if it names none."""
    key = given.casefold()
    for role in playbook.roles:
        title = role.title.casefold()
        names = {role.id, title, re.sub(r"\s*\([^)]*\)$", "", title)}
        if key in names | {a.casefold() for a in role.aliases}:
            return role
    member = org.member(given) or _by_first_name_or_title(org, key)
    return playbook.role(member.role) if member is not None else None


def _by_first_name_or_title(org: Organisation, key: str) -> AccountMember | None:
    """An account-team member whose first name or title is ``key``, if all such members have
    the same role (two AEs share a title)."""
    found = [m for m in org.account_team
             if key in (m.name.split()[0].casefold(), m.title.casefold())]
    return found[0] if found and len({m.role for m in found}) == 1 else None


def _audience_role(playbook: Playbook, org: Organisation, given: str) -> str:
    """The role id for one ``--audience`` value (see :func:`_known_role`)."""
    role = _known_role(playbook, org, given)
    if role is None:
        raise UnknownRole(f"unknown role '{given}'; expected a role id "
                          f"({', '.join(r.id for r in playbook.roles)}), a role's alias or "
                          "title, or a name on the organisation's account_team "
                          "(briefpack list roles shows them)")
    return role.id
