"""``briefpack validate``: check organisation, meeting and playbook files, writing nothing.

With no paths it checks the organisation folder it is run in; a folder named is searched for
organisation files, the meetings of each organisation's meetings/ folder, other meeting files
and playbook folders, so that a playbook or a test's expectations are never read as meetings.

Besides the data, an organisation folder's look and wording are checked
(:mod:`briefpack.commands.look`): its reference.docx opens and has the styles the writer uses,
and every template override parses, names nothing undefined, renders the meeting documents for
a sample meeting of every type, and is used. Some findings are warnings: they are printed and
the files are still valid, unless ``--strict`` makes them errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefpack.commands.look import Findings, check_org_folder
from briefpack.data.checks import check_playbook
from briefpack.data.context import (
    MeetingContext,
    OrgContext,
    load_meeting_context,
    org_context_problems,
)
from briefpack.data.discover import (
    BROKEN,
    ORG_FILES,
    Peek,
    is_meeting_data,
    is_offer_data,
    is_org_file,
    yaml_files,
)
from briefpack.data.load import LoadedMeeting, load_playbook_folder
from briefpack.errors import BriefpackError, Problem, ValidationFailed, display_path
from briefpack.guard.fields import shareable_field_problems
from briefpack.packs.followup import reaffirm_problems


def default_paths(cwd: Path) -> list[Path]:
    """What ``validate`` with no paths checks: the organisation folder it is run in (the
    current folder, or the one above when run in its ``meetings/``). Anywhere else there is
    nothing to validate, which is an error saying what to do."""
    for folder in (cwd, cwd.parent if cwd.name == "meetings" else None):
        if folder is not None and any((folder / name).is_file() for name in ORG_FILES):
            return [folder]
    raise BriefpackError(
        f"nothing to validate in {cwd}: it holds no org.yaml, so it is not an organisation "
        "folder. Run briefpack validate in one (the folder with org.yaml and meetings/), or "
        "name what to check: briefpack validate PATH ... (meeting files, organisation "
        "folders, playbook folders)")


def _in_meetings_folder(file: Path, top: Path) -> bool:
    """Whether ``file`` is in the ``meetings/`` folder (or below) of an organisation folder."""
    for folder in file.parents:
        if folder.name == "meetings" and any((folder.parent / n).is_file() for n in ORG_FILES):
            return True
        if folder == top:
            return False
    return False


def _looks_like_meeting(file: Path, peek: Peek) -> bool:
    """A mapping with type and title, or a file that cannot be read (its error is reported)."""
    data = peek(file)
    return data is BROKEN or is_meeting_data(data)


def _discover(folder: Path, peek: Peek) -> tuple[list[Path], list[Path], list[Problem]]:
    """The files to validate below ``folder`` and the playbook folders in it.

    Organisation files, every file in an organisation's meetings/ folder, and elsewhere the
    YAML files that are meetings (a mapping with type and title) or cannot be read (their
    error is reported); a folder holding vendor.yaml is a playbook, whose files are no meetings.
    Other YAML files (test expectations, configuration) are left alone.
    """
    if (folder / "vendor.yaml").is_file():
        return [], [folder], []
    files: list[Path] = []
    playbooks: list[Path] = []
    found = yaml_files(folder)
    for file in found:
        if (file.parent / "vendor.yaml").is_file():
            playbooks += [file.parent] if file.parent not in playbooks else []
        elif is_org_file(file, peek) or _in_meetings_folder(file, folder) or _looks_like_meeting(
                file, peek) or is_offer_data(peek(file)):
            files.append(file)
    problems = []
    if not found:
        problems.append(Problem(display_path(folder), 0, "", "no YAML files found in this folder"))
    elif not files and not playbooks:
        problems.append(Problem(display_path(folder), 0, "", (
            f"no organisation, meeting or playbook files found in this folder ({len(found)} "
            "other YAML files left alone); a meeting is a YAML mapping with type and title")))
    return files, playbooks, problems


def _gather(paths: list[Path]) -> tuple[list[Path], list[Path], list[Problem]]:
    """Files and playbook folders named by ``paths``, each once, and the paths that name none."""
    files: list[Path] = []
    playbooks: list[Path] = []
    problems: list[Problem] = []
    peek = Peek()
    for path in paths:
        if path.is_dir():
            found, folders, missing = _discover(path, peek)
            files += found
            playbooks += folders
            problems += missing
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(display_path(path), 0, "", "file not found"))
    return list(dict.fromkeys(files)), list(dict.fromkeys(playbooks)), problems


def _meeting_problems(file: Path) -> list[Problem]:
    """Every problem of a meeting and its organisation, with what brief and followup refuse:
    protected text in a field that reaches a shareable document."""
    def shareable(ctx: MeetingContext, org: OrgContext, loaded: LoadedMeeting) -> list[Problem]:
        return (shareable_field_problems(ctx, loaded.doc, org.loaded.doc, outcomes=True)
                + reaffirm_problems(ctx, loaded.doc))

    try:
        load_meeting_context(file, also=shareable)
    except ValidationFailed as exc:
        return exc.problems
    return []


@dataclass
class Validated:
    """What ``validate`` found in valid files: how many were checked, and the warnings."""

    count: int
    warnings: list[Problem]


def validate_paths(paths: list[Path], strict: bool = False) -> Validated:
    """Validate every organisation, meeting and playbook named or found; return how many files
    were checked and the warnings. No paths: the organisation folder the command is run in
    (:func:`default_paths`).

    Raises :class:`ValidationFailed` listing every problem in every file, with the warnings;
    with ``strict``, warnings alone raise it too.
    """
    files, playbooks, problems = _gather(paths or default_paths(Path.cwd()))
    found = Findings(problems)
    checked = 0
    peek = Peek()
    for folder in playbooks:
        try:
            found.errors.extend(check_playbook(load_playbook_folder(folder)))
        except ValidationFailed as exc:
            found.errors.extend(exc.problems)
        checked += len(list(folder.glob("*.yaml")))
    for file in files:
        found.add(_file_findings(file, peek))
        checked += 1
    if found.errors or (strict and found.warnings):
        raise ValidationFailed(found.errors, found.warnings)
    return Validated(checked, sorted(set(found.warnings), key=lambda p: (p.path, p.line, p.message)))


def _file_findings(file: Path, peek: Peek) -> Findings:
    """What is wrong in one organisation (with its folder's look and wording), offer or
    meeting file."""
    if is_org_file(file, peek):
        org, problems = org_context_problems(file)
        found = check_org_folder(org) if org is not None else Findings()
        found.errors[:0] = problems
        return found
    if is_offer_data(peek(file)):
        from briefpack.commands.offer import offer_problems

        return Findings(offer_problems(file))
    return Findings(_meeting_problems(file))
