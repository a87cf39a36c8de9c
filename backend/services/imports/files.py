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

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc …)
SNIFF_BYTES = 64 * 1024
CSV_DELIMITERS = ",;\t"


class LedgerFileError(Exception):
    """The file cannot be read as a ledger: status (413, 415 or 422), code and message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class LedgerFile:
    kind: str                   # "xlsx" or "csv"
    rows: object                # iterator of (row number as the spreadsheet shows it, cells)
    estimated_rows: int | None  # for a progress bar; None when the file does not say
    encoding: str | None = None


def open_ledger(stream, max_unzipped_bytes):
    """A LedgerFile of the seekable binary stream, or LedgerFileError."""
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head:
        raise LedgerFileError(422, "validation_failed", "The file is empty.")
    if head.startswith(OLE2_MAGIC):
        raise LedgerFileError(415, "unsupported_media_type",
                              "This is an old Excel .xls (or another Office binary) file: "
                              "save it as .xlsx (Excel workbook) or CSV and upload again.")
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
        raise LedgerFileError(422, "validation_failed", "The file is not a readable XLSX workbook (a damaged zip).")
    if unpacked > max_unzipped_bytes:
        raise LedgerFileError(413, "payload_too_large",
                              f"The workbook unpacks to {unpacked} bytes, more than the limit of "
                              f"{max_unzipped_bytes} (IMPORT_MAX_UNZIPPED_BYTES).")
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise LedgerFileError(415, "unsupported_media_type", "The zip file is not an XLSX workbook.")
    stream.seek(0)
    try:
        # data_only: a formula cell is read as the value Excel last computed (None if never)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        estimated = sheet.max_row
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError,
            IndexError, OSError, SyntaxError) as error:  # SyntaxError: XML parse errors
        raise LedgerFileError(422, "validation_failed", f"The file is not a readable XLSX workbook ({type(error).__name__}).")
    return LedgerFile("xlsx", _xlsx_rows(workbook, sheet), estimated)


def _xlsx_rows(workbook, sheet):
    number = 0
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, cells
    except (KeyError, ValueError, TypeError, IndexError, OSError, SyntaxError, zipfile.BadZipFile) as error:
        raise LedgerFileError(422, "validation_failed",
                              f"The workbook's first sheet cannot be read after row {number} "
                              f"({type(error).__name__}).")
    finally:
        workbook.close()


def _detect_encoding(head):
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LedgerFileError(415, "unsupported_media_type",
                              "The file is UTF-16 text: save the CSV as UTF-8 or GBK.")
    for encoding in ("utf-8", "gbk"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=len(head) < SNIFF_BYTES)
            return encoding
        except UnicodeDecodeError:
            continue
    raise LedgerFileError(415, "unsupported_media_type",
                          "The file is neither an XLSX workbook nor CSV text in UTF-8 or GBK.")


def _open_csv(stream, head):
    encoding = _detect_encoding(head)
    if b"\x00" in head:
        raise LedgerFileError(415, "unsupported_media_type",
                              "The file holds NUL bytes: it is not CSV text (UTF-16 or a binary file?).")
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
        raise LedgerFileError(422, "validation_failed",
                              f"The CSV text changes encoding after line {reader.line_num} "
                              f"(not valid {error.encoding}): save the whole file as UTF-8.")
    except csv.Error as error:
        raise LedgerFileError(422, "validation_failed", f"The CSV cannot be read at line {reader.line_num}: {error}.")


def count_lines(stream):
    """Lines of a CSV, counted in binary blocks (for the command line's progress bar)."""
    lines = 0
    while block := stream.read(1 << 20):
        lines += block.count(b"\n")
    stream.seek(0)
    return lines
