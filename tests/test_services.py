"""The auction lifecycle of registry.services: the story of an idle quarry put back to work, every
illegal step refused with nothing changed, and one award when two clerks press the button at once."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import translation
from django.utils.html import strip_tags

from registry import services
from registry.history import describe
from registry.models import Auction, Bid, Lot, Mine
from registry.querysets import Attempt, attempts
from registry.services import ServiceError
from tests.factories import (
    legal_id,
    make_auction,
    make_awarded_lot,
    make_bid,
    make_failed_lot,
    make_lot,
    make_mine,
    national_code,
)
from tests.locks import another_query_waits_for_a_lock

pytestmark = pytest.mark.django_db

ANNOUNCED = datetime.date(2025, 1, 1)
DEADLINE = datetime.date(2025, 2, 1)
AFTER_DEADLINE = datetime.date(2025, 2, 2)
OPENING = datetime.date(2025, 2, 5)
BASE_PRICE = 1_000_000_000


def draft_auction(*mines, **fields):
    """A draft auction with one lot (base price 1,000,000,000 rials) per mine."""
    auction = make_auction(announced_on=ANNOUNCED, bid_deadline=DEADLINE, opening_on=OPENING, **fields)
    for mine in mines:
        make_lot(auction, mine, base_price_rials=BASE_PRICE)
    return auction


def published_auction(*mines, by=None):
    auction = draft_auction(*mines)
    services.publish_auction(auction=auction, by=by)
    return auction


def bid(lot, number, amount, submitted_on=datetime.date(2025, 1, 20), deposit_paid=True, by=None):
    return services.record_bid(
        lot=lot, bidder_national_id=legal_id(number), bidder_name=f"شرکت معدنی {number}", amount_rials=amount,
        deposit_paid=deposit_paid, submitted_on=submitted_on, by=by,
    )


def state(*records):
    """Everything a refused step must leave as it was: each record as stored, its history, the bids."""
    rows = []
    for record in records:
        fresh = type(record).objects.get(pk=record.pk)
        rows.append({field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields})
        rows.append(fresh.history.count())
    return rows, Bid.objects.count()


def refused(step, message_part, **kwargs):
    with pytest.raises(ServiceError) as caught:
        step(**kwargs)
    assert any(message_part in message for message in caught.value.messages), caught.value.messages
    return caught.value


# ---- the story -------------------------------------------------------------------------------

def test_an_idle_quarry_is_auctioned_awarded_to_the_higher_bid_and_reactivated_under_its_winner(clerk):
    quarry = make_mine(name="معدن لاشه‌سنگ سرچشمه", county="kamyaran", mineral="rubble_stone")
    auction = draft_auction(quarry, number="AU-1403-07", deposit_rials=50_000_000)
    lot = auction.lots.get()

    services.publish_auction(auction=auction, by=clerk)
    auction.refresh_from_db()
    quarry.refresh_from_db()
    assert (auction.status, quarry.status) == (Auction.Status.PUBLISHED, Mine.Status.IN_AUCTION)

    first = bid(lot, 1, 1_250_000_000, submitted_on=datetime.date(2025, 1, 20), by=clerk)
    second = bid(lot, 2, 1_400_000_000, submitted_on=datetime.date(2025, 1, 28), by=clerk)
    assert list(lot.bids.valid().ranked()) == [second, first]

    services.close_auction(auction=auction, by=clerk, today=AFTER_DEADLINE)
    auction.refresh_from_db()
    assert auction.status == Auction.Status.CLOSED

    services.award_auction(auction=auction, by=clerk, today=OPENING)
    auction.refresh_from_db()
    lot.refresh_from_db()
    quarry.refresh_from_db()
    assert auction.status == Auction.Status.AWARDED
    assert lot.winning_bid == second
    assert quarry.status == Mine.Status.IN_AUCTION  # until the contract is signed

    services.sign_contract(lot=lot, signed_on=datetime.date(2025, 2, 10), by=clerk)
    lot.refresh_from_db()
    quarry.refresh_from_db()
    assert lot.contract_signed_on == datetime.date(2025, 2, 10)
    assert (quarry.status, quarry.operator_name, quarry.operator_national_id) == (
        Mine.Status.ACTIVE, "شرکت معدنی 2", legal_id(2),
    )
    assert list(Lot.objects.reactivated()) == [lot]

    # The trail, newest first: who moved the mine and the auction, and why.
    mine_trail = [(entry.status, entry.history_user, entry.history_change_reason) for entry in quarry.history.all()]
    assert mine_trail == [
        (Mine.Status.ACTIVE, clerk, "Contract signed: auction AU-1403-07, lot 1"),
        (Mine.Status.IN_AUCTION, clerk, "Offered in auction AU-1403-07"),
        (Mine.Status.IDLE, None, None),
    ]
    with translation.override("fa"):
        assert [strip_tags(describe(reason)) for _status, _user, reason in mine_trail[:2]] == [
            "قرارداد امضا شد: مزایده AU-1403-07، قطعه ۱", "عرضه در مزایده AU-1403-07"]
    auction_trail = [(entry.status, entry.history_user) for entry in auction.history.all()]
    assert auction_trail == [
        (Auction.Status.AWARDED, clerk), (Auction.Status.CLOSED, clerk), (Auction.Status.PUBLISHED, clerk),
        (Auction.Status.DRAFT, None),
    ]
    assert [(entry.winning_bid_id, entry.history_user) for entry in lot.history.all()[:2]] == [
        (second.pk, clerk), (second.pk, clerk),
    ]
    assert first.history.get().history_user == clerk


def test_award_ignores_bids_below_base_price_without_deposit_or_late_and_a_tie_goes_to_the_earliest():
    auction = published_auction(make_mine())
    lot = auction.lots.get()
    # Bids as an import may bring them, bypassing record_bid: each higher than the valid ones.
    make_bid(lot, amount_rials=2_000_000_000, deposit_paid=False)
    make_bid(lot, amount_rials=1_900_000_000, submitted_on=AFTER_DEADLINE)
    make_bid(lot, amount_rials=900_000_000)
    later = bid(lot, 11, 1_500_000_000, submitted_on=datetime.date(2025, 1, 25))
    earlier = bid(lot, 12, 1_500_000_000, submitted_on=datetime.date(2025, 1, 22))

    services.award_auction(auction=auction, by=None, today=OPENING)

    lot.refresh_from_db()
    assert lot.winning_bid == earlier != later
    assert lot.bids.valid().count() == 2


def test_award_of_a_published_auction_after_its_deadline_closes_it_first():
    auction = published_auction(make_mine())
    bid(auction.lots.get(), 1, 1_100_000_000)

    services.award_auction(auction=auction, by=None, today=AFTER_DEADLINE)

    assert [entry.status for entry in auction.history.all()[:2]] == [Auction.Status.AWARDED, Auction.Status.CLOSED]


def test_a_lot_without_a_valid_bid_returns_its_mine_to_idle_while_the_other_lot_is_awarded():
    won, unwanted = make_mine(), make_mine()
    auction = published_auction(won, unwanted)
    won_lot, unwanted_lot = auction.lots.order_by("lot_number")
    winner = bid(won_lot, 1, 1_000_000_000)
    make_bid(unwanted_lot, amount_rials=999_999_999)

    services.award_auction(auction=auction, by=None, today=OPENING)

    auction.refresh_from_db()
    won.refresh_from_db()
    unwanted.refresh_from_db()
    unwanted_lot.refresh_from_db()
    assert auction.status == Auction.Status.AWARDED
    assert (won.status, unwanted.status) == (Mine.Status.IN_AUCTION, Mine.Status.IDLE)
    assert unwanted_lot.winning_bid is None
    assert list(Lot.objects.awarded()) == [won_lot] and list(Lot.objects.failed()) == [unwanted_lot]
    assert Lot.objects.get(pk=won_lot.pk).winning_bid == winner


def test_an_auction_without_any_valid_bid_fails_and_all_its_mines_are_idle_again():
    first, second = make_mine(), make_mine()
    auction = published_auction(first, second)
    make_bid(auction.lots.first(), deposit_paid=False)

    services.award_auction(auction=auction, by=None, today=OPENING)

    auction.refresh_from_db()
    assert auction.status == Auction.Status.FAILED
    assert set(Mine.objects.values_list("status", flat=True)) == {Mine.Status.IDLE}
    assert Lot.objects.failed().count() == 2


def test_cancelling_a_published_auction_returns_its_mines_to_idle(clerk):
    mine = make_mine()
    auction = published_auction(mine)

    services.cancel_auction(auction=auction, by=clerk)

    auction.refresh_from_db()
    mine.refresh_from_db()
    assert (auction.status, mine.status) == (Auction.Status.CANCELLED, Mine.Status.IDLE)
    assert mine.history.first().history_user == clerk


def test_cancelling_a_draft_leaves_its_mine_alone_even_if_another_auction_holds_it_now():
    mine = make_mine()
    draft = draft_auction()
    published_auction(mine)
    Lot.objects.create(auction=draft, lot_number=1, mine=mine, base_price_rials=BASE_PRICE)  # bypassing clean

    services.cancel_auction(auction=draft, by=None)

    mine.refresh_from_db()
    assert mine.status == Mine.Status.IN_AUCTION


# ---- every illegal step is refused, and changes nothing -----------------------------------------

def test_publishing_a_lot_whose_mine_is_not_idle_is_refused():
    mine = make_mine()
    auction = draft_auction(mine)
    Mine.objects.filter(pk=mine.pk).update(status=Mine.Status.ACTIVE)
    before = state(auction, mine)

    refused(services.publish_auction, "فقط معدن راکد", auction=auction, by=None)

    assert state(auction, mine) == before


def test_publishing_a_mine_that_another_unfinished_auction_offers_is_refused():
    mine = make_mine()
    other = draft_auction(mine, number="AU-OTHER")
    auction = draft_auction()
    Lot.objects.create(auction=auction, lot_number=1, mine=mine, base_price_rials=BASE_PRICE)  # bypassing clean
    before = state(auction, other, mine)

    refused(services.publish_auction, "AU-OTHER", auction=auction, by=None)

    assert state(auction, other, mine) == before


def test_publishing_an_auction_without_lots_or_twice_is_refused():
    empty = draft_auction()
    refused(services.publish_auction, "دست‌کم یک قطعه", auction=empty, by=None)
    auction = published_auction(make_mine())
    before = state(auction)

    refused(services.publish_auction, "منتشرشده", auction=auction, by=None)

    assert state(auction) == before
    assert Auction.objects.get(pk=empty.pk).status == Auction.Status.DRAFT


@pytest.mark.parametrize(("change", "field", "message_part"), [
    ({"submitted_on": datetime.date(2025, 2, 2)}, "submitted_on", "پس از مهلت"),
    ({"submitted_on": datetime.date(2024, 12, 31)}, "submitted_on", "پیش از آگهی"),
    ({"amount": 999_999_999}, "amount_rials", "کمتر از قیمت پایه"),
    ({"deposit_paid": False}, "deposit_paid", "سپرده"),
])
def test_a_late_early_low_or_depositless_bid_is_refused_on_its_field(change, field, message_part):
    auction = published_auction(make_mine())
    lot = auction.lots.get()
    before = state(auction, lot)

    error = refused(bid, message_part, **{"lot": lot, "number": 5, "amount": 1_100_000_000, **change})

    assert list(error.error_dict) == [field]
    assert state(auction, lot) == before


def test_a_bid_on_the_deadline_day_counts():
    lot = published_auction(make_mine()).lots.get()
    assert bid(lot, 5, BASE_PRICE, submitted_on=DEADLINE).pk is not None


def test_a_second_bid_by_the_same_bidder_on_a_lot_is_refused():
    lot = published_auction(make_mine()).lots.get()
    bid(lot, 5, 1_100_000_000)
    before = state(lot)

    refused(bid, "قبلاً", lot=lot, number=5, amount=1_300_000_000)

    assert state(lot) == before


def test_a_bid_with_a_wrong_check_digit_is_refused():
    lot = published_auction(make_mine()).lots.get()
    with pytest.raises(ServiceError) as caught:
        services.record_bid(lot=lot, bidder_national_id="10380284792", bidder_name="نامعتبر", amount_rials=BASE_PRICE,
                            deposit_paid=True, submitted_on=datetime.date(2025, 1, 10), by=None)
    assert list(caught.value.error_dict) == ["bidder_national_id"]
    assert Bid.objects.count() == 0


def test_a_bidder_with_a_personal_national_code_and_persian_digits_is_recorded_normalised():
    lot = published_auction(make_mine()).lots.get()
    code = national_code(7)
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    recorded = services.record_bid(lot=lot, bidder_national_id=persian, bidder_name="علي  رضايي",
                                   amount_rials=BASE_PRICE, deposit_paid=True, submitted_on=DEADLINE, by=None)
    recorded.refresh_from_db()
    assert (recorded.bidder_national_id, recorded.bidder_name) == (code, "علی رضایی")


@pytest.mark.parametrize("status", [Auction.Status.DRAFT, Auction.Status.CLOSED, Auction.Status.CANCELLED])
def test_a_bid_is_refused_unless_the_auction_is_published(status):
    auction = draft_auction(make_mine())
    Auction.objects.filter(pk=auction.pk).update(status=status)
    lot = auction.lots.get()

    refused(bid, "فقط تا وقتی", lot=lot, number=5, amount=1_100_000_000)

    assert Bid.objects.count() == 0


@pytest.mark.parametrize("step", [services.close_auction, services.award_auction])
def test_closing_or_awarding_on_or_before_the_deadline_day_is_refused(step):
    auction = published_auction(make_mine())
    bid(auction.lots.get(), 1, 1_100_000_000)
    before = state(auction, auction.lots.get())

    refused(step, "پس از آن روز", auction=auction, by=None, today=DEADLINE)

    assert state(auction, auction.lots.get()) == before


def test_closing_a_draft_or_awarding_a_draft_is_refused():
    auction = draft_auction(make_mine())
    refused(services.close_auction, "فقط مزایده منتشرشده", auction=auction, by=None, today=OPENING)
    refused(services.award_auction, "فقط مزایده بسته‌شده", auction=auction, by=None, today=OPENING)
    assert Auction.objects.get(pk=auction.pk).status == Auction.Status.DRAFT


def test_awarding_twice_is_refused():
    auction = published_auction(make_mine())
    bid(auction.lots.get(), 1, 1_100_000_000)
    services.award_auction(auction=auction, by=None, today=OPENING)
    before = state(auction, auction.lots.get(), Mine.objects.get())

    refused(services.award_auction, "پیش‌تر", auction=auction, by=None, today=OPENING)

    assert state(auction, auction.lots.get(), Mine.objects.get()) == before


def test_signing_for_a_lot_without_a_winner_twice_or_before_the_deadline_is_refused():
    won, unwanted = make_mine(), make_mine()
    auction = published_auction(won, unwanted)
    won_lot, unwanted_lot = auction.lots.order_by("lot_number")
    bid(won_lot, 1, 1_100_000_000)
    services.award_auction(auction=auction, by=None, today=OPENING)
    before = state(unwanted_lot, unwanted, won_lot, won)

    refused(services.sign_contract, "برنده‌ای ندارد", lot=unwanted_lot, signed_on=OPENING, by=None)
    error = refused(services.sign_contract, "پس از مهلت", lot=won_lot, signed_on=DEADLINE, by=None)
    assert list(error.error_dict) == ["signed_on"]
    assert state(unwanted_lot, unwanted, won_lot, won) == before

    services.sign_contract(lot=won_lot, signed_on=OPENING, by=None)
    before = state(won_lot, won)
    refused(services.sign_contract, "پیش‌تر", lot=won_lot, signed_on=OPENING, by=None)
    assert state(won_lot, won) == before


def test_signing_when_the_mine_has_left_the_auction_is_refused():
    mine = make_mine()
    auction = published_auction(mine)
    bid(auction.lots.get(), 1, 1_100_000_000)
    services.award_auction(auction=auction, by=None, today=OPENING)
    Mine.objects.filter(pk=mine.pk).update(status=Mine.Status.REVOKED)

    refused(services.sign_contract, "لغوشده", lot=auction.lots.get(), signed_on=OPENING, by=None)

    assert Lot.objects.get().contract_signed_on is None


@pytest.mark.parametrize("status", [Auction.Status.AWARDED, Auction.Status.FAILED, Auction.Status.CANCELLED])
def test_cancelling_a_finished_auction_is_refused(status):
    mine = make_mine()
    auction = published_auction(mine)
    Auction.objects.filter(pk=auction.pk).update(status=status)
    before = state(auction, mine)

    refused(services.cancel_auction, "نمی‌توان لغو کرد", auction=auction, by=None)

    assert state(auction, mine) == before


# ---- two clerks pressing at once ---------------------------------------------------------------

def on_postgres_in_transactions(test):
    """A test of concurrent transactions: each thread commits its own."""
    test = pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)
    test = pytest.mark.skipif(connection.vendor != "postgresql",
                              reason="Row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises every write.")(test)
    return pytest.mark.postgres(test)


def press_together(monkeypatch, hook, press):
    """Run `press()` in two threads, "first" and "second": the first, inside the service at `hook`
    (a function of registry.services it calls once holding its row locks), waits until PostgreSQL
    shows the second one waiting for a lock. {thread name: "done" or the refusal's messages}."""
    first_inside = threading.Event()
    original = getattr(services, hook)

    def hold_until_the_rival_waits(*args, **kwargs):
        if threading.current_thread().name == "first":
            first_inside.set()
            another_query_waits_for_a_lock()
        return original(*args, **kwargs)

    monkeypatch.setattr(services, hook, hold_until_the_rival_waits)
    outcomes = {}

    def run():
        try:
            press()
            outcomes[threading.current_thread().name] = "done"
        except ServiceError as error:
            outcomes[threading.current_thread().name] = error.messages
        finally:
            connection.close()

    first = threading.Thread(target=run, name="first")
    second = threading.Thread(target=run, name="second")
    first.start()
    assert first_inside.wait(timeout=30)
    second.start()
    first.join(timeout=60)
    second.join(timeout=60)
    return outcomes


@on_postgres_in_transactions
def test_two_clerks_pressing_award_at_the_same_moment_award_the_auction_once(monkeypatch):
    """The first award holds the auction's row lock until PostgreSQL shows the second one waiting
    for it; the second then finds the auction decided. Without the lock both would award."""
    auction = published_auction(make_mine())
    lot = auction.lots.get()
    winner = bid(lot, 1, 1_300_000_000)
    bid(lot, 2, 1_200_000_000)
    services.close_auction(auction=auction, by=None, today=AFTER_DEADLINE)

    outcomes = press_together(monkeypatch, "_lock_mines", lambda: services.award_auction(
        auction=Auction.objects.get(pk=auction.pk), by=None, today=OPENING))

    assert outcomes["first"] == "done"
    assert outcomes["second"] == ["این مزایده پیش‌تر تعیین تکلیف شده است: واگذارشده است."]
    assert Lot.objects.get(pk=lot.pk).winning_bid_id == winner.pk
    assert [entry.status for entry in Auction.objects.get(pk=auction.pk).history.all()[:3]] == [
        Auction.Status.AWARDED, Auction.Status.CLOSED, Auction.Status.PUBLISHED,
    ]
    assert Lot.history.filter(id=lot.pk, winning_bid__isnull=False).count() == 1


# ---- second chances: the runner-up --------------------------------------------------------------

SIGNING_DEADLINE = OPENING + datetime.timedelta(days=30)  # AUCTION_SIGNING_DAYS after the award


def awarded_lot(*amounts, mine=None):
    """The one lot of an auction awarded on OPENING after valid bids of `amounts`."""
    return make_awarded_lot(*amounts, mine=mine, announced_on=ANNOUNCED, bid_deadline=DEADLINE, opening_on=OPENING)


def to_runner_up(lot, reason=Bid.ForfeitReason.WITHDREW, forfeited_on=datetime.date(2025, 2, 10), by=None,
                 today=datetime.date(2025, 6, 1), winner=None):
    lot = Lot.objects.get(pk=lot.pk)
    return services.offer_to_runner_up(lot=lot, winner=winner or lot.winning_bid, reason=reason,
                                       forfeited_on=forfeited_on, by=by, today=today)


def test_a_winner_who_withdraws_leaves_the_lot_to_the_next_valid_bid_the_earliest_on_a_tie(clerk):
    lot = awarded_lot(1_500_000_000, 1_300_000_000, 1_300_000_000)
    winner, earlier_tie, later_tie = (lot.bids.get(bidder_national_id=legal_id(n)) for n in (1, 2, 3))
    # Higher than the runners-up, but invalid: no deposit, after the deadline (an import may bring them).
    make_bid(lot, amount_rials=1_450_000_000, deposit_paid=False)
    make_bid(lot, amount_rials=1_400_000_000, submitted_on=AFTER_DEADLINE)
    assert lot.winning_bid == winner

    to_runner_up(lot, by=clerk)

    lot.refresh_from_db()
    winner.refresh_from_db()
    assert lot.winning_bid == earlier_tie != later_tie
    assert (winner.forfeited_on, winner.forfeit_reason) == (datetime.date(2025, 2, 10), Bid.ForfeitReason.WITHDREW)
    assert list(Bid.objects.forfeited()) == [winner]
    assert Mine.objects.get().status == Mine.Status.IN_AUCTION
    # Who did it, why, in the records' history; read in Persian.
    assert (winner.history.first().history_user, winner.history.first().history_change_reason) == (
        clerk, f"Forfeited (withdrew): auction {lot.auction.number}, lot 1")
    assert (lot.history.first().history_user, lot.history.first().history_change_reason) == (
        clerk, f"Offered to the runner-up: auction {lot.auction.number}, lot 1")
    with translation.override("fa"):
        assert strip_tags(describe(winner.history.first().history_change_reason)) == (
            f"ضبط (انصراف برنده): مزایده {lot.auction.number}، قطعه ۱")


def test_with_no_valid_bid_left_the_lot_fails_and_its_mine_is_idle_again(clerk):
    mine = make_mine()
    lot = awarded_lot(1_200_000_000, 1_100_000_000, mine=mine)
    make_bid(lot, amount_rials=1_300_000_000, deposit_paid=False)

    to_runner_up(lot)
    to_runner_up(lot, reason=Bid.ForfeitReason.NOT_SIGNED, forfeited_on=datetime.date(2025, 3, 20), by=clerk)

    lot.refresh_from_db()
    mine.refresh_from_db()
    assert lot.winning_bid is None and lot.auction.status == Auction.Status.AWARDED
    assert list(Lot.objects.failed()) == [lot] and list(Lot.objects.to_reoffer()) == [lot]
    assert mine.status == Mine.Status.IDLE
    assert (mine.history.first().history_user, mine.history.first().history_change_reason) == (
        clerk, f"No valid bid left: auction {lot.auction.number}, lot 1")
    assert sorted(Bid.objects.forfeited().values_list("forfeit_reason", flat=True)) == ["not_signed", "withdrew"]


@pytest.mark.parametrize(("forfeited_on", "allowed"), [
    (SIGNING_DEADLINE, False), (SIGNING_DEADLINE + datetime.timedelta(days=1), True)])
def test_a_contract_not_signed_goes_to_the_runner_up_only_after_the_signing_period(forfeited_on, allowed):
    lot = awarded_lot(1_500_000_000, 1_300_000_000)
    if allowed:
        to_runner_up(lot, reason=Bid.ForfeitReason.NOT_SIGNED, forfeited_on=forfeited_on)
        assert Lot.objects.get(pk=lot.pk).winning_bid.amount_rials == 1_300_000_000
        return
    before = state(lot, *lot.bids.all(), lot.mine)
    error = refused(to_runner_up, "۱۴۰۳/۱۲/۱۷", lot=lot, reason=Bid.ForfeitReason.NOT_SIGNED,
                    forfeited_on=forfeited_on)
    assert list(error.error_dict) == ["reason"]
    assert error.messages == ["برنده تا ۱۴۰۳/۱۲/۱۷ (۳۰ روز پس از واگذاری) فرصت امضا دارد؛ پس از آن روز، یا اگر "
                              "برنده انصراف دهد زودتر، قطعه به نفر دوم می‌رسد."]
    assert state(lot, *lot.bids.all(), lot.mine) == before


@override_settings(AUCTION_SIGNING_DAYS=10)
def test_the_signing_period_is_the_setting_and_counts_from_the_runner_ups_own_award():
    lot = awarded_lot(1_500_000_000, 1_300_000_000, 1_200_000_000)
    refused(to_runner_up, "۱۴۰۳/۱۱/۲۷", lot=lot, reason=Bid.ForfeitReason.NOT_SIGNED,
            forfeited_on=datetime.date(2025, 2, 15))
    to_runner_up(lot, reason=Bid.ForfeitReason.NOT_SIGNED, forfeited_on=datetime.date(2025, 2, 16))
    # The runner-up was awarded the lot on 16 February: it has until the 26th.
    refused(to_runner_up, "۱۴۰۳/۱۲/۰۸", lot=lot, reason=Bid.ForfeitReason.NOT_SIGNED,
            forfeited_on=datetime.date(2025, 2, 26))
    to_runner_up(lot, reason=Bid.ForfeitReason.NOT_SIGNED, forfeited_on=datetime.date(2025, 2, 27))
    assert Lot.objects.get(pk=lot.pk).winning_bid.amount_rials == 1_200_000_000


def test_a_withdrawal_is_dated_between_the_award_and_today():
    lot = awarded_lot(1_500_000_000, 1_300_000_000, 1_200_000_000)
    before = state(lot, *lot.bids.all())
    refused(to_runner_up, "تاریخ ضبط از ۱۴۰۳/۱۱/۱۴ به بعد است", lot=lot, forfeited_on=DEADLINE)
    refused(to_runner_up, "هنوز نرسیده", lot=lot, forfeited_on=datetime.date(2025, 6, 2))
    assert state(lot, *lot.bids.all()) == before
    to_runner_up(lot, forfeited_on=AFTER_DEADLINE)  # the first day the lot could be awarded
    # The runner-up's own forfeiture comes no earlier than the one before.
    refused(to_runner_up, "تاریخ ضبط از ۱۴۰۳/۱۱/۱۴ به بعد است", lot=lot, forfeited_on=AFTER_DEADLINE
            - datetime.timedelta(days=1))
    to_runner_up(lot, forfeited_on=AFTER_DEADLINE)


def test_a_runner_up_signs_after_its_own_award():
    lot = awarded_lot(1_500_000_000, 1_300_000_000)
    to_runner_up(lot, forfeited_on=datetime.date(2025, 3, 1))
    error = refused(services.sign_contract, "۱۴۰۳/۱۲/۱۱", lot=lot, signed_on=datetime.date(2025, 2, 28), by=None)
    assert list(error.error_dict) == ["signed_on"]

    services.sign_contract(lot=lot, signed_on=datetime.date(2025, 3, 1), by=None)

    mine = Mine.objects.get()
    assert (mine.status, mine.operator_name) == (Mine.Status.ACTIVE, "شرکت معدنی 2")
    assert list(Lot.objects.signed_with_runner_up()) == [lot]


def test_offering_to_the_runner_up_is_refused_without_a_winner_once_signed_or_when_the_winner_changed():
    lot = awarded_lot(1_500_000_000, 1_300_000_000, 1_200_000_000)
    first_winner = lot.winning_bid
    to_runner_up(lot)
    before = state(lot, *lot.bids.all(), lot.mine)
    # A second clerk, who saw the first winner, presses too.
    refused(to_runner_up, "دیگر به «شرکت معدنی 1» نمی‌رسد", lot=lot, winner=first_winner)
    assert state(lot, *lot.bids.all(), lot.mine) == before

    services.sign_contract(lot=lot, signed_on=datetime.date(2025, 3, 1), by=None)
    refused(to_runner_up, "امضا شده", lot=lot)
    unwanted = published_auction(make_mine()).lots.get()
    services.award_auction(auction=unwanted.auction, by=None, today=OPENING)
    refused(services.offer_to_runner_up, "برنده‌ای ندارد", lot=unwanted, winner=first_winner,
            reason=Bid.ForfeitReason.WITHDREW, forfeited_on=OPENING, by=None)
    assert Bid.objects.forfeited().count() == 1


# ---- second chances: offering a failed lot again -----------------------------------------------

LATER = {"announced_on": datetime.date(2025, 4, 1), "bid_deadline": datetime.date(2025, 5, 1),
         "opening_on": datetime.date(2025, 5, 5)}


def failed_lot(mine=None, base_price=BASE_PRICE):
    return make_failed_lot(mine, base_price, announced_on=ANNOUNCED, bid_deadline=DEADLINE, opening_on=OPENING)


@pytest.mark.parametrize(("base", "percent", "price"), [
    (1_000_000_000, 10, 900_000_000),
    (1_234_567_890, 10, 1_111_111_000),  # 1,111,111,101 to the nearest thousand
    (1_000_999, 10, 901_000),  # 900,899.1 rounds up
    (1_000_000_000, Decimal("12.5"), 875_000_000),
    (1_000_000_000, 0, 1_000_000_000),
    (1_000_000_000, 30, 700_000_000),
])
def test_a_failed_lot_is_offered_again_lower_by_the_reduction_rounded_to_1000_rials(base, percent, price):
    previous = failed_lot(base_price=base)
    draft = make_auction(**LATER)

    new = services.reoffer_lot(lot=previous, auction=draft, reduction_percent=percent, by=None)

    assert (new.auction, new.lot_number, new.mine, new.previous_lot, new.base_price_rials) == (
        draft, 1, previous.mine, previous, price)


def test_the_reduction_is_ten_percent_unless_said_and_never_outside_0_to_30():
    previous = failed_lot()
    draft = make_auction(**LATER)
    for percent in (Decimal("30.01"), -1):
        error = refused(services.reoffer_lot, "بین ۰ و ۳۰ درصد", lot=previous, auction=draft,
                        reduction_percent=percent, by=None)
        assert list(error.error_dict) == ["reduction_percent"]
    assert Lot.objects.count() == 1
    assert services.reoffer_lot(lot=previous, auction=draft, by=None).base_price_rials == 900_000_000


def test_a_lot_is_offered_again_into_a_new_draft_auction_with_its_history(clerk):
    previous = failed_lot()
    new_auction = Auction(number="AU-AGAIN", title="تجدید مزایده", deposit_rials=0, **LATER)

    new = services.reoffer_lot(lot=previous, auction=new_auction, by=clerk)

    assert (new.auction.number, new.auction.status) == ("AU-AGAIN", Auction.Status.DRAFT)
    assert (new.history.get().history_user, new.history.get().history_change_reason) == (
        clerk, f"Offered again from auction {previous.auction.number}, lot 1, 10 percent lower")
    assert new.auction.history.get().history_change_reason == (
        f"Created to offer again auction {previous.auction.number}, lot 1")
    with translation.override("fa"):
        assert strip_tags(describe(new.history.get().history_change_reason)) == (
            f"عرضهٔ دوباره از مزایده {previous.auction.number}، قطعه ۱، ۱۰ درصد ارزان‌تر")


def test_offering_again_is_refused_for_a_lot_that_did_not_fail_into_a_published_auction_or_twice():
    draft = make_auction(**LATER)
    won = awarded_lot(1_100_000_000)
    refused(services.reoffer_lot, "بی‌نتیجه نمانده", lot=won, auction=draft, by=None)
    under_way = published_auction(make_mine()).lots.get()
    refused(services.reoffer_lot, "بی‌نتیجه نمانده", lot=under_way, auction=draft, by=None)

    previous = failed_lot()
    published = published_auction(make_mine())
    refused(services.reoffer_lot, "فقط در مزایدهٔ پیش‌نویس", lot=previous, auction=published, by=None)
    services.reoffer_lot(lot=previous, auction=draft, by=None)
    other_draft = make_auction(**LATER)
    refused(services.reoffer_lot, f"در مزایده {draft.number}", lot=previous, auction=other_draft, by=None)
    assert other_draft.lots.count() == 0

    # Once that auction is cancelled, the lot may be offered again elsewhere.
    services.cancel_auction(auction=draft, by=None)
    assert services.reoffer_lot(lot=previous, auction=other_draft, by=None).previous_lot == previous


def test_offering_again_is_refused_when_the_mine_is_no_longer_idle_or_the_auction_comes_too_early():
    previous = failed_lot()
    early = make_auction()  # announced before the failed lot's bid deadline
    error = refused(services.reoffer_lot, "پس از آن روز آگهی شود", lot=previous, auction=early, by=None)
    assert list(error.error_dict) == ["previous_lot"]
    Mine.objects.filter(pk=previous.mine_id).update(status=Mine.Status.REVOKED)
    error = refused(services.reoffer_lot, "لغوشده", lot=previous, auction=make_auction(**LATER), by=None)
    assert list(error.error_dict) == ["mine"]
    assert Lot.objects.count() == 1


def test_a_mine_s_attempts_are_its_chain_of_lots_across_three_auctions():
    """Offered, no bid; offered again 10 % lower, no bid; a third time, won and signed."""
    mine = make_mine()
    first = failed_lot(mine)
    second_auction = make_auction(**LATER)
    second = services.reoffer_lot(lot=first, auction=second_auction, by=None)
    services.publish_auction(auction=second_auction, by=None)
    assert Mine.objects.get().status == Mine.Status.IN_AUCTION
    services.award_auction(auction=second_auction, by=None, today=datetime.date(2025, 5, 5))
    third_auction = make_auction(announced_on=datetime.date(2025, 6, 1), bid_deadline=datetime.date(2025, 7, 1),
                                 opening_on=datetime.date(2025, 7, 5))
    third = services.reoffer_lot(lot=Lot.objects.get(pk=second.pk), auction=third_auction, by=None)
    services.publish_auction(auction=third_auction, by=None)
    bid(third, 1, 810_000_000, submitted_on=datetime.date(2025, 6, 20))
    services.award_auction(auction=third_auction, by=None, today=datetime.date(2025, 7, 5))
    services.sign_contract(lot=third, signed_on=datetime.date(2025, 7, 20), by=None)

    assert [lot.base_price_rials for lot in (first, second, third)] == [1_000_000_000, 900_000_000, 810_000_000]
    assert Mine.objects.get().status == Mine.Status.ACTIVE
    assert attempts() == {second.pk: Attempt(2, first.pk, ANNOUNCED), third.pk: Attempt(3, first.pk, ANNOUNCED)}
    assert set(Lot.objects.chain(third.pk)) == {first, second, third}
    assert set(Lot.objects.chain(second.pk)) == {first, second}
    assert list(Lot.objects.chain(first.pk)) == [first]
    assert set(Lot.objects.reoffers()) == {second, third}


@on_postgres_in_transactions
def test_two_clerks_offering_to_the_runner_up_at_once_forfeit_one_winner(monkeypatch):
    """Both saw the first winner. The first holds the auction's and the lot's row locks until the
    second waits for them; the second then finds the lot gone to the runner-up and is refused.
    Without the locks both would forfeit, and the history would say so twice."""
    lot = awarded_lot(1_500_000_000, 1_300_000_000, 1_200_000_000)
    seen = lot.winning_bid

    outcomes = press_together(monkeypatch, "_refuse_forfeiture_day", lambda: services.offer_to_runner_up(
        lot=Lot.objects.get(pk=lot.pk), winner=seen, reason=Bid.ForfeitReason.WITHDREW,
        forfeited_on=datetime.date(2025, 2, 10), by=None, today=datetime.date(2025, 6, 1)))

    assert outcomes["first"] == "done"
    assert outcomes["second"] == ["قطعه ۱ دیگر به «شرکت معدنی 1» نمی‌رسد: پیش‌تر کسی آن را به نفر بعدی سپرده است. "
                                  "مزایده را دوباره باز کنید تا وضع آن را ببینید."]
    assert Lot.objects.get(pk=lot.pk).winning_bid.amount_rials == 1_300_000_000
    assert list(Bid.objects.forfeited()) == [seen]
    assert Bid.history.filter(id=seen.pk, forfeited_on__isnull=False).count() == 1


@on_postgres_in_transactions
def test_two_clerks_offering_a_failed_lot_again_at_once_make_one_new_lot(monkeypatch):
    """Each into a draft of their own: the first holds the failed lot's row lock until the second
    waits for it; the second then finds the lot offered again and is refused. Without the lock the
    mine would be offered twice."""
    previous = failed_lot()
    drafts = iter([make_auction(number="AU-FIRST", **LATER), make_auction(number="AU-SECOND", **LATER)])
    chosen = {}

    def press():
        auction = chosen.setdefault(threading.current_thread().name, next(drafts))
        services.reoffer_lot(lot=Lot.objects.get(pk=previous.pk), auction=auction, by=None)

    outcomes = press_together(monkeypatch, "_lock_mines", press)

    assert outcomes["first"] == "done"
    assert outcomes["second"] == [f"قطعه {previous} پیش‌تر دوباره عرضه شده است، در مزایده AU-FIRST."]
    assert list(Lot.objects.filter(previous_lot=previous).values_list("auction__number", flat=True)) == ["AU-FIRST"]
