"""Which records a meeting names (packs.records.cited_ids): a whole id, not part of a longer
one, read once from the meeting's text whatever the number of records."""

from __future__ import annotations

from types import SimpleNamespace as NS

from briefpack.packs.records import cited_ids, names_record

TEXT = ("Review C-05 and (C-07), not C-050 nor xC-01 nor C-02-b; I_3 closed. A-1. "
        "Also C 9 and C.8")
IDS = ["C-05", "C-050", "C-07", "C-01", "C-02", "C-02-b", "I_3", "A-1", "C-5", "C 9", "C.8",
       "C-9"]


def _ctx(text: str, ids: list[str]):
    meeting = NS(objectives=[text], ask="", notes="", agenda=[])
    records = [NS(id=i) for i in ids]
    return NS(meeting=meeting, org=NS(commitments=records, issues=[], advice=[]))


def test_cited_ids_are_the_ids_named_whole() -> None:
    cited = cited_ids(_ctx(TEXT, IDS))
    assert cited == ["C-05", "C-050", "C-07", "C-02-b", "I_3", "A-1", "C 9", "C.8"]
    assert cited == [i for i in IDS if names_record(TEXT, i)]  # as searching each one finds


def test_many_records_are_read_against_the_text_once() -> None:
    ids = [f"C-{n:04d}" for n in range(3000)]
    text = "Agenda: C-0042, C-2999 and C-0042 again; C-30000 is none of them."
    assert cited_ids(_ctx(text, ids)) == ["C-0042", "C-2999"]
