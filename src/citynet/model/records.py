"""The records: one pydantic model a kind, and the types they share.

One YAML file holds one record. Unknown keys are errors (`extra="forbid"`),
so a typo never passes silently; booleans and numbers are strict, so
`capital: "yes"` is an error rather than a guess. Checks that need more than
one field or more than one record (references, ISO codes, dates in order)
live in `citynet.lint.checks`, where each has its own stable code.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

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

from citynet.model.dates import PartialDate, in_force
from citynet.model.terms import (  # noqa: F401 - the closed lists, named here too
    AgreementKind,
    AgreementStatus,
    CommitteeStatus,
    EndReason,
    GovernanceTopic,
    Level,
    OfficeKind,
    OrganisationKind,
    PostArea,
    Region,
    Role,
)

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"

Id = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
"""A record id: a lowercase slug, equal to the file's stem."""

Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
"""Free text that is not empty or only white space."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""ISO 3166-1 alpha-2; whether the code exists is the `unknown-country` check."""

SubdivisionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]

FieldPath = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*(\.[A-Za-z0-9_-]+)*$")]
"""A field of a record, dotted into its parts: `location`, `location.lat`, `names.fr`."""


def require_english(value: dict[str, str]) -> dict[str, str]:
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
    AfterValidator(require_english),
    WithJsonSchema(_LOCAL_TEXT_SCHEMA),
]
"""Text in several languages: BCP 47 code -> text, English required."""

Names = LocalText

_SOURCE_TEXT_SCHEMA = {k: v for k, v in _LOCAL_TEXT_SCHEMA.items() if k != "required"} | {
    "minProperties": 1}

SourceText = Annotated[
    dict[Annotated[str, StringConstraints(pattern=LANG_PATTERN)], Text],
    Field(min_length=1),
    WithJsonSchema(_SOURCE_TEXT_SCHEMA),
]
"""Text for readers in the languages its source gives it, none required: a source written
only in French gives a French text, and no one translates it into English to fill the map."""


class TimeSpan:
    """A record that holds for a time: its start and end fields, by name.

    Each model names them its own way (`signed`/`ended`, `since`/`until`,
    `founded`); filters, checks and reports read them through this mixin.
    """

    start_field: ClassVar[str | None] = None
    end_field: ClassVar[str | None] = None

    @property
    def start(self) -> PartialDate | None:
        return getattr(self, self.start_field) if self.start_field else None

    @property
    def end(self) -> PartialDate | None:
        return getattr(self, self.end_field) if self.end_field else None

    def in_force(self, on: PartialDate) -> bool:
        """Whether it may have been in force on `on` (unknown dates do not exclude)."""
        return in_force(self.start, self.end, on)


class Model(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(Model):
    """Where a fact comes from: a seed document by its title, or outside data."""

    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    as_of: PartialDate | None = None
    note: Text | None = None
    fields: Annotated[list[FieldPath], Field(min_length=1, description=(
        "The fields this source vouches for (`location`, `location.lat`, `names.fr`); "
        "without it, the source vouches for the whole record."))] | None = None


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
    wikidata: Annotated[str, StringConstraints(pattern=WIKIDATA_PATTERN)] | None = None
    """The city's Wikidata item, such as Q8684 (Seoul)."""
    aliases: list[Id] = []
    """Ids this city had before (records merged into it, `citynet merge`); imports map them here."""
    distinct_from: list[Id] = []
    """Cities recorded as other places, however alike (`citynet duplicates --distinct`)."""


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
    priority_areas: list[LocalText] = []
    """The areas its work aligns with in this period, each in the source's words."""
    sectors: list[LocalText] = []
    """The sectors it focuses on in this period, each in the source's words."""


class Post(Model):
    """A position an organisation (or a committee) fills, as Popolo's Post has it.

    Popolo's `organization` is the record that lists the post; its `area`, with
    `area: member-city`, is each member city in turn (one City Chair per pilot city).
    """

    label: LocalText
    """What the source calls it (Popolo's label)."""
    role: Text | None = None
    """The function its holder fulfils, in English (Popolo's role): chair, representative."""
    area: PostArea | None = None
    """One post per member city or member country; none: one post for the whole body."""
    filled_by: LocalText | None = None
    """How it is filled (who appoints, who holds it by office), in the source's words."""
    duties: list[LocalText] = []
    """What its holder does, each in the source's words."""
    start: PartialDate | None = None
    end: PartialDate | None = None
    note: Text | None = None


class Provision(Model):
    """A rule of how an organisation or a committee works, in its source's words: how its
    meetings are held, to whom it reports, how its committees are made, how it is funded."""

    topic: GovernanceTopic
    text: LocalText


class Organisation(Record, TimeSpan):
    """An international organisation, city network or alliance."""

    start_field: ClassVar[str | None] = "founded"

    names: Names
    acronym: Text | None = None
    description: SourceText | None = None
    """What the organisation does, in its source's words and languages: published on the site
    (unlike `notes`, which are the maintainers')."""
    kind: OrganisationKind | None = None
    founded: PartialDate | None = None
    headquarters: Id | None = None
    offices: list[Office] = []
    reported_members: list[ReportedCount] = []
    rules: Rules | None = None
    partners: list[Id] = []
    pillars: list[Pillar] = []
    phases: list[Phase] = []
    goal: LocalText | None = None
    """Its main or overarching goal, in the source's words."""
    objectives: list[LocalText] = []
    """The objectives it names, in order, each in the source's words."""
    posts: list[Post] = []
    governance: list[Provision] = []


class RoleHeld(Model, TimeSpan):
    """A role a member held, and when."""

    start_field: ClassVar[str | None] = "since"
    end_field: ClassVar[str | None] = "until"

    role: Role
    since: PartialDate | None = None
    until: PartialDate | None = None
    regions: Annotated[list[Region], Field(description=(
        "The UN M49 regions a regional role is for, named in every language from CLDR; "
        "the note quotes the source's own words."))] = []
    note: Text | None = None


class Membership(Record, TimeSpan):
    """A city's membership in an organisation, and the roles it held there."""

    start_field: ClassVar[str | None] = "since"
    end_field: ClassVar[str | None] = "until"

    names: Names | None = None
    member: Id
    organisation: Id
    since: PartialDate | None = None
    until: PartialDate | None = None
    end_reason: EndReason | None = None
    roles: list[RoleHeld] = []


class Agreement(Record, TimeSpan):
    """A bilateral city-to-city agreement."""

    start_field: ClassVar[str | None] = "signed"
    end_field: ClassVar[str | None] = "ended"

    names: Names | None = None
    kind: AgreementKind
    parties: Annotated[list[Id], Field(min_length=2, max_length=2)]
    confirmed_by: Annotated[list[Id], Field(min_length=1, max_length=2, description=(
        "The parties whose own side confirms the agreement (its own list or page); "
        "the record's sources say so."))] | None = None
    signed: PartialDate | None = None
    ended: PartialDate | None = None
    status: AgreementStatus | None = None
    end_reason: EndReason | None = None


class Workplan(Model):
    year: Annotated[StrictInt, Field(ge=1, le=9999)]
    activities: list[LocalText] = []


class MemberCount(Model):
    as_of: PartialDate
    counts: dict[Id, Annotated[StrictInt, Field(ge=0)]]
    note: Text | None = None


class Committee(Record, TimeSpan):
    """A committee of an organisation, with its workplans and membership counts.

    Its sources give no dates yet: a span with neither start nor end is always in force.
    """

    names: Names
    organisation: Id
    status: CommitteeStatus
    sector: Text | None = None
    workplans: list[Workplan] = []
    member_counts: list[MemberCount] = []
    posts: list[Post] = []
    governance: list[Provision] = []


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
