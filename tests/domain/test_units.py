"""domain.units: the hierarchy read from the codes (no app, no database)."""

import pytest

from domain import units


@pytest.mark.parametrize(
    ("code", "level", "county"),
    [
        ("441400", "city", None),
        ("441402", "county", "441402"),
        ("441481", "county", "441481"),
        ("441402102", "town", "441402"),
        ("441427100", "town", "441427"),
    ],
)
def test_level_and_county_of_a_code(code, level, county):
    assert units.level_of(code) == level
    assert units.county_of(code) == county


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("441400", "441400", True),
        ("441400", "441402", True),
        ("441400", "441402102", True),
        ("441402", "441402", True),
        ("441402", "441402102", True),
        ("441402", "441403101", False),
        ("441402", "441400", False),
        ("441402", "44140", False),
        ("441402102", "441402102", True),
        ("441402102", "441402101", False),
        ("441402102", "441402", False),
    ],
)
def test_contains(outer, inner, expected):
    assert units.contains(outer, inner) is expected


@pytest.mark.parametrize(
    ("code", "stored"),
    [
        ("441402102000", "441402102"),
        ("441402102", "441402102"),
        ("441402", "441402"),
    ],
)
def test_stored_code_cuts_the_statistical_form(code, stored):
    assert units.stored_code(code) == stored


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("441400", True),
        ("441402102", True),
        ("441402102000", True),
        ("4414021", False),
        ("441402102001", False),
        ("44140a", False),
        ("", False),
        (441400, False),
        ("４４１４００", False),
        ("441402\n", False),  # full-width digits; a trailing newline
    ],
)
def test_is_unit_code(code, valid):
    assert units.is_unit_code(code) is valid


def test_chain_goes_up_to_the_city():
    assert units.chain("441402102") == ("441402102", "441402", "441400")
    assert units.chain("441402") == ("441402", "441400")
    assert units.chain("441400") == ("441400",)
