"""The rules an auction's records check on their own: which mines can be lotted, when lots can be
added, which bids can win (the lifecycle itself is in test_services)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import Auction, Bid, Lot, Mine
from tests.factories import make_auction, make_bid, make_lot, make_mine

pytestmark = pytest.mark.django_db


def lot_errors(**fields):
    with pytest.raises(ValidationError) as caught:
        Lot(lot_number=9, base_price_rials=1_000_000_000, **fields).full_clean()
    return caught.value.message_dict


def test_only_an_idle_mine_can_be_lotted():
    mine = make_mine(status=Mine.Status.ACTIVE)

    assert lot_errors(auction=make_auction(), mine=mine) == {
        "mine": ["فقط معدن راکد را می‌توان به مزایده گذاشت؛ وضعیت این معدن «فعال» است."],
    }


def test_a_mine_in_a_lot_of_an_unfinished_auction_cannot_be_lotted_again():
    mine = make_mine()
    make_lot(make_auction(), mine)

    assert lot_errors(auction=make_auction(), mine=mine) == {
        "mine": ["این معدن هم‌اکنون در قطعه‌ای از یک مزایده ناتمام عرضه شده است."],
    }


def test_a_mine_of_a_failed_auction_can_be_lotted_again():
    mine = make_mine()
    failed = make_auction(status=Auction.Status.FAILED)
    Lot.objects.create(auction=failed, lot_number=1, mine=mine, base_price_rials=1)

    Lot(auction=make_auction(), lot_number=1, mine=mine, base_price_rials=1_000_000_000).full_clean()


def test_a_lot_of_a_past_auction_is_a_valid_record():
    """The lots import brings lots of auctions already decided, with their mines active by now."""
    awarded = make_auction(status=Auction.Status.AWARDED)
    Lot(auction=awarded, lot_number=1, mine=make_mine(status=Mine.Status.ACTIVE),
        base_price_rials=1_000_000_000).full_clean()


def test_the_database_refuses_one_mine_in_two_lots_of_an_auction():
    mine = make_mine()
    auction = make_auction()
    make_lot(auction, mine)

    with pytest.raises(IntegrityError), transaction.atomic():
        Lot.objects.create(auction=auction, lot_number=2, mine=mine, base_price_rials=1)


def test_a_contract_needs_a_winner_in_the_database():
    lot = make_lot()

    with pytest.raises(IntegrityError), transaction.atomic():
        Lot.objects.filter(pk=lot.pk).update(contract_signed_on=datetime.date(2025, 3, 1))


def test_bids_that_can_win_are_on_time_at_least_the_base_price_and_with_deposit():
    lot = make_lot(base_price_rials=1_000_000_000)  # deadline 2025-02-01
    on_the_day = make_bid(lot, amount_rials=1_000_000_000, submitted_on=datetime.date(2025, 2, 1))
    make_bid(lot, amount_rials=1_000_000_000, submitted_on=datetime.date(2025, 2, 2))
    make_bid(lot, amount_rials=999_999_999)
    make_bid(lot, amount_rials=2_000_000_000, deposit_paid=False)

    assert list(Bid.objects.valid()) == [on_the_day]
    assert list(Bid.objects.with_validity().order_by("pk").values_list("is_valid", flat=True)) == [
        True, False, False, False,
    ]
