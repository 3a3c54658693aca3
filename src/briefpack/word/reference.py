"""The reference document: the styles (by name) every generated .docx is written with.

``templates/reference.docx`` is briefpack's built-in look and its only source at run time
(``scripts/make_reference.py`` makes it; nothing here builds styles from code). An
organisation may supply its own reference .docx; :data:`REQUIRED_STYLES` lists every style
name the Word writer uses, :func:`missing_styles` reports the ones a document lacks and
:func:`ensure_styles` copies them (with their list numbering) from the built-in reference.

A style is found under Word's name or LibreOffice's (:data:`STYLE_ALIASES`), in any case: a
reference saved by LibreOffice calls Word's ``toc 1`` ``TOC 1`` (older versions ``Contents 1``),
and :func:`style_ids` maps the writer's names to the styles that stand for them.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart

from briefpack.errors import BriefpackError, display_path
from briefpack.resources import templates_dir

REQUIRED_STYLES: tuple[str, ...] = (
    # paragraph styles
    "Normal", "Title", "Subtitle", "Title Page Detail", "Marking", "Header", "Footer",
    "TOC Heading", "toc 1", "toc 2", "Heading 1", "Heading 2", "Heading 3",
    "List Bullet", "List Bullet 2", "List Bullet 3",
    "List Number", "List Number 2", "List Number 3",
    "List Continue", "List Continue 2", "List Continue 3",
    "Task Item", "Quote", "Source", "Rule", "Code Block",
    "Callout Title", "Table Text", "Table Heading", "Spacer",
    # character styles
    "Strong", "Hyperlink", "Code",
    # table styles
    "Data Table", "Callout Warning", "Callout Note", "Callout Tip", "Callout Danger",
)
"""Every style name the Word writer uses; an organisation's reference must provide them
(or accept the built-in definitions :func:`ensure_styles` adds)."""

STYLE_ALIASES: tuple[tuple[str, ...], ...] = (
    ("toc 1", "Contents 1"), ("toc 2", "Contents 2"), ("TOC Heading", "Contents Heading"),
    ("Hyperlink", "Internet Link"), ("Strong", "Strong Emphasis"), ("Quote", "Quotations"),
)
"""Names one style goes by, Word's first, then LibreOffice's: Writer shows (and older versions
save) Word's ``toc 1`` as ``Contents 1``, ``Hyperlink`` as ``Internet Link``, ``Strong`` as
``Strong Emphasis`` and ``Quote`` as ``Quotations``. Names are compared regardless of case, as
Word does: LibreOffice 7 saves ``toc 1`` as ``TOC 1``."""

_ALIASES = {name.casefold(): group for group in STYLE_ALIASES for name in group}


def style_ids(styles: list[tuple[str, str]]) -> dict[str, str]:
    """For a document whose styles are ``(name, id)`` pairs, the id of the style standing for
    each of :data:`REQUIRED_STYLES` it has: the style of that name, else of that name in
    another case, else of another name of the same style. Of two styles with one name (a
    LibreOffice save can give two the same name), the one whose id is its name without spaces."""
    by_name: dict[str, list[str]] = {}
    for name, style_id in styles:
        by_name.setdefault(name.casefold(), []).append(style_id)
    found = {}
    for required in REQUIRED_STYLES:
        for name in (required, *_ALIASES.get(required.casefold(), ())):
            ids = by_name.get(name.casefold())
            if ids:
                exact = [i for i in ids if i.casefold() == name.replace(" ", "").casefold()]
                found[required] = (exact or ids)[-1]
                break
    return found


def _style_pairs(document: Document) -> list[tuple[str, str]]:
    return [(style.name, style.style_id) for style in document.styles if style.name]


def builtin_reference() -> Path:
    """``templates/reference.docx``: briefpack's built-in look."""
    return templates_dir() / "reference.docx"


def find_reference(path: Path | None = None) -> Path:
    """The reference .docx to use: `path`, else the built-in :func:`builtin_reference`.

    The file is not opened here; a missing one raises ``FileNotFoundError`` when it is."""
    return Path(path) if path is not None else builtin_reference()


def load_reference(path: Path | None = None) -> Document:
    """Open the reference document (see :func:`find_reference`); one that cannot be read as
    a .docx raises :class:`BriefpackError` naming it."""
    found = find_reference(path)
    try:
        return docx.Document(str(found))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a non-.docx
        raise BriefpackError(
            f"{display_path(found)}: not a Word document (.docx) briefpack can read "
            f"({type(exc).__name__}: {exc}); save it from Word as a .docx, or remove it to use "
            "the built-in look") from None


def missing_styles(document: Document) -> list[str]:
    """Names in :data:`REQUIRED_STYLES` that `document` does not define under any of its
    names (:func:`style_ids`), in that order."""
    present = style_ids(_style_pairs(document))
    return [name for name in REQUIRED_STYLES if name not in present]


def ensure_styles(document: Document) -> list[str]:
    """Copy every missing required style from the built-in reference into `document`.

    List styles bring their numbering definition along. Returns the names copied.
    """
    missing = missing_styles(document)
    if not missing:
        return []
    source = load_reference(None)
    by_name = {style.name: style for style in source.styles}
    for name in missing:
        if name not in {style.name for style in document.styles}:  # not brought in as a base
            _copy_style(by_name[name].element, source, document)
    return missing


# -- copying styles -----------------------------------------------------------------------


def _numbering_element(document: Document):
    part = document.part
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        numbering = NumberingPart(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
            parse_xml(f"<w:numbering {nsdecls('w')}/>"), part.package,
        )
        part.relate_to(numbering, RT.NUMBERING)
        return numbering.element


def _copy_numbering(num_id: int, source: Document, target: Document) -> int:
    """Copy list instance `num_id` (and its abstract definition) into `target`."""
    src = source.part.numbering_part.element
    abstract_id = src.num_having_numId(num_id).abstractNumId.val
    abstract = src.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]')[0]
    dst = _numbering_element(target)
    used = [int(v) for v in dst.xpath("./w:abstractNum/@w:abstractNumId")]
    new_abstract = copy.deepcopy(abstract)
    new_abstract_id = max(used, default=-1) + 1
    new_abstract.set(qn("w:abstractNumId"), str(new_abstract_id))
    for link in list(new_abstract.iter(qn("w:pStyle"))):
        link.getparent().remove(link)
    existing = dst.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(new_abstract)
    else:
        dst.insert(0, new_abstract)
    return dst.add_num(new_abstract_id).numId


def _copy_style(style_el, source: Document, target: Document) -> None:
    styles = target.styles.element
    ids = set(styles.xpath("./w:style/@w:styleId"))
    new = copy.deepcopy(style_el)
    if new.get(qn("w:styleId")) in ids:
        new.set(qn("w:styleId"), new.get(qn("w:styleId")) + "Briefpack")
    for tag in ("w:link", "w:next", "w:basedOn"):
        ref = new.find(qn(tag))
        if ref is None or ref.get(qn("w:val")) in ids:
            continue
        base = source.styles.element.xpath(f'./w:style[@w:styleId="{ref.get(qn("w:val"))}"]')
        if tag == "w:basedOn" and base:
            _copy_style(base[0], source, target)
        else:
            new.remove(ref)
    for num_id in new.xpath("./w:pPr/w:numPr/w:numId"):
        num_id.set(qn("w:val"), str(_copy_numbering(int(num_id.get(qn("w:val"))), source,
                                                     target)))
    styles.append(new)
