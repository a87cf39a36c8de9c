"""Location checks against the Meizhou county polygons.

Test points near borders are constructed from the polygons themselves: walk
a known distance outward from the midpoint of a 梅江区 boundary edge along its
normal, in metres (EPSG:4548), and keep an edge where that walk lands well
inside 梅县区.
"""

import json
import math
import re

import numpy as np
import pyproj
import pytest
import shapely

from geo.errors import GeometryError
from geo.location import LocationChecker

MEIJIANG = "441402"
MEIXIAN = "441403"
MEIJIANG_POINT = shapely.Point(116.1177, 24.2991)
GEOD = pyproj.Geod(ellps="WGS84")


def outward_walks(polygon_m, distances):
    """For each edge of the exterior: (midpoint, [points at each distance outward])."""
    coords = list(polygon_m.exterior.coords)
    for (x1, y1), (x2, y2) in zip(coords, coords[1:]):
        length = math.hypot(x2 - x1, y2 - y1)
        if length < 100:
            continue
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        nx, ny = (y2 - y1) / length, -(x2 - x1) / length
        if polygon_m.contains(shapely.Point(mx + nx, my + ny)):
            nx, ny = -nx, -ny
        yield shapely.Point(mx, my), [shapely.Point(mx + d * nx, my + d * ny) for d in distances]


@pytest.fixture(scope="module")
def border_walk(counties_m):
    """Points 200 m and 3 km outside 梅江区, both deep enough inside 梅县区."""
    meijiang, meixian = counties_m[MEIJIANG], counties_m[MEIXIAN]
    for midpoint, (near, far) in outward_walks(meijiang, (200, 3000)):
        if (
            abs(meijiang.distance(near) - 200) < 1  # nothing else of 梅江区 is closer
            and meijiang.distance(far) > 2500
            and meixian.contains(near.buffer(50))
            and meixian.contains(far.buffer(100))
        ):
            return midpoint, near, far
    pytest.fail("no 梅江区 edge with 梅县区 on its far side")


def test_loader_reads_all_eight_counties(counties, counties_path):
    with open(counties_path, encoding="utf-8") as f:
        expected = {f["properties"]["code"] for f in json.load(f)["features"]}
    assert set(counties) == expected and len(expected) == 8
    assert all(g.geom_type in ("Polygon", "MultiPolygon") and g.is_valid for g in counties.values())


def test_point_inside_its_county_has_no_flags(checker):
    assert checker.check(MEIJIANG_POINT, MEIJIANG) == []


def test_every_county_accepts_its_own_interior_and_names_it_for_others(checker, counties):
    for code, county in counties.items():
        inside = county.representative_point()
        assert checker.check(inside, code) == []
        for other in counties.keys() - {code}:
            try:
                flags = checker.check(inside, other)
            except GeometryError as exc:
                assert exc.code == "outside_county"
                assert f"outside county {other}" in exc.message
                assert f"lies in county {code}" in exc.message
            else:  # only possible if the point is within tolerance of `other`
                assert flags[0]["code"] == "near_boundary" and flags[0]["county_code"] == other


def test_swapped_point_is_reported_as_swapped(checker):
    swapped = shapely.Point(MEIJIANG_POINT.y, MEIJIANG_POINT.x)
    with pytest.raises(GeometryError) as info:
        checker.check(swapped, MEIJIANG)
    assert info.value.code == "swapped_coordinates"
    assert info.value.path == "location"
    assert "[longitude, latitude]" in info.value.message


def test_guangzhou_is_outside_meizhou_by_the_right_distance(checker, counties):
    guangzhou = (113.26, 23.13)
    with pytest.raises(GeometryError) as info:
        checker.check(shapely.Point(guangzhou), MEIJIANG)
    assert info.value.code == "outside_meizhou"
    assert "outside Meizhou City" in info.value.message
    km = float(re.search(r"([\d.]+) km outside", info.value.message).group(1))
    # Independent estimate: geodesic distance to the nearest boundary vertex
    # (an upper bound on the distance to the polygon, close at 200+ km).
    # EPSG:4548 stretches distances by ~0.2 % this far west of 117°E.
    vertices = shapely.get_coordinates(list(counties.values()))
    nearest_vertex_km = min(GEOD.inv(guangzhou[0], guangzhou[1], x, y)[2] for x, y in vertices) / 1000
    assert 0.98 * nearest_vertex_km <= km <= 1.005 * nearest_vertex_km


@pytest.mark.parametrize("place", [(116.40, 39.90), (0.0, 0.0), (-116.1, 24.3), (116.1, -24.3)])
def test_far_places_are_outside_meizhou(checker, place):
    with pytest.raises(GeometryError) as info:
        checker.check(shapely.Point(place), MEIJIANG)
    assert info.value.code == "outside_meizhou"


def test_point_200_m_across_the_border_is_flagged(checker, border_walk, from_metric):
    midpoint, near, _far = border_walk
    near_wgs, mid_wgs = from_metric(near), from_metric(midpoint)
    # The metric CRS is honest here: the walk is 200 m on the ellipsoid too.
    assert GEOD.inv(mid_wgs.x, mid_wgs.y, near_wgs.x, near_wgs.y)[2] == pytest.approx(200, abs=0.2)
    flags = checker.check(near_wgs, MEIJIANG)
    assert flags == [
        {
            "code": "near_boundary",
            "distance_m": pytest.approx(200, abs=1),
            "county_code": MEIJIANG,
            "tolerance_m": 500.0,
        }
    ]
    assert checker.check(near_wgs, MEIXIAN) == []  # it is in 梅县区


def test_point_3_km_across_the_border_names_the_county_it_is_in(checker, border_walk, from_metric):
    _mid, _near, far = border_walk
    with pytest.raises(GeometryError) as info:
        checker.check(from_metric(far), MEIJIANG)
    assert info.value.code == "outside_county"
    assert info.value.path == "location"
    assert "outside county 441402" in info.value.message
    assert "lies in county 441403" in info.value.message
    assert re.search(r"\b[23]\.\d km outside", info.value.message)


def test_tolerance_is_configurable(counties, border_walk, from_metric):
    _mid, near, _far = border_walk
    strict = LocationChecker(counties, tolerance_m=100)
    with pytest.raises(GeometryError) as info:
        strict.check(from_metric(near), MEIJIANG)
    assert info.value.code == "outside_county"
    assert "200 m outside" in info.value.message


def test_point_on_a_boundary_vertex_is_not_flagged(checker, counties):
    x, y = counties[MEIJIANG].exterior.coords[10]
    assert checker.check(shapely.Point(x, y), MEIJIANG) == []


def test_the_test_in_degrees_agrees_with_the_rule_in_metres(checker, counties, counties_m, to_metric):
    """Points inside their county are settled in degrees, without projecting them: for
    points all over the city and its borders, the answer is the one the distance in
    metres gives (flags within a centimetre of a border may differ, by that centimetre)."""
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = shapely.total_bounds(list(counties.values()))
    border_points = [shapely.Point(xy) for g in counties.values() for xy in shapely.get_coordinates(g.boundary)[::25]]
    jitter = rng.normal(0, 0.002, (len(border_points), 2))  # about ±200 m around the borders
    points = [shapely.Point(p.x + dx, p.y + dy) for p, (dx, dy) in zip(border_points, jitter)]
    points += [shapely.Point(x, y) for x, y in zip(rng.uniform(minx, maxx, 300), rng.uniform(miny, maxy, 300))]
    compared = 0
    for point in points:
        metric = to_metric(point)
        if not any(g.distance(metric) <= 500 for g in counties_m.values()):
            continue  # outside Meizhou: its own tests
        for code, county_m in counties_m.items():
            distance = county_m.distance(metric)
            if 0 < distance < 0.01:
                continue
            if distance > 500:
                with pytest.raises(GeometryError):
                    checker.check(point, code)
            elif distance > 0:
                [flag] = checker.check(point, code)
                assert flag["distance_m"] == pytest.approx(distance, abs=0.1)
            else:
                assert checker.check(point, code) == []
            compared += 1
    assert compared > 1000


def test_unknown_county_code_is_a_programming_error(checker):
    with pytest.raises(ValueError, match="441499"):
        checker.check(MEIJIANG_POINT, "441499")


# --- town boundaries -------------------------------------------------------------


@pytest.fixture(scope="module")
def town(to_metric, from_metric, counties_m):
    """A 1 km-radius 'town' around the 梅江区 point, and points outside it."""
    centre = to_metric(MEIJIANG_POINT)
    boundary = centre.buffer(1000, quad_segs=64)
    for angle in range(0, 360, 15):
        dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        near = shapely.Point(centre.x + 1200 * dx, centre.y + 1200 * dy)
        far = shapely.Point(centre.x + 4000 * dx, centre.y + 4000 * dy)
        if counties_m[MEIJIANG].contains(far.buffer(600)) and counties_m[MEIJIANG].contains(near.buffer(600)):
            return from_metric(boundary), from_metric(near), from_metric(far)
    pytest.fail("no direction keeps the test points inside 梅江区")


def test_point_inside_the_town_has_no_flags(checker, town):
    boundary, _near, _far = town
    assert checker.check(MEIJIANG_POINT, MEIJIANG, town_boundary=boundary) == []


def test_point_200_m_outside_the_town_is_flagged_without_codes(checker, town):
    boundary, near, _far = town
    flags = checker.check(near, MEIJIANG, town_boundary=boundary)
    assert flags == [{"code": "near_boundary", "distance_m": pytest.approx(200, abs=1), "tolerance_m": 500.0}]


def test_point_3_km_outside_the_town_is_refused(checker, town):
    boundary, _near, far = town
    with pytest.raises(GeometryError) as info:
        checker.check(far, MEIJIANG, town_boundary=boundary)
    assert info.value.code == "outside_town"
    assert "3.0 km outside the town" in info.value.message


# --- plots -----------------------------------------------------------------------


def square_around(point_m, side):
    h = side / 2
    return shapely.box(point_m.x - h, point_m.y - h, point_m.x + h, point_m.y + h)


def test_plot_inside_its_county_passes(checker, to_metric, from_metric):
    plot = from_metric(square_around(to_metric(MEIJIANG_POINT), 100))
    assert checker.check_plot(plot, MEIJIANG) == []


def test_plot_in_the_neighbouring_county_is_refused_with_plot_path(checker, border_walk, from_metric):
    _mid, _near, far = border_walk
    plot = from_metric(square_around(far, 100))
    with pytest.raises(GeometryError) as info:
        checker.check_plot(plot, MEIJIANG)
    assert (info.value.code, info.value.path) == ("outside_county", "geometry")


def test_ring_shaped_plot_is_judged_by_a_point_of_the_plot(checker, to_metric, from_metric):
    # The centroid of a ring-shaped plot lies in its hole; the point used must
    # lie on the plot itself.
    centre = to_metric(MEIJIANG_POINT)
    ring_plot = square_around(centre, 400).difference(square_around(centre, 300))
    plot = from_metric(ring_plot)
    assert not plot.contains(plot.centroid)
    assert plot.contains(plot.representative_point())
    assert checker.check_plot(plot, MEIJIANG) == []


# --- plots checked whole ------------------------------------------------------------


def test_a_multipolygon_with_a_part_in_beijing_is_refused_naming_the_part(checker, to_metric, from_metric):
    home = from_metric(square_around(to_metric(MEIJIANG_POINT), 100))
    beijing = shapely.box(116.39, 39.90, 116.40, 39.91)
    with pytest.raises(GeometryError) as info:
        checker.check_plot(shapely.MultiPolygon([home, beijing]), MEIJIANG)
    assert (info.value.code, info.value.path) == ("outside_meizhou", "geometry")
    assert info.value.message.startswith("part 2 of the plot lies ")
    km = float(re.search(r"([\d.]+) km outside", info.value.message).group(1))
    assert 1600 < km < 1750  # Beijing lies about 15° of latitude north of Meizhou's northern edge
    assert "part 1" not in info.value.message


def test_a_plot_reaching_3_km_into_the_next_county_is_refused_though_its_middle_is_home(
    checker, border_walk, from_metric
):
    midpoint, _near, far = border_walk
    # a strip from well inside 梅江区 across the border to 3 km beyond it: most of it home
    direction = ((far.x - midpoint.x) / 3000, (far.y - midpoint.y) / 3000)
    start = shapely.Point(midpoint.x - 8000 * direction[0], midpoint.y - 8000 * direction[1])
    strip = shapely.LineString([start, far]).buffer(50, cap_style="flat")
    plot = from_metric(strip)
    assert checker.check(plot.representative_point(), MEIJIANG) == []  # the old one-point rule passed it
    with pytest.raises(GeometryError) as info:
        checker.check_plot(plot, MEIJIANG)
    assert info.value.code == "outside_county"
    assert info.value.message.startswith("the plot lies ")
    km = float(re.search(r"([\d.]+) km outside", info.value.message).group(1))
    assert 2.5 <= km <= 3.5


def test_a_part_within_the_tolerance_outside_is_flagged_with_its_number(checker, border_walk, to_metric, from_metric):
    _mid, near, _far = border_walk  # 200 m outside 梅江区
    home = from_metric(square_around(to_metric(MEIJIANG_POINT), 100))
    across = from_metric(square_around(near, 20))
    flags = checker.check_plot(shapely.MultiPolygon([home, across]), MEIJIANG)
    assert len(flags) == 1
    flag = flags[0]
    assert (flag["code"], flag["county_code"], flag["part"]) == ("near_boundary", MEIJIANG, 2)
    assert 200 <= flag["distance_m"] <= 200 + 20 * 2**0.5 + 1  # its farthest corner


def test_every_part_outside_is_named_in_one_message(checker, border_walk, from_metric):
    _mid, _near, far = border_walk
    beijing = shapely.box(116.39, 39.90, 116.40, 39.91)
    neighbour = from_metric(square_around(far, 100))
    with pytest.raises(GeometryError) as info:
        checker.check_plot(shapely.MultiPolygon([neighbour, beijing]), MEIJIANG)
    assert info.value.code == "outside_meizhou"  # the graver of the two
    assert "part 1 of the plot" in info.value.message and "part 2 of the plot" in info.value.message


def test_a_plot_is_checked_whole_against_the_town_boundary(checker, town, to_metric, from_metric):
    boundary, _near, far = town
    home = from_metric(square_around(to_metric(MEIJIANG_POINT), 100))
    outside_town = from_metric(square_around(to_metric(far), 100))
    with pytest.raises(GeometryError) as info:
        checker.check_plot(shapely.MultiPolygon([home, outside_town]), MEIJIANG, town_boundary=boundary)
    assert info.value.code == "outside_town"
    assert info.value.message.startswith("part 2 of the plot lies ")


def test_county_names_appear_in_messages_when_known(counties, border_walk, from_metric):
    named = LocationChecker(counties, tolerance_m=500, county_names={MEIJIANG: "梅江区"})
    _mid, _near, far = border_walk
    with pytest.raises(GeometryError) as info:
        named.check_plot(from_metric(square_around(far, 100)), MEIJIANG)
    assert "outside 梅江区 (county 441402)" in info.value.message
