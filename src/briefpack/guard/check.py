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

from briefpack.guard.drafts import DraftLine, read_draft
from briefpack.guard.figures import Figure, parse_number, find_figures, matches
from briefpack.data.protection import Protection, protected_categories
from briefpack.data.models import Organisation, Playbook
from briefpack.guard.phrases import Matcher, tokens

SEVERITIES = ("low", "medium", "high")


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


def _severity(protection: Protection, base: str) -> str:
    if protection.probing_roles:
        return "high"
    return "medium" if protection.category.class_ == "strategic" and base == "high" else base


def _why(protection: Protection) -> str:
    cat = protection.category
    roles = ", ".join(f"role '{r}'" for r in protection.probing_roles)
    return f"{cat.id}: {cat.class_}" + (f"; {roles} probes for it" if roles else "")


@dataclass
class _Target:
    """A protected fact with its distinctive figures and clauses."""

    fact_id: str
    protection: Protection
    figures: list
    clauses: list[Matcher]


def _competitor_categories(playbook: Playbook) -> set[str]:
    """Ids of the categories whose facts name competitors (``names_competitors``)."""
    return {c.id for c in playbook.categories if c.names_competitors}


def _build(org: Organisation, protected: dict[str, Protection], playbook: Playbook) -> list[_Target]:
    """Protected facts with their distinctive figures: those not also in an unprotected fact,
    and competitor names that appear nowhere the vendor already knows (its own name, the
    account team, the agreement, commitments, advice, issues, unprotected facts)."""
    vendor = playbook.vendor.name
    competitive = _competitor_categories(playbook)
    open_text = [f.text for f in org.facts if f.category not in protected]
    known = [*open_text, org.name, vendor] + [m.title + " " + m.notes for m in org.account_team]
    if org.agreement:
        known += [org.agreement.type, *org.agreement.terms]
    known += [c.summary + " " + c.evidence for c in org.commitments]
    known += [a.summary for a in org.advice] + [i.summary for i in org.issues]
    open_figures = [fig for text in open_text for fig in find_figures(text)]
    open_numbers = {parse_number(n) for text in open_text
                    for n in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", text)}
    known_words = {w.casefold() for text in known for w in re.findall(r"[A-Za-z]+", text)}
    targets = []
    for fact in org.facts:
        if fact.category not in protected:
            continue
        figures = [f for f in find_figures(fact.text)
                   if f.kind in ("amount", "percent", "date", "count")
                   and not any(matches(f, o, True) or matches(o, f, True) for o in open_figures)
                   and not (f.kind == "count" and f.value[0] in open_numbers)]
        if fact.category in competitive:
            figures += [f for f in _names(fact.text, org, competitive)
                        if f.value not in known_words]
        clauses = [Matcher(c) for c in re.split(r"[;:.!?,]\s|[()]|\s[-–—]\s", fact.text)]
        targets.append(_Target(fact.id, protected[fact.category], figures,
                               [m for m in clauses if m.content >= 4]))
    return targets


def _names(text: str, org: Organisation, categories: set[str]) -> list[Figure]:
    """Capitalised names used mid-sentence in competitive facts (CrowdStrike, Falcon, Zoom)."""
    competitive = " ".join(f.text for f in org.facts if f.category in categories)
    mid = {m.group(1).casefold() for m in re.finditer(r"(?<=[^.!?:\s])\s+([A-Z][A-Za-z]{2,})",
                                                     competitive)}
    names = {m.group(1).casefold(): Figure("name", m.group(1).casefold(), m.start(), m.end(),
                                           m.group(1))
             for m in re.finditer(r"\b([A-Z][A-Za-z]{2,})\b", text)
             if m.group(1).casefold() in mid or re.search(r"[a-z][A-Z]", m.group(1))}
    return list(names.values())


def _find_name(name: Figure, text: str) -> list[Figure]:
    """Where a competitor name is in ``text``: CrowdStrike also as Crowdstrike or crowd-strike;
    a plain word (Zoom) only capitalised, so that "zoom in" is not a finding."""
    camel = re.search(r"[a-z][A-Z]", name.text) is not None
    parts = re.findall(r"[A-Z][a-z]*|[a-z]+", name.text)
    pattern = r"[\s-]?".join(re.escape(p) for p in parts) if camel else re.escape(name.text)
    return [Figure("name", name.value, m.start(), m.end(), m.group(0))
            for m in re.finditer(rf"\b{pattern}(?:['’]s)?\b", text, re.IGNORECASE)
            if camel or m.group(0)[0].isupper()]


def check_text(lines: Sequence[DraftLine | tuple], org: Organisation, playbook: Playbook,
               audience: Sequence[str] = ()) -> list[Finding]:
    """Every finding in ``lines`` (DraftLine or (location, text) pairs), in document order.

    ``audience`` holds role ids of the people the draft goes to; the categories they probe for
    are protected too, and anything in them is ``high``. A match that runs from one hard-wrapped
    line into the next is reported once, at the line where it starts.
    """
    lines = [line if isinstance(line, DraftLine) else DraftLine(*line) for line in lines]
    protected = protected_categories(playbook, list(audience))
    targets = sorted(_build(org, protected, playbook), key=lambda t: not t.protection.probing_roles)
    phrases = [(c, p, Matcher(p, phrase=True)) for c in playbook.categories
               for p in c.avoid_phrases]
    found: dict[tuple, Finding] = {}
    carried: dict[tuple, int] = {}  # matches of the previous line that run into this one
    for i, line in enumerate(lines):
        text, own = line.text, len(line.text)
        if line.joins_next and i + 1 < len(lines):
            text = f"{text} {lines[i + 1].text}"
        carry: dict[tuple, int] = {}
        for key, start, end, finding in _hits(text, own, targets, phrases, protected):
            if start >= own or start < carried.get(key, -1) or key[0] == "keyword" and carried:
                continue  # on the next line (found there), or the tail of the previous match
            if end > own + 1:
                carry[key] = end - own - 1
            finding.line, finding.note = line.location, line.note
            old = found.setdefault((line.location,) + key, finding)
            if old is not finding and finding.matched not in old.matched:
                old.matched += "; " + finding.matched
        carried = carry
    for finding in found.values():
        if finding.kind == "fact":
            shown = ", ".join(f'"{m}"' for m in finding.matched.split("; "))
            finding.message = f"{shown}: {finding.message}"
    return _tidy(list(found.values()), [line.location for line in lines])


def _hits(text: str, own: int, targets: list[_Target], phrases: list,
          protected: dict[str, Protection]) -> Iterator[tuple]:
    """(key, start, end, finding) for every match in one line (joined with the next)."""
    figures = find_figures(text)
    toks = tokens(text)
    claimed: set[int] = set()  # a figure in several facts is reported for the first
    for target in targets:
        prot, fact_id = target.protection, target.fact_id
        severity, key = _severity(prot, "high"), ("fact", fact_id)
        for mine in target.figures:
            hits = _find_name(mine, text) if mine.kind == "name" else \
                [fig for fig in figures if matches(fig, mine)]
            for fig in (f for f in hits if f.start not in claimed):
                claimed.add(fig.start)
                yield key, fig.start, fig.end, Finding(
                    "", severity, f"protected fact '{fact_id}' ({_why(prot)})",
                    prot.category.id, fact_id, None, fig.text)
        for clause in target.clauses:
            hit = clause.search(toks, text)
            if hit:
                yield key, hit[0], hit[1], Finding(
                    "", severity, f"protected fact '{fact_id}' ({_why(prot)})",
                    prot.category.id, fact_id, None, hit[2])
    for category, phrase, matcher in phrases:
        hit = matcher.search(toks, text)
        if not hit:
            continue
        prot = protected.get(category.id)
        roles = prot.probing_roles if prot else []
        why = "".join(f"; role '{r}' probes for it" for r in roles)
        instead = f"; say instead: \"{category.say_instead[0]}\"" if category.say_instead else ""
        yield ("phrase", category.id, phrase), hit[0], hit[1], Finding(
            "", "high" if roles else "medium", f"phrase to avoid ({category.id}{why}): "
            f"\"{hit[2]}\" is like \"{phrase}\"{instead}", category.id, None, phrase, hit[2],
            "phrase")
    own_figures = [f for f in figures if f.end <= own]
    for prot in protected.values():
        cat_id = prot.category.id
        hit = _keyword_near_figure(text[:own], prot.category.signals, own_figures)
        if hit:
            yield ("keyword", cat_id), hit[0], hit[0] + len(hit[1]), Finding(
                "", "low", f"\"{hit[1]}\" next to a figure may reveal "
                f"{prot.category.label.lower()} ({_why(prot)})", cat_id, None, None, hit[1],
                "keyword")


def _keyword_near_figure(text: str, words: Iterable[str], figures: list) -> tuple | None:
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


class UnknownRole(ValueError):
    """An ``--audience`` value that names no role of the playbook."""


def resolve_audience(playbook: Playbook, org: Organisation, names: Iterable[str]) -> list[str]:
    """Role ids for ``--audience`` values: role ids, aliases (CSAM) or account-team names.

    Raises :class:`UnknownRole` naming the accepted values.
    """
    roles = []
    for given in (n.strip() for name in names for n in name.split(",")):
        key = given.casefold()
        role = next((r for r in playbook.roles if key == r.id or key in
                     {a.casefold() for a in r.aliases} | {r.title.casefold()}), None)
        member = org.member(given)
        if role is None and member is not None:
            role = playbook.role(member.role)
        if role is None:
            raise UnknownRole(f"unknown role '{given}'; expected a role id "
                             f"({', '.join(r.id for r in playbook.roles)}), an alias such as "
                             "CSAM, or a name on the organisation's account_team")
        roles.append(role.id)
    return list(dict.fromkeys(roles))


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
