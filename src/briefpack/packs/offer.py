"""The internal offer evaluation: an offer measured, the day it arrives, against the
organisation's current and list prices, its alternatives and adoption, Microsoft's calendar and
the account team's discount authority, with the options it leaves.

Every figure is printed with its inputs (the tables) and its formula with the numbers put in,
from :mod:`briefpack.packs.offer_figures`. Only internal documents are made from this view; the
counter-proposal has its own (:mod:`briefpack.packs.counter`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from briefpack.data.money import amount_text, minor_units, percent_text, price_text
from briefpack.data.offers import OfferContext
from briefpack.data.playbook import Source, Statement
from briefpack.data.provenance import source_ids, with_note
from briefpack.packs.common import long_date, marking_for
from briefpack.packs.counter import ProposedLine
from briefpack.packs.offer_eval import Evaluated
from briefpack.packs.offer_figures import Breakdown, LineFigures, Totals, amount, share_off
from briefpack.packs.offer_parts import (
    AuthorityView,
    DeadlineView,
    OptionView,
    authority_view,
    deadline_view,
    options_view,
)


def _dash(value: str) -> str:
    return value or "—"


def _signed(value: Decimal, text: str) -> str:
    return f"+{text}" if value > 0 else text


@dataclass
class LineRow:
    """An offered line as printed: its inputs and what is computed from them."""

    product: str
    quantity: str
    months: int
    unit_price: str
    list_price: str
    discount: str
    current_price: str
    change: str
    amount: str
    list_amount: str
    difference: str


@dataclass
class ComponentRow:
    """A product of the bundle, priced on its own."""

    product: str
    offered: str
    used: str
    used_from: str  # fact ids, or "as offered"
    own_price: str
    basis: str
    same_amount: str
    used_amount: str


@dataclass
class AlternativeRow:
    """An alternative's quote (a protected fact) against the offered price."""

    fact_id: str
    product: str
    supplier: str
    quoted: str
    offered: str
    lower_by: str  # offered − quoted, per unit per month, and as a share of the offered
    over_term: str  # at the offered quantity and term


@dataclass
class EvaluationView:
    """Everything the internal offer evaluation shows."""

    org_name: str
    vendor_name: str
    marking: str
    as_of: str
    offer_id: str
    kind_name: str
    kind_summary: str
    sender: str
    currency: str
    conditions: str
    notes: str
    deadline: DeadlineView
    lines: list[LineRow]
    totals: dict[str, str]
    bundle: dict[str, object] | None
    alternatives: list[AlternativeRow]
    authority: AuthorityView
    proposed: list[dict[str, str]]
    proposed_total: str
    advice: list[str]
    questions: list[str]
    options: list[OptionView]
    rounding: str
    check_findings: list[str]
    sources: list[Source]


def _line_rows(figures: list[LineFigures], currency: str) -> list[LineRow]:
    def pct(value: Decimal | None, signed: bool = False) -> str:
        if value is None:
            return "—"
        return _signed(value, percent_text(value)) if signed else percent_text(value)

    def price(value: Decimal | None) -> str:
        return price_text(value, currency) if value is not None else "—"

    return [LineRow(
        f.product, f"{f.quantity:,}", f.months, price(f.unit_price), price(f.list_price),
        pct(f.discount), price(f.current_price), pct(f.change, signed=True),
        amount_text(f.amount, currency),
        amount_text(f.list_amount, currency) if f.list_amount is not None else "—",
        _dash(_signed(f.difference, amount_text(f.difference, currency))
              if f.difference is not None else "")) for f in figures]


def _totals(t: Totals, figures: list[LineFigures], bundle_price: Decimal | None,
            currency: str) -> dict[str, str]:
    a = lambda v: amount_text(v, currency)
    out = {"price": a(t.price), "lines_sum": a(t.lines_sum),
           "is_bundle": "yes" if bundle_price is not None else "",
           "list_total": a(t.list_total) if t.list_total is not None else "",
           "discount": percent_text(t.discount) if t.discount is not None else "",
           "current_products": "", "current_difference": ""}
    current = [f for f in figures if f.difference is not None]
    if current:
        extra = sum((f.difference for f in current), Decimal(0))
        out["current_products"] = ", ".join(f.product for f in current)
        out["current_difference"] = _signed(extra, a(extra))
    return out


def _bundle_view(b: Breakdown, currency: str) -> dict[str, object]:
    a = lambda v: amount_text(v, currency)
    rows = [ComponentRow(c.product, f"{c.offered_quantity:,}", f"{c.used_quantity:,}",
                         ", ".join(c.used_from) or "as offered", price_text(c.own_price, currency),
                         c.basis, a(c.same_amount), a(c.used_amount)) for c in b.components]
    return {"rows": rows, "bundle": a(b.bundle), "same_total": a(b.same_total),
            "used_total": a(b.used_total), "saving_on_same": a(b.saving_on_same),
            "saves": b.saving_on_same > 0, "premium": a(b.premium_over_used),
            "costs_more": b.premium_over_used > 0,
            "premium_share": percent_text(b.premium_share) if b.premium_share is not None
            else ""}


def _alternatives(ctx: OfferContext, figures: list[LineFigures]) -> list[AlternativeRow]:
    rows, currency = [], ctx.offer.currency
    for fig in figures:
        for fact in ctx.quotes(fig.product):
            quote = fact.quote
            gap = fig.unit_price - quote.unit_price
            term_gap = fig.amount - amount(fig.quantity, quote.unit_price, fig.months, currency)
            rows.append(AlternativeRow(
                fact.id, fig.product, quote.supplier, price_text(quote.unit_price, currency),
                price_text(fig.unit_price, currency),
                f"{price_text(gap, currency)} "
                f"({percent_text(share_off(quote.unit_price, fig.unit_price))})",
                amount_text(term_gap, currency)))
    return rows


def _proposed_rows(lines: list[ProposedLine], currency: str) -> list[dict[str, str]]:
    basis = {"target": "our target", "current": "current price", "offered": "as offered"}
    return [{"product": p.product, "quantity": f"{p.quantity:,}",
             "unit_price": price_text(p.unit_price, currency), "basis": basis[p.price_basis],
             "discount": percent_text(share_off(p.unit_price, p.list_price))
             if p.list_price else "—",
             "quantity_from": p.quantity_from.id if p.quantity_from else "",
             "amount": amount_text(p.amount, currency)} for p in lines]


def _rounding(currency: str) -> str:
    places = minor_units(currency)
    unit = f"{places} decimal places" if places else "whole units"
    return (f"Amounts in {currency}, each rounded once to {unit} ({currency}'s minor unit, ISO "
            "4217), half up; totals add the rounded amounts; percentages are shown to one "
            "decimal place. Prices are per unit per month.")


def _sources(ctx: OfferContext, printed: list[Statement]) -> list[Source]:
    """The sources of the statements printed (the calendar's, through the expiry's)."""
    refs = source_ids(*printed)
    by_id = {s.id: s for s in ctx.playbook.vendor.sources}
    return [by_id[r] for r in dict.fromkeys(refs) if r in by_id]


def evaluation_view(ctx: OfferContext, ev: Evaluated, findings: list[str] = ()
                    ) -> EvaluationView:
    """The internal evaluation's view model."""
    pb, offer, currency = ctx.playbook, ctx.offer, ctx.offer.currency
    deadline = deadline_view(ctx)
    authority = authority_view(
        ctx, [(f.product, f.discount) for f in ev.figures],
        [(p.product, share_off(p.unit_price, p.list_price) if p.list_price else None)
         for p in ev.proposed])
    kind, guidance = ctx.kind, ctx.guidance
    questions = [*kind.questions, *guidance.questions]
    printed = [kind.summary, *kind.advice, *questions, *deadline.statements,
               *authority.statements]
    printed += [o.text for o in guidance.options if not o.kinds or kind.id in o.kinds]
    return EvaluationView(
        org_name=ctx.org.name, vendor_name=pb.vendor.name,
        marking=marking_for(ctx.org, pb.vendor.name), as_of=long_date(ctx.as_of),
        offer_id=offer.id, kind_name=kind.name,
        kind_summary=with_note(pb, kind.summary, []),
        sender=f"{ctx.sender.name} ({ctx.sender.title or ctx.sender.role})",
        currency=currency, conditions=offer.conditions, notes=offer.notes,
        deadline=deadline, lines=_line_rows(ev.figures, currency),
        totals=_totals(ev.totals, ev.figures, offer.bundle_price, currency),
        bundle=_bundle_view(ev.breakdown, currency) if ev.breakdown else None,
        alternatives=_alternatives(ctx, ev.figures), authority=authority,
        proposed=_proposed_rows(ev.proposed, currency),
        proposed_total=amount_text(sum((p.amount for p in ev.proposed), Decimal(0)), currency),
        advice=[with_note(pb, s, []) for s in kind.advice],
        questions=[with_note(pb, s, []) for s in questions],
        options=options_view(ctx, ev, deadline, authority), rounding=_rounding(currency),
        check_findings=list(findings),
        sources=_sources(ctx, printed))
