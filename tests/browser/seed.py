"""What the browser journeys start from, written into the fresh database of the app under test.

Run inside the app's environment (`manage.py shell --command "from tests.browser.seed import run; run()"`)
after `migrate` and `load_demo`: the users with known passwords, and the few records a journey
needs that the clerk does not create in the journey itself. Every key is distinct from the demo
data's, so the journeys find exactly these records.
"""

# Known only to the test run: the database lives in a temporary directory and is thrown away.
PASSWORD = "browser-journey-password"

# username: (group, superuser). `clerk2` exists to be locked out without locking anyone else.
USERS = {
    "clerk": ("clerk", False),
    "clerk2": ("clerk", False),
    "supervisor": ("supervisor", False),
    "admin": (None, True),
}

SEED_PRODUCER_NAME = "واحد نمونه آزمون مرورگر"
SEED_MINE_NAME = "معدن راکد آزمون مرورگر"
SEED_MINE_LICENCE = "BROWSER-M-0001"
# Second chances: an awarded lot whose winner will withdraw, and a lot that found no bid.
RUNNER_UP_AUCTION = "BROWSER-AU-RUNNER-UP"
RUNNER_UP_BIDDERS = ("شرکت معدنی برنده آزمون", "شرکت معدنی نفر دوم آزمون")
REOFFER_AUCTION = "BROWSER-AU-FAILED"
REOFFER_MINE_NAME = "معدن بی‌خریدار آزمون"
REOFFER_MINE_LICENCE = "BROWSER-M-0003"
# A food producer of Baneh whose two products wait for goods IDs the national list holds.
RECONCILED_PRODUCER_ID = 987_655
RECONCILED_PRODUCTS = ("دوغ محلی آزمون", "پنیر کوزه‌ای آزمون")


def run():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.factories import legal_id, make_licence, make_mine, make_producer, make_product

    users = get_user_model()
    for username, (group, superuser) in USERS.items():
        user, _created = users.objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = superuser
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=group)] if group else [])

    producer = make_producer(national_id=legal_id(987_654), name=SEED_PRODUCER_NAME, county="sanandaj")
    make_licence(producer, number="BROWSER-OP-0001")
    make_mine(licence_number=SEED_MINE_LICENCE, name=SEED_MINE_NAME, county="saqqez")
    reconciled = make_producer(national_id=legal_id(RECONCILED_PRODUCER_ID), name="لبنیات آزمون تطبیق",
                               county="baneh", sector="food")
    for name in RECONCILED_PRODUCTS:
        make_product(reconciled, name=name, sector="food")
    second_chances()


def second_chances():
    """An auction of Saqqez awarded today whose winner has not signed, its runner-up 100 million
    rials lower; and one that closed to bids 90 days ago without any, its lot failed."""
    import datetime

    from registry import jalali, services
    from tests.factories import legal_id, make_auction, make_lot, make_mine

    day, today = datetime.timedelta(days=1), jalali.today()
    auction = make_auction(number=RUNNER_UP_AUCTION, title="مزایده آزمون نفر دوم", announced_on=today - 60 * day,
                           bid_deadline=today - 20 * day, opening_on=today - 15 * day)
    lot = make_lot(auction, make_mine(licence_number="BROWSER-M-0002", name="معدن آزمون نفر دوم", county="saqqez"))
    services.publish_auction(auction=auction, by=None)
    for number, (name, amount) in enumerate(zip(RUNNER_UP_BIDDERS, (1_400_000_000, 1_300_000_000), strict=True)):
        services.record_bid(lot=lot, bidder_national_id=legal_id(987_700 + number), bidder_name=name,
                            amount_rials=amount, deposit_paid=True, submitted_on=today - 30 * day, by=None)
    services.award_auction(auction=auction, by=None)

    failed = make_auction(number=REOFFER_AUCTION, title="مزایده آزمون بی‌پیشنهاد", announced_on=today - 120 * day,
                          bid_deadline=today - 90 * day, opening_on=today - 85 * day)
    make_lot(failed, make_mine(licence_number=REOFFER_MINE_LICENCE, name=REOFFER_MINE_NAME, county="saqqez"),
             base_price_rials=1_000_000_000)
    services.publish_auction(auction=failed, by=None)
    services.award_auction(auction=failed, by=None)
