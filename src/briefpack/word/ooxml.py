"""Raw WordprocessingML helpers for what python-docx has no API for.

Every helper writes schema-ordered XML that Word opens without repair: ``w:updateFields``,
checkbox content controls, paragraph styles, the properties parts, and a package cleaned of
what a reference document's author left in it. Fields, runs, tables and hyperlinks are written
as text by :mod:`briefpack.word.wordml`, list-numbering restarts by
:mod:`briefpack.word.package`.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn

W_NS = nsmap["w"]
W14_NS = nsmap["w14"]
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

CHECKED_GLYPH = "\u2612"  # ☒
UNCHECKED_GLYPH = "\u2610"  # ☐
CHECKBOX_FONT = "MS Gothic"

# Children of w:settings that must come after w:updateFields (ECMA-376 CT_Settings order).
_AFTER_UPDATE_FIELDS = {
    qn(tag)
    for tag in (
        "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
        "w:rsids", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
        "w:captions", "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
        "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
    )
}


# -- fields -------------------------------------------------------------------------------


def set_update_fields(document: Document) -> None:
    """Set ``w:updateFields`` in settings.xml so Word refreshes fields (the TOC) on open."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    for child in settings:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _AFTER_UPDATE_FIELDS or not tag.startswith(f"{{{W_NS}}}"):
            child.addprevious(el)
            return
    settings.append(el)


# -- content controls ---------------------------------------------------------------------


def ensure_w14_declared(document: Document) -> None:
    """Make sure the document root declares ``w14`` and marks it ignorable (Word 2007-safe).

    The default reference already does; an organisation's reference may not. The root is
    replaced in the document part: save (and re-open) right after calling this.
    """
    root = document.element
    ignorable = (root.get(f"{{{MC_NS}}}Ignorable") or "").split()
    if root.nsmap.get("w14") == W14_NS and root.nsmap.get("mc") == MC_NS and "w14" in ignorable:
        return
    nsmap_new = dict(root.nsmap)
    nsmap_new["w14"] = W14_NS
    nsmap_new["mc"] = MC_NS
    new_root = OxmlElement("w:document", nsdecls={k: v for k, v in nsmap_new.items() if k})
    for key, value in root.attrib.items():
        new_root.set(key, value)
    if "w14" not in ignorable:
        ignorable.append("w14")
    new_root.set(f"{{{MC_NS}}}Ignorable", " ".join(ignorable))
    for child in list(root):
        new_root.append(child)
    document.part._element = new_root


def checkbox_sdt_xml(checked: bool, sdt_id: int) -> str:
    """An inline ``w:sdt`` checkbox content control (Word 2010+ ``w14:checkbox``), as text
    for :mod:`briefpack.word.wordml` (the body declares ``w14``)."""
    glyph = CHECKED_GLYPH if checked else UNCHECKED_GLYPH
    fonts = (f'<w:rFonts w:ascii="{CHECKBOX_FONT}" w:eastAsia="{CHECKBOX_FONT}" '
             f'w:hAnsi="{CHECKBOX_FONT}" w:hint="eastAsia"/>')
    return (
        f"<w:sdt><w:sdtPr><w:rPr>{fonts}</w:rPr><w:id w:val=\"{sdt_id}\"/>"
        f"<w14:checkbox>"
        f'<w14:checked w14:val="{1 if checked else 0}"/>'
        f'<w14:checkedState w14:val="2612" w14:font="{CHECKBOX_FONT}"/>'
        f'<w14:uncheckedState w14:val="2610" w14:font="{CHECKBOX_FONT}"/>'
        f"</w14:checkbox></w:sdtPr>"
        f"<w:sdtContent><w:r><w:rPr>{fonts}</w:rPr><w:t>{glyph}</w:t></w:r></w:sdtContent>"
        f"</w:sdt>"
    )


# -- paragraphs ---------------------------------------------------------------------------

_W_PPR, _W_PSTYLE, _W_VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")


def set_paragraph_style(p, style_id: str | None) -> None:
    """``p.style = style_id`` (None: the default style) without python-docx's schema-order
    search: pPr is always a paragraph's first child and pStyle its first."""
    ppr = p.find(_W_PPR)
    if style_id is None:
        found = ppr.find(_W_PSTYLE) if ppr is not None else None
        if found is not None:
            ppr.remove(found)
        return
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    pstyle = ppr.find(_W_PSTYLE)
    if pstyle is None:
        pstyle = OxmlElement("w:pStyle")
        ppr.insert(0, pstyle)
    pstyle.set(_W_VAL, style_id)


# -- package hygiene ----------------------------------------------------------------------

_DROPPED_DOCUMENT_RELS = {
    RT.COMMENTS, RT.CUSTOM_XML, RT.GLOSSARY_DOCUMENT,
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.microsoft.com/office/2011/relationships/people",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.HEADER, RT.FOOTER,
}
_DROPPED_PACKAGE_RELS = {RT.THUMBNAIL, RT.CUSTOM_PROPERTIES}
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>briefpack</Application><DocSecurity>0</DocSecurity>'
    "<Company>{company}</Company></Properties>"
)


def clear_body(document: Document) -> None:
    """Remove all body content but the final ``w:sectPr`` (one section remains), and the
    section's header/footer references (the writer adds its own)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        sect_pr = OxmlElement("w:sectPr")
        body.append(sect_pr)
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for ref in sect_pr.findall(qn(tag)):
            sect_pr.remove(ref)
    document.settings.odd_and_even_pages_header_footer = False


def scrub_package(document: Document) -> None:
    """Drop what may carry the reference's author or content: comments, people, custom XML
    and properties, glossary, thumbnail, old headers/footers, foot/endnote text, the
    attached-template path and document variables."""
    part = document.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in _DROPPED_DOCUMENT_RELS:
            del part.rels[r_id]
    package = part.package
    for r_id, rel in list(package.rels.items()):
        misspelt_core = rel.reltype.lower() == RT.CORE_PROPERTIES.lower().replace(
            "package/2006/relationships", "officedocument/2006/relationships")
        if rel.reltype in _DROPPED_PACKAGE_RELS or misspelt_core:  # LibreOffice's core rel
            del package.rels[r_id]
    settings = document.settings.element
    for tag in ("w:attachedTemplate", "w:docVars"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    settings_part = part.part_related_by(RT.SETTINGS)
    for r_id, rel in list(settings_part.rels.items()):
        if rel.reltype.endswith("/attachedTemplate"):
            del settings_part.rels[r_id]
    for rel in part.rels.values():
        if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES) and not rel.is_external:
            _clear_notes(rel.target_part)


def _clear_notes(notes_part) -> None:
    """Keep only the separator notes of a footnotes/endnotes part."""
    element = getattr(notes_part, "_element", None)
    root = element if element is not None else parse_xml(notes_part.blob)
    for note in list(root):
        if note.get(qn("w:type")) in (None, "normal"):
            root.remove(note)
    if element is None:
        from lxml import etree

        notes_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)


def remove_core_properties(document: Document, *names: str) -> None:
    """Remove core properties by local name (e.g. ``lastPrinted``), whatever their prefix."""
    core = document.core_properties._element
    for child in list(core):
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] in names:
            core.remove(child)


def app_xml(company: str) -> bytes:
    """A minimal docProps/app.xml (no template, manager or author's tool) naming `company`."""
    from html import escape  # with quote=False, the XML text escape (&, <, >)

    return _APP_XML.format(company=escape(company, quote=False)).encode("utf-8")
