"""A non-editable install carries the playbooks and templates and works from any folder."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_runs_brief_from_another_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("briefpack-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--force-reinstall",
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    meeting = ROOT / "examples/contoso/meetings/2026-12-03-q4-qbr.yaml"
    result = subprocess.run(
        [str(env_dir / "bin" / "briefpack"), "brief", str(meeting), "-o", "out"],
        cwd=elsewhere, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (elsewhere / "out").iterdir())
    assert written == ["2026-12-03-q4-business-review-agenda.docx",
                       "2026-12-03-q4-business-review-briefing.docx"]
    # the installed copy, not the checkout, supplied the playbook and templates
    where = subprocess.run(
        [str(python), "-c", "import briefpack.resources as r; print(r.data_root())"],
        cwd=elsewhere, capture_output=True, text=True, check=True).stdout.strip()
    assert "_data" in where and str(ROOT) not in where
    version = subprocess.run([str(env_dir / "bin" / "briefpack"), "--version"],
                             capture_output=True, text=True, check=True).stdout
    assert "briefpack, version" in version
