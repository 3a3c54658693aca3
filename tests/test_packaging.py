"""On a fresh clone, the README's first command installs briefpack and writes the example's
documents; the installed wheel carries the playbooks and templates and works from any folder."""

import re
import shlex
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    """The shell commands of the README's set-up section, in order."""
    text = (ROOT / "README.md").read_text()
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_readme_has_the_two_setup_commands():
    install_and_brief, tests = readme_commands()[:2]
    assert install_and_brief.startswith("pip install . && briefpack brief examples/")
    assert "pytest" in tests and ".[test]" in tests
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.slow
def test_readme_first_command_on_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    bin_dir = env_dir / "bin"
    install, brief_cmd = readme_commands()[0].split(" && ")
    # `pip install .` from the clone, into a fresh environment (dependencies come from the
    # system site-packages so the test needs no network)
    subprocess.run([str(bin_dir / "python"), "-m", *shlex.split(install),
                    "--no-deps", "--no-build-isolation", "-q"], cwd=clone, check=True)
    args = shlex.split(brief_cmd)
    result = subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=clone,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(Path(line).name for line in result.stdout.splitlines())
    assert written == ["2026-12-03-q4-business-review-agenda.docx",
                       "2026-12-03-q4-business-review-briefing.docx",
                       "2026-12-03-q4-business-review-card.docx"]
    assert all((clone / line).is_file() for line in result.stdout.splitlines())

    # the installed copy, not a checkout, supplies the playbook and templates, from anywhere
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import briefpack.resources as r; print(r.data_root())"],
        cwd=elsewhere, capture_output=True, text=True, check=True).stdout.strip()
    assert where.endswith("_data") and str(clone) not in where and str(ROOT) not in where
    result = subprocess.run(
        [str(bin_dir / "briefpack"), "brief",
         str(clone / "examples/contoso/meetings/2027-01-20-adoption-review.yaml"), "-o", "out"],
        cwd=elsewhere, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name.rsplit("-", 1)[1]
                     for p in (elsewhere / "out" / "contoso-ltd").glob("*.docx"))
    assert written == ["agenda.docx", "briefing.docx", "card.docx"]
    version = subprocess.run([str(bin_dir / "briefpack"), "--version"],
                             capture_output=True, text=True, check=True).stdout
    assert "briefpack, version" in version
