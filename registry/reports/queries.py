"""Every figure of the supervisors' reports, and the only place their SQL lives.

Each report is a fixed number of GROUP BY queries whatever the size of the registry; the derived
facts (licensed, obligation state, local flags, handover stage, space per person) come from
registry.querysets so a report and a list page never disagree. A report function takes Filters
and returns a Result: `totals` (the JSON contract of spec section 4) and named tables of rows.
"""

import dataclasses
import datetime
import functools
import operator
from collections import Counter
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import translation

from registry import jalali
from registry.models import (
    Auction,
    County,
    Handover,
    Licence,
    Lot,
    Mine,
    Mineral,
    Obligation,
    Office,
    Producer,
    Product,
    ProductCount,
    Sector,
    Shipment,
    SmugglingItem,
    Unit,
)
from registry.querysets import (
    ObligationQuerySet,
    attempts,
    notified_by,
    reported_by,
    round_half_up,
    shipped_by,
    subquery_count,
)
from registry.text import alphabetical, collation_key

TARGET_PERCENT = 100
DEFAULT_DAYS = 90
# Lists of records (units, licences, producers, auctions) stop here; their totals count them all.
LIST_LIMIT = 200


@dataclasses.dataclass(frozen=True)
class Filters:
    """What a report counts: reference records (not codes), a Jalali year, a Gregorian date."""

    county: County | None = None
    sector: Sector | None = None
    year: int | None = None
    as_of: datetime.date | None = None
    days: int | None = None


@dataclasses.dataclass
class Result:
    totals: dict
    tables: dict
    # {table name: how many rows there are} for a list cut at LIST_LIMIT.
    truncated: dict = dataclasses.field(default_factory=dict)


def percent(part, whole):
    """part / whole as a percentage with one decimal (half up); None when there is no whole."""
    if not whole:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(whole), 1)


def _english():
    return translation.get_language() == "en"


def _namer(prefix):
    """A function reading the name, in the page's language, of the reference record that rows read
    with values() hold under `prefix` (the language looked up once for a list, not for each row)."""
    return operator.itemgetter(f"{prefix}name_en" if _english() else f"{prefix}name_fa")


def _names(prefix):
    return (f"{prefix}name_fa", f"{prefix}name_en")


def _reference_row(record, **figures):
    """A row about a reference record; `_id` (as every row's key beginning with _) is for the
    links to the records it counts, not for the downloads."""
    return {"code": record.code, "name": str(record), "_id": record.pk, **figures}


def _by_name(rows):
    """Rows of reference records in the alphabetical order of their names in the page's language."""
    return alphabetical(rows, lambda row: row["name"])


def _only(queryset, record):
    """The reference rows of a table: all of them, or only the one a filter selects."""
    return queryset.filter(pk=record.pk) if record is not None else queryset


def _count_in(queryset):
    """Count the rows of a GROUP BY that a purpose-named queryset method selects (one definition
    of 'awarded', 'failed', 'reactivated'), as a filtered aggregate of the same pass."""
    return Count("pk", filter=Q(pk__in=queryset.values("pk")))


def _sum(rows, key):
    return sum(row[key] for row in rows)


def _any_of(conditions):
    """The WHERE of one pass that several sets of filters share (the Q each counts by): what any
    of them counts; everything when one of them does."""
    return Q() if not all(conditions) else functools.reduce(operator.or_, conditions)


def _each_own(conditions):
    """The FILTER of each set's own aggregates in such a pass: none for a single set (the WHERE is
    its own) or for a set that counts everything."""
    return [condition if len(conditions) > 1 and condition else None for condition in conditions]


# ---------------------------------------------------------------------------------------------
# transparency


def _product_counts(filters, ends=()):
    """One pass over the product counts the database keeps per county, sector and day
    (ProductCount, registry/summaries.py) instead of over a million products: within the county
    and sector asked for, grouped by county, sector and (given month ends) the first month end on
    or after the day; what was declared and registered in each group in all (`declared_n`,
    `registered_n`) and up to the as-of day (`declared_by`, `registered_by`)."""
    counts = ProductCount.objects.order_by()
    if filters.county is not None:
        counts = counts.filter(county=filters.county)
    if filters.sector is not None:
        counts = counts.filter(sector=filters.sector)
    months = {}
    if ends:
        months["month"] = Case(*(When(day__lte=end, then=Value(i)) for i, end in enumerate(ends)),
                               output_field=IntegerField())
    by_day = Q(day__lte=filters.as_of) if filters.as_of is not None else None
    return list(counts.values("county", "sector", **months).annotate(
        declared_n=Sum("declared"), registered_n=Sum("registered"),
        declared_by=Sum("declared", filter=by_day), registered_by=Sum("registered", filter=by_day),
    ))


def _transparency_rows(references, record, counts, key):
    """Every reference row (or the one a filter selects) with its products and registered
    products as of the day asked, summed from `counts` (_product_counts)."""
    products, registered = Counter(), Counter()
    for row in counts:
        products[row[key]] += row["declared_by"] or 0
        registered[row[key]] += row["registered_by"] or 0
    return _by_name(
        _reference_row(reference, products=products[reference.pk], registered=registered[reference.pk],
                       unregistered=products[reference.pk] - registered[reference.pk],
                       percent=percent(registered[reference.pk], products[reference.pk]))
        for reference in _only(references, record)
    )


def transparency_by_sector(filters, counts=None):
    """The sectors with products under `filters`: a sector is a kind of product, and one without
    any (such as «other» in most counties) has no share to show, only an empty row and bar. (A
    county without products stays in its table: that nothing is declared there is a finding.)"""
    counts = _product_counts(filters) if counts is None else counts
    return [row for row in _transparency_rows(Sector.objects.all(), filters.sector, counts, "sector")
            if row["products"]]


def transparency_by_county(filters, counts):
    return _transparency_rows(County.objects.all(), filters.county, counts, "county")


def transparency_totals(by_sector):
    """Every product has one sector, so the sector rows add up to the whole."""
    products, registered = _sum(by_sector, "products"), _sum(by_sector, "registered")
    return {"products": products, "registered": registered, "percent": percent(registered, products),
            "target": TARGET_PERCENT}


def _series_months(year, until):
    """The months of the series (`year` and the year before), their bounds, and the day each ends
    on for the series (`until`, the as-of day or today, for its month and the months after)."""
    months = [(y, m) for y in (year - 1, year) for m in range(1, 13)]
    bounds = [jalali.month_bounds(y, m) for y, m in months]
    return months, bounds, [min(last, until) for _first, last in bounds]


def transparency_series(months, bounds, ends, counts, until):
    """The as-of percentage at the end of each month begun by `until` (`_as_of`, the day it is
    counted at: the month's last day, or `until`): each day's counts fall in the month that ends on
    or after it (_product_counts); cumulative sums give each month's end."""
    declared_in, registered_in = [0] * len(months), [0] * len(months)
    for row in counts:
        if row["month"] is not None:
            declared_in[row["month"]] += row["declared_n"]
            registered_in[row["month"]] += row["registered_n"]
    rows, declared_total, registered_total = [], 0, 0
    for (y, m), (first, _last), end, declared_n, registered_n in zip(months, bounds, ends, declared_in,
                                                                      registered_in):
        declared_total += declared_n
        registered_total += registered_n
        if first <= until:
            rows.append({"year": y, "month": m, "month_name": jalali.month_name(m), "products": declared_total,
                         "registered": registered_total, "unregistered": declared_total - registered_total,
                         "percent": percent(registered_total, declared_total), "_as_of": end})
    return rows


def transparency(filters):
    """As of a day (`as_of`), the month-by-month series stops at it too: what was known then."""
    until = filters.as_of or jalali.today()
    months, bounds, ends = _series_months(filters.year or jalali.jalali_year(until), until)
    counts = _product_counts(filters, ends)
    by_sector = transparency_by_sector(filters, counts)
    return Result(
        totals=transparency_totals(by_sector),
        tables={
            "by_sector": by_sector,
            "by_county": transparency_by_county(filters, counts),
            "by_month": transparency_series(months, bounds, ends, counts, until),
        },
    )


# ---------------------------------------------------------------------------------------------
# obligations

_STATE_RANK = ObligationQuerySet.STATE_RANKS


def _obliged(filters):
    """The Q of the obligations counted under `filters`: notified by the as-of day, of the
    county's producers, in the sector (an empty Q: all of them)."""
    condition = notified_by(filters.as_of)
    if filters.county is not None:
        condition &= Q(producer__county=filters.county)
    if filters.sector is not None:
        condition &= Q(sector=filters.sector)
    return condition


_UNIT_TOTALS = ("obligated_units", *_STATE_RANK, "items_registered")


def _obligated_units(several, limit):
    """The producers obliged under the first of `several` filters, worst state first, at most
    `limit` of them: each with its obligations, `rank` of its state (_STATE_RANK), nearest deadline
    and `items`, its registered products in the sectors it is obliged in (each obligation counts
    its own sector's from an index); and the totals of all the units (_UNIT_TOTALS) under each of
    the filters.

    One pass: the states are worked out once, for the totals and the list alike, by window
    aggregates over the grouped units — which the ORM cannot write over aggregates, hence the
    ORM's GROUP BY wrapped in SQL — and only the listed units come back, not thousands. Several
    filters (the bulletin's three days) share the pass: each counts, in columns of its own, only
    the obligations it keeps."""
    conditions = [_obliged(filters) for filters in several]
    own = _each_own(conditions)

    def under(n, expression):
        """`expression` of the obligations the n-th filters count (of every one, for a single set)."""
        if own[n] is None:
            return expression
        return Case(When(own[n], then=expression), default=None, output_field=IntegerField())

    annotations, figures = {}, {}
    for n, filters in enumerate(several):
        items = subquery_count(Product.objects.registered(filters.as_of).filter(
            producer=OuterRef("producer"), sector=OuterRef("sector")), "producer")
        annotations |= {f"state_rank_{n}": under(n, Obligation.objects.state_rank(filters.as_of)),
                        f"items_n_{n}": under(n, items)}
        figures |= {f"rank_{n}": Max(f"state_rank_{n}"), f"items_{n}": Sum(f"items_n_{n}")}
    units = (
        Obligation.objects.filter(_any_of(conditions)).annotate(**annotations)
        .values("producer", "producer__name", "producer__national_id", *_names("producer__county__"))
        .annotate(obligations=Count("pk", filter=own[0]), deadline=Min("deadline", filter=own[0]), **figures)
        .order_by()
    )
    sql, params = units.query.sql_with_params()
    name = connection.ops.quote_name
    windows = "".join(
        f", COUNT({name(f'rank_{n}')}) OVER () AS {name(f'obligated_units_{n}')}"
        + "".join(f", COUNT(*) FILTER (WHERE {name(f'rank_{n}')} = {rank}) OVER () AS {name(f'{state}_{n}')}"
                  for state, rank in _STATE_RANK.items())
        + f", SUM({name(f'items_{n}')}) OVER () AS {name(f'items_registered_{n}')}"
        for n in range(len(several))
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT units.*{windows} FROM ({sql}) units ORDER BY {name('rank_0')} DESC NULLS LAST, "
            f"{name('deadline')}, {name('producer__name')}, {name('producer')} LIMIT %s",
            [*params, limit],
        )
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    # Sums come back as decimals from PostgreSQL (none for a unit no obligation of a day counts),
    # dates as text from SQLite: what the ORM would have made of them.
    totals = [{key: int(rows[0][f"{key}_{n}"] or 0) if rows else 0 for key in _UNIT_TOTALS}
              for n in range(len(several))]
    units = []
    for row in rows:
        if row["rank_0"] is not None:  # a unit the first filters count
            units.append({**row, "rank": row["rank_0"], "items": int(row["items_0"]), "deadline": (
                datetime.date.fromisoformat(row["deadline"]) if isinstance(row["deadline"], str) else row["deadline"])})
    return units, totals


def obligations_figures(filters):
    """The totals of obligations(filters), without its list."""
    return _obligated_units([filters], 1)[1][0]


def obligations_at(several, limit=LIST_LIMIT):
    """obligations() under the first of `several` filters, and the totals under each of them, in
    one pass."""
    units, totals = _obligated_units(several, limit)
    state_of = {n: state for state, n in _STATE_RANK.items()}
    county = _namer("producer__county__")
    listed = [
        {"national_id": row["producer__national_id"], "name": row["producer__name"],
         "county": county(row), "obligations": row["obligations"],
         "deadline": row["deadline"], "items_registered": row["items"], "state": state_of[row["rank"]],
         "_id": row["producer"]}
        for row in units
    ]
    truncated = {"units": totals[0]["obligated_units"]} if totals[0]["obligated_units"] > len(listed) else {}
    return Result(totals=totals[0], tables={"units": listed}, truncated=truncated), totals


def obligations(filters, limit=LIST_LIMIT):
    return obligations_at([filters], limit)[0]


# ---------------------------------------------------------------------------------------------
# smuggling


def _smuggling_items(filters):
    items = SmugglingItem.objects.known_by(filters.as_of).with_local_flags(filters.as_of, county=filters.county)
    return items if filters.sector is None else items.filter(sector=filters.sector)


def smuggling_by_sector(filters):
    rows = (
        _smuggling_items(filters).order_by().values("sector", "sector__code", *_names("sector__"))
        .annotate(items=Count("pk"), produced_locally=Count("pk", filter=Q(produced_locally=True)),
                  registered_locally=Count("pk", filter=Q(registered_locally=True)))
    )
    name = _namer("sector__")
    return _by_name(
        {"code": row["sector__code"], "name": name(row), "items": row["items"],
         "produced_locally": row["produced_locally"], "registered_locally": row["registered_locally"],
         "local_percent": percent(row["produced_locally"], row["items"]), "_id": row["sector"]}
        for row in rows
    )


def smuggling_totals(by_sector):
    return {key: _sum(by_sector, key) for key in ("items", "produced_locally", "registered_locally")}


def smuggling_figures(filters):
    return smuggling_totals(smuggling_by_sector(filters))


def smuggling(filters):
    by_sector = smuggling_by_sector(filters)
    local = (
        _smuggling_items(filters).filter(produced_locally=True)
        .values("code", "name", "registered_locally", *_names("sector__")).order_by("code")[:LIST_LIMIT]
    )
    totals = smuggling_totals(by_sector)
    sector = _namer("sector__")
    return Result(
        totals=totals,
        tables={
            "by_sector": by_sector,
            "local_items": [{"code": row["code"], "name": row["name"], "sector": sector(row),
                             "registered_locally": row["registered_locally"]} for row in local],
        },
        truncated={"local_items": totals["produced_locally"]} if totals["produced_locally"] > LIST_LIMIT else {},
    )


# ---------------------------------------------------------------------------------------------
# mining

MINE_STATUSES = tuple(Mine.Status.values)


def _status_counts(prefix="", condition=None):
    """Count(...) per mine status (and in all), of mines reached through `prefix`."""
    field = prefix.rstrip("_") or "pk"
    condition = condition or Q()
    counts = {"mines": Count(field, filter=condition or None)}
    for status in MINE_STATUSES:
        counts[status] = Count(field, filter=condition & Q(**{f"{prefix}status": status}))
    return counts


def _mines(filters):
    mines = Mine.objects.all()
    return mines if filters.county is None else mines.filter(county=filters.county)


def mining_totals(filters):
    return _mines(filters).aggregate(
        **_status_counts(),
        idle_rubble_stone=Count("pk", filter=Q(status=Mine.Status.IDLE, mineral__rubble_stone=True)),
    )


def _mines_by(references, condition=None):
    """Mines per status for each county or mineral (all of them, with zeros)."""
    counts = {f"n_{key}": count for key, count in _status_counts("mines__", condition).items()}
    rows = references.values("pk", "code", *_names("")).annotate(**counts).order_by()
    name = _namer("")
    return _by_name({"code": row["code"], "name": name(row), "_id": row["pk"],
                     **{key: row[f"n_{key}"] for key in ("mines", *MINE_STATUSES)}} for row in rows)


def mining(filters):
    totals = mining_totals(filters)
    in_county = Q(mines__county=filters.county) if filters.county is not None else Q()
    by_status = [{"status": status, "mines": totals[status], "share": percent(totals[status], totals["mines"])}
                 for status in MINE_STATUSES]
    return Result(
        totals=totals,
        tables={
            "by_status": by_status,
            "by_county": _mines_by(_only(County.objects.all(), filters.county)),
            "by_mineral": _mines_by(Mineral.objects.all(), in_county),
        },
    )


# ---------------------------------------------------------------------------------------------
# auctions


def _auctions_and_lots(filters):
    auctions, lots = Auction.objects.known_by(filters.as_of), Lot.objects.known_by(filters.as_of)
    if filters.year is not None:
        first, last = jalali.year_bounds(filters.year)
        auctions = auctions.filter(announced_on__range=(first, last))
        lots = lots.filter(auction__announced_on__range=(first, last))
    if filters.county is not None:
        lots = lots.filter(mine__county=filters.county)
        auctions = auctions.filter(Exists(lots.filter(auction=OuterRef("pk"))))
    return auctions, lots


_LOT_FIGURES = ("lots", "awarded", "failed", "reactivated", "revenue_rials")


def _revenue(as_of):
    """The winning bids of the lots counted: every awarded lot's; as of a day, those of the mines
    reactivated by then (the contracts signed by then)."""
    signed = None if as_of is None else Q(pk__in=Lot.objects.reactivated(as_of).values("pk"))
    return Coalesce(Sum("winning_bid__amount_rials", filter=signed), 0)


def auctions_by_status(filters):
    """Auctions and their lots by the auction's status; as of a day, the auctions announced by
    then, and the mines reactivated by contracts signed by then (with their winning bids)."""
    auctions, lots = _auctions_and_lots(filters)
    auction_counts = dict(auctions.order_by().values_list("status").annotate(n=Count("pk")))
    lot_figures = {
        row["auction__status"]: row for row in lots.order_by().values("auction__status").annotate(
            lots=Count("pk"),
            awarded=_count_in(Lot.objects.awarded()),
            failed=_count_in(Lot.objects.failed()),
            reactivated=_count_in(Lot.objects.reactivated(filters.as_of)),
            revenue_rials=_revenue(filters.as_of),
        )
    }
    return [
        {"status": status, "auctions": auction_counts.get(status, 0),
         **{key: lot_figures.get(status, {}).get(key, 0) for key in _LOT_FIGURES}}
        for status in Auction.Status.values
    ]


def auctions_totals(by_status):
    return {key: _sum(by_status, key) for key in ("auctions", *_LOT_FIGURES)}


def auctions_figures(filters):
    return auctions_totals(auctions_by_status(filters))


def second_chances(lots, as_of=None):
    """Of `lots`: those signed with a runner-up, those offering again a lot that failed, and the
    most attempts of one mine (the length of the longest chain of lots ending among them, with
    `_longest_chain`, the lot it ends at); and the mines they reactivated after more than one
    attempt, with how many and the days from the first offer to the contract. Three queries."""
    counts = lots.aggregate(lots=Count("pk"), last=Max("pk"),
                            runner_up_awards=_count_in(Lot.objects.signed_with_runner_up(as_of)),
                            reoffered=_count_in(Lot.objects.reoffers()))
    chained = attempts()
    reactivated_lots = Q(pk__in=Lot.objects.reactivated(as_of).values("pk"))
    repeats = list(lots.reoffers().order_by("pk").annotate(
        reactivated=ExpressionWrapper(reactivated_lots, output_field=BooleanField()),
    ).values("pk", "reactivated", "contract_signed_on", "mine__licence_number", "mine__name",
             *_names("mine__county__")))
    totals = {"runner_up_awards": counts["runner_up_awards"], "reoffered": counts["reoffered"],
              "max_attempts": 1 if counts["lots"] else 0, "_longest_chain": counts["last"] or 0}
    if repeats:
        # The longest chain; of equals, the latest.
        longest = max(repeats, key=lambda row: (chained[row["pk"]].number, row["pk"]))
        totals.update(max_attempts=chained[longest["pk"]].number, _longest_chain=longest["pk"])
    county = _namer("mine__county__")
    reactivated = []
    for row in repeats:
        if not row["reactivated"]:
            continue
        attempt = chained[row["pk"]]
        reactivated.append({
            "licence_number": row["mine__licence_number"], "mine": row["mine__name"], "county": county(row),
            "attempts": attempt.number, "first_offered_on": attempt.first_offered_on,
            "contract_signed_on": row["contract_signed_on"],
            "days": (row["contract_signed_on"] - attempt.first_offered_on).days, "_chain": row["pk"],
        })
    reactivated.sort(key=lambda row: (-row["attempts"], -row["contract_signed_on"].toordinal(), row["licence_number"]))
    return totals, reactivated


def auctions(filters):
    by_status = auctions_by_status(filters)
    auction_list, lots = _auctions_and_lots(filters)
    chances, reactivated = second_chances(lots, filters.as_of)
    totals = {**auctions_totals(by_status), **chances}
    in_filter = Q(lots__in=lots.values("pk"))
    listed = auction_list.annotate(
        lots_n=Count("lots", filter=in_filter),
        awarded_n=Count("lots", filter=in_filter & Q(lots__winning_bid__isnull=False)),
        reactivated_n=Count("lots", filter=in_filter & Q(lots__in=Lot.objects.reactivated(filters.as_of).values("pk"))),
    ).order_by("-announced_on", "-number")[:LIST_LIMIT]
    return Result(
        totals=totals,
        tables={
            "by_status": by_status,
            "auctions": [
                {"number": auction.number, "title": auction.title, "status": auction.status,
                 "announced_on": auction.announced_on, "bid_deadline": auction.bid_deadline,
                 "lots": auction.lots_n, "awarded": auction.awarded_n, "reactivated": auction.reactivated_n,
                 "_id": auction.pk}
                for auction in listed
            ],
            "reactivated_after_attempts": reactivated[:LIST_LIMIT],
        },
        truncated={name: count for name, count in (("auctions", totals["auctions"]),
                                                   ("reactivated_after_attempts", len(reactivated)))
                   if count > LIST_LIMIT},
    )


# ---------------------------------------------------------------------------------------------
# shipments


def _shipped(filters):
    """The Q of the shipments counted under `filters`: of the Jalali year, shipped by the as-of
    day, from a mine or to a processor of the county (an empty Q: all of them)."""
    condition = shipped_by(filters.as_of)
    if filters.year is not None:
        condition &= Q(shipped_on__range=jalali.year_bounds(filters.year))
    if filters.county is not None:
        condition &= Q(mine__county=filters.county) | Q(processor__county=filters.county)
    return condition


def shipments_by_stage(filters):
    """Shipments by stage and destination (of a Jalali year, and shipped by the as-of day)."""
    return shipments_by_stage_at([filters])[0]


def shipments_by_stage_at(several):
    """shipments_by_stage() under each of `several` filters (the bulletin's three days), in one
    pass over the shipments any of them counts."""
    conditions = [_shipped(filters) for filters in several]
    aggregates = {}
    for n, condition in enumerate(_each_own(conditions)):
        aggregates |= {f"shipments_{n}": Count("pk", filter=condition),
                       f"tonnes_{n}": Sum("quantity_tonnes", filter=condition)}
    figures = {(row["stage"], row["destination"]): row for row in Shipment.objects.filter(_any_of(conditions))
               .order_by().values("stage", "destination").annotate(**aggregates)}
    return [
        [{"stage": stage, "destination": destination,
          "shipments": figures.get((stage, destination), {}).get(f"shipments_{n}", 0),
          "tonnes": round_half_up(figures.get((stage, destination), {}).get(f"tonnes_{n}") or 0, 3)}
         for stage in Shipment.Stage.values for destination in Shipment.Destination.values]
        for n in range(len(several))
    ]


def shipments_totals(by_stage):
    exports = [row for row in by_stage if row["destination"] == Shipment.Destination.EXPORT]
    return {
        "shipments": _sum(by_stage, "shipments"),
        "tonnes": _sum(by_stage, "tonnes"),
        "export_tonnes": _sum(exports, "tonnes"),
        # The same rule as ShipmentQuerySet.raw_exports(), read off the grouped rows: every
        # shipment is in them, so a raw export (which the database refuses) would show here.
        "raw_exports": _sum([row for row in exports if row["stage"] == Shipment.Stage.RAW], "shipments"),
    }


def shipments_figures(filters):
    return shipments_totals(shipments_by_stage(filters))


def shipments(filters):
    by_stage = shipments_by_stage(filters)
    return Result(totals=shipments_totals(by_stage), tables={"by_stage": by_stage})


# ---------------------------------------------------------------------------------------------
# industrial space


def industrial_space(filters):
    """Industrial area per person by county and in all; under a county filter the totals are the
    county's, and `_province_per_capita_m2` stays the province's (the chart's reference line), from
    the same single pass over every county."""
    rows, province = County.objects.all().industrial_space_per_person()
    totals = province
    if filters.county is not None:
        rows = [row for row in rows if row[0].pk == filters.county.pk]
        totals = {"population": sum(county.population for county, _area, _per_capita in rows),
                  "industrial_area_m2": sum((area for _county, area, _per_capita in rows), Decimal("0")),
                  "per_capita_m2": rows[0][2] if rows else None}
    return Result(
        totals={**totals, "_province_per_capita_m2": province["per_capita_m2"]},
        tables={"by_county": _by_name(_reference_row(county, population=county.population, industrial_area_m2=area,
                                                     per_capita_m2=per_capita) for county, area, per_capita in rows)},
    )


# ---------------------------------------------------------------------------------------------
# handovers

HANDOVER_STAGES = tuple(Handover.Stage.values)


def _staged_handovers(filters):
    """Handovers with `stage`; as of a date, the stage is the last step taken by then and only the
    cases identified by then count."""
    handovers = Handover.objects.known_by(filters.as_of)
    if filters.county is not None:
        handovers = handovers.filter(unit__estate__county=filters.county)
    return handovers.with_stage(filters.as_of)


def _stage_counts():
    return {stage: Count("pk", filter=Q(stage=stage)) for stage in HANDOVER_STAGES}


def handovers_totals(filters):
    return _staged_handovers(filters).aggregate(**_stage_counts())


def handovers(filters):
    estate = ("unit__estate", "unit__estate__code", "unit__estate__name", *_names("unit__estate__county__"))
    cases = _staged_handovers(filters).order_by().values(*estate).annotate(**_stage_counts())
    idle_units = Unit.objects.filter(status=Unit.Status.IDLE, occupant_kind=Unit.OccupantKind.DISTRIBUTION)
    if filters.county is not None:
        idle_units = idle_units.filter(estate__county=filters.county)
    held = {
        row["estate__code"]: row for row in idle_units.order_by()
        .values("estate", "estate__code", "estate__name", *_names("estate__county__")).annotate(n=Count("pk"))
    }
    rows, case_county, held_county = {}, _namer("unit__estate__county__"), _namer("estate__county__")
    for row in cases:
        rows[row["unit__estate__code"]] = {
            "code": row["unit__estate__code"], "name": row["unit__estate__name"],
            "county": case_county(row), "idle_held": 0,
            **{stage: row[stage] for stage in HANDOVER_STAGES}, "_id": row["unit__estate"],
        }
    for code, row in held.items():
        rows.setdefault(code, {"code": code, "name": row["estate__name"], "county": held_county(row),
                               **dict.fromkeys(HANDOVER_STAGES, 0), "_id": row["estate"]})["idle_held"] = row["n"]
    by_estate = sorted(rows.values(), key=lambda row: (collation_key(row["county"]), collation_key(row["name"])))
    return Result(totals={stage: _sum(by_estate, stage) for stage in HANDOVER_STAGES}, tables={"by_estate": by_estate})


# ---------------------------------------------------------------------------------------------
# employment


def _employed(filters):
    """The Q of the employment records (from an office) counted under `filters`: of the Jalali
    year (the as-of day's, or this one, when none is asked), of its months up to the as-of day's,
    of the county."""
    condition = Q(employment_records__year=filters.year or jalali.jalali_year(filters.as_of))
    if filters.as_of is not None:
        condition &= reported_by(filters.as_of, "employment_records__")
    if filters.county is not None:
        condition &= Q(employment_records__county=filters.county)
    return condition


def employment_by_office(filters):
    """Every office with its jobs (_employed), share and rank (1 = most jobs; equal jobs share a
    rank)."""
    return employment_by_office_at([filters])[0]


def employment_by_office_at(several):
    """employment_by_office() under each of `several` filters (the bulletin's three days), in one
    query."""
    offices = list(Office.objects.annotate(**{
        f"jobs_{n}": Coalesce(Sum("employment_records__jobs", filter=_employed(filters)), 0)
        for n, filters in enumerate(several)
    }))
    tables = []
    for n in range(len(several)):
        jobs = {office.pk: getattr(office, f"jobs_{n}") for office in offices}
        total = sum(jobs.values())
        rows = [
            _reference_row(office, is_self=office.is_self, jobs=jobs[office.pk], share=percent(jobs[office.pk], total),
                           rank=1 + sum(1 for other in jobs.values() if other > jobs[office.pk]) if total else None)
            for office in offices
        ]
        tables.append(sorted(rows, key=lambda row: (-row["jobs"], collation_key(row["name"]))))
    return tables


def employment_totals(by_office):
    total = _sum(by_office, "jobs")
    own = next((row for row in by_office if row["is_self"]), None)
    own_jobs = own["jobs"] if own else 0
    return {"jobs": total, "self_jobs": own_jobs, "self_share_percent": percent(own_jobs, total),
            "self_rank": own["rank"] if own else None}


def employment(filters):
    by_office = employment_by_office(filters)
    return Result(totals=employment_totals(by_office), tables={"by_office": by_office})


# ---------------------------------------------------------------------------------------------
# licences


def _licence_querysets(filters):
    as_of = filters.as_of or jalali.today()
    expiring = Licence.objects.operating().expiring_within(filters.days or DEFAULT_DAYS, as_of)
    unlicensed = Producer.objects.active().unlicensed(as_of)
    if filters.county is not None:
        expiring = expiring.filter(producer__county=filters.county)
        unlicensed = unlicensed.filter(county=filters.county)
    if filters.sector is not None:
        expiring = expiring.filter(producer__sector=filters.sector)
        unlicensed = unlicensed.filter(sector=filters.sector)
    return as_of, expiring, unlicensed


def licences_totals(filters):
    _as_of, expiring, unlicensed = _licence_querysets(filters)
    return {"expiring": expiring.count(), "unlicensed_active": unlicensed.count()}


def licences(filters):
    as_of, expiring, unlicensed = _licence_querysets(filters)
    # Each list carries its full count (a window over the rows before the cut), so the totals
    # cost no query of their own.
    counted = Window(Count("*"))
    expiring_rows = list(expiring.values(
        "number", "expires_on", "producer__name", "producer__national_id", *_names("producer__county__"),
    ).annotate(total=counted).order_by("expires_on", "number")[:LIST_LIMIT])
    # The last expiry looked up for the listed rows only (an index's last entry each), not
    # grouped over every licence of the thousands of unlicensed producers before the cut.
    last_expiry = (Licence.objects.operating().filter(producer=OuterRef("pk")).exclude(expires_on=None)
                   .order_by("-expires_on").values("expires_on")[:1])
    unlicensed_rows = list(unlicensed.values(
        "national_id", "name", *_names("county__"), *_names("sector__"),
    ).annotate(last_expiry=Subquery(last_expiry), total=counted).order_by("name", "national_id")[:LIST_LIMIT])
    totals = {key: rows[0]["total"] if rows else 0
              for key, rows in (("expiring", expiring_rows), ("unlicensed_active", unlicensed_rows))}
    truncated = {table: totals[key] for table, key in (("expiring", "expiring"), ("unlicensed", "unlicensed_active"))
                 if totals[key] > LIST_LIMIT}
    licence_county, county, sector = _namer("producer__county__"), _namer("county__"), _namer("sector__")
    return Result(
        totals=totals,
        tables={
            "expiring": [
                {"number": row["number"], "name": row["producer__name"], "national_id": row["producer__national_id"],
                 "county": licence_county(row), "expires_on": row["expires_on"],
                 "days_left": (row["expires_on"] - as_of).days}
                for row in expiring_rows
            ],
            # In the alphabetical order of the names (the database's cut above is by code points).
            "unlicensed": alphabetical(
                ({"national_id": row["national_id"], "name": row["name"], "county": county(row),
                  "sector": sector(row), "last_expiry": row["last_expiry"]} for row in unlicensed_rows),
                lambda row: row["name"]),
        },
        truncated=truncated,
    )


# ---------------------------------------------------------------------------------------------
# the monthly bulletin

def reactivated_lots(first, last, limit):
    """The mines reactivated from `first` to `last` (as the auctions report counts them as of
    `last`: contracts signed by then, of auctions announced by then), the earliest contract first,
    at most `limit` of them; each row carries the count of them all (`total`)."""
    lots = Lot.objects.known_by(last).reactivated(last).filter(contract_signed_on__gte=first)
    rows = list(lots.values(
        "contract_signed_on", "auction__number", "mine__name", "winning_bid__amount_rials",
        *_names("mine__county__"), *_names("mine__mineral__"),
    ).annotate(total=Window(Count("*"))).order_by("contract_signed_on", "auction__number", "lot_number")[:limit])
    county, mineral = _namer("mine__county__"), _namer("mine__mineral__")
    return [
        {"signed_on": row["contract_signed_on"], "auction": row["auction__number"], "mine": row["mine__name"],
         "county": county(row), "mineral": mineral(row), "amount_rials": row["winning_bid__amount_rials"],
         "total": row["total"]}
        for row in rows
    ]


# ---------------------------------------------------------------------------------------------
# the dashboard


def dashboard():
    """The headline figures of every report for the whole province, today and this year, from the
    same functions the reports use (so the two always agree)."""
    this_year = Filters(year=jalali.jalali_year())
    everything = Filters()
    by_sector = transparency_by_sector(everything)
    smuggling = smuggling_by_sector(everything)
    return {
        "transparency": {**transparency_totals(by_sector), "by_sector": by_sector},
        "obligations": obligations_figures(everything),
        "smuggling": {**smuggling_totals(smuggling), "by_sector": smuggling},
        "mining": mining_totals(everything),
        "auctions": auctions_figures(everything),
        "shipments": shipments_figures(everything),
        "industrial_space": industrial_space(everything).totals,
        "employment": {**employment_totals(employment_by_office(this_year)), "year": this_year.year},
        "handovers": handovers_totals(everything),
        "licences": {**licences_totals(everything), "days": DEFAULT_DAYS},
    }
