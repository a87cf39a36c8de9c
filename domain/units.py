"""The administrative hierarchy of Meizhou: city → county → town, read from the codes.

Codes are text. The city is 441400; a county has 6 digits (441402); a town has 9
(441402102). The statistical 12-digit form of a town (441402102000) is stored as its
9-digit form. A town's county is its first 6 digits, so containment is a prefix test.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Level = Literal["city", "county", "town"]

CITY_CODE: Final = "441400"
LEVELS: Final[tuple[Level, ...]] = ("city", "county", "town")
COUNTY_DIGITS: Final = 6
TOWN_DIGITS: Final = 9

# [0-9], not \d: \d also matches full-width and other Unicode digits, which no code has
UNIT_CODE_PATTERN: Final = r"^[0-9]{6}([0-9]{3}(000)?)?$"
"""Any unit code as a client may send it: 6 digits, 9 digits or a town's 12-digit form."""
TOWN_CODE_PATTERN: Final = r"^[0-9]{9}(000)?$"
COUNTY_CODE_PATTERN: Final = r"^[0-9]{6}$"
_UNIT_CODE = re.compile(UNIT_CODE_PATTERN)


def is_unit_code(code: str) -> bool:
    """Is `code` shaped like a unit code (not: does that unit exist)?"""
    return isinstance(code, str) and _UNIT_CODE.fullmatch(code) is not None


def stored_code(code: str) -> str:
    """The code as stored: a town's 12-digit statistical form cut to its 9 digits."""
    return code[:TOWN_DIGITS]


def level_of(code: str) -> Level:
    """The level of a unit code, from its form."""
    if code == CITY_CODE:
        return "city"
    return "town" if len(code) == TOWN_DIGITS else "county"


def county_of(code: str) -> str | None:
    """The county a county or town code belongs to (itself for a county); None for the city."""
    return None if level_of(code) == "city" else code[:COUNTY_DIGITS]


def contains(outer: str, inner: str) -> bool:
    """Does unit `outer` contain unit `inner` (a unit contains itself)?"""
    level = level_of(outer)
    if level == "city":
        return True
    if level == "county":
        return inner[:COUNTY_DIGITS] == outer
    return inner == outer


def chain(code: str) -> tuple[str, ...]:
    """The unit and the units above it, nearest first: town, its county, the city."""
    level = level_of(code)
    if level == "town":
        return (code, code[:COUNTY_DIGITS], CITY_CODE)
    if level == "county":
        return (code, CITY_CODE)
    return (code,)
