"""The ogr2ogr baseline: GDAL exporting the same rows and columns straight from PostGIS."""

import subprocess
import time

from backend.exports.columns import ALL_COLUMNS, BASE_COLUMNS, TAIL_COLUMNS
from domain.indicators import INDICATORS

_SQL_TYPES = {"real": "float8", "date": "date", "integer": "int4", "string": "text"}


def _value_expressions():
    """SQL for the registry's value columns, the same set the service exports."""
    fixed = {c.name for c in BASE_COLUMNS + TAIL_COLUMNS}
    breakdowns = {
        f"{spec.name}_{part}": (spec.name, part)
        for indicator in INDICATORS.values()
        for spec in indicator.fields
        if spec.kind == "breakdown"
        for part in spec.parts
    }
    for column in ALL_COLUMNS:
        if column.name in fixed:
            continue
        if column.name in breakdowns:
            field, part = breakdowns[column.name]
            yield f"(r.\"values\"->'{field}'->>'{part}')::float8 AS {column.name}"
        else:
            yield f"(r.\"values\"->>'{column.name}')::{_SQL_TYPES[column.type]} AS {column.name}"


def select_sql(where):
    names = " ".join(f"WHEN '{code}' THEN '{i.name_zh}'" for code, i in INDICATORS.items())
    return f"""
SELECT r.id, r.indicator, CASE r.indicator {names} END AS indicator_name,
       r.town_code, t.name AS town_name, r.county_code, c.name AS county_name, r.year,
       r.observed_on, r.status, {", ".join(_value_expressions())},
       r.numerator, r.denominator, r.computed_area_mu,
       (SELECT string_agg(f->>'code', ',') FROM json_array_elements(r.flags) AS f) AS flags,
       COALESCE(r.geometry, r.location) AS geom
FROM records r JOIN units t ON t.code = r.town_code JOIN units c ON c.code = r.county_code
WHERE r.status = 'approved' {where} ORDER BY r.id"""


def _run(args):
    start = time.perf_counter()
    subprocess.run(["ogr2ogr", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def geojson(pg, path):
    path.unlink(missing_ok=True)
    return _run(["-f", "GeoJSON", str(path), pg, "-sql", select_sql(""), "-nln", "records"])


def gpkg(pg, path):
    """Points and plots to layers of their own, as the service writes them."""
    path.unlink(missing_ok=True)
    seconds = _run(
        [
            "-f",
            "GPKG",
            str(path),
            pg,
            "-sql",
            select_sql("AND r.geometry IS NULL"),
            "-nln",
            "records_points",
            "-nlt",
            "POINT",
        ]
    )
    return seconds + _run(
        [
            "-update",
            str(path),
            pg,
            "-sql",
            select_sql("AND r.geometry IS NOT NULL"),
            "-nln",
            "records_plots",
            "-nlt",
            "MULTIPOLYGON",
        ]
    )
