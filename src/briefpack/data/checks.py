"""Cross-reference checks: ids that must exist, names on the roster, information-flow rules.

Shape is checked by the models; here we check what one file says about another. Every check
returns problems rather than raising, so that all of a file's problems are reported at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from briefpack.errors import Problem
from briefpack.data.protection import protected_categories
from briefpack.data.load import LoadedMeeting, LoadedOrg, LoadedPlaybook
from briefpack.data.models import Playbook


def _duplicates(items: list, key: str) -> list[tuple[int, str]]:
    counts = Counter(getattr(i, key) for i in items)
    seen: set = set()
    out = []
    for index, item in enumerate(items):
        value = getattr(item, key)
        if counts[value] > 1:
            if value in seen:
                out.append((index, value))
            seen.add(value)
    return out


def _known(kind: str, value: str, known: list[str]) -> str:
    return f"unknown {kind} '{value}'; expected one of: {', '.join(known)}"


def check_playbook(loaded: LoadedPlaybook) -> list[Problem]:
    """Ids are unique and every reference inside the playbook resolves."""
    pb = loaded.playbook
    problems: list[Problem] = []

    def add(loc: tuple, message: str) -> None:
        problems.append(loaded.doc_for(loc).problem(loc, message))

    for section, items, key in (
        ("roles", pb.roles, "id"), ("categories", pb.categories, "id"),
        ("meeting_types", pb.meeting_types, "id"), ("principles", pb.principles, "number"),
        ("guidance", pb.guidance, "id"),
    ):
        for index, value in _duplicates(items, key):
            add((section, index, key), f"duplicate {key} '{value}'; each must be unique")
    for index, value in _duplicates(pb.vendor.sources, "id"):
        add(("vendor", "sources", index, "id"), f"duplicate source id '{value}'")

    categories = [c.id for c in pb.categories]
    roles = [r.id for r in pb.roles]
    numbers = [p.number for p in pb.principles]
    sources = [s.id for s in pb.vendor.sources]

    def check_sources(loc: tuple, refs: list[str]) -> None:
        for i, ref in enumerate(refs):
            if ref not in sources:
                add(loc + ("source", i), _known("source", ref, sources))

    if pb.vendor.fiscal_calendar:
        check_sources(("vendor", "fiscal_calendar"), pb.vendor.fiscal_calendar.source)
    for r, role in enumerate(pb.roles):
        check_sources(("roles", r), role.source)
        for i, cat in enumerate(role.protect):
            if cat not in categories:
                add(("roles", r, "protect", i), _known("category", cat, categories))
    for p, principle in enumerate(pb.principles):
        check_sources(("principles", p), principle.source)
        for index, value in _duplicates(principle.practices, "id"):
            add(("principles", p, "practices", index, "id"), f"duplicate practice id '{value}'")
    for c, category in enumerate(pb.categories):
        check_sources(("categories", c), category.source)
    for m, mtype in enumerate(pb.meeting_types):
        check_sources(("meeting_types", m), mtype.source)
        for i, role in enumerate(mtype.attendee_roles):
            if role not in roles:
                add(("meeting_types", m, "attendee_roles", i), _known("role", role, roles))
        for i, number in enumerate(mtype.principles):
            if number not in numbers:
                add(("meeting_types", m, "principles", i),
                    _known("principle", str(number), [str(n) for n in numbers]))
        for index, value in _duplicates(mtype.agenda, "id"):
            add(("meeting_types", m, "agenda", index, "id"), f"duplicate agenda item id '{value}'")
        if not any(item.owner == "us" for item in mtype.agenda):
            add(("meeting_types", m, "agenda"),
                "no agenda item with owner 'us': every meeting needs at least one item that "
                "serves our information needs (principle 2)")
    check_sources(("transition",), pb.transition.source)
    if pb.transition.role not in roles:
        add(("transition", "role"), _known("role", pb.transition.role, roles))
    if pb.meeting_type(pb.transition.first_meeting) is None:
        add(("transition", "first_meeting"), _known(
            "meeting type", pb.transition.first_meeting, [t.id for t in pb.meeting_types]))
    for g, guide in enumerate(pb.guidance):
        check_sources(("guidance", g), guide.source)
    return problems


def check_org(loaded: LoadedOrg, playbook: Playbook) -> list[Problem]:
    """The organisation's roles, categories and ids resolve against the playbook."""
    org = loaded.org
    doc = loaded.doc
    problems: list[Problem] = []
    roles = [r.id for r in playbook.roles]
    categories = [c.id for c in playbook.categories]
    for m, member in enumerate(org.account_team):
        if member.role not in roles:
            problems.append(doc.problem(("account_team", m, "role"), _known("role", member.role, roles)))
        if member.since and member.until and member.until < member.since:
            problems.append(doc.problem(("account_team", m, "until"),
                                        f"'until' ({member.until}) is before 'since' ({member.since})"))
    for section, items in (("account_team", org.account_team), ("our_team", org.our_team)):
        counts = Counter(m.name.casefold() for m in items)
        for index, member in enumerate(items):
            if counts[member.name.casefold()] > 1 and any(
                o.name.casefold() == member.name.casefold() for o in items[:index]
            ):
                problems.append(doc.problem((section, index, "name"),
                                            f"'{member.name}' is listed twice; names must be unique"))
    ours = {m.name.casefold(): i for i, m in enumerate(org.our_team)}
    for m, member in enumerate(org.account_team):
        if member.name.casefold() in ours:
            problems.append(doc.problem(("account_team", m, "name"), (
                f"'{member.name}' is on both account_team (the vendor's people) and our_team "
                f"(our_team[{ours[member.name.casefold()]}]); a person is on one side only")))
    for f, fact in enumerate(org.facts):
        if fact.category not in categories:
            problems.append(doc.problem(("facts", f, "category"),
                                        _known("category", fact.category, categories)))
    for section, items in (("facts", org.facts), ("commitments", org.commitments),
                           ("advice", org.advice), ("issues", org.issues)):
        for index, value in _duplicates(items, "id"):
            problems.append(doc.problem((section, index, "id"),
                                        f"duplicate id '{value}'; each {section} id must be unique"))
    return problems


@dataclass
class Person:
    """Someone in the room, resolved through the rosters."""

    name: str
    title: str = ""
    role: str | None = None  # vendor role id; None for our side


def resolve_attendees(
    loaded: LoadedMeeting, org: LoadedOrg, playbook: Playbook
) -> tuple[list[Person], list[Person], list[Problem]]:
    """Vendor and our attendees with their roles and titles, and the names that do not resolve."""
    doc = loaded.doc
    roles = [r.id for r in playbook.roles]
    vendor: list[Person] = []
    ours: list[Person] = []
    problems: list[Problem] = []
    for i, entry in enumerate(loaded.meeting.attendees.vendor):
        member = org.org.member(entry.name)
        role = entry.role or (member.role if member else None)
        if role is None:
            problems.append(doc.problem(
                ("attendees", "vendor", i),
                f"'{entry.name}' is not on the account_team roster of {org.doc.shown}; "
                "add them there, or give them here as {name: ..., role: ...}"))
            continue
        if role not in roles:
            problems.append(doc.problem(("attendees", "vendor", i, "role"), _known("role", role, roles)))
            continue
        role_obj = playbook.role(role)
        title = entry.title or (member.title if member else "") or (role_obj.title if role_obj else "")
        vendor.append(Person(member.name if member else entry.name, title, role))
    for i, entry in enumerate(loaded.meeting.attendees.ours):
        colleague = org.org.colleague(entry.name)
        if colleague is None and not entry.title:
            problems.append(doc.problem(
                ("attendees", "ours", i),
                f"'{entry.name}' is not on the our_team roster of {org.doc.shown}; "
                "add them there, or give them here as {name: ..., title: ...}"))
            continue
        ours.append(Person(colleague.name if colleague else entry.name,
                           entry.title or (colleague.title if colleague else "")))
    return vendor, ours, problems


def attending_roles(vendor: list[Person], playbook: Playbook, meeting_type: str) -> list[str]:
    """Roles in the room; the meeting type's usual roles when no vendor attendee is named."""
    roles = [p.role for p in vendor if p.role]
    if roles:
        return list(dict.fromkeys(roles))
    mtype = playbook.meeting_type(meeting_type)
    return list(mtype.attendee_roles) if mtype else []


def check_meeting(
    loaded: LoadedMeeting, org: LoadedOrg, playbook: Playbook
) -> list[Problem]:
    """Type, attendees, fact ids and the information-flow rules of a meeting."""
    meeting = loaded.meeting
    doc = loaded.doc
    problems: list[Problem] = []
    types = [t.id for t in playbook.meeting_types]
    if playbook.meeting_type(meeting.type) is None:
        problems.append(doc.problem(("type",), _known("meeting type", meeting.type, types)))
    vendor, _ours, attendee_problems = resolve_attendees(loaded, org, playbook)
    problems.extend(attendee_problems)
    roles = attending_roles(vendor, playbook, meeting.type)
    protected = protected_categories(playbook, roles)
    fact_ids = [f.id for f in org.org.facts]
    for field in ("share", "leverage"):
        seen: set[str] = set()
        for i, fact_id in enumerate(getattr(meeting, field)):
            loc = (field, i)
            if fact_id in seen:
                problems.append(doc.problem(loc, f"fact '{fact_id}' is listed twice"))
                continue
            seen.add(fact_id)
            fact = org.org.fact(fact_id)
            if fact is None:
                problems.append(doc.problem(loc, f"unknown fact '{fact_id}': not in the facts of "
                                            f"{org.doc.shown}" + (f"; expected one of: {', '.join(fact_ids)}" if fact_ids else "")))
                continue
            category = playbook.category(fact.category)
            if category is None:
                continue  # reported against org.yaml
            if field == "share" and fact.category in protected:
                why = protected[fact.category].reason(playbook)
                problems.append(doc.problem(loc, (
                    f"fact '{fact_id}' (category '{fact.category}') may not go into the shareable "
                    f"agenda: {why}. Remove it from share; if you mean to play it, list it under "
                    "leverage instead")))
            if field == "leverage" and category.never_share:
                problems.append(doc.problem(loc, (
                    f"fact '{fact_id}' (category '{fact.category}') is never shared, not even as "
                    f"leverage: category '{category.id}' has never_share: true")))
    both = set(meeting.share) & set(meeting.leverage)
    for i, fact_id in enumerate(meeting.leverage):
        if fact_id in both:
            problems.append(doc.problem(("leverage", i), (
                f"fact '{fact_id}' is under both share and leverage; leverage is played in the room "
                "and stays out of the shareable agenda, so list it under one of them")))
    return problems
