"""The gate between an organisation's facts and the documents meant for the vendor.

:func:`shareable_facts` is the only way a fact reaches a shareable view model: a fact gets
there only when the meeting lists it under ``share`` and the information-flow rules
(:mod:`briefpack.data.protection`) do not protect its category in that meeting.
"""

from __future__ import annotations

from briefpack.data.models import Fact, Organisation
from briefpack.data.playbook import Playbook
from briefpack.data.protection import protected_categories


def shareable_facts(
    org: Organisation, playbook: Playbook, attending_roles: list[str], share: list[str]
) -> list[Fact]:
    """The facts that may go into a shareable document: listed under ``share`` and unprotected.

    This is the only way facts reach a shareable view model; validation refuses a meeting whose
    ``share`` names a protected fact, and this filter holds even if validation were bypassed.
    """
    protected = protected_categories(playbook, attending_roles)
    wanted = set(share)
    return [f for f in org.facts if f.id in wanted and f.category not in protected]
