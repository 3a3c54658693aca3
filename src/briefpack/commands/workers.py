"""Worker processes of a batch: they end with the batch, however it ends, and take
LibreOffice with them.

SIGTERM or SIGINT to the batch ends its workers and the batch with :class:`Stopped`; a batch
killed outright cannot, so each worker watches the process that started it and ends itself
when that is gone. A worker ending either way first runs what was registered with
:func:`at_end`: its LibreOffice run is ended with everything it started. Whatever a worker was
writing is complete or not there at all, since every file is written to a temporary name and
renamed into place only when complete.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from briefpack.errors import BriefpackError


class Stopped(BriefpackError):
    """The batch was asked to stop (SIGTERM or SIGINT): its workers were ended."""


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While workers run, SIGTERM and SIGINT stop the batch with :class:`Stopped` (the
    default for SIGTERM would end this process and leave its workers running)."""
    def stop(signum: int, frame: object) -> None:
        raise Stopped(f"stopped by {signal.Signals(signum).name}: the workers and LibreOffice "
                      "were ended; every document written is complete, the rest were not "
                      "written")

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGINT") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def end_workers(pool: object) -> None:
    """End every worker of ``pool`` now, whatever it is doing (its files are written whole or
    not at all), and let the pool go. On POSIX a worker's SIGTERM handler ends its LibreOffice
    (:func:`end_on_signal`); Windows ends a process without running any handler, so there
    each worker's process tree, LibreOffice included, is ended with ``taskkill /T``."""
    for process in list(getattr(pool, "_processes", {}).values()):
        if WINDOWS:
            _end_tree(process.pid)
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]


_AT_END: list[Callable[[], None]] = []


def at_end(callback: Callable[[], None]) -> None:
    """Worker: run ``callback`` (quick, and safe in a signal handler) when this worker is
    ended by the batch or because the batch is gone."""
    _AT_END.append(callback)


def _end_now() -> None:
    """End this worker at once, after what :func:`at_end` registered."""
    for callback in _AT_END:
        try:
            callback()
        except Exception:  # noqa: BLE001, S110 - ending anyway; the rest must still run
            pass
    os._exit(1)  # nobody will collect what this worker does


def end_on_signal() -> None:
    """Worker initialiser: SIGTERM (the batch ending its workers) ends this worker at once,
    with what it started; SIGINT (Ctrl-C reaches every process of the terminal's group) is
    the batch's to handle: it then ends its workers."""
    signal.signal(signal.SIGTERM, lambda signum, frame: _end_now())
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def end_with_parent(parent: int) -> None:
    """Worker initialiser: end this worker when the batch process that started it is gone
    (killed without a chance to end its workers), instead of running on as an orphan."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        _end_now()

    threading.Thread(target=watch, daemon=True, name="briefpack-parent-watch").start()


def _end_tree(pid: int) -> None:
    """Windows: end process ``pid`` and every process it started."""
    try:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(pid)], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        pass  # terminate() still ends the worker itself


WINDOWS = os.name == "nt"
