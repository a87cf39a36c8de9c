"""GCJ-02 / BD-09 conversions and reprojection."""

import math

import numpy as np
import pyproj
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from geo.crs import (
    INPUT_CRS,
    _gcj02_shift,
    bd09_to_gcj02,
    bd09_to_wgs84,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    reproject,
    to_wgs84,
    transformer,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

GEOD = pyproj.Geod(ellps="WGS84")
MEIZHOU_CENTRE = (116.1177, 24.2991)


def metres_between(a, b):
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


meizhou_lon = st.floats(115.3, 116.9)
meizhou_lat = st.floats(23.3, 24.9)
china_lon = st.floats(73.5, 135.0)
china_lat = st.floats(18.0, 53.5)


# Published outputs of the widely used coordtransform library (README of
# wandergis/coordTransform, input 116.404, 39.915).
def test_forward_formulas_match_published_reference_values():
    assert wgs84_to_gcj02(116.404, 39.915) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-12)
    assert gcj02_to_bd09(116.404, 39.915) == pytest.approx((116.41036949371029, 39.92133699351021), abs=1e-12)
    assert wgs84_to_bd09(116.404, 39.915) == pytest.approx((116.41662724378733, 39.922699552216216), abs=1e-12)


def test_gcj02_shift_in_meizhou_is_about_490_m_east_and_290_m_south():
    lon, lat = MEIZHOU_CENTRE
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert glon - lon == pytest.approx(0.0048, abs=0.0003)
    assert glat - lat == pytest.approx(-0.0026, abs=0.0003)
    east = metres_between((lon, lat), (glon, lat))
    south = metres_between((lon, lat), (lon, glat))
    assert east == pytest.approx(490, abs=30)
    assert south == pytest.approx(290, abs=30)


def test_bd09_inverse_is_exact_not_baidus_one_step_approximation():
    # Baidu's own inverse gives (116.39762729119315, 39.90865673957631) for
    # this input; it is only good to a few cm, ours must invert the forward
    # formula to ~1e-10 degree.
    glon, glat = bd09_to_gcj02(116.404, 39.915)
    assert (glon, glat) == pytest.approx((116.39762729119315, 39.90865673957631), abs=1e-6)
    assert gcj02_to_bd09(glon, glat) == pytest.approx((116.404, 39.915), abs=1e-10)


def one_step_gcj02_to_wgs84(lon, lat):
    dlon, dlat = _gcj02_shift(lon, lat)
    return lon - dlon, lat - dlat


def test_round_trip_threshold_would_catch_the_one_step_inverse():
    # Guards the strictness of the property tests below: the common
    # approximation is off by more than the 1 mm they allow.
    lon, lat = MEIZHOU_CENTRE
    approx = one_step_gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert metres_between((lon, lat), approx) > 0.001
    assert metres_between((lon, lat), gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))) < 0.001


@given(st.one_of(st.tuples(meizhou_lon, meizhou_lat), st.tuples(china_lon, china_lat)))
def test_gcj02_round_trip_within_a_millimetre(point):
    back = gcj02_to_wgs84(*wgs84_to_gcj02(*point))
    assert metres_between(point, back) < 0.001


@given(st.one_of(st.tuples(meizhou_lon, meizhou_lat), st.tuples(china_lon, china_lat)))
def test_bd09_round_trip_within_a_millimetre(point):
    back = bd09_to_wgs84(*wgs84_to_bd09(*point))
    assert metres_between(point, back) < 0.001


@given(st.tuples(china_lon, china_lat))
def test_inverse_of_the_inverse_is_the_forward(gcj):
    # The other direction: GCJ -> WGS -> GCJ must reproduce the GCJ input.
    again = wgs84_to_gcj02(*gcj02_to_wgs84(*gcj))
    assert metres_between(gcj, again) < 0.001


def test_functions_are_vectorised():
    lons = np.array([115.5, 116.1, 116.8])
    lats = np.array([23.5, 24.3, 24.8])
    for fn in (wgs84_to_gcj02, gcj02_to_wgs84, gcj02_to_bd09, bd09_to_gcj02, wgs84_to_bd09, bd09_to_wgs84):
        out_lon, out_lat = fn(lons, lats)
        assert isinstance(out_lon, np.ndarray) and out_lon.shape == (3,)
        for i in range(3):
            assert (out_lon[i], out_lat[i]) == pytest.approx(fn(float(lons[i]), float(lats[i])), abs=1e-12)


def test_scalars_give_python_floats():
    lon, lat = gcj02_to_wgs84(116.1, 24.3)
    assert type(lon) is float and type(lat) is float


def sample_geometries(lon=116.1177, lat=24.2991):
    d = 0.01
    square = [(lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d), (lon, lat)]
    hole = [
        (lon + 0.003, lat + 0.003),
        (lon + 0.006, lat + 0.003),
        (lon + 0.006, lat + 0.006),
        (lon + 0.003, lat + 0.003),
    ]
    other = shapely.box(lon + 0.05, lat, lon + 0.06, lat + 0.01)
    return [
        shapely.Point(lon, lat),
        shapely.Polygon(square, [hole]),
        shapely.MultiPolygon([shapely.Polygon(square, [hole]), other]),
    ]


def all_coords(geom):
    return shapely.get_coordinates(geom)


@pytest.mark.parametrize("crs", INPUT_CRS)
@pytest.mark.parametrize("geom", sample_geometries(), ids=["point", "polygon", "multipolygon"])
def test_to_wgs84_undoes_from_wgs84(crs, geom):
    there = from_wgs84(geom, crs)
    back = to_wgs84(there, crs)
    assert back.geom_type == geom.geom_type
    for a, b in zip(all_coords(geom), all_coords(back)):
        assert metres_between(a, b) < 0.001


@pytest.mark.parametrize(
    "crs, forward",
    [("EPSG:4326", None), ("EPSG:4490", None), ("GCJ-02", wgs84_to_gcj02), ("BD-09", wgs84_to_bd09)],
)
def test_from_wgs84_moves_every_vertex_including_holes(crs, forward):
    geom = sample_geometries()[2]
    moved = all_coords(from_wgs84(geom, crs))
    original = all_coords(geom)
    assert moved.shape == original.shape
    for (lon, lat), got in zip(original, moved):
        expected = (lon, lat) if forward is None else forward(lon, lat)
        assert tuple(got) == pytest.approx(expected, abs=1e-12)


def test_gcj02_input_lands_about_half_a_kilometre_from_where_it_was_drawn():
    wgs = shapely.Point(*MEIZHOU_CENTRE)
    as_if_gcj = to_wgs84(wgs, "GCJ-02")  # treating WGS coordinates as GCJ moves them back
    assert metres_between(MEIZHOU_CENTRE, (as_if_gcj.x, as_if_gcj.y)) == pytest.approx(565, abs=40)


def test_crs_names_are_case_insensitive_and_unknown_ones_refused():
    p = shapely.Point(116.1, 24.3)
    assert to_wgs84(p, "gcj-02").equals(to_wgs84(p, "GCJ-02"))
    with pytest.raises(ValueError, match="unsupported CRS"):
        to_wgs84(p, "EPSG:3857")
    with pytest.raises(ValueError):
        from_wgs84(p, None)


def test_reproject_to_gauss_kruger_matches_meridian_arc_length():
    # On the central meridian (117°E) of EPSG:4548 (scale 1, false easting
    # 500 km), the northing is the meridian arc length from the equator,
    # which Geod computes independently on GRS80 (the CGCS2000 ellipsoid).
    arc = pyproj.Geod(ellps="GRS80").inv(117, 0, 117, 24.3)[2]
    p = reproject(shapely.Point(117, 24.3), 4548)
    assert p.x == pytest.approx(500_000, abs=0.01)
    assert p.y == pytest.approx(arc, abs=0.01)


def test_reprojected_distances_near_meizhou_match_geodesic_distances():
    a, b = (116.0, 24.2), (116.01, 24.21)
    pa = reproject(shapely.Point(a), 4548)
    pb = reproject(shapely.Point(b), 4548)
    assert pa.distance(pb) == pytest.approx(metres_between(a, b), rel=5e-4)


def test_reproject_polygon_keeps_structure():
    poly = sample_geometries()[1]
    out = reproject(poly, 4548)
    assert out.geom_type == "Polygon" and len(out.interiors) == 1
    assert 400_000 < out.centroid.x < 420_000


def test_transformer_is_cached_and_unknown_codes_are_value_errors():
    assert transformer(4548) is transformer(4548)
    with pytest.raises(ValueError, match="EPSG:999999"):
        reproject(shapely.Point(116, 24), 999999)
    with pytest.raises(ValueError):
        transformer("4548")
    assert not math.isnan(reproject(shapely.Point(116, 24), 3857).x)
