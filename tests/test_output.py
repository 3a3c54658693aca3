"""Output names follow DESIGN.md; writing is all-or-nothing and never silently overwrites."""

from datetime import date
from pathlib import Path

import pytest

from briefpack.errors import BriefpackError, OutputExists
from briefpack.word.output import output_name, slugify, write_files
from briefpack.word.stamp import State, state_of

ROOT = Path(__file__).resolve().parents[1]


def test_names():
    assert output_name(date(2026, 12, 3), "Q4 business review: Contoso/MSFT", "agenda", "docx") == \
        "2026-12-03-q4-business-review-contoso-msft-agenda.docx"
    assert slugify("Revue trimestrielle — équipe") == "revue-trimestrielle-equipe"
    assert slugify("***") == "untitled"
    assert len(slugify("word " * 40)) <= 60


def _docx_bytes(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _edit(path, text):
    import docx

    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def test_replaces_its_own_unchanged_files_silently(tmp_path):
    target = tmp_path / "pack.docx"
    notes = tmp_path / "pack.md"
    write_files({target: _docx_bytes("first"), notes: b"first"})
    assert state_of(target) is State.UNCHANGED and state_of(notes) is State.UNCHANGED
    write_files({target: _docx_bytes("second"), notes: b"second"})
    assert "second" in "".join(p.text for p in __import__("docx").Document(str(target)).paragraphs)
    assert notes.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".briefpack-manifest.json", ".briefpack-manifest.lock", "pack.docx", "pack.md"]


def test_refuses_edited_and_foreign_files_and_writes_nothing(tmp_path):
    mine, theirs, new = tmp_path / "mine.docx", tmp_path / "theirs.docx", tmp_path / "new.docx"
    write_files({mine: _docx_bytes("generated")})
    _edit(mine, "my notes from the meeting")
    assert state_of(mine) is State.EDITED
    theirs.write_bytes(_docx_bytes("someone else's document"))
    assert state_of(theirs) is State.FOREIGN
    kept = mine.read_bytes(), theirs.read_bytes()
    with pytest.raises(OutputExists) as info:
        write_files({new: _docx_bytes("n"), mine: _docx_bytes("m"), theirs: _docx_bytes("t")})
    message = info.value.message
    assert "mine.docx: changed since briefpack wrote it" in message
    assert "theirs.docx: not written by briefpack" in message and "--force" in message
    assert (mine.read_bytes(), theirs.read_bytes()) == kept and not new.exists()


def test_force_keeps_the_edited_file_as_a_backup(tmp_path):
    mine = tmp_path / "mine.docx"
    write_files({mine: _docx_bytes("generated")})
    _edit(mine, "my notes from the meeting")
    edited = mine.read_bytes()
    write_files({mine: _docx_bytes("regenerated")}, force=True)
    backups = list(tmp_path.glob("mine.backup-*.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert state_of(mine) is State.UNCHANGED
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_markdown_file_edited_by_hand_is_refused(tmp_path):
    notes = tmp_path / "pack.md"
    write_files({notes: b"generated"})
    notes.write_text("generated, plus my notes")
    with pytest.raises(OutputExists):
        write_files({notes: b"again"})
    assert notes.read_text() == "generated, plus my notes"


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    import os

    target = tmp_path / "pack.docx"
    write_files({target: _docx_bytes("old")})
    old = target.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_files({target: _docx_bytes("new")})
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["pack.docx"]


def test_full_disk_is_a_clear_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    import errno
    import os

    target = tmp_path / "pack.docx"
    write_files({target: _docx_bytes("old")})
    old = target.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BriefpackError) as info:
        write_files({target: _docx_bytes("new")})
    assert "cannot write" in info.value.message and "No space left" in info.value.message
    assert "nothing was written, and no file was replaced" in info.value.message
    assert target.read_bytes() == old and [p.name for p in tmp_path.iterdir()] == ["pack.docx"]


def test_all_or_none_when_the_disk_fills_up_part_way(tmp_path, monkeypatch):
    """Issue 13, item 8: the third of three files fails; no old file is replaced, no new one
    appears, and the message says so."""
    import errno
    import os

    old = {tmp_path / f"{name}.md": f"old {name}".encode() for name in ("a", "b", "c")}
    write_files(old)
    calls = []

    def fills_up(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fills_up)
    with pytest.raises(BriefpackError, match="nothing was written, and no file was replaced"):
        write_files({path: b"new" for path in old})
    assert {path: path.read_bytes() for path in old} == old
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
def test_parallel_runs_into_one_folder_keep_every_record(tmp_path):
    """Issue 13, item 7: twelve briefs with --format ics run at once into one folder; each
    one's invite and Markdown stay recorded, so all twelve can be run again."""
    import shutil
    import subprocess
    import sys

    org = tmp_path / "org"
    shutil.copytree(ROOT / "examples" / "contoso", org)
    meeting = (org / "meetings" / "2026-12-03-q4-qbr.yaml").read_text()
    paths = []
    for n in range(12):
        path = org / "meetings" / f"m{n:02d}.yaml"
        path.write_text(meeting.replace("title: Q4 business review", f"title: Review {n}"))
        paths.append(path)
    command = [sys.executable, "-m", "briefpack", "brief"]
    out = tmp_path / "out"

    def all_at_once() -> list[int]:
        runs = [subprocess.Popen([*command, str(p), "-o", str(out), "--format", "ics",
                                  "--format", "md"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE) for p in paths]
        return [run.wait() for run in runs]

    assert all_at_once() == [0] * 12
    assert all_at_once() == [0] * 12  # none refused as "not written by briefpack"


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    with pytest.raises(BriefpackError) as info:
        write_files({blocker / "x.docx": _docx_bytes("x")})
    assert "cannot write" in info.value.message


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    target = tmp_path / "out" / "x.docx"
    old = os.umask(0o022)
    try:
        write_files({target: _docx_bytes("x")})
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_document_kind_says_whether_it_is_shareable():
    from briefpack.word.output import INTERNAL_KINDS, SHAREABLE_KINDS

    assert not set(SHAREABLE_KINDS) & set(INTERNAL_KINDS)
    from pathlib import Path

    from briefpack.data.context import load_org_context
    from briefpack.packs.documents import plan

    org = load_org_context(Path(__file__).resolve().parents[1] / "examples" / "contoso")
    with pytest.raises(ValueError, match="not a shareable kind"):
        plan(org, "agenda.md.j2", None, kind="briefing", shareable=True, title="t",
             subtitle="", subject="", keywords=[])


def test_rendered_documents_carry_their_digest_before_they_are_written():
    """render_docx stamps the digest itself (from the bytes it saves), so write_files has
    nothing to repack; the digest must equal what is computed from the saved file."""
    from briefpack.commands.brief import plan_brief
    from briefpack.word.stamp import content_digest, recorded_digest

    docs, _ = plan_brief(ROOT / "examples" / "contoso" / "meetings" / "2026-12-03-q4-qbr.yaml")
    for doc in docs:
        data = doc.docx_bytes()
        assert recorded_digest(data) == content_digest(data)


@pytest.mark.parametrize("manifest", ["[]", '"text"', "null", '{"a.md": 1}', "{not json", None])
def test_a_manifest_that_is_not_briefpack_s_is_an_error_naming_it(tmp_path, manifest):
    """Issue 13, item 6: a manifest holding a JSON list, or one that is a folder, stops the
    run before anything is written."""
    record = tmp_path / ".briefpack-manifest.json"
    if manifest is None:
        record.mkdir()
    else:
        record.write_text(manifest)
    (tmp_path / "notes.md").write_text("mine")
    with pytest.raises(BriefpackError, match=r"\.briefpack-manifest\.json: ") as caught:
        write_files({tmp_path / "notes.md": b"# new\n", tmp_path / "other.md": b"new\n"})
    assert "move it away" in caught.value.message
    assert (tmp_path / "notes.md").read_text() == "mine"
    assert not (tmp_path / "other.md").exists()


def _rewrite_part(path: Path, name: str, change) -> None:
    """Change one part of a .docx as Word or a document-management system would."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == name else data)
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize("part, change", [
    ("docProps/core.xml", lambda xml: xml.replace(
        b"</cp:coreProperties>", b"<dc:description>Edited</dc:description></cp:coreProperties>")),
    ("docProps/custom.xml", lambda xml: xml.replace(b"</Properties>", (
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="DMS-Tag">'
        b"<vt:lpwstr>Legal hold</vt:lpwstr></property></Properties>"))),
])
def test_an_edit_to_the_properties_is_an_edit(tmp_path, part, change):
    """Issue 13, item 10: the digest covers the whole document, so a title changed in Word or
    a tag added by a document-management system is kept, not overwritten."""
    path = tmp_path / "pack.docx"
    write_files({path: _docx_bytes("hello")})
    assert state_of(path) is State.UNCHANGED
    _rewrite_part(path, part, change)
    assert state_of(path) is State.EDITED
    with pytest.raises(OutputExists):
        write_files({path: _docx_bytes("hello")})
