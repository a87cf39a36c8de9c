"""Reading a ledger file row by row: XLSX (openpyxl, read-only, streamed) or CSV (UTF-8
with or without BOM, or GBK, detected). No database here: rows of raw cell values out.

Whatever a file holds, reading it ends in rows or in a LedgerFileError that says what is
wrong with the file; a hostile workbook (a zip bomb, an old .xls, random bytes) is refused
before openpyxl parses it."""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from domain.errors import DomainError, Invalid, TooLarge, UnsupportedMedia
from domain.messages import Message, message

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc …)
SNIFF_BYTES = 64 * 1024
CSV_DELIMITERS = ",;\t"


class LedgerFileError(Exception):
    """The file cannot be read as a ledger: the kind of domain error (TooLarge,
    UnsupportedMedia or Invalid) and the message saying why."""

    def __init__(self, kind: type[DomainError], message: Message):
        super().__init__(message)
        self.kind, self.message = kind, message

    def as_domain_error(self) -> DomainError:
        # a file that is wrong in what it holds names the field it came in
        errors = {"file": [self.message]} if issubclass(self.kind, Invalid) else None
        return self.kind.of(self.message, errors=errors)


@dataclass
class LedgerFile:
    kind: str  # "xlsx" or "csv"
    rows: object  # iterator of (row number as the spreadsheet shows it, cells)
    estimated_rows: int | None  # for a progress bar; None when the file does not say
    encoding: str | None = None


def open_ledger(stream, max_unzipped_bytes):
    """A LedgerFile of the seekable binary stream, or LedgerFileError."""
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head:
        raise LedgerFileError(Invalid, message("ledger_empty"))
    if head.startswith(OLE2_MAGIC):
        raise LedgerFileError(UnsupportedMedia, message("ledger_old_xls"))
    if head.startswith(ZIP_MAGIC):
        return _open_xlsx(stream, max_unzipped_bytes)
    return _open_csv(stream, head)


def _open_xlsx(stream, max_unzipped_bytes):
    try:
        with zipfile.ZipFile(stream) as archive:
            # what the archive says it unpacks to: a few KB of zip can claim gigabytes
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise LedgerFileError(Invalid, message("ledger_bad_zip"))
    if unpacked > max_unzipped_bytes:
        raise LedgerFileError(
            TooLarge, message("ledger_unpacks_too_large", unpacked=unpacked, limit=max_unzipped_bytes)
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise LedgerFileError(UnsupportedMedia, message("ledger_not_a_workbook"))
    stream.seek(0)
    try:
        # data_only: a formula cell is read as the value Excel last computed (None if never)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        estimated = sheet.max_row
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        OSError,
        SyntaxError,
    ) as error:  # SyntaxError: XML parse errors
        raise LedgerFileError(Invalid, message("ledger_unreadable_workbook", what=type(error).__name__))
    return LedgerFile("xlsx", _xlsx_rows(workbook, sheet), estimated)


def _xlsx_rows(workbook, sheet):
    number = 0
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, cells
    except (KeyError, ValueError, TypeError, IndexError, OSError, SyntaxError, zipfile.BadZipFile) as error:
        raise LedgerFileError(Invalid, message("ledger_unreadable_sheet", row=number, what=type(error).__name__))
    finally:
        workbook.close()


def _detect_encoding(head):
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LedgerFileError(UnsupportedMedia, message("ledger_utf16"))
    for encoding in ("utf-8", "gbk"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=len(head) < SNIFF_BYTES)
            return encoding
        except UnicodeDecodeError:
            continue
    raise LedgerFileError(UnsupportedMedia, message("ledger_not_text"))


def _open_csv(stream, head):
    encoding = _detect_encoding(head)
    if b"\x00" in head:
        raise LedgerFileError(UnsupportedMedia, message("ledger_nul_bytes"))
    sample = head.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    return LedgerFile("csv", _csv_rows(text, dialect), None, encoding.replace("-sig", ""))


def _csv_rows(text, dialect):
    reader = csv.reader(text, dialect)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except UnicodeDecodeError as error:
        raise LedgerFileError(
            Invalid, message("ledger_encoding_changes", line=reader.line_num, encoding=error.encoding)
        )
    except csv.Error as error:
        raise LedgerFileError(Invalid, message("ledger_csv_error", line=reader.line_num, error=str(error)[:200]))


def count_lines(stream):
    """Lines of a CSV, counted in binary blocks (for the command line's progress bar)."""
    lines = 0
    while block := stream.read(1 << 20):
        lines += block.count(b"\n")
    stream.seek(0)
    return lines
