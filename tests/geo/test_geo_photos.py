"""The photo checks, pure: distances to a point or plot, days off, evidence missing."""

import datetime as dt

import pytest
import shapely

from geo.photos import distance_m, photo_flags, without_photo_flags

POINT = shapely.Point(116.1177, 24.2991)
PLOT = shapely.box(116.1167, 24.2981, 116.1187, 24.3001)  # ≈ 200 m × 220 m
DAY = dt.date(2025, 6, 30)


def check(photos, place=POINT, required=False):
    return photo_flags(place=place, day=DAY, photos=photos, evidence_required=required, max_distance_m=500, max_days=31)


@pytest.mark.parametrize("dlon, expected", [(0.0, 0), (0.00494, 500), (0.0197, 2000)])
def test_distance_to_a_point_is_geodesic(dlon, expected):
    assert distance_m(POINT, POINT.x + dlon, POINT.y) == pytest.approx(expected, abs=3)


def test_distance_to_a_plot_is_zero_inside_and_to_its_edge_outside():
    assert distance_m(PLOT, 116.1170, 24.2990) == 0
    # 0.00494° east of the plot's east edge ≈ 500 m
    assert distance_m(PLOT, 116.1187 + 0.00494, 24.2990) == pytest.approx(500, abs=3)


@pytest.mark.parametrize("lon, far", [(116.1177 + 0.0045, False), (116.1177 + 0.0055, True)])
def test_photo_far_at_the_threshold(lon, far):
    flags = check([{"id": "a", "lon": lon, "lat": 24.2991, "taken_at": None}])
    assert (flags[0]["code"] == "photo_far") if far else flags == []


@pytest.mark.parametrize("days, flagged", [(31, False), (32, True), (-32, True), (-31, False)])
def test_photo_date_at_the_threshold(days, flagged):
    taken = dt.datetime.combine(DAY + dt.timedelta(days=days), dt.time(23, 59))
    flags = check([{"id": "a", "lon": None, "lat": None, "taken_at": taken}])
    assert flags == (
        [
            {
                "code": "photo_date",
                "max_days": 31,
                "day": "2025-06-30",
                "photos": [{"id": "a", "taken_on": taken.date().isoformat(), "days": abs(days)}],
            }
        ]
        if flagged
        else []
    )


def test_photo_missing_only_where_required_and_without_photos():
    assert check([], required=True) == [{"code": "photo_missing"}]
    assert check([], required=False) == []
    assert check([{"id": "a", "lon": None, "lat": None, "taken_at": None}], required=True) == []


def test_without_photo_flags_keeps_the_others():
    flags = [{"code": "near_boundary"}, {"code": "photo_far"}, {"code": "photo_missing"}, {"code": "overlap"}]
    assert without_photo_flags(flags) == [{"code": "near_boundary"}, {"code": "overlap"}]
