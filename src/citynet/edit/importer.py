"""`citynet import pairs`: city pairs from a CSV into cities and agreements.

Real lists are messy (see shared/data/README.md): country names instead of
codes, qualifiers on names, one city spelled two ways, pairs given in both
directions. This module decides deliberately:

- Countries: pycountry's ISO names (official and common), CLDR's English
  names (babel), then `COUNTRY_NAMES` below; "Region, Country" and
  "Name (country)" forms are read for their country. A name none of these know
  (Kosovo, Northern Cyprus: no ISO 3166-1 code) is reported and the row
  skipped, never guessed.
- Cities: names are normalised ("Seoul – Gangbuk" and "Gangbuk (Seoul)" are
  one district of Seoul, written "Gangbuk (Seoul)"); a qualified name is a
  different place from the bare one ("Świdnica (rural gmina)" is not the town
  of Świdnica). A city matches an existing record of the same country with the
  same name in any language, accents, case and script aside (names are compared
  by their anyascii transliteration too, so "Lodz" is "Łódź"), or whose
  `aliases` hold the id the name would get (a merged city); otherwise a new
  record is made. Ids are decided once every row is read, so row order never
  changes them: the anyascii slug of the name ("Łódź" -> `lodz`, "北京" ->
  `beijing`); with `-<country>` when the slug is taken by an existing record or
  wanted by new cities of several countries; then `-2`, `-3` in the order of
  the names' transliterations. A slug over 40 characters is cut, with 7 hex
  digits of its SHA-1 after it, so agreement ids made of two stay under 120.
- Agreements: a pair is one agreement whatever its direction; an agreement
  already recorded between the two cities (of any kind) is kept as it is.
- Nothing the list does not give is written: no level, no dates.

Cities are written before agreements and every file atomically, so an
interrupted import leaves a valid registry, and running it again finishes it.
That needs each file's rename, not a flush to disk: files are not fsynced one by
one (it made an import of 25,917 pairs 2-5x slower) nor is the machine synced at
the end (a flush of every program's writes). The kernel writes them back as it
does a plain copy's; a power cut in the half-minute after can lose or empty the
last files written (`git status` lists the new files; delete them and rerun).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.publish.i18n import fold
from citynet.query.spelling import ascii_text, slug
from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.model.records import AgreementKind, City
from citynet.store.files import control_character
from citynet.store.tree import DATA_DIR, EXTENSION, Refused, Tree
from citynet.store.registry import Registry, load

from citynet.edit.countries import UnknownCountry, country_code


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
            CITIES.folder: {"created": len(self.cities_created), "matched": len(self.cities_matched)},
            AGREEMENTS.folder: {"created": len(self.agreements_created),
                           "existing": self.agreements_existing,
                           "repeated_in_file": self.pairs_repeated,
                           "confirmed_by_both": self.confirmed_by_both},
            "skipped": {"rows": len(self.skipped), "reasons": reasons,
                        "details": self.skipped},
        }


@dataclass
class _Plan:
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

    @classmethod
    def of(cls, registry: Registry, source: dict[str, str], kind: str,
           taken: dict[str, set[str]] | None = None) -> _Plan:
        """The plan's start from the registry; `taken` holds, by kind folder, the ids whose
        file path is held by something that is no record (a link not followed)."""
        plan = cls(registry, source, kind)
        for entry in registry.of_kind(CITIES.folder):
            assert isinstance(entry.model, City)
            for name in entry.model.names.values():
                plan.cities.setdefault((entry.model.country, name_key(name)), entry.id)
            for alias in entry.model.aliases:
                plan.aliases.setdefault((entry.model.country, alias), entry.id)
        taken = taken or {}
        plan.used_ids = registry.known[CITIES.folder] | taken.get(CITIES.folder, set())
        for entry in registry.of_kind(AGREEMENTS.folder):
            plan.pairs.add(frozenset(entry.model.parties))  # type: ignore[attr-defined]
        plan.agreement_ids = (registry.known[AGREEMENTS.folder]
                              | taken.get(AGREEMENTS.folder, set()))
        return plan

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
            shared = base in self.used_ids or len({country for country, _ in keys}) > 1
            for key in sorted(keys):
                stem = f"{base}-{key[0].lower()}" if shared else base
                candidate, number = stem, 2
                while candidate in self.used_ids:
                    candidate = f"{stem}-{number}"
                    number += 1
                self.used_ids.add(candidate)
                self.reserved[key] = candidate

    def city(self, name: str, country: str, lat: str, lng: str, summary: Summary) -> str:
        key = (country, name_key(name))
        if key in self.cities:
            if self.cities[key] not in self.new_cities:
                summary.cities_matched.add(self.cities[key])
            return self.cities[key]
        if key not in self.reserved:  # a row reserve() did not see
            self.reserve([{REQUIRED_COLUMNS[0]: name, REQUIRED_COLUMNS[1]: country}])
        display, candidate = self.display[key], self.reserved[key]
        record: dict[str, Any] = {"id": candidate, "names": {"en": display}, "country": country}
        location = _location(lat, lng)
        if location:
            record["location"] = location
        note = f"Imported from a list of city pairs; the list writes the name {name.strip()!r}."
        record["sources"] = [{**self.source, "note": note}]
        self.cities[key] = candidate
        self.new_cities[candidate] = record
        summary.cities_created.append(candidate)
        return candidate

    def unfit(self, cities: list[str], agreements: list[str]) -> str | None:
        """Why one of these new records would not validate (None if all would)."""
        from citynet.model.build import build

        for kind, made, ids in ((CITIES, self.new_cities, cities),
                                (AGREEMENTS, self.new_agreements, agreements)):
            for record_id in ids:
                _, problems = build(kind, record_id, made[record_id])
                if problems:
                    where = ".".join(str(part) for part in problems[0].loc)
                    return f"the {kind.name} it makes would not validate ({where})"
        return None

    def undo(self, cities: list[str], agreements: list[str]) -> None:
        """Forget these new records, as if their row had not been read."""
        for record_id in agreements:
            pair = frozenset(self.new_agreements.pop(record_id)["parties"])
            self.agreement_ids.discard(record_id)
            self.pairs.discard(pair)
            self.new_pairs.discard(pair)
        for record_id in cities:
            record = self.new_cities.pop(record_id)
            self.used_ids.discard(record_id)
            self.cities.pop((record["country"], fold(record["names"]["en"])), None)

    def agreement(self, a: str, b: str, summary: Summary) -> None:
        """Record that `a`'s side lists `b`: a pair listed both ways is confirmed by both."""
        pair = frozenset((a, b))
        if pair in self.pairs:
            record = self.new_agreements.get(self.new_pairs.get(pair, ""))
            if record is None:
                summary.agreements_existing += 1
            elif a in record["confirmed_by"]:
                summary.pairs_repeated += 1
            else:
                record["confirmed_by"].append(a)
                summary.confirmed_by_both += 1
            return
        first, second = sorted(pair)
        base = AGREEMENTS.make_id({"parties": [first, second], "kind": self.kind})
        candidate, number = base, 2
        while candidate in self.agreement_ids:
            candidate = f"{base}-{number}"
            number += 1
        self.pairs.add(pair)
        self.new_pairs[pair] = candidate
        self.agreement_ids.add(candidate)
        self.new_agreements[candidate] = {
            "id": candidate, "kind": self.kind, "parties": [a, b], "confirmed_by": [a],
            "sources": [{**self.source,
                         "note": "The list does not say what kind of agreement this is; "
                                 "each row is the first city's side listing the second."}],
        }
        summary.agreements_created.append(candidate)


def _location(lat: str, lng: str) -> dict[str, float] | None:
    try:
        latitude, longitude = float(lat), float(lng)
    except (TypeError, ValueError):
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return {"lat": latitude, "lon": longitude}
    return None


REQUIRED_COLUMNS = ("city1", "country1", "city2", "country2")


def import_pairs(root: Path, csv_path: Path, *, kind: str = "twinning",
                 source: str | None = None, source_url: str | None = None,
                 dry_run: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> Summary:
    """Import city pairs from a CSV into the registry at `root`."""
    if kind not in {k.value for k in AgreementKind}:
        raise BadOption(f"--kind {kind!r} is not one of: "
                        f"{', '.join(k.value for k in AgreementKind)}")
    from citynet.store.output import check_input

    check_input(csv_path, label="")  # a folder, a pipe or a device is never opened
    try:
        with open(csv_path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            columns = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise BadOption(f"{csv_path}: missing column(s) {', '.join(missing)} "
                                f"(expected city1,country1,city2,country2[,lat1,lng1,lat2,lng2])")
            rows = list(reader)
    except OSError as exc:
        raise BadOption(f"{csv_path}: {exc.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BadOption(f"{csv_path}: not a readable UTF-8 CSV file ({exc})") from None
    registry, problems = load(root)
    title = {"title": source or csv_path.name}
    if source_url:
        title["url"] = source_url
    plan = _Plan.of(registry, title, kind, _taken_by_links(problems))
    summary = Summary(rows=len(rows), dry_run=dry_run)
    plan.reserve(rows)
    for number, row in enumerate(rows, start=2):
        if progress:
            progress(number - 1, len(rows))
        _import_row(plan, row, number, summary)
    if not dry_run:
        _write(root, plan)
    return summary


def _taken_by_links(problems: list[Any]) -> dict[str, set[str]]:
    """The ids whose file is a link validate did not follow (dangling, out of the registry):
    a new record there would replace a link citynet did not make, so its id is taken."""
    from citynet.model import codes

    taken: dict[str, set[str]] = {}
    for problem in problems:
        parts = problem.path.split("/")
        if (problem.code == codes.SYMLINK and len(parts) == 3 and parts[0] == DATA_DIR
                and parts[2].endswith(EXTENSION)):
            taken.setdefault(parts[1], set()).add(parts[2][: -len(EXTENSION)])
    return taken


def _import_row(plan: _Plan, row: dict[str, Any], number: int, summary: Summary) -> None:
    def skip(reason: str) -> None:
        summary.skipped.append({"row": number, "reason": reason,
                                "pair": f"{row.get('city1')} – {row.get('city2')}"})

    names = [(row.get("city1") or "").strip(), (row.get("city2") or "").strip()]
    countries = [(row.get("country1") or "").strip(), (row.get("country2") or "").strip()]
    if not all(names) or not all(countries):
        return skip("a city or country is empty")
    if any(control_character(text) for text in names):  # validate would refuse the city
        return skip("a name holds a control character")
    codes = []
    for country in countries:
        try:
            codes.append(country_code(country))
        except UnknownCountry as exc:
            return skip(str(exc))
    made = len(summary.cities_created), len(summary.agreements_created)
    a = plan.city(names[0], codes[0], row.get("lat1") or "", row.get("lng1") or "", summary)
    b = plan.city(names[1], codes[1], row.get("lat2") or "", row.get("lng2") or "", summary)
    if a == b:
        return skip("a city paired with itself")
    plan.agreement(a, b, summary)
    unfit = plan.unfit(summary.cities_created[made[0]:], summary.agreements_created[made[1]:])
    if unfit:  # a row is imported whole or not at all, and never as a record validate refuses
        plan.undo(summary.cities_created[made[0]:], summary.agreements_created[made[1]:])
        del summary.cities_created[made[0]:], summary.agreements_created[made[1]:]
        return skip(unfit)


def _write(root: Path, plan: _Plan) -> None:
    """Cities first, then the agreements that name them, each file new and whole."""
    from citynet.yaml import writer
    from citynet.store.atomic import write_atomic

    tree = Tree(root)
    tree.sweep()  # what a killed import left goes first
    written = ((CITIES.folder, plan.new_cities), (AGREEMENTS.folder, plan.new_agreements))
    try:
        folders = [tree.writable(f"{DATA_DIR}/{folder}", folder=True,
                                 make_folders=bool(records)) for folder, records in written]
    except Refused as refused:
        raise BadOption(f"{refused}; nothing was written") from None
    for target, (folder, records) in zip(folders, written, strict=True):
        for record_id, record in records.items():
            try:
                write_atomic(target / f"{record_id}{EXTENSION}", writer.dump(record),
                             durable=False, replace=False)
            except FileExistsError:
                raise BadOption(f"{DATA_DIR}/{folder}/{record_id}{EXTENSION} appeared while "
                                "the import ran; it stopped there: run it again") from None
