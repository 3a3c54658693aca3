"""What a batch worker does with its meetings: brief each one, and with PDFs feed LibreOffice.

Without PDFs a meeting is planned, rendered and written (all or none) before the next. With
``--format pdf`` each worker has one LibreOffice run (:class:`~briefpack.word.converter.
PdfConverter`), started when its first meeting is rendered and kept across its chunks: a
meeting's .docx go to it as soon as they are rendered and the worker goes on to the next meeting
while LibreOffice converts, so conversion overlaps rendering. A meeting's files, .docx and PDFs
together, are written (all or none) once its last PDF is in. A document that cannot be converted
fails its meeting, naming the document, and nothing of that meeting is written; the other
meetings go on.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from briefpack.errors import BriefpackError, ValidationFailed, display_path
from briefpack.word.converter import Converted, PdfConverter

Notify = Callable[[int], None]  # told how many documents were just converted


@dataclass
class MeetingResult:
    """What became of one meeting: the files written, or the lines saying what is wrong."""

    meeting: str  # the meeting file as shown to the user
    written: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _indent(message: str) -> str:
    return message.replace("\n", "\n  ")


@contextmanager
def failures_of(result: MeetingResult) -> Iterator[None]:
    """Record what goes wrong in the block as the meeting's errors, never raising: a bad
    meeting (or a bug it triggers) must not stop the batch."""
    try:
        yield
    except ValidationFailed as exc:
        result.errors = [str(problem) for problem in exc.problems] or [
            f"{result.meeting}: {_indent(exc.message)}"]
    except BriefpackError as exc:
        result.errors = [f"{result.meeting}: {_indent(exc.message)}"]
    except Exception as exc:  # noqa: BLE001 - one meeting's bug must not stop the batch
        result.errors = [f"{result.meeting}: internal error: {type(exc).__name__}: {exc}"]


@dataclass
class Planned:
    """A meeting's documents (briefing pack, agenda, card), or an offer's (evaluation and
    counter-proposal), and how and where they are written."""

    docs: list
    day: object  # the meeting's or the offer's date, which names the files
    slug_source: str
    out_dir: Path
    extra: list = field(default_factory=list)  # an invite, with --format ics


def plan_file(path: Path, out_root: Path, formats: tuple[str, ...]) -> Planned:
    """Plan the documents of a meeting file, or of an offer file (``offers/*.yaml``: a mapping
    with id, kind and lines, evaluated as of today as ``briefpack offer`` does)."""
    from briefpack.data.discover import Peek, is_offer_data
    from briefpack.word.output import slugify

    if is_offer_data(Peek()(path)):
        from briefpack.commands.offer import offer_files_target, plan_offer

        docs, ctx, findings = plan_offer(path)
        for finding in findings:  # the evaluation prints them too
            logging.getLogger("briefpack").warning(
                "%s: warning: the counter-proposal would not pass briefpack check: %s",
                display_path(path), finding)
        return Planned(docs, *offer_files_target(ctx, out_root))
    from briefpack.commands.brief import extra_files, plan_meeting

    docs, ctx, org = plan_meeting(path)
    return Planned(docs, ctx.meeting.date, ctx.meeting.title, out_root / slugify(ctx.org.name),
                   extra_files(ctx, org, formats))


def brief_one(meeting: Path, out_root: Path, formats: tuple[str, ...] = ("docx",),
              force: bool = False) -> MeetingResult:
    """Brief one meeting (or evaluate one offer) into ``out_root/<org-slug>/``; never raises
    for a bad file."""
    from briefpack.packs.documents import write_documents

    result = MeetingResult(display_path(meeting))
    with failures_of(result):
        p = plan_file(meeting, Path(out_root), formats)
        written = write_documents(p.docs, p.day, p.slug_source, p.out_dir, formats, force,
                                  extra=p.extra)
        result.written = [str(path) for path in written]
    return result


@contextmanager
def _collecting_garbage_after() -> Iterator[None]:
    """The cyclic garbage collector waits while a meeting is briefed (a document is many
    objects that live until it is saved, and collections in between find nothing to free),
    then collects the youngest generation once: every object made for that meeting, and
    nothing older."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
    gc.collect(0)


def run_chunk(meetings: list[str], out_root: str, formats: tuple[str, ...], force: bool,
              converter: PdfConverter | None = None,
              notify: Notify | None = None) -> list[MeetingResult]:
    """Brief a chunk of meetings in this process, reusing its caches. With PDFs, through
    ``converter`` (default: this worker's own LibreOffice run), telling ``notify`` (default:
    the batch, through the channel the worker was started with) of each document converted."""
    if "pdf" in formats:
        return _PdfChunk(converter or worker_converter(), notify or _notify_batch,
                         Path(out_root), formats, force).run([Path(m) for m in meetings])
    results = []
    for meeting in meetings:
        with _collecting_garbage_after():
            results.append(brief_one(Path(meeting), Path(out_root), formats, force))
    return results


# --------------------------------------------------------------------------- PDFs


@dataclass
class _Waiting:
    """A meeting rendered, its files waiting for their PDFs."""

    index: int  # in the chunk
    result: MeetingResult
    files: dict[Path, bytes]
    planned: Planned
    pdfs: dict[int, Path] = field(default_factory=dict)  # ticket -> where its PDF goes
    problems: list[str] = field(default_factory=list)


@dataclass
class _PdfChunk:
    """One chunk's meetings, rendered one after the other while LibreOffice converts."""

    converter: PdfConverter
    notify: Notify
    out_root: Path
    formats: tuple[str, ...]
    force: bool
    waiting: dict[int, _Waiting] = field(default_factory=dict)  # by ticket

    def run(self, meetings: list[Path]) -> list[MeetingResult]:
        results: list[MeetingResult | None] = [None] * len(meetings)
        for index, meeting in enumerate(meetings):
            with _collecting_garbage_after():
                rendered = self._render(index, meeting)
            if isinstance(rendered, MeetingResult):
                results[index] = rendered
            self._take(self.converter.poll(), results)
        while self.waiting:
            self._take(self.converter.wait(), results)
        return [result for result in results if result is not None]

    def _render(self, index: int, meeting: Path) -> MeetingResult | None:
        """Plan and render a meeting and hand its .docx to LibreOffice; its result if it
        failed already."""
        from briefpack.packs.documents import prepare_files

        result = MeetingResult(display_path(meeting))
        with failures_of(result):
            p = plan_file(meeting, self.out_root, self.formats)
            files, sources = prepare_files(p.docs, p.day, p.slug_source, p.out_dir,
                                           self.formats, extra=p.extra)
            waiting = _Waiting(index, result, files, p)
            for path, docx in sources.items():
                waiting.pdfs[self.converter.submit(docx)] = path
            self.waiting.update(dict.fromkeys(waiting.pdfs, waiting))
            return None if waiting.pdfs else self._write(waiting)
        return result

    def _take(self, converted: list[Converted], results: list[MeetingResult | None]) -> None:
        """Put the PDFs in; write each meeting whose PDFs are all in."""
        count = 0
        for outcome in converted:
            waiting = self.waiting.pop(outcome.ticket, None)
            if waiting is None:
                continue  # its meeting failed while it was being handed over
            path = waiting.pdfs.pop(outcome.ticket)
            if outcome.pdf is not None:
                waiting.files[path] = outcome.pdf
                count += 1
            else:
                waiting.problems.append(f"{waiting.result.meeting}: {path.name}: "
                                        f"{_indent(outcome.error or 'not converted')}")
            if not waiting.pdfs:
                results[waiting.index] = self._write(waiting)
        if count:
            self.notify(count)

    def _write(self, waiting: _Waiting) -> MeetingResult:
        """Write a meeting whose PDFs are all in, with its e-mail drafts (which attach them)."""
        from briefpack.packs.documents import mail_drafts, organisation_of
        from briefpack.word.output import write_files

        result, p = waiting.result, waiting.planned
        if waiting.problems:
            result.errors = waiting.problems  # and nothing of the meeting is written
            return result
        with failures_of(result):
            if "eml" in self.formats:
                waiting.files.update(mail_drafts(p.docs, waiting.files, p.day, p.slug_source,
                                                 p.out_dir))
            written = write_files(waiting.files, force=self.force,
                                  organisation=organisation_of(p.docs))
            result.written = [str(path) for path in written]
        return result


# --------------------------------------------------------------------------- worker state

_converter: PdfConverter | None = None  # this worker's LibreOffice run, kept across chunks
_events: object = None  # this worker's channel to the batch (a multiprocessing queue)


def init_worker(parent: int, events: object) -> None:
    """Worker initialiser: end with the batch, however it ends (taking LibreOffice along),
    and report converted documents through ``events``."""
    from briefpack.commands.workers import end_on_signal, end_with_parent

    global _events
    _events = events
    end_with_parent(parent)
    end_on_signal()


def worker_converter() -> PdfConverter:
    """This worker's LibreOffice run, started on first use; ended when the worker ends
    (normally, by a signal, or because the batch is gone)."""
    global _converter
    if _converter is None:
        from multiprocessing.util import Finalize

        from briefpack.commands.workers import at_end
        from briefpack.word.pdf import require_soffice

        _converter = PdfConverter(require_soffice())
        at_end(_converter.kill)
        Finalize(None, _converter.kill, exitpriority=10)  # when the pool ends the worker
    return _converter


def _notify_batch(count: int) -> None:
    if _events is not None:
        _events.put(count)  # type: ignore[attr-defined]
