"""Every admin page writes a number as a Persian clerk reads it (Persian digits, one thousands
separator, none in a year), a count with the singular after it, an identifier left to right as one
unit; money is typed in any digits, grouped or not (registry/admin/base.py, the admin templates)."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.admin.utils import model_ngettext
from django.utils import translation

from registry import text
from registry.models import Producer
from tests.factories import legal_id, make_auction, make_estate, make_lot, make_producer, make_shipment

pytestmark = pytest.mark.django_db


def cells(html, column):
    """The text of one column's cells of a change list, without the markup inside them."""
    found = re.findall(rf'<t[dh] class="field-{column}[^"]*"[^>]*>(.*?)</t[dh]>', html, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in found]


def page(client, url, language="fa", **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("language", "population", "year"), [("fa", "۵۰۱٬۴۰۲", "۱۳۹۵"), ("en", "501,402", "1395")])
def test_a_quantity_is_grouped_and_a_year_is_not(clerk_client, language, population, year):
    html = page(clerk_client, "/admin/registry/county/", language, code="sanandaj")
    assert (cells(html, "population"), cells(html, "census_year")) == ([population], [year])


@pytest.mark.parametrize(("language", "expected"), [("fa", ["۲٬۱۰۰٬۰۰۰٬۰۰۰"]), ("en", ["2,100,000,000"])])
def test_money_in_a_list_reads_like_money_in_a_report(clerk_client, language, expected):
    make_lot(make_auction(), base_price_rials=2_100_000_000)
    assert cells(page(clerk_client, "/admin/registry/lot/", language), "base_price_rials") == expected


def test_areas_and_tonnages_drop_the_zeros_a_decimal_column_keeps(clerk_client):
    make_estate(total_area_m2=Decimal("1250000.00"), industrial_area_m2=Decimal("800000.50"))
    make_shipment(quantity_tonnes=Decimal("12.500"))
    html = page(clerk_client, "/admin/registry/estate/")
    assert (cells(html, "total_area_m2"), cells(html, "industrial_area_m2")) == (["۱٬۲۵۰٬۰۰۰"], ["۸۰۰٬۰۰۰٫۵"])
    assert cells(page(clerk_client, "/admin/registry/shipment/"), "quantity_tonnes") == ["۱۲٫۵"]


def test_an_identifier_is_one_left_to_right_unit_with_its_ascii_digits(clerk_client):
    make_producer(national_id=legal_id(7))
    html = page(clerk_client, "/admin/registry/producer/")
    assert f'<bdi dir="ltr">{legal_id(7)}</bdi>' in html


@pytest.mark.parametrize(("language", "count", "noun"), [
    ("fa", "۴۳", "واحد تولیدی"), ("en", "43", "producers"),
])
def test_the_paginator_counts_in_the_page_digits_with_the_noun_the_language_wants(clerk_client, language, count, noun):
    for _ in range(43):
        make_producer()
    html = page(clerk_client, "/admin/registry/producer/", language, q="واحد")
    paginator = re.search(r'<p class="paginator">(.*?)</p>', html, re.DOTALL).group(1)
    assert re.sub(r"\s+", " ", paginator).strip() == f"{count} {noun}"
    results = re.search(r'<span class="small quiet">(.*?) \(', html).group(1)
    assert results == {"fa": "۴۳ نتیجه", "en": "43 results"}[language]


def test_page_links_are_numbered_in_persian_digits(clerk_client):
    for _ in range(51):
        make_producer()
    html = page(clerk_client, "/admin/registry/producer/")
    assert '<span class="this-page">۱</span>' in html and '>۲</a>' in html
    assert re.search(r"۵۱ واحد تولیدی\s", html)


@pytest.mark.parametrize(("language", "one", "many"), [
    ("fa", "واحد تولیدی", "واحد تولیدی"), ("en", "producer", "producers"),
])
def test_django_names_a_number_of_records_with_the_singular_in_persian(language, one, many):
    with translation.override(language):
        assert (model_ngettext(Producer._meta, 1), model_ngettext(Producer._meta, 43)) == (one, many)


def test_the_action_bar_counts_in_the_page_digits(clerk_client, administrator):
    clerk_client.force_login(administrator)  # administrators have the delete action
    for _ in range(3):
        make_producer()
    html = page(clerk_client, "/admin/registry/producer/")
    assert '<span class="action-counter" data-actions-icnt="3">۰ از ۳ انتخاب شده</span>' in html
    assert 'src="/static/registry/js/numbers.js"' in html


@pytest.mark.parametrize("typed", ["2100000000", "۲۱۰۰۰۰۰۰۰۰", "۲٬۱۰۰٬۰۰۰٬۰۰۰", "2,100,000,000", "٢٬١٠٠٬٠٠٠٬٠٠٠",
                                   "2 100 000 000"])
def test_money_is_typed_in_any_digits_grouped_or_not(typed):
    assert text.MoneyField().clean(typed) == 2_100_000_000


@pytest.mark.parametrize(("language", "shown"), [("fa", "۲٬۱۰۰٬۰۰۰٬۰۰۰"), ("en", "2,100,000,000")])
def test_a_money_box_shows_its_amount_grouped_for_the_script_to_keep_grouping(language, shown):
    with translation.override(language):
        html = text.MoneyInput().render("price", 2_100_000_000)
    assert f'value="{shown}"' in html and 'class="vMoneyField"' in html and 'dir="ltr"' in html


def test_the_amounts_of_an_auction_are_money_boxes(clerk_client):
    html = page(clerk_client, "/admin/registry/auction/add/")
    assert ('<input type="text" name="deposit_rials" value="۰" dir="ltr" autocomplete="off" class="vMoneyField" '
            'inputmode="numeric" required id="id_deposit_rials">') in html


@pytest.mark.parametrize(("language", "shown"), [
    ("fa", "<bdi>صنایع شیمیایی سقز ۳ ({})</bdi>"), ("en", "<bdi>صنایع شیمیایی سقز 3 ({})</bdi>")])
def test_a_related_record_in_a_list_reads_as_the_record_s_own_name_does(clerk_client, language, shown):
    # A list's column of another record (a licence's producer) is written by Django from the record
    # itself (RegistryModel.__html__): isolated, a number of its Persian name in the page's digits,
    # its identifier as it is.
    from tests.factories import make_licence

    producer = make_producer(name="صنایع شیمیایی سقز 3", national_id=legal_id(9))
    make_licence(producer)
    html = page(clerk_client, "/admin/registry/licence/", language)
    [cell] = re.findall(r'<td class="field-producer[^"]*">(.*?)</td>', html, re.DOTALL)
    assert cell == shown.format(legal_id(9))


def test_nothing_chosen_reads_as_a_dash_and_the_action_menu_asks_for_an_action(clerk_client):
    # Not Django's "---------": a foreign key's and a choice's empty option, and the actions' menu.
    form = page(clerk_client, "/admin/registry/producer/add/")
    assert re.search(r'<select name="county"[^>]*>\s*<option value="" selected>—</option>', form)
    assert "---------" not in form
    shipment = page(clerk_client, "/admin/registry/shipment/add/")
    assert re.findall(r'<select name="(\w+)"[^>]*>\s*<option value=""[^>]*>([^<]*)<', shipment) == [
        ("mine", ""), ("processor", ""), ("stage", "—"), ("destination", "—"), ("destination_country", "—")]
    from tests.factories import make_handover

    make_handover()
    listing = page(clerk_client, "/admin/registry/handover/")
    assert '<option value="" selected>یک اقدام را انتخاب کنید</option>' in listing
