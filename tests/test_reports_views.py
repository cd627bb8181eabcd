"""The report pages: who may read them, what they show (Persian digits, Jalali dates, SVG charts,
no script), the three downloads, and a query count that does not grow with the data."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from openpyxl import load_workbook

from registry import jalali
from registry.models import Auction, Licence, Mine, Sector, Shipment
from registry.reports.catalogue import BY_SLUG, REPORTS
from registry.text import digits_to_ascii
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
        # A report with nothing to count says so instead: here only transparency has data (and
        # licences its unlicensed producer).
        assert bool(charts) == (slug in ("transparency", "licences")), slug
        assert all("<script" not in chart and "<title" in chart for chart in charts)
        # Scripts only from files (the admin's theme switch and the date picker), never inline.
        assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", html)), slug
        assert ' style="' not in html, slug


def test_the_transparency_chart_draws_the_target_and_this_year_against_last(supervisor_client, mining_products):
    html = supervisor_client.get("/reports/transparency/", {"year": 1404}).content.decode()
    assert html.count('class="chart-target"') == 3
    assert html.count("<polyline") >= 2
    assert "فروردین" in html and "۱۴۰۳" in html and "۱۴۰۴" in html


@pytest.mark.parametrize(("language", "drawn"), [
    ("fa", ["سرانه فضای صنعتی به تفکیک شهرستان (مترمربع)", "بانه", "۰٫۵۰", "استان ۰٫۳۶"]),
    ("en", ["Industrial space per person by county (m²)", "Baneh", "0.50", "province 0.36"]),
])
def test_the_industrial_space_chart_keeps_the_province_s_line_under_a_county_filter(
        supervisor_client, db, language, drawn):
    # The province: 580,747 m² for 1,603,011 people (0.36 m² each); Baneh: 79,345 m² for 158,690 (0.5).
    f.make_estate(industrial_area_m2=401_402, total_area_m2=600_000)
    f.make_estate(industrial_area_m2=100_000, total_area_m2=200_000)
    f.make_estate(county="baneh", industrial_area_m2=79_345, total_area_m2=100_000)
    supervisor_client.cookies["django_language"] = language
    html = supervisor_client.get("/reports/industrial-space/", {"county": "baneh"}).content.decode()
    chart = re.search(r'<svg class="report-chart".*?</svg>', html, re.S).group()
    assert re.findall(r">([^<>]+)</text>", chart) == drawn
    # The line stands at 0.36 of a scale to 1 m² (350 units long, from x=440 leftwards in Persian,
    # from x=200 rightwards in English), not at the county's 0.5.
    assert re.search(r'class="chart-target" x1="([\d.]+)"', chart).group(1) == (
        "314.0" if language == "fa" else "326.0")
    # The totals, the JSON's contract, are the county's own.
    assert supervisor_client.get("/reports/industrial-space/", {"county": "baneh", "format": "json"}).json()[
        "totals"] == {"population": 158690, "industrial_area_m2": 79345.0, "per_capita_m2": 0.5}


def test_the_english_series_names_the_jalali_months_whole_every_other_one_a_line_lower(
        supervisor_client, mining_products):
    supervisor_client.cookies["django_language"] = "en"
    html = supervisor_client.get("/reports/transparency/", {"year": 1404}).content.decode()
    chart = re.findall(r'<svg class="report-chart".*?</svg>', html, re.S)[-1]
    months = re.findall(r'<text x="[\d.]+" y="([\d.]+)" text-anchor="middle" font-size="10"[^>]*>([^<]+)</text>', chart)
    assert months == [("298", "Farvardin"), ("310", "Ordibehesht"), ("298", "Khordad"), ("310", "Tir"),
                      ("298", "Mordad"), ("310", "Shahrivar"), ("298", "Mehr"), ("310", "Aban"),
                      ("298", "Azar"), ("310", "Dey"), ("298", "Bahman"), ("310", "Esfand")]


def test_the_print_stylesheet_hides_navigation_and_sets_a4(supervisor_client, db):
    from django.contrib.staticfiles import finders

    html = supervisor_client.get("/reports/mining/").content.decode()
    assert "registry/css/reports.css" in html
    css = open(finders.find("registry/css/reports.css"), encoding="utf-8").read()
    printed = css[css.index("@media print"):]
    assert "size: A4" in printed and ".report-filters" in printed and "#header" in printed
    # A chart prints 640 units across in 53.3 of the body's ems: its 12-unit labels at the body's
    # size, whatever width the page is laid out at (test_reports browser journey measures it).
    assert ".report-chart { width: 53.3em; max-width: 100%; }" in printed


def test_the_dashboard_shows_each_headline_against_its_target_with_a_link(supervisor_client, mining_products):
    f.make_mine(status=Mine.Status.ACTIVE)
    f.make_mine()
    html = supervisor_client.get("/reports/").content.decode()
    for slug in SLUGS:
        assert f'href="/reports/{slug}/"' in html, slug
    assert "۲۰٫۰٪" in html  # transparency, and its target
    assert "۱۰۰٪" in html
    assert ('<p class="headline"><a href="/admin/registry/mine/?status__exact=active">۱</a> <span class="target">معدن '
            'از <a href="/admin/registry/mine/">۲</a> معدن فعال است</span></p>' in html)


@pytest.mark.parametrize(("language", "mines", "handed_over", "licences"), [
    ("fa", "۱ معدن از ۲ معدن فعال است", "۱ واحد به صنعت واگذار شد", "۲ پروانه بهره‌برداری تا ۹۰ روز آینده منقضی می‌شود"),
    ("en", "1 of 2 mines is active", "1 unit handed back to industry", "2 operating licences expire within 90 days"),
])
def test_the_dashboard_headlines_are_sentences_with_their_noun_after_the_number(
        supervisor_client, db, language, mines, handed_over, licences):
    f.make_mine(status=Mine.Status.ACTIVE)
    f.make_mine()
    f.make_handover(notified_on=D(2025, 2, 1), relocated_on=D(2025, 3, 1), handed_over_on=D(2025, 4, 1))
    for _n in range(2):
        f.make_licence(issued_on=D(2024, 1, 1), expires_on=jalali.today() + datetime.timedelta(days=30))
    supervisor_client.cookies["django_language"] = language
    html = supervisor_client.get("/reports/").content.decode()
    headlines = [re.sub(r"<[^>]+>", "", line) for line in re.findall(r'<p class="headline">(.*?)</p>', html)]
    assert mines in headlines and handed_over in headlines and licences in headlines
    # The numbers stay links to what they count.
    assert re.search(r'<a href="/admin/registry/handover/\?stage=handed_over">[۱1]</a> <span class="target">', html)


def test_english_labels_and_values_standing_alone_are_in_sentence_case(supervisor_client, db):
    f.make_lot(f.make_auction())
    supervisor_client.cookies["django_language"] = "en"
    html = supervisor_client.get("/reports/auctions/").content.decode()
    assert "<span>County: <strong>All counties</strong></span>" in html
    assert '<option value="" selected>All counties</option>' in html
    assert "<div><dt>Auctions</dt>" in html and "<div><dt>Lots</dt>" in html
    assert '<td class="align-text">Draft</td>' in html and ">draft<" not in html
    # A bar's label too; Persian, which has no capitals, is left as it is.
    assert '>Awarded lots</text>' in html
    supervisor_client.cookies["django_language"] = "fa"
    assert '<td class="align-text">پیش‌نویس</td>' in supervisor_client.get("/reports/auctions/").content.decode()


@pytest.mark.parametrize(("language", "label"), [("fa", "اشتغال همه دستگاه‌ها"), ("en", "Jobs, all offices")])
def test_the_jobs_of_all_offices_say_whose_they_are_beside_this_directorate_s(supervisor_client, db, language, label):
    f.make_employment(year=jalali.jalali_year(), jobs=7)
    supervisor_client.cookies["django_language"] = language
    assert f"<div><dt>{label}</dt>" in supervisor_client.get("/reports/employment/").content.decode()
    assert f"<dt>{label}</dt>" in supervisor_client.get("/reports/").content.decode()


def test_a_filter_that_is_not_valid_is_named_beside_its_box_and_the_report_counts_without_it(
        supervisor_client, mining_products):
    response = supervisor_client.get("/reports/transparency/", {"county": "1", "sector": "mining"})
    assert response.status_code == 400
    html = response.content.decode()
    # The value in the page's digits, isolated from the sentence around it.
    assert ('<div class="report-filter errors">\n      <label for="id_county">شهرستان:</label>' in html
            and "یک گزینهٔ معتبر انتخاب کنید. \u2068۱\u2069 از گزینه‌های موجود نیست." in html)
    # The report still shows, counted by the filters that are valid (the sector), not the county.
    assert '<div><dt>کالاها</dt><dd><a href="/admin/registry/product/?sector__id__exact=' in html
    assert "<span>شهرستان: <strong>همه شهرستان‌ها</strong></span>" in html
    assert response.context["result"].totals == {"products": 5, "registered": 1, "percent": Decimal("20.0"),
                                                 "target": 100}
    # Its downloads are of what it shows.
    downloads = re.search(r'<p class="report-downloads">.*?</p>', html, re.S).group()
    assert "county" not in downloads and "?sector=mining&amp;format=csv" in downloads


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


def test_json_rows_carry_codes_and_figures_not_the_ids_the_page_s_links_use(supervisor_client, licence_data):
    for slug in SLUGS:
        data = supervisor_client.get(f"/reports/{slug}/", {"format": "json"}).json()
        assert not [key for row in data["rows"] for key in row if key.startswith("_")], slug


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
        # its mine's second attempt
        lot.previous_lot = f.make_lot(f.make_auction(status=Auction.Status.FAILED, announced_on=D(2024, 1, 1),
                                                     bid_deadline=D(2024, 2, 1), opening_on=D(2024, 2, 5)),
                                      mine=lot.mine)
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
# auctions 6 (by status, the list, and the second chances: their counts, the chains of lots, the
# lots offered again), shipments 1, industrial space 1, handovers 2, employment 1, licences 2 (two
# lists, each with its full count); the dashboard 13 for all ten.
QUERIES = {"transparency": 9, "obligations": 7, "smuggling": 8, "mining": 8, "auctions": 11, "shipments": 6,
           "industrial-space": 6, "handovers": 7, "employment": 6, "licences": 8, "dashboard": 17}
# The transparency page (not its downloads) and the dashboard read the last reconciliation with
# the national list too (tests/test_reconciliation_admin.py counts them with one).
RECONCILIATION = {"transparency": 1, "dashboard": 1}


@pytest.mark.parametrize("slug", SLUGS + ["dashboard"])
def test_a_report_runs_the_same_number_of_queries_for_1_and_for_12_records(supervisor_client, slug):
    """As opened, as JSON, and (a report with dates) as JSON as of a day."""
    urls = ["/reports/"] if slug == "dashboard" else [f"/reports/{slug}/", f"/reports/{slug}/?format=json"]
    if slug != "dashboard" and "as_of" in BY_SLUG[slug].filters:
        urls.append(f"/reports/{slug}/?format=json&as_of=2025-06-01")
    populate(1)
    small = [count_queries(supervisor_client, url) for url in urls]
    populate(11)
    large = [count_queries(supervisor_client, url) for url in urls]
    assert small == large == [QUERIES[slug] + RECONCILIATION.get(slug, 0)] + [QUERIES[slug]] * (len(urls) - 1)
    assert Licence.objects.count() == 12


def test_a_report_page_does_not_work_out_the_admin_s_list_of_apps(supervisor_client, monkeypatch):
    """Only the navigation sidebar (off) reads `available_apps`: a hundred permission checks and twenty
    reverse() calls that a report page skips; the admin's index still lists every group."""
    from registry.admin_site import ShafafAdminSite

    built = []
    app_list = ShafafAdminSite._app_list
    monkeypatch.setattr(ShafafAdminSite, "_app_list",
                        lambda site, request, app_label: built.append(request.path) or app_list(site, request, app_label))
    for url in ["/reports/", "/reports/licences/", "/reports/bulletin/"]:
        assert supervisor_client.get(url).status_code == 200
    assert built == []
    response = supervisor_client.get("/admin/")
    assert set(built) == {"/admin/"}  # (each_context and the index, as Django does)
    assert "/admin/registry/product/" in response.content.decode()


# -- alignment ---------------------------------------------------------------------------------

KINDS = {"text": "واحد ۱", "code": "10380284790", "int": 1234, "percent": Decimal("20.5"), "decimal2": Decimal("0.79"),
         "area": Decimal("1266000.00"), "tonnes": Decimal("12.500"), "rials": 2_800_000_000, "date": D(2025, 6, 1), "year": 1404, "bool": True,
         "choice": "active"}


def cell_classes(html):
    """[(heading classes, [cell classes of each row])] of each table of a page."""
    tables = []
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        heads = re.findall(r'<th scope="col" class="([^"]*)"', table)
        rows = [re.findall(r'<td class="([^"]*)"', row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
        tables.append((heads, [row for row in rows if row]))
    return tables


@pytest.mark.parametrize("language", ["fa", "en"])
def test_every_column_kind_aligns_its_heading_and_its_cells_alike(language):
    from django.contrib.staticfiles import finders
    from django.utils import translation

    from registry.reports.catalogue import Column
    from registry.reports.queries import Filters
    from registry.templatetags.reports import table_head, table_rows

    columns = [Column(kind, kind, kind, Mine.Status if kind == "choice" else None) for kind in KINDS]
    with translation.override(language):
        [(heads, rows)] = cell_classes(f"<table>{table_head(columns)}{table_rows([KINDS], columns, Filters())}</table>")
    assert heads == rows[0] == [
        "align-number" if kind in ("int", "percent", "decimal2", "area", "tonnes", "rials") else "align-text" for kind in KINDS]
    # One rule for each alignment, for headings and cells alike, whatever the page's direction:
    # quantities on the right (where their units digit stands), the rest at the line's start.
    css = open(finders.find("registry/css/reports.css"), encoding="utf-8").read()
    assert "th.align-number, td.align-number { text-align: right; }" in css
    assert "th.align-text, td.align-text { text-align: start; }" in css


def test_every_table_of_every_report_aligns_each_figure_with_its_heading(supervisor_client, mining_products):
    populate(2)
    for slug in SLUGS:
        for heads, rows in cell_classes(supervisor_client.get(f"/reports/{slug}/").content.decode()):
            assert heads and all(row == heads for row in rows if len(row) == len(heads)), slug
    for heads, rows in cell_classes(supervisor_client.get("/reports/").content.decode()):
        assert heads and all(row == heads for row in rows), "dashboard"


# -- order -------------------------------------------------------------------------------------

COUNTIES_FA = ["بانه", "بیجار", "دهگلان", "دیواندره", "سروآباد", "سقز", "سنندج", "قروه", "کامیاران", "مریوان"]
COUNTIES_EN = ["Baneh", "Bijar", "Dehgolan", "Divandarreh", "Kamyaran", "Marivan", "Qorveh", "Sanandaj", "Saqqez",
               "Sarvabad"]


@pytest.mark.parametrize(("language", "counties", "first_sectors"), [
    ("fa", COUNTIES_FA, ["سایر", "شیمیایی", "صنایع غذایی", "قطعات خودرو", "لوازم خانگی"]),
    ("en", COUNTIES_EN, ["Auto parts", "Chemicals", "Construction materials", "Food", "Home appliances"]),
])
def test_counties_and_sectors_are_in_the_alphabetical_order_of_the_page_s_language(
        supervisor_client, mining_products, language, counties, first_sectors):
    # A product in every sector, so that each has a row (a sector without products has none).
    for sector in Sector.objects.all():
        f.make_product(sector=sector.code)
    supervisor_client.cookies["django_language"] = language
    html = supervisor_client.get("/reports/transparency/").content.decode()
    select = re.search(r'<select name="county".*?</select>', html, re.S).group()
    assert re.findall(r'<option value="[a-z]+">([^<]+)</option>', select) == counties
    data = supervisor_client.get("/reports/transparency/", {"format": "json"}).json()
    assert [row["name"] for row in data["rows"] if row["table"] == "by_county"] == counties
    assert [row["name"] for row in data["rows"] if row["table"] == "by_sector"][:5] == first_sectors
    # The chart draws its bars in the table's order.
    chart = re.search(r'<svg class="report-chart".*?</svg>', html, re.S).group()
    drawn = re.findall(r">([^<>]+)</text>", chart)
    positions = [drawn.index(name) for name in [row["name"] for row in data["rows"] if row["table"] == "by_sector"]]
    assert positions == sorted(positions)


def test_the_admin_filters_list_counties_in_persian_order(supervisor_client):
    response = supervisor_client.get("/admin/registry/producer/")
    [county] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", "") == "county"]
    assert [name for _pk, name in county.lookup_choices] == COUNTIES_FA


def test_minerals_and_offices_are_listed_in_persian_order(supervisor_client):
    data = supervisor_client.get("/reports/mining/", {"format": "json"}).json()
    assert [row["name"] for row in data["rows"] if row["table"] == "by_mineral"] == [
        "تراورتن", "خاک صنعتی", "سنگ آهک", "سنگ آهن", "سنگ تزئینی", "سنگ گچ", "شن و ماسه", "طلا", "گرانیت",
        "لاشه سنگ"]
    data = supervisor_client.get("/reports/employment/", {"format": "json"}).json()
    # No jobs at all: every office shares rank none, in alphabetical order.
    assert [row["name"] for row in data["rows"]] == [
        "اداره کل صنعت، معدن و تجارت", "تعاون، کار و رفاه اجتماعی", "جهاد کشاورزی", "راه و شهرسازی",
        "میراث فرهنگی و گردشگری"]


# -- nothing to count --------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_a_report_with_nothing_to_count_says_so_instead_of_drawing_empty_charts(supervisor_client, slug):
    if slug == "industrial-space":  # the province's population is always counted: its chart says so alone
        html = supervisor_client.get(f"/reports/{slug}/").content.decode()
        assert '<p class="chart-empty">' in html and "<svg class" not in html
        return
    html = supervisor_client.get(f"/reports/{slug}/").content.decode()
    assert f'<p class="report-empty">{BY_SLUG[slug].empty}</p>' in html
    assert 'class="report-chart"' not in html
    # The sentence stands alone: no table of zeros or of dashes under it.
    assert '<section class="report-table">' not in html


def test_a_filter_with_nothing_to_count_says_so_without_tables_of_zeros(supervisor_client, mining_products):
    html = supervisor_client.get("/reports/transparency/", {"county": "sanandaj", "as_of": "1390/01/01"}).content.decode()
    # Declared, not registered: ثبت would read as the goods ID's registration.
    assert '<p class="report-empty">با این فیلترها هیچ کالایی اعلام نشده است.</p>' in html
    assert '<section class="report-table">' not in html and 'class="report-chart"' not in html
    # Something to count: the tables are back.
    html = supervisor_client.get("/reports/transparency/", {"county": "sanandaj"}).content.decode()
    assert html.count('<section class="report-table">') == 3 and 'class="report-empty"' not in html


def test_a_chart_without_figures_is_a_sentence_while_the_report_s_other_charts_draw(
        supervisor_client, mining_products):
    f.make_mine(status=Mine.Status.ACTIVE)
    html = supervisor_client.get("/reports/mining/", {"county": "baneh"}).content.decode()
    assert "هیچ معدنی با این فیلترها ثبت نشده است." in html and "report-chart" not in html
    # Products, but none declared by the end of 1390 or the year before: the series says so.
    html = supervisor_client.get("/reports/transparency/", {"year": "1390"}).content.decode()
    assert html.count('<svg class="report-chart"') == 2
    assert ('<p class="chart-empty">شفافیت ماه به ماه (٪)، سال در برابر سال پیش: با این فیلترها چیزی برای نمایش '
            'نیست.</p>') in html


def test_the_dashboard_says_what_it_has_nothing_to_count_for(supervisor_client, db):
    html = supervisor_client.get("/reports/").content.decode()
    assert html.count('<p class="report-empty">') == 9  # all but licences, whose zeros are its findings


# -- print -------------------------------------------------------------------------------------


def test_the_letterhead_says_every_year_is_counted_when_no_year_is_asked_for(supervisor_client, db):
    html = supervisor_client.get("/reports/auctions/").content.decode()
    assert "<span>سال: <strong>همه سال‌ها</strong></span>" in html
    html = supervisor_client.get("/reports/auctions/", {"year": "1403"}).content.decode()
    assert "<span>سال: <strong>۱۴۰۳</strong></span>" in html
    rows = list(csv.reader(io.StringIO(
        supervisor_client.get("/reports/shipments/", {"format": "csv"}).content.decode("utf-8-sig"))))
    assert ["سال", "همه سال‌ها"] in rows


def test_a_report_and_the_dashboard_carry_a_letterhead_and_a_print_button(supervisor_client, mining_products):
    for url in ("/reports/", "/reports/transparency/?county=sanandaj"):
        html = supervisor_client.get(url).content.decode()
        assert "اداره کل صنعت، معدن و تجارت استان کردستان" in html
        assert '<button type="button" class="button print-button" data-print>چاپ</button>' in html
        assert re.search(r'<time class="printed-at" datetime="[^"]+">14\d\d/\d\d/\d\d \d\d:\d\d</time>',
                         digits_to_ascii(html))
        assert "registry/js/reports.js" in html
    assert "<strong>سنندج</strong>" in html  # the filters, under the title


def test_the_print_stylesheet_numbers_pages_in_the_page_s_language_and_repeats_table_headings():
    from django.contrib.staticfiles import finders

    css = open(finders.find("registry/css/reports.css"), encoding="utf-8").read()
    printed = css[css.index("@media print"):]
    assert '"صفحه " counter(page, persian) " از " counter(pages, persian)' in printed
    assert '"Page " counter(page) " of " counter(pages)' in printed
    assert "thead { display: table-header-group; }" in printed
    js = open(finders.find("registry/js/reports.js"), encoding="utf-8").read()
    assert "window.print()" in js


# -- landing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "landing"), [
    ("supervisor", "/reports/"), ("clerk", "/worklist/"), ("administrator", "/admin/")])
def test_each_role_lands_on_its_page_after_login_and_from_the_site_header(client, request, who, landing):
    user = request.getfixturevalue(who)
    login = client.get("/admin/login/")
    assert 'name="next" value="/"' in login.content.decode()
    response = client.post("/admin/login/", {"username": user.username, "password": "a-long-test-password",
                                             "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == landing
    page = client.get(landing).content.decode()
    assert '<div id="site-name"><a href="/">' in page
    assert client.get("/")["Location"] == landing
    # Logged in, the login page leads there too; a page asked for is kept.
    assert client.get("/admin/login/")["Location"] == landing
    assert 'name="next" value="/reports/mining/"' in Client().get("/admin/login/?next=/reports/mining/").content.decode()


def test_the_root_sends_anonymous_users_to_the_login(client, db):
    assert client.get("/")["Location"] == "/admin/login/"


@pytest.mark.parametrize(("language", "expected"), [
    ("fa", ["۱٬۲۳۴", "۲۰٫۵٪", "۰٫۷۹", "۱٬۲۶۶٬۰۰۰", "۱٬۲۵۰٫۵", "۱۲٫۵"]),
    ("en", ["1,234", "20.5%", "0.79", "1,266,000", "1,250.5", "12.5"]),
])
def test_each_quantity_reads_in_the_page_s_digits_an_area_without_decimals_it_does_not_have(language, expected):
    from django.utils import translation

    from registry.reports.catalogue import Column
    from registry.templatetags.reports import cell_html

    values = [("int", 1234), ("percent", Decimal("20.5")), ("decimal2", Decimal("0.79")),
              ("area", Decimal("1266000.00")), ("area", Decimal("1250.50")), ("tonnes", Decimal("12.500"))]
    with translation.override(language):
        shown = [cell_html(Column(kind, kind, kind), language == "fa")(value) for kind, value in values]
    assert shown == expected
