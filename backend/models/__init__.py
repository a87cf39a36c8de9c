"""Database models. Geometry columns are WGS84 (SRID 4326) on both SpatiaLite and PostGIS."""

from backend.models.attachments import Attachment, AttachmentBlob
from backend.models.audit import AuditEntry
from backend.models.jobs import ExportJob
from backend.models.plans import Plan
from backend.models.records import Record, Revision
from backend.models.rollup import SummaryRollup
from backend.models.targets import Target, TargetChange
from backend.models.units import Unit
from backend.models.users import LoginThrottle, Token, User

__all__ = [
    "Unit",
    "User",
    "Token",
    "LoginThrottle",
    "Record",
    "Revision",
    "Plan",
    "Target",
    "TargetChange",
    "SummaryRollup",
    "ExportJob",
    "Attachment",
    "AttachmentBlob",
    "AuditEntry",
]
