"""Every report's totals, read from its JSON on small hand-built data, with each of its filters."""

import datetime
import re
from unittest import mock

import pytest

from registry import jalali, services
from registry.models import Auction, Licence, Mine, Shipment
from tests import factories as f

D = datetime.date


def report(client, slug, **params):
    response = client.get(f"/reports/{slug}/", {**params, "format": "json"})
    assert response.status_code == 200, response.content
    return response.json()


def totals(client, slug, **params):
    return report(client, slug, **params)["totals"]


def rows(data, table):
    return [row for row in data["rows"] if row["table"] == table]


# -- transparency ------------------------------------------------------------------------------


@pytest.fixture
def products(db):
    """Two home-appliance products in Sanandaj (one registered 2025-02-01), two mining products
    in Baneh registered in Farvardin and Ordibehesht 1404."""
    sanandaj = f.make_producer(county="sanandaj")
    baneh = f.make_producer(county="baneh", sector="mining")
    f.make_product(sanandaj, status="registered", declared_on=D(2025, 1, 1), registered_on=D(2025, 2, 1))
    f.make_product(sanandaj, declared_on=D(2025, 1, 1))
    f.make_product(baneh, sector="mining", status="registered", declared_on=D(2025, 3, 1), registered_on=D(2025, 4, 10))
    f.make_product(baneh, sector="mining", status="registered", declared_on=D(2025, 5, 1), registered_on=D(2025, 5, 20))


def test_transparency_counts_registered_products_against_the_100_percent_target(supervisor_client, products):
    assert totals(supervisor_client, "transparency") == {"products": 4, "registered": 3, "percent": 75.0, "target": 100}


def test_transparency_as_of_counts_products_declared_and_registered_by_that_day(supervisor_client, products):
    # By 1403/12/25 three products were declared and one registered.
    assert totals(supervisor_client, "transparency", as_of="1403/12/25") == {
        "products": 3, "registered": 1, "percent": 33.3, "target": 100}
    assert totals(supervisor_client, "transparency", as_of="2025-03-15")["percent"] == 33.3


def test_transparency_filters_by_producer_county_and_product_sector(supervisor_client, products):
    assert totals(supervisor_client, "transparency", county="baneh")["percent"] == 100.0
    assert totals(supervisor_client, "transparency", sector="home_appliances") == {
        "products": 2, "registered": 1, "percent": 50.0, "target": 100}
    assert totals(supervisor_client, "transparency", county="baneh", sector="home_appliances")["percent"] is None


def test_transparency_rows_by_sector_and_county(supervisor_client, products):
    data = report(supervisor_client, "transparency")
    by_sector = {row["code"]: (row["products"], row["registered"], row["percent"]) for row in rows(data, "by_sector")}
    # Only the sectors with products: a sector without any (food, other…) has no share to show,
    # while a county without any (Saqqez) is kept, its percentage none.
    assert by_sector == {"home_appliances": (2, 1, 50.0), "mining": (2, 2, 100.0)}
    by_county = {row["code"]: row["percent"] for row in rows(data, "by_county")}
    assert (by_county["sanandaj"], by_county["baneh"], by_county["saqqez"]) == (50.0, 100.0, None)


def test_a_sector_without_products_under_the_filters_is_left_out_of_the_table_and_the_chart(
        supervisor_client, products):
    # Baneh's two products are both of mining: home appliances has none there.
    data = report(supervisor_client, "transparency", county="baneh")
    assert [(row["code"], row["products"]) for row in rows(data, "by_sector")] == [("mining", 2)]
    html = supervisor_client.get("/reports/transparency/", {"county": "baneh"}).content.decode()
    chart = re.search(r'<svg class="report-chart".*?</svg>', html, re.S).group()
    assert re.findall(r">([^<>]+)</text>", chart) == ["شفافیت به تفکیک حوزه (٪)", "معدن", "۱۰۰٫۰٪", "هدف ۱۰۰٪"]
    assert "سایر" not in html.split('<section class="report-table">')[1]


def test_transparency_month_by_month_series_of_the_year_and_the_year_before(supervisor_client, products):
    """Each Jalali month's end, up to today for the current year (today: 1404/03/15)."""
    with mock.patch("registry.jalali.today", return_value=D(2025, 6, 5)):
        data = report(supervisor_client, "transparency")
    assert data["filters"]["year"] == 1404
    series = {(row["year"], row["month"]): (row["products"], row["registered"], row["percent"])
              for row in rows(data, "by_month")}
    assert len(series) == 12 + 3
    assert series[(1403, 9)] == (0, 0, None)
    assert series[(1403, 10)] == (2, 0, 0.0)
    assert series[(1403, 11)] == (2, 1, 50.0)
    assert series[(1403, 12)] == (3, 1, 33.3)
    assert series[(1404, 1)] == (3, 2, 66.7)
    assert series[(1404, 2)] == (4, 3, 75.0)
    assert series[(1404, 3)] == (4, 3, 75.0)


def test_transparency_series_of_a_past_year_has_all_its_months(supervisor_client, products):
    data = report(supervisor_client, "transparency", year="۱۴۰۳")
    months = [(row["year"], row["month"]) for row in rows(data, "by_month")]
    assert months == [(1402, m) for m in range(1, 13)] + [(1403, m) for m in range(1, 13)]
    assert rows(data, "by_month")[-1]["percent"] == 33.3


# -- obligations -------------------------------------------------------------------------------


@pytest.fixture
def obligations(db):
    """Four obliged units; products declared 2025-01-01 and registered 2025-01-31."""
    march, december = D(2025, 3, 1), D(2025, 12, 31)
    u1 = f.make_producer(name="الف")
    f.make_obligation(u1, deadline=march)
    f.make_product(u1, status="registered")
    f.make_product(u1, sector="food", status="registered")  # not in an obliged sector
    u2 = f.make_producer(name="ب", county="baneh")
    f.make_obligation(u2, deadline=march)
    f.make_product(u2)
    u3 = f.make_producer(name="پ")
    f.make_obligation(u3, deadline=december)
    f.make_obligation(u3, sector="auto_parts", deadline=march)
    f.make_product(u3, sector="auto_parts", status="registered")
    u4 = f.make_producer(name="ت")
    f.make_obligation(u4, deadline=march)
    f.make_obligation(u4, sector="auto_parts", deadline=march)
    f.make_product(u4, status="registered")
    f.make_product(u4, sector="auto_parts")
    f.make_product(f.make_producer(), status="registered")  # a producer without obligation


def test_obligations_count_units_by_their_worst_obligation(supervisor_client, obligations):
    assert totals(supervisor_client, "obligations", as_of="1404/03/11") == {
        "obligated_units": 4, "met": 1, "open": 1, "overdue": 2, "items_registered": 3}


def test_obligations_as_of_an_earlier_day(supervisor_client, obligations):
    assert totals(supervisor_client, "obligations", as_of="2025-02-15") == {
        "obligated_units": 4, "met": 1, "open": 3, "overdue": 0, "items_registered": 3}
    assert totals(supervisor_client, "obligations", as_of="2025-01-15") == {
        "obligated_units": 4, "met": 0, "open": 4, "overdue": 0, "items_registered": 0}


def test_obligations_filter_by_the_obligations_sector_and_the_producers_county(supervisor_client, obligations):
    assert totals(supervisor_client, "obligations", as_of="2025-06-01", sector="auto_parts") == {
        "obligated_units": 2, "met": 1, "open": 0, "overdue": 1, "items_registered": 1}
    assert totals(supervisor_client, "obligations", as_of="2025-06-01", county="baneh") == {
        "obligated_units": 1, "met": 0, "open": 0, "overdue": 1, "items_registered": 0}


def test_obligations_list_overdue_units_first(supervisor_client, obligations):
    units = rows(report(supervisor_client, "obligations", as_of="2025-06-01"), "units")
    assert [(row["name"], row["state"]) for row in units] == [
        ("ب", "overdue"), ("ت", "overdue"), ("پ", "open"), ("الف", "met")]
    assert [row["items_registered"] for row in units] == [0, 1, 1, 1]


# -- smuggling ---------------------------------------------------------------------------------


@pytest.fixture
def smuggling(db):
    items = [f.make_smuggling_item() for _n in range(3)]
    appliance = f.make_smuggling_item(sector="home_appliances")
    sanandaj, baneh = f.make_producer(), f.make_producer(county="baneh")
    f.make_product(sanandaj, sector="auto_parts", smuggling_item=items[0], status="registered")
    f.make_product(baneh, sector="auto_parts", smuggling_item=items[1])
    f.make_product(baneh, smuggling_item=appliance, status="registered")


def test_smuggling_counts_listed_items_produced_locally_and_registered(supervisor_client, smuggling):
    data = report(supervisor_client, "smuggling")
    assert data["totals"] == {"items": 4, "produced_locally": 3, "registered_locally": 2}
    assert {row["code"]: (row["items"], row["produced_locally"], row["registered_locally"])
            for row in rows(data, "by_sector")} == {"auto_parts": (3, 2, 1), "home_appliances": (1, 1, 1)}
    assert len(rows(data, "local_items")) == 3


def test_smuggling_filters(supervisor_client, smuggling):
    assert totals(supervisor_client, "smuggling", sector="auto_parts") == {
        "items": 3, "produced_locally": 2, "registered_locally": 1}
    # The county narrows "produced locally", not the national list.
    assert totals(supervisor_client, "smuggling", county="baneh") == {
        "items": 4, "produced_locally": 2, "registered_locally": 1}
    assert totals(supervisor_client, "smuggling", as_of="2025-01-15") == {
        "items": 4, "produced_locally": 3, "registered_locally": 0}


def test_smuggling_as_of_counts_the_items_of_the_lists_up_to_that_day_s_year(supervisor_client, smuggling):
    """The fixture's items are of the 1403 list; one more of 1404, produced from 1404/01/12
    (2025-04-01) and registered on 1404/02/11 (2025-05-01)."""
    item = f.make_smuggling_item(list_year=1404)
    f.make_product(sector="auto_parts", smuggling_item=item, status="registered", declared_on=D(2025, 4, 1))
    assert totals(supervisor_client, "smuggling", as_of="1403/12/30") == {  # 2025-03-20, the last day of 1403
        "items": 4, "produced_locally": 3, "registered_locally": 2}
    assert totals(supervisor_client, "smuggling", as_of="1404/01/01") == {
        "items": 5, "produced_locally": 3, "registered_locally": 2}
    assert totals(supervisor_client, "smuggling", as_of="2025-04-30") == {
        "items": 5, "produced_locally": 4, "registered_locally": 2}
    assert totals(supervisor_client, "smuggling", as_of="2025-05-01") == {
        "items": 5, "produced_locally": 4, "registered_locally": 3}


# -- mining ------------------------------------------------------------------------------------


@pytest.fixture
def mines(db):
    f.make_mine(status=Mine.Status.ACTIVE, mineral="limestone")
    f.make_mine()
    f.make_mine()
    f.make_mine(status=Mine.Status.IN_AUCTION)
    f.make_mine(county="baneh", status=Mine.Status.REVOKED, mineral="gypsum")
    f.make_mine(county="baneh", mineral="limestone")


def test_mining_counts_mines_by_status_and_idle_rubble_stone_quarries(supervisor_client, mines):
    data = report(supervisor_client, "mining")
    assert data["totals"] == {"mines": 6, "active": 1, "idle": 3, "in_auction": 1, "revoked": 1, "idle_rubble_stone": 2}
    by_mineral = {row["code"]: (row["mines"], row["idle"]) for row in rows(data, "by_mineral")}
    assert by_mineral["rubble_stone"] == (3, 2) and by_mineral["limestone"] == (2, 1) and by_mineral["gold"] == (0, 0)
    assert {row["status"]: row["share"] for row in rows(data, "by_status")}["idle"] == 50.0


def test_mining_filters_by_county(supervisor_client, mines):
    assert totals(supervisor_client, "mining", county="baneh") == {
        "mines": 2, "active": 0, "idle": 1, "in_auction": 0, "revoked": 1, "idle_rubble_stone": 0}
    assert [row["code"] for row in rows(report(supervisor_client, "mining", county="baneh"), "by_county")] == ["baneh"]


# -- auctions ----------------------------------------------------------------------------------


@pytest.fixture
def auctions(db):
    awarded = f.make_auction(status=Auction.Status.AWARDED)  # announced 2025-01-01 (1403)
    signed, won, failed = (f.make_lot(awarded) for _n in range(3))
    for lot, amount, contract in ((signed, 1_500_000_000, D(2025, 3, 1)), (won, 1_300_000_000, None)):
        lot.winning_bid = f.make_bid(lot, amount_rials=amount)
        lot.contract_signed_on = contract
        lot.save()
    f.make_bid(failed, amount_rials=900_000_000)  # below the base price
    under_way = f.make_auction(status=Auction.Status.PUBLISHED, announced_on=D(2025, 4, 1),
                               bid_deadline=D(2025, 5, 1), opening_on=D(2025, 5, 2))
    f.make_lot(under_way, mine=f.make_mine(county="baneh"))
    f.make_auction(announced_on=D(2024, 5, 1), bid_deadline=D(2024, 6, 1), opening_on=D(2024, 6, 2))


def test_auctions_count_lots_awarded_failed_reactivated_and_revenue(supervisor_client, auctions):
    data = report(supervisor_client, "auctions")
    assert data["totals"] == {"auctions": 3, "lots": 4, "awarded": 2, "failed": 1, "reactivated": 1,
                              "revenue_rials": 2_800_000_000, "runner_up_awards": 0, "reoffered": 0, "max_attempts": 1}
    by_status = {row["status"]: (row["auctions"], row["lots"]) for row in rows(data, "by_status")}
    assert by_status == {"draft": (1, 0), "published": (1, 1), "closed": (0, 0), "awarded": (1, 3),
                         "failed": (0, 0), "cancelled": (0, 0)}


def test_auctions_as_of_count_the_auctions_announced_and_the_contracts_signed_by_then(supervisor_client, auctions):
    """Announced 2024-05-01 (a draft), 2025-01-01 (three lots: one signed 2025-03-01 for 1.5
    billion, one won unsigned, one failed) and 2025-04-01 (one lot); as of a day, the winning bids
    are those of the mines reactivated by then."""
    assert totals(supervisor_client, "auctions", as_of="2024-12-31") == {
        "auctions": 1, "lots": 0, "awarded": 0, "failed": 0, "reactivated": 0, "revenue_rials": 0,
        "runner_up_awards": 0, "reoffered": 0, "max_attempts": 0}
    assert totals(supervisor_client, "auctions", as_of="2025-02-28") == {
        "auctions": 2, "lots": 3, "awarded": 2, "failed": 1, "reactivated": 0, "revenue_rials": 0,
        "runner_up_awards": 0, "reoffered": 0, "max_attempts": 1}
    assert totals(supervisor_client, "auctions", as_of="1403/12/11") == {  # 2025-03-01
        "auctions": 2, "lots": 3, "awarded": 2, "failed": 1, "reactivated": 1, "revenue_rials": 1_500_000_000,
        "runner_up_awards": 0, "reoffered": 0, "max_attempts": 1}
    assert totals(supervisor_client, "auctions", as_of="2025-04-01") == {
        "auctions": 3, "lots": 4, "awarded": 2, "failed": 1, "reactivated": 1, "revenue_rials": 1_500_000_000,
        "runner_up_awards": 0, "reoffered": 0, "max_attempts": 1}
    listed = rows(report(supervisor_client, "auctions", as_of="2025-02-28"), "auctions")
    assert [(row["lots"], row["awarded"], row["reactivated"]) for row in listed] == [(3, 2, 0), (0, 0, 0)]
    # With a year too: the auctions of that year announced by the day.
    assert totals(supervisor_client, "auctions", year=1404, as_of="2025-04-01")["auctions"] == 1
    assert totals(supervisor_client, "auctions", year=1404, as_of="2025-03-31")["auctions"] == 0


def test_auctions_filter_by_the_lots_county_and_the_announcement_year(supervisor_client, auctions):
    assert totals(supervisor_client, "auctions", county="baneh") == {
        "auctions": 1, "lots": 1, "awarded": 0, "failed": 0, "reactivated": 0, "revenue_rials": 0,
        "runner_up_awards": 0, "reoffered": 0, "max_attempts": 1}
    assert totals(supervisor_client, "auctions", year=1403)["auctions"] == 2
    assert totals(supervisor_client, "auctions", year=1403)["lots"] == 3
    assert totals(supervisor_client, "auctions", year=1404)["lots"] == 1


# -- shipments ---------------------------------------------------------------------------------


@pytest.fixture
def shipments(db):
    goods = f.make_product(status="registered").goods_id
    f.make_shipment(stage=Shipment.Stage.RAW, quantity_tonnes=100, mine=f.make_mine())
    f.make_shipment(stage=Shipment.Stage.PROCESSED, quantity_tonnes="50.5", destination=Shipment.Destination.EXPORT,
                    destination_country="IQ", goods_id=goods, processor=f.make_producer(county="baneh"))
    f.make_shipment(quantity_tonnes="25.25", shipped_on=D(2024, 6, 1), mine=f.make_mine(county="baneh"))


def test_shipments_count_tonnage_and_no_raw_exports(supervisor_client, shipments):
    data = report(supervisor_client, "shipments")
    assert data["totals"] == {"shipments": 3, "tonnes": 175.75, "export_tonnes": 50.5, "raw_exports": 0}
    tonnes = {(row["stage"], row["destination"]): row["tonnes"] for row in rows(data, "by_stage")}
    assert tonnes == {("raw", "domestic"): 100.0, ("raw", "export"): 0.0, ("crushed", "domestic"): 25.25,
                      ("crushed", "export"): 0.0, ("processed", "domestic"): 0.0, ("processed", "export"): 50.5}


def test_shipments_as_of_count_that_day_s_year_up_to_the_day(supervisor_client, shipments):
    """Two shipments on 1404/03/11 (2025-06-01), one on 1403/03/12 (2024-06-01)."""
    data = report(supervisor_client, "shipments", as_of="1404/03/10")
    assert data["filters"] == {"county": None, "year": 1404, "as_of": "2025-05-31"}
    assert data["totals"] == {"shipments": 0, "tonnes": 0.0, "export_tonnes": 0.0, "raw_exports": 0}
    assert totals(supervisor_client, "shipments", as_of="1404/03/11") == {
        "shipments": 2, "tonnes": 150.5, "export_tonnes": 50.5, "raw_exports": 0}
    assert totals(supervisor_client, "shipments", as_of="1403/12/29") == {
        "shipments": 1, "tonnes": 25.25, "export_tonnes": 0.0, "raw_exports": 0}
    assert totals(supervisor_client, "shipments", as_of="1403/03/11")["shipments"] == 0
    # Another year asked for: that year's shipments by the day.
    assert totals(supervisor_client, "shipments", year=1403, as_of="1404/03/11")["tonnes"] == 25.25


def test_shipments_filter_by_year_and_by_mine_or_processor_county(supervisor_client, shipments):
    assert totals(supervisor_client, "shipments", year=1404) == {
        "shipments": 2, "tonnes": 150.5, "export_tonnes": 50.5, "raw_exports": 0}
    assert totals(supervisor_client, "shipments", county="baneh") == {
        "shipments": 2, "tonnes": 75.75, "export_tonnes": 50.5, "raw_exports": 0}


# -- industrial space --------------------------------------------------------------------------


@pytest.fixture
def estates(db):
    f.make_estate(industrial_area_m2=401_402, total_area_m2=600_000)
    f.make_estate(industrial_area_m2=100_000, total_area_m2=200_000)
    f.make_estate(county="baneh", industrial_area_m2=79_345, total_area_m2=100_000)


def test_industrial_space_per_person_for_the_province_and_each_county(supervisor_client, estates):
    data = report(supervisor_client, "industrial-space")
    # 580,747 m² / 1,603,011 people = 0.362…
    assert data["totals"] == {"population": 1603011, "industrial_area_m2": 580747.0, "per_capita_m2": 0.36}
    by_county = {row["code"]: row["per_capita_m2"] for row in rows(data, "by_county")}
    assert (by_county["sanandaj"], by_county["baneh"], by_county["bijar"]) == (1.0, 0.5, 0.0)


def test_industrial_space_of_one_county(supervisor_client, estates):
    assert totals(supervisor_client, "industrial-space", county="baneh") == {
        "population": 158690, "industrial_area_m2": 79345.0, "per_capita_m2": 0.5}


# -- handovers ---------------------------------------------------------------------------------


@pytest.fixture
def handovers(db):
    baneh = f.make_estate(county="baneh")
    f.make_handover()
    f.make_handover(notified_on=D(2025, 2, 1))
    f.make_handover(notified_on=D(2025, 2, 1), relocated_on=D(2025, 3, 1))
    f.make_handover(f.make_unit(baneh), notified_on=D(2025, 2, 1), relocated_on=D(2025, 3, 1),
                    handed_over_on=D(2025, 4, 1))
    f.make_handover(identified_on=D(2025, 5, 1))


def test_handovers_count_cases_at_each_stage_now(supervisor_client, handovers):
    data = report(supervisor_client, "handovers")
    assert data["totals"] == {"identified": 2, "notified": 1, "relocated": 1, "handed_over": 1}
    assert sum(row["handed_over"] for row in rows(data, "by_estate")) == 1


def test_handovers_as_of_a_day_count_the_stage_reached_by_then(supervisor_client, handovers):
    assert totals(supervisor_client, "handovers", as_of="1403/11/27") == {  # 2025-02-15
        "identified": 1, "notified": 3, "relocated": 0, "handed_over": 0}


def test_handovers_filter_by_estate_county(supervisor_client, handovers):
    assert totals(supervisor_client, "handovers", county="baneh") == {
        "identified": 0, "notified": 0, "relocated": 0, "handed_over": 1}


# -- employment --------------------------------------------------------------------------------


@pytest.fixture
def jobs(db):
    f.make_employment(year=1404, jobs=100)
    f.make_employment(year=1404, jobs=50, county="baneh")
    f.make_employment(year=1404, jobs=200, office="agri")
    f.make_employment(year=1404, jobs=30, office="coop", county="baneh")
    f.make_employment(year=1403, jobs=500)


def test_employment_share_and_rank_of_the_directorate(supervisor_client, jobs):
    data = report(supervisor_client, "employment", year=1404)
    assert data["totals"] == {"jobs": 380, "self_jobs": 150, "self_share_percent": 39.5, "self_rank": 2}
    assert [(row["code"], row["jobs"], row["rank"]) for row in rows(data, "by_office")][:3] == [
        ("agri", 200, 1), ("imt", 150, 2), ("coop", 30, 3)]


def test_employment_filters_by_county(supervisor_client, jobs):
    assert totals(supervisor_client, "employment", year=1404, county="baneh") == {
        "jobs": 80, "self_jobs": 50, "self_share_percent": 62.5, "self_rank": 1}


def test_employment_as_of_counts_that_day_s_year_up_to_its_month(supervisor_client, jobs):
    """The fixture's 1404 records are of Farvardin (this directorate 150, agriculture 200,
    cooperatives 30); the directorate registers 100 more in Tir and 40 in Mordad."""
    f.make_employment(year=1404, month=4, jobs=100)
    f.make_employment(year=1404, month=5, jobs=40)
    data = report(supervisor_client, "employment", as_of="1404/03/31")
    assert data["filters"] == {"county": None, "year": 1404, "as_of": "2025-06-21"}
    assert data["totals"] == {"jobs": 380, "self_jobs": 150, "self_share_percent": 39.5, "self_rank": 2}
    assert totals(supervisor_client, "employment", as_of="1404/04/01") == {
        "jobs": 480, "self_jobs": 250, "self_share_percent": 52.1, "self_rank": 1}
    assert totals(supervisor_client, "employment", as_of="1404/05/31")["self_jobs"] == 290
    assert totals(supervisor_client, "employment", as_of="1403/12/29") == {
        "jobs": 500, "self_jobs": 500, "self_share_percent": 100.0, "self_rank": 1}
    # Another year asked for: its months up to the day's (every month of an earlier year).
    assert totals(supervisor_client, "employment", year=1404, as_of="1405/01/01")["self_jobs"] == 290
    assert totals(supervisor_client, "employment", year=1405, as_of="1404/05/31")["jobs"] == 0


def test_employment_counts_the_current_jalali_year_by_default(supervisor_client, jobs):
    f.make_employment(year=jalali.jalali_year(), month=1, jobs=7)
    data = report(supervisor_client, "employment")
    assert data["filters"]["year"] == jalali.jalali_year()
    assert data["totals"] == {"jobs": 7, "self_jobs": 7, "self_share_percent": 100.0, "self_rank": 1}


# -- licences ----------------------------------------------------------------------------------


@pytest.fixture
def licences(db):
    issued = D(2024, 1, 1)
    f.make_licence(f.make_producer(), issued_on=issued, expires_on=D(2025, 7, 1))
    f.make_licence(f.make_producer(), issued_on=issued, expires_on=D(2025, 10, 1))
    f.make_licence(f.make_producer(), issued_on=issued, expires_on=D(2025, 5, 1))
    f.make_producer(status="idle")
    f.make_licence(f.make_producer(), kind=Licence.Kind.ESTABLISHMENT, issued_on=issued, expires_on=D(2026, 1, 1))
    f.make_licence(f.make_producer(county="baneh", sector="food"), issued_on=issued, expires_on=D(2025, 8, 15))


def test_licences_expiring_within_90_days_and_active_producers_without_a_valid_licence(supervisor_client, licences):
    data = report(supervisor_client, "licences", as_of="2025-06-01")
    assert data["totals"] == {"expiring": 2, "unlicensed_active": 2}
    assert [row["days_left"] for row in rows(data, "expiring")] == [30, 75]
    assert len(rows(data, "unlicensed")) == 2


def test_active_producers_without_a_licence_are_listed_in_the_alphabetical_order_of_their_names(
        supervisor_client, db):
    # The database orders by code points: ک (U+06A9) after م (U+0645), گ (U+06AF) after ی… (the
    # collation puts a Latin name before the Persian ones).
    for name in ("مهر", "گلستان", "کوثر", "یاس", "آوا", "Zagros", "البرز"):
        f.make_producer(name=name)
    data = report(supervisor_client, "licences")
    assert [row["name"] for row in rows(data, "unlicensed")] == [
        "Zagros", "آوا", "البرز", "کوثر", "گلستان", "مهر", "یاس"]


def test_licences_as_of_a_day_on_both_sides_of_an_expiry_and_an_issue(supervisor_client, licences):
    """Expiries on 2025-05-01, 07-01, 08-15 (Baneh, food) and 10-01; a producer issued its first
    operating licence on 2025-03-01."""
    f.make_licence(f.make_producer(), issued_on=D(2025, 3, 1), expires_on=D(2027, 1, 1))
    assert totals(supervisor_client, "licences", as_of="2025-02-28") == {"expiring": 1, "unlicensed_active": 2}
    assert totals(supervisor_client, "licences", as_of="2025-03-01") == {"expiring": 1, "unlicensed_active": 1}
    # Within 90 days of 2025-05-01: that day's expiry (a licence is valid through it) and 07-01.
    assert totals(supervisor_client, "licences", as_of="2025-05-01") == {"expiring": 2, "unlicensed_active": 1}
    assert totals(supervisor_client, "licences", as_of="2025-05-02") == {"expiring": 1, "unlicensed_active": 2}


def test_licences_filters_days_county_and_sector(supervisor_client, licences):
    assert totals(supervisor_client, "licences", as_of="2025-06-01", days=150) == \
        {"expiring": 3, "unlicensed_active": 2}
    assert totals(supervisor_client, "licences", as_of="2025-06-01", county="baneh") == {
        "expiring": 1, "unlicensed_active": 0}
    assert totals(supervisor_client, "licences", as_of="2025-06-01", sector="food")["expiring"] == 1


# -- no data, bad filters ----------------------------------------------------------------------

EMPTY = {
    "transparency": {"products": 0, "registered": 0, "percent": None, "target": 100},
    "obligations": {"obligated_units": 0, "met": 0, "open": 0, "overdue": 0, "items_registered": 0},
    "smuggling": {"items": 0, "produced_locally": 0, "registered_locally": 0},
    "mining": {"mines": 0, "active": 0, "idle": 0, "in_auction": 0, "revoked": 0, "idle_rubble_stone": 0},
    "auctions": {"auctions": 0, "lots": 0, "awarded": 0, "failed": 0, "reactivated": 0, "revenue_rials": 0,
                 "runner_up_awards": 0, "reoffered": 0, "max_attempts": 0},
    "shipments": {"shipments": 0, "tonnes": 0.0, "export_tonnes": 0.0, "raw_exports": 0},
    "industrial-space": {"population": 1603011, "industrial_area_m2": 0.0, "per_capita_m2": 0.0},
    "handovers": {"identified": 0, "notified": 0, "relocated": 0, "handed_over": 0},
    "employment": {"jobs": 0, "self_jobs": 0, "self_share_percent": None, "self_rank": None},
    "licences": {"expiring": 0, "unlicensed_active": 0},
}


@pytest.mark.parametrize("slug", EMPTY)
def test_with_no_data_every_report_answers_with_zeros_and_null_percentages(supervisor_client, slug):
    data = report(supervisor_client, slug)
    assert data["report"] == slug
    assert data["totals"] == EMPTY[slug]


@pytest.mark.parametrize("params", [{"as_of": "1402/12/30"}, {"county": "tehran"}, {"year": "99"}])
def test_a_wrong_filter_is_refused_with_the_reason(supervisor_client, params):
    response = supervisor_client.get("/reports/transparency/", {**params, "format": "json"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)
    assert supervisor_client.get("/reports/transparency/", params).status_code == 400


# -- auctions: second chances ------------------------------------------------------------------

@pytest.fixture
def second_chances(db):
    """A Sanandaj quarry offered three times (twice in vain, 1403), a Baneh quarry twice (its second
    lot signed by the runner-up), a Sanandaj mine reactivated at its first try, and one offered
    again in a draft of 1404."""
    sanandaj, baneh = f.make_mine(county="sanandaj"), f.make_mine(county="baneh")
    first = f.make_failed_lot(sanandaj, announced_on=D(2024, 5, 1), bid_deadline=D(2024, 6, 1),
                              opening_on=D(2024, 6, 5))
    second = f.make_failed_lot(previous=first, announced_on=D(2024, 8, 1), bid_deadline=D(2024, 9, 1),
                               opening_on=D(2024, 9, 5))
    third = f.make_awarded_lot(900_000_000, previous=second)
    services.sign_contract(lot=third, signed_on=D(2025, 3, 1), by=None)

    baneh_first = f.make_failed_lot(baneh, announced_on=D(2024, 6, 1), bid_deadline=D(2024, 7, 1),
                                    opening_on=D(2024, 7, 5))
    baneh_second = f.make_awarded_lot(950_000_000, 920_000_000, previous=baneh_first)
    services.offer_to_runner_up(lot=baneh_second, winner=baneh_second.winning_bid, reason="withdrew",
                                forfeited_on=D(2025, 2, 10), by=None)
    services.sign_contract(lot=baneh_second, signed_on=D(2025, 3, 10), by=None)

    services.sign_contract(lot=f.make_awarded_lot(1_100_000_000, mine=f.make_mine(county="sanandaj")),
                           signed_on=D(2025, 3, 1), by=None)
    in_vain = f.make_failed_lot(f.make_mine(county="sanandaj"), announced_on=D(2024, 5, 1),
                                bid_deadline=D(2024, 6, 1), opening_on=D(2024, 6, 5))
    services.reoffer_lot(lot=in_vain, auction=f.make_auction(announced_on=D(2025, 4, 1), bid_deadline=D(2025, 5, 1),
                                                             opening_on=D(2025, 5, 5)), by=None)
    return {"sanandaj": sanandaj, "baneh": baneh, "first": first}


def second_chance_totals(data):
    return {key: data["totals"][key] for key in ("lots", "runner_up_awards", "reoffered", "max_attempts")}


def test_auctions_count_the_lots_signed_with_the_runner_up_offered_again_and_the_most_attempts(
        supervisor_client, second_chances):
    data = report(supervisor_client, "auctions")
    assert second_chance_totals(data) == {"lots": 8, "runner_up_awards": 1, "reoffered": 4, "max_attempts": 3}
    sanandaj, baneh = second_chances["sanandaj"], second_chances["baneh"]
    assert rows(data, "reactivated_after_attempts") == [
        {"table": "reactivated_after_attempts", "licence_number": sanandaj.licence_number, "mine": sanandaj.name,
         "county": "سنندج", "attempts": 3, "first_offered_on": "2024-05-01", "contract_signed_on": "2025-03-01",
         "days": 304},
        {"table": "reactivated_after_attempts", "licence_number": baneh.licence_number, "mine": baneh.name,
         "county": "بانه", "attempts": 2, "first_offered_on": "2024-06-01", "contract_signed_on": "2025-03-10",
         "days": 282},
    ]


def test_second_chances_follow_the_county_and_year_of_the_lots(supervisor_client, second_chances):
    baneh = report(supervisor_client, "auctions", county="baneh")
    assert second_chance_totals(baneh) == {"lots": 2, "runner_up_awards": 1, "reoffered": 1, "max_attempts": 2}
    assert [row["attempts"] for row in rows(baneh, "reactivated_after_attempts")] == [2]
    # The attempts of a lot count its whole chain, whenever the earlier lots were offered.
    this_year = report(supervisor_client, "auctions", year=1403)
    assert second_chance_totals(this_year) == {"lots": 7, "runner_up_awards": 1, "reoffered": 3, "max_attempts": 3}
    next_year = report(supervisor_client, "auctions", year=1404)
    assert second_chance_totals(next_year) == {"lots": 1, "runner_up_awards": 0, "reoffered": 1, "max_attempts": 2}
    assert rows(next_year, "reactivated_after_attempts") == []


def test_second_chances_as_of_a_day_count_the_contracts_signed_by_then(supervisor_client, second_chances):
    """The Baneh runner-up signed on 2025-03-10, the Sanandaj quarry's third attempt on 2025-03-01."""
    before = report(supervisor_client, "auctions", as_of="2025-03-05")
    assert before["totals"]["runner_up_awards"] == 0
    assert [row["attempts"] for row in rows(before, "reactivated_after_attempts")] == [3]
    after = report(supervisor_client, "auctions", as_of="1403/12/20")  # 2025-03-10
    assert after["totals"]["runner_up_awards"] == 1
    assert [row["attempts"] for row in rows(after, "reactivated_after_attempts")] == [3, 2]
