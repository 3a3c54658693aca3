"""Parts of an offer's internal evaluation: its deadline on the vendor's calendar and who in
the vendor can approve the discounts offered and asked (from the roles' discount bands), each
said with the playbook's statements and their backing notes ("one adviser's figure")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from briefpack.data.money import amount_text, percent_text
from briefpack.data.offers import OfferContext
from briefpack.data.playbook import Role, Statement
from briefpack.data.provenance import with_note
from briefpack.packs.common import long_date, short_title
from briefpack.packs.fiscal import fiscal_position
from briefpack.packs.offer_eval import Evaluated
from briefpack.packs.offer_figures import approver, banded_roles, standing

# --------------------------------------------------------------------------- deadline


@dataclass
class DeadlineView:
    """The offer's expiry against the day it came, today, the vendor's calendar and renewal."""

    received: str
    expires: str  # "" when the offer gives no expiry
    days_open: int | None  # from receipt to expiry
    days_left: int | None  # from the evaluation's day to expiry
    fiscal_label: str  # the vendor's quarter the expiry falls in (FY27 Q3)
    quarter_end: str  # that quarter's last day
    days_before_quarter_end: int | None
    on_quarter_end: bool
    on_year_end: bool
    pressure: bool  # the kind's expiry is presented as urgency (a limited-time offer)
    said: list[str] = field(default_factory=list)  # the playbook on this expiry
    renewal: str = ""
    renewal_after_expiry: int | None = None  # days from expiry to the agreement's renewal
    statements: list[Statement] = field(default_factory=list)  # printed, for the sources


def deadline_view(ctx: OfferContext) -> DeadlineView:
    """Where the expiry falls: on a quarter or year end of the vendor, or another day."""
    offer, pb, guidance = ctx.offer, ctx.playbook, ctx.guidance
    calendar = pb.vendor.fiscal_calendar
    renewal = ctx.org.agreement.renewal_date if ctx.org.agreement else None
    view = DeadlineView(long_date(offer.date), "", None, None, "", "", None, False, False,
                        ctx.kind.deadline_pressure, renewal=long_date(renewal) if renewal else "")
    if offer.expires is None:
        return view
    expires = offer.expires
    view.expires, view.days_open = long_date(expires), (expires - offer.date).days
    view.days_left = (expires - ctx.as_of).days
    view.renewal_after_expiry = (renewal - expires).days if renewal else None
    if calendar is None:
        return view
    position = fiscal_position(expires, calendar.year_end)
    view.fiscal_label, view.quarter_end = position.label, long_date(position.quarter_end)
    view.days_before_quarter_end = position.days_to_quarter_end
    view.on_quarter_end = expires == position.quarter_end
    view.on_year_end = expires == position.year_end
    statements = ([guidance.quarter_end] if view.on_quarter_end else [guidance.other_day])
    statements += [guidance.year_end] if view.on_year_end else []
    view.statements = statements
    view.said = [with_note(pb, s, []) for s in statements]
    return view


def next_quarter_end(day: date, year_end: str) -> date:
    """The vendor's next quarter end after ``day``."""
    position = fiscal_position(day, year_end)
    if day < position.quarter_end:
        return position.quarter_end
    return fiscal_position(date.fromordinal(day.toordinal() + 1), year_end).quarter_end


# --------------------------------------------------------------------------- authority

_VERDICTS = {
    "within": "within its band",
    "range": "inside its reported range: depends on the person",
    "above": "above its band",
    "decides": "its decision",
    "not-needed": "not needed",
}


@dataclass
class AuthorityRow:
    """One role with a discount band: who holds it here, the band as the playbook says it,
    and where the largest discount offered and asked stand against it."""

    role: str
    people: str
    band: str
    offered: str
    asked: str


@dataclass
class AuthorityView:
    """Who can approve the discounts offered and asked, and how to engage them."""

    rows: list[AuthorityRow]
    offered_max: str  # "15.0% (Microsoft 365 Copilot)", "" when no line has a list price
    asked_max: str
    offered_by: str  # who can approve the offered discount: "Helen Brooks (AVP)"
    asked_by: str
    beyond_first: bool  # the discount asked is above the lowest band (the AE's)
    engage: list[str]
    statements: list[Statement] = field(default_factory=list)


def _people(ctx: OfferContext, role: Role) -> list[str]:
    """The roster's people in ``role`` on the evaluation's day."""
    return [m.name for m in ctx.org.account_team if m.role == role.id
            and (m.since is None or m.since <= ctx.as_of)
            and (m.until is None or ctx.as_of <= m.until)]


def _who(ctx: OfferContext, role: Role | None) -> str:
    if role is None:
        return ""
    people = _people(ctx, role)
    name = short_title(role.title)
    return f"{', '.join(people)} ({name})" if people else f"the {role.title.lower()}" if (
        name == role.title) else f"the {name}"


@dataclass(frozen=True)
class _Top:
    """The largest of some lines' discounts: its product and its percent off list."""

    product: str
    fraction: Decimal

    @property
    def percent(self) -> Decimal:
        return self.fraction * 100

    def __str__(self) -> str:
        return f"{percent_text(self.fraction)} ({self.product})"


def _largest(discounts: list[tuple[str, Decimal | None]]) -> _Top | None:
    known = [_Top(p, d) for p, d in discounts if d is not None]
    return max(known, key=lambda top: top.fraction, default=None)


def _verdict(role: Role, top: _Top | None) -> str:
    return _VERDICTS[standing(role, top.percent).verdict] if top else ""


def authority_view(ctx: OfferContext, offered: list[tuple[str, Decimal | None]],
                   asked: list[tuple[str, Decimal | None]]) -> AuthorityView:
    """Each banded role against the largest line discount offered and asked (fractions off
    list, by product); who can approve each; the playbook's advice on engaging them."""
    pb = ctx.playbook
    roles = banded_roles(pb.roles)
    top_offered, top_asked = _largest(offered), _largest(asked)
    rows = [AuthorityRow(short_title(role.title), ", ".join(_people(ctx, role)),
                         with_note(pb, role.discount_authority, role.source),
                         _verdict(role, top_offered), _verdict(role, top_asked))
            for role in roles]
    first = roles[0] if roles else None  # the lowest ceiling: the AE's, in Microsoft's playbook
    return AuthorityView(
        rows=rows, offered_max=str(top_offered or ""), asked_max=str(top_asked or ""),
        offered_by=_who(ctx, approver(roles, top_offered.percent)) if top_offered else "",
        asked_by=_who(ctx, approver(roles, top_asked.percent)) if top_asked else "",
        beyond_first=bool(first and top_asked and _verdict(first, top_asked) == _VERDICTS["above"]),
        engage=[with_note(pb, s, []) for s in ctx.guidance.engage],
        statements=[r.discount_authority for r in roles if r.discount_authority]
        + list(ctx.guidance.engage))


# --------------------------------------------------------------------------- options


@dataclass
class OptionView:
    """One option of the recommendation, with what it means in figures."""

    title: str
    text: str
    figures: str


def options_view(ctx: OfferContext, ev: Evaluated, deadline: DeadlineView,
             authority: AuthorityView) -> list[OptionView]:
    """The playbook's options for this kind of offer, each with what it means in figures."""
    cur, pb = ctx.offer.currency, ctx.playbook
    a = lambda v: f"{amount_text(v, cur)} {cur}"
    price = ev.totals.price
    asked = sum((p.amount for p in ev.proposed), Decimal(0))
    figures = {"counter": f"Asks {a(asked)} against the offer's {a(price)}" + (
        f", {a(price - asked)} less" if asked < price else "") + (
        f"; its largest discount, {authority.asked_max}, needs {authority.asked_by}"
        if authority.asked_by else "") + ".",
        "accept": f"{a(price)} for the term" + (
        f"; the discount offered, up to {authority.offered_max}, is for {authority.offered_by} "
        "to approve" if authority.offered_by else "") + "."}
    calendar = pb.vendor.fiscal_calendar
    if ctx.offer.expires and calendar:
        after = next_quarter_end(ctx.offer.expires, calendar.year_end)
        when = (f"at the end of {pb.vendor.name}'s {deadline.fiscal_label}"
                if deadline.on_quarter_end else f"on {deadline.expires}")
        figures["wait"] = f"It expires {when}; the next quarter ends on {long_date(after)}."
    if ev.breakdown is not None:
        b = ev.breakdown
        figures["separate"] = (f"What we would use, each on its own: {a(b.used_total)}, "
                               + (f"{a(b.premium_over_used)} less than the bundle."
                                  if b.premium_over_used > 0 else
                                  f"{a(-b.premium_over_used)} more than the bundle."))
    return [OptionView(o.title, with_note(pb, o.text, []), figures.get(o.id, ""))
            for o in ctx.guidance.options if not o.kinds or ctx.kind.id in o.kinds]
