"""One LibreOffice run that converts many .docx documents to PDF, fed while it runs.

LibreOffice costs a second or more to start and a fraction of that per document, so a batch
gives each worker one run, started once, and hands it each document as soon as it is rendered:
conversion overlaps rendering. The run executes ``templates/libreoffice/Briefpack/Convert.xba``
(``Serve``), which takes ``0.docx``, ``1.docx``, ... from a folder as they appear and leaves
``K.pdf`` (or ``K.error``) beside each, updating the table of contents and fields first (see
:mod:`briefpack.word.pdf` for why a plain ``--convert-to`` will not do).

Every converter has its own throwaway LibreOffice profile holding the macro, so runs in
parallel never share or lock one. A run that crashes or hangs (no document finished within a
bound) is ended with everything it started; the document it was on fails, and a new run in
the same profile takes the rest. Ending a converter (:meth:`PdfConverter.kill`, also from a
signal handler) leaves no LibreOffice process behind; a converter whose owner is killed
outright is ended by the macro itself once nothing has come for :data:`IDLE` seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from briefpack.word.office import SERVE, install_macro, kill_tree, start_office

START_TIMEOUT = 120  # seconds for LibreOffice to start (or restart) and convert its first document
DOC_TIMEOUT = 60  # seconds for each further document
IDLE = 30  # seconds without a document after which the macro ends LibreOffice on its own
POLL = 0.02  # seconds between looks at the folder
MAX_FRUITLESS = 2  # new runs after runs that ended without taking a document


@dataclass
class Converted:
    """One document's outcome: its PDF, or why there is none."""

    ticket: int
    pdf: bytes | None = None
    error: str | None = None


class PdfConverter:
    """Converts the .docx documents it is given with one LibreOffice run, in order.

    ``submit`` hands a document over and returns its ticket at once; ``poll`` (without
    waiting) and ``wait`` (until something finishes) return the documents finished since.
    ``close`` ends the run once every document is done; ``kill`` ends it now. Failures are
    outcomes, never raised: a document LibreOffice cannot open or export, a run that crashes or
    hangs on a document (that document fails; the rest go to a new run), a LibreOffice that
    cannot start or run the macro (every document fails with the reason).
    """

    def __init__(self, program: str, *, start_timeout: float | None = None,
                 doc_timeout: float | None = None, idle: int | None = None) -> None:
        self.program = program
        self.start_timeout = start_timeout or START_TIMEOUT
        self.doc_timeout = doc_timeout or DOC_TIMEOUT
        self.idle = idle or IDLE
        self.root = Path(tempfile.mkdtemp(prefix="briefpack-pdf-"))
        self.profile = self.root / "profile"
        self.runs = 0  # LibreOffice runs started to convert (restarts included)
        self._queue: list[tuple[int, bytes]] = []  # documents not yet finished, in order
        self._tickets = 0
        self._head = 0  # the number, in the run's folder, of the first document in _queue
        self._folder = self.root
        self._initialising = True  # the first start, filling the new profile, is running
        self._progress = time.monotonic()  # when the run started or last finished a document
        self._converted_in_run = 0
        self._fruitless = 0  # runs in a row that ended without taking a document
        self._broken: str | None = None  # why nothing can be converted
        self._stopping = False
        self._closed = False
        try:
            self._process: subprocess.Popen | None = self._start(["--terminate_after_init"])
        except OSError as exc:  # not a program after all, or not ours to run
            self._process, self._initialising = None, False
            self._broken = f"LibreOffice could not be started: {exc}"

    # ----------------------------------------------------------------- feeding and collecting

    def submit(self, docx: bytes) -> int:
        """Hand over a document to convert; its ticket."""
        ticket = self._tickets
        self._tickets += 1
        self._queue.append((ticket, docx))
        if len(self._queue) == 1:  # a run waiting for work: its bound counts from now
            self._progress = time.monotonic()
        if not self._initialising and self._broken is None:
            self._feed(len(self._queue) - 1)
        return ticket

    @property
    def pending(self) -> int:
        """Documents handed over and not yet finished."""
        return len(self._queue)

    def poll(self) -> list[Converted]:
        """The documents finished since the last look, without waiting."""
        done: list[Converted] = []
        if self._closed:
            return self._fail_all("the conversion was stopped")
        if self._broken is not None:
            return self._fail_all(self._broken)
        if self._initialising:
            self._check_start(done)
            return done
        self._collect(done)
        if self._queue:
            self._check_run(done)
        return done

    def wait(self) -> list[Converted]:
        """The documents finished since the last look, waiting until there is one (or
        nothing is left to convert)."""
        while True:
            done = self.poll()
            if done or not self._queue:
                return done
            time.sleep(POLL)

    def close(self) -> list[Converted]:
        """Convert what is left, end LibreOffice and remove the temporary folder; the documents
        finished meanwhile."""
        if self._closed:
            return []
        self._stopping = True
        done: list[Converted] = []
        try:
            if not self._initialising and self._broken is None:
                (self._folder / "stop").write_bytes(b"")
            while self._queue:
                done += self.wait()
        finally:
            self.kill()
        return done

    def kill(self) -> None:
        """End LibreOffice and everything it started now, and remove the temporary folder
        (safe to call from a signal handler, and more than once)."""
        self._closed = True
        process, self._process = self._process, None
        if process is not None:
            kill_tree(process)
        for _ in range(2):  # twice: called from another thread, a document may come meanwhile
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PdfConverter:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.close()
        else:
            self.kill()

    # ----------------------------------------------------------------- the LibreOffice runs

    def _start(self, args: list[str]) -> subprocess.Popen:
        """Start LibreOffice on this converter's profile, feeding from the current folder."""
        process = start_office(self.program, self.profile, args, self.root,
                               {"BRIEFPACK_PDF_FOLDER": str(self._folder),
                                "BRIEFPACK_PDF_IDLE": str(self.idle)})
        self._progress = time.monotonic()
        return process

    def _check_start(self, done: list[Converted]) -> None:
        """The first start fills the new profile from LibreOffice's presets (replacing
        anything already there), so the macro goes in once it has ended; then the run."""
        code = self._process.poll()
        if code is None:
            if time.monotonic() - self._progress > self.start_timeout:
                self.kill_run()
                self._broken = (f"LibreOffice did not finish starting within "
                                f"{self.start_timeout:g} seconds")
                done += self._fail_all(self._broken)
            return
        if code != 0:
            self._broken = f"LibreOffice failed to start (exit code {code}){self._last_words()}"
            done += self._fail_all(self._broken)
            return
        install_macro(self.profile)
        self._initialising = False
        self._restart()

    def _restart(self) -> None:
        """A new run, in a folder of its own, for every document not yet finished."""
        self.runs += 1
        self._folder = self.root / f"run-{self.runs}"
        self._folder.mkdir()
        self._head, self._converted_in_run = 0, 0
        for index in range(len(self._queue)):
            self._feed(index)
        if self._stopping:
            (self._folder / "stop").write_bytes(b"")
        self._process = self._start([SERVE])

    def _feed(self, index: int) -> None:
        """Put ``_queue[index]`` where the run takes it, renamed into place once complete."""
        if self._closed:
            return
        number = self._head + index
        part = self._folder / f"{number}.tmp"
        part.write_bytes(self._queue[index][1])
        os.replace(part, self._folder / f"{number}.docx")

    def _collect(self, done: list[Converted]) -> None:
        """Take the run's results, in order, as far as they go."""
        while self._queue:
            base = self._folder / str(self._head)
            pdf, error = base.with_suffix(".pdf"), base.with_suffix(".error")
            if pdf.exists():
                outcome = Converted(self._queue[0][0], pdf=pdf.read_bytes())
            elif error.exists():
                reason = error.read_text(encoding="utf-8", errors="replace").strip()
                outcome = Converted(self._queue[0][0], error=f"LibreOffice could not convert it: "
                                                             f"{reason}")
            else:
                return
            _remove(base, (".docx", ".pdf", ".error", ".taken"))
            done.append(outcome)
            self._queue.pop(0)
            self._head += 1
            self._converted_in_run += 1
            self._fruitless = 0
            self._progress = time.monotonic()

    def _check_run(self, done: list[Converted]) -> None:
        """A run that has ended, or hangs, with documents left: fail the one it was on and
        start a new run for the rest."""
        code = self._process.poll()
        bound = self.doc_timeout if self._converted_in_run else self.start_timeout
        if code is None:
            if time.monotonic() - self._progress <= bound:
                return
            self.kill_run()
            done.append(self._fail_head(
                f"LibreOffice did not finish converting it within {bound:g} seconds and was "
                "ended"))
        else:
            self._collect(done)  # what it finished just before it ended
            if not self._queue:
                return
            if (self._folder / f"{self._head}.taken").exists():
                done.append(self._fail_head(f"LibreOffice ended (exit code {code}) while "
                                            f"converting it{self._last_words()}"))
            elif not (self._folder / "started").exists():
                self._broken = ("LibreOffice wrote no PDF (its macro did not run: is this a "
                                f"complete LibreOffice with Writer and Basic? {self.program})")
                done += self._fail_all(self._broken)
                return
            elif self._fruitless >= MAX_FRUITLESS:
                self._broken = (f"LibreOffice ended (exit code {code}) {MAX_FRUITLESS + 1} "
                                f"times without taking a document{self._last_words()}")
                done += self._fail_all(self._broken)
                return
            else:
                self._fruitless += 1  # it ended idle as the document came, or for no reason
        if self._queue:
            self._restart()

    def kill_run(self) -> None:
        """End the current run (not the converter)."""
        process, self._process = self._process, None
        if process is not None:
            kill_tree(process)

    def _fail_head(self, reason: str) -> Converted:
        ticket, _ = self._queue.pop(0)
        return Converted(ticket, error=reason)

    def _fail_all(self, reason: str) -> list[Converted]:
        failed = [Converted(ticket, error=reason) for ticket, _ in self._queue]
        self._queue.clear()
        return failed

    def _last_words(self) -> str:
        """The last line LibreOffice printed, if any, to say why it failed."""
        try:
            lines = (self.root / "soffice.log").read_text(errors="replace").splitlines()
        except OSError:
            return ""
        said = [line.strip() for line in lines if line.strip() and "javaldx" not in line]
        return f": {said[-1]}" if said else ""  # (LibreOffice warns of javaldx every start)


def _remove(base: Path, suffixes: tuple[str, ...]) -> None:
    """Remove a converted document's files (kept if LibreOffice still holds one, as Windows
    may for a moment: the folder goes at the end)."""
    for suffix in suffixes:
        try:
            base.with_suffix(suffix).unlink(missing_ok=True)
        except OSError:
            pass
