"""A private folder for data briefpack derives from its own files and can always rebuild.

Compiled templates and the prepared reference document are kept there so that a cold start does
not redo that work. ``BRIEFPACK_CACHE_DIR`` names the folder (empty: no cache); by default it is
``$XDG_CACHE_HOME/briefpack`` or ``~/.cache/briefpack``. A folder that cannot be created, or that
someone else could write to, is not used: everything then works as before, only slower.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from briefpack import __version__


def cache_dir(kind: str) -> Path | None:
    """``<cache>/<kind>-<version>``, created private to this user; ``None`` when caching is off
    or the folder is unusable."""
    root = os.environ.get("BRIEFPACK_CACHE_DIR")
    if root == "":
        return None
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "briefpack")
    folder = Path(root) / f"{kind}-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022:
        return None  # writable by others: what we would load from it could be anyone's
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return folder


def digest(*parts: bytes | str) -> str:
    """A hex key for cache entries made from ``parts``."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:40]


def read(kind: str, key: str) -> bytes | None:
    """The cached bytes for ``key``, if any."""
    folder = cache_dir(kind)
    if folder is None:
        return None
    try:
        return (folder / key).read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes, keep: int | None = None) -> None:
    """Keep ``data`` under ``key`` (atomically; failures are ignored). With ``keep``, the
    folder holds at most that many entries: the least recently written go first."""
    folder = cache_dir(kind)
    if folder is None:
        return
    if keep is not None:
        _prune(folder, keep)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / key)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _prune(folder: Path, keep: int) -> None:
    """Make room for one more entry: at ``keep`` entries, the oldest fifth go, so the folder
    is listed on every write but sorted (a stat of each entry) only once in ``keep // 5``."""
    try:
        entries = list(os.scandir(folder))
        if len(entries) < keep:
            return
        entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
        for entry in entries[:len(entries) - keep + max(keep // 5, 1)]:
            os.unlink(entry.path)
    except OSError:
        pass
