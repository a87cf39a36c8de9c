"""The OpenAPI document of /api/v1 says what the service really takes and answers.

- Every error is application/problem+json with the Problem schema (backend/errors.py).
- A record is one schema per indicator of the registry, chosen by `indicator` (oneOf with
  a discriminator): a new registry entry appears in the document by itself.
- Fields the marshmallow plugin cannot see into (GeoJSON, the values of any indicator)
  carry their JSON Schema in an `OPENAPI` class attribute.
- Bearer tokens secure every operation but those declared with PUBLIC or SIGN_OUT.
"""

import http

from apispec import BasePlugin
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from backend.errors import PROBLEM_MEDIA_TYPE
from domain.indicators import INDICATORS
from schemas.common import ProblemSchema
from schemas.records import RecordInSchema, record_in_schema_of

PUBLIC = []  # `security` of an operation open to anyone
SIGN_OUT = [{"bearer": []}, {}]  # a token is optional
RECORD_IN = {"$ref": "#/components/schemas/RecordIn"}
RECORD_PATCH = {"$ref": "#/components/schemas/RecordPatch"}
BATCH_IN = {"$ref": "#/components/schemas/BatchIn"}
BINARY = {"type": "string", "format": "binary"}  # a file or an image, as bytes


class ServiceApi(Api):
    """flask-smorest's Api whose shared error responses are problem documents."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error (RFC 9457 problem document)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


class ServicePlugin(BasePlugin):
    """Bearer security for the whole document; error answers of each operation documented
    with the media type they are sent with."""

    def init_spec(self, spec):
        spec.components.security_scheme(
            "bearer", {"type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/auth/tokens"}
        )
        spec.options["security"] = [{"bearer": []}]

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            for status, response in operation.get("responses", {}).items():
                is_error = str(status) == "default" or int(status) >= 400
                content = response.get("content", {}) if isinstance(response, dict) else {}
                if is_error and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")


def _custom_field(self, field, **kwargs):
    """The JSON Schema a custom field declares in its OPENAPI attribute."""
    return dict(getattr(field, "OPENAPI", {}))


def _record_schemas(api, batch_limit):
    converter = api.ma_plugin.converter
    mapping = {}
    for code in INDICATORS:
        name = f"{code.title().replace('_', '')}RecordIn"
        api.spec.components.schema(name, schema=record_in_schema_of(code))
        mapping[code] = f"#/components/schemas/{name}"
    api.spec.components.schema(
        "RecordIn",
        {
            "description": "A field record as a phone posts it; its `values` are those of its indicator.",
            "oneOf": [{"$ref": ref} for ref in mapping.values()],
            "discriminator": {"propertyName": "indicator", "mapping": mapping},
        },
    )

    # a merge patch (RFC 7396) of the record as posted: any field, null removes it
    patch = converter.schema2jsonschema(RecordInSchema)
    patch.pop("required", None)
    for prop in patch["properties"].values():
        prop["nullable"] = True
    patch["properties"]["values"] = {
        "type": "object",
        "nullable": True,
        "description": "A merge patch of the values; the result must be valid for the indicator",
    }
    patch["description"] = "A JSON merge patch of the record as posted; the result is validated whole."
    api.spec.components.schema("RecordPatch", patch)

    api.spec.components.schema(
        "BatchIn",
        {
            "type": "object",
            "required": ["records"],
            "properties": {
                "records": {
                    "type": "array",
                    "maxItems": batch_limit,
                    "items": RECORD_IN,
                    "description": f"Up to {batch_limit} records, each as for POST /records; an invalid "
                    "item gets the outcome invalid, the others are stored",
                }
            },
        },
    )


def init_api(api, app):
    """Bind the API to the app with the parts of the document this module adds; before
    the blueprints are registered, so their fields are described with them."""
    api.init_app(app, spec_kwargs={"extra_plugins": [ServicePlugin()]})
    api.ma_plugin.converter.add_attribute_function(_custom_field)
    _record_schemas(api, app.config["BATCH_MAX_RECORDS"])
