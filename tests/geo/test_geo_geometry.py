"""Parsing untrusted GeoJSON into shapely geometries."""

import json
import math
import time

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import GeometryError
from geo.geometry import parse_plot, parse_point, to_geojson

SQUARE = [[116.10, 24.30], [116.11, 24.30], [116.11, 24.31], [116.10, 24.31], [116.10, 24.30]]
HOLE = [[116.103, 24.303], [116.103, 24.306], [116.106, 24.306], [116.103, 24.303]]
FAR_SQUARE = [[116.20, 24.30], [116.21, 24.30], [116.21, 24.31], [116.20, 24.31], [116.20, 24.30]]
BOWTIE = [[116.10, 24.30], [116.11, 24.31], [116.11, 24.30], [116.10, 24.31], [116.10, 24.30]]


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


def with_position(ring, index, value):
    ring = [list(p) for p in ring]
    ring[index] = value
    return ring


def circle(n, lon=116.1, lat=24.3, r=0.01):
    ring = [[lon + r * math.cos(2 * math.pi * i / n), lat + r * math.sin(2 * math.pi * i / n)] for i in range(n)]
    return ring + [ring[0]]


# --- valid input -------------------------------------------------------------


def test_point_is_parsed_and_elevation_dropped():
    p = parse_point({"type": "Point", "coordinates": [116.1177, 24.2991, 87.5]})
    assert isinstance(p, shapely.Point)
    assert (p.x, p.y) == (116.1177, 24.2991) and not p.has_z


def test_polygon_with_hole_is_parsed():
    g = parse_plot(polygon(SQUARE, HOLE))
    assert isinstance(g, shapely.Polygon) and g.is_valid
    assert len(g.interiors) == 1
    assert [list(c) for c in g.exterior.coords] == SQUARE


def test_multipolygon_is_parsed():
    g = parse_plot({"type": "MultiPolygon", "coordinates": [[SQUARE], [FAR_SQUARE]]})
    assert isinstance(g, shapely.MultiPolygon) and len(g.geoms) == 2


def test_integer_coordinates_are_accepted():
    g = parse_plot(polygon([[116, 24], [117, 24], [117, 25], [116, 24]]))
    assert g.area == pytest.approx(0.5)


# --- errors: (input, code, path) ----------------------------------------------

PLOT_ERRORS = [
    (None, "bad_geometry_type", "geometry"),
    ("POLYGON ((116 24, 117 24, 117 25, 116 24))", "bad_geometry_type", "geometry"),
    ([SQUARE], "bad_geometry_type", "geometry"),
    ({"coordinates": [SQUARE]}, "bad_geometry_type", "geometry.type"),
    ({"type": "Point", "coordinates": [116.1, 24.3]}, "bad_geometry_type", "geometry.type"),
    ({"type": "Feature", "geometry": polygon(SQUARE)}, "bad_geometry_type", "geometry.type"),
    ({"type": "polygon", "coordinates": [SQUARE]}, "bad_geometry_type", "geometry.type"),
    ({"type": "Polygon"}, "bad_coordinates", "geometry.coordinates"),
    ({"type": "Polygon", "coordinates": "116,24"}, "bad_coordinates", "geometry.coordinates"),
    ({"type": "Polygon", "coordinates": None}, "bad_coordinates", "geometry.coordinates"),
    (polygon(), "bad_coordinates", "geometry.coordinates"),
    (polygon({"ring": SQUARE}), "bad_coordinates", "geometry.coordinates[0]"),
    # one nesting level missing: a ring of numbers
    ({"type": "Polygon", "coordinates": SQUARE}, "bad_coordinates", "geometry.coordinates[0]"),
    (polygon([116.1, 24.3, 116.2, 24.3, 116.2]), "bad_coordinates", "geometry.coordinates[0][0]"),
    # one nesting level too many
    (polygon([[p] for p in SQUARE]), "bad_coordinates", "geometry.coordinates[0][0][0]"),
    (polygon(SQUARE[:2] + [SQUARE[0]]), "bad_coordinates", "geometry.coordinates[0]"),
    (polygon(SQUARE[:-1]), "unclosed_ring", "geometry.coordinates[0]"),
    (polygon(SQUARE, HOLE[:-1] + [[116.104, 24.303]]), "unclosed_ring", "geometry.coordinates[1]"),
    (polygon(BOWTIE), "self_intersection", "geometry.coordinates"),
    (polygon(with_position(SQUARE, 2, [116.11, float("nan")])), "not_finite", "geometry.coordinates[0][2][1]"),
    (polygon(with_position(SQUARE, 1, [float("inf"), 24.3])), "not_finite", "geometry.coordinates[0][1][0]"),
    (polygon(with_position(SQUARE, 1, [10**400, 24.3])), "not_finite", "geometry.coordinates[0][1][0]"),
    (polygon(with_position(SQUARE, 1, ["116.11", 24.3])), "bad_coordinates", "geometry.coordinates[0][1][0]"),
    (polygon(with_position(SQUARE, 1, [116.11, True])), "bad_coordinates", "geometry.coordinates[0][1][1]"),
    (polygon(with_position(SQUARE, 1, [116.11, None])), "bad_coordinates", "geometry.coordinates[0][1][1]"),
    (polygon(with_position(SQUARE, 1, [116.11])), "bad_coordinates", "geometry.coordinates[0][1]"),
    (polygon(with_position(SQUARE, 1, [116.11, 24.3, 0, 0])), "bad_coordinates", "geometry.coordinates[0][1]"),
    (polygon(with_position(SQUARE, 1, "116.11,24.3")), "bad_coordinates", "geometry.coordinates[0][1]"),
    (polygon(with_position(SQUARE, 1, [116.11, 95.0])), "bad_coordinates", "geometry.coordinates[0][1][1]"),
    (polygon(with_position(SQUARE, 1, [216.11, 24.3])), "bad_coordinates", "geometry.coordinates[0][1][0]"),
    (polygon(with_position(SQUARE, 1, [1e300, 24.3])), "bad_coordinates", "geometry.coordinates[0][1][0]"),
    (polygon([[lat, lon] for lon, lat in SQUARE]), "swapped_coordinates", "geometry.coordinates[0][0]"),
    (polygon(SQUARE, FAR_SQUARE), "invalid_geometry", "geometry.coordinates"),  # hole outside shell
    ({"type": "MultiPolygon", "coordinates": []}, "bad_coordinates", "geometry.coordinates"),
    ({"type": "MultiPolygon", "coordinates": [SQUARE]}, "bad_coordinates", "geometry.coordinates[0][0]"),
    ({"type": "MultiPolygon", "coordinates": [[SQUARE], [BOWTIE]]}, "self_intersection", "geometry.coordinates[1]"),
    ({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE[:-1]]]}, "unclosed_ring", "geometry.coordinates[1][0]"),
    ({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]}, "self_intersection", "geometry.coordinates"),
]


@pytest.mark.parametrize("obj, code, path", PLOT_ERRORS)
def test_plot_errors_name_code_and_path(obj, code, path):
    with pytest.raises(GeometryError) as info:
        parse_plot(obj)
    assert (info.value.code, info.value.path) == (code, path), info.value.message
    assert info.value.message and str(info.value) == info.value.message


POINT_ERRORS = [
    ([116.1, 24.3], "bad_geometry_type", "location"),
    ({"type": "Polygon", "coordinates": [SQUARE]}, "bad_geometry_type", "location.type"),
    ({"type": "Point"}, "bad_coordinates", "location.coordinates"),
    ({"type": "Point", "coordinates": [116.1]}, "bad_coordinates", "location.coordinates"),
    ({"type": "Point", "coordinates": [[116.1, 24.3]]}, "bad_coordinates", "location.coordinates[0]"),
    ({"type": "Point", "coordinates": [116.1, float("nan")]}, "not_finite", "location.coordinates[1]"),
    ({"type": "Point", "coordinates": [False, 24.3]}, "bad_coordinates", "location.coordinates[0]"),
    ({"type": "Point", "coordinates": [24.2991, 116.1177]}, "swapped_coordinates", "location.coordinates"),
]


@pytest.mark.parametrize("obj, code, path", POINT_ERRORS)
def test_point_errors_name_code_and_path(obj, code, path):
    with pytest.raises(GeometryError) as info:
        parse_point(obj)
    assert (info.value.code, info.value.path) == (code, path), info.value.message


def test_callers_choose_the_path_prefix():
    with pytest.raises(GeometryError) as info:
        parse_point({"type": "Point", "coordinates": [116.1, "x"]}, path="records[3].location")
    assert info.value.path == "records[3].location.coordinates[1]"


def test_messages_say_what_is_wrong():
    with pytest.raises(GeometryError, match=r"Self-intersection at \[116\.105 24\.305\]"):
        parse_plot(polygon(BOWTIE))
    with pytest.raises(GeometryError, match=r"\[longitude, latitude\]"):
        parse_point({"type": "Point", "coordinates": [24.2991, 116.1177]})
    with pytest.raises(GeometryError, match="not closed"):
        parse_plot(polygon(SQUARE[:-1]))


def test_unclosed_ring_is_refused_although_shapely_would_close_it():
    assert shapely.Polygon(SQUARE[:-1]).is_valid  # the reason to check the raw JSON
    with pytest.raises(GeometryError):
        parse_plot(polygon(SQUARE[:-1]))


# --- vertex budget ------------------------------------------------------------


def test_fifty_thousand_vertices_are_refused_quickly():
    big = polygon(circle(50_000))
    start = time.perf_counter()
    with pytest.raises(GeometryError) as info:
        parse_plot(big)
    elapsed = time.perf_counter() - start
    assert info.value.code == "too_many_vertices"
    assert info.value.path == "geometry.coordinates"
    assert "50001" in info.value.message and "10000" in info.value.message
    assert elapsed < 0.05  # counting only; parsing the numbers takes ~10x longer


def test_vertices_are_counted_before_any_number_is_read():
    ring = circle(20_000)
    ring[15_000] = ["not", "a", "number"]
    with pytest.raises(GeometryError) as info:
        parse_plot(polygon(ring))
    assert info.value.code == "too_many_vertices"


def test_budget_counts_all_rings_and_parts():
    hole = circle(10, lon=116.105, lat=24.305, r=0.001)  # 11 positions
    assert parse_plot(polygon(SQUARE, hole), max_vertices=16).is_valid
    with pytest.raises(GeometryError, match="16 positions"):
        parse_plot(polygon(SQUARE, hole), max_vertices=15)
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], [FAR_SQUARE]]}
    assert parse_plot(multi, max_vertices=10).is_valid
    with pytest.raises(GeometryError) as info:
        parse_plot(multi, max_vertices=9)
    assert info.value.code == "too_many_vertices"


# --- out ----------------------------------------------------------------------


def test_to_geojson_round_trips_and_is_plain_json():
    for obj in (
        polygon(SQUARE, HOLE),
        {"type": "MultiPolygon", "coordinates": [[SQUARE], [FAR_SQUARE]]},
        {"type": "Point", "coordinates": [116.1177, 24.2991]},
    ):
        geom = parse_point(obj) if obj["type"] == "Point" else parse_plot(obj)
        out = to_geojson(geom)
        assert json.loads(json.dumps(out)) == out  # lists, not tuples
        assert out == obj


# --- nothing but GeometryError, whatever the JSON -----------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-200, max_value=200),
    st.text(max_size=5),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(st.sampled_from(["type", "coordinates", "x"]) | st.text(max_size=3), inner, max_size=4),
    ),
    max_leaves=40,
)
nasty_numbers = st.sampled_from([10**400, -(10**400), float("nan"), float("inf"), 1e308, -0.0, True])
coordinate = (
    st.floats(min_value=115.9, max_value=116.3)
    | st.floats(min_value=24.0, max_value=24.4)
    | nasty_numbers
    | json_scalars
)
position = (
    st.tuples(st.floats(115.9, 116.3), st.floats(24.0, 24.4)).map(list)
    | st.lists(coordinate, min_size=2, max_size=3)
    | st.lists(coordinate, max_size=4)
    | json_values
)


@st.composite
def near_valid_rings(draw):
    """Mostly closed rings of plausible coordinates, some of them broken."""
    n = draw(st.integers(min_value=3, max_value=7) | st.integers(min_value=0, max_value=2))
    points = draw(st.lists(st.tuples(st.floats(116.0, 116.01), st.floats(24.0, 24.01)), min_size=n, max_size=n))
    ring = [list(p) for p in points]
    if ring and draw(st.integers(0, 9)) < 8:
        ring.append(list(ring[0]))
    if ring and draw(st.integers(0, 9)) < 3:
        ring[draw(st.integers(0, len(ring) - 1))] = draw(position)
    return ring


rings = near_valid_rings() | st.lists(position, max_size=6) | json_values
polygon_coords = st.lists(near_valid_rings(), min_size=1, max_size=3) | st.lists(rings, max_size=3) | json_values
geometry_like = st.one_of(
    st.builds(lambda c: {"type": "Point", "coordinates": c}, position),
    st.builds(lambda c: {"type": "Polygon", "coordinates": c}, polygon_coords),
    st.builds(lambda c: {"type": "MultiPolygon", "coordinates": c}, st.lists(polygon_coords, max_size=3) | json_values),
    st.builds(lambda t, c: {"type": t, "coordinates": c}, json_values, json_values),
)


def assert_only_geometry_errors(parse, value, expected_types):
    try:
        geom = parse(value)
    except GeometryError as exc:
        assert exc.code and exc.path and exc.message
        return
    assert geom.geom_type in expected_types
    assert geom.is_valid and not geom.is_empty
    assert all(math.isfinite(c) for c in shapely.get_coordinates(geom).ravel())


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(json_values | geometry_like)
def test_parse_plot_raises_only_geometry_error(value):
    assert_only_geometry_errors(parse_plot, value, {"Polygon", "MultiPolygon"})


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(json_values | geometry_like)
def test_parse_point_raises_only_geometry_error(value):
    assert_only_geometry_errors(parse_point, value, {"Point"})
