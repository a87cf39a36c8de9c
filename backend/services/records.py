"""Taking records in: validate, normalise, place, store once; correct; review.

One call handles a single POST and a batch alike, so both answer the same way. Idempotency
rests on the unique client_id: rows go in with INSERT … ON CONFLICT DO NOTHING, and a row
that did not go in was already there (perhaps from a concurrent retry) and is compared.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import current_app
from marshmallow import ValidationError
from sqlalchemy.orm import undefer

import geo
from backend.auth import scope
from backend.bulk import insert_rows
from backend.extensions import db
from backend.models import Record, Revision, Unit
from backend.models.timestamps import utcnow
from backend.services import evidence, rollup
from backend.services.geography import as_multipolygon, db_geometry, place_flags, plot_flags
from domain.errors import Forbidden, field_errors
from domain.indicators import INDICATORS
from domain.messages import message
from domain.units import county_of
from schemas.records import RecordInSchema

STATUS_OF = {"created": 201, "replayed": 200, "conflict": 409, "invalid": 422, "forbidden": 403}


@dataclass
class Outcome:
    index: int
    client_id: object
    outcome: str = "invalid"
    errors: dict | None = None
    invalid_params: list | None = None  # errors as codes, params and reasons (set by the view)
    record: Record | SimpleNamespace | None = None  # stored record, or a view of one just made
    data: dict | None = field(default=None, repr=False)  # the loaded record, while pending

    @property
    def status(self):
        return STATUS_OF[self.outcome]


def record_schema(place_required=True):
    return RecordInSchema(max_vertices=current_app.config["PLOT_MAX_VERTICES"], place_required=place_required)


def changed_fields(old, new, prefix=""):
    """{path: [old, new]} for every field that differs; values are compared field by field."""
    changes = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if key == "values" and isinstance(a, dict) and isinstance(b, dict):
            changes.update(changed_fields(a, b, "values."))
        elif a != b:
            changes[f"{prefix}{key}"] = [a, b]
    return changes


def _units(town_codes):
    """The towns among town_codes (with their boundaries, which the location check needs)
    and the counties they lie in (without theirs, which it does not)."""
    towns = db.session.execute(
        db.select(Unit).options(undefer(Unit.boundary)).where(Unit.code.in_(town_codes), Unit.level == "town")
    ).scalars()
    counties = db.session.execute(
        db.select(Unit).where(Unit.code.in_({county_of(code) for code in town_codes}), Unit.level == "county")
    ).scalars()
    return {u.code: u for u in towns}, {u.code: u for u in counties}


# every column of a record; those a new row leaves out (review fields) are empty
_UNSET_COLUMNS = dict.fromkeys(Record.__table__.columns.keys())


def _as_stored(row, record_id, towns, counties):
    """The record just inserted, as the answer shows it: built from its row (the values the
    database now holds) instead of reading the batch back. A plain read-only view, not an
    ORM object: building 500 of those costs more than the insert of the whole batch."""
    return SimpleNamespace(
        **_UNSET_COLUMNS | row | {"id": record_id}, town=towns[row["town_code"]], county=counties[row["county_code"]]
    )


def prepare_row(outcome, user, town, reported_plots, exclude_id=None):
    """Scope, place and plot checks of one loaded record; fills outcome or returns a row."""
    data = outcome.data
    if town is None:
        outcome.errors = {"town_code": [message("not_a_town_of_meizhou", town=data["town_code"])]}
        return None
    try:
        scope.require_write(user, data["town_code"])
    except Forbidden as error:
        outcome.outcome, outcome.errors = "forbidden", {"town_code": [error.message]}
        return None
    plot = data["geometry"]
    try:
        flags = place_flags(data["location"], plot, town)
    except geo.GeometryError as error:
        outcome.errors = {error.path: [message(error.code, **error.params)]}
        return None
    indicator = INDICATORS[data["indicator"]]
    values = data["values"]
    computed_mu = None
    if plot is not None:
        computed_mu, more = plot_flags(plot, values.get("area_mu"), reported_plots, exclude_id)
        flags += more
        reported_plots.append((data["client_id"], plot))
    point = data["location"]
    counted_on = values.get(indicator.counted_on) or data["observed_on"]
    # a stored record (a correction) keeps its photos; a new one has none yet
    flags += evidence.flags_for(indicator.code, point, plot, counted_on, evidence.photos_of(exclude_id))
    return {
        "client_id": data["client_id"],
        "indicator": indicator.code,
        "town_code": town.code,
        "county_code": county_of(town.code),
        "year": data["year"],
        "observed_on": data["observed_on"],
        "counted_on": counted_on,
        "location": db_geometry(point),
        "lon": None if point is None else point.x,
        "lat": None if point is None else point.y,
        "geometry": None if plot is None else db_geometry(as_multipolygon(plot)),
        "crs": data["crs"],
        "posted_location": data["posted_location"],
        "posted_geometry": data["posted_geometry"],
        "accuracy_m": data["accuracy_m"],
        "values": data["content"]["values"],
        "note": data["note"],
        "numerator": indicator.numerator(values),
        "denominator": indicator.denominator(values) if indicator.denominator else None,
        "computed_area_mu": computed_mu,
        "flags": flags,
        "content": data["content"],
    }


def _insert_new(rows):
    """Insert rows, skipping client_ids that exist; {client_id: new id} of those inserted."""
    inserted = insert_rows(Record.__table__, rows, skip_conflicts_on="client_id", returning=("id", "client_id"))
    return {client_id: id_ for id_, client_id in inserted}


def _existing(client_ids):
    if not client_ids:
        return {}
    # content is deferred; a stored client_id is compared by it, so it comes in the same query
    rows = db.session.execute(
        db.select(Record).options(undefer(Record.content)).where(Record.client_id.in_(client_ids))
    ).scalars()
    return {record.client_id: record for record in rows}


def _settle_existing(outcome, record, user):
    """A posted client_id that is stored already: a replay, or a conflict; neither shows
    a record outside the poster's scope (a client_id is not a key to read by)."""
    if not scope.can_write(user, record.town_code):
        outcome.outcome = "forbidden"
        outcome.errors = {"client_id": [message("client_id_out_of_scope")]}
        return
    diff = changed_fields(record.content, outcome.data["content"])
    outcome.record = record
    if diff:
        outcome.outcome = "conflict"
        outcome.errors = {path: {"stored": stored, "posted": posted} for path, (stored, posted) in diff.items()}
    else:
        outcome.outcome = "replayed"


def ingest(items, user, *, schema=None, approve=False, action="created", reason=None):
    """Take a list of posted records; return one Outcome per item, in order.

    A ledger import passes its own schema (rows may lack a place), `approve` (a reviewer's
    import goes in approved), the history action "imported" and the file as the reason."""
    outcomes = _load(items, schema or record_schema())
    loaded = [o for o in outcomes if o.data is not None]
    existing = _existing({o.data["client_id"] for o in loaded})
    # only new records are placed: a replayed batch needs no towns, nor their boundaries
    towns, counties = _units({o.data["town_code"] for o in loaded if o.data["client_id"] not in existing})
    rows, reported_plots, pending, producer = [], [], [], {}
    for outcome in loaded:
        client_id = outcome.data["client_id"]
        if client_id in existing:
            _settle_existing(outcome, existing[client_id], user)
            continue
        if client_id in producer:  # a second copy within this batch: compared once stored
            pending.append(outcome)
            continue
        row = prepare_row(outcome, user, towns.get(outcome.data["town_code"]), reported_plots)
        if row is not None:
            rows.append(_stamped(row, user, approve))
            pending.append(outcome)
            producer[client_id] = outcome

    inserted = _insert_new(rows)
    _link_batch_overlaps(rows, inserted)
    _insert_first_revisions(rows, inserted, user, action, reason)
    created = {client_id: producer[client_id] for client_id in inserted}
    _settle_pending(pending, created, rows, inserted, user, towns, counties)
    # last: its UPSERT locks the rollup's cells until the commit, which concurrent batches
    # of the same towns and months wait for
    rollup.add([row for row in rows if row["client_id"] in inserted])
    for outcome in outcomes:
        outcome.data = None
    return outcomes


def _load(items, schema):
    """One Outcome per item, with its data when the schema accepts it, else its errors."""
    outcomes = []
    for index, item in enumerate(items):
        outcome = Outcome(index, item.get("client_id") if isinstance(item, dict) else None)
        try:
            outcome.data = schema.load(item if isinstance(item, dict) else {"_": item})
        except ValidationError as error:
            outcome.errors = field_errors(error.messages)
        outcomes.append(outcome)
    return outcomes


def _stamped(row, user, approve):
    """A new record's row with its status, first revision and who made it when."""
    now = utcnow()
    row.update(
        status="approved" if approve else "pending",
        revision=1,
        created_at=now,
        created_by=user.username,
        updated_at=now,
        updated_by=user.username,
    )
    if approve:
        row.update(reviewed_at=now, reviewed_by=user.username)
    return row


def _insert_first_revisions(rows, inserted, user, action, reason):
    insert_rows(
        Revision.__table__,
        [
            {
                "record_id": inserted[row["client_id"]],
                "revision": 1,
                "at": row["created_at"],
                "by": user.username,
                "action": action,
                "reason": reason,
                "changes": _first_changes(row),
            }
            for row in rows
            if row["client_id"] in inserted
        ],
    )


def _settle_pending(pending, created, rows, inserted, user, towns, counties):
    """The outcome of each record that went to the insert: created by this request (the
    one copy that produced its row), or a replay or conflict of one stored meanwhile."""
    stored = _existing({o.data["client_id"] for o in pending if created.get(o.data["client_id"]) is not o})
    rows_by_client_id = {row["client_id"]: row for row in rows}
    for outcome in pending:
        client_id = outcome.data["client_id"]
        if created.get(client_id) is outcome:
            outcome.outcome = "created"
            outcome.record = _as_stored(rows_by_client_id[client_id], inserted[client_id], towns, counties)
        else:  # stored meanwhile by a concurrent retry, or earlier in this batch
            _settle_existing(outcome, stored[client_id], user)


def _first_changes(row):
    """The history of a new record: every field it was posted with; its status when it went
    in approved (an import by a reviewer), as that skipped the review."""
    changes = {k: [None, v] for k, v in row["content"].items() if v is not None}
    if row["status"] != "pending":
        changes["status"] = [None, row["status"]]
    return changes


def _link_batch_overlaps(rows, inserted):
    """Overlaps with plots of the same batch were found before those had ids: fill them in,
    in the row (which the answer is built from) and in the database alike."""
    for row in rows:
        overlap = next((f for f in row["flags"] if f["code"] == "overlap"), None)
        if overlap and row["client_id"] in inserted and any(isinstance(i, str) for i in overlap["record_ids"]):
            overlap["record_ids"] = [inserted.get(i, i) if isinstance(i, str) else i for i in overlap["record_ids"]]
            db.session.execute(
                db.update(Record).where(Record.id == inserted[row["client_id"]]).values(flags=row["flags"])
            )
