"""Windows and macOS, tested from Linux (issue 20, item 3): paths in data files written with
either slash, LibreOffice found where its Windows and macOS installers put it, and no POSIX-only
call without a way for the other systems (the template time limit without SIGALRM)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import time
from pathlib import Path, PureWindowsPath

import pytest
from click.testing import CliRunner

from briefpack.cli import main
from briefpack.data.load import written_path
from briefpack.word import pdf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = "2026-12-03-q4-qbr.yaml"
OFFER = "2027-03-22-e5-copilot-phone-bundle.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --------------------------------------------------------------------------- paths in data files


@pytest.mark.parametrize("written, expected", [
    ("../org.yaml", "../org.yaml"),
    (r"..\org.yaml", "../org.yaml"),
    (r"..\clients/acme\org.yaml", "../clients/acme/org.yaml"),
    (r".\org.yaml", "org.yaml"),
    ("org.yaml", "org.yaml"),
])
def test_a_relative_path_reads_the_same_with_either_slash(written, expected):
    folder = Path("meetings")
    assert written_path(folder, written) == folder / expected
    # what Windows makes of it is the same path
    assert PureWindowsPath("meetings", written) == PureWindowsPath(folder / expected)


def test_an_absolute_windows_path_keeps_its_drive_and_folders():
    found = written_path(Path("meetings"), r"C:\Clients\Acme\org.yaml")
    assert found.as_posix().endswith("C:/Clients/Acme/org.yaml")
    assert "\\" not in str(found)


@pytest.fixture
def windows_org(tmp_path) -> Path:
    """The example with its meetings' and offers' `org:` written the Windows way, in the three
    ways YAML allows it (plain, single- and double-quoted)."""
    folder = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, folder)
    styles = [r"org: ..\org.yaml", r"org: '..\org.yaml'", r'org: "..\\org.yaml"']
    for index, path in enumerate(sorted((folder / "meetings").glob("*.yaml"))):
        text = path.read_text(encoding="utf-8")
        assert "\norg: ../org.yaml\n" in text
        path.write_text(text.replace("\norg: ../org.yaml\n", f"\n{styles[index % 3]}\n"),
                        encoding="utf-8")
    offer = folder / "offers" / OFFER
    offer.write_text(offer.read_text(encoding="utf-8") + "org: ..\\org.yaml\n", encoding="utf-8")
    return folder


def test_meetings_and_offers_naming_org_yaml_with_backslashes_work(windows_org, tmp_path):
    out = tmp_path / "out"
    assert "org: ..\\org.yaml" in (windows_org / "meetings" / QBR).read_text(encoding="utf-8")
    result = run("validate", windows_org)
    assert result.exit_code == 0, result.output
    result = run("brief", windows_org / "meetings" / QBR, "-o", out)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == 3
    result = run("batch", windows_org / "meetings", "-o", out, "--jobs", "1", "--force")
    assert result.exit_code == 0, result.output
    assert "0 meetings failed" in result.stderr
    result = run("offer", windows_org / "offers" / OFFER, "-o", out, "--as-of", "2027-03-22")
    assert result.exit_code == 0, result.output


def test_the_register_finds_the_next_meeting_whose_org_is_written_with_backslashes(windows_org):
    result = run("register", windows_org, "--as-of", "2026-11-01", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"title": "Q4 business review"' in result.stdout


def test_a_missing_org_written_with_backslashes_is_named_in_the_error(windows_org, tmp_path):
    path = windows_org / "meetings" / QBR
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\norg: .*\n", "\norg: ..\\\\nowhere\\\\org.yaml\n", text),
                    encoding="utf-8")
    result = run("brief", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "organisation file not found" in result.stderr
    assert str(Path("nowhere") / "org.yaml") in result.stderr


# --------------------------------------------------------------------------- LibreOffice


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True)
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def nothing_on_path(monkeypatch):
    monkeypatch.delenv("BRIEFPACK_SOFFICE", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)


def test_macos_finds_libreoffice_in_the_user_s_applications_folder(
        nothing_on_path, monkeypatch, tmp_path):
    """A fake home with LibreOffice dragged into ~/Applications (not /Applications)."""
    home = tmp_path / "home"
    program = _executable(home / "Applications" / "LibreOffice.app" / "Contents" / "MacOS"
                          / "soffice")
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(home))
    assert pdf.install_locations() == ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
                                       str(program)]
    if not Path("/Applications/LibreOffice.app").exists():
        assert pdf.soffice() == str(program)
        assert pdf.require_soffice() == str(program)


def test_macos_without_libreoffice_says_how_to_install_it(nothing_on_path, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(tmp_path))
    if Path("/Applications/LibreOffice.app").exists():
        pytest.skip("LibreOffice is installed in /Applications here")
    assert pdf.soffice() is None
    with pytest.raises(Exception, match="brew install --cask libreoffice"):
        pdf.require_soffice()


@pytest.mark.parametrize("installed, environ", [
    ([r"C:\Program Files\LibreOffice\program\soffice.exe"], {}),
    ([r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"],
     {"ProgramFiles": r"C:\Program Files", "ProgramFiles(x86)": r"C:\Program Files (x86)"}),
    ([r"D:\Apps\LibreOffice\program\soffice.exe"], {"ProgramFiles": r"D:\Apps"}),
    ([r"C:\Program Files\LibreOffice\program\soffice.exe",  # 64-bit first
      r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"],
     {"ProgramW6432": r"C:\Program Files", "ProgramFiles(x86)": r"C:\Program Files (x86)"}),
], ids=["default", "32-bit", "other-drive", "both"])
def test_windows_finds_libreoffice_where_its_installer_put_it(
        nothing_on_path, monkeypatch, installed, environ):
    """A fake Windows file system: only the paths in ``installed`` exist."""
    monkeypatch.setattr(sys, "platform", "win32")
    for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(pdf.os.path, "isfile", lambda path: path in installed)
    monkeypatch.setattr(pdf.os, "access", lambda path, mode: path in installed)
    assert pdf.soffice() == installed[0]
    monkeypatch.setattr(pdf.os.path, "isfile", lambda path: False)
    assert pdf.soffice() is None


# --------------------------------------------------------------------------- POSIX-only calls


@pytest.fixture
def no_alarm(monkeypatch):
    """Python as on Windows: no SIGALRM timer."""
    monkeypatch.delattr(signal, "setitimer")


def _templates(tmp_path: Path, text: str) -> tuple[Path, ...]:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "probe.md.j2").write_text(text, encoding="utf-8")
    return (folder,)


def test_without_sigalrm_a_template_that_never_ends_is_stopped(no_alarm, tmp_path, monkeypatch):
    import briefpack.render.jinja as jinja
    from briefpack.errors import TemplateFailed

    monkeypatch.setattr(jinja, "TIME_LIMIT", 0.5)
    path = _templates(tmp_path, "x\n{% for i in range(100000) %}{% for j in range(100000) %}"
                                "{% endfor %}{% endfor %}\n")
    started = time.monotonic()
    with pytest.raises(TemplateFailed) as info:
        jinja.render("probe.md.j2", {}, path)
    assert time.monotonic() - started < 10
    assert "probe.md.j2:2:" in info.value.message
    assert "still running after 0.5 seconds" in info.value.message


def test_without_sigalrm_the_limit_never_fires_after_the_template(no_alarm, tmp_path,
                                                                  monkeypatch):
    import briefpack.render.jinja as jinja

    monkeypatch.setattr(jinja, "TIME_LIMIT", 0.2)
    path = _templates(tmp_path, "quick\n")
    for _ in range(20):
        assert jinja.render("probe.md.j2", {}, path) == "quick\n"
    until, spins = time.monotonic() + 0.6, 0
    while time.monotonic() < until:  # Python code running past the limit: nothing arrives
        spins += 1
    assert spins


def test_the_cache_needs_no_posix_user_ids(monkeypatch, tmp_path):
    """Windows has no os.getuid: the cache folder is the user's own profile's."""
    from briefpack import cache

    monkeypatch.delattr(os, "getuid", raising=False)
    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", str(tmp_path / "cache"))
    folder = cache.cache_dir("templates")
    assert folder is not None and folder.is_dir()
