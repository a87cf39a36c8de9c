"""One import of a ledger file: rows read and parsed a chunk at a time and handed to the
same ingest as POST /records/batch (validation, placing, INSERT … ON CONFLICT DO NOTHING).

The whole import is one transaction: the caller commits it when `report.committed`, else
rolls it back. Rows are inserted as chunks are read, so memory stays flat however long the
file is, and an invalid row late in the file still leaves nothing behind (unless the
importer asked to skip invalid rows); a dry run always rolls back."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from backend.auth import scope
from backend.services import audit
from backend.services.imports.columns import CONTROL
from backend.services.imports.files import LedgerFileError, count_lines, open_ledger
from backend.services.imports.rows import Layout
from backend.services.imports.towns import TownDirectory
from backend.services.records import ingest, record_schema
from domain.errors import Forbidden, Invalid, TooLarge
from domain.messages import message

CHUNK_ROWS = 500
BAD_OUTCOMES = ("invalid", "forbidden", "conflict")


@dataclass
class ImportReport:
    filename: str
    dry_run: bool
    skip_invalid: bool
    approve: bool
    rows: list = field(default_factory=list)  # one dict per data row, in file order
    counts: Counter = field(default_factory=Counter)
    ignored_columns: list = field(default_factory=list)
    committed: bool = False

    @property
    def bad_rows(self):
        return sum(self.counts[o] for o in BAD_OUTCOMES)


def run_import(
    stream, filename, user, *, indicator=None, dry_run=False, skip_invalid=False, approve=False, progress=None
):
    """Import a ledger file; ImportReport, or a domain error for a file that cannot be imported.
    progress(done, total) is called after each chunk with the rows done so far and the rows
    the file holds (as its XLSX dimension says, or a CSV's lines: an estimate)."""
    scope.require_role(user, *scope.WRITERS)
    if approve and user.role not in scope.REVIEWERS:
        raise Forbidden("import_approve_forbidden")
    config = current_app.config
    # the name goes into each record's history: no control characters, no lone surrogates
    filename = CONTROL.sub("", filename).encode("utf-8", "replace").decode("utf-8")[:200] or "upload"
    try:
        ledger = open_ledger(stream, config["IMPORT_MAX_UNZIPPED_BYTES"])
        if progress is not None and ledger.estimated_rows is None:
            ledger.estimated_rows = count_lines(stream)
        report = ImportReport(filename, dry_run, skip_invalid, approve)
        _import_rows(
            ledger,
            report,
            user,
            indicator,
            config["IMPORT_MAX_ROWS"],
            progress and (lambda done: progress(done, ledger.estimated_rows)),
        )
    except LedgerFileError as error:
        raise error.as_domain_error() from None
    report.committed = not dry_run and (skip_invalid or report.bad_rows == 0) and report.counts["created"] > 0
    if report.committed:
        _audit(user, report)
    else:
        for row in report.rows:  # nothing of this run stays: say what would have happened
            if row["outcome"] == "created":
                row["outcome"] = "valid"
                row.pop("record_id", None)
        if "created" in report.counts:
            report.counts["valid"] = report.counts.pop("created")
    return report


def _audit(user, report):
    """The import in the audit log, in the import's own transaction: an import rolled back
    leaves no entry."""
    audit.record(
        user.username,
        "import",
        subject=report.filename,
        details={"counts": dict(report.counts), "approved": report.approve},
    )


def _header(rows):
    for number, cells in rows:
        if any(cell not in (None, "") for cell in cells):
            return number, cells
    raise LedgerFileError(Invalid, message("ledger_no_header"))


def _import_rows(ledger, report, user, indicator, max_rows, progress):
    rows = iter(ledger.rows)
    _, header = _header(rows)
    layout = Layout(header, indicator)
    report.ignored_columns = layout.ignored
    towns = TownDirectory(user)
    schema = record_schema(place_required=False)
    chunk: list[Any] = []
    first = True
    for number, cells in rows:
        if first and layout.is_code_row(cells):
            first = False
            continue
        first = False
        parsed = layout.parse(number, cells, towns)
        if parsed is None:
            continue
        if len(report.rows) + len(chunk) >= max_rows:
            raise LedgerFileError(TooLarge, message("ledger_too_many_rows", limit=max_rows))
        chunk.append(parsed)
        if len(chunk) == CHUNK_ROWS:
            _ingest_chunk(chunk, report, user, schema, layout, progress)
            chunk = []
    _ingest_chunk(chunk, report, user, schema, layout, progress)


def _ingest_chunk(chunk, report, user, schema, layout, progress):
    loaded = [parsed for parsed in chunk if parsed.item is not None]
    outcomes = iter(
        ingest(
            [p.item for p in loaded],
            user,
            schema=schema,
            approve=report.approve,
            action="imported",
            reason=f"ledger {report.filename}"[:500],
        )
    )
    for parsed in chunk:
        row = {"row": parsed.row}
        if parsed.item is None:
            row.update(outcome="invalid", errors=parsed.errors)
        else:
            outcome = next(outcomes)
            row.update(outcome=outcome.outcome, client_id=parsed.item["client_id"])
            if outcome.record is not None:
                row["record_id"] = outcome.record.id
            if outcome.errors:
                row["errors"] = {layout.header_of(path): messages for path, messages in outcome.errors.items()}
        report.counts[row["outcome"]] += 1
        report.rows.append(row)
    if progress is not None:
        progress(len(report.rows))
