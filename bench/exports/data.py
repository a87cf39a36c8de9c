"""100,000 approved records written straight into PostGIS with one INSERT … SELECT.

Going through the API would take most of the benchmark's time and measure ingest, not
exports. The values of each indicator are made from the registry (every required quantity
50, its denominator 100, so numerator ≤ denominator holds), the points fall inside Meizhou's
extent, and indicators measured on plots get a square plot of about 68 mu around the point.
"""

import json

from sqlalchemy import create_engine, text

from domain.indicators import INDICATORS

# Meizhou's extent, a little inside the county boundaries' bounding box
MIN_LON, MAX_LON, MIN_LAT, MAX_LAT = 115.45, 116.85, 23.5, 24.85
PLOT_HALF_SIDE_DEG = 0.001
PLOT_AREA_MU = 67.6


def sample_values(indicator):
    values = {}
    for spec in indicator.fields:
        if not spec.required:
            continue
        if spec.kind == "quantity":
            values[spec.name] = 100.0 if spec.name == indicator.denominator_field else 50.0
        elif spec.kind == "choice":
            values[spec.name] = spec.choices[0]
        elif spec.kind == "date":
            values[spec.name] = "2025-05-01"
        else:
            values[spec.name] = "水稻"
    return values


def _indicator_rows():
    rows = []
    for number, indicator in enumerate(INDICATORS.values()):
        values = sample_values(indicator)
        denominator = indicator.denominator(values) if indicator.denominator else None
        rows.append(
            {
                "n": number,
                "code": indicator.code,
                "vals": values,
                "num": indicator.numerator(values),
                "den": denominator,
                "plot": indicator.expects_plot,
            }
        )
    return rows


INSERT = """
WITH ind AS (
    SELECT * FROM json_to_recordset(CAST(:indicators AS json))
        AS x(n int, code text, vals json, num float8, den float8, plot boolean)
), towns AS (
    SELECT code, (row_number() OVER (ORDER BY code)) - 1 AS n FROM units WHERE level = 'town'
), series AS (
    SELECT g, ST_SetSRID(ST_MakePoint(:min_lon + random() * (:max_lon - :min_lon),
                                      :min_lat + random() * (:max_lat - :min_lat)), 4326) AS pt,
           DATE '2025-01-01' + (g % 300) AS day
    FROM generate_series(1, :count) AS g
)
INSERT INTO records (client_id, indicator, town_code, county_code, year, observed_on, counted_on,
                     status, location, lon, lat, geometry, crs, posted_location, accuracy_m,
                     "values", numerator, denominator, computed_area_mu, flags, content, revision,
                     created_at, created_by, updated_at, updated_by, reviewed_at, reviewed_by)
SELECT gen_random_uuid()::text, ind.code, towns.code, left(towns.code, 6), 2025, s.day, s.day,
       'approved', s.pt, ST_X(s.pt), ST_Y(s.pt),
       CASE WHEN ind.plot THEN ST_Multi(ST_Expand(s.pt, :half_side)) END,
       'EPSG:4326', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(s.pt), ST_Y(s.pt))),
       8, ind.vals, ind.num, ind.den, CASE WHEN ind.plot THEN :plot_mu END, '[]'::json, '{}'::json, 1,
       now(), 'bench', now(), 'bench', now(), 'bench'
FROM series s
JOIN ind ON ind.n = s.g % (SELECT count(*) FROM ind)
JOIN towns ON towns.n = s.g % (SELECT count(*) FROM towns)
"""


def generate(database_url, count):
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE records, revisions RESTART IDENTITY CASCADE"))
        connection.execute(
            text(INSERT),
            {
                "indicators": json.dumps(_indicator_rows(), ensure_ascii=False),
                "count": count,
                "min_lon": MIN_LON,
                "max_lon": MAX_LON,
                "min_lat": MIN_LAT,
                "max_lat": MAX_LAT,
                "half_side": PLOT_HALF_SIDE_DEG,
                "plot_mu": PLOT_AREA_MU,
            },
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE records"))
        counts = dict(connection.execute(text("SELECT indicator, count(*) FROM records GROUP BY indicator")).all())
    engine.dispose()
    return counts
