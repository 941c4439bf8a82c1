"""Cross-record checks: each a small generator registered under its code.

Reading and schema problems come from the loader and the models; these run
on the whole registry once it is loaded, and read each valid record's stored data
(`entry.raw`), which means what its model does: `validate` never builds a model
it does not need (a date is read as a PartialDate where dates are compared). A check
yields Findings — what is wrong, in which file, and where in the record (`loc`) — and the
engine turns each into a Problem with the check's code and catalogued severity, then finds
its line and column. Each code's passing and failing example is a real file
in tests/examples/<code>/. The checks of dates are in lint/dating.py, of places in
lint/places.py, of references in lint/references.py; lint/catalogue.py registers them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from citynet.model import codes
from citynet.model.kinds import (
    AGREEMENTS,
    CITIES,
    KINDS,
    MEMBERSHIPS,
    ORGANISATIONS,
)
from citynet.model.problems import Loc, Severity
from citynet.model.records import ID_RULE, is_id
from citynet.store.registry import Registry


class Finding(NamedTuple):
    """A problem as a check sees it: its code and severity are the engine's to add."""

    message: str
    path: str
    loc: Loc = ()
    line: int | None = None
    column: int | None = None
    severity: Severity | None = None
    """Only to make it graver than the code's default (a strict rule's breach)."""


CheckFunction = Callable[[Registry], Iterator[Finding]]


@dataclass(frozen=True)
class Reads:
    """What a check's findings in one record can depend on besides that record itself and
    the other files of its kind and id (which decide which file is the record, and are
    always rechecked with it). After a change, only the records whose findings the change
    can alter are rechecked (lint/recheck.py), so each check says here what it reads: a
    check that reads other records and says nothing would keep a stale finding. A check
    that declares anything also has every record that had one of its findings rechecked.
    """

    alike: tuple[tuple[str, str], ...] = ()
    """(kind, path) places that hold the same kind of value (`*` for each item): a record
    is compared with every record holding, at any of these places, a value it holds at any
    of them; a record whose id is such a value counts as holding it (an alias that is a
    city's id; a city that succeeded another, with the agreements naming the other)."""
    ids: bool = False
    """Whether the records its references name exist, and every id of their kinds (the
    nearest one is suggested, and the suggestions are counted across the run)."""
    whole: tuple[str, ...] = ()
    """Kinds walked whole: a change to any of their records may change its findings in each
    record it reports on (`only`, which is then required)."""
    only: tuple[str, str] | None = None
    """(kind, path): it reports only on records of that kind holding a value at `path`."""


OWN = Reads()
"""The record alone."""


@dataclass(frozen=True)
class Check:
    code: codes.Code
    function: CheckFunction
    reads: Reads


CHECKS: dict[str, Check] = {}
"""Every check, keyed by its code, in the order they run."""


def check(code: str, reads: Reads) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under its catalogued code, with what it reads besides its record
    (required, so that no check is rechecked as reading its record alone by omission)."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[code] = Check(codes.get(code), function, reads)
        return function

    return register


@check(codes.ID_MISMATCH, OWN)
def id_matches_file_name(registry: Registry) -> Iterator[Finding]:
    """A record's `id`, when written, equals its file's stem."""
    for doc in registry.documents:
        written = (doc.data or {}).get("id")
        if isinstance(written, str) and written != doc.id:
            yield Finding(
                f"the id {written!r} differs from the file name {doc.id!r}; "
                "the file name is the id",
                doc.path,
                loc=("id",),
            )


@check(codes.INVALID_ID, OWN)
def file_name_is_slug(registry: Registry) -> Iterator[Finding]:
    """A file's stem is a lowercase slug, because it is the record's id."""
    for doc in registry.documents:
        if not is_id(doc.id):
            yield Finding(
                f"the file name {doc.id!r} is not a valid id: use {ID_RULE}",
                doc.path,
                line=1,
                column=1,
            )


@check(codes.DUPLICATE_ID, OWN)
def ids_are_unique(registry: Registry) -> Iterator[Finding]:
    """Two files of one kind never share an id, even in different sub-folders."""
    first: dict[tuple[str, str], str] = {}
    for doc in registry.documents:
        key = (doc.kind.folder, doc.id)
        if key in first:
            yield Finding(
                f"the {doc.kind.name} id {doc.id!r} is already used by {first[key]}",
                doc.path,
                line=1,
                column=1,
            )
        else:
            first[key] = doc.path


@check(codes.SELF_AGREEMENT, OWN)
def parties_differ(registry: Registry) -> Iterator[Finding]:
    """An agreement is between two different cities."""
    for entry in registry.of_kind(AGREEMENTS.folder):
        a, b = entry.raw["parties"]
        if a == b:
            yield Finding(
                f"an agreement needs two different cities, but both parties are {a!r}",
                entry.path,
                loc=("parties", 1),
            )


@check(codes.DUPLICATE_AGREEMENT, Reads(alike=((AGREEMENTS.folder, "parties.*"),)))
def agreements_are_unique(registry: Registry) -> Iterator[Finding]:
    """No two agreements of one kind between the same two cities, in either order.

    The one read later is the duplicate, as for ids (a record `new` would add is read last).
    """
    first: dict[tuple[str, frozenset[str]], str] = {}
    read = {doc.path: index for index, doc in enumerate(registry.documents)}
    last = len(read)  # a view of the registry (the language server's) may list no documents
    for entry in sorted(registry.of_kind(AGREEMENTS.folder),
                        key=lambda e: (read.get(e.path, last), e.path)):
        raw = entry.raw
        key = (raw["kind"], frozenset(raw["parties"]))
        if key in first:
            yield Finding(
                f"a {raw['kind']} agreement between {' and '.join(raw['parties'])} "
                f"is already recorded in {first[key]}",
                entry.path,
                loc=("parties",),
            )
        else:
            first[key] = entry.path


@check(codes.CONFIRMER_NOT_PARTY, OWN)
def confirmers_are_parties(registry: Registry) -> Iterator[Finding]:
    """Each city in `confirmed_by` is one of the agreement's parties, named once."""
    for entry in registry.of_kind(AGREEMENTS.folder):
        parties = entry.raw["parties"]
        seen: set[str] = set()
        for index, city in enumerate(entry.raw.get("confirmed_by") or ()):
            if city not in parties:
                message = (f"confirmed_by names {city!r}, which is not a party "
                           f"({' and '.join(parties)})")
            elif city in seen:
                message = f"confirmed_by names {city!r} twice"
            else:
                seen.add(city)
                continue
            yield Finding(message, entry.path, loc=("confirmed_by", index))


@check(codes.ONE_SIDED_AGREEMENT, OWN)
def agreements_confirmed_by_both(registry: Registry) -> Iterator[Finding]:
    """Both parties confirm each agreement (opt-in: only under `--select`)."""
    for entry in registry.of_kind(AGREEMENTS.folder):
        confirmed = set(entry.raw.get("confirmed_by") or ())
        missing = [city for city in entry.raw["parties"] if city not in confirmed]
        if missing:
            yield Finding(f"no source says {' or '.join(missing)} confirms this agreement "
                          "(confirmed_by)", entry.path,
                          loc=("confirmed_by",) if "confirmed_by" in entry.raw else ("parties",))


@check(codes.MISSING_SOURCE, OWN)
def records_cite_sources(registry: Registry) -> Iterator[Finding]:
    """Every record says where its facts come from."""
    for folder in KINDS:
        for entry in registry.of_kind(folder):
            if not entry.raw.get("sources"):
                yield Finding(
                    "the record cites no source: add `sources` with at least a title",
                    entry.path,
                    loc=("sources",) if "sources" in entry.raw else (),
                )


@check(codes.UNKNOWN_SOURCE_FIELD, OWN)
def source_fields_exist(registry: Registry) -> Iterator[Finding]:
    """Each field a source vouches for is a field of the kind, written in the record."""
    from citynet.model.paths import path_problem

    for kind in KINDS.values():
        for entry in registry.of_kind(kind.folder):
            for index, source in enumerate(entry.raw.get("sources") or ()):
                for position, path in enumerate(source.get("fields") or ()):
                    problem = path_problem(kind.model, path)
                    if problem is None and path.split(".")[0] not in entry.raw:
                        problem = f"the record has no `{path.split('.')[0]}`"
                    if problem:
                        yield Finding(f"`fields` names `{path}`, but {problem}", entry.path,
                                      loc=("sources", index, "fields", position))


@check(codes.RULE_BREACH, Reads(whole=(CITIES.folder, MEMBERSHIPS.folder),
                             only=(ORGANISATIONS.folder, "rules")))
def organisation_rules_hold(registry: Registry) -> Iterator[Finding]:
    """An organisation's `max_members_per_country` holds, unless an exception records it.

    The rule caps the members per country and, with `capital_included`, wants
    each country's capital among them. A breach is a warning, or an error when
    the rule says `strict: true`; an entry in the rule's `exceptions` for that
    country, with a source, silences it.
    """
    from citynet.query.rules import breaches

    for org in registry.of_kind(ORGANISATIONS.folder):
        rules = org.raw.get("rules")
        if not (rules and rules.get("max_members_per_country")):
            continue  # no rule to breach: its model need not be built
        for breach in breaches(registry, org):
            what = f"{breach.role} members" if breach.role else "members"
            members = ", ".join(breach.members)
            if breach.kind == "over-limit":
                message = (f"{org.id}: {breach.country} has {len(breach.members)} {what} "
                           f"({members}), more than the rule's limit of {breach.limit} per country")
                field = "limit"
            else:
                message = (f"{org.id}: none of {breach.country}'s {what} ({members}) is its "
                           "capital, which the rule wants included")
                field = "capital_included"
            yield Finding(
                message,
                org.path,
                loc=("rules", "max_members_per_country", field),
                severity=Severity.ERROR if breach.strict else None,
            )


@check(codes.ALIAS_CONFLICT, Reads(alike=((CITIES.folder, "aliases.*"),)))
def aliases_are_free(registry: Registry) -> Iterator[Finding]:
    """An alias names one city only: never an id, another city's alias, or a distinct city."""
    claimed: dict[str, str] = {}
    for entry in registry.of_kind(CITIES.folder):
        aliases = entry.raw.get("aliases")
        if not aliases:
            continue
        for index, alias in enumerate(aliases):
            if alias in registry.known[CITIES.folder]:
                why = "its own id" if alias == entry.id else f"the id of data/cities/{alias}.yaml"
            elif alias in claimed:
                why = f"already an alias of {claimed[alias]}"
            elif alias in (entry.raw.get("distinct_from") or ()):
                why = "also in its distinct_from"
            else:
                claimed[alias] = entry.id
                continue
            yield Finding(f"the alias {alias!r} is {why}; an alias names one city only",
                          entry.path, loc=("aliases", index))
