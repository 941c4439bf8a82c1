"""The kinds of record, each declared once: the one place a kind's name is written.

A declaration gives a kind's folder and names, its id rule, its references,
its list columns and filters, its export tables and the fields `new` fills.
Every command reads these declarations rather than naming kinds itself, so a
new kind needs a model (model/records.py), a declaration here and, if wanted,
a template. The walkers and the lookup that read declarations live in
`citynet.model.declare`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from citynet.model.declare import (
    KINDS,
    Column,
    Filter,
    Kind,
    LongTable,
    NewField,
    declare,
    iter_refs,
    kind_by_name,
    kind_named,
    kinds_text,
    values_at,
)
from citynet.model.records import (
    Agreement,
    City,
    Committee,
    Grouping,
    Membership,
    Organisation,
    Region,
)
from citynet.model.timeline import Event

__all__ = [
    "AGREEMENTS", "CITIES", "COMMITTEES", "EVENTS", "GROUPINGS", "KINDS", "MEMBERSHIPS",
    "ORGANISATIONS", "Column", "Filter", "Kind", "LongTable", "NewField", "declare",
    "iter_refs", "kind_by_name", "kind_named", "kinds_text", "values_at",
]


def _agreement_id(data: Mapping[str, Any]) -> str:
    """`<a>-<b>-<kind>`, the parties in sorted order, so either order gives one id."""
    first, second = sorted(data["parties"])
    return f"{first}-{second}-{data['kind']}"


def _membership_id(data: Mapping[str, Any]) -> str:
    """`<member>-<organisation>`."""
    return f"{data['member']}-{data['organisation']}"


def _roles(values: Iterable[str]) -> list[dict[str, str]]:
    return [{"role": role} for role in values]


def _groups(values: Iterable[str]) -> list[dict[str, list[str]]]:
    """`--group KR,JP --group Europe`: one group a value; two capitals make a country code."""
    regions = {region.value.casefold(): region.value for region in Region}
    groups = []
    for value in values:
        items = [item.strip() for item in value.split(",") if item.strip()]
        countries = [i.upper() for i in items if i.casefold() not in regions]
        found = [regions[i.casefold()] for i in items if i.casefold() in regions]
        groups.append({k: v for k, v in (("countries", countries), ("regions", found)) if v})
    return groups


def _parties(record: dict[str, Any]) -> Iterable[list[Any]]:
    for position, city in enumerate(record["parties"], start=1):
        yield [record["id"], position, city]


def _roles_held(record: dict[str, Any]) -> Iterable[list[Any]]:
    for position, role in enumerate(record.get("roles") or [], start=1):
        yield [record["id"], position, role.get("role"), role.get("since"), role.get("until")]


def _activities(record: dict[str, Any]) -> Iterable[list[Any]]:
    for plan in record.get("workplans") or []:
        for position, activity in enumerate(plan.get("activities") or [], start=1):
            for lang, text in activity.items():
                yield [record["id"], plan.get("year"), position, lang, text]


def _partners(record: dict[str, Any]) -> Iterable[list[Any]]:
    for partner in record.get("partners") or []:
        yield [record["id"], partner]


_NAME = NewField("name", "names.en")

CITIES = declare(Kind(
    "city", "cities", City,
    columns=("id", "names.en", "country", "level", "capital"),
    filters=(Filter("country", "country", upper=True), Filter("level", "level"),
             Filter("capital", "capital")),
    export=(Column("id"), Column("name", "names.en"), Column("country"), Column("level"),
            Column("capital", sql="INTEGER"), Column("subdivision"),
            Column("geonames_id", sql="INTEGER"), Column("lat", "location.lat", sql="REAL"),
            Column("lon", "location.lon", sql="REAL"), Column("notes")),
    new=(_NAME.but(required=True),
         NewField("country", "country", required=True, convert=str.upper),
         NewField("level", "level", required=True),
         NewField("capital", "capital", convert=lambda on: True if on else None)),
))

ORGANISATIONS = declare(Kind(
    "organisation", "organisations", Organisation,
    aliases=("organization", "organizations"),
    refs=(("headquarters", "cities"), ("offices.*.city", "cities"),
          ("partners.*", "organisations")),
    columns=("id", "acronym", "names.en", "kind", "founded", "headquarters"),
    filters=(Filter("kind", "kind"),),
    export=(Column("id"), Column("name", "names.en"), Column("acronym"), Column("kind"),
            Column("founded"), Column("headquarters"), Column("notes")),
    long_tables=(LongTable("organisation_partners", ("organisation", "partner"), _partners,
                           references=(("organisation", "organisations"),
                                       ("partner", "organisations"))),),
    new=(_NAME.but(required=True),
         NewField("acronym", "acronym"), NewField("kind", "kind", required=True)),
))

MEMBERSHIPS = declare(Kind(
    "membership", "memberships", Membership,
    id_rule=_membership_id,
    refs=(("member", "cities"), ("organisation", "organisations")),
    columns=("id", "member", "organisation", "since", "until", "roles"),
    filters=(Filter("country", "member", through="country", upper=True),
             Filter("city", "member"), Filter("member", "member"),
             Filter("organisation", "organisation")),
    export=(Column("id"), Column("member"), Column("organisation"), Column("since"),
            Column("until"), Column("notes")),
    long_tables=(LongTable("membership_roles", ("membership", "position", "role", "since",
                                                "until"), _roles_held,
                           references=(("membership", "memberships"),)),),
    new=(_NAME, NewField("member", "member", required=True),
         NewField("organisation", "organisation", required=True), NewField("since", "since"),
         NewField("role", "roles", convert=_roles)),
))

AGREEMENTS = declare(Kind(
    "agreement", "agreements", Agreement,
    id_rule=_agreement_id,
    refs=(("parties.*", "cities"),),
    columns=("id", "kind", "parties", "signed", "ended", "status"),
    filters=(Filter("country", "parties.*", through="country", upper=True),
             Filter("kind", "kind"), Filter("status", "status"), Filter("city", "parties.*")),
    export=(Column("id"), Column("kind"), Column("party_a", "parties.0"),
            Column("party_b", "parties.1"), Column("signed"), Column("ended"), Column("status"),
            Column("notes")),
    long_tables=(LongTable("agreement_parties", ("agreement", "position", "city"), _parties,
                           references=(("agreement", "agreements"), ("city", "cities"))),),
    new=(_NAME, NewField("parties", "parties", required=True),
         NewField("kind", "kind", required=True), NewField("signed", "signed"),
         NewField("status", "status")),
))

COMMITTEES = declare(Kind(
    "committee", "committees", Committee,
    refs=(("organisation", "organisations"),),
    columns=("id", "names.en", "organisation", "status", "sector"),
    filters=(Filter("status", "status"), Filter("organisation", "organisation")),
    export=(Column("id"), Column("name", "names.en"), Column("organisation"), Column("status"),
            Column("sector"), Column("notes")),
    long_tables=(LongTable("committee_activities", ("committee", "year", "position", "lang",
                                                    "activity"), _activities,
                           references=(("committee", "committees"),)),),
    new=(_NAME.but(required=True),
         NewField("organisation", "organisation", required=True),
         NewField("status", "status", required=True)),
))

GROUPINGS = declare(Kind(
    "grouping", "groupings", Grouping,
    refs=(("city", "cities"),),
    columns=("id", "names.en", "city"),
    filters=(Filter("city", "city"),),
    export=(Column("id"), Column("name", "names.en"), Column("city"), Column("notes")),
    new=(_NAME.but(required=True),
         NewField("city", "city"), NewField("group", "groups", required=True, convert=_groups)),
))

EVENTS = declare(Kind(
    "event", "events", Event,
    refs=(("organisation", "organisations"), ("city", "cities")),
    columns=("id", "date", "names.en", "organisation", "city", "planned"),
    filters=(Filter("organisation", "organisation"), Filter("city", "city")),
    export=(Column("id"), Column("date"), Column("name", "names.en"), Column("organisation"),
            Column("city"), Column("planned", sql="INTEGER"), Column("notes")),
    new=(_NAME.but(required=True), NewField("date", "date", required=True),
         NewField("organisation", "organisation"), NewField("city", "city")),
))
