"""CSV for spreadsheets and scripts: the columns, the geometry as WKT, lon/lat of the record."""

import csv
import datetime as dt
import io
from contextlib import closing

import shapely

from backend.exports.cells import spreadsheet_safe
from backend.exports.writers.base import Writer

# Excel only reads UTF-8 (and so Chinese names) correctly when the file starts with a BOM;
# GDAL and Python's utf-8-sig skip it.
BOM = "\ufeff"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return spreadsheet_safe(value)


class CsvWriter(Writer):
    name = "csv"
    label = "CSV"
    media_type = "text/csv"
    extension = "csv"
    streams_from_database = True

    def write(self, export):
        names = [column.name for column in export.columns]
        buffer = io.StringIO()
        out = csv.writer(buffer, lineterminator="\r\n")
        # "WKT" is the column GDAL's CSV driver reads as the geometry without options;
        # lon/lat are the WGS84 location whatever crs= is, the WKT is in crs=.
        out.writerow([*names, "WKT", "lon", "lat"])
        yield (BOM + buffer.getvalue()).encode()
        with closing(export.source.chunks()) as chunks:
            for chunk in chunks:
                buffer.seek(0)
                buffer.truncate()
                wkt = shapely.to_wkt(chunk.geometries, rounding_precision=-1)
                for row, geometry, lon, lat in zip(chunk.rows(names), wkt, chunk.lon, chunk.lat):
                    out.writerow([*map(_cell, row), geometry, lon, lat])
                yield buffer.getvalue().encode()
