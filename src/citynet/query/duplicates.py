"""Cities that are probably one place: pairs to look at, each with its reasons.

Lists spell one city several ways ("Łódź", "Lodz", "Odz"), so an import can
make two records of it. Only cities of the same country are compared, by:

- their names in any language transliterated (anyascii) and found equal;
- one name holding the other as whole words ("Gangbuk (Seoul)" and "Seoul");
- an edit distance of 1 for names of 5 to 9 letters, of 2 from 10 letters;
- their `location`s within `km` of each other (5 km unless told).

A pair either side records in `distinct_from` is never proposed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from citynet.model.kinds import CITIES
from citynet.model.records import City
from citynet.query.spelling import ascii_text
from citynet.store.registry import Registry

SAME_NAME, CONTAINS, CLOSE_SPELLING, NEARBY = (
    "same-name", "contains", "close-spelling", "nearby")
DEFAULT_KM = 5.0


@dataclass(frozen=True)
class Candidate:
    """Two cities that may be one, and why they are proposed."""

    a: str
    b: str
    country: str
    reasons: tuple[tuple[str, str], ...]
    """(rule, what it saw) pairs, such as ("same-name", "lodz")."""

    def as_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "country": self.country,
                "reasons": [{"rule": rule, "detail": detail} for rule, detail in self.reasons]}


def duplicates(registry: Registry, country: str | None = None,
               km: float = DEFAULT_KM) -> list[Candidate]:
    """Every pair of same-country cities that may be one place, sorted by country and ids."""
    by_country: dict[str, list[City]] = {}
    ids: dict[int, str] = {}
    for entry in registry.of_kind(CITIES.folder):
        city = entry.model
        assert isinstance(city, City)
        if country is None or city.country == country.upper():
            by_country.setdefault(city.country, []).append(city)
            ids[id(city)] = entry.id
    found = []
    for code, cities in sorted(by_country.items()):
        keys = {id(c): _keys(c) for c in cities}
        for first, second in combinations(sorted(cities, key=lambda c: ids[id(c)]), 2):
            a, b = ids[id(first)], ids[id(second)]
            if b in first.distinct_from or a in second.distinct_from:
                continue
            reasons = _reasons(keys[id(first)], keys[id(second)], first, second, km)
            if reasons:
                found.append(Candidate(a, b, code, tuple(reasons)))
    return found


def _keys(city: City) -> set[str]:
    return {key for name in city.names.values() if (key := ascii_text(name))}


def _reasons(first: set[str], second: set[str], a: City, b: City, km: float
             ) -> list[tuple[str, str]]:
    reasons = []
    same = sorted(first & second)
    if same:
        reasons.append((SAME_NAME, same[0]))
    else:
        held = next(((x, y) for x in sorted(first) for y in sorted(second)
                     if _holds(x, y) or _holds(y, x)), None)
        if held:
            reasons.append((CONTAINS, f"{held[0]} / {held[1]}"))
        close = next(((x, y, d) for x in sorted(first) for y in sorted(second)
                      if (d := _distance(x, y, _allowed(x, y))) is not None), None)
        if close:
            reasons.append((CLOSE_SPELLING, f"{close[0]} / {close[1]}: {close[2]} "
                            f"edit{'s' if close[2] != 1 else ''}"))
    if a.location and b.location:
        apart = haversine(a.location.lat, a.location.lon, b.location.lat, b.location.lon)
        if apart <= km:
            reasons.append((NEARBY, f"{apart:.1f} km apart"))
    return reasons


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text)


def _holds(longer: str, shorter: str) -> bool:
    """Whether `longer` holds all of `shorter`'s words, in a row, and more."""
    outer, inner = _words(longer), _words(shorter)
    if not inner or len(inner) >= len(outer):
        return False
    return any(outer[i:i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))


def _allowed(a: str, b: str) -> int:
    shorter = min(len(a), len(b))
    return 0 if shorter < 5 else 1 if shorter < 10 else 2


def _distance(a: str, b: str, limit: int) -> int | None:
    """The Levenshtein distance of a and b if it is 1 to `limit`, else None."""
    if limit == 0 or a == b or abs(len(a) - len(b)) > limit:
        return None
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        if min(current) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two points in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
