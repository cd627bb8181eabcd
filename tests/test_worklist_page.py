"""/worklist/ (registry/views.py): the items of the user's counties, the filters, the JSON, the
admin lists behind every count, the header's count, where each role lands after logging in, and
a fixed number of queries."""

import datetime

import pytest
from django.test import Client
from django.utils import translation

from registry import jalali, worklist
from registry.models import CountyAssignment
from tests.conftest import logged_in, make_user
from tests.factories import county, make_licence, make_producer, make_product
from tests.querycount import count_queries
from tests.worklist_items import one_of_each

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
URL = "/worklist/"
KIND_NAMES = [kind.name for kind in worklist.KINDS]


@pytest.fixture
def baneh_clerk():
    user = make_user("baneh_clerk", "clerk")
    CountyAssignment.objects.create(user=user, county=county("baneh"))
    return user


def as_json(client, **params):
    response = client.get(URL, {"format": "json", **params})
    assert response.status_code == 200, response.content
    return response.json()


class TestScope:
    def test_a_clerk_with_counties_sees_only_theirs(self, baneh_clerk):
        one_of_each("baneh")
        one_of_each("sanandaj")
        data = as_json(logged_in(baneh_clerk))
        assert data["counts"] == dict.fromkeys(KIND_NAMES, 1)
        assert len(data["items"]) == 9

    def test_a_clerk_without_counties_supervisors_and_administrators_see_the_province(
            self, clerk_client, supervisor_client, admin_client_):
        one_of_each("baneh")
        one_of_each("sanandaj")
        for client in (clerk_client, supervisor_client, admin_client_):
            assert as_json(client)["counts"] == dict.fromkeys(KIND_NAMES, 2)

    def test_supervisors_read_without_actions(self, supervisor_client, clerk_client):
        one_of_each("baneh")
        page = supervisor_client.get(URL)
        assert all(item.action_url is None for group in page.context["groups"] for item in group.items)
        assert 'class="button"' not in page.content.decode()
        groups = clerk_client.get(URL).context["groups"]
        assert all(item.action_url for group in groups for item in group.items)

    def test_anonymous_users_are_sent_to_the_login(self, client):
        response = client.get(URL)
        assert response.status_code == 302 and response.url.startswith("/admin/login/")


class TestFilters:
    def test_by_county(self, clerk_client):
        one_of_each("baneh")
        one_of_each("sanandaj")
        assert as_json(clerk_client, county="baneh")["counts"] == dict.fromkeys(KIND_NAMES, 1)

    def test_only_the_counties_of_the_clerk(self, baneh_clerk):
        response = logged_in(baneh_clerk).get(URL, {"county": "sanandaj", "format": "json"})
        assert response.status_code == 400 and "county" in response.json()["errors"]
        assert logged_in(baneh_clerk).get(URL, {"county": "sanandaj"}).status_code == 400

    def test_by_kind(self, clerk_client):
        one_of_each("baneh")
        one_of_each("sanandaj")
        data = as_json(clerk_client, kind="product_pending")
        assert data["counts"] == {**dict.fromkeys(KIND_NAMES, 0), "product_pending": 2}
        assert {item["kind"] for item in data["items"]} == {"product_pending"}

    def test_an_unknown_format_is_refused(self, clerk_client):
        assert clerk_client.get(URL, {"format": "csv"}).status_code == 400


class TestJson:
    def test_shape(self, clerk_client):
        today = jalali.today()
        product = make_product(make_licence(make_producer(county="baneh", name="واحد")).producer, name="کالا",
                               declared_on=today - 45 * DAY)
        data = as_json(clerk_client)
        assert set(data) == {"counts", "items"}
        assert data["counts"] == {**dict.fromkeys(KIND_NAMES, 0), "product_pending": 1}
        assert data["items"] == [{"kind": "product_pending", "record": "کالا — واحد",
                                  "url": f"/admin/registry/product/{product.pk}/change/",
                                  "due": (today - 15 * DAY).isoformat(), "days": 15}]

    def test_most_overdue_first(self, clerk_client):
        one_of_each("baneh")
        assert [(item["kind"], item["days"]) for item in as_json(clerk_client)["items"]] == [
            ("handover_stalled", 40), ("contract_unsigned", 19), ("product_pending", 10), ("obligation_overdue", 5),
            ("auction_to_award", 3), ("auction_to_close", 1), ("obligation_due_soon", -5),
            ("licence_expiring", -10), ("unlicensed_active", None),  # no due day: last
        ]


class TestPage:
    def test_groups_with_counts_reasons_and_links(self, clerk_client):
        one_of_each("baneh")
        with translation.override("fa"):
            response = clerk_client.get(URL)
        html = response.content.decode()
        assert [(group.kind.name, group.count, len(group.items)) for group in response.context["groups"]] == [
            (name, 1, 1) for name in KIND_NAMES]
        assert "تعهد معوق — لوازم خانگی" in html
        assert "۵ روز تأخیر" in html  # the overdue obligation
        producer_url = response.context["groups"][0].items[0].url
        assert clerk_client.get(producer_url).context["original"].name == "تعهد معوق"

    def test_every_count_leads_to_the_list_of_exactly_those_records(self, clerk_client, baneh_clerk):
        one_of_each("baneh")
        one_of_each("sanandaj")
        one_of_each("sanandaj")
        baneh_client = logged_in(baneh_clerk)
        for client, params, expected in ((clerk_client, {}, 3), (clerk_client, {"county": "sanandaj"}, 2),
                                         (clerk_client, {"county": "baneh"}, 1), (baneh_client, {}, 1)):
            for group in client.get(URL, params).context["groups"]:
                assert group.count == expected
                changelist = client.get(group.list_url).context["cl"]
                assert changelist.result_count == expected, group.kind.name
                shown = {spec.parameter_name: spec.value() for spec in changelist.filter_specs
                         if hasattr(spec, "parameter_name")}
                assert shown["worklist"] == group.kind.name  # the filter is visibly on

    def test_nothing_due_says_so(self, clerk_client):
        with translation.override("fa"):
            html = clerk_client.get(URL).content.decode()
        assert "امروز در شهرستان‌های شما هیچ کار سررسیده یا عقب‌افتاده‌ای نیست." in html
        with translation.override("fa"):
            html = clerk_client.get(URL, {"kind": "auction_to_close"}).content.decode()
        assert "امروز موردی از «مزایده‌های منتظر پایان دریافت پیشنهاد» نیست." in html

    def test_a_fixed_number_of_queries_whatever_the_number_of_items(self, clerk_client, baneh_clerk):
        one_of_each("baneh")
        few = count_queries(clerk_client, URL), count_queries(clerk_client, URL + "?format=json")
        for _ in range(4):
            one_of_each("baneh")
        many = count_queries(clerk_client, URL), count_queries(clerk_client, URL + "?format=json")
        # session, user, 2 × permissions, the user's counties and their records (the county
        # filter's choices), the counts of every kind, one per kind for its items; the page's
        # header reuses the counts
        assert few == many == (16, 16)
        assert count_queries(logged_in(baneh_clerk), URL + "?county=baneh") == 17  # + the header's own count


class TestHeader:
    def test_a_clerk_reads_the_number_of_items(self, clerk_client):
        one_of_each("baneh")
        with translation.override("fa"):
            html = clerk_client.get("/admin/").content.decode()
        assert '<a href="/worklist/" id="worklist-link">کارتابل (۹)</a>' in html

    def test_a_supervisor_gets_the_link_without_a_count(self, supervisor_client):
        one_of_each("baneh")
        with translation.override("fa"):
            html = supervisor_client.get("/admin/").content.decode()
        assert '<a href="/worklist/" id="worklist-link">کارتابل</a>' in html

    def test_past_the_cap_the_header_says_so(self, clerk_client, monkeypatch):
        one_of_each("baneh")
        monkeypatch.setattr(worklist, "HEADER_CAP", 5)
        with translation.override("fa"):
            html = clerk_client.get("/admin/").content.decode()
        assert '<a href="/worklist/" id="worklist-link">کارتابل (۵+)</a>' in html


class TestLanding:
    @staticmethod
    def log_in(username, **params):
        """Where the login form leads `username`, posted as a browser posts it (with its `next`)."""
        client = Client()
        form = client.get("/admin/login/", params)
        response = client.post(form.request["PATH_INFO"] + (f"?next={params['next']}" if params else ""), {
            "username": username, "password": "a-long-test-password", "next": form.context["next"]}, follow=True)
        assert response.status_code == 200
        return response.redirect_chain[-1][0]

    def test_clerks_land_on_the_worklist(self, clerk):
        assert self.log_in(clerk.username) == URL

    def test_supervisors_land_on_the_reports_and_administrators_on_the_admin(self, supervisor, administrator):
        assert self.log_in(supervisor.username) == "/reports/"
        assert self.log_in(administrator.username) == "/admin/"

    def test_a_page_asked_for_comes_first(self, clerk):
        assert self.log_in(clerk.username, next="/admin/registry/producer/") == "/admin/registry/producer/"

    def test_the_root_leads_to_the_login_or_the_starting_page(self, client, clerk_client):
        assert client.get("/").url == "/admin/login/"
        assert clerk_client.get("/").url == URL


def test_the_worklist_page_offers_clerks_no_link_meant_for_machines(clerk_client):
    """The JSON is for send_reminders and other programs; the page a clerk reads does not link it."""
    one_of_each("baneh")
    html = clerk_client.get(URL).content.decode()
    assert "format=json" not in html and ">JSON<" not in html
    assert clerk_client.get(URL + "?format=json").json()["counts"]
