"""Geodesic areas in m², mu and hectares."""

import math

import pytest
import shapely

from geo.area import MU_PER_M2, area_ha, area_mu, geodesic_area_m2

# WGS84 ellipsoid, for the closed-form reference below.
A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)
E = math.sqrt(E2)
B = A * (1 - F)


def band_area_m2(lat1, lat2, dlon_deg):
    """Area between two parallels over dlon degrees on the ellipsoid (exact)."""

    def q(lat):
        s = math.sin(math.radians(lat))
        return s / (1 - E2 * s * s) + math.log((1 + E * s) / (1 - E * s)) / (2 * E)

    return B * B / 2 * (q(lat2) - q(lat1)) * math.radians(dlon_deg)


def metric_square(centre_x, centre_y, side):
    h = side / 2
    return shapely.box(centre_x - h, centre_y - h, centre_x + h, centre_y + h)


def test_one_mu_is_ten_thousand_fifteenths_of_a_square_metre():
    assert pytest.approx(10_000 / 15) == 1 / MU_PER_M2


def test_small_lonlat_cell_matches_closed_form_ellipsoid_area():
    # Over ~1 km the geodesic edges and the parallels differ by millimetres,
    # so the band formula is a reference good to ~1e-5.
    cell = shapely.box(116.10, 24.30, 116.11, 24.31)
    assert geodesic_area_m2(cell) == pytest.approx(band_area_m2(24.30, 24.31, 0.01), rel=1e-4)


def test_one_square_kilometre_near_meizhou_is_1500_mu(to_metric, from_metric):
    centre = to_metric(shapely.Point(116.1177, 24.2991))
    square = from_metric(metric_square(centre.x, centre.y, 1000))
    assert area_mu(square) == pytest.approx(1500, rel=0.005)
    assert area_ha(square) == pytest.approx(100, rel=0.005)
    assert geodesic_area_m2(square) == pytest.approx(1_000_000, rel=0.005)


def test_winding_order_does_not_matter():
    cell = shapely.box(116.10, 24.30, 116.11, 24.31)
    reversed_cell = shapely.Polygon(list(cell.exterior.coords)[::-1])
    assert geodesic_area_m2(reversed_cell) == pytest.approx(geodesic_area_m2(cell), rel=1e-12)


@pytest.mark.parametrize("reverse_hole", [False, True])
def test_hole_is_subtracted_whatever_its_winding(to_metric, from_metric, reverse_hole):
    centre = to_metric(shapely.Point(116.1177, 24.2991))
    outer = metric_square(centre.x, centre.y, 1000).exterior.coords
    hole = list(metric_square(centre.x, centre.y, 400).exterior.coords)
    if reverse_hole:
        hole = hole[::-1]
    polygon = from_metric(shapely.Polygon(outer, [hole]))
    assert geodesic_area_m2(polygon) == pytest.approx(1_000_000 - 160_000, rel=0.005)


def test_multipolygon_parts_with_mixed_windings_add_up():
    a = shapely.box(116.10, 24.30, 116.11, 24.31)  # counter-clockwise
    b = shapely.Polygon(list(shapely.box(116.20, 24.30, 116.21, 24.31).exterior.coords)[::-1])
    multi = shapely.MultiPolygon([a, b])
    assert geodesic_area_m2(multi) == pytest.approx(geodesic_area_m2(a) + geodesic_area_m2(b), rel=1e-12)
    assert geodesic_area_m2(multi) > 2 * 1_000_000


def test_points_and_empty_geometries_have_no_area():
    assert geodesic_area_m2(shapely.Point(116, 24)) == 0.0
    assert geodesic_area_m2(shapely.Polygon()) == 0.0
    assert geodesic_area_m2(shapely.LineString([(116, 24), (116.1, 24.1)])) == 0.0
