"""The Jalali-year list filter: the years the records span, each from 1 Farvardin to the end of Esfand;
the filters the reports' links use (a Jalali month, an as-of day, a value they cannot read)."""

import datetime

import pytest
from django.urls import reverse

from registry.models import Auction
from tests.factories import make_auction, make_bid, make_lot, make_product, make_shipment, make_smuggling_item

pytestmark = pytest.mark.django_db
D = datetime.date

SHIPMENTS = reverse("admin:registry_shipment_changelist")


def year_filters(response):
    return [spec for spec in response.context["cl"].filter_specs
            if getattr(spec, "parameter_name", None) == "shipped_on__jalali_year"]


def test_the_filter_offers_every_jalali_year_the_records_span_newest_first(clerk_client):
    make_shipment(shipped_on=datetime.date(2023, 3, 21))   # 1 Farvardin 1402
    make_shipment(shipped_on=datetime.date(2025, 3, 20))   # 30 Esfand 1403

    [spec] = year_filters(clerk_client.get(SHIPMENTS))

    assert spec.lookup_choices == [("1403", "۱۴۰۳"), ("1402", "۱۴۰۲")]


def test_a_year_runs_from_1_farvardin_to_the_end_of_esfand(clerk_client):
    make_shipment(number="SH-1402-LAST", shipped_on=datetime.date(2024, 3, 19))
    make_shipment(number="SH-1403-FIRST", shipped_on=datetime.date(2024, 3, 20))
    make_shipment(number="SH-1403-LAST", shipped_on=datetime.date(2025, 3, 20))
    make_shipment(number="SH-1404-FIRST", shipped_on=datetime.date(2025, 3, 21))

    response = clerk_client.get(SHIPMENTS, {"shipped_on__jalali_year": "1403"})

    assert sorted(shipment.number for shipment in response.context["cl"].result_list) == [
        "SH-1403-FIRST", "SH-1403-LAST",
    ]


def test_without_records_the_filter_is_not_shown(clerk_client):
    response = clerk_client.get(SHIPMENTS)
    assert year_filters(response) == [] and "jalali_year" not in response.content.decode()


@pytest.mark.parametrize("value", ["last-year", "99999999"])
def test_a_year_that_is_not_one_sends_the_clerk_back_to_the_whole_list(clerk_client, value):
    make_shipment()

    response = clerk_client.get(SHIPMENTS, {"shipped_on__jalali_year": value})

    assert response.status_code == 302 and response.url.endswith("?e=1")


def test_the_products_smuggling_item_filter_offers_only_the_items_products_name(clerk_client):
    named, _unnamed = make_smuggling_item(code="AP-001", name="لنت ترمز"), make_smuggling_item(code="AP-002")
    make_product(smuggling_item=named)
    make_product()

    response = clerk_client.get(reverse("admin:registry_product_changelist"))
    [spec] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", "") == "smuggling_item"]

    assert [str(label) for _pk, label in spec.lookup_choices] == [str(named)]
    # The products that name no item are a choice too, in words.
    assert [str(choice["display"]) for choice in spec.choices(response.context["cl"])][-1] == "هیچ‌کدام"
    chosen = clerk_client.get(reverse("admin:registry_product_changelist"), {"smuggling_item__id__exact": named.pk})
    assert [product.smuggling_item for product in chosen.context["cl"].result_list] == [named]


@pytest.mark.parametrize("url", [
    "/admin/registry/product/?producer__id__exact=abc", "/admin/registry/product/?as_of=1402/12/30",
    "/admin/registry/licence/?expiring_within=soon", "/admin/registry/producer/?obligation_sector=x",
    "/admin/registry/shipment/?county=sanandaj", "/admin/registry/lot/?signed_in=1404-13",
    "/admin/registry/employmentrecord/?as_of=tomorrow",
])
def test_a_report_filter_given_a_value_it_cannot_read_sends_the_clerk_back_to_the_whole_list(clerk_client, url):
    response = clerk_client.get(url)
    assert response.status_code == 302 and response.url.endswith("?e=1")


def test_the_as_of_filter_offers_today_and_shows_the_day_chosen_in_jalali(clerk_client):
    make_shipment()
    response = clerk_client.get("/admin/registry/product/", {"as_of": "2025-06-01"})
    [spec] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "as_of"]
    assert spec.lookup_choices[0] == ("2025-06-01", "۱۴۰۴/۰۳/۱۱")
    assert spec.lookup_choices[1][1].startswith("امروز (")


def test_the_month_filter_shows_the_month_a_link_chose_and_keeps_that_month_s_days(clerk_client):
    auction = make_auction(status=Auction.Status.AWARDED, announced_on=D(2025, 9, 1), bid_deadline=D(2025, 10, 1),
                           opening_on=D(2025, 10, 5))
    for signed in (D(2025, 10, 22), D(2025, 10, 23), D(2025, 11, 21), D(2025, 11, 22)):  # Aban 1404: 10-23 to 11-21
        lot = make_lot(auction)
        lot.winning_bid = make_bid(lot)
        lot.contract_signed_on = signed
        lot.save()
    response = clerk_client.get("/admin/registry/lot/", {"signed_in": "1404-08"})
    assert [lot.contract_signed_on for lot in response.context["cl"].queryset.order_by("contract_signed_on")] == [
        D(2025, 10, 23), D(2025, 11, 21)]
    [spec] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "signed_in"]
    assert spec.lookup_choices == [("1404-08", "آبان ۱۴۰۴")]
    unfiltered = clerk_client.get("/admin/registry/lot/")
    assert not [spec for spec in unfiltered.context["cl"].filter_specs
                if getattr(spec, "parameter_name", "") == "signed_in" and spec.has_output()]


COUNTIES_FA = ["بانه", "بیجار", "دهگلان", "دیواندره", "سروآباد", "سقز", "سنندج", "قروه", "کامیاران", "مریوان"]
COUNTIES_EN = ["Baneh", "Bijar", "Dehgolan", "Divandarreh", "Kamyaran", "Marivan", "Qorveh", "Sanandaj", "Saqqez",
               "Sarvabad"]


def select_options(html, name):
    """The labels of the <select name=`name`>'s options, the empty one left out."""
    import re

    select = html.split(f'name="{name}"')[1].split("</select>")[0]
    return [label for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select) if value]


@pytest.mark.parametrize(("language", "expected"), [("fa", COUNTIES_FA), ("en", COUNTIES_EN)])
def test_a_foreign_key_drop_down_lists_its_records_in_the_alphabetical_order_of_the_language(
        clerk_client, language, expected):
    clerk_client.cookies["django_language"] = language
    html = clerk_client.get(reverse("admin:registry_producer_add")).content.decode()
    assert select_options(html, "county") == expected
    worklist = clerk_client.get("/worklist/").content.decode()
    assert select_options(worklist, "county") == expected


def test_every_foreign_key_list_filter_lists_its_records_alphabetically(clerk_client):
    from tests.factories import make_estate, make_unit

    for name in ("شهرک گ", "شهرک پ", "شهرک ب", "شهرک ک"):  # in neither code nor Unicode order
        make_unit(make_estate(name=name))
    response = clerk_client.get(reverse("admin:registry_unit_changelist"))
    [spec] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", "") == "estate"]
    assert [label.split(" (")[0] for _pk, label in spec.lookup_choices] == ["شهرک ب", "شهرک پ", "شهرک ک", "شهرک گ"]
    [county_spec] = [spec for spec in response.context["cl"].filter_specs
                     if getattr(spec, "field_path", "") == "estate__county"]
    assert [label for _pk, label in county_spec.lookup_choices] == COUNTIES_FA


def test_a_number_field_s_filter_offers_its_values_in_the_page_s_digits(clerk_client):
    make_smuggling_item(list_year=1404)
    make_smuggling_item(list_year=1405)
    response = clerk_client.get(reverse("admin:registry_smugglingitem_changelist"))
    [spec] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", "") == "list_year"]
    assert [choice["display"] for choice in spec.choices(response.context["cl"])] == ["همه", "۱۴۰۴", "۱۴۰۵"]
    clerk_client.cookies["django_language"] = "en"
    response = clerk_client.get(reverse("admin:registry_smugglingitem_changelist"))
    [spec] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", "") == "list_year"]
    assert [choice["display"] for choice in spec.choices(response.context["cl"])] == ["All", "1404", "1405"]
