"""marshmallow schemas: validate what comes in, shape what goes out. No database access."""
