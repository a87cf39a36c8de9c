"""The audit log: filters and entries."""

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validates_schema

from domain.clock import CHINA_TIME
from domain.messages import message
from schemas.common import PLAIN_TEXT, Length, PageQuerySchema, Regexp, page_schema


class AuditQuerySchema(PageQuerySchema):
    class Meta:
        unknown = EXCLUDE

    actor = fields.String(validate=[Length(min=1, max=64), PLAIN_TEXT], metadata={"description": "Username who acted"})
    action = fields.String(
        validate=Regexp(r"^[a-z_.]{1,40}\Z", "action (such as plan.saved)"),
        metadata={
            "description": "e.g. signin.failed, account.password_reset, plan.saved, target.set, "
            "boundary.uploaded, import, export, review"
        },
    )
    since = fields.DateTime(
        data_key="from", metadata={"description": "From this time on (ISO 8601; without a zone: China time)"}
    )
    until = fields.DateTime(
        data_key="to", metadata={"description": "Before this time (ISO 8601; without a zone: China time)"}
    )

    @validates_schema
    def ordered(self, data, **kwargs):
        if data.get("since") and data.get("until") and _aware(data["since"]) >= _aware(data["until"]):
            raise ValidationError(message("from_after_to"), "from")

    @post_load
    def zoned(self, data, **kwargs):
        for key in ("since", "until"):
            if data.get(key):
                data[key] = _aware(data[key])
        return data


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TIME)


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = fields.DateTime(metadata={"description": "When (UTC)"})
    actor = fields.String(metadata={"description": "Who: a username (for a failed sign-in, the name tried)"})
    action = fields.String()
    subject = fields.String(allow_none=True, metadata={"description": "What it was done to"})
    details = fields.Raw(allow_none=True, metadata={"description": "What else is worth knowing (JSON)"})


AuditPage = page_schema(AuditEntrySchema, "AuditPage")
