"""The columns of a ledger, built from the indicator registry, and the parsing of cells.

A column is known by its Chinese name (with or without its unit: 农膜使用量, 农膜使用量（吨）),
by its code (film_used_t), or by both (农膜使用量 (film_used_t)); full-width brackets and
spaces do not matter. Cells come as Excel writes them: real dates or serial numbers,
`2024/5/6`, `2024-05-06`, `2024年5月6日`, numbers as numbers or as text with thousands
separators. No database here; towns are resolved in towns.py."""

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from domain.indicators import INDICATORS
from domain.messages import message

UNIT_ZH = {"t": "吨", "kg": "千克", "m3": "立方米", "mu": "亩"}
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's (1900) date system, leap-year bug included
MAX_EXCEL_SERIAL = 2_958_465  # 9999-12-31
DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
THOUSANDS = str.maketrans("", "", ",， _'")


class CellError(ValueError):
    """A cell that cannot be read as its column's kind of value."""


@dataclass(frozen=True)
class Column:
    key: str  # where the value goes: "town", "observed_on", "values.film_used_t"
    name_zh: str
    kind: str  # text, number, integer, date, choice
    required: bool = False
    unit: str | None = None
    choices: tuple = ()
    aliases: tuple = ()

    @property
    def code(self):
        return self.key.removeprefix("values.")

    @property
    def header_zh(self):
        """The Chinese header the template writes: the name, and its unit where it has one."""
        if not self.unit:
            return self.name_zh
        unit = f"（{UNIT_ZH.get(self.unit, self.unit)}）"
        return self.name_zh if self.name_zh.endswith(unit) else f"{self.name_zh}{unit}"

    def names(self):
        return {
            self.code,
            self.name_zh,
            self.header_zh,
            f"{self.name_zh}({self.code})",
            f"{self.header_zh}({self.code})",
            *self.aliases,
        }


# the columns every ledger may have, whatever its indicator
INDICATOR = Column("indicator", "指标", "indicator", aliases=("指标名称", "指标代码"))
COUNTY = Column("county", "县（市、区）", "text", aliases=("县区", "县市区", "区县", "县", "county_code"))
TOWN = Column("town", "镇（街道）", "text", required=True, aliases=("镇街", "镇", "乡镇", "镇名", "town_code"))
BASE_COLUMNS = (
    INDICATOR,
    COUNTY,
    TOWN,
    Column("observed_on", "观测日期", "date", required=True, aliases=("日期", "填报日期")),
    Column("year", "年度", "integer", aliases=("年份",)),
    Column("lon", "经度", "number", aliases=("longitude", "lng")),
    Column("lat", "纬度", "number", aliases=("latitude",)),
    Column("crs", "坐标系", "text"),
    Column("accuracy_m", "定位精度（米）", "number", aliases=("定位精度",)),
)
GEOMETRY = Column("geometry", "地块范围（WKT 或 GeoJSON）", "text", aliases=("地块范围", "地块"))
NOTE = Column("note", "备注", "text")


def _value_column(spec):
    kind = {"quantity": "number", "text": "text", "choice": "choice", "date": "date"}[spec.kind]
    return Column(f"values.{spec.name}", spec.name_zh, kind, spec.required, spec.unit, spec.choices)


def indicator_columns(indicator):
    """The columns of one indicator's ledger, in the template's order. A breakdown (straw
    by use) is an optional detail with no column of its own."""
    values = tuple(_value_column(spec) for spec in indicator.fields if spec.kind != "breakdown")
    return BASE_COLUMNS + values + ((GEOMETRY,) if indicator.expects_plot else ()) + (NOTE,)


def _all_columns():
    columns: dict[Any, Any] = {}
    for indicator in INDICATORS.values():
        for column in indicator_columns(indicator):
            columns.setdefault(column.key, column)
    return tuple(columns.values())


ALL_COLUMNS = _all_columns()


def normalise_name(text):
    """A header as compared: NFKC (full-width brackets, digits), no spaces, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


HEADER_LOOKUP = {normalise_name(name): column for column in ALL_COLUMNS for name in column.names()}
CODES = {column.code for column in ALL_COLUMNS}
INDICATOR_LOOKUP = {normalise_name(name): code for code, ind in INDICATORS.items() for name in (code, ind.name_zh)}


def blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if CONTROL.search(text):
        raise CellError(message("cell_control_chars"))
    return text


def parse_number(value):
    if isinstance(value, bool):
        raise CellError(message("cell_not_a_number", text=repr(value)))
    if isinstance(value, (int, float)):
        number = float(value) if abs(value) < 1e308 else math.inf
    else:
        text = unicodedata.normalize("NFKC", parse_text(value)).translate(THOUSANDS)
        try:
            number = float(text)
        except ValueError:
            raise CellError(message("cell_not_a_number", text=repr(text[:40]))) from None
    if not math.isfinite(number):
        raise CellError(message("cell_not_finite"))
    return number


def parse_integer(value):
    number = parse_number(value)
    if not number.is_integer():
        raise CellError(message("cell_not_whole"))
    return int(number)


def parse_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value)
    text = unicodedata.normalize("NFKC", parse_text(value))
    if text.isdigit() and len(text) == 5:  # a serial number that lost its date format
        return _from_serial(int(text))
    match = DATE_TEXT.match(text) or COMPACT_DATE.match(text)
    if not match:
        raise CellError(message("cell_not_a_date", text=repr(text[:40])))
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        raise CellError(message("cell_no_such_day", text=repr(text[:40]))) from None


def _from_serial(serial):
    if not 1 <= serial <= MAX_EXCEL_SERIAL:
        raise CellError(message("cell_not_a_serial", text=repr(serial)))
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_indicator(value):
    code = INDICATOR_LOOKUP.get(normalise_name(parse_text(value)))
    if code is None:
        raise CellError(message("cell_unknown_indicator", text=repr(str(value)[:40])))
    return code


def parse_choice(value, column):
    text = parse_text(value)
    for choice in column.choices:
        if text.lower() == choice:
            return choice
    raise CellError(message("cell_not_a_choice", text=repr(text[:40]), choices=column.choices))


PARSERS = {
    "text": parse_text,
    "number": parse_number,
    "integer": parse_integer,
    "date": parse_date,
    "indicator": parse_indicator,
}


def parse_cell(value, column):
    if column.kind == "choice":
        return parse_choice(value, column)
    return PARSERS[column.kind](value)
