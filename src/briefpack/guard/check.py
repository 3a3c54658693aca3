"""``briefpack check``: find protected facts and phrases to avoid in a draft before it is sent.

Rules (see :func:`check_text`):

- **Figures of protected facts.** Amounts, percentages, dates, counts ("500 endpoints") and, in
  facts of a category that ``names_competitors`` in the playbook, competitor names are taken
  from each protected fact's text and compared by value, whatever their format (4.2M USD =
  $4.2m = 4,200,000 = 4.2 million; 2027-04-15 = 15 April 2027 = April 15, 2027 = 15/04/2027;
  18% = 18 per cent). A figure that is also in an unprotected fact (e.g. a safe deployment
  date) is not distinctive and is ignored.
- **Text of protected facts.** Each clause of a protected fact is matched fuzzily.
- **Phrases to avoid.** Every category's ``avoid_phrases``, matched fuzzily; ``<amount>``,
  ``<date>``, ``<month>``, ``<percent>`` match a figure of that kind, other placeholders any
  one to four words.
- **Weak signals (low).** One of a protected category's ``signals`` in the playbook (e.g.
  "budget") next to a figure; categories are tried in the playbook's order.

Severity: ``high`` for protected facts and for anything an audience role probes for;
``medium`` for phrases to avoid and for facts of a ``strategic`` category; ``low`` for keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

from briefpack.data.models import Organisation
from briefpack.data.playbook import Category, Playbook
from briefpack.data.protection import Protection, protected_categories
from briefpack.guard.drafts import DraftLine, read_draft
from briefpack.guard.figures import Figure, find_figures
from briefpack.guard.phrases import Matcher, Tok, tokens
from briefpack.guard.protected_facts import ProtectedFact, occurrences, protected_facts

SEVERITIES = ("low", "medium", "high")

# (kind, category id[, phrase]) of a match: one finding per key and line
_Key = tuple
# (key, start, end, finding) of one match in a line joined with the next
_Hit = tuple[_Key, int, int, "Finding"]


@dataclass
class Finding:
    """One thing in a draft that should not go to the vendor, at one location."""

    line: str
    severity: str
    message: str
    category: str
    fact_id: str | None = None
    phrase: str | None = None
    matched: str = ""
    kind: str = "fact"  # fact | phrase | keyword
    note: str = ""

    def as_dict(self) -> dict:
        """JSON-ready: ``line`` is a number for a line of the file, else a label like header:2."""
        data = asdict(self)
        data["line"] = int(self.line) if self.line.isdigit() else self.line
        return data


def _fact_severity(protection: Protection) -> str:
    """Severity of a protected fact's finding: ``high``, but ``medium`` for a ``strategic``
    category that no audience role probes for."""
    if protection.probing_roles:
        return "high"
    return "medium" if protection.category.class_ == "strategic" else "high"


def _why(protection: Protection) -> str:
    """Why a category is protected, as shown in a message: its class and the roles probing."""
    cat = protection.category
    roles = ", ".join(f"role '{r}'" for r in protection.probing_roles)
    return f"{cat.id}: {cat.class_}" + (f"; {roles} probes for it" if roles else "")


# --------------------------------------------------------------------------- what to look for


class _AvoidPhrase(NamedTuple):
    """A phrase to avoid of a category, with its matcher."""

    category: Category
    phrase: str
    matcher: Matcher


@dataclass
class _Rules:
    """Everything ``check`` looks for in a draft, from the organisation, playbook and audience."""

    protected: dict[str, Protection]
    facts: list[ProtectedFact]  # those of a category an audience role probes for first
    phrases: list[_AvoidPhrase]
    signalled: list[Protection]  # protected categories with signal words, in playbook order


def _rules(org: Organisation, playbook: Playbook, audience: Sequence[str],
           facts_only: bool = False) -> _Rules:
    """What to look for in a draft going to people with the ``audience`` roles (with
    ``facts_only``, the protected facts alone: no phrases to avoid, no signal words)."""
    protected = protected_categories(playbook, list(audience))
    facts = sorted(protected_facts(org, protected, playbook),
                   key=lambda fact: not fact.protection.probing_roles)
    if facts_only:
        return _Rules(protected, facts, [], [])
    phrases = [_AvoidPhrase(c, p, Matcher(p, phrase=True)) for c in playbook.categories
               for p in c.avoid_phrases]
    signalled = [p for p in protected.values() if p.category.signals]
    return _Rules(protected, facts, phrases, signalled)


# --------------------------------------------------------------------------- looking for it


def check_text(lines: Sequence[DraftLine | tuple], org: Organisation, playbook: Playbook,
               audience: Sequence[str] = (), facts_only: bool = False) -> list[Finding]:
    """Every finding in ``lines`` (DraftLine or (location, text) pairs), in document order.

    ``audience`` holds role ids of the people the draft goes to; the categories they probe for
    are protected too, and anything in them is ``high``. A match that runs from one hard-wrapped
    line into the next is reported once, at the line where it starts. With ``facts_only``,
    only protected facts are looked for (what a meeting's own fields are checked for).
    """
    lines = [line if isinstance(line, DraftLine) else DraftLine(*line) for line in lines]
    rules = _rules(org, playbook, audience, facts_only)
    found: dict[tuple, Finding] = {}
    carried: dict[_Key, int] = {}  # matches of the previous line that run into this one
    for i, line in enumerate(lines):
        carried = _check_line(line, _with_next(lines, i), rules, carried, found)
    _quote_matches(found.values())
    return _tidy(list(found.values()), [line.location for line in lines])


def _with_next(lines: list[DraftLine], i: int) -> str:
    """The text of line ``i``, joined with the next line's when it runs on into it."""
    line = lines[i]
    if line.joins_next and i + 1 < len(lines):
        return f"{line.text} {lines[i + 1].text}"
    return line.text


def _check_line(line: DraftLine, text: str, rules: _Rules, carried: dict[_Key, int],
                found: dict[tuple, Finding]) -> dict[_Key, int]:
    """Add to ``found`` the matches that start in ``line`` (``text`` is the line joined with
    the next); return how far each match runs on into the next line."""
    own = len(line.text)
    carry: dict[_Key, int] = {}
    for key, start, end, finding in _hits(text, own, rules):
        if _belongs_elsewhere(key, start, own, carried):
            continue
        if end > own + 1:
            carry[key] = end - own - 1
        finding.line, finding.note = line.location, line.note
        _record(found, (line.location, *key), finding)
    return carry


def _belongs_elsewhere(key: _Key, start: int, own: int, carried: dict[_Key, int]) -> bool:
    """Whether a match is not this line's: it starts on the next line (found there), or is the
    tail of a match carried over from the previous line (which also silences signals)."""
    return start >= own or start < carried.get(key, -1) or (key[0] == "keyword" and bool(carried))


def _record(found: dict[tuple, Finding], key: tuple, finding: Finding) -> None:
    """Keep one finding per key; a further match of it adds its text to ``matched``."""
    old = found.setdefault(key, finding)
    if old is not finding and finding.matched not in old.matched:
        old.matched += "; " + finding.matched


def _quote_matches(findings: Iterable[Finding]) -> None:
    """Start the message of each fact finding with the quoted text that matched."""
    for finding in findings:
        if finding.kind == "fact":
            shown = ", ".join(f'"{m}"' for m in finding.matched.split("; "))
            finding.message = f"{shown}: {finding.message}"


def _hits(text: str, own: int, rules: _Rules) -> Iterator[_Hit]:
    """Every match in one line (joined with the next; the line's own text is ``text[:own]``):
    protected facts, then phrases to avoid, then signal words next to a figure."""
    figures = find_figures(text)
    toks = tokens(text)
    yield from _fact_hits(text, toks, figures, rules.facts)
    yield from _phrase_hits(text, toks, rules)
    own_figures = [f for f in figures if f.end <= own]
    yield from _signal_hits(text[:own], own_figures, rules.signalled)


def _fact_hits(text: str, toks: list[Tok], figures: list[Figure],
               facts: list[ProtectedFact]) -> Iterator[_Hit]:
    """Matches of protected facts' figures and clauses; a figure that is in several facts is
    reported for the first of them."""
    claimed: set[int] = set()  # start of every figure of the line already reported
    for fact in facts:
        key = ("fact", fact.fact_id)
        for mine in fact.figures:
            for fig in occurrences(mine, text, figures):
                if fig.start not in claimed:
                    claimed.add(fig.start)
                    yield key, fig.start, fig.end, _fact_finding(fact, fig.text)
        for clause in fact.clauses:
            hit = clause.search(toks, text)
            if hit:
                yield key, hit[0], hit[1], _fact_finding(fact, hit[2])


def _fact_finding(fact: ProtectedFact, matched: str) -> Finding:
    """A finding of ``matched`` giving away a protected fact."""
    prot = fact.protection
    return Finding("", _fact_severity(prot), f"protected fact '{fact.fact_id}' ({_why(prot)})",
                   prot.category.id, fact.fact_id, None, matched)


def _phrase_hits(text: str, toks: list[Tok], rules: _Rules) -> Iterator[_Hit]:
    """Matches of the playbook's phrases to avoid."""
    for avoid in rules.phrases:
        hit = avoid.matcher.search(toks, text)
        if hit:
            yield (("phrase", avoid.category.id, avoid.phrase), hit[0], hit[1],
                   _phrase_finding(avoid, hit[2], rules.protected.get(avoid.category.id)))


def _phrase_finding(avoid: _AvoidPhrase, matched: str, prot: Protection | None) -> Finding:
    """A finding of ``matched`` being like a phrase to avoid: high if a role probes for it."""
    category = avoid.category
    roles = prot.probing_roles if prot else []
    why = "".join(f"; role '{r}' probes for it" for r in roles)
    instead = f"; say instead: \"{category.say_instead[0]}\"" if category.say_instead else ""
    return Finding("", "high" if roles else "medium", f"phrase to avoid ({category.id}{why}): "
                   f"\"{matched}\" is like \"{avoid.phrase}\"{instead}", category.id, None,
                   avoid.phrase, matched, "phrase")


def _signal_hits(text: str, figures: list[Figure], signalled: list[Protection]) -> Iterator[_Hit]:
    """A protected category's signal word next to a figure: one low finding per category."""
    for prot in signalled:
        hit = _signal_near_figure(text, prot.category.signals, figures)
        if hit:
            start, matched = hit
            yield ("keyword", prot.category.id), start, start + len(matched), Finding(
                "", "low", f"\"{matched}\" next to a figure may reveal "
                f"{prot.category.label.lower()} ({_why(prot)})", prot.category.id, None, None,
                matched, "keyword")


def _signal_near_figure(text: str, words: Iterable[str],
                        figures: list[Figure]) -> tuple[int, str] | None:
    """(start, text) from the first of ``words`` within 60 characters of a figure (not a count)
    to that figure, or None."""
    for word in words:
        for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
            for fig in figures:
                if fig.kind != "count" and abs(fig.start - m.start()) <= 60:
                    start, end = min(m.start(), fig.start), max(m.end(), fig.end)
                    return start, text[start:end]
    return None


def _tidy(findings: list[Finding], order: list[str]) -> list[Finding]:
    """Drop keyword findings on lines with a stronger finding; sort by position."""
    strong = {f.line for f in findings if f.kind != "keyword"}
    kept = [f for f in findings if f.kind != "keyword" or f.line not in strong]
    rank = {loc: i for i, loc in enumerate(order)}
    return sorted(kept, key=lambda f: (rank.get(f.line, 0), -SEVERITIES.index(f.severity)))


# --------------------------------------------------------------------------- audience, API


class UnknownRole(ValueError):
    """An ``--audience`` value that names no role of the playbook."""


def resolve_audience(playbook: Playbook, org: Organisation, names: Iterable[str]) -> list[str]:
    """Role ids for ``--audience`` values: role ids, a role's aliases or title, or names on
    the account team; empty values (``ae,``) are ignored.

    A value may hold several, comma-separated. Raises :class:`UnknownRole` naming the accepted
    values.
    """
    given = [n.strip() for name in names for n in name.split(",") if n.strip()]
    return list(dict.fromkeys(_audience_role(playbook, org, value) for value in given))


def _audience_role(playbook: Playbook, org: Organisation, given: str) -> str:
    """The role id for one ``--audience`` value: a role's id, alias or title, or the name of
    someone on the account team."""
    key = given.casefold()
    role = next((r for r in playbook.roles if key == r.id or key in
                 {a.casefold() for a in r.aliases} | {r.title.casefold()}), None)
    member = org.member(given)
    if role is None and member is not None:
        role = playbook.role(member.role)
    if role is None:
        raise UnknownRole(f"unknown role '{given}'; expected a role id "
                          f"({', '.join(r.id for r in playbook.roles)}), a role's alias or "
                          "title, or a name on the organisation's account_team")
    return role.id


def check_draft(draft: Path, org_path: Path, audience: Iterable[str] = ()) -> list[Finding]:
    """Read ``draft``, load the organisation at ``org_path`` and return the findings.

    Raises :class:`~briefpack.guard.drafts.DraftError` for a draft that cannot be read,
    :class:`UnknownRole` for an unknown audience role and ValidationFailed for an invalid
    organisation.
    """
    from briefpack.data.context import load_org_context

    lines = read_draft(draft)
    ctx = load_org_context(org_path)
    playbook, org = ctx.playbook.playbook, ctx.loaded.org
    return check_text(lines, org, playbook, resolve_audience(playbook, org, audience))


def at_or_above(findings: Iterable[Finding], level: str) -> list[Finding]:
    """The findings of severity ``level`` or higher."""
    floor = SEVERITIES.index(level)
    return [f for f in findings if SEVERITIES.index(f.severity) >= floor]


def text_report(draft: str, findings: Iterable[Finding]) -> list[str]:
    """One ``DRAFT:LINE: severity: message`` line per finding."""
    return [f"{draft}:{f.line}: {f.severity}: {f.message}" + (f" [{f.note}]" if f.note else "")
            for f in findings]


def summary(draft: str, findings: Sequence[Finding]) -> str:
    """One line for stderr: how many findings of each severity."""
    if not findings:
        return f"{draft}: no findings"
    counts = ", ".join(f"{sum(f.severity == s for f in findings)} {s}"
                       for s in reversed(SEVERITIES))
    n = len(findings)
    return f"{draft}: {n} finding{'s' if n != 1 else ''} ({counts})"
