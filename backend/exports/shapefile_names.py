"""Stable 10-character field names for Shapefiles (dBase allows no more).

GDAL would truncate long names itself (completed_on → completed_, and a clash becomes
complete_1 depending on which columns happen to be in the file). Instead every column
of every indicator gets one fixed short name, computed once over the whole registry in
registry order, so a county's script that reads `strw_utl_t` works on next year's files
and on files of any filter. docs/shapefile-fields.md lists the mapping; a test keeps the
two in step.
"""

import functools

from backend.exports.columns import columns_for
from domain.indicators import INDICATORS

MAX_LENGTH = 10
VOWELS = set("aeiou")

# Base columns read better abbreviated by hand than by rule.
FIXED = {
    "indicator_name": "ind_name",
    "county_code": "cnty_code",
    "county_name": "cnty_name",
    "observed_on": "obs_date",
    "denominator": "denominatr",
    "computed_area_mu": "calc_mu",
}


def _drop_vowels(word):
    return word[:1] + "".join(c for c in word[1:] if c not in VOWELS)


def abbreviate(name):
    """film_recovered_t → flm_rcvr_t: drop inner vowels of the longest words first, then
    shorten the longest word, keeping the last word (the unit: t, kg, m3, mu) whole."""
    if len(name) <= MAX_LENGTH:
        return name
    words = name.split("_")
    for index in sorted(range(len(words)), key=lambda i: -len(words[i])):
        words[index] = _drop_vowels(words[index])
        if len("_".join(words)) <= MAX_LENGTH:
            return "_".join(words)
    shortenable = range(len(words) - 1) if len(words) > 1 else range(len(words))
    while len("_".join(words)) > MAX_LENGTH:
        longest = max(shortenable, key=lambda i: (len(words[i]), i))
        if len(words[longest]) <= 1:
            return "".join(words)[:MAX_LENGTH]
        words[longest] = words[longest][:-1]
    return "_".join(words)


def _unique(short, taken):
    candidate, number = short, 1
    while candidate in taken:
        suffix = str(number)
        candidate = short[: MAX_LENGTH - len(suffix)] + suffix
        number += 1
    return candidate


def _mapping(columns):
    names, taken = {}, set()
    for column in columns:
        short = _unique(FIXED.get(column.name) or abbreviate(column.name), taken)
        names[column.name] = short
        taken.add(short)
    return names


@functools.cache
def _names_of(codes):
    # `codes` (the registry's keys) is the cache key: the mapping follows the registry
    return _mapping(columns_for())


def shapefile_names():
    """long column name → short field name, for every column any export can hold, over the
    registry as it is (an indicator added to it gets its names after all the others')."""
    return _names_of(tuple(INDICATORS))


# the mapping of the registry as shipped: docs/shapefile-fields.md lists it
SHAPEFILE_NAMES = shapefile_names()
