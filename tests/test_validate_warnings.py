"""`validate` tells warnings from errors (issue 20, item 2): a style the reference lacks or a
template no document uses is a warning (exit 0; `--strict` exit 1); styles are found under
Word's and LibreOffice's names alike, so a reference.docx re-saved by LibreOffice validates
clean and still gives the packs a working contents page."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from briefpack.cli import main
from briefpack.resources import templates_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = "meetings/2026-12-03-q4-qbr.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def org(tmp_path) -> Path:
    folder = tmp_path / "org"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


def test_a_style_the_reference_lacks_is_a_warning_and_strict_makes_it_fail(org):
    docx.Document().save(str(org / "reference.docx"))  # python-docx's plain document
    result = run("validate", org)
    assert result.exit_code == 0, result.output
    [warning] = _warnings(result)
    assert warning.startswith(f"{org / 'reference.docx'}: warning: lacks ")
    assert "Task Item" in warning and "Marking" in warning
    assert "ok: " in result.stderr and "1 warning" in result.stderr
    strict = run("validate", org, "--strict")
    assert strict.exit_code == 1
    assert _warnings(strict) == [warning]
    assert "1 warning, which --strict makes errors" in strict.stderr
    # the documents still build with it
    assert run("brief", org / QBR, "-o", org.parent / "out").exit_code == 0


def test_an_override_no_document_uses_is_a_warning_naming_the_template_meant(org):
    (org / "templates").mkdir()
    (org / "templates" / "agnda.md.j2").write_text("# {{ v.title }}\n", encoding="utf-8")
    # used: a built-in's name, a partial's, and a file another override imports
    (org / "templates" / "agenda.md.j2").write_text(
        '{% import "macros.j2" as m %}{{ m.title(v) }}\n', encoding="utf-8")
    (org / "templates" / "macros.j2").write_text(
        "{% macro title(v) %}# {{ v.title }}{% endmacro %}\n", encoding="utf-8")
    (org / "templates" / "partials").mkdir()
    shutil.copy(templates_dir() / "partials" / "attendees.md.j2",
                org / "templates" / "partials" / "attendees.md.j2")
    result = run("validate", org)
    assert result.exit_code == 0, result.output
    assert _warnings(result) == [
        f"{org / 'templates' / 'agnda.md.j2'}: warning: no document uses this template: it has "
        "the name of no built-in template and no other template includes it; did you mean "
        "agenda.md.j2?"]
    assert run("validate", org, "--strict").exit_code == 1


def test_errors_stay_errors_and_the_warnings_are_listed_with_them(org):
    (org / "templates").mkdir()
    (org / "templates" / "agnda.md.j2").write_text("# {{ v.title }}\n", encoding="utf-8")
    (org / "templates" / "agenda.md.j2").write_text("# {{ v.title }\n", encoding="utf-8")
    result = run("validate", org)
    assert result.exit_code == 1
    assert len(_warnings(result)) == 1
    assert "agenda.md.j2:1: template syntax error" in result.stderr
    assert "1 problem in 1 file and 1 warning; nothing was written." in result.stderr


def _renamed(styles: dict[str, tuple[str, str]], source: Path, target: Path) -> None:
    """``source`` saved as ``target`` with styles renamed as LibreOffice names them:
    old name -> (new name, new id), references to the old id following."""
    document = docx.Document(str(source))
    element = document.styles.element
    for old, (name, style_id) in styles.items():
        style = next(s for s in element.findall(qn("w:style"))
                     if s.find(qn("w:name")).get(qn("w:val")) == old)
        old_id = style.get(qn("w:styleId"))
        style.set(qn("w:styleId"), style_id)
        style.find(qn("w:name")).set(qn("w:val"), name)
        for ref in element.iter(qn("w:basedOn"), qn("w:next"), qn("w:link")):
            if ref.get(qn("w:val")) == old_id:
                ref.set(qn("w:val"), style_id)
    document.save(str(target))


LIBREOFFICE_NAMES = {"toc 1": ("TOC 1", "Contents1"), "toc 2": ("Contents 2", "Contents2"),
                     "TOC Heading": ("Contents Heading", "ContentsHeading"),
                     "Hyperlink": ("Internet Link", "InternetLink")}


def _toc_styles(path: Path) -> tuple[list[str], str]:
    """The style ids of the contents list's paragraphs, and styles.xml."""
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        styles = archive.read("word/styles.xml").decode("utf-8")
    field = body[body.index("TOC \\o"):body.index('w:fldCharType="end"')]
    return re.findall(r'<w:pStyle w:val="([^"]+)"/>', field), styles


def test_styles_under_libreoffice_s_names_are_found_and_written_with(org, tmp_path):
    _renamed(LIBREOFFICE_NAMES, templates_dir() / "reference.docx", org / "reference.docx")
    result = run("validate", org)
    assert result.exit_code == 0 and _warnings(result) == [], result.output
    brief = run("brief", org / QBR, "-o", tmp_path / "out")
    assert brief.exit_code == 0, brief.output
    briefing = next(Path(p) for p in brief.stdout.split() if p.endswith("-briefing.docx"))
    used, styles = _toc_styles(briefing)
    assert used and set(used) == {"Contents1"}  # the reference's own contents style
    assert 'w:val="toc 1"' not in styles and 'w:val="TOC 1"' in styles  # none added beside it


@pytest.mark.slow
def test_a_reference_re_saved_by_libreoffice_validates_and_keeps_a_working_contents_page(
        org, tmp_path):
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice and pdftotext are needed; .ci/run installs them")
    source = tmp_path / "in" / "reference.docx"
    source.parent.mkdir()
    shutil.copy(templates_dir() / "reference.docx", source)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "docx", "--outdir", str(tmp_path / "saved"),
                    str(source)], check=True, capture_output=True, timeout=300)
    saved = tmp_path / "saved" / "reference.docx"
    names = {s.name for s in docx.Document(str(saved)).styles}
    assert "toc 1" not in names  # LibreOffice renamed it (TOC 1 or Contents 1)
    shutil.copy(saved, org / "reference.docx")
    result = run("validate", org)
    assert result.exit_code == 0, result.output
    assert not [w for w in _warnings(result) if re.search("toc|contents", w, re.I)]
    assert _warnings(result) == []
    brief = run("brief", org / QBR, "-o", tmp_path / "out", "--format", "pdf")
    assert brief.exit_code == 0, brief.output
    briefing = next(Path(p) for p in brief.stdout.split() if p.endswith("-briefing.pdf"))
    text = subprocess.run([pdftotext, "-layout", str(briefing), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    contents = next(page for page in pages if re.search(r"^\s*Contents\s*$", page, re.M))
    listed = re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", contents, re.M)
    assert len(listed) >= 10, contents
    for heading, page in listed:  # each entry's page holds its heading
        assert heading in [line.strip() for line in pages[int(page) - 1].splitlines()], heading
