"""The Jalali calendar at every edge: parsing what people type, showing what the database holds.

Dates are stored as Gregorian `date`. People type and read Jalali (`1403/05/12`), in Persian or
ASCII digits, with `/` or `-`; an ISO Gregorian date (`2024-08-02`) is accepted too, and a year
below 1700 is taken as Jalali. An impossible date is an error, never a guess. jdatetime does the
arithmetic; this module adds the parsing rules, the form field, the admin widget and the display
helpers that the template filters in `registry.templatetags.shafaf` expose.
"""

import datetime
import functools
import re

import jdatetime
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.formatting import to_persian_digits
from registry.text import digits_to_ascii

JALALI_YEAR_LIMIT = 1700

MONTHS_FA = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
             "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
MONTHS_EN = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
             "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand")

_DATE_PATTERN = re.compile(r"^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})$")
# Spreadsheets sometimes carry a midnight time after the date ("2024-08-02 00:00:00").
_TRAILING_MIDNIGHT = re.compile(r"[ T]00:00(:00(\.0+)?)?$")


class InvalidDate(ValueError):
    """A date that cannot be read, or that does not exist in its calendar."""

    def __init__(self, message, value):
        super().__init__(message)
        self.message = message
        self.value = value


def parse(value):
    """The Gregorian `date` for a Jalali or ISO date given as text, or as a date/datetime object.

    Returns None for empty input; raises InvalidDate for anything it cannot read or that does
    not exist (`1402/12/30`: Esfand 1402 has 29 days).
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, jdatetime.date):
        return value.togregorian()
    text = digits_to_ascii(str(value)).strip()
    if not text:
        return None
    text = _TRAILING_MIDNIGHT.sub("", text)
    match = _DATE_PATTERN.match(text)
    if not match:
        raise InvalidDate(_("Enter a date as year/month/day, for example 1403/05/12."), value)
    year, month, day = (int(part) for part in match.groups())
    try:
        if year < JALALI_YEAR_LIMIT:
            return jdatetime.date(year, month, day).togregorian()
        return datetime.date(year, month, day)
    except ValueError:
        raise InvalidDate(_("This date does not exist in the calendar."), value) from None


def _local_date(value):
    """The date of a date, or of a datetime (in Tehran when aware)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return value


def to_jalali(value):
    """A jdatetime.date for a Gregorian date (or the date part of a datetime)."""
    return jdatetime.date.fromgregorian(date=_local_date(value))


@functools.lru_cache(maxsize=4096)
def _jalali_text(value):
    # Pages show the same few hundred days over and over (a report's 400 rows of dates), and
    # each conversion costs more than the rest of its table cell.
    jalali = jdatetime.date.fromgregorian(date=value)
    return f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"


def _localised_digits(text, digits):
    if digits is None:
        digits = "persian" if translation.get_language() in (None, "fa") else "latin"
    return to_persian_digits(text) if digits == "persian" else text


def format_date(value, digits="latin"):
    """`1403/05/12` for a date; '' for None. digits: 'latin', 'persian', or None for the language's."""
    if value in (None, ""):
        return ""
    return _localised_digits(_jalali_text(_local_date(value)), digits)


def format_datetime(value, digits=None):
    """`1403/05/12 14:30` in Tehran time for an aware datetime; '' for None."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date(value.date(), digits)} {_localised_digits(value.strftime('%H:%M'), digits)}"


def month_name(month):
    names = MONTHS_FA if translation.get_language() in (None, "fa") else MONTHS_EN
    return names[month - 1]


def today():
    """Today in Asia/Tehran (the server's time zone)."""
    return timezone.localdate()


def jalali_year(value=None):
    """The Jalali year of a date (today when None)."""
    return to_jalali(value or today()).year


def year_bounds(year):
    """(first day, last day) of Jalali `year` as Gregorian dates: 1 Farvardin to end of Esfand."""
    first = jdatetime.date(year, 1, 1).togregorian()
    return first, jdatetime.date(year + 1, 1, 1).togregorian() - datetime.timedelta(days=1)


def month_bounds(year, month):
    """(first day, last day) of a Jalali month as Gregorian dates."""
    first = jdatetime.date(year, month, 1).togregorian()
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return first, jdatetime.date(next_year, next_month, 1).togregorian() - datetime.timedelta(days=1)


def add_years(value, years):
    """The same Jalali day `years` later (30 Esfand of a leap year falls back to 29 Esfand)."""
    jalali = to_jalali(value)
    try:
        return jdatetime.date(jalali.year + years, jalali.month, jalali.day).togregorian()
    except ValueError:
        return jdatetime.date(jalali.year + years, jalali.month, jalali.day - 1).togregorian()


def _date_hint():
    # Words, not digits: a grey 1403/05/12 in an empty box reads as a date already typed. The
    # left-to-right marks keep سال/ماه/روز in the order of the digits typed under them (the
    # browser sets a placeholder's direction by its first letter).
    parts = (gettext("year"), gettext("month"), gettext("day"))
    if translation.get_language() in (None, "fa"):
        return "\u200e" + "\u200e/\u200e".join(parts)
    return "/".join(parts)


# The hint in an empty date box: سال/ماه/روز, year/month/day.
DATE_HINT = lazy(_date_hint, str)()


class JalaliDateInput(forms.TextInput):
    """A text box that shows and takes Jalali dates, with the calendar picker of jalali-datepicker.js."""

    input_type = "text"

    class Media:
        css = {"all": ("registry/css/jalali-datepicker.css",)}
        js = ("registry/js/jalali-datepicker.js",)

    def __init__(self, attrs=None):
        defaults = {
            "class": "vJalaliDateField",
            "size": "10",
            "autocomplete": "off",
            "dir": "ltr",
            "placeholder": DATE_HINT,
            "title": _("A Jalali date: year/month/day, for example 1403/05/12"),
            "inputmode": "numeric",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (datetime.date, jdatetime.date)):
            return format_date(parse(value), digits=None)
        return super().format_value(value)


class JalaliDateField(forms.DateField):
    """A form date field that reads Jalali (or ISO) and shows Jalali."""

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter a date as year/month/day, for example 1403/05/12."),
        "impossible": _("%(value)s is not a date of the calendar (check the day of the month)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse(value)
        except InvalidDate as error:
            code = "invalid" if _DATE_PATTERN.match(digits_to_ascii(str(value)).strip()) is None else "impossible"
            raise ValidationError(self.error_messages[code], code=code, params={"value": value}) from error

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return format_date(value, digits=None)
        return value
