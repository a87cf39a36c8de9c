"""The one bound on ids and page numbers: what a PostgreSQL `integer` holds (backend/ids.py
routes by it; schemas/common.py and backend/ogc/params.py bound page numbers by it)."""

MAX_ID = 2**31 - 1
