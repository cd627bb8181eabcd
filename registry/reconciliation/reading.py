"""Reading the national list: its six columns by name or Persian label in any order, every cell
checked (check digits, dates, states), a structurally wrong list refused whole with every error
by row (as the spreadsheet numbers it, header = row 1) and column, in the user's language.

The cells are read by the importer's widgets (registry.importing.cells), so that a list that
passed through Excel or LibreOffice reads as the importer reads any file: identifiers get back
the leading zeros a spreadsheet dropped where that is certain, and a date cell whose year is
below 1700 is the Jalali date it shows.
"""

import dataclasses
import datetime
import functools
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry import spreadsheets
from registry.importing.cells import JalaliDate, cell_text, match_key
from registry.importing.kinds import goods_id, national_id
from registry.importing.outcome import MAX_LISTED_ERRORS, Issue
from registry.models.reconciliation import ListState
from registry.validators import validate_goods_id, validate_national_id

NAME_LIMIT = 255


class Column(NamedTuple):
    name: str
    label: str  # the Persian header of the national system's download: part of the file format
    required: bool


COLUMNS = (
    Column("goods_id", "شناسه کالا", True),
    Column("producer", "شناسه ملی تولیدکننده", True),
    Column("producer_name", "نام تولیدکننده", False),
    Column("description", "شرح کالا", True),
    Column("registered_on", "تاریخ ثبت", True),
    # A row is active unless it says it is cancelled.
    Column("state", "وضعیت شناسه", False),
)


HEADERS = {match_key(text): column for column in COLUMNS for text in (column.name, column.label)}


STATES = {match_key(word): state for state, words in (
    (ListState.ACTIVE, ("active", "فعال")),
    (ListState.CANCELLED, ("cancelled", "canceled", "ابطال‌شده", "ابطال", "باطل‌شده")),
) for word in words}


class Refused(Exception):
    """A list refused whole: `issues` (the first MAX_LISTED_ERRORS), `count` of all of them, and
    the run kept to say so (once `reconcile()` has logged it)."""

    def __init__(self, issues, count):
        super().__init__(f"{count} errors")
        self.issues, self.count = issues, count
        self.reconciliation = None

    @property
    def unlisted(self):
        return self.count - len(self.issues)


class _Issues:
    def __init__(self):
        self.listed, self.count = [], 0

    def add(self, row, column, message):
        self.count += 1
        if len(self.listed) < MAX_LISTED_ERRORS:
            self.listed.append(Issue(row, column, str(message)))

    def refuse_if_any(self):
        if self.count:
            raise Refused(sorted(self.listed, key=lambda issue: issue.row or 0), self.count)


class CellError(ValueError):
    pass


@dataclasses.dataclass(slots=True)
class ListRow:
    """A row of the national list, and what the classification found for it."""

    number: int
    goods_id: str
    national_id: str
    producer_name: str = ""
    description: str = ""
    registered_on: datetime.date | None = None
    state: str = ListState.ACTIVE
    finding: str = ""
    reason: str = ""
    product: object = None  # a _Product
    producer: object = None  # a _Producer


def read_list(data, file_name=""):
    """The rows of the national list in `data` (bytes); Refused with every error by row and column."""
    issues = _Issues()
    rows = []
    try:
        table = spreadsheets.read(data, file_name, limit=settings.NATIONAL_LIST_MAX_UPLOAD_BYTES)
        columns = _match_headers(table.headers, issues)
        issues.refuse_if_any()
        rows = _read_rows(table, columns, issues)
    except spreadsheets.SpreadsheetError as error:
        issues.add(None, "", error.message)
    if not rows and not issues.count:
        issues.add(None, "", _("The file has a header but no rows."))
    issues.refuse_if_any()
    return rows


def _match_headers(headers, issues):
    """{cell index: (Column, header as the file writes it)}; header problems go to `issues`."""
    found, seen = {}, {}
    for index, header in enumerate(headers):
        text = cell_text(header)
        column = HEADERS.get(match_key(text)) if text else None
        if column is None:
            continue  # the national system's other columns (row numbers, units) are not needed
        if column.name in seen:
            issues.add(1, text, _("This column appears twice (also as «%(other)s»).") % {"other": seen[column.name]})
            continue
        seen[column.name] = text
        found[index] = (column, text)
    for column in COLUMNS:
        if column.required and column.name not in seen:
            issues.add(1, column.name, _("This required column is missing (its Persian label is «%(label)s»).")
                       % {"label": column.label})
    return found


def _read_rows(table, columns, issues):
    rows, first_row = [], {}
    header = {column.name: text for column, text in columns.values()}
    for number, cells in table.rows:
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        values, failed = {}, False
        for index, (column, text) in columns.items():
            try:
                values[column.name] = READERS[column.name](cells[index] if index < len(cells) else None)
            except CellError as error:
                issues.add(number, text, str(error))
                failed = True
        goods_id = values.get("goods_id")
        first = first_row.setdefault(goods_id, number) if goods_id else number
        if first != number:
            issues.add(number, header["goods_id"], _(
                "Row %(row)s has the same goods ID: a goods ID appears only once in the list.") % {"row": first})
            failed = True
        if values.get("state", ListState.ACTIVE) == ListState.ACTIVE:
            for name in ("description", "registered_on"):
                if name in values and not values[name]:
                    issues.add(number, header[name], _("An active goods ID needs a value here."))
                    failed = True
        if not failed:
            rows.append(ListRow(number, goods_id, values["producer"], values.get("producer_name", ""),
                                values["description"], values["registered_on"], values.get("state", ListState.ACTIVE)))
    return rows


def _identifier(widget, validate):
    """A reader of identifiers: `widget`'s restoration of the zeros a spreadsheet dropped, then the
    check digit."""
    def read(value):
        try:
            text = widget.clean(value)
        except ValueError as error:
            raise CellError(str(error)) from None
        if not text:
            raise CellError(_("This column needs a value."))
        try:
            validate(text)
        except ValidationError as error:
            raise CellError(error.messages[0]) from None
        return text
    return read


def _text(value):
    text = cell_text(value)
    if len(text) > NAME_LIMIT:
        raise CellError(_("At most %(limit)s characters.") % {"limit": NAME_LIMIT})
    return text


_DATE = JalaliDate()


@functools.lru_cache(maxsize=4096)
def _date_text(text):
    # A list's dates repeat from row to row, and reading one costs more than the rest of its row.
    return _DATE.clean(text)


def _date(value):
    try:
        return _date_text(value) if isinstance(value, str) else _DATE.clean(value)
    except ValueError as error:
        raise CellError(str(error)) from None


def _state(value):
    text = cell_text(value)
    if not text:
        return ListState.ACTIVE
    try:
        return STATES[match_key(text)]
    except KeyError:
        raise CellError(_("«%(value)s» is not one of: %(allowed)s.") % {
            "value": text, "allowed": "active (فعال), cancelled (ابطال‌شده)"}) from None


READERS = {"goods_id": _identifier(goods_id(), validate_goods_id),
           "producer": _identifier(national_id(), validate_national_id), "producer_name": _text, "description": _text,
           "registered_on": _date, "state": _state}
