"""The figures of one offer, in Decimal: its lines against list and current prices, its
totals, the bundle taken apart at the quantities any fact says are used, and the lines of the
counter-proposal. The evaluation (:mod:`briefpack.packs.offer`) prints them; the
counter-proposal (:mod:`briefpack.packs.counter`) prints its own lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from briefpack.data.offers import OfferContext
from briefpack.packs.counter import ProposedLine, proposed_lines
from briefpack.packs.offer_figures import (
    Breakdown,
    LineFigures,
    Totals,
    breakdown,
    component,
    line_figures,
    totals,
)


def offer_figures(ctx: OfferContext) -> list[LineFigures]:
    """Each offered line against its list price (the line's, else org.yaml's) and the current
    price org.yaml gives."""
    out = []
    for line in ctx.offer.lines:
        price = ctx.price(line.product)
        listed = line.list_price if line.list_price is not None else (
            price.list_price if price else None)
        out.append(line_figures(line.product, line.quantity, line.unit_price,
                                line.term_months, listed, price.unit_price if price else None,
                                ctx.offer.currency))
    return out


def bundle_apart(ctx: OfferContext, figures: list[LineFigures], price: Decimal) -> Breakdown:
    """The offer taken apart: at the quantities any fact says are used (internal: protected
    facts count here, never in the counter-proposal)."""
    parts = []
    for fig in figures:
        facts = ctx.usage(fig.product)
        top = max(facts, key=lambda f: f.uses.quantity, default=None)
        used = (min(top.uses.quantity, fig.quantity), [f.id for f in facts]) if top else None
        parts.append(component(fig, used, ctx.offer.currency))
    return breakdown(parts, price)


@dataclass
class Evaluated:
    """What the evaluation and the counter-proposal share: the figures, in Decimal."""

    figures: list[LineFigures]
    totals: Totals
    breakdown: Breakdown | None
    proposed: list[ProposedLine]


def evaluate(ctx: OfferContext, proposed: list[ProposedLine] | None = None) -> Evaluated:
    """The offer's figures: its lines, its totals, the bundle apart (when it has a bundle
    price or is of the bundle kind) and the lines proposed."""
    figures = offer_figures(ctx)
    t = totals(figures, ctx.offer.bundle_price)
    is_bundle = ctx.offer.bundle_price is not None or ctx.kind.take_apart
    return Evaluated(figures, t, bundle_apart(ctx, figures, t.price) if is_bundle else None,
                     proposed if proposed is not None else proposed_lines(ctx, figures))
