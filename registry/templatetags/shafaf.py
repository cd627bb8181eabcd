"""Template filters for Persian pages: Jalali dates, Persian digits, Persian numbers, counts with their
noun, the admin's page links.

Digits follow the active language (registry/formatting.py): Persian digits under Persian, ASCII
under English.
"""

import datetime
import re

from django import template
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from registry import formatting, history, jalali

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
def sentence(value):
    """A label standing on its own, in sentence case in English (formatting.sentence)."""
    return formatting.sentence(value)


@register.filter
def fadigits(value):
    """Any value with its digits shown in the page's language."""
    return formatting.digits(value)


@register.filter
def fanum(value, decimals=None):
    """A number with thousands separators, in the page's digits; `|fanum:1` fixes one decimal."""
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value, decimals=None):
    """A percentage in the page's language: ۵۰٫۵٪, 50.5% (formatting.figure); '—' for none."""
    return formatting.figure(value, None if decimals in (None, "") else int(decimals), suffix="%")


@register.filter
def ltr(value):
    """An identifier or a file name isolated left to right (formatting.identifier)."""
    return formatting.identifier(value)


@register.filter
def bidi(value):
    """A name or a code isolated from the text around it (formatting.text): مزایده on an English page,
    KD-M-0203 on a Persian one."""
    return formatting.text(str(value)) if value is not None else ""


@register.filter
def reason(stored):
    """A change's stored reason in the reader's language (registry.history)."""
    return history.describe(stored)


@register.filter
def counted(count, opts):
    """A count of the records whose model Options are `opts`, with the noun the language writes after
    a number: ۴۳ واحد تولیدی, 43 producers (formatting.counted)."""
    return formatting.counted(count, opts.verbose_name, opts.verbose_name_plural)


@register.simple_tag
def page_link(changelist, number):
    """Django's paginator_number (one page of a change list), numbered in the page's digits."""
    if number == changelist.paginator.ELLIPSIS:
        return format_html("{} ", number)
    if number == changelist.page_num:
        return format_html('<span class="this-page">{}</span> ', formatting.digits(number))
    last = mark_safe(' class="end"' if number == changelist.paginator.num_pages else "")
    return format_html('<a href="{}"{}>{}</a> ', changelist.get_query_string({PAGE_VAR: number}), last,
                       formatting.digits(number))


# Django's list filters add a choice's count as "title (12)" when "show counts" is on.
_FACET_COUNT = re.compile(r"\((\d+)\)$")


@register.filter
def facet_count(display):
    """A list filter's choice with its count in the page's digits: راکد (۱٬۲۰۴)."""
    return _FACET_COUNT.sub(lambda match: f"({formatting.number(int(match.group(1)))})", str(display))


@register.filter
def field_label(name, opts):
    """The verbose name of field `name` of the model whose Options are `opts`."""
    try:
        return opts.get_field(name).verbose_name
    except FieldDoesNotExist:  # a column that no longer exists keeps its raw name
        return name
