"""`load_demo` writes the seed article's province as records, and the reports read the article's
figures back from them; running it twice changes nothing."""

import datetime
import io
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from registry import jalali
from registry.models import Auction, Inspection, Lot, Mine, Producer, RegistryModel

# (also for tests that reach the database only through request.getfixturevalue)
pytestmark = pytest.mark.django_db


def load():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in apps.get_app_config("registry").get_models()
            if issubclass(model, RegistryModel)}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


def figures(client, slug, **params):
    response = client.get(f"/reports/{slug}/", {**params, "format": "json"})
    assert response.status_code == 200
    return response.json()


def test_loading_the_demo_again_leaves_the_same_records_and_writes_no_history(demo, db):
    first = counts()
    history = {name: apps.get_model("registry", name).history.count() for name in first}
    assert "0 records created, 0 updated" in load()
    assert counts() == first
    assert {name: apps.get_model("registry", name).history.count() for name in first} == history


def test_the_demo_reproduces_the_articles_mines(supervisor_client, demo):
    # The idle ones are mostly rubble-stone quarries; some are in auction.
    assert figures(supervisor_client, "mining")["totals"] == {
        "mines": 377, "active": 200, "idle": 150, "in_auction": 20, "revoked": 7, "idle_rubble_stone": 135}


def test_the_demo_reproduces_mining_sector_transparency_of_20_percent(supervisor_client, demo):
    assert figures(supervisor_client, "transparency", sector="mining")["totals"] == {
        "products": 50, "registered": 10, "percent": 20.0, "target": 100}


def test_the_demo_reproduces_the_obliged_home_appliance_producers(supervisor_client, demo):
    assert figures(supervisor_client, "obligations")["totals"] == {
        "obligated_units": 10, "met": 7, "open": 1, "overdue": 2, "items_registered": 238}
    assert figures(supervisor_client, "licences")["totals"] == {"expiring": 5, "unlicensed_active": 4}


def test_the_ten_obliged_producers_hold_valid_operating_licences(demo):
    obliged = Producer.objects.filter(obligations__sector__code="home_appliances")
    assert obliged.licensed().count() == 10


def test_the_demo_reproduces_the_auto_part_smuggling_items(supervisor_client, demo):
    assert figures(supervisor_client, "smuggling", sector="auto_parts")["totals"] == {
        "items": 59, "produced_locally": 4, "registered_locally": 3}


def test_the_demo_reproduces_the_directorates_jobs_this_year(supervisor_client, demo):
    data = figures(supervisor_client, "employment")
    assert data["filters"]["year"] == jalali.jalali_year()
    assert data["totals"] == {"jobs": 21_000, "self_jobs": 7200, "self_share_percent": 34.3, "self_rank": 1}


def test_the_demo_reproduces_industrial_space_per_person(supervisor_client, demo):
    assert figures(supervisor_client, "industrial-space")["totals"] == {
        "population": 1_603_011, "industrial_area_m2": 1_266_000.0, "per_capita_m2": 0.79}


def test_the_demo_reproduces_transparency_over_every_sector(supervisor_client, demo):
    assert figures(supervisor_client, "transparency")["totals"] == {
        "products": 607, "registered": 535, "percent": 88.1, "target": 100}


def test_the_demo_shows_transparency_low_last_year_and_high_this_year(supervisor_client, demo):
    series = [row for row in figures(supervisor_client, "transparency")["rows"] if row["table"] == "by_month"]
    this_year = jalali.jalali_year()
    last_year_end = next(row for row in series if (row["year"], row["month"]) == (this_year - 1, 12))
    assert last_year_end["percent"] < 30
    assert series[-1]["year"] == this_year and series[-1]["percent"] > 80


def test_the_demo_has_auctions_under_way_reactivated_mines_handovers_and_no_raw_exports(supervisor_client, demo):
    # A year-old auction whose one lot found no bid; lots 1-8 of the first auction won by their
    # highest bid (the base price plus 150 million rials for each bid on the lot; lot 3 by the
    # runner-up, 150 million less, its winner having withdrawn), 1-6 signed, lot 1 the failed lot
    # offered again at 2,160,000,000 rials; 18 lots of the second under way, 3 in a draft.
    assert figures(supervisor_client, "auctions")["totals"] == {
        "auctions": 4, "lots": 32, "awarded": 8, "failed": 3, "reactivated": 6, "revenue_rials": 22_510_000_000,
        "runner_up_awards": 1, "reoffered": 1, "max_attempts": 2}
    assert sorted(Auction.objects.values_list("number", "status")) == [
        ("KD-AU-000", "failed"), ("KD-AU-001", "awarded"), ("KD-AU-002", "published"), ("KD-AU-003", "draft")]
    reactivated = Mine.objects.filter(lots__contract_signed_on__isnull=False).select_related()
    assert sorted((mine.status, mine.operator_national_id) for mine in reactivated) == sorted(
        (Mine.Status.ACTIVE, lot.winning_bid.bidder_national_id)
        for lot in Lot.objects.filter(contract_signed_on__isnull=False).select_related("winning_bid"))
    assert figures(supervisor_client, "handovers")["totals"] == {
        "identified": 3, "notified": 3, "relocated": 2, "handed_over": 2}
    assert figures(supervisor_client, "shipments")["totals"] == {
        "shipments": 60, "tonnes": 31_320.0, "export_tonnes": 3995.0, "raw_exports": 0}
    # The 29 home-appliance, auto-part, food and mining producers visited twice, every third visit
    # an awareness session.
    assert dict(Inspection.objects.values_list("kind").annotate(n=Count("pk"))) == {
        "inspection": 38, "awareness": 20}


def test_the_demo_shows_a_lot_signed_by_its_runner_up_and_a_mine_reactivated_at_its_second_attempt(
        supervisor_client, demo):
    runner_up_lot = Lot.objects.get(auction__number="KD-AU-001", lot_number=3)
    [forfeited] = runner_up_lot.bids.filter(forfeited_on__isnull=False)
    assert (forfeited.forfeit_reason, forfeited.amount_rials) == ("withdrew", 2_750_000_000)
    assert runner_up_lot.winning_bid.amount_rials == 2_600_000_000 and runner_up_lot.contract_signed_on
    assert runner_up_lot.mine.operator_national_id == runner_up_lot.winning_bid.bidder_national_id

    second_try = Lot.objects.get(auction__number="KD-AU-001", lot_number=1)
    first_try = Lot.objects.get(auction__number="KD-AU-000")
    assert (second_try.previous_lot, second_try.mine, second_try.base_price_rials) == (
        first_try, first_try.mine, 2_160_000_000)
    [row] = [row for row in figures(supervisor_client, "auctions")["rows"] if row["table"] == "reactivated_after_attempts"]
    assert row == {
        "table": "reactivated_after_attempts", "licence_number": first_try.mine.licence_number,
        "mine": first_try.mine.name, "county": first_try.mine.county.name_fa, "attempts": 2,
        "first_offered_on": first_try.auction.announced_on.isoformat(),
        "contract_signed_on": second_try.contract_signed_on.isoformat(), "days": 320 - 150,
    }


def test_the_auctions_went_through_their_lifecycle_and_left_its_history(demo):
    """The demo drives its auctions through registry.services, so their records carry each step."""
    signed = Lot.objects.filter(contract_signed_on__isnull=False).order_by("lot_number").first()
    assert [entry.history_type for entry in signed.history.order_by("history_date", "history_id")] == ["+", "~", "~"]
    reasons = set(signed.auction.history.values_list("history_change_reason", flat=True))
    assert len(reasons) == 4  # created, then published, closed and awarded


def test_loading_on_a_later_day_moves_the_demo_with_it(supervisor_client, demo):
    """Run again in the next Jalali year, "this year" is the new year and the figures still hold."""
    later = jalali.year_bounds(jalali.jalali_year() + 1)[0] + datetime.timedelta(days=10)
    with mock.patch("registry.jalali.today", return_value=later):
        assert "0 records created, 0 updated" not in load()
        employment = figures(supervisor_client, "employment")
        mining = figures(supervisor_client, "mining")["totals"]
        obligations = figures(supervisor_client, "obligations")["totals"]
        transparency = figures(supervisor_client, "transparency", sector="mining")["totals"]
    assert employment["filters"]["year"] == jalali.jalali_year(later)
    assert (employment["totals"]["self_jobs"], employment["totals"]["self_rank"]) == (7200, 1)
    assert (mining["mines"], mining["active"]) == (377, 200)
    assert (obligations["obligated_units"], obligations["items_registered"]) == (10, 238)
    assert transparency["percent"] == 20.0


def test_every_demo_record_passes_full_clean(demo, db):
    for model in apps.get_app_config("registry").get_models():
        if issubclass(model, RegistryModel):
            for record in model.objects.all():
                record.full_clean()
