"""The output formats, by the name clients ask for with ?format=.

A new format is one Writer subclass (base.py says what it implements) added to WRITERS:
format=, the OpenAPI enum and the dashboard's download buttons are read from here."""

from backend.exports.writers.base import FileBody, Writer
from backend.exports.writers.csv_text import CsvWriter
from backend.exports.writers.gdal import GeoPackageWriter, ShapefileWriter
from backend.exports.writers.geojson import GeoJSONWriter, feature_strings
from backend.exports.writers.kml import KmlWriter

WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (
        GeoJSONWriter(),
        GeoPackageWriter(),
        ShapefileWriter(),
        KmlWriter(),
        CsvWriter(),
    )
}

__all__ = ["WRITERS", "FileBody", "Writer", "feature_strings"]
