"""Fuzzy matching of phrases and fact text: normalised tokens, stems, small wording changes."""

from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass, field

from briefpack.guard.figures import Figure, find_figures, matches

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
