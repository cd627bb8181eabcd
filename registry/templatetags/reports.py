"""Template helpers of the report pages: tables whose cells are formatted by their column's kind,
aligned by it (heading and figure alike) and linked to the records they count; the dashboard's
figures, formatted and linked as their report's totals; percentages in the page's digits."""

import datetime
import html

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from registry import jalali
from registry.formatting import PERCENT_SIGN, format_number, persian, sentence, to_persian_digits
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
    digits or not; made once per column of a table, so that a cell pays for its value only (and
    escapes its text with the standard library's html.escape: Django's own, ready for lazy text,
    costs twice as much, and a long table holds thousands of cells)."""
    kind = column.kind
    if kind in ("percent", "decimal2", "area", "int", "rials", "tonnes"):
        decimals = 2 if kind == "decimal2" else None
        suffix = (PERCENT_SIGN if persian else "%") if kind == "percent" else ""

        def show(value):
            # A percentage has one decimal; a whole target such as 100 has none.
            places = (0 if isinstance(value, int) else 1) if kind == "percent" else decimals
            return format_number(value, places, persian=persian) + suffix
    elif kind == "date":
        digits = "persian" if persian else "latin"

        def show(value):
            return jalali.format_date(value, digits) if isinstance(value, datetime.date) else text(value)
    elif kind in ("year", "text"):
        # Names keep the ASCII digits they are stored with; the page shows its own.
        def show(value):
            return text(to_persian_digits(value) if persian else value)
    elif kind == "choice":
        labels = {choice: escape(sentence(label)) for choice, label in column.choices.choices}

        def show(value):
            return labels[value]
    elif kind == "bool":
        yes, no = escape(sentence(_("yes"))), escape(sentence(_("no")))

        def show(value):
            return yes if value else no
    elif kind == "code":
        # Identifiers keep their ASCII digits and left-to-right order, to be copied and searched.
        def show(value):
            return f'<span class="ltr">{text(value)}</span>'
    else:
        show = text
    return lambda value: "—" if value is None else show(value)


def text(value):
    """A value as the text of an element (escaped)."""
    return html.escape(str(value), quote=False)


def anchor(address, content):
    """`content` (HTML) as a link to `address` (a links.Link's: no character but & to escape)."""
    return f'<a href="{address.replace("&", "&amp;")}">{content}</a>'


def _cell(column, filters, in_persian):
    """A function drawing `column`'s cell of a row: aligned as its heading, a count linked."""
    show, key, td = cell_html(column, in_persian), column.key, f'<td class="align-{column.align}">'
    if column.link is None:
        return lambda row: f"{td}{show(row[key])}</td>"
    address = column.link.addresses(filters)

    def cell(row):
        value = row[key]
        return f"{td}{show(value) if value is None else anchor(address(row), show(value))}</td>"
    return cell


@register.simple_tag
def table_rows(rows, columns, filters):
    """The <tr> rows of a report table, counted under `filters`. One tag for the whole body: a
    template loop costs about 10 µs a cell, most of a long table's time."""
    cells = [_cell(column, filters, persian()) for column in columns]
    return mark_safe("".join("<tr>" + "".join(cell(row) for cell in cells) + "</tr>" for row in rows))


@register.simple_tag
def table_head(columns):
    """The heading row of a report table: each heading aligned as its column's figures."""
    return format_html("<tr>{}</tr>", mark_safe("".join(
        format_html('<th scope="col" class="align-{}">{}</th>', column.align, column.label) for column in columns
    )))


@register.simple_tag
def total(value, column, filters=None, totals=None):
    """A total or a filter's value as the page shows it; a count is a link to its records (which
    may name a value among the `totals`, as a table's figure names one of its row)."""
    content = cell_html(column, persian())(value)
    if filters is None or value is None or column.link is None:
        return mark_safe(content)
    return mark_safe(anchor(column.link.url(filters, totals), content))


@register.simple_tag
def report_figure(slug, key, value):
    """A dashboard figure: report `slug`'s total `key`, formatted as the report shows it and linked
    to its records under the report's filters as opened."""
    report = BY_SLUG[slug]
    return total(value, report.total(key), report.default_filters())


@register.simple_tag
def report_table(slug, name, rows, keys, filters=None):
    """A table of the dashboard or the bulletin: the columns `keys` ("name,products,percent") of
    report `slug`'s table `name`, its figures linked as on the report counted under `filters`
    (default: as the report opens)."""
    report = BY_SLUG[slug]
    wanted = keys.split(",")
    columns = [column for key in wanted for column in report.table(name).columns if column.key == key]
    return format_html("<table><thead>{}</thead><tbody>{}</tbody></table>", table_head(columns),
                       table_rows(rows, columns, filters or report.default_filters()))


@register.simple_tag
def report_link(slug):
    """A link to a report, under its title."""
    return format_html('<a href="{}">{}</a>', reverse("reports:report", args=[slug]), BY_SLUG[slug].title)

