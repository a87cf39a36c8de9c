"""Exports of field records for desktop GIS: the same filtered records in several formats.

columns.py    the typed attribute columns, derived from the indicator registry
rows.py       records read from the database cursor in chunks, as columns and geometries
export.py     one export: records, CRS, file name
writers/      the formats, one small class each, registered by name in writers.WRITERS
"""
