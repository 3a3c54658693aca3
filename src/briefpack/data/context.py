"""Load a meeting with its organisation and playbook, and check everything they say together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefpack.data.agenda import AgendaEntry, meeting_agenda
from briefpack.data.checks import Person, check_playbook
from briefpack.data.crossref import attending_roles, check_meeting, check_org, resolve_attendees
from briefpack.data.load import (
    LoadedMeeting,
    LoadedOrg,
    LoadedPlaybook,
    available_vendors,
    load_builtin_playbook,
    load_meeting,
    load_org,
    org_file,
    org_path_for,
    playbook_folder,
)
from briefpack.data.models import Meeting, Organisation
from briefpack.data.overlay import apply_overlay
from briefpack.data.playbook import MeetingType, Playbook
from briefpack.errors import BriefpackError, Problem, ValidationFailed, display_path

_CHECKED_PLAYBOOKS: set[Path] = set()


@dataclass
class MeetingContext:
    """A validated meeting with its organisation and playbook, attendees resolved."""

    playbook: Playbook
    org: Organisation
    meeting: Meeting
    vendor: list[Person]
    ours: list[Person]
    roles: list[str]

    @property
    def meeting_type(self) -> MeetingType:
        """The meeting's type (validated to exist)."""
        mtype = self.playbook.meeting_type(self.meeting.type)
        assert mtype is not None
        return mtype

    @property
    def agenda(self) -> list[AgendaEntry]:
        """The agenda as held, in order: the type's items as the meeting changes them (shortened,
        retitled, removed) and the meeting's own items before the type's closing item."""
        return meeting_agenda(self.meeting_type, self.meeting)


@dataclass
class OrgContext:
    """A validated organisation with its playbook."""

    loaded: LoadedOrg
    playbook: LoadedPlaybook

    def own(self, name: str) -> Path | None:
        """``name`` in the organisation folder, if it is there and stays inside the folder.

        A symbolic link that leads outside the folder is refused: an organisation's files may
        not reach beyond it.
        """
        path = self.loaded.folder / name
        if not path.exists():
            return None
        folder = self.loaded.folder.resolve()
        if not path.resolve().is_relative_to(folder):
            raise BriefpackError(
                f"{display_path(path)} leads outside the organisation folder (to "
                f"{path.resolve()}); put the file itself in {display_path(self.loaded.folder)}")
        return path

    @property
    def template_path(self) -> tuple[Path, ...]:
        """The organisation's template folder, searched before the built-in templates.

        Templates are regular files inside ``templates/``: a symbolic link there (or the folder
        itself being one) is refused, wherever it leads, since a template could otherwise
        include any file the link names, the organisation's own data among them.
        """
        folder = self.own("templates")
        if folder is None or not folder.is_dir():
            return ()
        for path in (folder, *folder.rglob("*")):
            if path.is_symlink():
                raise BriefpackError(
                    f"{display_path(path)} is a link (to {path.resolve()}); templates must be "
                    f"files inside {display_path(folder)}: copy the file there instead")
        return (folder.resolve(),)

    @property
    def paper(self) -> str | None:
        """Paper size: org.yaml's ``paper``; else the org's reference.docx decides; else A4."""
        if self.loaded.org.paper:
            return self.loaded.org.paper
        return None if self.reference else "a4"

    @property
    def reference(self) -> Path | None:
        """The organisation's reference.docx, if it has one."""
        path = self.own("reference.docx")
        return path if path is not None and path.is_file() else None

    @property
    def logo(self) -> Path | None:
        """The organisation's logo (logo.png or logo.jpg), if it has one."""
        for name in ("logo.png", "logo.jpg", "logo.jpeg"):
            path = self.own(name)
            if path is not None and path.is_file():
                return path
        return None


def _resolve_role_aliases(playbook: Playbook) -> None:
    """Roles an overlay names by alias or title (``attendee_roles: [AE]``) become their ids;
    one that names no role is left for :func:`check_playbook` to report."""
    for mtype in playbook.meeting_types:
        mtype.attendee_roles = [role.id if (role := playbook.find_role(given)) else given
                                for given in mtype.attendee_roles]


def playbook_for(loaded: LoadedOrg) -> LoadedPlaybook:
    """The organisation's playbook: the built-in one (checked once per process) with the
    organisation's overlay merged in and checked (``loaded.org`` has loaded)."""
    vendor = loaded.org.vendor
    if not playbook_folder(vendor).is_dir():
        raise ValidationFailed([loaded.doc.problem(
            ("vendor",), f"no built-in playbook for vendor '{vendor}'; expected one of: "
            f"{', '.join(available_vendors())}")])
    playbook = load_builtin_playbook(vendor)
    if playbook.folder not in _CHECKED_PLAYBOOKS:
        problems = check_playbook(playbook)
        if problems:
            raise ValidationFailed(problems)
        _CHECKED_PLAYBOOKS.add(playbook.folder)
    overlay = loaded.org.playbook
    if not overlay:
        return playbook
    merged = apply_overlay(playbook, overlay, loaded.doc)
    _resolve_role_aliases(merged.playbook)
    problems = check_playbook(merged)
    if problems:
        raise ValidationFailed(problems)
    return merged


_ORG_CACHE: dict[tuple, tuple[OrgContext | None, list[Problem]]] = {}
_ORG_CACHE_SIZE = 32


def _org_context(path: Path) -> tuple[OrgContext | None, list[Problem]]:
    """An organisation and every problem in it; the context is None if it cannot be used.

    Cached per process by the file's resolved path and content (and the current folder, which
    the problems' paths are relative to): a batch loads and checks each organisation once.
    Callers only read the context.
    """
    file = org_file(path)
    try:
        key: tuple | None = (str(file.resolve()), str(Path.cwd()), file.read_bytes())
    except OSError:
        key = None  # loading reports it
    if key is not None and key in _ORG_CACHE:
        org, problems = _ORG_CACHE[key]
        return org, list(problems)
    org, problems = _load_org_context(path)
    if key is not None:
        if len(_ORG_CACHE) >= _ORG_CACHE_SIZE:
            del _ORG_CACHE[next(iter(_ORG_CACHE))]
        _ORG_CACHE[key] = (org, list(problems))
    return org, problems


def _load_org_context(path: Path, text: str | None = None
                      ) -> tuple[OrgContext | None, list[Problem]]:
    loaded = load_org(path, text)
    problems = list(loaded.problems)
    if loaded.org is None:
        return None, problems
    try:
        playbook = playbook_for(loaded)
    except ValidationFailed as exc:
        return None, problems + exc.problems
    problems += check_org(loaded, playbook.playbook)
    return OrgContext(loaded, playbook), problems


def org_text_problems(path: Path, text: str) -> list[Problem]:
    """Every problem the organisation file ``path`` would have if it held ``text``: what a
    command that writes into org.yaml checks before it writes (nothing is cached)."""
    try:
        return _load_org_context(path, text)[1]
    except ValidationFailed as exc:
        return exc.problems


def org_context_problems(path: Path) -> tuple[OrgContext | None, list[Problem]]:
    """An organisation and every problem in it (its shape, its overlay, its cross-references);
    the context is ``None`` when it cannot be used at all."""
    try:
        return _org_context(path)
    except ValidationFailed as exc:
        return None, exc.problems


def load_org_context(path: Path) -> OrgContext:
    """Load and fully check an organisation; raise with every problem found."""
    org, problems = _org_context(path)
    if problems or org is None:
        raise ValidationFailed(problems)
    return org


MoreChecks = Callable[[MeetingContext, OrgContext, LoadedMeeting], list[Problem]]


def load_meeting_context(meeting_path: Path, org_path: Path | None = None,
                         also: MoreChecks | None = None
                         ) -> tuple[MeetingContext, OrgContext, LoadedMeeting]:
    """Load and fully check a meeting, its organisation and the playbook.

    Problems of the meeting and of its organisation are collected and raised together, so that
    one run shows everything to fix. ``also`` is a check of a later stage (the text of fields
    that reach a shareable document, :func:`briefpack.guard.fields.shareable_field_problems`):
    it runs too when the files have other problems, as far as the meeting could be read, and
    its problems are raised with theirs.
    """
    loaded_meeting = load_meeting(meeting_path)
    problems: list[Problem] = list(loaded_meeting.problems)
    try:
        org, org_problems = _org_context(org_path_for(loaded_meeting, org_path))
    except ValidationFailed as exc:
        org, org_problems = None, exc.problems
    problems += org_problems
    if org is None or loaded_meeting.meeting is None:
        raise ValidationFailed(problems)
    pb = org.playbook.playbook
    problems += check_meeting(loaded_meeting, org.loaded, pb)
    vendor, ours, _ = resolve_attendees(loaded_meeting, org.loaded, pb)
    ctx = MeetingContext(pb, org.loaded.org, loaded_meeting.meeting, vendor, ours,
                         attending_roles(vendor, pb, loaded_meeting.meeting.type))
    if also is not None:
        problems += also(ctx, org, loaded_meeting)
    if problems:
        raise ValidationFailed(problems)
    return ctx, org, loaded_meeting
