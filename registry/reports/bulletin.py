"""The director general's monthly bulletin (/reports/bulletin/): every figure of the reports that
rests on a date, counted as of a Jalali month's last day, beside the previous month's and the same
month's of the year before; and the month in detail (the transparency series, the counties
furthest from the target, the overdue obligations, the mines reactivated, the year's jobs).

Each figure is its report's total at that day, from the report's own query functions under the
report's own filters (Report.resolve: jobs and shipments count the day's Jalali year), so the
bulletin and the reports cannot disagree. No SQL here: it is all in queries.py.
"""

import dataclasses
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.reports import queries
from registry.reports.catalogue import BY_SLUG, Column
from registry.reports.links import LOTS

# The three days each figure is counted at, by the JSON's names.
WHEN = ("value", "previous_month", "same_month_last_year")
COUNTIES_LISTED = 5
OVERDUE_LISTED = 10
MINES_LISTED = 10


class Figure(NamedTuple):
    """A figure of the bulletin: its name in the JSON, and the report total it is."""

    name: str
    slug: str
    key: str
    # The report total's own label, unless the bulletin, which shows it out of its report, needs
    # a fuller one.
    own_label: str | None = None

    @property
    def report(self):
        return BY_SLUG[self.slug]

    @property
    def column(self):
        return self.report.total(self.key)

    @property
    def label(self):
        return self.own_label or self.column.label


FIGURES = (
    Figure("transparency_percent", "transparency", "percent"),
    Figure("products", "transparency", "products", _("products declared")),
    Figure("registered", "transparency", "registered", _("products with a registered goods ID")),
    Figure("obligations_overdue", "obligations", "overdue", _("units overdue")),
    Figure("items_registered", "obligations", "items_registered", _("items registered by obligated units")),
    Figure("smuggling_produced_locally", "smuggling", "produced_locally", _("listed items produced locally")),
    Figure("mines_reactivated", "auctions", "reactivated"),
    Figure("raw_exports", "shipments", "raw_exports", _("raw exports since the year began")),
    Figure("export_tonnes", "shipments", "export_tonnes", _("tonnes exported since the year began")),
    Figure("self_jobs", "employment", "self_jobs", _("jobs by this directorate since the year began")),
    Figure("self_rank", "employment", "self_rank"),
    Figure("handed_over", "handovers", "handed_over", _("units handed over to industry")),
    # (within the licences report's default days, queries.DEFAULT_DAYS)
    Figure("licences_expiring", "licences", "expiring", _("operating licences expiring within 90 days")),
    Figure("unlicensed_active", "licences", "unlicensed_active"),
)
# The reports the figures come from, in the bulletin's order.
SLUGS = tuple(dict.fromkeys(figure.slug for figure in FIGURES))
# The table of the mines reactivated in the month (queries.reactivated_lots).
MINE_COLUMNS = (
    Column("signed_on", _("contract signed on"), "date"), Column("mine", _("mine"), "text"),
    Column("county", _("county"), "text"), Column("mineral", _("mineral"), "text"),
    Column("auction", _("auction number"), "code"), Column("amount_rials", _("winning bid (rials)"), "rials"),
)


@dataclasses.dataclass(frozen=True)
class Period:
    """A Jalali month."""

    year: int
    month: int

    @classmethod
    def last_finished(cls, today=None):
        """The month before the one `today` (default: today in Tehran) falls in."""
        day = jalali.to_jalali(today or jalali.today())
        return cls(day.year, day.month).previous()

    def previous(self):
        return Period(self.year, self.month - 1) if self.month > 1 else Period(self.year - 1, 12)

    def a_year_before(self):
        return Period(self.year - 1, self.month)

    @property
    def first(self):
        return jalali.month_bounds(self.year, self.month)[0]

    @property
    def end(self):
        """The month's last day (Gregorian)."""
        return jalali.month_bounds(self.year, self.month)[1]

    def finished(self, today=None):
        """Whether the month has ended by `today` (default: today in Tehran)."""
        return self.end < (today or jalali.today())

    def days(self):
        """{when: the day a figure is counted at}: this month's last day, the previous month's,
        and the last day of the same month a year before."""
        return dict(zip(WHEN, (self.end, self.previous().end, self.a_year_before().end), strict=True))


@dataclasses.dataclass
class Bulletin:
    period: Period
    # {when: day}
    days: dict
    # {when: {report slug: the Filters its figures were counted under}}, for their links.
    filters: dict
    # {figure name: {when: value}}
    figures: dict
    # The reports the bulletin shows tables of, counted whole as of the month's end: transparency
    # (its series and counties), obligations (its first OVERDUE_LISTED units, worst first) and
    # employment (the year's jobs by office up to the month).
    transparency: queries.Result
    obligations: queries.Result
    employment: queries.Result
    # The mines reactivated in the month, the first MINES_LISTED (each with the count of all).
    mines: list

    def counties(self):
        """The COUNTIES_LISTED counties furthest from the 100% target (lowest first; a county
        without products has no percentage and is left out)."""
        counted = [row for row in self.transparency.tables["by_county"] if row["percent"] is not None]
        return sorted(counted, key=lambda row: row["percent"])[:COUNTIES_LISTED]

    def overdue(self):
        """The first of the units overdue at the month's end (the obligations report's rows)."""
        return [row for row in self.obligations.tables["units"] if row["state"] == "overdue"]

    def mines_url(self):
        """The list of the lots whose contracts, signed in the month, reactivated their mines."""
        return LOTS(outcome="reactivated", signed_in=f"{self.period.year}-{self.period.month:02d}").url(
            self.filters["value"]["auctions"])

    def change(self, name, when):
        """How far figure `name` moved since the day `when`; None when either value is none."""
        values = self.figures[name]
        if values["value"] is None or values[when] is None:
            return None
        return values["value"] - values[when]


def bulletin(period):
    """The bulletin of `period`: each report's totals at the three days, in a fixed number of
    queries. Transparency and obligations are counted whole at the month's end (the bulletin shows
    their tables); transparency at the two other days is its own month-by-month series, which
    counts at each month's end; shipments and jobs count the three days in one pass each."""
    days = period.days()
    filters = {when: {slug: BY_SLUG[slug].resolve(queries.Filters(as_of=day)) for slug in SLUGS}
               for when, day in days.items()}

    def at(slug):
        """The report's filters at each of the three days."""
        return [filters[when][slug] for when in WHEN]

    transparency = queries.transparency(filters["value"]["transparency"])
    series = {(row["year"], row["month"]): row for row in transparency.tables["by_month"]}
    obligations, obligations_totals = queries.obligations_at(at("obligations"), OVERDUE_LISTED)
    offices = queries.employment_by_office_at(at("employment"))
    totals = {
        "transparency": [transparency.totals, *(series[month.year, month.month]
                                                for month in (period.previous(), period.a_year_before()))],
        "obligations": obligations_totals,
        "smuggling": [queries.smuggling_figures(each) for each in at("smuggling")],
        "auctions": [queries.auctions_figures(each) for each in at("auctions")],
        "shipments": [queries.shipments_totals(rows) for rows in queries.shipments_by_stage_at(at("shipments"))],
        "employment": [queries.employment_totals(rows) for rows in offices],
        "handovers": [queries.handovers_totals(each) for each in at("handovers")],
        "licences": [queries.licences_totals(each) for each in at("licences")],
    }
    return Bulletin(
        period=period,
        days=days,
        filters=filters,
        figures={figure.name: {when: counted[figure.key] for when, counted in zip(WHEN, totals[figure.slug])}
                 for figure in FIGURES},
        transparency=transparency,
        obligations=obligations,
        employment=queries.Result(totals=totals["employment"][0], tables={"by_office": offices[0]}),
        mines=queries.reactivated_lots(period.first, period.end, MINES_LISTED),
    )

