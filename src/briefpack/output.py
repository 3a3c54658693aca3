"""Name output files and write them atomically, never overwriting without --force."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from .errors import BriefpackError, OutputExists, display_path

SHAREABLE_KINDS = ("agenda", "confirmation-letter", "confirmation-request")
INTERNAL_KINDS = ("briefing", "transition-pack", "followup-notes")


def slugify(text: str, max_length: int = 60) -> str:
    """``Q4 business review: Contoso/MSFT`` → ``q4-business-review-contoso-msft``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "untitled"


def output_name(day: date, title: str, kind: str, ext: str) -> str:
    """``<date>-<slug>-<kind>.<ext>`` as DESIGN.md's CLI section names outputs."""
    return f"{day.isoformat()}-{slugify(title)}-{kind}.{ext}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(files: dict[Path, bytes], force: bool = False) -> list[Path]:
    """Write every file or none.

    Refuses (before writing anything) when a target exists and ``force`` is false; each file is
    written to a temporary file beside it and renamed into place, so a reader never sees half a
    document and an interrupted run leaves the previous version intact.
    """
    existing = [p for p in files if p.exists()]
    if existing and not force:
        names = "\n  ".join(display_path(p) for p in existing)
        raise OutputExists(
            f"not overwriting existing file{'s' if len(existing) > 1 else ''}:\n  {names}\n"
            "Pass --force to replace, or -o DIR to write elsewhere."
        )
    for path in files:
        if path.is_dir():
            raise BriefpackError(f"{display_path(path)} is a folder; cannot write a file there")
    written: list[Path] = []
    for path, data in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                # mkstemp creates 0600; give the file the mode a plain open() would have
                os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise BriefpackError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
        written.append(path)
    return written
