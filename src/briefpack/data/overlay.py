"""An organisation's playbook overlay: add, change or remove playbook entries by id.

``playbook:`` in org.yaml holds lists of entries under the playbook's section names. An entry
whose id exists changes the fields it gives; ``remove: true`` drops it; a new id adds a whole
entry. Meeting types' ``agenda`` items and principles' ``practices`` merge the same way inside
their entry. Problems are reported at the overlay's lines in org.yaml.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from briefpack.data.fields import required_fields
from briefpack.data.load import LoadedPlaybook, validate_model
from briefpack.data.playbook import (
    AgendaItem,
    AgreementType,
    Category,
    Competitor,
    Guidance,
    MeetingType,
    Milestone,
    Playbook,
    Practice,
    Principle,
    Role,
)
from briefpack.data.yamlfile import YamlDoc
from briefpack.errors import Problem, ValidationFailed

# section -> (key field, {nested list field: its key field})
SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "roles": ("id", {}),
    "categories": ("id", {}),
    "meeting_types": ("id", {"agenda": "id"}),
    "principles": ("number", {"practices": "id"}),
    "guidance": ("id", {}),
    "competitors": ("id", {}),
    "agreements": ("id", {}),
    "milestones": ("id", {}),
}
MODELS = {"roles": Role, "categories": Category, "meeting_types": MeetingType,
          "principles": Principle, "guidance": Guidance, "competitors": Competitor,
          "agreements": AgreementType, "milestones": Milestone, "agenda": AgendaItem,
          "practices": Practice}
NESTED_FIELDS = {field for _, nested in SECTIONS.values() for field in nested}
SINGULAR = {"roles": "role", "categories": "category", "meeting_types": "meeting type",
            "principles": "principle", "guidance": "guidance entry", "competitors": "competitor",
            "agreements": "agreement type", "milestones": "milestone", "agenda": "agenda item",
            "practices": "practice"}


@dataclass
class _Origin:
    """Where a merged entry came from: an overlay entry in org.yaml, or a built-in entry."""

    overlay_loc: tuple | None  # ("playbook", section, i) in org.yaml, or None for built-in
    base_index: int | None  # index in the built-in section, when not from the overlay
    nested: dict[tuple, tuple]  # (field, merged index) -> overlay loc of that nested item


class _OverlayDoc:
    """Reports problems in the merged playbook where they came from: org.yaml or built-in."""

    def __init__(self, doc: YamlDoc, base: LoadedPlaybook, origins: dict[tuple[str, int], _Origin]):
        self.doc = doc
        self.base = base
        self.origins = origins

    def __call__(self, loc: tuple) -> _Located | None:
        origin = self.origins.get(tuple(loc[:2]))
        if origin is None:
            return None
        return _Located(self, origin)


class _Located:
    """One merged entry's problems, reported at its overlay entry or its built-in file."""

    def __init__(self, overlay: _OverlayDoc, origin: _Origin):
        self.overlay = overlay
        self.origin = origin

    def _target(self, loc: tuple) -> tuple[Any, tuple]:
        """The file that holds the value at ``loc`` of the merged playbook, and its place there."""
        origin, rest = self.origin, tuple(loc[2:])
        if origin.overlay_loc is None:
            base_loc = (loc[0], origin.base_index) + rest
            return self.overlay.base.doc_for(base_loc), base_loc
        if len(rest) >= 2 and (rest[0], rest[1]) in origin.nested:
            return self.overlay.doc, origin.nested[(rest[0], rest[1])] + rest[2:]
        if len(rest) >= 2 and rest[0] in NESTED_FIELDS:
            return self.overlay.doc, origin.overlay_loc + rest[:1]  # an inherited nested item
        return self.overlay.doc, origin.overlay_loc + rest

    @property
    def shown(self) -> str:
        """The overlay's file (org.yaml) as shown in messages."""
        return self.overlay.doc.shown

    def line_of(self, loc: tuple) -> int:
        """Line of the value at ``loc`` in the file it came from."""
        doc, target = self._target(loc)
        return doc.line_of(target)

    def problem(self, loc: tuple, message: str) -> Problem:
        """A :class:`Problem` at ``loc``, in the file it came from."""
        doc, target = self._target(loc)
        return doc.problem(target, message)


def _required(section: str) -> list[str]:
    return required_fields(MODELS[section])


def _built_in(base: list) -> list[_Origin]:
    """Origins of a list's entries that all come from the built-in playbook."""
    return [_Origin(None, i, {}) for i in range(len(base))]


class _ListMerge:
    """One playbook list (a section, or a nested list inside an entry) as an overlay changes it.

    ``items`` and ``origins`` grow as entries are added; removed entries are only marked, so
    that indexes stay valid until :meth:`result`.
    """

    def __init__(self, base: list, key: str, what: str, section: str, nested: dict[str, str],
                 doc: YamlDoc, problems: list[Problem]):
        self.key, self.what, self.section, self.nested = key, what, section, nested
        self.doc, self.problems = doc, problems
        self.items = [copy.deepcopy(item) for item in base]
        self.origins = _built_in(base)
        self.index = {item.get(key): i for i, item in enumerate(base) if isinstance(item, dict)}
        self.removed: set[int] = set()

    def report(self, loc: tuple, message: str) -> None:
        self.problems.append(self.doc.problem(loc, message))

    def known(self) -> str:
        return ", ".join(str(k) for k in self.index)

    def apply(self, here: tuple, change: Any) -> None:
        """Add, change or remove the entry that the overlay entry at ``here`` names."""
        key, what = self.key, self.what
        if not isinstance(change, dict) or key not in change:
            self.report(here, f"each {what} entry needs '{key}' to say which "
                              f"{what} it adds, changes or removes")
            return
        ident, remove = change[key], change.get("remove", False)
        fields = {k: v for k, v in change.items() if k != "remove"}
        if isinstance(ident, (list, dict)):
            self.report(here + (key,), f"'{key}' names one {what}: give a single value, not "
                                       f"a {'list' if isinstance(ident, list) else 'mapping'}")
        elif remove not in (True, False):
            self.report(here + ("remove",), "remove must be true or false")
        elif remove:
            self.remove(here, ident)
        elif ident in self.index:
            self.change(here, self.index[ident], fields)
        else:
            self.add(here, ident, fields)

    def remove(self, here: tuple, ident: Any) -> None:
        """Drop an existing entry."""
        if ident not in self.index:
            self.report(here + (self.key,),
                        f"no {self.what} '{ident}' to remove; expected one of: {self.known()}")
            return
        self.removed.add(self.index[ident])

    def add(self, here: tuple, ident: Any, fields: dict) -> None:
        """A new entry, which must give every required field."""
        what = self.what
        missing = [f for f in _required(self.section) if f not in fields]
        if missing:
            self.report(here + (self.key,), (
                f"no {what} '{ident}' to change (expected one of: {self.known()}); to add a new "
                f"{what}, give also: {', '.join(missing)}"))
            return
        self.index[ident] = len(self.items)
        self.items.append(fields)
        self.origins.append(_Origin(here, None, {
            (field, j): here + (field, j)
            for field in self.nested if isinstance(fields.get(field), list)
            for j in range(len(fields[field]))}))

    def change(self, here: tuple, target: int, fields: dict) -> None:
        """An existing entry takes the fields given; its nested lists merge entry by entry."""
        item, origin = self.items[target], self.origins[target]
        origin.overlay_loc, origin.base_index = here, None
        for field, value in fields.items():
            if field in self.nested and isinstance(item.get(field), list):
                self.merge_nested(here, item, origin, field, value)
            else:
                item[field] = value

    def merge_nested(self, here: tuple, item: dict, origin: _Origin, field: str,
                     changes: Any) -> None:
        """Merge the overlay's ``field`` list (agenda, practices) into an entry's own."""
        item[field], subs, _ = _merge_list(
            item[field], changes, self.nested[field], SINGULAR.get(field, field),
            here + (field,), self.doc, self.problems, {}, field)
        origin.nested = {k: v for k, v in origin.nested.items() if k[0] != field}
        origin.nested.update({(field, j): o.overlay_loc for j, o in enumerate(subs)
                              if o.overlay_loc is not None})

    def result(self) -> tuple[list, list[_Origin], set]:
        """The merged list, each merged item's origin, and the keys removed."""
        keep = [i for i in range(len(self.items)) if i not in self.removed]
        gone = {self.items[i].get(self.key) for i in self.removed}
        return [self.items[i] for i in keep], [self.origins[i] for i in keep], gone


def _merge_list(base: list, changes: Any, key: str, what: str, loc: tuple, doc: YamlDoc,
                problems: list[Problem], nested: dict[str, str], section: str
                ) -> tuple[list, list[_Origin], set]:
    """Merge ``changes`` into ``base`` by ``key``.

    Returns the merged list, each merged item's origin, and the keys removed.
    """
    if not isinstance(changes, list):
        problems.append(doc.problem(loc, f"expected a list of {what} entries, each with '{key}'"))
        return base, _built_in(base), set()
    merge = _ListMerge(base, key, what, section, nested, doc, problems)
    for i, change in enumerate(changes):
        merge.apply(loc + (i,), change)
    return merge.result()


def _drop_values(entry: dict, field: str, gone: Any) -> None:
    """Remove from ``entry[field]``, when it is a list, the values in ``gone``."""
    if isinstance(entry.get(field), list):
        entry[field] = [value for value in entry[field] if value not in gone]


def _drop_references(raw: dict[str, Any], gone: dict[str, set]) -> None:
    """References to removed entries go with them (a removed category leaves roles' lists)."""
    for role in raw.get("roles", []):
        if isinstance(role, dict):
            _drop_values(role, "protect", gone.get("categories", ()))
    for mtype in raw.get("meeting_types", []):
        if isinstance(mtype, dict):
            _drop_values(mtype, "attendee_roles", gone.get("roles", ()))
            _drop_values(mtype, "principles", gone.get("principles", ()))


def apply_overlay(base: LoadedPlaybook, overlay: dict[str, Any], doc: YamlDoc) -> LoadedPlaybook:
    """The playbook with an organisation's overlay merged in; raises with every problem."""
    if not overlay:
        return base
    problems: list[Problem] = []
    raw = copy.deepcopy(base.raw)
    origins: dict[tuple[str, int], _Origin] = {}
    gone: dict[str, set] = {}
    for section, changes in overlay.items():
        loc = ("playbook", section)
        if section not in SECTIONS:
            problems.append(doc.problem(loc, (
                f"unknown playbook section '{section}'; an overlay may change: "
                f"{', '.join(SECTIONS)}")))
            continue
        key, nested = SECTIONS[section]
        raw[section], found, gone[section] = _merge_list(
            raw.get(section, []), changes, key, SINGULAR[section], loc, doc, problems, nested,
            section)
        origins.update({(section, j): origin for j, origin in enumerate(found)})
    _drop_references(raw, gone)
    located = _OverlayDoc(doc, base, origins)
    try:
        playbook: Playbook = validate_model(
            Playbook, raw, lambda loc: located(loc) or base.doc_for(loc))
    except ValidationFailed as exc:
        raise ValidationFailed(problems + exc.problems) from None
    if problems:
        raise ValidationFailed(problems)
    return LoadedPlaybook(playbook, base.folder, base.docs, raw, located)
