"""Other meeting files, read only for what they say of a meeting being prepared (what was
tried before it, the next meeting of a register): a file that is not a valid meeting is passed
over without a word, since it is not the command's input.

A batch prepares many meetings of one folder, and each reads the others: each file is read
once per process, then kept in memory (never on disk) by its absolute path, modification time
and size, so a changed file is read again."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from briefpack.data.load import org_file, written_path
from briefpack.data.models import Meeting
from briefpack.data.yamlfile import load_yaml
from briefpack.errors import BriefpackError

_READ: dict[tuple[str, int, int], Meeting | None] = {}
READ_KEPT = 1024  # meeting files kept read: a batch's folder


def meeting_in(path: Path) -> Meeting | None:
    """The meeting in ``path``, or None when it holds none (no warnings printed). The meeting
    may be shared with other callers in this process: read it, do not change it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        if len(_READ) >= READ_KEPT:
            del _READ[next(iter(_READ))]  # the oldest
        _READ[key] = _read(path)
    return _READ[key]


def _read(path: Path) -> Meeting | None:
    try:
        doc = load_yaml(path)
        if not isinstance(doc.data, dict) or "type" not in doc.data:
            return None
        return Meeting.model_validate(doc.data)
    except (BriefpackError, ValidationError, OSError, UnicodeDecodeError):
        return None


def org_of(file: Path, meeting: Meeting) -> Path | None:
    """The organisation file the meeting in ``file`` names (``org:``, relative to the file),
    resolved; None when it names none."""
    return org_file(written_path(file.parent, meeting.org)).resolve() if meeting.org else None
