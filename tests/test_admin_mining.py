"""The mine and shipment pages of the admin: what clerks list, filter and search, the tonnage by
stage of what they are looking at, the raw-export refusal on the form, and fixed query counts."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry import services
from registry.models import Mine, Shipment
from tests.factories import (
    make_auction,
    make_lot,
    make_mine,
    make_producer,
    make_product,
    make_shipment,
    national_code,
)
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

MINES = reverse("admin:registry_mine_changelist")
SHIPMENTS = reverse("admin:registry_shipment_changelist")


def listed(response, column="licence_number"):
    """The values of one column of a change list, in order."""
    return re.findall(rf'class="field-{column}[^"]*"[^>]*>(?:<a [^>]*>)?(?:<bdi[^>]*>)?([^<]*)<',
                      response.content.decode())


# ---- mines -------------------------------------------------------------------------------------

def test_the_mine_list_shows_the_licence_expiry_in_jalali(clerk_client):
    make_mine(licence_number="KD-M-0001", licence_issued_on=datetime.date(2020, 3, 20),
              licence_expires_on=datetime.date(2030, 3, 20), operator_name="شرکت سنگ سنندج")

    response = clerk_client.get(MINES)

    assert listed(response) == ["KD-M-0001"]
    assert listed(response, "licence_expires_on") == ["۱۴۰۸/۱۲/۳۰"]
    assert listed(response, "operator_name") == ["شرکت سنگ سنندج"]


@pytest.mark.parametrize(("query", "expected"), [
    ({"status__exact": "idle"}, ["KD-M-0001", "KD-M-0003"]),
    ({"mineral__rubble_stone__exact": "1"}, ["KD-M-0001", "KD-M-0002"]),
    ({"mineral__rubble_stone__exact": "1", "status__exact": "idle"}, ["KD-M-0001"]),
    ({"county__id__exact": "baneh"}, ["KD-M-0003"]),
    ({"q": "KD-M-0002"}, ["KD-M-0002"]),
    ({"q": "سنگ ساز كردستان"}, ["KD-M-0002"]),   # Arabic kaf typed, Persian stored
    ({"q": "۰۴۹۹۳۷۰۸۹۹"}, ["KD-M-0002"]),        # operator's national code in Persian digits
    ({"q": "گچ"}, ["KD-M-0003"]),
])
def test_mines_are_filtered_by_status_county_mineral_rubble_stone_and_searched(clerk_client, query, expected):
    make_mine(licence_number="KD-M-0001", name="معدن لاشه‌سنگ آویهنگ")
    make_mine(licence_number="KD-M-0002", name="معدن لاشه‌سنگ نگل", status=Mine.Status.ACTIVE,
              operator_name="سنگ ساز کردستان", operator_national_id="0499370899")
    make_mine(licence_number="KD-M-0003", name="معدن گچ بانه", county="baneh", mineral="gypsum")
    if query.get("county__id__exact"):
        query["county__id__exact"] = Mine.objects.get(licence_number="KD-M-0003").county_id

    assert listed(clerk_client.get(MINES, query)) == expected


def test_the_mine_list_costs_the_same_queries_for_one_mine_and_fifty(clerk_client):
    make_mine()
    one = count_queries(clerk_client, MINES)
    for _ in range(49):
        make_mine(status=Mine.Status.ACTIVE, operator_name="بهره‌بردار")
    # + the counties the clerk works in, the worklist's count in the header
    assert count_queries(clerk_client, MINES) == one == 10


def test_a_mine_held_by_an_auction_keeps_its_status_and_operator_out_of_the_form(clerk_client):
    mine = make_mine()
    url = reverse("admin:registry_mine_change", args=(mine.pk,))
    assert 'name="status"' in clerk_client.get(url).content.decode()
    auction = make_auction()
    make_lot(auction, mine)
    services.publish_auction(auction=auction, by=None)

    page = clerk_client.get(url).content.decode()

    assert 'name="status"' not in page and 'name="operator_name"' not in page and 'name="name"' in page
    before_auction = reverse("admin:registry_mine_simple_history", args=(mine.pk, mine.history.last().history_id))
    assert clerk_client.post(before_auction, {"name": mine.name}).status_code == 403


def test_a_supervisor_cannot_change_a_mine_through_its_history(supervisor_client):
    mine = make_mine(name="معدن اول")
    mine.name = "معدن دوم"
    mine.save()
    first = mine.history.last()
    url = reverse("admin:registry_mine_simple_history", args=(mine.pk, first.history_id))

    assert supervisor_client.get(url).status_code == 200
    response = supervisor_client.post(url, {
        "licence_number": mine.licence_number, "name": "معدن سوم", "county": mine.county_id,
        "mineral": mine.mineral_id, "status": "idle", "capacity_tonnes": "1", "employees": "1",
    })

    assert response.status_code == 403
    assert Mine.objects.get(pk=mine.pk).name == "معدن دوم"


# ---- shipments ---------------------------------------------------------------------------------

def add_shipment(client, stage, country):
    mine = make_mine()
    return client.post(reverse("admin:registry_shipment_add"), {
        "number": "SH-FORM-1", "shipped_on": "1404/03/11", "mine": mine.pk, "mineral": mine.mineral_id,
        "stage": stage, "quantity_tonnes": "250", "destination": "export", "destination_country": country,
        "goods_id": make_product(status="registered").goods_id,
    })


def test_a_raw_export_typed_in_the_form_is_refused_next_to_its_stage_and_nothing_is_saved(clerk_client):
    response = add_shipment(clerk_client, "raw", "IQ")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"stage": ["صادرات مواد معدنی خام ممنوع است: محموله خام فقط به مقصد داخلی می‌رود."]}
    assert re.search(r'class="form-row errors field-stage">\s*<ul class="errorlist" id="id_stage_error">'
                     r"<li>صادرات مواد معدنی خام ممنوع است", response.content.decode())
    assert Shipment.objects.count() == 0


def test_a_crushed_export_typed_in_the_form_is_saved(clerk_client):
    response = add_shipment(clerk_client, "crushed", "tr")

    assert response.status_code == 302
    shipment = Shipment.objects.get()
    assert (shipment.shipped_on, shipment.destination_country) == (datetime.date(2025, 6, 1), "TR")


def tonnage_shown(response):
    return dict(re.findall(r'data-stage="(\w+)">([^<]*)<', response.content.decode()))


def test_the_shipment_list_shows_the_tonnage_by_stage_of_what_is_listed(clerk_client):
    quarry = make_mine(licence_number="KD-M-0100")
    make_shipment(mine=quarry, stage="raw", quantity_tonnes=Decimal("1200.5"), shipped_on=datetime.date(2025, 3, 20))
    make_shipment(mine=quarry, stage="crushed", quantity_tonnes=Decimal("800"), shipped_on=datetime.date(2025, 3, 21))
    make_shipment(stage="crushed", quantity_tonnes=Decimal("99.125"), shipped_on=datetime.date(2025, 6, 1))

    everything = clerk_client.get(SHIPMENTS)
    of_the_quarry = clerk_client.get(SHIPMENTS, {"q": "KD-M-0100"})
    of_1404 = clerk_client.get(SHIPMENTS, {"shipped_on__jalali_year": "1404"})

    # Without the zeros a figure does not have, as the list's rows and the reports write tonnes.
    assert tonnage_shown(everything) == {"raw": "۱٬۲۰۰٫۵", "crushed": "۸۹۹٫۱۲۵", "processed": "۰"}
    assert tonnage_shown(of_the_quarry) == {"raw": "۱٬۲۰۰٫۵", "crushed": "۸۰۰", "processed": "۰"}
    assert tonnage_shown(of_1404) == {"raw": "۰", "crushed": "۸۹۹٫۱۲۵", "processed": "۰"}


@pytest.mark.parametrize(("query", "expected"), [
    ({"stage__exact": "processed"}, ["SH-3"]),
    ({"destination__exact": "export"}, ["SH-3"]),
    ({"q": "SH-2"}, ["SH-2"]),
    ({"shipped_on__jalali_year": "1403"}, ["SH-1"]),
])
def test_shipments_are_filtered_by_stage_destination_and_jalali_year_and_searched(clerk_client, query, expected):
    make_shipment(number="SH-1", shipped_on=datetime.date(2025, 3, 20))
    make_shipment(number="SH-2", shipped_on=datetime.date(2025, 3, 21))
    product = make_product(status="registered")
    make_shipment(number="SH-3", stage="processed", destination="export", destination_country="IQ",
                  goods_id=product.goods_id, shipped_on=datetime.date(2025, 5, 1))

    assert listed(clerk_client.get(SHIPMENTS, query), "number") == expected


def test_shipments_are_found_by_goods_id(clerk_client):
    product = make_product(status="registered")
    make_shipment(number="SH-EXP", stage="processed", destination="export", destination_country="AM",
                  goods_id=product.goods_id)
    make_shipment(number="SH-DOM")

    assert listed(clerk_client.get(SHIPMENTS, {"q": product.goods_id}), "number") == ["SH-EXP"]


def test_the_shipment_list_costs_the_same_queries_for_one_shipment_and_fifty(clerk_client):
    processor = make_producer(national_id=national_code(3))
    make_shipment(mine=make_mine(), processor=processor)
    one = count_queries(clerk_client, SHIPMENTS)
    for _ in range(49):
        make_shipment(mine=make_mine(), processor=make_producer())
    # + the counties the clerk works in, + the counties of the county filter (mine or processor),
    # + the worklist's count in the header
    assert count_queries(clerk_client, SHIPMENTS) == one == 12


@pytest.mark.parametrize(("language", "name", "first_options"), [
    ("fa", "عراق", ["آذربایجان", "آرژانتین"]),
    ("en", "Iraq", ["Afghanistan", "Åland Islands"]),
])
def test_a_destination_country_reads_as_its_name_in_the_language_and_stays_a_code_in_files(
        clerk_client, supervisor_client, language, name, first_options):
    product = make_product(status="registered")
    shipment = make_shipment(number="SH-EXP", stage="processed", destination="export", destination_country="IQ",
                             goods_id=product.goods_id)
    for client in (clerk_client, supervisor_client):
        client.cookies["django_language"] = language
    html = clerk_client.get(SHIPMENTS).content.decode()
    assert f'<td class="field-destination_country">{name}</td>' in html
    # The clerk chooses by name, and the code is what the form sends.
    form = clerk_client.get(reverse("admin:registry_shipment_change", args=(shipment.pk,))).content.decode()
    select = form.split('name="destination_country"')[1].split("</select>")[0]
    assert f'<option value="IQ" selected>{name}</option>' in select
    assert re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', select)[:2] == first_options
    readonly = supervisor_client.get(reverse("admin:registry_shipment_change", args=(shipment.pk,))).content.decode()
    assert re.search(rf'<div class="readonly">{name}</div>', readonly)
    exported = io.StringIO()
    call_command("export_records", "shipments", stdout=exported)
    assert ",IQ," in exported.getvalue()


def test_an_emptied_processor_reads_as_a_dash_in_the_list_and_in_the_history(clerk_client):
    processor = make_producer(name="فرآوری سقز 3")
    shipment = make_shipment(number="SH-EMPTIED", mine=make_mine(), processor=processor)
    shipment.processor = None
    shipment._change_reason = "test"
    shipment.save()

    html = clerk_client.get(SHIPMENTS).content.decode()
    assert re.findall(r"<td class=\"field-processor[^>]*>[^<]*</td>", html) == ['<td class="field-processor nowrap">—</td>']
    history = clerk_client.get(reverse("admin:registry_shipment_history", args=(shipment.pk,))).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", history))
    assert f"واحد فرآوری: فرآوری سقز ۳ ({processor.national_id}) ← —" in text and "None" not in text
