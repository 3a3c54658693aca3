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

import os
import stat
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
