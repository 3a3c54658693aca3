"""Make an import's changes in org.yaml as its author would: only the values that changed,
each in place, its quoting and its comment kept; a field given a value for the first time in
the model's order among the record's fields; new records at the end of their list.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.tokens import CommentToken

from briefpack.data.yamledit import YamlEdit
from briefpack.sheets.columns import Column, SheetSpec
from briefpack.sheets.merge import ImportPlan


def apply_plan(edit: YamlEdit, plan: ImportPlan) -> None:
    """Change ``edit``'s data (nothing is written) as ``plan`` says."""
    for change in plan.changes:
        record = edit.data[change.spec.section][change.index]
        _set(record, change.spec, change.column, change.new)
    for addition in plan.additions:
        entries = edit.items(addition.spec.section)
        if not entries and isinstance(entries, CommentedSeq):
            entries.fa.set_block_style()  # `commitments: []` becomes a block list
        previous = entries[-1] if entries else None
        edit.append(addition.spec.section, _styled(addition.values, entries))
        _move_trailing_lines(previous, entries[-1])


def _styled(values: dict[str, Any], entries: CommentedSeq) -> dict[str, Any]:
    """A new record's values, each text quoted as the same field of the record before it is
    (the example double-quotes its summaries), so the new entry looks like its neighbours."""
    previous = entries[-1] if entries and isinstance(entries[-1], dict) else {}
    return {key: type(previous[key])(value) if isinstance(value, str) and isinstance(
                previous.get(key), ScalarString) else value
            for key, value in values.items()}


def _move_trailing_lines(previous: Any, new: CommentedMap) -> None:
    """The blank lines and comments after a list's last entry (before the next section) stay
    after the list: they move from the entry that was last to the one added after it."""
    if isinstance(previous, CommentedMap) and previous:
        _give_trailing(new, list(new)[-1], _take_trailing(previous, list(previous)[-1]))


def _take_trailing(record: CommentedMap, key: Any) -> CommentToken | None:
    """Remove the lines after ``key``'s line that ruamel keeps with it (blank lines, comments
    before what follows) and return them as a comment starting on a new line; its
    end-of-line comment stays."""
    comments = record.ca.items.get(key)
    if not comments or len(comments) < 3 or comments[2] is None or isinstance(
            record[key], (dict, list)):
        return None
    token = comments[2]
    line_end, newline, after = token.value.partition("\n")
    if not (newline and after):
        return None
    comments[2] = CommentToken(line_end + "\n", token.start_mark) if line_end.strip() else None
    return CommentToken("\n" + after, token.start_mark)


def _give_trailing(record: CommentedMap, key: Any, lines: CommentToken | None) -> None:
    """Put ``lines`` after ``key``'s line (after its end-of-line comment, if any)."""
    if lines is None:
        return
    comments = record.ca.items.setdefault(key, [None, None, None, None])
    token = comments[2]
    comments[2] = (lines if token is None else
                   CommentToken(token.value + lines.value[1:], token.start_mark))


def _set(record: CommentedMap, spec: SheetSpec, column: Column, value: Any) -> None:
    key = column.field
    if value is None:
        _remove(record, key)  # an optional field emptied: the key goes
        return
    old = record.get(key)
    if isinstance(old, ScalarString) and isinstance(value, str):
        value = type(old)(value)  # "quoted" stays quoted, a block stays a block
    if key in record:
        record[key] = value
        return
    order = [c.field for c in spec.columns]
    before = [k for k in record if k in order and order.index(k) < order.index(key)]
    record.insert(list(record).index(before[-1]) + 1 if before else len(record), key, value)


def _remove(record: CommentedMap, key: str) -> None:
    """Remove ``key`` and its end-of-line comment; the lines after the record stay."""
    if key not in record:
        return
    keys = list(record)
    lines = _take_trailing(record, key) if keys[-1] == key and len(keys) > 1 else None
    del record[key]
    _give_trailing(record, keys[-2], lines)
