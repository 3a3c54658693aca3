"""Know a file briefpack wrote, and whether someone has changed it since.

A .docx carries a digest of the whole document in a custom document property, so the mark
travels with the file: every part (body, headers, document properties, custom XML, images)
and its relationships, all but the digest property itself and the package's two indexes of
its parts, which follow from the parts; other outputs (.md, .pdf, .ics) are recorded in a
manifest, ``.briefpack-manifest.json``, in their folder. Regenerating over a file that was
changed since, or that briefpack did not write, is refused unless ``--force``.

Each file also says which organisation it was written for (:func:`owner_of`): a .docx by its
``Company`` property (``docProps/app.xml``, which the digest covers, so it cannot change
without the file counting as edited), other files by their manifest record. Two organisations
whose names make the same folder name must not replace each other's packs.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import zipfile
from enum import Enum
from pathlib import Path

from briefpack.errors import BriefpackError, display_path

PROPERTY = "briefpack-digest"
MANIFEST = ".briefpack-manifest.json"
CUSTOM = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


class State(Enum):
    """What briefpack knows about an existing output file."""

    UNCHANGED = "unchanged"  # written by briefpack and not changed since: safe to replace
    EDITED = "edited"  # written by briefpack, changed since
    FOREIGN = "foreign"  # not written by briefpack (or unreadable)


def digest_of(entries: dict[str, bytes]) -> str:
    """SHA-256 over `entries` (part name -> bytes) in name order: the digest a .docx
    records of the parts it covers (see :func:`content_digest`)."""
    digest = hashlib.sha256()
    for name in sorted(entries):
        digest.update(name.encode() + b"\0" + entries[name] + b"\0")
    return digest.hexdigest()


_INDEXES = ("[Content_Types].xml", "_rels/.rels")
_OUR_PROPERTY = re.compile(
    rf'<property\b[^>]*\bname="{PROPERTY}"[^>]*>.*?</property>'.encode(), re.DOTALL)


def _hashed_parts(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """The parts the digest covers: all but the indexes, and custom.xml without our property
    (not at all when it holds nothing else)."""
    parts = {name: archive.read(name) for name in archive.namelist() if name not in _INDEXES}
    if CUSTOM in parts:
        custom = _OUR_PROPERTY.sub(b"", parts.pop(CUSTOM))
        if b"<property" in custom:
            parts[CUSTOM] = custom
    return parts


def content_digest(docx: bytes) -> str:
    """SHA-256 over every part of the document that its digest covers, in name order."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return digest_of(_hashed_parts(archive))


def _word_digest(docx: bytes) -> str:
    """The digest briefpack recorded before it covered the whole document: the ``word/``
    parts only. A file that carries it and whose ``word/`` parts are unchanged is still taken
    as unchanged."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return digest_of({name: archive.read(name) for name in archive.namelist()
                        if name.startswith("word/")})


def custom_xml(value: str) -> str:
    """docProps/custom.xml holding only the digest property, set to `value`."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{_FMTID}" pid="2" name="{PROPERTY}"><vt:lpwstr>{value}</vt:lpwstr>'
        "</property></Properties>")


def stamp_docx(docx: bytes) -> bytes:
    """``docx`` with its content digest recorded in the custom property ``briefpack-digest``."""
    custom = custom_xml(content_digest(docx))
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == CUSTOM:
                continue
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml" and CUSTOM_TYPE.encode() not in data:
                data = data.replace(b"</Types>", (
                    f'<Override PartName="/{CUSTOM}" ContentType="{CUSTOM_TYPE}"/></Types>'
                ).encode())
            elif info.filename == "_rels/.rels" and _CUSTOM_REL.encode() not in data:
                data = data.replace(b"</Relationships>", (
                    f'<Relationship Id="rIdBriefpackCustom" Type="{_CUSTOM_REL}" '
                    f'Target="{CUSTOM}"/></Relationships>').encode())
            target.writestr(info, data)
        target.writestr(CUSTOM, custom)
    return out.getvalue()


def recorded_digest(docx: bytes) -> str | None:
    """The digest a .docx records, if briefpack wrote it."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            custom = archive.read(CUSTOM).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    match = re.search(rf'name="{PROPERTY}"[^>]*>\s*<vt:lpwstr>([0-9a-f]{{64}})</vt:lpwstr>', custom)
    return match.group(1) if match else None


def state_of(path: Path) -> State:
    """Whether an existing output file is briefpack's, unchanged since it was written."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        recorded = recorded_digest(data)
        if recorded is None:
            return State.FOREIGN
        try:
            unchanged = recorded in (content_digest(data), _word_digest(data))
        except (zipfile.BadZipFile, OSError):
            return State.EDITED
        return State.UNCHANGED if unchanged else State.EDITED
    recorded = read_manifest(path.parent).get(path.name)
    if recorded is None:
        return State.FOREIGN
    return State.UNCHANGED if hashlib.sha256(data).hexdigest() == recorded else State.EDITED


_COMPANY = re.compile(rb"<Company>([^<]*)</Company>")


def owner_of(path: Path) -> str | None:
    """The organisation briefpack wrote ``path`` for, when it recorded one: a .docx's
    ``Company`` property, else the file's manifest record."""
    if path.suffix == ".docx":
        try:
            with zipfile.ZipFile(path) as archive:
                match = _COMPANY.search(archive.read("docProps/app.xml"))
        except (KeyError, zipfile.BadZipFile, OSError):
            return None
        name = html.unescape(match.group(1).decode("utf-8", "replace")) if match else ""
        return name.strip() or None
    record = _manifest_records(path.parent).get(path.name)
    return record[1] if record else None


def same_organisation(a: str, b: str) -> bool:
    """Whether two organisation names are the same name (spacing and case aside)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def read_manifest(folder: Path) -> dict[str, str]:
    """File name → SHA-256 of what briefpack last wrote there (non-.docx outputs).

    No manifest is an empty one. A manifest that is a folder, cannot be read, or is not a JSON
    object of names and digests raises :class:`BriefpackError` naming it: briefpack cannot
    tell which files there are its own, and will not guess.
    """
    return {name: digest for name, (digest, _) in _manifest_records(folder).items()}


def _manifest_records(folder: Path) -> dict[str, tuple[str, str | None]]:
    """File name → (SHA-256, organisation or None). A record is a digest, or (since files
    say whose they are) ``{"sha256": ..., "organisation": ...}``."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _unusable(path, getattr(exc, "strerror", None) or "not valid JSON") from None
    records = {name: _record(value) for name, value in data.items()} if isinstance(
        data, dict) else None
    if records is None or not all(isinstance(k, str) and v for k, v in records.items()):
        raise _unusable(path, "not a JSON object of file names and digests")
    return records


def _record(value: object) -> tuple[str, str | None] | None:
    """One manifest record as (digest, organisation), or None when it is neither form."""
    if isinstance(value, str):
        return value, None
    if (isinstance(value, dict) and isinstance(value.get("sha256"), str)
            and isinstance(value.get("organisation", ""), str)):
        return value["sha256"], value.get("organisation") or None
    return None


def _unusable(path: Path, why: str) -> BriefpackError:
    return BriefpackError(
        f"{display_path(path)}: {why}. It records which files in its folder briefpack wrote; "
        "move it away (files there that briefpack wrote are then treated as yours) or write "
        "elsewhere with -o DIR")


def manifest_bytes(folder: Path, written: dict[str, bytes], organisation: str | None = None
                   ) -> bytes:
    """The folder's manifest updated with the files about to be written, each recorded with
    the organisation it was written for (when there is one)."""
    manifest: dict[str, object] = {
        name: {"sha256": digest, "organisation": owner} if owner else digest
        for name, (digest, owner) in _manifest_records(folder).items()}
    for name, data in written.items():
        digest = hashlib.sha256(data).hexdigest()
        manifest[name] = {"sha256": digest, "organisation": organisation} if organisation else digest
    return (json.dumps(dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n"
            ).encode("utf-8")
