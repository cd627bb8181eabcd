"""The ten reports, declared: slug, title, filters, the labels of their totals and table columns,
the admin list each count leads to, the query that fills them and the charts that draw them.
Pages, prints and downloads are built from this."""

import dataclasses
from typing import NamedTuple
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.models import Auction, Handover, Mine, Obligation, Shipment
from registry.reports import charts, exports, queries
from registry.reports.links import (
    AUCTIONS,
    EMPLOYMENT,
    ESTATES,
    HANDOVERS,
    LICENCES,
    LOTS,
    MINES,
    OBLIGATIONS,
    OBLIGED_UNITS,
    PRODUCERS,
    PRODUCTS,
    SHIPMENTS,
    SMUGGLING_ITEMS,
    UNITS,
    Row,
)

# Column kinds that are quantities: they line up on the right, where their units digit is, in
# Persian as in English (digits run left to right in both), their heading with them; every other
# kind (text, code, date, year, bool, choice) stands at the start of its cell, its heading too.
QUANTITIES = ("int", "percent", "decimal2", "area", "tonnes", "rials")


class Column(NamedTuple):
    key: str
    label: str
    # text, code (an identifier read left to right), int, percent, decimal2, area (square metres,
    # their decimals only when there are any), tonnes, rials, date,
    # year, bool, or choice (a stored value shown by its label from `choices`).
    kind: str = "int"
    choices: type | None = None
    # The admin list of the records the figure counts (registry/reports/links.py).
    link: object = None

    @property
    def align(self):
        """The alignment of the column's heading and cells alike: `number` or `text`."""
        return "number" if self.kind in QUANTITIES else "text"


class Table(NamedTuple):
    name: str
    title: str
    columns: tuple


class Report(NamedTuple):
    slug: str
    title: str
    question: str
    filters: tuple
    totals: tuple
    tables: tuple
    query: object
    charts: object
    # What the page says when the filters leave nothing to count.
    empty: str
    # What the report counts as of a day (said on the page when it is counted as of one)…
    as_of_note: str = ""
    # …or, for a report whose records carry no dates, that it counts them as recorded now.
    recorded_now: str = ""
    # Reports about a year count the as-of day's Jalali year (today's without one) when none is
    # asked for…
    year_default: bool = False
    # …or only as of a day (without one, every year).
    as_of_year: bool = False

    def resolve(self, filters):
        """`filters` (a queries.Filters) with the report's defaults filled in: the year (above),
        and 90 days for a report that takes days."""
        year, days = filters.year, filters.days
        if year is None and (self.year_default or (self.as_of_year and filters.as_of is not None)):
            year = jalali.jalali_year(filters.as_of)
        if days is None and "days" in self.filters:
            days = queries.DEFAULT_DAYS
        return dataclasses.replace(filters, year=year, days=days)

    def default_filters(self):
        """The filters of the report as opened (the dashboard's)."""
        return self.resolve(queries.Filters())

    def url(self, filters):
        """The address of the report's page counted under `filters` (as its JSON names them)."""
        asked = {name: value for name, value in exports.json_filters(self, filters).items() if value is not None}
        path = reverse("reports:report", args=[self.slug])
        return f"{path}?{urlencode(asked)}" if asked else path

    def total(self, key):
        return next(column for column in self.totals if column.key == key)

    def table(self, name):
        return next(table for table in self.tables if table.name == name)

    def shown_totals(self, result):
        """[(Column, value)] of the totals, as the page and the downloads show them."""
        return [(column, result.totals[column.key]) for column in self.totals]

    def shown_tables(self, result):
        """The tables with their rows, and the full count of a list cut short (else None)."""
        return [{"table": table, "rows": result.tables[table.name], "total": result.truncated.get(table.name)}
                for table in self.tables]

    def nothing_counted(self, result):
        """Whether every count among the totals is zero (or none): the filters leave nothing to count."""
        return not any(result.totals[column.key] for column in self.totals if column.kind == "int")


def _name(label):
    return Column("name", label, "text")


def _products(**where):
    """Products, registered products and those not (yet) registered, each leading to its products."""
    return (Column("products", _("products"), link=PRODUCTS(**where)),
            Column("registered", _("registered"), link=PRODUCTS(**where, registered="yes")))


def _unregistered(**where):
    return Column("unregistered", _("not yet registered"), link=PRODUCTS(**where, registered="no"))


TRANSPARENCY = Column("percent", _("transparency (%)"), "percent")


def _statuses(**where):
    """A column per mine status, each leading to the mines in it."""
    return tuple(Column(status, label, link=MINES(**where, status=status)) for status, label in Mine.Status.choices)


def _stages(**where):
    return tuple(Column(stage, label, link=HANDOVERS(**where, stage=stage)) for stage, label in Handover.Stage.choices)


def _lot_figures(**where):
    return (Column("lots", _("lots"), link=LOTS(**where)),
            Column("awarded", _("awarded lots"), link=LOTS(**where, outcome="awarded")))


REPORTS = (
    Report(
        slug="transparency",
        title=_("Goods transparency"),
        question=_("Share of products with a registered goods ID, against the 100% target."),
        filters=("county", "sector", "year", "as_of"),
        totals=(*_products(), TRANSPARENCY, Column("target", _("target (%)"), "percent")),
        tables=(
            Table("by_sector", _("By sector"), (
                _name(_("sector")), *_products(sector=Row("_id")), _unregistered(sector=Row("_id")), TRANSPARENCY,
            )),
            Table("by_county", _("By county"), (
                _name(_("county")), *_products(county=Row("_id")), _unregistered(county=Row("_id")), TRANSPARENCY,
            )),
            Table("by_month", _("Month by month (at the end of each month)"), (
                Column("year", _("year"), "year"), Column("month_name", _("month"), "text"),
                *_products(as_of=Row("_as_of")), _unregistered(as_of=Row("_as_of")), TRANSPARENCY,
            )),
        ),
        query=queries.transparency,
        charts=charts.transparency,
        empty=_("No product is recorded for these filters."),
        as_of_note=_("the products declared by then and, of them, those registered by then; "
                     "the month-by-month series stops at that day."),
        year_default=True,
    ),
    Report(
        slug="obligations",
        title=_("Goods ID obligations"),
        question=_("Units obliged to register goods IDs: met, open and overdue, and the items they have registered."),
        filters=("county", "sector", "as_of"),
        totals=(
            Column("obligated_units", _("obligated units"), link=OBLIGED_UNITS(state="obliged")),
            *(Column(state, label, link=OBLIGED_UNITS(state=state)) for state, label in Obligation.State.choices),
            Column("items_registered", _("registered items"), link=PRODUCTS(registered="yes", obligated="yes")),
        ),
        tables=(
            Table("units", _("Obligated units, overdue first"), (
                Column("national_id", _("national ID"), "code"), Column("name", _("unit name"), "text"),
                Column("county", _("county"), "text"),
                Column("obligations", _("obligations"), link=OBLIGATIONS(producer=Row("_id"))),
                Column("deadline", _("nearest deadline"), "date"),
                Column("items_registered", _("registered items"),
                       link=PRODUCTS(producer=Row("_id"), registered="yes", obligated="yes")),
                Column("state", _("state"), "choice", Obligation.State),
            )),
        ),
        query=queries.obligations,
        charts=charts.obligations,
        empty=_("No unit is obliged to register goods IDs for these filters."),
        as_of_note=_("the obligations notified by then, each met when by then the unit had a "
                     "product in its sector and all of them were registered, overdue when not met and its "
                     "deadline had passed."),
    ),
    Report(
        slug="smuggling",
        title=_("Goods subject to smuggling"),
        question=_("Items of the anti-smuggling list, those produced in the province, and those of them "
                   "with a registered goods ID."),
        filters=("county", "sector", "as_of"),
        totals=(
            Column("items", _("listed items"), link=SMUGGLING_ITEMS()),
            Column("produced_locally", _("produced locally"), link=SMUGGLING_ITEMS(produced_locally="yes")),
            Column("registered_locally", _("produced locally, with a registered goods ID"),
                   link=SMUGGLING_ITEMS(registered_locally="yes")),
        ),
        tables=(
            Table("by_sector", _("By sector"), (
                _name(_("sector")),
                Column("items", _("listed items"), link=SMUGGLING_ITEMS(sector=Row("_id"))),
                Column("produced_locally", _("produced locally"),
                       link=SMUGGLING_ITEMS(sector=Row("_id"), produced_locally="yes")),
                Column("registered_locally", _("produced locally, with a registered goods ID"),
                       link=SMUGGLING_ITEMS(sector=Row("_id"), registered_locally="yes")),
                Column("local_percent", _("produced locally (%)"), "percent"),
            )),
            Table("local_items", _("Items produced in the province"), (
                Column("code", _("item code"), "code"), Column("name", _("item name"), "text"),
                Column("sector", _("sector"), "text"),
                Column("registered_locally", _("with a registered goods ID"), "bool"),
            )),
        ),
        query=queries.smuggling,
        charts=charts.smuggling,
        empty=_("No item of the anti-smuggling list matches these filters."),
        as_of_note=_("the items of the lists up to that day's year, produced locally by the "
                     "products declared by then and registered locally by those registered by then."),
    ),
    Report(
        slug="mining",
        title=_("Mines"),
        question=_("Mining units by status, county and mineral; idle rubble-stone quarries."),
        filters=("county",),
        totals=(
            Column("mines", _("mines"), link=MINES()), *_statuses(),
            Column("idle_rubble_stone", _("idle rubble-stone quarries"),
                   link=MINES(status=Mine.Status.IDLE, rubble_stone="1")),
        ),
        tables=(
            Table("by_status", _("By status"), (
                Column("status", _("status"), "choice", Mine.Status),
                Column("mines", _("mines"), link=MINES(status=Row("status"))),
                Column("share", _("share (%)"), "percent"),
            )),
            Table("by_county", _("By county"), (
                _name(_("county")), Column("mines", _("mines"), link=MINES(county=Row("_id"))),
                *_statuses(county=Row("_id")),
            )),
            Table("by_mineral", _("By mineral"), (
                _name(_("mineral")), Column("mines", _("mines"), link=MINES(mineral=Row("_id"))),
                *_statuses(mineral=Row("_id")),
            )),
        ),
        query=queries.mining,
        charts=charts.mining,
        empty=_("No mine is recorded for these filters."),
        recorded_now=_("Counted as recorded now: a mine's status carries no date, so this report cannot be "
                       "counted as of a past day."),
    ),
    Report(
        slug="auctions",
        title=_("Mine auctions"),
        question=_("Auctions of idle mines: lots offered, awarded and failed, mines reactivated, winning revenue."),
        filters=("county", "year", "as_of"),
        totals=(
            Column("auctions", _("auctions"), link=AUCTIONS()), *_lot_figures(),
            Column("failed", _("failed lots"), link=LOTS(outcome="failed")),
            Column("reactivated", _("mines reactivated"), link=LOTS(outcome="reactivated")),
            Column("revenue_rials", _("winning bids (rials)"), "rials"),
            Column("runner_up_awards", _("lots signed with the runner-up"), link=LOTS(outcome="runner_up")),
            Column("reoffered", _("lots offered again"), link=LOTS(reoffer="yes")),
            # Its link: the lots of that longest chain, wherever and whenever they were offered.
            Column("max_attempts", _("most attempts for one mine"),
                   link=LOTS(chain=Row("_longest_chain"), county=None, year=None)),
        ),
        tables=(
            Table("by_status", _("By auction status"), (
                Column("status", _("status"), "choice", Auction.Status),
                Column("auctions", _("auctions"), link=AUCTIONS(status=Row("status"))),
                *_lot_figures(status=Row("status")),
                Column("failed", _("failed lots"), link=LOTS(status=Row("status"), outcome="failed")),
                Column("reactivated", _("mines reactivated"), link=LOTS(status=Row("status"), outcome="reactivated")),
                Column("revenue_rials", _("winning bids (rials)"), "rials"),
            )),
            Table("auctions", _("Auctions, newest first"), (
                Column("number", _("auction number"), "code"), Column("title", _("title"), "text"),
                Column("status", _("status"), "choice", Auction.Status),
                Column("announced_on", _("announcement date"), "date"),
                Column("bid_deadline", _("bid deadline"), "date"),
                *_lot_figures(auction=Row("_id")),
                Column("reactivated", _("mines reactivated"), link=LOTS(auction=Row("_id"), outcome="reactivated")),
            )),
            Table("reactivated_after_attempts", _("Mines reactivated after more than one attempt"), (
                Column("licence_number", _("licence number"), "code"), Column("mine", _("mine"), "text"),
                Column("county", _("county"), "text"),
                Column("attempts", _("attempts"), link=LOTS(chain=Row("_chain"), county=None, year=None)),
                Column("first_offered_on", _("first offered on"), "date"),
                Column("contract_signed_on", _("contract signed on"), "date"),
                Column("days", _("days from the first offer to the contract")),
            )),
        ),
        query=queries.auctions,
        charts=charts.auctions,
        empty=_("No auction was announced for these filters."),
        as_of_note=_("the auctions announced by then, with their status, awards and failures "
                     "as recorded now; the mines reactivated, and their winning bids, by the contracts signed "
                     "by then."),
    ),
    Report(
        slug="shipments",
        title=_("Mineral shipments"),
        question=_("Tonnage by stage of the production chain and destination; raw exports (always none)."),
        filters=("county", "year", "as_of"),
        totals=(
            # Tonnes lead to the shipments they sum (the list shows their tonnage).
            Column("shipments", _("shipments"), link=SHIPMENTS()),
            Column("tonnes", _("tonnes"), "tonnes", link=SHIPMENTS()),
            Column("export_tonnes", _("exported tonnes"), "tonnes",
                   link=SHIPMENTS(destination=Shipment.Destination.EXPORT)),
            Column("raw_exports", _("raw exports"),
                   link=SHIPMENTS(stage=Shipment.Stage.RAW, destination=Shipment.Destination.EXPORT)),
        ),
        tables=(
            Table("by_stage", _("By stage and destination"), (
                Column("stage", _("stage"), "choice", Shipment.Stage),
                Column("destination", _("destination"), "choice", Shipment.Destination),
                Column("shipments", _("shipments"), link=SHIPMENTS(stage=Row("stage"), destination=Row("destination"))),
                Column("tonnes", _("tonnes"), "tonnes",
                       link=SHIPMENTS(stage=Row("stage"), destination=Row("destination"))),
            )),
        ),
        query=queries.shipments,
        charts=charts.shipments,
        empty=_("No shipment is recorded for these filters."),
        as_of_note=_("the shipments of the year (that day's, unless another is chosen) shipped "
                     "by then."),
        as_of_year=True,
    ),
    Report(
        slug="industrial-space",
        title=_("Industrial space per person"),
        question=_("Industrial area of the estates per person, by county and for the province."),
        filters=("county",),
        totals=(
            Column("population", _("population")),
            Column("industrial_area_m2", _("industrial area (m²)"), "area", link=ESTATES()),
            Column("per_capita_m2", _("m² per person"), "decimal2"),
        ),
        tables=(
            Table("by_county", _("By county"), (
                _name(_("county")), Column("population", _("population")),
                Column("industrial_area_m2", _("industrial area (m²)"), "area", link=ESTATES(county=Row("_id"))),
                Column("per_capita_m2", _("m² per person"), "decimal2"),
            )),
        ),
        query=queries.industrial_space,
        charts=charts.industrial_space,
        empty=_("No industrial estate is recorded for these filters."),
        recorded_now=_("Counted as recorded now: the estates' areas carry no date, so this report cannot be "
                       "counted as of a past day."),
    ),
    Report(
        slug="handovers",
        title=_("Idle units handed back to industry"),
        question=_("Idle units held by distribution companies, and how many cases stand at each stage."),
        filters=("county", "as_of"),
        totals=_stages(),
        tables=(
            Table("by_estate", _("By industrial estate"), (
                Column("code", _("estate code"), "code"), Column("name", _("estate name"), "text"),
                Column("county", _("county"), "text"),
                Column("idle_held", _("idle units held by distribution companies today"),
                       link=UNITS(estate=Row("_id"), status="idle", occupant_kind="distribution")),
                *_stages(estate=Row("_id")),
            )),
        ),
        query=queries.handovers,
        charts=charts.handovers,
        empty=_("No handover case is recorded for these filters."),
        as_of_note=_("the cases identified by then, each at the last stage dated by then; the "
                     "idle units held by distribution companies as recorded now."),
    ),
    Report(
        slug="employment",
        title=_("Job creation"),
        question=_("Jobs registered by the province's government offices in a Jalali year, "
                   "each office's share and rank."),
        filters=("county", "year", "as_of"),
        totals=(
            # Beside this directorate's jobs, the total says whose it is.
            Column("jobs", _("jobs, all offices"), link=EMPLOYMENT()),
            Column("self_jobs", _("jobs by this directorate"), link=EMPLOYMENT(own_office="1")),
            Column("self_share_percent", _("this directorate's share (%)"), "percent"),
            Column("self_rank", _("this directorate's rank")),
        ),
        tables=(
            Table("by_office", _("By office"), (
                Column("rank", _("rank")), _name(_("office")),
                Column("jobs", _("jobs"), link=EMPLOYMENT(office=Row("_id"))),
                Column("share", _("share (%)"), "percent"),
            )),
        ),
        query=queries.employment,
        charts=charts.employment,
        empty=_("No jobs are registered for this year and these filters."),
        as_of_note=_("the jobs of the year (that day's, unless another is chosen) registered for "
                     "its months up to that day's month."),
        year_default=True,
    ),
    Report(
        slug="licences",
        title=_("Operating licences"),
        question=_("Operating licences expiring soon, and active producers without a valid operating licence."),
        filters=("county", "sector", "days", "as_of"),
        totals=(
            Column("expiring", _("licences expiring"), link=LICENCES(kind="operating")),
            Column("unlicensed_active", _("active producers without a valid licence"),
                   link=PRODUCERS(status="active", licensed="no")),
        ),
        tables=(
            Table("expiring", _("Licences expiring, soonest first"), (
                Column("number", _("licence number"), "code"), Column("name", _("unit name"), "text"),
                Column("national_id", _("national ID"), "code"), Column("county", _("county"), "text"),
                Column("expires_on", _("expiry date"), "date"), Column("days_left", _("days left")),
            )),
            Table("unlicensed", _("Active producers without a valid operating licence"), (
                Column("national_id", _("national ID"), "code"), Column("name", _("unit name"), "text"),
                Column("county", _("county"), "text"), Column("sector", _("sector"), "text"),
                Column("last_expiry", _("last operating licence expired on"), "date"),
            )),
        ),
        query=queries.licences,
        charts=charts.licences,
        empty=_("No operating licence expires within these days, and every active producer holds a valid one."),
        as_of_note=_("the operating licences expiring within the chosen days after that day, and the "
                     "producers active now without an operating licence valid on that day."),
    ),
)

BY_SLUG = {report.slug: report for report in REPORTS}
