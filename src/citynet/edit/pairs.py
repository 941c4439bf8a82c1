"""What an import of city pairs decides, row by row: which city each name is, which id a
new one gets, and what the row adds (edit/importer.py reads the list and writes the result).

A row is taken whole or not at all: its new records are checked (`Plan.refused`) before
anything of it is kept (`Plan.commit`), so a row skipped leaves no trace in the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from citynet.edit.countries import UnknownCountry, country_code
from citynet.model.kinds import AGREEMENTS, CITIES, Kind
from citynet.model.records import City
from citynet.query.spelling import ascii_text, slug
from citynet.store.registry import Registry
from citynet.store.tree import DATA_DIR, EXTENSION, Tree

_DASH = re.compile(r"^(.+?)\s+[–—-]\s+(.+)$")


def normalise_city(name: str) -> str:
    """One spelling for a city name: "Seoul – Gangbuk" becomes "Gangbuk (Seoul)"."""
    text = " ".join(name.split())
    dashed = _DASH.match(text)
    if dashed and "(" not in text:
        return f"{dashed.group(2)} ({dashed.group(1)})"
    return text


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """What two spellings of one city name share: its normal form, transliterated.

    Cached: a list names each city on about two rows, and each row's names are keyed
    twice (when ids are reserved, then when the row is read).
    """
    return ascii_text(normalise_city(name))


@lru_cache(maxsize=1 << 16)
def city_slug(name: str) -> str:
    """The id a city name would get before any suffix (cached as `name_key` is)."""
    return slug(normalise_city(name))


@dataclass
class Summary:
    rows: int = 0
    cities_created: list[str] = field(default_factory=list)
    cities_matched: set[str] = field(default_factory=set)
    """Existing cities the file named (each once)."""
    agreements_created: list[str] = field(default_factory=list)
    agreements_existing: int = 0
    pairs_repeated: int = 0
    """Rows that repeat a pair in the direction already read."""
    confirmed_by_both: int = 0
    """Pairs the file lists both ways: each side confirms the agreement."""
    skipped: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        reasons: dict[str, int] = {}
        for skip in self.skipped:
            reasons[skip["reason"]] = reasons.get(skip["reason"], 0) + 1
        return {
            "rows": self.rows,
            "dry_run": self.dry_run,
            CITIES.folder: {"created": len(self.cities_created),
                            "matched": len(self.cities_matched)},
            AGREEMENTS.folder: {"created": len(self.agreements_created),
                           "existing": self.agreements_existing,
                           "repeated_in_file": self.pairs_repeated,
                           "confirmed_by_both": self.confirmed_by_both},
            "skipped": {"rows": len(self.skipped), "reasons": reasons,
                        "details": self.skipped},
        }


@dataclass(frozen=True, slots=True)
class Side:
    """The city one side of a row names: its id, the key its name is known by, and its
    record if this row would make it (None if the registry or an earlier row has it)."""

    id: str
    key: tuple[str, str]
    record: dict[str, Any] | None


@dataclass
class Plan:
    registry: Registry
    source: dict[str, str]
    kind: str
    cities: dict[tuple[str, str], str] = field(default_factory=dict)
    """(country, name_key) -> city id, for every city known or made."""
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)
    """(country, alias) -> the city that took that id over in a merge."""
    reserved: dict[tuple[str, str], str] = field(default_factory=dict)
    """(country, name_key) -> the id a new city gets (see `reserve`)."""
    display: dict[tuple[str, str], str] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)
    new_cities: dict[str, dict[str, Any]] = field(default_factory=dict)
    pairs: set[frozenset[str]] = field(default_factory=set)
    new_agreements: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_pairs: dict[frozenset[str], str] = field(default_factory=dict)
    """Each pair this import creates, and its agreement's id."""
    agreement_ids: set[str] = field(default_factory=set)
    standing: dict[str, frozenset[str]] = field(default_factory=dict)
    """By kind folder, every name that stands there (a record, a link, a pipe, a folder):
    a new record's file never takes one."""

    @classmethod
    def of(cls, registry: Registry, source: dict[str, str], kind: str,
           tree: Tree | None = None) -> Plan:
        """The plan's start from the registry; with `tree`, an id whose file path is held by
        anything at all (a link, a pipe, a folder: no record the walk read) is taken."""
        plan = cls(registry, source, kind)
        if tree is not None:
            plan.standing = {kind.folder: tree.names(f"{DATA_DIR}/{kind.folder}")
                             for kind in (CITIES, AGREEMENTS)}
        for entry in registry.of_kind(CITIES.folder):
            assert isinstance(entry.model, City)
            for name in entry.model.names.values():
                plan.cities.setdefault((entry.model.country, name_key(name)), entry.id)
            for alias in entry.model.aliases:
                plan.aliases.setdefault((entry.model.country, alias), entry.id)
        plan.used_ids = set(registry.known[CITIES.folder])
        for entry in registry.of_kind(AGREEMENTS.folder):
            plan.pairs.add(frozenset(entry.model.parties))  # type: ignore[attr-defined]
        plan.agreement_ids = set(registry.known[AGREEMENTS.folder])
        return plan

    def free(self, kind: Kind, record_id: str, taken: set[str]) -> bool:
        """Whether a new record of `kind` may take `record_id`: no record has it, and
        nothing stands where its file would go."""
        return record_id not in taken and (
            f"{record_id}{EXTENSION}" not in self.standing.get(kind.folder, ()))

    def reserve(self, rows: list[dict[str, Any]]) -> None:
        """Decide every new city's id from all the rows at once, so their order never matters."""
        spellings: dict[tuple[str, str], set[str]] = {}
        for row in rows:
            for name_column, country_column in zip(REQUIRED_COLUMNS[::2], REQUIRED_COLUMNS[1::2],
                                                   strict=True):
                name = (row.get(name_column) or "").strip()
                try:
                    country = country_code((row.get(country_column) or "").strip())
                except UnknownCountry:
                    continue
                key = (country, name_key(name))
                if not name or key in self.cities:
                    continue
                base = city_slug(name)
                alias = self.aliases.get((country, base)) or self.aliases.get(
                    (country, f"{base}-{country.lower()}"))
                if alias:
                    self.cities[key] = alias
                    continue
                spellings.setdefault(key, set()).add(normalise_city(name))
        by_base: dict[str, list[tuple[str, str]]] = {}
        for key, names in spellings.items():
            # One spelling for the record whatever the order: the one in its own script first.
            self.display[key] = min(names, key=lambda n: (n.isascii(), n))
            by_base.setdefault(city_slug(self.display[key]) or f"city-{key[0].lower()}",
                               []).append(key)
        for base, keys in sorted(by_base.items()):
            shared = not self.free(CITIES, base, self.used_ids) or len({c for c, _ in keys}) > 1
            for key in sorted(keys):
                stem = f"{base}-{key[0].lower()}" if shared else base
                candidate, number = stem, 2
                while not self.free(CITIES, candidate, self.used_ids):
                    candidate = f"{stem}-{number}"
                    number += 1
                self.used_ids.add(candidate)
                self.reserved[key] = candidate

    def side(self, name: str, country: str, lat: str, lng: str) -> Side:
        """The city a row's side names: its id, and the record to make if it is new (None
        when the registry or an earlier row has it). Nothing is kept until `commit`."""
        key = (country, name_key(name))
        if key in self.cities:
            return Side(self.cities[key], key, None)
        if key not in self.reserved:  # a row reserve() did not see
            self.reserve([{REQUIRED_COLUMNS[0]: name, REQUIRED_COLUMNS[1]: country}])
        record: dict[str, Any] = {"id": self.reserved[key], "names": {"en": self.display[key]},
                                  "country": country}
        location = _location(lat, lng)
        if location:
            record["location"] = location
        note = f"Imported from a list of city pairs; the list writes the name {name.strip()!r}."
        record["sources"] = [{**self.source, "note": note}]
        return Side(self.reserved[key], key, record)

    def agreement_for(self, a: str, b: str) -> tuple[str, dict[str, Any] | None]:
        """What a row `a, b` does to agreements: "existing" (recorded before this import),
        "repeated" (this import has it from `a`'s side already), "confirmed" (`b`'s side
        listed it first) or "new", with the record to make."""
        pair = frozenset((a, b))
        if pair in self.pairs:
            record = self.new_agreements.get(self.new_pairs.get(pair, ""))
            if record is None:
                return "existing", None
            return ("repeated" if a in record["confirmed_by"] else "confirmed"), record
        first, second = sorted(pair)
        base = AGREEMENTS.make_id({"parties": [first, second], "kind": self.kind})
        candidate, number = base, 2
        while not self.free(AGREEMENTS, candidate, self.agreement_ids):
            candidate = f"{base}-{number}"
            number += 1
        return "new", {
            "id": candidate, "kind": self.kind, "parties": [a, b], "confirmed_by": [a],
            "sources": [{**self.source,
                         "note": "The list does not say what kind of agreement this is; "
                                 "each row is the first city's side listing the second."}],
        }

    def refused(self, sides: list[Side], agreement: dict[str, Any] | None) -> str | None:
        """Why a row's new records may not be written (None if they may): one would not
        validate, or the agreement would name a city that is neither in the registry nor
        made by this import."""
        from citynet.model.build import build

        made = [(CITIES, side.record) for side in sides if side.record is not None]
        made += [(AGREEMENTS, agreement)] if agreement is not None else []
        for kind, record in made:
            _, problems = build(kind, record["id"], record)
            if problems:
                where = ".".join(str(part) for part in problems[0].loc)
                return f"the {kind.name} it makes would not validate ({where})"
        for side in sides:
            if side.record is None and side.id not in self.new_cities and \
                    self.registry.get(CITIES.folder, side.id) is None:
                return "it names a city that is not in the registry"
        return None

    def commit(self, sides: list[Side], what: str, agreement: dict[str, Any] | None,
               summary: Summary) -> None:
        """Keep a row's records, and count what it did."""
        for side in sides:
            if side.record is not None:
                self.cities[side.key] = side.id
                self.new_cities[side.id] = side.record
                summary.cities_created.append(side.id)
            elif side.id not in self.new_cities:
                summary.cities_matched.add(side.id)
        if what == "existing":
            summary.agreements_existing += 1
        elif what == "repeated":
            summary.pairs_repeated += 1
        elif what == "confirmed":
            assert agreement is not None
            agreement["confirmed_by"].append(sides[0].id)
            summary.confirmed_by_both += 1
        elif agreement is not None:
            pair = frozenset(agreement["parties"])
            self.pairs.add(pair)
            self.new_pairs[pair] = agreement["id"]
            self.agreement_ids.add(agreement["id"])
            self.new_agreements[agreement["id"]] = agreement
            summary.agreements_created.append(agreement["id"])


def _location(lat: str, lng: str) -> dict[str, float] | None:
    try:
        latitude, longitude = float(lat), float(lng)
    except (TypeError, ValueError):
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return {"lat": latitude, "lon": longitude}
    return None


REQUIRED_COLUMNS = ("city1", "country1", "city2", "country2")

