"""Maps drawn at build time: cities as marks on the Natural Earth basemap, in plain SVG.

A map is data for the `map` template macro: the country paths, one mark per
located city, and the cities that have no location (listed under the map,
never dropped). No tiles, no script: the page shows the same map offline.
"""

from __future__ import annotations

from typing import Any

from citynet.model.kinds import CITIES
from citynet.publish.site import basemap
from citynet.store.registry import Registry


def location(registry: Registry, city_id: str) -> tuple[float, float] | None:
    """A city's (lat, lon), if it is recorded."""
    entry = registry.get(CITIES.folder, city_id)
    place = entry.raw.get("location") if entry else None
    if not isinstance(place, dict):
        return None
    lat, lon = place.get("lat"), place.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    return float(lat), float(lon)


def city_map(registry: Registry, cities: list[dict[str, Any]],
             centre: dict[str, Any] | None = None) -> dict[str, Any]:
    """A map of `cities` (each {"id", "name", ...}), `centre` (the page's own city) set apart.

    Each city is drawn once, even when it is listed twice (a partner under two
    agreements).
    """
    marks: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    seen: set[str] = set()
    for city in cities:
        if city["id"] in seen or (centre and city["id"] == centre["id"]):
            continue
        seen.add(city["id"])
        point = location(registry, city["id"])
        if point is None:
            known = registry.get(CITIES.folder, city["id"]) is not None
            missing.append({**city, "path": f"{CITIES.folder}/{city['id']}.html" if known
                            else None})
            continue
        x, y = basemap.project(point[1], point[0])
        marks.append({**city, "x": x, "y": y})
    home = None
    if centre is not None:
        point = location(registry, centre["id"])
        if point is not None:
            x, y = basemap.project(point[1], point[0])
            home = {**centre, "x": x, "y": y}
    return {"paths": basemap.countries(), "width": basemap.WIDTH, "height": basemap.HEIGHT,
            "marks": marks, "centre": home, "missing": missing,
            "attribution": basemap.ATTRIBUTION, "attribution_url": basemap.ATTRIBUTION_URL}
