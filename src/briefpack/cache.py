"""A private folder for what briefpack derives from its own built-in files.

Only compiled built-in templates are kept there (Jinja's own bytecode cache), so that a cold
start does not compile them again; never anything made from a user's files. The folder is the
platform's user cache folder (platformdirs: ``~/.cache/briefpack`` on Linux,
``~/Library/Caches/briefpack`` on macOS, ``%LOCALAPPDATA%\\briefpack\\Cache`` on Windows), or
``BRIEFPACK_CACHE_DIR`` when set (set but empty: no cache). A folder that cannot be created,
or that another user could write to, is not used: everything then works as before, only
slower.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from briefpack import __version__

ENV_VAR = "BRIEFPACK_CACHE_DIR"


def cache_root() -> Path | None:
    """The cache folder: ``$BRIEFPACK_CACHE_DIR``, else the platform's user cache folder;
    ``None`` when caching is turned off."""
    root = os.environ.get(ENV_VAR)
    if root == "":
        return None
    if root is None:
        from platformdirs import user_cache_dir

        root = user_cache_dir("briefpack", appauthor=False)
    return Path(root)


def cache_dir(kind: str) -> Path | None:
    """``<cache>/<kind>-<version>``, created private to this user; ``None`` when caching is off
    or the folder is unusable."""
    root = cache_root()
    if root is None:
        return None
    folder = root / f"{kind}-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or not _private(info):
        return None  # what we would load from it could be anyone's
    return folder


def _private(info: os.stat_result) -> bool:
    """On POSIX systems: owned by this user and writable by nobody else. (On Windows the
    folder is under the user's own profile, whose access control lists keep others out.)"""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


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
