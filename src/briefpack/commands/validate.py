"""``briefpack validate``: check organisation and meeting files, writing nothing."""

from __future__ import annotations

from pathlib import Path

from briefpack.data.context import load_meeting_context, load_org_context
from briefpack.data.discover import Peek, is_org_file, yaml_files
from briefpack.errors import Problem, ValidationFailed, display_path
from briefpack.data.load import load_playbook_folder
from briefpack.commands.orgcheck import check_org_folder
from briefpack.data.checks import check_playbook

def validate_paths(paths: list[Path]) -> int:
    """Validate every organisation and meeting named or found; return how many files were checked.

    Raises :class:`ValidationFailed` listing every problem in every file.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    playbooks: list[Path] = []
    for path in paths:
        if path.is_dir() and (path / "vendor.yaml").is_file():
            playbooks.append(path)  # a vendor playbook folder
        elif path.is_dir():
            found = yaml_files(path)
            if not found:
                problems.append(Problem(display_path(path), 0, "", "no YAML files found in this folder"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(display_path(path), 0, "", "file not found"))
    checked = 0
    peek = Peek()
    for folder in playbooks:
        try:
            loaded = load_playbook_folder(folder)
            problems.extend(check_playbook(loaded))
        except ValidationFailed as exc:
            problems.extend(exc.problems)
        checked += len(list(folder.glob("*.yaml")))
    for file in dict.fromkeys(files):
        try:
            if is_org_file(file, peek):
                problems.extend(check_org_folder(load_org_context(file)))
            else:
                load_meeting_context(file)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
        checked += 1
    if problems:
        raise ValidationFailed(problems)
    return checked
