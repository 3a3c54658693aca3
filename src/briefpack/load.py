"""Load playbooks, organisations and meetings from YAML into validated models.

Shape errors come from pydantic and are mapped back to the file and line they came from;
every problem in a file is reported at once.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem, ValidationFailed, display_path
from .models import Meeting, Organisation, Playbook
from .resources import playbooks_dir
from .yamlfile import YamlDoc, dotted, load_yaml

M = TypeVar("M", bound=BaseModel)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class found by walking ``loc`` down from ``model`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next(
            (f for name, f in current.model_fields.items() if (f.alias or name) == part), None
        )
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _message(model: type[BaseModel], error: dict) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = [f.alias or n for n, f in parent.model_fields.items()] if parent else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        listing = f" Expected one of: {', '.join(allowed)}." if allowed else ""
        return f"unknown field '{loc[-1]}'{hint}{listing}"
    if kind == "missing":
        return "required field is missing"
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
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
            doc = doc_for(loc)
            problems.append(
                Problem(doc.shown, doc.line_of(loc), dotted(loc), _message(model, error))
            )
        raise ValidationFailed(problems) from None


def _require_mapping(doc: YamlDoc, what: str) -> dict:
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

    def doc_for(self, loc: tuple) -> YamlDoc:
        """The file that holds the value at ``loc``."""
        return self.docs.get(loc[0] if loc else "", next(iter(self.docs.values())))


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
    merged: dict[str, Any] = {}
    docs: dict[str, YamlDoc] = {}
    problems: list[Problem] = []
    for path in files:
        try:
            doc = load_yaml(path)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
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
    if problems:
        raise ValidationFailed(problems)
    fallback = load_yaml(files[0]) if not docs else None
    loaded_docs = docs or {"": fallback}
    playbook = validate_model(
        Playbook, merged, lambda loc: loaded_docs.get(loc[0] if loc else "", next(iter(loaded_docs.values())))
    )
    return LoadedPlaybook(playbook, folder, loaded_docs)


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
    """A validated organisation, its folder and its YAML (for error lines)."""

    org: Organisation
    doc: YamlDoc

    @property
    def folder(self) -> Path:
        """The organisation folder (templates/, reference.docx, logo live here)."""
        return self.doc.path.parent


def org_file(path: Path) -> Path:
    """``org.yaml`` inside a folder, or the file itself."""
    path = Path(path)
    return path / "org.yaml" if path.is_dir() else path


def load_org(path: Path) -> LoadedOrg:
    """Load and validate the shape of an organisation file (or folder holding org.yaml)."""
    doc = load_yaml(org_file(path))
    data = _require_mapping(doc, "an organisation (name, account_team, facts, ...)")
    return LoadedOrg(validate_model(Organisation, data, lambda loc: doc), doc)


@dataclass
class LoadedMeeting:
    """A validated meeting and its YAML (for error lines)."""

    meeting: Meeting
    doc: YamlDoc


def load_meeting(path: Path) -> LoadedMeeting:
    """Load and validate the shape of a meeting file."""
    doc = load_yaml(Path(path))
    data = _require_mapping(doc, "a meeting (type, title, date, attendees, ...)")
    return LoadedMeeting(validate_model(Meeting, data, lambda loc: doc), doc)


def org_path_for(meeting: LoadedMeeting, override: Path | None) -> Path:
    """Where the meeting's organisation is: ``--org`` or the meeting's ``org:`` field."""
    if override is not None:
        return Path(override)
    if not meeting.meeting.org:
        raise ValidationFailed([meeting.doc.problem(
            ("org",), "no organisation given: add 'org: ../org.yaml' (relative to this file) "
            "or pass --org PATH")])
    target = meeting.doc.path.parent / meeting.meeting.org
    if not org_file(target).exists():
        raise ValidationFailed([meeting.doc.problem(
            ("org",), f"organisation file not found: {display_path(org_file(target))}; "
            "expected a path to org.yaml or its folder, relative to this file")])
    return target
