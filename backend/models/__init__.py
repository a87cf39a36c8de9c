"""Database models. Geometry columns are WGS84 (SRID 4326) on both SpatiaLite and PostGIS."""
from backend.models.units import Unit
from backend.models.users import LoginThrottle, Token, User
from backend.models.records import Record, Revision
from backend.models.targets import Target, TargetChange

__all__ = ["Unit", "User", "Token", "LoginThrottle", "Record", "Revision", "Target", "TargetChange"]
