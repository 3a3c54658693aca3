"""The body of a document is written as WordprocessingML text (briefpack.word.wordml) and
spliced into the document: what python-docx reads back is what the Markdown said, escaped text included,
and text XML cannot hold is a clear error, not a parser's traceback."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from briefpack.word import wordml
from briefpack.word.writer import DocumentMeta, render_docx

SINK = """\
# One & <two> "three"

A [link](https://example.com/?a=1&b=<2>) and `code <x>` and **bold *both***.
Line two.  
After a hard break.

| Left | Right |
|:-----|------:|
| a & b | <c> |

::: warning Careful & "quoted"
1. first
2. second
:::

- [ ] open
- [x] done

```
line one

  indented & <kept>
```
"""


def _document(markdown: str, **meta) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(markdown, DocumentMeta("T", **meta))))


def test_text_with_xml_specials_reads_back_literally() -> None:
    document = _document(SINK, title_page=False, toc=False)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == 'One & <two> "three"'
    assert 'A link and code <x> and bold both. Line two.\nAfter a hard break.' in texts
    assert "line one\n\n  indented & <kept>" in texts
    data_table, callout = document.tables
    assert [c.text for c in data_table.rows[1].cells] == ["a & b", "<c>"]
    assert data_table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert [p.text for p in callout.rows[0].cells[0].paragraphs][:3] == [
        'Careful & "quoted"', "first", "second"]


def test_link_target_keeps_its_characters() -> None:
    document = _document(SINK, title_page=False, toc=False)
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert targets == ["https://example.com/?a=1&b=%3C2%3E"]


def test_body_goes_before_the_section_properties() -> None:
    document = _document("# Only\n\ntext")
    body = document.element.body
    assert body[-1].tag == qn("w:sectPr")
    assert [p.text for p in document.paragraphs][-2:] == ["Only", "text"]


def test_tabs_and_line_ends_are_words_own_elements() -> None:
    assert wordml.run_content("a\tb\nc ") == (
        '<w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t xml:space="preserve">c </w:t>')
    assert wordml.run("x", "Strong", bold=True, italic=True) == (
        '<w:r><w:rPr><w:rStyle w:val="Strong"/><w:b/><w:i/></w:rPr><w:t>x</w:t></w:r>')


def test_text_xml_cannot_hold_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="cannot be written as XML"):
        render_docx("bad \x01 character", DocumentMeta("T"))


def test_saved_package_names_its_parts_once() -> None:
    data = render_docx(SINK, DocumentMeta("T"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert len(names) == len(set(names))
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert "docProps/custom.xml" in names


def test_a_large_table_is_written_whole() -> None:
    rows = "\n".join(f"| r{i} | {i} |" for i in range(3000))
    document = _document(f"| a | b |\n|---|---|\n{rows}\n", title_page=False, toc=False)
    table = document.tables[0]
    assert len(table.rows) == 3001
    assert table.rows[-1].cells[0].text == "r2999"


def test_each_document_has_the_header_of_its_own_look() -> None:
    marked = _document("x", marking="INTERNAL")
    plain = _document("y")
    assert [p.text for p in marked.sections[0].header.paragraphs] == ["INTERNAL"]
    assert [p.text for p in plain.sections[0].header.paragraphs] == [""]
    assert marked.sections[0].footer.paragraphs[0].text.startswith("Page ")
