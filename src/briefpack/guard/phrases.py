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
_EXPAND = [(re.compile(pattern), repl) for pattern, repl in [
    (r"\bcan['’]t\b", "cannot"), (r"\bwon['’]t\b", "will not"), (r"n['’]t\b", " not"),
    (r"['’]re\b", " are"), (r"['’]ll\b", " will"), (r"['’]ve\b", " have"),
    (r"['’]d\b", " would"), (r"['’]m\b", " am"),
    (r"\b(it|that|there|what|here|he|she)['’]s\b", r"\1 is"), (r"['’]s\b", "")]]
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|\S")
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
def stem(word: str) -> str:
    """A word without its ending -ing, -ed, -es or -s, if three letters at least remain."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[Tok]:
    """Words of ``text``, lower-cased, contractions expanded; an amount, percentage, date or
    count is one token (``§amount``...); words of a month or relative date keep a link to it."""
    figures = find_figures(text)
    out: list[Tok] = []
    for m in _WORD.finditer(text):
        fig = next((f for f in figures if f.start <= m.start() < f.end), None)
        if fig is not None and fig.kind != "month":
            if not (out and out[-1].fig is fig):  # one figure's tokens once
                out += _figure_tokens(fig)
        elif m.group(0)[0].isalnum():
            out += [Tok(w, m.start(), m.end(), fig)
                    for w in expand_contractions(m.group(0).lower()).split()]
    return out


def _figure_tokens(fig: Figure) -> list[Tok]:
    """The tokens of a figure: its canonical words for a relative date, else ``§kind``."""
    words = fig.value.split() if fig.kind == "relative" else [f"§{fig.kind}"]
    return [Tok(w, fig.start, fig.end, fig) for w in words]


def expand_contractions(word: str) -> str:
    """A lower-case word with its contraction spelt out: can't = cannot, we're = we are."""
    if "'" not in word and "’" not in word:
        return word  # every contraction has an apostrophe
    for pattern, repl in _EXPAND:
        word = pattern.sub(repl, word)
    return word


def _weight(item: Tok | str) -> float:
    """Weight of an item of a phrase: a placeholder (a str) counts as a content word."""
    return 1.0 if isinstance(item, str) else item.weight


def _token_distance(a: Tok, b: Tok) -> float:
    """0 when two tokens are the same word or figure, 0.5 for a near spelling, else 1."""
    if a.norm[0] == "§" or b.norm[0] == "§":
        return 0.0 if a.norm == b.norm and matches(a.fig, b.fig, loose=True) else 1.0
    return _word_distance(a.norm, b.norm)


@functools.lru_cache(maxsize=65536)
def _word_distance(a: str, b: str) -> float:
    """0 for the same word or stem, 0.5 for two long words spelt nearly alike, else 1."""
    if a == b or stem(a) == stem(b):
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
    phrase: bool = False  # a phrase to avoid (a run of 3 content words is enough), or a clause
    items: list = field(default_factory=list)  # tokens, and placeholder names (str)

    def __post_init__(self) -> None:
        self.items += _phrase_items(self.text)
        self.total = sum(_weight(i) for i in self.items)  # weight of the whole phrase
        self.content = sum(1 for i in self.items if _weight(i) == 1.0)  # content words
        self.min_run = 3 if self.phrase else 4
        self.stems = {stem(i.norm) for i in self.items
                      if _weight(i) == 1.0 and isinstance(i, Tok) and i.norm[0] != "§"}

    def _placeholder(self, name: str, span: list[Tok]) -> float:
        """Cost of a placeholder standing for ``span``: 0 for a figure of its kind (or for one
        to four words, if it names no kind of figure); 1 for up to three other words."""
        kinds = _COMPAT.get(name)
        if kinds is None:
            return 0.0 if len(span) <= 4 else math.inf
        if any(t.fig and t.fig.kind in kinds for t in span):
            return 0.0
        return 1.0 if len(span) <= 3 else math.inf

    def search(self, toks: list[Tok], text: str) -> tuple[int, int, str] | None:
        """(start, end, matched text) of the best match in a line's tokens, or None."""
        if not self.items or not toks or not self._may_match(toks):
            return None
        cost, start, end = self._best_alignment(toks)
        if cost <= 0.2 * self.total:
            return self._hit(toks, start, end, text)
        return self._run(toks, text)

    def _may_match(self, toks: list[Tok]) -> bool:
        """Whether the line holds half the phrase's content words at least; neither rule can
        match otherwise."""
        return len(self.stems & {stem(t.norm) for t in toks}) * 2 >= len(self.stems)

    def _best_alignment(self, toks: list[Tok]) -> tuple[float, int, int]:
        """(cost, start, end) of the cheapest alignment of the phrase with a span of ``toks``.

        Dynamic programming over the phrase's items: for every end ``j`` in the line, the
        cheapest (cost, -start) of aligning the items so far with a span ending there.
        """
        n = len(toks)
        row = [(0.0, -j) for j in range(n + 1)]
        for item in self.items:
            row = self._next_row(item, row, toks)
        cost, start, end = min(((row[j][0], row[j][1], j) for j in range(1, n + 1)
                                if -row[j][1] < j), default=(math.inf, 0, 0))
        return cost, -start, end

    def _next_row(self, item: Tok | str, prev: list[tuple], toks: list[Tok]) -> list[tuple]:
        """The alignment costs with ``item`` added, from those without it (``prev``): leave the
        item out (its weight), match it to the line's last tokens, or skip a word of the line
        (half the word's weight)."""
        weight = _weight(item)
        taken = (self._placeholder_costs(item, prev, toks) if isinstance(item, str)
                 else self._word_costs(item, prev, toks))
        cur = [(prev[0][0] + weight, prev[0][1])]
        for j in range(1, len(toks) + 1):
            best = min((prev[j][0] + weight, prev[j][1]), taken[j])
            cur.append(min(best, (cur[j - 1][0] + 0.5 * toks[j - 1].weight, cur[j - 1][1])))
        return cur

    @staticmethod
    def _word_costs(item: Tok, prev: list[tuple], toks: list[Tok]) -> list[tuple]:
        """For every end ``j`` (from 1), the cost of matching a word of the phrase to token
        ``j - 1``."""
        return [(math.inf, 0)] + [
            (prev[j - 1][0] + item.weight * _token_distance(item, toks[j - 1]), prev[j - 1][1])
            for j in range(1, len(toks) + 1)]

    def _placeholder_costs(self, name: str, prev: list[tuple], toks: list[Tok]) -> list[tuple]:
        """For every end ``j`` (from 1), the cheapest cost of a placeholder standing for the
        one to four tokens before ``j``."""
        return [(math.inf, 0)] + [
            min((prev[j - k][0] + self._placeholder(name, toks[j - k:j]), prev[j - k][1])
                for k in range(1, min(j, 4) + 1))
            for j in range(1, len(toks) + 1)]

    def _run(self, toks: list[Tok], text: str) -> tuple[int, int, str] | None:
        """The first run of the phrase's items matched exactly, in order, that covers half the
        phrase's weight with at least ``min_run`` content words; None if there is none."""
        for a in range(len(self.items)):
            for b in range(len(toks)):
                size = self._run_length(a, toks, b)
                if self._covers_enough(self.items[a:a + size]):
                    return self._hit(toks, b, b + size, text)
        return None

    def _run_length(self, a: int, toks: list[Tok], b: int) -> int:
        """How many items from the ``a``-th match tokens from the ``b``-th exactly, in turn."""
        size = 0
        while (a + size < len(self.items) and b + size < len(toks)
               and self._fits(self.items[a + size], toks, b + size)):
            size += 1
        return size

    def _fits(self, item: Tok | str, toks: list[Tok], j: int) -> bool:
        """Whether an item matches token ``j`` exactly (a placeholder at no cost)."""
        if isinstance(item, str):
            return self._placeholder(item, toks[j:j + 1]) == 0
        return _token_distance(item, toks[j]) == 0

    def _covers_enough(self, items: list[Tok | str]) -> bool:
        """Whether a run of items holds ``min_run`` content words and half the phrase's
        weight (placeholders aside)."""
        run = [i for i in items if not isinstance(i, str)]
        content = sum(1 for i in run if i.weight == 1.0)
        return content >= self.min_run and sum(i.weight for i in run) >= 0.5 * self.total

    @staticmethod
    def _hit(toks: list[Tok], a: int, b: int, text: str) -> tuple[int, int, str]:
        """(start, end, text with white space collapsed) of tokens ``a`` to ``b - 1``."""
        start, last = toks[a].start, toks[b - 1]
        end = max(last.end, last.fig.end if last.fig else 0)
        return start, end, " ".join(text[start:end].split())


def _phrase_items(text: str) -> list[Tok | str]:
    """The items of a phrase: its tokens, and the name of each ``<placeholder>`` (a str)."""
    items: list[Tok | str] = []
    for part in re.split(r"(<[^>]+>)", text):
        if part.startswith("<") and part.endswith(">"):
            items.append(part[1:-1].strip().lower())
        else:
            items += tokens(part)
    return items
