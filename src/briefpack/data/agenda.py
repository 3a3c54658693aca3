"""A meeting's agenda: its type's items as the meeting changes them, plus its own, and whether
they fit the time booked.

A meeting's ``agenda`` merges into its type's agenda by id, as an organisation's playbook
overlay merges into the playbook: an item with the ``id`` of one of the type's items changes
the fields it gives (``{id: account-review, minutes: 10}``), ``{id: ..., remove: true}`` drops
it, and any other item, with a ``title`` and ``minutes``, is added before the type's closing
item. Together they must fit the meeting's ``duration``, and at least one item must be ours
(principle 2).
"""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.data.ids import closest
from briefpack.data.load import LoadedMeeting
from briefpack.data.models import Meeting, MeetingAgendaItem
from briefpack.data.playbook import MeetingType
from briefpack.errors import Problem

CHANGEABLE = ("title", "minutes", "owner", "note", "commercial")


@dataclass
class AgendaEntry:
    """One item of a meeting's agenda as it will be held."""

    title: str
    minutes: int
    owner: str  # us | vendor | joint
    note: str = ""
    id: str = ""  # the type's item id, or the id the meeting gave its own item
    added: bool = False  # the meeting's own item, not one of its type's
    commercial: bool = False  # price, renewal or terms: not led with a CSM in the room
    index: int | None = None  # its place in the meeting's agenda, when the meeting gives it


def _type_ids(mtype: MeetingType) -> set[str]:
    return {item.id for item in mtype.agenda}


def _is_change(item: MeetingAgendaItem, ids: set[str]) -> bool:
    """Whether ``item`` changes or removes one of the type's items, rather than adding one."""
    return item.id is not None and item.id in ids


def _kept(mtype: MeetingType, meeting: Meeting, ids: set[str]) -> list[AgendaEntry]:
    """The type's items as the meeting changes them, without those it removes."""
    changes = {item.id: (i, item) for i, item in enumerate(meeting.agenda)
               if _is_change(item, ids)}
    kept: list[AgendaEntry] = []
    for base in mtype.agenda:
        index, change = changes.get(base.id, (None, None))
        if change is not None and change.remove:
            continue
        given = change.model_fields_set if change is not None else set()
        values = {f: getattr(change if f in given else base, f) for f in CHANGEABLE}
        kept.append(AgendaEntry(id=base.id, index=index, **values))
    return kept


def meeting_agenda(mtype: MeetingType, meeting: Meeting) -> list[AgendaEntry]:
    """The agenda as held: the type's items as the meeting changes them, without those it
    removes, and the meeting's own items before the type's closing item (at the end when the
    meeting removes that). Items that are not valid (reported by :func:`agenda_problems`)
    are left out."""
    ids = _type_ids(mtype)
    kept = _kept(mtype, meeting, ids)
    added = [AgendaEntry(item.title, item.minutes, item.owner, item.note, id=item.id or "",
                         added=True, index=i, commercial=item.commercial)
             for i, item in enumerate(meeting.agenda)
             if not _is_change(item, ids) and item.title and item.minutes and not item.remove]
    if len(mtype.agenda) > 1 and kept and kept[-1].id == mtype.agenda[-1].id:
        return kept[:-1] + added + kept[-1:]
    return kept + added


# --------------------------------------------------------------------------- checks


def _listing(mtype: MeetingType) -> str:
    return ", ".join(f"{item.id} ({item.minutes} min)" for item in mtype.agenda)


def _item_problems(loaded: LoadedMeeting, mtype: MeetingType) -> list[Problem]:
    """Each item of the meeting's agenda adds an item in full, or names one of the type's."""
    doc, ids = loaded.doc, _type_ids(mtype)
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in enumerate(loaded.meeting.agenda):
        given = item.model_fields_set - {"id"}
        if item.id is not None and item.id in seen:
            problems.append(doc.problem(("agenda", i, "id"), (
                f"agenda item '{item.id}' is given twice; give each item once")))
        seen.add(item.id or "")
        if _is_change(item, ids):
            if item.remove and given - {"remove"}:
                problems.append(doc.problem(("agenda", i), (
                    f"'{item.id}' is removed (remove: true), so its "
                    f"{' and '.join(sorted(given - {'remove'}))} cannot apply; give remove: true "
                    "alone, or leave remove out to change the item")))
            continue
        problems.extend(_added_item_problems(loaded, mtype, i, item))
    return problems


def _added_item_problems(loaded: LoadedMeeting, mtype: MeetingType, i: int,
                         item: MeetingAgendaItem) -> list[Problem]:
    """An item the meeting adds: title and minutes, and no ``remove``; an id that is not one of
    the type's is most likely a misspelt one (said when it comes close)."""
    doc = loaded.doc
    guess = closest(item.id, _type_ids(mtype)) if item.id else None
    if item.id is not None and not (item.title and item.minutes):
        hint = f"; did you mean '{guess}'?" if guess else ""
        return [doc.problem(("agenda", i, "id"), (
            f"the {mtype.id} agenda has no item '{item.id}'{hint} Its items: {_listing(mtype)}. "
            "To add an item of this meeting's own, give its title and minutes"))]
    if item.remove:
        return [doc.problem(("agenda", i, "remove"), (
            "remove: true needs the id of the type's item to drop; the "
            f"{mtype.id} agenda's items: {_listing(mtype)}"))]
    problems = []
    for name in ("title", "minutes"):
        if not getattr(item, name):
            problems.append(doc.problem(("agenda", i, name), (
                "required field is missing: an item this meeting adds needs a title and "
                f"minutes; to change one of the type's items instead, give its id "
                f"({_listing(mtype)})")))
    return problems


def _fit_problem(loaded: LoadedMeeting, mtype: MeetingType,
                 entries: list[AgendaEntry]) -> Problem | None:
    """The agenda takes no more than the meeting's ``duration``; if it does, by how much, and
    the items to shorten or drop, with their minutes."""
    duration = loaded.meeting.duration
    total = sum(e.minutes for e in entries)
    if duration is None or total <= duration:
        return None
    theirs = [e for e in entries if not e.added]
    ours = [e for e in entries if e.added]
    parts = []
    if theirs:
        parts.append(f"the {mtype.id} type's items (by id): "
                     + ", ".join(f"{e.id} {e.minutes}" for e in theirs))
    if ours:
        parts.append("this meeting's own: " + ", ".join(
            f"agenda[{e.index}] '{e.title}' {e.minutes}" for e in ours))
    how = ""
    if theirs:
        example = max(theirs, key=lambda e: (e.owner != "us", e.minutes))
        how = (f" Shorten one of the type's items with {{id: {example.id}, minutes: "
               f"{max(example.minutes // 2, 1)}}} under agenda, or drop it with "
               f"{{id: {example.id}, remove: true}};")
    return loaded.doc.problem(("duration",), (
        f"the agenda takes {total} minutes, {total - duration} more than the {duration} booked: "
        f"shorten or drop items to fit. Minutes now: {'; '.join(parts)}."
        + (f"{how} or book more time" if how else " Or book more time")))


def agenda_problems(loaded: LoadedMeeting, mtype: MeetingType) -> list[Problem]:
    """The meeting's agenda items are valid changes or additions, the agenda fits the
    meeting's duration, and at least one item is ours."""
    problems = _item_problems(loaded, mtype)
    entries = meeting_agenda(mtype, loaded.meeting)
    fit = _fit_problem(loaded, mtype, entries)
    if fit is not None:
        problems.append(fit)
    if entries and not any(e.owner == "us" for e in entries):
        problems.append(loaded.doc.problem(("agenda",), (
            "no agenda item is ours once the meeting's changes are made: keep or add at least "
            "one item with owner us, which serves our information needs (principle 2)")))
    return problems
