"""Cooperation projects: a city transferring a policy or a system to other cities.

Kept apart from `records.py` only for length, as events are. A project names
the city whose policy it is (`provider`) and the cities it is for
(`recipients`); where its source names only a country, `countries` holds it
and `recipients` stays empty. Its names are the source's words, with `en`.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationInfo, field_validator

from citynet.model.dates import PartialDate
from citynet.model.records import CountryCode, Id, Names, Record, TimeSpan, empty_list
from citynet.model.terms import ProjectSector


class Project(Record, TimeSpan):
    """A city-to-city cooperation project: a city sharing a policy or a system with others."""

    start_field: ClassVar[str | None] = "since"
    end_field: ClassVar[str | None] = "until"

    names: Names
    """What was done, in the source's words and in English."""
    provider: Id
    """The city whose policy or system is transferred (Seoul, for its "policy exports")."""
    recipients: list[Id] = empty_list()
    """The cities it is for; empty where the source names no city."""
    countries: list[CountryCode] = empty_list()
    """The countries the source names for it: its recipients', or the only place it names."""
    sector: ProjectSector | None = None
    since: PartialDate | None = None
    """When it began, as precise as the source."""
    until: PartialDate | None = None
    partners: list[Id] = empty_list()
    """Organisations the source says take part (funding, carrying it out)."""

    @field_validator("recipients", "countries", "partners")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        twice = sorted({item for item in value if value.count(item) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} is listed twice")
        return value

    @field_validator("recipients")
    @classmethod
    def _not_its_own_recipient(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("provider") in value:
            raise ValueError(f"{info.data['provider']} is the provider: a project goes from "
                             "one city to others")
        return value
