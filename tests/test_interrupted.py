"""An interrupted run never leaves a truncated document: SIGKILL in the middle of a batch."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from stopping import processes_naming, stop_batch

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"


@pytest.mark.slow
def test_sigkill_in_the_middle_of_a_batch_leaves_only_complete_documents(tmp_path):
    org = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, org)
    template = yaml.safe_load((org / "meetings" / "2026-12-03-q4-qbr.yaml").read_text())
    for i in range(120):
        meeting = dict(template, title=f"Review {i:03d}")
        (org / "meetings" / f"m{i:03d}.yaml").write_text(yaml.safe_dump(meeting))
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "briefpack", "batch", str(org), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and len(list(out.rglob("*.docx"))) < 20:
            time.sleep(0.05)
        assert process.poll() is None, "the batch finished before it could be interrupted"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    documents = list(out.rglob("*.docx"))
    assert 20 <= len(documents) < 2 * 124, len(documents)
    for path in documents:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path.name
        assert docx.Document(str(path)).paragraphs, path.name
    # what the kill interrupted is at most a temporary file, never a .docx under its real name
    assert all(p.suffix in (".docx", ".tmp", ".json") for p in out.rglob("*") if p.is_file())


def _batch_of(tmp_path: Path, count: int) -> tuple[Path, Path]:
    org = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, org)
    template = yaml.safe_load((org / "meetings" / "2026-12-03-q4-qbr.yaml").read_text())
    for i in range(count):
        meeting = dict(template, title=f"Review {i:03d}")
        (org / "meetings" / f"m{i:03d}.yaml").write_text(yaml.safe_dump(meeting))
    return org, tmp_path / "out"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the workers")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_stopped_batch_leaves_no_worker_behind(tmp_path, how):
    """Issue 13, item 9: stopped with SIGTERM or SIGINT, the batch ends its workers and exits
    non-zero; killed outright, its workers notice and end themselves."""
    org, out = _batch_of(tmp_path, 120)
    stderr = stop_batch([str(org), "--jobs", "2"], out, how, "*.docx", 6)
    if how != "SIGKILL":
        assert "stopped by " + how in stderr
    assert processes_naming(str(out), within=10) == []
    for path in out.rglob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path.name
