"""The counter-proposal to an offer: the lines we ask for, the prices we propose and the
commercial justification, for the AE to carry to the deal desk.

:func:`proposed_lines` decides each line, drawing only on facts that
:func:`briefpack.packs.flow.shareable_facts` lets through for the roles the counter-proposal
goes to (the playbook's ``offers.counter_proposal_to``): a quantity is lowered to what a shared
fact says is used, never to what a protected one says. :func:`counter_view` builds the
shareable document's view from names, dates, products, figures and those facts' texts, so no
template can print a protected fact, an alternative's quote or the offer's internal notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from briefpack.data.models import Fact
from briefpack.data.money import amount_text, price_text
from briefpack.data.offers import OfferContext, product_key
from briefpack.packs.common import long_date
from briefpack.packs.flow import shareable_facts
from briefpack.packs.letters import salutation
from briefpack.packs.offer_figures import LineFigures, amount


@dataclass(frozen=True)
class ProposedLine:
    """One line of the counter-proposal, and what it rests on."""

    product: str
    quantity: int
    unit_price: Decimal
    months: int
    amount: Decimal
    list_price: Decimal | None
    price_basis: str  # "target" (our decision), "current" (what we pay today) or "offered"
    quantity_from: Fact | None  # the shared fact saying how many we use, if one does
    why: str  # the line's own justification, as typed


def shared_facts(ctx: OfferContext) -> list[Fact]:
    """The facts the counter-proposal may draw on: under the offer's share and safe with
    every role it goes to."""
    return shareable_facts(ctx.org, ctx.playbook, ctx.guidance.counter_proposal_to,
                           ctx.offer.share)


def _used(ctx: OfferContext, product: str, facts: list[Fact]) -> Fact | None:
    """The fact among ``facts`` with the largest quantity of ``product`` in use, if any."""
    using = [f for f in facts if f.uses and product_key(f.uses.product) == product_key(product)]
    return max(using, key=lambda f: f.uses.quantity, default=None)


def proposed_lines(ctx: OfferContext, figures: list[LineFigures]) -> list[ProposedLine]:
    """Each offered line as we propose it: our target price, else the current price when it is
    lower than the offer's, else the offer's; the quantity a shared fact says is used when it
    is lower than the offer's (the largest, when several say), else the offer's."""
    shared = shared_facts(ctx)
    currency = ctx.offer.currency
    out = []
    for line, fig in zip(ctx.offer.lines, figures):
        if line.target_price is not None:
            price, basis = line.target_price, "target"
        elif fig.current_price is not None and fig.current_price < line.unit_price:
            price, basis = fig.current_price, "current"
        else:
            price, basis = line.unit_price, "offered"
        fact = _used(ctx, line.product, shared)
        quantity = min(fact.uses.quantity, line.quantity) if fact else line.quantity
        out.append(ProposedLine(
            line.product, quantity, price, line.term_months,
            amount(quantity, price, line.term_months, currency),
            fig.list_price, basis, fact, line.why))
    return out


# --------------------------------------------------------------------------- the document


@dataclass
class CounterRow:
    """A line of the counter-proposal as printed."""

    product: str
    quantity: str
    unit_price: str
    months: int
    amount: str


@dataclass
class CounterView:
    """Everything the shareable counter-proposal shows: no protected fact, no quote, no note."""

    org_name: str
    vendor_name: str
    to_name: str
    salutation: str
    signatory_name: str
    signatory_title: str
    date: str
    offer_id: str
    offer_date: str
    offer_kind: str
    currency: str
    rows: list[CounterRow]
    total: str
    offer_total: str
    separate_lines: bool  # the offer was a bundle: we ask for each product on its own
    justification: list[str]


def _term_for(ctx: OfferContext, product: str) -> str:
    """The agreement's term that names ``product``, if one does (the vendor signed it)."""
    terms = ctx.org.agreement.terms if ctx.org.agreement else []
    return next((t for t in terms if product_key(product) in product_key(t)), "")


def justification(ctx: OfferContext, lines: list[ProposedLine]) -> list[str]:
    """Why each line is proposed as it is, then the offer's own points: what the vendor signed,
    the shared facts' texts and what we typed, nothing else."""
    points = []
    for line in lines:
        if line.price_basis == "current":
            term = _term_for(ctx, line.product)
            points.append(f"{line.product}: the price of our current agreement"
                          + (f" ({term})." if term else "."))
        if line.quantity_from is not None:
            points.append(f"{line.product} ({line.quantity:,}): {line.quantity_from.text}")
        if line.why:
            points.append(f"{line.product}: {line.why}")
    return points + list(ctx.offer.justification)


def counter_view(ctx: OfferContext, lines: list[ProposedLine], offer_price: Decimal
                 ) -> CounterView:
    """The shareable counter-proposal's view model."""
    currency = ctx.offer.currency
    total = sum((line.amount for line in lines), Decimal(0))
    owner = ctx.owner
    return CounterView(
        org_name=ctx.org.name, vendor_name=ctx.playbook.vendor.name,
        to_name=ctx.sender.name,
        salutation=salutation([ctx.sender.name], ctx.org.salutation, ctx.playbook.vendor.name),
        signatory_name=owner.name if owner else "", signatory_title=owner.title if owner else "",
        date=long_date(ctx.as_of), offer_id=ctx.offer.id, offer_date=long_date(ctx.offer.date),
        offer_kind=ctx.kind.name.lower(), currency=currency,
        rows=[CounterRow(line.product, f"{line.quantity:,}", price_text(line.unit_price, currency),
                         line.months, amount_text(line.amount, currency)) for line in lines],
        total=amount_text(total, currency), offer_total=amount_text(offer_price, currency),
        separate_lines=ctx.offer.bundle_price is not None or ctx.kind.take_apart,
        justification=justification(ctx, lines))
