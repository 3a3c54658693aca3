"""The documents written for the shipped example are exactly those committed under
``tests/golden/`` (see ``tests/golden_docs.py``): a redesign that keeps every behaviour changes
no byte of them, times of writing aside."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from golden_docs import make_all, normalised_parts

GOLDEN = Path(__file__).parent / "golden"
MADE_ON = date.fromisoformat((GOLDEN / "made-on.txt").read_text(encoding="utf-8").strip())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("golden")
    return {path.name: path for path in make_all(out)}


def test_the_same_documents_are_written(written: dict[str, Path]) -> None:
    expected = sorted(p.name for p in GOLDEN.iterdir() if p.name != "made-on.txt")
    assert sorted(written) == expected


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.iterdir()
                                        if p.name != "made-on.txt"))
def test_document_is_byte_identical(name: str, written: dict[str, Path]) -> None:
    new = normalised_parts(written[name], date.today())
    old = normalised_parts(GOLDEN / name, MADE_ON)
    assert sorted(new) == sorted(old), f"{name}: parts differ"
    changed = [part for part in old if new[part] != old[part]]
    assert not changed, f"{name}: these parts changed: {changed}"
