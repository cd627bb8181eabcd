"""Load the demo of spec section 5: the seed article's province, written as records.

Nothing the reports compute is typed in: the command writes producers, licences, products,
obligations, smuggling-list items, mines, auctions, shipments, estates, handovers, jobs and
inspections, and the reports count them to 377 mines (200 active), 20 % mining-sector
transparency, 10 obliged home-appliance producers with 238 registered items, 59 auto-part items of
which 4 are produced here, 7,200 jobs by the directorate this year (the most of any office) and
0.79 m² of industrial space per person.

Dates are relative to today, so "this year" is always the current Jalali year. Every record has a
stable key; running the command again changes only what today's date changes (and writes history
for that), so it is safe to run on every `make run`. Records are checked as a form would check
them and written by the bulk writer (registry.writing), with history; the auctions are taken
through their lifecycle by registry.services, as clerks would take them.
"""

import datetime
import itertools
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from registry import checkdigits, history, jalali, rules, services
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
from registry.writing import BulkWriter

DAY = datetime.timedelta(days=1)

# -- the article's figures, which the records below add up to ---------------------------------
MINES = 377
ACTIVE_MINES = 200
MINING_PRODUCTS, MINING_REGISTERED = 50, 10
# Registered and pending items of the ten obliged home-appliance producers (238 registered).
HOME_APPLIANCE_ITEMS = ((40, 0), (35, 0), (30, 0), (28, 0), (25, 0), (22, 0), (20, 0), (15, 5), (13, 4), (10, 3))
AUTO_PART_ITEMS = 59
DIRECTORATE_JOBS = 7200
# m² of industrial land per estate, by county: 1,266,000 m² / 1,603,011 people = 0.79 m².
ESTATES = (
    ("sanandaj", 320_000), ("sanandaj", 180_000), ("sanandaj", 95_000), ("saqqez", 140_000), ("saqqez", 60_000),
    ("marivan", 110_000), ("baneh", 85_000), ("qorveh", 90_000), ("kamyaran", 70_000), ("bijar", 56_000),
    ("divandarreh", 30_000), ("dehgolan", 30_000),
)

COUNTIES = ("sanandaj", "saqqez", "marivan", "baneh", "qorveh", "kamyaran", "bijar", "divandarreh", "dehgolan",
            "sarvabad")
PRODUCT_NAMES = {
    "home_appliances": ("یخچال فریزر", "ماشین لباسشویی", "کولر آبی", "اجاق گاز", "جاروبرقی", "آبگرمکن",
                        "بخاری گازی", "هود آشپزخانه", "ماشین ظرفشویی", "پنکه"),
    "auto_parts": ("لنت ترمز", "فیلتر روغن", "شمع موتور", "کمک فنر", "رادیاتور", "تسمه تایم", "دیسک کلاچ"),
    "mining": ("پودر میکرونیزه", "سنگ لاشه دانه‌بندی", "کربنات کلسیم", "گچ ساختمانی", "سنگ تزئینی برش‌خورده",
               "کنسانتره آهن"),
    "food": ("ماکارونی", "روغن خوراکی", "شیر پاستوریزه", "کنسرو لوبیا", "آب معدنی", "بیسکویت"),
    "construction_materials": ("سیمان", "آجر فشاری", "بلوک سیمانی", "موزاییک", "کاشی"),
    "textiles": ("پارچه پنبه‌ای", "نخ اکریلیک", "پتو"),
    "chemicals": ("رنگ ساختمانی", "شوینده مایع", "چسب صنعتی"),
}
AUTO_PARTS = ("لنت ترمز", "فیلتر روغن", "شمع موتور", "کمک فنر", "رادیاتور", "تسمه تایم", "دیسک کلاچ",
              "واشر سرسیلندر", "پمپ آب", "پمپ بنزین", "استارت", "دینام", "چراغ جلو", "آینه بغل", "شیشه جلو",
              "تایر", "رینگ", "باتری", "کاسه چرخ", "بلبرینگ چرخ", "سیبک فرمان", "جعبه فرمان", "میل لنگ",
              "پیستون", "رینگ پیستون", "سوپاپ", "انژکتور", "سنسور اکسیژن", "کاتالیزور", "اگزوز")
VEHICLES = ("خودروی سواری", "خودروی سنگین")
# (sector, producers, products, registered, registered last year) of the other sectors.
OTHER_SECTORS = (
    ("food", 8, 120, 113, 30), ("construction_materials", 6, 90, 85, 20), ("textiles", 3, 45, 42, 10),
    ("chemicals", 3, 45, 42, 10),
)
OTHER_SECTOR_CODES = tuple(row[0] for row in OTHER_SECTORS)
PRODUCER_NAMES = {
    "home_appliances": "لوازم خانگی", "auto_parts": "قطعه‌سازی", "mining": "فرآوری مواد معدنی",
    "food": "صنایع غذایی", "construction_materials": "مصالح ساختمانی", "textiles": "نساجی",
    "chemicals": "صنایع شیمیایی", "other": "صنایع",
}
OTHER_OFFICES = (("agri", 5100), ("coop", 4300), ("roads", 2600), ("tourism", 1800))
# The first auction: lots 1-6 won and signed (mines reactivated), 7-8 won and awaiting the
# contract, 9-10 without a bid.
SIGNED_LOTS, AWARDED_LOTS = 6, 8
# Second chances (spec section 11): lot 1 of the first auction offers again, 10 % lower, the
# quarry that an earlier auction failed to find a bidder for (reactivated at its second attempt);
# the winner of lot 3 withdrew and its runner-up signed.
FIRST_ATTEMPT_BASE_PRICE = 2_400_000_000
REOFFERED_LOT, RUNNER_UP_LOT = 1, 3
# A mine's status and operator are the auction lifecycle's once the mine exists, as are a lot's
# winner, contract and the lot it repeats, and a bid's forfeiture.
LIFECYCLE_FIELDS = ("status", "operator_name", "operator_national_id")
LOT_LIFECYCLE_FIELDS = ("winning_bid", "contract_signed_on", "previous_lot")
FORFEITURE_FIELDS = ("forfeited_on", "forfeit_reason")


def legal_id(number):
    """A valid 11-digit legal-entity ID of the demo's own range."""
    body = f"14{number:08d}"
    return body + checkdigits.legal_id_digit(body)


def goods_id(number):
    """A valid 13-digit goods ID of the demo's own range."""
    body = f"6269990{number:05d}"
    return body + checkdigits.goods_id_digit(body)


def spread(total, parts):
    """`total` split into `parts` whole numbers as equal as can be (the first ones larger)."""
    share, rest = divmod(total, parts)
    return [share + (1 if index < rest else 0) for index in range(parts)]


def check(record):
    """What a form would refuse: field validators (check digits, lengths, choices), the model's
    clean() and its rules (registry.rules). Uniqueness and foreign keys are the database's: it
    refuses a violating insert and the whole load rolls back, and asking it first would cost a
    query per record (some 10,000 for the demo)."""
    rules.validate(record, trusted=[field.name for field in record._meta.concrete_fields if field.is_relation])


def fields_of(model, *but):
    """The attnames of `model`'s fields but its id, its version and `but`."""
    return [field.attname for field in model._meta.concrete_fields
            if not field.primary_key and field.attname != "version" and field.name not in but]


class Sync:
    """Writes records by their stable keys: creates the missing ones, updates the changed ones
    (each checked first; the writer keeps their history) and leaves equal ones alone."""

    def __init__(self):
        self.writer = BulkWriter(reason=history.reason(history.DEMO_DATA))
        self.created = self.updated = 0

    def __call__(self, model, records, key, fields=None):
        """{key: saved record} for `records` (unsaved instances) keyed by the attnames in `key`;
        `fields` are those compared and updated (default: all)."""
        names = fields or fields_of(model)
        for record in records:
            record.normalize_text()
        keys = {tuple(getattr(record, name) for name in key): record for record in records}
        existing = {
            tuple(getattr(record, name) for name in key): record
            for record in model.objects.filter(**{f"{key[0]}__in": {k[0] for k in keys}})
        }
        new, changed, saved = [], [], {}
        for record_key, record in keys.items():
            current = existing.get(record_key)
            if current is None:
                check(record)
                new.append(record)
                continue
            saved[record_key] = current
            if all(getattr(current, name) == getattr(record, name) for name in names):
                continue
            for name in names:
                setattr(current, name, getattr(record, name))
            check(current)
            changed.append(current)
        for record in self.writer.create(new):
            saved[tuple(getattr(record, name) for name in key)] = record
        self.writer.update(changed, names)
        self.created += len(new)
        self.updated += len(changed)
        return saved


class _Demo:
    """Today's dates, the reference data and the writer that the parts of the demo share (set up by
    Command.handle)."""

    @property
    def contract_day(self):
        """When the winners of the first auction signed their contracts."""
        return self.days_ago(150)

    def days_ago(self, days):
        return self.today - days * DAY

    def this_year(self, fraction):
        """A day of this Jalali year up to today, `fraction` of the way through (0 to 1)."""
        return self.year_start + round((self.today - self.year_start).days * fraction) * DAY

    def last_year(self, fraction):
        return self.last_year_start + round((self.last_year_end - self.last_year_start).days * fraction) * DAY


class _Producers(_Demo):
    """Producers, their licences, products and obligations, and the smuggling list."""

    def load_producers(self):
        """{(sector, n): producer}: 10 home-appliance, 3 auto-part, 8 mining and 20 other producers,
        and two idle ones."""
        plan = [("home_appliances", n) for n in range(len(HOME_APPLIANCE_ITEMS))]
        plan += [("auto_parts", n) for n in range(3)] + [("mining", n) for n in range(8)]
        plan += [(code, n) for code, count, *_figures in OTHER_SECTORS for n in range(count)]
        plan += [("other", n) for n in range(2)]
        records = []
        for number, (sector, n) in enumerate(plan, start=1):
            county = self.county[COUNTIES[number % len(COUNTIES)]]
            records.append(Producer(
                national_id=legal_id(number), name=f"{PRODUCER_NAMES[sector]} {county.name_fa} {n + 1}",
                county=county, sector=self.sector[sector], isic_code=f"{2700 + number:04d}",
                status=Producer.Status.IDLE if sector == "other" else Producer.Status.ACTIVE,
                employees=10 + (number * 7) % 90, postal_code=f"66{number:08d}",
            ))
        saved = self.sync(Producer, records, ("national_id",))
        return {key: saved[(record.national_id,)] for key, record in zip(plan, records)}

    def load_licences(self, producers):
        """A valid operating licence for every producer but four of the other sectors' (expired);
        five others expire within 90 days."""
        others = [key for key in producers if key[0] in OTHER_SECTOR_CODES]
        expired, expiring = others[:4], others[4:9]
        records = []
        for number, key in enumerate(producers, start=1):
            issued = self.days_ago(900 + number * 11)
            if key in expired:
                expires = self.days_ago(40 + number)
            elif key in expiring:
                expires = self.today + 15 * (expiring.index(key) + 1) * DAY
            else:
                expires = self.today + (400 + number * 13) * DAY
            records.append(Licence(number=f"KD-PB-{number:04d}", producer=producers[key], kind=Licence.Kind.OPERATING,
                                   issued_on=issued, expires_on=expires, capacity=f"{1000 + number * 50} تن در سال"))
            if number % 5 == 0:
                records.append(Licence(number=f"KD-JT-{number:04d}", producer=producers[key],
                                       kind=Licence.Kind.ESTABLISHMENT, issued_on=issued - 700 * DAY,
                                       expires_on=issued - DAY))
        self.sync(Licence, records, ("number",))

    def load_smuggling_items(self):
        names = [f"{part} {vehicle}" for vehicle in VEHICLES for part in AUTO_PARTS][:AUTO_PART_ITEMS]
        records = [SmugglingItem(code=f"AP-{n:03d}", name=name, sector=self.sector["auto_parts"], list_year=self.year)
                   for n, name in enumerate(names, start=1)]
        saved = self.sync(SmugglingItem, records, ("code",))
        return [saved[(record.code,)] for record in records]

    def timeline(self, index, registered, registered_last_year):
        """(declared_on, registered_on or None) of the index-th product of a group: most declared
        last year, a few the year before or this year; registered last year (few) or this year."""
        if registered_last_year:
            declared = self.last_year(((index * 37) % 60) / 100)
            return declared, declared + ((index * 11) % max((self.last_year_end - declared).days, 1)) * DAY
        if index % 9 == 4:
            declared = self.this_year(((index * 13) % 50) / 100)
        elif index % 7 == 3:
            declared = self.last_year_start - (30 + (index * 7) % 300) * DAY
        else:
            declared = self.last_year(((index * 29) % 97) / 100)
        if not registered:
            return declared, None
        return declared, max(declared, self.this_year(((index * 17) % 101) / 100))

    def product(self, producer, sector, name, number, registered, dates, item=None):
        declared, registered_on = dates
        return Product(
            producer=producer, name=name, sector=self.sector[sector],
            goods_id=goods_id(number) if registered else None,
            status=Product.Status.REGISTERED if registered else Product.Status.PENDING,
            declared_on=declared, registered_on=registered_on, smuggling_item=item,
        )

    def load_products(self, producers, items):
        """The registered and pending products of every sector; returns the registered mining ones."""
        numbers = itertools.count(1)
        records = []

        def group(sector, entries, registered_last_year):
            # entries: [(producer, registered, item)], registered ones first.
            names = PRODUCT_NAMES[sector]
            per_producer = {}
            for index, (producer, registered, item) in enumerate(entries):
                n = per_producer[producer.pk] = per_producer.get(producer.pk, 0) + 1
                name = item.name if item else f"{names[n % len(names)]} مدل {n}"
                dates = self.timeline(index, registered, index < registered_last_year)
                records.append(self.product(producer, sector, name, next(numbers), registered, dates, item))

        appliances = [producers[("home_appliances", n)] for n in range(len(HOME_APPLIANCE_ITEMS))]
        registered = [(producer, True, None) for round_ in range(max(r for r, _p in HOME_APPLIANCE_ITEMS))
                      for producer, (count, _pending) in zip(appliances, HOME_APPLIANCE_ITEMS) if round_ < count]
        pending = [(producer, False, None) for producer, (_count, count) in zip(appliances, HOME_APPLIANCE_ITEMS)
                   for _n in range(count)]
        group("home_appliances", registered + pending, 60)

        parts = [producers[("auto_parts", n)] for n in range(3)]
        group("auto_parts", [
            (parts[0], True, items[0]), (parts[0], True, items[1]), (parts[1], True, items[2]), (parts[2], True, None),
            (parts[2], True, None), (parts[1], False, items[1]), (parts[2], False, items[3]),
        ], 1)

        mining = [producers[("mining", n)] for n in range(8)]
        group("mining", [(mining[n % 8], n < MINING_REGISTERED, None) for n in range(MINING_PRODUCTS)], 3)

        for sector, count, total, registered_count, last_year in OTHER_SECTORS:
            makers = [producers[(sector, n)] for n in range(count)]
            group(sector, [(makers[n % count], n < registered_count, None) for n in range(total)], last_year)

        saved = self.sync(Product, records, ("producer_id", "name"))
        return [saved[(record.producer_id, record.name)] for record in records
                if record.sector.code == "mining" and record.status == Product.Status.REGISTERED]

    def load_obligations(self, producers):
        """The ten home-appliance producers: seven met, two overdue (pending items, deadline passed),
        one open (pending items, deadline ahead)."""
        records = []
        for n in range(len(HOME_APPLIANCE_ITEMS)):
            deadline = self.today + 60 * DAY if n == 9 else self.days_ago(30 if n in (7, 8) else 120)
            records.append(Obligation(producer=producers[("home_appliances", n)], sector=self.sector["home_appliances"],
                                      notified_on=self.days_ago(420), deadline=deadline))
        self.sync(Obligation, records, ("producer_id", "sector_id"))


class _Mining(_Demo):
    """Mines, the auctions that offer idle ones again, and the shipments of minerals."""

    def load_mines(self):
        """377 mines: 200 active (6 of them reactivated by auction, worked by the winners), 20 in
        auction, 150 idle (135 rubble-stone quarries) and 7 revoked. The mines of the auctions are
        idle until their auctions move them. Returns them by role, in order."""
        active_minerals = ("limestone", "gypsum", "decorative_stone", "granite", "travertine", "sand_gravel",
                           "industrial_clay", "iron_ore", "gold", "rubble_stone")
        other_idle = ("sand_gravel", "limestone", "gypsum")
        plan = [("active", active_minerals[n % len(active_minerals)]) for n in range(ACTIVE_MINES - SIGNED_LOTS)]
        plan += [("reactivated", "rubble_stone")] * SIGNED_LOTS + [("in_auction", "rubble_stone")] * 20
        plan += [("idle", "rubble_stone")] * 135 + [("idle", other_idle[n % 3]) for n in range(15)]
        plan += [("revoked", active_minerals[n]) for n in range(7)]
        assert len(plan) == MINES
        records = []
        for number, (role, mineral) in enumerate(plan, start=1):
            operator_id = operator = issued = None
            if role in ("active", "revoked"):
                operator_id, operator = legal_id(5000 + number), f"شرکت معدنی {number}"
                issued = self.days_ago(400 + (number * 53) % 4000)
            elif role == "reactivated":
                # Its operator is the winner its contract brings (sign_contract).
                issued = self.contract_day
            records.append(Mine(
                licence_number=f"KD-M-{number:04d}",
                name=f"معدن {self.mineral[mineral].name_fa} {number}",
                county=self.county[COUNTIES[number % len(COUNTIES)]],
                mineral=self.mineral[mineral],
                status=Mine.Status.IDLE if role in ("reactivated", "in_auction") else role,
                operator_name=operator or "", operator_national_id=operator_id or "",
                licence_issued_on=issued, licence_expires_on=issued + 3650 * DAY if issued else None,
                capacity_tonnes=Decimal(5000 + (number * 370) % 60000),
                employees=(number * 3) % 40 + 2 if issued else 0,
                latitude=Decimal("35") + Decimal(number % 150) / 100,
                longitude=Decimal("46") + Decimal(number % 200) / 100,
            ))
        saved = self.sync(Mine, records, ("licence_number",), fields=fields_of(Mine, *LIFECYCLE_FIELDS))
        mines = {}
        for (role, _mineral), record in zip(plan, records):
            mines.setdefault(role, []).append(saved[(record.licence_number,)])
        return mines

    @staticmethod
    def offers(lot_number):
        """How many bids a lot of an auction receives (two or three)."""
        return 2 + lot_number % 2

    @staticmethod
    def bidder(auction_index, lot_number, n):
        """(national ID, name) of the n-th bidder on a lot."""
        number = 7000 + auction_index * 1000 + lot_number * 10 + n
        return legal_id(number), f"شرکت پیشنهاددهنده {number}"

    def load_auctions(self, mines):
        """An earlier auction that found no bid (its quarry offered again in the next one), an
        awarded auction (8 lots won, 6 contracts signed, one of them by a runner-up, 2 without a
        bid), one under way (18 lots with bids so far) and a draft (3 idle mines), each taken
        through registry.services as far as its status: published, bid on, awarded, offered to the
        runner-up, offered again and signed, as clerks would."""
        failed_lot = self.first_attempt(mines["reactivated"][REOFFERED_LOT - 1])
        plans = (
            (Auction(number="KD-AU-001", title="مزایده معادن راکد لاشه سنگ، نوبت اول", announced_on=self.days_ago(200),
                     bid_deadline=self.days_ago(170), opening_on=self.days_ago(165), deposit_rials=500_000_000),
             mines["reactivated"] + mines["in_auction"][:2] + mines["idle"][:2], Auction.Status.AWARDED),
            (Auction(number="KD-AU-002", title="مزایده معادن راکد لاشه سنگ، نوبت دوم", announced_on=self.days_ago(10),
                     bid_deadline=self.today + 20 * DAY, opening_on=self.today + 25 * DAY, deposit_rials=500_000_000),
             mines["in_auction"][2:], Auction.Status.PUBLISHED),
            (Auction(number="KD-AU-003", title="مزایده معادن راکد شن و ماسه و سنگ آهک",
                     announced_on=self.today + 5 * DAY, bid_deadline=self.today + 35 * DAY,
                     opening_on=self.today + 40 * DAY, deposit_rials=300_000_000),
             mines["idle"][-3:], Auction.Status.DRAFT),
        )
        # An auction starts as a draft; from then on its status is the lifecycle's, as are its
        # lots' winners and contracts, and the lots it offers again.
        saved = self.sync(Auction, [auction for auction, _mines, _status in plans], ("number",),
                          fields=fields_of(Auction, "status"))
        for index, (auction, offered, status) in enumerate(plans):
            auction = saved[(auction.number,)]
            reoffered = {}
            if index == 0:
                # Offered again before the other lots are added, so that it is lot 1.
                reoffered[REOFFERED_LOT] = (auction.lots.filter(lot_number=REOFFERED_LOT).first()
                                            or services.reoffer_lot(lot=failed_lot, auction=auction, by=None))
            records = [Lot(auction=auction, lot_number=lot_number, mine=mine,
                           base_price_rials=2_000_000_000 + lot_number * 100_000_000)
                       for lot_number, mine in enumerate(offered, start=1) if lot_number not in reoffered]
            lots = self.sync(Lot, records, ("auction_id", "lot_number"), fields=fields_of(Lot, *LOT_LIFECYCLE_FIELDS))
            lots = sorted([*reoffered.values(), *(lots[(auction.pk, record.lot_number)] for record in records)],
                          key=lambda lot: lot.lot_number)
            if status != Auction.Status.DRAFT:
                self.run_auction(auction, lots, index, status)

    def first_attempt(self, mine):
        """The quarry's first attempt, a year ago: an auction that found no bid. Its lot fails and
        the quarry is idle again, to be offered again. Returns that lot."""
        auction = self.sync(Auction, [Auction(
            number="KD-AU-000", title="مزایده معدن راکد لاشه سنگ، آگهی نخست", announced_on=self.days_ago(320),
            bid_deadline=self.days_ago(290), opening_on=self.days_ago(285), deposit_rials=500_000_000,
        )], ("number",), fields=fields_of(Auction, "status"))[("KD-AU-000",)]
        lot = self.sync(Lot, [Lot(auction=auction, lot_number=1, mine=mine, base_price_rials=FIRST_ATTEMPT_BASE_PRICE)],
                        ("auction_id", "lot_number"), fields=fields_of(Lot, *LOT_LIFECYCLE_FIELDS))[(auction.pk, 1)]
        if auction.status == Auction.Status.DRAFT:
            auction = services.publish_auction(auction=auction, by=None)
        if auction.status == Auction.Status.PUBLISHED:
            services.award_auction(auction=auction, by=None)
        return lot

    def run_auction(self, auction, lots, index, status):
        """Publish the auction and take its bids; a past one is then awarded, a winner who withdrew
        leaves the lot to the runner-up, and the first winners sign their contracts. Steps already
        taken are not taken again."""
        if auction.status == Auction.Status.DRAFT:
            auction = services.publish_auction(auction=auction, by=None)
        bids = [bid for lot in lots for bid in self.bids(auction, index, lot)]
        if auction.status == Auction.Status.PUBLISHED:
            recorded = set(Bid.objects.filter(lot__in=lots).values_list("lot_id", "bidder_national_id"))
            for bid in bids:
                if (bid.lot_id, bid.bidder_national_id) not in recorded:
                    services.record_bid(lot=bid.lot, bidder_national_id=bid.bidder_national_id,
                                        bidder_name=bid.bidder_name, amount_rials=bid.amount_rials,
                                        deposit_paid=bid.deposit_paid, submitted_on=bid.submitted_on, by=None)
                    self.sync.created += 1
        # On a later day, the bids' dates move with the auction's.
        self.sync(Bid, bids, ("lot_id", "bidder_national_id"), fields=fields_of(Bid, *FORFEITURE_FIELDS))
        if status != Auction.Status.AWARDED:
            return
        if auction.status in (Auction.Status.PUBLISHED, Auction.Status.CLOSED):
            auction = services.award_auction(auction=auction, by=None)
        self.runner_up(auction, lots[RUNNER_UP_LOT - 1])
        signing = lots[:SIGNED_LOTS]
        for lot in Lot.objects.filter(pk__in=[lot.pk for lot in signing], contract_signed_on__isnull=True):
            services.sign_contract(lot=lot, signed_on=self.contract_day, by=None)
        self.sync(Lot, [Lot(auction=auction, lot_number=lot.lot_number, contract_signed_on=self.contract_day)
                        for lot in signing], ("auction_id", "lot_number"), fields=["contract_signed_on"])

    def runner_up(self, auction, lot):
        """The winner of `lot` withdrew three days after the award: the lot went to the runner-up."""
        withdrew_on = auction.opening_on + 3 * DAY
        winner = max(self.bids(auction, 0, lot), key=lambda bid: bid.amount_rials)
        lot = Lot.objects.get(pk=lot.pk)
        if lot.contract_signed_on is None and lot.winning_bid.bidder_national_id == winner.bidder_national_id:
            services.offer_to_runner_up(lot=lot, winner=lot.winning_bid, reason=Bid.ForfeitReason.WITHDREW,
                                        forfeited_on=withdrew_on, by=None)
        # On a later day, the withdrawal moves with the auction's dates.
        self.sync(Bid, [Bid(lot=lot, bidder_national_id=winner.bidder_national_id, forfeited_on=withdrew_on,
                            forfeit_reason=Bid.ForfeitReason.WITHDREW)],
                  ("lot_id", "bidder_national_id"), fields=list(FORFEITURE_FIELDS))

    def bids(self, auction, index, lot):
        """Two or three bids above the lot's base price; none on the first auction's last two lots."""
        if index == 0 and lot.lot_number > AWARDED_LOTS:
            return []
        submitted = auction.bid_deadline - 5 * DAY if index == 0 else self.days_ago(lot.lot_number % 5)
        bids = []
        for n in range(self.offers(lot.lot_number)):
            national_id, name = self.bidder(index, lot.lot_number, n)
            bids.append(Bid(lot=lot, bidder_national_id=national_id, bidder_name=name, deposit_paid=True,
                            amount_rials=lot.base_price_rials + (n + 1) * 150_000_000, submitted_on=submitted))
        return bids

    def load_shipments(self, mines, producers, products):
        """Minerals through the chain, this year and last: raw and crushed stone to processors,
        processed goods at home and abroad (with their goods IDs). No raw mineral is exported."""
        processors = [producers[("mining", n)] for n in range(8)]
        active = mines["active"]
        countries = ("IQ", "TR", "AE", "AF")
        records = []
        for n in range(60):
            mine = active[(n * 7) % len(active)]
            stage = (Shipment.Stage.RAW, Shipment.Stage.CRUSHED, Shipment.Stage.PROCESSED)[n % 3]
            export = stage != Shipment.Stage.RAW and n % 4 == 1
            product = products[n % len(products)]
            records.append(Shipment(
                number=f"KD-SH-{n + 1:04d}",
                shipped_on=self.this_year(n / 60) if n % 2 else self.last_year(n / 60),
                mine=mine, processor=processors[n % len(processors)], mineral_id=mine.mineral_id, stage=stage,
                quantity_tonnes=Decimal(120 + (n * 37) % 900) + Decimal("0.500"),
                destination=Shipment.Destination.EXPORT if export else Shipment.Destination.DOMESTIC,
                destination_country=countries[n % 4] if export else "",
                goods_id=product.goods_id if export else "",
            ))
        self.sync(Shipment, records, ("number",))


class _Estates(_Demo):
    """Industrial estates, their units, and the idle units being handed back to industry."""

    def load_estates(self, producers):
        """Twelve estates (1,266,000 m² of industrial land), their units, and ten idle units held by
        distribution companies at every stage of being handed back."""
        estates = self.sync(Estate, [
            Estate(code=f"KD-E{n:02d}", name=f"شهرک صنعتی {self.county[county].name_fa} {n}",
                   county=self.county[county],
                   total_area_m2=Decimal(area * 8 // 5), industrial_area_m2=Decimal(area))
            for n, (county, area) in enumerate(ESTATES, start=1)
        ], ("code",))
        estates = [estates[(f"KD-E{n:02d}",)] for n in range(1, len(ESTATES) + 1)]
        makers = [producer for (sector, _n), producer in producers.items() if sector in ("food", "textiles")]
        units = []
        for n, estate in enumerate(estates):
            units.append(Unit(estate=estate, plot_number=f"A-{n + 1}", area_m2=Decimal(4000 + n * 250),
                              status=Unit.Status.PRODUCING, occupant_kind=Unit.OccupantKind.INDUSTRY,
                              occupant_name=makers[n % len(makers)].name, producer=makers[n % len(makers)]))
            units.append(Unit(estate=estate, plot_number=f"B-{n + 1}", area_m2=Decimal(3000 + n * 100),
                              status=Unit.Status.VACANT, occupant_kind=Unit.OccupantKind.NONE))
        # Ten cases: 3 identified, 3 notified, 2 relocated, 2 handed over to a producer, who now
        # works the unit (its occupant kind stays "distribution company": Handover.clean() asks
        # that of every handover's unit).
        Stage = Handover.Stage
        stages = (Stage.IDENTIFIED,) * 3 + (Stage.NOTIFIED,) * 3 + (Stage.RELOCATED,) * 2 + (Stage.HANDED_OVER,) * 2
        cases = []
        for n, stage in enumerate(stages):
            company = f"شرکت پخش سراسری {n + 1}"
            new_producer = makers[n] if stage == Stage.HANDED_OVER else None
            unit = Unit(estate=estates[n % 6], plot_number=f"D-{n + 1}", area_m2=Decimal(2500 + n * 300),
                        status=Unit.Status.PRODUCING if new_producer else Unit.Status.IDLE,
                        occupant_kind=Unit.OccupantKind.DISTRIBUTION,
                        occupant_name=new_producer.name if new_producer else company, producer=new_producer)
            units.append(unit)
            cases.append((stage, unit, company, new_producer))
        saved = self.sync(Unit, units, ("estate_id", "plot_number"))
        records = []
        for n, (stage, unit, company, new_producer) in enumerate(cases):
            reached = Handover.Stage.values.index(stage)
            start = self.days_ago(300 - n * 12)
            dates = [start + step * 40 * DAY if step <= reached else None for step in range(4)]
            records.append(Handover(
                unit=saved[(unit.estate_id, unit.plot_number)], distribution_company=company, identified_on=dates[0],
                notified_on=dates[1], relocated_on=dates[2], handed_over_on=dates[3],
                relocation_site="انبار مرکزی شهرک" if dates[2] else "", new_producer=new_producer,
            ))
        self.sync(Handover, records, ("unit_id",))


class _Jobs(_Demo):
    """Jobs registered by the offices, and the inspections and awareness sessions held."""

    def load_employment(self):
        """Jobs by office and month: this year (months begun so far) 7,200 by the directorate and
        fewer by each other office; last year a full twelve months."""
        this_month = jalali.to_jalali(self.today).month
        records = []
        for year, months, scale in ((self.year, this_month, 1), (self.year - 1, 12, Decimal("0.8"))):
            for office, total in (("imt", DIRECTORATE_JOBS), *OTHER_OFFICES):
                yearly = int(total * scale)
                for month, jobs in zip(range(1, months + 1), spread(yearly, months)):
                    for county, county_jobs in zip(COUNTIES[:4], spread(jobs, 4)):
                        records.append(EmploymentRecord(
                            reference=f"JOB-{office}-{year}-{month:02d}-{county}", office=self.office[office],
                            year=year, month=month, county=self.county[county], jobs=county_jobs, verified=True,
                        ))
        self.sync(EmploymentRecord, [record for record in records if record.jobs], ("reference",))

    def load_inspections(self, producers):
        """Inspections and awareness sessions, mostly last year, that raised transparency."""
        visited = [key for key in producers if key[0] in ("home_appliances", "auto_parts", "food", "mining")]
        records = []
        for n, key in enumerate(visited * 2):
            awareness = n % 3 == 0
            records.append(Inspection(
                reference=f"KD-IN-{n + 1:04d}",
                held_on=self.last_year((n * 13 % 90) / 100) if n % 4 else self.this_year(0.3),
                producer=producers[key], sector_id=producers[key].sector_id,
                kind=Inspection.Kind.AWARENESS if awareness else Inspection.Kind.INSPECTION,
                finding="جلسه آموزش ثبت شناسه کالا در سامانه جامع تجارت" if awareness
                else "بازدید و بررسی ثبت کالاها در سامانه جامع تجارت",
            ))
        self.sync(Inspection, records, ("reference",))


class Command(_Producers, _Mining, _Estates, _Jobs, BaseCommand):
    help = "Load the demo data set of the seed article (idempotent; dates relative to today)."

    def handle(self, *args, **options):
        self.sync = Sync()
        self.today = jalali.today()
        self.year = jalali.jalali_year(self.today)
        self.year_start, _end = jalali.year_bounds(self.year)
        self.last_year_start, self.last_year_end = jalali.year_bounds(self.year - 1)
        self.county = {county.code: county for county in County.objects.all()}
        self.sector = {sector.code: sector for sector in Sector.objects.all()}
        self.mineral = {mineral.code: mineral for mineral in Mineral.objects.all()}
        self.office = {office.code: office for office in Office.objects.all()}
        with transaction.atomic():
            producers = self.load_producers()
            self.load_licences(producers)
            items = self.load_smuggling_items()
            products = self.load_products(producers, items)
            self.load_obligations(producers)
            mines = self.load_mines()
            self.load_auctions(mines)
            self.load_shipments(mines, producers, products)
            self.load_estates(producers)
            self.load_employment()
            self.load_inspections(producers)
        self.stdout.write(self.style.SUCCESS(
            f"demo: {self.sync.created} records created, {self.sync.updated} updated (the rest unchanged)."
        ))
