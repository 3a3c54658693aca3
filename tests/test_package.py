"""Documents of one look share a package built once (briefpack.word.package.Shell), each
filled with its own body, links, list restarts and properties as text: what Word reads back
is each document's own, the shared parts are the same bytes, and a reference that names its
namespaces otherwise is filled too."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from briefpack.word.stamp import content_digest, recorded_digest
from briefpack.word.writer import DocumentMeta, render_docx

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "templates" / "reference.docx"
LISTS_AND_LINKS = """\
See [one](https://example.com/one) and [two](https://example.com/two?a=1&b=2).

1. first
2. second

Again [one](https://example.com/one).

3. third starts at three
4. fourth
"""


def _parts(data: bytes) -> dict[str, bytes]:
    """The parts of a .docx, whose every member is whole (its checksum right) and named once,
    the content types first."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        assert len(names) == len(set(names)) and names[0] == "[Content_Types].xml"
        return {name: archive.read(name) for name in names}


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _starts(document) -> dict[int, int]:
    """numId -> the start its first level is overridden to, for the document's new lists."""
    numbering = document.part.numbering_part.element
    return {int(num.get(qn("w:numId"))): int(start)
            for num in numbering.findall(qn("w:num"))
            for start in num.xpath("./w:lvlOverride/w:startOverride/@w:val")}


def _list_num_ids(document) -> list[int]:
    return [int(p._p.pPr.numPr.numId.val) for p in document.paragraphs
            if p._p.pPr is not None and p._p.pPr.numPr is not None]


def test_each_document_has_its_own_body_and_properties() -> None:
    first = render_docx("First body", DocumentMeta("One & <1>", organisation="Org A",
                                                      subject="s1", keywords=["k"]))
    second = render_docx("Second body", DocumentMeta("Two", organisation="Org B"))
    one, two = _open(first), _open(second)
    assert "First body" in [p.text for p in one.paragraphs]
    assert "First body" not in [p.text for p in two.paragraphs]
    assert (one.core_properties.title, one.core_properties.subject,
            one.core_properties.author, one.core_properties.keywords) == (
        "One & <1>", "s1", "Org A", "k")
    assert (two.core_properties.title, two.core_properties.subject,
            two.core_properties.last_modified_by) == ("Two", "", "Org B")
    assert b"<Company>Org B</Company>" in _parts(second)["docProps/app.xml"]
    assert "\ue000" not in _parts(second)["docProps/core.xml"].decode()
    assert b"1901" not in _parts(second)["docProps/core.xml"]
    for data in (first, second):
        assert recorded_digest(data) == content_digest(data)


def test_the_parts_a_look_shares_are_the_same_bytes() -> None:
    one = _parts(render_docx("a [x](https://a.example)", DocumentMeta("A", marking="M")))
    two = _parts(render_docx("b\n\n1. one", DocumentMeta("B", marking="M")))
    for name in ("word/styles.xml", "word/theme/theme1.xml", "word/settings.xml",
                 "word/header1.xml", "word/footer1.xml", "[Content_Types].xml"):
        assert one[name] == two[name], name
    assert one["word/document.xml"] != two["word/document.xml"]
    assert one["word/_rels/document.xml.rels"] != two["word/_rels/document.xml.rels"]
    other = _parts(render_docx("a", DocumentMeta("A", marking="Other marking")))
    assert b"Other marking" in other["word/header1.xml"]
    assert b"Other marking" not in one["word/header1.xml"]


def test_links_are_related_once_each_and_lists_count_from_their_own_start() -> None:
    document = _open(render_docx(LISTS_AND_LINKS, DocumentMeta("T", toc=False)))
    links = {rel.target_ref: r_id for r_id, rel in document.part.rels.items()
             if rel.is_external}
    assert set(links) == {"https://example.com/one", "https://example.com/two?a=1&b=2"}
    hyperlinks = document.element.body.findall(".//" + qn("w:hyperlink"))
    assert [h.get(qn("r:id")) for h in hyperlinks] == [
        links["https://example.com/one"], links["https://example.com/two?a=1&b=2"],
        links["https://example.com/one"]]
    used = _list_num_ids(document)
    first, second = used[0], used[-1]
    assert used == [first, first, second, second] and first != second
    assert _starts(document)[first] == 1 and _starts(document)[second] == 3


def test_a_second_document_does_not_inherit_the_first_ones_links_or_lists() -> None:
    render_docx(LISTS_AND_LINKS, DocumentMeta("T", toc=False))
    document = _open(render_docx("plain", DocumentMeta("T", toc=False)))
    assert not [rel for rel in document.part.rels.values() if rel.is_external]
    assert _starts(document) == {}


def test_text_a_property_cannot_hold_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="subject cannot be written as XML"):
        render_docx("x", DocumentMeta("T", subject="bad \x01 subject"))


def _rename_w_prefix(reference: Path, target: Path, members: tuple[str, ...]) -> Path:
    """`reference` with the WordprocessingML namespace called ``x`` in `members`."""
    with zipfile.ZipFile(reference) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in members:
                text = data.decode("utf-8")
                text = re.sub(r"(</?|\s)w:", r"\1x:", text).replace("xmlns:w=", "xmlns:x=")
                data = text.encode("utf-8")
            out.writestr(info, data)
    return target


def test_a_reference_naming_its_namespaces_otherwise_is_filled_too(tmp_path) -> None:
    reference = _rename_w_prefix(REFERENCE, tmp_path / "x-prefix.docx",
                                 ("word/document.xml", "word/numbering.xml"))
    with zipfile.ZipFile(reference) as archive:  # the premise: no w: prefix left there
        assert b"<w:" not in archive.read("word/numbering.xml")
    data = render_docx(LISTS_AND_LINKS + "\n| a | b |\n|---|---|\n| 1 | 2 |\n",
                       DocumentMeta("T", marking="M"), reference)
    document = _open(data)
    texts = [p.text for p in document.paragraphs]
    assert "first" in texts and "third starts at three" in texts
    assert document.tables[0].cell(1, 1).text == "2"
    assert document.element.body[-1].tag == qn("w:sectPr")
    used = _list_num_ids(document)
    assert _starts(document)[used[0]] == 1 and _starts(document)[used[-1]] == 3
    assert recorded_digest(data) == content_digest(data)


def test_a_changed_logo_is_read_again(tmp_path) -> None:
    logo = tmp_path / "logo.png"
    pictures = sorted((ROOT / "docs").glob("*.png"))[:2]
    logo.write_bytes(pictures[0].read_bytes())
    first = _parts(render_docx("x", DocumentMeta("T", logo=logo)))
    logo.write_bytes(pictures[1].read_bytes())
    second = _parts(render_docx("x", DocumentMeta("T", logo=logo)))
    media = [name for name in first if name.startswith("word/media/")]
    assert media and first[media[0]] == pictures[0].read_bytes()
    assert second[media[0]] == pictures[1].read_bytes()


def test_properties_are_kept_as_written_whatever_they_hold() -> None:
    title = "Archive 1901-02-03T04:05:06Z x \ue000keywords\ue001 y"
    data = render_docx("x", DocumentMeta(title, keywords=["k1", "k2"], toc=False,
                                         title_page=False))
    props = _open(data).core_properties
    assert (props.title, props.keywords) == (title, "k1; k2")
    assert props.created.year > 2000


def test_an_organisation_name_with_control_characters_makes_valid_properties() -> None:
    from lxml import etree

    data = render_docx("x", DocumentMeta("T", organisation="Org\x1fName\x0b Ltd",
                                         title_page=False, toc=False))
    app = etree.fromstring(_parts(data)["docProps/app.xml"])
    assert app.findtext("{*}Company") == "Org Name Ltd"
    assert _open(data).core_properties.author == "Org Name Ltd"


def test_a_link_the_reference_relates_twice_reuses_the_first(tmp_path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    reference = docx.Document(str(REFERENCE))
    for r_id in ("rId90", "rId91"):
        reference.part.rels.add_relationship(RT.HYPERLINK, "https://example.com/one", r_id,
                                             is_external=True)
    reference.save(tmp_path / "links.docx")
    document = _open(render_docx(LISTS_AND_LINKS, DocumentMeta("T", toc=False),
                                 tmp_path / "links.docx"))
    hyperlinks = document.element.body.findall(".//" + qn("w:hyperlink"))
    assert hyperlinks[0].get(qn("r:id")) == "rId90"


def _without_default_paragraph_style(tmp_path: Path) -> Path:
    reference = docx.Document(str(REFERENCE))
    for style in reference.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")):
            del style.attrib[qn("w:default")]
    reference.save(tmp_path / "no-default.docx")
    return tmp_path / "no-default.docx"


def test_an_empty_callout_has_a_paragraph_in_the_normal_style(tmp_path) -> None:
    data = render_docx("::: note\n:::\n", DocumentMeta("T", toc=False, title_page=False),
                       _without_default_paragraph_style(tmp_path))
    cell = _open(data).tables[0].cell(0, 0)
    assert [p.style.name for p in cell.paragraphs] == ["Normal"]
    default = _open(render_docx("::: note\n:::\n", DocumentMeta("T", toc=False,
                                                                 title_page=False)))
    assert default.tables[0].cell(0, 0)._tc.xml.count("<w:p/>") == 1


def test_a_document_without_lists_keeps_the_numbering_as_it_is(tmp_path) -> None:
    from briefpack.word.prepare import prepared_reference

    reference = docx.Document(str(REFERENCE))
    numbering = reference.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)  # an empty part: <w:numbering .../>
    reference.save(tmp_path / "empty-numbering.docx")
    for path in (None, tmp_path / "empty-numbering.docx"):
        with zipfile.ZipFile(io.BytesIO(prepared_reference(path).data)) as archive:
            prepared = archive.read("word/numbering.xml")
        written = _parts(render_docx("no lists", DocumentMeta("T"), path))
        assert written["word/numbering.xml"] == prepared
