"""``briefpack check``: find what a draft would give away before it is sent.

Rules (see :func:`check_text`):

- **Figures of protected facts.** Amounts, percentages, dates, counts ("500 endpoints") and, in
  facts of a category that ``names_competitors`` in the playbook, competitor names are taken
  from each protected fact's text and compared by value, whatever their format (4.2M USD =
  $4.2m = 4,200,000 = four point two million; "about 4 million" within 10%; "end of May" holds
  31 May). A figure the vendor already knows (in an unprotected fact, the agreement, a
  commitment, or a fact marked ``known_to_vendor``) gives nothing away and is ignored.
- **Text of protected facts.** Each clause of a protected fact is matched fuzzily.
- **Phrases to avoid.** Every category's ``avoid_phrases``, matched fuzzily; ``<amount>``,
  ``<date>``, ``<month>``, ``<percent>`` match a figure of that kind, other placeholders any
  one to four words.
- **Wording that reveals a category.** Every category's ``reveals`` (see
  :mod:`briefpack.data.wording`): "no option to extend", "the board meets", "set aside".
- **Competitors.** Any name of the playbook's ``competitors``, in any case ("zoom phone");
  a name that is also a plain word is not one in "zoom in on" or "cut us some slack".
- **Weak signals (low).** One of a protected category's ``signals`` next to a figure.

Severity: ``high`` when the vendor would learn something protected from the people the draft
goes to (``--audience``): a protected fact, wording or a phrase of a protected category, a
competitor; ``medium`` for wording or a phrase of a category that is safe for this audience;
``low`` for a signal word next to a figure. Anything about the vendor's own calendar ("your
fiscal year ends 30 June") is not a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from briefpack.data.models import Organisation
from briefpack.data.playbook import Category, Playbook
from briefpack.guard.audience import UnknownRole, resolve_audience
from briefpack.guard.drafts import Draft, DraftLine, load_draft
from briefpack.guard.figures import Figure, find_figures
from briefpack.guard.phrases import Tok, tokens
from briefpack.guard.protected_facts import ProtectedFact, occurrences
from briefpack.guard.reveals import Stems, search
from briefpack.guard.rules import Rules, build_rules, say_instead, severity, why

__all__ = ["SEVERITIES", "Finding", "UnknownRole", "at_or_above", "check_draft", "check_text",
           "resolve_audience", "summary", "text_report"]

SEVERITIES = ("low", "medium", "high")

# (kind, category id[, phrase]) of a match: one finding per key and line
_Key = tuple
# (key, start, end, finding) of one match in a line joined with the next
_Hit = tuple[_Key, int, int, "Finding"]


@dataclass
class Finding:
    """One thing in a draft that should not go to the vendor, at one location: the words that
    matched, what they give away, why that matters for this audience, what to say instead."""

    line: str
    severity: str
    message: str
    category: str
    fact_id: str | None = None
    phrase: str | None = None
    matched: str = ""
    kind: str = "fact"  # fact | phrase | wording | competitor | keyword
    note: str = ""
    why: str = ""
    say_instead: str = ""

    def as_dict(self) -> dict:
        """JSON-ready: ``line`` is a number for a line of the file, else a label like header:2."""
        data = asdict(self)
        data["line"] = int(self.line) if self.line.isdigit() else self.line
        return data

    def text(self) -> str:
        """The finding in words: what matched, what it gives away, why, what to say instead."""
        instead = f' Say instead: "{self.say_instead}"' if self.say_instead else ""
        return f"{self.message}. {self.why}.{instead}"


# --------------------------------------------------------------------------- looking for it


def check_text(lines: Sequence[DraftLine | tuple], org: Organisation, playbook: Playbook,
               audience: Sequence[str] = (), facts_only: bool = False,
               today: date | None = None) -> list[Finding]:
    """Every finding in ``lines`` (DraftLine or (location, text) pairs), in document order.

    ``audience`` holds role ids of the people the draft goes to; the categories they probe for
    are protected too. ``today`` is the draft's date, for "end of June next year" (default:
    the system's date). A match that runs from one hard-wrapped line into the next is reported
    once, at the line where it starts. With ``facts_only``, only protected facts are looked
    for (what a meeting's own fields are checked for).
    """
    lines = [line if isinstance(line, DraftLine) else DraftLine(*line) for line in lines]
    rules = build_rules(org, playbook, audience, facts_only, today)
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


def _check_line(line: DraftLine, text: str, rules: Rules, carried: dict[_Key, int],
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


def _hits(text: str, own: int, rules: Rules) -> Iterator[_Hit]:
    """Every match in one line (joined with the next; the line's own text is ``text[:own]``):
    protected facts, phrases to avoid, wording that reveals a category, competitors, then
    signal words next to a figure."""
    figures = [f for f in find_figures(text, rules.today) if not _vendors_calendar(text, f, rules)]
    toks = tokens(text)
    names = [(m, found) for m in rules.competitors for found in m.find(text)]
    stems = Stems.of(toks, [(s, e) for _, (s, e, _) in names], text)
    yield from _fact_hits(text, toks, figures, stems, rules)
    yield from _phrase_hits(text, toks, rules)
    yield from _wording_hits(text, stems, rules)
    yield from _competitor_hits(names, rules)
    own_figures = [f for f in figures if f.end <= own and f.kind != "relative"
                   and not rules.known_figure(f)]
    yield from _signal_hits(text[:own], own_figures, rules)


def _vendors_calendar(text: str, figure: Figure, rules: Rules) -> bool:
    """Whether a date is the vendor's own calendar: "your fiscal year ends 30 June", "your
    Q4", "Microsoft's year end" (a date the vendor published gives nothing away)."""
    if figure.kind not in ("date", "span", "month", "relative"):
        return False
    before = text[:figure.start]
    if rules.vendor_owned.search(before):
        return True
    periods = list(re.finditer(r"\b(?:(?:fiscal|financial|sales)\s+)?(?:year|quarter|q[1-4])\b",
                               before[-80:], re.IGNORECASE))
    return bool(periods) and bool(rules.vendor_owned.search(
        before[-80:][:periods[-1].start()].rstrip() + " "))


def _fact_hits(text: str, toks: list[Tok], figures: list[Figure], stems: Stems,
               rules: Rules) -> Iterator[_Hit]:
    """Matches of protected facts' figures and clauses; a figure that is in several facts is
    reported for the first of them. A date that is only roughly the fact's ("mid-April", "in
    May") or a day of every year (1 April) counts only in a line about the fact's category:
    "I'm on leave mid-April" is not the board's date."""
    claimed: set[int] = set()  # start of every figure of the line already reported
    for fact in rules.facts:
        key = ("fact", fact.fact_id)
        about: bool | None = None  # whether the line is about the category, once asked
        for mine in fact.figures:
            for fig in occurrences(mine, text, figures):
                if _rough(mine, fig):
                    if about is None:
                        about = _about(text, stems, fact.protection.category, rules)
                    if not about:
                        continue
                if fig.start not in claimed:
                    claimed.add(fig.start)
                    yield key, fig.start, fig.end, _fact_finding(fact, fig.text, rules)
        for clause in fact.clauses:
            hit = clause.search(toks, text)
            if hit:
                yield key, hit[0], hit[1], _fact_finding(fact, hit[2], rules)


def _rough(mine: Figure, fig: Figure) -> bool:
    """Whether a draft's date matches a fact's only roughly: part of a month, a month, a day
    without a year ("15 April"), or a fact's day of every year ("our fiscal year starts 1
    April")."""
    return fig.kind in ("span", "month") or _yearless(mine) or _yearless(fig)


def _yearless(figure: Figure) -> bool:
    """Whether a date is a day and month without a year."""
    return figure.kind == "date" and all(year is None for _, _, year in figure.value)


def _about(text: str, stems: Stems, category: Category, rules: Rules) -> bool:
    """Whether a line is about a category: one of its signal words, or wording that reveals
    it."""
    if any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in category.signals):
        return True
    return any(search(r.pattern, stems, text) for r in rules.reveals if r.category is category)


def _fact_finding(fact: ProtectedFact, matched: str, rules: Rules) -> Finding:
    """A finding of ``matched`` giving away a protected fact."""
    cat = fact.protection.category
    return Finding("", "high", f"protected fact '{fact.fact_id}' ({cat.label.lower()})", cat.id,
                   fact.fact_id, None,
                   matched, why=why(rules, cat), say_instead=say_instead(cat))


def _phrase_hits(text: str, toks: list[Tok], rules: Rules) -> Iterator[_Hit]:
    """Matches of the playbook's phrases to avoid."""
    for avoid in rules.phrases:
        hit = avoid.matcher.search(toks, text)
        if hit:
            cat = avoid.category
            yield (("phrase", cat.id, avoid.phrase), hit[0], hit[1], Finding(
                "", severity(rules, cat), f'"{hit[2]}" is like "{avoid.phrase}", a phrase to '
                f"avoid ({cat.label.lower()})", cat.id, None, avoid.phrase, hit[2], "phrase",
                why=why(rules, cat), say_instead=say_instead(cat)))


def _wording_hits(text: str, stems: Stems, rules: Rules) -> Iterator[_Hit]:
    """Matches of wording that reveals a category protected for this audience; one per category
    and line."""
    done: set[str] = set()
    for reveal in rules.reveals:
        cat = reveal.category
        skip = cat.id in done or cat.id not in rules.protected
        hit = None if skip else search(reveal.pattern, stems, text)
        if hit:
            done.add(cat.id)
            yield (("wording", cat.id), hit[0], hit[1], Finding(
                "", severity(rules, cat), f'"{hit[2]}" reveals {cat.label.lower()}',
                cat.id, None, reveal.wording, hit[2], "wording", why=why(rules, cat),
                say_instead=say_instead(cat)))


def _competitor_hits(names: list, rules: Rules) -> Iterator[_Hit]:
    """Every competitor named in a line: one finding per competitor."""
    for matcher, (start, end, matched) in names:
        comp = matcher.competitor
        cat = rules.playbook.category(comp.category)
        yield (("competitor", comp.id), start, end, Finding(
            "", severity(rules, cat), f'"{matched}" names a competitor ({comp.names[0]}, '
            f"against {comp.competes_with}) and reveals {cat.label.lower()}", cat.id, None,
            None, matched, "competitor", why=why(rules, cat), say_instead=say_instead(cat)))


def _signal_hits(text: str, figures: list[Figure], rules: Rules) -> Iterator[_Hit]:
    """A protected category's signal word next to a figure: one low finding per category."""
    for prot in rules.signalled:
        hit = _signal_near_figure(text, prot.category.signals, figures, rules.vendor_owned)
        if hit:
            start, matched = hit
            cat = prot.category
            yield ("keyword", cat.id), start, start + len(matched), Finding(
                "", "low", f'"{matched}" next to a figure may reveal {cat.label.lower()}',
                cat.id, None, None, matched, "keyword", why=why(rules, cat),
                say_instead=say_instead(cat))


def _signal_near_figure(text: str, words: Iterable[str], figures: list[Figure],
                        vendor_owned: re.Pattern) -> tuple[int, str] | None:
    """(start, text) from the first of ``words`` within 60 characters of a figure (not a count)
    to that figure, or None."""
    for word in words:
        for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
            if vendor_owned.search(text[:m.start()]):
                continue  # "your fiscal year", "Microsoft's budget": the vendor's own
            for fig in figures:
                if fig.kind != "count" and abs(fig.start - m.start()) <= 60:
                    start, end = min(m.start(), fig.start), max(m.end(), fig.end)
                    return start, text[start:end]
    return None


def _tidy(findings: list[Finding], order: list[str]) -> list[Finding]:
    """Drop keyword findings on lines with a stronger finding, and a category's wording or
    competitor on a line where a fact or phrase of it was found; sort by position."""
    strong = {f.line for f in findings if f.kind != "keyword"}
    told = {(f.line, f.category) for f in findings if f.kind in ("fact", "phrase")}
    kept = [f for f in findings if not (f.kind == "keyword" and f.line in strong)
            and not (f.kind in ("wording", "competitor") and (f.line, f.category) in told)]
    rank = {loc: i for i, loc in enumerate(order)}
    return sorted(kept, key=lambda f: (rank.get(f.line, 0), -SEVERITIES.index(f.severity)))


# --------------------------------------------------------------------------- audience, API


def check_draft(draft: Path | Draft, org_path: Path,
                audience: Iterable[str] = ()) -> list[Finding]:
    """Read ``draft`` (a path, or a draft already read), load the organisation at
    ``org_path`` and return the findings; dates without a year count from the draft's date
    (an e-mail's Date header), else today.

    Raises :class:`~briefpack.guard.drafts.DraftError` for a draft that cannot be read,
    :class:`UnknownRole` for an unknown audience role and ValidationFailed for an invalid
    organisation.
    """
    from briefpack.data.context import load_org_context

    if not isinstance(draft, Draft):
        draft = load_draft(draft)
    ctx = load_org_context(org_path)
    playbook, org = ctx.playbook.playbook, ctx.loaded.org
    return check_text(draft.lines, org, playbook, resolve_audience(playbook, org, audience),
                      today=draft.date)


def at_or_above(findings: Iterable[Finding], level: str) -> list[Finding]:
    """The findings of severity ``level`` or higher."""
    floor = SEVERITIES.index(level)
    return [f for f in findings if SEVERITIES.index(f.severity) >= floor]


def text_report(draft: str, findings: Iterable[Finding]) -> list[str]:
    """One ``DRAFT:LINE: severity: message`` line per finding."""
    return [f"{draft}:{f.line}: {f.severity}: {f.text()}" + (f" [{f.note}]" if f.note else "")
            for f in findings]


def summary(draft: str, findings: Sequence[Finding]) -> str:
    """One line for stderr: how many findings of each severity."""
    if not findings:
        return f"{draft}: no findings"
    counts = ", ".join(f"{sum(f.severity == s for f in findings)} {s}"
                       for s in reversed(SEVERITIES))
    n = len(findings)
    return f"{draft}: {n} finding{'s' if n != 1 else ''} ({counts})"
