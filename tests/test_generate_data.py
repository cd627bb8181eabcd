"""generate_data fills an empty registry with valid, realistic records and their history (COPY on
PostgreSQL, bulk_create on SQLite): the benchmark's data must be data the application accepts."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models

from registry import jalali
from registry.management.commands.generate_data import load_reference
from registry.models import Auction, Lot, Mine, Producer, Product, Shipment, SmugglingItem
from registry.synthetic import TABLES, Generator, Sizes
from registry.text import normalize
from tests.factories import make_producer, make_product

pytestmark = pytest.mark.django_db

SIZES = {"producers": 40, "products": 400, "mines": 100, "shipments": 150, "estates": 3, "units": 30,
         "employment": 60, "inspections": 50, "items": 20}


@pytest.fixture
def generated():
    call_command("generate_data", seed=7, verbosity=0, **SIZES)


def text_fields(model):
    return [field for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices]


@pytest.mark.usefixtures("generated")
@pytest.mark.parametrize("name", TABLES)
def test_every_generated_record_passes_full_clean_with_normalised_text_and_has_its_history(name):
    model = apps.get_model("registry", name)
    records = list(model.objects.all())
    assert records
    for record in records:
        record.full_clean()
        for field in text_fields(model):
            value = getattr(record, field.attname)
            assert value is None or value == normalize(value, multiline=isinstance(field, models.TextField))
    assert model.history.filter(history_type="+").count() == len(records)


@pytest.mark.usefixtures("generated")
def test_the_requested_sizes_are_written():
    counted = {name: apps.get_model("registry", model).objects.count() for name, model in (
        ("producers", "Producer"), ("products", "Product"), ("mines", "Mine"), ("shipments", "Shipment"),
        ("estates", "Estate"), ("employment", "EmploymentRecord"), ("inspections", "Inspection"),
        ("items", "SmugglingItem"))}
    assert counted == {name: size for name, size in SIZES.items() if name != "units"}


@pytest.mark.usefixtures("generated")
def test_event_dates_lie_in_the_last_three_jalali_years_up_to_today():
    first_day = jalali.year_bounds(jalali.jalali_year() - 2)[0]
    for model, field in ((Product, "declared_on"), (Shipment, "shipped_on")):
        bounds = model.objects.aggregate(first=models.Min(field), last=models.Max(field))
        assert first_day <= bounds["first"] and bounds["last"] <= jalali.today()
    assert not Product.objects.filter(registered_on__gt=jalali.today()).exists()


@pytest.mark.usefixtures("generated")
def test_mines_stand_where_their_auctions_left_them():
    """In auction: lots of an auction under way, or won and awaiting the contract; a signed
    contract made the mine active under its winner; every other auctioned mine is idle again."""
    holding = set(Lot.objects.holding_mine().values_list("mine", flat=True))
    assert set(Mine.objects.filter(status=Mine.Status.IN_AUCTION).values_list("pk", flat=True)) == holding
    for lot in Lot.objects.reactivated().select_related("mine", "winning_bid"):
        assert (lot.mine.status, lot.mine.operator_national_id) == (Mine.Status.ACTIVE,
                                                                      lot.winning_bid.bidder_national_id)
    for lot in Lot.objects.filter(auction__status__in=(Auction.Status.FAILED, Auction.Status.CANCELLED,
                                                       Auction.Status.DRAFT)):
        assert lot.mine.status == Mine.Status.IDLE
    assert Auction.objects.exists()


@pytest.mark.usefixtures("generated")
def test_exports_carry_registered_goods_ids_and_no_raw_mineral_is_exported():
    exports = Shipment.objects.exports()
    assert not exports.filter(stage=Shipment.Stage.RAW).exists()
    goods = set(exports.values_list("goods_id", flat=True))
    assert goods <= set(Product.objects.registered().values_list("goods_id", flat=True))


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    def rows(seed):
        generator = Generator(Sizes(**SIZES), load_reference(), seed=seed)
        return [list(table.rows) for table in generator.tables()]

    assert rows(7) == rows(7)
    assert rows(7) != rows(8)


def test_with_if_empty_nothing_is_done_when_products_exist():
    make_product()

    call_command("generate_data", if_empty=True, verbosity=0, **SIZES)

    assert (Producer.objects.count(), Product.objects.count(), SmugglingItem.objects.count()) == (1, 1, 0)


def test_a_registry_that_holds_records_is_refused_and_left_as_it_was():
    make_producer()

    with pytest.raises(CommandError, match="registry_producer"):
        call_command("generate_data", verbosity=0, **SIZES)

    assert (Producer.objects.count(), SmugglingItem.objects.count()) == (1, 0)


def test_more_than_500_products_per_producer_are_refused():
    with pytest.raises(CommandError, match="500"):
        call_command("generate_data", producers=2, products=1001, verbosity=0)
