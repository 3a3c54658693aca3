"""``briefpack list``: the playbook as plain text, for browsing in a terminal."""

from __future__ import annotations

import textwrap
from collections import Counter

from briefpack.data.load import available_vendors, load_builtin_playbook, playbook_folder
from briefpack.data.provenance import cited
from briefpack.errors import BriefpackError


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent)


def _roles(pb) -> list[str]:
    """Each role: id, title and aliases, what it is paid to do, its authority, what it probes for."""
    lines: list[str] = []
    for r in pb.roles:
        alias = f" (also: {', '.join(r.aliases)})" if r.aliases else ""
        lines.append(f"{r.id:<12} {r.title}{alias}")
        lines.append(_wrap(f"paid to: {' '.join(s.text for s in r.incentives)}"))  # sentences, each ends
        lines.append(_wrap(f"authority: {r.authority}"))
        if r.protect:
            lines.append(_wrap(f"probes for: {', '.join(r.protect)}"))
    return lines


def _sources(pb) -> list[str]:
    """Each source: id and kind, title, publisher (whether it sells the advice it describes,
    whether it published the seed), how many statements cite it, and its address or why it
    has none."""
    lines: list[str] = []
    uses = Counter(ref for _, part in cited(pb) for ref in part.source)
    for s in pb.vendor.sources:
        firm = (" (the seed article's publisher)" if s.same_firm_as_seed else "") + (
            ", sells the advice it describes" if s.adviser else "")
        lines.append(f"{s.id:<28} {s.kind:<10} {s.title}")
        if s.publisher:
            lines.append(_wrap(f"publisher: {s.publisher}{firm}"))
        lines.append(f"    cited by: {uses[s.id]} entr{'y' if uses[s.id] == 1 else 'ies'} "
                     "and statements")
        if s.kind == "unlocated":
            home = f" (home page: {s.url})" if s.url else ""
            lines.append(_wrap(f"address: not recorded{home}; find the page and make it public"))
        elif s.url:
            lines.append(f"    address: {s.url}")  # unwrapped, so it can be copied
            if s.read:
                lines.append(f"    read: {s.read}")
        elif s.kind == "seed":
            lines.append(_wrap("address: shared/seed (the article this playbook is built on)"))
        elif s.kind == "practice":
            lines.append(_wrap("address: none (briefpack's own advice)"))
    return lines


def _agreements(pb) -> list[str]:
    """Each kind of agreement an organisation's ``agreement.kind`` may name: id, name, the
    other names its ``type`` may give, what it is, and the meeting types that print it."""
    lines: list[str] = []
    for a in pb.agreements:
        lines.append(f"{a.id:<10} {a.name}")
        if a.aliases:
            lines.append(_wrap("also written: " + ", ".join(a.aliases)))
        lines.append(_wrap(" ".join(s.text for s in a.summary)))
        if a.shown_in:
            lines.append(_wrap("advice printed in: " + ", ".join(a.shown_in)))
    return lines


def listing(what: str, vendor: str = "microsoft") -> str:
    """Text listing of the playbook's roles, principles, categories, meeting types, agreement
    kinds or sources."""
    if not playbook_folder(vendor).is_dir():
        raise BriefpackError(f"no built-in playbook '{vendor}'; expected one of: "
                             f"{', '.join(available_vendors())}")
    pb = load_builtin_playbook(vendor).playbook
    if what == "sources":
        return "\n".join(_sources(pb))
    if what == "roles":
        return "\n".join(_roles(pb))
    if what == "agreements":
        return "\n".join(_agreements(pb))
    lines: list[str] = []
    if what == "principles":
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
