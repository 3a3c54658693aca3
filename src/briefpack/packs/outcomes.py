"""How a meeting's outcomes meet the commitments register in org.yaml.

Which commitment an outcome re-affirms (the one its ``commitment`` names, else one with the
same summary), which entry a new commitment already added itself (so that applying twice adds
nothing), the ids new commitments get (the register's next, in its own style) and a
re-affirmed entry as it becomes. Used by the follow-up notes (:mod:`briefpack.packs.followup`)
and by ``followup --apply``; nothing here writes a file.
"""

from __future__ import annotations

import re

import yaml

from briefpack.data.context import MeetingContext
from briefpack.data.models import Commitment, Organisation, Outcome
from briefpack.errors import Problem


def register_prefix(org: Organisation) -> str:
    """The register's own id style: the prefix of its last ``<prefix><digits>`` id (``C-``
    when there is none)."""
    found = [m.group(1) for c in org.commitments if (m := re.fullmatch(r"(.*?)\d+", c.id))]
    return found[-1] if found else "C-"


def next_ids(org: Organisation, count: int, prefix: str | None = None) -> list[str]:
    """``count`` new commitment ids after the highest ``C-NN`` in the register (or with
    ``prefix``, by default the register's own), as many digits wide."""
    prefix = register_prefix(org) if prefix is None else prefix
    pattern = re.escape(prefix) + r"(\d+)"
    found = [m.group(1) for c in org.commitments if (m := re.fullmatch(pattern, c.id))]
    width = max((len(digits) for digits in found), default=2)
    start = max((int(digits) for digits in found), default=0) + 1
    return [f"{prefix}{n:0{width}d}" for n in range(start, start + count)]


def as_yaml(entries: list[dict]) -> str:
    """Register entries as YAML, to paste under ``commitments:``."""
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def reaffirmed(outcome: Outcome, org: Organisation) -> Commitment | None:
    """The commitment in the register that ``outcome`` re-affirms: the one its ``commitment``
    names, else one with the same summary (case, spacing and punctuation aside)."""
    if outcome.commitment:
        key = outcome.commitment.strip().casefold()
        return next((c for c in org.commitments if c.id.casefold() == key), None)
    words = _words(outcome.summary)
    return next((c for c in org.commitments if _words(c.summary) == words), None)


def _meeting_mark(ctx: MeetingContext) -> str:
    """How an entry's evidence names this meeting (see :func:`reaffirmed_entry`)."""
    return f"in the {ctx.meeting.title}, {ctx.meeting.date.isoformat()}"


def records_meeting(c: Commitment, ctx: MeetingContext) -> bool:
    """The register entry ``c`` records this meeting's re-affirmation already (its evidence
    names the meeting), or something newer (it is dated after the meeting)."""
    return _meeting_mark(ctx) in c.evidence or c.date > ctx.meeting.date


def own_entry(c: Commitment, o: Outcome, ctx: MeetingContext) -> bool:
    """``c``, found by its summary, is the entry that the new commitment ``o`` already added
    to the register (by ``--apply``, or pasted from the notes): dated this meeting and made by
    whoever made ``o``, or first made by them that day and re-affirmed since."""
    if o.commitment or o.kind != "commitment":
        return False
    who, day = o.made_by or c.made_by, ctx.meeting.date
    if c.date == day and c.made_by.casefold() == who.casefold():
        return _meeting_mark(ctx) not in c.evidence
    return f"first made by {who} on {day.isoformat()}" in c.evidence


def reaffirm_problems(ctx: MeetingContext, doc) -> list[Problem]:
    """An outcome's ``commitment`` that is no id in the register, at its line."""
    ids = [c.id for c in ctx.org.commitments]
    listing = f"expected one of: {', '.join(ids)}" if ids else "the register has none"
    return [doc.problem(("outcomes", i, "commitment"), (
        f"no commitment '{o.commitment}' in the register (commitments: in org.yaml); "
        f"{listing}. Leave commitment out when the outcome is a new commitment"))
        for i, o in enumerate(ctx.meeting.outcomes)
        if o.commitment and reaffirmed(o, ctx.org) is None]


def entry_of(c: Commitment) -> dict:
    """``c``'s register entry as it is, every field it has, in the model's order."""
    return c.model_dump(exclude_none=True)


def reaffirmed_entry(c: Commitment, o: Outcome, ctx: MeetingContext) -> dict:
    """``c``'s register entry after ``o`` re-affirmed it in this meeting: dated this meeting,
    made by whoever re-affirmed it, verbal unless already in writing, the meeting as evidence
    (with who first made it and when). An entry whose evidence names this meeting already, or
    dated after it, is left as it is: the re-affirmation is in the register, or newer news is."""
    meeting = ctx.meeting
    if records_meeting(c, ctx):
        return entry_of(c)
    who = o.made_by or c.made_by
    note = f"re-affirmed by {who} in the {meeting.title}, {meeting.date.isoformat()}"
    if o.due:
        note += f" (due {o.due.isoformat()})"
    if "first made by" not in c.evidence:
        note += f"; first made by {c.made_by} on {c.date.isoformat()}"
    return entry_of(c) | {
        "date": meeting.date, "made_by": who,
        "status": c.status if c.status in ("written", "honoured") else "verbal",
        "evidence": "; ".join(part for part in (c.evidence, note) if part)}


def match(o: Outcome, ctx: MeetingContext) -> tuple[Commitment | None, bool]:
    """The register entry ``o`` refers to, if any, and whether it is ``o``'s own (added from
    this meeting as a new commitment) rather than one ``o`` re-affirms."""
    existing = reaffirmed(o, ctx.org)
    return existing, existing is not None and own_entry(existing, o, ctx)
