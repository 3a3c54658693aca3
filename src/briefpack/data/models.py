"""The files users write, described once as pydantic models: the organisation (org.yaml) and
a meeting.

Every model forbids unknown fields, so a misspelt key is an error with its line rather than
a silently ignored value. Cross-references between files (ids, names) are checked in
:mod:`briefpack.data.checks`; these models check the shape of each file on its own. The
playbook's models are in :mod:`briefpack.data.playbook`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from briefpack.data.fields import Day, Id, Model, Text, Time, TimeZone
from briefpack.data.money import Currency, Money


class Term(Model):
    """A part of the agreement with its own term: an MCA-E order form or a CSP subscription.
    Its end is a renewal of its own: the calendar's milestones count back from it."""

    id: Annotated[Text, Field(description="its number or your own id (OF-2026-01)")]
    name: Annotated[str, Field(description="what it covers, in a few words (Azure, "
                                           "Dynamics 365)")] = ""
    start_date: Day | None = None
    end_date: Annotated[Day, Field(description="the last day of its term")]
    products: list[Text] = Field(default_factory=list)


class Macc(Model):
    """A Microsoft Azure Consumption Commitment (MACC) under the agreement: the calendar warns
    ahead of its end, when a shortfall is charged."""

    start_date: Day | None = None
    end_date: Day
    note: str = ""


class Price(Model):
    """What the organisation pays today for one product under the agreement: the price an
    offer is compared with (``briefpack offer``)."""

    product: Annotated[Text, Field(
        description="the product's name as offers name it (Microsoft 365 E5)")]
    unit: Annotated[str, Field(description="what one unit is (user, device, 2-core pack)")] = (
        "user")
    unit_price: Annotated[Money, Field(description="price per unit per month")]
    currency: Currency
    list_price: Annotated[Money | None, Field(
        description="the vendor's list price per unit per month, when known")] = None


class Agreement(Model):
    """The current agreement with the vendor: its kind and dates, and the parts of it that end
    on their own dates (order forms, subscriptions, a MACC)."""

    type: Annotated[Text, Field(
        description="its name as you write it (Enterprise Agreement); an id, name or alias of "
                    "the playbook's agreements (ea, mca-e, csp) also sets its kind")]
    kind: Annotated[str | None, Field(
        description="the playbook's kind of agreement, when type does not name it: ea "
                    "(Enterprise Agreement), mca-e (Microsoft Customer Agreement for "
                    "Enterprise) or csp (Cloud Solution Provider); packs give advice for it")] = None
    number: str = ""
    start_date: Day | None = None
    renewal_date: Day | None = None
    terms: Annotated[list[Text], Field(
        description="current commercial terms to hold")] = Field(default_factory=list)
    prices: Annotated[list[Price], Field(
        description="current prices per product ({product, unit, unit_price, currency, "
                    "list_price}), per unit per month: what `briefpack offer` compares an "
                    "offer with")] = Field(default_factory=list)
    order_forms: Annotated[list[Term], Field(
        description="MCA-E order forms, each with its own term (id, name, start_date, "
                    "end_date, products): the master agreement does not expire, so the "
                    "calendar follows each order form's end")] = Field(default_factory=list)
    subscriptions: Annotated[list[Term], Field(
        description="CSP subscriptions, each with its own term end (id, name, start_date, "
                    "end_date, products)")] = Field(default_factory=list)
    macc: Annotated[Macc | None, Field(
        description="an Azure consumption commitment (start_date, end_date): the calendar "
                    "warns before its end")] = None


class AccountMember(Model):
    """A person on the vendor's account team."""

    name: Text
    role: Annotated[Text, Field(
        description="a role id, alias or title of `briefpack list roles` (ae, AE, CSAM, ...)")]
    title: str = ""
    email: str = ""
    since: Day | None = None
    until: Day | None = None
    notes: str = ""


class OurMember(Model):
    """A person on our side."""

    name: Text
    title: str = ""
    email: str = ""


class Usage(Model):
    """How many of a product a fact says the organisation uses or will use (its adoption):
    an offer's bundle is taken apart against it."""

    product: Text
    quantity: Annotated[int, Field(ge=0)]


class Quote(Model):
    """An alternative to the vendor's product, priced: a competitor's or a partner's quote.
    Held by a fact, so it is as protected as the fact's category."""

    product: Annotated[Text, Field(description="the vendor's product it would replace, as "
                                                "offers name it (Teams Phone Standard)")]
    supplier: Annotated[Text, Field(description="who quoted it (Zoom, a CSP partner)")]
    unit_price: Annotated[Money, Field(description="price per unit per month")]
    currency: Currency
    term_months: Annotated[int | None, Field(gt=0, le=120)] = None


class Fact(Model):
    """Something we know internally, filed under an information category."""

    id: Id
    category: Id
    text: Text
    note: str = ""
    uses: Annotated[Usage | None, Field(
        description="{product, quantity}: how many of a product this fact says we use or will "
                    "use; `briefpack offer` takes a bundle apart against it")] = None
    quote: Annotated[Quote | None, Field(
        description="{product, supplier, unit_price, currency, term_months}: an alternative's "
                    "price, compared with an offer in its internal evaluation only")] = None
    known_to_vendor: Annotated[bool, Field(
        description="the vendor knows this already (e.g. a current agreement term): check "
                    "never flags it, and its figures give no other fact away")] = False
    deadline: Annotated[Day | None, Field(
        description="a date of ours this fact sets (the board's approval date): the calendar "
                    "and the internal packs count down to it, never the shareable documents. "
                    "Without it, a fact in a deadline category (board-deadlines, "
                    "approval-constraints, ...) with one YYYY-MM-DD date in its text has that "
                    "date")] = None


def whole_if_integral(value: float) -> int | float:
    """2510000.0 is kept as 2510000, so an amount written back into org.yaml reads as written."""
    return int(value) if value.is_integer() else value


Amount = Annotated[float, Field(ge=0, allow_inf_nan=False), AfterValidator(whole_if_integral)]


class Commitment(Model):
    """Something the vendor committed to, and how well it is documented."""

    id: Text
    date: Day
    made_by: Text
    summary: Text
    status: Literal["verbal", "written", "honoured", "broken", "withdrawn"]
    evidence: str = ""
    due: Day | None = None
    value: Annotated[Amount | None, Field(
        description="what the commitment is worth to us, as one estimated amount in the "
                    "agreement's currency (the same currency throughout the register, so "
                    "values can be compared and added up): `briefpack register` chases "
                    "the most valuable verbal commitments first")] = None


class Advice(Model):
    """Advice the vendor gave us, and whether we verified it independently (principle 4)."""

    id: Text
    date: Day
    from_: Annotated[Text, Field(alias="from")]
    summary: Text
    impact: Literal["low", "medium", "high"]
    verified: bool
    verified_by: str = ""


class OpenIssue(Model):
    """An outstanding issue with the vendor."""

    id: Text
    summary: Text
    status: Literal["open", "in-progress", "resolved", "closed"] = "open"
    opened: Day | None = None
    owner: str = ""




class Organisation(Model):
    """An organisation's own data: org.yaml."""

    name: Text
    vendor: Id = "microsoft"
    marking: str | None = None
    paper: Annotated[Literal["a4", "letter"] | None, Field(
        description="a4 or letter; default: the org's reference.docx, else a4")] = None
    timezone: Annotated[TimeZone, Field(
        description="IANA time zone of meeting times, e.g. Europe/London (for calendar "
                    "invites); default: floating local time")] = None
    salutation: Annotated[Literal["first-name", "full-name"], Field(
        description="how letters address people: first-name (Dear Sam,) or full-name "
                    "(Dear Sam Rivera,)")] = "first-name"
    agreement: Agreement | None = None
    account_team: list[AccountMember] = Field(default_factory=list)
    our_team: list[OurMember] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    advice: list[Advice] = Field(default_factory=list)
    issues: list[OpenIssue] = Field(default_factory=list)
    playbook: Annotated[dict[str, Any], Field(description="overlay merged into the playbook")
                        ] = Field(default_factory=dict)

    def member(self, name: str) -> AccountMember | None:
        """The account-team member with this name (case-insensitive), if any."""
        key = name.casefold().strip()
        return next((m for m in self.account_team if m.name.casefold() == key), None)

    def colleague(self, name: str) -> OurMember | None:
        """Our team member with this name (case-insensitive), if any."""
        key = name.casefold().strip()
        return next((m for m in self.our_team if m.name.casefold() == key), None)

    def fact(self, fact_id: str) -> Fact | None:
        """The fact with this id, if any."""
        return next((f for f in self.facts if f.id == fact_id), None)


# --------------------------------------------------------------------------- meeting


class VendorAttendee(Model):
    """A vendor attendee given in full (not on the roster, or to override the role)."""

    name: Text
    role: Annotated[Text | None, Field(
        description="a role id, alias or title of `briefpack list roles`; default: the "
                    "roster's")] = None
    title: str = ""


class OurAttendee(Model):
    """One of ours, given in full."""

    name: Text
    title: str = ""


def name_to_mapping(value: Any) -> Any:
    """An attendee may be given as a plain name."""
    if isinstance(value, str):
        return {"name": value}
    return value


def _names_allowed(schema: dict[str, Any]) -> None:
    """In the JSON Schema, an attendee may be a plain name as well as a mapping."""
    for side in ("vendor", "ours"):
        items = schema["properties"][side]["items"]
        schema["properties"][side]["items"] = {"anyOf": [{"type": "string"}, items]}


class Attendees(Model):
    """Who is in the room: a name from the roster, or a mapping for anyone else."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_names_allowed)

    vendor: Annotated[
        list[Annotated[VendorAttendee, BeforeValidator(name_to_mapping)]],
        Field(description="names on the org's account_team, or {name, role, title}"),
    ] = Field(default_factory=list)
    ours: Annotated[
        list[Annotated[OurAttendee, BeforeValidator(name_to_mapping)]],
        Field(description="names on the org's our_team, or {name, title}"),
    ] = Field(default_factory=list)


def _agenda_item_schema(schema: dict[str, Any]) -> None:
    """In the JSON Schema, an item names one of the type's items, or has a title and minutes."""
    schema["anyOf"] = [{"required": ["id"]}, {"required": ["title", "minutes"]}]


class MeetingAgendaItem(Model):
    """An item of a meeting's agenda: one it adds to its type's agenda (title and minutes), or
    a change to one of the type's items named by its id: the fields given replace the type's
    ({id: account-review, minutes: 10}), and remove: true drops it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_agenda_item_schema)

    id: Annotated[Id | None, Field(
        description="an item of the meeting type's agenda (`briefpack list meetings`) to change "
                    "or remove; optional for an item the meeting adds")] = None
    title: str = ""
    minutes: Annotated[int | None, Field(gt=0, le=480)] = None
    owner: Literal["us", "vendor", "joint"] = "us"
    note: Annotated[str, Field(description="internal: why the item is there")] = ""
    commercial: Annotated[bool, Field(
        description="a commercial item (price, renewal, terms): the briefing pack says how to "
                    "hold it when a role such as the CSM attends; also changes a type's item")] = (
        False)
    remove: Annotated[bool, Field(
        description="true drops the type's item named by id from this meeting")] = False


class CounterPoint(Model):
    """One point of the counter-proposal we hand the AE for the deal desk (internal only)."""

    ask: Annotated[Text, Field(description="what we propose, with exact numbers, terms and "
                                            "structure")]
    why: Annotated[str, Field(description="the commercial justification the deal desk will "
                                          "weigh")] = ""
    evidence: Annotated[str, Field(description="what backs it: usage data, a value case, a "
                                               "commitment id")] = ""


class Outcome(Model):
    """After the meeting: something the vendor said or promised."""

    summary: Text
    made_by: str = ""
    kind: Literal["commitment", "statement", "action", "decision"] = "statement"
    due: Day | None = None
    commitment: Annotated[str, Field(
        description="the id of a commitment in org.yaml that this outcome re-affirms: the "
                    "follow-up notes update its register entry instead of adding a new one "
                    "(an outcome worded as a commitment's summary is matched without it)")] = ""


class Meeting(Model):
    """A meeting file: one meeting with the account team."""

    org: str | None = None
    type: Annotated[Text, Field(description="a meeting type id of `briefpack list meetings`")]
    title: Text
    date: Day
    time: Time = None
    timezone: Annotated[TimeZone, Field(
        description="IANA time zone of time, e.g. Europe/London; default: the organisation's "
                    "timezone, else floating local time")] = None
    duration: Annotated[int | None, Field(gt=0, le=600)] = None
    location: str = ""
    attendees: Attendees = Field(default_factory=Attendees)
    objectives: list[Text] = Field(default_factory=list)
    agenda: Annotated[list[MeetingAgendaItem], Field(
        description="items added to the type's agenda ({title, minutes, owner, note}), and "
                    "changes to the type's items by id ({id, minutes} shortens one, {id, "
                    "remove: true} drops it); all together must fit duration")] = (
        Field(default_factory=list))
    leverage: list[Text] = Field(default_factory=list)
    share: list[Text] = Field(default_factory=list)
    ask: Annotated[str, Field(description="our next-step ask; defaults to the type's")] = ""
    notes: str = ""
    counter_proposal: Annotated[list[CounterPoint], Field(
        description="internal: the counter-proposal, point by point, for the AE to take to the "
                    "deal desk (printed in the briefing pack of a negotiation or escalation)")] = (
        Field(default_factory=list))
    outcomes: list[Outcome] = Field(default_factory=list)


# --------------------------------------------------------------------------- offer


class OfferLine(Model):
    """One product of an offer, priced per unit per month."""

    product: Annotated[Text, Field(
        description="a product org.yaml names (in agreement.prices, or a fact's uses or "
                    "quote)")]
    quantity: Annotated[int, Field(gt=0)]
    unit_price: Annotated[Money, Field(description="the offered price per unit per month")]
    list_price: Annotated[Money | None, Field(
        description="list price per unit per month; default: org.yaml's for the product")] = None
    term_months: Annotated[int, Field(gt=0, le=120)]
    target_price: Annotated[Money | None, Field(
        description="the unit price we propose instead (printed in the counter-proposal); "
                    "default: our current price when it is lower than the offer's, else the "
                    "offer's")] = None
    why: Annotated[str, Field(
        description="shareable: the commercial justification for this line, printed in the "
                    "counter-proposal (checked against protected facts)")] = ""


class Offer(Model):
    """An offer file (offers/*.yaml in the organisation folder): an offer from the vendor,
    evaluated by `briefpack offer` against the organisation's prices, alternatives and the
    playbook's authority bands."""

    org: Annotated[str | None, Field(
        description="path to org.yaml or its folder, relative to this file; default: the "
                    "organisation folder the offers/ folder is in")] = None
    id: Annotated[Text, Field(description="the offer's reference (LTO-2027-03)")]
    date: Annotated[Day, Field(description="the day the offer was received")]
    from_: Annotated[Text, Field(alias="from", description="who made it: a name on the "
                                                          "account_team roster")]
    expires: Annotated[Day | None, Field(description="the last day the offer holds")] = None
    kind: Annotated[Text, Field(description="lto, bundle, renewal-proposal or true-up (the "
                                            "playbook's offer kinds)")]
    currency: Currency
    lines: Annotated[list[OfferLine], Field(min_length=1)]
    bundle_price: Annotated[Money | None, Field(
        description="the price of all the lines together, for the whole term")] = None
    conditions: Annotated[str, Field(description="the offer's conditions, as the vendor "
                                                 "wrote them")] = ""
    notes: Annotated[str, Field(description="internal notes")] = ""
    owner: Annotated[str, Field(
        description="who answers it: a name on our_team, who signs the counter-proposal; "
                    "default: the first on our_team")] = ""
    share: Annotated[list[Text], Field(
        description="fact ids the counter-proposal may cite (each must be safe for the AE and "
                    "the deal desk); their uses set the quantities it proposes")] = (
        Field(default_factory=list))
    justification: Annotated[list[Text], Field(
        description="shareable: points of commercial justification for the counter-proposal "
                    "(checked against protected facts)")] = Field(default_factory=list)
