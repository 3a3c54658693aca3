"""Change a user's YAML file in place, keeping what they wrote.

``register import`` and ``followup --apply`` write into ``org.yaml``, which people edit by hand
and comment. ruamel.yaml's round trip keeps comments, key order, quoting and layout; its
indentation is guessed from the file, so a file read and written with no change comes back
byte for byte. A change is checked as briefpack would read the file (the same loader and
models, with ``file:line`` errors) before anything is written, and the file is replaced whole
(written beside it, then renamed), only if nobody changed it since it was read.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent

from briefpack.errors import BriefpackError, Problem, ValidationFailed, display_path

# ``key:   # comment`` with its value on the next lines: ruamel.yaml's guess takes such a key
# for a value (its line does not end with ':') and then misreads the indentation of the list
# under it, as in the org.yaml that `briefpack init` writes
_KEY_WITH_COMMENT = re.compile(r"^( *[^\s#:-][^:#]*:)[ \t]+#.*$", re.MULTILINE)


def _yaml(text: str) -> YAML:
    """A round-trip YAML with the file's own indentation."""
    _, indent, block_seq_indent = load_yaml_guess_indent(_KEY_WITH_COMMENT.sub(r"\1", text))
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the user wrote
    yaml.indent(mapping=2, sequence=indent or 2, offset=block_seq_indent or 0)
    return yaml


def plain(value: Any) -> Any:
    """``value`` with ruamel's commented containers turned into dicts and lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _read(path: Path) -> str:
    """The file's text exactly as stored: line ends are not translated."""
    return path.read_bytes().decode("utf-8")


class YamlEdit:
    """One YAML file opened for editing: change ``data`` (or use the helpers), then ``save``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.original = _read(self.path)
        # a file saved on Windows keeps its CRLF line ends; ruamel works on LF
        self.newline = "\r\n" if "\r\n" in self.original else "\n"
        lf = self.original.replace("\r\n", "\n")
        self._yaml = _yaml(lf)
        self.data = self._yaml.load(lf)
        if not isinstance(self.data, CommentedMap):
            raise BriefpackError(f"{display_path(self.path)}: expected a mapping at the top of "
                                 "the file")

    # ------------------------------------------------------------------ reading and changing

    def items(self, section: str) -> CommentedSeq:
        """The list under ``section``, created (at the end of the file) if missing."""
        if self.data.get(section) is None:
            self.data[section] = CommentedSeq()
        return self.data[section]

    def find(self, section: str, key: str, value: Any) -> CommentedMap | None:
        """The entry of ``section`` whose ``key`` is ``value``."""
        return next((item for item in self.data.get(section) or []
                     if isinstance(item, dict) and item.get(key) == value), None)

    def append(self, section: str, entry: dict) -> None:
        """Add ``entry`` at the end of ``section``, its keys in the order given."""
        self.items(section).append(CommentedMap(entry))

    def text(self) -> str:
        """The file as it would be written now."""
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue().replace("\n", self.newline)

    @property
    def changed(self) -> bool:
        return self.text() != self.original

    # ------------------------------------------------------------------ writing

    def check(self, load: Callable[[Path, str], list[Problem]]) -> None:
        """Raise :class:`ValidationFailed` with ``load(path, new_text)``'s problems, if any:
        the new text is read as briefpack reads the file, so its errors name file and line."""
        problems = load(self.path, self.text())
        if problems:
            raise ValidationFailed(problems)

    def save(self) -> bool:
        """Write the file if it changed; False if there was nothing to write. Refuses if the
        file changed on disk since it was read (someone saved it meanwhile)."""
        new = self.text()
        if new == self.original:
            return False
        with FileLock(str(self.path) + ".lock", timeout=30):
            if _read(self.path) != self.original:
                raise BriefpackError(f"{display_path(self.path)} changed while briefpack was "
                                     "working on it; nothing was written: run the command again")
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                    handle.write(new)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        Path(str(self.path) + ".lock").unlink(missing_ok=True)
        return True
