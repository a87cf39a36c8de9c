"""Importing counties' Excel/CSV ledgers (DESIGN.md section 9, "Importing ledgers")."""

from backend.services.imports.run import ImportReport, run_import  # noqa: F401
from backend.services.imports.template import build_template  # noqa: F401
