"""The audit trail: who changed what and when, per record and as one list; deleted records come back."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

from registry import history, importing
from registry.models import Producer
from tests.admin_forms import change_form_data
from tests.factories import county, legal_id, make_producer, sector
from tests.querycount import count_queries

SAMPLES = Path(__file__).resolve().parent / "samples"

pytestmark = pytest.mark.django_db


def test_every_change_and_deletion_is_in_the_audit_list(clerk_client, admin_client_, supervisor_client):
    producer = make_producer(name="واحد نخست", employees=5)
    url = f"/admin/registry/producer/{producer.pk}/change/"
    data = change_form_data(clerk_client.get(url))
    data["employees"] = "9"
    assert clerk_client.post(url, data).status_code == 302
    assert admin_client_.post(f"/admin/registry/producer/{producer.pk}/delete/", {"post": "yes"}).status_code == 302

    response = supervisor_client.get("/admin/audit/", {"kind": "producer"})
    assert response.status_code == 200
    entries = [(e["action_code"], str(e["user"] or "")) for e in response.context["entries"]]
    assert entries == [("-", "admin1"), ("~", "clerk1"), ("+", "")]
    assert supervisor_client.get("/admin/audit/", {"kind": "producer", "action": "-"}).context["entries"][0][
        "record"] == "<bdi>واحد نخست</bdi>"
    assert len(supervisor_client.get("/admin/audit/", {"user": response.context["form"].fields["user"].queryset.get(
        username="clerk1").pk}).context["entries"]) == 1


def test_a_record_history_shows_before_and_after_in_jalali(clerk_client, supervisor_client):
    producer = make_producer(name="واحد نخست", employees=5)
    url = f"/admin/registry/producer/{producer.pk}/change/"
    data = change_form_data(clerk_client.get(url))
    data["employees"] = "9"
    clerk_client.post(url, data)
    html = supervisor_client.get(f"/admin/registry/producer/{producer.pk}/history/").content.decode()
    assert "تعداد کارکنان:</strong>" in html and "5" in html and "9" in html
    assert "style=" not in html.split("<body")[1].split("<svg")[0]


def test_an_administrator_recovers_a_deleted_record_from_its_history(admin_client_):
    producer = make_producer(name="واحد حذف‌شده")
    pk = producer.pk
    admin_client_.post(f"/admin/registry/producer/{pk}/delete/", {"post": "yes"})
    assert not Producer.objects.filter(pk=pk).exists()
    last_version = Producer.history.filter(id=pk, history_type="~").first() or \
        Producer.history.filter(id=pk).exclude(history_type="-").latest("history_date")
    form_url = f"/admin/registry/producer/{pk}/history/{last_version.history_id}/"
    page = admin_client_.get(form_url)
    assert page.status_code == 200
    response = admin_client_.post(form_url, change_form_data(page))
    assert response.status_code == 302
    assert Producer.objects.get(pk=pk).name == "واحد حذف‌شده"


def visible(html):
    """The text a person reads in the page's content, markup and white-space runs removed."""
    content = html.split('<div id="content"', 1)[1].split('<footer', 1)[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", content)))


def changed_producer(clerk_client):
    """A producer written by the demo data, then changed by a clerk: status, county, employees."""
    producer = Producer(national_id=legal_id(5), name="واحد نخست", county=county("sanandaj"),
                        sector=sector(), status=Producer.Status.ACTIVE, employees=5)
    producer._change_reason = history.reason(history.DEMO_DATA)
    producer.save()
    url = f"/admin/registry/producer/{producer.pk}/change/"
    data = change_form_data(clerk_client.get(url))
    data.update(status="idle", county=county("baneh").pk, employees="۱٬۲۵۰")
    assert clerk_client.post(url, data).status_code == 302
    return producer


@pytest.mark.parametrize(("language", "expected"), [
    ("fa", ["وضعیت: فعال ← راکد", "تعداد کارکنان: ۵ ← ۱٬۲۵۰", "شهرستان: سنندج ← بانه", "داده‌های نمایشی", "سامانه",
            "۲ نسخه", "clerk1"]),
    ("en", ["Status: active → idle", "Employees: 5 → 1,250", "County: Sanandaj → Baneh", "Demo data", "the system",
            "2 versions", "clerk1"]),
])
def test_a_record_history_reads_in_each_language_without_code_words(clerk_client, language, expected):
    producer = changed_producer(clerk_client)
    clerk_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = visible(clerk_client.get(f"/admin/registry/producer/{producer.pk}/history/").content.decode())
    assert [phrase for phrase in expected if phrase not in text] == []
    leftovers = ["HISTORY_CHANGE_REASON", "history_change_reason", "None", "True", "False", "load_demo", "sanandaj"]
    if language == "fa":
        leftovers += ["active", "idle", "Demo data"]
    assert [word for word in leftovers if word in text] == []


def test_a_record_history_costs_the_same_queries_for_2_versions_or_12(clerk_client):
    producer = changed_producer(clerk_client)
    url = f"/admin/registry/producer/{producer.pk}/history/"
    few = count_queries(clerk_client, url)
    for employees in range(10):
        producer.employees = employees
        producer.save()
    assert count_queries(clerk_client, url) == few


def import_producers():
    """The sample producers (and the estates they are in) from the command line."""
    for kind, name in (("estates", "02_estates.csv"), ("producers", "03_producers.csv")):
        assert importing.import_file(kind, (SAMPLES / name).read_bytes(), name).ok


@pytest.mark.parametrize(("language", "reason", "user", "kind"), [
    ("fa", 'ورود از فایل <bdi dir="ltr">03_producers.csv</bdi> با خط فرمان', "سامانه", "واحد تولیدی"),
    ("en", 'Imported from the file <bdi dir="ltr">03_producers.csv</bdi> on the command line', "the system",
     "producer"),
])
def test_the_audit_trail_reads_in_each_language_with_file_names_isolated(supervisor_client, language, reason, user,
                                                                         kind):
    import_producers()
    supervisor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = supervisor_client.get("/admin/audit/", {"kind": "producer"}).content.decode()
    rows = re.findall(r'<tr class="action-\+">(.*?)</tr>', html, re.DOTALL)
    assert len(rows) == 50
    cells = re.findall(r"<td>(.*?)</td>", rows[0], re.DOTALL)
    assert (cells[1], cells[4], cells[5]) == (kind, user, reason)
    assert "import_records" not in visible(html)


def test_the_audit_trail_costs_one_query_a_kind_however_long_it_is(supervisor_client):
    make_producer()
    one = count_queries(supervisor_client, "/admin/audit/")
    import_producers()
    assert count_queries(supervisor_client, "/admin/audit/") == one
