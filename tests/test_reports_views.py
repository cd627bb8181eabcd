"""The report pages: who may read them, what they show (Persian digits, Jalali dates, SVG charts,
no script), the three downloads, and a query count that does not grow with the data."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from registry.models import Auction, Licence, Mine, Shipment
from registry.reports.catalogue import REPORTS
from tests import factories as f
from tests.querycount import count_queries

# (also for tests that reach the database only through request.getfixturevalue)
pytestmark = pytest.mark.django_db

SLUGS = [report.slug for report in REPORTS]
D = datetime.date


# -- access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/reports/", "/reports/transparency/", "/reports/mining/?format=csv"])
def test_anonymous_users_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/reports/")


def test_staff_without_the_report_permission_are_refused(client, db):
    user = get_user_model().objects.create_user("nobody", password="a-long-test-password", is_staff=True)
    client.force_login(user)
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/transparency/?format=json").status_code == 403


def test_the_permission_alone_is_not_enough_without_staff_status(client, db):
    user = get_user_model().objects.create_user("outsider", password="a-long-test-password")
    user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    client.force_login(user)
    assert client.get("/reports/").status_code == 403


@pytest.mark.parametrize("who", ["clerk_client", "supervisor_client", "admin_client_"])
def test_clerks_supervisors_and_administrators_read_every_report(request, who):
    client = request.getfixturevalue(who)
    assert client.get("/reports/").status_code == 200
    for slug in SLUGS:
        assert client.get(f"/reports/{slug}/").status_code == 200, slug


def test_an_unknown_report_or_format_is_refused(supervisor_client):
    assert supervisor_client.get("/reports/nothing/").status_code == 404
    assert supervisor_client.get("/reports/mining/?format=pdf").status_code == 400


def test_the_admin_header_links_to_the_reports(supervisor_client):
    assert 'href="/reports/"' in supervisor_client.get("/admin/").content.decode()


# -- what a page shows -------------------------------------------------------------------------


@pytest.fixture
def mining_products(db):
    producer = f.make_producer(sector="mining")
    f.make_product(producer, sector="mining", status="registered", declared_on=D(2025, 1, 1),
                   registered_on=D(2025, 2, 1))
    for _n in range(4):
        f.make_product(producer, sector="mining", declared_on=D(2025, 1, 1))


def test_a_report_page_shows_persian_digits_jalali_dates_and_its_filters(supervisor_client, mining_products):
    html = supervisor_client.get("/reports/transparency/", {"sector": "mining", "as_of": "2025-06-01"}).content.decode()
    assert 'dir="rtl"' in html
    assert "شفافیت کالا" in html
    assert "۲۰٫۰٪" in html  # 1 of 5 registered
    assert "۱۴۰۴/۰۳/۱۱" in html  # the as-of date, in the printed filters
    assert "معدن" in html


def test_names_and_dates_in_tables_show_persian_digits_and_identifiers_stay_latin(supervisor_client, db):
    producer = f.make_producer(name="کارخانه 12")
    f.make_licence(producer, number="OP-77", issued_on=D(2024, 1, 1), expires_on=D(2025, 7, 1))
    html = supervisor_client.get("/reports/licences/", {"as_of": "2025-06-01"}).content.decode()
    assert "کارخانه ۱۲" in html and "۱۴۰۴/۰۴/۱۰" in html
    assert f'<span class="ltr">{producer.national_id}</span>' in html and "OP-77" in html


def test_under_english_the_page_is_english_with_latin_digits(supervisor_client, mining_products):
    supervisor_client.cookies["django_language"] = "en"
    html = supervisor_client.get("/reports/transparency/", {"sector": "mining"}).content.decode()
    assert 'lang="en"' in html and "Goods transparency" in html
    assert "20.0%" in html and "۲۰" not in html


def test_charts_are_inline_svg_and_pages_run_no_inline_script(supervisor_client, mining_products):
    for slug in SLUGS:
        html = supervisor_client.get(f"/reports/{slug}/").content.decode()
        charts = re.findall(r'<svg class="report-chart".*?</svg>', html, re.S)
        assert charts, slug
        assert all("<script" not in chart and "<title" in chart for chart in charts)
        # Scripts only from files (the admin's theme switch and the date picker), never inline.
        assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", html)), slug
        assert ' style="' not in html, slug


def test_the_transparency_chart_draws_the_target_and_this_year_against_last(supervisor_client, mining_products):
    html = supervisor_client.get("/reports/transparency/", {"year": 1404}).content.decode()
    assert html.count('class="chart-target"') == 3
    assert html.count("<polyline") >= 2
    assert "فروردین" in html and "۱۴۰۳" in html and "۱۴۰۴" in html


def test_the_print_stylesheet_hides_navigation_and_sets_a4(supervisor_client, db):
    from django.contrib.staticfiles import finders

    html = supervisor_client.get("/reports/mining/").content.decode()
    assert "registry/css/reports.css" in html
    css = open(finders.find("registry/css/reports.css"), encoding="utf-8").read()
    printed = css[css.index("@media print"):]
    assert "size: A4" in printed and ".report-filters" in printed and "#header" in printed


def test_the_dashboard_shows_each_headline_against_its_target_with_a_link(supervisor_client, mining_products):
    f.make_mine(status=Mine.Status.ACTIVE)
    f.make_mine()
    html = supervisor_client.get("/reports/").content.decode()
    for slug in SLUGS:
        assert f'href="/reports/{slug}/"' in html, slug
    assert "۲۰٫۰٪" in html  # transparency, and its target
    assert "۱۰۰٪" in html
    assert "۱ از ۲ فعال" in html


# -- downloads ---------------------------------------------------------------------------------


@pytest.fixture
def licence_data(db):
    producer = f.make_producer(name="=HYPERLINK(\"http://x\")", county="sanandaj")
    f.make_licence(producer, issued_on=D(2024, 1, 1), expires_on=D(2025, 7, 1))
    f.make_producer(name="واحد بی‌پروانه")


def test_csv_download_is_utf8_with_bom_persian_intact_and_formulas_neutralised(supervisor_client, licence_data):
    response = supervisor_client.get("/reports/licences/", {"as_of": "2025-06-01", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="shafaf-licences-')
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(content[1:])))
    assert table[0] == ["پروانه‌های بهره‌برداری"]
    assert ["تا تاریخ", "1404/03/11"] in table
    assert ["پروانه‌های رو به انقضا", "1"] in table
    assert any(row[1] == "'=HYPERLINK(\"http://x\")" for row in table if len(row) > 1)
    assert any("واحد بی‌پروانه" in row for row in table)
    assert any("1404/04/10" in row for row in table)  # the expiry date, Jalali


def test_xlsx_download_opens_with_numbers_as_numbers(supervisor_client, licence_data):
    response = supervisor_client.get("/reports/licences/", {"as_of": "2025-06-01", "format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["پروانه‌های بهره‌برداری"]
    assert ["پروانه‌های رو به انقضا", 1] in values
    assert any("'=HYPERLINK(\"http://x\")" in row for row in values)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.sheet_view.rightToLeft


def test_json_download_has_report_filters_totals_and_rows(supervisor_client, licence_data):
    data = supervisor_client.get("/reports/licences/", {"as_of": "1404/03/11", "county": "sanandaj",
                                                         "format": "json"}).json()
    assert set(data) == {"report", "filters", "totals", "rows"}
    assert data["filters"] == {"county": "sanandaj", "sector": None, "days": 90, "as_of": "2025-06-01"}
    assert data["totals"] == {"expiring": 1, "unlicensed_active": 1}
    assert {row["table"] for row in data["rows"]} == {"expiring", "unlicensed"}
    expiring = next(row for row in data["rows"] if row["table"] == "expiring")
    assert expiring["expires_on"] == "2025-07-01" and expiring["days_left"] == 30


def test_downloads_carry_exactly_the_tables_on_the_page(supervisor_client, licence_data):
    html = supervisor_client.get("/reports/licences/", {"as_of": "2025-06-01"}).content.decode()
    data = supervisor_client.get("/reports/licences/", {"as_of": "2025-06-01", "format": "json"}).json()
    assert html.count("<tbody>") == 2
    assert html.count("<tr>") - 2 == len(data["rows"])  # minus the two header rows


# -- query counts ------------------------------------------------------------------------------


def populate(size):
    """`size` records of every kind a report reads."""
    for n in range(size):
        producer = f.make_producer(county=("sanandaj", "baneh")[n % 2])
        f.make_licence(producer, expires_on=D(2025, 7, 1) + datetime.timedelta(days=n))
        f.make_obligation(producer)
        product = f.make_product(producer, status="registered", smuggling_item=f.make_smuggling_item())
        auction = f.make_auction(status=Auction.Status.AWARDED)
        lot = f.make_lot(auction, mine=f.make_mine(status=Mine.Status.ACTIVE))
        lot.winning_bid = f.make_bid(lot)
        lot.contract_signed_on = D(2025, 3, 1)
        lot.save()
        f.make_shipment(mine=lot.mine, stage=Shipment.Stage.PROCESSED, destination=Shipment.Destination.EXPORT,
                        destination_country="IQ", goods_id=product.goods_id)
        f.make_handover(notified_on=D(2025, 2, 1))
        f.make_employment(office=("imt", "agri")[n % 2])
        f.make_producer(status="active")


# Session, user and the user's permissions (2), one query per reference list of the filters
# (counties, sectors), then the report's own: transparency 3 (one pass over the product counts
# for all three tables, then the sectors and the counties they name), obligations 1 (every
# obligated unit with its state and registered items, in one pass), smuggling 2, mining 3,
# auctions 3, shipments 1, industrial space 1, handovers 2, employment 1, licences 2 (two lists,
# each with its full count); the dashboard 13 for all ten.
QUERIES = {"transparency": 9, "obligations": 7, "smuggling": 8, "mining": 8, "auctions": 8, "shipments": 6,
           "industrial-space": 6, "handovers": 7, "employment": 6, "licences": 8, "dashboard": 17}
# The transparency page (not its downloads) and the dashboard read the last reconciliation with
# the national list too (tests/test_reconciliation_admin.py counts them with one).
RECONCILIATION = {"transparency": 1, "dashboard": 1}


@pytest.mark.parametrize("slug", SLUGS + ["dashboard"])
def test_a_report_runs_the_same_number_of_queries_for_1_and_for_12_records(supervisor_client, slug):
    urls = ["/reports/"] if slug == "dashboard" else [f"/reports/{slug}/", f"/reports/{slug}/?format=json"]
    populate(1)
    small = [count_queries(supervisor_client, url) for url in urls]
    populate(11)
    large = [count_queries(supervisor_client, url) for url in urls]
    assert small == large == [QUERIES[slug] + RECONCILIATION.get(slug, 0)] + [QUERIES[slug]] * (len(urls) - 1)
    assert Licence.objects.count() == 12
