"""Template helpers of the director general's monthly bulletin: its table of figures at three days,
each linked as on its report, with how far it moved; its transparency chart; a count linked to
its list. Cells are drawn as the reports draw theirs (registry/templatetags/reports.py)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from registry.formatting import change, persian, sentence
from registry.formatting import figure as format_figure
from registry.reports import charts
from registry.reports.bulletin import FIGURES, SLUGS, WHEN
from registry.reports.catalogue import BY_SLUG
from registry.templatetags.reports import anchor, cell_html, text

register = template.Library()


@register.simple_tag
def bulletin_rows(bulletin):
    """The body of the bulletin's table of figures: a group per report, its title leading to the
    report counted as of the month's end; each figure at the three days, linked to what it counts
    at that day (a figure that counts no list of records, to its report at that day), and how far
    it moved since each earlier day."""
    in_persian, groups = persian(), []
    for slug in SLUGS:
        report = BY_SLUG[slug]
        rows = [f'<tr class="bulletin-group"><th colspan="{2 * len(WHEN)}" scope="colgroup" class="align-text">'
                f'{anchor(report.url(bulletin.filters[WHEN[0]][slug]), text(report.title))}</th></tr>']
        for figure in FIGURES:
            if figure.slug != slug:
                continue
            column, cells = figure.column, [f'<th scope="row" class="align-text">{text(sentence(figure.label))}</th>']
            show = cell_html(column, in_persian)
            # A percentage moves by percentage points (۷۶٫۴٪ → ۸۴٫۵٪ is +۸٫۱ واحد درصد, not +۸٫۱٪),
            # written after the signed figure in the page's direction.
            places, unit = (1, " " + text(pgettext("change of a percentage", "pts"))) if column.kind == "percent" \
                else (None, "")
            for when in WHEN:
                value, filters = bulletin.figures[figure.name][when], bulletin.filters[when][slug]
                address = column.link.url(filters) if column.link is not None else report.url(filters)
                shown = show(value) if value is None else anchor(address, show(value))
                cells.append(f'<td class="align-number">{shown}</td>')
                if when != WHEN[0]:
                    moved = bulletin.change(figure.name, when)
                    shown = f'<span class="ltr">{text(change(moved, places))}</span>{unit if moved is not None else ""}'
                    cells.append(f'<td class="align-number bulletin-change">{shown}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        groups.append(f"<tbody>{''.join(rows)}</tbody>")
    return mark_safe("".join(groups))


@register.simple_tag
def linked_figure(address, value):
    """A count formatted as a report writes it, linked to `address` (the list of what it counts)."""
    return mark_safe(anchor(address, escape(format_figure(value))))


@register.simple_tag
def bulletin_series(bulletin):
    """The transparency report's month-by-month chart as of the bulletin's month end."""
    return charts.transparency_series(bulletin.transparency.tables["by_month"], bulletin.period.year)
