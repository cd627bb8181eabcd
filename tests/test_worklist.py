"""The worklist's kinds (registry/worklist.py): each at the boundaries of its dates, with exact
counts, the due day and the days late or left; the day counts as settings; counts, order and the
labels of the days."""

import datetime

import pytest
from django.test import override_settings
from django.utils import translation

from registry import jalali, worklist
from registry.models import Auction, Product
from tests.factories import (
    make_auction,
    make_bid,
    make_handover,
    make_licence,
    make_lot,
    make_mine,
    make_obligation,
    make_producer,
    make_product,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return jalali.today()


def found(kind, user, today):
    """[(record, due, days)] of one kind, most urgent first, after checking that its count agrees."""
    items = worklist.items(user, today, kinds=(worklist.BY_NAME[kind],))
    assert worklist.counts(user, today)[kind] == len(items)
    return [(item.record, item.due, item.days) for item in items]


def obliged(name, today, deadline, products=("pending",)):
    """A producer obliged in its sector with the given deadline, holding products in those states."""
    producer = make_producer(name=name)
    for status in products:
        make_product(producer, status=status, declared_on=today - 400 * DAY)
    return make_obligation(producer, notified_on=today - 400 * DAY, deadline=deadline)


class TestObligations:
    def test_overdue_from_the_day_after_the_deadline_unless_met(self, administrator, today):
        obliged("دیروز", today, today - DAY)
        obliged("صد روز پیش", today, today - 100 * DAY, products=("registered", "rejected"))
        obliged("امروز", today, today)
        obliged("برآورده", today, today - 50 * DAY, products=("registered", "registered"))

        assert found("obligation_overdue", administrator, today) == [
            ("صد روز پیش — لوازم خانگی", today - 100 * DAY, 100),
            ("دیروز — لوازم خانگی", today - DAY, 1),
        ]

    def test_due_soon_from_today_to_day_14_when_open(self, administrator, today):
        obliged("امروز", today, today)
        obliged("روز چهاردهم", today, today + 14 * DAY)
        obliged("روز پانزدهم", today, today + 15 * DAY)
        obliged("دیروز", today, today - DAY)
        obliged("برآورده", today, today + 3 * DAY, products=("registered",))
        obliged("بی‌کالا", today, today + 5 * DAY, products=())  # nothing declared yet: not met

        assert found("obligation_due_soon", administrator, today) == [
            ("امروز — لوازم خانگی", today, 0),
            ("بی‌کالا — لوازم خانگی", today + 5 * DAY, -5),
            ("روز چهاردهم — لوازم خانگی", today + 14 * DAY, -14),
        ]

    @override_settings(WORKLIST_OBLIGATION_DUE_SOON_DAYS=15)
    def test_the_window_is_a_setting(self, administrator, today):
        obliged("روز پانزدهم", today, today + 15 * DAY)
        assert [days for _record, _due, days in found("obligation_due_soon", administrator, today)] == [-15]


class TestLicences:
    def test_expiring_from_today_to_day_30_without_a_renewal(self, administrator, today):
        for number, expires in (("EXP-TODAY", today), ("EXP-30", today + 30 * DAY), ("EXP-31", today + 31 * DAY),
                                ("EXP-PAST", today - DAY)):
            make_licence(make_producer(name=number), number=number, issued_on=today - 700 * DAY, expires_on=expires)
        renewed = make_producer(name="تمدیدشده")
        make_licence(renewed, number="OLD", issued_on=today - 700 * DAY, expires_on=today + 10 * DAY)
        make_licence(renewed, number="NEW", issued_on=today - DAY, expires_on=today + 400 * DAY)
        forever = make_producer(name="بی‌انقضا")
        make_licence(forever, number="ENDING", issued_on=today - 700 * DAY, expires_on=today + 10 * DAY)
        make_licence(forever, number="OPEN-ENDED", issued_on=today - 10 * DAY, expires_on=None)
        make_licence(make_producer(name="جواز"), number="PERMIT", kind="establishment",
                     issued_on=today - 700 * DAY, expires_on=today + 5 * DAY)

        assert found("licence_expiring", administrator, today) == [
            ("EXP-TODAY — EXP-TODAY", today, 0),
            ("EXP-30 — EXP-30", today + 30 * DAY, -30),
        ]

    def test_two_licences_expiring_together_make_one_item(self, administrator, today):
        producer = make_producer(name="دو پروانه")
        make_licence(producer, number="A", issued_on=today - 700 * DAY, expires_on=today + 9 * DAY)
        make_licence(producer, number="B", issued_on=today - 600 * DAY, expires_on=today + 9 * DAY)
        assert found("licence_expiring", administrator, today) == [("B — دو پروانه", today + 9 * DAY, -9)]

    def test_unlicensed_active_producers(self, administrator, today):
        make_producer(name="بدون پروانه")
        make_licence(make_producer(name="منقضی"), issued_on=today - 700 * DAY, expires_on=today - DAY)
        make_licence(make_producer(name="تا امروز معتبر"), issued_on=today - 700 * DAY, expires_on=today)
        make_licence(make_producer(name="فقط جواز"), kind="establishment", issued_on=today - 700 * DAY,
                     expires_on=today + 100 * DAY)
        make_producer(name="راکد بدون پروانه", status="idle")

        assert sorted(found("unlicensed_active", administrator, today)) == [
            ("بدون پروانه", None, None), ("فقط جواز", None, None), ("منقضی", None, None)]


def auction(today, status, deadline_days_ago=10, opening_days_ago=None, **fields):
    """An auction announced 30 days before its deadline, opened 2 days after it unless told."""
    deadline = today - deadline_days_ago * DAY
    opening = deadline + 2 * DAY if opening_days_ago is None else today - opening_days_ago * DAY
    return make_auction(status=status, announced_on=deadline - 30 * DAY, bid_deadline=deadline, opening_on=opening,
                        **fields)


class TestAuctions:
    def test_to_close_the_day_after_the_deadline(self, administrator, today):
        auction(today, Auction.Status.PUBLISHED, deadline_days_ago=1, opening_days_ago=0, number="AU-LATE")
        make_auction(status=Auction.Status.PUBLISHED, announced_on=today - 9 * DAY, bid_deadline=today,
                     opening_on=today + DAY, number="AU-TODAY")
        auction(today, Auction.Status.CLOSED, number="AU-CLOSED")

        assert found("auction_to_close", administrator, today) == [
            (f"AU-LATE — {Auction.objects.get(number='AU-LATE').title}", today - DAY, 1)]

    def test_to_award_when_closed_and_undecided(self, administrator, today):
        closed = auction(today, Auction.Status.CLOSED, deadline_days_ago=3)
        for status in (Auction.Status.AWARDED, Auction.Status.FAILED, Auction.Status.PUBLISHED):
            auction(today, status)

        assert found("auction_to_award", administrator, today) == [
            (f"{closed.number} — {closed.title}", today - 3 * DAY, 3)]

    def test_contract_unsigned_more_than_30_days_after_the_award(self, administrator, today):
        def awarded_lot(opening_days_ago, signed=False):
            lot = make_lot(auction(today, Auction.Status.AWARDED, deadline_days_ago=opening_days_ago + 5,
                                   opening_days_ago=opening_days_ago), mine=make_mine(name=f"معدن {opening_days_ago}"))
            lot.winning_bid = make_bid(lot, submitted_on=today - (opening_days_ago + 10) * DAY)
            lot.contract_signed_on = today - DAY if signed else None
            lot.save()
            return lot

        late = awarded_lot(31)
        awarded_lot(30)
        awarded_lot(90, signed=True)
        make_lot(auction(today, Auction.Status.FAILED, deadline_days_ago=100, opening_days_ago=95))

        assert found("contract_unsigned", administrator, today) == [
            (f"{late.auction.number} / 1 — معدن 31", today - DAY, 1)]

    def test_a_runner_up_s_contract_is_due_from_its_own_award(self, administrator, today):
        """The lot was awarded 90 days ago; its winner forfeited 20 days ago, and the runner-up has
        until 10 days from now: not late yet. Had the winner forfeited 31 days ago, it would be."""
        lot = make_lot(auction(today, Auction.Status.AWARDED, deadline_days_ago=95, opening_days_ago=90),
                       mine=make_mine(name="معدن نفر دوم"))
        winner = make_bid(lot, submitted_on=today - 100 * DAY, amount_rials=1_300_000_000,
                          forfeited_on=today - 20 * DAY, forfeit_reason="withdrew")
        lot.winning_bid = make_bid(lot, submitted_on=today - 100 * DAY)
        lot.save()
        assert found("contract_unsigned", administrator, today) == []

        winner.forfeited_on = today - 31 * DAY
        winner.save()
        assert found("contract_unsigned", administrator, today) == [
            (f"{lot.auction.number} / 1 — معدن نفر دوم", today - DAY, 1)]

    @override_settings(AUCTION_SIGNING_DAYS=10)
    def test_the_signing_period_is_a_setting(self, administrator, today):
        lot = make_lot(auction(today, Auction.Status.AWARDED, deadline_days_ago=20, opening_days_ago=11))
        lot.winning_bid = make_bid(lot, submitted_on=today - 25 * DAY)
        lot.save()
        assert [days for _record, _due, days in found("contract_unsigned", administrator, today)] == [1]


class TestHandovers:
    def test_stalled_when_the_last_step_is_more_than_60_days_old(self, administrator, today):
        stalled = make_handover(identified_on=today - 61 * DAY)
        make_handover(identified_on=today - 60 * DAY)
        make_handover(identified_on=today - 300 * DAY, notified_on=today - 10 * DAY)
        relocated = make_handover(identified_on=today - 300 * DAY, notified_on=today - 200 * DAY,
                                  relocated_on=today - 100 * DAY)
        make_handover(identified_on=today - 300 * DAY, notified_on=today - 200 * DAY, relocated_on=today - 150 * DAY,
                      handed_over_on=today - 140 * DAY)

        assert found("handover_stalled", administrator, today) == [
            (str(relocated), today - 40 * DAY, 40),
            (str(stalled), today - DAY, 1),
        ]


class TestProducts:
    def test_pending_more_than_30_days_after_declaration(self, administrator, today):
        producer = make_producer(name="واحد")
        make_product(producer, name="سی و یک روزه", declared_on=today - 31 * DAY)
        make_product(producer, name="سی روزه", declared_on=today - 30 * DAY)
        make_product(producer, name="ثبت‌شده", declared_on=today - 90 * DAY, status=Product.Status.REGISTERED)
        make_product(producer, name="ردشده", declared_on=today - 90 * DAY, status=Product.Status.REJECTED)

        assert found("product_pending", administrator, today) == [("سی و یک روزه — واحد", today - DAY, 1)]

    @override_settings(WORKLIST_PRODUCT_PENDING_DAYS=7)
    def test_the_delay_is_a_setting(self, administrator, today):
        make_product(make_producer(name="واحد"), name="هشت روز", declared_on=today - 8 * DAY)
        assert found("product_pending", administrator, today) == [("هشت روز — واحد", today - DAY, 1)]


def test_an_item_goes_when_its_cause_does(administrator, today):
    product = make_product(make_producer(), declared_on=today - 40 * DAY)
    assert worklist.counts(administrator, today)["product_pending"] == 1
    product.status, product.goods_id, product.registered_on = Product.Status.REGISTERED, "6261234567897", today
    product.save()
    assert worklist.counts(administrator, today)["product_pending"] == 0


def test_counts_name_every_kind_and_count_only_those_asked_for(administrator, today):
    make_product(make_producer(name="بدون پروانه"), declared_on=today - 40 * DAY)
    assert worklist.counts(administrator, today) == {
        "obligation_overdue": 0, "obligation_due_soon": 0, "licence_expiring": 0, "unlicensed_active": 1,
        "auction_to_close": 0, "auction_to_award": 0, "contract_unsigned": 0, "handover_stalled": 0,
        "product_pending": 1,
    }
    only = worklist.counts(administrator, today, kinds=(worklist.BY_NAME["product_pending"],))
    assert only["product_pending"] == 1 and only["unlicensed_active"] == 0


def test_the_header_count_stops_at_its_cap(administrator, today, monkeypatch):
    for _ in range(4):
        make_product(make_licence().producer, declared_on=today - 40 * DAY)
    assert worklist.header_count(administrator, today) == (4, False)
    monkeypatch.setattr(worklist, "HEADER_CAP", 3)
    assert worklist.header_count(administrator, today) == (3, True)


def test_most_overdue_first_and_undated_last(administrator, today):
    producer = make_producer()  # active, unlicensed: an item without a due day
    make_product(producer, declared_on=today - 35 * DAY)
    obliged("نزدیک", today, today + 3 * DAY, products=())  # another unlicensed producer
    make_product(producer, declared_on=today - 90 * DAY)

    ordered = sorted(worklist.items(administrator, today), key=worklist.urgency)
    assert [(item.kind.name, item.days) for item in ordered] == [
        ("product_pending", 60), ("product_pending", 5), ("obligation_due_soon", -3), ("unlicensed_active", None),
        ("unlicensed_active", None)]


@pytest.mark.parametrize(("days", "fa", "en"), [
    (12, "۱۲ روز تأخیر", "12 days late"),
    (1, "۱ روز تأخیر", "1 day late"),
    (0, "موعد امروز", "due today"),
    (-3, "۳ روز مانده", "3 days left"),
    (None, "", ""),
])
def test_the_days_read_as_late_or_left(days, fa, en):
    item = worklist.Item(worklist.KINDS[0], None, "", "", None, None, None, days)
    with translation.override("fa"):
        assert item.lateness == fa
    with translation.override("en"):
        assert item.lateness == en


def test_reasons_say_the_day_counts_in_the_page_language(settings):
    settings.WORKLIST_HANDOVER_STALLED_DAYS = 60
    kind = worklist.BY_NAME["handover_stalled"]
    with translation.override("fa"):
        assert "۶۰" in kind.reason_text
    with translation.override("en"):
        assert kind.reason_text == "The unit is not handed over and its last step is more than 60 days old."


@pytest.mark.parametrize(("language", "code", "label"), [
    ("fa", "KD-PB-0026", '<bdi dir="ltr">KD-PB-0026</bdi> — <bdi>صنایع غذایی بیجار ۵</bdi>'),
    ("en", "KD-PB-0026", '<bdi dir="ltr">KD-PB-0026</bdi> — <bdi>صنایع غذایی بیجار 5</bdi>'),
    ("fa", None, "<bdi>صنایع غذایی بیجار ۵</bdi>"),
])
def test_an_item_s_label_isolates_its_code_and_its_name_a_number_in_the_name_in_the_page_s_digits(
        language, code, label):
    item = worklist.Item(worklist.KINDS[0], code, "صنایع غذایی بیجار 5", "", None, None, None, None)
    with translation.override(language):
        assert str(item.label) == label
    assert item.record == (f"{code} — صنایع غذایی بیجار 5" if code else "صنایع غذایی بیجار 5")
