"""Markdown (CommonMark + tables, task lists, callout containers) to markdown-it tokens.

The parser is markdown-it-py in ``commonmark`` mode with the ``table`` rule enabled,
the ``tasklists`` plugin and ``container`` plugins for callouts. Two core rules tidy
the stream for the Word writer:

* a task-list item's ``list_item_open`` gets ``meta["task"] = True`` and
  ``meta["checked"]``; the HTML ``<input>`` checkbox the plugin inserts is removed;
* an HTML block that is exactly ``<!-- pagebreak -->`` becomes a ``page_break`` token.

Any other raw HTML stays an ``html_block`` / ``html_inline`` token (the writer prints it
literally). Linkify and typographer are off.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

CALLOUT_KINDS: tuple[str, ...] = ("warning", "note", "tip", "danger")
"""Container names rendered as callout boxes (``::: warning Optional title``)."""

SOURCE_CONTAINER = "source"
"""Container whose paragraphs are source notes (``::: source``), style ``Source``."""

PAGE_BREAK_MARKER = "<!-- pagebreak -->"

_CHECKBOX_PREFIX = '<input class="task-list-item-checkbox"'


def _tidy_tasks(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "list_item_open" or "task-list-item" not in str(
            token.attrs.get("class", "")
        ):
            continue
        inline = tokens[i + 2]
        children = inline.children or []
        if children and children[0].type == "html_inline" and children[0].content.startswith(
            _CHECKBOX_PREFIX
        ):
            checked = 'checked="checked"' in children[0].content
            del children[0]
            token.meta["task"] = True
            token.meta["checked"] = checked
            if children and children[0].type == "text":
                children[0].content = children[0].content.lstrip()


def _page_breaks(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "html_block" and token.content.strip() == PAGE_BREAK_MARKER:
            token.type = "page_break"


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The configured (and cached) markdown-it parser."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(tasklists_plugin)
    for name in (*CALLOUT_KINDS, SOURCE_CONTAINER):
        md.use(container_plugin, name=name)
    md.core.ruler.after("github-tasklists", "briefpack-tasks", _tidy_tasks)
    md.core.ruler.push("briefpack-pagebreaks", _page_breaks)
    return md


def parse(text: str) -> list[Token]:
    """Parse Markdown `text` into a flat list of markdown-it tokens (see module docstring)."""
    return parser().parse(text)
