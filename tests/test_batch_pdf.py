"""`batch --format pdf` (issue 19): each worker converts its meetings' documents in one
LibreOffice run, fed as they are rendered; a document that fails is named and the others are
written; a LibreOffice that hangs or crashes is ended with what it started; a batch stopped
mid-conversion leaves no LibreOffice behind and only complete PDFs.

Most tests use tests/fake_soffice.py, which speaks the macro's protocol without converting
anything, so they are quick; those marked slow convert with LibreOffice itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from stopping import processes_naming, stop_batch

from briefpack.cli import main
from briefpack.commands.batch import run_batch
from briefpack.word import converter, pdf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
FAKE = Path(__file__).with_name("fake_soffice.py")

posix_only = pytest.mark.skipif(os.name == "nt", reason="the fake soffice is a shell script")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def make_org(tmp_path: Path, notes: dict[int, str], count: int) -> Path:
    """A copy of the example with ``count`` QBRs (titled Review 000, ...); meeting i's
    briefing carries ``notes[i]`` (an internal note: only the briefing prints it)."""
    org = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("meetings", "offers"))
    (org / "meetings").mkdir()
    template = yaml.safe_load(QBR.read_text(encoding="utf-8"))
    for i in range(count):
        meeting = dict(template, title=f"Review {i:03d}")
        if i in notes:
            agenda = [dict(item) for item in template["agenda"]]
            agenda[0]["note"] = notes[i]
            meeting["agenda"] = agenda
        (org / "meetings" / f"m{i:03d}.yaml").write_text(yaml.safe_dump(meeting),
                                                         encoding="utf-8")
    return org


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """LibreOffice replaced by tests/fake_soffice.py; the pids of every process it starts are
    listed in the returned file."""
    program = tmp_path / "bin" / "soffice"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n')
    program.chmod(0o755)
    pids = tmp_path / "soffice-pids"
    monkeypatch.setenv("BRIEFPACK_SOFFICE", str(program))
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    return pids


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is gone but for its exit status: not running
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return True


def recorded(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()] if pids.exists() else []


def no_process_left(pids: Path, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in recorded(pids)):
            return True
        time.sleep(0.1)
    return False


def names(out: Path) -> set[str]:
    return {p.name for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}


# --------------------------------------------------------------------------- with the fake


@posix_only
def test_a_document_that_fails_to_convert_is_named_and_the_others_are_written(
        fake_soffice, tmp_path):
    org = make_org(tmp_path, {1: "BREAK-ME"}, 3)
    out = tmp_path / "out"
    result = run("batch", org, "-o", out, "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 1
    failure = [line for line in result.stderr.splitlines() if "m001.yaml" in line]
    assert len(failure) == 1, result.stderr
    assert re.search(r"m001\.yaml: \S+-review-001-briefing\.pdf: LibreOffice could not convert "
                     r"it: General Error", failure[0]), failure
    written = names(out)
    for i in (0, 2):
        for kind in ("briefing", "agenda", "card"):
            assert f"2026-12-03-review-{i:03d}-{kind}.pdf" in written
            assert f"2026-12-03-review-{i:03d}-{kind}.docx" in written
    assert not [name for name in written if "review-001" in name]  # all or none
    assert "6 documents written, 6 converted to PDF, 1 meeting failed" in result.stderr
    assert no_process_left(fake_soffice)
    # the six documents of the first two meetings and the rest went through one run
    assert len(recorded(fake_soffice)) == 3  # the first start, the run and its child


@posix_only
@pytest.mark.parametrize("trouble", ["HANG-ME", "CRASH-ME"])
def test_a_libreoffice_that_hangs_or_crashes_is_ended_and_its_document_reported(
        fake_soffice, tmp_path, monkeypatch, trouble):
    monkeypatch.setattr(converter, "DOC_TIMEOUT", 2)
    monkeypatch.setattr(converter, "START_TIMEOUT", 10)
    org = make_org(tmp_path, {1: trouble}, 3)  # after a first meeting converted
    out = tmp_path / "out"
    result = run("batch", org, "-o", out, "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 1
    reason = ("LibreOffice did not finish converting it within 2 seconds and was ended"
              if trouble == "HANG-ME" else "LibreOffice ended (exit code 3) while converting it")
    assert re.search(rf"m001\.yaml: \S+-review-001-briefing\.pdf: {re.escape(reason)}",
                     result.stderr), \
        result.stderr
    written = names(out)
    assert not [name for name in written if "review-001" in name]
    assert {f"2026-12-03-review-{i:03d}-{kind}.{ext}" for i in (0, 2)
            for kind in ("briefing", "agenda", "card") for ext in ("docx", "pdf")} == written
    # the run was ended with the process it started, and a new one took the rest
    assert no_process_left(fake_soffice, within=1)
    assert len(recorded(fake_soffice)) == 5


@posix_only
def test_progress_counts_converted_documents_and_the_summary_gives_both(fake_soffice, tmp_path):
    org = make_org(tmp_path, {}, 4)
    seen = []
    result = run_batch([org], tmp_path / "out", jobs=1, formats=("docx", "pdf"),
                       progress=lambda *counts: seen.append(counts))
    assert not result.failed
    assert seen[0] == (0, 4, 0) and seen[-1] == (4, 4, 12)
    assert seen == sorted(seen)
    assert any(converted > 0 and finished < 4 for finished, _, converted in seen)
    assert result.summary().startswith("12 documents written, 12 converted to PDF, "
                                       "0 meetings failed, ")


@posix_only
def test_workers_convert_with_one_libreoffice_run_each_and_report_progress(fake_soffice,
                                                                          tmp_path):
    org = make_org(tmp_path, {}, 8)
    seen = []
    result = run_batch([org], tmp_path / "out", jobs=2, formats=("docx", "pdf"),
                       progress=lambda *counts: seen.append(counts))
    assert not result.failed and len(result.written) == 48
    assert seen[-1] == (8, 8, 24)
    # each worker (one or both, as the pool hands out chunks): the first start, one run and
    # that run's child
    assert len(recorded(fake_soffice)) in (3, 6)
    assert no_process_left(fake_soffice)


def _docx(text: str) -> bytes:
    """The least the fake reads of a .docx: its document part."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document>{text}</w:document>")
    return buffer.getvalue()


@posix_only
@pytest.mark.parametrize("idle, runs", [(10, 1), (1, 2)], ids=["waits", "ended-idle"])
def test_a_run_waiting_for_documents_is_neither_hung_nor_lost_when_it_ends_idle(
        fake_soffice, idle, runs):
    """The bound (1 s here) counts from when a document is handed over, not from the last one
    done; a run that ended for want of documents is started again for the next."""
    with converter.PdfConverter(pdf.soffice(), doc_timeout=1, idle=idle) as run_:
        first = run_.submit(_docx("first"))
        assert [c.ticket for c in run_.wait() if c.pdf] == [first]
        time.sleep(2.5)  # longer than the bound, and (1) than the run waits for work
        second = run_.submit(_docx("second"))
        outcome = run_.wait()
        assert [(c.ticket, c.error) for c in outcome] == [(second, None)]
        assert b"second" in outcome[0].pdf
        assert run_.runs == runs
    assert no_process_left(fake_soffice)


def _only_complete_files(out: Path, real_pdf: bool) -> None:
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        assert path.suffix in (".docx", ".pdf", ".tmp", ".json", ".lock"), path.name
        if path.suffix == ".pdf":
            data = path.read_bytes()
            assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), path.name
            if real_pdf:
                subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True)


@posix_only
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_batch_stopped_mid_conversion_leaves_no_libreoffice_and_only_complete_pdfs(
        fake_soffice, tmp_path, how):
    org = make_org(tmp_path, {}, 40)
    out = tmp_path / "out"
    env = {**os.environ, "FAKE_SOFFICE_DELAY": "0.1"}
    stderr = stop_batch([str(org), "--format", "pdf", "--jobs", "2"], out, how, "*.pdf", 3,
                        env)
    if how != "SIGKILL":
        assert f"stopped by {how}" in stderr
    assert no_process_left(fake_soffice), [p for p in recorded(fake_soffice) if alive(p)]
    assert len(recorded(fake_soffice)) >= 3
    _only_complete_files(out, real_pdf=False)


# --------------------------------------------------------------------------- with LibreOffice

needs_libreoffice = pytest.mark.skipif(
    pdf.soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and pdftotext are needed; .ci/run installs them")

KINDS = ["qbr", "renewal-kickoff", "negotiation", "new-ae-introduction"]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """One batch of four meetings of different types, two workers, with LibreOffice: each
    document kind converted once per meeting type. The profiles the runs used are listed."""
    if pdf.soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed")
    tmp = tmp_path_factory.mktemp("pdf-batch")
    org = tmp / "contoso"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("meetings", "offers"))
    (org / "meetings").mkdir()
    template = yaml.safe_load(QBR.read_text(encoding="utf-8"))
    for i, kind in enumerate(KINDS):
        meeting = {key: value for key, value in template.items() if key != "agenda"}
        meeting.update(type=kind, title=f"Sample {kind}")
        meeting.pop("duration", None)
        (org / "meetings" / f"{kind}.yaml").write_text(yaml.safe_dump(meeting), encoding="utf-8")
    profiles = tmp / "profiles"
    original = converter.install_macro
    temp = tmp / "temp"
    temp.mkdir()

    def recording(profile):  # runs in the forked workers: recorded in a file
        with open(profiles, "a", encoding="utf-8") as file:
            file.write(f"{profile}\n")
        original(profile)

    converter.install_macro = recording
    saved = converter.tempfile.tempdir
    converter.tempfile.tempdir = str(temp)
    try:
        result = run("batch", org, "-o", tmp / "out", "--format", "pdf", "--jobs", "2")
    finally:
        converter.install_macro = original
        converter.tempfile.tempdir = saved
    return result, tmp / "out", profiles.read_text().split(), temp


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.slow
@needs_libreoffice
def test_every_briefing_of_a_pdf_batch_has_its_contents_with_page_numbers(converted):
    result, out, _, _ = converted
    assert result.exit_code == 0, result.stderr
    assert "12 documents written, 12 converted to PDF, 0 meetings failed" in result.stderr
    briefings = sorted(out.rglob("*-briefing.pdf"))
    assert len(briefings) == len(KINDS)
    for briefing in briefings:
        pages = _pages(briefing)
        contents = next(i for i, page in enumerate(pages)
                        if re.search(r"^\s*Contents\s*$", page, re.MULTILINE))
        entries = re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", pages[contents], re.MULTILINE)
        assert len(entries) >= 8, (briefing.name, pages[contents])
        for heading, page in entries:
            assert int(page) > contents + 1, (briefing.name, heading)
            assert heading in [line.strip() for line in pages[int(page) - 1].splitlines()], \
                (briefing.name, heading, page)
    for document in out.rglob("*.pdf"):
        pages = _pages(document)
        assert f"Page 1 of {len(pages)}" in pages[0], document.name


@pytest.mark.slow
@needs_libreoffice
def test_each_worker_converts_in_a_throwaway_profile_of_its_own(converted):
    result, _, profiles, temp = converted
    assert result.exit_code == 0, result.stderr
    assert 1 <= len(profiles) <= 2 and len(set(profiles)) == len(profiles)  # one per worker
    for profile in map(Path, profiles):
        assert profile.name == "profile" and profile.parent.name.startswith("briefpack-pdf-")
        assert profile.parent.parent == temp
    assert list(temp.iterdir()) == []  # every run's profile and folder are gone


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_pdf_batch_stopped_mid_conversion_leaves_no_soffice_and_only_complete_pdfs(
        tmp_path):
    org = make_org(tmp_path, {}, 12)
    out = tmp_path / "out"
    temp = tmp_path / "temp"  # LibreOffice's profiles are made here, so its processes name it
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    env.pop("BRIEFPACK_SOFFICE", None)
    stderr = stop_batch([str(org), "--format", "pdf", "--jobs", "2"], out, "SIGTERM", "*.pdf",
                        3, env, timeout=300)
    assert "stopped by SIGTERM" in stderr
    assert processes_naming(str(temp), within=10) == []
    _only_complete_files(out, real_pdf=True)
    assert list(out.rglob("*.pdf"))


@posix_only
def test_eml_drafts_attach_the_agenda_and_its_pdf_once_it_is_in(fake_soffice, tmp_path):
    import email
    import email.policy

    org = make_org(tmp_path, {}, 3)
    out = tmp_path / "out"
    result = run("batch", org, "-o", out, "--jobs", "1", "--format", "pdf", "--format", "eml")
    assert result.exit_code == 0, result.output
    drafts = sorted(out.rglob("*-agenda.eml"))
    assert len(drafts) == 3
    for draft in drafts:
        message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
        attached = {a.get_filename(): a.get_content() for a in message.iter_attachments()}
        docx_path, pdf_path = draft.with_suffix(".docx"), draft.with_suffix(".pdf")
        assert attached == {docx_path.name: docx_path.read_bytes(),
                            pdf_path.name: pdf_path.read_bytes()}
        assert pdf_path.read_bytes()  # the converted PDF, not the empty placeholder
    assert not list(out.rglob("*-briefing.eml")) and not list(out.rglob("*-card.eml"))
