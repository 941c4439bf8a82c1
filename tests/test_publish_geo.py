"""The shorter way on the globe, for the site's maps and the GeoJSON export (publish/geo.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from citynet.publish.geo import nearest_lon, span, split_at_antimeridian

lon = st.floats(-180, 180, allow_nan=False)
lat = st.floats(-90, 90, allow_nan=False)


@given(lon, lon)
def test_nearest_lon_is_within_half_a_turn_and_the_same_meridian(a, ref):
    moved = nearest_lon(a, ref)
    assert abs(moved - ref) <= 180
    assert abs(((moved - a) / 360) - round((moved - a) / 360)) < 1e-9


@given(lon, lat, lon, lat)
def test_a_split_line_never_crosses_180_and_spans_the_shorter_way(lon_a, lat_a, lon_b, lat_b):
    parts = split_at_antimeridian((lon_a, lat_a), (lon_b, lat_b))
    assert parts[0][0] == (lon_a, lat_a) and parts[-1][-1] == (lon_b, lat_b)
    width = sum(abs(part[1][0] - part[0][0]) for part in parts)
    assert width <= 180 + 1e-9  # never the long way round
    if len(parts) == 2:
        assert {parts[0][1][0], parts[1][0][0]} == {180.0, -180.0}
        assert parts[0][1][1] == parts[1][0][1]
        assert min(lat_a, lat_b) - 1e-6 <= parts[0][1][1] <= max(lat_a, lat_b) + 1e-6


def test_seoul_to_honolulu_crosses_the_pacific():
    (seoul, cut), (cut2, honolulu) = split_at_antimeridian((126.98, 37.57), (-157.86, 21.3))
    assert cut[0] == 180 and cut2[0] == -180
    assert split_at_antimeridian((126.98, 37.57), (2.35, 48.86)) == [[(126.98, 37.57),
                                                                       (2.35, 48.86)]]


@given(st.lists(lon, min_size=1, max_size=30))
def test_span_holds_every_longitude_and_is_no_wider_than_needed(lons):
    west, east = span(lons)
    assert -180 <= west <= 180 and west <= east <= west + 360
    for value in lons:
        assert west - 1e-9 <= nearest_lon(value, (west + east) / 2) <= east + 1e-9


def test_span_of_places_either_side_of_180_is_narrow():
    assert span([170.0, -170.0, 175.0]) == (170.0, 190.0)
    assert span([10.0]) == (10.0, 10.0)
