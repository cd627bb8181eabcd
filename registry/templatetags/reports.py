"""Template helpers of the report pages: a table cell formatted by its column's kind, and
percentages, all in the page's digits."""

import datetime

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from registry import jalali
from registry.reports.catalogue import BY_SLUG
from registry.reports.charts import number
from registry.templatetags.shafaf import fadigits

register = template.Library()


@register.filter
def percent(value):
    """۲۰٫۰٪ (one decimal; a whole target such as 100 without), or — when there is nothing to divide."""
    return number(value, 0 if isinstance(value, int) else 1, "%")


@register.filter
def figure(value, decimals=None):
    """A count or measure with separators in the page's digits, or — for none."""
    return number(value, None if decimals in (None, "") else int(decimals))


def format_cell(value, column):
    if value is None:
        return "—"
    kind = column.kind
    if kind == "percent":
        return percent(value)
    if kind == "decimal2":
        return number(value, 2)
    if kind in ("int", "rials", "tonnes"):
        return number(value)
    if kind == "date" and isinstance(value, datetime.date):
        return jalali.format_date(value, digits=None)
    if kind in ("year", "text"):
        # Names keep the ASCII digits they are stored with; the page shows its own.
        return fadigits(value)
    if kind == "choice":
        return column.choices(value).label
    if kind == "bool":
        return _("yes") if value else _("no")
    if kind == "code":
        # Identifiers keep their ASCII digits and left-to-right order, to be copied and searched.
        return format_html('<span class="ltr">{}</span>', value)
    return value


@register.simple_tag
def cell(row, column):
    """The value of `column` in `row` (a dict), as the page shows it."""
    return format_cell(row[column.key], column)


@register.simple_tag
def total(value, column):
    return format_cell(value, column)


@register.simple_tag
def report_link(slug):
    """A link to a report, under its title."""
    return format_html('<a href="{}">{}</a>', reverse("reports:report", args=[slug]), BY_SLUG[slug].title)
