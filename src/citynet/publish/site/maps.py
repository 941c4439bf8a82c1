"""Maps drawn at build time: places as marks on the Natural Earth basemap, in plain SVG.

A map is data for the `map` template macro. It is fitted to its places (a
view no wider than they need, the world when they span it, with a small world
inset saying where the view is); a line from the page's own city takes the
shorter way, across 180° when that is shorter (publish/geo.py). Marks that
would overlap at a phone's width are grouped: on a narrow screen the group is
one numbered mark whose link zooms the map onto its places (site.js; without
script it leads to the list of them). Places with no location are listed
under the map, never dropped. No tiles, nothing fetched: the page shows the
same map offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from citynet.model.kinds import CITIES
from citynet.publish.geo import nearest_lon, span
from citynet.publish.site import basemap
from citynet.store.registry import Registry

MARK_PX = 4.5
"""A mark's radius on screen, in CSS pixels (site.js keeps it so at every width)."""
PHONE_PX = 330
"""The width a phone gives a map: marks closer than two radii there are grouped."""
DESKTOP_PX = 900
MIN_DEGREES = 24.0
"""The narrowest view, in degrees of longitude: one city still shows its region."""
WORLD_DEGREES = 300.0
"""Places spanning more than this are shown on the whole world."""
ASPECT = 2.0
NORTH, SOUTH = 84.0, -60.0
"""The world view's latitudes: Antarctica left out."""


@dataclass
class Place:
    """One mark: a city, or a country standing for its cities."""

    id: str
    name: str
    lon: float
    lat: float
    path: str | None = None
    lang: str | None = None
    """The name's language when it is not the page's (a fallback), else None."""
    label: str = ""
    """The mark's accessible name when it says more than the name (a country's count)."""


def location(registry: Registry, city_id: str) -> tuple[float, float] | None:
    """A city's (lat, lon), if it is recorded."""
    entry = registry.get(CITIES.folder, city_id)
    place = entry.raw.get("location") if entry else None
    if not isinstance(place, dict):
        return None
    lat, lon = place.get("lat"), place.get("lon")
    if not isinstance(lat, int | float) or isinstance(lat, bool) or not isinstance(
            lon, int | float) or isinstance(lon, bool):
        return None
    return float(lat), float(lon)


def _world(ref: float) -> dict[str, Any]:
    return {"x": ref - 180, "y": 90 - NORTH, "w": 360.0, "h": NORTH - SOUTH, "ref": ref,
            "world": True}


def _view(lons: list[float], lats: list[float], ref: float | None) -> dict[str, Any]:
    """The viewBox (x, y, w, h) in the projection's units, fitted to the places, and the
    longitude every place is moved near (so no mark is a turn away from its neighbours)."""
    if ref is None:
        west, east = span(lons)
        ref = (west + east) / 2
    moved = [nearest_lon(lon, ref) for lon in lons]
    west, east = min(moved), max(moved)
    south, north = min(lats), max(lats)
    w = max(east - west, MIN_DEGREES) * 1.2 + 4
    h = (north - south) * 1.2 + 4
    w, h = max(w, h * ASPECT), max(h, w / ASPECT)
    if w > WORLD_DEGREES:
        return _world(ref)
    h = min(h, 180.0)
    middle_x, middle_y = (west + east) / 2 + 180, 90 - (north + south) / 2
    y = min(max(middle_y - h / 2, 0.0), 180.0 - h)
    return {"x": middle_x - w / 2 - 180, "y": y, "w": w, "h": h, "ref": ref, "world": False}


def _groups(marks: list[dict[str, Any]], units_per_px: float) -> list[dict[str, Any]]:
    """Marks that overlap at a phone's width, greedily gathered; each group of two or more
    gets a number on its marks (`group`) and is returned with its centre and extent."""
    reach = 4 * MARK_PX * units_per_px  # a group's mark is about twice a mark's size
    gathered: list[list[dict[str, Any]]] = []
    for mark in sorted(marks, key=lambda m: (m["x"], m["y"])):
        for group in gathered:
            cx = sum(m["x"] for m in group) / len(group)
            cy = sum(m["y"] for m in group) / len(group)
            if (mark["x"] - cx) ** 2 + (mark["y"] - cy) ** 2 < reach ** 2:
                group.append(mark)
                break
        else:
            gathered.append([mark])
    groups: list[dict[str, Any]] = []
    for members in (g for g in gathered if len(g) > 1):
        number = len(groups)
        for mark in members:
            mark["group"] = number
        xs, ys = [m["x"] for m in members], [m["y"] for m in members]
        pad = 6 * MARK_PX * units_per_px / 4
        w = max(max(xs) - min(xs) + 2 * pad, 4 * pad)
        h = max(max(ys) - min(ys) + 2 * pad, w / ASPECT)
        w = max(w, h * ASPECT)
        cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
        groups.append({"x": round(cx, 2), "y": round(cy, 2), "count": len(members),
                       "names": [m["name"] for m in members],
                       "zoom": " ".join(f"{v:.2f}" for v in (cx - w / 2, cy - h / 2, w, h))})
    return groups


def draw(places: list[Place], missing: list[dict[str, Any]] | None = None,
         centre: Place | None = None) -> dict[str, Any]:
    """The map's data: its view, the basemap's copies under it, marks, groups, lines from
    `centre` to every mark (each the shorter way), the world inset and the places unmapped."""
    every = places + ([centre] if centre else [])
    if every:
        view = _view([p.lon for p in every], [p.lat for p in every],
                     centre.lon if centre else None)
    else:
        view = _world(0.0)
    ref = view["ref"]
    x0 = view["x"] + 180

    def mark(place: Place) -> dict[str, Any]:
        return {"id": place.id, "name": place.name, "lang": place.lang, "path": place.path,
                "label": place.label or place.name,
                "x": round(nearest_lon(place.lon, ref) + 180, 2), "y": round(90 - place.lat, 2)}

    marks = [mark(p) for p in places]
    home = mark(centre) if centre else None
    groups = _groups(marks, view["w"] / PHONE_PX)
    copies = list(range(int((x0 // 360) * 360), int(x0 + view["w"]), 360))
    inset = None
    if not view["world"]:
        left = x0 % 360
        inset = [{"x": round(left - turn, 2), "y": round(view["y"], 2),
                  "w": round(view["w"], 2), "h": round(view["h"], 2)}
                 for turn in ((0, 360) if left + view["w"] > 360 else (0,))]
    return {
        "view": " ".join(f"{v:.2f}" for v in (x0, view["y"], view["w"], view["h"])),
        "copies": copies, "width": basemap.WIDTH, "height": basemap.HEIGHT,
        "basemap": f"world-{basemap.zoom_for(view['w'])}.svg",
        "r": round(MARK_PX * view["w"] / DESKTOP_PX, 3),
        "marks": marks, "groups": groups, "centre": home, "inset": inset,
        "missing": missing or [], "world": view["world"],
        "attribution": basemap.ATTRIBUTION, "attribution_url": basemap.ATTRIBUTION_URL,
    }
