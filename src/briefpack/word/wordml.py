"""WordprocessingML written as text: paragraphs, runs and tables of a document's body.

The body of a briefing is hundreds of paragraphs, runs and cells. Built one python-docx object
at a time it cost about 25 ms a meeting, more than anything else in a batch; written as text
and spliced into the document part's text (:mod:`briefpack.word.package`) it costs a fraction
of that. Every element is written in the schema's order and in the form lxml writes it, as
python-docx would have written it.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import XMLSyntaxError

_BODY_OPEN = f"<w:body {nsdecls('w', 'r', 'w14')}>"
_W_SECTPR = qn("w:sectPr")
PREFIXES = ("w", "r", "w14")  # the prefixes the text is written with


def text(value: str) -> str:
    """`value` escaped for an element's text."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """`value` escaped for a double-quoted attribute."""
    return text(value).replace('"', "&quot;")


def t(value: str) -> str:
    """A ``w:t`` holding `value`; spaces at either end are kept (``xml:space``)."""
    space = ' xml:space="preserve"' if len(value.strip()) < len(value) else ""
    return f"<w:t{space}>{text(value)}</w:t>"


def run_content(value: str) -> str:
    """A run's content for `value`: text, with each tab a ``w:tab`` and each line end a
    ``w:br`` (as python-docx's ``Run.text`` writes them)."""
    if "\t" not in value and "\n" not in value and "\r" not in value:
        return t(value) if value else ""
    out, chunk = [], []
    for char in value:
        if char in "\t\r\n":
            if chunk:
                out.append(t("".join(chunk)))
                chunk.clear()
            out.append("<w:tab/>" if char == "\t" else "<w:br/>")
        else:
            chunk.append(char)
    if chunk:
        out.append(t("".join(chunk)))
    return "".join(out)


def run(value: str, style_id: str | None = None, bold: bool = False,
        italic: bool = False, tail: str = "") -> str:
    """A ``w:r`` of `value` in character style `style_id`, bold and italic as asked;
    `tail` is more content after the text (a ``<w:br/>``)."""
    props = ""
    if style_id or bold or italic:
        props = ("<w:rPr>" + (f'<w:rStyle w:val="{attr(style_id)}"/>' if style_id else "")
                 + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + "</w:rPr>")
    return f"<w:r>{props}{run_content(value)}{tail}</w:r>"


def field_begin(instruction: str, dirty: bool = False) -> str:
    """The start of a complex field (begin, instruction, separate): the runs that follow
    are its cached result until :data:`FIELD_END`. `dirty` asks Word to recalculate the field
    when the document opens."""
    flag = ' w:dirty="true"' if dirty else ""
    return (f'<w:r><w:fldChar w:fldCharType="begin"{flag}/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {text(instruction.strip())} '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')


FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


class Para:
    """A paragraph being written: its properties (kept until it is turned into text, so
    that any may still be set) and its content."""

    __slots__ = ("align", "content", "empty_props", "indent", "keep_next", "num_id",
                 "page_break", "space_before", "style_id")

    def __init__(self, style_id: str | None):
        self.style_id = style_id
        self.keep_next = self.page_break = self.empty_props = False
        self.num_id: int | None = None
        self.space_before = self.indent = 0  # twips
        self.align = ""
        self.content: list[str] = []

    def xml(self) -> str:
        props = []
        if self.style_id:
            props.append(f'<w:pStyle w:val="{attr(self.style_id)}"/>')
        if self.keep_next:
            props.append("<w:keepNext/>")
        if self.page_break:
            props.append("<w:pageBreakBefore/>")
        if self.num_id is not None:
            props.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{self.num_id}"/>'
                         "</w:numPr>")
        if self.space_before:
            props.append(f'<w:spacing w:before="{self.space_before}"/>')
        if self.indent:
            props.append(f'<w:ind w:left="{self.indent}"/>')
        if self.align:
            props.append(f'<w:jc w:val="{self.align}"/>')
        head = (f"<w:pPr>{''.join(props)}</w:pPr>" if props
                else "<w:pPr/>" if self.empty_props else "")
        return f"<w:p>{head}{''.join(self.content)}</w:p>"


def join(items: list) -> str:
    """Body items (text, or objects with an ``xml()`` method written later) as one text."""
    return "".join(item if isinstance(item, str) else item.xml() for item in items)


def move_into(body, xml: str) -> None:
    """Parse the body elements written in `xml` and put them at the end of the element
    `body`, before its section properties: for a document that calls its namespaces by
    other prefixes than :data:`PREFIXES`, into which the text cannot be spliced as it is."""
    end = body.find(_W_SECTPR)
    for child in list(_parse(f"{_BODY_OPEN}{xml}</w:body>")):
        if end is None:
            body.append(child)
        else:
            end.addprevious(child)


def append_runs(p, xml: str) -> None:
    """Append the runs (and fields) written in `xml` to the paragraph element `p`, one made
    by python-docx (a header's or footer's)."""
    for child in list(_parse(f"<w:p {nsdecls(*PREFIXES)}>{xml}</w:p>")):
        p.append(child)


def _parse(xml: str):
    try:
        return parse_xml(xml)
    except XMLSyntaxError as exc:
        raise ValueError(f"the document's text cannot be written as XML: {exc}") from None
