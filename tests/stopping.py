"""Stopping a running batch from a test: start `briefpack batch` as a process, signal it once it
is writing, and find the processes it (or LibreOffice) left behind, by their command lines in
/proc (tests using these skip where there is no /proc)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path


def stop_batch(args: list[str], out: Path, how: str, written: str, count: int,
               env: dict | None = None, timeout: float = 120) -> str:
    """Run ``briefpack batch ARGS -o OUT``, send it signal ``how`` once ``count`` files matching
    ``written`` are in ``out``, and wait for it to end (a worker left running would hold its
    stderr open); its stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefpack", "batch", *args, "-o", str(out)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(list(out.rglob(written))) < count:
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be stopped"
    process.send_signal(getattr(signal, how))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    return stderr.decode()


def processes_naming(fragment: str, within: float = 0) -> list[int]:
    """The processes whose command line holds ``fragment``, once none is left or after
    ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and fragment.encode() in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.2)
