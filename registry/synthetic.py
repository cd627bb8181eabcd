"""Realistic, valid registry records in bulk, for benchmarks and tests (`manage.py generate_data`).

Rows come out as tuples of column values in the order of each table's `columns`, ready for
PostgreSQL's COPY or for bulk_create: Persian names in normalised form, identifiers with their
check digits, counties weighted by population, statuses and sectors in plausible shares, and
event dates over the last three Jalali years up to today. Every model constraint and clean() rule
holds; ids are assigned here so that rows can refer to each other before they are written.
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from registry import checkdigits, jalali
from registry.text import normalize


def _words(text):
    """A vocabulary given one entry a line, normalised like stored text (ی ک, ZWNJ kept)."""
    return tuple(normalize(line) for line in text.strip().splitlines())


SECTOR_SHARES = {
    "food": 24, "construction_materials": 20, "other": 12, "textiles": 10, "home_appliances": 9,
    "auto_parts": 9, "chemicals": 8, "mining": 8,
}
SMUGGLING_SECTORS = {"auto_parts": 45, "home_appliances": 35, "textiles": 10, "food": 5, "chemicals": 5}
ISIC = {
    "food": ("1010", "1050", "1061", "1071", "1079", "1104"), "construction_materials": ("2392", "2394", "2395"),
    "other": ("3100", "3290", "1702"), "textiles": ("1311", "1392", "1393", "1410"),
    "home_appliances": ("2750",), "auto_parts": ("2930",), "chemicals": ("2012", "2022", "2023"),
    "mining": ("0810", "0899"),
}
PRODUCER_KINDS = _words("""
شرکت
صنایع
کارخانه
مجتمع تولیدی
تعاونی تولیدی
""")
SECTOR_WORDS = {
    "food": _words("غذایی\nلبنی\nنان و شیرینی\nبسته‌بندی مواد غذایی"),
    "construction_materials": _words("مصالح ساختمانی\nکاشی و سرامیک\nسیمان\nآجر\nبلوک‌زنی"),
    "other": _words("تولیدی\nصنعتی\nچوب و مبلمان\nبسته‌بندی"),
    "textiles": _words("نساجی\nپوشاک\nفرش\nریسندگی"),
    "home_appliances": _words("لوازم خانگی\nلوازم خانگی برقی\nصنایع برودتی"),
    "auto_parts": _words("قطعات خودرو\nقطعه‌سازی\nلنت و کلاچ"),
    "chemicals": _words("شیمیایی\nرنگ و رزین\nشوینده و بهداشتی"),
    "mining": _words("معدنی\nفرآوری مواد معدنی\nسنگ‌بری"),
}
BRANDS = _words("""
زاگرس
آبیدر
سیروان
کردستان
آریا
پارس
نگین
سپید
البرز
ژیوار
هورامان
شاهو
کوثر
آوین
دیاکو
روژان
ناردین
آرمان
سهند
سپهر
تابان
بهار
مهر
امید
پیام
نوین
آفتاب
ستاره غرب
چیا
زریوار
""")
FIRST_NAMES = _words("""
کاوه
هیوا
آرش
سیروان
دیاکو
ژیار
هوشیار
فرهاد
جمال
کمال
محمد
علی
رضا
بهزاد
سامان
ریبوار
آزاد
شاهو
مریم
شیرین
نسرین
ژیلا
پروین
گلاله
""")
LAST_NAMES = _words("""
احمدی
محمدی
کریمی
رحیمی
مرادی
عزیزی
حسینی
قادری
رستمی
امینی
شریفی
یوسفی
ویسی
فتاحی
خالدی
زندی
سلیمی
بهرامی
لطفی
نادری
شیخی
مصطفایی
عبدی
رسولی
پیرانی
""")
PRODUCT_BASES = {
    "home_appliances": _words("""
یخچال فریزر
ماشین لباسشویی
ماشین ظرفشویی
اجاق گاز
کولر آبی
بخاری گازی
آبگرمکن
جاروبرقی
اتو بخار
پنکه
مایکروویو
چای‌ساز
سماور برقی
هود آشپزخانه
کولر گازی
مخلوط‌کن
آب‌میوه‌گیری
"""),
    "auto_parts": _words("""
لنت ترمز
دیسک ترمز
فیلتر روغن
فیلتر هوا
شمع موتور
تسمه تایم
کمک فنر
رادیاتور
واشر سرسیلندر
پمپ آب
دینام
استارت
باتری خودرو
چراغ جلو
آینه بغل
سیبک فرمان
بلبرینگ چرخ
صفحه کلاچ
"""),
    "mining": _words("""
لاشه سنگ
شن دانه‌بندی
ماسه شسته
پودر کربنات کلسیم
گچ ساختمانی
سنگ تزئینی
کنسانتره آهن
پودر سیلیس
خاک نسوز
سنگ تراورتن
"""),
    "food": _words("""
ماست پرچرب
دوغ محلی
پنیر سفید
شیر پاستوریزه
کره حیوانی
رب گوجه‌فرنگی
آب معدنی
نان صنعتی
کلوچه
عسل طبیعی
روغن مایع
ماکارونی
بیسکویت
شکلات
آبمیوه
کنسرو لوبیا
ترشی
"""),
    "construction_materials": _words("""
سیمان پرتلند
آجر فشاری
آجر سفال
بلوک سیمانی
کاشی دیواری
سرامیک کف
موزاییک
تیرچه بتنی
گچ ساختمانی
سنگ ساختمانی
ایزوگام
لوله پلی‌اتیلن
پروفیل آلومینیوم
"""),
    "textiles": _words("""
پارچه پنبه‌ای
نخ اکریلیک
پتو
فرش ماشینی
گلیم
حوله
ملحفه
پوشاک کردی
جوراب
لباس کار
پرده
"""),
    "chemicals": _words("""
شوینده مایع
پودر لباسشویی
مایع ظرفشویی
رنگ ساختمانی
چسب صنعتی
رزین
کود شیمیایی
الکل صنعتی
ضدیخ
روغن موتور
گریس
"""),
    "other": _words("""
مبلمان اداری
کمد فلزی
میز تحریر
صندلی چوبی
کارتن بسته‌بندی
ظروف پلاستیکی
کیسه پلاستیکی
لوازم التحریر
اسباب‌بازی
ظروف یکبار مصرف
"""),
}
QUALIFIERS = {
    "home_appliances": _words("خانگی\nکم‌مصرف\nدیجیتال\nاستیل\nسفید\nصنعتی"),
    "auto_parts": _words("سواری\nسنگین\nجلو\nعقب\nتقویتی\nاستاندارد"),
    "mining": _words("درجه یک\nصنعتی\nمیکرونیزه\nشسته\nفله"),
    "food": _words("پرچرب\nکم‌چرب\nخانواده\nممتاز\nمحلی\nبسته‌بندی"),
    "construction_materials": _words("درجه یک\nصنعتی\nضدآب\nسفید\nطوسی\nاستاندارد"),
    "textiles": _words("پنبه‌ای\nمردانه\nزنانه\nبچگانه\nطرح سنتی\nدستباف"),
    "chemicals": _words("صنعتی\nخانگی\nغلیظ\nضدعفونی\nبهداشتی\nاستاندارد"),
    "other": _words("اداری\nخانگی\nصنعتی\nکودک\nیکبار مصرف\nاستاندارد"),
}

ITEM_QUALIFIERS = _words("""
وارداتی
خارجی
سواری
سنگین
خانگی
صنعتی
برنددار
یدکی
""")
PLACES = _words("""
کانی‌سور
حسن‌آباد
قلعه‌جی
یاسوکند
زرینه
ننور
دولاب
چهل‌چشمه
سارال
اوباتو
موچش
شویشه
بلبان‌آباد
توپ آغاج
گزیدر
""")
STREETS = _words("""
خیابان
بلوار
کوچه
جاده
""")
FINDINGS = _words("""
مطابق ضوابط؛ شناسه کالا روی بسته‌بندی درج شده است.
شناسه کالا برای برخی اقلام درج نشده است؛ تذکر کتبی داده شد.
پروانه بهره‌برداری منقضی شده است؛ به واحد اخطار داده شد.
جلسه آگاهی‌بخشی درباره سامانه جامع تجارت برگزار شد.
انبار کالا بازدید شد؛ مغایرتی دیده نشد.
موجودی کالا با سامانه جامع تجارت مغایرت دارد.
آموزش ثبت شناسه کالا به مسئول فروش واحد داده شد.
""")
UNIT_SIZES = ("تن", "دستگاه", "عدد", "متر مربع")
# Where exported minerals go, and how often.
EXPORT_COUNTRIES = {"IQ": 60, "TR": 12, "AE": 8, "AF": 6, "AM": 5, "AZ": 5, "CN": 4}
MINERAL_SHARES = {
    "rubble_stone": 35, "sand_gravel": 15, "limestone": 12, "decorative_stone": 8, "travertine": 7,
    "industrial_clay": 7, "gypsum": 6, "granite": 5, "iron_ore": 3, "gold": 2,
}
OFFICE_SHARES = {"imt": 45, "agri": 20, "coop": 20, "tourism": 8, "roads": 7}
# The centre of each county (degrees), where its mines cluster.
COUNTY_CENTRES = {
    "sanandaj": (35.31, 46.99), "saqqez": (36.25, 46.27), "marivan": (35.52, 46.18), "baneh": (35.99, 45.88),
    "qorveh": (35.17, 47.80), "kamyaran": (34.80, 46.94), "bijar": (35.87, 47.60), "divandarreh": (35.91, 47.02),
    "dehgolan": (35.28, 47.42), "sarvabad": (35.31, 46.37),
}
# The models Generator.tables() fills, in the order it writes them.
TABLES = ("SmugglingItem", "Estate", "Producer", "Licence", "Product", "Obligation", "Inspection", "Mine", "Auction",
          "Lot", "Bid", "Shipment", "Unit", "Handover", "EmploymentRecord")


def legal_id(number):
    """A valid 11-digit legal-entity ID; distinct numbers below 10⁸ give distinct IDs."""
    body = f"10{(number * 7_919 + 1_357) % 100_000_000:08d}"
    return body + checkdigits.legal_id_digit(body)


def national_code(number):
    """A valid 10-digit national code; distinct numbers below 10⁸ give distinct codes."""
    body = f"3{(number * 7_919 + 24_680) % 100_000_000:08d}"
    if body[3:] == "000000":  # digits 4–9 all zero is never issued
        body = body[:8] + "1"
    return body + checkdigits.national_code_digit(body)


def goods_id(number):
    """A valid GTIN-13 under Iran's GS1 prefix 626; distinct numbers below 10⁹ give distinct IDs."""
    body = f"626{(number * 7_654_321 + 97) % 1_000_000_000:09d}"
    return body + checkdigits.goods_id_digit(body)


@dataclass
class Table:
    """Rows for one model: `columns` are attnames, `rows` an iterable of tuples in that order.

    `entered_on` names the date column that dates the record's "+" history entry (the day it
    was entered); None: the start of the period, when the registry was first loaded.
    """

    model_name: str
    columns: tuple
    rows: object
    entered_on: str | None = None


@dataclass
class Sizes:
    producers: int = 30_000
    products: int = 1_000_000
    mines: int | None = None
    shipments: int | None = None
    estates: int | None = None
    units: int | None = None
    employment: int | None = None
    inspections: int | None = None
    items: int | None = None

    def __post_init__(self):
        # Proportions of a province with 30,000 producers and a million products.
        p = self.producers
        defaults = {"mines": p // 10, "shipments": self.products // 5, "estates": max(2, p // 500),
                    "units": p // 5, "employment": p * 5 // 3, "inspections": p * 2, "items": max(10, p // 50)}
        for name, value in defaults.items():
            if getattr(self, name) is None:
                setattr(self, name, value)


@dataclass
class Reference:
    """Ids and names of the reference data the migrations installed."""

    counties: dict  # code -> (id, name_fa, population)
    sectors: dict  # code -> id
    minerals: dict  # code -> id
    mineral_names: dict  # code -> name_fa
    offices: dict  # code -> id


def _weighted(shares, keys=None):
    keys = list(keys or shares)
    return keys, list(itertools.accumulate(shares[key] for key in keys))


@dataclass
class _Generator:
    """The period, the random source and the helpers that the tables share; Generator (at the end)
    puts the tables together."""

    sizes: Sizes
    reference: Reference
    seed: int = 1405
    today: datetime.date = field(default_factory=jalali.today)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        first_year = jalali.jalali_year(self.today) - 2
        self.start = jalali.year_bounds(first_year)[0]
        self.span = (self.today - self.start).days
        self.days = [self.start + datetime.timedelta(days=offset) for offset in range(self.span + 1)]
        self.years = [jalali.jalali_year(day) for day in self.days]
        self.first_year = first_year
        # Filled as the tables are produced, for the tables that refer to them.
        self.producers = []  # (id, county code, sector code, status, name)
        self.registered_mining_goods = []
        self.estates = []  # (id, county code, name, industrial area)

    # helpers -----------------------------------------------------------------------------------

    def day(self, low=0, high=None):
        """A date of the period, `low`..`high` days after its start (default: any day up to today)."""
        return self.days[self.rng.randint(low, self.span if high is None else min(high, self.span))]

    def pick(self, keys_and_cumulative):
        keys, cumulative = keys_and_cumulative
        return self.rng.choices(keys, cum_weights=cumulative)[0]

    def company_name(self, sector):
        rng = self.rng
        return f"{rng.choice(PRODUCER_KINDS)} {rng.choice(SECTOR_WORDS[sector])} {rng.choice(BRANDS)}"

    def person_name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def county_weights(self):
        return _weighted({code: values[2] for code, values in self.reference.counties.items()})


class _ProducerTables(_Generator):
    """Producers and what they hold: licences, products, obligations, inspections; the national
    smuggling list and the estates they sit in."""

    def smuggling_items(self):
        rng, sectors = self.rng, _weighted(SMUGGLING_SECTORS)
        rows, self.items_by_sector = [], {}
        for item_id in range(1, self.sizes.items + 1):
            sector = self.pick(sectors)
            year = self.first_year + rng.randint(0, 2)
            name = f"{rng.choice(PRODUCT_BASES[sector])} {rng.choice(ITEM_QUALIFIERS)}"
            rows.append((item_id, 1, f"{year}-{item_id:05d}", name, self.reference.sectors[sector], year))
            self.items_by_sector.setdefault(sector, []).append(item_id)
        return Table("SmugglingItem", ("id", "version", "code", "name", "sector_id", "list_year"), rows)

    def estate_table(self):
        rng, counties = self.rng, self.county_weights()
        rows, per_county = [], {}
        for estate_id in range(1, self.sizes.estates + 1):
            county = self.pick(counties) if estate_id > len(COUNTY_CENTRES) else list(COUNTY_CENTRES)[estate_id - 1]
            per_county[county] = per_county.get(county, 0) + 1
            county_id, county_name, _population = self.reference.counties[county]
            name = f"شهرک صنعتی {county_name} {per_county[county]}"
            total = Decimal(rng.randrange(100_000, 1_500_000, 500))
            industrial = (total * Decimal(rng.randint(50, 65)) / 100).quantize(Decimal("0.01"))
            code = f"EST-{county[:3].upper()}-{per_county[county]:02d}"
            rows.append((estate_id, 1, code, name, county_id, total, industrial))
            self.estates.append((estate_id, county, name, industrial))
        return Table("Estate", ("id", "version", "code", "name", "county_id", "total_area_m2",
                                "industrial_area_m2"), rows)

    def producer_table(self):
        rng, ref = self.rng, self.reference
        counties, sectors = self.county_weights(), _weighted(SECTOR_SHARES)
        estates_by_county = {}
        for estate_id, county, name, _area in self.estates:
            estates_by_county.setdefault(county, []).append((estate_id, name))
        rows = []
        for producer_id in range(1, self.sizes.producers + 1):
            county, sector = self.pick(counties), self.pick(sectors)
            r = rng.random()
            status = "active" if r < 0.78 else "idle" if r < 0.93 else "closed"
            in_estate = rng.random() < 0.5
            if rng.random() < 0.15:
                national_id, name = national_code(producer_id), f"تولیدی {self.person_name()}"
            else:
                national_id, name = legal_id(producer_id), self.company_name(sector)
            employees = 0 if status == "closed" else max(1, int(rng.lognormvariate(2.4, 0.9)))
            if status == "idle":
                employees = max(1, employees // 4)
            estate = rng.choice(estates_by_county[county]) if county in estates_by_county and in_estate else None
            county_name = ref.counties[county][1]
            if estate:
                address = f"{county_name}، {estate[1]}، خیابان {rng.randint(1, 12)}، پلاک {rng.randint(1, 300)}"
            elif rng.random() < 0.85:
                address = (f"{county_name}، {rng.choice(STREETS)} {rng.choice(BRANDS)}، "
                           f"پلاک {rng.randint(1, 400)}")
            else:
                address = ""
            postal = f"66{rng.randrange(10**8):08d}" if rng.random() < 0.85 else ""
            r = rng.random()
            phone = (f"087{rng.randrange(10**8):08d}" if r < 0.55
                     else f"09{rng.randrange(10**9):09d}" if r < 0.9 else "")
            isic = rng.choice(ISIC[sector]) if rng.random() < 0.8 else ""
            rows.append((producer_id, 1, national_id, name, ref.counties[county][0], ref.sectors[sector], isic,
                         status, employees, postal, phone, address, estate[0] if estate else None))
            self.producers.append((producer_id, county, sector, status, name))
        return Table("Producer", ("id", "version", "national_id", "name", "county_id", "sector_id", "isic_code",
                                  "status", "employees", "postal_code", "phone", "address", "estate_id"), rows)

    def licences(self):
        rng, today = self.rng, self.today
        rows, licence_id = [], 0
        for producer_id, _county, _sector, status, _name in self.producers:
            kinds = []
            if rng.random() < 0.35:
                kinds.append("establishment")
            if status != "closed" and rng.random() < 0.9 or rng.random() < 0.3:
                kinds.append("operating")
            for kind in kinds:
                licence_id += 1
                issued = today - datetime.timedelta(days=rng.randint(30, 8 * 365))
                years = 2 if kind == "establishment" else 5
                expires = issued + datetime.timedelta(days=years * 365) if rng.random() < 0.9 else None
                capacity = (f"{rng.randrange(50, 50_000, 50)} {rng.choice(UNIT_SIZES)} در سال"
                            if kind == "operating" else "")
                prefix = "OP" if kind == "operating" else "EP"
                rows.append((licence_id, 1, f"{prefix}-{licence_id:07d}", producer_id, kind, issued, expires,
                             capacity))
        return Table("Licence", ("id", "version", "number", "producer_id", "kind", "issued_on", "expires_on",
                                 "capacity"), rows, "issued_on")

    def product_counts(self):
        """How many products each producer has: skewed (a few large makers), at most 500, summing
        exactly to the requested total."""
        rng, total = self.rng, self.sizes.products
        weights = [rng.lognormvariate(0, 0.9) * (0.3 if status == "closed" else 1)
                   for _id, _county, _sector, status, _name in self.producers]
        scale = total / sum(weights) if weights else 0
        counts = [min(500, int(weight * scale)) for weight in weights]
        short = total - sum(counts)
        index = 0
        while short > 0 and counts:
            if counts[index] < 500:
                counts[index] += 1
                short -= 1
            index = (index + 1) % len(counts)
        return counts

    def products(self):
        return Table("Product", ("id", "version", "name", "goods_id", "status", "declared_on", "registered_on",
                                 "producer_id", "sector_id", "smuggling_item_id"), self._product_rows(), "declared_on")

    def _product_rows(self):
        rng, sectors, span, days = self.rng, self.reference.sectors, self.span, self.days
        random_, randint = rng.random, rng.randint
        other_sectors = list(SECTOR_SHARES)
        # The national list is long; the province makes only some of its items.
        local_items = {sector: items[: max(1, len(items) // 5)] for sector, items in self.items_by_sector.items()}
        product_id = 0
        for (producer_id, _county, sector, _status, _name), count in zip(self.producers, self.product_counts(),
                                                                        strict=True):
            for j in range(count):
                product_id += 1
                own = sector if random_() < 0.95 else other_sectors[randint(0, len(other_sectors) - 1)]
                bases, qualifiers = PRODUCT_BASES[own], QUALIFIERS[own]
                word = "کد" if own == "food" else "مدل"
                # The model number is distinct for each of a producer's products (j < 9000).
                name = (f"{bases[randint(0, len(bases) - 1)]} {qualifiers[randint(0, len(qualifiers) - 1)]} "
                        f"{word} {1000 + (37 * j + producer_id) % 9000}")
                offset = randint(0, span)
                declared = days[offset]
                # Products declared long ago had time to be registered; recent ones often wait.
                r = random_()
                if r < 0.07:
                    status, gid, registered = "rejected", None, None
                elif r < 0.3 + 0.5 * (span - offset) / span:
                    registered_offset = offset + randint(5, 120)
                    if registered_offset <= span:
                        status, gid, registered = "registered", goods_id(product_id), days[registered_offset]
                        if own in ("mining", "construction_materials") and len(self.registered_mining_goods) < 5000:
                            self.registered_mining_goods.append(gid)
                    else:
                        status, gid, registered = "pending", None, None
                else:
                    status, gid, registered = "pending", None, None
                items = local_items.get(own)
                item = items[randint(0, len(items) - 1)] if items and random_() < 0.4 else None
                yield (product_id, 1, name, gid, status, declared, registered, producer_id, sectors[own], item)

    def obligations(self):
        rng = self.rng
        rows, obligation_id = [], 0
        for producer_id, _county, sector, status, _name in self.producers:
            prone = sector in ("home_appliances", "auto_parts")
            if status != "closed" and rng.random() < (0.7 if prone else 0.03):
                obligation_id += 1
                notified = self.day(high=self.span - 30)
                deadline = notified + datetime.timedelta(days=rng.choice((90, 180, 365)))
                rows.append((obligation_id, 1, producer_id, self.reference.sectors[sector], notified, deadline))
        return Table("Obligation", ("id", "version", "producer_id", "sector_id", "notified_on", "deadline"), rows,
                     "notified_on")

    def inspections(self):
        rng, sectors = self.rng, self.reference.sectors
        producers = [producer for producer in self.producers if producer[3] != "closed"] or self.producers
        rows = []
        for inspection_id in range(1, self.sizes.inspections + 1):
            producer_id, _county, sector, _status, _name = producers[rng.randrange(len(producers))]
            held = self.day()
            kind = "inspection" if rng.random() < 0.75 else "awareness"
            finding = rng.choice(FINDINGS) if rng.random() < 0.9 else ""
            reference = f"INS-{self.years[(held - self.start).days]}-{inspection_id:06d}"
            rows.append((inspection_id, 1, reference, held, producer_id, kind, sectors[sector], finding))
        return Table("Inspection", ("id", "version", "reference", "held_on", "producer_id", "kind", "sector_id",
                                    "finding"), rows, "held_on")


class _MiningTables(_Generator):
    """Mines, the auctions that offered idle ones again, and the shipments of minerals."""

    def mining(self):
        """Mines, and the auctions that offered idle ones again; each mine's status and operator are
        what the auction lifecycle (registry.services) would have left."""
        rng, ref = self.rng, self.reference
        counties, minerals = self.county_weights(), _weighted(MINERAL_SHARES)
        mines = []
        for mine_id in range(1, self.sizes.mines + 1):
            county, mineral = self.pick(counties), self.pick(minerals)
            r = rng.random()
            status = "active" if r < 0.53 else "idle" if r < 0.93 else "revoked"
            mines.append({
                "id": mine_id, "county": county, "mineral": mineral, "status": status,
                "name": f"معدن {ref.mineral_names[mineral]} {rng.choice(PLACES)} {mine_id}",
                "operator": ("", ""),
            })
            if status in ("active", "revoked"):
                mines[-1]["operator"] = self.operator(mine_id)
        idle = [mine for mine in mines if mine["status"] == "idle"]
        rng.shuffle(idle)
        auctions, lots, bids = self.auctions(idle)
        rows = []
        for mine in mines:
            if mine["status"] == "idle" and rng.random() < 0.5:
                issued = expires = None
            else:
                issued = self.today - datetime.timedelta(days=rng.randint(100, 20 * 365))
                expires = issued + datetime.timedelta(days=365 * rng.randint(5, 24))
            latitude = longitude = None
            if rng.random() < 0.8:
                centre = COUNTY_CENTRES[mine["county"]]
                latitude = Decimal(f"{min(36.59, max(34.51, centre[0] + rng.uniform(-0.25, 0.25))):.6f}")
                longitude = Decimal(f"{min(48.39, max(45.41, centre[1] + rng.uniform(-0.25, 0.25))):.6f}")
            capacity = Decimal(rng.randrange(5_000, 500_000, 500))
            employees = rng.randint(3, 80) if mine["status"] == "active" else rng.randint(0, 3)
            rows.append((mine["id"], 1, f"KD-M-{mine['id']:05d}", mine["name"], ref.counties[mine["county"]][0],
                         ref.minerals[mine["mineral"]], mine["status"], mine["operator"][0], mine["operator"][1],
                         issued, expires, capacity, employees, latitude, longitude))
        self.active_mines = [(mine["id"], mine["mineral"]) for mine in mines if mine["status"] == "active"]
        return (Table("Mine", ("id", "version", "licence_number", "name", "county_id", "mineral_id", "status",
                               "operator_name", "operator_national_id", "licence_issued_on", "licence_expires_on",
                               "capacity_tonnes", "employees", "latitude", "longitude"), rows),
                *self._auction_tables(auctions, lots, bids))

    def operator(self, number):
        if self.rng.random() < 0.8:
            return self.company_name("mining"), legal_id(50_000_000 + number)
        return self.person_name(), national_code(50_000_000 + number)

    def auctions(self, idle):
        """Auctions over the period, older ones decided, recent ones under way; each lot takes a
        mine from `idle` and sets its status as the auction's fate left it."""
        rng, today = self.rng, self.today
        count = max(2, self.sizes.mines // 20) if idle else 0
        auctions, lots, bids = [], [], []
        pool = iter(idle)
        bidder = itertools.count(1)
        for auction_id in range(1, count + 1):
            announced = self.day(high=self.span - 5)
            deadline = announced + datetime.timedelta(days=rng.randint(20, 40))
            opening = deadline + datetime.timedelta(days=rng.randint(1, 7))
            age = (today - announced).days
            r = rng.random()
            if announced > today - datetime.timedelta(days=10) and r < 0.5:
                status = "draft"
            elif deadline >= today:
                status = "published"
            elif age < 90 and r < 0.4:
                status = "closed"
            else:
                status = "awarded" if r < 0.65 else "failed" if r < 0.85 else "cancelled"
            auction = {"id": auction_id, "number": f"MZ-{jalali.jalali_year(announced)}-{auction_id:04d}",
                       "title": f"مزایده معادن راکد {rng.choice(PLACES)}", "announced": announced,
                       "deadline": deadline, "opening": opening, "deposit": rng.randrange(50, 500) * 10**6,
                       "status": status}
            auction_lots = []
            for lot_number in range(1, rng.randint(1, 6) + 1):
                mine = next(pool, None)
                if mine is None:
                    break
                lot = {"id": len(lots) + 1, "auction": auction, "number": lot_number, "mine": mine,
                       "base": rng.randrange(5, 200) * 10**8, "winner": None, "signed": None}
                lots.append(lot)
                auction_lots.append(lot)
            if not auction_lots:
                break
            # Bids are recorded while published, and only valid ones (registry.services.record_bid).
            if status in ("published", "closed", "awarded", "cancelled"):
                for lot in auction_lots:
                    last = min(deadline, today)
                    for _n in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
                        number = next(bidder)
                        person = rng.random() < 0.3
                        submitted = announced + datetime.timedelta(days=rng.randint(0, (last - announced).days))
                        bid = {"id": len(bids) + 1, "lot": lot,
                               "national_id": national_code(60_000_000 + number) if person
                               else legal_id(60_000_000 + number),
                               "name": self.person_name() if person else self.company_name("mining"),
                               "amount": lot["base"] + rng.randrange(0, 50) * 10**7, "submitted": submitted}
                        bids.append(bid)
                        lot.setdefault("bids", []).append(bid)
            if status == "awarded":
                for lot in auction_lots:
                    if lot.get("bids"):
                        lot["winner"] = min(lot["bids"], key=lambda bid: (-bid["amount"], bid["submitted"], bid["id"]))
                        if rng.random() < 0.7:
                            lot["signed"] = min(today, deadline + datetime.timedelta(days=rng.randint(10, 60)))
                if not any(lot["winner"] for lot in auction_lots):
                    auction["status"] = status = "failed"
            for lot in auction_lots:
                mine = lot["mine"]
                if status in ("published", "closed") or (lot["winner"] and not lot["signed"]):
                    mine["status"] = "in_auction"
                elif lot["signed"]:
                    mine["status"] = "active"
                    mine["operator"] = (lot["winner"]["name"], lot["winner"]["national_id"])
            auctions.append(auction)
        return auctions, lots, bids

    def _auction_tables(self, auctions, lots, bids):
        return (
            Table("Auction", ("id", "version", "number", "title", "announced_on", "bid_deadline", "opening_on",
                              "deposit_rials", "status"),
                  [(a["id"], 1, a["number"], a["title"], a["announced"], a["deadline"], a["opening"], a["deposit"],
                    a["status"]) for a in auctions], "announced_on"),
            Table("Lot", ("id", "version", "auction_id", "lot_number", "mine_id", "base_price_rials",
                          "winning_bid_id", "contract_signed_on"),
                  [(lot["id"], 1, lot["auction"]["id"], lot["number"], lot["mine"]["id"], lot["base"],
                    lot["winner"]["id"] if lot["winner"] else None, lot["signed"]) for lot in lots]),
            Table("Bid", ("id", "version", "lot_id", "bidder_national_id", "bidder_name", "amount_rials",
                          "deposit_paid", "submitted_on"),
                  [(bid["id"], 1, bid["lot"]["id"], bid["national_id"], bid["name"], bid["amount"], True,
                    bid["submitted"]) for bid in bids], "submitted_on"),
        )

    def shipments(self):
        return Table("Shipment", ("id", "version", "number", "shipped_on", "mine_id", "processor_id", "mineral_id",
                                  "stage", "quantity_tonnes", "destination", "destination_country", "goods_id"),
                     self._shipment_rows(), "shipped_on")

    def _shipment_rows(self):
        rng, minerals, span, days = self.rng, self.reference.minerals, self.span, self.days
        random_, randint = rng.random, rng.randint
        mineral_keys = _weighted(MINERAL_SHARES)
        countries = _weighted(EXPORT_COUNTRIES)
        processors = [producer[0] for producer in self.producers
                      if producer[2] in ("mining", "construction_materials")] or [None]
        goods = self.registered_mining_goods
        for shipment_id in range(1, self.sizes.shipments + 1):
            if self.active_mines and random_() < 0.85:
                mine, mineral = self.active_mines[randint(0, len(self.active_mines) - 1)]
            else:
                mine, mineral = None, self.pick(mineral_keys)
            r = random_()
            stage = "raw" if r < 0.45 else "crushed" if r < 0.8 else "processed"
            processor = processors[randint(0, len(processors) - 1)] if stage != "raw" or r < 0.2 else None
            offset = randint(0, span)
            shipped = days[offset]
            if stage != "raw" and goods and random_() < 0.1:
                destination, country, gid = "export", self.pick(countries), goods[randint(0, len(goods) - 1)]
            else:
                destination, country, gid = "domestic", "", ""
            quantity = Decimal(randint(5_000, 40_000)) / 1000
            yield (shipment_id, 1, f"SH-{self.years[offset]}-{shipment_id:07d}", shipped, mine, processor,
                   minerals[mineral], stage, quantity, destination, country, gid)


class _EstateTables(_Generator):
    """The units of the estates, and the idle ones that distribution companies hand back."""

    def estate_units(self):
        """Units of the estates, and the handovers of idle units that distribution companies hold."""
        rng = self.rng
        by_county = {}
        for producer in self.producers:
            by_county.setdefault(producer[1], []).append(producer)
        total_area = sum(estate[3] for estate in self.estates) or 1
        units, handovers = [], []
        unit_id = 0
        for estate_id, county, _name, area in self.estates:
            count = max(1, round(self.sizes.units * float(area / total_area)))
            producers = by_county.get(county) or self.producers
            mean_area = float(area) / count * 0.8
            for plot in range(1, count + 1):
                unit_id += 1
                r = rng.random()
                status = "producing" if r < 0.65 else "idle" if r < 0.85 else "vacant"
                occupant_kind, occupant, producer = "none", "", None
                if status == "producing" or (status == "idle" and rng.random() < 0.55):
                    producer_row = rng.choice(producers)
                    occupant_kind, occupant, producer = "industry", producer_row[4], producer_row[0]
                elif status == "idle":
                    occupant_kind, occupant = "distribution", f"شرکت پخش {rng.choice(BRANDS)}"
                unit_area = Decimal(f"{max(300.0, rng.gauss(mean_area, mean_area / 3)):.2f}")
                unit = [unit_id, 1, estate_id, str(plot), unit_area, status, occupant_kind, occupant, producer]
                if occupant_kind == "distribution" and rng.random() < 0.6:
                    handover, unit = self.handover(len(handovers) + 1, unit, producers)
                    handovers.append(handover)
                units.append(tuple(unit))
        return (
            Table("Unit", ("id", "version", "estate_id", "plot_number", "area_m2", "status", "occupant_kind",
                           "occupant_name", "producer_id"), units),
            Table("Handover", ("id", "version", "unit_id", "distribution_company", "identified_on", "notified_on",
                               "relocated_on", "relocation_site", "handed_over_on", "new_producer_id"), handovers,
                  "identified_on"),
        )

    def handover(self, handover_id, unit, producers):
        """A handover at a stage reached by dates in order; a unit handed over passes to industry."""
        rng, today = self.rng, self.today
        company = unit[7]
        identified = self.day(high=self.span - 1)
        dates = [identified]
        for _stage in range(rng.choice((0, 1, 1, 2, 2, 3, 3))):
            following = dates[-1] + datetime.timedelta(days=rng.randint(10, 120))
            if following > today:
                break
            dates.append(following)
        notified, relocated, handed_over = (dates[1:] + [None, None, None])[:3]
        site = f"{rng.choice(STREETS)} {rng.choice(BRANDS)}" if relocated else ""
        new_producer = None
        if handed_over:
            producer_row = rng.choice(producers)
            new_producer = producer_row[0]
            unit[5:9] = ["producing", "industry", producer_row[4], producer_row[0]]
        handover = (handover_id, 1, unit[0], company, identified, notified, relocated, site, handed_over, new_producer)
        return handover, unit


class _JobTables(_Generator):
    """Jobs registered by the province's offices, month by month."""

    def employment(self):
        rng, ref = self.rng, self.reference
        now = jalali.to_jalali(self.today)
        months = [(year, month) for year in range(self.first_year, now.year + 1) for month in range(1, 13)
                  if (year, month) <= (now.year, now.month)]
        offices, counties = _weighted(OFFICE_SHARES), self.county_weights()
        by_county = {}
        for producer in self.producers:
            by_county.setdefault(producer[1], []).append(producer[0])
        rows = []
        for record_id in range(1, self.sizes.employment + 1):
            year, month = months[rng.randrange(len(months))]
            office, county = self.pick(offices), self.pick(counties)
            producer = None
            if office == "imt" and by_county.get(county) and rng.random() < 0.7:
                producer = rng.choice(by_county[county])
            jobs = max(1, int(rng.lognormvariate(1.2, 0.9)))
            verified = (year, month) < (now.year, now.month) and rng.random() < 0.85
            rows.append((record_id, 1, f"EMP-{year}-{record_id:07d}", ref.offices[office], year, month,
                         ref.counties[county][0], producer, jobs, verified))
        return Table("EmploymentRecord", ("id", "version", "reference", "office_id", "year", "month", "county_id",
                                          "producer_id", "jobs", "verified"), rows)


class Generator(_ProducerTables, _MiningTables, _EstateTables, _JobTables):
    """Every table of a registry: `Generator(sizes, reference, seed).tables()`."""

    def tables(self):
        """Every table, each after the tables its rows refer to. Products and shipments are
        generators, produced while they are written."""
        tables = [self.smuggling_items(), self.estate_table(), self.producer_table(), self.licences(),
                  self.products(), self.obligations(), self.inspections()]
        tables += [*self.mining(), self.shipments(), *self.estate_units(), self.employment()]
        return tables
