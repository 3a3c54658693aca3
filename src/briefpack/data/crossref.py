"""Cross-reference checks of the files users write: an organisation and a meeting against the
playbook (roles, categories, meeting types, fact ids, names on the rosters, the agenda, and the
information-flow rules).

Shape is checked by the models; here we check what one file says about another. Every check
returns problems rather than raising, so that all of a file's problems are reported at once.
A role may be given as its id or as an alias or title that ``briefpack list roles`` shows
(``AE``, ``CSAM``): it is resolved to its id here, in the model, for everything downstream.
"""

from __future__ import annotations

from briefpack.data.agenda import agenda_problems
from briefpack.data.checks import Person
from briefpack.data.ids import closest, duplicates, unknown
from briefpack.data.load import LoadedMeeting, LoadedOrg
from briefpack.data.models import Fact
from briefpack.data.playbook import Playbook, Role
from briefpack.data.protection import Protection, protected_categories
from briefpack.data.terms import term_problems
from briefpack.errors import Problem

# --------------------------------------------------------------------------- organisation


def unknown_role(given: str, playbook: Playbook) -> str:
    """The message for a role that is no id, alias or title, offering the one meant."""
    guess = closest(given, playbook.role_names())
    role = playbook.find_role(guess) if guess else None
    return unknown("role", given, [r.id for r in playbook.roles], role.id if role else "") + (
        " (or an alias or title that `briefpack list roles` shows, such as AE)")


def _account_team_problems(loaded: LoadedOrg, playbook: Playbook) -> list[Problem]:
    """Each vendor person has a known role (an alias becomes its id) and, when dated, ends
    after they start."""
    doc = loaded.doc
    problems: list[Problem] = []
    for m, member in enumerate(loaded.org.account_team):
        role = playbook.find_role(member.role)
        if role is None:
            problems.append(doc.problem(("account_team", m, "role"),
                                        unknown_role(member.role, playbook)))
        else:
            member.role = role.id  # "AE" is the ae role for every pack and check
        if member.since and member.until and member.until < member.since:
            problems.append(doc.problem(
                ("account_team", m, "until"),
                f"'until' ({member.until}) is before 'since' ({member.since})"))
    return problems


def _roster_name_problems(loaded: LoadedOrg) -> list[Problem]:
    """Names are unique within each team, and nobody is on both sides."""
    org, doc = loaded.org, loaded.doc
    problems: list[Problem] = []
    for section, items in (("account_team", org.account_team), ("our_team", org.our_team)):
        seen: set[str] = set()
        for index, member in enumerate(items):
            if member.name.casefold() in seen:
                problems.append(doc.problem(
                    (section, index, "name"),
                    f"'{member.name}' is listed twice; names must be unique"))
            seen.add(member.name.casefold())
    ours = {m.name.casefold(): i for i, m in enumerate(org.our_team)}
    for m, member in enumerate(org.account_team):
        if member.name.casefold() in ours:
            problems.append(doc.problem(("account_team", m, "name"), (
                f"'{member.name}' is on both account_team (the vendor's people) and our_team "
                f"(our_team[{ours[member.name.casefold()]}]); a person is on one side only")))
    return problems


def _org_entry_problems(loaded: LoadedOrg, categories: list[str]) -> list[Problem]:
    """Facts have known categories; ids are unique within each list."""
    org, doc = loaded.org, loaded.doc
    problems: list[Problem] = []
    for f, fact in enumerate(org.facts):
        if fact.category not in categories:
            problems.append(doc.problem(("facts", f, "category"),
                                        unknown("category", fact.category, categories)))
    for section, items in (("facts", org.facts), ("commitments", org.commitments),
                           ("advice", org.advice), ("issues", org.issues)):
        for index, value in duplicates(items, "id"):
            problems.append(doc.problem(
                (section, index, "id"),
                f"duplicate id '{value}'; each {section} id must be unique"))
    return problems


def _agreement_problems(loaded: LoadedOrg, playbook: Playbook) -> list[Problem]:
    """The agreement's ``kind`` (or its ``type``, when that names one) becomes the id of one of
    the playbook's agreement types; a ``kind`` that names none is a problem."""
    agreement = loaded.org.agreement
    if agreement is None:
        return []
    if agreement.kind is None:
        found = playbook.agreement(agreement.type)
        agreement.kind = found.id if found else None
        return []
    found = playbook.agreement(agreement.kind)
    if found is None:
        known = [a.id for a in playbook.agreements]
        guess = playbook.agreement(closest(agreement.kind, [
            n for a in playbook.agreements for n in (a.id, a.name, *a.aliases)]) or "")
        return [loaded.doc.problem(("agreement", "kind"), unknown(
            "agreement kind", agreement.kind, known, guess.id if guess else ""))]
    agreement.kind = found.id
    return []


def check_org(loaded: LoadedOrg, playbook: Playbook) -> list[Problem]:
    """The organisation's roles, categories, agreement kind and ids resolve against the
    playbook."""
    categories = [c.id for c in playbook.categories]
    return (_account_team_problems(loaded, playbook) + _roster_name_problems(loaded)
            + _org_entry_problems(loaded, categories) + _agreement_problems(loaded, playbook)
            + term_problems(loaded))


# --------------------------------------------------------------------------- meeting


def _vendor_role(entry, member, loaded: LoadedMeeting, i: int, playbook: Playbook
                 ) -> tuple[Role | None, Problem | None]:
    """The role of a vendor attendee: given with them (an alias becomes its id), else the
    roster's; or the problem that stops it being known."""
    if entry.role is None:
        if member is None:
            return None, None
        return playbook.role(member.role), None  # an unknown roster role is org.yaml's problem
    role = playbook.find_role(entry.role)
    if role is None:
        return None, loaded.doc.problem(("attendees", "vendor", i, "role"),
                                        unknown_role(entry.role, playbook))
    entry.role = role.id
    return role, None


def _vendor_attendees(
    loaded: LoadedMeeting, org: LoadedOrg, playbook: Playbook
) -> tuple[list[Person], list[Problem]]:
    """The vendor's attendees: on the account_team roster, or given with a known role."""
    doc = loaded.doc
    vendor: list[Person] = []
    problems: list[Problem] = []
    for i, entry in enumerate(loaded.meeting.attendees.vendor):
        member = org.org.member(entry.name)
        if entry.role is None and member is None:
            problems.append(doc.problem(
                ("attendees", "vendor", i),
                f"'{entry.name}' is not on the account_team roster of {org.doc.shown}; "
                "add them there, or give them here as {name: ..., role: ...}"))
            continue
        role, problem = _vendor_role(entry, member, loaded, i, playbook)
        if role is None:
            problems.extend([problem] if problem else [])
            continue
        title = entry.title or (member.title if member else "") or role.title
        vendor.append(Person(member.name if member else entry.name, title, role.id))
    return vendor, problems


def _our_attendees(loaded: LoadedMeeting, org: LoadedOrg) -> tuple[list[Person], list[Problem]]:
    """Our attendees: on the our_team roster, or given with a title."""
    doc = loaded.doc
    ours: list[Person] = []
    problems: list[Problem] = []
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
    return ours, problems


def resolve_attendees(
    loaded: LoadedMeeting, org: LoadedOrg, playbook: Playbook
) -> tuple[list[Person], list[Person], list[Problem]]:
    """Vendor and our attendees with their roles and titles, and the names that do not resolve."""
    vendor, vendor_problems = _vendor_attendees(loaded, org, playbook)
    ours, our_problems = _our_attendees(loaded, org)
    return vendor, ours, vendor_problems + our_problems


def attending_roles(vendor: list[Person], playbook: Playbook, meeting_type: str) -> list[str]:
    """Roles in the room; the meeting type's usual roles when no vendor attendee is named."""
    roles = [p.role for p in vendor if p.role]
    if roles:
        return list(dict.fromkeys(roles))
    mtype = playbook.meeting_type(meeting_type)
    return list(mtype.attendee_roles) if mtype else []


def _unknown_fact(fact_id: str, org: LoadedOrg) -> str:
    fact_ids = [f.id for f in org.org.facts]
    if not fact_ids:
        return f"unknown fact '{fact_id}': {org.doc.shown} has no facts"
    return unknown("fact", fact_id, fact_ids) + f" (the facts of {org.doc.shown})"


def _share_fix(fact_id: str, fact: Fact, playbook: Playbook, protection: Protection,
               leveraged: bool) -> str:
    """What to do with a protected fact under share: only a fix the tool accepts."""
    category = protection.category
    if leveraged:
        return "Remove it from share; it is already under leverage"
    if category.never_share:
        line = f' When asked, say: "{category.say_instead[0].text}"' if category.say_instead else ""
        return (f"Remove it from share; {category.label.lower()} is never shared, not even as "
                f"leverage.{line}")
    if not protection.by_class:
        without = ", ".join(playbook.role(r).title if playbook.role(r) else r
                            for r in protection.probing_roles)
        return (f"Remove it from share; it may go into the agenda of a meeting without the "
                f"{without}")
    return "Remove it from share; if you mean to play it in the room, list it under leverage"


def _flow_problem(field: str, fact_id: str, fact: Fact, loaded: LoadedMeeting,
                  playbook: Playbook, protected: dict[str, Protection]) -> str | None:
    """Why ``fact`` may not be listed under ``field`` (share or leverage), if it may not."""
    category = playbook.category(fact.category)
    if category is None:
        return None  # reported against org.yaml
    if field == "share" and fact.category in protected:
        protection = protected[fact.category]
        fix = _share_fix(fact_id, fact, playbook, protection,
                         fact_id in loaded.meeting.leverage)
        return (f"fact '{fact_id}' (category '{fact.category}') may not go into the shareable "
                f"agenda: {protection.reason(playbook)}. {fix}")
    if field == "leverage" and category.never_share:
        line = f' When asked, say: "{category.say_instead[0].text}"' if category.say_instead else ""
        return (f"fact '{fact_id}' (category '{fact.category}') is never shared, not even as "
                f"leverage: category '{category.id}' has never_share: true. Remove it from "
                f"leverage.{line}")
    return None


def _fact_list_problems(loaded: LoadedMeeting, org: LoadedOrg, playbook: Playbook, field: str,
                        protected: dict[str, Protection]) -> list[Problem]:
    """The facts under ``field`` (share or leverage): listed once, known, and allowed there."""
    doc = loaded.doc
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, fact_id in enumerate(getattr(loaded.meeting, field)):
        loc = (field, i)
        if fact_id in seen:
            problems.append(doc.problem(loc, f"fact '{fact_id}' is listed twice"))
            continue
        seen.add(fact_id)
        fact = org.org.fact(fact_id)
        if fact is None:
            problems.append(doc.problem(loc, _unknown_fact(fact_id, org)))
            continue
        message = _flow_problem(field, fact_id, fact, loaded, playbook, protected)
        if message is not None:
            problems.append(doc.problem(loc, message))
    return problems


def _shared_and_leveraged(loaded: LoadedMeeting) -> list[Problem]:
    """Facts listed under both share and leverage, at their place under leverage."""
    meeting = loaded.meeting
    both = set(meeting.share) & set(meeting.leverage)
    return [loaded.doc.problem(("leverage", i), (
        f"fact '{fact_id}' is under both share and leverage; leverage is played in the room "
        "and stays out of the shareable agenda, so list it under one of them"))
        for i, fact_id in enumerate(meeting.leverage) if fact_id in both]


def check_meeting(
    loaded: LoadedMeeting, org: LoadedOrg, playbook: Playbook
) -> list[Problem]:
    """Type, attendees, agenda, fact ids and the information-flow rules of a meeting."""
    meeting = loaded.meeting
    problems: list[Problem] = []
    mtype = playbook.meeting_type(meeting.type)
    if mtype is None and "type" not in loaded.doc.filled:
        types = [t.id for t in playbook.meeting_types]
        problems.append(loaded.doc.problem(("type",), unknown("meeting type", meeting.type,
                                                              types)))
    elif mtype is not None:
        problems.extend(agenda_problems(loaded, mtype))
    vendor, _ours, attendee_problems = resolve_attendees(loaded, org, playbook)
    problems.extend(attendee_problems)
    protected = protected_categories(playbook, attending_roles(vendor, playbook, meeting.type))
    for field in ("share", "leverage"):
        problems.extend(_fact_list_problems(loaded, org, playbook, field, protected))
    problems.extend(_shared_and_leveraged(loaded))
    return problems
