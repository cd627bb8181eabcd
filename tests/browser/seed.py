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
