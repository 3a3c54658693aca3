"""The documents briefpack writes for the shipped example, made through the CLI, for comparing
with the files committed under ``tests/golden/``.

Regenerate them (only when a change to the output is intended, and say why in the commit):

    python tests/golden_docs.py tests/golden

What varies between runs is set aside before comparing: a .docx's created and modified times
(``docProps/core.xml``), its digest (``docProps/custom.xml``, which covers those times; the
digest itself is tested in ``tests/test_output.py``) and an invite's DTSTAMP. The transition's letter is dated the day it
is made and asks for a reply ten working days later: in its two files both dates are replaced;
``made-on.txt`` records the day the committed files were made.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "contoso"
MEETINGS = sorted((EXAMPLE / "meetings").glob("*.yaml"))
WITH_OUTCOMES = [m for m in MEETINGS if "outcomes:" in m.read_text(encoding="utf-8")]

_CORE_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
_DTSTAMP = re.compile(rb"DTSTAMP:[0-9TZ]+\r\n")
_DIGEST = re.compile(rb"<vt:lpwstr>[0-9a-f]{64}</vt:lpwstr>")


def commands() -> list[list[str]]:
    """The CLI runs whose files are compared."""
    runs = [["brief", str(m), "--format", "md", "--format", "ics"] for m in MEETINGS]
    runs += [["followup", str(m), "--format", "md"] for m in WITH_OUTCOMES]
    runs += [["transition", "--org", str(EXAMPLE), "--format", "md"]]
    return runs


def make_all(out_dir: Path) -> list[Path]:
    """Write every example document into ``out_dir``; return the paths written."""
    from click.testing import CliRunner

    from briefpack.cli import main

    written: list[Path] = []
    runner = CliRunner()
    for args in commands():
        result = runner.invoke(main, [*args, "-o", str(out_dir)], catch_exceptions=False)
        if result.exit_code != 0:
            raise RuntimeError(f"briefpack {' '.join(args)} failed:\n{result.output}")
        written += [Path(line) for line in result.stdout.splitlines() if line.strip()]
    return written


def long_date(day: date) -> str:
    """A day as the documents print it: ``1 December 2026``."""
    return f"{day.day} {day:%B %Y}"


def normalised_parts(path: Path, made_on: date) -> dict[str, bytes]:
    """A written file as the parts that must not change: a .docx's zip members, times of
    writing taken out; other files whole. In the letter of a transition, the day it was made
    (``made_on``) is replaced."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        parts["docProps/core.xml"] = _CORE_TIMES.sub(b"<time/>", parts["docProps/core.xml"])
        # the digest covers the core properties, times of writing included
        parts["docProps/custom.xml"] = _DIGEST.sub(b"<digest/>", parts["docProps/custom.xml"])
    else:
        parts = {"": _DTSTAMP.sub(b"DTSTAMP:-\r\n", data)}
    if "confirmation-letter" in path.name:
        from briefpack.packs.common import add_working_days

        reply_by = long_date(add_working_days(made_on, 10))
        for day, label in ((reply_by, b"<reply by>"), (long_date(made_on), b"<today>")):
            pattern = re.compile(rb"(?<!\d)" + re.escape(day.encode()))
            parts = {name: pattern.sub(label, part) for name, part in parts.items()}
    return parts


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "golden"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    staging = target / "_staging"
    for written in make_all(staging):  # written into OUT/<organisation>/: kept flat here
        print(shutil.move(str(written), target / written.name))
    shutil.rmtree(staging)
    (target / "made-on.txt").write_text(date.today().isoformat() + "\n", encoding="utf-8")
