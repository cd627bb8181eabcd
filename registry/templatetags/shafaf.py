"""Template filters for Persian pages: Jalali dates, Persian digits, Persian numbers.

Digits follow the active language: Persian digits under Persian, ASCII under English.
"""

import datetime

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation

from registry import jalali
from registry.text import format_number, to_persian_digits

register = template.Library()


def _persian():
    return translation.get_language() in (None, "fa")


@register.filter
def jdate(value):
    """A date (or datetime) as a Jalali date: ۱۴۰۳/۰۵/۱۲."""
    if isinstance(value, datetime.datetime):
        return jalali.format_datetime(value)
    if isinstance(value, datetime.date):
        return jalali.format_date(value, digits=None)
    return value if value is not None else ""


@register.filter
def fadigits(value):
    """Any value with its digits shown in the page's language."""
    if value is None:
        return ""
    return to_persian_digits(value) if _persian() else str(value)


@register.filter
def fanum(value, decimals=None):
    """A number with thousands separators, in the page's digits; `|fanum:1` fixes one decimal."""
    if value is None or value == "":
        return ""
    return format_number(value, None if decimals in (None, "") else int(decimals), persian=_persian())


@register.filter
def field_label(name, opts):
    """The verbose name of field `name` of the model whose Options are `opts`."""
    try:
        return opts.get_field(name).verbose_name
    except FieldDoesNotExist:  # a column that no longer exists keeps its raw name
        return name
