"""Lines and extents on the globe, in longitude and latitude: the shorter way between two
places, and the smallest span of longitudes that holds a set of places.

A line from Seoul (127°E) to Honolulu (158°W) goes east across 180°, not west across
Eurasia: its far end is taken at 202°E. The site's maps draw it so, and the GeoJSON
export cuts it at 180° into two parts (RFC 7946, section 3.1.9).
"""

from __future__ import annotations

Point = tuple[float, float]
"""(lon, lat) in degrees."""


def nearest_lon(lon: float, ref: float) -> float:
    """`lon` moved by whole turns to within 180° of `ref`: the shorter way from `ref`."""
    while lon - ref > 180:
        lon -= 360
    while ref - lon > 180:
        lon += 360
    return lon


def split_at_antimeridian(a: Point, b: Point) -> list[list[Point]]:
    """The shorter line from `a` to `b` as one part, or two parts cut at ±180° when it crosses.

    The crossing's latitude is on the straight line in longitude and latitude, as a map in
    that projection draws it.
    """
    far = nearest_lon(b[0], a[0])
    if far == b[0]:
        return [[a, b]]
    # `b` lies past ±180° the shorter way, or on it but written as the other side (-180 for 180)
    edge = far if -180 <= far <= 180 else (180.0 if far > 180 else -180.0)
    lat = a[1] + (b[1] - a[1]) * (edge - a[0]) / (far - a[0])
    return [[a, (edge, round(lat, 6))], [(-edge, round(lat, 6)), b]]


def span(lons: list[float]) -> tuple[float, float]:
    """The smallest (west, east) span holding every longitude, east possibly past 180°:
    the whole circle less its widest gap between two neighbouring places."""
    if not lons:
        return -180.0, 180.0
    ordered = sorted(lon if -180 <= lon < 180 else ((lon + 180) % 360) - 180 for lon in lons)
    widest, west, east = -1.0, ordered[0], ordered[0]
    for index, before in enumerate(ordered):  # the widest gap: the span is all but it
        after = ordered[index + 1] if index + 1 < len(ordered) else ordered[0] + 360
        if after - before > widest:
            widest, west, east = after - before, ordered[(index + 1) % len(ordered)], before
    return west, east if east >= west else east + 360
