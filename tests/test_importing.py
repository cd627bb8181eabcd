"""Importing and exporting every kind of record (spec section 3) through registry.importing.

The sample files in tests/samples are copies of ../shared/samples: files shaped like what clerks
send (Persian or English headers, Jalali dates, Persian digits, Arabic letters, BOM, Windows-1256).
"""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from registry import spreadsheets
from registry.importing import KINDS, import_file
from registry.importing.uniqueness import Uniqueness
from registry.models import (
    Auction,
    Bid,
    County,
    EmploymentRecord,
    Estate,
    Handover,
    ImportLog,
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
from tests import factories

SAMPLES = Path(__file__).resolve().parent / "samples"
# (kind, file, records it creates, records it leaves unchanged), in the order the files import.
SAMPLE_FILES = [
    ("offices", "01_offices.csv", 0, 4),
    ("estates", "02_estates.csv", 12, 0),
    ("producers", "03_producers.csv", 150, 0),
    ("licences", "04_licences.xlsx", 152, 0),
    ("smuggling_items", "05_smuggling_items.csv", 69, 0),
    ("products", "06_products.csv", 602, 0),
    ("obligations", "07_obligations.csv", 22, 0),
    ("mines", "08_mines.csv", 160, 0),
    ("units", "09_units.csv", 90, 0),
    ("handovers", "10_handovers.csv", 14, 0),
    ("employment", "11_employment.csv", 250, 0),
    ("shipments", "12_shipments.csv", 120, 0),
    ("inspections", "13_inspections.csv", 60, 0),
]
PRODUCER_HEADER = "national_id,name,county,sector,isic_code,status,employees,postal_code,phone,address,estate"
PRODUCT_HEADER = "producer,name,sector,goods_id,status,declared_on,registered_on,smuggling_item"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def sample(name):
    return (SAMPLES / name).read_bytes()


def csv(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(kind, data, name="file.csv", **options):
    return import_file(kind, data, name, **options)


def problems(outcome):
    return [(issue.row, issue.column, issue.message) for issue in outcome.errors]


def places(outcome):
    return [(issue.row, issue.column) for issue in outcome.errors]


def counts(outcome):
    return outcome.counts["new"], outcome.counts["updated"], outcome.counts["unchanged"]


def import_samples(up_to=None):
    for kind, name, *_counts in SAMPLE_FILES:
        outcome = run(kind, sample(name), name)
        assert outcome.ok, problems(outcome)[:5]
        if name == up_to:
            return


@pytest.mark.django_db
def test_the_sample_files_import_in_order_with_exact_counts():
    for kind, name, new, unchanged in SAMPLE_FILES:
        outcome = run(kind, sample(name), name)
        assert outcome.ok, (name, problems(outcome)[:5])
        assert counts(outcome) == (new, 0, unchanged), name
    assert (Producer.objects.count(), Licence.objects.count(), Product.objects.count()) == (150, 152, 602)
    assert Mine.objects.count() == 160 and Handover.objects.count() == 14 and Shipment.objects.count() == 120
    # Persian digits and Arabic-keyboard letters arrive normalised.
    producer = Producer.objects.get(national_id="60308246280")
    assert producer.name == "سیمین کردستان 0" and producer.employees == 190
    assert Producer.objects.get(national_id="57491186252").county.code == "marivan"
    licence = Licence.objects.get(number="OP-0000")  # a real date cell of the XLSX file
    assert (licence.issued_on, licence.expires_on) == (datetime.date(2019, 9, 5), datetime.date(2027, 4, 17))
    assert Licence.objects.get(number="ES-0001").issued_on == datetime.date(2026, 8, 31)  # an ISO text cell
    product = Product.objects.get(goods_id="6262225403507")
    assert product.declared_on == datetime.date(2026, 5, 21)  # ۱۴۰۵/۰۲/۳۱
    assert Product.objects.filter(goods_id__isnull=True).count() == Product.objects.exclude(status="registered").count()
    assert Handover.objects.get(unit__estate__code="EST12", unit__plot_number="124").new_producer.national_id == "25455281322"


@pytest.mark.django_db
def test_importing_every_sample_again_changes_nothing():
    import_samples()
    history = sum(KINDS[kind].model.history.count() for kind, *_rest in SAMPLE_FILES)
    for kind, name, new, unchanged in SAMPLE_FILES:
        outcome = run(kind, sample(name), name)
        assert counts(outcome) == (0, 0, new + unchanged), name
    assert sum(KINDS[kind].model.history.count() for kind, *_rest in SAMPLE_FILES) == history
    assert set(Product.objects.values_list("version", flat=True)) == {1}


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name", "needs", "row", "column", "reason"), [
    ("producers", "bad_producers_checksum.csv", None, 7, "national_id", "49407744135 is not a valid national ID"),
    ("producers", "bad_unknown_county.csv", None, 2, "county", "No county has the key «tehran»."),
    ("products", "bad_products_date.csv", "06_products.csv", 2, "declared_on",
     "«1402/12/30»: This date does not exist in the calendar."),
    ("licences", "bad_licences_order.csv", "03_producers.csv", 2, "expires_on",
     "The expiry date must be after the issue date."),
    ("shipments", "bad_shipments_raw_export.csv", "13_inspections.csv", 5, "stage", "Raw minerals are never exported"),
])
def test_a_bad_sample_is_refused_whole_naming_its_row_and_column(kind, name, needs, row, column, reason):
    if needs:
        import_samples(up_to=needs)
    model = KINDS[kind].model
    before = model.objects.count()
    outcome = run(kind, sample(name), name)
    assert not outcome.ok and not outcome.written
    assert places(outcome) == [(row, column)]
    assert reason in outcome.errors[0].message
    assert model.objects.count() == before
    assert ImportLog.objects.filter(file_name=name, status=ImportLog.Status.REFUSED, error_count=1).count() == 1


@pytest.mark.django_db
def test_windows_1256_and_bom_files_import_with_persian_letters():
    outcome = run("producers", sample("cp1256_producers.csv"), "cp1256_producers.csv")
    assert counts(outcome) == (3, 0, 0)
    # The file writes كارخانه سيمين with Arabic kaf and yeh.
    assert set(Producer.objects.values_list("name", flat=True)) == {
        "کارخانه سیمین کردستان", "کارخانه یاس کردستان", "کارخانه تابان کردستان"}
    bom = ("\ufeff" + "شناسه ملی,نام واحد,شهرستان,حوزه\n" + "۱۰۳۸۰۲۸۴۷۹۰,واحد يك,بانه,نساجی\n").encode("utf-8")
    assert counts(run("producers", bom)) == (1, 0, 0)
    producer = Producer.objects.get(national_id="10380284790")
    assert (producer.name, producer.county.code, producer.sector.code) == ("واحد یک", "baneh", "textiles")


@pytest.mark.django_db
def test_headers_come_by_name_or_persian_label_in_any_order_and_choices_by_value_or_label():
    data = csv(
        "county,حوزه,وضعیت,name,شناسه ملی,employees",
        "Baneh,home_appliances,راکد,الف,10380284790,۱۲",
        "سقز,لوازم خانگی,closed,ب,10100387143,0",
    )
    assert counts(run("producers", data)) == (2, 0, 0)
    first, second = Producer.objects.order_by("national_id")
    assert (first.national_id, first.status, first.county.code, first.employees) == ("10100387143", "closed", "saqqez", 0)
    assert (second.status, second.county.code, second.sector.code, second.employees) == ("idle", "baneh", "home_appliances", 12)


@pytest.mark.django_db
def test_yes_no_words_dates_and_decimals():
    data = csv(
        "code,name_fa,name_en,smuggling_prone",
        "x1,الف,A,بله", "x2,ب,B,خیر", "x3,پ,C,1", "x4,ت,D,false", "x5,ث,E,",
    )
    assert counts(run("sectors", data)) == (5, 0, 0)
    assert dict(Sector.objects.filter(code__startswith="x").values_list("code", "smuggling_prone")) == {
        "x1": True, "x2": False, "x3": True, "x4": False, "x5": False}
    mines = csv(
        "licence_number,name,county,mineral,status,capacity_tonnes,latitude,longitude,licence_issued_on,licence_expires_on",
        "M-1,معدن,baneh,gypsum,فعال,12.34567,35.1234567,46.5,۱۴۰۳-۵-۱۲,2030-01-01",
    )
    assert counts(run("mines", mines)) == (1, 0, 0)
    mine = Mine.objects.get(licence_number="M-1")
    assert (mine.capacity_tonnes, mine.latitude, mine.longitude) == (Decimal("12.346"), Decimal("35.123457"), Decimal("46.5"))
    assert (mine.status, mine.licence_issued_on, mine.licence_expires_on) == (
        "active", datetime.date(2024, 8, 2), datetime.date(2030, 1, 1))


@pytest.mark.django_db
def test_an_empty_goods_id_is_stored_as_null_so_many_products_can_wait_for_one():
    producer = factories.make_producer()
    data = csv(PRODUCT_HEADER, f"{producer.national_id},الف,home_appliances,,pending,1403/01/01,,",
               f"{producer.national_id},ب,home_appliances,,pending,1403/01/01,,")
    assert counts(run("products", data)) == (2, 0, 0)
    assert list(Product.objects.values_list("goods_id", flat=True)) == [None, None]


@pytest.mark.django_db
def test_the_same_key_updates_with_history_and_an_unchanged_row_is_left_alone(clerk):
    producer = factories.make_producer(name="قدیم", employees=5)
    data = csv("national_id,name,county,sector,employees",
               f"{producer.national_id},جدید,sanandaj,home_appliances,7")
    outcome = run("producers", data, "update.csv", user=clerk)
    assert counts(outcome) == (0, 1, 0)
    producer.refresh_from_db()
    assert (producer.name, producer.employees, producer.version) == ("جدید", 7, 2)
    latest = producer.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == ("~", clerk, "import_records: update.csv")
    assert counts(run("producers", data, "update.csv")) == (0, 0, 1)
    producer.refresh_from_db()
    assert producer.version == 2 and producer.history.count() == 2
    assert Producer.objects.count() == 1


@pytest.mark.django_db
def test_a_preview_gives_each_rows_fate_and_the_changes_it_would_write():
    producer = factories.make_producer(name="قدیم", employees=5, county="sanandaj")
    data = csv("national_id,name,county,sector,employees",
               f"{producer.national_id},جدید,sanandaj,home_appliances,7",
               "10380284790,تازه,baneh,food,3",
               f"{producer.national_id},تکراری,sanandaj,home_appliances,7")
    outcome = run("producers", data, dry_run=True, keep_rows=True)
    assert [(row.number, row.action, row.record) for row in outcome.rows] == [
        (2, "updated", f"جدید ({producer.national_id})"), (3, "new", "تازه (10380284790)"), (4, "error", "")]
    assert outcome.rows[0].changes == {"name": ("قدیم", "جدید"), "employees": (5, 7)}
    baneh, food = County.objects.get(code="baneh"), Sector.objects.get(code="food")
    assert outcome.rows[1].changes == {"national_id": (None, "10380284790"), "name": (None, "تازه"),
                                       "county": (None, baneh), "sector": (None, food), "employees": (None, 3)}
    assert outcome.rows[2].changes == {} and Producer.objects.get().name == "قدیم"


@pytest.mark.django_db
def test_rows_that_change_different_fields_are_all_updated():
    first, second = factories.make_producer(employees=1), factories.make_producer(employees=2)
    data = csv("national_id,name,county,sector,employees",
               f"{first.national_id},نام تازه,sanandaj,home_appliances,1",
               f"{second.national_id},{second.name},baneh,home_appliances,20")
    assert counts(run("producers", data)) == (0, 2, 0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, first.employees, first.county.code, first.version) == ("نام تازه", 1, "sanandaj", 2)
    assert (second.name, second.employees, second.county.code, second.version) == (second.name, 20, "baneh", 2)
    assert Producer.history.filter(history_type="~").count() == 2


@pytest.mark.django_db
def test_an_empty_cell_keeps_a_default_field_and_clears_an_optional_one():
    producer = factories.make_producer(status="idle", phone="09181234567")
    data = csv("national_id,name,county,sector,status,phone", f"{producer.national_id},{producer.name},sanandaj,home_appliances,,")
    assert counts(run("producers", data)) == (0, 1, 0)
    producer.refresh_from_db()
    assert (producer.status, producer.phone) == ("idle", "")


@pytest.mark.django_db
def test_every_imported_row_gets_a_history_entry_naming_the_user_and_the_file(clerk):
    data = csv(PRODUCER_HEADER, *[f"{factories.legal_id(n)},واحد {n},baneh,food,,active,1,,,," for n in range(1, 6)])
    assert counts(run("producers", data, "05_new.csv", user=clerk)) == (5, 0, 0)
    history = Producer.history.filter(history_type="+")
    assert history.count() == 5
    assert {(entry.history_user, entry.history_change_reason) for entry in history} == {(clerk, "import_records: 05_new.csv")}


@pytest.mark.django_db
def test_a_duplicate_key_inside_one_file_is_an_error_naming_both_rows():
    data = csv(PRODUCER_HEADER, "10380284790,الف,baneh,food,,active,1,,,,", "10100387143,ب,baneh,food,,active,1,,,,",
               "10380284790,پ,baneh,food,,active,1,,,,")
    outcome = run("producers", data)
    assert problems(outcome) == [(4, "national_id", "Row 2 has the same key: a record can appear only once in a file.")]
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_a_composite_key_is_checked_for_duplicates_too():
    producer = factories.make_producer()
    data = csv(PRODUCT_HEADER, f"{producer.national_id},کالا,food,,pending,1403/01/01,,",
               f"{producer.national_id},كالا,food,,pending,1403/01/01,,")  # the same name, Arabic kaf
    assert places(run("products", data)) == [(3, "producer + name")]


@pytest.mark.django_db
def test_a_goods_id_used_twice_in_a_file_or_already_stored_is_refused():
    producer = factories.make_producer()
    stored = factories.make_product(status="registered", goods_id=factories.goods_id(7))
    data = csv(PRODUCT_HEADER,
               f"{producer.national_id},الف,food,{factories.goods_id(8)},registered,1403/01/01,1403/02/01,",
               f"{producer.national_id},ب,food,{factories.goods_id(8)},registered,1403/01/01,1403/02/01,",
               f"{producer.national_id},پ,food,{stored.goods_id},registered,1403/01/01,1403/02/01,")
    outcome = run("products", data)
    assert places(outcome) == [(3, "goods_id"), (4, "goods_id")]
    assert "Row 2 of this file has the same goods_id." == outcome.errors[0].message
    assert Product.objects.count() == 1


@pytest.mark.django_db
def test_a_second_office_marked_as_this_directorate_is_refused():
    outcome = run("offices", csv("code,name_fa,name_en,is_self", "gov,استانداری,Governorate,true"))
    assert problems(outcome) == [(2, "is_self", "Only one office can be this directorate.")]


@pytest.mark.django_db
def test_missing_required_unknown_and_repeated_columns_refuse_the_file_at_row_1():
    outcome = run("producers", csv("national_id,name,county,colour,نام واحد", "10380284790,الف,baneh,red,الف"))
    assert problems(outcome) == [
        (1, "colour", "Unknown column. The columns of producers are: national_id, name, county, sector, isic_code, "
                      "status, employees, postal_code, phone, address, estate."),
        (1, "نام واحد", "This column appears twice (also as «name»)."),
        (1, "sector", "This required column is missing (its Persian label is «حوزه»)."),
    ]
    assert Producer.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (PRODUCER_HEADER.encode() + b"\n", "The file has a header but no rows."),
    ((PRODUCER_HEADER + "\n").encode("utf-16"), "UTF-16"),
    (bytes(range(1, 256)) * 3, "neither UTF-8 nor Windows-1256"),
])
def test_empty_files_and_wrong_encodings_are_refused_with_a_clear_message(data, message):
    outcome = run("producers", data)
    assert not outcome.ok and message in outcome.errors[0].message
    assert ImportLog.objects.get().status == ImportLog.Status.REFUSED


@pytest.mark.django_db
def test_every_wrong_cell_of_every_row_is_reported_and_nothing_is_written():
    data = csv(PRODUCER_HEADER,
               "10380284790,الف,baneh,food,,active,1,,,,",
               "10100387143,ب,tehran,food,12345,active,-1,,,,",
               "10380284792,پ,baneh,food,,sleeping,1,,,,")
    assert places(run("producers", data)) == [
        (3, "county"), (3, "isic_code"), (3, "isic_code"), (3, "employees"), (4, "status"), (4, "national_id")]
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_a_value_in_a_column_without_a_header_is_reported_by_its_column_letter():
    outcome = run("sectors", csv("code,,name_fa,name_en", "x1,,الف,A,extra", "x2,?,ب,B"))
    assert problems(outcome) == [(2, "E", "A value in a column without a header."),
                                 (3, "B", "A value in a column without a header.")]


@pytest.mark.django_db
def test_messages_follow_the_language():
    with translation.override("fa"):
        outcome = run("producers", sample("bad_unknown_county.csv"))
        assert str(outcome.errors[0]) == "ردیف 2، ستون county: هیچ شهرستان با کلید «tehran» وجود ندارد."
        assert outcome.summary() == "هیچ ردیفی وارد نشد: 1 خطا."


@pytest.mark.django_db
def test_a_dry_run_checks_everything_and_writes_nothing():
    import_samples(up_to="02_estates.csv")
    outcome = run("producers", sample("03_producers.csv"), "03_producers.csv", dry_run=True)
    assert outcome.ok and not outcome.written and counts(outcome) == (150, 0, 0)
    assert Producer.objects.count() == 0 and Producer.history.count() == 0
    log = ImportLog.objects.get(file_name="03_producers.csv")
    assert (log.dry_run, log.status, log.new_count) == (True, "checked", 150)


@pytest.mark.django_db
def test_a_refusal_by_the_database_names_the_row_and_writes_nothing(monkeypatch):
    """The database is the last word: if a rule slipped past the checks, the rows are found one by one."""
    monkeypatch.setattr(Uniqueness, "check", lambda self, rows, fail: None)
    stored = factories.make_product(status="registered", goods_id=factories.goods_id(3))
    data = csv(PRODUCT_HEADER, f"{stored.producer.national_id},دیگر,food,,pending,1403/01/01,,",
               f"{stored.producer.national_id},تکراری,food,{stored.goods_id},registered,1403/01/01,1403/02/01,")
    outcome = run("products", data)
    assert places(outcome) == [(3, "producer + name")]
    assert Product.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["producers", "products"])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(kind):
    def import_rows(count, offset):
        producers = csv(PRODUCER_HEADER, *[f"{factories.legal_id(offset + n)},واحد {n},baneh,food,,active,1,,,,"
                                           for n in range(count)])
        products = csv(PRODUCT_HEADER, *[
            f"{factories.legal_id(offset + n)},کالا,food,{factories.goods_id(offset + n)},registered,1403/01/01,1403/02/01,"
            for n in range(count)])
        if kind == "products":
            assert run("producers", producers).ok
        with CaptureQueriesContext(connection) as queries:
            assert run(kind, products if kind == "products" else producers).ok
        return len(queries)

    assert import_rows(1, 1000) == import_rows(50, 2000)


@pytest.fixture
def one_of_everything(db):
    """At least one record of every kind, with every optional column filled somewhere."""
    estate = factories.make_estate(code="EST-T")
    producer = factories.make_producer(isic_code="1511", postal_code="1234567890", phone="09181234567",
                                       address="خیابان یک\nپلاک ۲", estate=estate)
    factories.make_licence(producer=producer, capacity="100 تن")
    item = factories.make_smuggling_item()
    factories.make_product(producer=producer, status="registered", smuggling_item=item)
    factories.make_obligation(producer=producer)
    factories.make_inspection(producer=producer)
    mine = factories.make_mine(operator_name="بهره‌بردار", operator_national_id=factories.national_code(5),
                               licence_issued_on=datetime.date(2020, 1, 1), licence_expires_on=datetime.date(2030, 1, 1),
                               latitude=Decimal("35.3"), longitude=Decimal("46.9"))
    lot = factories.make_lot(mine=mine)
    factories.make_bid(lot=lot)
    factories.make_shipment(mine=mine, processor=producer)
    unit = factories.make_unit(estate=estate, producer=producer)
    factories.make_handover(unit=unit, notified_on=datetime.date(2025, 2, 1), new_producer=producer)
    factories.make_employment(producer=producer)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize(("writer", "persian"), [(spreadsheets.write_csv, False), (spreadsheets.write_xlsx, True)],
                         ids=["csv", "xlsx with Persian headers"])
def test_an_export_imports_back_unchanged(one_of_everything, kind, writer, persian):
    data = writer(KINDS[kind].export_headers(persian_labels=persian), KINDS[kind].export_rows())
    records = KINDS[kind].model.objects.count()
    assert records >= 1
    outcome = run(kind, data, f"{kind}.export")
    assert outcome.ok, problems(outcome)
    assert counts(outcome) == (0, 0, records)


@pytest.mark.django_db
def test_an_export_writes_natural_keys_and_jalali_dates():
    producer = factories.make_producer(national_id="10380284790", county="baneh", sector="food")
    factories.make_product(producer=producer, name="کالا", status="registered", goods_id="6261234567897",
                           declared_on=datetime.date(2024, 8, 2), registered_on=datetime.date(2024, 9, 1))
    products = KINDS["products"]
    lines = spreadsheets.write_csv(products.export_headers(), products.export_rows()).decode("utf-8-sig").splitlines()
    assert lines == [PRODUCT_HEADER, "10380284790,کالا,home_appliances,6261234567897,registered,1403/05/12,1403/06/11,"]
    assert products.export_headers(persian_labels=True) == [
        "شناسه ملی واحد", "نام کالا", "حوزه", "شناسه کالا", "وضعیت ثبت", "تاریخ اظهار", "تاریخ ثبت", "کد قلم قاچاق"]


@pytest.mark.django_db
def test_a_formula_imports_as_text_and_is_neutralised_on_export():
    assert run("producers", sample("formula_producer.csv")).ok
    producer = Producer.objects.get(national_id="48517504350")
    assert producer.name == '=HYPERLINK("http://example.invalid","x")'
    producers = KINDS["producers"]
    data = spreadsheets.write_xlsx(producers.export_headers(), producers.export_rows())
    cell = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]["B2"]
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://example.invalid","x")', "s")
    assert counts(run("producers", data, "again.xlsx")) == (0, 0, 1)


@pytest.mark.django_db
def test_lots_and_bids_are_keyed_by_auction_and_lot_number():
    auction = factories.make_auction(number="AU-1")
    idle, active = factories.make_mine(licence_number="KD-1"), factories.make_mine(licence_number="KD-2", status="active")
    outcome = run("lots", csv("auction,lot_number,mine,base_price_rials", "AU-1,1,KD-1,1000", "AU-1,2,KD-2,1000"))
    assert problems(outcome) == [(3, "mine", "Only an idle mine can be offered in an auction; this mine is active.")]
    assert counts(run("lots", csv("auction,lot_number,mine,base_price_rials", "AU-1,1,KD-1,1000"))) == (1, 0, 0)
    bids = csv("auction,lot_number,bidder_national_id,bidder_name,amount_rials,deposit_paid,submitted_on",
               "AU-1,1,10380284790,الف,2000,بله,1403/10/01", "AU-1,3,10380284790,ب,2000,بله,1403/10/01")
    assert problems(run("bids", bids)) == [(3, "auction + lot_number", "No lot has the key «AU-1 / 3».")]
    assert counts(run("bids", bids.rsplit(b"\n", 2)[0] + b"\n")) == (1, 0, 0)
    assert Bid.objects.get().lot == Lot.objects.get(auction=auction, mine=idle) and active.lots.count() == 0


@pytest.mark.django_db
def test_a_handover_is_keyed_by_the_estate_and_plot_of_its_unit():
    unit = factories.make_unit(estate=factories.make_estate(code="E1"), plot_number="7")
    data = csv("estate,plot_number,distribution_company,identified_on,notified_on",
               "E1,7,پخش البرز,1403/01/10,1403/01/05")
    assert problems(run("handovers", data)) == [
        (2, "notified_on", "“notified on” cannot be before “identified on”.")]
    assert counts(run("handovers", data.replace(b"1403/01/05", b"1403/02/05"))) == (1, 0, 0)
    assert Handover.objects.get().unit == unit


@pytest.mark.django_db
def test_the_reference_kinds_import_by_code():
    data = csv("code,name_fa,name_en,population,census_year", "baneh,بانه,Baneh,158690,1395")
    assert counts(run("counties", data)) == (0, 0, 1)
    assert counts(run("counties", data.replace(b"158690", b"160000"))) == (0, 1, 0)
    assert County.objects.get(code="baneh").population == 160_000
    assert counts(run("minerals", csv("code,name_fa,name_en,group,rubble_stone", "zinc,روی,Zinc,2,خیر"))) == (1, 0, 0)
    assert Mineral.objects.get(code="zinc").group == 2
    assert problems(run("minerals", csv("code,name_fa,name_en,group", "lead,سرب,Lead,9"))) == [
        (2, "group", "The exploration group of a mineral is a number from 1 to 6.")]
    assert Office.objects.count() == 5


@pytest.mark.django_db
def test_every_kind_of_the_spec_has_its_columns():
    assert sorted(KINDS) == sorted([
        "counties", "sectors", "minerals", "offices", "producers", "licences", "products", "smuggling_items",
        "obligations", "mines", "auctions", "lots", "bids", "shipments", "estates", "units", "handovers",
        "employment", "inspections"])
    models = {County, Sector, Mineral, Office, Producer, Licence, Product, SmugglingItem, Obligation, Mine, Auction,
              Lot, Bid, Shipment, Estate, Unit, Handover, EmploymentRecord, Inspection}
    assert {kind.model for kind in KINDS.values()} == models
    assert Estate.objects.count() == 0


LOT_HEADER = "auction,lot_number,mine,base_price_rials,previous_lot"


def chain_of_three():
    """A quarry offered three times: two lots that failed, the third offering the second again."""
    quarry = factories.make_mine(licence_number="KD-Q")
    first = factories.make_failed_lot(quarry, number="AU-1402/7", announced_on=datetime.date(2024, 5, 1),
                                      bid_deadline=datetime.date(2024, 6, 1), opening_on=datetime.date(2024, 6, 5))
    second = factories.make_failed_lot(previous=first, number="AU-2", announced_on=datetime.date(2024, 8, 1),
                                       bid_deadline=datetime.date(2024, 9, 1), opening_on=datetime.date(2024, 9, 5))
    return first, second, factories.make_awarded_lot(previous=second, number="AU-3")


@pytest.mark.django_db
def test_a_lot_names_the_lot_it_offers_again_by_auction_and_lot_number_and_the_chain_round_trips():
    first, second, third = chain_of_three()
    lots = KINDS["lots"]
    data = spreadsheets.write_csv(lots.export_headers(), lots.export_rows())
    assert data.decode("utf-8-sig").splitlines() == [
        LOT_HEADER, "AU-1402/7,1,KD-Q,1000000000,", "AU-2,1,KD-Q,900000000,AU-1402/7 / 1", "AU-3,1,KD-Q,810000000,AU-2 / 1"]
    assert lots.export_headers(persian_labels=True)[-1] == "قطعه قبلی"
    assert counts(run("lots", data)) == (0, 0, 3)

    # Into a registry that has the auctions and the mine but none of the lots: each lot names one
    # that an earlier row of the same file brings.
    Lot.objects.filter(pk__in=[third.pk, second.pk]).update(previous_lot=None)
    Lot.objects.all().delete()
    outcome = run("lots", data)
    assert outcome.ok, problems(outcome)
    assert counts(outcome) == (3, 0, 0)
    imported = {lot.auction.number: lot for lot in Lot.objects.select_related("auction", "previous_lot__auction")}
    assert imported["AU-3"].previous_lot == imported["AU-2"] and imported["AU-2"].previous_lot == imported["AU-1402/7"]
    assert imported["AU-1402/7"].previous_lot is None
    assert counts(run("lots", data)) == (0, 0, 3)


@pytest.mark.django_db
def test_a_previous_lot_is_refused_when_unknown_misspelt_later_in_the_file_or_of_another_mine():
    first, second, _third = chain_of_three()
    other = factories.make_failed_lot(factories.make_mine(licence_number="KD-OTHER"))
    assert problems(run("lots", csv(LOT_HEADER, "AU-3,1,KD-Q,810000000,AU-9 / 1"))) == [
        (2, "previous_lot", "No lot has the key «AU-9 / 1».")]
    assert problems(run("lots", csv(LOT_HEADER, "AU-3,1,KD-Q,810000000,AU-2-1"))) == [
        (2, "previous_lot", "Write the lot as «KD-AU-003 / 2»: two parts separated by a slash.")]
    assert problems(run("lots", csv(LOT_HEADER, f"AU-3,1,KD-Q,810000000,{other}"))) == [
        (2, "previous_lot", "The lot it repeats offered another mine.")]
    assert problems(run("lots", csv(LOT_HEADER, "AU-3,1,KD-Q,810000000,AU-3 / 1"))) == [
        (2, "previous_lot", "A lot cannot repeat itself.")]
    new_auction = factories.make_auction(number="AU-4", announced_on=datetime.date(2025, 6, 1),
                                         bid_deadline=datetime.date(2025, 7, 1), opening_on=datetime.date(2025, 7, 5))
    # A lot that comes later in the file is not there yet for the row before it.
    later = csv(LOT_HEADER, "AU-4,1,KD-OTHER,900000000,AU-4 / 2", "AU-4,2,KD-OTHER,900000000,")
    assert places(run("lots", later)) == [(2, "previous_lot")]
    assert new_auction.lots.count() == 0 and Lot.objects.get(pk=second.pk).previous_lot == first


@pytest.mark.django_db
def test_a_previous_lot_is_read_in_persian_digits_and_cleared_by_an_empty_cell():
    first, second, _third = chain_of_three()
    header = "شماره مزایده,شماره قطعه,شماره پروانه معدن,قیمت پایه (ریال),قطعه قبلی"
    assert counts(run("lots", csv(header, "AU-2,۱,KD-Q,900000000,AU-1402/7 /۱"))) == (0, 0, 1)
    assert counts(run("lots", csv(header, "AU-2,1,KD-Q,900000000,"))) == (0, 1, 0)
    assert Lot.objects.get(pk=second.pk).previous_lot is None


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["جواز تاسیس", "جواز تأسیس", "establishment", "Establishment permit"])
def test_a_choice_label_reads_with_or_without_the_alef_s_hamza(kind):
    # The specification writes جواز تاسیس, the page جواز تأسیس: a file holding either is the clerk's meaning.
    producer = factories.make_producer()
    data = csv("number,producer,kind,issued_on", f"L-1,{producer.national_id},{kind},1403/05/12")
    assert counts(run("licences", data)) == (1, 0, 0)
    assert Licence.objects.get(number="L-1").kind == "establishment"
