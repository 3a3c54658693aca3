"""A vendor's playbook as models: the vendor and its sources, the account team's roles, the
principles, information categories, meeting types, transition guidance and guidance topics
(the files of ``playbooks/<vendor>/``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from briefpack.data.fields import Id, Model, SourceRefs, Text, as_list


class SeedLocator(Model):
    """Where the seed article says what an entry cites it for: one of its section headings and
    a few of its own words from that section (at most eight), so a reader, and a test, can find
    the passage."""

    section: Text
    words: Annotated[str, Field(
        min_length=1, pattern=r"^\S+(\s+\S+){0,7}$",
        description="at most eight consecutive words of the seed, as it writes them")]


def _one_or_more(value: object) -> object:
    return [value] if isinstance(value, dict) else value


Locators = Annotated[list[SeedLocator], BeforeValidator(_one_or_more), Field(
    description="where the seed says it (section and words): required wherever the seed is "
                "cited")]


OwnSources = Annotated[list[str], BeforeValidator(as_list), Field(
    description="id(s) of the vendor's sources that support this statement (a practice, an "
                "agenda item); empty means those of the entry it belongs to")]


class Statement(Model):
    """One sentence (or figure) of the playbook and the sources that support it. Written as
    plain text where an entry's own sources cover it, or as ``{text, source, locator}``."""

    text: Text
    source: OwnSources = Field(default_factory=list)
    locator: Locators = Field(default_factory=list)

    def __str__(self) -> str:
        return self.text


def _statement(value: Statement | str) -> Statement:
    return value if isinstance(value, Statement) else Statement(text=value)


Said = Annotated[Statement | Text, AfterValidator(_statement)]


class Source(Model):
    """Where playbook knowledge comes from, and what kind of source it is: ``seed`` (the article
    the playbook is built on), ``public`` (a named public page: ``url`` required, checked in
    :mod:`briefpack.data.checks`), ``unlocated`` (a named public source whose page address is
    not recorded yet: find it and make the source ``public``) or ``practice`` (briefpack's own
    advice)."""

    id: Id
    kind: Literal["seed", "public", "unlocated", "practice"]
    title: Text
    url: str | None = None
    publisher: str = ""
    read: Annotated[str | None, Field(pattern=r"^\d{4}-\d\d-\d\d$",
                                      description="date read, YYYY-MM-DD")] = None
    same_firm_as_seed: bool = Field(
        False, description="published by the firm that published the seed article, so it does "
                           "not corroborate it independently")
    official: bool = Field(
        False, description="the vendor's own documentation or filings (Microsoft Learn, its "
                           "annual report): what it says of the vendor's own terms needs no "
                           "note that one source gives it")
    adviser: bool = Field(
        False, description="the publisher sells the advice or service it describes (licensing "
                           "and negotiation advisers): a figure only such firms give is printed "
                           "as an adviser's figure")
    note: str = ""


class FiscalCalendar(Model):
    """The vendor's fiscal year: its sales quarters drive discounting and pressure."""

    year_end: Annotated[str, Field(pattern=r"^\d\d-\d\d$",
                                   description="MM-DD of the fiscal year end")]
    notes: list[Said] = Field(default_factory=list)
    source: SourceRefs
    locator: Locators = Field(default_factory=list)


class Vendor(Model):
    """The vendor a playbook is about."""

    id: Id
    name: Text
    fiscal_calendar: FiscalCalendar | None = None
    sources: Annotated[list[Source], Field(min_length=1)]


class DiscountBand(Model):
    """A role's discount authority as numbers, beside its ``discount_authority`` statement (which
    says where the figures come from): the discount off list, in percent, up to which the role
    is reported to approve on its own lies between ``min`` and ``max``; without ``max`` there
    is no ceiling (the deal desk, which decides what lies beyond the others)."""

    min: Annotated[Decimal, Field(ge=0, le=100)]
    max: Annotated[Decimal | None, Field(ge=0, le=100)] = None


class Role(Model):
    """A role on the vendor's account team and what it is paid to do."""

    id: Id
    title: Text
    aliases: list[Text] = Field(default_factory=list)
    incentives: Annotated[list[Said], Field(min_length=1)]
    useful_for: Annotated[list[Said], Field(min_length=1)]
    protect: Annotated[list[Id], Field(
        description="category ids this role probes for")] = Field(default_factory=list)
    authority: Text
    discount_authority: Annotated[Said | None, Field(
        description="the discount this role can give without escalating (3–8%), with its "
                    "source")] = None
    discount_band: Annotated[DiscountBand | None, Field(
        description="discount_authority as numbers, {min, max} percent off list (max omitted: "
                    "no ceiling): `briefpack offer` reads who can approve a discount from it; "
                    "both figures must be in the discount_authority text")] = None
    quota: Said | None = None
    engage: Annotated[list[Said], Field(
        description="how to work with this role")] = Field(default_factory=list)
    commercial_items: Annotated[str, Field(
        description="what to do with the agenda's commercial items when this role attends, "
                    "printed in the briefing pack")] = ""
    source: SourceRefs
    locator: Locators = Field(default_factory=list)


class Practice(Model):
    """One practice that puts a principle to work, and where it comes from."""

    id: Id
    text: Text
    source: OwnSources = Field(default_factory=list)
    locator: Locators = Field(default_factory=list)


class Principle(Model):
    """One of the six principles for managing the account team."""

    number: Annotated[int, Field(ge=1, le=9)]
    id: Id
    title: Text
    rule: Text
    practices: Annotated[list[Practice], Field(min_length=1)]
    no_leverage_with: Annotated[list[Id], Field(
        description="roles in front of whom nothing is played as leverage: brief warns when a "
                    "meeting they attend plays some")] = Field(default_factory=list)
    source: SourceRefs
    locator: Locators = Field(default_factory=list)


class Category(Model):
    """A kind of information, and whether it is safe, protected or strategic."""

    id: Id
    label: Text
    class_: Annotated[Literal["safe", "protect", "strategic"], Field(alias="class")]
    guidance: Text
    avoid_phrases: list[Said] = Field(default_factory=list)
    say_instead: list[Said] = Field(default_factory=list)
    never_share: bool = False
    risk: Annotated[str, Field(
        description="what the vendor does with it, in a phrase (check's findings quote it)")] = ""
    leverage: Annotated[str, Field(description="how to play it deliberately, if ever")] = ""
    signals: Annotated[list[Text], Field(
        description="words that reveal this category when written next to a figure "
                    "(check reports them as low)")] = Field(default_factory=list)
    reveals: Annotated[list[Text], Field(
        description="wording that gives this category away even without a fact: words in "
                    "order; a/b/c for alternatives, ... for up to four other words, <amount>, "
                    "<percent>, <date>, <number> or <competitor> for a figure or name of that "
                    "kind (check reports a match as high when the category is protected)")] = (
        Field(default_factory=list))
    names_competitors: Annotated[bool, Field(
        description="facts of this category name competitors; check treats their names as "
                    "distinctive")] = False
    date_note: Annotated[str, Field(
        description="for the category the agreement's renewal date belongs to: what may and "
                    "may not be said about the date, printed beside it in the briefing pack")] = ""
    source: SourceRefs
    locator: Locators = Field(default_factory=list)


class Competitor(Model):
    """A competitor of the vendor: naming it to the account team tells them you look elsewhere."""

    id: Id
    names: Annotated[list[Text], Field(
        min_length=1, description="company and product names, matched in any case; a name "
                                  "that is also a plain word (Zoom, Box) only capitalised or "
                                  "with a product word")]
    competes_with: Text
    category: Annotated[Id, Field(
        description="the category a mention of this competitor gives away")] = (
        "competitive-evaluation")
    source: SourceRefs
    locator: Locators = Field(default_factory=list)


class AgendaItem(Model):
    """An agenda item of a meeting type."""

    id: Id
    title: Text
    minutes: Annotated[int, Field(gt=0, le=480)]
    owner: Literal["us", "vendor", "joint"]
    note: Annotated[str, Field(description="internal note: why this item is there")] = ""
    commercial: Annotated[bool, Field(
        description="a commercial item (price, renewal, terms): brief says how to hold it when "
                    "a role with commercial_items advice attends")] = False
    source: OwnSources = Field(default_factory=list)
    locator: Locators = Field(default_factory=list)


class MeetingType(Model):
    """A kind of meeting with the account team."""

    id: Id
    name: Text
    purpose: Text
    attendee_roles: Annotated[list[Text], Field(
        min_length=1, description="role ids (an overlay may give an alias or title, such as "
                                  "AE, which becomes its id)")]
    objectives: Annotated[list[Said], Field(min_length=1)]
    agenda: Annotated[list[AgendaItem], Field(min_length=1)]
    questions: Annotated[list[Said], Field(min_length=1)]
    principles: Annotated[list[int], Field(min_length=1)]
    before: list[Said] = Field(default_factory=list)
    after: list[Said] = Field(default_factory=list)
    next_step_ask: Text
    shows: Annotated[list[Literal[
        "terms", "at-risk", "history", "counter-proposal", "authority", "tried-before",
        "fiscal-calendar"]], Field(
        description="what this type's briefing pack adds: the agreement's terms to re-establish, "
                    "verbal commitments of people who left, the documented history, the "
                    "meeting's counter-proposal, who holds which authority, what was tried at "
                    "the level below, the vendor's fiscal calendar")] = Field(default_factory=list)
    guidance: Annotated[list[Id], Field(
        description="guidance topics printed in this type's briefing pack")] = (
        Field(default_factory=list))
    leverage_warning: Annotated[str, Field(
        description="why nothing should be played as leverage in this type of meeting; brief "
                    "warns when one does")] = ""
    source: SourceRefs
    locator: Locators = Field(default_factory=list)


class Transition(Model):
    """Guidance for the day the vendor's account executive changes."""

    role: Annotated[Id, Field(description="the role whose change the transition pack is for")]
    first_meeting: Annotated[Id, Field(
        description="the meeting type of the first meeting with the incoming person")]
    risks: Annotated[list[Said], Field(min_length=1)]
    response: Annotated[list[Said], Field(min_length=1)]
    before_handover: Annotated[list[Said], Field(min_length=1)]
    first_30_days: Annotated[list[Said], Field(min_length=1)]
    do_not: Annotated[list[Said], Field(
        description="what not to do with the new AE")] = Field(default_factory=list)
    source: SourceRefs
    locator: Locators = Field(default_factory=list)


class Guidance(Model):
    """A topic of general guidance (roadmap questions, internal advocacy, ...)."""

    id: Id
    title: Text
    summary: Text
    points: Annotated[list[Said], Field(min_length=1)]
    shown_in: Annotated[list[Literal["briefing", "transition-pack"]], Field(
        description="the internal packs that print this topic")] = Field(default_factory=list)
    source: SourceRefs
    locator: Locators = Field(default_factory=list)



class AgreementType(Model):
    """A kind of agreement with the vendor (an organisation's ``agreement.kind``) and what it
    means for meetings and for a change of account executive."""

    id: Id
    name: Text
    aliases: Annotated[list[Text], Field(
        description="other names an organisation's agreement.type may give it "
                    "(Enterprise Agreement, EA)")] = Field(default_factory=list)
    summary: Annotated[list[Statement], Field(min_length=1, description="what it is")]
    term_end: Annotated[Text, Field(
        description="how packs say the agreement's renewal_date: 'renews on' for a term that "
                    "renews, 'has its current order form ending on' for an evergreen one")] = (
        "renews on")
    advice: Annotated[list[Statement], Field(
        description="what it means for the meeting, printed in the briefing pack")] = (
        Field(default_factory=list))
    questions: Annotated[list[Statement], Field(
        description="questions to ask, added to the briefing pack's")] = (
        Field(default_factory=list))
    shown_in: Annotated[list[Id], Field(
        description="meeting types whose briefing pack prints the advice and questions")] = (
        Field(default_factory=list))
    before_handover: Annotated[list[Statement], Field(
        description="added to the transition pack's checklist before the outgoing AE "
                    "leaves")] = Field(default_factory=list)
    first_30_days: Annotated[list[Statement], Field(
        description="added to the transition pack's first 30 days")] = (
        Field(default_factory=list))


class Milestone(Model):
    """A date in the renewal calendar, counted back from an anchor: an agreement's end (the
    kinds it applies to), a MACC's end, one of the organisation's own deadlines, or the
    vendor's quarter or year end. Each value of ``months_before`` and ``days_before`` gives one
    date. ``title`` may hold ``{days}`` (the days before the anchor) and ``{fiscal}`` (FY27 Q2,
    FY27)."""

    id: Id
    title: Text
    anchor: Annotated[Literal["term-end", "macc-end", "deadline", "quarter-end", "year-end"],
                      Field(description="the date it counts back from: term-end (the "
                                        "agreement's renewal_date, an order form's or a "
                                        "subscription's end_date), macc-end, deadline (one of "
                                        "the organisation's own), quarter-end (every fiscal "
                                        "quarter's end but the year's last) or year-end")]
    kinds: Annotated[list[Id], Field(
        description="for term-end: the agreement kinds whose terms it applies to (ea: the "
                    "agreement; mca-e: each order form; csp: each subscription)")] = (
        Field(default_factory=list))
    categories: Annotated[list[Id], Field(
        description="for deadline: the categories of the deadlines it applies to; empty: "
                    "every deadline")] = Field(default_factory=list)
    months_before: list[Annotated[int, Field(ge=0, le=60)]] = Field(default_factory=list)
    days_before: list[Annotated[int, Field(ge=0, le=1000)]] = Field(default_factory=list)
    note: Annotated[Text, Field(description="why the date matters, in the calendar entry")]
    late: Annotated[Said | None, Field(
        description="for a term-end milestone that starts the preparation: what the internal "
                    "packs say of a meeting held after its date and before the term ends, "
                    "{text, source}; {meeting} and {days} (the days left) are filled in")] = None
    coincides: Annotated[str, Field(
        description="for year-end: what the internal packs say when the agreement's term ends "
                    "on that day")] = ""
    alarms: Annotated[list[Annotated[int, Field(ge=0, le=60)]], Field(
        description="reminders in the .ics, in days before the milestone (0: on the day), "
                    "at 09:00")] = Field(default_factory=lambda: [0])
    source: SourceRefs
    locator: Locators = Field(default_factory=list)


class OfferKind(Model):
    """A kind of offer the account team makes (an offer file's ``kind``) and what to do with it."""

    id: Id
    name: Text
    deadline_pressure: Annotated[bool, Field(
        description="its expiry is presented as urgency (a limited-time offer): the evaluation "
                    "weighs the deadline against the vendor's calendar first")] = False
    take_apart: Annotated[bool, Field(
        description="its products are sold together (a bundle): the evaluation prices each on "
                    "its own at the quantity used, even without a bundle_price")] = False
    summary: Annotated[Statement, Field(description="what it is")]
    advice: list[Statement] = Field(default_factory=list)
    questions: list[Statement] = Field(default_factory=list)


class OfferOption(Model):
    """One of the options the evaluation's recommendation sets out (never an order): the
    evaluation adds the figures for ``counter``, ``accept``, ``wait`` and ``separate``."""

    id: Id
    title: Text
    text: Statement
    kinds: Annotated[list[Id], Field(
        description="offer kinds it is given for; empty: every kind")] = (
        Field(default_factory=list))


class OfferGuidance(Model):
    """How to evaluate an offer the day it arrives (``briefpack offer``): what its deadline
    means on the vendor's calendar, the questions to ask, whom to engage and the options."""

    counter_proposal_to: Annotated[list[Id], Field(
        min_length=1, description="the roles the shareable counter-proposal goes to (the AE, "
                                  "who carries it to the deal desk): it draws only on facts "
                                  "safe for all of them")]
    kinds: Annotated[list[OfferKind], Field(min_length=1)]
    quarter_end: Annotated[Statement, Field(
        description="said of an expiry on the last day of one of the vendor's quarters")]
    year_end: Annotated[Statement, Field(
        description="said of an expiry on the last day of the vendor's fiscal year")]
    other_day: Annotated[Statement, Field(
        description="said of an expiry on another day")]
    questions: Annotated[list[Statement], Field(
        description="questions to ask about every offer")] = Field(default_factory=list)
    engage: Annotated[list[Statement], Field(
        description="how to engage whoever can approve the discount asked")] = (
        Field(default_factory=list))
    options: Annotated[list[OfferOption], Field(min_length=1)]

    def kind(self, kind_id: str) -> OfferKind | None:
        """The offer kind with this id, if any."""
        return next((k for k in self.kinds if k.id == kind_id), None)


class Playbook(Model):
    """Everything known about one vendor's account team, from the files of playbooks/<vendor>/."""

    vendor: Vendor
    roles: Annotated[list[Role], Field(min_length=1)]
    principles: Annotated[list[Principle], Field(min_length=1)]
    categories: Annotated[list[Category], Field(min_length=1)]
    meeting_types: Annotated[list[MeetingType], Field(min_length=1)]
    transition: Transition
    guidance: list[Guidance] = Field(default_factory=list)
    competitors: list[Competitor] = Field(default_factory=list)
    agreements: Annotated[list[AgreementType], Field(
        description="kinds of agreement an organisation's agreement.kind names")] = (
        Field(default_factory=list))
    offers: Annotated[OfferGuidance | None, Field(
        description="how `briefpack offer` evaluates an offer (offers.yaml)")] = None
    milestones: Annotated[list[Milestone], Field(
        description="the renewal calendar's milestones (briefpack calendar) and the lead time "
                    "the internal packs compare a meeting with")] = Field(default_factory=list)
    deadline_categories: Annotated[list[Id], Field(
        description="categories whose facts set the organisation's own deadlines: a fact in "
                    "one, without a deadline of its own, has the one YYYY-MM-DD date in its "
                    "text as its deadline")] = Field(default_factory=list)

    def role(self, role_id: str) -> Role | None:
        """The role with this id, if any."""
        return next((r for r in self.roles if r.id == role_id), None)

    def find_role(self, given: str) -> Role | None:
        """The role ``given`` names: its id, one of its aliases (``AE``, ``CSAM``) or its title,
        in any case and spacing."""
        key = " ".join(str(given).split()).casefold()
        return next((r for r in self.roles if key == r.id or key == r.title.casefold()
                     or key in {" ".join(a.split()).casefold() for a in r.aliases}), None)

    def role_names(self) -> list[str]:
        """What a role may be given as: every id, alias and title (for suggestions)."""
        return [name for r in self.roles for name in (r.id, *r.aliases, r.title)]

    def category(self, category_id: str) -> Category | None:
        """The category with this id, if any."""
        return next((c for c in self.categories if c.id == category_id), None)

    def meeting_type(self, type_id: str) -> MeetingType | None:
        """The meeting type with this id, if any."""
        return next((m for m in self.meeting_types if m.id == type_id), None)

    def agreement(self, given: str | None) -> AgreementType | None:
        """The kind of agreement ``given`` names: its id, name or one of its aliases, in any
        case and spacing."""
        key = " ".join(str(given or "").split()).casefold()
        return next((a for a in self.agreements if key and (
            key == a.id or key == a.name.casefold()
            or key in {" ".join(n.split()).casefold() for n in a.aliases})), None)

    def principle(self, number: int) -> Principle | None:
        """The principle with this number, if any."""
        return next((p for p in self.principles if p.number == number), None)
