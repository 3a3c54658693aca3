"""Make templates/reference.docx: briefpack's built-in look, the one source the Word writer reads.

The look (Calibri 10.5 pt body, dark-navy headings, list numbering, callout and data-table
styles, A4 with 22 mm margins) is defined here, in code, and nowhere else: the runtime only
reads the saved file. Run from the repository root after changing the look below:

    python scripts/make_reference.py           # write templates/reference.docx
    python scripts/make_reference.py --check   # exit 1 if the file differs from the code

Organisations can copy the result, restyle it in Word (Modify Style), and point their
org folder at it; the Word writer only ever refers to styles by name.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "templates" / "reference.docx"
sys.path.insert(0, str(ROOT / "src"))

from briefpack.word.prepare import prepare_document
from briefpack.word.reference import REQUIRED_STYLES, missing_styles

_RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# -- the built-in look --------------------------------------------------------------------

NAVY, BLUE, PALE_BLUE, GREY, RULE, DARK_RED = "1F3864", "2F5496", "8EAADB", "595959", "BFBFBF", \
    "C00000"
BODY_FONT, MONO_FONT = "Calibri", "Consolas"
CALLOUT_COLOURS = {  # kind: (border, fill)
    "Warning": ("BF7B00", "FFF5E0"),
    "Note": (BLUE, "EDF2FA"),
    "Tip": ("2E7D32", "EBF5EC"),
    "Danger": (DARK_RED, "FBEAEA"),
}
# list style id: (numId in python-docx's template, numFmt, lvlText, indent level)
_LISTS = {
    "ListBullet": (1, "bullet", "\u2022", 1), "ListBullet2": (2, "bullet", "\u2013", 2),
    "ListBullet3": (3, "bullet", "\u25aa", 3), "ListNumber": (5, "decimal", "%1.", 1),
    "ListNumber2": (6, "lowerLetter", "%1.", 2), "ListNumber3": (7, "lowerRoman", "%1.", 3),
}
_INDENT = 360  # twips per list level


def _fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def _border(side: str, colour: str, size: int = 4, space: int = 0) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="{space}" w:color="{colour}"/>'


def _shd(fill: str) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


def _style(kind: str, name: str, sid: str, *, based: str | None = "Normal", next_: str = "",
           ppr: str = "", rpr: str = "", extra: str = "", custom: bool = True) -> str:
    """XML of one style; `extra` holds table properties (after rPr, schema order)."""
    custom_attr = ' w:customStyle="1"' if custom else ""
    return (
        f'<w:style {nsdecls("w")} w:type="{kind}"{custom_attr} w:styleId="{sid}">'
        f'<w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based}"/>' if based else "")
        + (f'<w:next w:val="{next_}"/>' if next_ else "")
        + '<w:uiPriority w:val="20"/><w:qFormat/>'
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + extra + "</w:style>"
    )


def _heading(level: int, before: int, after: int, size: int, colour: str, border: str = "") -> str:
    ppr = (f"<w:keepNext/><w:keepLines/>{border}"
           f'<w:spacing w:before="{before}" w:after="{after}"/><w:outlineLvl w:val="{level - 1}"/>')
    rpr = f'<w:b/><w:bCs/><w:color w:val="{colour}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return _style("paragraph", f"heading {level}", f"Heading{level}", next_="Normal", ppr=ppr,
                  rpr=rpr, custom=False)


def _table_style(name: str, sid: str, borders: str, margins: tuple[int, int], fill: str = "",
                 conditional: str = "") -> str:
    vertical, horizontal = margins
    mar = (f'<w:tblCellMar><w:top w:w="{vertical}" w:type="dxa"/>'
           f'<w:left w:w="{horizontal}" w:type="dxa"/><w:bottom w:w="{vertical}" w:type="dxa"/>'
           f'<w:right w:w="{horizontal}" w:type="dxa"/></w:tblCellMar>')
    extra = (f'<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders>{borders}</w:tblBorders>'
             f"{mar}</w:tblPr>" + (f"<w:tcPr>{_shd(fill)}</w:tcPr>" if fill else "") + conditional)
    return _style("table", name, sid, based="TableNormal", extra=extra)


def _style_xml() -> list[str]:
    """XML of every style the built-in look defines or redefines, in the order they are set."""
    return _page_styles() + _text_styles() + _list_styles() + _table_styles()


def _page_styles() -> list[str]:
    """Headings, the title page, header and footer, the table of contents."""
    small = '<w:sz w:val="16"/><w:szCs w:val="16"/>'
    return [
        _heading(1, 360, 120, 32, NAVY, f"<w:pBdr>{_border('bottom', PALE_BLUE, 6, 2)}</w:pBdr>"),
        _heading(2, 280, 80, 26, NAVY),
        _heading(3, 200, 60, 22, BLUE),
        _style("paragraph", "Title", "Title", next_="Subtitle", custom=False,
               ppr=f"<w:pBdr>{_border('bottom', NAVY, 12, 8)}</w:pBdr>"
                   '<w:spacing w:before="2400" w:after="200" w:line="240" w:lineRule="auto"/>',
               rpr=f'<w:b/><w:color w:val="{NAVY}"/><w:kern w:val="28"/>'
                   '<w:sz w:val="52"/><w:szCs w:val="52"/>'),
        _style("paragraph", "Subtitle", "Subtitle", custom=False,
               ppr='<w:spacing w:before="120" w:after="480"/>',
               rpr='<w:color w:val="44546A"/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
        _style("paragraph", "Title Page Detail", "TitlePageDetail",
               ppr='<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs><w:spacing w:after="80"/>'
                   '<w:ind w:left="1701" w:hanging="1701"/>',
               rpr='<w:sz w:val="22"/><w:szCs w:val="22"/>'),
        _style("paragraph", "Marking", "Marking",
               ppr='<w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/>',
               rpr=f'<w:b/><w:bCs/><w:color w:val="{DARK_RED}"/><w:spacing w:val="10"/>'
                   '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
        _style("paragraph", "header", "Header", custom=False,
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
               rpr=f'<w:color w:val="{GREY}"/>{small}'),
        _style("paragraph", "footer", "Footer", custom=False,
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
               rpr=f'<w:color w:val="{GREY}"/>{small}'),
        _style("paragraph", "TOC Heading", "TOCHeading", based="Heading1", next_="Normal",
               custom=False, ppr='<w:outlineLvl w:val="9"/>'),
        _style("paragraph", "toc 1", "TOC1", next_="Normal", custom=False,
               ppr='<w:spacing w:before="60" w:after="40"/>', rpr="<w:b/>"),
        _style("paragraph", "toc 2", "TOC2", next_="Normal", custom=False,
               ppr='<w:spacing w:after="40"/><w:ind w:left="220"/>'),
    ]


def _text_styles() -> list[str]:
    """Body text: task items, quotes, sources, rules, code, callout and table text, links."""
    return [
        _style("paragraph", "Task Item", "TaskItem",
               ppr=f'<w:spacing w:after="60"/><w:ind w:left="{_INDENT}" w:hanging="{_INDENT}"/>'),
        _style("paragraph", "Quote", "Quote", next_="Normal", custom=False,
               ppr=f"<w:pBdr>{_border('left', PALE_BLUE, 18, 8)}</w:pBdr>"
                   '<w:spacing w:before="120" w:after="120"/><w:ind w:left="284" w:right="284"/>',
               rpr='<w:i/><w:iCs/><w:color w:val="404040"/>'),
        _style("paragraph", "Source", "Source", ppr='<w:spacing w:after="120"/>',
               rpr=f'<w:i/><w:iCs/><w:color w:val="{GREY}"/>'
                   '<w:sz w:val="17"/><w:szCs w:val="17"/>'),
        _style("paragraph", "Rule", "Rule", next_="Normal",
               ppr=f"<w:pBdr>{_border('bottom', RULE, 6, 1)}</w:pBdr>"
                   '<w:spacing w:before="0" w:after="160" w:line="240" w:lineRule="auto"/>',
               rpr='<w:sz w:val="8"/><w:szCs w:val="8"/>'),
        _style("paragraph", "Code Block", "CodeBlock",
               ppr=f'{_shd("F2F2F2")}<w:spacing w:after="120" w:line="240" w:lineRule="auto"/>'
                   '<w:ind w:left="113" w:right="113"/>',
               rpr=f'{_fonts(MONO_FONT)}<w:noProof/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
        _style("paragraph", "Spacer", "Spacer",
               ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
               rpr='<w:sz w:val="12"/><w:szCs w:val="12"/>'),
        _style("paragraph", "Callout Title", "CalloutTitle",
               ppr='<w:keepNext/><w:spacing w:after="60"/>', rpr="<w:b/><w:bCs/>"),
        _style("paragraph", "Table Text", "TableText",
               ppr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>',
               rpr='<w:sz w:val="19"/><w:szCs w:val="19"/>'),
        _style("paragraph", "Table Heading", "TableHeading", based="TableText",
               ppr="<w:keepNext/>", rpr='<w:b/><w:bCs/><w:color w:val="FFFFFF"/>'),
        _style("character", "Hyperlink", "Hyperlink", based="DefaultParagraphFont",
               custom=False, rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>'),
        _style("character", "Code", "Code", based="DefaultParagraphFont",
               rpr=f'{_fonts(MONO_FONT)}<w:noProof/><w:sz w:val="19"/><w:szCs w:val="19"/>'
                   f'{_shd("F2F2F2")}'),
    ]


def _list_styles() -> list[str]:
    """Bullet and number lists (their numbering: :func:`_set_list_numbering`), continuations."""
    out = []
    for sid, (num_id, _fmt, _text, level) in _LISTS.items():
        name = re.sub(r"(List)(Bullet|Number)(\d?)", r"\1 \2 \3", sid).strip()
        out.append(_style("paragraph", name, sid, custom=False,
                          ppr=f'<w:numPr><w:numId w:val="{num_id}"/></w:numPr>'
                              '<w:spacing w:after="60"/>'))
    for level, sid in enumerate(("ListContinue", "ListContinue2", "ListContinue3"), start=1):
        name = "List Continue" + (f" {level}" if level > 1 else "")
        out.append(_style("paragraph", name, sid, custom=False,
                          ppr=f'<w:spacing w:after="60"/><w:ind w:left="{_INDENT * level}"/>'))
    return out


def _table_styles() -> list[str]:
    """The data table (navy header row, banded rows) and the four callout boxes."""
    out = []
    grid = "".join(_border(side, RULE) for side in
                   ("top", "left", "bottom", "right", "insideH", "insideV"))
    header = (f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/>'
              f"</w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr><w:tcPr>{_shd(NAVY)}</w:tcPr>"
              f'</w:tblStylePr><w:tblStylePr w:type="band2Horz"><w:tblPr/>'
              f'<w:tcPr>{_shd("F3F6FB")}</w:tcPr></w:tblStylePr>')
    out.append(_table_style("Data Table", "DataTable", grid, (0, 85), conditional=header))
    for kind, (border, fill) in CALLOUT_COLOURS.items():
        edges = (_border("top", border) + _border("left", border, 24) + _border("bottom", border)
                 + _border("right", border))
        out.append(_table_style(f"Callout {kind}", f"Callout{kind}", edges, (100, 170), fill))
    return out


def _set_doc_defaults(styles) -> None:
    defaults = styles.find(qn("w:docDefaults"))
    new = parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>{_fonts(BODY_FONT)}'
        '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-GB" w:eastAsia="en-US" '
        'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
        '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )
    if defaults is not None:
        defaults.addprevious(new)
        styles.remove(defaults)
    else:
        styles.insert(0, new)


def _set_list_numbering(numbering) -> None:
    """Give the six list styles' numbering a consistent indent and glyph set."""
    for sid, (num_id, fmt, text, level) in _LISTS.items():
        abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
        abstract = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]')[0]
        for old in abstract.findall(qn("w:lvl")):
            abstract.remove(old)
        colour = f'<w:rPr><w:color w:val="{NAVY}"/></w:rPr>' if fmt == "bullet" else ""
        abstract.append(parse_xml(
            f'<w:lvl {nsdecls("w")} w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:pStyle w:val="{sid}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" '
            f'w:pos="{_INDENT * level}"/></w:tabs><w:ind w:left="{_INDENT * level}" '
            f'w:hanging="{_INDENT}"/></w:pPr>{colour}</w:lvl>'
        ))


# -- the document -------------------------------------------------------------------------


def build_reference() -> Document:
    """Return briefpack's built-in reference document (what templates/reference.docx holds).

    Starts from python-docx's default template, replaces the look (Calibri 10.5 pt body,
    dark-navy headings, list numbering, callout and data-table styles) and removes
    everything that came from the template's author (properties, thumbnail, stale parts).
    """
    document = docx.Document()
    _drop_rels(document.part, {RT.CUSTOM_XML, _RT_STYLES_WITH_EFFECTS})
    _drop_rels(document.part.package, {RT.THUMBNAIL})
    styles = document.styles.element
    _set_doc_defaults(styles)
    for xml in _style_xml():
        _upsert_style(styles, parse_xml(xml))
    _set_list_numbering(document.part.numbering_part.element)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(22))
    section.header_distance = section.footer_distance = Mm(10)
    for mode in document.settings.element.xpath(
        './w:compat/w:compatSetting[@w:name="compatibilityMode"]'
    ):
        mode.set(qn("w:val"), "15")  # Word 2013+ layout: no "Compatibility Mode" banner
    props = document.core_properties
    props.author = props.last_modified_by = props.comments = props.title = ""
    return document


def _drop_rels(part, reltypes: set[str]) -> None:
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in reltypes:
            del part.rels[r_id]


def _upsert_style(styles, style_el) -> None:
    """Replace the style with the same styleId (or name), or append it."""
    style_id = style_el.get(qn("w:styleId"))
    name = style_el.find(qn("w:name")).get(qn("w:val"))
    for old in styles.findall(qn("w:style")):
        old_name = old.find(qn("w:name"))
        if old.get(qn("w:styleId")) == style_id or (
            old_name is not None and old_name.get(qn("w:val")) == name
        ):
            old.addprevious(style_el)
            styles.remove(old)
            return
    styles.append(style_el)


# -- saving -------------------------------------------------------------------------------


def reference_bytes() -> bytes:
    """The built-in reference document as the bytes of a .docx file, saved as the Word writer
    prepares a reference (:func:`briefpack.word.prepare.prepare_document`: among others,
    without the 105 stock table styles of python-docx's template, nine tenths of styles.xml),
    so that preparing it at run time has little to do. Every zip entry carries the same fixed
    time, so that running this script again without changing the look changes no byte."""
    document = build_reference()
    prepare_document(document)
    buffer = io.BytesIO()
    document.save(buffer)
    # saved again once reopened: the XML as preparing it at run time writes it back
    # (`<dc:title/>` rather than `<dc:title></dc:title>`)
    reopened = docx.Document(io.BytesIO(buffer.getvalue()))
    buffer = io.BytesIO()
    reopened.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The zip file `data` with every entry dated 1980-01-01 (the zip format's earliest)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    """A .docx file's parts by name (what Word reads; the zip's own metadata aside)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def main(argv: list[str] | None = None) -> int:
    """Build the reference document, check it defines every required style, save it (or,
    with ``--check``, compare it with the saved file)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with templates/reference.docx instead of writing it")
    args = parser.parse_args(argv)
    document = build_reference()
    missing = missing_styles(document)
    if missing:
        print(f"reference lacks styles: {', '.join(missing)}", file=sys.stderr)
        return 1
    data = reference_bytes()
    if args.check:
        if not TARGET.is_file() or parts(TARGET.read_bytes()) != parts(data):
            print(f"{TARGET} differs from the look in {Path(__file__).name}; run it without "
                  "--check to update it", file=sys.stderr)
            return 1
        print(f"{TARGET} is up to date", file=sys.stderr)
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(data)
    print(TARGET)
    print(f"{len(REQUIRED_STYLES)} required styles present", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
