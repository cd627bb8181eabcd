"""The reports' charts as SVG drawn on the server: bars (shares against a target line, or counts)
and lines (the month-by-month Jalali series, this year against last).

Written by hand because no chart library draws right to left with Persian digits without
JavaScript: under a right-to-left language bars grow leftwards from labels on the right and months
run from right to left. Only presentation attributes are used (no style attributes, no scripts),
so the charts survive a strict Content-Security-Policy and print as they show.
"""

import itertools

from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from registry import jalali
from registry.formatting import figure, persian, sentence, to_persian_digits
from registry.models import Handover, Mine, Obligation, Shipment
from registry.reports.queries import TARGET_PERCENT, percent

WIDTH = 640
BAR_HEIGHT = 18
BAR_GAP = 8
LABEL_WIDTH = 190
VALUE_WIDTH = 80
PAD = 10
TITLE_HEIGHT = 34
AXIS_HEIGHT = 30

INK = "#1f2d3d"
BAR = "#2e6da4"
MUTED = "#8a8f94"
GRID = "#d5d8dc"
TARGET = "#b3261e"

_ids = itertools.count(1)


def _rtl():
    return translation.get_language_bidi()


def _svg(title, height, body):
    chart_id = f"chart-{next(_ids)}"
    rtl = _rtl()
    return format_html(
        '<svg class="report-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" direction="{}" '
        'role="img" aria-labelledby="{}"><title id="{}">{}</title>{}{}</svg>',
        WIDTH, height, "rtl" if rtl else "ltr", chart_id, chart_id, title,
        _text(WIDTH - PAD if rtl else PAD, 20, title, "right" if rtl else "left", size=14, weight="700"), body,
    )


def _text(x, y, content, edge, size=12, fill=INK, weight="400"):
    """Text whose `edge` (left, right or middle) stands at x, whatever the writing direction (under
    a right-to-left chart, text-anchor 'start' is the right edge)."""
    anchors = {"left": "end", "right": "start"} if _rtl() else {"left": "start", "right": "end"}
    return format_html('<text x="{}" y="{}" text-anchor="{}" font-size="{}" font-weight="{}" fill="{}">{}</text>',
                       round(x, 1), round(y, 1), anchors.get(edge, edge), size, weight, fill, content)


def nothing_to_draw(title):
    """What stands in place of a chart with nothing to count: a sentence, not empty axes."""
    return format_html('<p class="chart-empty">{}</p>',
                       _("%(chart)s: there is nothing to show for these filters.") % {"chart": title})


def bar_chart(title, bars, *, maximum=None, target=None, target_label=None, decimals=None, suffix="",
              zero_is_nothing=True):
    """Horizontal bars: one per (label, value); `maximum` fixes the scale (100 for shares) and
    `target` draws a dashed line there. Without a value to draw (all none, or all zero when
    `zero_is_nothing`: counts, not shares, where 0 % is a finding) it is a sentence instead."""
    if not any(value is not None and (value or not zero_is_nothing) for _label, value in bars):
        return nothing_to_draw(title)
    rtl = _rtl()
    values = [value for _label, value in bars if value is not None]
    maximum = maximum or max([*values, target or 0, 1])
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PAD
    # The edge the bars grow from: right under a right-to-left language, left otherwise.
    origin = WIDTH - PAD - LABEL_WIDTH if rtl else PAD + LABEL_WIDTH
    direction = -1 if rtl else 1
    height = TITLE_HEIGHT + len(bars) * (BAR_HEIGHT + BAR_GAP) + AXIS_HEIGHT
    parts = []
    for index, (label, value) in enumerate(bars):
        top = TITLE_HEIGHT + index * (BAR_HEIGHT + BAR_GAP)
        length = area * float(value or 0) / float(maximum)
        # Labels stand against the axis, on the side away from the bars.
        label = to_persian_digits(label) if persian() else sentence(label)
        parts.append(_text(origin - direction * 6, top + 13, label, "left" if rtl else "right"))
        parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                                 round(origin - length if rtl else origin, 1), top, round(length, 1), BAR_HEIGHT, BAR))
        # A long bar carries its figure inside its end, where no target line crosses it.
        inside = length > area * 0.75
        parts.append(_text(origin + direction * (length - 6 if inside else length + 4), top + 13,
                           figure(value, decimals, suffix), "left" if inside == rtl else "right",
                           fill="#ffffff" if inside else INK, weight="700"))
    bottom = TITLE_HEIGHT + len(bars) * (BAR_HEIGHT + BAR_GAP)
    parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                             origin, TITLE_HEIGHT - 4, origin, bottom, INK))
    if target is not None:
        x = origin + direction * area * float(target) / float(maximum)
        parts.append(format_html(
            '<line class="chart-target" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
            'stroke-dasharray="6 4"/>', round(x, 1), TITLE_HEIGHT - 4, round(x, 1), bottom, TARGET,
        ))
        label = target_label or _("target")
        parts.append(_text(x, bottom + 16, format_html("{} {}", label, figure(target, suffix=suffix)), "middle",
                           size=11, fill=TARGET))
    return _svg(title, height, mark_safe("".join(parts)))


def line_chart(title, series, *, maximum=TARGET_PERCENT, target=TARGET_PERCENT, suffix="%"):
    """The twelve Jalali months across, one line per (legend, [value or None] × 12), the first
    drawn strongest; gaps where a month has no figure (not begun yet, or nothing declared)."""
    if all(value is None for _legend, values in series for value in values):
        return nothing_to_draw(title)
    rtl = _rtl()
    height, left, right, top, bottom = 320, 48, WIDTH - 48, TITLE_HEIGHT + 28, 320 - 40
    step = (right - left) / 11

    def x(month_index):
        return right - month_index * step if rtl else left + month_index * step

    def y(value):
        return bottom - (bottom - top) * float(value) / float(maximum)

    axis_x, axis_edge = (right + 6, "left") if rtl else (left - 6, "right")
    parts = []
    for tick in range(0, maximum + 1, maximum // 4):
        parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                                 left, round(y(tick), 1), right, round(y(tick), 1), GRID))
        parts.append(_text(axis_x, y(tick) + 4, figure(tick, 0, suffix), axis_edge, size=10, fill=MUTED))
    if target is not None:
        parts.append(format_html(
            '<line class="chart-target" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
            'stroke-dasharray="6 4"/>', left, round(y(target), 1), right, round(y(target), 1), TARGET,
        ))
    for month in range(12):
        # Persian month names fit their place; the transliterated ones (Ordibehesht, Shahrivar) are
        # longer than a month's width, so every other one stands a line lower, whole.
        lower = not persian() and month % 2
        parts.append(_text(x(month), bottom + (30 if lower else 18), jalali.month_name(month + 1), "middle", size=10))
    styles = (("3", "", INK), ("2", ' stroke-dasharray="5 4"', MUTED))
    for index, ((legend, values), (width, dash, colour)) in enumerate(zip(series, styles)):
        for points in _runs([None if value is None else (x(month), y(value)) for month, value in enumerate(values)]):
            coordinates = " ".join(f"{round(px, 1)},{round(py, 1)}" for px, py in points)
            parts.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>',
                                     coordinates, colour, width, mark_safe(dash)))
            parts.append(format_html_join("", '<circle cx="{}" cy="{}" r="3" fill="{}"/>',
                                          ((round(px, 1), round(py, 1), colour) for px, py in points)))
        legend_x = (right - index * 150) if rtl else (left + index * 150)
        end_x = legend_x - 24 if rtl else legend_x + 24
        parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>',
                                 legend_x, TITLE_HEIGHT + 6, end_x, TITLE_HEIGHT + 6, colour, width, mark_safe(dash)))
        parts.append(_text(end_x + (-6 if rtl else 6), TITLE_HEIGHT + 10, legend, "right" if rtl else "left", size=11))
    return _svg(title, height, mark_safe("".join(parts)))


def _runs(points):
    """The unbroken stretches of a line whose missing points are None."""
    run = []
    for point in points:
        if point is None:
            if run:
                yield run
            run = []
        else:
            run.append(point)
    if run:
        yield run


def _label(choices, value):
    return dict(choices.choices)[value]


def _share_bars(title, rows, key="percent", target=None):
    return bar_chart(title, [(row["name"], row[key]) for row in rows], maximum=TARGET_PERCENT, target=target,
                     decimals=1, suffix="%", zero_is_nothing=False)


def transparency_series(by_month, year):
    """The month-by-month series of the transparency report (its `by_month` rows), `year` against
    the year before."""
    series = []
    for shown in (year, year - 1):
        values = [None] * 12
        for row in by_month:
            if row["year"] == shown:
                values[row["month"] - 1] = row["percent"]
        series.append((to_persian_digits(shown) if persian() else str(shown), values))
    return line_chart(_("Transparency month by month (%), the year against the year before"), series)


def transparency(result, filters):
    return [
        _share_bars(_("Transparency by sector (%)"), result.tables["by_sector"], target=TARGET_PERCENT),
        _share_bars(_("Transparency by county (%)"), result.tables["by_county"], target=TARGET_PERCENT),
        transparency_series(result.tables["by_month"], filters.year),
    ]


def obligations(result, filters):
    return [bar_chart(_("Obligated units by state"),
                      [(_label(Obligation.State, state), result.totals[state]) for state in Obligation.State.values])]


def smuggling(result, filters):
    return [_share_bars(_("Listed items produced locally, by sector (%)"), result.tables["by_sector"], "local_percent")]


def mining(result, filters):
    return [
        bar_chart(_("Mines by status"), [(_label(Mine.Status, row["status"]), row["mines"])
                                         for row in result.tables["by_status"]]),
        bar_chart(_("Active mines by county (%)"),
                  [(row["name"], percent(row["active"], row["mines"])) for row in result.tables["by_county"]],
                  maximum=TARGET_PERCENT, decimals=1, suffix="%", zero_is_nothing=False),
    ]


def auctions(result, filters):
    totals = result.totals
    return [bar_chart(_("Lots of the auctions"), [
        (_("lots"), totals["lots"]), (_("awarded lots"), totals["awarded"]), (_("failed lots"), totals["failed"]),
        (_("mines reactivated"), totals["reactivated"]),
    ])]


def shipments(result, filters):
    return [bar_chart(_("Tonnes by stage and destination"), [
        (format_html("{} – {}", _label(Shipment.Stage, row["stage"]), _label(Shipment.Destination, row["destination"])),
         row["tonnes"])
        for row in result.tables["by_stage"]
    ])]


def industrial_space(result, filters):
    return [bar_chart(_("Industrial space per person by county (m²)"),
                      [(row["name"], row["per_capita_m2"]) for row in result.tables["by_county"]],
                      # The province's figure, whatever county the report is narrowed to.
                      target=result.totals["_province_per_capita_m2"], target_label=_("province"), decimals=2)]


def handovers(result, filters):
    return [bar_chart(_("Cases by stage"), [(_label(Handover.Stage, stage), result.totals[stage])
                                            for stage in Handover.Stage.values])]


def employment(result, filters):
    return [_share_bars(_("Share of the year's jobs by office (%)"), result.tables["by_office"], "share")]


def licences(result, filters):
    return [bar_chart(_("Licences and producers to follow up"), [
        (_("licences expiring"), result.totals["expiring"]),
        (_("unlicensed active producers"), result.totals["unlicensed_active"]),
    ])]

