"""Name output files and write them atomically, never replacing a user's work."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path

from briefpack.errors import BriefpackError, OutputExists, display_path
from briefpack.word.stamp import (
    MANIFEST,
    State,
    manifest_bytes,
    owner_of,
    recorded_digest,
    same_organisation,
    stamp_docx,
    state_of,
)

log = logging.getLogger("briefpack")

SHAREABLE_KINDS = ("agenda", "confirmation-letter", "confirmation-request", "invite")
INTERNAL_KINDS = ("briefing", "card", "transition-pack", "followup-notes", "calendar")

SHAREABLE_KINDS += ("counter-proposal",)  # briefpack offer
INTERNAL_KINDS += ("offer-evaluation",)


def slugify(text: str, max_length: int = 60) -> str:
    """``Q4 business review: Contoso/MSFT`` → ``q4-business-review-contoso-msft``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "untitled"


def organisation_folder(out_root: Path, organisation: str) -> Path:
    """Where an organisation's documents go: ``OUT/<organisation-slug>/``, for every command,
    so that two organisations never write into one folder by default."""
    return Path(out_root) / slugify(organisation)


def output_name(day: date, title: str, kind: str, ext: str) -> str:
    """``<date>-<slug>-<kind>.<ext>`` as DESIGN.md's CLI section names outputs."""
    return f"{day.isoformat()}-{slugify(title)}-{kind}.{ext}"


def _umask() -> int:
    """The process's umask, read by setting it for a moment (so not thread-safe: batch workers
    are processes). Windows has one too; there it only decides whether a file is read-only."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _backup_path(path: Path, when: datetime) -> Path:
    base = path.with_name(f"{path.stem}.backup-{when:%Y%m%d-%H%M%S}{path.suffix}")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{path.stem}.backup-{when:%Y%m%d-%H%M%S}-{n}{path.suffix}")
    return candidate


_WHY = {State.EDITED: "changed since briefpack wrote it",
        State.FOREIGN: "not written by briefpack"}


LOCK = ".briefpack-manifest.lock"
LOCK_TIMEOUT = 120  # seconds to wait for another briefpack writing into the same folder


def write_files(files: dict[Path, bytes], force: bool = False,
                organisation: str | None = None) -> list[Path]:
    """Write every file or none, never losing a user's work.

    A .docx is stamped with a digest of the whole document (a custom document property);
    other files are recorded in the folder's manifest, with ``organisation``. An existing file
    that briefpack wrote and nobody changed is replaced; one that was changed since, that
    briefpack did not write, or that it wrote for another organisation than ``organisation``
    is refused (before anything is written) unless ``force``, and then kept beside the new
    one as a timestamped backup.

    While it writes a folder's manifest, briefpack holds that folder's lock
    (``.briefpack-manifest.lock``), so runs in parallel into one folder wait for each other
    and never lose each other's manifest records. Every file is first written in full to a
    temporary file beside it and flushed to disk; only when all of them are complete are they
    renamed into place. A failure before that (a full disk) leaves every old file as it was
    and no new one. Returns the paths written (manifests aside).
    """
    for path in files:
        if path.is_dir():
            raise BriefpackError(f"{display_path(path)} is a folder; cannot write a file there")
    prepared = {path: _stamped(path, data) for path, data in files.items()}
    with _folder_locks({path.parent for path in prepared if path.suffix != ".docx"}):
        conflicts = {path: why for path in prepared
                     if path.exists() and (why := _conflict(path, organisation))}
        if conflicts and not force:
            raise _refusal(conflicts)
        prepared.update(_manifests(prepared, organisation))
        return _write_all(prepared, set(conflicts))


def _conflict(path: Path, organisation: str | None) -> str | None:
    """Why the existing ``path`` may not simply be replaced, if it may not."""
    state = state_of(path)
    if state is not State.UNCHANGED:
        return _WHY[state]
    owner = owner_of(path) if organisation else None
    if owner and not same_organisation(owner, organisation):
        return f"written for {owner}, another organisation (this run is for {organisation})"
    return None


@contextmanager
def _folder_locks(folders: set[Path]) -> Iterator[None]:
    """Hold the lock of every folder (created if missing), in a fixed order."""
    from filelock import FileLock, Timeout

    with ExitStack() as held:
        for folder in sorted(folders):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                held.enter_context(FileLock(str(folder / LOCK), timeout=LOCK_TIMEOUT))
            except Timeout:
                raise BriefpackError(
                    f"{display_path(folder)} is being written by another briefpack for over "
                    f"{LOCK_TIMEOUT} s; try again when it has finished") from None
            except OSError as exc:
                raise BriefpackError(f"cannot write into {display_path(folder)}: "
                                     f"{exc.strerror or exc}") from None
        yield


def _stamped(path: Path, data: bytes) -> bytes:
    """A .docx with its digest stamp (render_docx stamps its own); other files as they are."""
    if path.suffix == ".docx" and data[:2] == b"PK" and recorded_digest(data) is None:
        return stamp_docx(data)
    return data


def _refusal(conflicts: dict[Path, str]) -> OutputExists:
    """The error listing the files that would be replaced and why each is refused."""
    listing = "\n  ".join(f"{display_path(p)}: {why}" for p, why in conflicts.items())
    others = [p for p, why in conflicts.items() if why.startswith("written for ")]
    if others:
        advice = (f"Two organisations' names make the same folder name ({others[0].parent.name}): "
                  "write one of them elsewhere with -o DIR, or tell them apart by name in "
                  "org.yaml. If a file is this organisation's under an earlier name, pass "
                  "--force to replace it (it is kept as a timestamped backup).")
    else:
        advice = ("Pass --force to replace (each is kept as a timestamped backup), or -o DIR "
                  "to write elsewhere.")
    return OutputExists(
        f"not replacing {len(conflicts)} file{'s' if len(conflicts) > 1 else ''}:\n  "
        f"{listing}\n{advice}")


def _manifests(files: dict[Path, bytes], organisation: str | None = None
               ) -> dict[Path, bytes]:
    """The manifest of each folder receiving files other than .docx, recording them."""
    others: dict[Path, dict[str, bytes]] = {}
    for path, data in files.items():
        if path.suffix != ".docx":
            others.setdefault(path.parent, {})[path.name] = data
    return {folder / MANIFEST: manifest_bytes(folder, entries, organisation)
            for folder, entries in others.items()}


def _write_all(files: dict[Path, bytes], keep: set[Path]) -> list[Path]:
    """Write ``files`` all or none: every temporary file complete first, then a backup of
    each path in ``keep``, then every file renamed into place (manifests last)."""
    temporary: dict[Path, str] = {}
    try:
        for path, data in files.items():
            temporary[path] = _temporary_copy(path, data)
        _back_up(keep)
    except OSError as exc:
        _discard(temporary.values())
        raise BriefpackError(f"cannot write {display_path(exc.filename or path)}: "
                             f"{exc.strerror or exc}; nothing was written, and no file was "
                             "replaced") from None
    except BaseException:
        _discard(temporary.values())
        raise
    order = sorted(temporary, key=lambda p: p.name == MANIFEST)
    for done, path in enumerate(order):
        try:
            os.replace(temporary[path], path)
        except BaseException as exc:
            _discard(temporary[p] for p in order[done:])
            if not isinstance(exc, OSError):
                raise
            raise BriefpackError(
                f"cannot put {display_path(path)} in place: {exc.strerror or exc}; "
                f"{done} of {len(order)} files were replaced before it") from None
    return [path for path in files if path.name != MANIFEST]


def _temporary_copy(path: Path, data: bytes) -> str:
    """``data`` in full, flushed to disk, in a temporary file beside ``path``, with the mode
    a plain ``open()`` would give ``path``; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the file the mode a plain open() would have (on Windows
        # chmod sets only the read-only flag, and this leaves the file writable)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _back_up(paths: set[Path]) -> None:
    """Keep a copy of each of ``paths`` beside it before it is replaced."""
    now = datetime.now()
    for path in sorted(paths):
        backup = _backup_path(path, now)
        shutil.copy2(path, backup)
        log.warning("kept the previous %s as %s", display_path(path), display_path(backup))


def _discard(temporaries: Iterable[str]) -> None:
    for tmp in temporaries:
        Path(tmp).unlink(missing_ok=True)
