"""A ledger's header row read into a layout, and each data row into a record as a phone
would post it, with its client_id derived from its content (UUIDv5): the same row
uploaded again is the same record, a replay that creates nothing."""

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import shapely

from backend.services.imports.columns import (
    CODES,
    COUNTY,
    GEOMETRY,
    HEADER_LOOKUP,
    INDICATOR,
    TOWN,
    CellError,
    blank,
    indicator_columns,
    normalise_name,
    parse_cell,
)
from backend.services.imports.files import LedgerFileError
from domain.errors import Invalid
from domain.indicators import INDICATORS
from domain.messages import message

# all ledger rows' client_ids live in this namespace (uuid5 of the service's name)
ROW_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "ledger-rows.meizhou-field-data")


@dataclass
class ParsedRow:
    row: int
    item: dict | None = None  # the record as RecordInSchema loads it
    errors: dict = field(default_factory=dict)  # column header -> messages


class Layout:
    """Which column of the file holds what; built from the header row."""

    def __init__(self, header, indicator=None):
        self.indicator = indicator
        self.columns = {}  # cell index -> Column
        self.headers: dict[Any, Any] = {}  # column key -> the header as the file writes it
        self.ignored = []
        for index, cell in enumerate(header):
            if blank(cell):
                continue
            column = HEADER_LOOKUP.get(normalise_name(cell))
            if column is None:
                self.ignored.append(str(cell)[:100])
                continue
            if column.key in self.headers:
                raise LedgerFileError(
                    Invalid,
                    message(
                        "ledger_duplicate_column",
                        column=column.name_zh,
                        first=repr(self.headers[column.key]),
                        second=repr(str(cell)[:100]),
                    ),
                )
            self.columns[index] = column
            self.headers[column.key] = str(cell).strip()
        self._check_required()

    def _check_required(self):
        if self.indicator is None and INDICATOR.key not in self.headers:
            raise LedgerFileError(Invalid, message("ledger_no_indicator"))
        required = [c for c in (TOWN,) if c.key not in self.headers]
        if self.indicator is not None:
            required += [
                c
                for c in indicator_columns(INDICATORS[self.indicator])
                if c.required and c.key not in self.headers and c is not TOWN
            ]
        if required:
            raise LedgerFileError(
                Invalid,
                message("ledger_missing_columns", columns=[f"{c.header_zh} ({c.code})" for c in required]),
            )

    def is_code_row(self, cells):
        """The template's second header row: the columns' codes."""
        texts = [normalise_name(c) for c in cells if not blank(c)]
        return bool(texts) and all(t in CODES for t in texts)

    def header_of(self, path):
        """The file's header for a field path of the record schema (values.film_used_t)."""
        key = {"town_code": TOWN.key, "location": "lon", "client_id": None}.get(path, path)
        if key in self.headers:
            return self.headers[key]
        if key == "lon" and "lat" in self.headers:
            return self.headers["lat"]
        return path

    def parse(self, number, cells, towns):
        """A ParsedRow of the cells, or None for a blank row."""
        if all(blank(c) for c in cells):
            return None
        parsed, found = ParsedRow(number), {}
        for index, column in self.columns.items():
            value = cells[index] if index < len(cells) else None
            if blank(value):
                continue
            try:
                found[column.key] = parse_cell(value, column)
            except CellError as error:
                parsed.errors[self.headers[column.key]] = [error.args[0]]
        indicator = found.get(INDICATOR.key, self.indicator)
        if indicator is None and INDICATOR.key not in found:
            parsed.errors.setdefault(self.headers.get(INDICATOR.key, INDICATOR.name_zh), [message("required")])
        self._place_town(found, towns, parsed.errors)
        if parsed.errors or indicator is None:
            return parsed
        parsed.item = self._item(indicator, found)
        return parsed

    def _place_town(self, found, towns, errors):
        county = None
        if COUNTY.key in found:
            try:
                county = towns.county(found.pop(COUNTY.key))
            except CellError as error:
                errors[self.headers[COUNTY.key]] = [error.args[0]]
                return
        if TOWN.key not in found:
            errors.setdefault(self.headers[TOWN.key], [message("required")])
            return
        try:
            found[TOWN.key] = towns.town(found[TOWN.key], county)
        except CellError as error:
            errors[self.headers[TOWN.key]] = [error.args[0]]

    def _item(self, indicator, found):
        spec = INDICATORS[indicator]
        item = {"indicator": indicator, "town_code": found[TOWN.key], "values": {}}
        for name in ("observed_on", "year", "crs", "accuracy_m", "note"):
            if name in found:
                item[name] = found[name]
        for value_field in spec.fields:
            value = found.get(f"values.{value_field.name}")
            if value is not None:
                item["values"][value_field.name] = value
        if "lon" in found or "lat" in found:
            item["location"] = {"type": "Point", "coordinates": [found.get("lon"), found.get("lat")]}
        if GEOMETRY.key in found and spec.expects_plot:
            item["geometry"] = _plot(found[GEOMETRY.key])
        item = json.loads(json.dumps(item, default=_iso))  # dates as ISO text, as a phone posts
        item["client_id"] = str(uuid.uuid5(ROW_NAMESPACE, json.dumps(item, sort_keys=True, ensure_ascii=False)))
        return item


def _iso(value):
    return value.isoformat()


def _plot(text):
    """A plot cell: GeoJSON, or WKT (what desktop GIS copies); the record schema checks it."""
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than any outline
            return text  # the schema says it is not a GeoJSON object
    try:
        return json.loads(shapely.to_geojson(shapely.from_wkt(text)))
    except shapely.errors.ShapelyError:
        return text
