"""Significant overlap between plots: > 1 % of the smaller plot OR > 0.1 mu.

Plots are rectangles laid out in metres (EPSG:4548) near Meizhou and
converted to WGS84, so expected overlap areas are known by construction.
"""

import pytest
import shapely

from geo.overlap import overlap_flags, significant_overlap

ORIGIN = shapely.Point(116.1177, 24.2991)


@pytest.fixture(scope="module")
def rect(to_metric, from_metric):
    """rect(x, y, w, h): WGS84 rectangle at offset (x, y) metres from ORIGIN."""
    o = to_metric(ORIGIN)

    def make(x, y, w, h):
        return from_metric(shapely.box(o.x + x, o.y + y, o.x + x + w, o.y + y + h))

    return make


def test_plots_sharing_an_edge_do_not_overlap(rect):
    a = rect(0, 0, 100, 100)
    b = rect(100, 0, 100, 100)
    assert a.touches(b)  # the shared edge has identical coordinates
    assert significant_overlap(a, b) is None


def test_separate_plots_do_not_overlap(rect):
    assert significant_overlap(rect(0, 0, 100, 100), rect(500, 0, 100, 100)) is None


def test_half_overlapping_plots_are_flagged_with_the_shared_area(rect):
    a = rect(0, 0, 100, 100)  # 10,000 m² = 15 mu
    b = rect(50, 0, 100, 100)
    assert significant_overlap(a, b) == pytest.approx(7.5, rel=0.005)
    assert significant_overlap(b, a) == pytest.approx(significant_overlap(a, b), rel=1e-9)


def test_sliver_below_both_thresholds_is_ignored(rect):
    # 0.05 m x 100 m = 5 m²: 0.05 % of the plot and 0.0075 mu.
    assert significant_overlap(rect(0, 0, 100, 100), rect(99.95, 0, 100, 100)) is None


def test_absolute_threshold_alone_flags_large_plots(rect):
    # 1 km² plots sharing a 0.5 m strip: 500 m² = 0.75 mu > 0.1 mu but only 0.05 %.
    shared = significant_overlap(rect(0, 0, 1000, 1000), rect(999.5, 0, 1000, 1000))
    assert shared == pytest.approx(0.75, rel=0.01)


def test_below_absolute_threshold_large_plots_are_not_flagged(rect):
    # 0.05 m strip of 1 km: 50 m² = 0.075 mu < 0.1 mu and 0.005 %.
    assert significant_overlap(rect(0, 0, 1000, 1000), rect(999.95, 0, 1000, 1000)) is None


def test_relative_threshold_alone_flags_small_plots(rect):
    # 5 m x 5 m plots overlapping by half: 12.5 m² = 0.019 mu < 0.1 mu, but 50 %.
    shared = significant_overlap(rect(0, 0, 5, 5), rect(2.5, 0, 5, 5))
    assert shared == pytest.approx(12.5 * 1500 / 1e6, rel=0.01)


def test_relative_threshold_uses_the_smaller_plot(rect):
    # A 4 m x 4 m shed (16 m²) half inside a 1 km² field: 8 m² is 50 % of the
    # shed though only 0.0008 % of the field.
    field = rect(0, 0, 1000, 1000)
    shed = rect(998, 500, 4, 4)
    assert significant_overlap(field, shed) == pytest.approx(8 * 1500 / 1e6, rel=0.01)
    assert significant_overlap(shed, field) == pytest.approx(8 * 1500 / 1e6, rel=0.01)


def test_overlap_flags_lists_only_significant_records_and_totals_them(rect):
    plot = rect(0, 0, 100, 100)
    candidates = [
        ("r-half", rect(50, 0, 100, 100)),  # 7.5 mu
        ("r-edge", rect(-100, 0, 100, 100)),  # touching
        ("r-sliver", rect(0, 99.95, 100, 100)),  # 0.0075 mu
        ("r-quarter", rect(-50, -50, 100, 100)),  # 50 m x 50 m = 3.75 mu
        ("r-far", rect(5000, 0, 100, 100)),
    ]
    flag = overlap_flags(plot, iter(candidates))
    assert flag["code"] == "overlap"
    assert flag["record_ids"] == ["r-half", "r-quarter"]
    assert flag["overlap_mu"] == pytest.approx(7.5 + 3.75, rel=0.005)


def test_overlap_flags_is_none_without_significant_overlap(rect):
    plot = rect(0, 0, 100, 100)
    assert overlap_flags(plot, [("r-edge", rect(100, 0, 100, 100))]) is None
    assert overlap_flags(plot, []) is None
