"""What the organisation's records say that a meeting's briefing should show, most relevant
first: commitments, open issues, unverified advice, the people on the account team, and what a
meeting type adds (the terms to re-establish, commitments at risk, the documented history, who
holds which authority, what was tried at the level below, the counter-proposal).

Nothing the user wrote is hidden: what this meeting's objectives, agenda, ask or notes cite by
id (``C-05``, ``I-01``) comes first, the rest follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from briefpack.data.context import MeetingContext
from briefpack.data.models import AccountMember, Commitment, CounterPoint, OpenIssue
from briefpack.data.provenance import with_note
from briefpack.packs.common import OPEN_COMMITMENT, long_date, short_title

OPEN_ISSUE = ("open", "in-progress")
_STATUS_ORDER = {"broken": 0, "verbal": 1, "written": 2, "honoured": 3, "withdrawn": 4}
_IMPACT_ORDER = {"high": 0, "medium": 1, "low": 2}


def meeting_text(ctx: MeetingContext) -> str:
    """Everything the meeting file says in words: objectives, agenda, ask and notes."""
    meeting = ctx.meeting
    parts = [*meeting.objectives, meeting.ask, meeting.notes]
    parts += [f"{item.title} {item.note}" for item in meeting.agenda]
    return "\n".join(parts)


def names_record(text: str, record_id: str) -> bool:
    """Whether ``text`` names the record ``record_id`` (``C-05``, not ``C-050``)."""
    return re.search(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])", text) is not None


_WORD = re.compile(r"[\w-]+")


def cited_ids(ctx: MeetingContext) -> list[str]:
    """Ids of the organisation's commitments, issues and advice that the meeting names.

    An id of letters, digits, ``_`` and ``-`` is named where it is a whole run of such
    characters in the text (what :func:`names_record` finds): the text's runs are read once,
    not searched once per record (2,000 patterns for an organisation of 2,000 records)."""
    text = meeting_text(ctx)
    org = ctx.org
    ids = [c.id for c in org.commitments] + [i.id for i in org.issues] + [a.id for a in org.advice]
    words = set(_WORD.findall(text))
    return [i for i in dict.fromkeys(ids)
            if (i in words if _WORD.fullmatch(i) else names_record(text, i))]


@dataclass
class CommitmentRow:
    """A commitment as the briefing's tables show it."""

    id: str
    date: str
    made_by: str
    summary: str
    status: str
    evidence: str
    due: str
    cited: bool


@dataclass
class IssueRow:
    """An open issue."""

    id: str
    summary: str
    status: str
    opened: str
    owner: str
    cited: bool


@dataclass
class AdviceRow:
    """Advice not yet verified independently (principle 4)."""

    id: str
    date: str
    from_: str
    summary: str
    impact: str
    cited: bool


@dataclass
class PersonView:
    """Someone on the vendor's account team who is not in the room."""

    name: str
    role_title: str
    on_account: str  # "since 1 October 2026", "left 30 September 2026", ""
    notes: str


@dataclass
class AuthorityRow:
    """Who in the room can decide what."""

    name: str
    role_title: str
    authority: str
    discount_authority: str


@dataclass
class TriedRow:
    """Something already tried below this meeting's level, and where it stands."""

    id: str
    when: str
    who: str
    what: str
    outcome: str


def _commitment_row(c: Commitment, cited: list[str]) -> CommitmentRow:
    """A commitment's row; its due date only when the summary does not already say it."""
    due = c.due.isoformat() if c.due else ""
    return CommitmentRow(c.id, c.date.isoformat(), c.made_by, c.summary, c.status, c.evidence,
                         "" if due in c.summary else due, c.id in cited)


def open_commitments(ctx: MeetingContext, cited: list[str]) -> list[CommitmentRow]:
    """Open and broken commitments, and any the meeting names (an honoured one it reviews):
    those the meeting names first, then broken, verbal, written."""
    rows = [_commitment_row(c, cited) for c in ctx.org.commitments
            if c.status in (*OPEN_COMMITMENT, "broken") or c.id in cited]
    return sorted(rows, key=lambda r: (not r.cited, _STATUS_ORDER[r.status]))


def open_issues(ctx: MeetingContext, cited: list[str]) -> list[IssueRow]:
    """Issues still open or in progress, those the meeting cites first."""
    rows = [IssueRow(i.id, i.summary, i.status, i.opened.isoformat() if i.opened else "",
                     i.owner, i.id in cited)
            for i in ctx.org.issues if i.status in OPEN_ISSUE]
    return sorted(rows, key=lambda r: not r.cited)


def unverified_advice(ctx: MeetingContext, cited: list[str]) -> list[AdviceRow]:
    """Every piece of advice not yet verified: what the meeting cites first, then by impact."""
    rows = [AdviceRow(a.id, a.date.isoformat(), a.from_, a.summary, a.impact, a.id in cited)
            for a in ctx.org.advice if not a.verified]
    return sorted(rows, key=lambda r: (not r.cited, _IMPACT_ORDER[r.impact]))


def _on_account(member: AccountMember, day: date) -> str:
    if member.until and member.until <= day:
        return f"left {long_date(member.until)}"
    if member.until:
        return f"leaves {long_date(member.until)}"
    return f"since {long_date(member.since)}" if member.since else ""


def _named_in_records(ctx: MeetingContext) -> set[str]:
    """Names (lower case) of the people who made a commitment or gave advice still open."""
    org = ctx.org
    names = [c.made_by for c in org.commitments if c.status in (*OPEN_COMMITMENT, "broken")]
    names += [a.from_ for a in org.advice if not a.verified]
    return {n.casefold() for n in names}


def others_on_the_account(ctx: MeetingContext) -> list[PersonView]:
    """The account team's people who are not in the room and whom this pack names, or on
    whom we keep notes."""
    present = {p.name.casefold() for p in ctx.vendor}
    named = _named_in_records(ctx)
    views = []
    for member in ctx.org.account_team:
        key = member.name.casefold()
        if key in present or not (member.notes or key in named):
            continue
        role = ctx.playbook.role(member.role)
        views.append(PersonView(member.name, role.title if role else member.role,
                                _on_account(member, ctx.meeting.date), member.notes))
    return views


def roster_notes(ctx: MeetingContext) -> dict[str, str]:
    """Notes on the roster, by the person's name in lower case."""
    return {m.name.casefold(): m.notes for m in ctx.org.account_team if m.notes}


def _left_by(ctx: MeetingContext) -> set[str]:
    """Names (lower case) of the people who had left the account by the meeting."""
    return {m.name.casefold() for m in ctx.org.account_team
            if m.until and m.until < ctx.meeting.date}


def at_risk(ctx: MeetingContext, cited: list[str]) -> list[CommitmentRow]:
    """Verbal commitments of people who have left the account (or of anyone not in the room
    when the roster records no departure): the new team may treat them as reset."""
    left = _left_by(ctx)
    present = {p.name.casefold() for p in ctx.vendor}
    verbal = [c for c in ctx.org.commitments if c.status == "verbal"]
    chosen = [c for c in verbal if c.made_by.casefold() in left]
    if not left:
        chosen = [c for c in verbal if c.made_by.casefold() not in present]
    return [_commitment_row(c, cited) for c in chosen]


def documented_history(ctx: MeetingContext, cited: list[str]) -> list[CommitmentRow]:
    """Commitments in writing or honoured, with the evidence to point to."""
    return [_commitment_row(c, cited) for c in ctx.org.commitments
            if c.status in ("written", "honoured") and c.evidence]


def authority(ctx: MeetingContext) -> list[AuthorityRow]:
    """Each vendor attendee's authority, from their role."""
    rows = []
    for person in ctx.vendor:
        role = ctx.playbook.role(person.role) if person.role else None
        if role is not None:
            rows.append(AuthorityRow(person.name, role.title, role.authority, with_note(
                ctx.playbook, role.discount_authority, role.source)))
    return rows


def _maker(ctx: MeetingContext, name: str) -> str:
    member = ctx.org.member(name)
    role = ctx.playbook.role(member.role) if member else None
    return f"{name} ({short_title(role.title)})" if role else name


def _tried_commitment(ctx: MeetingContext, c: Commitment) -> TriedRow:
    row = _commitment_row(c, [])
    due = f" Due {long_date(c.due)}." if row.due else ""
    outcome = c.status + (f": {c.evidence}" if c.evidence else "")
    return TriedRow(c.id, long_date(c.date), _maker(ctx, c.made_by), c.summary + due, outcome)


def _tried_issue(issue: OpenIssue) -> TriedRow:
    opened = long_date(issue.opened) if issue.opened else ""
    owner = f"{issue.owner} (ours)" if issue.owner else ""
    return TriedRow(issue.id, opened, owner, issue.summary, issue.status)


def tried_before(ctx: MeetingContext, cited: list[str]) -> list[TriedRow]:
    """What was tried at the level below: the commitments and issues the meeting cites (else
    the broken commitments and open issues), each with who was involved and where it stands."""
    org = ctx.org
    commitments = [c for c in org.commitments if c.id in cited]
    issues = _issues_behind(org.issues, cited, [c.id for c in commitments])
    if not commitments and not issues:
        commitments = [c for c in org.commitments if c.status == "broken"]
        issues = [i for i in org.issues if i.status in OPEN_ISSUE]
    rows = [_tried_commitment(ctx, c) for c in commitments] + [_tried_issue(i) for i in issues]
    return sorted(rows, key=lambda r: r.id not in cited)


def _issues_behind(issues: list[OpenIssue], cited: list[str], commitments: list[str]
                   ) -> list[OpenIssue]:
    """The issues the meeting cites, and the open ones that name one of ``commitments``."""
    def linked(issue: OpenIssue) -> bool:
        return issue.status in OPEN_ISSUE and any(names_record(issue.summary, c)
                                                  for c in commitments)

    return [i for i in issues if i.id in cited or linked(i)]


def counter_proposal(ctx: MeetingContext) -> list[CounterPoint]:
    """The meeting's counter-proposal, point by point."""
    return list(ctx.meeting.counter_proposal)


def record_fields(ctx: MeetingContext) -> dict:
    """The records of the organisation this meeting's briefing shows, most relevant first."""
    cited = cited_ids(ctx)
    shows = set(ctx.meeting_type.shows)
    return {
        "cited": cited,
        "open_commitments": open_commitments(ctx, cited),
        "open_issues": open_issues(ctx, cited),
        "unverified_advice": unverified_advice(ctx, cited),
        "others_on_account": others_on_the_account(ctx),
        "terms": list(ctx.org.agreement.terms) if ctx.org.agreement and "terms" in shows else [],
        "at_risk": at_risk(ctx, cited) if "at-risk" in shows else [],
        "history": documented_history(ctx, cited) if "history" in shows else [],
        "authority": authority(ctx) if "authority" in shows else [],
        "tried_before": tried_before(ctx, cited) if "tried-before" in shows else [],
        "counter_proposal": counter_proposal(ctx) if "counter-proposal" in shows else [],
        "shows": sorted(shows),
    }

