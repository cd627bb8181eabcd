"""Template filters for Persian pages: Jalali dates, Persian digits, Persian numbers.

Digits follow the active language (registry/formatting.py): Persian digits under Persian, ASCII
under English.
"""

import datetime

from django import template
from django.core.exceptions import FieldDoesNotExist

from registry import formatting, jalali

register = template.Library()


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
    return formatting.digits(value)


@register.filter
def fanum(value, decimals=None):
    """A number with thousands separators, in the page's digits; `|fanum:1` fixes one decimal."""
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def change_reason(value):
    """A history entry's reason in the reader's language (registry.formatting.change_reason)."""
    return formatting.change_reason(value)


@register.filter
def field_label(name, opts):
    """The verbose name of field `name` of the model whose Options are `opts`."""
    try:
        return opts.get_field(name).verbose_name
    except FieldDoesNotExist:  # a column that no longer exists keeps its raw name
        return name
