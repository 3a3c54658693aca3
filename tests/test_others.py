"""Other meeting files (briefpack.data.others): read once per process while unchanged, read
again when changed, and a file that holds no meeting is passed over."""

from __future__ import annotations

import os
from pathlib import Path

from briefpack.data import others

MEETING = ("type: qbr\ntitle: {title}\ndate: 2026-12-03\n"
           "attendees: {{vendor: [Sam Rivera], ours: [Dana Lee]}}\n")


def test_an_unchanged_file_is_read_once(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MEETING.format(title="First"), encoding="utf-8")
    reads = []
    real = others._read
    monkeypatch.setattr(others, "_read", lambda p: reads.append(p) or real(p))
    first = others.meeting_in(path)
    assert first is not None and first.title == "First"
    assert others.meeting_in(path) is first
    assert len(reads) == 1


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MEETING.format(title="First"), encoding="utf-8")
    assert others.meeting_in(path).title == "First"
    stat = path.stat()
    path.write_text(MEETING.format(title="Latest"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time: the size tells
    assert others.meeting_in(path).title == "Latest"
    path.write_text(MEETING.format(title="Latent"), encoding="utf-8")  # same size, new time
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    assert others.meeting_in(path).title == "Latent"


def test_no_meeting_and_no_file_are_none(tmp_path: Path) -> None:
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    assert others.meeting_in(tmp_path / "list.yaml") is None
    assert others.meeting_in(tmp_path / "missing.yaml") is None


def test_memory_is_bounded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(others, "_READ", {})
    monkeypatch.setattr(others, "READ_KEPT", 3)
    for index in range(5):
        path = tmp_path / f"m{index}.yaml"
        path.write_text(MEETING.format(title=f"T{index}"), encoding="utf-8")
        others.meeting_in(path)
    assert len(others._READ) == 3
