"""``briefpack validate``: checks organisations and meetings, lists every problem, writes nothing.

Also the acceptance "a fact in renewal-timeline listed under share is refused when a CSM attends
and allowed when only the AE attends".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpack.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "contoso"

ORG = """\
name: Fabrikam Test Ltd
vendor: microsoft
account_team:
  - {name: Alex Morgan, role: ae}
  - {name: Priya Shah, role: csm}
our_team:
  - {name: Dana Lee, title: Head of Software Asset Management}
facts:
  - {id: user-count, category: organisation-size, text: "6,800 users in 14 countries"}
  - {id: renewal-date, category: renewal-timeline, text: "EA renews 30 June 2027"}
  - {id: fy27-budget, category: budget, text: "FY27 budget envelope is 4.2M USD"}
"""


def meeting(vendor: str = "[Alex Morgan]", share: str = "[renewal-date]",
            meeting_type: str = "qbr", org: str = "../org.yaml") -> str:
    """A meeting file; line 7 is ``share``."""
    return (
        f"org: {org}\n"             # 1
        f"type: {meeting_type}\n"   # 2
        "title: Q4 business review\n"
        "date: 2026-12-03\n"
        "attendees:\n"
        f"  vendor: {vendor}\n"     # 6
        f"share: {share}\n"         # 7
    )


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path below ``folder`` with its content (None for folders)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def validate(*args: str):
    result = CliRunner().invoke(main, ["validate", *args])
    assert isinstance(result.exception, (SystemExit, type(None))), result.exc_info
    assert "Traceback" not in result.output
    assert result.stdout == "", "validate writes nothing, so prints no paths"
    return result


# --------------------------------------------------------------------------- renewal timeline


def test_renewal_timeline_share_refused_when_a_csm_attends(tmp_path, monkeypatch):
    write(tmp_path, {"org.yaml": ORG, "m/meeting.yaml": meeting(vendor="[Alex Morgan, Priya Shah]")})
    monkeypatch.chdir(tmp_path)
    result = validate("m/meeting.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("m/meeting.yaml:7: share[0]: fact 'renewal-date' "
                               "(category 'renewal-timeline')")
    assert "role 'csm'" in lines[0]
    assert lines[1:] == ["1 problem in 1 file; nothing was written."]


def test_renewal_timeline_share_allowed_when_only_the_ae_attends(tmp_path, monkeypatch):
    write(tmp_path, {"org.yaml": ORG, "m/meeting.yaml": meeting(vendor="[Alex Morgan]")})
    monkeypatch.chdir(tmp_path)
    result = validate("m/meeting.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "ok: 1 file valid\n"


def test_renewal_timeline_reaches_the_agenda_only_without_a_csm(tmp_path, monkeypatch):
    """Allowed means it is actually shared: the AE-only agenda carries the fact."""
    from briefpack.commands.brief import plan_brief
    from briefpack.errors import ValidationFailed

    write(tmp_path, {"org.yaml": ORG,
                     "ae.yaml": meeting(vendor="[Alex Morgan]", org="org.yaml"),
                     "csm.yaml": meeting(vendor="[Alex Morgan, Priya Shah]", org="org.yaml")})
    monkeypatch.chdir(tmp_path)
    docs, _ = plan_brief(Path("ae.yaml"))
    agenda = next(d for d in docs if d.kind == "agenda")
    assert agenda.shareable and "EA renews 30 June 2027" in agenda.markdown
    with pytest.raises(ValidationFailed) as info:
        plan_brief(Path("csm.yaml"))
    assert [(p.path, p.line, p.loc) for p in info.value.problems] == [("csm.yaml", 7, "share[0]")]
    assert "role 'csm'" in info.value.problems[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ae.yaml", "csm.yaml", "org.yaml"]


# --------------------------------------------------------------------------- the example


def test_validate_the_example_organisation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot(EXAMPLE)
    result = validate(str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "ok: 7 files valid\n"  # org.yaml, four meetings and two offers
    assert snapshot(EXAMPLE) == before
    assert list(tmp_path.iterdir()) == [], "no output/ folder or anything else created"


# --------------------------------------------------------------------------- a folder of files


MIXED = {
    "acme/org.yaml": ORG,
    "acme/meetings/good-qbr.yaml": meeting(vendor="[Alex Morgan]", share="[user-count]"),
    "acme/meetings/good-renewal.yaml": meeting(vendor="[Alex Morgan]"),
    "acme/meetings/bad-type.yaml": meeting(meeting_type="quarterly", share="[user-count]"),
    "acme/meetings/bad-share.yaml": meeting(vendor="[Alex Morgan, Priya Shah]"),
    "acme/meetings/bad-syntax.yaml": meeting().replace("title: Q4 business review",
                                                       "title: Q4: business review"),
    "acme/meetings/bad-list.yaml": "- just\n- a list\n",
    "acme/meetings/sub/bad-budget.yaml": meeting(share="[user-count, fy27-budget]",
                                                 org="../../org.yaml"),
}

#: file -> (line, start of the message after "file:line: ")
MIXED_PROBLEMS = {
    "acme/meetings/bad-type.yaml": (2, "type: unknown meeting type 'quarterly'"),
    "acme/meetings/bad-share.yaml": (7, "share[0]: fact 'renewal-date' (category 'renewal-timeline')"),
    "acme/meetings/bad-syntax.yaml": (3, "YAML syntax error: mapping values are not allowed here"),
    "acme/meetings/bad-list.yaml": (1, "expected a meeting"),
    "acme/meetings/sub/bad-budget.yaml": (7, "share[1]: fact 'fy27-budget' (category 'budget')"),
}


def _check_mixed(result, prefix: str) -> None:
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(MIXED_PROBLEMS)} problems in {len(MIXED_PROBLEMS)} files; " \
                        "nothing was written."
    reported = lines[:-1]
    assert len(reported) == len(MIXED_PROBLEMS), result.stderr
    for name, (line, message) in MIXED_PROBLEMS.items():
        shown = prefix + name[len("acme/"):]
        assert any(r.startswith(f"{shown}:{line}: {message}") for r in reported), \
            f"{shown}:{line}: {message!r} missing from:\n{result.stderr}"
    assert "good-" not in result.stderr and "org.yaml:" not in result.stderr


def test_validate_a_folder_lists_problems_from_every_bad_file(tmp_path, monkeypatch):
    write(tmp_path, MIXED)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    _check_mixed(validate("acme"), "acme/")
    assert snapshot(tmp_path) == before


def test_validate_without_paths_checks_the_current_folder(tmp_path, monkeypatch):
    write(tmp_path, MIXED)
    monkeypatch.chdir(tmp_path / "acme")
    before = snapshot(tmp_path)
    _check_mixed(validate(), "")
    assert snapshot(tmp_path) == before


def test_validate_several_paths_at_once(tmp_path, monkeypatch):
    write(tmp_path, MIXED)
    monkeypatch.chdir(tmp_path)
    result = validate("acme/meetings/good-qbr.yaml", "acme/meetings/bad-type.yaml",
                      "acme/meetings/bad-list.yaml", "acme/org.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3, result.stderr
    assert lines[0].startswith("acme/meetings/bad-list.yaml:1: expected a meeting")
    assert lines[1].startswith("acme/meetings/bad-type.yaml:2: type: unknown meeting type 'quarterly'")
    assert lines[2] == "2 problems in 2 files; nothing was written."


def test_a_bad_org_is_reported_once_for_all_its_meetings(tmp_path, monkeypatch):
    write(tmp_path, {
        "acme/org.yaml": ORG.replace("vendor: microsoft", "vendor: microsoft\npaper: a5"),
        "acme/meetings/one.yaml": meeting(),
        "acme/meetings/two.yaml": meeting(share="[user-count]"),
    })
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = validate("acme")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "acme/org.yaml:3: paper: input should be 'a4' or 'letter' (got 'a5')",
        "1 problem in 1 file; nothing was written.",
    ]
    assert snapshot(tmp_path) == before


def test_validate_a_path_that_does_not_exist(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = validate("nowhere.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["nowhere.yaml: file not found",
                                          "1 problem in 1 file; nothing was written."]
    assert list(tmp_path.iterdir()) == []


def test_validate_a_folder_without_yaml(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = validate("empty")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "empty: no YAML files found in this folder"
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]


def test_yaml_merge_keys_may_be_overridden(tmp_path, monkeypatch):
    text = meeting(share="[user-count]") + (
        "agenda:\n"
        "  - &item {title: Licence position, minutes: 10, owner: us}\n"
        "  - <<: *item\n"
        "    title: Support cases\n"
    )
    write(tmp_path, {"org.yaml": ORG, "m/meeting.yaml": text})
    monkeypatch.chdir(tmp_path)
    result = validate("m/meeting.yaml")
    assert result.exit_code == 0, result.stderr
