"""The generated .docx opens and lays out in a real word processor (LibreOffice, headless).

One rich document is rendered and converted to PDF once for the whole module.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from briefpack.word.writer import DocumentMeta, render_docx

pytestmark = pytest.mark.slow

MARKING = "INTERNAL - NOT FOR DISTRIBUTION TO MICROSOFT"

SAMPLE = """\
# Who is in the room

The **Account Executive** is paid on *new revenue* and `ACV`; see
[the licensing site](https://www.microsoft.com/licensing).

| Role | Paid to do | Minutes |
|:--|:--|--:|
| AE | Close renewals and **expand** spend | 10 |
| CSM | Drive adoption | 15 |

## Lists

- First
  - Second level
    - Third level
- Item with two paragraphs

  The second paragraph.

1. One
2. Two

Between lists.

1. Restarted one

## Checklist

- [ ] Send written confirmation
- [x] Book the room

::: warning Do not share
Budget figures stay internal.

- Budget envelope
:::

::: tip
Ask for every commitment in writing.
:::

> A quotation.

<div>literal html</div>

<!-- pagebreak -->

# After the meeting

Final words.
"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (CI installs LibreOffice and poppler-utils)")
    return path


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory) -> list[str]:
    """Text of each page of the sample, converted by LibreOffice once."""
    soffice = _tool("soffice")
    pdftotext = _tool("pdftotext")
    folder = tmp_path_factory.mktemp("libreoffice")
    meta = DocumentMeta(title="Q4 business review", subtitle="Internal briefing pack",
                        organisation="Contoso Ltd", marking=MARKING,
                        details=[("Meeting", "Quarterly business review")])
    source = folder / "sample.docx"
    source.write_bytes(render_docx(SAMPLE, meta))
    profile = folder / "profile"  # a private profile: no clash with another soffice
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = folder / "sample.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 1000
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_pdf_has_title_contents_and_body_pages(pdf_pages):
    assert len(pdf_pages) >= 3  # title page with the contents, then the body
    assert "Q4 business review" in pdf_pages[0]
    # the contents list shares the title page; the body starts on the next
    assert "Contents" in pdf_pages[0] and "Who is in the room" in pdf_pages[0]
    assert "After the meeting" in pdf_pages[-1] and "Final words." in pdf_pages[-1]


def test_marking_on_every_page(pdf_pages):
    for number, page in enumerate(pdf_pages, start=1):
        assert MARKING in page, f"page {number} lacks the marking"


def test_page_x_of_y_footer(pdf_pages):
    total = len(pdf_pages)
    for number, page in enumerate(pdf_pages, start=1):
        assert f"Page {number} of {total}" in page


def test_body_content_survives_layout(pdf_pages):
    text = "\n".join(pdf_pages)
    for expected in ("Close renewals and expand spend", "Third level", "The second paragraph.",
                     "Send written confirmation", "Do not share", "A quotation.",
                     "<div>literal html</div>", "Restarted one"):
        assert expected in text
    assert "\u2610" in text and "\u2612" in text  # checkbox glyphs
    assert "1. Restarted one" in " ".join(text.split())
