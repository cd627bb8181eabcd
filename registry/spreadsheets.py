"""The files clerks exchange with Shafaf: reading CSV (UTF-8 or Windows-1256, `,`, `;` or tab),
XLSX, ODS and XLS safely, and writing exports that no spreadsheet will run as a formula.

Reading refuses, before any parsing: a file over settings.IMPORT_MAX_UPLOAD_BYTES, an XLSX or ODS
whose archive would unpack to more than IMPORT_MAX_UNPACKED_BYTES (a "zip bomb"), and XML parsing
without defusedxml. django-import-export's own formats read neither Windows-1256 nor guarded
archives, so reading is done here; its admin export uses the two formats at the end of the module.

Three readers, each the well-kept one for its format: openpyxl for XLSX (streamed, XML through
defusedxml), python-calamine for ODS (Rust, its XML parser resolves no entities) and xlrd for
the old binary XLS. calamine reads XLSX and XLS too, but gives a date cell before 1900 as the
time 00:00, and such cells are exactly what a spreadsheet makes of a Jalali date: openpyxl and
xlrd give them whole.

A date cell whose year is below 1700 is read as the date the program that wrote it shows
(ShownDate), for the importer to take as Jalali: LibreOffice, the only spreadsheet that keeps such
dates (Excel has none before 1900), shows days before 15 October 1582 in the Julian calendar while
its files count them in the proleptic Gregorian one that Python reads.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import openpyxl
import python_calamine
import xlrd
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

from registry.formatting import file_size

# Cells a spreadsheet would evaluate (or that hide a formula behind white space).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel writes this prefix to keep a cell as text; exports use it to neutralise formulas.
TEXT_PREFIX = "'"

ZIP_MAGIC = b"PK\x03\x04"  # XLSX and ODS are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# An XLSX or ODS has a dozen members; thousands mean something else.
MAX_ARCHIVE_MEMBERS = 1000
# Text compresses well, but a ratio beyond this is not a spreadsheet.
MAX_COMPRESSION_RATIO = 200
_CONTROL_CHARACTERS = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}
# Below this year a date cell is a Jalali date a spreadsheet took for a Gregorian one.
SHOWN_DATE_YEARS = 1700
# LibreOffice's first Gregorian day; before it, it shows the Julian calendar.
GREGORIAN_REFORM = datetime.date(1582, 10, 15)
# Day 0 of the serial numbers of XLS dates (LibreOffice's and Excel's since 1 March 1900).
SERIAL_EPOCHS = (datetime.datetime(1899, 12, 30), datetime.datetime(1904, 1, 1))


class SpreadsheetError(Exception):
    """A file that cannot be read; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ShownDate(NamedTuple):
    """A date cell before the year 1700, as the spreadsheet showed it: not a real day (the
    importer reads it as a Jalali date), and not always a possible Gregorian one (a Julian 29
    February of 1400)."""

    year: int
    month: int
    day: int

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def shown_date(value, libreoffice):
    """A date cell's value as read, or a ShownDate when its year is below 1700 (in the Julian
    calendar before 1582 when `libreoffice` wrote the file)."""
    if not isinstance(value, datetime.date) or value.year >= SHOWN_DATE_YEARS:
        return value
    day = value.date() if isinstance(value, datetime.datetime) else value
    if libreoffice and day < GREGORIAN_REFORM:
        return ShownDate(*_julian(day.toordinal() + 1721425))
    return ShownDate(day.year, day.month, day.day)


def _julian(day_number):
    """(year, month, day) in the Julian calendar of a Julian day number (Richards' algorithm)."""
    c = day_number + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


@dataclass
class Table:
    """The header cells and the data rows of a file: (row number as a spreadsheet shows it, cells)."""

    headers: list
    rows: object  # an iterator, so that a large file is never all in memory as cells


def read(data, name="", limit=None):
    """The Table in `data` (bytes): XLSX or ODS when it is a zip archive, XLS when it is an OLE
    file, CSV otherwise; a file over `limit` bytes (default: settings.IMPORT_MAX_UPLOAD_BYTES) is
    refused."""
    limit = limit or settings.IMPORT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise SpreadsheetError(_("The file is larger than the limit of %(limit)s.") % {"limit": file_size(limit)})
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    extension = name.lower().rpartition(".")[2]
    if data.startswith(ZIP_MAGIC) or extension in ("xlsx", "ods"):
        archive = check_archive(data, "ODS" if extension == "ods" else "XLSX")
        return read_ods(data, archive) if archive.ods else read_xlsx(data, archive)
    if data.startswith(OLE_MAGIC) or extension == "xls":
        return read_xls(data)
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


class Archive(NamedTuple):
    """What the parts of an XLSX or ODS archive say before it is parsed: which of the two it is,
    and whether LibreOffice wrote it (its dates before 1582 are Julian on screen)."""

    ods: bool
    libreoffice: bool


def check_archive(data, format_name="XLSX"):
    """Refuse an archive that would unpack to more than the limit, before any parsing; its Archive."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpreadsheetError(_("The file is not a readable %(format)s file.") % {"format": format_name}) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise SpreadsheetError(_("The file holds too many parts to be a spreadsheet."))
        # zipfile stops inflating a member at its declared size, so declared sizes bound the work.
        unpacked = sum(member.file_size for member in members)
        too_dense = any(
            member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1) for member in members
        )
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or too_dense:
            raise SpreadsheetError(
                _("The file would unpack to %(size)s, more than a spreadsheet needs; it was not opened.")
                % {"size": file_size(unpacked)}
            )
        ods = _member(archive, "mimetype").strip() == ODS_MIMETYPE
        # Who wrote the file is said in a small part, read as bytes (no XML parsing needed).
        about = _member(archive, "meta.xml" if ods else "docProps/app.xml")
    return Archive(ods, b">LibreOffice" in about or b">OpenOffice" in about)


def _member(archive, name):
    try:
        with archive.open(name) as member:
            return member.read(4096)
    except KeyError:
        return b""


def read_xlsx(data, archive=None):
    """The first sheet of an XLSX file, streamed (openpyxl read-only, XML through defusedxml)."""
    archive = archive or check_archive(data)
    if not openpyxl.DEFUSEDXML:
        # openpyxl falls back to the standard XML parser silently; that parser is not for uploads.
        raise SpreadsheetError(_("XLSX files cannot be read safely on this server (defusedxml is missing)."))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = list(next(rows, None) or ())
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise SpreadsheetError(_("The file is not a readable %(format)s file.") % {"format": "XLSX"}) from None
    if not headers:
        book.close()
        raise SpreadsheetError(_("The file is empty."))
    return Table(headers=headers, rows=_xlsx_rows(book, rows, archive.libreoffice))


def _xlsx_rows(book, rows, libreoffice):
    try:
        for number, cells in enumerate(rows, start=2):
            yield number, _cells(cells, libreoffice)
    except Exception:
        raise SpreadsheetError(_("The file is not a readable %(format)s file.") % {"format": "XLSX"}) from None
    finally:
        book.close()


def _cells(cells, libreoffice):
    return [shown_date(cell, libreoffice) if isinstance(cell, datetime.date) else cell for cell in cells]


def read_ods(data, archive):
    """The first sheet of an ODS file (python-calamine; the archive was checked first)."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        first_row, first_column = sheet.start or (0, 0)
        rows = list(sheet.iter_rows())
    except Exception:  # calamine raises its own errors for a damaged file
        raise SpreadsheetError(_("The file is not a readable %(format)s file.") % {"format": "ODS"}) from None
    # calamine starts at the first cell in use; a spreadsheet numbers rows and columns from A1.
    padding = [None] * first_column
    rows = [padding + _cells(cells, archive.libreoffice) for cells in rows]
    if not rows or not any(cell not in (None, "") for cell in rows[0]):
        raise SpreadsheetError(_("The file is empty."))
    return Table(headers=rows[0], rows=enumerate(rows[1:], start=first_row + 2))


def read_xls(data):
    """The first sheet of an old binary XLS file (xlrd), date cells as dates: Excel writes none
    before 1900, so an earlier one is LibreOffice's."""
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sheet = book.sheet_by_index(0)
        rows = [_xls_cells(sheet, index, book.datemode) for index in range(sheet.nrows)]
        book.release_resources()
    except Exception:  # xlrd raises many kinds of error for a damaged file
        raise SpreadsheetError(_("The file is not a readable %(format)s file.") % {"format": "XLS"}) from None
    if not rows or not any(cell not in (None, "") for cell in rows[0]):
        raise SpreadsheetError(_("The file is empty."))
    return Table(headers=rows[0], rows=enumerate(rows[1:], start=2))


def _xls_cells(sheet, index, datemode):
    cells = []
    for kind, value in zip(sheet.row_types(index), sheet.row_values(index), strict=True):
        if kind == xlrd.XL_CELL_DATE:
            # xlrd's own conversion refuses days before 1900; the serial number counts them all.
            moment = SERIAL_EPOCHS[datemode] + datetime.timedelta(days=value)
            value = shown_date(moment.date() if moment.time() == datetime.time() else moment, libreoffice=True)
        elif kind == xlrd.XL_CELL_BOOLEAN:
            value = bool(value)
        elif kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            value = None
        cells.append(value)
    return cells


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
