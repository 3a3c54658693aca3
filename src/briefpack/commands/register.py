"""``briefpack register``: the commitments register listed (text, JSON or a workbook), and the
organisation's records exported to a workbook and imported back into org.yaml.

``register`` lists; ``register export`` writes commitments, advice, issues and facts to one
workbook to edit in Excel; ``register import`` reads it back, reports every changed cell and
writes org.yaml only when every cell is valid (through :mod:`briefpack.data.yamledit`, which
keeps comments and layout). Workbooks are written like every output: under
``OUT/<organisation>/``, never over a file the user changed.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from briefpack.data.context import OrgContext, load_org_context, org_text_problems
from briefpack.data.discover import ORG_FILES
from briefpack.data.yamledit import YamlEdit
from briefpack.errors import BriefpackError, ValidationFailed, display_path
from briefpack.packs.common import long_date, marking_for
from briefpack.packs.register import STATUSES, UnknownName, days, register_view
from briefpack.sheets.apply import apply_plan
from briefpack.sheets.columns import BOOL, DATE, NUMBER, TEXT, Column, record_sheets
from briefpack.sheets.merge import plan_import
from briefpack.sheets.read import WorkbookUnreadable, read_book
from briefpack.word.output import organisation_folder, output_name, write_files

# briefpack.sheets.workbook (openpyxl, slow to import) is imported only to write a workbook

__all__ = ["STATUSES", "UnknownName", "WorkbookUnreadable", "export_records", "import_records",
           "register", "register_json", "register_text"]

WIDTH = 100


def org_here(cwd: Path) -> Path:
    """The organisation folder a command without ORG works on: the current folder, or the one
    above when run in its ``meetings/``."""
    for folder in (cwd, cwd.parent if cwd.name == "meetings" else None):
        if folder is not None and any((folder / name).is_file() for name in ORG_FILES):
            return folder
    raise BriefpackError(f"no organisation in {cwd}: it holds no org.yaml. Run the command in "
                         "an organisation folder, or name one: briefpack register ORG")


def _org(path: Path | None) -> OrgContext:
    return load_org_context(Path(path) if path is not None else org_here(Path.cwd()))


# --------------------------------------------------------------------------- the listing


def register(org_path: Path | None, statuses: tuple[str, ...] = (), overdue: bool = False,
             by: str | None = None, as_of: date | None = None, fmt: str = "text",
             out_dir: Path = Path("output"), force: bool = False) -> tuple[str, list[Path]]:
    """The register as ``fmt`` (text or json: returned; xlsx: written under
    ``out_dir/<organisation>/``): (the text, the paths written)."""
    org = _org(org_path)
    view = register_view(org, as_of or date.today(), statuses, overdue, by)
    if fmt == "json":
        return register_json(view), []
    if fmt == "text":
        return register_text(view), []
    from briefpack.sheets.workbook import workbook_bytes

    path = organisation_folder(out_dir, view.org_name) / output_name(
        view.as_of, view.org_name, "register", "xlsx")
    data = workbook_bytes(_listing_tables(view), view.marking,
                          f"{view.org_name}: commitments register, {long_date(view.as_of)}")
    return "", write_files({path: data}, force, organisation=view.org_name)


def _filters(view) -> str:
    parts = [f"status {' or '.join(view.statuses)}" if view.statuses else "",
             "overdue" if view.overdue_only else "", f"made by {view.by}" if view.by else ""]
    return ", ".join(p for p in parts if p)


def register_text(view) -> str:
    """The register for a terminal: marking first, a block per commitment, the chase list."""
    shown = f"{len(view.rows)} of {view.total}" if _filters(view) else str(view.total)
    lines = [view.marking, "",
             f"Commitments register of {view.org_name} as of {long_date(view.as_of)}: {shown} "
             f"commitment{'s' if view.total != 1 else ''}"
             + (f" ({_filters(view)})" if _filters(view) else ""), ""]
    for row in view.rows:
        lines += _row_lines(row)
    if not view.rows:
        lines.append("None.")
    lines += ["", "Chase first (verbal: get these in writing, in this order):"]
    lines += [f"  {c.rank}. {c.id}  {c.reason}" for c in view.chase] or ["  Nothing verbal."]
    return "\n".join(lines)


def _row_lines(row) -> list[str]:
    """A commitment's lines: id, status, who and when; due and value; summary; next action."""
    facts = [f"due {row.due.isoformat()}" + (f", OVERDUE by {days(row.days_overdue)}"
                                              if row.overdue else "")] if row.due else []
    facts += [f"worth {row.value:,}"] if row.value is not None else []
    indent = " " * 6
    wrap = textwrap.TextWrapper(WIDTH, initial_indent=indent, subsequent_indent=indent)
    action = "none" if row.next_action == "None" else row.next_action
    head = (f"{row.id:<5} {row.status:<10}made by {row.made_by} on {row.date.isoformat()}, "
            f"{days(row.age_days)} ago")
    return ([head]
            + ([indent + "; ".join(facts)] if facts else [])
            + wrap.wrap(row.summary) + wrap.wrap(f"Next: {action}."))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def register_json(view) -> str:
    """The register as JSON, keys as README.md documents them."""
    rows = [{"id": r.id, "date": _iso(r.date), "made_by": r.made_by, "summary": r.summary,
             "status": r.status, "evidence": r.evidence, "due": _iso(r.due), "value": r.value,
             "age_days": r.age_days, "overdue": r.overdue, "days_overdue": r.days_overdue,
             "maker_until": _iso(r.maker_until), "maker_left": r.maker_left,
             "next_action": r.next_action} for r in view.rows]
    meeting = view.next_meeting
    return json.dumps({
        "organisation": view.org_name, "marking": view.marking, "as_of": _iso(view.as_of),
        "filters": {"status": view.statuses, "overdue": view.overdue_only, "by": view.by},
        "total": view.total, "commitments": rows,
        "chase": [{"rank": c.rank, "id": c.id, "made_by": c.made_by, "reason": c.reason}
                  for c in view.chase],
        "next_meeting": {"date": _iso(meeting.date), "title": meeting.title,
                         "file": display_path(meeting.file)} if meeting else None,
    }, indent=2, ensure_ascii=False)


def _col(label: str, kind: str = TEXT) -> Column:
    return Column(label.lower(), label.lower(), label, kind)


def _listing_tables(view) -> list:
    """The listing's sheets: the register, and the chase list."""
    from briefpack.sheets.workbook import Table

    columns = [_col("ID"), _col("Date", DATE), _col("Made by"), _col("Summary"),
               _col("Status"), _col("Evidence"), _col("Due", DATE), _col("Value", NUMBER),
               _col("Age (days)", NUMBER), _col("Overdue", BOOL),
               _col("Maker leaves", DATE), _col("Next action")]
    rows = [[r.id, r.date, r.made_by, r.summary, r.status, r.evidence or None, r.due, r.value,
             r.age_days, r.overdue, r.maker_until, r.next_action] for r in view.rows]
    chase = [[c.rank, c.id, c.made_by, c.reason] for c in view.chase]
    return [Table("Register", columns, rows),
            Table("Chase", [_col("Order", NUMBER), _col("ID"), _col("Made by"), _col("Why")],
                  chase)]


# --------------------------------------------------------------------------- export, import


def export_records(org_path: Path | None, out_dir: Path = Path("output"), force: bool = False,
                   today: date | None = None) -> list[Path]:
    """Write the commitments, advice, issues and facts to one workbook under
    ``out_dir/<organisation>/``; return the path written."""
    from briefpack.sheets.workbook import records_table, workbook_bytes

    org = _org(org_path)
    roster, pb = org.loaded.org, org.playbook.playbook
    specs = record_sheets([c.id for c in pb.categories])
    tables = [records_table(spec, getattr(roster, spec.section)) for spec in specs]
    marking = marking_for(roster, pb.vendor.name)
    day = today or date.today()
    data = workbook_bytes(tables, marking, f"{roster.name}: records for briefpack",
                          snapshot=(roster.name, tables))
    path = organisation_folder(out_dir, roster.name) / output_name(
        day, roster.name, "register-export", "xlsx")
    return write_files({path: data}, force, organisation=roster.name)


@dataclass
class ImportReport:
    """What an import found: the changes (one line each), warnings, and whether org.yaml was
    written."""

    org_file: Path
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed: int = 0  # cells changed
    added: int = 0  # new entries
    written: bool = False

    def summary(self) -> str:
        """``2 cells changed, 1 new entry``."""
        return (f"{self.changed} cell{'s' if self.changed != 1 else ''} changed, {self.added} "
                f"new entr{'ies' if self.added != 1 else 'y'}")


def import_records(workbook: Path, org_path: Path | None = None, dry_run: bool = False
                   ) -> ImportReport:
    """Read the edited ``workbook`` back into the organisation's org.yaml: every cell checked,
    nothing written unless all are valid (nor with ``dry_run``)."""
    org = _org(org_path)
    specs = record_sheets([c.id for c in org.playbook.playbook.categories])
    book = read_book(Path(workbook), specs)
    roster = org.loaded.org
    if book.organisation and book.organisation != roster.name:
        raise BriefpackError(f"{display_path(workbook)} was exported for {book.organisation}, "
                             f"not {roster.name}; import it into that organisation")
    plan = plan_import(book, roster)
    if plan.problems:
        raise ValidationFailed(plan.problems)
    edit = YamlEdit(org.loaded.doc.path)
    apply_plan(edit, plan)
    edit.check(org_text_problems)
    report = ImportReport(edit.path, [str(c) for c in plan.changes + plan.additions],
                          book.warnings, len(plan.changes), len(plan.additions))
    report.written = not dry_run and edit.save()
    return report
