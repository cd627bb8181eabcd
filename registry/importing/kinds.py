"""Every kind of record that imports and exports (spec sections 2 and 3): its columns, in file order,
with their Persian labels, and its key."""

from registry.importing.cells import (
    Choice,
    CompositeReference,
    Identifier,
    Integer,
    JalaliDate,
    Number,
    Reference,
    Text,
    YesNo,
)
from registry.importing.kind import Column, Kind, Relation
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
from registry.validators import is_valid_goods_id, is_valid_mobile, is_valid_producer_id


def national_id():
    """A legal-entity ID (11 digits) or a sole trader's national code (10), by their check digits."""
    return Identifier(10, 11, check=is_valid_producer_id, example="10380284790")


def goods_id():
    return Identifier(13, check=is_valid_goods_id, example="6261234567897")


def reference_data(model):
    """A county, sector, mineral or office by its code or its Persian or English name."""
    return Reference(model, "code", "name_fa", "name_en", whole_table=True)


def producer():
    return Reference(Producer, "national_id", cell=national_id())


def _reference_kind(name, model, *columns):
    return Kind(name, model, key=("code",), columns=(
        Column("code", "کد", Text()),
        Column("name_fa", "نام فارسی", Text()),
        Column("name_en", "نام انگلیسی", Text()),
        *columns,
    ))


KINDS = {kind.name: kind for kind in (
    _reference_kind("counties", County,
                    Column("population", "جمعیت", Integer()),
                    Column("census_year", "سال سرشماری", Integer())),
    _reference_kind("sectors", Sector,
                    Column("smuggling_prone", "مشمول قاچاق", YesNo())),
    _reference_kind("minerals", Mineral,
                    Column("group", "طبقه معدنی", Integer()),
                    Column("rubble_stone", "لاشه سنگ", YesNo())),
    _reference_kind("offices", Office,
                    Column("is_self", "همین اداره کل", YesNo())),
    Kind("producers", Producer, key=("national_id",), columns=(
        Column("national_id", "شناسه ملی", national_id()),
        Column("name", "نام واحد", Text()),
        Column("county", "شهرستان", reference_data(County)),
        Column("sector", "حوزه", reference_data(Sector)),
        Column("isic_code", "کد آیسیک", Identifier(4, example="1511")),
        Column("status", "وضعیت", Choice(Producer.Status)),
        Column("employees", "تعداد کارکنان", Integer()),
        Column("postal_code", "کد پستی", Identifier(10, example="6616714111")),
        Column("phone", "تلفن", Identifier(11, check=is_valid_mobile, example="09181234567")),
        Column("address", "نشانی", Text(multiline=True)),
        Column("estate", "شهرک صنعتی", Reference(Estate, "code")),
    )),
    Kind("licences", Licence, key=("number",), columns=(
        Column("number", "شماره پروانه", Text()),
        Column("producer", "شناسه ملی واحد", producer()),
        Column("kind", "نوع", Choice(Licence.Kind)),
        Column("issued_on", "تاریخ صدور", JalaliDate()),
        Column("expires_on", "تاریخ انقضا", JalaliDate()),
        Column("capacity", "ظرفیت", Text()),
    )),
    Kind("products", Product, key=("producer", "name"), columns=(
        Column("producer", "شناسه ملی واحد", producer()),
        Column("name", "نام کالا", Text()),
        Column("sector", "حوزه", reference_data(Sector)),
        Column("goods_id", "شناسه کالا", goods_id()),
        Column("status", "وضعیت ثبت", Choice(Product.Status)),
        Column("declared_on", "تاریخ اظهار", JalaliDate()),
        Column("registered_on", "تاریخ ثبت", JalaliDate()),
        Column("smuggling_item", "کد قلم قاچاق", Reference(SmugglingItem, "code")),
    )),
    Kind("smuggling_items", SmugglingItem, key=("code",), columns=(
        Column("code", "کد قلم", Text()),
        Column("name", "نام قلم", Text()),
        Column("sector", "حوزه", reference_data(Sector)),
        Column("list_year", "سال فهرست", Integer()),
    )),
    Kind("obligations", Obligation, key=("producer", "sector"), columns=(
        Column("producer", "شناسه ملی واحد", producer()),
        Column("sector", "حوزه", reference_data(Sector)),
        Column("notified_on", "تاریخ ابلاغ", JalaliDate()),
        Column("deadline", "مهلت", JalaliDate()),
    )),
    Kind("mines", Mine, key=("licence_number",), columns=(
        Column("licence_number", "شماره پروانه بهره‌برداری", Text()),
        Column("name", "نام معدن", Text()),
        Column("county", "شهرستان", reference_data(County)),
        Column("mineral", "ماده معدنی", reference_data(Mineral)),
        Column("status", "وضعیت", Choice(Mine.Status)),
        Column("operator_name", "بهره‌بردار", Text()),
        Column("operator_national_id", "شناسه ملی بهره‌بردار", national_id()),
        Column("licence_issued_on", "تاریخ صدور پروانه", JalaliDate()),
        Column("licence_expires_on", "تاریخ انقضای پروانه", JalaliDate()),
        Column("capacity_tonnes", "ظرفیت سالانه (تن)", Number(3)),
        Column("employees", "تعداد کارکنان", Integer()),
        Column("latitude", "عرض جغرافیایی", Number(6)),
        Column("longitude", "طول جغرافیایی", Number(6)),
    )),
    Kind("auctions", Auction, key=("number",), columns=(
        Column("number", "شماره مزایده", Text()),
        Column("title", "عنوان", Text()),
        Column("announced_on", "تاریخ آگهی", JalaliDate()),
        Column("bid_deadline", "مهلت ارائه پیشنهاد", JalaliDate()),
        Column("opening_on", "تاریخ بازگشایی", JalaliDate()),
        Column("deposit_rials", "سپرده (ریال)", Integer()),
        Column("status", "وضعیت", Choice(Auction.Status)),
    )),
    Kind("lots", Lot, key=("auction", "lot_number"), columns=(
        Column("auction", "شماره مزایده", Reference(Auction, "number")),
        Column("lot_number", "شماره قطعه", Integer()),
        Column("mine", "شماره پروانه معدن", Reference(Mine, "licence_number")),
        Column("base_price_rials", "قیمت پایه (ریال)", Integer()),
        # The failed lot this one offers again: its auction's number and its lot number.
        Column("previous_lot", "قطعه قبلی", CompositeReference(Lot, "auction__number", "lot_number", "KD-AU-003 / 2")),
    )),
    Kind("bids", Bid, key=("lot", "bidder_national_id"), columns=(
        Column("auction", "شماره مزایده", Reference(Auction, "number")),
        Column("lot_number", "شماره قطعه", Integer()),
        Column("bidder_national_id", "شناسه ملی پیشنهاددهنده", national_id()),
        Column("bidder_name", "نام پیشنهاددهنده", Text()),
        Column("amount_rials", "مبلغ پیشنهاد (ریال)", Integer()),
        Column("deposit_paid", "سپرده پرداخت شده", YesNo()),
        Column("submitted_on", "تاریخ ارائه", JalaliDate()),
    ), relations=(Relation("lot", auction="auction", lot_number="lot_number"),)),
    Kind("shipments", Shipment, key=("number",), columns=(
        Column("number", "شماره", Text()),
        Column("shipped_on", "تاریخ", JalaliDate()),
        Column("mine", "شماره پروانه معدن", Reference(Mine, "licence_number")),
        Column("processor", "شناسه ملی واحد فرآوری", producer()),
        Column("mineral", "ماده معدنی", reference_data(Mineral)),
        Column("stage", "مرحله", Choice(Shipment.Stage)),
        Column("quantity_tonnes", "مقدار (تن)", Number(3)),
        Column("destination", "مقصد", Choice(Shipment.Destination)),
        Column("destination_country", "کشور مقصد", Text()),
        Column("goods_id", "شناسه کالا", goods_id()),
    )),
    Kind("estates", Estate, key=("code",), columns=(
        Column("code", "کد شهرک", Text()),
        Column("name", "نام شهرک", Text()),
        Column("county", "شهرستان", reference_data(County)),
        Column("total_area_m2", "مساحت کل (مترمربع)", Number(2)),
        Column("industrial_area_m2", "مساحت صنعتی (مترمربع)", Number(2)),
    )),
    Kind("units", Unit, key=("estate", "plot_number"), columns=(
        Column("estate", "کد شهرک", Reference(Estate, "code")),
        Column("plot_number", "شماره قطعه زمین", Text()),
        Column("area_m2", "مساحت (مترمربع)", Number(2)),
        Column("status", "وضعیت", Choice(Unit.Status)),
        Column("occupant_kind", "نوع بهره‌بردار", Choice(Unit.OccupantKind)),
        Column("occupant_name", "نام بهره‌بردار", Text()),
        Column("producer", "شناسه ملی واحد", producer()),
    )),
    Kind("handovers", Handover, key=("unit",), columns=(
        Column("estate", "کد شهرک", Reference(Estate, "code")),
        Column("plot_number", "شماره قطعه زمین", Text()),
        Column("distribution_company", "شرکت پخش", Text()),
        Column("identified_on", "تاریخ شناسایی", JalaliDate()),
        Column("notified_on", "تاریخ ابلاغ", JalaliDate()),
        Column("relocated_on", "تاریخ جابه‌جایی", JalaliDate()),
        Column("relocation_site", "محل استقرار جدید", Text()),
        Column("handed_over_on", "تاریخ واگذاری", JalaliDate()),
        Column("new_producer", "شناسه ملی واحد جدید", producer()),
    ), relations=(Relation("unit", estate="estate", plot_number="plot_number"),)),
    Kind("employment", EmploymentRecord, key=("reference",), columns=(
        Column("reference", "شماره مرجع", Text()),
        Column("office", "دستگاه", reference_data(Office)),
        Column("year", "سال", Integer()),
        Column("month", "ماه", Integer()),
        Column("county", "شهرستان", reference_data(County)),
        Column("producer", "شناسه ملی واحد", producer()),
        Column("jobs", "تعداد شغل", Integer()),
        Column("verified", "تأییدشده", YesNo()),
    )),
    Kind("inspections", Inspection, key=("reference",), columns=(
        Column("reference", "شماره مرجع", Text()),
        Column("held_on", "تاریخ برگزاری", JalaliDate()),
        Column("producer", "شناسه ملی واحد", producer()),
        Column("kind", "نوع", Choice(Inspection.Kind)),
        Column("sector", "حوزه", reference_data(Sector)),
        Column("finding", "یافته", Text(multiline=True)),
    )),
)}


def kind_for_model(model):
    """The Kind of a model, or None for a model that is not an import kind."""
    return next((kind for kind in KINDS.values() if kind.model is model), None)
