"""Files that have not changed since they last loaded cleanly are read back from the cache
(load.py's ``_validated``): a cold brief then imports no pydantic. What must never happen is
that a changed file, a file with problems or a file read as another kind gets an old result."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpack import context, load
from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "invalid" / "duplicate-key"

# brief a meeting in a new Python, then say whether pydantic was ever imported
BRIEF_AND_REPORT = (
    "import sys; from briefpack.cli import main\n"
    "try:\n    main(['brief', 'meeting.yaml', '-o', 'out', '--force'])\n"
    "except SystemExit as exc:\n    code = exc.code\n"
    "print('pydantic' in sys.modules, code)"
)


@pytest.fixture
def case(tmp_path, monkeypatch) -> Path:
    """A valid org and meeting in the current folder, with a cache of their own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copy(FIXTURE / "org.yaml", tmp_path / "org.yaml")
    meeting = (FIXTURE / "meeting.yaml").read_text().replace("date: 2026-12-04\n", "")
    (tmp_path / "meeting.yaml").write_text(meeting)
    return tmp_path


def brief_in_new_python(folder: Path) -> tuple[bool, int]:
    done = subprocess.run([sys.executable, "-c", BRIEF_AND_REPORT], check=False,
                          cwd=folder,
                          capture_output=True, text=True, env=os.environ.copy())
    imported, code = done.stdout.split()[-2:]
    return imported == "True", int(code or 0)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_unchanged_files_load_without_pydantic(case):
    assert brief_in_new_python(case) == (True, 0)  # first run validates and keeps
    assert brief_in_new_python(case) == (False, 0)  # second run reads back
    # only the meeting changed: it alone is validated again, with pydantic
    text = (case / "meeting.yaml").read_text()
    (case / "meeting.yaml").write_text(text.replace("Q4 business review", "Q4 review"))
    assert brief_in_new_python(case) == (True, 0)


def test_a_changed_file_is_validated_again(case):
    assert run("brief", "meeting.yaml", "-o", "out").exit_code == 0
    text = (case / "org.yaml").read_text()
    assert "status: verbal" in text
    (case / "org.yaml").write_text(text.replace("status: verbal", "status: promised", 1))
    result = run("brief", "meeting.yaml", "-o", "out", "--force")
    assert result.exit_code == 1
    assert "org.yaml:" in result.stderr and "'promised'" in result.stderr


def test_problems_and_warnings_are_reported_every_time(case):
    text = (case / "meeting.yaml").read_text().replace(
        "title: Q4 business review", 'title: "Q4\\x01 review"')
    (case / "meeting.yaml").write_text(text)
    for _ in range(2):
        result = run("brief", "meeting.yaml", "-o", "out", "--force")
        assert result.exit_code == 0, result.stderr
        assert "characters Word cannot store (U+0001) replaced" in result.stderr
    (case / "meeting.yaml").write_text(text.replace("minutes: 10", "minutes: ten", 1))
    for _ in range(2):
        result = run("brief", "meeting.yaml", "-o", "out", "--force")
        assert result.exit_code == 1 and "valid integer" in result.stderr, result.stderr


def test_a_file_is_not_read_back_as_another_kind(case):
    assert run("validate", "org.yaml").exit_code == 0  # kept as an organisation
    result = run("brief", "org.yaml", "-o", "out")
    assert result.exit_code == 1
    assert "this is an organisation file, not a meeting" in result.stderr


def test_a_damaged_cache_entry_is_rebuilt(case):
    assert run("brief", "meeting.yaml", "-o", "out").exit_code == 0
    entries = list((case / "cache").glob("validated-*/*"))
    assert entries, "the clean files were kept"
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    load._PLAYBOOK_CACHE.clear()  # as in a new process
    context._ORG_CACHE.clear()
    result = run("brief", "meeting.yaml", "-o", "out", "--force")
    assert result.exit_code == 0, result.stderr
    assert all(entry.read_bytes() != b"not a pickle" for entry in entries)


def test_the_cache_keeps_a_bounded_number_of_files(case, monkeypatch):
    monkeypatch.setattr(load, "VALIDATED_KEPT", 3)
    text = (case / "meeting.yaml").read_text()
    for version in range(6):
        (case / "meeting.yaml").write_text(f"{text}\n# version {version}\n")
        assert run("validate", "meeting.yaml").exit_code == 0
    assert len(list((case / "cache").glob("validated-*/*"))) <= 3
