"""The arithmetic of an offer's evaluation, in :class:`decimal.Decimal` and the currency's
rounding, kept apart from the words so that each figure can be checked by hand.

Prices are per unit per month. An amount is ``quantity × unit price × months``, rounded once to
the currency's minor unit (half up); a total adds rounded amounts; a share (a discount, a
change) is a fraction computed from unrounded prices or from the rounded amounts it compares,
and is rounded only when printed. Who can approve a discount is read from the roles' discount
bands (:class:`briefpack.data.playbook.DiscountBand`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from briefpack.data.money import rounded
from briefpack.data.playbook import Role

HUNDRED = Decimal(100)


def amount(quantity: int, unit_price: Decimal, months: int, currency: str) -> Decimal:
    """``quantity × unit_price × months``, rounded to the currency's minor unit."""
    return rounded(quantity * unit_price * months, currency)


def share_off(price: Decimal, reference: Decimal) -> Decimal | None:
    """``1 − price / reference``: the discount of ``price`` off ``reference`` (a fraction)."""
    return None if not reference else 1 - price / reference


@dataclass(frozen=True)
class LineFigures:
    """One offered line against its list and current prices."""

    product: str
    quantity: int
    unit_price: Decimal
    list_price: Decimal | None
    current_price: Decimal | None
    months: int
    monthly: Decimal  # quantity × unit_price
    amount: Decimal  # quantity × unit_price × months
    list_amount: Decimal | None  # quantity × list_price × months
    discount: Decimal | None  # 1 − unit_price / list_price
    change: Decimal | None  # unit_price / current_price − 1
    difference: Decimal | None  # quantity × (unit_price − current_price) × months


def line_figures(product: str, quantity: int, unit_price: Decimal, months: int,
                 list_price: Decimal | None, current_price: Decimal | None,
                 currency: str) -> LineFigures:
    """A line's amounts and shares (see the module's rules)."""
    off_list = share_off(unit_price, list_price) if list_price is not None else None
    change = (unit_price / current_price - 1) if current_price else None
    return LineFigures(
        product, quantity, unit_price, list_price, current_price, months,
        monthly=rounded(quantity * unit_price, currency),
        amount=amount(quantity, unit_price, months, currency),
        list_amount=(amount(quantity, list_price, months, currency)
                     if list_price is not None else None),
        discount=off_list, change=change,
        difference=(amount(quantity, unit_price - current_price, months, currency)
                    if current_price is not None else None))


@dataclass(frozen=True)
class Totals:
    """The whole offer: its price (the bundle price, else the lines' sum) against list."""

    lines_sum: Decimal
    price: Decimal  # bundle_price, else lines_sum
    list_total: Decimal | None  # None when a line has no list price
    discount: Decimal | None  # 1 − price / list_total


def totals(lines: list[LineFigures], bundle_price: Decimal | None) -> Totals:
    """The sums of ``lines``, and the discount of the offer's price off their list amounts."""
    lines_sum = sum((f.amount for f in lines), Decimal(0))
    price = bundle_price if bundle_price is not None else lines_sum
    list_total = (sum((f.list_amount for f in lines), Decimal(0))
                  if all(f.list_amount is not None for f in lines) else None)
    return Totals(lines_sum, price, list_total,
                  share_off(price, list_total) if list_total else None)


# --------------------------------------------------------------------------- the bundle apart


@dataclass(frozen=True)
class Component:
    """One product of a bundle, priced on its own at the quantity the organisation would use."""

    product: str
    offered_quantity: int
    used_quantity: int
    used_from: list[str]  # the facts the used quantity comes from; empty: taken as offered
    own_price: Decimal  # the current price, else the offered unit price
    basis: str  # "current" | "offered"
    months: int
    same_amount: Decimal  # offered_quantity × own_price × months
    used_amount: Decimal  # used_quantity × own_price × months


def component(line: LineFigures, used: tuple[int, list[str]] | None,
              currency: str) -> Component:
    """``line`` taken out of its bundle: at the current price if there is one, else the price
    offered for it; at the quantity the facts say is used (the largest, when several facts
    say), else the quantity offered."""
    own, basis = ((line.current_price, "current") if line.current_price is not None
                  else (line.unit_price, "offered"))
    quantity, facts = used if used else (line.quantity, [])
    return Component(line.product, line.quantity, quantity, facts, own, basis, line.months,
                     amount(line.quantity, own, line.months, currency),
                     amount(quantity, own, line.months, currency))


@dataclass(frozen=True)
class Breakdown:
    """A bundle against its parts: bought at the same quantities, and only as used."""

    components: list[Component]
    bundle: Decimal
    same_total: Decimal  # Σ same_amount
    used_total: Decimal  # Σ used_amount
    saving_on_same: Decimal  # same_total − bundle (negative: the bundle costs more)
    premium_over_used: Decimal  # bundle − used_total (negative: the bundle costs less)
    premium_share: Decimal | None  # premium_over_used / used_total


def breakdown(components: list[Component], bundle: Decimal) -> Breakdown:
    """The bundle's saving on its own quantities and its premium over what would be used."""
    same = sum((c.same_amount for c in components), Decimal(0))
    used = sum((c.used_amount for c in components), Decimal(0))
    premium = bundle - used
    return Breakdown(components, bundle, same, used, same - bundle, premium,
                     premium / used if used else None)


# --------------------------------------------------------------------------- authority


@dataclass(frozen=True)
class Standing:
    """Where a discount stands against one role's band: ``within`` (at or below its lowest
    reported ceiling), ``range`` (inside the reported range: depends on the person), ``above``
    (beyond it), ``decides`` (a role without ceiling, for discounts beyond its min) or
    ``not-needed`` (at or below that min)."""

    role: Role
    verdict: str


def standing(role: Role, percent: Decimal) -> Standing:
    """Where ``percent`` (off list, in percent) stands against ``role``'s discount band."""
    band = role.discount_band
    if band.max is None:
        return Standing(role, "decides" if percent > band.min else "not-needed")
    if percent <= band.min:
        return Standing(role, "within")
    return Standing(role, "range" if percent <= band.max else "above")


def banded_roles(roles: list[Role]) -> list[Role]:
    """The roles with a discount band, lowest ceiling first, the one without ceiling last."""
    with_band = [r for r in roles if r.discount_band is not None]
    return sorted(with_band, key=lambda r: (r.discount_band.max is None,
                                            r.discount_band.max or 0, r.discount_band.min))


def approver(roles: list[Role], percent: Decimal) -> Role | None:
    """The first role, by ceiling, whose band reaches ``percent``: the one who can approve it
    (the role without ceiling when none does)."""
    for role in banded_roles(roles):
        band = role.discount_band
        if band.max is None or percent <= band.max:
            return role
    return None
