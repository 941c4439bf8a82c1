"""Wikidata: twinnings and successions as QuickStatements, and twinnings compared with
Wikidata's own P190 claims.

Wikidata records a twinning as P190 ("twinned administrative body") on each city's item. The
export writes it in both directions for every agreement (of any kind) whose two cities have a
`wikidata` id, with P580 (start time) where `signed` is known and P582 (end time) where the
agreement is no longer in force: the date of the step that ended it, or of the suspension it
is still under (Wikidata states a twinning while it holds, and has no qualifier for a pause; a
suspension lifted again leaves the statement without an end). Each date is at its precision
(a year /9, a month /10, a day /11).

Every statement carries a reference: S854 (reference URL) for a source with an address, and
for one without, S1476 (title, as undetermined-language text) and S577 (publication date,
from its `as_of`). QuickStatements adds a reference each time a line repeats a statement with
another source, so each source is its own line and nothing is lost; the sources of the steps
(the decision that suspended or ended it) are among them. An agreement no source cites is
not stated. A succession (`citynet succeed`) is P1365 (replaces) on the successor and P1366
(replaced by) on its predecessor, with P585 (point in time), and P576 (dissolved) on a
predecessor that merged, each with the succession's source.

URLs and titles are written as they are (`Séoul`, never `S\\u00e9oul`); the few characters
QuickStatements cannot carry inside a value are changed for their nearest equivalent (`"`
in a URL as `%22`, in a title as `”`; a tab or line break as a space).

The comparison reads P190 claims offline, from JSON in the shape Wikidata's
`wbgetentities` API returns, and matches pairs of items either way round.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from citynet.errors import BadOption
from citynet.model.dates import PartialDate
from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.model.records import WIKIDATA_PATTERN, Agreement, City, Source
from citynet.store.registry import Entry, Registry

TWINNED, START, END = "P190", "P580", "P582"
REPLACES, REPLACED_BY, POINT_IN_TIME, DISSOLVED = "P1365", "P1366", "P585", "P576"
REFERENCE_URL, TITLE, PUBLISHED = "S854", "S1476", "S577"
PRECISION = {"year": 9, "month": 10, "day": 11}
"""Wikidata's time precision for each precision of a partial date."""
QID = re.compile(WIKIDATA_PATTERN)
"""A Wikidata item's id, as a record holds it: anything else in the file names no item
(and a number past 4300 digits could not even be read)."""
_TIME = re.compile(r"^[+-](\d{1,16})-(\d\d)-(\d\d)T")
UNDETERMINED = "und"
"""The language of a title whose language the registry does not know (ISO 639 `und`)."""


class Records(Protocol):
    """What the statements are made from: a registry, or the records an export selected."""

    def of_kind(self, folder: str) -> list[Entry]: ...


def qid_of_cities(registry: Records) -> dict[str, str]:
    """City id -> its Wikidata item, for every city that has one."""
    found = {}
    for entry in registry.of_kind(CITIES.folder):
        assert isinstance(entry.model, City)
        if entry.model.wikidata:
            found[entry.id] = entry.model.wikidata
    return found


def time_value(date: PartialDate) -> str:
    """A partial date as a QuickStatements time: `+1968-03-00T00:00:00Z/10`."""
    return (f"+{date.year:04d}-{date.month or 0:02d}-{date.day or 0:02d}T00:00:00Z/"
            f"{PRECISION[date.precision]}")


def _text(value: str) -> str:
    """A value as QuickStatements carries it: on one line, with no straight double quote."""
    return " ".join(value.replace('"', "\u201d").split())


def references(sources: Iterable[Source | None]) -> list[list[str]]:
    """One reference for each distinct source: its URL (S854), or its title (S1476) and date
    (S577) when it has none."""
    found: dict[tuple[str, ...], list[str]] = {}
    for source in sources:
        if source is None:
            continue
        if source.url:
            reference = [REFERENCE_URL, '"' + _text(source.url).replace(" ", "%20")
                         .replace("\u201d", "%22") + '"']
        else:
            reference = [TITLE, f'{UNDETERMINED}:"{_text(source.title)}"']
            if source.as_of is not None:
                reference += [PUBLISHED, time_value(source.as_of)]
        found.setdefault(tuple(reference), reference)
    return list(found.values())


def _out_of_force(model: Agreement) -> PartialDate | None:
    """When it stopped being in force, as Wikidata's end time says it: its end, or the
    suspension it is still under."""
    from citynet.model import lifecycle

    steps = model.steps
    state = lifecycle.state_now(steps)
    if state is lifecycle.State.ENDED:
        return model.ended
    if state is lifecycle.State.SUSPENDED:
        return next((s.date for s in reversed(steps) if s.kind is lifecycle.StepKind.SUSPENDED),
                    None)
    return None


def quickstatements(registry: Records) -> tuple[list[str], dict[str, int]]:
    """The QuickStatements (v1, tab-separated) lines, and how many agreements and successions
    they state."""
    qids = qid_of_cities(registry)
    lines: list[str] = []
    stated = {AGREEMENTS.folder: 0, "successions": 0}
    for entry in sorted(registry.of_kind(AGREEMENTS.folder), key=lambda e: e.id):
        model = entry.model
        assert isinstance(model, Agreement)
        a, b = (qids.get(party) for party in model.parties)
        cited = references([*model.sources, *(step.source for step in model.lifecycle)])
        if not a or not b or not cited:
            continue
        stated[AGREEMENTS.folder] += 1
        qualifiers = []
        if model.signed:
            qualifiers += [START, time_value(model.signed)]
        stopped = _out_of_force(model)
        if stopped:
            qualifiers += [END, time_value(stopped)]
        for subject, target in ((a, b), (b, a)):
            lines += ["\t".join([subject, TWINNED, target, *qualifiers, *reference])
                      for reference in cited]
    for entry in sorted(registry.of_kind(CITIES.folder), key=lambda e: e.id):
        city = entry.model
        assert isinstance(city, City)
        for held in city.predecessors:
            old, new = qids.get(held.city), city.wikidata
            cited = references([held.source])
            if not old or not new or old == new or not cited:
                continue  # a city renamed is one item: nothing to state
            stated["successions"] += 1
            when = [POINT_IN_TIME, time_value(held.date)]
            for reference in cited:
                lines.append("\t".join([new, REPLACES, old, *when, *reference]))
                lines.append("\t".join([old, REPLACED_BY, new, *when, *reference]))
                if held.how == "merged":
                    lines.append("\t".join([old, DISSOLVED, time_value(held.date),
                                            *reference]))
    return lines, stated


def read_entities(path: Path) -> dict[str, list[tuple[str, PartialDate | None]]]:
    """Item -> its P190 targets and start dates, from a `wbgetentities` JSON file."""
    from citynet.store.output import check_input

    check_input(path, label="")
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise BadOption(f"{path}: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadOption(f"{path}: not a readable UTF-8 JSON file ({exc})") from None
    except RecursionError:
        raise BadOption(f"{path}: not a readable JSON file (nested too deep)") from None
    entities = document.get("entities") if isinstance(document, dict) else None
    if not isinstance(entities, dict):
        raise BadOption(f"{path}: no `entities` object, as wbgetentities returns")
    claims: dict[str, list[tuple[str, PartialDate | None]]] = {}
    for key, entity in entities.items():
        if not isinstance(entity, dict) or "missing" in entity:
            continue
        subject = str(entity.get("id", key))
        if not QID.fullmatch(subject):
            continue
        found = claims.setdefault(subject, [])
        for statement in (entity.get("claims") or {}).get(TWINNED) or []:
            target = _item(statement.get("mainsnak") if isinstance(statement, dict) else None)
            if target and statement.get("rank") != "deprecated":
                starts = (statement.get("qualifiers") or {}).get(START) or [None]
                found.append((target, _time(starts[0])))
    return claims


def _item(snak: Any) -> str | None:
    try:
        value = snak["datavalue"]["value"]
        found = value.get("id") or f"Q{value['numeric-id']}"
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return found if isinstance(found, str) and QID.fullmatch(found) else None


def _time(snak: Any) -> PartialDate | None:
    """A P580 qualifier as a partial date at its precision; None if coarser than a year."""
    try:
        value = snak["datavalue"]["value"]
        match = _TIME.match(value["time"])
        precision = int(value["precision"])
    except (KeyError, TypeError, ValueError):
        return None
    if match is None or precision < 9:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return PartialDate(year, month if precision >= 10 else None,
                           day if precision >= 11 else None)
    except ValueError:
        return None


def _agree(a: PartialDate, b: PartialDate) -> bool:
    """Whether two partial dates may be one date (1968 and 1968-03 may)."""
    return (a.year == b.year and (a.month is None or b.month is None or a.month == b.month)
            and (a.day is None or b.day is None or a.day == b.day))


def compare(registry: Registry, claims: dict[str, list[tuple[str, PartialDate | None]]]
            ) -> dict[str, list[dict[str, Any]]]:
    """Pairs only Wikidata has, pairs only the registry has, and start dates that differ.

    A registry pair is looked for only if the file holds one of its items: what
    Wikidata says of other items is not known.
    """
    qids = qid_of_cities(registry)
    city_of = {qid: city for city, qid in qids.items()}
    ours: dict[frozenset[str], Agreement] = {}
    ids: dict[frozenset[str], str] = {}
    for entry in sorted(registry.of_kind(AGREEMENTS.folder), key=lambda e: e.id):
        model = entry.model
        assert isinstance(model, Agreement)
        pair = frozenset(qids.get(p) or "" for p in model.parties)
        if "" not in pair and pair not in ours:
            ours[pair], ids[pair] = model, entry.id
    theirs: dict[frozenset[str], list[PartialDate]] = {}
    for subject, targets in claims.items():
        for target, start in targets:
            dates = theirs.setdefault(frozenset((subject, target)), [])
            if start is not None and start not in dates:
                dates.append(start)

    def side(qid: str) -> dict[str, str | None]:
        return {"qid": qid, CITIES.name: city_of.get(qid)}

    def sides(pair: frozenset[str]) -> dict[str, Any]:
        a, b = sorted(pair, key=_number)
        return {"a": side(a), "b": side(b)}

    report: dict[str, list[dict[str, Any]]] = {
        "only_wikidata": [], "only_registry": [], "date_conflicts": []}
    for pair in sorted(theirs, key=_pair_key):
        if pair not in ours:
            report["only_wikidata"].append({**sides(pair), "start": [
                str(d) for d in theirs[pair]]})
    for pair in sorted(ours, key=_pair_key):
        signed = ours[pair].signed
        if pair not in theirs:
            if pair & claims.keys():
                report["only_registry"].append({**sides(pair), AGREEMENTS.name: ids[pair]})
        elif signed and theirs[pair] and not any(_agree(signed, d) for d in theirs[pair]):
            report["date_conflicts"].append({
                **sides(pair), AGREEMENTS.name: ids[pair], "registry": str(signed),
                "wikidata": ", ".join(str(d) for d in theirs[pair])})
    return report


def _number(qid: str) -> tuple[int, str]:
    return (int(qid[1:]), qid) if qid[1:].isdigit() else (0, qid)


def _pair_key(pair: frozenset[str]) -> list[tuple[int, str]]:
    return sorted(map(_number, pair))
