"""`brief --preview`: the internal pack's Markdown on stdout, and no file written."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from click.testing import CliRunner

from briefpack.cli import main
from briefpack.commands.brief import plan_brief, preview_markdown, show

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
MARKING = yaml.safe_load((EXAMPLE / "org.yaml").read_text())["marking"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_preview_prints_the_internal_packs_markdown_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("brief", QBR, "--preview")
    assert result.exit_code == 0, result.stderr
    briefing = plan_brief(QBR)[0][0]
    assert briefing.markdown in result.stdout  # plain Markdown when stdout is not a terminal
    assert result.stdout.startswith(f"**{MARKING}**")
    assert "# Q4 business review" in result.stdout
    assert "FY27 Microsoft budget envelope is 4.2M USD" in result.stdout  # it is the internal pack
    assert list(tmp_path.iterdir()) == []
    assert not (tmp_path / "output").exists()


def test_preview_with_an_output_folder_still_writes_nothing(tmp_path):
    result = run("brief", QBR, "--preview", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert not (tmp_path / "out").exists()


def test_preview_reports_invalid_input_as_usual(tmp_path):
    meeting = tmp_path / "bad.yaml"
    meeting.write_text(f"org: {EXAMPLE / 'org.yaml'}\ntype: qbr\ntitle: x\ndate: 2027-01-01\n"
                       "share: [fy27-budget]\n")
    result = run("brief", meeting, "--preview")
    assert result.exit_code == 1
    assert "bad.yaml:5: share[0]: fact 'fy27-budget'" in result.stderr
    assert "nothing was written" in result.stderr
    assert result.stdout == ""


def test_preview_with_format_is_misuse(tmp_path):
    result = run("brief", QBR, "--preview", "--format", "pdf", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "--preview writes no files" in result.stderr
    assert not (tmp_path / "out").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_markdown_is_rendered_with_rich(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    markdown = preview_markdown(QBR)
    terminal = _Terminal()
    show(markdown, terminal)
    shown = terminal.getvalue()
    assert "\x1b[" in shown  # styled
    assert "# At a glance" not in shown and "At a glance" in shown  # headings rendered
    assert ":::" not in shown  # callouts shown as quotes
    assert "The three most important things to protect" in shown
    assert MARKING in shown
    plain = io.StringIO()
    show(markdown, plain)
    assert plain.getvalue() == markdown + ("" if markdown.endswith("\n") else "\n")
