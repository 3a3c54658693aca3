"""``briefpack check``: read a draft before it is sent and report what it would give away."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from briefpack.errors import display_path
from briefpack.guard.audience import UnknownRole
from briefpack.guard.check import (
    Finding,
    at_or_above,
    check_draft,
    summary,
    text_report,
)
from briefpack.guard.drafts import DraftError, draft_from_stream

__all__ = ["STDIN", "STDIN_NAME", "DraftError", "UnknownRole", "check", "check_stream",
           "report"]

STDIN = "-"  # the DRAFT argument that reads the draft from standard input
STDIN_NAME = "<stdin>"  # how findings in a draft read from standard input name it


def check(draft: Path, org_path: Path, audience: Iterable[str] = ()) -> list[Finding]:
    """The findings in ``draft`` against the organisation at ``org_path``, for a draft going
    to ``audience`` (role ids, aliases or names on the account team).

    Raises :class:`DraftError` for a draft that cannot be read, :class:`UnknownRole` for an
    audience that names no role, and ValidationFailed for an invalid organisation.
    """
    return check_draft(draft, org_path, audience)


def check_stream(stream: BinaryIO, org_path: Path, audience: Iterable[str] = ()
                 ) -> list[Finding]:
    """As :func:`check`, for a draft read from the binary ``stream`` (standard input), its
    format (.docx, .msg, .eml or plain text) told from its bytes."""
    return check_draft(draft_from_stream(stream), org_path, audience)


def report(draft: Path | str, findings: list[Finding], fmt: str, fail_on: str
           ) -> tuple[str, str, bool]:
    """(the report for stdout in ``fmt`` text or json, the one-line summary for stderr,
    whether a finding reaches ``fail_on``). ``draft`` is the file checked, or
    :data:`STDIN_NAME`."""
    shown = draft if draft == STDIN_NAME else display_path(draft)
    if fmt == "json":
        text = json.dumps({"draft": shown, "findings": [f.as_dict() for f in findings]},
                          indent=2, ensure_ascii=False)
    else:
        text = "\n".join(text_report(shown, findings))
    return text, summary(shown, findings), bool(at_or_above(findings, fail_on))
