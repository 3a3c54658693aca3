"""A stand-in for LibreOffice that speaks briefpack's conversion protocol, for tests that need
no real conversion: what a worker's LibreOffice run does with a document that fails, hangs or
crashes, and whether every LibreOffice process is gone when a batch ends.

Run as ``BRIEFPACK_SOFFICE``. ``--terminate_after_init`` fills the profile and exits. The
macro run (``macro:///Briefpack.Convert.Serve``) starts a child that stands for soffice.bin
(sleeping until it is ended with the run) and then, like the Basic macro, converts
BRIEFPACK_PDF_FOLDER's ``K.docx`` in order: it leaves ``K.taken``, then a "PDF" (``%PDF-fake``
and the document's title) renamed into place, unless the document's text holds ``BREAK-ME``
(``K.error``), ``HANG-ME`` (sleeps for an hour) or ``CRASH-ME`` (exits with code 3). It ends on
``stop`` or after BRIEFPACK_PDF_IDLE seconds without a document. Every process it starts is
listed, one pid a line, in the file named by FAKE_SOFFICE_PIDS; FAKE_SOFFICE_DELAY seconds are
spent on each document.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path


def _record(pid: int) -> None:
    log = os.environ.get("FAKE_SOFFICE_PIDS")
    if log:
        with open(log, "a", encoding="utf-8") as file:
            file.write(f"{pid}\n")


def _text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/document.xml").decode("utf-8", "replace")


def _convert(folder: Path, number: int) -> None:
    base = folder / str(number)
    base.with_suffix(".taken").write_text("")
    text = _text(base.with_suffix(".docx"))
    time.sleep(float(os.environ.get("FAKE_SOFFICE_DELAY", "0")))
    if "HANG-ME" in text:
        time.sleep(3600)
    if "CRASH-ME" in text:
        sys.exit(3)
    if "BREAK-ME" in text:
        base.with_suffix(".errpart").write_text("General Error. General input/output error.")
        os.replace(base.with_suffix(".errpart"), base.with_suffix(".error"))
        return
    base.with_suffix(".part").write_bytes(b"%PDF-fake\n" + text.encode() + b"\n%%EOF\n")
    os.replace(base.with_suffix(".part"), base.with_suffix(".pdf"))


def serve(folder: Path, idle: float) -> None:
    (folder / "started").write_text("")
    number, waited = 0, 0.0
    while True:
        if (folder / f"{number}.docx").exists():
            _convert(folder, number)
            number, waited = number + 1, 0.0
        elif (folder / "stop").exists():
            if not (folder / f"{number}.docx").exists():
                return
        else:
            time.sleep(0.02)
            waited += 0.02
            if waited > idle:
                return


def main() -> None:
    _record(os.getpid())
    if "--terminate_after_init" in sys.argv:
        return
    if not any(arg.endswith("Briefpack.Convert.Serve") for arg in sys.argv):
        sys.exit(f"fake soffice: no macro in {sys.argv}")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    _record(child.pid)
    try:
        serve(Path(os.environ["BRIEFPACK_PDF_FOLDER"]),
              float(os.environ["BRIEFPACK_PDF_IDLE"]))
    finally:
        child.kill()


if __name__ == "__main__":
    main()
