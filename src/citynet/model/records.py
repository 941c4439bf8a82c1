"""The records: one pydantic model a kind (the types they share are in `types.py`).

One YAML file holds one record. Unknown keys are errors (`extra="forbid"`),
so a typo never passes silently; booleans and numbers are strict, so
`capital: "yes"` is an error rather than a guess. Checks that need more than
one field or more than one record (references, ISO codes, dates in order)
live in `citynet.lint.checks`, where each has its own stable code.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from citynet.model.dates import PartialDate
from citynet.model.steps import AgreementStep, MembershipStep, Predecessor  # noqa: F401
from citynet.model.terms import (  # noqa: F401 - the closed lists, named here too
    AgreementKind,
    CommitteeStatus,
    GovernanceTopic,
    Level,
    OfficeKind,
    OrganisationKind,
    PostArea,
    Region,
    Role,
    Side,
    State,
    StepKind,
    Succession,
)
from citynet.model.types import (  # noqa: F401 - named here too, where they always were
    ID_RULE,
    LANG_PATTERN,
    SLUG_PATTERN,
    WIKIDATA_PATTERN,
    CountryCode,
    FieldPath,
    Id,
    LocalText,
    Location,
    Model,
    Names,
    Record,
    Source,
    SourceText,
    SubdivisionCode,
    Text,
    TimeSpan,
    empty_list,
    is_id,
    require_english,
)


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
    aliases: list[Id] = empty_list()
    """Ids this city had before (records merged into it, `citynet merge`); imports map them here."""
    distinct_from: list[Id] = empty_list()
    """Cities recorded as other places, however alike (`citynet duplicates --distinct`)."""
    predecessors: list[Predecessor] = empty_list()
    """The municipalities that merged into it, or that it is a renaming of (`citynet
    succeed`): it carries on their agreements still in force on that date."""


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
    exceptions: list[RuleException] = empty_list()


class Rules(Model):
    max_members_per_country: MaxMembersPerCountry | None = None
    member_countries: list[CountryCode] = empty_list()


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
    priority_areas: list[LocalText] = empty_list()
    """The areas its work aligns with in this period, each in the source's words."""
    sectors: list[LocalText] = empty_list()
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
    duties: list[LocalText] = empty_list()
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
    offices: list[Office] = empty_list()
    reported_members: list[ReportedCount] = empty_list()
    rules: Rules | None = None
    partners: list[Id] = empty_list()
    pillars: list[Pillar] = empty_list()
    phases: list[Phase] = empty_list()
    goal: LocalText | None = None
    """Its main or overarching goal, in the source's words."""
    objectives: list[LocalText] = empty_list()
    """The objectives it names, in order, each in the source's words."""
    posts: list[Post] = empty_list()
    governance: list[Provision] = empty_list()


class RoleHeld(Model, TimeSpan):
    """A role a member held, and when."""

    start_field: ClassVar[str | None] = "since"
    end_field: ClassVar[str | None] = "until"

    role: Role
    since: PartialDate | None = None
    until: PartialDate | None = None
    regions: Annotated[list[Region], Field(description=(
        "The UN M49 regions a regional role is for, named in every language from CLDR; "
        "the note quotes the source's own words."))] = empty_list()
    note: Text | None = None


class Membership(Record, TimeSpan):
    """A city's membership in an organisation, and the roles it held there."""

    start_field: ClassVar[str | None] = "since"
    lifecycle_field: ClassVar[str | None] = "lifecycle"

    names: Names | None = None
    member: Id
    organisation: Id
    since: PartialDate | None = None
    lifecycle: list[MembershipStep] = empty_list()
    roles: list[RoleHeld] = empty_list()

    @property
    def until(self) -> PartialDate | None:
        """When it ended: the date of its lifecycle's end."""
        return self.end


class Agreement(Record, TimeSpan):
    """A bilateral city-to-city agreement."""

    start_field: ClassVar[str | None] = "signed"
    lifecycle_field: ClassVar[str | None] = "lifecycle"

    names: Names | None = None
    kind: AgreementKind
    parties: Annotated[list[Id], Field(min_length=2, max_length=2)]
    confirmed_by: Annotated[list[Id], Field(min_length=1, max_length=2, description=(
        "The parties whose own side confirms the agreement (its own list or page); "
        "the record's sources say so."))] | None = None
    signed: PartialDate | None = None
    lifecycle: list[AgreementStep] = empty_list()

    @field_validator("lifecycle")
    @classmethod
    def _deciders_are_parties(cls, steps: list[AgreementStep], info: ValidationInfo
                              ) -> list[AgreementStep]:
        parties = info.data.get("parties") or []
        for index, step in enumerate(steps):
            for city in step.by:
                if parties and city not in parties:
                    raise ValueError(f"step {index + 1} is decided by {city!r}, which is not a "
                                     f"party ({' and '.join(parties)})")
        return steps

    @property
    def ended(self) -> PartialDate | None:
        """When it ended: the date of its lifecycle's end."""
        return self.end


class Workplan(Model):
    year: Annotated[StrictInt, Field(ge=1, le=9999)]
    activities: list[LocalText] = empty_list()


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
    workplans: list[Workplan] = empty_list()
    member_counts: list[MemberCount] = empty_list()
    posts: list[Post] = empty_list()
    governance: list[Provision] = empty_list()


class Group(Model):
    """One group of a grouping: countries named outright, and/or whole M49 regions."""

    names: LocalText | None = None
    countries: list[CountryCode] = empty_list()
    regions: list[Region] = empty_list()


class Grouping(Record):
    """An ordered way to group partner cities by country, as a source's table does.

    A country listed in a group's `countries` belongs there; any other country
    falls in the first group whose `regions` hold its M49 region.
    """

    names: Names
    city: Id | None = None
    """The city whose partners report uses this grouping by default."""
    groups: Annotated[list[Group], Field(min_length=1)]
