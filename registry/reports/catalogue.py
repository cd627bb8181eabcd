"""The ten reports, declared: slug, title, filters, the labels of their totals and table columns,
the query that fills them and the charts that draw them. Pages and downloads are built from this."""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from registry.models import Auction, Mine, Obligation, Shipment
from registry.reports import charts, queries


class Column(NamedTuple):
    key: str
    label: str
    # text, code (an identifier read left to right), int, percent, decimal2, tonnes, rials, date,
    # year, bool, or choice (a stored value shown by its label from `choices`).
    kind: str = "int"
    choices: type | None = None


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
    # Reports about a year count the current Jalali year when none is asked for.
    year_default: bool = False

    def shown_totals(self, result):
        """[(Column, value)] of the totals, as the page and the downloads show them."""
        return [(column, result.totals[column.key]) for column in self.totals]

    def shown_tables(self, result):
        """The tables with their rows, and the full count of a list cut short (else None)."""
        return [{"table": table, "rows": result.tables[table.name], "total": result.truncated.get(table.name)}
                for table in self.tables]


NAME = Column("name", _("name"), "text")
PRODUCTS = Column("products", _("products"))
REGISTERED = Column("registered", _("registered"))
TRANSPARENCY = Column("percent", _("transparency (%)"), "percent")
STATUS_COLUMNS = tuple(Column(status, label) for status, label in Mine.Status.choices)

REPORTS = (
    Report(
        slug="transparency",
        title=_("Goods transparency"),
        question=_("Share of products with a registered goods ID, against the 100% target."),
        filters=("county", "sector", "year", "as_of"),
        totals=(PRODUCTS, REGISTERED, TRANSPARENCY, Column("target", _("target (%)"), "percent")),
        tables=(
            Table("by_sector", _("By sector"),
                  (Column("name", _("sector"), "text"), PRODUCTS, REGISTERED, TRANSPARENCY)),
            Table("by_county", _("By county"),
                  (Column("name", _("county"), "text"), PRODUCTS, REGISTERED, TRANSPARENCY)),
            Table("by_month", _("Month by month (at the end of each month)"), (
                Column("year", _("year"), "year"), Column("month_name", _("month"), "text"),
                PRODUCTS, REGISTERED, TRANSPARENCY,
            )),
        ),
        query=queries.transparency,
        charts=charts.transparency,
        year_default=True,
    ),
    Report(
        slug="obligations",
        title=_("Goods ID obligations"),
        question=_("Units obliged to register goods IDs: met, open and overdue, and the items they have registered."),
        filters=("county", "sector", "as_of"),
        totals=(
            Column("obligated_units", _("obligated units")), Column("met", _("met")), Column("open", _("open")),
            Column("overdue", _("overdue")), Column("items_registered", _("registered items")),
        ),
        tables=(
            Table("units", _("Obligated units, overdue first"), (
                Column("national_id", _("national ID"), "code"), Column("name", _("unit name"), "text"),
                Column("county", _("county"), "text"), Column("obligations", _("obligations")),
                Column("deadline", _("nearest deadline"), "date"), Column("items_registered", _("registered items")),
                Column("state", _("state"), "choice", Obligation.State),
            )),
        ),
        query=queries.obligations,
        charts=charts.obligations,
    ),
    Report(
        slug="smuggling",
        title=_("Goods subject to smuggling"),
        question=_("Items of the anti-smuggling list, those produced in the province, and of those the registered."),
        filters=("county", "sector", "as_of"),
        totals=(
            Column("items", _("listed items")), Column("produced_locally", _("produced locally")),
            Column("registered_locally", _("produced locally and registered")),
        ),
        tables=(
            Table("by_sector", _("By sector"), (
                Column("name", _("sector"), "text"), Column("items", _("listed items")),
                Column("produced_locally", _("produced locally")),
                Column("registered_locally", _("produced locally and registered")),
                Column("local_percent", _("produced locally (%)"), "percent"),
            )),
            Table("local_items", _("Items produced in the province"), (
                Column("code", _("item code"), "code"), Column("name", _("item name"), "text"),
                Column("sector", _("sector"), "text"), Column("registered_locally", _("registered"), "bool"),
            )),
        ),
        query=queries.smuggling,
        charts=charts.smuggling,
    ),
    Report(
        slug="mining",
        title=_("Mines"),
        question=_("Mining units by status, county and mineral; idle rubble-stone quarries."),
        filters=("county",),
        totals=(
            Column("mines", _("mines")), *STATUS_COLUMNS,
            Column("idle_rubble_stone", _("idle rubble-stone quarries")),
        ),
        tables=(
            Table("by_status", _("By status"), (
                Column("status", _("status"), "choice", Mine.Status), Column("mines", _("mines")),
                Column("share", _("share (%)"), "percent"),
            )),
            Table("by_county", _("By county"), (Column("name", _("county"), "text"), Column("mines", _("mines")),
                                                *STATUS_COLUMNS)),
            Table("by_mineral", _("By mineral"), (Column("name", _("mineral"), "text"), Column("mines", _("mines")),
                                                  *STATUS_COLUMNS)),
        ),
        query=queries.mining,
        charts=charts.mining,
    ),
    Report(
        slug="auctions",
        title=_("Mine auctions"),
        question=_("Auctions of idle mines: lots offered, awarded and failed, mines reactivated, winning revenue."),
        filters=("county", "year"),
        totals=(
            Column("auctions", _("auctions")), Column("lots", _("lots")), Column("awarded", _("awarded lots")),
            Column("failed", _("failed lots")), Column("reactivated", _("mines reactivated")),
            Column("revenue_rials", _("winning bids (rials)"), "rials"),
        ),
        tables=(
            Table("by_status", _("By auction status"), (
                Column("status", _("status"), "choice", Auction.Status), Column("auctions", _("auctions")),
                Column("lots", _("lots")), Column("awarded", _("awarded lots")), Column("failed", _("failed lots")),
                Column("reactivated", _("mines reactivated")),
                Column("revenue_rials", _("winning bids (rials)"), "rials"),
            )),
            Table("auctions", _("Auctions, newest first"), (
                Column("number", _("auction number"), "code"), Column("title", _("title"), "text"),
                Column("status", _("status"), "choice", Auction.Status),
                Column("announced_on", _("announcement date"), "date"),
                Column("bid_deadline", _("bid deadline"), "date"),
                Column("lots", _("lots")), Column("awarded", _("awarded lots")),
                Column("reactivated", _("mines reactivated")),
            )),
        ),
        query=queries.auctions,
        charts=charts.auctions,
    ),
    Report(
        slug="shipments",
        title=_("Mineral shipments"),
        question=_("Tonnage by stage of the production chain and destination; raw exports (always none)."),
        filters=("county", "year"),
        totals=(
            Column("shipments", _("shipments")), Column("tonnes", _("tonnes"), "tonnes"),
            Column("export_tonnes", _("exported tonnes"), "tonnes"), Column("raw_exports", _("raw exports")),
        ),
        tables=(
            Table("by_stage", _("By stage and destination"), (
                Column("stage", _("stage"), "choice", Shipment.Stage),
                Column("destination", _("destination"), "choice", Shipment.Destination),
                Column("shipments", _("shipments")), Column("tonnes", _("tonnes"), "tonnes"),
            )),
        ),
        query=queries.shipments,
        charts=charts.shipments,
    ),
    Report(
        slug="industrial-space",
        title=_("Industrial space per person"),
        question=_("Industrial area of the estates per person, by county and for the province."),
        filters=("county",),
        totals=(
            Column("population", _("population")), Column("industrial_area_m2", _("industrial area (m²)"), "decimal2"),
            Column("per_capita_m2", _("m² per person"), "decimal2"),
        ),
        tables=(
            Table("by_county", _("By county"), (
                Column("name", _("county"), "text"), Column("population", _("population")),
                Column("industrial_area_m2", _("industrial area (m²)"), "decimal2"),
                Column("per_capita_m2", _("m² per person"), "decimal2"),
            )),
        ),
        query=queries.industrial_space,
        charts=charts.industrial_space,
    ),
    Report(
        slug="handovers",
        title=_("Idle units handed back to industry"),
        question=_("Idle units held by distribution companies, and how many cases stand at each stage."),
        filters=("county", "as_of"),
        totals=(
            Column("identified", _("identified")), Column("notified", _("notified")),
            Column("relocated", _("relocated")), Column("handed_over", _("handed over")),
        ),
        tables=(
            Table("by_estate", _("By industrial estate"), (
                Column("code", _("estate code"), "code"), Column("name", _("estate name"), "text"),
                Column("county", _("county"), "text"),
                Column("idle_held", _("idle units held by distribution companies today")),
                Column("identified", _("identified")), Column("notified", _("notified")),
                Column("relocated", _("relocated")), Column("handed_over", _("handed over")),
            )),
        ),
        query=queries.handovers,
        charts=charts.handovers,
    ),
    Report(
        slug="employment",
        title=_("Job creation"),
        question=_("Jobs registered by the province's government offices in a Jalali year, "
                   "each office's share and rank."),
        filters=("county", "year"),
        totals=(
            Column("jobs", _("jobs")), Column("self_jobs", _("jobs by this directorate")),
            Column("self_share_percent", _("this directorate's share (%)"), "percent"),
            Column("self_rank", _("this directorate's rank")),
        ),
        tables=(
            Table("by_office", _("By office"), (
                Column("rank", _("rank")), Column("name", _("office"), "text"), Column("jobs", _("jobs")),
                Column("share", _("share (%)"), "percent"),
            )),
        ),
        query=queries.employment,
        charts=charts.employment,
        year_default=True,
    ),
    Report(
        slug="licences",
        title=_("Operating licences"),
        question=_("Operating licences expiring soon, and active producers without a valid operating licence."),
        filters=("county", "sector", "days", "as_of"),
        totals=(
            Column("expiring", _("licences expiring")),
            Column("unlicensed_active", _("active producers without a valid licence")),
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
    ),
)

BY_SLUG = {report.slug: report for report in REPORTS}
