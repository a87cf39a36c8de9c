"""GeoJSON, written feature by feature as rows come from the database cursor."""

import datetime as dt
import json
from contextlib import closing

import shapely

from backend.exports.export import WGS84
from backend.exports.writers.base import Writer


def _json_default(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def feature_strings(chunk, names):
    """The chunk's records as GeoJSON Feature texts, properties in column order.

    Geometries are serialised by GEOS in one vectorised call (full precision: a
    reprojected coordinate must survive to the centimetre); polygons get the RFC 7946
    orientation, exterior rings counter-clockwise."""
    geometries = shapely.to_geojson(shapely.orient_polygons(chunk.geometries, exterior_cw=False))
    for record_id, geometry, row, urls in zip(chunk.ids, geometries, chunk.rows(names), chunk.photo_urls):
        # the photos' URLs need the reader's own credentials; a list, as only GeoJSON can hold
        properties = json.dumps(
            {**dict(zip(names, row)), "photo_urls": urls},
            ensure_ascii=False,
            separators=(",", ":"),
            default=_json_default,
        )
        yield f'{{"type":"Feature","id":{record_id},"properties":{properties},"geometry":{geometry or "null"}}}'


def crs_member(epsg):
    """RFC 7946 GeoJSON is WGS84 and has no "crs". In any other CRS the file says which,
    the pre-RFC way that GDAL and QGIS read (with x/y in easting, northing order)."""
    if epsg == WGS84:
        return ""
    name = json.dumps(f"urn:ogc:def:crs:EPSG::{epsg}")
    return f'"crs":{{"type":"name","properties":{{"name":{name}}}}},'


class GeoJSONWriter(Writer):
    name = "geojson"
    label = "GeoJSON"
    media_type = "application/geo+json"
    extension = "geojson"
    streams_from_database = True

    def write(self, export):
        names = [column.name for column in export.columns]
        yield (
            f'{{"type":"FeatureCollection","name":{json.dumps(export.stem)},{crs_member(export.epsg)}"features":[\n'
        ).encode()
        separator = ""
        with closing(export.source.chunks()) as chunks:
            for chunk in chunks:
                text = ",\n".join(feature_strings(chunk, names))
                if text:
                    yield (separator + text).encode()
                    separator = ",\n"
        yield b"\n]}\n"
