"""Markdown (CommonMark + tables, task lists, callout containers) to markdown-it tokens.

The parser is markdown-it-py in ``commonmark`` mode with the ``table`` rule enabled and
mdit-py-plugins' ``container`` plugin for callouts. Three core rules shape the stream for the
Word writer:

* a list item whose text starts ``[ ]`` or ``[x]`` (a GitHub task list) gets
  ``meta["task"] = True`` and ``meta["checked"]`` on its ``list_item_open``, and loses the
  marker (the writer draws a checkbox);
* containers are named by their first word (``container_warning_open``);
* an HTML block that is exactly ``<!-- pagebreak -->`` becomes a ``page_break`` token.

Any other raw HTML stays an ``html_block`` / ``html_inline`` token (the writer prints it
literally). Linkify and typographer are off.

Each inline text (a paragraph's, a heading's, a cell's) is parsed once per process and its
tokens shared (:func:`_inline`); they are read, never changed, after parsing. The Word writer
reads a document's tree through :func:`document`, which parses each section (heading to
heading) once per process too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore, text_join
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

CALLOUT_KINDS: tuple[str, ...] = ("warning", "note", "tip", "danger")
"""Container names rendered as callout boxes (``::: warning Optional title``)."""

SOURCE_CONTAINER = "source"
"""Container whose paragraphs are source notes (``::: source``), style ``Source``."""

PAGE_BREAK_MARKER = "<!-- pagebreak -->"

_TASK_MARKER = re.compile(r"\[[ xX]\][ \t\n\v\f\r]")


def _tasks(state: StateCore) -> None:
    """Mark task-list items (as GitHub does: the item's first paragraph starts ``[ ]``, ``[x]``
    or ``[X]`` and a space) and take the marker out of their text."""
    tokens = state.tokens
    for i in range(2, len(tokens) - 1):
        inline = tokens[i]
        if (inline.type == "inline" and tokens[i - 1].type == "paragraph_open"
                and tokens[i - 2].type == "list_item_open"
                and _TASK_MARKER.match(inline.content)):
            tokens[i - 2].meta["task"] = True
            tokens[i - 2].meta["checked"] = inline.content[1] in "xX"
            children = inline.children or []
            if children and children[0].type == "text":  # a copy: children may be shared
                first = children[0].copy(content=children[0].content[3:].lstrip())
                inline.children = [first, *children[1:]]


_INLINE: dict[str, list[Token]] = {}
INLINE_KEPT = 20_000  # inline texts kept parsed


def _inline(state: StateCore) -> None:
    """markdown-it's ``inline`` and ``text_join`` core rules, each inline text parsed once per
    process: in a batch most of a pack's text, the playbook's, is the same from meeting to
    meeting (92% of it in the benchmark's), and parsing it was a quarter of the time.

    A text's tokens are shared by every document that has it: nothing changes them after this
    rule (:func:`_tasks` replaces the first instead). A document that defines link references
    is parsed without the cache, since they change what ``[text]`` means.
    """
    cache = None if state.env.get("references") else _INLINE
    fresh = []
    for token in state.tokens:
        if token.type != "inline":
            continue
        if cache is not None and token.content in cache:
            token.children = cache[token.content]
        else:
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)
            fresh.append(token)
    if not fresh:
        return
    text_join(StateCore("", state.md, {}, fresh))  # only the tokens parsed here
    if cache is not None:
        for token in fresh:
            if len(cache) >= INLINE_KEPT:
                del cache[next(iter(cache))]  # the oldest
            cache[token.content] = token.children


_CONTAINERS = frozenset((*CALLOUT_KINDS, SOURCE_CONTAINER))


def _is_container(params: str, markup: str) -> bool:
    return params.strip().split(" ", 1)[0] in _CONTAINERS


def _name_containers(state: StateCore) -> None:
    """``container_box_*`` tokens become ``container_<name>_*`` (``container_warning_open``):
    one block rule recognises every container, instead of one rule per name, each tried on
    every line."""
    names: list[str] = []
    for token in state.tokens:
        if token.type == "container_box_open":
            names.append(token.info.strip().split(" ", 1)[0])
            token.type = f"container_{names[-1]}_open"
        elif token.type == "container_box_close":
            token.type = f"container_{names.pop()}_close"


def _page_breaks(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "html_block" and token.content.strip() == PAGE_BREAK_MARKER:
            token.type = "page_break"


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The configured (and cached) markdown-it parser."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(container_plugin, name="box", validate=_is_container)
    md.core.ruler.at("inline", _inline)
    md.core.ruler.disable("text_join")  # done by _inline
    md.core.ruler.push("briefpack-containers", _name_containers)
    md.core.ruler.after("inline", "briefpack-tasks", _tasks)
    md.core.ruler.push("briefpack-pagebreaks", _page_breaks)
    return md


class Node:
    """A block or inline element of the parsed Markdown, as markdown-it's ``SyntaxTreeNode``
    shows it (``type`` without ``_open``; ``tag``, ``attrs``, ``info``, ``meta`` and
    ``content`` from its opening token) without the cost of its many properties."""

    __slots__ = ("attrs", "children", "content", "info", "meta", "tag", "type")

    def __init__(self, kind: str, token: Token, children: list[Node]):
        self.type, self.children = kind, children
        self.tag, self.attrs, self.info = token.tag, token.attrs, token.info
        self.meta, self.content = token.meta, token.content


def tree(tokens: list[Token]) -> list[Node]:
    """The nested elements of a flat token list (an inline token's children included)."""
    top: list[Node] = []
    stack = [top]
    for token in tokens:
        if token.nesting == 1:
            node = Node(token.type[:-5], token, [])  # "paragraph_open" -> "paragraph"
            stack[-1].append(node)
            stack.append(node.children)
        elif token.nesting == -1:
            stack.pop()
        else:
            stack[-1].append(Node(token.type, token, tree(token.children or [])))
    return top


def parse(text: str) -> list[Token]:
    """Parse Markdown `text` into a flat list of markdown-it tokens (see module docstring)."""
    return parser().parse(text)


SECTIONS_KEPT = 500  # sections kept parsed, the least recently used dropped first
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_CONTAINER_LINE = re.compile(r" {0,3}(:{3,})[ \t]*([^ \t]?)")  # markers, then: anything?
_NOT_CUT = re.compile(r"^[ \t]*(?:```|~~~)|^ {0,3}<(?!!-- pagebreak -->[ \t]*$)|\r|\]:",
                      re.MULTILINE)


def document(text: str) -> list[Node]:
    """``tree(parse(text))``, each section of `text` parsed once per process (as inline texts
    are): in a batch, three quarters of a pack's Markdown is sections the playbook wrote,
    the same from meeting to meeting, and parsing was a fifth of the time of writing a
    document.

    A section runs from a heading at the start of a line after a blank one, outside any
    container, to the next: nothing but a container or raw HTML can carry a block across
    such a line, so each parses alone as it does in the document. Markdown with raw HTML
    (but the page-break marker), a code fence or what may be a link reference definition
    (``]:`` anywhere) is parsed whole. The nodes are shared by every document with the
    section: read, never changed. Kept: the :data:`SECTIONS_KEPT` sections used last (in
    the benchmark's 200 meetings, 400 hold every section that recurs; each costs about 24 KB).
    """
    sections = _sections(text)
    if sections is None:
        return tree(parse(text))
    return [node for section in sections for node in _section(section)]


@lru_cache(maxsize=SECTIONS_KEPT)
def _section(text: str) -> list[Node]:
    """The tree of one section (see :func:`document`), kept."""
    return tree(parse(text))


def _sections(text: str) -> list[str] | None:
    """`text` cut before each heading that follows a blank line outside a container; None
    when it holds what could run on across such a heading (see :func:`document`)."""
    if _NOT_CUT.search(text):
        return None
    lines = text.split("\n")
    sections: list[str] = []
    start, blank, open_fences = 0, True, []
    for index, line in enumerate(lines):
        if blank and not open_fences and index > start and _HEADING.match(line):
            sections.append("\n".join(lines[start:index]) + "\n")
            start = index
        blank = not line.strip(" \t")
        fence = _CONTAINER_LINE.match(line)
        if fence is None:
            continue
        if fence.group(2):  # an opening (or text that is none: kept open, never cut); only
            # spaces and tabs may follow a closing marker, as the container plugin reads it
            open_fences.append(len(fence.group(1)))
        elif open_fences and len(fence.group(1)) >= open_fences[-1]:
            open_fences.pop()
    sections.append("\n".join(lines[start:]))
    return sections
