"""Issue 16, item 2 (and the source kinds of item 1): every source says what it is, ``briefpack
list sources`` prints them all with their addresses, and a pack's sources appendix lists only
what that pack used. Read from the command's output and the written documents, as a user would.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOK = ROOT / "playbooks" / "microsoft"
QBR = ROOT / "examples" / "contoso" / "meetings" / "2026-12-03-q4-qbr.yaml"
SEED_PUBLISHER = "microsoftnegotiations.com"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def yaml_of(name: str) -> dict:
    return yaml.safe_load((PLAYBOOK / name).read_text(encoding="utf-8"))


def sources() -> list[dict]:
    return yaml_of("vendor.yaml")["vendor"]["sources"]


def cited_by(data, found: set[str] | None = None) -> set[str]:
    """Every source id cited anywhere in ``data`` (the ``source`` lists at any depth)."""
    found = set() if found is None else found
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and isinstance(value, list):
                found.update(value)
            else:
                cited_by(value, found)
    elif isinstance(data, list):
        for item in data:
            cited_by(item, found)
    return found


def entries_of(text: str) -> dict[str, list[str]]:
    """``list sources`` output: each source id's block of lines, its first line included."""
    blocks: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if not line.startswith(" "):
            current = blocks.setdefault(line.split()[0], [])
        current.append(line)
    return blocks


# --------------------------------------------------------------------------- list sources


def test_list_sources_prints_every_source_with_its_kind_and_address():
    result = run("list", "sources")
    assert result.exit_code == 0, result.output
    blocks = entries_of(result.output)
    assert list(blocks) == [s["id"] for s in sources()]
    for source in sources():
        block = blocks[source["id"]]
        head = block[0].split()
        assert head[1] == source["kind"], block
        assert source["title"] in block[0]
        address = [line for line in block if line.strip().startswith("address:")]
        assert len(address) == 1, block
        if source["kind"] == "public":
            assert address[0].strip() == f"address: {source['url']}", block
        elif source["kind"] == "unlocated":
            assert "not recorded" in address[0], block
        if source.get("publisher"):
            assert any(f"publisher: {source['publisher']}" in line for line in block)


def test_every_source_has_a_kind_and_every_public_one_an_address():
    kinds = {s["id"]: s["kind"] for s in sources()}
    assert set(kinds.values()) <= {"seed", "public", "unlocated", "practice"}
    assert [i for i, k in kinds.items() if k == "seed"] == ["seed-article"]
    for source in sources():
        if source["kind"] == "public":
            assert source.get("url", "").startswith("https://"), source["id"]


def test_sources_from_the_seed_articles_publisher_say_so():
    result = run("list", "sources")
    blocks = entries_of(result.output)
    same_firm = [s for s in sources() if s.get("publisher") == SEED_PUBLISHER
                 and s["kind"] != "seed"]
    assert len(same_firm) >= 3  # the issue names three "independent" ones
    for source in same_firm:
        assert source.get("same_firm_as_seed") is True, source["id"]
        assert "(the seed article's publisher)" in "\n".join(blocks[source["id"]])
    others = [s for s in sources() if s.get("publisher") != SEED_PUBLISHER]
    assert not any(s.get("same_firm_as_seed") for s in others)


def test_list_rejects_an_unknown_listing():
    result = run("list", "nonsense")
    assert result.exit_code != 0
    assert "sources" in result.output


# --------------------------------------------------------------------------- validation


def playbook_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "microsoft"
    shutil.copytree(PLAYBOOK, folder)
    return folder


def test_a_public_source_without_url_is_an_error_at_its_line(tmp_path):
    folder = playbook_copy(tmp_path)
    vendor = folder / "vendor.yaml"
    lines = vendor.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("    - id: redress-renewal-faqs\n")
    url = next(i for i in range(at, len(lines)) if lines[i].startswith("      url:"))
    del lines[url]
    vendor.write_text("".join(lines), encoding="utf-8")
    kind_line = next(i for i in range(at, len(lines)) if lines[i].startswith("      kind:")) + 1

    result = run("validate", folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{vendor}:{kind_line}:" in result.output
    assert "redress-renewal-faqs" in result.output and "url" in result.output
    assert "kind: unlocated" in result.output  # what to do if the page is not known


def test_an_unknown_source_kind_is_an_error(tmp_path):
    folder = playbook_copy(tmp_path)
    vendor = folder / "vendor.yaml"
    text = vendor.read_text(encoding="utf-8")
    vendor.write_text(text.replace("      kind: seed\n", "      kind: rumour\n", 1),
                      encoding="utf-8")
    result = run("validate", folder)
    assert result.exit_code == 1
    assert "vendor.yaml:" in result.output and "kind" in result.output


def test_the_shipped_playbook_is_valid():
    result = run("validate", PLAYBOOK)
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- packs' appendix


def appendix(path: Path) -> list[str]:
    """The entries of the last 'Sources' section of a written pack, one per source: "title",
    "title: address" or "title (address not recorded)", read from its groups (the seed, public
    pages with their publishers, sources whose page is not recorded, briefpack's practice)."""
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    at = max(i for i, text in enumerate(paragraphs) if text == "Sources")
    entries = []
    for text in paragraphs[at + 1:]:
        group, _, rest = text.partition(": ")
        if group == "The article this playbook is built on":
            entries.append(re.sub(r", from [^,]*\.$", "", rest))
        elif group == "Public pages":
            for entry in rest.split(" · "):
                m = re.fullmatch(r"(.*): (https://\S+)", entry.strip())
                assert m, entry  # every public page with its address
                entries.append(f"{m[1]}: {m[2]}")
        elif group == "Named, page not recorded":
            entries += [f"{e.strip()} (address not recorded)" for e in rest.split(" · ")]
        elif group == "briefpack's own practice":
            entries.append("briefpack's own practice")
    return entries


@pytest.fixture(scope="module")
def qbr_briefing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("qbr")
    result = run("brief", QBR, "-o", out)
    assert result.exit_code == 0, result.output
    return next(Path(line) for line in result.stdout.splitlines()
                if line.endswith("-briefing.docx"))


def test_the_qbr_appendix_lists_what_the_pack_cites_each_with_its_address(qbr_briefing):
    by_title = {s["title"]: s for s in sources()}
    listed = []
    for entry in appendix(qbr_briefing):
        title, _, url = entry.partition(": https://")
        title = title.removesuffix(" (address not recorded)")
        assert title in by_title, entry
        source = by_title[title]
        if source["kind"] == "public":
            assert url and f"https://{url}" == source["url"], entry
        listed.append(source["id"])
    assert len(listed) == len(set(listed))
    qbr_type = next(t for t in yaml_of("meetings.yaml")["meeting_types"] if t["id"] == "qbr")
    assert cited_by(qbr_type) <= set(listed)  # the meeting type's own sources
    # only what the pack used: nothing cited only by entries a QBR briefing does not print
    elsewhere = cited_by(yaml_of("transition.yaml")) | cited_by(yaml_of("agreements.yaml"))
    printed = set().union(*(cited_by(yaml_of(name)) for name in (
        "roles.yaml", "principles.yaml", "categories.yaml", "guidance.yaml", "meetings.yaml")))
    only_elsewhere = elsewhere - printed
    assert only_elsewhere, "the test needs a source the QBR does not use"
    assert not set(listed) & only_elsewhere
    assert len(listed) < len(sources())


def test_the_transition_pack_has_an_appendix_of_what_it_cites(tmp_path):
    result = run("transition", "--org", ROOT / "examples" / "contoso", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    pack = next(Path(line) for line in result.stdout.splitlines()
                if line.endswith("-transition-pack.docx"))
    by_title = {s["title"]: s for s in sources()}
    listed = []
    for entry in appendix(pack):
        title, _, url = entry.partition(": https://")
        title = title.removesuffix(" (address not recorded)")
        assert title in by_title, entry
        source = by_title[title]
        if source["kind"] == "public":
            assert f"https://{url}" == source["url"], entry
        else:  # an unlocated source's home page is not shown as its address
            assert not url, entry
            if source["kind"] == "unlocated":
                assert entry.endswith("(address not recorded)"), entry
        listed.append(source["id"])
    assert cited_by(yaml_of("transition.yaml")) <= set(listed)  # the guidance the pack prints
    # nothing cited only by what the transition pack does not print: the roles, principles,
    # competitors and meeting types other than the first meeting with the new AE
    first = yaml_of("transition.yaml")["transition"]["first_meeting"]
    types = yaml_of("meetings.yaml")["meeting_types"]
    others = set().union(*(cited_by(t) for t in types if t["id"] != first), *(
        cited_by(yaml_of(name)) for name in ("roles.yaml", "principles.yaml", "competitors.yaml")))
    rest = set().union(*(cited_by(yaml_of(name)) for name in (
        "transition.yaml", "agreements.yaml", "categories.yaml", "guidance.yaml", "vendor.yaml")))
    rest |= cited_by(next(t for t in types if t["id"] == first))
    assert others - rest, "the test needs a source the transition pack does not use"
    assert not set(listed) & (others - rest)
    assert len(listed) < len(sources())
