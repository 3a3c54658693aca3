"""PDF output through LibreOffice, with the table of contents and page numbers filled in.

A plain ``soffice --convert-to pdf`` refreshes PAGE and NUMPAGES but prints the table of
contents as the .docx cached it: the headings without page numbers (LibreOffice ignores a dirty
TOC field and ``w:updateFields``). So the conversion runs a LibreOffice Basic macro,
``templates/libreoffice/Briefpack/Convert.xba``, that opens each document hidden, updates its
indexes (``getDocumentIndexes()`` → ``update()``), refreshes its fields and exports the PDF.

Every run gets its own LibreOffice profile in a temporary folder, holding the macro, so runs in
parallel (batch workers) never share or lock a profile; the documents of one run (the two of a
brief, or a batch worker's) are converted by one LibreOffice process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

from briefpack.errors import BriefpackError
from briefpack.resources import templates_dir

ENV_VAR = "BRIEFPACK_SOFFICE"
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; macOS: "
    "brew install --cask libreoffice; Windows: https://www.libreoffice.org/download/) and make "
    f"sure `soffice` is on PATH, or set {ENV_VAR} to the soffice program; or leave out "
    "--format pdf (the .docx needs no LibreOffice)")
MACRO = "macro:///Briefpack.Convert.ConvertAll"
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


def soffice() -> str | None:
    """LibreOffice's command-line program: ``$BRIEFPACK_SOFFICE`` when set (a name on PATH or a
    path; set but empty means none), else ``soffice`` or ``libreoffice`` on PATH, else the
    first of :func:`install_locations` that is there (Windows' and macOS's installers do not
    put LibreOffice on PATH)."""
    named = os.environ.get(ENV_VAR)
    if named is not None:
        return shutil.which(named.strip()) if named.strip() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is not None:
        return found
    for candidate in install_locations():
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def install_locations(platform: str | None = None,
                      environ: Mapping[str, str] | None = None) -> list[str]:
    """Where LibreOffice's own installers put its program on `platform` (default: this one):
    ``Program Files`` (and ``Program Files (x86)``) on Windows, ``/Applications`` on macOS;
    none elsewhere, where packages put it on PATH."""
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    if platform == "win32":
        roots = [environ.get(name) for name in ("ProgramFiles", "ProgramW6432",
                                                 "ProgramFiles(x86)")]
        roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
        programs = [str(PureWindowsPath(root, "LibreOffice", "program", "soffice.exe"))
                    for root in roots if root]
        return list(dict.fromkeys(programs))
    if platform == "darwin":
        bundle = "Applications/LibreOffice.app/Contents/MacOS/soffice"
        return [f"/{bundle}", str(PurePosixPath(os.path.expanduser("~"), bundle))]
    return []


def require_soffice() -> str:
    """The LibreOffice program, or an error saying how to install it (checked before anything
    is rendered or written)."""
    program = soffice()
    if program is None:
        named = os.environ.get(ENV_VAR, "").strip()
        found = (f"{ENV_VAR} names '{named}', which is not a program" if named
                 else "LibreOffice (soffice) was not found on PATH or where its installer "
                      "puts it")
        raise BriefpackError(f"PDF output needs LibreOffice: {found}. To fix, {INSTALL_HINT}.")
    return program


def docs_to_pdfs(docs: list[bytes], timeout: int | None = None) -> list[bytes]:
    """Convert .docx documents (bytes) to PDFs, in order, in one LibreOffice run.

    Each PDF's table of contents lists its headings with their page numbers and every field
    (page X of Y) is up to date. Raises :class:`BriefpackError` when LibreOffice is missing or
    a document cannot be converted; nothing is written outside a temporary folder.
    """
    if not docs:
        return []
    program = require_soffice()
    timeout = timeout or 60 + 30 * len(docs)
    # ignore_cleanup_errors: on Windows a LibreOffice stopped after a timeout may still hold
    # files in its profile for a moment; the error to report is the timeout
    with tempfile.TemporaryDirectory(prefix="briefpack-pdf-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        profile = folder / "profile"
        for index, data in enumerate(docs):
            (folder / f"{index}.docx").write_bytes(data)
        base = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck"]
        # First start: LibreOffice fills the new profile from its presets (replacing anything
        # already there), so the macro library goes in afterwards.
        _run(base + ["--terminate_after_init"], folder, timeout, {})
        _install_macro(profile)
        _run(base + [MACRO], folder, timeout,
             {"BRIEFPACK_PDF_FOLDER": str(folder), "BRIEFPACK_PDF_COUNT": str(len(docs))})
        pdfs = []
        for index in range(len(docs)):
            pdf, error = folder / f"{index}.pdf", folder / f"{index}.error"
            if error.exists():
                reason = error.read_text(encoding="utf-8", errors="replace").strip()
                raise BriefpackError(f"LibreOffice could not convert a document to PDF: {reason}")
            if not pdf.is_file() or pdf.stat().st_size == 0:
                raise BriefpackError(
                    "LibreOffice wrote no PDF (its macro did not run: is this a complete "
                    f"LibreOffice with Writer and Basic? {program})")
            pdfs.append(pdf.read_bytes())
        return pdfs


def _install_macro(profile: Path) -> None:
    """Put the Briefpack Basic library into the profile and register it."""
    basic = profile / "user" / "basic"
    shutil.copytree(templates_dir() / "libreoffice" / LIBRARY, basic / LIBRARY,
                    dirs_exist_ok=True)
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    (basic / "script.xlc").write_text(_SCRIPT_XLC, encoding="utf-8")


def _run(cmd: list[str], cwd: Path, timeout: int, env: dict[str, str]) -> None:
    """Run LibreOffice; on a timeout, stop it and everything it started."""
    process = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **env},
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise BriefpackError(
            f"LibreOffice did not finish converting to PDF within {timeout} seconds") from None
    except BaseException:
        _kill_group(process)
        raise
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise BriefpackError(f"LibreOffice failed (exit code {process.returncode}) while "
                             f"converting to PDF: {detail[0]}".rstrip(": "))


def _kill_group(process: subprocess.Popen) -> None:
    """Stop `process` and everything it started: its session (``start_new_session``) on
    POSIX, its process tree (``taskkill /T``) on Windows, where soffice.exe only starts
    soffice.bin; else `process` alone."""
    try:
        if _WINDOWS:
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


_WINDOWS = os.name == "nt"
