"""What would give a protected fact away in a draft: its distinctive figures, the competitor
names it holds, and its clauses.

A figure is distinctive when nothing the vendor already knows holds it too: an unprotected fact
(a safe deployment date), the agreement (its terms, its renewal date), a commitment the vendor
made, or a fact marked ``known_to_vendor``; a competitor name (in a category that
``names_competitors`` in the playbook) when it appears nowhere the vendor already knows. A fact
marked ``known_to_vendor`` is never looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefpack.data.models import Organisation
from briefpack.data.playbook import Playbook
from briefpack.data.protection import Protection
from briefpack.guard.competitors import find_name
from briefpack.guard.figures import Figure, find_figures, matches, parse_number
from briefpack.guard.phrases import Matcher

_DISTINCTIVE_KINDS = ("amount", "percent", "date", "count")  # figures that can give a fact away
_CLAUSE_BREAK = re.compile(r"[;:.!?,]\s|[()]|\s[-–—]\s")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


@dataclass
class ProtectedFact:
    """A protected fact and what gives it away: its distinctive figures (and competitor names)
    and its clauses."""

    fact_id: str
    protection: Protection
    figures: list[Figure]
    clauses: list[Matcher]


@dataclass
class KnownToVendor:
    """What the vendor knows already, so a protected fact sharing it is not given away by it."""

    figures: list[Figure]  # figures of the unprotected facts
    numbers: set[float]  # every number in the unprotected facts
    words: set[str]  # case-folded words of everything the vendor has seen


def protected_facts(org: Organisation, protected: dict[str, Protection], playbook: Playbook,
                    known: KnownToVendor) -> list[ProtectedFact]:
    """The organisation's facts in a ``protected`` category, in order, with their distinctive
    figures: those not in what the vendor already ``known`` holds, and competitor names that appear
    nowhere the vendor already knows (its own name, the account team, the agreement,
    commitments, advice, issues, unprotected facts)."""
    competitive = {c.id for c in playbook.categories if c.names_competitors}
    mid_sentence = _mid_sentence_words(" ".join(f.text for f in org.facts
                                                if f.category in competitive))
    facts = []
    for fact in org.facts:
        if fact.category not in protected or fact.known_to_vendor:
            continue
        figures = _distinctive_figures(fact.text, known)
        if fact.category in competitive:
            figures += [name for name in _competitor_names(fact.text, mid_sentence)
                        if name.value not in known.words]
        facts.append(ProtectedFact(fact.id, protected[fact.category], figures,
                                   _clauses(fact.text)))
    return facts


def known_to_vendor(org: Organisation, protected: dict[str, Protection],
                    vendor: str) -> KnownToVendor:
    """Figures and numbers of what the vendor knows, and the words of all it has seen."""
    known = _known_texts(org, protected)
    return KnownToVendor(
        figures=[fig for text in known for fig in find_figures(text)],
        numbers={parse_number(n) for text in known for n in _NUMBER.findall(text)},
        words=_known_words(known, org, vendor))


def _known_texts(org: Organisation, protected: dict[str, Protection]) -> list[str]:
    """What the vendor knows with its figures: the unprotected facts and those marked
    ``known_to_vendor``, the agreement's terms, the commitments it made. (Not the renewal date:
    the vendor knows it, but a fact about it is protected from a CSM all the same.)"""
    texts = [f.text for f in org.facts if f.category not in protected or f.known_to_vendor]
    if org.agreement:
        texts += org.agreement.terms
    return texts + [c.summary for c in org.commitments]


def _known_words(known: list[str], org: Organisation, vendor: str) -> set[str]:
    """Case-folded words of everything the vendor has seen: what it knows (``known``, see
    :func:`_known_texts`), its name and ours, the account team, the evidence of commitments,
    advice and issues."""
    seen = [*known, org.name, vendor]
    seen += [m.title + " " + m.notes for m in org.account_team]
    if org.agreement:
        seen.append(org.agreement.type)
    seen += [c.evidence for c in org.commitments]
    seen += [a.summary for a in org.advice] + [i.summary for i in org.issues]
    return {w.casefold() for text in seen for w in re.findall(r"[A-Za-z]+", text)}


def _distinctive_figures(text: str, known: KnownToVendor) -> list[Figure]:
    """Amounts, percentages, dates and counts in a protected fact's ``text`` that are not also
    in an unprotected fact (for a count, its number alone is enough to be known)."""
    return [f for f in find_figures(text)
            if f.kind in _DISTINCTIVE_KINDS and not _is_known(f, known)]


def _is_known(figure: Figure, known: KnownToVendor) -> bool:
    """Whether an unprotected fact holds ``figure`` too (or, for a count, its number)."""
    if any(matches(figure, o, True) or matches(o, figure, True) for o in known.figures):
        return True
    return figure.kind == "count" and figure.value[0] in known.numbers


def _clauses(text: str) -> list[Matcher]:
    """Matchers of the clauses of a fact's text that hold at least four content words; a
    clause joined by "and" to another is also matched on its own ("hold E5 at 18% ... and
    move the 1,200 frontline users from E3 to F3")."""
    clauses = _CLAUSE_BREAK.split(text)
    parts = [p for c in clauses for p in re.split(r"\s(?:and|but|while)\s", c) if p != c]
    matchers = [Matcher(clause) for clause in dict.fromkeys(clauses + parts)]
    return [m for m in matchers if m.content >= 4]


def _mid_sentence_words(text: str) -> set[str]:
    """Capitalised words (case-folded) used mid-sentence in ``text``: names, not openers."""
    return {m.group(1).casefold()
            for m in re.finditer(r"(?<=[^.!?:\s])\s+([A-Z][A-Za-z]{2,})", text)}


def _competitor_names(text: str, mid_sentence: set[str]) -> list[Figure]:
    """Names in a competitive fact's ``text`` (CrowdStrike, Falcon, Zoom): capitalised words
    that such facts use mid-sentence (``mid_sentence``), and any CamelCase word."""
    names = {m.group(1).casefold(): Figure("name", m.group(1).casefold(), m.start(), m.end(),
                                           m.group(1))
             for m in re.finditer(r"\b([A-Z][A-Za-z]{2,})\b", text)
             if m.group(1).casefold() in mid_sentence or re.search(r"[a-z][A-Z]", m.group(1))}
    return list(names.values())


def occurrences(mine: Figure, text: str, figures: list[Figure]) -> list[Figure]:
    """Where a protected fact's figure (or competitor name) is in a line of ``text`` whose
    figures are ``figures``."""
    if mine.kind == "name":
        return _find_name(mine, text)
    return [fig for fig in figures if matches(fig, mine)]


def _find_name(name: Figure, text: str) -> list[Figure]:
    """Where a competitor name is in ``text``, in any case, unless the words around a plain
    word make it one ("zoom in on"); see :mod:`briefpack.guard.competitors`."""
    return [Figure("name", name.value, start, end, matched)
            for start, end, matched in find_name(name.text, text)]
