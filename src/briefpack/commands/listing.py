"""``briefpack list``: the playbook as plain text, for browsing in a terminal."""

from __future__ import annotations

import textwrap

from briefpack.data.load import available_vendors, load_builtin_playbook, playbook_folder
from briefpack.errors import BriefpackError


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent)


def listing(what: str, vendor: str = "microsoft") -> str:
    """Text listing of the playbook's roles, principles, categories or meeting types."""
    if not playbook_folder(vendor).is_dir():
        raise BriefpackError(f"no built-in playbook '{vendor}'; expected one of: "
                             f"{', '.join(available_vendors())}")
    pb = load_builtin_playbook(vendor).playbook
    lines: list[str] = []
    if what == "roles":
        for r in pb.roles:
            alias = f" (also: {', '.join(r.aliases)})" if r.aliases else ""
            lines.append(f"{r.id:<12} {r.title}{alias}")
            lines.append(_wrap(f"paid to: {' '.join(r.incentives)}"))  # sentences, each ends
            lines.append(_wrap(f"authority: {r.authority}"))
            if r.protect:
                lines.append(_wrap(f"probes for: {', '.join(r.protect)}"))
    elif what == "principles":
        for p in pb.principles:
            lines.append(f"{p.number}. {p.title}")
            lines.append(_wrap(p.rule))
    elif what == "categories":
        for c in pb.categories:
            flag = " (never shared)" if c.never_share else ""
            lines.append(f"{c.id:<30} {c.class_:<10} {c.label}{flag}")
    else:
        for m in pb.meeting_types:
            minutes = sum(i.minutes for i in m.agenda)
            lines.append(f"{m.id:<22} {m.name} ({minutes} min; with {', '.join(m.attendee_roles)})")
            lines.append(_wrap(m.purpose))
            lines.append(_wrap("agenda (id minutes; a meeting shortens or drops one by id): "
                               + ", ".join(f"{i.id} {i.minutes}" for i in m.agenda)))
    return "\n".join(lines)
