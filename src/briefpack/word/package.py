"""A document's package: built once per look with python-docx, then filled as text.

Every document of one look (reference, paper, header, whether it has a contents list) has the
same styles, theme, settings, header, footer and fonts: only its body, its links, its
numbered lists' restarts and its properties are its own. A :class:`Shell` is such a package
with an empty body, every part serialized once. Each document is the shell's parts with its
own joined in as text (:class:`Filling`): the body between the document part's head and its
section properties, hyperlink relationships and ``w:num`` restarts before the end of theirs,
the core properties in place of placeholders. Nothing is parsed again, and the parts that do
not change are the same bytes in every document, as python-docx would have written them.

A reference whose document or numbering part calls WordprocessingML's namespaces by other
prefixes (no reference saved by Word or LibreOffice does) is filled through lxml instead.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from docx.shared import Emu
from lxml import etree

from briefpack.word import ooxml, stamp, wordml

_CORE_FIELDS = ("title", "subject", "author", "last_modified_by", "keywords")
_PLACEHOLDER = "\ue000{}\ue001"  # private-use characters: in no property a user writes
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # as python-docx writes core properties' times
_TIME_PLACEHOLDER = datetime(1901, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
_TIME_TEXT = _TIME_PLACEHOLDER.strftime(_TIME_FORMAT)
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NUMS_MARK = "briefpack-nums"


def fill_core_placeholders(document: Document) -> None:
    """Core properties as every document has them: no comments, category or personal
    properties, revision 1, and placeholders that :class:`Filling` replaces with each
    document's title, subject, author, last modified by, keywords and times."""
    props = document.core_properties
    for name in _CORE_FIELDS:
        setattr(props, name, _PLACEHOLDER.format(name))
    props.comments = props.category = ""
    props.revision = 1
    props.created = props.modified = _TIME_PLACEHOLDER
    ooxml.remove_core_properties(document, "lastPrinted", "contentStatus", "identifier",
                                 "language", "version")


@dataclass(frozen=True, eq=False)
class Numbering:
    """A shell's numbering part: the lists it defines, and where a document's restarts go."""

    name: str
    blob: bytes  # numbering.xml as it is, for a document that restarts no list
    text: tuple[str, str] | None  # numbering.xml around the place of new w:num; None: lxml
    root: object  # the numbering element, for the lxml way only (else None)
    num_ids: frozenset[int]
    abstract_ids: dict[int, int]  # numId -> its abstractNumId

    @classmethod
    def of(cls, document: Document) -> Numbering | None:
        """The numbering part of `document`, if it has one (none is made)."""
        part = next((rel.target_part for rel in document.part.rels.values()
                     if rel.reltype == RT.NUMBERING and not rel.is_external), None)
        if part is None:
            return None
        root = part.element
        text = _nums_split(root)
        return cls(part.partname.membername, part.blob, text, root if text is None else None,
                   frozenset(int(value) for value in root.xpath("./w:num/@w:numId")),
                   _abstract_ids(root))


@dataclass(eq=False)
class Shell:
    """A package with an empty body, serialized: what every document of one look shares."""

    members: list[tuple[str, bytes | None]]  # in save order; None: a document's own
    shared: bytes  # a .docx of the parts every document has the same, compressed once
    names: dict[str, str]  # "document", "rels", "core" and ("app") -> the part's name
    document: tuple[str, str] | None  # document.xml before and after the body; None: lxml
    document_root: object  # the document's element, for the lxml way only (else None)
    rels_head: str  # the document's relationships, without their closing tag
    rel_ids: frozenset[str]
    external_rels: dict[str, str]  # hyperlink target -> rId, already in the reference
    numbering: Numbering | None
    core: str  # core.xml with placeholders
    text_width: int  # twips between the margins
    style_num_ids: dict[str, int]  # paragraph style id -> the numId it (or its base) uses

    def style_num_id(self, style_id: str) -> int | None:
        """The ``numId`` the paragraph style `style_id` (or one it is based on) uses."""
        return self.style_num_ids.get(style_id)

    @classmethod
    def of(cls, document: Document) -> Shell:
        """The shell of `document`: furnished (header, footer, page set-up, settings), body
        empty, core properties set by :func:`fill_core_placeholders`."""
        doc_part = document.part
        numbering = Numbering.of(document)
        names = {"document": doc_part.partname.membername,
                 "rels": doc_part.partname.rels_uri.membername}
        if numbering is not None:
            names["numbering"] = numbering.name
        members, core = _members(document, names)
        rels = doc_part.rels
        rels_xml = _bytes(rels.xml).decode("utf-8")
        section = document.sections[0]
        text = _document_split(document.element)
        return cls(
            members=members,
            shared=_shared(document, members),
            names=names,
            document=text,
            document_root=document.element if text is None else None,
            rels_head=rels_xml[:rels_xml.rindex("</Relationships>")],
            rel_ids=frozenset(rels),
            external_rels=_first_links(rels),
            numbering=numbering,
            core=core,
            text_width=Emu(section.page_width - section.left_margin
                           - section.right_margin).twips,
            style_num_ids=_style_num_ids(document),
        )


def _first_links(rels) -> dict[str, str]:
    """Hyperlink target -> the first relationship to it, which python-docx relates a link to
    again (a reference may hold several: Word and LibreOffice write one per link)."""
    links: dict[str, str] = {}
    for r_id, rel in rels.items():
        if rel.is_external and rel.reltype == RT.HYPERLINK:
            links.setdefault(rel.target_ref, r_id)
    return links


def _style_num_ids(document: Document) -> dict[str, int]:
    """The paragraph styles that number their paragraphs, and the numbering each uses (its
    own ``w:numPr``, else its base style's, up to ten styles down), read in one pass over
    the styles: asking python-docx style by style took half the time of building a shell."""
    numbered: dict[str, int | None] = {}
    based_on: dict[str, str | None] = {}
    paragraph_styles = []
    for style in document.styles.element.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id is None or style_id in numbered:  # the first of an id counts
            continue
        num_id = style.find(_NUM_ID)
        value = num_id.get(qn("w:val")) if num_id is not None else None
        numbered[style_id] = int(value) if value is not None else None
        base = style.find(qn("w:basedOn"))
        based_on[style_id] = base.get(qn("w:val")) if base is not None else None
        if style.get(qn("w:type"), "paragraph") == "paragraph":
            paragraph_styles.append(style_id)
    ids = {}
    for style_id in paragraph_styles:
        current: str | None = style_id
        for _ in range(10):
            if current not in numbered:
                break
            if numbered[current] is not None:
                ids[style_id] = numbered[current]
                break
            current = based_on[current]
    return ids


_NUM_ID = "/".join(qn(tag) for tag in ("w:pPr", "w:numPr", "w:numId"))


def _members(document: Document, names: dict[str, str]
             ) -> tuple[list[tuple[str, bytes | None]], str]:
    """Every part of `document` and every part's relationships, in the order python-docx
    saves them, serialized; None for a document's own (those `names` names, and the core and
    extended properties, added to it). Also the core properties' text."""
    core_element = document.core_properties._element
    core = ""
    members: list[tuple[str, bytes | None]] = []
    for part in document.part.package.iter_parts():
        name = part.partname.membername
        if name == stamp.CUSTOM:
            raise ValueError("the document already has custom properties to stamp around")
        if getattr(part, "_element", None) is core_element:
            names["core"], core = name, part.blob.decode("utf-8")
        elif part.content_type == CT.OFC_EXTENDED_PROPERTIES:
            names["app"] = name
        own = name in names.values()
        members.append((name, None if own else part.blob))
        if len(part.rels):
            rels = part.partname.rels_uri.membername
            members.append((rels, None if rels in names.values() else _bytes(part.rels.xml)))
    return members, core


def _shared(document: Document, members: list[tuple[str, bytes | None]]) -> bytes:
    """A .docx of what every document of the shell has the same: the content types and
    the package's relationships (the custom properties part included), the shared parts."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = list(package.iter_parts())
    custom = Part(PackURI(f"/{stamp.CUSTOM}"), stamp.CUSTOM_TYPE, b"", package)
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)
    return _zip([("[Content_Types].xml", _ContentTypesItem.from_parts([*parts, custom]).blob),
                 ("_rels/.rels", _bytes(package.rels.xml)),
                 *((name, blob) for name, blob in members if blob is not None)])


class Filling:
    """One document's own parts of a :class:`Shell`: relationships to its links, restarts of
    its numbered lists, then (:meth:`docx`) the whole file with its body and properties."""

    def __init__(self, shell: Shell):
        self.shell = shell
        self._links: dict[str, str] = dict(shell.external_rels)
        self._rels: list[str] = []
        self._rel_ids = set(shell.rel_ids)
        self._nums: list[tuple[int, int, int]] = []  # numId, abstractNumId, start
        self._num_ids = set(shell.numbering.num_ids if shell.numbering else ())

    def hyperlink(self, url: str) -> str:
        """The relationship id of an external hyperlink to `url` (one per target, as
        python-docx relates them: the first free ``rIdN``)."""
        if url not in self._links:
            r_id = f"rId{_first_free(lambda n: f'rId{n}' in self._rel_ids)}"
            self._rel_ids.add(r_id)
            self._links[url] = r_id
            self._rels.append(
                f'<Relationship Id="{r_id}" Type="{RT.HYPERLINK}" Target="{_attr(url)}" '
                'TargetMode="External"/>')
        return self._links[url]

    def restart_numbering(self, num_id: int, start: int = 1) -> int | None:
        """A new ``numId`` sharing `num_id`'s definition whose first level starts at
        `start`, so each ordered list counts from its own beginning; None when the reference
        defines no such numbering."""
        numbering = self.shell.numbering
        abstract = numbering.abstract_ids.get(num_id) if numbering else None
        if abstract is None:
            return None
        new = _first_free(self._num_ids.__contains__)
        self._num_ids.add(new)
        self._nums.append((new, abstract, start))
        return new

    def docx(self, body: str, properties: dict[str, str], company: str) -> bytes:
        """The .docx file: the shell with `body` (WordprocessingML text), the core
        `properties` (title, subject, author, last_modified_by, keywords), the extended
        properties' `company`, and the content digest (:mod:`briefpack.word.stamp`).
        Text that XML cannot hold raises ``ValueError``."""
        shell, names = self.shell, self.shell.names
        own = {names["document"]: self._document(body),
               names["rels"]: (shell.rels_head + "".join(self._rels)
                               + "</Relationships>").encode("utf-8"),
               names["core"]: _core(shell.core, properties)}
        if shell.numbering is not None:
            own[names["numbering"]] = self._numbering(shell.numbering)
        if "app" in names:
            own[names["app"]] = ooxml.app_xml(_xml_safe(company, "the organisation's name"))
        members = [(name, own[name] if blob is None else blob) for name, blob in shell.members]
        custom = stamp.custom_xml(stamp.digest_of(dict(members)))
        return _zip([*((name, own[name]) for name, blob in shell.members if blob is None),
                     (stamp.CUSTOM, custom.encode("utf-8"))], shell.shared)

    def _document(self, body: str) -> bytes:
        _xml_safe(body, "the document's text")
        if self.shell.document is not None:
            head, tail = self.shell.document
            return (head + body + tail).encode("utf-8")
        root = copy.deepcopy(self.shell.document_root)
        wordml.move_into(root.find(qn("w:body")), body)
        return etree.tostring(root, encoding="UTF-8", standalone=True)

    def _numbering(self, numbering: Numbering) -> bytes:
        nums = self._nums
        if not nums:
            return numbering.blob
        if numbering.text is not None:
            head, tail = numbering.text
            return (head + "".join(_num_xml(*num) for num in nums) + tail).encode("utf-8")
        root = copy.deepcopy(numbering.root)
        for num_id, abstract, start in nums:
            new = root.add_num(abstract)
            new.numId = num_id
            new.add_lvlOverride(ilvl=0).add_startOverride(start)
        return etree.tostring(root, encoding="UTF-8", standalone=True)


# -- the shell's parts as text ------------------------------------------------------------


def _standard(element, *prefixes: str) -> bool:
    return all(element.nsmap.get(prefix) == nsmap[prefix] for prefix in prefixes)


def _document_split(root) -> tuple[str, str] | None:
    """document.xml before the body's section properties and from them on; None when the
    root does not call its namespaces ``w``, ``r`` and ``w14`` (the body is written so)."""
    if root.prefix != "w" or not _standard(root, *wordml.PREFIXES):
        return None
    text = etree.tostring(root, encoding="UTF-8", standalone=True).decode("utf-8")
    start = text.index("<w:body")
    at = text.find("<w:sectPr", start)
    if at < 0:  # no section properties: the body ends the document
        at = text.find("</w:body>", start)
        if at < 0:  # an empty body written <w:body/>
            return None
    return text[:at], text[at:]


def _nums_split(numbering) -> tuple[str, str] | None:
    """numbering.xml before and after the place python-docx adds a ``w:num`` (before any
    ``w:numIdMacAtCleanup``, else at the end); None for a root not using the ``w`` prefix."""
    if numbering.prefix != "w" or not _standard(numbering, "w"):
        return None
    mark = etree.Comment(_NUMS_MARK)
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(mark)
    else:
        numbering.append(mark)
    try:
        text = etree.tostring(numbering, encoding="UTF-8", standalone=True).decode("utf-8")
    finally:
        numbering.remove(mark)
    head, _, tail = text.partition(f"<!--{_NUMS_MARK}-->")
    return head, tail


def _abstract_ids(numbering) -> dict[int, int]:
    ids = {}
    for num in numbering.findall(qn("w:num")):
        abstract = num.find(qn("w:abstractNumId"))
        if abstract is not None and num.get(qn("w:numId")) is not None:
            ids.setdefault(int(num.get(qn("w:numId"))), int(abstract.get(qn("w:val"))))
    return ids


def _num_xml(num_id: int, abstract: int, start: int) -> str:
    return (f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            "</w:num>")


def _first_free(taken: Callable[[int], bool]) -> int:
    """The first of 1, 2, 3, ... not `taken` (python-docx numbers ``w:num`` so, filling
    gaps, and relationships ``rIdN`` likewise)."""
    n = 1
    while taken(n):
        n += 1
    return n


_CORE_SLOTS = re.compile("|".join(re.escape(text) for text in (
    *(_PLACEHOLDER.format(name) for name in _CORE_FIELDS), _TIME_TEXT)))


def _core(template: str, properties: dict[str, str]) -> bytes:
    """core.xml with each placeholder replaced by its property (an empty one written
    ``<dc:subject></dc:subject>``, as python-docx writes it) and both times by now, in one
    pass over the template: a property is never read again for placeholders."""
    values = {_TIME_TEXT: datetime.now(timezone.utc).strftime(_TIME_FORMAT)}
    for name in _CORE_FIELDS:
        values[_PLACEHOLDER.format(name)] = wordml.text(_xml_safe(properties.get(name, ""),
                                                                  f"the document's {name}"))
    return _CORE_SLOTS.sub(lambda match: values[match.group()], template).encode("utf-8")


def _xml_safe(value: str, what: str) -> str:
    """`value`, if XML can hold it; else ``ValueError`` naming `what`."""
    bad = _INVALID_XML.search(value)
    if bad:
        raise ValueError(f"{what} cannot be written as XML: it holds the character "
                         f"U+{ord(bad.group()):04X}")
    return value


def _attr(value: str) -> str:
    """`value` escaped for a double-quoted attribute, as lxml writes it."""
    return (wordml.attr(value).replace("\n", "&#10;").replace("\r", "&#13;")
            .replace("\t", "&#9;"))


def _zip(members: list[tuple[str, bytes]], start: bytes = b"") -> bytes:
    """A .docx (a deflated zip) of `members`, after those of the .docx `start`, whose
    parts are copied as they are: the parts every document of a look shares are compressed
    once, not once per document (a third of the time of writing one out)."""
    out = io.BytesIO(start)
    with zipfile.ZipFile(out, "a" if start else "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members:
            archive.writestr(name, blob)
    return out.getvalue()


def _bytes(xml: str | bytes) -> bytes:
    return xml.encode("utf-8") if isinstance(xml, str) else xml

