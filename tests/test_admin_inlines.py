"""The producer page's inlines stay light with many rows: the latest ten products only (all of them
a link away), autocomplete boxes labelled without a query per row, and a save that validates only
the rows that changed — yet saves exactly the rows it was shown with."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Product
from tests.admin_forms import change_form_data
from tests.factories import make_producer, make_product, make_smuggling_item
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


def change_url(producer):
    return f"/admin/registry/producer/{producer.pk}/change/"


def products_of(producer, count, **fields):
    """`count` products declared a day apart, the last one newest."""
    return [make_product(producer=producer, name=f"کالای {n:02d}",
                         declared_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n), **fields)
            for n in range(count)]


def shown_products(response):
    return [form.instance.name for form in response.context["inline_admin_formsets"][1].formset.forms]


def test_the_producer_page_shows_the_ten_latest_products_and_links_to_all_of_them(clerk_client):
    producer = make_producer()
    products_of(producer, 14)

    response = clerk_client.get(change_url(producer))

    assert shown_products(response) == [f"کالای {n:02d}" for n in range(13, 3, -1)]
    # Under the ten rows, how many there are in all, linked to the list of exactly those.
    link = re.search(r'<p class="inline-more">اینجا فقط ۱۰ مورد آخر آمده است؛ همه: <a href="([^"]+)">۱۴ کالا</a>.</p>',
                     response.content.decode())
    assert link and link.group(1) == f"/admin/registry/product/?producer__id__exact={producer.pk}"
    listed = clerk_client.get(link.group(1)).context["cl"]
    assert listed.result_count == 14 and {product.producer_id for product in listed.result_list} == {producer.pk}


def test_a_producer_with_ten_products_or_fewer_has_no_line_about_more(clerk_client):
    producer = make_producer()
    products_of(producer, 10)
    assert 'class="inline-more"' not in clerk_client.get(change_url(producer)).content.decode()


def test_a_product_declared_while_the_page_was_open_does_not_push_an_edited_row_out(clerk_client):
    producer = make_producer()
    products_of(producer, 10)
    data = change_form_data(clerk_client.get(change_url(producer)))
    oldest_shown = next(key for key, value in data.items() if value == "کالای 00").replace("-name", "")
    make_product(producer=producer, name="کالای تازه", declared_on=datetime.date(2025, 6, 1))

    data[f"{oldest_shown}-name"] = "کالای 00 اصلاح‌شده"
    response = clerk_client.post(change_url(producer), data)

    assert response.status_code == 302
    assert set(producer.products.values_list("name", flat=True)) == {
        "کالای 00 اصلاح‌شده", "کالای تازه", *(f"کالای {n:02d}" for n in range(1, 10))}


def test_saving_a_producer_costs_the_same_queries_with_one_unchanged_product_or_ten(clerk_client):
    def save_cost(producer):
        data = change_form_data(clerk_client.get(change_url(producer)))
        data["employees"] = "11"
        with CaptureQueriesContext(connection) as queries:
            assert clerk_client.post(change_url(producer), data).status_code == 302
        return len(queries.captured_queries)

    one, ten = make_producer(), make_producer()
    products_of(one, 1)
    products_of(ten, 10)

    assert save_cost(one) == save_cost(ten)
    # unchanged rows leave no history either
    assert Product.history.filter(history_type="~").count() == 0


def test_a_changed_row_is_still_validated(clerk_client):
    producer = make_producer()
    products_of(producer, 3)
    data = change_form_data(clerk_client.get(change_url(producer)))
    row = next(key for key, value in data.items() if value == "کالای 01").replace("-name", "")

    data[f"{row}-status"] = "registered"  # without a goods ID or a registration date
    response = clerk_client.post(change_url(producer), data)

    assert response.status_code == 200
    assert not producer.products.filter(status="registered").exists()


def test_smuggling_items_are_chosen_by_autocomplete_labelled_without_a_query_per_row(clerk_client):
    producer = make_producer(sector="auto_parts")
    item = make_smuggling_item(code="IT-4242", name="لنت ترمز وارداتی")
    products_of(producer, 1, sector="auto_parts", smuggling_item=item)
    one = count_queries(clerk_client, change_url(producer))
    for _ in range(9):
        make_product(producer=producer, sector="auto_parts", smuggling_item=make_smuggling_item())

    html = clerk_client.get(change_url(producer)).content.decode()

    assert count_queries(clerk_client, change_url(producer)) == one
    assert 'class="admin-autocomplete' in html
    assert "IT-4242 لنت ترمز وارداتی" in html
