"""Output names follow DESIGN.md; writing is all-or-nothing and never silently overwrites."""

from datetime import date

import pytest

from briefpack.errors import OutputExists
from briefpack.output import output_name, slugify, write_files


def test_names():
    assert output_name(date(2026, 12, 3), "Q4 business review: Contoso/MSFT", "agenda", "docx") == \
        "2026-12-03-q4-business-review-contoso-msft-agenda.docx"
    assert slugify("Revue trimestrielle — équipe") == "revue-trimestrielle-equipe"
    assert slugify("***") == "untitled"
    assert len(slugify("word " * 40)) <= 60


def test_refuses_to_overwrite_and_writes_nothing(tmp_path):
    keep = tmp_path / "a.docx"
    keep.write_bytes(b"user's edited copy")
    new = tmp_path / "b.docx"
    with pytest.raises(OutputExists) as info:
        write_files({new: b"new", keep: b"replacement"})
    assert "--force" in info.value.message
    assert keep.read_bytes() == b"user's edited copy"
    assert not new.exists()
    write_files({new: b"new", keep: b"replacement"}, force=True)
    assert keep.read_bytes() == b"replacement" and new.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.docx"]  # no temp files left


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    target = tmp_path / "out" / "x.docx"
    old = os.umask(0o022)
    try:
        write_files({target: b"x"})
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
