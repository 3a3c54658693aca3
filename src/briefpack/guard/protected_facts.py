"""What would give a protected fact away in a draft: its distinctive figures, the competitor
names it holds, and its clauses.

A figure is distinctive when nothing the vendor already knows holds it too: an unprotected fact
(a safe deployment date), the agreement (its terms, its renewal date), a commitment the vendor
made, or a fact marked ``known_to_vendor``; a competitor name (in a category that
``names_competitors`` in the playbook) when it appears nowhere the vendor already knows. A fact
marked ``known_to_vendor`` is never looked for.
"""

from __future__ import annotations

import functools
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

    figures: list[Figure]  # figures of the unprotected facts, the agreement, the commitments
    numbers: set[float]  # every number in the unprotected facts
    words: set[str]  # case-folded words of everything the vendor has seen
    signed: list[Figure]  # figures of what the vendor signed or said: the agreement, commitments


class FactTexts:
    """The figures and clause matchers of an organisation's texts, each found once: the rules for
    every audience a batch meets are made from the same texts (see
    :func:`briefpack.guard.rules.build_rules`). "Next year" in them counts from the system's
    date, as :func:`find_figures` does."""

    def __init__(self) -> None:
        self.figures = functools.cache(find_figures)  # a text -> its figures
        self.clauses = functools.cache(_clauses)  # a fact's text -> matchers of its clauses


def protected_facts(org: Organisation, protected: dict[str, Protection], playbook: Playbook,
                    known: KnownToVendor, texts: FactTexts) -> list[ProtectedFact]:
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
        figures = _distinctive_figures(texts.figures(fact.text), known)
        if fact.category in competitive:
            figures += [name for name in _competitor_names(fact.text, mid_sentence)
                        if name.value not in known.words]
        facts.append(ProtectedFact(fact.id, protected[fact.category], figures,
                                   texts.clauses(fact.text)))
    return facts


def known_to_vendor(org: Organisation, protected: dict[str, Protection], vendor: str,
                    texts: FactTexts) -> KnownToVendor:
    """Figures and numbers of what the vendor knows, and the words of all it has seen.

    What it knows with its figures: the unprotected facts and those marked ``known_to_vendor``,
    and what it signed or said, the agreement's terms and the commitments it made. (Not the
    renewal date: the vendor knows it, but a fact about it is protected from a CSM all the
    same.)"""
    facts = [f.text for f in org.facts if f.category not in protected or f.known_to_vendor]
    signed = [*(org.agreement.terms if org.agreement else []),
              *(c.summary for c in org.commitments)]
    signed_figures = [fig for text in signed for fig in texts.figures(text)]
    known = facts + signed
    return KnownToVendor(
        figures=[fig for text in facts for fig in texts.figures(text)] + signed_figures,
        numbers={parse_number(n) for text in known for n in _NUMBER.findall(text)},
        words=_known_words(known, org, vendor),
        signed=signed_figures)


def _known_words(known: list[str], org: Organisation, vendor: str) -> set[str]:
    """Case-folded words of everything the vendor has seen: what it knows (``known``, see
    :func:`known_to_vendor`), its name and ours, the account team, the evidence of commitments,
    advice and issues."""
    seen = [*known, org.name, vendor]
    seen += [m.title + " " + m.notes for m in org.account_team]
    if org.agreement:
        seen.append(org.agreement.type)
    seen += [c.evidence for c in org.commitments]
    seen += [a.summary for a in org.advice] + [i.summary for i in org.issues]
    return {w.casefold() for text in seen for w in re.findall(r"[A-Za-z]+", text)}


def _distinctive_figures(figures: list[Figure], known: KnownToVendor) -> list[Figure]:
    """The amounts, percentages, dates and counts of a protected fact's ``figures`` that are not
    also in an unprotected fact (for a count, its number alone is enough to be known)."""
    return [f for f in figures
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
