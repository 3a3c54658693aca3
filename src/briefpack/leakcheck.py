"""``briefpack check``: find protected facts and phrases to avoid in a draft before it is sent.

Rules (see :func:`check_text`):

- **Figures of protected facts.** Amounts, percentages, dates, counts ("500 endpoints") and, in
  competitive facts, competitor names are taken from each protected fact's text and compared
  by value, whatever their format (4.2M USD = $4.2m = 4,200,000 = 4.2 million; 2027-04-15 =
  15 April 2027 = April 15, 2027 = 15/04/2027; 18% = 18 per cent). A figure that is also in
  an unprotected fact (e.g. a safe deployment date) is not distinctive and is ignored.
- **Text of protected facts.** Each clause of a protected fact is matched fuzzily.
- **Phrases to avoid.** Every category's ``avoid_phrases``, matched fuzzily; ``<amount>``,
  ``<date>``, ``<month>``, ``<percent>`` match a figure of that kind, other placeholders any
  one to four words.
- **Weak signals (low).** A protected category's keyword (e.g. "budget") next to a figure.

Severity: ``high`` for protected facts and for anything an audience role probes for;
``medium`` for phrases to avoid and for facts of a ``strategic`` category; ``low`` for keywords.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .drafts import DraftLine, read_draft
from .flow import Protection, protected_categories
from .models import Organisation, Playbook

# --------------------------------------------------------------------------- figures

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


def _number(text: str) -> float:
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
        return _number(g["n"])
    if kind == "count":
        return (_number(g["n"]), g["u"].lower().rstrip("s")[:7])
    value = _number(g["n"])
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


# --------------------------------------------------------------------------- words and phrases

_STOP = set("""a an the we our ours us you your i me my it its is are was were be been being am
will would shall should can could may might must to of in on at by for with as this that these
those and or but if so do does did have has had there here what which who whom than then up
out about before after from into just any some all very really also too one""".split())  # noqa: SIM905
_EXPAND = [(r"\bcan['’]t\b", "cannot"), (r"\bwon['’]t\b", "will not"), (r"n['’]t\b", " not"),
           (r"['’]re\b", " are"), (r"['’]ll\b", " will"), (r"['’]ve\b", " have"),
           (r"['’]d\b", " would"), (r"['’]m\b", " am"),
           (r"\b(it|that|there|what|here|he|she)['’]s\b", r"\1 is"), (r"['’]s\b", "")]
_COMPAT = {"amount": {"amount"}, "percent": {"percent"}, "date": {"date", "month", "relative"},
           "month": {"month", "date", "relative"}}


@dataclass
class Tok:
    """A normalised word (or a whole figure, ``§kind``) and the characters it came from."""

    norm: str
    start: int
    end: int
    fig: Figure | None = None

    @property
    def weight(self) -> float:
        """Stop words count less than content words and figures."""
        return 0.3 if self.norm in _STOP else 1.0


@functools.lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[Tok]:
    """Words of ``text``, lower-cased, contractions expanded; an amount, percentage, date or
    count is one token (``§amount``...); words of a month or relative date keep a link to it."""
    figures = find_figures(text)
    out: list[Tok] = []
    for m in re.finditer(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|\S", text):
        fig = next((f for f in figures if f.start <= m.start() < f.end), None)
        if fig is not None and fig.kind != "month":
            if out and out[-1].fig is fig:
                continue
            words = fig.value.split() if fig.kind == "relative" else [f"§{fig.kind}"]
            out += [Tok(w, fig.start, fig.end, fig) for w in words]
            continue
        if not m.group(0)[0].isalnum():
            continue
        word = m.group(0).lower()
        for pattern, repl in _EXPAND:
            word = re.sub(pattern, repl, word)
        out += [Tok(w, m.start(), m.end(), fig) for w in word.split()]
    return out


def _same(a: Tok, b: Tok) -> float:
    """0 when two tokens are the same word or figure, 0.5 for a near spelling, else 1."""
    if a.norm[0] == "§" or b.norm[0] == "§":
        return 0.0 if a.norm == b.norm and matches(a.fig, b.fig, loose=True) else 1.0
    return _words(a.norm, b.norm)


@functools.lru_cache(maxsize=65536)
def _words(a: str, b: str) -> float:
    if a == b or _stem(a) == _stem(b):
        return 0.0
    if min(len(a), len(b)) >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8:
        return 0.5
    return 1.0


@dataclass
class Matcher:
    """Fuzzy matcher of one phrase (with ``<placeholders>``) or fact clause against lines.

    A line matches when the phrase aligns with part of it at a weighted edit cost of at most a
    fifth of the phrase's weight, or when it holds a run of the phrase's words covering half
    its weight with at least ``min_run`` content words.
    """

    text: str
    phrase: bool = False
    items: list = field(default_factory=list)

    def __post_init__(self) -> None:
        for part in re.split(r"(<[^>]+>)", self.text):
            if part.startswith("<") and part.endswith(">"):
                self.items.append(part[1:-1].strip().lower())
            else:
                self.items += tokens(part)
        self.total = sum(1.0 if isinstance(i, str) else i.weight for i in self.items)
        self.content = sum(1 for i in self.items if isinstance(i, str) or i.weight == 1.0)
        self.min_run = 3 if self.phrase else 4
        self.stems = {_stem(i.norm) for i in self.items
                      if not isinstance(i, str) and i.weight == 1.0 and i.norm[0] != "§"}

    def _placeholder(self, name: str, span: list[Tok]) -> float:
        kinds = _COMPAT.get(name)
        if kinds is None:
            return 0.0 if len(span) <= 4 else math.inf
        if any(t.fig and t.fig.kind in kinds for t in span):
            return 0.0
        return 1.0 if len(span) <= 3 else math.inf

    def search(self, toks: list[Tok], text: str) -> tuple[int, int, str] | None:
        """(start, end, matched text) of the best match in a line's tokens, or None."""
        if not self.items or not toks:
            return None
        if len(self.stems & {_stem(t.norm) for t in toks}) * 2 < len(self.stems):
            return None  # too few of its words: neither rule can match
        n, inf = len(toks), math.inf
        prev = [(0.0, -j) for j in range(n + 1)]
        for item in self.items:
            cur = [(inf, 0)] * (n + 1)
            weight = 1.0 if isinstance(item, str) else item.weight
            for j in range(n + 1):
                best = (prev[j][0] + weight, prev[j][1])
                if j:
                    if isinstance(item, str):
                        for k in range(1, min(j, 4) + 1):
                            cost = prev[j - k][0] + self._placeholder(item, toks[j - k:j])
                            best = min(best, (cost, prev[j - k][1]))
                    else:
                        best = min(best, (prev[j - 1][0] + weight * _same(item, toks[j - 1]),
                                          prev[j - 1][1]))
                    best = min(best, (cur[j - 1][0] + 0.5 * toks[j - 1].weight, cur[j - 1][1]))
                cur[j] = best
            prev = cur
        cost, start, end = min(((prev[j][0], prev[j][1], j) for j in range(1, n + 1)
                                if -prev[j][1] < j), default=(inf, 0, 0))
        if cost <= 0.2 * self.total:
            return self._hit(toks, -start, end, text)
        return self._run(toks, text)

    def _run(self, toks: list[Tok], text: str) -> tuple[int, int, str] | None:
        items = self.items
        for a in range(len(items)):
            for b in range(len(toks)):
                size = 0
                while a + size < len(items) and b + size < len(toks) and (
                        self._placeholder(items[a + size], toks[b + size:b + size + 1]) == 0
                        if isinstance(items[a + size], str)
                        else _same(items[a + size], toks[b + size]) == 0):
                    size += 1
                run = [i for i in items[a:a + size] if not isinstance(i, str)]
                content = sum(1 for i in run if i.weight == 1.0)
                if content >= self.min_run and sum(i.weight for i in run) >= 0.5 * self.total:
                    return self._hit(toks, b, b + size, text)
        return None

    @staticmethod
    def _hit(toks: list[Tok], a: int, b: int, text: str) -> tuple[int, int, str]:
        start, last = toks[a].start, toks[b - 1]
        end = max(last.end, last.fig.end if last.fig else 0)
        return start, end, " ".join(text[start:end].split())



# --------------------------------------------------------------------------- findings

SEVERITIES = ("low", "medium", "high")
NAME_CATEGORIES = ("competitive-evaluation", "competitive-technology-depth")
KEYWORDS = {
    "budget": ("budget", "budgets", "budgeted", "set aside", "spending envelope"),
    "budget-cycle": ("fiscal year", "financial year", "budget round", "planning round",
                     "carried over", "carry over"),
    "renewal-timeline": ("renewal", "renews", "renew", "anniversary"),
    "renewal-urgency": ("lapse", "no extension", "signed by"),
    "commercial-strategy": ("walk away", "walk-away", "target price", "discount target"),
    "approval-constraints": ("cfo", "signing limit", "threshold"),
    "board-deadlines": ("board",),
    "strategic-initiatives": ("macc",),
}


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


def _build(org: Organisation, protected: dict[str, Protection], vendor: str) -> list[_Target]:
    """Protected facts with their distinctive figures: those not also in an unprotected fact,
    and competitor names that appear nowhere the vendor already knows (its own name, the
    account team, the agreement, commitments, advice, issues, unprotected facts)."""
    open_text = [f.text for f in org.facts if f.category not in protected]
    known = [*open_text, org.name, vendor] + [m.title + " " + m.notes for m in org.account_team]
    if org.agreement:
        known += [org.agreement.type, *org.agreement.terms]
    known += [c.summary + " " + c.evidence for c in org.commitments]
    known += [a.summary for a in org.advice] + [i.summary for i in org.issues]
    open_figures = [fig for text in open_text for fig in find_figures(text)]
    open_numbers = {_number(n) for text in open_text
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
        if fact.category in NAME_CATEGORIES:
            figures += [f for f in _names(fact.text, org) if f.value not in known_words]
        clauses = [Matcher(c) for c in re.split(r"[;:.!?,]\s|[()]|\s[-–—]\s", fact.text)]
        targets.append(_Target(fact.id, protected[fact.category], figures,
                               [m for m in clauses if m.content >= 4]))
    return targets


def _names(text: str, org: Organisation) -> list[Figure]:
    """Capitalised names used mid-sentence in competitive facts (CrowdStrike, Falcon, Zoom)."""
    competitive = " ".join(f.text for f in org.facts if f.category in NAME_CATEGORIES)
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
    targets = sorted(_build(org, protected, playbook.vendor.name), key=lambda t: not t.protection.probing_roles)
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
    for cat_id, words in KEYWORDS.items():
        prot = protected.get(cat_id)
        hit = _keyword_near_figure(text[:own], words, own_figures) if prot else None
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

    Raises :class:`~briefpack.drafts.DraftError` for a draft that cannot be read,
    :class:`UnknownRole` for an unknown audience role and ValidationFailed for an invalid
    organisation.
    """
    from .context import load_org_context

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
