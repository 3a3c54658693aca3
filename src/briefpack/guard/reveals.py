"""Wording that gives a category away (a playbook's ``reveals``), matched in a line's tokens.

The line's tokens become one string of stems, a figure one ``§kind`` token and a competitor's
name one ``§competitor`` token; each wording becomes a regular expression over that string
(see :mod:`briefpack.data.wording` for the language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefpack.data.wording import GAP, PLACEHOLDERS, Slot, parse_wording
from briefpack.guard.phrases import Tok, expand_contractions, stem


@dataclass
class Stems:
    """A line's tokens as one string of stems, and where each token starts in it."""

    text: str
    offsets: list[int]  # offset in ``text`` of each token
    toks: list[Tok]

    @classmethod
    def of(cls, toks: list[Tok], competitors: list[tuple[int, int]], text: str) -> Stems:
        """The stems of ``toks``; a token inside a competitor's name span (start, end) in the
        line becomes ``§competitor``, once per name; a ``|`` stands between two tokens that
        punctuation separates (a wording matches within a clause)."""
        words: list[str] = []
        kept: list[Tok] = []
        for tok in toks:
            if kept and _CLAUSE_BREAK.search(text, kept[-1].end, tok.start):
                kept.append(Tok("|", kept[-1].end, kept[-1].end))
                words.append("|")
            span = next((c for c in competitors if c[0] <= tok.start < c[1]), None)
            if span is not None:
                if kept and kept[-1].norm == "§competitor" and kept[-1].start >= span[0]:
                    continue
                tok = Tok("§competitor", span[0], span[1])
            elif tok.fig is not None:
                if kept and kept[-1].fig is tok.fig:
                    continue  # a figure's words once
                tok = Tok(f"§{tok.fig.kind}", tok.fig.start, tok.fig.end, tok.fig)
            kept.append(tok)
            words.append(tok.norm if tok.norm[0] == "§" else stem(tok.norm))
        offsets, pos = [], 0
        for word in words:
            offsets.append(pos)
            pos += len(word) + 1
        return cls(" ".join(words) + " ", offsets, kept)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The character span in the line of the tokens between two offsets of ``text``."""
        first = next(i for i, o in enumerate(self.offsets) if o >= start)
        last = max(i for i, o in enumerate(self.offsets) if o < end)
        tok = self.toks[last]
        return self.toks[first].start, max(tok.end, tok.fig.end if tok.fig else 0)


_CLAUSE_BREAK = re.compile(r"[,;:.!?()\u2013\u2014]|\s-\s")


def compile_wording(text: str) -> re.Pattern:
    """A regular expression over :class:`Stems` text for one ``reveals`` entry."""
    parts: list[str] = []
    gap = 0
    for slot in parse_wording(text):
        if slot.gap:
            gap += GAP
            continue
        part = _slot_pattern(slot)
        if gap:
            part = rf"(?:[^\s|]+ ){{0,{gap}}}" + part
            gap = 0
        parts.append(part)
    return re.compile(r"(?:(?<= )|^)" + "".join(parts))


def _slot_pattern(slot: Slot) -> str:
    """The pattern of one slot, each token followed by its space."""
    if slot.placeholder:
        kinds = "|".join(f"§{k}" for k in PLACEHOLDERS[slot.placeholder])
        core = f"(?:{kinds}) "
    else:
        alternatives = []
        for words in slot.words:
            stems = [stem(w) for word in words for w in expand_contractions(word).split()]
            alternatives.append("".join(re.escape(s) + " " for s in stems))
        core = "(?:" + "|".join(alternatives) + ")"
    if slot.negated:
        return f"(?!{core})"
    return f"(?:{core})?" if slot.optional else core


def search(pattern: re.Pattern, stems: Stems, text: str) -> tuple[int, int, str] | None:
    """(start, end, matched text) of the first match of ``pattern`` in a line, or None."""
    m = pattern.search(stems.text)
    if m is None or m.end() == m.start():
        return None
    start, end = stems.span(m.start(), m.end())
    return start, end, " ".join(text[start:end].split())
