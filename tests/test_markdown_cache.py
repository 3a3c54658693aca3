"""Inline text is parsed once per process (briefpack.render.markdown._inline): a text parsed
again gives the same tree, the shared tokens are never changed by a later document, and link
references, which change what a text means, bypass the cache."""

from __future__ import annotations

import pytest

from briefpack.render import markdown
from briefpack.render.markdown import parse, tree


def _shape(nodes) -> list:
    return [(n.type, n.content, n.attrs.get("href"), _shape(n.children)) for n in nodes]


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(markdown, "_INLINE", {})


SAMPLE = """\
# Title with **bold**

A paragraph with *emphasis*, `code`, a [link](https://example.com) and \\*escapes\\*.

- [ ] a task
- [x] done

| a | b |
|---|---|
| **x** | y |
"""


def test_a_text_parsed_again_gives_the_same_tree() -> None:
    first = _shape(tree(parse(SAMPLE)))
    assert markdown._INLINE  # the texts were kept
    assert _shape(tree(parse(SAMPLE))) == first
    markdown._INLINE.clear()
    assert _shape(tree(parse(SAMPLE))) == first


def test_escapes_are_joined_into_the_text_once() -> None:
    for _ in range(2):
        [paragraph] = tree(parse("one \\*two\\* three"))
        [text] = paragraph.children[0].children
        assert (text.type, text.content) == ("text", "one *two* three")


def test_a_task_marker_taken_out_of_a_list_item_stays_in_the_shared_text() -> None:
    item_text = tree(parse("- [ ] do it"))[0].children[0].children[0].children[0]
    assert item_text.children[0].content == "do it"
    paragraph = tree(parse("[ ] do it"))[0]
    assert paragraph.children[0].children[0].content == "[ ] do it"
    again = tree(parse("- [ ] do it"))[0].children[0].children[0].children[0]
    assert again.children[0].content == "do it"


@pytest.mark.parametrize("defined_first", [True, False])
def test_link_references_bypass_the_cache(defined_first: bool) -> None:
    defined = "[docs]\n\n[docs]: https://example.com/docs\n"
    undefined = "[docs]\n"

    def kinds(text: str) -> list[str]:
        return [n.type for n in tree(parse(text))[0].children[0].children]

    order = [defined, undefined] if defined_first else [undefined, defined]
    results = {text: kinds(text) for text in order}
    assert "link" in results[defined]
    assert results[undefined] == ["text"]


def test_the_cache_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(markdown, "INLINE_KEPT", 5)
    for index in range(12):
        parse(f"paragraph {index}")
    assert len(markdown._INLINE) == 5
