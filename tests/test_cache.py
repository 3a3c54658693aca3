"""The cache folder keeps compiled built-in templates only: nothing made from a user's files
(facts, templates, reference document) is ever written there."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
MARKER = "ZQX-override-marker-7731"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", str(folder))
    from briefpack.render import jinja

    jinja._bytecode_cache.cache_clear()
    jinja.environment.cache_clear()
    yield folder
    jinja._bytecode_cache.cache_clear()
    jinja.environment.cache_clear()


def _everything_in(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_only_built_in_templates_are_cached(tmp_path, cache):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    (org / "templates").mkdir(exist_ok=True)
    (org / "templates" / "briefing.md.j2").write_text(
        '{% extends "default:briefing.md.j2" %}\n{% block questions %}\n'
        f"{MARKER}\n{{{{ super() }}}}\n{{% endblock %}}\n")
    result = CliRunner().invoke(main, ["brief", str(org / "meetings" / "2026-12-03-q4-qbr.yaml"),
                                       "-o", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert any(cache.rglob("*.cache")), "built-in templates are kept compiled"
    kept = _everything_in(cache)
    assert MARKER.encode() not in kept  # the organisation's own template
    facts = yaml.safe_load((org / "org.yaml").read_text())["facts"]
    for fact in facts:
        assert fact["text"].encode() not in kept, fact["id"]
    assert not [p for p in cache.rglob("*") if p.suffix == ".docx" or "reference" in p.name]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_the_cache_folder_is_private(tmp_path, cache):
    CliRunner().invoke(main, ["brief", str(EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"),
                              "-o", str(tmp_path / "out")], catch_exceptions=False)
    for folder in [p for p in cache.rglob("*") if p.is_dir()]:
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    from briefpack import cache

    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", "")
    assert cache.cache_dir("templates") is None
