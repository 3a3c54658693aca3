"""``briefpack brief MEETING --preview``: the internal pack's Markdown on stdout, nothing written.

On a terminal the Markdown is rendered with rich (headings, tables, lists and emphasis, so a
pack can be read at a glance); piped or redirected, it is printed as plain Markdown. Either
way it starts with the pack's internal marking, as the Word document's every page does.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from briefpack.commands.brief import plan_brief
from briefpack.render.jinja import escape_markdown


def preview_markdown(meeting_path: Path, org_path: Path | None = None) -> str:
    """The internal briefing pack as Markdown, headed by its marking, title and details.

    Validates like ``brief`` (raising the same errors) and writes nothing.
    """
    docs, _ = plan_brief(meeting_path, org_path)
    briefing = docs[0]
    meta = briefing.meta
    head = [f"**{escape_markdown(meta.marking)}**", ""] if meta.marking else []
    head += [f"# {escape_markdown(meta.title)}", ""]
    if meta.subtitle:
        head += [f"*{escape_markdown(meta.subtitle)}*", ""]
    head += [f"- **{escape_markdown(label)}:** {escape_markdown(value)}"
             for label, value in meta.details]
    return "\n".join(head) + "\n\n---\n\n" + briefing.markdown


def _callouts_as_quotes(markdown: str) -> str:
    """``::: warning Title`` ... ``:::`` callouts (which rich does not know) as block quotes."""
    out, inside = [], False
    for line in markdown.split("\n"):
        match = re.fullmatch(r":::+\s*(\w+)?\s*(.*)", line.strip())
        if match and not inside and match.group(1):
            inside = True
            title = match.group(2) or match.group(1).capitalize()
            out.append(f"> **{title}**")
            out.append(">")
        elif match and inside and not match.group(1):
            inside = False
        else:
            out.append(f"> {line}" if inside else line)
    return "\n".join(out)


def show(markdown: str, stream: TextIO | None = None) -> None:
    """Print ``markdown``: rendered with rich on a terminal, as it is otherwise."""
    stream = stream or sys.stdout
    if stream.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console(file=stream).print(Markdown(_callouts_as_quotes(markdown)))
    else:
        stream.write(markdown if markdown.endswith("\n") else markdown + "\n")
        stream.flush()
