"""``briefpack init``: a new organisation folder that works before anyone edits it."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from string import Template

from briefpack.data.schema import schema_text
from briefpack.errors import BriefpackError, display_path
from briefpack.resources import templates_dir
from briefpack.word.output import write_files

DOCUMENTS = {
    "briefing.md.j2": "internal briefing pack",
    "agenda.md.j2": "shareable agenda",
    "card.md.j2": "internal one-page card, to hold in the room",
    "transition-pack.md.j2": "internal AE-transition pack",
    "confirmation-letter.md.j2": "shareable confirmation letter (AE transition)",
    "confirmation-request.md.j2": "shareable confirmation request (after a meeting)",
    "followup-notes.md.j2": "internal follow-up notes",
    "invite.txt.j2": "shareable calendar invite's description, plain text (--format ics)",
    "email-agenda.md.j2": "the agenda's e-mail draft: its body (--format eml)",
    "email-confirmation-letter.md.j2": "the confirmation letter's e-mail draft (--format eml)",
    "email-confirmation-request.md.j2": "the confirmation request's e-mail draft "
                                        "(--format eml)",
}


def block_names(template: Path) -> list[str]:
    """The ``{% block %}`` names of a built-in template, in order."""
    return re.findall(r"{%-?\s*block\s+(\w+)", template.read_text(encoding="utf-8"))


def templates_readme() -> str:
    """templates/README.md of a new organisation folder: what can be overridden, and how."""
    lines = [
        "# Template overrides",
        "",
        "Templates here come before briefpack's built-in ones. A file named like a built-in",
        "template replaces it; to change one part only, extend the built-in template and",
        "replace one block, calling `{{ super() }}` to keep the built-in text:",
        "",
        "```jinja",
        '{% extends "default:briefing.md.j2" %}',
        "{% block questions %}",
        "{{ super() }}",
        "1. Our own standing question for every meeting",
        "{% endblock %}",
        "```",
        "",
        "Templates write Markdown. Values printed with `{{ }}` are escaped, so text from your",
        "data always prints literally. Templates run sandboxed; a name that does not exist is",
        "an error with the template's file and line. Check overrides with `briefpack validate .`",
        "",
        "## Blocks of each document",
        "",
    ]
    for name, what in DOCUMENTS.items():
        path = templates_dir() / name
        lines.append(f"- `{name}` ({what}): " + ", ".join(f"`{b}`" for b in block_names(path)))
    partials = sorted(p.name for p in (templates_dir() / "partials").glob("*.j2"))
    lines += ["", "Partials (replace with a file of the same name in `partials/`): "
              + ", ".join(f"`{p}`" for p in partials), ""]
    return "\n".join(lines)


def init(folder: Path, name: str | None = None, today: date | None = None) -> list[Path]:
    """Write a new organisation folder; refuse if any of its files already exists."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BriefpackError(f"{display_path(folder)} is a file; expected a folder to create")
    today = today or date.today()
    name = " ".join((name or "Example Organisation").split())
    if not name:
        raise BriefpackError("--name is empty; give your organisation's name")
    values = {
        "name": name, "name_yaml": json.dumps(name, ensure_ascii=False),
        "meeting_date": (today + timedelta(days=14)).isoformat(),
        "renewal_date": (today + timedelta(days=365)).isoformat(),
        "ae_since": (today - timedelta(days=400)).isoformat(),
    }
    scaffold = templates_dir() / "scaffold"
    files: dict[Path, bytes] = {
        folder / "org.yaml": _fill(scaffold / "org.yaml", values),
        folder / "meetings" / "first-meeting.yaml": _fill(scaffold / "meetings" / "first-meeting.yaml", values),
        folder / "templates" / "README.md": templates_readme().encode("utf-8"),
        folder / "schemas" / "org.schema.json": schema_text("org").encode("utf-8"),
        folder / "schemas" / "meeting.schema.json": schema_text("meeting").encode("utf-8"),
    }
    files[folder / "reference.docx"] = (templates_dir() / "reference.docx").read_bytes()
    existing = [p for p in files if p.exists()]
    if existing:
        raise BriefpackError(
            f"{display_path(folder)} already has {', '.join(display_path(p) for p in existing)}; "
            "init never overwrites files. Choose a new folder, or move those files away first.")
    return write_files(files)


def _fill(path: Path, values: dict[str, str]) -> bytes:
    return Template(path.read_text(encoding="utf-8")).substitute(values).encode("utf-8")
