"""The kinds of record, each declared once: the one place a kind's name is written.

A declaration gives a kind's folder and names, its id rule, its references,
its list columns and filters, its export tables and the fields `new` fills.
Every command reads these declarations rather than naming kinds itself, so a
new kind needs a model (model/records.py or a module beside it), a declaration
here and the few steps of docs/architecture.md's "Add a kind". The walkers and the lookup
that read declarations live in `citynet.model.declare`. A declaration names its model
through a function (`_city`), so importing this module imports neither pydantic nor the
models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Any

from citynet.model import lifecycle
from citynet.model.convert import (
    codes as _codes,
)
from citynet.model.convert import (
    groups as _groups,
)
from citynet.model.convert import (
    location as _location,
)
from citynet.model.convert import (
    names as _names,
)
from citynet.model.convert import (
    pair as _pair,
)
from citynet.model.convert import (
    roles as _roles,
)
from citynet.model.convert import (
    whole_number as _whole_number,
)
from citynet.model.convert import (
    yes as _yes,
)
from citynet.model.dates import PartialDate
from citynet.model.declare import (
    KINDS,
    Column,
    Filter,
    Kind,
    LongTable,
    NewField,
    declare,
    item_index,
    iter_refs,
    kind_by_name,
    kind_named,
    kinds_text,
    stored_refs,
    values_at,
)
from citynet.model.terms import Role, State

__all__ = [
    "AGREEMENTS", "CITIES", "CONFIRMATIONS", "COMMITTEES", "EVENTS", "GROUPINGS", "KINDS",
    "MEMBERSHIPS",
    "ORGANISATIONS", "PROJECTS", "Column", "Filter", "Kind", "LongTable", "NewField", "declare",
    "confirmation", "item_index", "iter_refs", "kind_by_name", "kind_named", "kinds_text",
    "stored_refs", "values_at",
]


def _records() -> ModuleType:
    """The models, imported by the first kind whose model is used (see `Kind.model`)."""
    from citynet.model import records

    return records


def _city() -> type:
    return _records().City


def _organisation() -> type:
    return _records().Organisation


def _membership() -> type:
    return _records().Membership


def _agreement() -> type:
    return _records().Agreement


def _committee() -> type:
    return _records().Committee


def _grouping() -> type:
    return _records().Grouping


def _event() -> type:
    from citynet.model.timeline import Event

    return Event


def _project() -> type:
    from citynet.model.projects import Project

    return Project


def _agreement_id(data: Mapping[str, Any]) -> str:
    """`<a>-<b>-<kind>`, the parties in sorted order, so either order gives one id."""
    first, second = sorted(data["parties"])
    return f"{first}-{second}-{data['kind']}"


def _membership_id(data: Mapping[str, Any]) -> str:
    """`<member>-<organisation>`."""
    return f"{data['member']}-{data['organisation']}"


CONFIRMATIONS = ("both", "one", "none")


def confirmation(record: Mapping[str, Any]) -> str:
    """How many of an agreement's parties confirm it: `both`, `one` or `none`."""
    confirmed = set(record.get("confirmed_by") or ()) & set(record.get("parties") or ())
    return CONFIRMATIONS[2 - min(len(confirmed), 2)]


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


def _states(start_field: str) -> Any:
    """The states a record may be in on a date (or is in today), for `--status`."""

    def states(record: Mapping[str, Any], on: PartialDate | None) -> list[str]:
        steps = lifecycle.steps_of(record)
        if on is None:
            return [lifecycle.state_now(steps).value]
        start = record.get(start_field)
        begun = None if start is None else PartialDate.parse(start)
        return [state.value for state in lifecycle.possible_states(begun, steps, on)]

    return states


_LIFECYCLE_DERIVED = (("ended", lifecycle.end_date), ("status", lifecycle.status))
_STATES = tuple(state.value for state in State)


def _steps(record: dict[str, Any]) -> Iterable[list[Any]]:
    for position, step in enumerate(record.get(lifecycle.FIELD) or [], start=1):
        source = step.get("source") or {}
        yield [record["id"], position, step.get("step"), step.get("date"),
               step.get("by") or None, step.get("reason"), source.get("title"),
               source.get("url"), source.get("as_of")]


_STEP_COLUMNS = ("position", "step", "date", "by", "reason", "source_title", "source_url",
                 "source_as_of")


def _predecessors(record: dict[str, Any]) -> Iterable[list[Any]]:
    for position, held in enumerate(record.get("predecessors") or [], start=1):
        source = held.get("source") or {}
        yield [record["id"], position, held.get("city"), held.get("date"), held.get("how"),
               source.get("title"), source.get("url"), source.get("as_of")]


def _project_cities(record: Mapping[str, Any]) -> list[str]:
    """A project's cities, its provider's and its recipients': `list projects --city`."""
    return [record["provider"], *(record.get("recipients") or ())]


def _recipients(record: dict[str, Any]) -> Iterable[list[Any]]:
    for position, city in enumerate(record.get("recipients") or [], start=1):
        yield [record["id"], position, city]


def _countries(record: dict[str, Any]) -> Iterable[list[Any]]:
    for position, country in enumerate(record.get("countries") or [], start=1):
        yield [record["id"], position, country]


_NAME = NewField("name", "names", convert=_names, many=True,
                 hint="in English, or LANG=NAME such as fr=Séoul", metavar="[LANG=]NAME")
_NOTES = NewField("notes", "notes", hint="free notes on the record")


def _date(option: str, hint: str = "a date: YYYY, YYYY-MM or YYYY-MM-DD") -> NewField:
    return NewField(option, option, hint=hint, metavar="DATE")


CITIES = declare(Kind(
    "city", "cities", _city,
    refs=(("distinct_from.*", "cities"), ("predecessors.*.city", "cities")),
    countries=("country",),
    columns=("id", "names.en", "country", "level", "capital"),
    filters=(Filter("country", "country", upper=True), Filter("level", "level"),
             Filter("capital", "capital"), Filter("region", "country")),
    export=(Column("id"), Column("name", "names.en"), Column("country"), Column("level"),
            Column("capital", sql="INTEGER"), Column("subdivision"),
            Column("geonames_id", sql="INTEGER"), Column("lat", "location.lat", sql="REAL"),
            Column("lon", "location.lon", sql="REAL"), Column("notes")),
    long_tables=(LongTable("city_predecessors", ("city", "position", "predecessor", "date",
                                                 "how", "source_title", "source_url",
                                                 "source_as_of"), _predecessors,
                           references=(("city", "cities"), ("predecessor", "cities")),
                           key=("city", "position")),),
    new=(_NAME.but(required=True),
         NewField("country", "country", required=True, convert=str.upper,
                  hint="ISO 3166-1 code such as KR", metavar="CC"),
         NewField("level", "level"),
         NewField("capital", "capital", convert=_yes, switch=True,
                  hint="a national capital: yes or no"),
         NewField("subdivision", "subdivision", convert=str.upper,
                  hint="ISO 3166-2 code such as KR-11", metavar="CODE"),
         NewField("location", "location", convert=_location,
                  hint="latitude and longitude in decimal degrees", metavar="LAT,LON"),
         NewField("geonames_id", "geonames_id", convert=_whole_number,
                  hint="its GeoNames id", metavar="N"), _NOTES),
))

ORGANISATIONS = declare(Kind(
    "organisation", "organisations", _organisation,
    aliases=("organization", "organizations"),
    refs=(("headquarters", "cities"), ("offices.*.city", "cities"),
          ("partners.*", "organisations")),
    countries=("rules.member_countries.*", "rules.max_members_per_country.exceptions.*.country"),
    columns=("id", "acronym", "names.en", "kind", "founded", "headquarters"),
    filters=(Filter("kind", "kind"), Filter("region", "headquarters", through="country")),
    export=(Column("id"), Column("name", "names.en"), Column("acronym"), Column("kind"),
            Column("founded"), Column("headquarters"), Column("notes")),
    long_tables=(LongTable("organisation_partners", ("organisation", "partner"), _partners,
                           references=(("organisation", "organisations"),
                                       ("partner", "organisations"))),),
    new=(_NAME.but(required=True),
         NewField("acronym", "acronym", hint="its acronym"),
         NewField("kind", "kind", required=True),
         _date("founded"), NewField("headquarters", "headquarters", hint="a city id"),
         NewField("partner", "partners", many=True, hint="an organisation id"), _NOTES),
))

MEMBERSHIPS = declare(Kind(
    "membership", "memberships", _membership,
    id_rule=_membership_id,
    refs=(("member", "cities"), ("organisation", "organisations")),
    columns=("id", "member", "organisation", "since", "until", "status", "roles"),
    derived=(("until", lifecycle.end_date), ("status", lifecycle.status)),
    filters=(Filter("country", "member", through="country", upper=True),
             Filter("city", "member"), Filter("member", "member"),
             Filter("organisation", "organisation"),
             Filter("role", "roles.*.role", choices=tuple(role.value for role in Role)),
             Filter("capital", "member", through="capital"),
             Filter("region", "member", through="country"),
             Filter("status", lifecycle.FIELD, dated=_states("since"), choices=_STATES)),
    export=(Column("id"), Column("member"), Column("organisation"), Column("since"),
            Column("until", derive=lifecycle.end_date),
            Column("status", derive=lifecycle.status), Column("notes")),
    long_tables=(LongTable("membership_roles", ("membership", "position", "role", "since",
                                                "until"), _roles_held,
                           references=(("membership", "memberships"),),
                           key=("membership", "position")),
                 LongTable("membership_steps", ("membership", *_STEP_COLUMNS), _steps,
                           references=(("membership", "memberships"),),
                           key=("membership", "position"))),
    new=(NewField("member", "member", required=True, hint="a city id"),
         NewField("organisation", "organisation", required=True, hint="an organisation id"),
         _date("since"),
         NewField("role", "roles", convert=_roles, many=True,
                  hint="pilot-city, founder, member …", metavar="ROLE"), _NAME, _NOTES),
))

AGREEMENTS = declare(Kind(
    "agreement", "agreements", _agreement,
    id_rule=_agreement_id,
    refs=(("parties.*", "cities"), ("confirmed_by.*", "cities"),
          ("lifecycle.*.by.*", "cities")),
    columns=("id", "kind", "parties", "signed", "ended", "status"),
    derived=_LIFECYCLE_DERIVED,
    filters=(Filter("country", "parties.*", through="country", upper=True),
             Filter("kind", "kind"),
             Filter("status", lifecycle.FIELD, dated=_states("signed"), choices=_STATES),
             Filter("city", "parties.*", successors=True),
             Filter("confirmed", "confirmed_by", derive=confirmation, choices=CONFIRMATIONS),
             Filter("region", "parties.*", through="country")),
    export=(Column("id"), Column("kind"), Column("party_a", "parties.0"),
            Column("party_b", "parties.1"), Column("signed"),
            Column("ended", derive=lifecycle.end_date),
            Column("status", derive=lifecycle.status),
            Column("confirmed", derive=confirmation), Column("confirmed_by"), Column("notes")),
    long_tables=(LongTable("agreement_parties", ("agreement", "position", "city"), _parties,
                           references=(("agreement", "agreements"), ("city", "cities")),
                           key=("agreement", "position")),
                 LongTable("agreement_steps", ("agreement", *_STEP_COLUMNS), _steps,
                           references=(("agreement", "agreements"),),
                           key=("agreement", "position"))),
    new=(NewField("parties", "parties", required=True, convert=_pair, values=2,
                  hint="two city ids, such as seoul,busan"),
         NewField("kind", "kind", required=True),
         _date("signed"), _NAME, _NOTES),
))

COMMITTEES = declare(Kind(
    "committee", "committees", _committee,
    refs=(("organisation", "organisations"),),
    columns=("id", "names.en", "organisation", "status", "sector"),
    filters=(Filter("status", "status"), Filter("organisation", "organisation")),
    export=(Column("id"), Column("name", "names.en"), Column("organisation"), Column("status"),
            Column("sector"), Column("notes")),
    long_tables=(LongTable("committee_activities", ("committee", "year", "position", "lang",
                                                    "activity"), _activities,
                           references=(("committee", "committees"),)),),
    new=(_NAME.but(required=True),
         NewField("organisation", "organisation", required=True, hint="an organisation id"),
         NewField("status", "status", required=True),
         NewField("sector", "sector", hint="its sector"), _NOTES),
))

GROUPINGS = declare(Kind(
    "grouping", "groupings", _grouping,
    refs=(("city", "cities"),),
    countries=("groups.*.countries.*",),
    columns=("id", "names.en", "city"),
    filters=(Filter("city", "city"),),
    export=(Column("id"), Column("name", "names.en"), Column("city"), Column("notes")),
    new=(_NAME.but(required=True),
         NewField("group", "groups", required=True, convert=_groups, many=True,
                  hint="one group: country codes and/or M49 regions, such as KR,JP or Europe",
                  metavar="LIST"),
         NewField("city", "city", hint="a city id"), _NOTES),
))

EVENTS = declare(Kind(
    "event", "events", _event,
    refs=(("organisation", "organisations"), ("city", "cities")),
    columns=("id", "date", "names.en", "organisation", "city", "planned"),
    filters=(Filter("organisation", "organisation"), Filter("city", "city"),
             Filter("region", "city", through="country")),
    export=(Column("id"), Column("date"), Column("name", "names.en"), Column("organisation"),
            Column("city"), Column("planned", sql="INTEGER"), Column("notes")),
    new=(_NAME.but(required=True), _date("date").but(required=True),
         NewField("organisation", "organisation", hint="an organisation id"),
         NewField("city", "city", hint="a city id")),
))

PROJECTS = declare(Kind(
    "project", "projects", _project,
    refs=(("provider", "cities"), ("recipients.*", "cities"), ("partners.*", "organisations")),
    countries=("countries.*",),
    columns=("id", "sector", "provider", "recipients", "countries", "since", "until"),
    filters=(Filter("city", "recipients.*", derive=_project_cities),
             Filter("country", "countries.*", upper=True), Filter("region", "countries.*"),
             Filter("organisation", "partners.*")),
    export=(Column("id"), Column("name", "names.en"), Column("provider"), Column("sector"),
            Column("since"), Column("until"), Column("notes")),
    long_tables=(LongTable("project_recipients", ("project", "position", "city"), _recipients,
                           references=(("project", "projects"), ("city", "cities")),
                           key=("project", "position")),
                 LongTable("project_countries", ("project", "position", "country"), _countries,
                           references=(("project", "projects"),), key=("project", "position")),
                 LongTable("project_partners", ("project", "partner"), _partners,
                           references=(("project", "projects"),
                                       ("partner", "organisations")))),
    new=(_NAME.but(required=True),
         NewField("provider", "provider", required=True, hint="a city id"),
         NewField("recipient", "recipients", many=True, hint="a city id"),
         NewField("country", "countries", convert=_codes, many=True,
                  hint="ISO 3166-1 codes such as TH"),
         NewField("sector", "sector"), _date("since"), _date("until"),
         NewField("partner", "partners", many=True, hint="an organisation id"), _NOTES),
))
