"""``briefpack validate``'s checks of an organisation folder's look and wording.

Its reference.docx opens and has the styles the writer uses, under Word's or LibreOffice's
names; its logo is an image; every template override parses, names nothing undefined, renders
every document for a sample meeting of every type, and is used. What stops a document from
being written is an error; what only costs the organisation its own look or wording (a style
the reference lacks, for which briefpack's own is used; an override no document uses) is a
warning.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from briefpack.data.context import MeetingContext, OrgContext
from briefpack.data.models import AccountMember, Meeting
from briefpack.errors import BriefpackError, Problem, display_path
from briefpack.packs.agenda import agenda_view
from briefpack.packs.briefing import briefing_view
from briefpack.packs.card import card_view
from briefpack.packs.followup import confirmation_request_view, followup_notes_view
from briefpack.packs.maildraft import MailView, agenda_mail, letter_mail, request_mail
from briefpack.packs.transition import AeChange, letter_view, transition_view
from briefpack.render.jinja import environment, render
from briefpack.resources import templates_dir

TEMPLATE_NAMES = {"v", "internal"}  # what every document template is given


@dataclass
class Findings:
    """What the look and wording checks found: errors, and warnings (exit 0 without
    ``--strict``)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, other: Findings) -> None:
        """Take ``other``'s findings too."""
        self.errors += other.errors
        self.warnings += other.warnings


def check_org_folder(org: OrgContext) -> Findings:
    """Look and wording checks of an organisation folder."""
    found = check_reference(org.reference) if org.reference else Findings()
    found.errors += check_logo(org.logo) if org.logo else []
    found.add(check_templates(org))
    return found


def check_reference(path: Path) -> Findings:
    """The reference document opens (else an error) and has every style the writer needs,
    under Word's or LibreOffice's name (else a warning: briefpack uses its own)."""
    from briefpack.word.reference import REQUIRED_STYLES, load_reference, missing_styles

    try:
        document = load_reference(path)
    except BriefpackError as exc:
        return Findings(errors=[Problem(display_path(path), 0, "", exc.message.split(": ", 1)[1])])
    missing = missing_styles(document)
    if not missing:
        return Findings()
    return Findings(warnings=[Problem(display_path(path), 0, "", (
        f"lacks {len(missing)} of the {len(REQUIRED_STYLES)} styles briefpack writes with: "
        f"{', '.join(missing)}. Documents still build, with briefpack's own version of each, "
        "so those parts do not have your look; to give them yours, add the styles (Word: the "
        "Styles pane; LibreOffice Writer: Styles > Manage Styles, F11) and save as .docx"))])


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


# --------------------------------------------------------------------------- templates


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


def check_templates(org: OrgContext) -> Findings:
    """Every override parses, names nothing undefined and is used (else a warning), and the
    documents render with it."""
    folders = org.template_path
    if not folders:
        return Findings()
    problems: list[Problem] = []
    parsed: dict[str, nodes.Template] = {}
    env = environment(folders)
    for path in sorted(folders[0].rglob("*.j2")):
        source = path.read_text(encoding="utf-8")
        try:
            ast = env.parse(source, name=path.name, filename=str(path))
        except TemplateSyntaxError as exc:
            problems.append(Problem(display_path(path), exc.lineno, "",
                                    f"template syntax error: {exc.message}"))
            continue
        parsed[path.relative_to(folders[0]).as_posix()] = ast
        undeclared = meta.find_undeclared_variables(ast) - _imported_names(ast)
        for name in sorted(undeclared - TEMPLATE_NAMES - set(env.globals)):
            problems.append(Problem(display_path(path), _line_of_name(source, name), "", (
                f"'{name}' is not defined; a document template is given 'v' (its view model) "
                "and 'internal'")))
    warnings = unused_overrides(folders[0], parsed)
    return Findings(problems or _trial_render(org), warnings)


def unused_overrides(folder: Path, parsed: dict[str, nodes.Template]) -> list[Problem]:
    """Overrides (name -> parsed template) that no document uses: named like no built-in
    template and included, imported or extended by no other override. None when an override
    names a template by a variable (which one cannot be told)."""
    builtin = sorted(p.relative_to(templates_dir()).as_posix()
                     for p in templates_dir().rglob("*.j2"))
    referenced: set[str] = set()
    for ast in parsed.values():
        for name in meta.find_referenced_templates(ast):
            if name is None:
                return []
            referenced.add(name)
    warnings = []
    for name in sorted(set(parsed) - set(builtin) - referenced):
        close = difflib.get_close_matches(name, builtin, n=1)
        meant = f"; did you mean {close[0]}?" if close else (
            "; a file replaces the built-in template of the same name (the list is in "
            "templates/README.md of a folder made by `briefpack init`)")
        warnings.append(Problem(display_path(folder / name), 0, "", (
            f"no document uses this template: it has the name of no built-in template and no "
            f"other template includes it{meant}")))
    return warnings


def _trial_render(org: OrgContext) -> list[Problem]:
    """Render every document with sample data (a meeting of each type with one outcome, and an
    AE change), to catch names and attributes that do not exist in an override."""
    for renders in _sample_renders(org):
        problems = _render_problems(org, renders)
        if problems:
            return problems  # the same override fails for every sample: say it once
    return []


def _sample_renders(org: OrgContext) -> Iterator[list[tuple[str, object, bool]]]:
    """(template, view, internal) of every document and e-mail draft, for sample meetings
    and an AE change."""
    pb, today, roster = org.playbook.playbook, date.today(), org.loaded.org
    for mtype in pb.meeting_types:
        meeting = Meeting(type=mtype.id, title=f"Sample {mtype.name}", date=today, time="10:00",
                          outcomes=[{"summary": "Sample outcome", "kind": "commitment"}])
        ctx = MeetingContext(pb, roster, meeting, [], [], list(mtype.attendee_roles))
        shareable, request = agenda_view(ctx), confirmation_request_view(ctx)
        yield [("briefing.md.j2", briefing_view(ctx), True), ("agenda.md.j2", shareable, False),
               ("invite.txt.j2", shareable, False), ("card.md.j2", card_view(ctx), True),
               ("confirmation-request.md.j2", request, False),
               ("followup-notes.md.j2", followup_notes_view(ctx), True),
               *_mail_render(agenda_mail(roster, shareable), request_mail(roster, request))]
    role = pb.transition.role
    change = AeChange(AccountMember(name="Sample outgoing AE", role=role, until=today),
                      AccountMember(name="Sample incoming AE", role=role, since=today), today)
    letter = letter_view(org, change, today)
    yield [("transition-pack.md.j2", transition_view(org, change), True),
           ("confirmation-letter.md.j2", letter, False), *_mail_render(letter_mail(roster, letter))]


def _mail_render(*views: MailView) -> list[tuple[str, object, bool]]:
    """The e-mail drafts' bodies, rendered as shareable documents."""
    return [(view.template, view, False) for view in views]


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
