"""The files users write, described once as pydantic models.

Every model forbids unknown fields, so a misspelt key is an error with its line rather than
a silently ignored value. Cross-references between files (ids, names) are checked in
:mod:`briefpack.data.checks`; these models check the shape of each file on its own.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Model(BaseModel):
    """Base of every model: unknown fields are errors; ``class`` and ``from`` are read into
    ``class_`` and ``from_``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def as_list(value: Any) -> Any:
    """A single source id may be given as a string instead of a list."""
    if isinstance(value, str):
        return [value]
    return value


def time_zone(value: str | None) -> str | None:
    """An IANA time zone name (Europe/London), checked against the zone database."""
    if value is None:
        return value
    try:
        ZoneInfo(str(value).strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone: expected an IANA name such as Europe/London "
                         "or America/New_York") from None
    return str(value).strip()


def time_of_day(value: str | None) -> str | None:
    """A meeting's time as HH:MM (9:30 becomes 09:30)."""
    if value is None:
        return value
    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", str(value).strip())
    if not m:
        raise ValueError("expected a time of day as HH:MM, e.g. \"14:00\"")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


Id = Annotated[str, Field(pattern=ID_PATTERN, description="lower-case id: letters, digits, -")]
Text = Annotated[str, Field(min_length=1)]
SourceRefs = Annotated[
    list[str],
    BeforeValidator(as_list),
    Field(min_length=1, description="id(s) of entries in the vendor's sources"),
]
TimeZone = Annotated[str | None, AfterValidator(time_zone)]
Time = Annotated[str | None, AfterValidator(time_of_day)]

# --------------------------------------------------------------------------- playbook


class Source(Model):
    """Where playbook knowledge comes from."""

    id: Id
    title: Text
    url: str | None = None
    note: str = ""


class FiscalCalendar(Model):
    """The vendor's fiscal year: its sales quarters drive discounting and pressure."""

    year_end: Annotated[str, Field(pattern=r"^\d\d-\d\d$",
                                   description="MM-DD of the fiscal year end")]
    notes: list[Text] = Field(default_factory=list)
    source: SourceRefs


class Vendor(Model):
    """The vendor a playbook is about."""

    id: Id
    name: Text
    fiscal_calendar: FiscalCalendar | None = None
    sources: Annotated[list[Source], Field(min_length=1)]


class Role(Model):
    """A role on the vendor's account team and what it is paid to do."""

    id: Id
    title: Text
    aliases: list[Text] = Field(default_factory=list)
    incentives: Annotated[list[Text], Field(min_length=1)]
    useful_for: Annotated[list[Text], Field(min_length=1)]
    protect: Annotated[list[Id], Field(
        description="category ids this role probes for")] = Field(default_factory=list)
    authority: Text
    discount_authority: str | None = None
    quota: str | None = None
    engage: Annotated[list[Text], Field(
        description="how to work with this role")] = Field(default_factory=list)
    source: SourceRefs


class Practice(Model):
    """One practice that puts a principle to work."""

    id: Id
    text: Text


class Principle(Model):
    """One of the six principles for managing the account team."""

    number: Annotated[int, Field(ge=1, le=9)]
    id: Id
    title: Text
    rule: Text
    practices: Annotated[list[Practice], Field(min_length=1)]
    source: SourceRefs


class Category(Model):
    """A kind of information, and whether it is safe, protected or strategic."""

    id: Id
    label: Text
    class_: Annotated[Literal["safe", "protect", "strategic"], Field(alias="class")]
    guidance: Text
    avoid_phrases: list[Text] = Field(default_factory=list)
    say_instead: list[Text] = Field(default_factory=list)
    never_share: bool = False
    leverage: Annotated[str, Field(description="how to play it deliberately, if ever")] = ""
    signals: Annotated[list[Text], Field(
        description="words that reveal this category when written next to a figure "
                    "(check reports them as low)")] = Field(default_factory=list)
    names_competitors: Annotated[bool, Field(
        description="facts of this category name competitors; check treats their names as "
                    "distinctive")] = False
    source: SourceRefs


class AgendaItem(Model):
    """An agenda item of a meeting type."""

    id: Id
    title: Text
    minutes: Annotated[int, Field(gt=0, le=480)]
    owner: Literal["us", "vendor", "joint"]
    note: Annotated[str, Field(description="internal note: why this item is there")] = ""


class MeetingType(Model):
    """A kind of meeting with the account team."""

    id: Id
    name: Text
    purpose: Text
    attendee_roles: Annotated[list[Id], Field(min_length=1)]
    objectives: Annotated[list[Text], Field(min_length=1)]
    agenda: Annotated[list[AgendaItem], Field(min_length=1)]
    questions: Annotated[list[Text], Field(min_length=1)]
    principles: Annotated[list[int], Field(min_length=1)]
    before: list[Text] = Field(default_factory=list)
    after: list[Text] = Field(default_factory=list)
    next_step_ask: Text
    source: SourceRefs


class Transition(Model):
    """Guidance for the day the vendor's account executive changes."""

    role: Annotated[Id, Field(description="the role whose change the transition pack is for")]
    first_meeting: Annotated[Id, Field(
        description="the meeting type of the first meeting with the incoming person")]
    risks: Annotated[list[Text], Field(min_length=1)]
    response: Annotated[list[Text], Field(min_length=1)]
    before_handover: Annotated[list[Text], Field(min_length=1)]
    first_30_days: Annotated[list[Text], Field(min_length=1)]
    do_not: Annotated[list[Text], Field(
        description="what not to do with the new AE")] = Field(default_factory=list)
    source: SourceRefs


class Guidance(Model):
    """A topic of general guidance (roadmap questions, internal advocacy, ...)."""

    id: Id
    title: Text
    summary: Text
    points: Annotated[list[Text], Field(min_length=1)]
    shown_in: Annotated[list[Literal["briefing", "transition-pack"]], Field(
        description="the internal packs that print this topic")] = Field(default_factory=list)
    source: SourceRefs


class Playbook(Model):
    """Everything known about one vendor's account team, from the files of playbooks/<vendor>/."""

    vendor: Vendor
    roles: Annotated[list[Role], Field(min_length=1)]
    principles: Annotated[list[Principle], Field(min_length=1)]
    categories: Annotated[list[Category], Field(min_length=1)]
    meeting_types: Annotated[list[MeetingType], Field(min_length=1)]
    transition: Transition
    guidance: list[Guidance] = Field(default_factory=list)

    def role(self, role_id: str) -> Role | None:
        """The role with this id, if any."""
        return next((r for r in self.roles if r.id == role_id), None)

    def category(self, category_id: str) -> Category | None:
        """The category with this id, if any."""
        return next((c for c in self.categories if c.id == category_id), None)

    def meeting_type(self, type_id: str) -> MeetingType | None:
        """The meeting type with this id, if any."""
        return next((m for m in self.meeting_types if m.id == type_id), None)

    def principle(self, number: int) -> Principle | None:
        """The principle with this number, if any."""
        return next((p for p in self.principles if p.number == number), None)


# --------------------------------------------------------------------------- organisation


class Agreement(Model):
    """The current agreement with the vendor."""

    type: Text
    number: str = ""
    start_date: date | None = None
    renewal_date: date | None = None
    terms: Annotated[list[Text], Field(
        description="current commercial terms to hold")] = Field(default_factory=list)


class AccountMember(Model):
    """A person on the vendor's account team."""

    name: Text
    role: Id
    title: str = ""
    email: str = ""
    since: date | None = None
    until: date | None = None
    notes: str = ""


class OurMember(Model):
    """A person on our side."""

    name: Text
    title: str = ""
    email: str = ""


class Fact(Model):
    """Something we know internally, filed under an information category."""

    id: Id
    category: Id
    text: Text
    note: str = ""


class Commitment(Model):
    """Something the vendor committed to, and how well it is documented."""

    id: Text
    date: date
    made_by: Text
    summary: Text
    status: Literal["verbal", "written", "honoured", "broken", "withdrawn"]
    evidence: str = ""
    due: date | None = None


class Advice(Model):
    """Advice the vendor gave us, and whether we verified it independently (principle 4)."""

    id: Text
    date: date
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
    opened: date | None = None
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
    role: Id | None = None
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


class MeetingAgendaItem(Model):
    """An agenda item this meeting adds to its type's agenda."""

    title: Text
    minutes: Annotated[int, Field(gt=0, le=480)]
    owner: Literal["us", "vendor", "joint"] = "us"
    note: str = ""


class Outcome(Model):
    """After the meeting: something the vendor said or promised."""

    summary: Text
    made_by: str = ""
    kind: Literal["commitment", "statement", "action", "decision"] = "statement"
    due: date | None = None


class Meeting(Model):
    """A meeting file: one meeting with the account team."""

    org: str | None = None
    type: Id
    title: Text
    date: date
    time: Time = None
    timezone: Annotated[TimeZone, Field(
        description="IANA time zone of time, e.g. Europe/London; default: the organisation's "
                    "timezone, else floating local time")] = None
    duration: Annotated[int | None, Field(gt=0, le=600)] = None
    location: str = ""
    attendees: Attendees = Field(default_factory=Attendees)
    objectives: list[Text] = Field(default_factory=list)
    agenda: list[MeetingAgendaItem] = Field(default_factory=list)
    leverage: list[Id] = Field(default_factory=list)
    share: list[Id] = Field(default_factory=list)
    ask: Annotated[str, Field(description="our next-step ask; defaults to the type's")] = ""
    notes: str = ""
    outcomes: list[Outcome] = Field(default_factory=list)




# --------------------------------------------------------------------------- field names


def file_names(model: type[BaseModel]) -> dict[str, str]:
    """Each field's name in files, by attribute: ``class`` for ``class_``."""
    return {name: info.alias or name for name, info in model.model_fields.items()}


def field_names(model: type[BaseModel]) -> list[str]:
    """The names a model's fields have in files (``class``, not ``class_``)."""
    return list(file_names(model).values())


def required_fields(model: type[BaseModel]) -> list[str]:
    """The names in files of the fields a model cannot do without."""
    return [info.alias or name for name, info in model.model_fields.items() if info.is_required()]


def nested_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model class of field ``name`` (by its name in files) of ``model``, if it holds one
    (directly, in a list or optionally)."""
    for attribute, shown in file_names(model).items():
        if shown == name:
            return _inner_model(model.model_fields[attribute].annotation)
    return None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
