"""Load an offer with its organisation and playbook, and check what they say together.

An offer (``offers/*.yaml``) names the person who made it (on the vendor's roster), its kind
(one of the playbook's offer kinds), its products (each one org.yaml names: in the agreement's
prices, or a fact's ``uses`` or ``quote``) and one currency. A price or quote of an offered
product in another currency is an error at the offer's line, naming the other: briefpack never
converts. The facts the counter-proposal may cite (``share``) must be safe with every role it
goes to (the playbook's ``offers.counter_proposal_to``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefpack.data.context import OrgContext, org_context_problems
from briefpack.data.ids import closest, unknown
from briefpack.data.load import LoadedOffer, LoadedOrg, load_offer, offer_org_path
from briefpack.data.models import AccountMember, Fact, Offer, Organisation, OurMember, Price
from briefpack.data.money import fits_minor_units, minor_units
from briefpack.data.playbook import OfferGuidance, OfferKind, Playbook
from briefpack.data.protection import protected_categories
from briefpack.errors import Problem, ValidationFailed


def product_key(name: str) -> str:
    """How product names are compared: case and spacing set aside."""
    return " ".join(str(name).casefold().split())


@dataclass
class OfferContext:
    """A validated offer with its organisation and playbook, as seen on ``as_of``."""

    playbook: Playbook
    org: Organisation
    offer: Offer
    kind: OfferKind
    guidance: OfferGuidance
    sender: AccountMember
    owner: OurMember | None
    as_of: date

    def price(self, product: str) -> Price | None:
        """What the organisation pays today for ``product``, if org.yaml says."""
        prices = self.org.agreement.prices if self.org.agreement else []
        return next((p for p in prices if product_key(p.product) == product_key(product)), None)

    def usage(self, product: str) -> list[Fact]:
        """The facts saying how many of ``product`` the organisation uses or will use."""
        return [f for f in self.org.facts
                if f.uses and product_key(f.uses.product) == product_key(product)]

    def quotes(self, product: str) -> list[Fact]:
        """The facts holding an alternative's quote for ``product``."""
        return [f for f in self.org.facts
                if f.quote and product_key(f.quote.product) == product_key(product)]


def known_products(org: Organisation) -> list[str]:
    """Every product org.yaml names: in the agreement's prices and the facts' uses and
    quotes."""
    names = [p.product for p in (org.agreement.prices if org.agreement else [])]
    names += [f.uses.product for f in org.facts if f.uses]
    names += [f.quote.product for f in org.facts if f.quote]
    return list(dict.fromkeys(names))


# --------------------------------------------------------------------------- checks


def _kind_problems(loaded: LoadedOffer, pb: Playbook) -> list[Problem]:
    offer, doc = loaded.offer, loaded.doc
    if pb.offers is None:
        return [doc.problem(("kind",), f"the {pb.vendor.name} playbook has no offer guidance "
                            "(an offers section); briefpack cannot evaluate offers for it")]
    if pb.offers.kind(offer.kind) is None:
        kinds = [k.id for k in pb.offers.kinds]
        return [doc.problem(("kind",), unknown("offer kind", offer.kind, kinds))]
    return []


def _people_problems(loaded: LoadedOffer, org: LoadedOrg) -> list[Problem]:
    offer, doc, problems = loaded.offer, loaded.doc, []
    if org.org.member(offer.from_) is None:
        names = [m.name for m in org.org.account_team]
        guess = closest(offer.from_, names)
        hint = f"; did you mean '{guess}'?" if guess else ""
        problems.append(doc.problem(("from",), (
            f"'{offer.from_}' is not on the account_team roster of {org.doc.shown}{hint} "
            "The offer's from names the vendor's person who made it")))
    if offer.owner and org.org.colleague(offer.owner) is None:
        problems.append(doc.problem(("owner",), (
            f"'{offer.owner}' is not on the our_team roster of {org.doc.shown}")))
    if offer.expires and offer.expires < offer.date:
        problems.append(doc.problem(("expires",), (
            f"expires ({offer.expires}) is before the offer was received ({offer.date})")))
    return problems


def _product_problems(loaded: LoadedOffer, org: LoadedOrg) -> list[Problem]:
    """Each offered product is one org.yaml names, priced there at most once."""
    known = known_products(org.org)
    prices = org.org.agreement.prices if org.org.agreement else []
    problems = []
    for i, line in enumerate(loaded.offer.lines):
        key = product_key(line.product)
        if key not in {product_key(k) for k in known}:
            problems.append(loaded.doc.problem(("lines", i, "product"), (
                unknown("product", line.product, known) if known else
                f"unknown product '{line.product}': {org.doc.shown} names no products") + (
                f". Add it to agreement.prices in {org.doc.shown} (what you pay for it now) or "
                "to a fact's uses, or correct its name")))
        priced = [p for p, price in enumerate(prices) if product_key(price.product) == key]
        for p in priced[1:]:
            problems.append(org.doc.problem(("agreement", "prices", p, "product"), (
                f"'{line.product}' is priced twice (also agreement.prices[{priced[0]}]); give "
                "each product's current price once")))
    return problems


def _currency_problems(loaded: LoadedOffer, org: LoadedOrg) -> list[Problem]:
    """Prices and quotes of the offered products are in the offer's currency; amounts that are
    totals fit its minor unit."""
    offer, doc, problems = loaded.offer, loaded.doc, []
    currency = offer.currency
    prices = org.org.agreement.prices if org.org.agreement else []
    for i, line in enumerate(offer.lines):
        key = product_key(line.product)
        others = [(("agreement", "prices", p), price.currency, "is priced")
                  for p, price in enumerate(prices) if product_key(price.product) == key]
        others += [(("facts", f, "quote"), fact.quote.currency, f"is quoted (fact '{fact.id}')")
                   for f, fact in enumerate(org.org.facts)
                   if fact.quote and product_key(fact.quote.product) == key]
        for loc, other, what in others:
            if other != currency:
                where = org.doc.problem(loc, "")
                problems.append(doc.problem(("lines", i, "product"), (
                    f"'{line.product}' {what} in {other} at {where.path}:{where.line} "
                    f"({where.loc}), this offer in {currency}; briefpack compares amounts in "
                    f"one currency and never converts: give both in {currency}, or both in "
                    f"{other}")))
    if offer.bundle_price is not None and not fits_minor_units(offer.bundle_price, currency):
        problems.append(doc.problem(("bundle_price",), (
            f"{offer.bundle_price} {currency} is not a whole number of {currency}'s minor unit "
            f"({minor_units(currency)} decimal places)")))
    return problems


def _share_problems(loaded: LoadedOffer, org: LoadedOrg, pb: Playbook) -> list[Problem]:
    """The facts under share exist, are listed once and are safe with every role the
    counter-proposal goes to."""
    if pb.offers is None:
        return []
    protected = protected_categories(pb, pb.offers.counter_proposal_to)
    problems, seen = [], set()
    for i, fact_id in enumerate(loaded.offer.share):
        fact = org.org.fact(fact_id)
        if fact_id in seen:
            message = f"fact '{fact_id}' is listed twice"
        elif fact is None:
            message = unknown("fact", fact_id, [f.id for f in org.org.facts])
        elif fact.category in protected:
            message = (f"fact '{fact_id}' (category '{fact.category}') may not go into the "
                       f"counter-proposal: {protected[fact.category].reason(pb)}. Remove it "
                       "from share; the internal evaluation uses it without sharing it")
        else:
            message = ""
        seen.add(fact_id)
        if message:
            problems.append(loaded.doc.problem(("share", i), message))
    return problems


def check_offer(loaded: LoadedOffer, org: LoadedOrg, pb: Playbook) -> list[Problem]:
    """Kind, people, dates, products, currency and the facts shared, checked together."""
    return (_kind_problems(loaded, pb) + _people_problems(loaded, org)
            + _product_problems(loaded, org) + _currency_problems(loaded, org)
            + _share_problems(loaded, org, pb))


# --------------------------------------------------------------------------- loading

MoreChecks = Callable[[OfferContext, OrgContext, LoadedOffer], list[Problem]]


def load_offer_context(offer_path: Path, org_path: Path | None = None,
                       as_of: date | None = None, also: MoreChecks | None = None
                       ) -> tuple[OfferContext, OrgContext, LoadedOffer]:
    """Load and fully check an offer, its organisation and the playbook; every problem of the
    offer and the organisation is raised together. ``also`` is a later stage's check (the text
    that reaches the counter-proposal), run when the rest is sound."""
    loaded = load_offer(Path(offer_path))
    problems = list(loaded.problems)
    org, org_problems = org_context_problems(offer_org_path(loaded, org_path))
    problems += org_problems
    if org is None or loaded.offer is None:
        raise ValidationFailed(problems)
    pb = org.playbook.playbook
    problems += check_offer(loaded, org.loaded, pb)
    if problems:
        raise ValidationFailed(problems)
    offer = loaded.offer
    owner = org.loaded.org.colleague(offer.owner) if offer.owner else (
        org.loaded.org.our_team[0] if org.loaded.org.our_team else None)
    ctx = OfferContext(pb, org.loaded.org, offer, pb.offers.kind(offer.kind), pb.offers,
                       org.loaded.org.member(offer.from_), owner, as_of or date.today())
    if also is not None:
        problems += also(ctx, org, loaded)
    if problems:
        raise ValidationFailed(problems)
    return ctx, org, loaded
