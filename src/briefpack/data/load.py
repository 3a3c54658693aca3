"""Load playbooks, organisations and meetings from YAML into validated models.

Shape errors come from pydantic and are mapped back to the file and line they came from;
every problem in a file is reported at once.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PureWindowsPath
from typing import Any, TypeVar

from pydantic import ValidationError

from briefpack.data.discover import ORG_FILES
from briefpack.data.fields import field_names, nested_model
from briefpack.data.models import Meeting, Offer, Organisation
from briefpack.data.playbook import Playbook
from briefpack.data.yamlfile import YamlDoc, dotted, load_yaml, read_text
from briefpack.errors import Problem, ValidationFailed, display_path
from briefpack.resources import playbooks_dir

M = TypeVar("M")


def _model_at(model: type, loc: tuple) -> type | None:
    """The model class found by walking ``loc`` down from ``model`` (for 'did you mean')."""
    current: type | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None:
            return None
        current = nested_model(current, str(part))
    return current


def _message(model: type, error: dict) -> str:
    """A pydantic error as a message for the user (the file and line are added by the caller)."""
    kind = error["type"]
    loc = error["loc"]
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        parent = _model_at(model, loc[:-1])
        allowed = field_names(parent) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "."
        listing = f" Expected one of: {', '.join(allowed)}." if allowed else ""
        return f"unknown field '{loc[-1]}'{hint}{listing}"
    if kind == "missing":
        return "required field is missing"
    if kind == "model_type":
        msg = "input should be a valid dictionary: a YAML mapping of fields"
    else:
        msg = error["msg"]
    msg = msg.removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, (str, int, float, bool)) and kind not in ("string_too_short",):
        msg = f"{msg} (got {value!r})"
    return msg[0].lower() + msg[1:]


def validate_model(model: type[M], data: Any, doc_for: Callable[[tuple], YamlDoc]) -> M:
    """Validate ``data`` as ``model``; map every error to its file and line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            problems.append(doc_for(loc).problem(loc, _message(model, error)))
        raise ValidationFailed(problems) from None


def _deepest_item(data: Any, loc: tuple) -> tuple[tuple, int] | None:
    """The innermost list item on the way to ``loc``: (path of its list, its index), if any."""
    node, deepest = data, None
    for i, part in enumerate(loc):
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            deepest = (tuple(loc[:i]), part)
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
    return deepest


def _value_at(data: Any, path: tuple) -> Any:
    """The value at ``path`` in ``data``, or ``None`` when there is none."""
    node = data
    try:
        for part in path:
            node = node[part]
    except (KeyError, IndexError, TypeError):
        return None
    return node


def _drop_items(data: Any, drop_items: dict[tuple, set[int]],
                drop_keys: set[str]) -> dict[tuple, list[int]]:
    """Remove the failing items from their lists, innermost lists first.

    Lists under a top-level key that is itself dropped are left alone. Returns, for each list
    changed, the original index of each item kept.
    """
    kept: dict[tuple, list[int]] = {}
    for path in sorted(drop_items, key=len, reverse=True):
        node = _value_at(data, path)
        if path and path[0] in drop_keys or not isinstance(node, list):
            continue
        kept[path] = [i for i in range(len(node)) if i not in drop_items[path]]
        node[:] = [item for i, item in enumerate(node) if i not in drop_items[path]]
    return kept


def _prune(data: Any, locs: list[tuple]) -> tuple[Any, dict[tuple, list[int]]]:
    """A copy of ``data`` without the values that failed validation.

    Within a list the whole failing item is dropped (and which items were kept is returned, so
    later problems can still name the right line); outside lists the top-level key is dropped.
    """
    data = copy.deepcopy(data)
    drop_items: dict[tuple, set[int]] = {}
    drop_keys: set[str] = set()
    for loc in locs:
        deepest = _deepest_item(data, loc)
        if deepest is not None:
            drop_items.setdefault(deepest[0], set()).add(deepest[1])
        elif loc and isinstance(data, dict) and loc[0] in data:
            drop_keys.add(loc[0])
    kept = _drop_items(data, drop_items, drop_keys)
    for key in drop_keys:
        data.pop(key, None)
    return data, kept


# stand-ins for required fields that are missing or invalid, so that a file's other problems
# are found in the same run (a bad date must not hide a protected fact under share)
_STAND_INS: dict[type, dict[str, Any]] = {
    Meeting: {"type": "(missing)", "title": "(missing)", "date": date(2000, 1, 1)},
    Organisation: {"name": "(missing)"},
}


def validate_partial(model: type[M], doc: YamlDoc) -> tuple[M | None, list[Problem]]:
    """Validate a whole file as ``model``, returning every problem and, where possible, a model.

    When the file has problems, the model is built from what is left after dropping the failing
    values, with a stand-in for each required field that failed or is missing (named in
    ``doc.filled``), so that cross-reference checks can still run and report their problems in
    the same run; it is ``None`` when even that fails.
    """
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors()
    problems = [Problem(doc.shown, doc.line_of(tuple(e["loc"])), dotted(tuple(e["loc"])),
                        _message(model, e)) for e in errors]
    pruned, kept = _prune(doc.data, [tuple(e["loc"]) for e in errors])
    filled = {k: v for k, v in _STAND_INS.get(model, {}).items()
              if isinstance(pruned, dict) and k not in pruned}
    try:
        partial = model.model_validate({**pruned, **filled})
    except (ValidationError, TypeError):
        return None, problems
    doc.kept_items = kept
    doc.filled = set(filled)
    return partial, problems


def _require_mapping(doc: YamlDoc, what: str) -> dict:
    """The file's data, which must be a mapping; raises otherwise."""
    if not isinstance(doc.data, dict):
        raise ValidationFailed([doc.problem((), f"expected {what} (a YAML mapping of fields)")])
    return doc.data


# --------------------------------------------------------------------------- playbook


@dataclass
class LoadedPlaybook:
    """A validated playbook and the YAML files it came from (for error lines)."""

    playbook: Playbook
    folder: Path
    docs: dict[str, YamlDoc]  # top-level key -> file that holds it
    raw: dict[str, Any] = field(default_factory=dict)  # the merged YAML data, for overlays
    # entries that came from an organisation's overlay: (section, index) -> where to report
    overlay: Callable[[tuple], Any] | None = None

    def doc_for(self, loc: tuple) -> Any:
        """The file (or overlay) that holds the value at ``loc``: has ``problem(loc, msg)``."""
        if self.overlay is not None:
            found = self.overlay(loc)
            if found is not None:
                return found
        return self.docs.get(loc[0] if loc else "") or next(iter(self.docs.values()))


def playbook_folder(vendor: str) -> Path:
    """Folder of a built-in vendor playbook."""
    return playbooks_dir() / vendor


def available_vendors() -> list[str]:
    """Ids of the built-in playbooks."""
    root = playbooks_dir()
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def load_playbook_folder(folder: Path) -> LoadedPlaybook:
    """Load and validate every ``*.yaml`` of a playbook folder as one :class:`Playbook`."""
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ValidationFailed([Problem(display_path(folder), 0, "", "no playbook files (*.yaml)")])
    texts: dict[Path, str] = {}
    problems: list[Problem] = []
    for path in files:
        try:
            texts[path] = read_text(path)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationFailed(problems)
    return _build_playbook(folder, texts)


def _build_playbook(folder: Path, texts: dict[Path, str]) -> LoadedPlaybook:
    """The playbook from its files' texts: each section in one file, validated together."""
    merged: dict[str, Any] = {}
    docs: dict[str, YamlDoc] = {}
    problems: list[Problem] = []
    first: YamlDoc | None = None
    for path, text in texts.items():
        try:
            doc = load_yaml(path, text)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        first = first or doc
        problems.extend(doc.problems)
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), "expected a mapping of playbook sections"))
            continue
        for key, value in doc.data.items():
            if key in merged:
                problems.append(doc.problem((key,), f"section '{key}' is also in "
                                            f"{docs[key].shown}; give each section once"))
                continue
            merged[key] = value
            docs[key] = doc
    if problems or first is None:
        raise ValidationFailed(problems)
    playbook = validate_model(Playbook, merged, lambda loc: docs.get(loc[0] if loc else "", first))
    return LoadedPlaybook(playbook, folder, docs, merged)


_PLAYBOOK_CACHE: dict[Path, LoadedPlaybook] = {}


def load_builtin_playbook(vendor: str) -> LoadedPlaybook:
    """Load a built-in playbook once per process."""
    folder = playbook_folder(vendor)
    if folder not in _PLAYBOOK_CACHE:
        _PLAYBOOK_CACHE[folder] = load_playbook_folder(folder)
    return _PLAYBOOK_CACHE[folder]


# --------------------------------------------------------------------------- org and meeting


@dataclass
class LoadedOrg:
    """An organisation, its YAML (for error lines) and the problems found in its shape.

    ``org`` is ``None`` when the file's shape is too broken to build even a partial model.
    """

    org: Organisation | None
    doc: YamlDoc
    problems: list[Problem] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        """The organisation folder (templates/, reference.docx, logo live here)."""
        return self.doc.path.parent


# what to say when an organisation file is given where a meeting or an offer is expected
_ORG_GIVEN_FOR = {
    Meeting: "a meeting: give a meeting file (with type, title and date), e.g. one in the "
             "organisation's meetings/ folder",
    Offer: "an offer: give an offer file (with id, kind and lines), e.g. one in the "
           "organisation's offers/ folder",
}


def _load_shaped(path: Path, model: type[M], what: str, text: str | None = None
                 ) -> tuple[M | None, YamlDoc, list[Problem]]:
    """A user's file (or ``text`` given for it): loaded, its changed text reported, its shape
    checked (see :func:`validate_partial`); duplicate keys and shape problems together."""
    doc = load_yaml(path, text)
    doc.report_warnings()
    _require_mapping(doc, what)
    instead = _ORG_GIVEN_FOR.get(model)
    if instead and "name" in doc.data and not {"type", "lines"} & doc.data.keys():
        raise ValidationFailed([doc.problem((), f"this is an organisation file, not {instead}")])
    value, problems = validate_partial(model, doc)
    return value, doc, doc.problems + problems


def written_path(folder: Path, text: str) -> Path:
    """A path written in a data file (a meeting's ``org: ../org.yaml``), relative to
    ``folder``, the file's own: written with either slash, so that a file written on Windows
    (``org: ..\\org.yaml``) reads the same on macOS and Linux. An absolute path stays one where
    it can be (``C:\\clients\\org.yaml`` on Windows, ``/srv/clients/org.yaml`` elsewhere)."""
    if "\\" in text:
        text = PureWindowsPath(text).as_posix()
    return Path(folder) / text


def org_file(path: Path) -> Path:
    """The organisation file of a folder (``org.yaml``, else ``org.yml``), or the file
    itself."""
    path = Path(path)
    if not path.is_dir():
        return path
    return next((path / name for name in ORG_FILES if (path / name).is_file()), path / ORG_FILES[0])


def load_org(path: Path, text: str | None = None) -> LoadedOrg:
    """Load an organisation file (or folder holding org.yaml), or ``text`` as if it were that
    file, and check its shape."""
    return LoadedOrg(*_load_shaped(org_file(path), Organisation,
                                   "an organisation (name, account_team, facts, ...)", text))


@dataclass
class LoadedMeeting:
    """A meeting, its YAML (for error lines) and the problems found in its shape."""

    meeting: Meeting | None
    doc: YamlDoc
    problems: list[Problem] = field(default_factory=list)


def load_meeting(path: Path) -> LoadedMeeting:
    """Load a meeting file and check its shape."""
    return LoadedMeeting(*_load_shaped(Path(path), Meeting,
                                       "a meeting (type, title, date, attendees, ...)"))


@dataclass
class LoadedOffer:
    """An offer, its YAML (for error lines) and the problems found in its shape."""

    offer: Offer | None
    doc: YamlDoc
    problems: list[Problem] = field(default_factory=list)


def load_offer(path: Path) -> LoadedOffer:
    """Load an offer file (offers/*.yaml) and check its shape."""
    return LoadedOffer(*_load_shaped(Path(path), Offer, (
        "an offer (id, date, from, expires, kind, currency, lines, ...)")))


def offer_org_path(loaded: LoadedOffer, override: Path | None) -> Path:
    """Where an offer's organisation is: ``--org``, the offer's ``org:`` field, else the
    organisation folder its ``offers/`` folder is in (or the folder it is in)."""
    if override is not None:
        return Path(override)
    given = loaded.offer.org if loaded.offer else loaded.doc.data.get("org")
    folder = loaded.doc.path.parent
    if given and isinstance(given, str):
        target = written_path(folder, given)
        if not org_file(target).exists():
            raise ValidationFailed([loaded.doc.problem(
                ("org",), f"organisation file not found: {display_path(org_file(target))}; "
                "expected a path to org.yaml or its folder, relative to this file")])
        return target
    for candidate in (folder.parent, folder):
        if org_file(candidate).is_file():
            return candidate
    raise ValidationFailed([loaded.doc.problem((), (
        "no organisation found: keep the offer in the organisation's offers/ folder, add "
        "'org: ../org.yaml' (relative to this file) or pass --org PATH"))])


def org_path_for(meeting: LoadedMeeting, override: Path | None) -> Path:
    """Where the meeting's organisation is: ``--org`` or the meeting's ``org:`` field."""
    if override is not None:
        return Path(override)
    given = meeting.meeting.org if meeting.meeting else meeting.doc.data.get("org")
    if not given or not isinstance(given, str):
        raise ValidationFailed([meeting.doc.problem(
            ("org",), "no organisation given: add 'org: ../org.yaml' (relative to this file) "
            "or pass --org PATH")])
    target = written_path(meeting.doc.path.parent, given)
    if not org_file(target).exists():
        raise ValidationFailed([meeting.doc.problem(
            ("org",), f"organisation file not found: {display_path(org_file(target))}; "
            "expected a path to org.yaml or its folder, relative to this file")])
    return target
