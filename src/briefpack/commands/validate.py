"""``briefpack validate``: check organisation, meeting and playbook files, writing nothing.

With no paths it checks the organisation folder it is run in; a folder named is searched for
organisation files, the meetings of each organisation's meetings/ folder, other meeting files
and playbook folders, so that a playbook or a test's expectations are never read as meetings.

Besides the data, an organisation folder's look and wording are checked: its reference.docx
opens and has the styles the writer uses, and every template override parses, names nothing
undefined, and renders the meeting documents for a sample meeting of every type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

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
from briefpack.data.models import AccountMember, Meeting
from briefpack.errors import BriefpackError, Problem, ValidationFailed, display_path
from briefpack.guard.fields import shareable_field_problems
from briefpack.packs.agenda import agenda_view
from briefpack.packs.briefing import briefing_view
from briefpack.packs.card import card_view
from briefpack.packs.followup import (
    confirmation_request_view,
    followup_notes_view,
    reaffirm_problems,
)
from briefpack.packs.transition import AeChange, letter_view, transition_view
from briefpack.render.jinja import environment, render


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


def validate_paths(paths: list[Path]) -> int:
    """Validate every organisation, meeting and playbook named or found; return how many files
    were checked. No paths: the organisation folder the command is run in
    (:func:`default_paths`).

    Raises :class:`ValidationFailed` listing every problem in every file.
    """
    files, playbooks, problems = _gather(paths or default_paths(Path.cwd()))
    checked = 0
    peek = Peek()
    for folder in playbooks:
        try:
            problems.extend(check_playbook(load_playbook_folder(folder)))
        except ValidationFailed as exc:
            problems.extend(exc.problems)
        checked += len(list(folder.glob("*.yaml")))
    for file in files:
        if is_org_file(file, peek):
            org, org_problems = org_context_problems(file)
            problems += org_problems + (check_org_folder(org) if org is not None else [])
        elif is_offer_data(peek(file)):
            from briefpack.commands.offer import offer_problems

            problems += offer_problems(file)
        else:
            problems += _meeting_problems(file)
        checked += 1
    if problems:
        raise ValidationFailed(problems)
    return checked


# --------------------------------------------------------------------------- look and wording


TEMPLATE_NAMES = {"v", "internal"}  # what every document template is given


def check_reference(path: Path) -> list[Problem]:
    """The reference document opens and has every style the writer needs."""
    from briefpack.word.reference import REQUIRED_STYLES, load_reference, missing_styles

    try:
        document = load_reference(path)
    except BriefpackError as exc:
        return [Problem(display_path(path), 0, "", exc.message.split(": ", 1)[1])]
    missing = missing_styles(document)
    if not missing:
        return []
    return [Problem(display_path(path), 0, "", (
        f"missing {len(missing)} of the {len(REQUIRED_STYLES)} styles briefpack writes with: "
        f"{', '.join(missing)}. Documents still build (briefpack adds its own version of each), "
        "but those parts will not have your look; add the styles in Word (Styles pane) and save"))]


def _imported_names(ast: nodes.Template) -> set[str]:
    """Names a template binds with ``{% import %}`` or ``{% from ... import %}``: Jinja's
    ``find_undeclared_variables`` counts them as undefined inside the blocks of a template that
    extends another, where they are defined when it renders."""
    names = {node.target for node in ast.find_all(nodes.Import)}
    for node in ast.find_all(nodes.FromImport):
        names |= {name[1] if isinstance(name, tuple) else name for name in node.names}
    return names


def _line_of_name(source: str, name: str) -> int:
    match = re.search(r"\b" + re.escape(name) + r"\b", source)
    return source.count("\n", 0, match.start()) + 1 if match else 0


def check_templates(org: OrgContext) -> list[Problem]:
    """Every override parses, names nothing undefined, and the documents render with it."""
    folders = org.template_path
    if not folders:
        return []
    problems: list[Problem] = []
    env = environment(folders)
    for path in sorted(folders[0].rglob("*.j2")):
        source = path.read_text(encoding="utf-8")
        try:
            ast = env.parse(source, name=path.name, filename=str(path))
        except TemplateSyntaxError as exc:
            problems.append(Problem(display_path(path), exc.lineno, "",
                                    f"template syntax error: {exc.message}"))
            continue
        undeclared = meta.find_undeclared_variables(ast) - _imported_names(ast)
        for name in sorted(undeclared - TEMPLATE_NAMES - set(env.globals)):
            problems.append(Problem(display_path(path), _line_of_name(source, name), "", (
                f"'{name}' is not defined; a document template is given 'v' (its view model) "
                "and 'internal'")))
    if problems:
        return problems
    return _trial_render(org)


def _trial_render(org: OrgContext) -> list[Problem]:
    """Render every document with sample data (a meeting of each type with one outcome, and an
    AE change), to catch names and attributes that do not exist in an override."""
    for renders in _sample_renders(org):
        problems = _render_problems(org, renders)
        if problems:
            return problems  # the same override fails for every sample: say it once
    return []


def _sample_renders(org: OrgContext) -> Iterator[list[tuple[str, object, bool]]]:
    """(template, view, internal) of every document, for sample meetings and an AE change."""
    pb, today = org.playbook.playbook, date.today()
    for mtype in pb.meeting_types:
        meeting = Meeting(type=mtype.id, title=f"Sample {mtype.name}", date=today, time="10:00",
                          outcomes=[{"summary": "Sample outcome", "kind": "commitment"}])
        ctx = MeetingContext(pb, org.loaded.org, meeting, [], [], list(mtype.attendee_roles))
        shareable = agenda_view(ctx)
        yield [("briefing.md.j2", briefing_view(ctx), True), ("agenda.md.j2", shareable, False),
               ("invite.txt.j2", shareable, False), ("card.md.j2", card_view(ctx), True),
               ("confirmation-request.md.j2", confirmation_request_view(ctx), False),
               ("followup-notes.md.j2", followup_notes_view(ctx), True)]
    role = pb.transition.role
    change = AeChange(AccountMember(name="Sample outgoing AE", role=role, until=today),
                      AccountMember(name="Sample incoming AE", role=role, since=today), today)
    yield [("transition-pack.md.j2", transition_view(org, change), True),
           ("confirmation-letter.md.j2", letter_view(org, change, today), False)]


def _render_problems(org: OrgContext, renders: list[tuple[str, object, bool]]) -> list[Problem]:
    """Each template rendered with its view; a failure as a problem at its template line."""
    problems = []
    for template, view, internal in renders:
        try:
            render(template, {"v": view, "internal": internal}, org.template_path)
        except BriefpackError as exc:
            where, _, what = exc.message.partition(": ")
            file, _, line = where.rpartition(":")
            if line.isdigit():
                problems.append(Problem(file, int(line), "", what))
            else:
                problems.append(Problem(display_path(org.template_path[0]), 0, "", exc.message))
    return problems


def check_org_folder(org: OrgContext) -> list[Problem]:
    """Look and wording checks of an organisation folder."""
    problems = check_reference(org.reference) if org.reference else []
    problems += check_logo(org.logo) if org.logo else []
    return problems + check_templates(org)


def check_logo(path: Path) -> list[Problem]:
    """The logo is an image Word can show in the header."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        Image.from_file(str(path))
    except (UnrecognizedImageError, OSError, ValueError) as exc:
        return [Problem(display_path(path), 0, "", (
            f"not an image briefpack can put in the header ({type(exc).__name__}); save it "
            "as PNG or JPEG, or remove it"))]
    return []
