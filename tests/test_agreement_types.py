"""Agreement types (issue 16, item 4): an organisation's agreement is an Enterprise Agreement
(ea), a Microsoft Customer Agreement for Enterprise (mca-e) or a Cloud Solution Provider
agreement (csp), named by ``agreement.kind`` or by an ``agreement.type`` that names one; the
briefing pack (of the meeting types the playbook's entry is shown in) and the transition pack
give the advice, questions and checklist lines of that kind, read from the playbook.

Every test runs the CLI on a copy of the example organisation and reads the written .docx.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx_parts import docx_text

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = "2026-12-03-q4-qbr.yaml"
ADOPTION = "2027-01-20-adoption-review.yaml"

# lines of playbooks/microsoft/agreements.yaml, as the packs print them
MCA_E_HEADING = "Our agreement: Microsoft Customer Agreement for Enterprise"
MCA_E_PRICE_HOLD = "A price hold counts only when it is restated on the order form"
MCA_E_RENEWAL = "Prepare and negotiate a move to the MCA-E, and each new order form, as a renewal"
MCA_E_QUESTION = "Which of our Enterprise Agreement protections will be restated on the order form"
MCA_E_BEFORE = "which price holds and terms were to be restated on our MCA-E order forms"
MCA_E_FIRST_30 = "Go through each open order form's terms and end date with the new AE"
CSP_MARGIN = "The partner's price and margin are part of the conversation"
CSP_QUESTION = "what is the partner's margin on it?"
CSP_FIRST_30 = "Bring the partner's account manager into the first commercial conversation"
EA_ADVICE = "find out early whether it means to renew yours or move it"
EA_QUESTION = "will Microsoft renew our Enterprise Agreement or move us to the MCA-E"
KICKOFF = "2027-03-05-renewal-kickoff.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def text_of(path: Path) -> str:
    return docx_text(path)


def organisation(tmp_path: Path, **agreement) -> Path:
    """A copy of the example organisation with its agreement's fields changed (a value of
    None removes the field); the folder."""
    folder = tmp_path / "contoso"
    shutil.copytree(EXAMPLE, folder)
    org_yaml = folder / "org.yaml"
    data = yaml.safe_load(org_yaml.read_text())
    for key, value in agreement.items():
        if value is None:
            data["agreement"].pop(key, None)
        else:
            data["agreement"][key] = value
    org_yaml.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return folder


def briefing(folder: Path, out: Path, meeting: str = QBR) -> str:
    """The text of the briefing pack ``brief`` writes for one of the organisation's meetings."""
    result = run("brief", folder / "meetings" / meeting, "-o", out)
    assert result.exit_code == 0, result.stderr
    pack = next(Path(p) for p in result.stdout.splitlines() if p.endswith("-briefing.docx"))
    return text_of(pack)


def transition_pack(folder: Path, out: Path, outgoing_until: date | None = None) -> str:
    """The text of the transition pack; with ``outgoing_until``, the outgoing AE (Alex Morgan)
    is on the account until then and the incoming one (Sam Rivera) starts the day after."""
    if outgoing_until:
        data = yaml.safe_load((folder / "org.yaml").read_text())
        for member in data["account_team"]:
            if member["name"] == "Alex Morgan":
                member["until"] = outgoing_until
            if member["name"] == "Sam Rivera":
                member["since"] = outgoing_until + timedelta(days=1)
        (folder / "org.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    result = run("transition", "--org", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    return text_of(Path(result.stdout.splitlines()[0]))


# --------------------------------------------------------------------------- MCA-E


@pytest.fixture(scope="module")
def mca_e(tmp_path_factory) -> tuple[str, str]:
    """The QBR briefing and the transition pack of the example moved to the MCA-E (its type
    written as MCA-E, an alias of the playbook's mca-e), its outgoing AE still on the
    account."""
    tmp = tmp_path_factory.mktemp("mca-e")
    folder = organisation(tmp, type="MCA-E")
    brief_text = briefing(folder, tmp / "out")
    pack = transition_pack(folder, tmp / "out", date.today() + timedelta(days=14))
    return brief_text, pack


def test_an_mca_e_briefing_says_what_the_agreement_means_for_the_meeting(mca_e):
    text, _ = mca_e
    assert MCA_E_HEADING in text
    assert "evergreen master agreement" in text and "no annual true-up" in text
    assert "do not carry over to the MCA-E on their own" in text
    assert MCA_E_RENEWAL in text and MCA_E_PRICE_HOLD in text
    assert MCA_E_QUESTION in text
    # not the advice for an Enterprise Agreement or a CSP
    assert EA_ADVICE not in text and CSP_MARGIN not in text


def test_an_mca_e_briefing_lists_the_sources_of_its_agreement_lines(mca_e):
    text, _ = mca_e
    sources = text[text.rindex("Sources"):]
    assert "https://admodumcompliance.com/blog/microsoft/mca-e-versus-ea" in sources
    assert "https://microsoftlicensingexperts.com/whitepapers/ea-to-mca-e-migration/" in sources


def test_an_mca_e_transition_pack_carries_its_checklists_and_questions(mca_e):
    _, pack = mca_e
    assert "What the Microsoft Customer Agreement for Enterprise means at the change." in pack
    assert MCA_E_PRICE_HOLD in pack
    assert MCA_E_QUESTION in pack
    assert MCA_E_BEFORE in pack  # before the outgoing AE leaves
    assert MCA_E_FIRST_30 in pack
    assert "Ask the new AE whether the Enterprise Agreement is to be renewed" not in pack


def test_the_kind_s_id_as_the_type_is_printed_as_its_name(tmp_path):
    folder = organisation(tmp_path, type="mca-e")
    text = briefing(folder, tmp_path / "out")
    assert ("Microsoft Customer Agreement for Enterprise EA-61834207 has its current order form "
            "ending on"
            in text)
    assert "mca-e EA-61834207" not in text


def test_a_meeting_type_the_entry_is_not_shown_in_has_no_agreement_advice(tmp_path):
    folder = organisation(tmp_path, type="MCA-E")
    text = briefing(folder, tmp_path / "out", ADOPTION)
    assert MCA_E_HEADING not in text and MCA_E_QUESTION not in text


# --------------------------------------------------------------------------- CSP


def test_a_csp_agreement_named_by_kind_puts_the_partner_s_price_in_the_conversation(tmp_path):
    folder = organisation(tmp_path, type="Licences through Fabrikam", kind="csp")
    text = briefing(folder, tmp_path / "out")
    assert "Our agreement: Cloud Solution Provider." in text
    assert "the partner sets the price you pay" in text
    assert CSP_MARGIN in text and CSP_QUESTION in text
    assert "Licences through Fabrikam EA-61834207 renews on" in text  # its own words kept
    pack = transition_pack(folder, tmp_path / "out")
    assert CSP_MARGIN in pack and CSP_FIRST_30 in pack
    assert MCA_E_PRICE_HOLD not in pack


# --------------------------------------------------------------------------- EA, old files


def test_the_example_s_enterprise_agreement_gets_the_ea_advice_in_its_renewal_kickoff(tmp_path):
    text = briefing(EXAMPLE, tmp_path / "kickoff", KICKOFF)
    assert "Our agreement: Enterprise Agreement." in text
    assert "An Enterprise Agreement runs for three years." in text
    assert EA_ADVICE in text and EA_QUESTION in text
    assert MCA_E_PRICE_HOLD not in text and CSP_MARGIN not in text
    # the playbook prints an EA's advice in the renewal meetings, not in a QBR
    qbr = briefing(EXAMPLE, tmp_path / "qbr")
    assert "Our agreement:" not in qbr and EA_QUESTION not in qbr


def test_a_type_in_free_text_that_names_no_kind_stays_valid_without_advice(tmp_path):
    folder = organisation(tmp_path, type="Select Plus")
    assert run("validate", folder).exit_code == 0
    text = briefing(folder, tmp_path / "out")
    assert "Select Plus EA-61834207 renews on" in text
    assert "Our agreement:" not in text


def test_an_unknown_kind_is_an_error_at_its_line(tmp_path):
    folder = organisation(tmp_path, kind="mcae")
    out = tmp_path / "out"
    result = run("brief", folder / "meetings" / QBR, "-o", out)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    line = next(i for i, text in enumerate((folder / "org.yaml").read_text().splitlines(), 1)
                if text.strip().startswith("kind:"))
    assert f"org.yaml:{line}: agreement.kind: unknown agreement kind 'mcae'" in result.stderr
    assert "did you mean 'mca-e'?" in result.stderr and "ea, mca-e, csp" in result.stderr
    assert not out.exists()


# --------------------------------------------------------------------------- the playbook


def _overlay(folder: Path, entry: dict) -> None:
    data = yaml.safe_load((folder / "org.yaml").read_text())
    data.setdefault("playbook", {})["agreements"] = [entry]
    (folder / "org.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def test_an_overlay_shows_an_agreement_s_advice_in_another_meeting_type(tmp_path):
    folder = organisation(tmp_path, type="MCA-E")
    _overlay(folder, {"id": "mca-e", "shown_in": ["adoption-review"]})
    assert MCA_E_PRICE_HOLD in briefing(folder, tmp_path / "adoption", ADOPTION)
    assert MCA_E_PRICE_HOLD not in briefing(folder, tmp_path / "qbr", QBR)


def test_an_agreement_type_shown_in_an_unknown_meeting_type_is_an_error_at_its_line(tmp_path):
    folder = organisation(tmp_path, type="MCA-E")
    _overlay(folder, {"id": "mca-e", "shown_in": ["qbr", "adoption-reviw"]})
    result = run("validate", folder)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "playbook.agreements[0].shown_in[1]: unknown meeting type 'adoption-reviw'; " \
           "did you mean 'adoption-review'?" in result.stderr


def test_an_agreement_statement_citing_an_unknown_source_is_an_error(tmp_path):
    folder = organisation(tmp_path, type="MCA-E")
    _overlay(folder, {"id": "mca-e", "advice": [
        {"text": "Restate every price hold.", "source": ["nowhere"]}]})
    result = run("validate", folder)
    assert result.exit_code == 1
    assert "playbook.agreements[0].advice[0].source[0]: unknown source 'nowhere'" in result.stderr


def test_an_evergreen_agreement_s_date_is_said_as_its_order_form_end(mca_e, tmp_path):
    """An MCA-E does not renew: the Timing line says its current order form ends on the date;
    the example's Enterprise Agreement still renews on it."""
    text, _ = mca_e
    assert "has its current order form ending on 30 June 2027" in text
    assert "renews on 30 June 2027" not in text
    ea = briefing(organisation(tmp_path), tmp_path / "out")
    assert "renews on 30 June 2027" in ea


def test_list_agreements_prints_each_kind_with_its_names_and_where_it_is_printed():
    result = run("list", "agreements")
    assert result.exit_code == 0, result.output
    entries = yaml.safe_load((ROOT / "playbooks" / "microsoft" / "agreements.yaml")
                             .read_text())["agreements"]
    starts = [line.split()[0] for line in result.output.splitlines() if not line.startswith(" ")]
    assert starts == [e["id"] for e in entries]
    flat = " ".join(result.output.split())
    for entry in entries:
        assert entry["name"] in flat
        assert all(alias in flat for alias in entry.get("aliases", []))
        assert ", ".join(entry["shown_in"]) in flat
    assert "do not carry over to the MCA-E on their own" in flat
