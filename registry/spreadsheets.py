"""The files clerks exchange with Shafaf: reading CSV (UTF-8 or Windows-1256) and XLSX safely, and
writing exports that no spreadsheet will run as a formula.

Reading refuses, before any parsing: a file over settings.IMPORT_MAX_UPLOAD_BYTES, an XLSX whose
archive would unpack to more than IMPORT_MAX_UNPACKED_BYTES (a "zip bomb"), and XML parsing
without defusedxml. django-import-export's own formats read neither Windows-1256 nor guarded
archives, so reading is done here; its admin export uses the two formats at the end of the module.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

# Cells a spreadsheet would evaluate (or that hide a formula behind white space).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel writes this prefix to keep a cell as text; exports use it to neutralise formulas.
TEXT_PREFIX = "'"

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# An XLSX has a dozen members; thousands mean something else.
MAX_XLSX_MEMBERS = 1000
# Text compresses well, but a ratio beyond this is not a spreadsheet.
MAX_COMPRESSION_RATIO = 200
_CONTROL_CHARACTERS = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


class SpreadsheetError(Exception):
    """A file that cannot be read; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The header cells and the data rows of a file: (row number as a spreadsheet shows it, cells)."""

    headers: list
    rows: object  # an iterator, so that a large file is never all in memory as cells


def read(data, name="", limit=None):
    """The Table in `data` (bytes): XLSX when it is a zip archive, CSV otherwise; a file over
    `limit` bytes (default: settings.IMPORT_MAX_UPLOAD_BYTES) is refused."""
    limit = limit or settings.IMPORT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise SpreadsheetError(
            _("The file is larger than the limit of %(limit)s bytes.") % {"limit": f"{limit:,}"}
        )
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC) or name.lower().endswith(".xlsx"):
        return read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise SpreadsheetError(_("Old Excel files (.xls) are not read; save the file as .xlsx or as CSV."))
    return read_csv(data)


def decode(data):
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1256, else a clear refusal."""
    if data.startswith(UTF16_BOMS) or b"\x00" in data:
        raise SpreadsheetError(
            _("The file is saved as UTF-16 or is not a text file; save it as CSV UTF-8 or as XLSX.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Windows-1256 gives every byte a meaning, so only the result can tell text from noise.
    text = data.decode("cp1256")
    if any(character in _CONTROL_CHARACTERS for character in text):
        raise SpreadsheetError(
            _("The file is neither UTF-8 nor Windows-1256 text; save it as CSV UTF-8 or as XLSX.")
        )
    return text


def read_csv(data):
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    # Persian Excel separates with a semicolon in some locales; tab-separated text is common too.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise SpreadsheetError(_("The file is empty.")) from None
    except csv.Error as error:
        raise SpreadsheetError(_("The file is not a readable CSV file: %(error)s") % {"error": error}) from None
    return Table(headers=headers, rows=_csv_rows(reader))


def _csv_rows(reader):
    try:
        yield from enumerate(reader, start=2)
    except csv.Error as error:
        raise SpreadsheetError(_("The file is not a readable CSV file: %(error)s") % {"error": error}) from None


def check_archive(data):
    """Refuse an XLSX archive that would unpack to more than the limit, before any parsing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpreadsheetError(_("The file is not a readable XLSX file.")) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise SpreadsheetError(_("The XLSX file holds too many parts to be a spreadsheet."))
        # zipfile stops inflating a member at its declared size, so declared sizes bound the work.
        unpacked = sum(member.file_size for member in members)
        too_dense = any(
            member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1) for member in members
        )
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or too_dense:
            raise SpreadsheetError(
                _("The XLSX file would unpack to %(size)s bytes, more than a spreadsheet needs; it was not opened.")
                % {"size": f"{unpacked:,}"}
            )


def read_xlsx(data):
    """The first sheet of an XLSX file, streamed (openpyxl read-only, XML through defusedxml)."""
    check_archive(data)
    if not openpyxl.DEFUSEDXML:
        # openpyxl falls back to the standard XML parser silently; that parser is not for uploads.
        raise SpreadsheetError(_("XLSX files cannot be read safely on this server (defusedxml is missing)."))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = list(next(rows, None) or ())
    except SpreadsheetError:
        raise
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise SpreadsheetError(_("The file is not a readable XLSX file.")) from None
    if not headers:
        book.close()
        raise SpreadsheetError(_("The file is empty."))
    return Table(headers=headers, rows=_xlsx_rows(book, rows))


def _xlsx_rows(book, rows):
    try:
        for number, cells in enumerate(rows, start=2):
            yield number, list(cells)
    except Exception:
        raise SpreadsheetError(_("The file is not a readable XLSX file.")) from None
    finally:
        book.close()


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets Excel's text prefix; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_PREFIX + value
    return value


def unneutralise(value):
    """The inverse of `neutralise`, for text read back from an export."""
    if isinstance(value, str) and value.startswith(TEXT_PREFIX) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal, float)):
        return value
    return neutralise(str(value))


def write_csv(headers, rows):
    """UTF-8 with a BOM (so that Excel shows Persian), formula-safe cells."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(header) for header in headers])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def write_xlsx(headers, rows):
    """One right-to-left sheet, formula-safe cells, numbers as numbers."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.sheet_view.rightToLeft = True
    sheet.append([_cell(header) for header in headers])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class CSV(base_formats.CSV):
    """The admin's CSV export: UTF-8 with BOM, formula-safe."""

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset.headers, dataset)

    def is_binary(self):
        return True

    def can_import(self):
        return False


class XLSX(base_formats.XLSX):
    """The admin's XLSX export: right-to-left, formula-safe."""

    def export_data(self, dataset, **kwargs):
        return write_xlsx(dataset.headers, dataset)

    def can_import(self):
        return False


EXPORT_FORMATS = (CSV, XLSX)
