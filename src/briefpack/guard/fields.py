"""What a user typed into a field that reaches a document meant for the vendor.

A shareable document is made from a view that never receives a protected fact; but a meeting's
title, location, agenda items, attendees' titles and outcomes are printed as they were typed.
Each of them is read here the way ``briefpack check`` reads a draft, against the organisation's
protected and strategic facts (their text, figures, dates and competitor names) for the roles
in the room: a match is a problem at the field's file and line, naming the fact and the
documents the text would reach.

One difference from ``check``: a figure the vendor itself signed or said (in the agreement's
terms or a commitment's summary, such as the current discount) is not a finding here, since a
follow-up must be able to quote what the vendor promised.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefpack.data.context import MeetingContext
from briefpack.data.protection import protected_categories
from briefpack.data.yamlfile import YamlDoc
from briefpack.errors import Problem
from briefpack.guard.check import check_text
from briefpack.guard.figures import Figure, find_figures, matches
from briefpack.guard.rules import build_rules

AGENDA = "the agenda and the calendar invite"
REQUEST = "the confirmation request"
_Field = tuple[YamlDoc, tuple, str, str]  # file, place in it, text, documents it reaches


def shareable_field_problems(ctx: MeetingContext, meeting: YamlDoc, org: YamlDoc,
                             outcomes: bool = False) -> list[Problem]:
    """Problems with the fields of a meeting (and its organisation's roster) that reach a
    shareable document: the agenda and invite, and with ``outcomes`` the confirmation request
    made from the meeting's outcomes."""
    fields = list(_meeting_fields(ctx, meeting, outcomes)) + list(_roster_fields(ctx, org))
    lines = [(str(i), text) for i, (_, _, text, _) in enumerate(fields)]
    # figures of what the vendor signed or said (the agreement's terms, the commitments)
    signed = build_rules(ctx.org, ctx.playbook, ctx.roles, facts_only=True).signed
    found: dict[tuple[int, str], tuple[str, str]] = {}  # (field, fact) -> (quoted, category)
    for finding in check_text(lines, ctx.org, ctx.playbook, ctx.roles, facts_only=True):
        if finding.kind == "fact" and not _only_signed(finding.matched, signed):
            found[(int(finding.line), finding.fact_id)] = (
                finding.message.split(": ", 1)[0], finding.category)
    protected = protected_categories(ctx.playbook, ctx.roles)
    facts = [(fact, _plain(fact.text)) for fact in ctx.org.facts if fact.category in protected]
    for index, (_, _, text, _) in enumerate(fields):  # a fact's whole text, however short
        plain = _plain(text)
        for fact, fact_plain in facts:
            if fact_plain in plain:
                found.setdefault((index, fact.id), (f'"{fact.text}"', fact.category))
    problems = []
    for (index, fact_id), (quoted, category) in sorted(found.items()):
        doc, loc, _, reaches = fields[index]
        problems.append(doc.problem(loc, (
            f"{quoted} gives away the protected fact '{fact_id}' (category '{category}'), "
            f"and this text goes into {reaches}. Reword it so that it does not say what the "
            "fact says")))
    return problems


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _only_signed(matched: str, signed: list[Figure]) -> bool:
    """Whether every part of a finding's match is a figure the vendor signed or said."""
    for part in matched.split("; "):
        figures = find_figures(part)
        whole = len(figures) == 1 and (figures[0].start, figures[0].end) == (0, len(part))
        if not (whole and any(matches(figures[0], s, loose=True) for s in signed)):
            return False  # words of the fact, or a figure the vendor has not seen
    return True


def _meeting_fields(ctx: MeetingContext, doc: YamlDoc, outcomes: bool) -> Iterator[_Field]:
    meeting = ctx.meeting
    title_reaches = f"{AGENDA}, its file names" + (f" and {REQUEST}" if outcomes else "")
    yield doc, ("title",), meeting.title, title_reaches
    if meeting.location:
        yield doc, ("location",), meeting.location, AGENDA
    for i, item in enumerate(meeting.agenda):
        if item.title:  # an item that only shortens or removes one of the type's has none
            yield doc, ("agenda", i, "title"), item.title, AGENDA
    for side in ("vendor", "ours"):
        for i, person in enumerate(getattr(meeting.attendees, side)):
            if person.title:
                yield doc, ("attendees", side, i, "title"), person.title, AGENDA
    if outcomes:
        for i, outcome in enumerate(meeting.outcomes):
            yield doc, ("outcomes", i, "summary"), outcome.summary, REQUEST


def _roster_fields(ctx: MeetingContext, doc: YamlDoc) -> Iterator[_Field]:
    """Titles on the rosters of the people in the room, which the agenda prints."""
    present = {p.name.casefold() for p in ctx.vendor + ctx.ours}
    for side, team in (("account_team", ctx.org.account_team), ("our_team", ctx.org.our_team)):
        for i, member in enumerate(team):
            if member.title and member.name.casefold() in present:
                yield doc, (side, i, "title"), member.title, AGENDA
