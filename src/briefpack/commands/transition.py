"""``briefpack transition``: the internal AE-transition pack and the shareable letter asking
the vendor to confirm in writing what the previous team committed to."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from briefpack.data.context import OrgContext, load_org_context
from briefpack.packs.documents import PlannedDocument, check_formats, plan, write_documents
from briefpack.packs.maildraft import letter_mail
from briefpack.packs.transition import AeChange, find_ae_change, letter_view, transition_view
from briefpack.word.output import organisation_folder


def plan_transition(org_path: Path, from_name: str | None = None, to_name: str | None = None,
                    today: date | None = None) -> tuple[list[PlannedDocument], OrgContext, AeChange]:
    """Validate the organisation, find the AE change and render both documents."""
    org = load_org_context(Path(org_path))
    change = find_ae_change(org, from_name, to_name, today)
    view = transition_view(org, change, today)
    vendor = view.vendor_name
    until = "left" if view.outgoing_left else "until"
    details = [("Outgoing AE", f"{change.outgoing.name} ({until} {view.outgoing_until})"),
               ("Incoming AE", f"{change.incoming.name} (from {view.incoming_since})")]
    if view.renewal_date:
        details.append(("Renewal", f"{view.renewal_date}"))
    details.append(("Prepared for", view.org_name))
    title = f"{vendor} account executive transition"
    letter = letter_view(org, change, today or date.today())
    docs = [
        plan(org, "transition-pack.md.j2", view, kind="transition-pack", shareable=False,
             title=title, subtitle=f"Internal pack · {change.outgoing.name} to {change.incoming.name}",
             subject=f"Internal pack for the change of {vendor} account executive",
             keywords=["transition", "commitments", org.playbook.playbook.vendor.id],
             details=details, marking=view.marking),
        plan(org, "confirmation-letter.md.j2", letter, kind="confirmation-letter",
             shareable=True, title="Confirmation of commitments", subtitle="",
             subject=f"Request to confirm commitments in writing: {view.org_name}",
             keywords=["confirmation", "commitments"], mail=letter_mail(org.loaded.org, letter)),
    ]
    return docs, org, change


def transition(org_path: Path, from_name: str | None = None, to_name: str | None = None,
               out_dir: Path = Path("output"), formats: tuple[str, ...] = ("docx",),
               force: bool = False, today: date | None = None) -> list[Path]:
    """Write the transition pack and the confirmation letter into ``out_dir/<organisation>/``
    (with ``eml`` in ``formats``, the letter's e-mail draft too); return the written paths."""
    check_formats(formats)
    docs, org, change = plan_transition(org_path, from_name, to_name, today)
    name = org.loaded.org.name
    return write_documents(docs, change.effective, name, organisation_folder(out_dir, name),
                           formats, force)
