"""`fk__key` and `fk__name_contains`: rows found by their related record's natural key or name,
compared on the foreign key column, so that an admin search ORing them with the row's own
columns stays on one table."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from registry.lookups import natural_key_field
from registry.models import Lot, Mine, Producer, Product, Shipment
from tests.factories import make_inspection, make_mine, make_producer, make_product, make_shipment

pytestmark = pytest.mark.django_db


def test_products_are_found_by_their_producers_national_code_leading_zero_and_all():
    sole_trader = make_producer(national_id="0499370899")
    theirs = make_product(producer=sole_trader)
    make_product()

    assert list(Product.objects.filter(producer__key="0499370899")) == [theirs]
    assert not Product.objects.filter(producer__key="0499370890").exists()


def test_the_condition_compares_the_foreign_key_with_a_subquery_and_joins_nothing():
    sql = str(Product.objects.filter(producer__key="10380284790").query)

    assert "JOIN" not in sql
    assert '"registry_product"."producer_id" = (SELECT' in sql


def test_rows_are_found_by_a_part_of_their_related_records_name_typed_in_another_case():
    zagros = make_producer(name="Zagros Tile کاشی زاگرس")
    theirs = make_product(producer=zagros)
    make_product(producer=make_producer(name="کاشی آبیدر"))

    assert list(Product.objects.filter(producer__name_contains="zagros")) == [theirs]
    assert list(Product.objects.filter(producer__name_contains="زاگرس")) == [theirs]
    assert "JOIN" not in str(Product.objects.filter(producer__name_contains="زاگرس").query)


def test_the_inspection_search_finds_a_producers_inspections_by_a_part_of_its_name(clerk_client):
    visited = make_inspection(producer=make_producer(name="صنایع غذایی کوثر"))
    make_inspection(producer=make_producer(name="صنایع غذایی آریا"))

    response = clerk_client.get("/admin/registry/inspection/", {"q": "كوثر"})  # Arabic kaf typed

    assert list(response.context["cl"].result_list) == [visited]


def test_the_key_is_the_related_models_one_unique_field():
    assert (natural_key_field(Producer), natural_key_field(Mine)) == ("national_id", "licence_number")
    with pytest.raises(ImproperlyConfigured):
        natural_key_field(Lot)  # no unique field of its own


def test_the_product_search_finds_a_producers_products_by_its_national_id_in_persian_digits(clerk_client):
    producer = make_producer(national_id="10380284790")
    first, second = make_product(producer=producer), make_product(producer=producer)
    make_product()

    response = clerk_client.get("/admin/registry/product/", {"q": "۱۰۳۸۰۲۸۴۷۹۰"})

    assert set(response.context["cl"].result_list) == {first, second}


def test_the_shipment_search_finds_a_mines_shipments_by_its_licence_number(clerk_client):
    quarry = make_mine(licence_number="KD-M-0777")
    shipment = make_shipment(mine=quarry)
    make_shipment(mine=make_mine())

    assert list(Shipment.objects.filter(mine__key="KD-M-0777")) == [shipment]
    response = clerk_client.get("/admin/registry/shipment/", {"q": "KD-M-0777"})
    assert list(response.context["cl"].result_list) == [shipment]
