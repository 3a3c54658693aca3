"""``briefpack offer``: evaluate an offer the day it arrives. Writes the internal offer
evaluation and the shareable counter-proposal for the AE to carry to the deal desk.

:func:`plan_offer` validates and renders one offer file without writing anything; ``batch``
can call it per offer file, as it calls ``plan_meeting`` per meeting, and write the documents
with :func:`offer_files_target` and :func:`briefpack.packs.documents.write_documents`.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from briefpack.data.offers import OfferContext, load_offer_context
from briefpack.errors import Problem, ValidationFailed, display_path
from briefpack.guard.offer_fields import counter_field_problems, counter_findings
from briefpack.packs.counter import counter_view
from briefpack.packs.documents import PlannedDocument, check_formats, plan, write_documents
from briefpack.packs.offer import evaluation_view
from briefpack.packs.offer_eval import evaluate
from briefpack.word.output import organisation_folder


def plan_offer(offer_path: Path, org_path: Path | None = None, as_of: date | None = None
               ) -> tuple[list[PlannedDocument], OfferContext, list[str]]:
    """Validate an offer with its organisation and render the evaluation and the
    counter-proposal (nothing is written). Also returns what ``briefpack check`` would still
    find in the counter-proposal (normally nothing), which the evaluation prints too."""
    ctx, org, _ = load_offer_context(
        Path(offer_path), org_path, as_of,
        also=lambda ctx, org, loaded: counter_field_problems(ctx, loaded.doc))
    ev = evaluate(ctx)
    vendor, offer = ctx.playbook.vendor.name, ctx.offer
    counter = plan(org, "counter-proposal.md.j2", counter_view(ctx, ev.proposed, ev.totals.price),
                   kind="counter-proposal", shareable=True,
                   title=f"Counter-proposal to offer {offer.id}", subtitle="",
                   subject=f"Counter-proposal: {offer.id}",
                   keywords=["counter-proposal", "offer"])
    findings = counter_findings(ctx, counter.markdown)
    view = evaluation_view(ctx, ev, findings)
    details = [("Offer", f"{offer.id}, {ctx.kind.name.lower()}"),
               ("From", view.sender), ("Received", view.deadline.received)]
    if view.deadline.expires:
        details.append(("Expires", view.deadline.expires))
    details += [("Evaluated", view.as_of), ("Prepared for", ctx.org.name)]
    evaluation = plan(org, "offer-evaluation.md.j2", view, kind="offer-evaluation",
                      shareable=False, title=f"Offer {offer.id}",
                      subtitle=f"Internal offer evaluation · {ctx.kind.name}",
                      subject=f"Internal evaluation of an offer from {vendor}",
                      keywords=["offer", ctx.kind.id, ctx.playbook.vendor.id],
                      details=details, marking=view.marking)
    return [evaluation, counter], ctx, findings


def offer_files_target(ctx: OfferContext, out_dir: Path) -> tuple[date, str, Path]:
    """Where an offer's documents go and how they are named: the offer's date, its id as the
    slug, and ``out_dir/<organisation>/``."""
    return ctx.offer.date, ctx.offer.id, organisation_folder(out_dir, ctx.org.name)


def offer(offer_path: Path, org_path: Path | None = None, out_dir: Path = Path("output"),
          formats: tuple[str, ...] = ("docx",), force: bool = False,
          as_of: date | None = None) -> list[Path]:
    """Write the offer evaluation and the counter-proposal into ``out_dir/<organisation>/``;
    return the written paths. Nothing is written when the offer or its organisation is
    invalid."""
    check_formats(formats)
    docs, ctx, findings = plan_offer(offer_path, org_path, as_of)
    day, slug, folder = offer_files_target(ctx, out_dir)
    written = write_documents(docs, day, slug, folder, formats, force)
    for finding in findings:  # the evaluation states them too
        logging.getLogger("briefpack").warning(
            "%s: warning: the counter-proposal would not pass briefpack check: %s",
            display_path(Path(offer_path)), finding)
    return written


def offer_problems(offer_path: Path) -> list[Problem]:
    """Every problem of an offer file and its organisation that ``briefpack offer`` reports
    before rendering, the text that would reach the counter-proposal included (for
    ``validate``, which renders and writes nothing)."""
    try:
        load_offer_context(Path(offer_path),
                           also=lambda ctx, org, loaded: counter_field_problems(ctx, loaded.doc))
    except ValidationFailed as exc:
        return exc.problems
    return []
