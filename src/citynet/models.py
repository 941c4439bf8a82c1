"""The five kinds of record and the types they share.

One YAML file holds one record. Unknown keys are errors (`extra="forbid"`),
so a typo never passes silently; booleans and numbers are strict, so
`capital: "yes"` is an error rather than a guess. Checks that need more than
one field or more than one record (references, ISO codes, dates in order)
live in `citynet.checks`, where each has its own stable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)

from citynet.dates import PartialDate

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

Id = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
"""A record id: a lowercase slug, equal to the file's stem."""

Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
"""Free text that is not empty or only white space."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""ISO 3166-1 alpha-2; whether the code exists is the `unknown-country` check."""

SubdivisionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]


def _require_english(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("an English name ('en') is required")
    return value


_LOCAL_TEXT_SCHEMA = {
    "type": "object",
    "propertyNames": {"pattern": LANG_PATTERN},
    "additionalProperties": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "required": ["en"],
}

LocalText = Annotated[
    dict[Annotated[str, StringConstraints(pattern=LANG_PATTERN)], Text],
    AfterValidator(_require_english),
    WithJsonSchema(_LOCAL_TEXT_SCHEMA),
]
"""Text in several languages: BCP 47 code -> text, English required."""

Names = LocalText


class Model(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(StrEnum):
    CITY = "city"
    MUNICIPALITY = "municipality"
    DISTRICT = "district"
    FEDERAL_DISTRICT = "federal-district"
    PREFECTURE = "prefecture"
    PROVINCE = "province"
    STATE = "state"
    REGION = "region"


class OrganisationKind(StrEnum):
    NETWORK = "network"
    ASSOCIATION = "association"
    INTERGOVERNMENTAL = "intergovernmental"
    QUASI_GOVERNMENTAL = "quasi-governmental"
    NGO = "ngo"
    ALLIANCE = "alliance"
    PROGRAMME = "programme"
    FINANCIAL_INSTITUTION = "financial-institution"


class Role(StrEnum):
    MEMBER = "member"
    FOUNDER = "founder"
    PRESIDENT = "president"
    VICE_PRESIDENT = "vice-president"
    EXECUTIVE_COMMITTEE = "executive-committee"
    REGIONAL_EXECUTIVE = "regional-executive"
    PILOT_CITY = "pilot-city"
    OBSERVER = "observer"


class AgreementKind(StrEnum):
    SISTER = "sister"
    FRIENDSHIP = "friendship"
    PARTNERSHIP = "partnership"
    TWINNING = "twinning"
    COOPERATION = "cooperation"


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    SUSPENDED = "suspended"


class CommitteeStatus(StrEnum):
    ESTABLISHED = "established"
    PREPARATORY = "preparatory"
    DISSOLVED = "dissolved"


class Source(Model):
    """Where a fact comes from: a seed document by its title, or outside data."""

    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    as_of: PartialDate | None = None
    note: Text | None = None


class Location(Model):
    lat: Annotated[StrictFloat | StrictInt, Field(ge=-90, le=90)]
    lon: Annotated[StrictFloat | StrictInt, Field(ge=-180, le=180)]


class Record(Model):
    """Fields every record has; `id` may be omitted, the file stem is the id."""

    id: Id | None = None
    sources: list[Source] = []
    notes: Text | None = None


class City(Record):
    """A city, or a sub-national government that signs agreements."""

    names: Names
    country: CountryCode
    level: Level | None = None
    """Left out when the source does not say (as in imported lists)."""
    capital: StrictBool = False
    subdivision: SubdivisionCode | None = None
    geonames_id: Annotated[StrictInt, Field(gt=0)] | None = None
    location: Location | None = None


class ReportedCount(Model):
    """What a source says of an organisation's size, as it says it."""

    count: Annotated[StrictInt, Field(ge=0)] | None = None
    approximate: StrictBool = False
    """The source gives the count as "about" (environ, khoảng …)."""
    text: Text | None = None
    as_of: PartialDate | None = None
    note: Text | None = None


class RuleException(Model):
    """A breach of a rule that a source records; it silences the warning."""

    country: CountryCode
    sources: Annotated[list[Source], Field(min_length=1)]
    note: Text | None = None


class MaxMembersPerCountry(Model):
    """At most `limit` members per country (counting only `role`, if given)."""

    limit: Annotated[StrictInt, Field(ge=1)]
    role: Role | None = None
    capital_included: StrictBool = False
    """The country's capital must be among its members (ASCN: "bao gồm thủ đô")."""
    strict: StrictBool = False
    note: Text | None = None
    exceptions: list[RuleException] = []


class Rules(Model):
    max_members_per_country: MaxMembersPerCountry | None = None
    member_countries: list[CountryCode] = []


class OfficeKind(StrEnum):
    HEADQUARTERS = "headquarters"
    SECRETARIAT = "secretariat"
    REGIONAL_OFFICE = "regional-office"
    COUNTRY_OFFICE = "country-office"
    OFFICE = "office"


class Office(Model):
    """A seat of an organisation in a city: its headquarters, a secretariat, a branch."""

    city: Id
    kind: OfficeKind
    names: LocalText | None = None
    as_of: PartialDate | None = None
    note: Text | None = None


class Pillar(Model):
    """A part of an organisation's structure (a forum, a council …), as its sources name it."""

    names: LocalText
    description: LocalText | None = None


class Phase(Model):
    """A period of an organisation's life that its sources name (e.g. an initiation phase)."""

    names: LocalText
    start: PartialDate | None = None
    end: PartialDate | None = None


class Organisation(Record):
    """An international organisation, city network or alliance."""

    names: Names
    acronym: Text | None = None
    kind: OrganisationKind | None = None
    founded: PartialDate | None = None
    headquarters: Id | None = None
    offices: list[Office] = []
    reported_members: list[ReportedCount] = []
    rules: Rules | None = None
    partners: list[Id] = []
    pillars: list[Pillar] = []
    phases: list[Phase] = []


class RoleHeld(Model):
    role: Role
    since: PartialDate | None = None
    until: PartialDate | None = None
    note: Text | None = None


class Membership(Record):
    """A city's membership in an organisation, and the roles it held there."""

    names: Names | None = None
    member: Id
    organisation: Id
    since: PartialDate | None = None
    until: PartialDate | None = None
    roles: list[RoleHeld] = []


class Agreement(Record):
    """A bilateral city-to-city agreement."""

    names: Names | None = None
    kind: AgreementKind
    parties: Annotated[list[Id], Field(min_length=2, max_length=2)]
    signed: PartialDate | None = None
    ended: PartialDate | None = None
    status: AgreementStatus | None = None


class Workplan(Model):
    year: Annotated[StrictInt, Field(ge=1, le=9999)]
    activities: list[LocalText] = []


class MemberCount(Model):
    as_of: PartialDate
    counts: dict[Id, Annotated[StrictInt, Field(ge=0)]]
    note: Text | None = None


class Committee(Record):
    """A committee of an organisation, with its workplans and membership counts."""

    names: Names
    organisation: Id
    status: CommitteeStatus
    sector: Text | None = None
    workplans: list[Workplan] = []
    member_counts: list[MemberCount] = []


class Region(StrEnum):
    """The UN M49 regions, by the names countryinfo gives them."""

    AFRICA = "Africa"
    AMERICAS = "Americas"
    ASIA = "Asia"
    EUROPE = "Europe"
    OCEANIA = "Oceania"


class Group(Model):
    """One group of a grouping: countries named outright, and/or whole M49 regions."""

    names: LocalText | None = None
    countries: list[CountryCode] = []
    regions: list[Region] = []


class Grouping(Record):
    """An ordered way to group partner cities by country, as a source's table does.

    A country listed in a group's `countries` belongs there; any other country
    falls in the first group whose `regions` hold its M49 region.
    """

    names: Names
    city: Id | None = None
    """The city whose partners report uses this grouping by default."""
    groups: Annotated[list[Group], Field(min_length=1)]


@dataclass(frozen=True)
class Kind:
    """A kind of record: its names, its folder under data/, its model and references."""

    name: str
    folder: str
    model: type[Record]
    refs: tuple[tuple[str, str], ...] = ()
    """(field path, target kind folder) pairs; `*` in a path stands for each list item."""

    @property
    def field_names(self) -> list[str]:
        """Field names in canonical order: id, names, own fields, sources, notes."""
        fields = list(self.model.model_fields)
        head = [f for f in ("id", "names") if f in fields]
        tail = ["sources", "notes"]
        return head + [f for f in fields if f not in head and f not in tail] + tail


KINDS: dict[str, Kind] = {
    kind.folder: kind
    for kind in (
        Kind("city", "cities", City),
        Kind(
            "organisation",
            "organisations",
            Organisation,
            refs=(
                ("headquarters", "cities"),
                ("offices.*.city", "cities"),
                ("partners.*", "organisations"),
            ),
        ),
        Kind(
            "membership",
            "memberships",
            Membership,
            refs=(("member", "cities"), ("organisation", "organisations")),
        ),
        Kind("agreement", "agreements", Agreement, refs=(("parties.*", "cities"),)),
        Kind("committee", "committees", Committee, refs=(("organisation", "organisations"),)),
        Kind("grouping", "groupings", Grouping, refs=(("city", "cities"),)),
    )
}

_ALIASES = {kind.name: kind.folder for kind in KINDS.values()} | {
    "organization": "organisations",
    "organizations": "organisations",
}


def kind_named(name: str) -> Kind | None:
    """The kind called `name`, plural or singular (US spelling accepted)."""
    key = name.strip().lower()
    return KINDS.get(key) or KINDS.get(_ALIASES.get(key, ""))


def iter_refs(value: Any, path: str) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(loc, id) for each id found at a reference path such as `offices.*.city`."""
    field, _, rest = path.partition(".")
    if not rest:  # the common, hot cases first: `member`, `parties.*`
        found = getattr(value, field, None)
        if isinstance(found, str):
            yield (field,), found
        return
    if rest == "*":
        for index, item in enumerate(getattr(value, field, None) or ()):
            if isinstance(item, str):
                yield (field, index), item
        return

    def walk(current: Any, parts: list[str], loc: tuple[str | int, ...]) -> Iterator[Any]:
        if current is None:
            return
        if not parts:
            if isinstance(current, str):
                yield loc, current
            return
        head, rest = parts[0], parts[1:]
        if head == "*":
            if isinstance(current, list):
                for index, item in enumerate(current):
                    yield from walk(item, rest, (*loc, index))
        else:
            yield from walk(getattr(current, head, None), rest, (*loc, head))

    yield from walk(value, path.split("."), ())
