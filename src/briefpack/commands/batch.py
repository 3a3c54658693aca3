"""``briefpack batch``: the packs of many meetings, of many organisations, in parallel.

Meetings are found in the paths given (meeting files, folders searched recursively, organisation
folders), each is briefed on its own (a failure does not stop the others; a meeting's documents
are written all or none) and its documents go to ``OUT/<organisation-slug>/``. With more than one
job the meetings are split into chunks, grouped by organisation, and run in worker processes;
each worker keeps its caches (the organisation and its playbook, Jinja environments, the
prepared reference document) across the meetings of its chunks.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefpack.commands.batch_worker import MeetingResult, init_worker, run_chunk
from briefpack.commands.workers import end_workers, stopped_by_signals
from briefpack.data.discover import (
    BROKEN,
    ORG_FILES,
    Peek,
    is_meeting_data,
    is_offer_data,
    yaml_files,
)
from briefpack.data.load import org_file, written_path
from briefpack.errors import ValidationFailed, display_path

MAX_CHUNK = 16


@dataclass
class BatchResult:
    """Every meeting's result, in the order the meetings were found, and the time taken."""

    results: list[MeetingResult]
    seconds: float = 0.0
    pdf: bool = False  # PDFs were asked for: the summary counts them apart
    offers: frozenset[str] = frozenset()  # the results (as named) that are offers, not meetings

    @property
    def written(self) -> list[str]:
        return [path for result in self.results for path in result.written]

    @property
    def failed(self) -> list[MeetingResult]:
        return [result for result in self.results if not result.ok]

    def summary(self) -> str:
        """``12 documents written, 1 meeting failed, 0.8 s``; with PDFs, ``12 documents
        written, 12 converted to PDF, ...`` (the documents not counting their PDFs)."""
        pdfs = sum(path.endswith(".pdf") for path in self.written) if self.pdf else 0
        docs = len(self.written) - pdfs
        converted = f"{pdfs} converted to PDF, " if self.pdf else ""
        return (f"{docs} document{'s' if docs != 1 else ''} written, {converted}"
                f"{self._failures()} failed, {self.seconds:.1f} s")

    def _failures(self) -> str:
        """``2 meetings``; ``1 meeting and 1 offer`` when an offer failed."""
        offers = sum(result.meeting in self.offers for result in self.failed)
        meetings = len(self.failed) - offers
        said = f"{meetings} meeting{'s' if meetings != 1 else ''}"
        return said + (f" and {offers} offer{'s' if offers != 1 else ''}" if offers else "")


# --------------------------------------------------------------------------- finding meetings


def find_meetings(paths: Iterable[Path], peek: Peek | None = None
                  ) -> tuple[list[Path], list[str]]:
    """The meeting files named by ``paths``, in order and each once, and the problems found.

    A meeting file is taken as it is. A folder is searched recursively: a YAML file there is a
    meeting when it is a mapping with ``type`` and ``title``, and an offer (``briefpack
    offer``, evaluated with the meetings) when it has ``id``, ``kind`` and ``lines``; one that
    is not valid YAML is taken too, so that its error is reported. An organisation file (``org.yaml``) stands for
    its folder. A path with no meeting in it is a problem.
    """
    peek = peek or Peek()
    meetings: dict[Path, Path] = {}
    problems: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_file() and path.name in ORG_FILES:
            path = path.parent
        if path.is_dir():
            found = []
            for file in yaml_files(path):
                if file.name in ORG_FILES:
                    continue
                data = peek(file)
                if data is BROKEN or is_meeting_data(data) or is_offer_data(data):
                    found.append(file)  # broken YAML too: its loading names the line
            if not found:
                problems.append(f"{display_path(path)}: no meeting or offer files found (a "
                                "meeting is a YAML mapping with type and title; an offer one "
                                "with id, kind and lines)")
        elif path.exists():
            found = [path]
        else:
            problems.append(f"{display_path(path)}: file not found")
            continue
        for file in found:
            meetings.setdefault(file.resolve(), file)
    return list(meetings.values()), problems


def _warm_up() -> None:
    """Import the pipeline and load the built-in playbooks before workers are forked, so that
    each worker starts with them (shared, copy-on-write) instead of loading them itself."""
    from briefpack.commands import brief  # noqa: F401
    from briefpack.data.load import available_vendors, load_builtin_playbook
    from briefpack.word import writer  # noqa: F401

    for vendor in available_vendors():
        try:
            load_builtin_playbook(vendor)
        except ValidationFailed:
            pass  # each meeting of that vendor reports it


# --------------------------------------------------------------------------- many meetings


def _org_key(meeting: Path, peek: Peek) -> str:
    """Which organisation a meeting belongs to, cheaply (to keep an org's meetings together):
    the folder its documents go to, else its organisation file."""
    from briefpack.word.output import slugify

    data = peek(meeting)
    org = data.get("org") if isinstance(data, dict) else None
    if not isinstance(org, str):
        return ""
    path = written_path(meeting.parent, org)
    org_data = peek(org_file(path))
    name = org_data.get("name") if isinstance(org_data, dict) else None
    return f"name:{slugify(name)}" if isinstance(name, str) else f"file:{path.resolve()}"


def _same_output(meetings: list[Path], peek: Peek) -> dict[int, str]:
    """Meetings that would write the same files as an earlier one: index -> the earlier one.

    Read cheaply from the files (organisation name, date and title); a meeting whose fields
    cannot be read here is left to its own validation.
    """
    from briefpack.word.output import slugify

    org_names: dict[Path, str | None] = {}

    def org_name(path: Path) -> str | None:
        file = org_file(path)
        if file not in org_names:
            data = peek(file)
            name = data.get("name") if isinstance(data, dict) else None
            org_names[file] = name if isinstance(name, str) else None
        return org_names[file]

    seen: dict[tuple, int] = {}
    clashes: dict[int, str] = {}
    for index, meeting in enumerate(meetings):
        data = peek(meeting)
        if not isinstance(data, dict) or not isinstance(data.get("org"), str):
            continue
        name = org_name(written_path(meeting.parent, data["org"]))
        title, day = data.get("title"), data.get("date")
        if name is None or not isinstance(title, str) or day is None:
            continue
        key = (slugify(name), str(day), slugify(title))
        if key in seen:
            clashes[index] = display_path(meetings[seen[key]])
        else:
            seen[key] = index
    return clashes


def _chunks(meetings: list[Path], jobs: int, peek: Peek, pdf: bool = False) -> list[list[int]]:
    """Indices of ``meetings`` in chunks: an organisation's meetings together, small enough
    to balance the workers' load. (Workers writing into one folder at once take turns on its
    manifest: see :func:`briefpack.word.output.write_files`.) With PDFs, twice as large: a
    worker waits for its LibreOffice to finish a chunk's last PDFs before it takes the next,
    so fewer chunks leave LibreOffice idle less often."""
    keys = {i: _org_key(meetings[i], peek) for i in range(len(meetings))}
    order = sorted(range(len(meetings)), key=lambda i: (keys[i], i))
    per_worker = 2 if pdf else 4
    size = max(1, min(MAX_CHUNK, -(-len(order) // (jobs * per_worker))))
    return [order[start:start + size] for start in range(0, len(order), size)]


def default_jobs() -> int:
    """Worker processes to use by default: one per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_batch(paths: Iterable[Path], out_root: Path = Path("output"), jobs: int | None = None,
              formats: tuple[str, ...] = ("docx",), force: bool = False,
              progress: Progress | None = None) -> BatchResult:
    """Brief every meeting found in ``paths`` into ``out_root/<org-slug>/``.

    ``jobs`` worker processes (default: one per core; 1 runs here, without a pool). With PDF
    among ``formats``, each worker converts through one LibreOffice run of its own, fed as its
    meetings are rendered. ``progress(finished, total, converted)`` is called as meetings
    finish and documents are converted to PDF. Failures are collected in the result, never
    raised; SIGTERM or SIGINT stops the run (:class:`~briefpack.commands.workers.Stopped`),
    ending its workers and LibreOffice.
    """
    from briefpack.packs.documents import check_formats

    start = time.perf_counter()
    formats = tuple(dict.fromkeys(formats or ("docx",)))
    check_formats(formats)  # e.g. PDF without LibreOffice: say so before anything is done
    peek = Peek()
    meetings, problems = find_meetings(paths, peek)
    run = _Run(meetings, Path(out_root), formats, force, progress)
    run.refuse_clashes(peek)
    todo = run.todo()
    jobs = max(1, jobs or default_jobs())
    run.report_progress()
    chunks = _chunks([meetings[i] for i in todo], jobs, peek, pdf="pdf" in formats)
    chunks = [[todo[i] for i in chunk] for chunk in chunks]
    with stopped_by_signals():
        if jobs == 1 or len(todo) <= 1:
            run.here(chunks)
        else:
            run.in_workers(chunks, min(jobs, len(chunks)))
    final = [MeetingResult(problem.partition(": ")[0], errors=[problem]) for problem in problems]
    final += [result for result in run.results if result is not None]
    offers = frozenset(display_path(m) for m in meetings if is_offer_data(peek(m)))
    return BatchResult(final, time.perf_counter() - start, pdf="pdf" in formats, offers=offers)


Progress = Callable[[int, int, int], None]  # meetings finished, meetings, documents converted


@dataclass
class _Run:
    """One batch run: the meetings found, each one's result once known, where to write."""

    meetings: list[Path]
    out_root: Path
    formats: tuple[str, ...]
    force: bool
    progress: Progress | None
    results: list[MeetingResult | None] = field(init=False)
    converted: int = 0  # documents converted to PDF so far

    def __post_init__(self) -> None:
        self.results = [None] * len(self.meetings)

    def refuse_clashes(self, peek: Peek) -> None:
        """A meeting that would write the same files as an earlier one fails, naming it."""
        for index, earlier in _same_output(self.meetings, peek).items():
            shown = display_path(self.meetings[index])
            self.results[index] = MeetingResult(shown, errors=[
                (f"{shown}: writes the same files as {earlier} (same organisation, date and "
                 "title); change its title or date")])

    def todo(self) -> list[int]:
        """Indices of the meetings still to brief."""
        return [i for i, result in enumerate(self.results) if result is None]

    def report_progress(self) -> None:
        """Tell ``progress`` how many meetings are finished and documents converted."""
        if self.progress:
            self.progress(sum(r is not None for r in self.results), len(self.results),
                          self.converted)

    def on_converted(self, count: int) -> None:
        """``count`` more documents were converted to PDF."""
        self.converted += count
        self.report_progress()

    def done(self, chunk: list[int], results: list[MeetingResult]) -> None:
        """Record a finished chunk's results."""
        for index, result in zip(chunk, results):
            self.results[index] = result
        self.report_progress()

    def _args(self, chunk: list[int]) -> tuple:
        return ([str(self.meetings[i]) for i in chunk], str(self.out_root), self.formats,
                self.force)

    def here(self, chunks: list[list[int]]) -> None:
        """Brief every chunk in this process; with PDFs, through one LibreOffice run, ended
        however this ends."""
        converter = None
        if "pdf" in self.formats and chunks:
            from briefpack.word.converter import PdfConverter
            from briefpack.word.pdf import require_soffice

            converter = PdfConverter(require_soffice())
        try:
            for chunk in chunks:
                self.done(chunk, run_chunk(*self._args(chunk), converter, self.on_converted))
        finally:
            if converter is not None:
                converter.kill()

    def in_workers(self, chunks: list[list[int]], workers: int) -> None:
        """Brief the chunks in ``workers`` processes; a worker that dies fails its chunk's
        meetings, not the run. On Linux workers are forked from this process once it has
        imported the pipeline and loaded the playbooks, and inherit them. Workers report each
        document converted to PDF through a queue, read here while chunks are running."""
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        fork = sys.platform.startswith("linux")
        if fork:
            _warm_up()
        context = multiprocessing.get_context("fork") if fork else None
        # written to at once (not through a feeder thread), so a worker's counts are in
        # before its chunk's results
        events = (context or multiprocessing).SimpleQueue()
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=init_worker, initargs=(os.getpid(), events))
        try:
            pending = {pool.submit(run_chunk, *self._args(c)): c for c in chunks}
            while pending:
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                self._read_events(events)
                for future in finished:
                    chunk = pending.pop(future)
                    self.done(chunk, self._outcome(future, chunk))
        except BaseException:
            end_workers(pool)
            raise
        pool.shutdown()
        events.close()

    def _read_events(self, events: object) -> None:
        """Count the documents the workers have converted since the last look."""
        count = 0
        while not events.empty():  # type: ignore[attr-defined]
            count += events.get()  # type: ignore[attr-defined]
        if count:
            self.on_converted(count)

    def _outcome(self, future: object, chunk: list[int]) -> list[MeetingResult]:
        try:
            return future.result()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - a worker died (e.g. killed)
            return [MeetingResult(display_path(self.meetings[i]), errors=[
                f"{display_path(self.meetings[i])}: worker process failed: {exc}"])
                for i in chunk]
