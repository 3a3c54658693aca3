"""`--format pdf`: LibreOffice fills in the table of contents with page numbers; without
LibreOffice the command says how to install it and writes nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpack.cli import main
from briefpack.commands.brief import plan_brief
from briefpack.word import converter, office, pdf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
HINT = "apt-get install libreoffice-writer-nogui"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


# --------------------------------------------------------------------------- no LibreOffice


@pytest.fixture
def no_libreoffice(monkeypatch, tmp_path):
    """No soffice on PATH and BRIEFPACK_SOFFICE unset."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.delenv("BRIEFPACK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(pdf, "install_locations", list)  # a Mac or PC with LibreOffice


@pytest.mark.parametrize("command", [
    ["brief", QBR], ["transition", "--org", EXAMPLE], ["followup", QBR],
], ids=["brief", "transition", "followup"])
def test_without_libreoffice_pdf_is_an_error_with_the_install_hint_and_nothing_is_written(
        no_libreoffice, tmp_path, command):
    out = tmp_path / "out"
    result = run(*command, "-o", out, "--format", "pdf")
    assert result.exit_code == 1
    assert HINT in result.stderr and "BRIEFPACK_SOFFICE" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_brief_soffice_set_to_nothing_means_no_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFPACK_SOFFICE", "")
    result = run("brief", QBR, "-o", tmp_path / "out", "--format", "pdf", "--format", "md")
    assert result.exit_code == 1 and HINT in result.stderr
    assert not (tmp_path / "out").exists()


def test_brief_soffice_naming_no_program_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFPACK_SOFFICE", str(tmp_path / "no-such-soffice"))
    result = run("brief", QBR, "-o", tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 1
    assert "BRIEFPACK_SOFFICE names" in result.stderr and HINT in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_libreoffice_is_reported_before_anything_is_rendered(no_libreoffice, monkeypatch,
                                                                    tmp_path):
    import briefpack.commands.brief

    def must_not_render(*args, **kwargs):
        raise AssertionError("rendered before checking for LibreOffice")

    monkeypatch.setattr(briefpack.commands.brief, "plan_meeting", must_not_render)
    result = run("brief", QBR, "-o", tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 1 and HINT in result.stderr


def test_soffice_is_found_by_env_name_or_path(monkeypatch, tmp_path):
    program = tmp_path / "my-office"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    monkeypatch.setenv("BRIEFPACK_SOFFICE", str(program))
    assert pdf.soffice() == str(program)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("BRIEFPACK_SOFFICE", "my-office")
    assert pdf.soffice() == str(program)


def _fake_install(folder: Path) -> Path:
    program = folder / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    return program


def test_soffice_not_on_path_is_found_where_its_installer_puts_it(monkeypatch, tmp_path):
    program = _fake_install(tmp_path / "Program Files")
    monkeypatch.delenv("BRIEFPACK_SOFFICE", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "install_locations",
                        lambda: [str(tmp_path / "nowhere" / "soffice.exe"), str(program)])
    assert pdf.soffice() == str(program)
    monkeypatch.setenv("BRIEFPACK_SOFFICE", "")  # set but empty: no LibreOffice, wherever
    assert pdf.soffice() is None
    monkeypatch.delenv("BRIEFPACK_SOFFICE")
    monkeypatch.setattr(pdf, "install_locations", lambda: [str(tmp_path / "nowhere")])
    assert pdf.soffice() is None


def test_soffice_on_path_comes_before_the_install_locations(monkeypatch, tmp_path):
    installed = _fake_install(tmp_path / "Program Files")
    on_path = tmp_path / "bin" / "soffice"
    on_path.parent.mkdir()
    on_path.write_text("#!/bin/sh\nexit 0\n")
    on_path.chmod(0o755)
    monkeypatch.delenv("BRIEFPACK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(on_path.parent))
    monkeypatch.setattr(pdf, "install_locations", lambda: [str(installed)])
    assert pdf.soffice() == str(on_path)


def test_install_locations_are_the_installers_folders():
    windows = pdf.install_locations("win32", {"ProgramFiles": "D:\\Apps",
                                              "ProgramFiles(x86)": "C:\\Program Files (x86)"})
    assert windows == ["D:\\Apps\\LibreOffice\\program\\soffice.exe",
                       "C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe",
                       "C:\\Program Files\\LibreOffice\\program\\soffice.exe"]
    default = pdf.install_locations("win32", {})
    assert default[0] == "C:\\Program Files\\LibreOffice\\program\\soffice.exe"
    mac = pdf.install_locations("darwin", {})
    assert mac[0] == "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    assert pdf.install_locations("linux", {}) == []


def test_a_hanging_libreoffice_on_windows_is_stopped_with_its_process_tree(monkeypatch):
    calls = []

    class Process:
        pid, killed, waited = 4242, False, False

        def poll(self):
            return None if not self.killed else -9

        def kill(self):
            self.killed = True

        def wait(self):
            self.waited = True

    def taskkill(cmd, **kwargs):
        calls.append(cmd)
        process.killed = True

    process = Process()
    monkeypatch.setattr(office, "WINDOWS", True)
    monkeypatch.setattr(office.subprocess, "run", taskkill)
    office.kill_tree(process)
    assert calls == [["taskkill", "/F", "/T", "/PID", "4242"]] and process.waited

    def no_taskkill(cmd, **kwargs):
        raise FileNotFoundError(cmd[0])

    process = Process()
    monkeypatch.setattr(office.subprocess, "run", no_taskkill)
    office.kill_tree(process)
    assert process.killed and process.waited  # the program itself, at least


def test_no_documents_need_no_libreoffice(no_libreoffice):
    assert pdf.docs_to_pdfs([]) == []


def test_a_libreoffice_that_converts_nothing_is_an_error(monkeypatch, tmp_path):
    program = tmp_path / "fake-soffice"
    program.write_text("#!/bin/sh\nexit 0\n")  # runs, but never runs the macro
    program.chmod(0o755)
    monkeypatch.setenv("BRIEFPACK_SOFFICE", str(program))
    out = tmp_path / "out"
    result = run("brief", QBR, "-o", out, "--format", "pdf")
    assert result.exit_code == 1 and "LibreOffice wrote no PDF" in result.stderr
    assert not out.exists()


def test_a_libreoffice_that_hangs_is_stopped(monkeypatch, tmp_path):
    program = tmp_path / "hanging-soffice"
    program.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n")
    program.chmod(0o755)
    monkeypatch.setenv("BRIEFPACK_SOFFICE", str(program))
    with pytest.raises(pdf.BriefpackError, match="did not finish"):
        pdf.docs_to_pdfs([b"PK"], timeout=1)


# --------------------------------------------------------------------------- with LibreOffice


@pytest.fixture(scope="module")
def qbr_pdfs(tmp_path_factory):
    if pdf.soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed; .ci/run installs them")
    converters = []
    original = converter.PdfConverter.__init__

    def recording(self, *args, **kwargs):
        converters.append(self)
        original(self, *args, **kwargs)

    converter.PdfConverter.__init__ = recording
    try:
        out = tmp_path_factory.mktemp("pdf")
        result = run("brief", QBR, "-o", out, "--format", "pdf")
    finally:
        converter.PdfConverter.__init__ = original
    assert result.exit_code == 0, result.stderr
    return [Path(p) for p in result.stdout.splitlines()], converters


def _level1_headings(markdown: str) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", line[2:].strip())
            for line in markdown.splitlines() if line.startswith("# ")]


@pytest.mark.slow
def test_qbr_pdf_has_a_table_of_contents_with_the_page_of_every_section(qbr_pdfs):
    paths, _ = qbr_pdfs
    briefing = next(p for p in paths if p.name.endswith("-briefing.pdf"))
    pages = _pages(briefing)
    contents = next(i for i, page in enumerate(pages)
                    if re.search(r"^\s*Contents\s*$", page, re.MULTILINE))
    toc = pages[contents]
    headings = _level1_headings(plan_brief(QBR)[0][0].markdown)
    assert len(headings) >= 10
    for heading in headings:
        line = rf"^\s*{re.escape(heading)}\s*\.{{3,}}\s*(\d+)\s*$"
        match = re.search(line, toc, re.MULTILINE)
        assert match, f"{heading!r} is not in the table of contents with a page number:\n{toc}"
        page = int(match.group(1))
        assert page > contents + 1, heading
        body_lines = [line.strip() for line in pages[page - 1].splitlines()]
        assert heading in body_lines, f"{heading!r} is not on page {page}"
    assert "Right-click" not in toc


@pytest.mark.slow
def test_qbr_pdf_footer_says_page_1_of_n(qbr_pdfs):
    paths, _ = qbr_pdfs
    for path in paths:
        if path.suffix != ".pdf":
            continue
        pages = _pages(path)
        assert f"Page 1 of {len(pages)}" in pages[0], path.name
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1], path.name
    assert len(_pages(next(p for p in paths if p.name.endswith("-briefing.pdf")))) > 3


@pytest.mark.slow
def test_both_documents_are_converted_in_one_libreoffice_run(qbr_pdfs):
    paths, converters = qbr_pdfs
    assert [p.name for p in paths] == [
        "2026-12-03-q4-business-review-briefing.docx", "2026-12-03-q4-business-review-briefing.pdf",
        "2026-12-03-q4-business-review-agenda.docx", "2026-12-03-q4-business-review-agenda.pdf",
        "2026-12-03-q4-business-review-card.docx", "2026-12-03-q4-business-review-card.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in paths if p.suffix == ".pdf")
    [run_] = converters  # one converter, with one macro run, in a throwaway profile
    assert run_.runs == 1
    assert run_.profile.parent.name.startswith("briefpack-pdf-")
    assert not run_.root.exists()


@pytest.mark.slow
def test_conversions_in_parallel_do_not_clash(qbr_pdfs):
    from concurrent.futures import ThreadPoolExecutor

    agenda = plan_brief(QBR)[0][1].docx_bytes()
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: pdf.docs_to_pdfs([agenda, agenda]), range(3)))
    assert all(len(r) == 2 and all(p.startswith(b"%PDF") for p in r) for r in results)
