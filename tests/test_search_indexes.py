"""On PostgreSQL, the admin's searches and filters can be answered by indexes (migrations 0008, 0014): the trigram
indexes match the SQL Django writes for `icontains`, and identifiers use their b-tree indexes.
These tests read plans, not times: with sequential scans switched off, the planner must find
the index, which it can only do when the index's expression is the query's."""

import pytest
from django.db import connection, transaction
from django.db.models import Q

from registry.models import Inspection, Licence, Producer, Product, Shipment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm and query plans are PostgreSQL's."),
]


def plan(queryset):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(("queryset", "index"), [
    (Product.objects.filter(name__icontains="یخچال"), "registry_prod_name_trgm"),
    (Producer.objects.filter(name__icontains="زاگرس"), "registry_producer_name_trgm"),
    (Shipment.objects.filter(number__icontains="SH-1404"), "registry_ship_number_trgm"),
    (Shipment.objects.filter(goods_id="6261234567897"), "registry_ship_goods_id"),
    (Product.objects.filter(registered_on__range=("2025-03-21", "2026-03-20")), "registry_prod_registered_on"),
    (Inspection.objects.filter(reference__iexact="ins-1404-000123"), "registry_insp_reference_upper"),
    (Licence.objects.filter(number__iexact="op-0001234"), "registry_lic_number_upper"),
])
def test_the_search_is_answered_by_its_index(queryset, index):
    assert index in plan(queryset)


def test_the_product_search_ors_three_indexes_on_one_table():
    term = "6261234567897"
    queryset = Product.objects.filter(Q(goods_id=term) | Q(name__icontains=term) | Q(producer__key=term))

    explained = plan(queryset)

    assert "BitmapOr" in explained and "Join" not in explained


def test_the_inspection_search_ors_indexes_on_one_table():
    term = "زاگرس"
    queryset = Inspection.objects.filter(Q(reference__iexact=term) | Q(producer__name_contains=term)
                                         | Q(producer__key=term))

    explained = plan(queryset)

    assert "BitmapOr" in explained and "Join" not in explained



def test_the_products_naming_an_item_have_an_index_led_by_the_item():
    """SmugglingItemQuerySet.with_local_flags for a county (the smuggling report and list) reads an
    item's products and their producer, status and dates from this partial index alone. Its plan
    depends on the rows (bench/README.md, "The last misses"); its order does not: led by the
    producer, PostgreSQL read the whole index for each item of the smuggling report."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'registry_prod_item_producer'")
        (definition,), = cursor.fetchall()

    assert definition.endswith(" ON public.registry_product USING btree (smuggling_item_id, producer_id, status, "
                               "declared_on, registered_on) WHERE (smuggling_item_id IS NOT NULL)")
