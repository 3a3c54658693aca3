"""Checks of a playbook: ids that must be unique, references inside it that must resolve.

Shape is checked by the models; here we check what one part says about another. Every check
returns problems rather than raising, so that all of a file's problems are reported at once.
An organisation's and a meeting's cross-references are checked in :mod:`briefpack.data.crossref`.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.data.ids import duplicates, unknown
from briefpack.data.load import LoadedPlaybook
from briefpack.data.offerbook import band_problems, offer_guidance_problems
from briefpack.data.provenance import cited
from briefpack.errors import Problem


def _duplicates(items: list, key: str) -> list[tuple[int, str]]:
    """Index and value of every item whose ``key`` an earlier item already has."""
    return duplicates(items, key)


def _known(kind: str, value: str, known: list[str]) -> str:
    return unknown(kind, value, known)


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
            ("agreements", pb.agreements, "id"), ("milestones", pb.milestones, "id"),
        ):
            for index, value in _duplicates(items, key):
                self.add((section, index, key), f"duplicate {key} '{value}'; each must be unique")
        for index, value in _duplicates(pb.vendor.sources, "id"):
            self.add(("vendor", "sources", index, "id"), f"duplicate source id '{value}'")

    def source_addresses(self) -> None:
        """A public source has the address of its page."""
        for index, source in enumerate(self.pb.vendor.sources):
            if source.kind == "public" and not source.url:
                self.add(("vendor", "sources", index, "kind"),
                         f"public source '{source.id}' has no url; expected the address of the "
                         "page it was read on (url: https://...), or, if that page is not "
                         "known, kind: unlocated with a note saying what is missing")

    def cited_sources(self) -> None:
        """Every entry and statement cites only the vendor's sources."""
        for loc, part in cited(self.pb):
            self.check_sources(loc, part.source)

    def roles_section(self) -> None:
        """Roles protect known categories."""
        for r, role in enumerate(self.pb.roles):
            for i, cat in enumerate(role.protect):
                if cat not in self.categories:
                    self.add(("roles", r, "protect", i), _known("category", cat, self.categories))

    def principles_section(self) -> None:
        """Principles' practices have unique ids and name known roles."""
        for p, principle in enumerate(self.pb.principles):
            for index, value in _duplicates(principle.practices, "id"):
                self.add(("principles", p, "practices", index, "id"),
                         f"duplicate practice id '{value}'")
            for i, role in enumerate(principle.no_leverage_with):
                if role not in self.roles:
                    self.add(("principles", p, "no_leverage_with", i),
                             _known("role", role, self.roles))

    def meeting_types_section(self) -> None:
        """Meeting types name known roles and principles and have an agenda item of ours."""
        for m, mtype in enumerate(self.pb.meeting_types):
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
        if transition.role not in self.roles:
            self.add(("transition", "role"), _known("role", transition.role, self.roles))
        if self.pb.meeting_type(transition.first_meeting) is None:
            self.add(("transition", "first_meeting"), _known(
                "meeting type", transition.first_meeting, [t.id for t in self.pb.meeting_types]))

    def competitors_section(self) -> None:
        """Competitors give away a known category."""
        for c, competitor in enumerate(self.pb.competitors):
            if competitor.category not in self.categories:
                self.add(("competitors", c, "category"),
                         _known("category", competitor.category, self.categories))

    def agreements_section(self) -> None:
        """Each agreement type's meeting types are known, and no name or alias is given to two
        types."""
        types = [t.id for t in self.pb.meeting_types]
        seen: dict[str, str] = {}
        for a, entry in enumerate(self.pb.agreements):
            for i, type_id in enumerate(entry.shown_in):
                if type_id not in types:
                    self.add(("agreements", a, "shown_in", i),
                             _known("meeting type", type_id, types))
            for name in (entry.id, entry.name, *entry.aliases):
                key = " ".join(name.split()).casefold()
                if seen.setdefault(key, entry.id) != entry.id:
                    self.add(("agreements", a), f"'{name}' also names agreement type "
                             f"'{seen[key]}'; each name must be unique")

    def milestones_section(self) -> None:
        """Milestones name known agreement kinds and categories, each field only with the
        anchor it belongs to, and at least one date; deadline categories are known."""
        kinds = [a.id for a in self.pb.agreements]
        for m, entry in enumerate(self.pb.milestones):
            for i, kind in enumerate(entry.kinds):
                if kind not in kinds:
                    self.add(("milestones", m, "kinds", i), _known("agreement kind", kind, kinds))
            for i, cat in enumerate(entry.categories):
                if cat not in self.categories:
                    self.add(("milestones", m, "categories", i),
                             _known("category", cat, self.categories))
            self.milestone_fields(m, entry, kinds)
        for i, cat in enumerate(self.pb.deadline_categories):
            if cat not in self.categories:
                self.add(("deadline_categories", i), _known("category", cat, self.categories))

    def milestone_fields(self, m: int, entry, kinds: list[str]) -> None:
        """A milestone's fields fit its anchor, and it gives at least one date."""
        for field, anchor, given in (("kinds", "term-end", entry.kinds),
                                     ("late", "term-end", entry.late),
                                     ("categories", "deadline", entry.categories),
                                     ("coincides", "year-end", entry.coincides)):
            if given and entry.anchor != anchor:
                self.add(("milestones", m, field),
                         f"{field} is for a milestone with anchor {anchor}, not {entry.anchor}")
        if entry.anchor == "term-end" and not entry.kinds:
            self.add(("milestones", m, "kinds"), "a term-end milestone names the agreement "
                     f"kinds it applies to, of: {', '.join(kinds)}")
        if not entry.months_before and not entry.days_before:
            self.add(("milestones", m), "no date: give months_before or days_before "
                     "(0 for the day itself)")

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
    check.source_addresses()
    check.cited_sources()
    check.roles_section()
    check.principles_section()
    check.meeting_types_section()
    check.transition()
    check.competitors_section()
    check.agreements_section()
    check.milestones_section()
    check.reveals_wording()
    return check.problems + band_problems(loaded) + offer_guidance_problems(loaded)


# --------------------------------------------------------------------------- people


@dataclass
class Person:
    """Someone in the room, resolved through the rosters (by :mod:`briefpack.data.crossref`,
    which checks organisations and meetings)."""

    name: str
    title: str = ""
    role: str | None = None  # vendor role id; None for our side
