"""Change lists count their rows without reading a large table (registry/admin/pagination.py):
exactly up to the limit, the database's estimate beyond it on PostgreSQL; the rows of a page are
always the right ones."""

import re

import pytest
from django.db import connection

from registry.admin.pagination import EstimatedCountPaginator
from registry.admin.products import ProductAdmin
from registry.models import Product
from tests.factories import make_producer, make_product

pytestmark = pytest.mark.django_db
PRODUCTS = "/admin/registry/product/"
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="Estimated counts read PostgreSQL's catalogue and planner.")


def changelist(client, **params):
    response = client.get(PRODUCTS, params)
    assert response.status_code == 200
    return response.context["cl"]


def listed(changelist):
    return [product.name for product in changelist.result_list]


@pytest.fixture
def twelve_products():
    """Twelve products, the last five rejected, newest first as the list orders them."""
    producer = make_producer()
    for n in range(12):
        make_product(producer=producer, name=f"کالای {n:02d}", status="rejected" if n >= 7 else "pending")
    return [f"کالای {n:02d}" for n in reversed(range(12))]


def analyse():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_product")


@pytest.fixture
def small_limit(monkeypatch):
    """Lists count exactly up to 5 rows, and show 4 a page."""
    monkeypatch.setattr(EstimatedCountPaginator, "exact_up_to", 5)
    monkeypatch.setattr(ProductAdmin, "list_per_page", 4)


def test_lists_up_to_the_limit_are_counted_exactly_filtered_or_not(clerk_client, twelve_products):
    whole, rejected = changelist(clerk_client), changelist(clerk_client, status__exact="rejected")

    assert (whole.result_count, whole.paginator.estimated) == (12, False)
    assert (rejected.result_count, rejected.paginator.estimated) == (5, False)
    assert listed(rejected) == twelve_products[:5]


@pytest.mark.usefixtures("small_limit")
def test_a_filtered_list_within_the_limit_is_counted_exactly_however_large_the_table(clerk_client,
                                                                                      twelve_products):
    analyse()

    rejected = changelist(clerk_client, status__exact="rejected")

    assert (rejected.result_count, rejected.paginator.estimated) == (5, False)
    assert listed(rejected) == twelve_products[:4]
    assert listed(changelist(clerk_client, status__exact="rejected", p=2)) == twelve_products[4:5]


@on_postgres
@pytest.mark.usefixtures("small_limit")
def test_a_large_unfiltered_list_is_counted_from_the_catalogue_and_says_about(clerk_client, twelve_products):
    analyse()

    whole = changelist(clerk_client)
    html = clerk_client.get(PRODUCTS).content.decode()

    assert (whole.result_count, whole.paginator.estimated) == (12, True)
    assert re.search(r"حدود ۱۲ کالا\b", html)  # the singular after a number
    assert listed(whole) == twelve_products[:4]


@on_postgres
@pytest.mark.usefixtures("small_limit")
def test_a_large_filtered_list_takes_the_planners_estimate_but_never_less_than_the_limit(clerk_client,
                                                                                         twelve_products):
    analyse()

    pending = changelist(clerk_client, status__exact="pending")

    assert pending.paginator.estimated is True
    assert pending.result_count >= 6
    assert listed(pending) == twelve_products[5:9]


@on_postgres
@pytest.mark.usefixtures("small_limit")
def test_where_the_estimate_falls_short_the_last_pages_still_hold_every_row(clerk_client, twelve_products):
    analyse()  # the catalogue now says 12 rows
    producer = Product.objects.first().producer
    for n in range(12, 15):
        make_product(producer=producer, name=f"کالای {n:02d}", status="pending")

    pages = [listed(changelist(clerk_client, p=page)) for page in (1, 2, 3)]

    assert changelist(clerk_client).paginator.estimated is True
    assert sum(pages, []) == [f"کالای {n:02d}" for n in reversed(range(3, 15))]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="Other databases count as Django does.")
@pytest.mark.usefixtures("small_limit")
def test_other_databases_count_exactly(clerk_client, twelve_products):
    whole = changelist(clerk_client)

    assert (whole.result_count, whole.paginator.estimated) == (12, False)
