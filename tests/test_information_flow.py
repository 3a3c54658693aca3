"""Principle 1 as a proven property: no protected fact reaches any shareable document.

The organisation's every protected fact holds a unique canary string. Every shareable document
— the agenda and calendar invite of each meeting type with every combination of attending
roles, the confirmation letter and the follow-up request — is generated and searched, in every
part of the .docx and in its Markdown (the invite: its whole .ics), for every canary; each
canary must still appear in the matching internal pack.
"""

from __future__ import annotations

import getpass
import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx_parts import part_texts

from briefpack.commands.brief import plan_brief
from briefpack.commands.followup import plan_followup
from briefpack.commands.transition import plan_transition
from briefpack.data.context import load_org_context
from briefpack.data.protection import protected_categories
from briefpack.packs.invite import invite_bytes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
ROLES = ["ae", "csm", "specialist", "avp", "partner"]
TYPES = ["qbr", "renewal-kickoff", "adoption-review", "technical-deep-dive", "escalation",
         "negotiation", "new-ae-introduction", "roadmap-briefing"]
COMBINATIONS = [list(c) for n in range(len(ROLES) + 1) for c in itertools.combinations(ROLES, n)]


def canary(category: str, n: int) -> str:
    return f"CANARY{abs(hash((category, n))) % 10**8:08d}{category.upper().replace('-', '')}"


@pytest.fixture(scope="module")
def org_dir(tmp_path_factory) -> Path:
    """The example organisation with two facts in every category, each text a unique canary."""
    folder = tmp_path_factory.mktemp("canary-org")
    org = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
    categories = sorted({f["category"] for f in org["facts"]})
    assert len(categories) == 14
    org["facts"] = [{"id": f"{c}-{n}", "category": c, "text": f"Fact {canary(c, n)} of ours"}
                    for c in categories for n in (1, 2)]
    for c in org["commitments"]:  # evidence and internal notes are internal too
        c["evidence"] = c.get("evidence") and f"evidence {canary('evidence', c['id'])}"
    (folder / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False))
    return folder


_ORGS: dict = {}


def _org(org_dir: Path):
    if org_dir not in _ORGS:
        _ORGS[org_dir] = load_org_context(org_dir)
    return _ORGS[org_dir]


def _meeting(org_dir: Path, mtype: str, roles: list[str]) -> Path:
    """A meeting of ``mtype`` attended by ``roles``, sharing every fact that may be shared and
    playing every protected fact that may be played."""
    context = _org(org_dir)
    pb = context.playbook.playbook
    attending = roles or list(pb.meeting_type(mtype).attendee_roles)
    protected = protected_categories(pb, attending)
    facts = context.loaded.org.facts
    share = [f.id for f in facts if f.category not in protected]
    leverage = [f.id for f in facts if f.category in protected
                and not pb.category(f.category).never_share]
    meeting = {
        "org": str(org_dir / "org.yaml"), "type": mtype, "title": f"{mtype} with {'+'.join(roles) or 'usual roles'}",
        "date": "2027-01-15", "time": "10:00",
        "attendees": {"vendor": [{"name": f"Person {r}", "role": r} for r in roles], "ours": ["Dana Lee"]},
        "share": share, "leverage": leverage,
        "outcomes": [{"summary": "Will send the corrected licence report", "made_by": "Person ae",
                      "kind": "commitment"}],
    }
    path = org_dir / f"{mtype}-{'-'.join(roles) or 'default'}.yaml"
    path.write_text(yaml.safe_dump(meeting, allow_unicode=True))
    return path


def _protected_canaries(org_dir: Path, mtype: str, roles: list[str]) -> list[str]:
    context = _org(org_dir)
    pb = context.playbook.playbook
    attending = roles or list(pb.meeting_type(mtype).attendee_roles)
    protected = protected_categories(pb, attending)
    return [f.text.split()[1] for f in context.loaded.org.facts if f.category in protected]


def _leaks(data: bytes, canaries: list[str], tmp: Path) -> list[str]:
    path = tmp / "doc.docx"
    path.write_bytes(data)
    text = "\n".join(part_texts(path).values())
    return [c for c in canaries if c in text]


@pytest.mark.slow
@pytest.mark.parametrize("mtype", TYPES)
def test_no_canary_in_any_agenda_for_any_combination_of_roles(org_dir, mtype, tmp_path):
    for roles in COMBINATIONS:
        meeting = _meeting(org_dir, mtype, roles)
        docs, ctx = plan_brief(meeting)
        briefing, agenda, card = docs
        assert (briefing.kind, agenda.kind, agenda.shareable) == ("briefing", "agenda", True)
        assert (card.kind, card.shareable) == ("card", False)
        canaries = _protected_canaries(org_dir, mtype, roles)
        assert canaries
        assert [c for c in canaries if c in agenda.markdown] == [], roles
        assert _leaks(agenda.docx_bytes(), canaries, tmp_path) == [], roles
        # every protected fact is in the matching internal pack
        assert [c for c in canaries if c not in briefing.markdown] == [], roles
        # and the facts that may be shared are in the agenda: the search can find things
        shared_canary = next(f for f in _org(org_dir).loaded.org.facts
                             if f.text.split()[1] not in canaries).text.split()[1]
        assert shared_canary in agenda.markdown
        # the calendar invite (unfolded: a canary may be split across folded lines)
        invite = re.sub(r"\r\n[ \t]", "", invite_bytes(ctx).decode("utf-8"))
        assert [c for c in canaries if c in invite] == [], roles
        assert shared_canary in invite
    assert _leaks(briefing.docx_bytes(), canaries, tmp_path) == canaries


def test_no_canary_in_the_confirmation_letter_or_the_follow_up_request(org_dir, tmp_path):
    every = [f["text"].split()[1] for f in yaml.safe_load((org_dir / "org.yaml").read_text())["facts"]]
    evidence = [c["evidence"].split()[1] for c in yaml.safe_load(
        (org_dir / "org.yaml").read_text())["commitments"] if c.get("evidence")]
    docs, _, _ = plan_transition(org_dir)
    pack, letter = docs
    assert letter.shareable and not pack.shareable
    assert _leaks(letter.docx_bytes(), every + evidence, tmp_path) == []
    assert [c for c in every + evidence if c in letter.markdown] == []
    protected_from_ae = _protected_canaries(org_dir, "new-ae-introduction", ["ae"])
    assert set(protected_from_ae) <= set(_leaks(pack.docx_bytes(), every + evidence, tmp_path))
    for roles in (["ae"], ["ae", "csm"], ROLES):
        docs, _, _ = plan_followup(_meeting(org_dir, "qbr", roles))
        request, notes = docs
        assert request.shareable and not notes.shareable
        assert _leaks(request.docx_bytes(), every + evidence, tmp_path) == []


def _shareable_documents(org_dir: Path) -> list:
    docs = [plan_brief(_meeting(org_dir, t, ROLES))[0][1] for t in TYPES]
    docs.append(plan_transition(org_dir)[0][1])
    docs.append(plan_followup(_meeting(org_dir, "qbr", ROLES))[0][0])
    return docs


def _eml_texts(data: bytes, tmp: Path) -> str:
    """Everything in an .eml a reader could see: every header, every part decoded (a .docx
    attachment part by part)."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.default)
    texts = [data.decode("utf-8", "replace")]
    for part in message.walk():
        texts += [f"{name}: {value}" for name, value in part.items()]
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_content_type().endswith("wordprocessingml.document"):
            path = tmp / "attached.docx"
            path.write_bytes(payload)
            texts += part_texts(path).values()
        else:
            texts.append(payload.decode("utf-8", "replace"))
    return "\n".join(texts)


def test_no_canary_in_any_e_mail_draft(org_dir, tmp_path):
    """Issue 20: the .eml of every shareable document (the agenda of each type with every
    role, the letter, the request) holds no protected fact in any header, body or attachment;
    and the drafts are those of the shareable documents only."""
    from datetime import date

    from briefpack.packs.documents import mail_drafts

    every = [f["text"].split()[1] for f in yaml.safe_load((org_dir / "org.yaml").read_text())["facts"]]
    evidence = [c["evidence"].split()[1] for c in yaml.safe_load(
        (org_dir / "org.yaml").read_text())["commitments"] if c.get("evidence")]
    protected = _protected_canaries(org_dir, "qbr", ROLES)
    internal = plan_brief(_meeting(org_dir, "qbr", ROLES))[0][0]
    assert internal.mail is None and protected
    from briefpack.word.output import output_name

    day = date(2027, 1, 15)
    for doc in _shareable_documents(org_dir):
        files = {tmp_path / output_name(day, "x", doc.kind, "docx"): doc.docx_bytes()}
        [draft] = mail_drafts([doc], files, day, "x", tmp_path).values()
        assert b"wordprocessingml.document" in draft  # the document is attached
        text = _eml_texts(draft, tmp_path)
        canaries = every + evidence if doc.kind != "agenda" else protected
        assert [c for c in canaries if c in text] == [], doc.kind
        assert doc.meta.title.split()[0] in text and "X-Unsent: 1" in text


def test_shareable_metadata_is_set_deliberately(org_dir, tmp_path):
    user = getpass.getuser()
    org_name = yaml.safe_load((org_dir / "org.yaml").read_text())["name"]
    from briefpack.word.output import write_files

    for doc in _shareable_documents(org_dir):
        path = tmp_path / f"{doc.kind}.docx"
        write_files({path: doc.docx_bytes()}, force=True)
        props = docx.Document(path).core_properties
        assert props.author == org_name and props.last_modified_by == org_name
        assert props.revision == 1 and props.comments == "" and props.category == ""
        assert props.title and props.subject and props.keywords
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            assert not [n for n in names if "comments" in n]
            xml = "\n".join(archive.read(n).decode("utf-8", "replace") for n in names)
        # the only custom property is briefpack's digest of what it generated
        custom = part_texts(path).get("docProps/custom.xml", "")
        assert re.findall(r'name="([^"]+)"', custom) == ["briefpack-digest"]
        for revision_mark in ("<w:ins ", "<w:del ", "<w:moveFrom", "<w:moveTo", "w:rsidDel"):
            assert revision_mark not in xml, (doc.kind, revision_mark)
        assert "NOT FOR DISTRIBUTION" not in xml and "INTERNAL" not in xml
        assert "python-docx" not in xml
        if len(user) > 3:
            assert f">{user}<" not in xml and f'"{user}"' not in xml


@pytest.mark.slow
def test_no_canary_in_the_pdf_of_any_shareable_document(org_dir, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are needed; .ci/run installs them")
    every = [f["text"].split()[1] for f in yaml.safe_load((org_dir / "org.yaml").read_text())["facts"]]
    files = []
    for i, doc in enumerate(_shareable_documents(org_dir)):
        path = tmp_path / f"{i:02d}-{doc.kind}.docx"
        path.write_bytes(doc.docx_bytes())
        files.append(path)
    internal = tmp_path / "99-briefing.docx"
    briefing_doc = plan_brief(_meeting(org_dir, "qbr", ROLES))[0][0]
    internal.write_bytes(briefing_doc.docx_bytes())
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *map(str, files + [internal])], check=True, capture_output=True, timeout=600)
    for path in files:
        text = subprocess.run(["pdftotext", str(path.with_suffix(".pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
        text = re.sub(r"\s+", "", text)  # a canary broken across lines in a cell still counts
        protected = _protected_canaries(org_dir, "qbr", ROLES)
        assert [c for c in protected if c in text] == [], path.name
    text = subprocess.run(["pdftotext", str(internal.with_suffix(".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert all(c in text for c in _protected_canaries(org_dir, "qbr", ROLES))
    assert len(every) == 28


# --------------------------------------------------------------------------- hostile overrides


def _hostile_org(org_dir: Path, tmp_path: Path, templates: dict[str, str]) -> Path:
    """The canary organisation with ``templates`` as its overrides, in a folder of its own."""
    folder = tmp_path / "hostile-org"
    shutil.copytree(org_dir, folder, ignore=shutil.ignore_patterns("*.yaml"))
    shutil.copy(org_dir / "org.yaml", folder / "org.yaml")
    (folder / "templates").mkdir(exist_ok=True)
    for name, text in templates.items():
        (folder / "templates" / name).write_text(text, encoding="utf-8")
    return folder


STASH = '{% set box = namespace(secret="") %}\n'
STEAL = ('{% extends "default:briefing.md.j2" %}\n{% import "stash.j2" as s %}\n'
         '{% block questions %}{% set box = s.box %}{% for b in v.protect %}'
         '{% for f in b.facts %}{% set box.secret = box.secret ~ f.text %}{% endfor %}'
         '{% endfor %}STOLEN:{{ box.secret }}\n{{ super() }}{% endblock %}\n')
SHOW = '{% import "stash.j2" as s %}# {{ v.title }}\n\nLEAK:{{ s.box.secret }}\n'


def test_state_an_internal_render_sets_never_reaches_a_shareable_one(org_dir, tmp_path):
    """An override of the briefing stores every protected fact in a namespace of an imported
    template; overrides of every shareable document import the same template and print it."""
    folder = _hostile_org(org_dir, tmp_path, {
        "stash.j2": STASH, "briefing.md.j2": STEAL, "agenda.md.j2": SHOW,
        "invite.txt.j2": SHOW, "confirmation-request.md.j2": SHOW,
        "followup-notes.md.j2": STEAL.replace("briefing", "followup-notes").replace(
            "{% block questions %}", "{% block summary %}").replace("v.protect", "[]"),
    })
    meeting = _meeting(folder, "qbr", ["ae", "csm"])
    canaries = _protected_canaries(folder, "qbr", ["ae", "csm"])
    docs, ctx = plan_brief(meeting)
    briefing, agenda, _card = docs
    assert any(c in briefing.markdown for c in canaries)  # the internal render did steal them
    assert "LEAK:" in agenda.markdown
    assert [c for c in canaries if c in agenda.markdown] == []
    invite = invite_bytes(ctx, (folder / "templates",)).decode("utf-8")
    assert "LEAK:" in invite and [c for c in canaries if c in invite] == []
    request = plan_followup(meeting)[0][0].markdown
    assert "LEAK:" in request and [c for c in canaries if c in request] == []


def test_state_an_internal_render_sets_never_reaches_an_e_mail_draft(org_dir, tmp_path):
    """The same attack on the e-mail drafts (issue 20): overrides of the agenda's and the
    request's draft print what the briefing's override stored."""
    from datetime import date

    from briefpack.packs.documents import mail_drafts

    folder = _hostile_org(org_dir, tmp_path, {
        "stash.j2": STASH, "briefing.md.j2": STEAL,
        "email-agenda.md.j2": '{% import "stash.j2" as s %}LEAK:{{ s.box.secret }}\n',
        "email-confirmation-request.md.j2": '{% import "stash.j2" as s %}LEAK:{{ s.box.secret }}\n',
    })
    meeting = _meeting(folder, "qbr", ["ae", "csm"])
    canaries = _protected_canaries(folder, "qbr", ["ae", "csm"])
    briefing, agenda, _card = plan_brief(meeting)[0]
    request = plan_followup(meeting)[0][0]
    assert any(c in briefing.markdown for c in canaries)  # the internal render did steal them
    for doc in (agenda, request):
        [draft] = mail_drafts([doc], {}, date(2027, 1, 15), "x", tmp_path).values()
        text = draft.decode("utf-8")
        assert "LEAK:" in text and [c for c in canaries if c in text] == []


def test_a_link_in_the_templates_folder_is_refused(org_dir, tmp_path):
    from click.testing import CliRunner

    from briefpack.cli import main

    folder = _hostile_org(org_dir, tmp_path, {
        "agenda.md.j2": '{% include "org.txt" %}\n'})
    (folder / "templates" / "org.txt").symlink_to("../org.yaml")
    meeting = _meeting(folder, "qbr", ["ae"])
    result = CliRunner().invoke(main, ["brief", str(meeting), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "org.txt is a link" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- typed-in fields


def _field_meeting(org_dir: Path, tmp_path: Path, field: str, text: str,
                   roles: list[str]) -> Path:
    """A meeting whose ``field`` holds ``text`` (title, location, an agenda item's title, an
    attendee's title or an outcome's summary)."""
    meeting = yaml.safe_load(_meeting(org_dir, "qbr", roles).read_text())
    if field == "agenda":
        meeting["agenda"] = [{"title": text, "minutes": 5}]
    elif field == "attendee":
        meeting["attendees"]["ours"] = [{"name": "Dana Lee", "title": text}]
    elif field == "outcome":
        meeting["outcomes"][0]["summary"] = text
    else:
        meeting[field] = text
    path = tmp_path / f"field-{field}.yaml"
    path.write_text(yaml.safe_dump(meeting, allow_unicode=True))
    return path


@pytest.mark.parametrize("field", ["title", "location", "agenda", "attendee", "outcome"])
def test_a_protected_fact_typed_into_a_shareable_field_is_an_input_error(
        org_dir, tmp_path, field):
    """Issue 13, items 1 and 13: protected text in a field that reaches the agenda, the invite,
    the file names or the confirmation request stops the command at the field's line."""
    from click.testing import CliRunner

    from briefpack.cli import main

    context = _org(org_dir)
    budget = next(f for f in context.loaded.org.facts if f.category == "budget")
    path = _field_meeting(org_dir, tmp_path, field, budget.text, ["ae"])
    command = "followup" if field == "outcome" else "brief"
    result = CliRunner().invoke(main, [command, str(path), "-o", str(tmp_path / "out"),
                                       "--format", "ics"] if command == "brief" else
                                [command, str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert f"protected fact '{budget.id}'" in result.stderr
    assert result.stderr.startswith(f"{path}:") or f"field-{field}.yaml:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_csm_may_not_receive_the_renewal_date_in_an_outcome(tmp_path):
    """Item 13: the request obeys the audience rules: the renewal date, safe in general, is
    protected when a CSM attends, so an outcome quoting it is reported at its line."""
    from click.testing import CliRunner

    from briefpack.cli import main

    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    meeting = yaml.safe_load((EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml").read_text())
    meeting["outcomes"] = [{"summary": "Priya will plan the adoption work back from our "
                                       "renewal on 30 June 2027.", "made_by": "Priya Shah"}]
    path = org / "meetings" / "csm.yaml"
    path.write_text(yaml.safe_dump(meeting, allow_unicode=True))
    result = CliRunner().invoke(main, ["followup", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "outcomes[0].summary" in result.stderr and "renewal-timeline" in result.stderr
    assert not (tmp_path / "out").exists()


def test_state_set_in_the_transition_pack_never_reaches_the_letter(org_dir, tmp_path):
    """The same attack on the AE-transition: the internal pack's override stores what is
    protected from the new AE; the letter's override includes a template that prints it."""
    steal = ('{% extends "default:transition-pack.md.j2" %}\n{% import "stash.j2" as s %}\n'
             '{% block summary %}{% set box = s.box %}{% for b in v.protect_from_ae %}'
             '{% for f in b.facts %}{% set box.secret = box.secret ~ f.text %}{% endfor %}'
             '{% endfor %}STOLEN:{{ box.secret }}\n{{ super() }}{% endblock %}\n')
    folder = _hostile_org(org_dir, tmp_path, {
        "stash.j2": STASH, "transition-pack.md.j2": steal,
        "show.j2": '{% import "stash.j2" as s %}LEAK:{{ s.box.secret }}\n',
        "confirmation-letter.md.j2": "# Letter\n\n{% include \"show.j2\" %}\n"})
    docs, _, _ = plan_transition(folder)
    pack, letter = docs
    protected = [f.text.split()[1] for f in _org(org_dir).loaded.org.facts
                 if f.category in protected_categories(_org(org_dir).playbook.playbook, ["ae"])]
    assert any(c in pack.markdown for c in protected)
    assert "LEAK:" in letter.markdown
    assert [c for c in protected if c in letter.markdown] == []
