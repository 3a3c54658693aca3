"""PDF output through LibreOffice, with the table of contents and page numbers filled in.

A plain ``soffice --convert-to pdf`` refreshes PAGE and NUMPAGES but prints the table of
contents as the .docx cached it: the headings without page numbers (LibreOffice ignores a dirty
TOC field and ``w:updateFields``). So the conversion runs a LibreOffice Basic macro,
``templates/libreoffice/Briefpack/Convert.xba``, that opens each document hidden, updates its
indexes (``getDocumentIndexes()`` → ``update()``), refreshes its fields and exports the PDF.
(Binding a macro to the document-loaded event of a plain ``--convert-to`` was tried: the event
comes, but the update does not reach the export, and one such run hung.)

This module finds LibreOffice; :mod:`briefpack.word.converter` runs it. Every run gets its own
LibreOffice profile in a temporary folder, holding the macro, so runs in parallel (batch
workers) never share or lock a profile; the documents of one run (those of a brief, or of a
batch worker) are converted by one LibreOffice process.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import PurePosixPath, PureWindowsPath

from briefpack.errors import BriefpackError

ENV_VAR = "BRIEFPACK_SOFFICE"
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; macOS: "
    "brew install --cask libreoffice; Windows: https://www.libreoffice.org/download/) and make "
    f"sure `soffice` is on PATH, or set {ENV_VAR} to the soffice program; or leave out "
    "--format pdf (the .docx needs no LibreOffice)")


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
    ``Program Files`` (and ``Program Files (x86)``) on Windows, ``/Applications`` and the
    user's own ``~/Applications`` (``HOME`` in `environ`) on macOS; none elsewhere, where
    packages put it on PATH."""
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
        home = environ.get("HOME") or os.path.expanduser("~")
        return [f"/{bundle}", str(PurePosixPath(home, bundle))]
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


def docs_to_pdfs(docs: list[bytes], timeout: int | None = None,
                names: list[str] | None = None) -> list[bytes]:
    """Convert .docx documents (bytes) to PDFs, in order, in one LibreOffice run.

    Each PDF's table of contents lists its headings with their page numbers and every field
    (page X of Y) is up to date. Raises :class:`BriefpackError` when LibreOffice is missing or
    a document cannot be converted (named by ``names``, if given), or when LibreOffice does not
    start or finish a document within ``timeout`` seconds; nothing is written outside a
    temporary folder.
    """
    if not docs:
        return []
    from briefpack.word.converter import PdfConverter

    with PdfConverter(require_soffice(), start_timeout=timeout, doc_timeout=timeout) as run:
        tickets = [run.submit(doc) for doc in docs]
        outcomes = {outcome.ticket: outcome for outcome in run.close()}
    pdfs = []
    for index, ticket in enumerate(tickets):
        outcome = outcomes[ticket]
        if outcome.error is not None:
            which = f"{names[index]}: " if names else ""
            raise BriefpackError(f"PDF conversion failed: {which}{outcome.error}")
        pdfs.append(outcome.pdf)
    return pdfs
