"""Every example meeting's documents open in python-docx and convert to PDF with LibreOffice.

All documents are converted in one LibreOffice run; every assertion reads those PDFs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from briefpack.commands.brief import brief

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MEETINGS = sorted((EXAMPLE / "meetings").glob("*.yaml"))
MARKING = yaml.safe_load((EXAMPLE / "org.yaml").read_text())["marking"]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed; .ci/run installs them")
    out = tmp_path_factory.mktemp("examples")
    docs = [p for meeting in MEETINGS for p in brief(meeting, out_dir=out)]
    profile = (out / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(docs[0].parent), *map(str, docs)],
                   check=True, capture_output=True, timeout=600)
    return docs


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_every_document_opens_and_converts(converted):
    assert len(converted) == 3 * len(MEETINGS)
    for path in converted:
        assert docx.Document(path).paragraphs or docx.Document(path).tables
        assert _pages(path.with_suffix(".pdf")), path.name


def test_internal_marking_on_every_page_and_never_on_the_agenda(converted):
    for path in converted:
        pages = _pages(path.with_suffix(".pdf"))
        if path.stem.endswith("-card"):
            assert len(pages) == 1 and MARKING in pages[0], path.name
        elif path.stem.endswith("-briefing"):
            assert len(pages) > 3
            for number, page in enumerate(pages, 1):
                assert MARKING in page, f"{path.name} page {number}"
                assert f"Page {number} of {len(pages)}" in page
        else:
            assert path.stem.endswith("-agenda")
            assert all(MARKING not in page for page in pages)
            assert "Page 1 of" in pages[0]
