"""Mines and shipments hold their rules in the model (clean) and in the database (constraints):
licences of at most 25 years, coordinates inside Kurdistan, checked operator IDs, and raw minerals
that are never exported."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry import jalali
from registry.models import Mine, Mineral, Product, Shipment
from tests.factories import make_mine, make_product, make_shipment

pytestmark = pytest.mark.django_db

# Copies of the files clerks send (../shared/samples).
SAMPLES = Path(__file__).resolve().parent / "samples"
RAW_EXPORT_MESSAGE = "صادرات مواد معدنی خام ممنوع است: محموله خام فقط به مقصد داخلی می‌رود."


def errors_of(record):
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def refused_by_the_database(queryset, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


# ---- mines -----------------------------------------------------------------------------------

def test_a_licence_runs_at_most_25_years_by_the_model_and_the_database():
    mine = make_mine(licence_issued_on=datetime.date(2000, 3, 20))
    mine.licence_expires_on = datetime.date(2025, 3, 21)  # 25 years to the Jalali day (1403/12/30 + 25)
    mine.full_clean()
    mine.licence_expires_on = datetime.date(2025, 4, 1)

    assert errors_of(mine) == {"licence_expires_on": ["اعتبار پروانه معدن حداکثر ۲۵ سال پس از تاریخ صدور است."]}
    refused_by_the_database(Mine.objects.filter(pk=mine.pk), licence_expires_on=datetime.date(2026, 1, 1))


def test_a_licence_cannot_expire_before_it_is_issued():
    mine = make_mine(licence_issued_on=datetime.date(2020, 1, 1))
    mine.licence_expires_on = datetime.date(2019, 12, 31)

    assert list(errors_of(mine)) == ["licence_expires_on"]
    refused_by_the_database(Mine.objects.filter(pk=mine.pk), licence_expires_on=datetime.date(2020, 1, 1))


@pytest.mark.parametrize(("latitude", "longitude", "field"), [
    (Decimal("33.9"), Decimal("47.0"), "latitude"),     # south of the province
    (Decimal("35.3"), Decimal("48.9"), "longitude"),    # east of it
    (Decimal("35.3"), None, "longitude"),               # half a point
])
def test_a_mine_lies_inside_the_province(latitude, longitude, field):
    mine = make_mine()
    mine.latitude, mine.longitude = latitude, longitude

    assert list(errors_of(mine)) == [field]
    refused_by_the_database(Mine.objects.filter(pk=mine.pk), latitude=latitude, longitude=longitude)


def test_a_point_in_sanandaj_is_accepted():
    mine = make_mine(latitude=Decimal("35.314"), longitude=Decimal("46.998"))
    mine.full_clean()


def test_the_operator_id_is_checked():
    mine = make_mine()
    mine.operator_national_id = "10380284792"

    assert list(errors_of(mine)) == ["operator_national_id"]
    mine.operator_national_id = "10380284790"
    mine.full_clean()


def test_rubble_stone_mines_are_found_through_their_mineral():
    quarry = make_mine(mineral="rubble_stone")
    make_mine(mineral="gypsum")

    assert list(Mine.objects.rubble_stone()) == [quarry]


# ---- shipments: raw minerals are never exported ------------------------------------------------

def export(**fields):
    values = {"number": "SH-EXP", "shipped_on": datetime.date(2025, 6, 1), "mineral_id": make_mine().mineral_id,
              "stage": Shipment.Stage.CRUSHED, "quantity_tonnes": Decimal("120.5"),
              "destination": Shipment.Destination.EXPORT, "destination_country": "iq",
              "goods_id": make_product(status=Product.Status.REGISTERED).goods_id}
    return Shipment(**{**values, **fields})


def test_a_crushed_export_with_a_country_and_a_registered_goods_id_is_accepted():
    shipment = export()
    shipment.full_clean()
    assert shipment.destination_country == "IQ"


def test_a_raw_export_is_refused_by_the_model_on_the_stage_field():
    assert errors_of(export(stage=Shipment.Stage.RAW)) == {"stage": [RAW_EXPORT_MESSAGE]}


def test_the_raw_export_row_of_the_clerks_bad_sample_is_refused_by_the_model_the_import_uses():
    sample = SAMPLES / "bad_shipments_raw_export.csv"
    [row] = [row for row in csv.DictReader(sample.open(encoding="utf-8-sig")) if row["stage"] == "raw"]
    make_mine(licence_number=row["mine"])
    make_product(status=Product.Status.REGISTERED, goods_id=row["goods_id"])
    shipment = Shipment(
        number=row["number"], shipped_on=jalali.parse(row["shipped_on"]),
        mine=Mine.objects.get(licence_number=row["mine"]), mineral=Mineral.objects.get(code=row["mineral"]),
        stage=row["stage"], quantity_tonnes=Decimal(row["quantity_tonnes"]), destination=row["destination"],
        destination_country=row["destination_country"], goods_id=row["goods_id"],
    )

    assert errors_of(shipment) == {"stage": [RAW_EXPORT_MESSAGE]}


def test_a_raw_export_is_refused_by_the_database_when_clean_is_bypassed():
    shipment = make_shipment(stage=Shipment.Stage.RAW)
    refused_by_the_database(Shipment.objects.filter(pk=shipment.pk), destination=Shipment.Destination.EXPORT,
                            destination_country="IQ", goods_id="6261234567897")
    with pytest.raises(IntegrityError), transaction.atomic():
        Shipment.objects.bulk_create([export(stage=Shipment.Stage.RAW)])
    assert Shipment.objects.raw_exports().count() == 0


def test_an_export_needs_a_country_and_the_goods_id_of_a_registered_product():
    pending = make_product(status=Product.Status.PENDING, goods_id="6261234567897")
    errors = errors_of(export(destination_country="", goods_id=pending.goods_id))

    assert errors == {"destination_country": ["محموله صادراتی به کشور مقصد نیاز دارد."],
                      "goods_id": ["هیچ کالای ثبت‌شده‌ای این شناسه کالا را ندارد."]}


@pytest.mark.parametrize("country", ["IR", "XX", "IRQ"])
def test_an_export_goes_to_another_real_country(country):
    assert list(errors_of(export(destination_country=country))) == ["destination_country"]


@pytest.mark.parametrize("country", ["IR", "iq", "I"])
def test_the_database_holds_the_country_code_of_an_export(country):
    shipment = make_shipment(stage=Shipment.Stage.PROCESSED)
    refused_by_the_database(Shipment.objects.filter(pk=shipment.pk), destination=Shipment.Destination.EXPORT,
                            destination_country=country, goods_id="6261234567897")


def test_a_domestic_shipment_has_no_country():
    shipment = make_shipment()
    shipment.destination_country = "TR"

    assert list(errors_of(shipment)) == ["destination_country"]
    refused_by_the_database(Shipment.objects.filter(pk=shipment.pk), destination_country="TR")


def test_tonnage_by_stage_lists_every_stage_in_the_chains_order():
    make_shipment(stage=Shipment.Stage.RAW, quantity_tonnes=Decimal("100.250"))
    make_shipment(stage=Shipment.Stage.RAW, quantity_tonnes=Decimal("50"))
    make_shipment(stage=Shipment.Stage.PROCESSED, quantity_tonnes=Decimal("12.5"))

    assert Shipment.objects.tonnage_by_stage() == [
        (Shipment.Stage.RAW, Decimal("150.250")),
        (Shipment.Stage.CRUSHED, Decimal("0")),
        (Shipment.Stage.PROCESSED, Decimal("12.500")),
    ]
