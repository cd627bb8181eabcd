"""Plain make_* helpers for hand-built test data: each returns a saved, valid record and takes any
field as a keyword to override. Identifiers are generated with correct check digits."""

import datetime
import itertools

from registry import checkdigits
from registry.models import (
    Auction,
    Bid,
    County,
    EmploymentRecord,
    Estate,
    Handover,
    Inspection,
    Licence,
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

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def legal_id(number):
    """A valid 11-digit legal-entity national ID built from `number`."""
    body = f"{10100000000 + number * 10:011d}"[:10]
    return body + checkdigits.legal_id_digit(body)


def national_code(number):
    """A valid 10-digit personal national code built from `number`."""
    body = f"{1234500000 + number:010d}"[:9]
    return body + checkdigits.national_code_digit(body)


def goods_id(number):
    """A valid 13-digit goods ID (GTIN-13) built from `number`."""
    body = f"626{number:09d}"
    return body + checkdigits.goods_id_digit(body)


def county(code="sanandaj"):
    return County.objects.get(code=code)


def sector(code="home_appliances"):
    return Sector.objects.get(code=code)


def mineral(code="rubble_stone"):
    return Mineral.objects.get(code=code)


def office(code="imt"):
    return Office.objects.get(code=code)


def _resolve(fields, **lookups):
    """Reference data given by code ('baneh') is replaced by the record."""
    for name, getter in lookups.items():
        if isinstance(fields.get(name), str):
            fields[name] = getter(fields[name])
    return fields


def make_producer(**fields):
    n = _next()
    values = {"national_id": legal_id(n), "name": f"واحد تولیدی {n}", "county": county(), "sector": sector(),
              "status": Producer.Status.ACTIVE, "employees": 10}
    values.update(_resolve(fields, county=county, sector=sector))
    return Producer.objects.create(**values)


def make_licence(producer=None, **fields):
    n = _next()
    values = {"number": f"OP-{n:05d}", "producer": producer or make_producer(), "kind": Licence.Kind.OPERATING,
              "issued_on": datetime.date(2020, 1, 1), "expires_on": datetime.date(2030, 1, 1)}
    values.update(fields)
    return Licence.objects.create(**values)


def make_product(producer=None, **fields):
    n = _next()
    values = {"producer": producer or make_producer(), "name": f"کالای {n}", "sector": sector(),
              "status": Product.Status.PENDING, "declared_on": datetime.date(2025, 1, 1)}
    values.update(_resolve(fields, sector=sector))
    if values["status"] == Product.Status.REGISTERED:
        values.setdefault("goods_id", goods_id(n))
        values.setdefault("registered_on", values["declared_on"] + datetime.timedelta(days=30))
    return Product.objects.create(**values)


def make_smuggling_item(**fields):
    n = _next()
    values = {"code": f"IT{n:04d}", "name": f"قلم {n}", "sector": sector("auto_parts"), "list_year": 1403}
    values.update(_resolve(fields, sector=sector))
    return SmugglingItem.objects.create(**values)


def make_obligation(producer=None, **fields):
    values = {"producer": producer or make_producer(), "sector": sector(),
              "notified_on": datetime.date(2025, 1, 1), "deadline": datetime.date(2025, 12, 31)}
    values.update(_resolve(fields, sector=sector))
    return Obligation.objects.create(**values)


def make_inspection(producer=None, **fields):
    n = _next()
    values = {"reference": f"INS-{n:05d}", "held_on": datetime.date(2025, 5, 1),
              "producer": producer or make_producer(), "kind": Inspection.Kind.INSPECTION, "sector": sector(),
              "finding": "بازدید دوره‌ای"}
    values.update(_resolve(fields, sector=sector))
    return Inspection.objects.create(**values)


def make_mine(**fields):
    n = _next()
    values = {"licence_number": f"KD-M-{n:05d}", "name": f"معدن {n}", "county": county(), "mineral": mineral(),
              "status": Mine.Status.IDLE, "capacity_tonnes": 1000, "employees": 5}
    values.update(_resolve(fields, county=county, mineral=mineral))
    return Mine.objects.create(**values)


def make_auction(**fields):
    n = _next()
    values = {"number": f"AU-{n:04d}", "title": f"مزایده {n}", "announced_on": datetime.date(2025, 1, 1),
              "bid_deadline": datetime.date(2025, 2, 1), "opening_on": datetime.date(2025, 2, 5),
              "deposit_rials": 50_000_000, "status": Auction.Status.DRAFT}
    values.update(fields)
    return Auction.objects.create(**values)


def make_lot(auction=None, mine=None, **fields):
    auction = auction or make_auction()
    values = {"auction": auction, "lot_number": auction.lots.count() + 1, "mine": mine or make_mine(),
              "base_price_rials": 1_000_000_000}
    values.update(fields)
    return Lot.objects.create(**values)


def make_bid(lot=None, **fields):
    n = _next()
    values = {"lot": lot or make_lot(), "bidder_national_id": legal_id(n), "bidder_name": f"پیشنهاددهنده {n}",
              "amount_rials": 1_200_000_000, "deposit_paid": True, "submitted_on": datetime.date(2025, 1, 15)}
    values.update(fields)
    return Bid.objects.create(**values)


def make_awarded_lot(*amounts, mine=None, previous=None, **auction_fields):
    """The one lot of an auction taken through registry.services: published, bid on with valid bids
    of `amounts` (by legal_id(1), legal_id(2)…, «شرکت معدنی 1»…, submitted a day apart from
    10 January 2025) and awarded on its opening date (5 February 2025; no bid: the lot fails).
    With `previous`, a failed lot, the lot offers it again 10 % lower (its mine)."""
    from registry import services

    auction = make_auction(**auction_fields)
    if previous is None:
        lot = make_lot(auction, mine or make_mine())
    else:
        lot = services.reoffer_lot(lot=previous, auction=auction, by=None)
    services.publish_auction(auction=auction, by=None)
    for number, amount in enumerate(amounts, start=1):
        services.record_bid(lot=lot, bidder_national_id=legal_id(number), bidder_name=f"شرکت معدنی {number}",
                            amount_rials=amount, deposit_paid=True, submitted_on=datetime.date(2025, 1, 9 + number),
                            by=None)
    services.award_auction(auction=auction, by=None, today=auction.opening_on)
    return Lot.objects.get(pk=lot.pk)


def make_failed_lot(mine=None, base_price_rials=None, previous=None, **auction_fields):
    """The lot of an auction that found no bid (registry.services): it failed, its mine is idle."""
    lot = make_awarded_lot(mine=mine, previous=previous, **auction_fields)
    if base_price_rials is not None:
        Lot.objects.filter(pk=lot.pk).update(base_price_rials=base_price_rials)
    return Lot.objects.get(pk=lot.pk)


def make_shipment(**fields):
    n = _next()
    values = {"number": f"SH-{n:05d}", "shipped_on": datetime.date(2025, 6, 1), "mineral": mineral(),
              "stage": Shipment.Stage.CRUSHED, "quantity_tonnes": 100, "destination": Shipment.Destination.DOMESTIC}
    values.update(_resolve(fields, mineral=mineral))
    return Shipment.objects.create(**values)


def make_estate(**fields):
    n = _next()
    values = {"code": f"EST{n:03d}", "name": f"شهرک صنعتی {n}", "county": county(),
              "total_area_m2": 100_000, "industrial_area_m2": 60_000}
    values.update(_resolve(fields, county=county))
    return Estate.objects.create(**values)


def make_unit(estate=None, **fields):
    n = _next()
    values = {"estate": estate or make_estate(), "plot_number": str(n), "area_m2": 5000,
              "status": Unit.Status.IDLE, "occupant_kind": Unit.OccupantKind.DISTRIBUTION,
              "occupant_name": f"شرکت پخش {n}"}
    values.update(fields)
    return Unit.objects.create(**values)


def make_handover(unit=None, **fields):
    unit = unit or make_unit()
    values = {"unit": unit, "distribution_company": unit.occupant_name or "شرکت پخش",
              "identified_on": datetime.date(2025, 1, 10)}
    values.update(fields)
    return Handover.objects.create(**values)


def make_employment(**fields):
    n = _next()
    values = {"reference": f"EMP-{n:05d}", "office": office(), "year": 1404, "month": 1, "county": county(),
              "jobs": 10, "verified": True}
    values.update(_resolve(fields, office=office, county=county))
    return EmploymentRecord.objects.create(**values)
