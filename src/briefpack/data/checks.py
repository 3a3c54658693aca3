"""Cross-reference checks: ids that must exist, names on the roster, information-flow rules.

Shape is checked by the models; here we check what one file says about another. Every check
returns problems rather than raising, so that all of a file's problems are reported at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from briefpack.data.load import LoadedMeeting, LoadedOrg, LoadedPlaybook
from briefpack.data.models import Fact
from briefpack.data.playbook import Playbook
from briefpack.data.protection import Protection, protected_categories
from briefpack.errors import Problem


def _duplicates(items: list, key: str) -> list[tuple[int, str]]:
    """Index and value of every item whose ``key`` an earlier item already has."""
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


# --------------------------------------------------------------------------- playbook


class _PlaybookChecks:
    """The checks of one playbook, section by section, collecting problems at their lines."""

    def __init__(self, loaded: LoadedPlaybook):
        self.loaded = loaded
        self.pb = loaded.playbook
        self.problems: list[Problem] = []
        self.categories = [c.id for c in self.pb.categories]
        self.roles = [r.id for r in self.pb.roles]
        self.numbers = [p.number for p in self.pb.principles]
        self.sources = [s.id for s in self.pb.vendor.sources]

    def add(self, loc: tuple, message: str) -> None:
        self.problems.append(self.loaded.doc_for(loc).problem(loc, message))

    def check_sources(self, loc: tuple, refs: list[str]) -> None:
        """Every source an entry cites is one of the vendor's sources."""
        for i, ref in enumerate(refs):
            if ref not in self.sources:
                self.add(loc + ("source", i), _known("source", ref, self.sources))

    def unique_ids(self) -> None:
        """No two entries of a section, and no two vendor sources, share an id."""
        pb = self.pb
        for section, items, key in (
            ("roles", pb.roles, "id"), ("categories", pb.categories, "id"),
            ("meeting_types", pb.meeting_types, "id"), ("principles", pb.principles, "number"),
            ("guidance", pb.guidance, "id"), ("competitors", pb.competitors, "id"),
        ):
            for index, value in _duplicates(items, key):
                self.add((section, index, key), f"duplicate {key} '{value}'; each must be unique")
        for index, value in _duplicates(pb.vendor.sources, "id"):
            self.add(("vendor", "sources", index, "id"), f"duplicate source id '{value}'")

    def fiscal_calendar(self) -> None:
        if self.pb.vendor.fiscal_calendar:
            self.check_sources(("vendor", "fiscal_calendar"), self.pb.vendor.fiscal_calendar.source)

    def roles_section(self) -> None:
        """Roles cite known sources and protect known categories."""
        for r, role in enumerate(self.pb.roles):
            self.check_sources(("roles", r), role.source)
            for i, cat in enumerate(role.protect):
                if cat not in self.categories:
                    self.add(("roles", r, "protect", i), _known("category", cat, self.categories))

    def principles_section(self) -> None:
        """Principles cite known sources; their practices' ids are unique."""
        for p, principle in enumerate(self.pb.principles):
            self.check_sources(("principles", p), principle.source)
            for index, value in _duplicates(principle.practices, "id"):
                self.add(("principles", p, "practices", index, "id"),
                         f"duplicate practice id '{value}'")
            for i, role in enumerate(principle.no_leverage_with):
                if role not in self.roles:
                    self.add(("principles", p, "no_leverage_with", i),
                             _known("role", role, self.roles))

    def categories_section(self) -> None:
        for c, category in enumerate(self.pb.categories):
            self.check_sources(("categories", c), category.source)

    def meeting_types_section(self) -> None:
        """Meeting types name known roles and principles and have an agenda item of ours."""
        for m, mtype in enumerate(self.pb.meeting_types):
            self.check_sources(("meeting_types", m), mtype.source)
            for i, role in enumerate(mtype.attendee_roles):
                if role not in self.roles:
                    self.add(("meeting_types", m, "attendee_roles", i),
                             _known("role", role, self.roles))
            for i, number in enumerate(mtype.principles):
                if number not in self.numbers:
                    self.add(("meeting_types", m, "principles", i),
                             _known("principle", str(number), [str(n) for n in self.numbers]))
            topics = [g.id for g in self.pb.guidance]
            for i, topic in enumerate(mtype.guidance):
                if topic not in topics:
                    self.add(("meeting_types", m, "guidance", i),
                             _known("guidance topic", topic, topics))
            self.agenda(m, mtype.agenda)

    def agenda(self, m: int, agenda: list) -> None:
        """A meeting type's agenda: unique item ids, and at least one item of ours."""
        for index, value in _duplicates(agenda, "id"):
            self.add(("meeting_types", m, "agenda", index, "id"),
                     f"duplicate agenda item id '{value}'")
        if not any(item.owner == "us" for item in agenda):
            self.add(("meeting_types", m, "agenda"),
                     "no agenda item with owner 'us': every meeting needs at least one item that "
                     "serves our information needs (principle 2)")

    def transition(self) -> None:
        """The transition names a known role and meeting type."""
        transition = self.pb.transition
        self.check_sources(("transition",), transition.source)
        if transition.role not in self.roles:
            self.add(("transition", "role"), _known("role", transition.role, self.roles))
        if self.pb.meeting_type(transition.first_meeting) is None:
            self.add(("transition", "first_meeting"), _known(
                "meeting type", transition.first_meeting, [t.id for t in self.pb.meeting_types]))

    def guidance_section(self) -> None:
        for g, guide in enumerate(self.pb.guidance):
            self.check_sources(("guidance", g), guide.source)

    def competitors_section(self) -> None:
        """Competitors cite known sources and give away a known category."""
        for c, competitor in enumerate(self.pb.competitors):
            self.check_sources(("competitors", c), competitor.source)
            if competitor.category not in self.categories:
                self.add(("competitors", c, "category"),
                         _known("category", competitor.category, self.categories))

    def reveals_wording(self) -> None:
        """Every ``reveals`` entry of a category is wording ``check`` can match."""
        from briefpack.data.wording import WordingError, parse_wording

        for c, category in enumerate(self.pb.categories):
            for i, text in enumerate(category.reveals):
                try:
                    parse_wording(text)
                except WordingError as exc:
                    self.add(("categories", c, "reveals", i), str(exc))


def check_playbook(loaded: LoadedPlaybook) -> list[Problem]:
    """Ids are unique and every reference inside the playbook resolves."""
    check = _PlaybookChecks(loaded)
    check.unique_ids()
    check.fiscal_calendar()
    check.roles_section()
    check.principles_section()
    check.categories_section()
    check.meeting_types_section()
    check.transition()
    check.guidance_section()
    check.competitors_section()
    check.reveals_wording()
    return check.problems


# --------------------------------------------------------------------------- organisation


def _account_team_problems(loaded: LoadedOrg, roles: list[str]) -> list[Problem]:
    """Each vendor person has a known role and, when dated, ends after they start."""
    doc = loaded.doc
    problems: list[Problem] = []
    for m, member in enumerate(loaded.org.account_team):
        if member.role not in roles:
            problems.append(doc.problem(("account_team", m, "role"),
                                        _known("role", member.role, roles)))
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
                                        _known("category", fact.category, categories)))
    for section, items in (("facts", org.facts), ("commitments", org.commitments),
                           ("advice", org.advice), ("issues", org.issues)):
        for index, value in _duplicates(items, "id"):
            problems.append(doc.problem(
                (section, index, "id"),
                f"duplicate id '{value}'; each {section} id must be unique"))
    return problems


def check_org(loaded: LoadedOrg, playbook: Playbook) -> list[Problem]:
    """The organisation's roles, categories and ids resolve against the playbook."""
    roles = [r.id for r in playbook.roles]
    categories = [c.id for c in playbook.categories]
    return (_account_team_problems(loaded, roles) + _roster_name_problems(loaded)
            + _org_entry_problems(loaded, categories))


# --------------------------------------------------------------------------- meeting


@dataclass
class Person:
    """Someone in the room, resolved through the rosters."""

    name: str
    title: str = ""
    role: str | None = None  # vendor role id; None for our side


def _vendor_attendees(
    loaded: LoadedMeeting, org: LoadedOrg, playbook: Playbook
) -> tuple[list[Person], list[Problem]]:
    """The vendor's attendees: on the account_team roster, or given with a known role."""
    doc = loaded.doc
    roles = [r.id for r in playbook.roles]
    vendor: list[Person] = []
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
            problems.append(doc.problem(("attendees", "vendor", i, "role"),
                                        _known("role", role, roles)))
            continue
        role_obj = playbook.role(role)
        title = (entry.title or (member.title if member else "")
                 or (role_obj.title if role_obj else ""))
        vendor.append(Person(member.name if member else entry.name, title, role))
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
    listing = f"; expected one of: {', '.join(fact_ids)}" if fact_ids else ""
    return f"unknown fact '{fact_id}': not in the facts of {org.doc.shown}{listing}"


def _flow_problem(field: str, fact_id: str, fact: Fact, playbook: Playbook,
                  protected: dict[str, Protection]) -> str | None:
    """Why ``fact`` may not be listed under ``field`` (share or leverage), if it may not."""
    category = playbook.category(fact.category)
    if category is None:
        return None  # reported against org.yaml
    if field == "share" and fact.category in protected:
        why = protected[fact.category].reason(playbook)
        return (f"fact '{fact_id}' (category '{fact.category}') may not go into the shareable "
                f"agenda: {why}. Remove it from share; if you mean to play it, list it under "
                "leverage instead")
    if field == "leverage" and category.never_share:
        return (f"fact '{fact_id}' (category '{fact.category}') is never shared, not even as "
                f"leverage: category '{category.id}' has never_share: true")
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
        message = _flow_problem(field, fact_id, fact, playbook, protected)
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
    """Type, attendees, fact ids and the information-flow rules of a meeting."""
    meeting = loaded.meeting
    problems: list[Problem] = []
    if playbook.meeting_type(meeting.type) is None:
        types = [t.id for t in playbook.meeting_types]
        problems.append(loaded.doc.problem(("type",), _known("meeting type", meeting.type, types)))
    vendor, _ours, attendee_problems = resolve_attendees(loaded, org, playbook)
    problems.extend(attendee_problems)
    protected = protected_categories(playbook, attending_roles(vendor, playbook, meeting.type))
    for field in ("share", "leverage"):
        problems.extend(_fact_list_problems(loaded, org, playbook, field, protected))
    problems.extend(_shared_and_leveraged(loaded))
    return problems
