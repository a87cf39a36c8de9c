"""Database models. Geometry columns are WGS84 (SRID 4326) on both SpatiaLite and PostGIS."""
from backend.models.units import Unit
from backend.models.users import LoginFailure, Token, User
from backend.models.records import Record, Revision
from backend.models.plans import Plan
from backend.models.targets import Target, TargetChange
from backend.models.audit import AuditEntry

__all__ = ["Unit", "User", "Token", "LoginFailure", "Record", "Revision", "Plan", "Target", "TargetChange", "AuditEntry"]
