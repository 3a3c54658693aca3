"""Templates: data prints literally, undefined names and sandbox escapes fail with file:line."""

import pytest
from markdown_it import MarkdownIt

from briefpack.errors import TemplateFailed
from briefpack.render.jinja import escape_markdown, render

NASTY = "Q4 | *review* # [x] {{ budget }} {% if %} <b>bold</b> `code` _u_ ~~s~~ & \\ ::: warning"


def _text_of(markdown: str) -> str:
    """The text a reader sees after CommonMark + tables parse ``markdown``."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    out = []
    for token in tokens:
        if token.type == "inline":
            out.append("".join(child.content for child in token.children if child.type == "text"))
    return "\n".join(out)


@pytest.mark.parametrize("value", [NASTY, "- a list?", "1. numbered?", "# heading?", "> quote?",
                                   "::: danger", "line one\nline two", "4.2M USD", "a|b|c"])
def test_escaped_value_renders_as_its_own_text(value):
    text = _text_of(escape_markdown(value))
    assert text == " ".join(value.split("\n"))


def test_escaped_value_in_a_table_cell_keeps_the_table_whole():
    md = f"| A | B |\n|---|---|\n| {escape_markdown(NASTY)} | end |\n"
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 2
    assert _text_of(md).splitlines()[-2:] == [NASTY, "end"]


def _org_templates(tmp_path, body: str):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "probe.md.j2").write_text(body)
    return (folder,)


def test_undefined_name_names_template_and_line(tmp_path):
    path = _org_templates(tmp_path, "# Title\n\nline two\n{{ no_such_name }}\n")
    with pytest.raises(TemplateFailed) as info:
        render("probe.md.j2", {}, path)
    assert "probe.md.j2:4:" in info.value.message
    assert "no_such_name" in info.value.message


def test_sandbox_refuses_python_internals(tmp_path):
    path = _org_templates(tmp_path, "ok\n{{ ''.__class__.__mro__ }}\n")
    with pytest.raises(TemplateFailed) as info:
        render("probe.md.j2", {}, path)
    assert "probe.md.j2:2:" in info.value.message
    assert "sandbox" in info.value.message


def test_syntax_error_names_template_and_line(tmp_path):
    path = _org_templates(tmp_path, "a\nb\n{% if x %}\n")
    with pytest.raises(TemplateFailed) as info:
        render("probe.md.j2", {"x": 1}, path)
    assert "probe.md.j2:3:" in info.value.message or "probe.md.j2:4:" in info.value.message


def test_org_template_can_extend_the_builtin_one(tmp_path):
    path = _org_templates(tmp_path, "x")
    (path[0] / "agenda.md.j2").write_text(
        '{% extends "default:agenda.md.j2" %}{% block closing %}OUR CLOSING {{ super() }}{% endblock %}')
    from briefpack.packs.agenda import AgendaView

    view = AgendaView("Org", "Vendor", "T", "1 Jan", "", 30, "", "QBR", [], [], [], 0, [])
    text = render("agenda.md.j2", {"v": view, "internal": False}, path)
    assert "OUR CLOSING Please let us know" in text
    assert "## Agenda" in text


def test_templates_read_data_but_cannot_call_methods_or_reach_private_state(tmp_path):
    from briefpack.data.load import load_builtin_playbook

    playbook = load_builtin_playbook("microsoft").playbook
    path = _org_templates(tmp_path, "{{ v.role('ae') }}\n")
    with pytest.raises(TemplateFailed):
        render("probe.md.j2", {"v": playbook}, path)
    for private in ("v._data", "v.__class__", "v.__class__.__init__.__globals__",
                    "v.roles[0].__class__", "v.roles[0]._data"):
        (path[0] / "probe.md.j2").write_text(f"{{{{ {private} }}}}\n")
        with pytest.raises(TemplateFailed):
            render("probe.md.j2", {"v": playbook}, path)
    (path[0] / "probe.md.j2").write_text("{{ v.roles[0].title }} | {{ v.vendor.name }}\n")
    assert render("probe.md.j2", {"v": playbook}, path) == "Account Executive (AE) | Microsoft\n"


def test_super_keeps_the_builtin_markdown_unescaped(tmp_path):
    path = _org_templates(tmp_path, "x")
    (path[0] / "agenda.md.j2").write_text(
        '{% extends "default:agenda.md.j2" %}{% block agenda %}{{ super() }}Extra{% endblock %}')
    from briefpack.packs.agenda import AgendaRow, AgendaView

    row = AgendaRow("Item *one*", 5, "us", "Org", start="10:00")
    view = AgendaView("Org", "Vendor", "T", "1 Jan", "", 30, "", "QBR", [], [], [row], 5, [])
    text = render("agenda.md.j2", {"v": view, "internal": False}, path)
    assert "## Agenda\n\n| Time | Minutes | Item | Lead |" in text
    assert "| 10:00 | 5 | Item \\*one\\* | Org |" in text


def test_a_template_that_never_ends_is_stopped(tmp_path, monkeypatch):
    import briefpack.render.jinja as render_module

    monkeypatch.setattr(render_module, "TIME_LIMIT", 0.5)
    path = _org_templates(tmp_path, "x\n{% for i in range(100000) %}{% for j in range(100000) %}"
                                    "{% endfor %}{% endfor %}\n")
    with pytest.raises(TemplateFailed) as info:
        render("probe.md.j2", {}, path)
    assert "probe.md.j2:2:" in info.value.message and "still running" in info.value.message


def test_a_template_that_writes_too_much_is_stopped(tmp_path, monkeypatch):
    import briefpack.render.jinja as render_module

    monkeypatch.setattr(render_module, "MAX_OUTPUT", 100_000)
    path = _org_templates(tmp_path, "{% for i in range(100000) %}{{ 'xxxxxxxxxx' }}{% endfor %}")
    with pytest.raises(TemplateFailed) as info:
        render("probe.md.j2", {}, path)
    assert "output passed" in info.value.message


def test_templates_cannot_read_files_or_import(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the budget")
    path = _org_templates(tmp_path, '{% include "../secret.txt" %}')
    with pytest.raises(TemplateFailed):
        render("probe.md.j2", {}, path)
    (path[0] / "probe.md.j2").write_text(f'{{% include "{secret}" %}}')
    with pytest.raises(TemplateFailed):
        render("probe.md.j2", {}, path)
    (path[0] / "probe.md.j2").write_text("{% import os %}")
    with pytest.raises(TemplateFailed):
        render("probe.md.j2", {}, path)
    (path[0] / "probe.md.j2").write_text("{{ cycler.__init__.__globals__ }}")
    with pytest.raises(TemplateFailed):
        render("probe.md.j2", {}, path)


def test_a_view_does_not_reach_what_the_sandbox_refuses_on_the_object_itself(tmp_path):
    from dataclasses import dataclass

    @dataclass
    class Holder:
        gen: object
        name: str = "kept"

    path = _org_templates(tmp_path, "x")
    holder = Holder(gen=(n for n in range(3)))
    (path[0] / "probe.md.j2").write_text("{{ v.name }}\n")
    assert render("probe.md.j2", {"v": holder}, path) == "kept\n"
    for internal in ("v.gen.gi_frame", "v.gen.gi_code", "v.gen.gi_frame.f_globals"):
        (path[0] / "probe.md.j2").write_text(f"{{{{ {internal} }}}}\n")
        with pytest.raises(TemplateFailed):
            render("probe.md.j2", {"v": holder}, path)
