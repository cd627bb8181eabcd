"""The audit trail: who changed what and when, per record and as one list; deleted records come back."""

import pytest

from registry.models import Producer
from tests.admin_forms import change_form_data
from tests.factories import make_producer

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
        "record"] == "واحد نخست"
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
