from backend.extensions import db


class SummaryRollup(db.Model):
    """The sums summaries need, per town, indicator, reporting year, month and status.

    counted_month is the month of counted_on as yyyymm (a plot counts in the month it was
    completed). Kept in the same transaction as every write to records
    (backend/services/rollup.py); `flask --app wsgi rollup rebuild` recomputes it."""

    __tablename__ = "summary_rollup"

    town_code = db.Column(db.String(9), primary_key=True)
    indicator = db.Column(db.String(40), primary_key=True)
    year = db.Column(db.Integer, primary_key=True)
    counted_month = db.Column(db.Integer, primary_key=True)
    status = db.Column(db.String(10), primary_key=True)
    county_code = db.Column(db.String(9), nullable=False)
    numerator = db.Column(db.Float, nullable=False)
    denominator = db.Column(db.Float, nullable=False)  # 0 for totals, which have none
    records = db.Column(db.Integer, nullable=False)
