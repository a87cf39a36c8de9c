"""Records: what a phone posts, what a correction or review carries, what the API returns."""

import datetime as dt
import re
from functools import cache

from geoalchemy2.shape import to_shape
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load, validates_schema

import geo
from domain import clock
from domain.indicators import ACCURACY_MAX_M, EARLIEST_DAY, INDICATORS, NOTE_MAX_LENGTH, REASON_MAX_LENGTH, STATUSES
from domain.messages import message
from domain.units import COUNTY_CODE_PATTERN, TOWN_CODE_PATTERN, stored_code
from schemas import cursors
from schemas.attachments import AttachmentSchema
from schemas.common import YEAR, Length, OneOf, PageQuerySchema, Range, Regexp, refuse_nul
from schemas.geometry import GeoJSONPlot, GeoJSONPoint
from schemas.values import IndicatorValues, values_schema

TOWN_CODE = re.compile(TOWN_CODE_PATTERN)
EARLIEST = dt.date.fromisoformat(EARLIEST_DAY)
SORTS = ("id", "-id", "observed_on", "-observed_on", "updated_at", "-updated_at")


def _not_future(day):
    # "today" where the officer stands: a UTC server would refuse this morning's records
    if day > clock.today_in_china():
        raise ValidationError(message("date_in_future"))
    if day < EARLIEST:
        raise ValidationError(message("date_too_early", min=EARLIEST.isoformat()))


def _content(data):
    """The record as posted, normalised, in the JSON form it is stored and compared in
    (`content`): dates as ISO strings; the GeoJSON is already plain lists."""
    values = {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in data["values"].items()}
    return {
        "indicator": data["indicator"],
        "town_code": data["town_code"],
        "observed_on": data["observed_on"].isoformat(),
        "year": data["year"],
        "crs": data["crs"],
        "accuracy_m": data["accuracy_m"],
        "values": values,
        "note": data["note"],
        "location": data["posted_location"],
        "geometry": data["posted_geometry"],
    }


class RecordInSchema(Schema):
    """A field record as a phone posts it (DESIGN.md section 4)."""

    client_id = fields.UUID(required=True, metadata={"description": "UUID made on the phone; the idempotency key"})
    indicator = fields.String(
        required=True,
        validate=OneOf(INDICATORS),
        metadata={"description": "Indicator code, see GET /api/v1/indicators"},
    )
    town_code = fields.String(
        required=True,
        validate=Regexp(TOWN_CODE, "town_code"),
        metadata={"description": "9-digit town code (12-digit form accepted)"},
    )
    observed_on = fields.Date(
        required=True,
        validate=_not_future,
        metadata={"description": "Day of observation, not in the future, not before 2000"},
    )
    year = fields.Integer(
        load_default=None,
        allow_none=True,
        strict=True,
        validate=YEAR,
        metadata={"description": "Reporting year; defaults to the year of observed_on"},
    )
    crs = fields.String(
        load_default="EPSG:4326",
        validate=OneOf(geo.INPUT_CRS),
        metadata={"description": "CRS of location and geometry"},
    )
    location = GeoJSONPoint(required=True, metadata={"description": "GeoJSON Point, [lon, lat] in `crs`"})
    accuracy_m = fields.Float(
        load_default=None,
        allow_none=True,
        allow_nan=False,
        validate=Range(min=0, max=ACCURACY_MAX_M),
        metadata={"description": "GPS accuracy in metres"},
    )
    geometry = GeoJSONPlot(
        load_default=None,
        allow_none=True,
        metadata={"description": "Plot outline, GeoJSON Polygon/MultiPolygon in `crs`"},
    )
    values = IndicatorValues(required=True, metadata={"description": "Indicator values, see GET /api/v1/indicators"})
    note = fields.String(load_default=None, allow_none=True, validate=Length(max=NOTE_MAX_LENGTH))

    def __init__(self, *args, max_vertices=10_000, place_required=True, **kwargs):
        """place_required=False: a ledger row, which may say neither where it was observed
        nor its plot (the record then carries the flag no_location); a phone always can."""
        super().__init__(*args, **kwargs)
        self.fields["geometry"].max_vertices = max_vertices
        self.place_required = place_required
        if not place_required:
            self.fields["location"].required = False
            self.fields["location"].allow_none = True
            self.fields["location"].load_default = None

    @pre_load
    def no_nul(self, data, **kwargs):
        return refuse_nul(data)

    @validates_schema
    def check_plot(self, data, **kwargs):
        indicator = INDICATORS[data["indicator"]]
        if self.place_required and indicator.expects_plot and data.get("geometry") is None:
            raise ValidationError({"geometry": [message("plot_required", indicator=indicator.code)]})

    @post_load
    def normalise(self, data, **kwargs):
        data["client_id"] = str(data["client_id"])
        data["town_code"] = stored_code(data["town_code"])
        if data["year"] is None:
            data["year"] = data["observed_on"].year
        data["posted_location"] = geo.to_geojson(data["location"]) if data["location"] is not None else None
        data["posted_geometry"] = geo.to_geojson(data["geometry"]) if data["geometry"] is not None else None
        if data["location"] is not None:
            data["location"] = geo.to_wgs84(data["location"], data["crs"])
        if data["geometry"] is not None:
            data["geometry"] = geo.to_wgs84(data["geometry"], data["crs"])
        data["content"] = _content(data)
        return data


@cache
def record_in_schema_of(code):
    """RecordInSchema for one indicator, with that indicator's own values schema: what the
    OpenAPI document shows, one per registry entry, chosen by `indicator`. It loads like
    RecordInSchema, whose `values` field uses the same values schema."""
    indicator = INDICATORS[code]
    narrowed = {
        "indicator": fields.String(required=True, validate=OneOf([code]), metadata={"description": indicator.name_en}),
        "values": fields.Nested(
            type(values_schema(code)), required=True, metadata={"description": f"The values of {code}"}
        ),
    }
    if indicator.expects_plot:  # check_plot's rule
        narrowed["geometry"] = GeoJSONPlot(
            required=True, metadata={"description": "Plot outline, GeoJSON Polygon/MultiPolygon in `crs`"}
        )
    return type(f"{code.title().replace('_', '')}RecordInSchema", (RecordInSchema,), narrowed)


class ReviewInSchema(Schema):
    decision = fields.String(required=True, validate=OneOf(("approve", "reject")))
    reason = fields.String(load_default=None, allow_none=True, validate=Length(max=REASON_MAX_LENGTH))

    @validates_schema
    def reason_for_rejection(self, data, **kwargs):
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            raise ValidationError({"reason": [message("rejection_needs_reason")]})


BBOX_FIELD = fields.String(metadata={"description": "minLon,minLat,maxLon,maxLat (WGS84)"})


def read_bbox(data):
    """data["bbox"] as written ("minLon,minLat,maxLon,maxLat") → four numbers, checked."""
    if "bbox" in data:
        try:
            numbers = [float(p) for p in data["bbox"].split(",")]
        except ValueError:
            numbers = []
        if (
            len(numbers) != 4
            or not all(abs(n) <= 180 for n in numbers)
            or numbers[0] > numbers[2]
            or numbers[1] > numbers[3]
        ):
            raise ValidationError({"bbox": [message("bbox_format")]})
        data["bbox"] = numbers
    return data


class RecordQuerySchema(PageQuerySchema):
    class Meta:
        unknown = EXCLUDE

    indicator = fields.String(validate=OneOf(INDICATORS))
    town_code = fields.String(validate=Regexp(TOWN_CODE, "town_code"))
    county_code = fields.String(validate=Regexp(COUNTY_CODE_PATTERN, "county_code"))
    year = fields.Integer(validate=YEAR)
    status = fields.String(validate=OneOf(STATUSES))
    bbox = BBOX_FIELD
    sort = fields.String(
        validate=OneOf(SORTS),
        metadata={"description": "id (default), observed_on or updated_at; a leading - sorts newest first"},
    )
    cursor = fields.String(
        metadata={
            "description": "The next_cursor of a page (or the cursor of its next link): the page after it, in its sort"
        }
    )

    @post_load
    def read_cursor(self, data, **kwargs):
        """cursor → (sort, last value, last id); the sort is the cursor's."""
        if "cursor" in data:
            try:
                data["cursor"] = cursors.decode(data["cursor"], SORTS)
            except ValueError:
                raise ValidationError({"cursor": [message("cursor_invalid")]})
            if data.get("sort", data["cursor"][0]) != data["cursor"][0]:
                raise ValidationError({"cursor": [message("cursor_other_sort", sort=data["cursor"][0])]})
            data["sort"] = data["cursor"][0]
        data.setdefault("sort", "id")
        return data

    @post_load
    def parse_bbox(self, data, **kwargs):
        if "town_code" in data:
            data["town_code"] = stored_code(data["town_code"])
        return read_bbox(data)


class RecordOutSchema(Schema):
    id = fields.Integer()
    client_id = fields.String()
    indicator = fields.String()
    indicator_name = fields.Function(lambda r: INDICATORS[r.indicator].name_zh)
    town_code = fields.String()
    town_name = fields.Function(lambda r: r.town.name)
    county_code = fields.String()
    county_name = fields.Function(lambda r: r.county.name)
    year = fields.Integer()
    observed_on = fields.Date()
    status = fields.String(metadata={"description": "pending, approved or rejected"})
    # the point's own coordinates are kept as lon/lat columns: no WKB to decode per record
    location = fields.Function(
        lambda r: None if r.lon is None else {"type": "Point", "coordinates": [r.lon, r.lat]},
        metadata={
            "description": "GeoJSON Point, WGS84; null for a ledger row imported without coordinates (flag no_location)"
        },
    )
    geometry = fields.Function(
        lambda r: None if r.geometry is None else geo.to_geojson(to_shape(r.geometry)),
        metadata={"description": "GeoJSON MultiPolygon, WGS84"},
    )
    crs = fields.String(metadata={"description": "CRS the coordinates were posted in"})
    posted_location = fields.Raw()
    posted_geometry = fields.Raw()
    accuracy_m = fields.Float(allow_none=True)
    values = fields.Raw()
    note = fields.String(allow_none=True)
    numerator = fields.Float(allow_none=True)
    denominator = fields.Float(allow_none=True)
    computed_area_mu = fields.Float(allow_none=True)
    computed_area_ha = fields.Function(
        allow_none=True,
        serialize=lambda r: None if r.computed_area_mu is None else r.computed_area_mu / 15,  # 15 mu = 1 ha
        metadata={"type": "number", "description": "computed_area_mu in hectares"},
    )
    flags = fields.Raw(metadata={"description": "List of {code, ...details}"})
    # a record just created is a plain view without the relationship: no photos yet
    attachments = fields.Function(
        lambda r: AttachmentSchema(many=True).dump(getattr(r, "attachments", ())),
        metadata={
            "type": "array",
            "items": {"$ref": "#/components/schemas/Attachment"},
            "description": "The record's photos",
        },
    )
    revision = fields.Integer()
    created_at = fields.DateTime()
    created_by = fields.String()
    updated_at = fields.DateTime()
    updated_by = fields.String()
    reviewed_at = fields.DateTime(allow_none=True)
    reviewed_by = fields.String(allow_none=True)
    review_reason = fields.String(allow_none=True)


class BatchResultSchema(Schema):
    index = fields.Integer()
    client_id = fields.Raw()
    outcome = fields.String(metadata={"description": "created, replayed, conflict, invalid or forbidden"})
    status = fields.Integer(metadata={"description": "The HTTP status this item would have had alone"})
    record = fields.Nested(RecordOutSchema, allow_none=True)
    errors = fields.Raw(metadata={"description": "Field path → messages (in the language asked)"})
    invalid_params = fields.Raw(
        metadata={"description": "The errors as [{name, code, params, reason}], as in a validation problem"}
    )


class BatchOutSchema(Schema):
    results = fields.List(fields.Nested(BatchResultSchema))
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())


class RevisionSchema(Schema):
    revision = fields.Integer()
    at = fields.DateTime()
    by = fields.String()
    action = fields.String(metadata={"description": "created, imported, corrected, approved or rejected"})
    changes = fields.Raw(metadata={"description": "field → [old, new]"})
    reason = fields.String(allow_none=True)
