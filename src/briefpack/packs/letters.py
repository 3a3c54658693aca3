"""How briefpack's letters address people: the organisation's ``salutation`` style.

``first-name`` (the default) writes "Dear Sam,", ``full-name`` "Dear Sam Rivera,"; several
people are joined as "Dear Sam and Priya," or "Dear Sam, Priya and Tomás,".
"""

from __future__ import annotations

STYLES = ("first-name", "full-name")


def called(name: str, style: str) -> str:
    """``name`` as a letter in ``style`` calls the person: the first word of the name, or all
    of it."""
    words = name.split()
    if style == "full-name" or not words:
        return " ".join(words)
    return words[0]


def join_names(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def salutation(names: list[str], style: str, fallback: str) -> str:
    """The letter's opening line: ``Dear Sam,``; ``Dear <fallback>,`` when nobody is named."""
    who = join_names(list(dict.fromkeys(called(n, style) for n in names)))
    return f"Dear {who or fallback},"
