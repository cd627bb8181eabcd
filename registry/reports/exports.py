"""A report as a download: CSV (UTF-8 with BOM, so Excel shows Persian), XLSX and JSON, each with
exactly what the page shows: title, filters, date, totals and tables.

Text that a spreadsheet would run as a formula (= + - @ at the start) is written with a leading
apostrophe. JSON is for programs: `{"report", "filters", "totals", "rows"}` with plain numbers,
ISO dates and codes; each row names its table (and carries no database id).
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse, JsonResponse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registry import jalali

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {"percent": "0.0", "decimal2": "#,##0.00", "area": "#,##0.00",
                  "tonnes": "#,##0.000", "rials": "#,##0", "int": "#,##0"}


def neutralise(text):
    """Text a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def file_value(column, value):
    """A cell of a CSV or XLSX file: numbers stay numbers, dates are Jalali, labels are shown."""
    if value is None:
        return None
    if column.kind == "date":
        return jalali.format_date(value)
    if column.kind == "bool":
        return _("yes") if value else _("no")
    if column.kind == "choice":
        value = column.choices(value).label
    if isinstance(value, (int, Decimal)):
        return value
    return neutralise(str(value))


def _sections(report, summary, result):
    """The rows of a file, top to bottom, as (style, [cells], [column kinds of the cells])."""
    yield "title", [str(report.title)], ()
    for column, value in summary:
        yield "label", [str(column.label), file_value(column, value)], ()
    yield "label", [_("report date"), jalali.format_date(jalali.today())], ()
    yield "blank", [], ()
    yield "heading", [_("Totals")], ()
    for column, value in report.shown_totals(result):
        yield "label", [str(column.label), file_value(column, value)], (None, column.kind)
    for section in report.shown_tables(result):
        columns = section["table"].columns
        yield "blank", [], ()
        yield "heading", [str(section["table"].title)], ()
        yield "header", [str(column.label) for column in columns], ()
        for row in section["rows"]:
            yield "plain", [file_value(column, row[column.key]) for column in columns], [c.kind for c in columns]
        if section["total"] is not None:
            yield "plain", [_("The first %(shown)s of %(total)s.") % {"shown": len(section["rows"]),
                                                                        "total": section["total"]}], ()


def _filename(report, extension):
    return f"shafaf-{report.slug}-{jalali.format_date(jalali.today()).replace('/', '-')}.{extension}"


def _attachment(content, content_type, report, extension):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, extension)}"'
    return response


def as_csv(report, filters, summary, result):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for _style, cells, _columns in _sections(report, summary, result):
        writer.writerow(["" if cell is None else cell for cell in cells])
    return _attachment("\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8", report, "csv")


def as_xlsx(report, filters, summary, result):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report.slug
    sheet.sheet_view.rightToLeft = get_language_bidi()
    fonts = {"title": Font(bold=True, size=14), "heading": Font(bold=True, size=12), "header": Font(bold=True)}
    for style, cells, kinds in _sections(report, summary, result):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in cells])
        if not cells:
            continue
        row = sheet[sheet.max_row]
        for cell, kind in zip(row, kinds):
            if kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[kind]
        for cell in row if style in fonts else row[:1] if style == "label" else ():
            cell.font = fonts.get(style, fonts["header"])
    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(buffer.getvalue(), XLSX_TYPE, report, "xlsx")


def json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def json_filters(report, filters):
    values = {"county": filters.county.code if filters.county else None,
              "sector": filters.sector.code if filters.sector else None,
              "year": filters.year, "as_of": filters.as_of, "days": filters.days}
    return {name: json_value(values[name]) for name in report.filters}


def as_json(report, filters, summary, result):
    return JsonResponse({
        "report": report.slug,
        "filters": json_filters(report, filters),
        # Keys beginning with _ serve the page's links (a record's id), not programs.
        "totals": {key: json_value(value) for key, value in result.totals.items() if key[0] != "_"},
        "rows": [{"table": table.name, **{key: json_value(value) for key, value in row.items() if key[0] != "_"}}
                 for table in report.tables for row in result.tables[table.name]],
    }, json_dumps_params={"ensure_ascii": False})


def bulletin_json(bulletin):
    """The bulletin for programs: its period (`end`, the month's last day, as a Jalali date) and
    each figure at the three days it is counted at."""
    period = bulletin.period
    return JsonResponse({
        "report": "bulletin",
        "period": {"year": period.year, "month": period.month, "end": jalali.format_date(period.end)},
        "figures": {name: {when: json_value(value) for when, value in values.items()}
                    for name, values in bulletin.figures.items()},
    }, json_dumps_params={"ensure_ascii": False})


def json_errors(form):
    return JsonResponse({"errors": form.errors.get_json_data()}, status=400, json_dumps_params={"ensure_ascii": False})


FORMATS = {"csv": as_csv, "xlsx": as_xlsx, "json": as_json}
