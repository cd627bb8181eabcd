"""The permission matrix of spec section 7 over every admin page of the registry and every report:
anonymous, clerk, supervisor and administrator × list, add, change (read and write), delete,
import, export, reports."""

import pytest
from django.contrib import admin
from django.test import Client

from registry import roles
from registry.models import ImportLog, Reconciliation
from tests import factories
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

# One record of each kind, for the change and delete pages.
RECORDS = {
    "county": lambda: factories.county("bijar"),
    "sector": lambda: factories.sector("food"),
    "mineral": lambda: factories.mineral("gold"),
    "office": lambda: factories.office("roads"),
    "producer": factories.make_producer,
    "licence": factories.make_licence,
    "product": factories.make_product,
    "smugglingitem": factories.make_smuggling_item,
    "obligation": factories.make_obligation,
    "inspection": factories.make_inspection,
    "mine": factories.make_mine,
    "shipment": factories.make_shipment,
    "auction": factories.make_auction,
    "lot": factories.make_lot,
    "bid": factories.make_bid,
    "estate": factories.make_estate,
    "unit": factories.make_unit,
    "handover": factories.make_handover,
    "employmentrecord": factories.make_employment,
    "importlog": lambda: ImportLog.objects.create(kind="producers", file_name="producers.csv",
                                                  source=ImportLog.Source.COMMAND, status=ImportLog.Status.IMPORTED),
    "reconciliation": lambda: Reconciliation.objects.create(file_name="national.csv",
                                                            source=Reconciliation.Source.COMMAND,
                                                            status=Reconciliation.Status.REVIEWED),
}
# Written only through the auction's steps, or by imports, never through their own pages.
STEP_RECORDS = {"lot", "bid", "importlog"}
# Written by the application only: never imported, exported or deleted.
APPLICATION_RECORDS = {"importlog", "reconciliation"}


def expected(role, model_name, action):
    """The HTTP status each role gets; 302 for anonymous users is the redirect to the login page."""
    if role == "anonymous":
        return 302
    if action in ("import", "export"):
        if model_name in APPLICATION_RECORDS:
            return 302  # neither imported nor exported: no such page, back to the index
        if action == "export" or role == "admin":
            return 200
        return 403 if role == "supervisor" or model_name in roles.REFERENCE_MODELS else 200
    if action == "list" or action == "view":
        return 200
    if model_name == "reconciliation" and action in ("add", "change"):
        # Uploading a national list (add) and applying it (change) take the right to add and
        # change products; an empty application is refused and the review shown again.
        if role == "supervisor":
            return 403
        return 200 if action == "add" else 302
    if role == "admin":
        if model_name in APPLICATION_RECORDS and action == "delete":
            return 403  # what the application recorded is never rewritten, not even by administrators
        return 403 if action in ("add", "change") and model_name in STEP_RECORDS else 200
    if role == "supervisor" or action == "delete":
        return 403
    # clerk, add or change
    return 403 if model_name in STEP_RECORDS or model_name in roles.REFERENCE_MODELS else 200


def test_every_registry_admin_is_in_the_matrix():
    registered = {model._meta.model_name for model in admin.site._registry if model._meta.app_label == "registry"}
    assert registered - {"countyassignment"} == set(RECORDS)


@pytest.mark.parametrize("role", ["anonymous", "clerk", "supervisor", "admin"])
def test_permission_matrix(role):
    users = {
        "clerk": lambda: logged_in(factories_user("clerk_m", roles.CLERK)),
        "supervisor": lambda: logged_in(factories_user("supervisor_m", roles.SUPERVISOR)),
        "admin": lambda: logged_in(factories_user("admin_m", None, superuser=True)),
        "anonymous": Client,
    }
    client = users[role]()
    wrong = []
    for name, make in RECORDS.items():
        record = make()
        base = f"/admin/registry/{name}/"
        post_data = {"post": "yes"}
        answers = {
            "import": client.get(f"{base}import/").status_code,
            "export": client.get(f"{base}export/").status_code,
            "list": client.get(base).status_code,
            "add": client.get(f"{base}add/").status_code,
            "view": client.get(f"{base}{record.pk}/change/").status_code,
            "change": client.post(f"{base}{record.pk}/change/", {}).status_code,
            "delete": client.post(f"{base}{record.pk}/delete/", post_data).status_code,
        }
        for action, status in answers.items():
            want = expected(role, name, action)
            # A change POST with an empty form re-renders with errors (200) for those who may change.
            if action == "change" and want == 200:
                want = 200
            if action == "delete" and want == 200:
                want = 302  # deleted, back to the list
            if status != want:
                wrong.append((name, action, status, want))
    assert wrong == []


def factories_user(username, group, superuser=False):
    from tests.conftest import make_user

    return make_user(username, group, superuser=superuser)


REPORT_PAGES = ["/reports/", *(f"/reports/{slug}/" for slug in (
    "transparency", "obligations", "smuggling", "mining", "auctions", "shipments", "industrial-space", "handovers",
    "employment", "licences"))]


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("clerk", 200), ("supervisor", 200), ("admin", 200), ("staff without a group", 403)])
def test_reports_matrix(role, status):
    users = {
        "anonymous": Client,
        "clerk": lambda: logged_in(factories_user("clerk_r", roles.CLERK)),
        "supervisor": lambda: logged_in(factories_user("supervisor_r", roles.SUPERVISOR)),
        "admin": lambda: logged_in(factories_user("admin_r", None, superuser=True)),
        "staff without a group": lambda: logged_in(factories_user("staff_r", None)),
    }
    client = users[role]()
    answers = {url: client.get(url).status_code for url in REPORT_PAGES}
    answers.update({f"{url} csv": client.get(url, {"format": "csv"}).status_code for url in REPORT_PAGES[1:]})
    assert set(answers.values()) == {status}, answers
    if role == "anonymous":
        assert client.get("/reports/").url.startswith("/admin/login/")
