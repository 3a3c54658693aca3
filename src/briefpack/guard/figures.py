"""Figures in text — amounts, percentages, dates, counts — found and compared by value,
whatever their format (4.2M USD = $4.2m = 4,200,000; 2027-04-15 = 15 April 2027)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_FULL_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d+(?:\.\d+)?"
_UNITS_W = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORDNUM = (rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS_W[1:])}))?|"
            rf"{'|'.join(_TEENS)}|{'|'.join(_UNITS_W)}")
_MAGS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "million": 1e6,
         "bn": 1e9, "billion": 1e9}
_UNITS = (r"users?|seats?|licen[cs]es?|endpoints?|devices?|cores?|servers?|accounts?|staff|"
          r"employees?|mailboxes?|desktops?|laptops?|workers?|subscriptions?")
_I = re.IGNORECASE
_PATTERNS = [
    ("date", re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b")),
    ("date", re.compile(r"\b(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4}|\d{2})\b")),
    ("date", re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<mon>{_MON})\b"
                        rf"(?:\.?,?\s+(?P<y>\d{{4}})\b)?", _I)),
    ("date", re.compile(rf"\b(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}}){_ORD}\b(?!\s*%)"
                        rf"(?:,?\s+(?P<y>\d{{4}})\b)?", _I)),
    ("month", re.compile(rf"\b(?P<mon>{_MON})\.?\s+(?P<y>\d{{4}})\b", _I)),
    ("relative", re.compile(rf"\b(?:(?:year|quarter|month)[- ]end|end\s+of\s+"
                            rf"(?:the\s+)?(?:month|quarter|year|(?:fiscal|financial)\s+year|"
                            rf"q[1-4]|{_MON})|(?:next|this)\s+(?:week|month|quarter)|"
                            rf"q[1-4](?:\s+(?:fy)?\d{{2,4}})?)\b", _I)),
    ("month", re.compile(r"\b(?P<mon>January|February|March|April|June|July|August|September|"
                         r"October|November|December)\b|\b(?:in|by|of|until|before|from|since|"
                         r"early|late|mid|end)[\s-]+(?P<may>May)\b")),
    ("percent", re.compile(rf"(?<![\w.,])(?P<n>\d+(?:\.\d+)?|\b(?:{_WORDNUM}))\s*"
                           r"(?:%|per\s?cent\b|percent\b)", _I)),
    ("count", re.compile(rf"(?<![\w.,$€£])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+"
                         rf"(?:[A-Za-z&-]+\s+){{0,2}}?(?P<u>{_UNITS})\b", _I)),
    ("amount", re.compile(rf"(?<![\w.,])(?:(?P<c1>US\$|\$|€|£|USD|EUR|GBP)\s?)?"
                          rf"(?P<n>{_NUM}|{_WORDNUM})(?:\s?(?P<mag>{'|'.join(_MAGS)}))?\b"
                          rf"(?:\s?(?P<c2>USD|EUR|GBP|dollars?|euros?|pounds?)\b)?", _I)),
]


@dataclass
class Figure:
    """A figure found in text: its kind, a value comparable across formats, and where it is."""

    kind: str  # amount | percent | date | month | relative | count | name
    value: object
    start: int
    end: int
    text: str


def parse_number(text: str) -> float:
    text = text.lower()
    if text[0].isalpha():
        words = re.split(r"[- ]", text)
        tens = _TENS.index(words[0]) * 10 + 20 if words[0] in _TENS else 0
        last = words[-1] if not tens or len(words) > 1 else "zero"
        return float(tens + (_TEENS.index(last) + 10 if last in _TEENS else _UNITS_W.index(last)))
    return float(re.sub(r"[,\s\u00a0\u202f]", "", text))


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i + 1 for i, full in enumerate(_FULL_MONTHS) if full.startswith(name[:3]))


def _value(kind: str, m: re.Match) -> object:
    g = m.groupdict()
    if kind == "date":
        year = int(g["y"]) if g.get("y") else None
        year = year + 2000 if year is not None and year < 100 else year
        if "a" in g:
            a, b = int(g["a"]), int(g["b"])
            pairs = [(a, b), (b, a)]
        else:
            pairs = [(int(g["d"]), int(g["m"]) if g.get("m") else _month(g["mon"]))]
        dates = frozenset((d, mo, year) for d, mo in pairs if 1 <= d <= 31 and 1 <= mo <= 12)
        return dates or None
    if kind == "month":
        return (_month(g.get("mon") or g.get("may")), int(g["y"]) if g.get("y") else None)
    if kind == "relative":  # canonical words: "end of the quarter" = "quarter-end"
        words = re.sub(r"[\s-]+", " ", m.group(0).lower())
        end = re.fullmatch(r"end of (?:the )?(?:fiscal |financial )?(\w+)", words)
        return f"{end.group(1)} end" if end else words
    if kind == "percent":
        return parse_number(g["n"])
    if kind == "count":
        return (parse_number(g["n"]), g["u"].lower().rstrip("s")[:7])
    value = parse_number(g["n"])
    mag = (g.get("mag") or "").lower()
    money = g.get("c1") or g.get("c2") or mag
    if g["n"][0].isalpha() and not mag:
        return None
    if not money and (value < 10000 or "." in g["n"]):
        return None
    return value * _MAGS.get(mag, 1.0)


def find_figures(text: str) -> list[Figure]:
    """Dates, months, relative dates, percentages, counts and amounts in ``text``, by position."""
    found: list[Figure] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = m.span("may") if m.groupdict().get("may") else m.span()
            if any(span[0] < f.end and f.start < span[1] for f in found):
                continue
            value = _value(kind, m)
            if value is not None:
                found.append(Figure(kind, value, span[0], span[1], text[span[0]:span[1]]))
    return sorted(found, key=lambda f: f.start)


def matches(draft: Figure, fact: Figure, loose: bool = False) -> bool:
    """Whether a figure of the draft is the fact's figure, whatever its format.

    A date without a year matches the same day and month of any year, but a date with a year
    does not match a fact's date without one (unless ``loose``, used to compare facts).
    """
    if draft.kind != fact.kind:
        return False
    if draft.kind in ("amount", "percent"):
        return math.isclose(draft.value, fact.value, rel_tol=1e-9)
    if draft.kind == "date":
        return any((d1, m1) == (d2, m2) and (y1 == y2 or y1 is None and y2 is not None
                                             or loose and None in (y1, y2))
                   for d1, m1, y1 in draft.value for d2, m2, y2 in fact.value)
    return draft.value == fact.value
