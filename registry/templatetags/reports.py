"""Template helpers of the report pages: a table cell formatted by its column's kind, and
percentages, all in the page's digits."""

import datetime

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from registry import jalali
from registry.formatting import PERCENT_SIGN, format_number, persian, to_persian_digits
from registry.formatting import figure as format_figure
from registry.reports.catalogue import BY_SLUG

register = template.Library()


@register.filter
def percent(value):
    """۲۰٫۰٪ (one decimal; a whole target such as 100 without), or — when there is nothing to divide."""
    return format_figure(value, 0 if isinstance(value, int) else 1, "%")


@register.filter
def figure(value, decimals=None):
    """A count or measure with separators in the page's digits, or — for none."""
    return format_figure(value, None if decimals in (None, "") else int(decimals))


def cell_html(column, persian):
    """A function giving a value of `column` as the page shows it (escaped HTML), in Persian
    digits or not; made once per column of a table, so that a cell pays for its value only."""
    kind = column.kind
    if kind in ("percent", "decimal2", "int", "rials", "tonnes"):
        decimals = 2 if kind == "decimal2" else None
        suffix = (PERCENT_SIGN if persian else "%") if kind == "percent" else ""

        def show(value):
            # A percentage has one decimal; a whole target such as 100 has none.
            places = (0 if isinstance(value, int) else 1) if kind == "percent" else decimals
            return format_number(value, places, persian=persian) + suffix
    elif kind == "date":
        digits = "persian" if persian else "latin"

        def show(value):
            return jalali.format_date(value, digits) if isinstance(value, datetime.date) else escape(value)
    elif kind in ("year", "text"):
        # Names keep the ASCII digits they are stored with; the page shows its own.
        def show(value):
            return escape(to_persian_digits(value) if persian else value)
    elif kind == "choice":
        labels = {choice: escape(label) for choice, label in column.choices.choices}

        def show(value):
            return labels[value]
    elif kind == "bool":
        yes, no = escape(_("yes")), escape(_("no"))

        def show(value):
            return yes if value else no
    elif kind == "code":
        # Identifiers keep their ASCII digits and left-to-right order, to be copied and searched.
        def show(value):
            return f'<span class="ltr">{escape(value)}</span>'
    else:
        show = escape
    return lambda value: "—" if value is None else show(value)


def format_cell(value, column):
    return mark_safe(cell_html(column, persian())(value))


@register.simple_tag
def table_rows(rows, columns):
    """The <tr> rows of a report table. One tag for the whole body: a template loop costs about
    10 µs a cell, most of a long table's time."""
    cells = [(column.key, cell_html(column, persian()), f'<td class="column-{column.kind}">') for column in columns]
    return mark_safe("".join(
        "<tr>" + "".join(f"{td}{show(row[key])}</td>" for key, show, td in cells) + "</tr>" for row in rows
    ))


@register.simple_tag
def total(value, column):
    return format_cell(value, column)


@register.simple_tag
def report_link(slug):
    """A link to a report, under its title."""
    return format_html('<a href="{}">{}</a>', reverse("reports:report", args=[slug]), BY_SLUG[slug].title)
