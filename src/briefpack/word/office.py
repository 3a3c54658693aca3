"""Starting and ending LibreOffice for a conversion run: its throwaway profile with the
Briefpack macro, its own session, and ending it with everything it started.

LibreOffice's first start in a new profile fills it from the installation's presets (replacing
anything already there), so the Basic library is installed after a first start with
``--terminate_after_init``; the macro run then finds it registered. LibreOffice runs in a session
of its own (POSIX), so a Ctrl-C in the terminal reaches briefpack, which ends it, and so that it
can be ended with the processes it starts (soffice.bin behind oosplash); on Windows, where
soffice.exe starts soffice.bin, its process tree is ended with ``taskkill /T``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from briefpack.resources import templates_dir

SERVE = "macro:///Briefpack.Convert.Serve"
LIBRARY = "Briefpack"

_SCRIPT_XLC = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" \
xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
 <library:library library:name="Briefpack" xlink:href="$(USER)/basic/Briefpack/script.xlb/" \
xlink:type="simple" library:link="false"/>
</library:libraries>
"""


def start_office(program: str, profile: Path, args: list[str], folder: Path,
                 env: dict[str, str]) -> subprocess.Popen:
    """Start LibreOffice headless on ``profile`` with ``args`` in ``folder`` (where its output
    goes to ``soffice.log``), ``env`` added to the environment, in its own session."""
    cmd = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
           "--nologo", "--norestore", "--nodefault", "--nolockcheck", *args]
    with open(folder / "soffice.log", "ab") as log:
        return subprocess.Popen(cmd, cwd=folder, env={**os.environ, **env},
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True, creationflags=_OWN_GROUP)


def install_macro(profile: Path) -> None:
    """Put the Briefpack Basic library into the profile and register it."""
    basic = profile / "user" / "basic"
    shutil.copytree(templates_dir() / "libreoffice" / LIBRARY, basic / LIBRARY,
                    dirs_exist_ok=True)
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    (basic / "script.xlc").write_text(_SCRIPT_XLC, encoding="utf-8")


def kill_tree(process: subprocess.Popen) -> None:
    """Stop `process` and everything it started: its session (``start_new_session``) on
    POSIX, its process tree (``taskkill /T``) on Windows, where soffice.exe only starts
    soffice.bin; else `process` alone."""
    try:
        if WINDOWS:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False, timeout=30)
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (OSError, AttributeError, subprocess.TimeoutExpired):
        pass  # gone already, not ours to kill, or no way to stop its children: stop it alone
    if process.poll() is None:
        process.kill()
    process.wait()


WINDOWS = os.name == "nt"
# Windows: a process group of its own, so a Ctrl-C in the console is briefpack's to handle
_OWN_GROUP = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if WINDOWS else 0
