"""The attribute columns of exported records, derived from the indicator registry.

Every export format and the OGC items carry the same typed columns: the record's identity
and place, then the value fields of the indicators it may hold (from the registry, a
breakdown flattened into one column per part), then numerator, denominator, computed area
and flags. Adding an indicator to the registry adds its columns here; nothing else changes.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from domain.indicators import INDICATORS

INTEGER, REAL, STRING, DATE = "integer", "real", "string", "date"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # INTEGER, REAL, STRING or DATE
    description: str  # for people: README of a download, docs
    read: Callable[["Rows"], list]  # the column's typed values (None for empty) of a chunk


class Rows:
    """A chunk of database rows, transposed into columns. Columns are read a whole chunk at
    a time, not cell by cell: a 100,000-record export is 30 list comprehensions per chunk
    instead of 3 million calls. `values` and `flags` arrive as JSON text and are parsed with
    one json.loads per chunk, not one per cell."""

    def __init__(self, keys, rows, unit_names, photo_ids=None):
        self._columns = dict(zip(keys, zip(*rows))) if rows else dict.fromkeys(keys, ())
        self._count = len(rows)
        self.unit_names = unit_names
        self.photo_ids = photo_ids or {}  # record id → ids of its photos

    def __len__(self):
        return self._count

    def attribute(self, name):
        return list(self._columns[name])

    @cached_property
    def values(self):
        return [values or {} for values in _json_list(self._columns["values"])]

    @cached_property
    def flags(self):
        return _json_list(self._columns["flags"])

    @cached_property
    def _positions(self):
        found = {}
        for index, code in enumerate(self.attribute("indicator")):
            found.setdefault(code, []).append(index)
        return found

    def positions(self, indicator):
        """Positions of the rows of one indicator."""
        return self._positions.get(indicator, ())


def _json_list(texts):
    return json.loads("[" + ",".join(["null" if text is None else text for text in texts]) + "]")


def _real(value):
    return None if value is None else float(value)


def _text(value):
    return None if value is None else str(value)


def _date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _flag_codes(flags):
    # The codes only: the details (declared and computed area, overlapped ids) live in the
    # API; a comma-separated text column is something every GIS can filter on.
    return ",".join(flag.get("code", "") for flag in flags or ())


def _attribute(name):
    return lambda rows: rows.attribute(name)


def _indicator_names(rows):
    return [INDICATORS[code].name_zh if code in INDICATORS else None for code in rows.attribute("indicator")]


def _unit_names(code_attribute):
    return lambda rows: [rows.unit_names.get(code) for code in rows.attribute(code_attribute)]


BASE_COLUMNS = (
    Column("id", INTEGER, "record id (GET /api/v1/records/{id})", _attribute("id")),
    Column("indicator", STRING, "indicator code", _attribute("indicator")),
    Column("indicator_name", STRING, "indicator name (zh)", _indicator_names),
    Column("town_code", STRING, "9-digit town code", _attribute("town_code")),
    Column("town_name", STRING, "town name (zh)", _unit_names("town_code")),
    Column("county_code", STRING, "6-digit county code", _attribute("county_code")),
    Column("county_name", STRING, "county name (zh)", _unit_names("county_code")),
    Column("year", INTEGER, "reporting year", _attribute("year")),
    Column("observed_on", DATE, "day of observation", _attribute("observed_on")),
    Column("status", STRING, "pending, approved or rejected", _attribute("status")),
)

# numeric database columns come out of the driver as floats (or None) already
TAIL_COLUMNS = (
    Column("numerator", REAL, "numerator in canonical units", _attribute("numerator")),
    Column("denominator", REAL, "denominator in canonical units (empty for totals)", _attribute("denominator")),
    Column(
        "computed_area_mu",
        REAL,
        "geodesic area of the plot in mu (empty without a plot)",
        _attribute("computed_area_mu"),
    ),
    Column(
        "flags",
        STRING,
        "comma-separated flag codes: area_mismatch, overlap, near_boundary, photo_far, photo_date, photo_missing",
        lambda rows: [_flag_codes(flags) for flags in rows.flags],
    ),
    Column(
        "photos",
        INTEGER,
        "number of photos (GET /api/v1/records/{id}/attachments)",
        lambda rows: [len(rows.photo_ids.get(record_id, ())) for record_id in rows.attribute("id")],
    ),
)

_CONVERT = {"quantity": (REAL, _real), "text": (STRING, _text), "choice": (STRING, _text), "date": (DATE, _date)}


def _value_cell(name, convert):
    return lambda values: convert(values.get(name))


def _part_cell(name, part):
    return lambda values: _real((values.get(name) or {}).get(part))


def _value_specs(indicator):
    """(name, type, description, cell) of each value column of an indicator; cell reads the
    column's value from a record's `values`."""
    for spec in indicator.fields:
        unit = f", {spec.unit}" if spec.unit else ""
        if spec.kind == "breakdown":
            for part in spec.parts:
                yield (
                    f"{spec.name}_{part}",
                    REAL,
                    f"{spec.name_en}: {part.removesuffix('_t')}{unit}; {indicator.code}",
                    _part_cell(spec.name, part),
                )
        else:
            kind, convert = _CONVERT[spec.kind]
            yield (
                spec.name,
                kind,
                f"{spec.name_en} ({spec.name_zh}){unit}; {indicator.code}",
                _value_cell(spec.name, convert),
            )


def _value_reader(cell, codes):
    """Reads the cell only for records of the indicators that have the field: in an export
    of every indicator, most value columns are empty for most rows."""

    def read(rows):
        column, values = [None] * len(rows), rows.values
        for code in codes:
            for index in rows.positions(code):
                column[index] = cell(values[index])
        return column

    return read


def _value_columns_of(codes):
    """Value columns of these indicators in registry order; a field that several
    indicators share (crop) is one column."""
    merged = {}
    for code in codes:
        for name, kind, description, cell in _value_specs(INDICATORS[code]):
            if name not in merged:
                merged[name] = (kind, description, cell, (code,))
                continue
            known_kind, known_description, known_cell, known_codes = merged[name]
            if known_kind != kind:
                raise ValueError(f"value field {name} has two types in the registry")
            merged[name] = (kind, f"{known_description}, {code}", known_cell, (*known_codes, code))
    return tuple(
        Column(name, kind, description, _value_reader(cell, indicator_codes))
        for name, (kind, description, cell, indicator_codes) in merged.items()
    )


def columns_for(indicator=None):
    """The columns of an export of one indicator, or of all of them (indicator=None)."""
    codes = [indicator] if indicator else list(INDICATORS)
    return BASE_COLUMNS + _value_columns_of(codes) + TAIL_COLUMNS


ALL_COLUMNS = columns_for()
