"""One item of every kind of the worklist, for the tests of the page and of the reminders."""

import datetime

from registry import jalali
from registry.models import Auction
from tests.factories import (
    make_auction,
    make_bid,
    make_estate,
    make_handover,
    make_licence,
    make_lot,
    make_mine,
    make_obligation,
    make_producer,
    make_product,
    make_unit,
)

DAY = datetime.timedelta(days=1)


def licensed(code, name="واحد"):
    return make_licence(make_producer(county=code, name=name)).producer


def one_of_each(code):
    """Exactly one item of every kind in the county `code`."""
    today = jalali.today()
    overdue = licensed(code, "تعهد معوق")
    make_product(overdue, declared_on=today - 10 * DAY)
    make_obligation(overdue, notified_on=today - 90 * DAY, deadline=today - 5 * DAY)
    make_obligation(licensed(code, "تعهد نزدیک"), notified_on=today - 90 * DAY, deadline=today + 5 * DAY)
    make_licence(make_producer(county=code, name="پروانه رو به پایان"), issued_on=today - 700 * DAY,
                 expires_on=today + 10 * DAY)
    make_producer(county=code, name="بی‌پروانه")

    def auction(status, deadline):
        return make_lot(make_auction(status=status, announced_on=deadline - 30 * DAY, bid_deadline=deadline,
                                     opening_on=deadline + DAY), mine=make_mine(county=code))

    auction(Auction.Status.PUBLISHED, today - DAY)
    auction(Auction.Status.CLOSED, today - 3 * DAY)
    lot = auction(Auction.Status.AWARDED, today - 50 * DAY)
    lot.winning_bid = make_bid(lot, submitted_on=today - 60 * DAY)
    lot.save()
    make_handover(make_unit(make_estate(county=code)), identified_on=today - 100 * DAY)
    make_product(licensed(code, "کالای معطل"), declared_on=today - 40 * DAY)
