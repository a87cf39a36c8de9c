"""GeoPackage and zipped Shapefile, written by GDAL (through pyogrio) into a
temporary directory, then streamed out of it.

GeoPackage and Shapefile layers hold one geometry type, so points and plots go to layers
of their own (`<indicator>_points`, `<indicator>_plots`), and records are appended a chunk
at a time, keeping memory flat. (KML streams without GDAL: writers/kml.py.)
"""

import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely

from backend.exports.columns import DATE, INTEGER, REAL, STRING
from backend.exports.export import PLOTS, POINTS
from backend.exports.shapefile_names import shapefile_names
from backend.exports.writers.base import Writer, build_in_temporary_directory

GEOMETRY_TYPES = {POINTS: "Point", PLOTS: "MultiPolygon"}
NUMPY_TYPES = {INTEGER: np.int64, REAL: np.float64, DATE: "datetime64[D]", STRING: object}


def field_arrays(columns, chunk, numpy_types=NUMPY_TYPES):
    """One typed numpy array per column (None becomes NaN/NaT, which GDAL writes as null)."""
    if chunk is None:
        return [np.array([], dtype=numpy_types[column.type]) for column in columns]
    return [np.array(chunk.columns[column.name], dtype=numpy_types[column.type]) for column in columns]


def geometry_wkb(chunk):
    return np.array([], dtype=object) if chunk is None else shapely.to_wkb(chunk.geometries)


class GdalWriter(Writer):
    driver: str
    chunk_size = 20_000

    def write(self, export):
        return build_in_temporary_directory(lambda workdir: self.build(export, Path(workdir)))

    def build(self, export, workdir):
        """Write the file(s) into workdir; return the path of the file to send."""
        raise NotImplementedError

    def field_names(self, export):
        return [column.name for column in export.columns]


class LayerPerKindWriter(GdalWriter):
    """Formats with one geometry type per layer: points and plots apart, chunk by chunk."""

    def layer_path(self, export, workdir, kind):
        raise NotImplementedError

    def write_options(self, export):
        return {}

    def write_layer(self, export, workdir, kind, wkb, arrays, append):
        pyogrio.raw.write(
            str(self.layer_path(export, workdir, kind)),
            wkb,
            arrays,
            self.field_names(export),
            layer=export.layer(kind),
            driver=self.driver,
            geometry_type=GEOMETRY_TYPES[kind],
            crs=f"EPSG:{export.epsg}",
            append=append,
            **self.write_options(export),
        )

    def write_layers(self, export, workdir):
        """Write every record; return the kinds of layer written.

        pyogrio lets go of the GIL while GDAL writes, so GDAL writes one chunk in a thread
        while the next is read from the database: one chunk in flight, memory still bounded."""
        written = []

        def write_parts(parts):
            for kind, wkb, arrays in parts:
                self.write_layer(export, workdir, kind, wkb, arrays, append=kind in written)
                if kind not in written:
                    written.append(kind)

        chunks = export.source.chunks(self.chunk_size)
        with ThreadPoolExecutor(max_workers=1) as gdal, closing(chunks):
            in_flight = None
            for chunk in chunks:
                parts = split_by_kind(chunk, field_arrays(export.columns, chunk), geometry_wkb(chunk))
                if in_flight is not None:
                    in_flight.result()
                in_flight = gdal.submit(write_parts, parts)
            if in_flight is not None:
                in_flight.result()
        if not written:  # an export that matched nothing is still a file that opens
            write_parts([(export.empty_kind, geometry_wkb(None), field_arrays(export.columns, None))])
        return written


def split_by_kind(chunk, arrays, wkb):
    """[(kind, wkb, arrays)] of the chunk's points and plots, split with numpy masks.
    A record without a place (an imported ledger row) goes with the points, geometry empty."""
    type_ids = shapely.get_type_id(chunk.geometries)
    points = (type_ids == shapely.GeometryType.POINT) | (type_ids == shapely.GeometryType.MISSING)
    parts = []
    for kind, mask in ((POINTS, points), (PLOTS, ~points)):
        if mask.all():
            parts.append((kind, wkb, arrays))
        elif mask.any():
            parts.append((kind, wkb[mask], [array[mask] for array in arrays]))
    return parts


class GeoPackageWriter(LayerPerKindWriter):
    name = "gpkg"
    label = "GeoPackage"
    media_type = "application/geopackage+sqlite3"
    extension = "gpkg"
    driver = "GPKG"

    def write_options(self, export):
        # GeoPackage 1.2: what the GDAL 3.x and ArcGIS 10.x on county desktops read without
        # warnings (GDAL now writes 1.4 by default)
        return {"dataset_options": {"VERSION": "1.2"}}

    def layer_path(self, export, workdir, kind):
        return workdir / f"{export.stem}.gpkg"

    def build(self, export, workdir):
        self.write_layers(export, workdir)
        return workdir / f"{export.stem}.gpkg"


# The .cpg of each encoding a client may ask for. GBK is written as its Windows code page
# number, 936, the form ArcGIS reads (GDAL and QGIS read it as CP936 too).
SHAPEFILE_CODE_PAGES = {"utf-8": "UTF-8", "gbk": "936"}


class ShapefileWriter(LayerPerKindWriter):
    name = "shp"
    label = "Shapefile"
    media_type = "application/zip"
    extension = "zip"
    driver = "ESRI Shapefile"
    encodings = tuple(SHAPEFILE_CODE_PAGES)

    def field_names(self, export):
        names = shapefile_names()
        return [names[column.name] for column in export.columns]

    def layer_path(self, export, workdir, kind):
        return workdir / "layers" / f"{export.layer(kind)}.shp"

    def write_options(self, export):
        return {"encoding": SHAPEFILE_CODE_PAGES[export.encoding]}

    def build(self, export, workdir):
        (workdir / "layers").mkdir()
        layers = self.write_layers(export, workdir)
        archive = workdir / f"{export.stem}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
            for path in sorted((workdir / "layers").iterdir()):
                out.write(path, path.name)
            out.writestr("README.txt", self.readme(export, layers))
        return archive

    def readme(self, export, layers):
        lines = [
            f"{export.stem}",
            "",
            "Meizhou agricultural field records, one Shapefile per geometry type:",
            *(f"  {export.layer(kind)}.shp  ({GEOMETRY_TYPES[kind]})" for kind in layers),
            f"Coordinates: EPSG:{export.epsg} (see the .prj).",
            f"Attribute encoding: {export.encoding.upper()} (see the .cpg).",
            "",
            "dBase field names are at most 10 characters; the full names:",
            *(f"  {shapefile_names()[c.name]:<10}  {c.name:<24}  {c.description}" for c in export.columns),
            "",
        ]
        return "\r\n".join(lines)  # for Notepad on the desktops that read these files
