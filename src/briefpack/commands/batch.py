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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from briefpack.data.discover import BROKEN, ORG_FILES, Peek, is_meeting_data, yaml_files
from briefpack.errors import BriefpackError, ValidationFailed, display_path

MAX_CHUNK = 16


@dataclass
class MeetingResult:
    """What became of one meeting: the files written, or the lines saying what is wrong."""

    meeting: str  # the meeting file as shown to the user
    written: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class BatchResult:
    """Every meeting's result, in the order the meetings were found, and the time taken."""

    results: list[MeetingResult]
    seconds: float = 0.0

    @property
    def written(self) -> list[str]:
        return [path for result in self.results for path in result.written]

    @property
    def failed(self) -> list[MeetingResult]:
        return [result for result in self.results if not result.ok]

    def summary(self) -> str:
        """``12 documents written, 1 meeting failed, 0.8 s``."""
        docs, failed = len(self.written), len(self.failed)
        return (f"{docs} document{'s' if docs != 1 else ''} written, "
                f"{failed} meeting{'s' if failed != 1 else ''} failed, {self.seconds:.1f} s")


# --------------------------------------------------------------------------- finding meetings


def find_meetings(paths: Iterable[Path], peek: Peek | None = None
                  ) -> tuple[list[Path], list[str]]:
    """The meeting files named by ``paths``, in order and each once, and the problems found.

    A meeting file is taken as it is. A folder is searched recursively: a YAML file there is a
    meeting when it is a mapping with ``type`` and ``title``; one that is not valid YAML is
    taken too, so that its error is reported. An organisation file (``org.yaml``) stands for
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
                if data is BROKEN or is_meeting_data(data):
                    found.append(file)  # broken YAML too: its loading names the line
            if not found:
                problems.append(f"{display_path(path)}: no meeting files found (a meeting is a "
                                "YAML mapping with type and title)")
        elif path.exists():
            found = [path]
        else:
            problems.append(f"{display_path(path)}: file not found")
            continue
        for file in found:
            meetings.setdefault(file.resolve(), file)
    return list(meetings.values()), problems


# --------------------------------------------------------------------------- one meeting


def _indent(message: str) -> str:
    return message.replace("\n", "\n  ")


def brief_one(meeting: Path, out_root: Path, formats: tuple[str, ...] = ("docx",),
              force: bool = False) -> MeetingResult:
    """Brief one meeting into ``out_root/<org-slug>/``; never raises for a bad meeting."""
    from briefpack.commands.brief import _plan
    from briefpack.packs.documents import write_documents
    from briefpack.word.output import slugify

    result = MeetingResult(display_path(meeting))
    try:
        docs, ctx, org = _plan(meeting)
        extra = []
        if "ics" in formats:  # as `brief --format ics`: the meeting's calendar invite
            from briefpack.packs.invite import invite_bytes

            extra.append(("invite", "ics", invite_bytes(ctx, org.template_path)))
        out_dir = Path(out_root) / slugify(ctx.org.name)
        written = write_documents(docs, ctx.meeting.date, ctx.meeting.title, out_dir, formats,
                                  force, extra=extra)
        result.written = [str(path) for path in written]
    except ValidationFailed as exc:
        result.errors = [str(problem) for problem in exc.problems] or [
            f"{result.meeting}: {_indent(exc.message)}"]
    except BriefpackError as exc:
        result.errors = [f"{result.meeting}: {_indent(exc.message)}"]
    except ValueError as exc:  # e.g. an organisation template writing unsupported Markdown
        result.errors = [f"{result.meeting}: cannot write the documents: {exc}"]
    except Exception as exc:  # noqa: BLE001 - one meeting's bug must not stop the batch
        result.errors = [f"{result.meeting}: internal error: {type(exc).__name__}: {exc}"]
    return result


def _release_memory() -> None:
    """Give the memory freed by the last meeting back to the system (glibc keeps it, scattered
    between live blocks, so a worker's footprint would creep up to its worst document's)."""
    global _TRIM
    if _TRIM is None:
        _TRIM = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):
                pass
    if _TRIM:
        _TRIM(0)


_TRIM = None


def _run_chunk(meetings: list[str], out_root: str, formats: tuple[str, ...],
               force: bool) -> list[MeetingResult]:
    """Worker: brief a chunk of meetings in this process, reusing its caches.

    The cyclic garbage collector is paused while a meeting is briefed and run once after it:
    building a document allocates many objects that live until it is saved, and collections
    in between cost about a fifth of the time while finding nothing to free.
    """
    import gc

    enabled = gc.isenabled()
    results = []
    try:
        for meeting in meetings:
            gc.disable()
            results.append(brief_one(Path(meeting), Path(out_root), formats, force))
            gc.collect()  # python-docx packages are cycles: free them now, not gen-2 later
            _release_memory()
    finally:
        if enabled:
            gc.enable()
    return results


def _warm_up() -> None:
    """Import the pipeline and load the built-in playbook before workers are forked, so that
    each worker starts with them (shared, copy-on-write) instead of loading them itself."""
    from briefpack.commands import brief
    from briefpack.word import writer as docx_writer  # noqa: F401
    from briefpack.data.context import playbook_for  # noqa: F401
    from briefpack.data.load import load_builtin_playbook

    try:
        load_builtin_playbook("microsoft")
    except ValidationFailed:
        pass


# --------------------------------------------------------------------------- many meetings


def _org_key(meeting: Path, peek: Peek) -> str:
    """Which organisation a meeting belongs to, cheaply (to keep an org's meetings together):
    the folder its documents go to, else its organisation file."""
    from briefpack.word.output import slugify

    data = peek(meeting)
    org = data.get("org") if isinstance(data, dict) else None
    if not isinstance(org, str):
        return ""
    path = meeting.parent / org
    org_data = peek(path / "org.yaml" if path.is_dir() else path)
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
        file = path / "org.yaml" if path.is_dir() else path
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
        name = org_name(meeting.parent / data["org"])
        title, day = data.get("title"), data.get("date")
        if name is None or not isinstance(title, str) or day is None:
            continue
        key = (slugify(name), str(day), slugify(title))
        if key in seen:
            clashes[index] = display_path(meetings[seen[key]])
        else:
            seen[key] = index
    return clashes


def _chunks(meetings: list[Path], jobs: int, peek: Peek,
            whole_orgs: bool = False) -> list[list[int]]:
    """Indices of ``meetings`` in chunks: an organisation's meetings together, small enough
    to balance the workers' load. With ``whole_orgs`` each organisation is one chunk, so that
    one process writes its folder (and the folder's manifest of .md and .pdf files)."""
    keys = {i: _org_key(meetings[i], peek) for i in range(len(meetings))}
    order = sorted(range(len(meetings)), key=lambda i: (keys[i], i))
    if whole_orgs:
        chunks: dict[str, list[int]] = {}
        for i in order:
            chunks.setdefault(keys[i], []).append(i)
        return list(chunks.values())
    size = max(1, min(MAX_CHUNK, -(-len(order) // (jobs * 4))))
    return [order[start:start + size] for start in range(0, len(order), size)]


def default_jobs() -> int:
    """Worker processes to use by default: one per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_batch(paths: Iterable[Path], out_root: Path = Path("output"), jobs: int | None = None,
              formats: tuple[str, ...] = ("docx",), force: bool = False,
              progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """Brief every meeting found in ``paths`` into ``out_root/<org-slug>/``.

    ``jobs`` worker processes (default: one per core; 1 runs here, without a pool).
    ``progress(finished, total)`` is called as meetings finish. Failures are collected in the
    result, never raised.
    """
    from briefpack.packs.documents import check_formats

    start = time.perf_counter()
    formats = tuple(dict.fromkeys(formats or ("docx",)))
    check_formats(formats)  # e.g. PDF without LibreOffice: say so before anything is done
    peek = Peek()
    meetings, problems = find_meetings(paths, peek)
    results: list[MeetingResult | None] = [None] * len(meetings)
    for index, earlier in _same_output(meetings, peek).items():
        message = (f"{display_path(meetings[index])}: writes the same files as {earlier} "
                   "(same organisation, date and title); change its title or date")
        results[index] = MeetingResult(display_path(meetings[index]), errors=[message])
    todo = [i for i, result in enumerate(results) if result is None]
    jobs = max(1, jobs or default_jobs())

    def done(indices: list[int], chunk_results: list[MeetingResult]) -> None:
        for index, result in zip(indices, chunk_results):
            results[index] = result
        if progress:
            progress(sum(result is not None for result in results), len(results))

    if progress:
        progress(len(meetings) - len(todo), len(meetings))

    chunks = _chunks([meetings[i] for i in todo], jobs, peek,
                     whole_orgs=any(f != "docx" for f in formats))
    chunks = [[todo[i] for i in chunk] for chunk in chunks]
    in_process = jobs == 1 or len(todo) <= 1
    fork = not in_process and sys.platform.startswith("linux")
    with _frozen_pipeline(enabled=bool(todo) and (in_process or fork)):
        if in_process:
            for chunk in chunks:
                done(chunk, _run_chunk([str(meetings[i]) for i in chunk], str(out_root),
                                       formats, force))
        else:
            _run_pool(chunks, meetings, out_root, formats, force, min(jobs, len(chunks)), done,
                      fork)
    final = [MeetingResult(problem.partition(": ")[0], errors=[problem]) for problem in problems]
    final += [result for result in results if result is not None]
    return BatchResult(final, time.perf_counter() - start)


@contextmanager
def _frozen_pipeline(enabled: bool) -> Iterator[None]:
    """Load the pipeline, then move everything alive to the collector's permanent generation
    for the run: each meeting's collection then scans only that meeting's objects (5 ms, not
    55), and forked workers do not copy the pages they inherit by touching them."""
    import gc

    if not enabled or gc.get_freeze_count():
        yield
        return
    _warm_up()
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _run_pool(chunks: list[list[int]], meetings: list[Path], out_root: Path,
              formats: tuple[str, ...], force: bool, workers: int,
              done: Callable[[list[int], list[MeetingResult]], None], fork: bool) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # fork: workers inherit the imported pipeline and the loaded playbook
    context = multiprocessing.get_context("fork") if fork else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = {pool.submit(_run_chunk, [str(meetings[i]) for i in chunk], str(out_root),
                               formats, force): chunk for chunk in chunks}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                try:
                    chunk_results = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker died (e.g. killed)
                    chunk_results = [MeetingResult(display_path(meetings[i]), errors=[
                        f"{display_path(meetings[i])}: worker process failed: {exc}"])
                        for i in chunk]
                done(chunk, chunk_results)
