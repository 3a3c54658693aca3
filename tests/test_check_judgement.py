"""``check`` on what people actually write (issue 14): the issue's ten drafts and the seed's
three examples, the blind corpora's recall and precision at the default threshold, what the
vendor already knows, near misses, and briefpack's own shareable documents."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from check_score import Score, score
from click.testing import CliRunner

from briefpack.cli import main
from briefpack.data.context import load_org_context
from briefpack.guard.check import at_or_above, check_text

ROOT = Path(__file__).resolve().parents[1]
ORG = ROOT / "examples" / "contoso"
DRAFTS = ROOT / "tests" / "drafts"
ISSUE = DRAFTS / "issue14"
ISSUE_LABELS = yaml.safe_load((ISSUE / "labels.yaml").read_text(encoding="utf-8"))
DAY = date(2026, 12, 2)


def run(*args: object):
    return CliRunner().invoke(main, ["check", *[str(a) for a in args]])


@pytest.fixture(scope="module")
def contoso():
    ctx = load_org_context(ORG)
    return ctx.loaded.org, ctx.playbook.playbook


def found(contoso, text: str, audience=("ae",), today: date = DAY):
    org, playbook = contoso
    return check_text([("1", text)], org, playbook, list(audience), today=today)


# --------------------------------------------------------------------------- the issue's drafts


@pytest.mark.parametrize("name", sorted(ISSUE_LABELS))
def test_issue_draft_classified_correctly_with_defaults(name):
    """Leaks (and the seed's examples) fail with the defaults and name their categories; the
    clean drafts' near misses give no finding at all, not even a low one."""
    label = ISSUE_LABELS[name]
    result = run(ISSUE / name, "--org", ORG, "--audience", ",".join(label["audience"]),
                 "--format", "json")
    findings = yaml.safe_load(result.stdout)["findings"]
    if label["leaks"]:
        assert result.exit_code == 1, result.output
        high = {f["category"] for f in findings if f["severity"] == "high"}
        assert set(label["leaks"]) <= high, findings
    else:
        assert result.exit_code == 0, result.output
        assert findings == []


def test_every_finding_explains_itself():
    """Line, the words matched, the fact or category, why for this audience, say instead."""
    result = run(ISSUE / "leak-4-board-cfo.md", "--org", ORG, "--audience", "avp")
    first = result.stdout.splitlines()[0]
    where, _, rest = first.partition(":3: high: ")
    assert where.endswith("leak-4-board-cfo.md")
    assert rest.startswith('"mid-April": protected fact \'board-approval-date\'')
    assert "a board date lets the account team wait you out" in first
    assert "the AVP probes for it" in first
    assert 'Say instead: "Our governance timetable is internal' in first


# --------------------------------------------------------------------------- the blind corpora


def _report(label: str, result: Score, capsys) -> None:
    with capsys.disabled():
        print(f"\n{label}: recall {result.recall:.2f}, precision {result.precision:.2f} "
              f"({result.tp + result.fn} leaking, {result.fp + result.tn} clean)")
        for name, n, recall, precision in result.category_rows():
            print(f"  {name:30} {n:3} leaking  recall {recall:.2f}  precision {precision:.2f}")
        for line in result.wrong:
            print("  " + line)


def test_blind_development_drafts(capsys):
    """The blind drafts used in development: recall and precision at the default threshold."""
    folders = [DRAFTS / name for name in ("blind", "blind2", "blind3", "holdout", "holdout2")]
    result = score(folders)
    _report("blind drafts (development)", result, capsys)
    assert result.recall >= 0.9 and result.precision >= 0.9


def test_held_out_drafts(capsys):
    """The last held-out set (tests/drafts/holdout3), scored once when the rules were final
    (recall 0.93, precision 0.93); kept here so that later changes are measured on it too."""
    result = score([DRAFTS / "holdout3"])
    _report("blind drafts (held out)", result, capsys)
    assert result.recall >= 0.9 and result.precision >= 0.9


# --------------------------------------------------------------------------- rules


@pytest.mark.parametrize("text, audience", [
    ("Could we zoom in on the true-up numbers?", "ae"),
    ("Zoom in on the true-up numbers first, please.", "ae"),
    ("We'll meet in the board room on the 4th floor at 10:00 on 3 December.", "ae"),
    ("I know Microsoft's fiscal year ends 30 June, so Q4 will be busy for you.", "csm"),
    ("Your fiscal year closes on 30 June; we understand the pressure.", "csm"),
    ("The letter was signed by Dana Lee on 2 December.", "ae"),
    ("Thanks a million for the workshop.", "avp"),
    ("Cut us some slack on the deck, it was a long week.", "ae"),
    ("The session is at our Falconer Street office.", "specialist"),
    ("Please send the written proposal by 1 April.", "ae"),
    ("I'm on leave mid-April, so please go to Marta if anything slips.", "csm"),
    ("The Intune work should finish by the end of June next year.", "csm"),
    ("Can we have the deck by September?", "ae"),
    ("Please set aside time on Thursday for the walk-through.", "ae"),
    ("The co-management blade is cut off unless browser zoom level is 80%.", "csm"),
    ("Our offices are in Falcon House; look for the peregrine falcon on the roof.", "specialist"),
    ("About 1 million parcels a week go through 3 hubs.", "avp"),
    ("Our CFO sends her thanks for the workshop.", "avp"),
    ("We will run out of E5 licences for new starters by March.", "ae"),
    ("There is a hard deadline for the MFA rollout on 31 March 2027.", "specialist"),
    ("This is the last chance to register for the workshop.", "csm"),
    ("The pilot can go up to 500 users.", "ae"),
    ("The budget for the training day was approved.", "csm"),
    ("The account is locked after 5 attempts.", "csm"),
    ("We'll remove the 350 disabled accounts before the renewal.", "ae"),
    ("Our goal is to finish MFA by March.", "specialist"),
    ("We compared the other options for FIDO2 keys.", "specialist"),
    ("It's just as well we checked.", "ae"),
    ("The offer is under review with you.", "ae"),
    ("We shortlisted three partners for the Teams rollout.", "partner"),
    ("We saw 20% more adoption after the training.", "csm"),
    ("Alerts below the threshold are auto-closed.", "specialist"),
    ("I sent the deck to our CFO.", "avp"),
    ("We need the SOW signed by 15 January.", "partner"),
    ("E5 stays at 18% below list until the renewal, as agreed.", "ae"),
    ("We are evaluating based on value, not a fixed budget.", "ae"),
    ("We will sign when the terms are right for us.", "avp"),
    ("Any agreement will go through our normal governance.", "avp"),
])
def test_near_misses_stay_quiet(contoso, text, audience):
    assert found(contoso, text, [audience]) == []


@pytest.mark.parametrize("text, category", [
    ("There is no option to extend, so it would run out.", "renewal-urgency"),
    ("We really need the renewal signed before the end of May.", "renewal-urgency"),
    ("Our board meets in April and wants a decision.", "board-deadlines"),
    ("Anything of that size needs our CFO's sign-off.", "approval-constraints"),
    ("Finance has given us a ceiling for this year.", "budget"),
    ("We have 500k set aside for this.", "budget"),
    ("Our financial year starts in April.", "budget-cycle"),
    ("We're prepared to walk and take a one-year extension through CSP.", "commercial-strategy"),
    ("We trialled another EDR product and it did just as well.", "competitive-evaluation"),
    ("Honestly SENTINELONE looked good too.", "competitive-evaluation"),
    ("The board needs this signed by 30 June.", "board-deadlines"),
    ("We need this signed before Q3 close.", "renewal-urgency"),
    ("We have to get it signed by September.", "renewal-urgency"),
    ("Our fiscal year end is in March.", "budget-cycle"),
    ("It's 4,2 Mio for us this year.", "budget"),
    ("Their price was 1/4 cheaper.", "competitive-evaluation"),
    ("We looked at CrowdStrike and it's basically the same as Defender.",
     "competitive-evaluation"),
])
def test_wording_and_competitors_fail_without_a_fact(contoso, text, category):
    high = at_or_above(found(contoso, text), "high")
    assert category in {f.category for f in high}, found(contoso, text)


@pytest.mark.parametrize("text, today, leaks", [
    ("Our agreement comes up at the end of June next year.", date(2026, 12, 2), True),
    ("Our agreement comes up at the end of June next year.", date(2027, 3, 1), False),
    ("Our agreement comes up at the end of June this year.", date(2027, 3, 1), True),
])
def test_relative_dates_count_from_the_draft(contoso, text, today, leaks):
    """"Next year" is the year after the draft's date: from March 2027 it is 2028, no longer
    the renewal (30 June 2027) — though the wording still tells a CSM about renewal timing."""
    facts = {f.fact_id for f in found(contoso, text, ["csm"], today)}
    assert ("renewal-ea-date" in facts) is leaks


def test_eml_date_header_is_the_draft_date(tmp_path):
    """The e-mail's own Date is the draft's date: written in March 2027, "next year" is 2028."""
    body = "Hi Priya,\n\nOur EA comes up at the end of June next year.\n"
    for sent, leaks in (("Wed, 02 Dec 2026 09:00:00 +0000", True),
                        ("Mon, 01 Mar 2027 09:00:00 +0000", False)):
        draft = tmp_path / "note.eml"
        draft.write_text(f"From: dana.lee@contoso.example\nTo: priya.shah@microsoft.example\n"
                         f"Subject: Intune\nDate: {sent}\n\n{body}", encoding="utf-8")
        result = run(draft, "--org", ORG, "--audience", "csm")
        assert ("renewal-ea-date" in result.stdout) is leaks, (sent, result.output)


def test_known_to_vendor_is_never_flagged(tmp_path):
    """A protected fact marked known_to_vendor gives nothing away, nor do its figures."""
    draft = tmp_path / "note.txt"
    draft.write_text("Board approval is due on 15 April 2027.\n", encoding="utf-8")
    assert run(draft, "--org", ORG).exit_code == 1
    org = tmp_path / "org"
    shutil.copytree(ORG, org)
    data = yaml.safe_load((org / "org.yaml").read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == "board-approval-date")
    fact["known_to_vendor"] = True
    (org / "org.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                  encoding="utf-8")
    result = run(draft, "--org", org)
    assert "board-approval-date" not in result.stdout
    assert result.exit_code == 0, result.output


def test_agreement_terms_are_known_to_the_vendor(contoso):
    """18% below list is a current term (and the price-hold target's figure): no finding."""
    assert found(contoso, "Today E5 is 18% below list.") == []


def test_a_bad_reveals_wording_is_reported_at_its_line(tmp_path):
    org = tmp_path / "org"
    shutil.copytree(ORG, org)
    data = yaml.safe_load((org / "org.yaml").read_text(encoding="utf-8"))
    data["playbook"] = {"categories": [{"id": "budget", "reveals": ["set <sum> aside"]}]}
    (org / "org.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                  encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(org)])
    assert result.exit_code == 1
    assert "org.yaml" in result.output and "unknown placeholder <sum>" in result.output


# --------------------------------------------------------------------------- own documents


@pytest.mark.slow
def test_briefpacks_own_shareable_documents_pass_check(tmp_path):
    """The agendas and confirmation requests made from the example, and the transition's
    letter, pass check for the people they go to (they quote current terms the vendor knows,
    such as E5 at 18% below list)."""
    checked = 0
    for meeting in sorted((ORG / "meetings").glob("*.yaml")):
        out = tmp_path / meeting.stem
        data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
        assert CliRunner().invoke(main, ["brief", str(meeting), "-o", str(out)]).exit_code == 0
        if "outcomes" in data:
            assert CliRunner().invoke(main, ["followup", str(meeting), "-o", str(out)]
                                      ).exit_code == 0
        for doc in out.glob("*/*.docx"):  # OUT/<organisation>/
            if "agenda" in doc.name or "confirmation-request" in doc.name:
                roles = [p if isinstance(p, str) else p["role"] for p in data["attendees"]["vendor"]]
                result = run(doc, "--org", ORG, "--audience", ",".join(roles))
                assert result.exit_code == 0, result.output
                checked += 1
    out = tmp_path / "transition"
    result = CliRunner().invoke(main, ["transition", "--org", str(ORG), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [letter] = out.glob("*/*confirmation-letter.docx")
    assert run(letter, "--org", ORG, "--audience", "ae").exit_code == 0
    assert checked >= 6


def test_wording_language():
    """What a reveals entry can say: alternatives, optional and negated words, gaps within a
    clause, figures; and what it cannot."""
    from briefpack.data.wording import WordingError, parse_wording
    from briefpack.guard.phrases import tokens
    from briefpack.guard.reveals import Stems, compile_wording, search

    def hit(wording: str, text: str) -> str | None:
        found = search(compile_wording(wording), Stems.of(tokens(text), [], text), text)
        return found[2] if found else None

    assert hit("no option/right to extend", "There is no right to extend it.") == \
        "no right to extend"
    assert hit("need ... signed before <date>", "We need the renewal signed before 31 May.")
    assert hit("need ... signed before <date>", "We need the renewal, signed, before 31 May.") \
        is None  # a gap stays within a clause
    assert hit("the board !room ... meeting", "See you in the board room for the meeting.") \
        is None
    assert hit("the board !room ... meeting", "Before the board's April meeting.")
    assert hit("our fiscal year? starts", "Our fiscal starts in April.")
    for bad in ("set <sum> aside", "... budget", "!room", "budg€t"):
        with pytest.raises(WordingError):
            parse_wording(bad)


# --------------------------------------------------------------------------- a first user's review


@pytest.mark.parametrize("text, audience, category", [
    ("We also really can't let this slip past the end of May.", "ae", "renewal-urgency"),
    ("If it runs out, the server SA goes with it.", "ae", "renewal-urgency"),
    ("We ran the falcon trial over the summer and it held its own against Defender.",
     "specialist", "competitive-evaluation"),
    ("We'd also like to move the 1,200 frontline users from E3 to F3.", "partner",
     "commercial-strategy"),
])
def test_what_a_first_user_wrote_is_caught(contoso, text, audience, category):
    high = at_or_above(found(contoso, text, [audience]), "high")
    assert category in {f.category for f in high}, found(contoso, text, [audience])


@pytest.mark.parametrize("text, audience", [
    ("We understand your fiscal year ends 30 June and that approvals will run through your Q4.",
     "avp"),
    ("Our budget review happens next week.", "ae"),
    ("Today we have M365 E5 at 18% below list, price held to renewal.", "csm"),
])
def test_no_low_finding_on_what_gives_nothing_away(contoso, text, audience):
    assert found(contoso, text, [audience]) == []


@pytest.mark.parametrize("who", ["Account Executive", "account executive (ae)", "Sam",
                                 "Account Executive, Enterprise Commercial", "sam rivera"])
def test_audience_as_people_write_it(tmp_path, who):
    draft = tmp_path / "note.txt"
    draft.write_text("Hello Sam, see you Thursday.\n", encoding="utf-8")
    result = run(draft, "--org", ORG, "--audience", who)
    assert result.exit_code == 0, result.output
    assert "no --audience" not in result.stderr


def test_a_missing_organisation_is_misuse(tmp_path):
    draft = tmp_path / "note.txt"
    draft.write_text("Hello.\n", encoding="utf-8")
    result = run(draft, "--org", tmp_path / "nothere")
    assert result.exit_code == 2
    assert "--org takes your org.yaml or the folder that holds it" in result.output


def test_no_audience_says_what_was_not_looked_for(tmp_path):
    draft = tmp_path / "note.txt"
    draft.write_text("Our EA renews on 30 June 2027.\n", encoding="utf-8")
    result = run(draft, "--org", ORG)
    assert result.exit_code == 0
    assert "no --audience given" in result.stderr
