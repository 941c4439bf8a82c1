"""The closed lists of values records use: levels, kinds, roles, statuses, sectors, regions.

Each is a str enum, so a value is written in YAML as its text and JSON Schema
lists the choices; reports translate them through the message catalogue.
"""

from __future__ import annotations

from enum import StrEnum

LANGUAGES = ("en", "fr", "es", "pt", "vi")
"""The languages citynet publishes in (reports, the site): those of its message catalogue,
`templates/messages.yaml`."""


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


class StepKind(StrEnum):
    """A step of an agreement's or a membership's lifecycle (`lifecycle`): a side's signature,
    its entry into force, a suspension and a resumption, and the ways it ends. `ended` is an
    end the source does not name further."""

    SIGNED = "signed"
    IN_FORCE = "in-force"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    ENDED = "ended"
    TERMINATED = "terminated"
    LAPSED = "lapsed"
    EXPIRED = "expired"
    DISSOLVED = "dissolved"
    MERGED = "merged"


class State(StrEnum):
    """What an agreement or a membership is on a date, read from its lifecycle: `signed`
    (signed, not yet in force), `active` (in force), `suspended` or `ended`."""

    SIGNED = "signed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"


class Side(StrEnum):
    """Who decided a step of a membership: the member city, or the organisation."""

    MEMBER = "member"
    ORGANISATION = "organisation"


class Succession(StrEnum):
    """How a city came to succeed another (`predecessors`): municipalities merged into it,
    or it is the same municipality renamed."""

    MERGED = "merged"
    RENAMED = "renamed"


class CommitteeStatus(StrEnum):
    ESTABLISHED = "established"
    PREPARATORY = "preparatory"
    DISSOLVED = "dissolved"


class OfficeKind(StrEnum):
    HEADQUARTERS = "headquarters"
    SECRETARIAT = "secretariat"
    REGIONAL_OFFICE = "regional-office"
    COUNTRY_OFFICE = "country-office"
    OFFICE = "office"


class PostArea(StrEnum):
    """What a post stands for (Popolo's area): one post for each member city, or each member
    country, that city or country its area."""

    MEMBER_CITY = "member-city"
    MEMBER_COUNTRY = "member-country"


class GovernanceTopic(StrEnum):
    """What a rule of how an organisation works is about."""

    MEETINGS = "meetings"
    REPORTING = "reporting"
    MONITORING = "monitoring"
    MEMBERSHIP = "membership"
    COMMITTEES = "committees"
    FINANCE = "finance"
    PAIRING = "pairing"


class ProjectSector(StrEnum):
    """What a cooperation project is about: the sectors of the Seoul page's table of policy
    exports ("Transport", "Travaux hydrauliques", "e-Government", "Voie ferrée urbaine",
    "Planification urbaine", "Environnement", "Autres"); a new source may need a new one."""

    TRANSPORT = "transport"
    WATER_WORKS = "water-works"
    E_GOVERNMENT = "e-government"
    URBAN_RAIL = "urban-rail"
    URBAN_PLANNING = "urban-planning"
    ENVIRONMENT = "environment"
    OTHER = "other"


class Popolo(StrEnum):
    """The collections of a Popolo document (`export --format popolo`), by Popolo's names."""

    AREAS = "areas"
    ORGANIZATIONS = "organizations"
    MEMBERSHIPS = "memberships"
    POSTS = "posts"


class Region(StrEnum):
    """The UN M49 regions, by the names countryinfo gives them."""

    AFRICA = "Africa"
    AMERICAS = "Americas"
    ASIA = "Asia"
    EUROPE = "Europe"
    OCEANIA = "Oceania"
