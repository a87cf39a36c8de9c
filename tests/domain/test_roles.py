"""domain.roles: who may read, write, review, correct (no app, no database)."""

import pytest

from domain import roles

TOWN, OTHER_TOWN, COUNTY, OTHER_COUNTY, CITY = "441402102", "441403101", "441402", "441403", "441400"
ACCOUNTS = {
    "officer": ("town_officer", TOWN),
    "reviewer": ("county_reviewer", COUNTY),
    "admin": ("city_admin", CITY),
    "analyst": ("analyst", CITY),
}


@pytest.mark.parametrize(
    ("account", "code", "expected"),
    [
        ("officer", TOWN, True),
        ("officer", OTHER_TOWN, False),
        ("officer", COUNTY, False),
        ("reviewer", TOWN, True),
        ("reviewer", COUNTY, True),
        ("reviewer", OTHER_TOWN, False),
        ("reviewer", CITY, False),
        ("admin", OTHER_TOWN, True),
        ("analyst", OTHER_COUNTY, True),
    ],
)
def test_may_read(account, code, expected):
    assert roles.may_read(*ACCOUNTS[account], code) is expected


@pytest.mark.parametrize(
    ("account", "town", "write", "review"),
    [
        ("officer", TOWN, True, False),
        ("officer", OTHER_TOWN, False, False),
        ("reviewer", TOWN, True, True),
        ("reviewer", OTHER_TOWN, False, False),
        ("admin", OTHER_TOWN, True, True),
        ("analyst", TOWN, False, False),
    ],
)
def test_may_write_and_review(account, town, write, review):
    assert roles.may_write(*ACCOUNTS[account], town) is write
    assert roles.may_review(*ACCOUNTS[account], town) is review


@pytest.mark.parametrize(
    ("account", "status", "expected"),
    [
        ("officer", "pending", True),
        ("officer", "rejected", True),
        ("officer", "approved", False),
        ("reviewer", "approved", True),
        ("admin", "approved", True),
        ("analyst", "pending", False),
    ],
)
def test_may_correct(account, status, expected):
    assert roles.may_correct(*ACCOUNTS[account], TOWN, status) is expected


def test_every_role_has_a_level_and_capabilities():
    assert set(roles.LEVEL_OF_ROLE) == set(roles.ROLES)
    admin = roles.capabilities("city_admin", CITY)
    assert admin["manage"] and admin["review"] and admin["cityWide"]
    analyst = roles.capabilities("analyst", CITY)
    assert analyst["cityWide"] and not (analyst["write"] or analyst["review"] or analyst["manage"])
    assert roles.capabilities("county_reviewer", COUNTY)["reach"] == COUNTY


def test_capabilities_name_the_level_of_the_reach():
    assert roles.capabilities("town_officer", TOWN)["reachLevel"] == "town"
    assert roles.capabilities("county_reviewer", COUNTY)["reachLevel"] == "county"
    assert roles.capabilities("analyst", COUNTY)["reachLevel"] == "city"
    assert roles.capabilities("analyst", COUNTY)["reach"] == CITY


@pytest.mark.parametrize(
    ("account", "role", "unit", "expected"),
    [
        ("admin", "county_reviewer", OTHER_COUNTY, True),
        ("admin", "city_admin", CITY, True),
        ("reviewer", "town_officer", TOWN, True),
        ("reviewer", "town_officer", OTHER_TOWN, False),  # another county's town
        ("reviewer", "county_reviewer", COUNTY, False),  # not its own kind
        ("officer", "town_officer", TOWN, False),
        ("analyst", "town_officer", TOWN, False),
    ],
)
def test_may_manage_account(account, role, unit, expected):
    assert roles.may_manage_account(*ACCOUNTS[account], role, unit) is expected


def test_account_managers_are_the_roles_that_manage_any():
    assert set(roles.ACCOUNT_MANAGERS) == {role for role in roles.ROLES if roles.manageable_roles(role)}
