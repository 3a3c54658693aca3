"""Bad input: one fixture folder per case, each refused with its file and line, writing nothing.

Each folder of ``tests/fixtures/invalid/`` holds one case: a ``meeting.yaml``, usually a small
``org.yaml`` beside it (so that line numbers stay stable), and ``expected.yaml`` saying what
must be reported::

    description: what is wrong
    file: meeting.yaml          # the file the problem is in
    line: 7                     # its line
    loc: agenda[0].minutes      # the dotted path ("" for the file as a whole)
    message: valid integer      # substring, or a list of substrings, of the same line

or ``problems: [{file, line, loc, message}, ...]`` when several problems must all be reported,
and ``xfail: reason`` for a known bug. Every case runs ``briefpack brief`` (which must validate
before writing) and ``briefpack validate`` in a temporary folder, and asserts DESIGN.md's "Bad
input": exit 1, ``file:LINE: dotted.path: message`` on stderr then a summary line, no traceback,
and no file written or changed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

CASES_DIR = Path(__file__).parent / "fixtures" / "invalid"
SUMMARY = re.compile(r"^(\d+) problems? in (\d+) files?; nothing was written\.$")


def _expected(case: str) -> dict:
    return yaml.safe_load((CASES_DIR / case / "expected.yaml").read_text(encoding="utf-8"))


def _problems(expected: dict) -> list[dict]:
    if "problems" in expected:
        return expected["problems"]
    return [{key: expected[key] for key in ("file", "line", "loc", "message")}]


def _substrings(message: str | list[str]) -> list[str]:
    return [message] if isinstance(message, str) else list(message)


CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())


def _params():
    for case in CASES:
        reason = _expected(case).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        for command in ("brief", "validate"):
            yield pytest.param(case, command, marks=marks, id=f"{case}-{command}")


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path below ``folder`` with its content (None for folders)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


# --------------------------------------------------------------------------- the fixtures


def test_enough_cases_one_folder_each():
    assert len(CASES) >= 20
    assert sum(1 for c in CASES if not _expected(c).get("xfail")) >= 15
    assert any(len(_problems(_expected(c))) >= 3 and not _expected(c).get("xfail") for c in CASES)


@pytest.mark.parametrize("case", CASES)
def test_fixture_is_well_formed(case):
    folder = CASES_DIR / case
    expected = _expected(case)
    assert expected.get("description"), "say what is wrong in 'description'"
    assert (folder / "meeting.yaml").is_file()
    for problem in _problems(expected):
        assert set(problem) == {"file", "line", "loc", "message"}
        path = folder / problem["file"]
        assert path.is_file(), f"{problem['file']} is not in the fixture"
        assert isinstance(problem["line"], int) and problem["line"] >= 1
        lines = path.read_text(encoding="utf-8").splitlines()
        # the line named must exist in the file (an empty file still has line 1)
        assert problem["line"] <= max(len(lines), 1)
        assert all(_substrings(problem["message"]))


# --------------------------------------------------------------------------- the cases


@pytest.mark.parametrize(("case", "command"), list(_params()))
def test_invalid_input_is_refused_with_file_and_line(case, command, tmp_path, monkeypatch):
    expected = _expected(case)
    problems = _problems(expected)
    shutil.copytree(CASES_DIR / case, tmp_path / case,
                    ignore=shutil.ignore_patterns("expected.yaml"))
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)

    args = ["brief", f"{case}/meeting.yaml", "-o", "out"] if command == "brief" \
        else ["validate", f"{case}/meeting.yaml"]
    result = CliRunner().invoke(main, args)

    assert result.exit_code == 1, result.output
    # exit 1 from a reported error, not from an exception escaping the CLI
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert result.stdout == "", "no written paths may be printed"

    lines = result.stderr.splitlines()
    assert lines, "the problems must go to stderr"
    summary = SUMMARY.match(lines[-1])
    assert summary, f"last line should be the summary, got {lines[-1]!r}"
    reported = lines[:-1]
    for problem in problems:
        where = f"{case}/{problem['file']}:{problem['line']}: "
        prefix = where + (f"{problem['loc']}: " if problem["loc"] else "")
        wanted = _substrings(problem["message"])
        assert any(
            line.startswith(prefix) and all(w in line for w in wanted) for line in reported
        ), f"expected a line starting {prefix!r} containing {wanted}; stderr was:\n{result.stderr}"
    assert len(reported) == len(problems), f"unexpected extra problems:\n{result.stderr}"
    assert int(summary.group(1)) == len(problems)
    assert int(summary.group(2)) == len({p["file"] for p in problems})

    # nothing written, nothing changed: no out/, no output/, inputs untouched
    assert not (tmp_path / "out").exists()
    assert _snapshot(tmp_path) == before


def test_several_problems_are_reported_together(tmp_path, monkeypatch):
    """The three-problem case lists three lines, each with its own line number."""
    case = "several-problems-shape"
    shutil.copytree(CASES_DIR / case, tmp_path / case)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["brief", f"{case}/meeting.yaml", "-o", "out"])
    assert result.exit_code == 1
    reported = result.stderr.splitlines()[:-1]
    assert len(reported) == 3
    numbers = [int(line.split(":")[1]) for line in reported]
    assert numbers == sorted(set(numbers)), "one line per problem, in file order"
    assert result.stderr.splitlines()[-1] == "3 problems in 1 file; nothing was written."


def test_existing_output_is_left_alone(tmp_path, monkeypatch):
    """An invalid meeting neither writes into nor changes an output folder that already exists."""
    case = "share-protected-budget"
    shutil.copytree(CASES_DIR / case, tmp_path / case)
    out = tmp_path / "out"
    out.mkdir()
    (out / "2026-12-03-q4-business-review-agenda.docx").write_bytes(b"previous agenda")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["brief", f"{case}/meeting.yaml", "-o", "out", "--force"])
    assert result.exit_code == 1
    assert "fy27-budget" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2026-12-03-q4-business-review-agenda.docx"]
    assert (out / "2026-12-03-q4-business-review-agenda.docx").read_bytes() == b"previous agenda"
