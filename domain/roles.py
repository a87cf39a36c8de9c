"""The roles and their reach: who may read, write, review and correct what.

An account has one role and one unit. A town officer posts and reads its town's records; a
county reviewer reads, corrects and reviews its county's; a city admin does everything in
the city, including accounts, targets and town boundaries; an analyst reads the whole city
and writes nothing. backend/auth/scope.py turns these answers into 403s and query filters;
the web pages receive `capabilities()` instead of re-deriving any of it.

Adding a role: add it to ROLES and LEVEL_OF_ROLE and to the sets below that it belongs to.
"""

from __future__ import annotations

from typing import Final

from domain.units import CITY_CODE, Level, contains, county_of

TOWN_OFFICER: Final = "town_officer"
COUNTY_REVIEWER: Final = "county_reviewer"
CITY_ADMIN: Final = "city_admin"
ANALYST: Final = "analyst"

ROLES: Final = (TOWN_OFFICER, COUNTY_REVIEWER, CITY_ADMIN, ANALYST)
LEVEL_OF_ROLE: Final[dict[str, Level]] = {
    TOWN_OFFICER: "town",
    COUNTY_REVIEWER: "county",
    CITY_ADMIN: "city",
    ANALYST: "city",
}
WRITERS: Final = (TOWN_OFFICER, COUNTY_REVIEWER, CITY_ADMIN)
REVIEWERS: Final = (COUNTY_REVIEWER, CITY_ADMIN)
# roles whose reach is the whole city, whatever unit the account is attached to
CITY_WIDE: Final = (CITY_ADMIN, ANALYST)
# roles that may correct a record after it was approved (it returns to pending)
CORRECTS_APPROVED: Final = REVIEWERS
# roles that manage accounts: the city admin any account, a county reviewer its county's
# town officers (may_manage_account)
ACCOUNT_MANAGERS: Final = (CITY_ADMIN, COUNTY_REVIEWER)


def reach(role: str, unit_code: str) -> str:
    """The unit whose records the account may read: the city, its county, or its town."""
    if role in CITY_WIDE:
        return CITY_CODE
    if role == COUNTY_REVIEWER:
        return county_of(unit_code) or unit_code
    return unit_code


def may_read(role: str, unit_code: str, code: str) -> bool:
    """May an account (role, unit) read unit `code` and what lies in it?"""
    return contains(reach(role, unit_code), code)


def may_write(role: str, unit_code: str, town_code: str) -> bool:
    """May it post or correct records of `town_code`?"""
    return role in WRITERS and may_read(role, unit_code, town_code)


def may_review(role: str, unit_code: str, town_code: str) -> bool:
    """May it approve or reject records of `town_code`?"""
    return role in REVIEWERS and may_read(role, unit_code, town_code)


def may_correct(role: str, unit_code: str, town_code: str, status: str) -> bool:
    """May it correct a record of `town_code` that is `status`? A town officer only while
    the record is pending or rejected; a reviewer or admin an approved one too."""
    return may_write(role, unit_code, town_code) and (status != "approved" or role in CORRECTS_APPROVED)


def may_manage(role: str) -> bool:
    """Plans, targets, town boundaries and the audit log: the city admin's (accounts:
    may_manage_account)."""
    return role == CITY_ADMIN


def manageable_roles(role: str) -> tuple[str, ...]:
    """The roles of the accounts that an account of `role` may create, list and reset."""
    if role == CITY_ADMIN:
        return ROLES
    if role == COUNTY_REVIEWER:
        return (TOWN_OFFICER,)
    return ()


def may_manage_account(role: str, unit_code: str, account_role: str, account_unit: str) -> bool:
    """May an account (role, unit) create, list or reset an account of (account_role,
    account_unit)? The city admin any; a county reviewer the town officers of its county."""
    return account_role in manageable_roles(role) and may_read(role, unit_code, account_unit)


def capabilities(role: str, unit_code: str) -> dict[str, object]:
    """What a web page may offer this account, so no page re-derives a rule."""
    return {
        "role": role,
        "reach": reach(role, unit_code),
        # the level of `reach`: what a page lists and offers (one town, a county's, all)
        "reachLevel": LEVEL_OF_ROLE[role],
        "cityWide": role in CITY_WIDE,
        "write": role in WRITERS,
        "review": role in REVIEWERS,
        "correctApproved": role in CORRECTS_APPROVED,
        "manage": may_manage(role),
    }
