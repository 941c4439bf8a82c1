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


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    SUSPENDED = "suspended"


class EndReason(StrEnum):
    """Why an agreement or a membership ended, as its source says (`citynet end`)."""

    EXPIRED = "expired"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    MERGED = "merged"
    DISSOLVED = "dissolved"
    UNKNOWN = "unknown"


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


class Region(StrEnum):
    """The UN M49 regions, by the names countryinfo gives them."""

    AFRICA = "Africa"
    AMERICAS = "Americas"
    ASIA = "Asia"
    EUROPE = "Europe"
    OCEANIA = "Oceania"
