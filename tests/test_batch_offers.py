"""batch picks up offers like meetings (issue 18, item 4): an organisation folder's offers/*.yaml
are evaluated with its meetings, each written as `briefpack offer` writes it; a broken offer
fails alone."""

import shutil
from pathlib import Path

import docx
from click.testing import CliRunner

from briefpack.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "contoso"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_batch_evaluates_the_organisations_offers_with_its_meetings(tmp_path):
    result = run("batch", EXAMPLE, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out" / "contoso-ltd").glob("*.docx"))
    offers = sorted((EXAMPLE / "offers").glob("*.yaml"))
    assert len(offers) == 2
    assert sum(name.endswith("-offer-evaluation.docx") for name in written) == 2
    assert sum(name.endswith("-counter-proposal.docx") for name in written) == 2
    assert sum(name.endswith("-briefing.docx") for name in written) == len(
        list((EXAMPLE / "meetings").glob("*.yaml")))
    # the same documents `briefpack offer` writes for one of them
    alone = run("offer", offers[0], "-o", tmp_path / "alone")
    assert alone.exit_code == 0, alone.output
    for path in (tmp_path / "alone" / "contoso-ltd").glob("*.docx"):
        batch_copy = tmp_path / "out" / "contoso-ltd" / path.name
        assert [p.text for p in docx.Document(path).paragraphs] == [
            p.text for p in docx.Document(batch_copy).paragraphs]


def test_a_broken_offer_fails_alone_and_is_named(tmp_path):
    org = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("output"))
    bad = sorted((org / "offers").glob("*.yaml"))[0]
    bad.write_text(bad.read_text().replace("currency:", "currency: XYZ\nignored:", 1))
    result = run("batch", org, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    assert bad.name in result.output
    assert "0 meetings and 1 offer failed" in result.output  # an offer is not called a meeting
    written = [p.name for p in (tmp_path / "out" / "contoso-ltd").glob("*.docx")]
    assert sum(name.endswith("-counter-proposal.docx") for name in written) == 1
    assert sum(name.endswith("-briefing.docx") for name in written) == 4
