"""PDF output through LibreOffice, which also refreshes the fields (contents, page numbers)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import BriefpackError


def soffice() -> str | None:
    """Path of LibreOffice's command-line program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, timeout: int = 180) -> bytes:
    """Convert .docx bytes to PDF bytes with LibreOffice in a private profile."""
    program = soffice()
    if program is None:
        raise BriefpackError(
            "PDF output needs LibreOffice: install it (Debian: apt-get install "
            "libreoffice-writer-nogui) or use --format docx")
    with tempfile.TemporaryDirectory(prefix="briefpack-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        cmd = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(folder), str(source)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise BriefpackError(f"LibreOffice could not convert the document to PDF: {exc}") from None
        pdf = folder / "document.pdf"
        if not pdf.exists():
            raise BriefpackError("LibreOffice wrote no PDF")
        return pdf.read_bytes()
