"""The clerks' admin pages on the large registry: the lists of producers, products, mines and
shipments (as opened, filtered, searched by name and by identifier, sorted), their change and
add forms, the first page of every other list, the audit trail, the lists the reports' figures
lead to (filtered as their links filter them: a county, a sector, a year, a day a year ago), and
the worklist with the lists its counts lead to; each page's median time (in-process, DEBUG off,
a clerk working province-wide; every page carries the worklist's count in its header) and its
query count against the same page on the small database."""

import datetime
import sys

from django.db.models import Count

from bench.measure import page_queries, page_time, same_queries
from registry import jalali, worklist
from registry.models import (
    Auction,
    County,
    Handover,
    Lot,
    Mine,
    Mineral,
    Obligation,
    Office,
    Producer,
    Product,
    Sector,
    Shipment,
    SmugglingItem,
    Unit,
)
from registry.reports.bulletin import Period

TARGET_MS = 150
ADMIN = "/admin/registry"
# Lists that are not measured in every variant: their first page as a clerk opens it.
OTHER_LISTS = ("licence", "inspection", "obligation", "smugglingitem", "employmentrecord", "estate", "unit",
               "handover", "auction", "lot", "bid")


def typical_producer():
    """The producer with the median number of products (the page a clerk usually opens)."""
    counts = list(Product.objects.values_list("producer").annotate(n=Count("pk")).order_by("n", "producer"))
    return counts[len(counts) // 2][0] if counts else Producer.objects.order_by("pk").values_list("pk", flat=True)[0]


def pages():
    """[(name, url)] of the measured pages, picked from the database at hand (large or small)."""
    sanandaj = County.objects.get(code="sanandaj").pk
    food = Sector.objects.get(code="food").pk
    rubble = Mineral.objects.get(code="rubble_stone").pk
    producer = Producer.objects.get(pk=typical_producer())
    product = (Product.objects.filter(status=Product.Status.REGISTERED).exclude(smuggling_item=None).order_by("pk")
               .first() or Product.objects.filter(status=Product.Status.REGISTERED).order_by("pk").first())
    item = SmugglingItem.objects.filter(products__isnull=False).order_by("pk").first()
    mine = Mine.objects.filter(status=Mine.Status.ACTIVE).order_by("pk").first()
    # Records of the same shape in both databases: each chosen foreign key shown costs a query.
    shipment = (Shipment.objects.filter(destination=Shipment.Destination.EXPORT, mine__isnull=False,
                                        processor__isnull=False).order_by("pk").first()
                or Shipment.objects.order_by("pk").first())
    jyear = jalali.jalali_year() - 1
    return [
        ("producers: list", f"{ADMIN}/producer/"),
        ("producers: list, county", f"{ADMIN}/producer/?county__id__exact={sanandaj}"),
        ("producers: list, sector", f"{ADMIN}/producer/?sector__id__exact={food}"),
        ("producers: list, idle", f"{ADMIN}/producer/?status__exact=idle"),
        ("producers: list, licensed", f"{ADMIN}/producer/?licensed=yes"),
        ("producers: list, obligation overdue", f"{ADMIN}/producer/?obligation_state=overdue"),
        ("producers: search name", f"{ADMIN}/producer/?q=زاگرس"),
        ("producers: search national ID", f"{ADMIN}/producer/?q={producer.national_id}"),
        ("producers: change form", f"{ADMIN}/producer/{producer.pk}/change/"),
        ("producers: add form", f"{ADMIN}/producer/add/"),
        ("products: list", f"{ADMIN}/product/"),
        ("products: list, pending", f"{ADMIN}/product/?status__exact=pending"),
        ("products: list, sector", f"{ADMIN}/product/?sector__id__exact={food}"),
        ("products: list, smuggling item", f"{ADMIN}/product/?smuggling_item__id__exact={item.pk}"),
        ("products: list, year registered", f"{ADMIN}/product/?registered_on__jalali_year={jyear}"),
        ("products: list, county", f"{ADMIN}/product/?producer__county__id__exact={sanandaj}"),
        ("products: search name", f"{ADMIN}/product/?q=یخچال"),
        ("products: search goods ID", f"{ADMIN}/product/?q={product.goods_id}"),
        ("products: search producer ID", f"{ADMIN}/product/?q={producer.national_id}"),
        ("products: sorted by name", f"{ADMIN}/product/?o=1"),
        ("products: sorted by registration date, newest first", f"{ADMIN}/product/?o=-6"),
        ("products: change form", f"{ADMIN}/product/{product.pk}/change/"),
        ("products: add form", f"{ADMIN}/product/add/"),
        ("mines: list", f"{ADMIN}/mine/"),
        ("mines: list, idle", f"{ADMIN}/mine/?status__exact=idle"),
        ("mines: list, county", f"{ADMIN}/mine/?county__id__exact={sanandaj}"),
        ("mines: list, rubble stone", f"{ADMIN}/mine/?mineral__id__exact={rubble}"),
        ("mines: search name", f"{ADMIN}/mine/?q=کانی‌سور"),
        ("mines: search licence number", f"{ADMIN}/mine/?q={mine.licence_number}"),
        ("mines: change form", f"{ADMIN}/mine/{mine.pk}/change/"),
        ("mines: add form", f"{ADMIN}/mine/add/"),
        ("shipments: list", f"{ADMIN}/shipment/"),
        ("shipments: list, raw", f"{ADMIN}/shipment/?stage__exact=raw"),
        ("shipments: list, export", f"{ADMIN}/shipment/?destination__exact=export"),
        ("shipments: list, year", f"{ADMIN}/shipment/?shipped_on__jalali_year={jyear}"),
        ("shipments: sorted by number, last first", f"{ADMIN}/shipment/?o=-0"),
        ("shipments: search number", f"{ADMIN}/shipment/?q={shipment.number}"),
        ("shipments: search goods ID", f"{ADMIN}/shipment/?q={shipment.goods_id or shipment.number}"),
        ("shipments: change form", f"{ADMIN}/shipment/{shipment.pk}/change/"),
        ("shipments: add form", f"{ADMIN}/shipment/add/"),
        *((f"{name}: list", f"{ADMIN}/{name}/") for name in OTHER_LISTS),
        ("inspection: search producer name", f"{ADMIN}/inspection/?q=زاگرس"),
        ("audit trail", "/admin/audit/"),
        *report_lists(sanandaj, food, jyear),
        ("worklist", "/worklist/"),
        ("worklist: JSON", "/worklist/?format=json"),
        ("worklist: county", "/worklist/?county=sanandaj"),
        ("worklist: products pending", "/worklist/?kind=product_pending"),
        ("worklist: overdue obligations, JSON", "/worklist/?kind=obligation_overdue&format=json"),
        # Where each count of the worklist leads.
        *((f"worklist: list of {kind.name}", kind.changelist_url()) for kind in worklist.KINDS),
    ]


def report_lists(county, sector, jyear):
    """The lists a report's figures lead to (registry/reports/links.py), filtered as their links
    filter them: a county, a sector, a day a year ago or a year, and the figure's own condition."""
    a_year_ago = jalali.today() - datetime.timedelta(days=365)
    year_ago, its_year, month = a_year_ago.isoformat(), jalali.jalali_year(a_year_ago), Period.last_finished()
    where = f"producer__county__id__exact={county}&sector__id__exact={sector}&as_of={year_ago}"
    appliances = Sector.objects.get(code="home_appliances").pk
    imt = Office.objects.get(is_self=True).pk
    estate = Unit.objects.filter(status=Unit.Status.IDLE).order_by("estate").values_list("estate", flat=True).first()
    return [
        ("report lists: products of a county and sector as of a day", f"{ADMIN}/product/?{where}"),
        ("report lists: their registered products", f"{ADMIN}/product/?{where}&registered=yes"),
        ("report lists: their products not yet registered", f"{ADMIN}/product/?{where}&registered=no"),
        ("report lists: registered products under obligations",
         f"{ADMIN}/product/?sector__id__exact={appliances}&registered=yes&obligated=yes"),
        ("report lists: obliged units, overdue", f"{ADMIN}/producer/?obligation_state=overdue"),
        ("report lists: obliged units of a sector, met, a year ago",
         f"{ADMIN}/producer/?obligation_sector={appliances}&as_of={year_ago}&obligation_state=met"),
        ("report lists: active producers without a valid licence",
         f"{ADMIN}/producer/?status__exact=active&licensed=no"),
        ("report lists: obligations overdue a year ago", f"{ADMIN}/obligation/?as_of={year_ago}&state=overdue"),
        ("report lists: listed items produced in a county",
         f"{ADMIN}/smugglingitem/?production_county={county}&produced_locally=yes"),
        ("report lists: auctions with a lot in a county", f"{ADMIN}/auction/?county={county}"),
        ("report lists: lots reactivated in a year", f"{ADMIN}/lot/?announced_in={jyear}&outcome=reactivated"),
        ("report lists: shipments of a county in a year",
         f"{ADMIN}/shipment/?county={county}&shipped_on__jalali_year={jyear}"),
        ("report lists: handovers at a stage a year ago", f"{ADMIN}/handover/?as_of={year_ago}&stage=notified"),
        ("report lists: operating licences expiring within 90 days",
         f"{ADMIN}/licence/?producer__county__id__exact={county}&expiring_within=90&kind__exact=operating"),
        ("report lists: jobs of this directorate in a county and year",
         f"{ADMIN}/employmentrecord/?county__id__exact={county}&year={jyear}&office__id__exact={imt}"),
        ("report lists: idle units of an estate held by distribution companies",
         f"{ADMIN}/unit/?estate__id__exact={estate}&status__exact=idle&occupant_kind__exact=distribution"),
        # As of a day (issue 18): each list keeps what its report counts by then.
        ("report lists: listed items produced in a county, a year ago",
         f"{ADMIN}/smugglingitem/?production_county={county}&as_of={year_ago}&produced_locally=yes"),
        ("report lists: auctions announced by a day a year ago", f"{ADMIN}/auction/?as_of={year_ago}"),
        ("report lists: lots reactivated by a day a year ago", f"{ADMIN}/lot/?as_of={year_ago}&outcome=reactivated"),
        ("report lists: lots reactivated in last month (the bulletin's)",
         f"{ADMIN}/lot/?as_of={month.end.isoformat()}&outcome=reactivated&signed_in={month.year}-{month.month:02d}"),
        ("report lists: shipments of a county in a year, by a day a year ago",
         f"{ADMIN}/shipment/?county={county}&shipped_on__jalali_year={its_year}&as_of={year_ago}"),
        ("report lists: jobs of this directorate in a year up to the month a year ago",
         f"{ADMIN}/employmentrecord/?year={its_year}&as_of={year_ago}&office__id__exact={imt}"),
        *other_report_lists(county, sector, jyear, year_ago, month),
    ]


def other_report_lists(county, sector, jyear, year_ago, month):
    """The other kinds of figure's link (the rows and totals of every report as registry/reports/
    catalogue.py declares them), each once: its list filtered by a county or a sector where the
    report takes them, the figure's own condition, and the row's record (an item's sector, a mine's
    mineral, an auction, a unit, an estate), picked so that the small database has one too."""
    rubble = Mineral.objects.get(code="rubble_stone").pk
    unit = Obligation.objects.order_by("producer").values_list("producer", flat=True).first()
    auction = Lot.objects.order_by("auction").values_list("auction", flat=True).first()
    # A chain of attempts ends at a lot offering again a failed one (at any lot, failing that).
    last_attempt = (Lot.objects.filter(previous_lot__isnull=False).order_by("pk").values_list("pk", flat=True).first()
                    or Lot.objects.order_by("pk").values_list("pk", flat=True)[0])
    mines = f"{ADMIN}/mine/"
    estate = Handover.objects.order_by("unit__estate").values_list("unit__estate", flat=True).first()
    return [
        # Smuggling: each row's item flags count the products of the county's producers.
        ("report lists: listed items produced and registered in a county",
         f"{ADMIN}/smugglingitem/?production_county={county}&registered_locally=yes"),
        ("report lists: listed items of a sector produced in a county",
         f"{ADMIN}/smugglingitem/?sector__id__exact={sector}&production_county={county}&produced_locally=yes"),
        ("report lists: listed items of a sector produced and registered in a county, a year ago",
         f"{ADMIN}/smugglingitem/?sector__id__exact={sector}&production_county={county}&as_of={year_ago}"
         "&registered_locally=yes"),
        # Transparency month by month: the products registered by a month's end.
        ("report lists: products registered by the end of last month",
         f"{ADMIN}/product/?as_of={month.end.isoformat()}&registered=yes"),
        # Obligations: a unit's row.
        ("report lists: obligations of a unit", f"{ADMIN}/obligation/?producer__id__exact={unit}"),
        ("report lists: registered items of a unit under obligations",
         f"{ADMIN}/product/?producer__id__exact={unit}&registered=yes&obligated=yes"),
        ("report lists: obliged units of a county, open",
         f"{ADMIN}/producer/?county__id__exact={county}&obligation_state=open"),
        # Mining: a county's or a mineral's mines at a status, the idle rubble-stone quarries.
        ("report lists: mines of a county at a status", f"{mines}?county__id__exact={county}&status__exact=active"),
        ("report lists: mines of a mineral at a status", f"{mines}?mineral__id__exact={rubble}&status__exact=idle"),
        ("report lists: idle rubble-stone quarries", f"{mines}?status__exact=idle&mineral__rubble_stone__exact=1"),
        # Auctions: by status, an auction's row, and the lots of the totals.
        ("report lists: auctions at a status in a county",
         f"{ADMIN}/auction/?county={county}&status__exact={Auction.Status.CLOSED}"),
        ("report lists: failed lots of auctions at a status, in a county",
         f"{ADMIN}/lot/?mine__county__id__exact={county}&auction__status__exact={Auction.Status.CLOSED}"
         "&outcome=failed"),
        ("report lists: awarded lots of an auction", f"{ADMIN}/lot/?auction__id__exact={auction}&outcome=awarded"),
        ("report lists: lots signed with the runner-up", f"{ADMIN}/lot/?outcome=runner_up"),
        ("report lists: lots offered again, a year ago", f"{ADMIN}/lot/?as_of={year_ago}&reoffer=yes"),
        ("report lists: a mine's attempts up to a lot", f"{ADMIN}/lot/?chain={last_attempt}"),
        # Shipments: a stage and destination (the raw exports).
        ("report lists: raw exports of a county in a year",
         f"{ADMIN}/shipment/?county={county}&shipped_on__jalali_year={jyear}&stage__exact=raw"
         "&destination__exact=export"),
        # Industrial space, handovers, employment.
        ("report lists: estates of a county", f"{ADMIN}/estate/?county__id__exact={county}"),
        ("report lists: handovers of an estate at a stage",
         f"{ADMIN}/handover/?unit__estate__id__exact={estate}&stage=handed_over"),
        ("report lists: jobs of this directorate (as an office) in a year",
         f"{ADMIN}/employmentrecord/?year={jyear}&office__is_self__exact=1"),
        ("report lists: jobs of this directorate in a year, a year ago",
         f"{ADMIN}/employmentrecord/?year={jyear}&as_of={year_ago}&office__is_self__exact=1"),
    ]


def small_database_figures(bench):
    client = bench.client("clerk")
    return {name: page_queries(client, url) for name, url in pages()}


def measure(bench):
    client = bench.client("clerk")
    small = bench.small_database_figures(sys.modules[__name__])
    results = []
    for name, url in pages():
        row, ms = page_time(name, bench, client, url, TARGET_MS)
        results.append(row)
        if ms is not None:
            results.append(same_queries(name, page_queries(client, url), small[name]))
    return results
