"""A reference document made ready to write into, once per file per process.

Preparing a reference (built-in or an organisation's) empties its body, drops its headers,
footers and anything personal, adds the styles it lacks and removes the stock table styles
nobody uses. The result lives only in this process's memory, keyed by the file's resolved
path, modification time and size: an organisation's reference is user data and is never
written to disk, and a changed file is prepared again.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from briefpack.word import ooxml
from briefpack.word.reference import (
    REQUIRED_STYLES,
    ensure_styles,
    find_reference,
    load_reference,
    style_ids,
)


@dataclass(frozen=True)
class StyleTable:
    """A reference document's style names mapped to ids, read once per prepared reference:
    python-docx's name lookups translate and rescan every style each time."""

    ids: dict[str, str]
    default_paragraph: str | None

    @classmethod
    def of(cls, document: Document) -> StyleTable:
        """The style table of `document`: every style by its name, and the writer's names
        also for styles the document calls otherwise (LibreOffice's ``TOC 1`` for ``toc 1``)."""
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        pairs = [(style.name, style.style_id) for style in document.styles]
        return cls({**dict(pairs), **style_ids([p for p in pairs if p[0]])},
                   default.style_id if default is not None else None)

    def id_of(self, name: str) -> str:
        """The id of the style called `name`; ``ValueError`` if there is none."""
        try:
            return self.ids[name]
        except KeyError:
            raise ValueError(f"the reference document has no style named {name!r}") from None

    def paragraph_id(self, name: str) -> str | None:
        """The id to write for the paragraph style called `name`: none for the default."""
        style_id = self.id_of(name)
        return None if style_id == self.default_paragraph else style_id


@dataclass(frozen=True, eq=False)  # one per file and version: known by identity
class PreparedReference:
    """A prepared reference: the .docx bytes each document starts from, and its styles."""

    data: bytes
    styles: StyleTable


_PREPARED: dict[tuple[str, int, int], PreparedReference] = {}
PREPARED_KEPT = 32  # references kept prepared in memory


def prepared_reference(reference: Path | None = None) -> PreparedReference:
    """The reference .docx (see :func:`~briefpack.word.reference.find_reference`) ready to
    write into: empty body, one section, no headers or footers, missing styles added, nothing
    personal. Kept in memory per file (resolved path, mtime, size); a missing file raises
    ``FileNotFoundError``."""
    found = find_reference(reference)
    stat = found.stat()
    key = (str(found.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _PREPARED:
        document = load_reference(found)
        prepare_document(document)
        buffer = BytesIO()
        document.save(buffer)
        if len(_PREPARED) >= PREPARED_KEPT:
            del _PREPARED[next(iter(_PREPARED))]  # the oldest: a batch of many organisations
        _PREPARED[key] = PreparedReference(buffer.getvalue(), StyleTable.of(document))
    return _PREPARED[key]


def prepare_document(document: Document) -> None:
    """Make `document` (an opened reference) ready to write into, in place."""
    ensure_styles(document)
    _drop_stock_table_styles(document)
    ooxml.clear_body(document)
    ooxml.scrub_package(document)
    ooxml.ensure_w14_declared(document)


def _drop_stock_table_styles(document: Document) -> None:
    """Remove the table styles python-docx's own template brings and nothing uses.

    They are 105 of its styles and nine tenths of styles.xml, which every document would
    otherwise parse, write and compress again. Only a definition identical to the stock one
    goes (Word still offers the style: it knows its built-in definition); an organisation's
    own or changed table styles, and any style another style refers to, stay.
    """
    from lxml import etree

    styles = document.styles.element
    referenced = set(styles.xpath("./w:style/w:basedOn/@w:val | ./w:style/w:next/@w:val"
                                  " | ./w:style/w:link/@w:val"))
    required = set(REQUIRED_STYLES)
    candidates = []
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if (style.get(qn("w:type")) == "table" and style.get(qn("w:default")) not in ("1", "true")
                and style.get(qn("w:styleId")) not in referenced
                and (name is None or name.get(qn("w:val")) not in required)):
            candidates.append(style)
    if not candidates:  # templates/reference.docx is saved without them
        return
    stock = _stock_table_styles()
    for style in candidates:
        if stock.get(style.get(qn("w:styleId"))) == etree.tostring(style, method="c14n"):
            styles.remove(style)


_STOCK: dict[str, bytes] | None = None


def _stock_table_styles() -> dict[str, bytes]:
    """python-docx's template's table styles: id -> canonical XML."""
    global _STOCK
    if _STOCK is None:
        from lxml import etree

        styles = docx.Document().styles.element
        _STOCK = {style.get(qn("w:styleId")): etree.tostring(style, method="c14n")
                  for style in styles.findall(qn("w:style")) if style.get(qn("w:type")) == "table"}
    return _STOCK
