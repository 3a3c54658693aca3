"""The Word writer: Markdown to .docx by style name (fast checks on the generated XML)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches, Mm

from briefpack.render.markdown import parse
from briefpack.word.prepare import prepared_reference
from briefpack.word.reference import (
    REQUIRED_STYLES,
    builtin_reference,
    ensure_styles,
    load_reference,
    missing_styles,
)
from briefpack.word.writer import (
    DocumentMeta,
    build_document,
    render_docx,
)

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
PLAIN = DocumentMeta(title="Plain", title_page=False, toc=False)


def _png_1px() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def body(markdown: str, meta: DocumentMeta = PLAIN):
    """The document for `markdown` without title page or TOC."""
    return build_document(markdown, meta)


def styled(document) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph outside tables."""
    return [(p.style.name, p.text) for p in document.paragraphs]


def package_text(data: bytes) -> str:
    """Every XML part of a .docx, concatenated."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


# -- parsing ------------------------------------------------------------------------------


def test_parser_marks_tasks_and_page_breaks():
    tokens = parse("- [x] done\n- [ ] todo\n\n<!-- pagebreak -->\n\n<div>x</div>\n")
    items = [t for t in tokens if t.type == "list_item_open"]
    assert [t.meta["checked"] for t in items] == [True, False]
    assert "page_break" in [t.type for t in tokens]
    assert [t.content for t in tokens if t.type == "html_block"] == ["<div>x</div>\n"]
    inline = [t for t in tokens if t.type == "inline"][0]
    assert [c.type for c in inline.children] == ["text"]  # the <input> checkbox is removed


# -- headings, paragraphs, inline ---------------------------------------------------------


def test_headings_use_heading_styles_and_keep_with_next():
    document = body("# One\n\n## Two\n\n### Three\n\ntext\n")
    assert styled(document)[:3] == [("Heading 1", "One"), ("Heading 2", "Two"),
                                    ("Heading 3", "Three")]
    assert all(p.paragraph_format.keep_with_next for p in document.paragraphs[:3])
    assert styled(document)[3] == ("Normal", "text")


def test_heading_level_four_is_refused():
    with pytest.raises(ValueError, match="heading level 4"):
        body("#### Too deep\n")


def test_inline_bold_italic_code_and_breaks():
    document = body("a **b** *c* `d`\nsoft  \nhard\n")
    paragraph = document.paragraphs[0]
    runs = {run.text: run for run in paragraph.runs}
    assert runs["b"].bold and not runs["b"].italic
    assert runs["c"].italic
    assert runs["d"].style.name == "Code"
    assert paragraph.text == "a b c d soft\nhard"
    assert paragraph._p.xpath(".//w:br")  # hard break is a line break


def test_link_is_a_real_hyperlink_with_external_relationship():
    document = body("See [the site](https://example.com/x?a=1) now.\n")
    links = document.paragraphs[0]._p.xpath(".//w:hyperlink")
    assert len(links) == 1
    rel = document.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == "https://example.com/x?a=1"
    assert links[0].xpath(".//w:rStyle/@w:val") == ["Hyperlink"]
    assert "".join(links[0].xpath(".//w:t/text()")) == "the site"


def test_raw_html_is_literal_text():
    document = body('<div class="x">raw</div>\n\nInline <b>bold</b> stays.\n')
    texts = [p.text for p in document.paragraphs]
    assert '<div class="x">raw</div>' in texts
    assert "Inline <b>bold</b> stays." in texts


def test_unknown_token_raises_value_error_naming_it():
    with pytest.raises(ValueError, match="image"):
        body("![alt](pic.png)\n")


def test_blockquote_source_and_rule_styles():
    document = body("> quoted\n\n::: source\nSource: x\n:::\n\n---\n\nafter\n")
    assert ("Quote", "quoted") in styled(document)
    assert ("Source", "Source: x") in styled(document)
    assert ("Rule", "") in styled(document)


# -- lists --------------------------------------------------------------------------------


def test_nested_lists_use_level_styles():
    md = "- a\n  - b\n    - c\n\n1. one\n   1. two\n      1. three\n"
    names = [name for name, _ in styled(body(md))]
    assert names == ["List Bullet", "List Bullet 2", "List Bullet 3",
                     "List Number", "List Number 2", "List Number 3"]


def _num_ids(document, style: str) -> list[int]:
    return [int(p._p.pPr.numPr.numId.val) for p in document.paragraphs
            if p.style.name == style]


def test_each_ordered_list_restarts_at_one():
    document = body("1. a\n2. b\n\nbreak\n\n1. c\n2. d\n\nbreak\n\n5. e\n")
    ids = _num_ids(document, "List Number")
    assert ids[0] == ids[1] and len({ids[0], ids[2], ids[4]}) == 3
    numbering = document.part.numbering_part.element
    starts = [numbering.num_having_numId(i).xpath("./w:lvlOverride/w:startOverride/@w:val")
              for i in (ids[0], ids[2], ids[4])]
    assert starts == [["1"], ["1"], ["5"]]
    style_num = document.styles["List Number"].element.xpath(".//w:numId/@w:val")[0]
    abstract = numbering.num_having_numId(int(style_num)).abstractNumId.val
    assert {numbering.num_having_numId(i).abstractNumId.val for i in ids} == {abstract}


def test_nested_ordered_lists_restart_under_each_parent():
    document = body("1. a\n   1. x\n2. b\n   1. y\n")
    first, second = _num_ids(document, "List Number 2")
    assert first != second


def test_list_item_with_two_paragraphs_continues():
    document = body("- first\n\n  second paragraph\n- next\n")
    assert styled(document) == [("List Bullet", "first"), ("List Continue", "second paragraph"),
                                ("List Bullet", "next")]


def test_task_items_are_checkbox_content_controls():
    document = body("- [ ] open item\n- [x] done item\n")
    paragraphs = document.paragraphs
    assert [p.style.name for p in paragraphs] == ["Task Item", "Task Item"]
    for paragraph, checked, glyph in zip(paragraphs, ("0", "1"), ("\u2610", "\u2612")):
        sdt = paragraph._p.find(qn("w:sdt"))
        assert sdt is not None
        box = sdt.find(f"{qn('w:sdtPr')}/{{{W14}}}checkbox")
        assert box is not None
        assert box.find(f"{{{W14}}}checked").get(f"{{{W14}}}val") == checked
        assert "".join(t.text for t in sdt.iter(qn("w:t"))) == glyph
        assert paragraph._p.pPr.numPr is None  # no bullet
    assert "open item" in paragraphs[0].text and "done item" in paragraphs[1].text
    root = document.element
    assert root.nsmap.get("w14") == W14
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    assert "w14" in root.get(f"{{{mc}}}Ignorable").split()


# -- tables -------------------------------------------------------------------------------

TABLE = "| Name | Role | Minutes |\n|:--|:-:|--:|\n| **Alex** | AE | 10 |\n| Sam | CSM | 5 |\n"


def test_table_header_repeats_rows_do_not_split_and_alignment_kept():
    document = body(TABLE)
    table = document.tables[0]
    assert table.style.name == "Data Table"
    rows = table._tbl.tr_lst
    assert [bool(r.xpath("./w:trPr/w:tblHeader")) for r in rows] == [True, False, False]
    assert all(r.xpath("./w:trPr/w:cantSplit") for r in rows)
    assert table._tbl.xpath("./w:tblPr/w:tblW/@w:type") == ["pct"]
    assert table._tbl.xpath("./w:tblPr/w:tblW/@w:w") == ["5000"]
    header = table.rows[0].cells
    assert [c.paragraphs[0].style.name for c in header] == ["Table Heading"] * 3
    cells = table.rows[1].cells
    assert cells[0].paragraphs[0].runs[0].bold
    assert [str(c.paragraphs[0].alignment) for c in cells] == [
        "LEFT (0)", "CENTER (1)", "RIGHT (2)"]
    assert table._tbl.xpath("./w:tblPr/w:tblLook/@w:firstRow") == ["1"]


def test_table_with_empty_header_has_no_header_row():
    document = body("| | |\n|---|---|\n| **Date** | today |\n")
    table = document.tables[0]
    assert len(table.rows) == 1 and table.rows[0].cells[0].text == "Date"
    assert not table._tbl.xpath(".//w:tblHeader")


def test_table_columns_share_the_text_width_and_never_break_words():
    md = "| Id | Commitment |\n|---|---|\n| C-01 | " + "a long commitment " * 12 + "|\n"
    table = body(md).tables[0]
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) == 11906 - 2 * Mm(22).twips  # A4 less margins, in twips
    assert widths[0] >= 4 * 100  # room for "C-01" on one line
    assert widths[1] > 4 * widths[0]


def test_header_cell_shading_comes_from_the_table_style():
    style = load_reference().styles["Data Table"].element
    assert style.xpath('./w:tblStylePr[@w:type="firstRow"]/w:tcPr/w:shd/@w:fill') == ["1F3864"]


# -- callouts -----------------------------------------------------------------------------


def test_callout_is_a_styled_box_holding_its_content():
    document = body("::: warning Do not share\nBudget stays internal.\n\n- one\n- two\n:::\n")
    table = document.tables[0]
    assert table.style.name == "Callout Warning"
    cell = table.rows[0].cells[0]
    assert [(p.style.name, p.text) for p in cell.paragraphs if p.text] == [
        ("Callout Title", "Do not share"), ("Normal", "Budget stays internal."),
        ("List Bullet", "one"), ("List Bullet", "two")]


@pytest.mark.parametrize("kind", ["warning", "note", "tip", "danger"])
def test_each_callout_kind_has_its_style(kind):
    document = body(f"::: {kind}\ntext\n:::\n")
    assert document.tables[0].style.name == f"Callout {kind.title()}"
    assert document.tables[0].rows[0].cells[0].text == "text"


def test_adjacent_tables_are_kept_apart():
    document = body(TABLE + "\n::: note\nx\n:::\n")
    children = [c.tag.rpartition("}")[2] for c in document.element.body]
    assert "tbltbl" not in "".join(children)


# -- page furniture -----------------------------------------------------------------------


def test_marking_in_header_of_every_section_and_on_title_page():
    meta = DocumentMeta(title="T", marking="INTERNAL ONLY", toc=False)
    document = build_document("# Body\n", meta)
    for section in document.sections:
        assert [p.text for p in section.header.paragraphs] == ["INTERNAL ONLY"]
        assert section.header.paragraphs[0].style.name == "Marking"
        assert not section.different_first_page_header_footer
    assert ("Marking", "INTERNAL ONLY") in styled(document)


def test_no_marking_means_no_header_text():
    document = build_document("x\n", PLAIN)
    assert all(not p.text for p in document.sections[0].header.paragraphs)


def test_footer_has_page_of_numpages_fields():
    footer = build_document("x\n", PLAIN).sections[0].footer
    paragraph = footer.paragraphs[0]
    assert paragraph.style.name == "Footer"
    instructions = [t.strip() for t in paragraph._p.xpath(".//w:instrText/text()")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert paragraph.text.startswith("Page ") and " of " in paragraph.text


def test_logo_goes_in_the_header(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png_1px())
    meta = DocumentMeta(title="T", marking="M", logo=logo, title_page=False, toc=False)
    header = build_document("x\n", meta).sections[0].header
    assert header._element.xpath(".//pic:pic")
    assert header.paragraphs[-1].text == "M"


def test_title_page_then_page_break():
    meta = DocumentMeta(title="Q4 review", subtitle="Briefing", organisation="Contoso",
                        details=[("Meeting", "QBR")], marking="INTERNAL", toc=False)
    document = build_document("# First\n", meta)
    assert styled(document)[:5] == [("Title", "Q4 review"), ("Subtitle", "Briefing"),
                                    ("Title Page Detail", "Contoso"),
                                    ("Title Page Detail", "Meeting\tQBR"),
                                    ("Marking", "INTERNAL")]
    first = document.paragraphs[5]
    assert first.text == "First" and first.paragraph_format.page_break_before


def test_toc_field_is_dirty_and_word_updates_fields():
    meta = DocumentMeta(title="T", title_page=False)
    document = build_document("# One\n\n## Two\n\n### Three\n", meta)
    assert ("TOC Heading", "Contents") in styled(document)
    begin = document.element.body.xpath('.//w:fldChar[@w:fldCharType="begin"]')
    assert begin[0].get(qn("w:dirty")) == "true"
    instr = document.element.body.xpath(".//w:instrText/text()")[0]
    assert 'TOC \\o "1-1"' in instr  # sections only: the list shares the title page
    assert document.settings.element.xpath("./w:updateFields/@w:val") == ["true"]
    assert ("toc 1", "One") in styled(document)
    assert ("toc 2", "Two") not in styled(document) and ("toc 3", "Three") not in styled(document)


def test_no_toc_means_no_field_and_no_update_prompt():
    document = build_document("# One\n", PLAIN)
    assert not document.element.body.xpath(".//w:instrText")
    assert not document.settings.element.xpath("./w:updateFields")


def test_markdown_page_break():
    document = body("before\n\n<!-- pagebreak -->\n\nafter\n")
    after = [p for p in document.paragraphs if p.text == "after"][0]
    assert after.paragraph_format.page_break_before
    assert "pagebreak" not in "".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("paper,width,height", [("a4", Mm(210), Mm(297)),
                                                 ("letter", Inches(8.5), Inches(11))])
def test_paper_size(paper, width, height):
    meta = DocumentMeta(title="T", paper=paper, title_page=False, toc=False)
    section = build_document("x\n", meta).sections[0]
    assert abs(section.page_width - width) < Mm(0.1)
    assert abs(section.page_height - height) < Mm(0.1)
    assert Mm(15) <= section.left_margin <= Mm(30)


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="paper"):
        build_document("x\n", DocumentMeta(title="T", paper="a5"))


# -- properties and hygiene ---------------------------------------------------------------


def test_core_properties_are_set_deliberately():
    meta = DocumentMeta(title="Q4 review", subject="Briefing", organisation="Contoso Ltd",
                        keywords=["microsoft", "qbr"], toc=False)
    data = render_docx("x\n", meta)
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.title, props.subject, props.author, props.last_modified_by) == (
        "Q4 review", "Briefing", "Contoso Ltd", "Contoso Ltd")
    assert props.keywords == "microsoft; qbr"
    assert (props.comments, props.category, props.revision) == ("", "", 1)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    assert abs(props.created.replace(tzinfo=None) - now) < timedelta(minutes=2)
    assert props.modified == props.created
    text = package_text(data)
    assert "python-docx" not in text and "Macintosh" not in text
    assert "<Company>Contoso Ltd</Company>" in text
    assert "thumbnail" not in text


def test_reference_content_and_authors_do_not_leak(tmp_path):
    reference = load_reference()
    paragraph = reference.add_paragraph("TEMPLATE BODY SECRET")
    reference.add_comment(paragraph.runs, text="reviewer note", author="jsmith", initials="JS")
    reference.sections[0].header.paragraphs[0].text = "OLD HEADER"
    reference.core_properties.author = "jsmith"
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    text = package_text(render_docx("new body\n", DocumentMeta(title="T"), reference=path))
    for leftover in ("TEMPLATE BODY SECRET", "reviewer note", "jsmith", "OLD HEADER"):
        assert leftover not in text
    assert "new body" in text


# -- reference documents ------------------------------------------------------------------


def test_builtin_reference_defines_every_required_style():
    assert missing_styles(load_reference(None)) == []
    assert {"Task Item", "Marking", "Callout Warning", "Data Table"} <= set(REQUIRED_STYLES)


def _make_reference_script():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "make_reference.py"
    spec = importlib.util.spec_from_file_location("make_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_reference_is_what_the_generator_makes():
    script = _make_reference_script()
    assert missing_styles(script.build_reference()) == []
    made = script.parts(script.reference_bytes())
    assert made == script.parts(builtin_reference().read_bytes())
    assert script.main(["--check"]) == 0


def test_builtin_reference_is_saved_prepared():
    """Preparing templates/reference.docx at run time changes nothing in it."""
    def parts(data):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert parts(prepared_reference(None).data) == parts(builtin_reference().read_bytes())
    styles = load_reference().styles
    assert "Light Shading" not in [style.name for style in styles]  # python-docx's stock
    assert len(builtin_reference().read_bytes()) < 16_000


def test_foreign_reference_gets_missing_styles(tmp_path):
    plain = docx.Document()  # python-docx's template: no Marking, Task Item, callouts...
    assert "Marking" in missing_styles(plain)
    path = tmp_path / "org.docx"
    plain.save(str(path))
    md = "- [ ] a\n\n1. b\n   1. c\n\n::: tip\nx\n:::\n\n" + TABLE
    document = build_document(md, DocumentMeta(title="T", marking="M"), reference=path)
    assert missing_styles(document) == []
    assert ensure_styles(document) == []


def test_reference_without_w14_namespace_still_gets_valid_checkboxes(tmp_path):
    source = io.BytesIO(builtin_reference().read_bytes())
    path = tmp_path / "no-w14.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = (data.replace(f' xmlns:w14="{W14}"'.encode(), b"")
                        .replace(b' mc:Ignorable="w14 wp14"', b""))
                assert b"w14" not in data.split(b">", 2)[1]
            zout.writestr(item, data)
    data = render_docx("- [x] done\n", PLAIN, reference=path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    root_tag = xml.split("<w:body>")[0]
    assert f'xmlns:w14="{W14}"' in root_tag and "w14" in root_tag.split("Ignorable=")[1]
    assert "<w14:checkbox>" in xml


def test_prepared_reference_is_kept_in_memory_per_file(tmp_path):
    assert prepared_reference(None) is prepared_reference(None)
    path = tmp_path / "ref.docx"
    path.write_bytes(builtin_reference().read_bytes())
    first = prepared_reference(path)
    assert prepared_reference(path) is first
    assert first.styles.ids["Heading 1"] == "Heading1"
    changed = load_reference(path)
    changed.styles.add_style("Org Extra", 1)
    changed.save(str(path))  # a changed file (size, mtime) is prepared again
    again = prepared_reference(path)
    assert again is not first and "Org Extra" in again.styles.ids


def test_an_organisations_reference_is_never_cached_on_disk(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", str(cache))
    path = tmp_path / "org" / "reference.docx"
    path.parent.mkdir()
    docx.Document().save(str(path))
    render_docx("# x\n", PLAIN, reference=path)
    assert not cache.exists() or not [p for p in cache.rglob("*") if p.is_file()]


def test_missing_reference_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        render_docx("x\n", PLAIN, reference=tmp_path / "nope.docx")


def test_output_reopens_in_python_docx():
    md = "# A\n\n" + TABLE + "\n- [x] t\n\n::: danger Stop\nno\n:::\n"
    data = render_docx(md, DocumentMeta(title="T", marking="M", keywords=["k"]))
    reopened = docx.Document(io.BytesIO(data))
    assert reopened.tables and reopened.paragraphs


def test_a_missing_base_style_is_copied_once(tmp_path):
    """A reference lacking both "TOC Heading" and its base "Heading 1" gets each once: the
    base comes with the first, and is not copied again under another id."""
    from briefpack.resources import templates_dir
    from briefpack.word.reference import ensure_styles, missing_styles

    document = docx.Document(str(templates_dir() / "reference.docx"))
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val"))
        if name in ("TOC Heading", "heading 1"):
            styles.remove(style)
    assert {"TOC Heading", "Heading 1"} <= set(missing_styles(document))
    ensure_styles(document)
    names = [s.find(qn("w:name")).get(qn("w:val")) for s in styles.findall(qn("w:style"))]
    assert names.count("heading 1") == 1 and names.count("TOC Heading") == 1
    assert missing_styles(document) == []
