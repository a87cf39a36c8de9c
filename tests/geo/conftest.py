"""Fixtures for the pure geography tests (no Flask app, no database)."""

from pathlib import Path

import numpy as np
import pyproj
import pytest
import shapely

from geo.location import LocationChecker, load_county_boundaries

COUNTIES_PATH = Path(__file__).resolve().parents[2] / "backend" / "data" / "meizhou_counties_wgs84.geojson"

# Built directly with pyproj (not geo.crs) so the tests have their own path
# between WGS84 and metres (EPSG:4548, CGCS2000 GK CM 117°E).
_WGS84_TO_METRIC = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:4548", always_xy=True)
_METRIC_TO_WGS84 = pyproj.Transformer.from_crs("EPSG:4548", "EPSG:4326", always_xy=True)


def _with(transformer):
    def apply(geom):
        return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))

    return apply


@pytest.fixture(scope="session")
def to_metric():
    """WGS84 geometry -> EPSG:4548 metres."""
    return _with(_WGS84_TO_METRIC)


@pytest.fixture(scope="session")
def from_metric():
    """EPSG:4548 geometry -> WGS84."""
    return _with(_METRIC_TO_WGS84)


@pytest.fixture(scope="session")
def counties_path():
    return COUNTIES_PATH


@pytest.fixture(scope="session")
def counties(counties_path):
    return load_county_boundaries(counties_path)


@pytest.fixture(scope="session")
def counties_m(counties, to_metric):
    return {code: to_metric(g) for code, g in counties.items()}


@pytest.fixture(scope="session")
def checker(counties):
    return LocationChecker(counties, tolerance_m=500)
