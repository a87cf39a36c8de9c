"""KML (OGC KML 2.2), written placemark by placemark as rows come from the database
cursor, in the form GDAL's KML driver writes and reads (a Schema of typed SimpleFields,
ExtendedData per Placemark): memory stays flat whatever the export's size."""

import datetime as dt
import re
from contextlib import closing
from xml.sax.saxutils import escape, quoteattr

from backend.exports.columns import INTEGER, REAL
from backend.exports.writers.base import Writer

KML_FIELD_TYPES = {INTEGER: "int", REAL: "float"}  # dates and text are strings in KML
# characters XML 1.0 cannot carry at all (a note may hold them): left out
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PLOT_STYLE = "<Style><LineStyle><color>ff0000ff</color></LineStyle><PolyStyle><fill>0</fill></PolyStyle></Style>"


def _coordinates(coords):
    return " ".join(f"{x!r},{y!r}" for x, y in coords)


def _polygon(polygon):
    rings = [
        f"<outerBoundaryIs><LinearRing><coordinates>{_coordinates(polygon.exterior.coords)}"
        "</coordinates></LinearRing></outerBoundaryIs>"
    ]
    rings += [
        f"<innerBoundaryIs><LinearRing><coordinates>{_coordinates(ring.coords)}"
        "</coordinates></LinearRing></innerBoundaryIs>"
        for ring in polygon.interiors
    ]
    return "<Polygon>" + "".join(rings) + "</Polygon>"


def kml_geometry(geometry):
    """A record's point or (multi)polygon as KML; a plot is always a MultiGeometry."""
    if geometry is None or geometry.is_empty:
        return ""
    if geometry.geom_type == "Point":
        return f"<Point><coordinates>{geometry.x!r},{geometry.y!r}</coordinates></Point>"
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    return "<MultiGeometry>" + "".join(_polygon(p) for p in polygons) + "</MultiGeometry>"


def _text(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return escape(NOT_XML.sub("", str(value)))


class KmlWriter(Writer):
    name = "kml"
    label = "KML"
    media_type = "application/vnd.google-earth.kml+xml"
    extension = "kml"
    wgs84_only = True
    streams_from_database = True

    @staticmethod
    def field_names(export):
        # KML readers take a field called `id` for the Placemark's own id attribute
        return ["record_id" if column.name == "id" else column.name for column in export.columns]

    def write(self, export):
        layer = escape(export.layer_prefix)
        names = [column.name for column in export.columns]
        labels = self.field_names(export)
        schema = "".join(
            f'\t<SimpleField name={quoteattr(label)} type="{KML_FIELD_TYPES.get(c.type, "string")}"></SimpleField>\n'
            for label, c in zip(labels, export.columns)
        )
        yield (
            f'<?xml version="1.0" encoding="utf-8" ?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n'
            f'<Document id="root_doc">\n<Schema name="{layer}" id="{layer}">\n{schema}</Schema>\n'
            f"<Folder><name>{layer}</name>\n"
        ).encode()
        with closing(export.source.chunks()) as chunks:
            for chunk in chunks:
                parts = []
                for record_id, geometry, row in zip(chunk.ids, chunk.geometries, chunk.rows(names)):
                    data = "".join(
                        f"\t\t<SimpleData name={quoteattr(label)}>{_text(value)}</SimpleData>\n"
                        for label, value in zip(labels, row)
                        if value is not None
                    )
                    style = PLOT_STYLE if geometry is not None and geometry.geom_type != "Point" else ""
                    parts.append(
                        f'  <Placemark id="{layer}.{record_id}">\n{style}'
                        f'\t<ExtendedData><SchemaData schemaUrl="#{layer}">\n{data}'
                        f"\t</SchemaData></ExtendedData>\n      {kml_geometry(geometry)}\n  </Placemark>\n"
                    )
                yield "".join(parts).encode()
        yield b"</Folder>\n</Document></kml>\n"
