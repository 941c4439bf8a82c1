"""Wikidata: twinnings as QuickStatements, and compared with Wikidata's own P190 claims.

Wikidata records a twinning as P190 ("twinned administrative body") on each
city's item. The export writes it in both directions for every agreement
(of any kind) whose two cities have a `wikidata` id, with P580 (start time)
where `signed` is known, at its precision (a year /9, a month /10, a day
/11), P582 (end time) where `ended` is, and a reference URL (S854) for every
source URL of the agreement. QuickStatements adds a reference to a statement
each time a line repeats the statement with another source, so each URL is
its own line and its own reference: none is lost, as when only the first is
exported.

The comparison reads P190 claims offline, from JSON in the shape Wikidata's
`wbgetentities` API returns, and matches pairs of items either way round.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Protocol

from citynet.errors import BadOption
from citynet.model.dates import PartialDate
from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.model.records import Agreement, City
from citynet.publish.formats import dumps
from citynet.store.registry import Entry, Registry

TWINNED, START, END, REFERENCE_URL = "P190", "P580", "P582", "S854"
PRECISION = {"year": 9, "month": 10, "day": 11}
"""Wikidata's time precision for each precision of a partial date."""
_TIME = re.compile(r"^[+-](\d{1,16})-(\d\d)-(\d\d)T")


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


def quickstatements(registry: Records) -> tuple[list[str], int]:
    """The QuickStatements (v1, tab-separated) lines, and how many agreements they state."""
    qids = qid_of_cities(registry)
    lines, stated = [], 0
    for entry in sorted(registry.of_kind(AGREEMENTS.folder), key=lambda e: e.id):
        model = entry.model
        assert isinstance(model, Agreement)
        a, b = (qids.get(party) for party in model.parties)
        if not a or not b:
            continue
        pair: tuple[str, str] = (a, b)
        stated += 1
        qualifiers = []
        if model.signed:
            qualifiers += [START, time_value(model.signed)]
        if model.ended:
            qualifiers += [END, time_value(model.ended)]
        urls: list[str] = list(dict.fromkeys(s.url for s in model.sources if s.url))
        for subject, target in (pair, (pair[1], pair[0])):
            for url in urls or [""]:
                reference = [REFERENCE_URL, dumps(url, pretty=False)] if url else []
                lines.append("\t".join([subject, TWINNED, target, *qualifiers, *reference]))
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
    entities = document.get("entities") if isinstance(document, dict) else None
    if not isinstance(entities, dict):
        raise BadOption(f"{path}: no `entities` object, as wbgetentities returns")
    claims: dict[str, list[tuple[str, PartialDate | None]]] = {}
    for key, entity in entities.items():
        if not isinstance(entity, dict) or "missing" in entity:
            continue
        subject = str(entity.get("id", key))
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
        return value.get("id") or f"Q{int(value['numeric-id'])}"
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


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
