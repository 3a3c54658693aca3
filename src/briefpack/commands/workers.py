"""Worker processes of a batch: they end with the batch, however it ends.

SIGTERM or SIGINT to the batch ends its workers and the batch with :class:`Stopped`; a batch
killed outright cannot, so each worker watches the process that started it and ends itself
when that is gone. Whatever a worker was writing is complete or not there at all, since every
file is renamed into place only when all of a meeting's files are written.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from briefpack.errors import BriefpackError


class Stopped(BriefpackError):
    """The batch was asked to stop (SIGTERM or SIGINT): its workers were ended."""


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While workers run, SIGTERM and SIGINT stop the batch with :class:`Stopped` (the
    default for SIGTERM would end this process and leave its workers running)."""
    def stop(signum: int, frame: object) -> None:
        raise Stopped(f"stopped by {signal.Signals(signum).name}: the workers were ended; "
                      "every document written is complete, the rest were not written")

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
    not at all), and let the pool go."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]


def end_with_parent(parent: int) -> None:
    """Worker initialiser: end this worker when the batch process that started it is gone
    (killed without a chance to end its workers), instead of running on as an orphan."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)  # the parent is gone: nobody will collect what this worker does

    threading.Thread(target=watch, daemon=True, name="briefpack-parent-watch").start()
