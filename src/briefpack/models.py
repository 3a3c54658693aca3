"""The files users write, described once as dataclasses that pydantic validates.

Every model forbids unknown fields, so a misspelt key is an error with its line rather than
a silently ignored value. Cross-references between files (ids, names) are checked in
:mod:`briefpack.validate`; these models check the shape of each file on its own.

The classes are plain dataclasses so that loading already-validated data (see
:mod:`briefpack.shapes` and the cache in :mod:`briefpack.load`) imports no pydantic, which
with building its validators was about a third of a cold ``brief``. Their annotations are
read only when a file is validated. They name pydantic's ``Field`` and validators and the
constrained types ``Id``, ``Text``, ``SourceRefs``, ``TimeZone`` and
``Time``, which :mod:`briefpack.shapes` binds in this module when pydantic is first needed.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

if TYPE_CHECKING:
    from pydantic import BeforeValidator, Field

    from .shapes import Id, SourceRefs, Text, Time, TimeZone

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Model:
    """Base of every model: unknown fields are errors (read by pydantic when validating).

    The models are dataclasses made without generated methods (``model`` below): generating
    ``__init__``, ``__repr__`` and ``__eq__`` compiles three functions per class, which for
    28 classes was a tenth of a cold start. These three, written once, do the same.
    """

    __pydantic_config__ = {"extra": "forbid", "populate_by_name": True}

    def __init__(self, **values: Any) -> None:
        for f in fields(self):
            if f.name in values:
                value = values.pop(f.name)
            elif f.default is not MISSING:
                value = f.default
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing keyword argument '{f.name}'")
            setattr(self, f.name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected keyword argument(s) "
                            f"{', '.join(map(repr, values))}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self))

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
        return f"{type(self).__name__}({shown})"


model = dataclass(kw_only=True, init=False, repr=False, eq=False)


def as_list(value: Any) -> Any:
    """A single source id may be given as a string instead of a list."""
    if isinstance(value, str):
        return [value]
    return value

# --------------------------------------------------------------------------- playbook


@model
class Source(Model):
    """Where playbook knowledge comes from."""

    id: Id
    title: Text
    url: str | None = None
    note: str = ""


@model
class FiscalCalendar(Model):
    """The vendor's fiscal year: its sales quarters drive discounting and pressure."""

    year_end: Annotated[str, Field(pattern=r"^\d\d-\d\d$",
                                   description="MM-DD of the fiscal year end")]
    notes: list[Text] = field(default_factory=list)
    source: SourceRefs


@model
class Vendor(Model):
    """The vendor a playbook is about."""

    id: Id
    name: Text
    fiscal_calendar: FiscalCalendar | None = None
    sources: Annotated[list[Source], Field(min_length=1)]


@model
class Role(Model):
    """A role on the vendor's account team and what it is paid to do."""

    id: Id
    title: Text
    aliases: list[Text] = field(default_factory=list)
    incentives: Annotated[list[Text], Field(min_length=1)]
    useful_for: Annotated[list[Text], Field(min_length=1)]
    protect: Annotated[list[Id], Field(
        description="category ids this role probes for")] = field(default_factory=list)
    authority: Text
    discount_authority: str | None = None
    quota: str | None = None
    engage: Annotated[list[Text], Field(
        description="how to work with this role")] = field(default_factory=list)
    source: SourceRefs


@model
class Practice(Model):
    """One practice that puts a principle to work."""

    id: Id
    text: Text


@model
class Principle(Model):
    """One of the six principles for managing the account team."""

    number: Annotated[int, Field(ge=1, le=9)]
    id: Id
    title: Text
    rule: Text
    practices: Annotated[list[Practice], Field(min_length=1)]
    source: SourceRefs


@model
class Category(Model):
    """A kind of information, and whether it is safe, protected or strategic."""

    id: Id
    label: Text
    class_: Annotated[Literal["safe", "protect", "strategic"], Field(alias="class")]
    guidance: Text
    avoid_phrases: list[Text] = field(default_factory=list)
    say_instead: list[Text] = field(default_factory=list)
    never_share: bool = False
    leverage: Annotated[str, Field(description="how to play it deliberately, if ever")] = ""
    source: SourceRefs


@model
class AgendaItem(Model):
    """An agenda item of a meeting type."""

    id: Id
    title: Text
    minutes: Annotated[int, Field(gt=0, le=480)]
    owner: Literal["us", "vendor", "joint"]
    note: Annotated[str, Field(description="internal note: why this item is there")] = ""


@model
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
    before: list[Text] = field(default_factory=list)
    after: list[Text] = field(default_factory=list)
    next_step_ask: Text
    source: SourceRefs


@model
class Transition(Model):
    """Guidance for the day the vendor's account executive changes."""

    risks: Annotated[list[Text], Field(min_length=1)]
    response: Annotated[list[Text], Field(min_length=1)]
    before_handover: Annotated[list[Text], Field(min_length=1)]
    first_30_days: Annotated[list[Text], Field(min_length=1)]
    do_not: Annotated[list[Text], Field(
        description="what not to do with the new AE")] = field(default_factory=list)
    source: SourceRefs


@model
class Guidance(Model):
    """A topic of general guidance (roadmap questions, internal advocacy, ...)."""

    id: Id
    title: Text
    summary: Text
    points: Annotated[list[Text], Field(min_length=1)]
    source: SourceRefs


@model
class Playbook(Model):
    """Everything known about one vendor's account team, from the files of playbooks/<vendor>/."""

    vendor: Vendor
    roles: Annotated[list[Role], Field(min_length=1)]
    principles: Annotated[list[Principle], Field(min_length=1)]
    categories: Annotated[list[Category], Field(min_length=1)]
    meeting_types: Annotated[list[MeetingType], Field(min_length=1)]
    transition: Transition
    guidance: list[Guidance] = field(default_factory=list)

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


@model
class Agreement(Model):
    """The current agreement with the vendor."""

    type: Text
    number: str = ""
    start_date: date | None = None
    renewal_date: date | None = None
    terms: Annotated[list[Text], Field(
        description="current commercial terms to hold")] = field(default_factory=list)


@model
class AccountMember(Model):
    """A person on the vendor's account team."""

    name: Text
    role: Id
    title: str = ""
    email: str = ""
    since: date | None = None
    until: date | None = None
    notes: str = ""


@model
class OurMember(Model):
    """A person on our side."""

    name: Text
    title: str = ""
    email: str = ""


@model
class Fact(Model):
    """Something we know internally, filed under an information category."""

    id: Id
    category: Id
    text: Text
    note: str = ""


@model
class Commitment(Model):
    """Something the vendor committed to, and how well it is documented."""

    id: Text
    date: date
    made_by: Text
    summary: Text
    status: Literal["verbal", "written", "honoured", "broken", "withdrawn"]
    evidence: str = ""
    due: date | None = None


@model
class Advice(Model):
    """Advice the vendor gave us, and whether we verified it independently (principle 4)."""

    id: Text
    date: date
    from_: Annotated[Text, Field(alias="from")]
    summary: Text
    impact: Literal["low", "medium", "high"]
    verified: bool
    verified_by: str = ""


@model
class OpenIssue(Model):
    """An outstanding issue with the vendor."""

    id: Text
    summary: Text
    status: Literal["open", "in-progress", "resolved", "closed"] = "open"
    opened: date | None = None
    owner: str = ""


def time_zone(value: str | None) -> str | None:
    """An IANA time zone name (Europe/London), checked against the zone database."""
    if value is None:
        return value
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(str(value).strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone: expected an IANA name such as Europe/London "
                         "or America/New_York") from None
    return str(value).strip()


@model
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
    account_team: list[AccountMember] = field(default_factory=list)
    our_team: list[OurMember] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)
    issues: list[OpenIssue] = field(default_factory=list)
    playbook: Annotated[dict[str, Any], Field(description="overlay merged into the playbook")
                        ] = field(default_factory=dict)

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


@model
class VendorAttendee(Model):
    """A vendor attendee given in full (not on the roster, or to override the role)."""

    name: Text
    role: Id | None = None
    title: str = ""


@model
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


@model
class Attendees(Model):
    """Who is in the room: a name from the roster, or a mapping for anyone else."""

    __pydantic_config__ = {**Model.__pydantic_config__, "json_schema_extra": _names_allowed}

    vendor: Annotated[
        list[Annotated[VendorAttendee, BeforeValidator(name_to_mapping)]],
        Field(description="names on the org's account_team, or {name, role, title}"),
    ] = field(default_factory=list)
    ours: Annotated[
        list[Annotated[OurAttendee, BeforeValidator(name_to_mapping)]],
        Field(description="names on the org's our_team, or {name, title}"),
    ] = field(default_factory=list)


@model
class MeetingAgendaItem(Model):
    """An agenda item this meeting adds to its type's agenda."""

    title: Text
    minutes: Annotated[int, Field(gt=0, le=480)]
    owner: Literal["us", "vendor", "joint"] = "us"
    note: str = ""


@model
class Outcome(Model):
    """After the meeting: something the vendor said or promised."""

    summary: Text
    made_by: str = ""
    kind: Literal["commitment", "statement", "action", "decision"] = "statement"
    due: date | None = None


@model
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
    attendees: Attendees = field(default_factory=Attendees)
    objectives: list[Text] = field(default_factory=list)
    agenda: list[MeetingAgendaItem] = field(default_factory=list)
    leverage: list[Id] = field(default_factory=list)
    share: list[Id] = field(default_factory=list)
    ask: Annotated[str, Field(description="our next-step ask; defaults to the type's")] = ""
    notes: str = ""
    outcomes: list[Outcome] = field(default_factory=list)


def time_of_day(value: str | None) -> str | None:
    """A meeting's time as HH:MM (9:30 becomes 09:30)."""
    if value is None:
        return value
    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", str(value).strip())
    if not m:
        raise ValueError("expected a time of day as HH:MM, e.g. \"14:00\"")
    return f"{int(m.group(1)):02d}:{m.group(2)}"
