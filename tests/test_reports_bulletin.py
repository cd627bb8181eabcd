"""The director general's monthly bulletin (/reports/bulletin/): every figure is the total its
report gives as of each of the three days (the month's last day, the previous month's, the same
month's a year before), on hand-built data dated around those days; the default month, the turn of
the year and a leap Esfand; the JSON; the links; its fixed number of queries."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest

from registry import jalali
from registry.models import Auction, Licence, Producer, Shipment
from tests import factories as f
from tests.querycount import count_queries
from tests.test_reports_links import follow_every_link, linked
from tests.test_reports_views import populate

pytestmark = pytest.mark.django_db

D = datetime.date
# Today, for every test here: 1404/09/10, so that Aban 1404 is the last finished month.
TODAY = D(2025, 12, 1)

# The figures of the JSON and the report totals they are (the contract of spec section 8).
REPORT_TOTALS = {
    "transparency_percent": ("transparency", "percent"),
    "products": ("transparency", "products"),
    "registered": ("transparency", "registered"),
    "obligations_overdue": ("obligations", "overdue"),
    "items_registered": ("obligations", "items_registered"),
    "smuggling_produced_locally": ("smuggling", "produced_locally"),
    "mines_reactivated": ("auctions", "reactivated"),
    "raw_exports": ("shipments", "raw_exports"),
    "export_tonnes": ("shipments", "export_tonnes"),
    "self_jobs": ("employment", "self_jobs"),
    "self_rank": ("employment", "self_rank"),
    "handed_over": ("handovers", "handed_over"),
    "licences_expiring": ("licences", "expiring"),
    "unlicensed_active": ("licences", "unlicensed_active"),
}


@pytest.fixture(autouse=True)
def today():
    with mock.patch("registry.jalali.today", return_value=TODAY):
        yield


def bulletin(client, **params):
    response = client.get("/reports/bulletin/", {**params, "format": "json"})
    assert response.status_code == 200, response.content
    return response.json()


def report_totals(client, slug, day):
    """A report's totals as of `day`, as a supervisor asks for them (jobs: of the day's Jalali year)."""
    params = {"as_of": day.isoformat(), "format": "json"}
    if slug == "employment":
        params["year"] = jalali.jalali_year(day)
    response = client.get(f"/reports/{slug}/", params)
    assert response.status_code == 200, response.content
    return response.json()["totals"]


def assert_each_figure_is_its_report_s_total(client, data, days):
    """Every figure at each day equals its report's total as of that day."""
    for when, day in days.items():
        reports = {slug: report_totals(client, slug, day) for slug, _key in REPORT_TOTALS.values()}
        for name, (slug, key) in REPORT_TOTALS.items():
            assert data["figures"][name][when] == reports[slug][key], (name, when, day)


@pytest.fixture
def aban_1404(db):
    """Records dated around the bulletin of Aban 1404: its last day 1404/08/30 (2025-11-21), the
    previous month's 1404/07/30 (2025-10-22) and a year before 1403/08/30 (2024-11-20)."""
    a = f.make_producer(county="sanandaj")
    b = f.make_producer(county="baneh")
    c = f.make_producer(county="sanandaj", sector="food")
    # Products (home appliances unless said): declared, registered.
    p1 = f.make_product(a, status="registered", declared_on=D(2024, 10, 1), registered_on=D(2024, 11, 1))
    f.make_product(a, status="registered", declared_on=D(2024, 11, 25), registered_on=D(2025, 10, 1))
    f.make_product(b, status="registered", declared_on=D(2025, 10, 10), registered_on=D(2025, 11, 10))
    f.make_product(b, declared_on=D(2025, 11, 15))
    f.make_product(a, declared_on=D(2025, 11, 25))  # after the month
    item_1403, item_1404 = f.make_smuggling_item(list_year=1403), f.make_smuggling_item(list_year=1404)
    f.make_product(b, sector="auto_parts", smuggling_item=item_1403, declared_on=D(2025, 1, 1))
    f.make_product(a, sector="auto_parts", smuggling_item=item_1404, declared_on=D(2025, 11, 1))
    f.make_smuggling_item(list_year=1404)  # produced nowhere
    # A met in home appliances all along; B open on 1404/07/30, overdue by 1404/08/30.
    f.make_obligation(a, notified_on=D(2024, 6, 1), deadline=D(2024, 10, 15))
    f.make_obligation(b, notified_on=D(2025, 9, 1), deadline=D(2025, 11, 1))
    # Contracts signed before a year before, in Aban 1404, and none yet.
    auction = f.make_auction(status=Auction.Status.AWARDED, announced_on=D(2024, 9, 1), bid_deadline=D(2024, 10, 1),
                             opening_on=D(2024, 10, 5))
    for contract in (D(2024, 11, 1), D(2025, 11, 5), None):
        lot = f.make_lot(auction)
        lot.winning_bid = f.make_bid(lot, submitted_on=D(2024, 9, 15))
        lot.contract_signed_on = contract
        lot.save()
    # Exports of 1403 (10 t), 1404 before Mehr's end (20 t), in Aban (30 t), after it (5 t).
    for day, tonnes in ((D(2024, 10, 1), 10), (D(2025, 4, 1), 20), (D(2025, 11, 1), 30), (D(2025, 11, 25), 5)):
        f.make_shipment(shipped_on=day, quantity_tonnes=tonnes, stage=Shipment.Stage.PROCESSED,
                        destination=Shipment.Destination.EXPORT, destination_country="IQ", goods_id=p1.goods_id)
    f.make_shipment(shipped_on=D(2025, 5, 1), stage=Shipment.Stage.RAW)
    # Jobs: this directorate 100 in Aban 1403, 200 in Mehr and 50 in Aban 1404; agriculture 220
    # in Shahrivar 1404 and 500 in Azar 1403.
    for office, year, month, jobs in (("imt", 1403, 8, 100), ("imt", 1404, 7, 200), ("imt", 1404, 8, 50),
                                      ("agri", 1404, 6, 220), ("agri", 1403, 9, 500)):
        f.make_employment(office=office, year=year, month=month, jobs=jobs)
    f.make_handover(identified_on=D(2024, 10, 1), notified_on=D(2024, 11, 1), relocated_on=D(2025, 1, 1),
                    handed_over_on=D(2025, 11, 10))
    f.make_handover(identified_on=D(2024, 11, 1), notified_on=D(2025, 1, 1), relocated_on=D(2025, 3, 1),
                    handed_over_on=D(2025, 6, 1))
    # Operating licences: A's to 2025-12-15; B's only to 2025-02-01; C's from 2025-11-01.
    f.make_licence(a, issued_on=D(2020, 1, 1), expires_on=D(2025, 12, 15))
    f.make_licence(b, issued_on=D(2024, 1, 1), expires_on=D(2025, 2, 1))
    f.make_licence(c, issued_on=D(2025, 11, 1), expires_on=D(2026, 2, 10))
    f.make_licence(c, kind=Licence.Kind.ESTABLISHMENT, issued_on=D(2019, 1, 1), expires_on=D(2030, 1, 1))


def test_the_bulletin_of_a_month_gives_each_figure_at_its_end_a_month_before_and_a_year_before(
        supervisor_client, aban_1404):
    data = bulletin(supervisor_client, year="1404", month="8")
    assert data["report"] == "bulletin"
    assert data["period"] == {"year": 1404, "month": 8, "end": "1404/08/30"}
    figures = {name: (values["value"], values["previous_month"], values["same_month_last_year"])
               for name, values in data["figures"].items()}
    assert figures == {
        "transparency_percent": (50.0, 50.0, 100.0),
        "products": (6, 4, 1),
        "registered": (3, 2, 1),
        "obligations_overdue": (1, 0, 0),
        "items_registered": (3, 2, 1),
        "smuggling_produced_locally": (2, 1, 0),
        "mines_reactivated": (2, 1, 1),
        "raw_exports": (0, 0, 0),
        "export_tonnes": (50.0, 20.0, 10.0),
        "self_jobs": (250, 200, 100),
        "self_rank": (1, 2, 1),
        "handed_over": (2, 1, 0),
        "licences_expiring": (2, 1, 1),
        "unlicensed_active": (1, 2, 1),
    }


def test_every_figure_equals_its_report_s_total_as_of_each_of_the_three_days(supervisor_client, aban_1404):
    data = bulletin(supervisor_client, year="1404", month="8")
    assert_each_figure_is_its_report_s_total(supervisor_client, data, {
        "value": D(2025, 11, 21), "previous_month": D(2025, 10, 22), "same_month_last_year": D(2024, 11, 20)})


def test_the_json_names_every_figure_at_the_three_days(supervisor_client, db):
    data = bulletin(supervisor_client)
    assert set(data) == {"report", "period", "figures"}
    assert set(data["period"]) == {"year", "month", "end"}
    assert set(data["figures"]) == set(REPORT_TOTALS)
    assert all(set(values) == {"value", "previous_month", "same_month_last_year"}
               for values in data["figures"].values())


@pytest.mark.parametrize(("today", "period"), [
    (D(2025, 12, 1), {"year": 1404, "month": 8, "end": "1404/08/30"}),  # 1404/09/10
    (D(2025, 11, 22), {"year": 1404, "month": 8, "end": "1404/08/30"}),  # 1404/09/01
    (D(2025, 11, 21), {"year": 1404, "month": 7, "end": "1404/07/30"}),  # 1404/08/30: Aban not over yet
    (D(2025, 4, 5), {"year": 1403, "month": 12, "end": "1403/12/30"}),  # 1404/01/16: a leap Esfand before
    (D(2026, 3, 25), {"year": 1404, "month": 12, "end": "1404/12/29"}),  # 1405/01/05
])
def test_by_default_the_bulletin_is_of_the_last_finished_month(supervisor_client, db, today, period):
    with mock.patch("registry.jalali.today", return_value=today):
        assert bulletin(supervisor_client)["period"] == period


@pytest.fixture
def year_turn(db):
    """Exports and jobs on both sides of 1404/01/01 (2025-03-21), after the leap Esfand of 1403."""
    goods = f.make_product(status="registered", declared_on=D(2024, 1, 1)).goods_id
    for day, tonnes in ((D(2024, 4, 10), 3), (D(2025, 3, 10), 7), (D(2025, 3, 20), 4), (D(2025, 3, 21), 20),
                        (D(2025, 4, 21), 9)):
        f.make_shipment(shipped_on=day, quantity_tonnes=tonnes, stage=Shipment.Stage.PROCESSED,
                        destination=Shipment.Destination.EXPORT, destination_country="IQ", goods_id=goods)
    for year, month, jobs in ((1403, 1, 30), (1403, 12, 70), (1404, 1, 40), (1404, 2, 15)):
        f.make_employment(year=year, month=month, jobs=jobs)
    f.make_employment(office="agri", year=1403, month=1, jobs=31)
    f.make_product(declared_on=D(2025, 3, 20))
    f.make_product(declared_on=D(2025, 3, 21))


def test_farvardin_is_compared_with_the_esfand_before_and_counts_the_new_year_from_its_start(
        supervisor_client, year_turn):
    data = bulletin(supervisor_client, year="۱۴۰۴", month="1")
    assert data["period"] == {"year": 1404, "month": 1, "end": "1404/01/31"}
    figures = data["figures"]
    # Esfand 1403 has 30 days: up to 1403/12/30 (2025-03-20) the year's exports were 3 + 7 + 4
    # tonnes; Farvardin 1404 starts the count again.
    assert figures["export_tonnes"] == {"value": 20.0, "previous_month": 14.0, "same_month_last_year": 3.0}
    assert figures["self_jobs"] == {"value": 40, "previous_month": 100, "same_month_last_year": 30}
    assert figures["self_rank"] == {"value": 1, "previous_month": 1, "same_month_last_year": 2}
    assert figures["products"] == {"value": 3, "previous_month": 2, "same_month_last_year": 1}
    assert_each_figure_is_its_report_s_total(supervisor_client, data, {
        "value": D(2025, 4, 20), "previous_month": D(2025, 3, 20), "same_month_last_year": D(2024, 4, 19)})


def test_a_leap_esfand_ends_on_its_30th_and_a_common_one_on_its_29th(supervisor_client, year_turn):
    data = bulletin(supervisor_client, year="1403", month="12")
    assert data["period"] == {"year": 1403, "month": 12, "end": "1403/12/30"}
    assert data["figures"]["export_tonnes"] == {"value": 14.0, "previous_month": 3.0, "same_month_last_year": 0.0}
    assert_each_figure_is_its_report_s_total(supervisor_client, data, {
        "value": D(2025, 3, 20), "previous_month": D(2025, 2, 18), "same_month_last_year": D(2024, 3, 19)})
    with mock.patch("registry.jalali.today", return_value=D(2026, 4, 1)):
        assert bulletin(supervisor_client, year="1404", month="12")["period"]["end"] == "1404/12/29"


@pytest.mark.parametrize("params", [{"year": "1404", "month": "9"}, {"year": "1405", "month": "1"},
                                    {"year": "1404", "month": "13"}, {"year": "99", "month": "1"}])
def test_a_month_not_finished_or_impossible_is_refused_with_the_reason(supervisor_client, params):
    response = supervisor_client.get("/reports/bulletin/", {**params, "format": "json"})
    assert response.status_code == 400
    assert response.json()["errors"]
    page = supervisor_client.get("/reports/bulletin/", params)
    assert page.status_code == 400
    if params["month"] == "9":
        assert "گزارش ماهانه برای ماهی است که تمام شده باشد: آذر ۱۴۰۴ در ۱۴۰۴/۰۹/۳۰ تمام می‌شود." in page.content.decode()


def test_only_the_page_and_json_are_offered(supervisor_client):
    assert supervisor_client.get("/reports/bulletin/", {"format": "csv"}).status_code == 400


# -- the page ----------------------------------------------------------------------------------


def test_the_page_shows_each_figure_at_the_three_days_with_how_far_it_moved(supervisor_client, aban_1404):
    html = supervisor_client.get("/reports/bulletin/").content.decode()
    assert "گزارش ماهانه مدیرکل: آبان ۱۴۰۴" in html
    assert "اداره کل صنعت، معدن و تجارت استان کردستان" in html
    assert '<button type="button" class="button print-button" data-print>چاپ</button>' in html
    assert "تا تاریخ ۱۴۰۴/۰۸/۳۰" in html and "۱۴۰۴/۰۷/۳۰" in html and "۱۴۰۳/۰۸/۳۰" in html
    # Jobs of this directorate: 250, against 200 (+50) and 100 (+150); its rank 1 against 2 (−1).
    assert '<span class="ltr">+۵۰</span>' in html and '<span class="ltr">+۱۵۰</span>' in html
    assert '<span class="ltr">\u2212۱</span>' in html
    # Transparency, 50.0 % against 50.0 % and 100.0 %: it moved by percentage points, not by a percent.
    assert html.count('<span class="ltr">۰٫۰</span> واحد درصد</td>') == 1
    assert html.count('<span class="ltr">\u2212۵۰٫۰</span> واحد درصد</td>') == 1
    # The transparency series, and the details from the second printed page.
    assert html.count('<svg class="report-chart"') == 1
    assert '<div class="bulletin-details">' in html


def test_each_figure_leads_to_the_records_it_counts_at_its_day(supervisor_client, aban_1404):
    figures = follow_every_link(supervisor_client, "/reports/bulletin/")
    products = "/admin/registry/product/"
    assert [linked(figures, products, as_of=day) for day in ("2025-11-21", "2025-10-22", "2024-11-20")] == [6, 4, 1]
    assert linked(figures, "/admin/registry/producer/", as_of="2025-11-21", obligation_state="overdue") == 1
    assert linked(figures, "/admin/registry/lot/", as_of="2025-11-21", outcome="reactivated") == 2
    assert linked(figures, "/admin/registry/lot/", as_of="2025-11-21", outcome="reactivated", signed_in="1404-08") == 1
    assert linked(figures, "/admin/registry/employmentrecord/", year="1404", as_of="2025-10-22",
                  office__is_self__exact="1") == 200
    assert linked(figures, "/admin/registry/handover/", as_of="2025-10-22", stage="handed_over") == 1
    assert linked(figures, "/admin/registry/licence/", as_of="2025-11-21", expiring_within="90",
                  kind__exact="operating") == 2
    # Tonnes exported since the year began lead to the exports they sum: 30 + 20 by 1404/08/30,
    # 20 by 1404/07/30, and 10 by 1403/08/30 (of 1403).
    assert [linked(figures.tonnes, "/admin/registry/shipment/", shipped_on__jalali_year=year, as_of=day,
                   destination__exact="export")
            for year, day in (("1404", "2025-11-21"), ("1404", "2025-10-22"), ("1403", "2024-11-20"))] == [50, 20, 10]
    # The counties furthest from the target: Baneh (1 of 3 registered) before Sanandaj (2 of 3).
    assert linked(figures, products, producer__county__id__exact=f.county("baneh").pk, as_of="2025-11-21",
                  registered="yes") == 1


def test_a_figure_without_a_list_of_records_leads_to_its_report_at_its_day(supervisor_client, aban_1404):
    html = supervisor_client.get("/reports/bulletin/").content.decode()
    assert '<a href="/reports/transparency/?year=1404&amp;as_of=2025-11-21">۵۰٫۰٪</a>' in html
    assert '<a href="/reports/employment/?year=1403&amp;as_of=2024-11-20">۱</a>' in html
    # Tonnes lead to the shipments they sum (test_each_figure_leads_to_the_records_it_counts_at_its_day).
    assert '<a href="/reports/shipments/?year=1404&amp;as_of=2025-10-22">' not in html


def test_the_month_in_detail(supervisor_client, aban_1404):
    page = supervisor_client.get("/reports/bulletin/")
    month = page.context["bulletin"]
    # By 1404/08/30: Baneh 1 of 3 products registered, Sanandaj 2 of 3; no other county has any.
    assert [(row["code"], row["percent"]) for row in month.counties()] == [
        ("baneh", Decimal("33.3")), ("sanandaj", Decimal("66.7"))]
    assert [row["national_id"] for row in month.overdue()] == [Producer.objects.get(county__code="baneh").national_id]
    assert [(row["signed_on"], row["county"]) for row in month.mines] == [(D(2025, 11, 5), "سنندج")]
    assert [(row["code"], row["jobs"], row["rank"]) for row in month.employment.tables["by_office"]][:2] == [
        ("imt", 250, 1), ("agri", 220, 2)]
    html = page.content.decode()
    assert "معدن با قرارداد امضاشده در این ماه دوباره فعال شد" in html
    assert "اشتغال ۱۴۰۴ تا پایان آبان، به تفکیک دستگاه" in html


def test_with_nothing_recorded_each_part_says_so(supervisor_client, db):
    html = supervisor_client.get("/reports/bulletin/").content.decode()
    assert html.count('<p class="report-empty">') == 4
    assert '<p class="chart-empty">' in html


def test_under_english_the_bulletin_is_english_with_latin_digits(supervisor_client, aban_1404):
    supervisor_client.cookies["django_language"] = "en"
    html = supervisor_client.get("/reports/bulletin/").content.decode()
    assert "The director general&#x27;s monthly bulletin: Aban 1404" in html
    assert "as of 1404/08/30" in html and "۱" not in html.split('<div id="content"')[1]
    assert html.count('<span class="ltr">0.0</span> pts</td>') == 1
    assert html.count('<span class="ltr">\u221250.0</span> pts</td>') == 1


def test_the_dashboard_leads_to_the_last_month_s_bulletin(supervisor_client, db):
    html = supervisor_client.get("/reports/").content.decode()
    assert '<a class="button" href="/reports/bulletin/">گزارش ماهانه مدیرکل: آبان ۱۴۰۴</a>' in html


@pytest.mark.parametrize("who", ["clerk_client", "supervisor_client"])
def test_clerks_and_supervisors_read_it(request, who, db):
    assert request.getfixturevalue(who).get("/reports/bulletin/").status_code == 200


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    assert client.get("/reports/bulletin/")["Location"].startswith("/admin/login/")


# Session, user and the user's permissions (4); transparency as of the month's end, with its series
# that gives the two other days (3: the product counts, sectors, counties); obligations, shipments
# and jobs, 1 each for the three days; at each of the three days, smuggling 1, auctions 2,
# handovers 1 and licences 2; the mines of the month 1. The JSON runs the same.
QUERIES = 4 + 3 + 1 + 1 + 1 + 3 * (1 + 2 + 1 + 2) + 1


@pytest.mark.parametrize("output", ["html", "json"])
def test_the_bulletin_runs_the_same_number_of_queries_for_1_and_for_12_records(supervisor_client, output):
    url = "/reports/bulletin/" + ("?format=json" if output == "json" else "")
    populate(1)
    small = count_queries(supervisor_client, url)
    populate(11)
    assert count_queries(supervisor_client, url) == small == QUERIES

