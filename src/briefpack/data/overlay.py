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

from briefpack.errors import Problem, ValidationFailed
from briefpack.data.load import LoadedPlaybook, validate_model
from briefpack.data.models import (
    AgendaItem, Category, Guidance, MeetingType, Playbook, Practice, Principle, Role,
    required_fields,
)
from briefpack.data.yamlfile import YamlDoc

# section -> (key field, {nested list field: its key field})
SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "roles": ("id", {}),
    "categories": ("id", {}),
    "meeting_types": ("id", {"agenda": "id"}),
    "principles": ("number", {"practices": "id"}),
    "guidance": ("id", {}),
}
MODELS = {"roles": Role, "categories": Category, "meeting_types": MeetingType,
          "principles": Principle, "guidance": Guidance, "agenda": AgendaItem,
          "practices": Practice}
NESTED_FIELDS = {field for _, nested in SECTIONS.values() for field in nested}
SINGULAR = {"roles": "role", "categories": "category", "meeting_types": "meeting type",
            "principles": "principle", "guidance": "guidance entry", "agenda": "agenda item",
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

    def __call__(self, loc: tuple) -> "_Located | None":
        origin = self.origins.get(tuple(loc[:2]))
        if origin is None:
            return None
        return _Located(self, origin)


class _Located:
    def __init__(self, overlay: _OverlayDoc, origin: _Origin):
        self.overlay = overlay
        self.origin = origin

    def _target(self, loc: tuple) -> tuple[Any, tuple]:
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
        return self.overlay.doc.shown

    def line_of(self, loc: tuple) -> int:
        doc, target = self._target(loc)
        return doc.line_of(target)

    def problem(self, loc: tuple, message: str) -> Problem:
        doc, target = self._target(loc)
        return doc.problem(target, message)


def _required(section: str) -> list[str]:
    return required_fields(MODELS[section])


def _merge_list(base: list, changes: Any, key: str, what: str, loc: tuple, doc: YamlDoc,
                problems: list[Problem], nested: dict[str, str], section: str
                ) -> tuple[list, list[_Origin], set]:
    """Merge ``changes`` into ``base`` by ``key``.

    Returns the merged list, each merged item's origin, and the keys removed.
    """
    if not isinstance(changes, list):
        problems.append(doc.problem(loc, f"expected a list of {what} entries, each with '{key}'"))
        return base, [_Origin(None, i, {}) for i in range(len(base))], set()
    items = [copy.deepcopy(item) for item in base]
    origins = [_Origin(None, i, {}) for i in range(len(base))]
    index = {item.get(key): i for i, item in enumerate(base) if isinstance(item, dict)}
    removed: set[int] = set()
    for i, change in enumerate(changes):
        here = loc + (i,)
        if not isinstance(change, dict) or key not in change:
            problems.append(doc.problem(here, f"each {what} entry needs '{key}' to say which "
                                        f"{what} it adds, changes or removes"))
            continue
        ident, remove = change[key], change.get("remove", False)
        fields = {k: v for k, v in change.items() if k != "remove"}
        if remove not in (True, False):
            problems.append(doc.problem(here + ("remove",), "remove must be true or false"))
            continue
        if ident not in index:
            known = ", ".join(str(k) for k in index)
            if remove:
                problems.append(doc.problem(here + (key,),
                                            f"no {what} '{ident}' to remove; expected one of: {known}"))
                continue
            missing = [f for f in _required(section) if f not in fields]
            if missing:
                problems.append(doc.problem(here + (key,), (
                    f"no {what} '{ident}' to change (expected one of: {known}); to add a new "
                    f"{what}, give also: {', '.join(missing)}")))
                continue
            index[ident] = len(items)
            items.append(fields)
            origins.append(_Origin(here, None, {
                (field, j): here + (field, j)
                for field in nested if isinstance(fields.get(field), list)
                for j in range(len(fields[field]))}))
            continue
        target = index[ident]
        if remove:
            removed.add(target)
            continue
        origin = origins[target]
        origin.overlay_loc, origin.base_index = here, None
        for field, value in fields.items():
            if field in nested and isinstance(items[target].get(field), list):
                items[target][field], subs, _ = _merge_list(
                    items[target][field], value, nested[field], SINGULAR.get(field, field),
                    here + (field,), doc, problems, {}, field)
                origin.nested = {k: v for k, v in origin.nested.items() if k[0] != field}
                origin.nested.update({(field, j): o.overlay_loc for j, o in enumerate(subs)
                                      if o.overlay_loc is not None})
            else:
                items[target][field] = value
    keep = [i for i in range(len(items)) if i not in removed]
    gone = {items[i].get(key) for i in removed}
    return [items[i] for i in keep], [origins[i] for i in keep], gone


def _drop_references(raw: dict[str, Any], gone: dict[str, set]) -> None:
    """References to removed entries go with them (a removed category leaves roles' lists)."""
    for role in raw.get("roles", []):
        if isinstance(role, dict) and isinstance(role.get("protect"), list):
            role["protect"] = [c for c in role["protect"] if c not in gone.get("categories", ())]
    for mtype in raw.get("meeting_types", []):
        if not isinstance(mtype, dict):
            continue
        if isinstance(mtype.get("attendee_roles"), list):
            mtype["attendee_roles"] = [r for r in mtype["attendee_roles"]
                                       if r not in gone.get("roles", ())]
        if isinstance(mtype.get("principles"), list):
            mtype["principles"] = [n for n in mtype["principles"]
                                   if n not in gone.get("principles", ())]


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
