"""Where a draft names one of the vendor's competitors (the playbook's ``competitors``).

Names match in any case and spacing: CrowdStrike = crowdstrike = Crowd Strike, Zoom Phone =
zoom phone. A one-word name that could be a plain English word (Zoom, Slack, Falcon) is the
competitor only where nothing makes it the plain word:

- not followed by a particle ("zoom in on") or by another capitalised word (a place: "Falcon
  House");
- in lower case, only in a clause about buying or testing something ("we tried zoom, it was
  cheaper"), never in "browser zoom level" or "a peregrine falcon";
- not after a determiner in lower case ("cut us some slack"), unless a word of buying or
  testing follows ("the falcon trial").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefpack.data.playbook import Competitor

# after a plain word: it is a verb ("zoom in on the numbers"); before: a noun ("some slack")
_PARTICLES = {"in", "out", "on", "into", "onto", "off", "up", "down", "through", "back",
              "ahead", "across", "away"}
# words that make a lower-case plain word the product: buying, pricing, testing, switching
_PRODUCT_CONTEXT = re.compile(
    r"\b(?:pric\w*|quot\w*|cheap\w*|cost\w*|licen[cs]\w*|seats?|per\s+(?:user|seat)|"
    r"trial\w*|tried|tests?|tested|testing|pilot\w*|poc|evaluat\w*|shortlist\w*|vs\.?|versus|"
    r"against|instead|switch\w*|migrat\w*|moved?|moving|alternatives?|competitors?|offer\w*|"
    r"deal|contract|renew\w*|vendor|edr|xdr|platform)\b", re.IGNORECASE)
_DETERMINERS = {"a", "an", "the", "some", "any", "no", "more", "less", "much", "this", "that",
                "each", "every", "to"}


@dataclass
class NameMatcher:
    """One competitor's names as patterns."""

    competitor: Competitor
    patterns: list[tuple[re.Pattern, bool]]  # (pattern, whether the name is one plain word)

    @classmethod
    def of(cls, competitor: Competitor) -> NameMatcher:
        """Patterns for every name of ``competitor``."""
        return cls(competitor, [_pattern(name) for name in competitor.names])

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, text) of every mention of the competitor in ``text``."""
        found = []
        for pattern, plain in self.patterns:
            for m in pattern.finditer(text):
                if plain and _plain_word_use(text, m):
                    continue
                if not any(m.start() < e and s < m.end() for s, e, _ in found):
                    found.append((m.start(), m.end(), m.group(0)))
        return found


def find_name(name: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every mention of one name in ``text``, by the rules above."""
    pattern, plain = _pattern(name)
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)
            if not (plain and _plain_word_use(text, m))]


def _pattern(name: str) -> tuple[re.Pattern, bool]:
    """A pattern for one name: its words (and the parts of a CamelCase word) with any spacing
    or a hyphen between them, any case, an optional possessive."""
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[0-9]+", name)
    body = r"[\s-]?".join(re.escape(p) for p in parts)
    plain = len(name.split()) == 1 and len(parts) == 1
    return re.compile(rf"\b{body}(?:['’]s)?\b", re.IGNORECASE), plain


def _plain_word_use(text: str, m: re.Match) -> bool:
    """Whether a one-word name is used as the plain word (see the module's rules)."""
    after = re.match(r"\s+([A-Za-z]+)", text[m.end():])
    if after and (after.group(1).lower() in _PARTICLES or after.group(1)[0].isupper()):
        return True
    if not m.group(0)[0].islower():
        return False
    before = re.search(r"([A-Za-z]+)\s+$", text[:m.start()])
    if before and before.group(1).lower() in _DETERMINERS:  # "some slack", not "the falcon trial"
        return not (after and _PRODUCT_CONTEXT.fullmatch(after.group(1)))
    clause = _clause(text, m.start(), m.end())
    return _PRODUCT_CONTEXT.search(clause) is None


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``start``..``end``: up to the nearest sentence break."""
    breaks = [i for i, c in enumerate(text) if c in ".;!?\n" and not
              (c == "." and 0 < i < len(text) - 1 and text[i + 1].isdigit())]
    left = max([i for i in breaks if i < start], default=-1)
    right = min([i for i in breaks if i >= end], default=len(text))
    return text[left + 1:start] + " " + text[end:right]
