"""The world map drawn under every site map: Natural Earth's 110m countries.

The data file `basemap.json` ships in the package: one SVG path per country in
an equirectangular projection (x = lon + 180, y = 90 - lat, one decimal).
It was made once from npm's `world-atlas` 2.0.2 `countries-110m.json` with
`convert()` below (`python -m citynet.publish.site.basemap countries-110m.json`, which
rewrites `basemap.json` beside this module).
Natural Earth is in the public domain; the site credits it on every map.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

ATTRIBUTION = "Made with Natural Earth"
ATTRIBUTION_URL = "https://www.naturalearthdata.com/"
WIDTH, HEIGHT = 360, 180


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: a degree is one unit each way, the origin at 180°W, 90°N."""
    return round(lon + 180, 1), round(90 - lat, 1)


@cache
def countries() -> list[str]:
    """The SVG path data of every country."""
    text = resources.files(__package__).joinpath("basemap.json").read_text(encoding="utf-8")
    return json.loads(text)["paths"]


ZOOMS = 5
"""Copies of the basemap, each drawn for a view 2**z times narrower than the world."""
STROKE = 0.22
"""The borders' width on the world view, in degrees: about half a pixel on a desktop."""


def zoom_for(width: float) -> int:
    """The copy of the basemap for a view `width` degrees wide: its borders stay thin."""
    import math

    return max(0, min(ZOOMS - 1, round(math.log2(WIDTH / max(width, 1e-6)))))


def world_svg(zoom: int = 0) -> str:
    """The basemap as a standalone SVG file, credited, that every map draws under its marks.
    An image's strokes scale with it, so each zoom has its own width of border."""
    paths = "\n".join(f'<path d="{d}"/>' for d in countries())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH * 4}" height="{HEIGHT * 4}">\n'
            f"<title>{ATTRIBUTION}</title>\n"
            f'<g fill="#f4f1e8" stroke="#9aa5ad" stroke-width="{STROKE / 2 ** zoom:.4f}">\n'
            f"{paths}\n</g>\n</svg>\n")


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    scale = topology["transform"]["scale"]
    shift = topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + shift[0], y * scale[1] + shift[1]))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> str:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    projected = [project(lon, lat) for lon, lat in points]
    kept = [p for i, p in enumerate(projected) if i == 0 or p != projected[i - 1]]
    # A ring that crosses 180° (Fiji, Russia) jumps across the map: cut it there, and join
    # its last piece to its first, which are on the same side.
    pieces = [[kept[0]]]
    for (x0, _), point in zip(kept, kept[1:], strict=False):
        if abs(point[0] - x0) > 180:
            pieces.append([])
        pieces[-1].append(point)
    if len(pieces) > 1:
        pieces[0] = pieces.pop() + pieces[0]
    return "".join("M" + "L".join(f"{x:g} {y:g}" for x, y in piece) + "Z" for piece in pieces)


def convert(topology: dict[str, Any]) -> dict[str, Any]:
    """world-atlas TopoJSON -> {"attribution", "paths"}: one path string per country."""
    arcs = _arcs(topology)
    paths = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        if rings:
            paths.append("".join(rings))
    return {"attribution": ATTRIBUTION, "source": "world-atlas 2.0.2 countries-110m.json "
            "(Natural Earth 4.1.0, public domain)", "paths": paths}


if __name__ == "__main__":  # pragma: no cover - a maintainer's command, run once
    import sys
    from pathlib import Path

    with open(sys.argv[1], encoding="utf-8") as stream:
        converted = json.dumps(convert(json.load(stream)), separators=(",", ":"))
    (Path(__file__).parent / "basemap.json").write_text(converted + "\n", encoding="utf-8")
