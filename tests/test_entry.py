"""The ``briefpack`` command as a process (console script and ``python -m briefpack``):
nothing printed or written is lost, and the exit code is the command's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
QBR = ROOT / "examples" / "contoso" / "meetings" / "2026-12-03-q4-qbr.yaml"


def briefpack(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefpack", *map(str, args)], check=False, cwd=cwd,
                          capture_output=True, text=True, env=os.environ.copy())


def test_brief_prints_writes_and_exits_0(tmp_path):
    done = briefpack("brief", QBR, "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = done.stdout.split()
    assert len(written) == 3 and all(p.endswith(".docx") for p in written)
    for path in written:
        assert docx.Document(tmp_path / path).paragraphs  # complete, readable files


def test_errors_reach_stderr_with_exit_1(tmp_path):
    done = briefpack("brief", "missing.yaml", "-o", "out", cwd=tmp_path)
    assert done.returncode == 1
    assert "missing.yaml" in done.stderr and "file not found" in done.stderr
    assert done.stderr.rstrip().endswith("nothing was written.")
    assert not (tmp_path / "out").exists()


def test_usage_errors_keep_exit_2(tmp_path):
    done = briefpack("brief", "--no-such-option", cwd=tmp_path)
    assert done.returncode == 2 and "No such option" in done.stderr


def test_a_backup_message_is_not_lost(tmp_path):
    """A warning logged during the command (a kept backup) is printed before the process
    ends."""
    assert briefpack("brief", QBR, "-o", "out", cwd=tmp_path).returncode == 0
    briefing = next((tmp_path / "out" / "contoso-ltd").glob("*briefing.docx"))
    edited = docx.Document(briefing)
    edited.add_paragraph("my own notes")
    edited.save(briefing)
    done = briefpack("brief", QBR, "-o", "out", "--force", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "kept the previous" in done.stderr
