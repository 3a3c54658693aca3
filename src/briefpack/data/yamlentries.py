"""Add and change the entries of a list in a :class:`~briefpack.data.yamledit.YamlEdit`, in the
list's own style.

``followup --apply`` adds commitments to the register in org.yaml and changes existing ones. A
person reading the file afterwards should not be able to tell which entries briefpack wrote: a
new entry quotes its text as the entry before it does (``summary: "..."``), the blank line and
comments that closed the list still close it (ruamel.yaml would leave them after the old last
entry), an empty ``commitments: []`` becomes a block list, and a changed value keeps its
quoting and its end-of-line comment. Only the keys whose value changes are touched.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from briefpack.data.yamledit import YamlEdit, plain

# keys of free text, quoted in a list that has no entry yet to copy the style from
QUOTED_WHEN_NEW = ("summary", "text", "evidence", "note")


def _styled(key: str, value: Any, model: CommentedMap | None) -> Any:
    """``value`` written as ``model`` writes its ``key`` (quoted or plain); with no model,
    free text is double-quoted, as briefpack's own files write it. A date is a copy of its
    own: ruamel.yaml writes one object met twice as an anchor and an alias (``&id001``)."""
    if isinstance(value, date):
        return copy.copy(value)  # a new object, datetime too
    if not isinstance(value, str) or isinstance(value, ScalarString):
        return value
    if model is not None:
        old = model.get(key)
        if isinstance(old, ScalarString):
            return type(old)(value)
        if isinstance(old, str) or key in model:
            return value
    return DoubleQuotedScalarString(value) if key in QUOTED_WHEN_NEW else value


def _move_trailer(previous: CommentedMap, entry: CommentedMap) -> None:
    """Give ``entry`` (now last in the list) the blank lines and comments that followed
    ``previous``'s last line: they close the list, before the next key of the file. An
    end-of-line comment on ``previous``'s last line stays where it is."""
    if not previous or not entry:
        return
    last = list(previous.keys())[-1]
    slots = previous.ca.items.get(last)
    if not slots or len(slots) < 3 or slots[2] is None:
        return
    if isinstance(previous[last], (CommentedMap, CommentedSeq)):
        return  # a nested value carries its own comments; left as it is
    token = slots[2]
    first, newline, rest = token.value.partition("\n")
    if not rest:
        return
    token.value = first + newline
    entry.ca.items[list(entry.keys())[-1]] = [
        None, None, CommentToken("\n" + rest, CommentMark(0), None), None]


def append_entry(edit: YamlEdit, section: str, entry: dict) -> CommentedMap:
    """Add ``entry`` at the end of ``section`` (created if missing, made a block list if it
    was written ``[]``), its keys in the order given and its text quoted as the entry before
    it quotes its own; the new entry."""
    items = edit.items(section)
    if not isinstance(items, CommentedSeq):
        raise TypeError(f"{section} is not a list")
    if items.fa.flow_style():
        items.fa.set_block_style()
    previous = items[-1] if items and isinstance(items[-1], CommentedMap) else None
    new = CommentedMap((k, _styled(k, v, previous)) for k, v in entry.items())
    items.append(new)
    if previous is not None:
        _move_trailer(previous, new)
    return new


def update_entry(target: CommentedMap, values: dict) -> list[str]:
    """Set each of ``values`` on ``target`` whose value differs, keeping that key's place,
    quoting and comment; new keys go at the end. The keys changed, in ``values``' order."""
    changed = []
    for key, value in values.items():
        if key in target and plain(target[key]) == value:
            continue
        target[key] = _styled(key, value, target)
        changed.append(key)
    return changed
