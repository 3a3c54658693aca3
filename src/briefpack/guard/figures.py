"""Figures in text — amounts, percentages, dates, counts — found and compared by value,
whatever their format (4.2M USD = $4.2m = 4,200,000; 2027-04-15 = 15 April 2027)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_FULL_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMBER = r"\d{1,3},\d{1,2}(?=\s?(?:mio|mln|mn|m|million|bn|k)\b)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d+(?:\.\d+)?"
_DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_BASE_WORDS = (rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_DIGIT_WORDS[1:])}))?|"
               rf"{'|'.join(_TEENS)}|{'|'.join(_DIGIT_WORDS)}")
# a number in words: "eighteen", "twenty-five", "four point two", "five hundred", "one and a
# half", "a", "half a"
_NUMBER_WORDS = (rf"half\s+an?|an?(?=\s+(?:million|thousand|billion|hundred)\b)|"
                 rf"(?:{_BASE_WORDS})(?:\s+hundred)?"
                 rf"(?:\s+point(?:\s+(?:{'|'.join(_DIGIT_WORDS)}))+|[\s-]+and[\s-]+a[\s-]+half)?")
_MAGNITUDES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "mil": 1e6,
               "mill": 1e6, "mio": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6,
               "bn": 1e9, "billion": 1e9}
# words before a figure that make it approximate: compared with a tolerance (see matches)
_APPROX = (r"(?:about|around|roughly|approximately|approx\.?|circa|c\.|some|nearly|almost|"
           r"close\s+to|just\s+(?:over|under|below|above|shy\s+of)|a\s+(?:bit|little|touch)\s+"
           r"(?:over|under|more\s+than|less\s+than|above|below)|north\s+of|south\s+of|"
           r"upwards\s+of|in\s+the\s+region\s+of|over|under|above|below|more\s+than|"
           r"less\s+than|up\s+to|~)")
TOLERANCE = 0.10  # an approximate amount or percentage matches within 10% of the fact's value
_FRACTIONS = {"a quarter": 25.0, "a third": 100 / 3, "half": 50.0, "a half": 50.0,
              "a fifth": 20.0, "a tenth": 10.0, "two thirds": 200 / 3, "three quarters": 75.0,
              "1/4": 25.0, "1/3": 100 / 3, "1/2": 50.0, "1/5": 20.0, "1/10": 10.0}
_RELATIVE_PRICE = r"(?:cheaper|lower|less|fewer|below|under|off|more|higher|above|dearer)"
_SPAN_DAYS = {"end": (21, 31), "close": (21, 31), "late": (21, 31), "middle": (10, 20),
              "mid": (10, 20), "beginning": (1, 10), "start": (1, 10), "early": (1, 10)}
_COUNT_UNITS = (r"users?|seats?|licen[cs]es?|endpoints?|devices?|cores?|servers?|accounts?|"
                r"staff|employees?|mailboxes?|desktops?|laptops?|workers?|subscriptions?")
_I = re.IGNORECASE
_YEAR_AFTER = r"(?:,?\s+(?P<y>\d{4})\b|\s+(?P<rel>next|this)\s+year\b)?"
_DIGIT = re.compile(r"\d")
# (kind, pattern, gate): the gate (or None) is part of every match of the pattern, and a quick
# search for it skips the pattern in a line that cannot hold one (most lines hold no figure)
_PATTERNS = [
    ("span", re.compile(rf"\b(?:the\s+)?(?P<pos>end|close|middle|beginning|start)\s+of\s+"
                        rf"(?P<mon>{_MONTH})\b\.?{_YEAR_AFTER}", _I), re.compile(r"\sof\s", _I)),
    ("span", re.compile(rf"\b(?P<pos>early|mid|late)[\s-]+(?P<mon>{_MONTH})\b\.?{_YEAR_AFTER}",
                        _I), None),
    ("percent", re.compile(rf"(?:(?P<approx>{_APPROX})\s+)?(?P<frac>{'|'.join(_FRACTIONS)})"
                           rf"(?=\s+{_RELATIVE_PRICE}\b)", _I),
     re.compile(rf"\s{_RELATIVE_PRICE}\b", _I)),
    ("date", re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"), _DIGIT),
    ("date", re.compile(r"\b(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4}|\d{2})\b"), _DIGIT),
    ("date", re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/%]|\s*(?:cheaper|"
                        r"lower|less|fewer|below|under|of\b|support\b))(?<!24/7)"), _DIGIT),
    ("date", re.compile(rf"\b(?P<d>\d{{1,2}}){_ORDINAL}(?:\s+of)?\s+(?P<mon>{_MONTH})\b"
                        rf"(?:\.?,?\s+(?P<y>\d{{4}})\b)?", _I), _DIGIT),
    ("date", re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORDINAL}\b(?!\s*%)"
                        rf"(?:,?\s+(?P<y>\d{{4}})\b)?", _I), _DIGIT),
    ("month", re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<y>\d{{4}})\b", _I), _DIGIT),
    ("relative", re.compile(rf"\b(?:(?:year|quarter|month)[- ]end|end\s+of\s+"
                            rf"(?:the\s+)?(?:month|quarter|year|(?:fiscal|financial)\s+year|"
                            rf"q[1-4]|{_MONTH})|(?:next|this)\s+(?:week|month|quarter)|"
                            rf"q[1-4](?:\s+(?:fy)?\d{{2,4}})?)\b", _I), None),
    ("month", re.compile(r"\b(?P<mon>January|February|March|April|June|July|August|September|"
                         r"October|November|December)\b|\b(?:in|by|of|until|before|from|since|"
                         r"early|late|mid|end)[\s-]+(?P<may>May)\b"), None),
    ("percent", re.compile(rf"(?:(?<!\w)(?P<approx>{_APPROX})\s*)?(?<![\w.,])"
                           rf"(?P<n>\d+(?:\.\d+)?|\b(?:{_NUMBER_WORDS}))\s*"
                           r"(?:%|per\s?cent\b|percent\b)", _I), re.compile(r"%|per\s?cent", _I)),
    ("count", re.compile(rf"(?<![\w.,$€£])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+"
                         rf"(?:[A-Za-z&-]+\s+){{0,2}}?(?P<u>{_COUNT_UNITS})\b", _I), _DIGIT),
    ("amount", re.compile(rf"(?<!thanks )(?<!thank you )(?:(?<!\w)(?P<approx>{_APPROX})\s*)?"
                          rf"(?<![\w.,])(?:(?P<c1>US\$|\$|€|£|USD|EUR|GBP)\s?)?"
                          rf"(?P<n>{_NUMBER}|{_NUMBER_WORDS})"
                          rf"(?:\s*(?P<mag>{'|'.join(sorted(_MAGNITUDES, key=len, reverse=True))}))?\b"
                          rf"(?:\s?(?P<c2>USD|EUR|GBP|dollars?|euros?|pounds?)\b)?", _I), None),
]


@dataclass
class Figure:
    """A figure found in text: its kind, a value comparable across formats, and where it is."""

    kind: str  # amount | percent | date | span | month | relative | count | name
    value: object
    start: int
    end: int
    text: str
    approx: bool = False  # "about 4 million", "four point two million": within TOLERANCE


def parse_number(text: str) -> float:
    """The value of a number written in digits (4,200,000; 6 800) or words (eighteen,
    twenty-five, four point two, five hundred, one and a half, a, half a)."""
    text = text.lower()
    if text[0].isalpha():
        return _words_value(re.split(r"[-\s]+", text))
    if re.fullmatch(r"\d{1,3},\d{1,2}", text):  # a decimal comma: 4,2 mio
        return float(text.replace(",", "."))
    return float(re.sub(r"[,\s\u00a0\u202f]", "", text))


def _words_value(words: list[str]) -> float:
    """The value of a number in words, split into words."""
    if words[0] == "half":
        return 0.5
    if words[0] in ("a", "an"):
        return 1.0
    if "point" in words:
        i = words.index("point")
        decimals = "".join(str(_DIGIT_WORDS.index(w)) for w in words[i + 1:])
        return _words_value(words[:i]) + float(f"0.{decimals}")
    half = 0.5 if words[-2:] == ["a", "half"] else 0.0
    words = words[:-3] if half else words
    value = 0.0
    for word in words:
        if word in _TENS:
            value += _TENS.index(word) * 10 + 20
        elif word in _TEENS:
            value += _TEENS.index(word) + 10
        elif word in _DIGIT_WORDS:
            value += _DIGIT_WORDS.index(word)
        elif word == "hundred":
            value *= 100
    return value + half


def _month(name: str) -> int:
    """The number of a month from its name or abbreviation (Sept. = 9)."""
    name = name.lower().rstrip(".")
    return next(i + 1 for i, full in enumerate(_FULL_MONTHS) if full.startswith(name[:3]))


def _date_value(m: re.Match) -> frozenset | None:
    """Every (day, month, year) a date can mean (03/04/2027 either way round; year None when
    not written), or None if it is no valid date."""
    g = m.groupdict()
    year = _year(g.get("y"))
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        pairs = [(a, b), (b, a)]
    else:
        pairs = [(int(g["d"]), int(g["m"]) if g.get("m") else _month(g["mon"]))]
    dates = frozenset((d, mo, year) for d, mo in pairs if 1 <= d <= 31 and 1 <= mo <= 12)
    return dates or None


def _year(text: str | None) -> int | None:
    """A date's year, 27 read as 2027; None when it has none."""
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _month_value(m: re.Match) -> tuple[int, int | None]:
    """(month, year or None) of a month named on its own (April 2027, in May)."""
    g = m.groupdict()
    return (_month(g.get("mon") or g.get("may")), int(g["y"]) if g.get("y") else None)


def _relative_value(m: re.Match) -> str:
    """A relative date in canonical words: "end of the quarter" = "quarter-end" = "quarter end"."""
    words = re.sub(r"[\s-]+", " ", m.group(0).lower())
    end = re.fullmatch(r"end of (?:the )?(?:fiscal |financial )?(\w+)", words)
    return f"{end.group(1)} end" if end else words


def _percent_value(m: re.Match) -> float:
    """The number of a percentage (18% = eighteen per cent = 18; "a quarter" cheaper = 25)."""
    frac = m.groupdict().get("frac")
    if frac:
        return _FRACTIONS[re.sub(r"\s+", " ", frac.lower())]
    return parse_number(m.group("n"))


def _span_value(m: re.Match, today: date) -> tuple[int, int, int, int | None]:
    """(month, first day, last day, year or None) of part of a month: "end of May" is 21 to 31
    May; "next year" and "this year" are counted from ``today``."""
    g = m.groupdict()
    first, last = _SPAN_DAYS[g["pos"].lower()]
    rel = (g.get("rel") or "").lower()
    year = int(g["y"]) if g.get("y") else {"next": today.year + 1, "this": today.year}.get(rel)
    return (_month(g["mon"]), first, last, year)


def _count_value(m: re.Match) -> tuple[float, str]:
    """(number, unit) of a count; the unit without plural and cut short (licences = licence)."""
    return (parse_number(m.group("n")), m.group("u").lower().rstrip("s")[:7])


def _amount_value(m: re.Match) -> float | None:
    """The value of an amount, magnitude applied (4.2M = 4,200,000), or None for a number that
    is no amount: a word without magnitude, or without currency or magnitude a number below
    10,000 or with decimals."""
    g = m.groupdict()
    value = parse_number(g["n"])
    mag = (g.get("mag") or "").lower()
    money = g.get("c1") or g.get("c2") or mag
    if g["n"][0].isalpha() and not mag:
        return None
    if not money and (value < 10000 or "." in g["n"]):
        return None
    if mag and not (g.get("c1") or g.get("c2")) and _counts_things(m):
        return None
    return value * _MAGNITUDES.get(mag, 1.0)


# words ending in s that are not things counted: "4.2M is the number", "1M plus tax"
_NOT_THINGS = {"is", "was", "has", "as", "this", "its", "plus", "less", "across", "towards",
               "us", "thus", "unless", "dollars", "euros", "pounds", "bucks", "yes"}


def _counts_things(m: re.Match) -> bool:
    """Whether a magnitude without currency counts things, not money: "1 million parcels",
    "c. 1 mn lines a year" (a plural noun follows)."""
    after = re.match(r"\s+([a-z]+)", m.string[m.end():])
    return bool(after and after.group(1).endswith("s") and after.group(1) not in _NOT_THINGS)


# kind of figure -> its comparable value from the match of one of its patterns (None: not one)
_VALUE_OF = {"date": _date_value, "month": _month_value, "relative": _relative_value,
             "percent": _percent_value, "count": _count_value, "amount": _amount_value}


def find_figures(text: str, today: date | None = None) -> list[Figure]:
    """Dates, parts of months, months, relative dates, percentages, counts and amounts in
    ``text``, by position; "next year" counts from ``today`` (default: the system's date)."""
    found: list[Figure] = []
    for kind, pattern, gate in _PATTERNS:
        if gate is not None and not gate.search(text):
            continue
        for m in pattern.finditer(text):
            span = _figure_span(m)
            if any(span[0] < f.end and f.start < span[1] for f in found):
                continue
            value = (_span_value(m, today or date.today()) if kind == "span"
                     else _VALUE_OF[kind](m))
            if value is not None:
                found.append(Figure(kind, value, span[0], span[1], text[span[0]:span[1]],
                                    _approximate(m)))
    return sorted(found, key=lambda f: f.start)


def _figure_span(m: re.Match) -> tuple[int, int]:
    """Where the figure of a match is: May of "in May"; an approximate figure without the words
    that qualify it ("about" stays a word of the line)."""
    g = m.groupdict()
    if g.get("may"):
        return m.span("may")
    if g.get("approx"):
        rest = m.group(0)[m.end("approx") - m.start():]
        return m.end() - len(rest.lstrip()), m.end()
    return m.span()


def _approximate(m: re.Match) -> bool:
    """Whether a figure is approximate: qualified ("about", "north of") or in words."""
    g = m.groupdict()
    return bool(g.get("approx") or g.get("frac") or (g.get("n") or "0")[0].isalpha())


def matches(draft: Figure, fact: Figure, loose: bool = False) -> bool:
    """Whether a figure of the draft is the fact's figure, whatever its format.

    An approximate amount or percentage matches within :data:`TOLERANCE` of the fact's value.
    A part of a month ("end of May") matches a date in it. A date without a year matches the
    same day and month of any year, but a date with a year does not match a fact's date without
    one (unless ``loose``, used to compare facts).
    """
    if draft.kind == "span" or fact.kind == "span":
        return _span_matches(draft, fact)
    if draft.kind != fact.kind:
        return False
    if draft.kind in ("amount", "percent"):
        tolerance = TOLERANCE if draft.approx else 1e-9
        return math.isclose(draft.value, fact.value, rel_tol=tolerance)
    if draft.kind == "date":
        return any((d1, m1) == (d2, m2) and _same_year(y1, y2, loose)
                   for d1, m1, y1 in draft.value for d2, m2, y2 in fact.value)
    return draft.value == fact.value


def _days(figure: Figure) -> list[tuple[int, int, int, int | None]]:
    """A date or part of a month as (month, first day, last day, year) ranges."""
    if figure.kind == "span":
        return [figure.value]
    if figure.kind == "date":
        return [(m, d, d, y) for d, m, y in figure.value]
    return []


def _span_matches(draft: Figure, fact: Figure) -> bool:
    """Whether a part of a month and a date (or another part) share a day."""
    return any(m1 == m2 and a1 <= b2 and a2 <= b1 and _same_year(y1, y2, True)
               for m1, a1, b1, y1 in _days(draft) for m2, a2, b2, y2 in _days(fact))


def _same_year(draft: int | None, fact: int | None, loose: bool) -> bool:
    """Whether a draft's date year agrees with a fact's: equal, or not written in the draft;
    when ``loose``, either may be missing."""
    return draft == fact or draft is None and fact is not None or loose and None in (draft, fact)
