"""``briefpack calendar``: the renewal milestones of an organisation, listed as text or written
as an internal ``.ics`` under ``OUT/<organisation>/``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from briefpack.data.context import load_org_context
from briefpack.data.discover import ORG_FILES
from briefpack.errors import BriefpackError
from briefpack.packs.calendar import CalendarView, calendar_bytes, calendar_text, calendar_view
from briefpack.word.output import organisation_folder, output_name, write_files


def organisation_here(cwd: Path) -> Path:
    """The organisation folder a command without ORG works on: the current folder, or the one
    above when run in its ``meetings/``."""
    for folder in (cwd, cwd.parent if cwd.name == "meetings" else None):
        if folder is not None and any((folder / name).is_file() for name in ORG_FILES):
            return folder
    raise BriefpackError(
        f"no organisation in {cwd}: it holds no org.yaml. Run briefpack calendar in an "
        "organisation folder, or name one: briefpack calendar examples/contoso")


def plan_calendar(org_path: Path | None, as_of: date | None = None, start: date | None = None,
                  end: date | None = None) -> CalendarView:
    """The organisation's calendar (validated first): from ``start`` (default: ``as_of``,
    itself default today) to ``end`` (default: the last renewal or deadline ahead)."""
    org = load_org_context(Path(org_path) if org_path else organisation_here(Path.cwd()))
    as_of = as_of or date.today()
    view = calendar_view(org.loaded.org, org.playbook.playbook, as_of, start, end)
    if view.start > view.end:
        raise BriefpackError(f"the calendar would start ({view.start.isoformat()}) after it "
                             f"ends ({view.end.isoformat()}): give --from before --to")
    return view


def calendar(org_path: Path | None, as_of: date | None = None, start: date | None = None,
             end: date | None = None, fmt: str = "text", out_dir: Path = Path("output"),
             force: bool = False) -> tuple[str, list[Path]]:
    """The calendar as text (``fmt`` text: nothing written), or written as
    ``OUT/<organisation>/<as-of>-<organisation>-calendar.ics`` (``fmt`` ics): (text, paths)."""
    view = plan_calendar(org_path, as_of, start, end)
    if fmt == "text":
        return calendar_text(view), []
    folder = organisation_folder(out_dir, view.org_name)
    path = folder / output_name(view.as_of, view.org_name, "calendar", "ics")
    return "", write_files({path: calendar_bytes(view)}, force, organisation=view.org_name)
