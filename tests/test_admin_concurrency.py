"""Two clerks editing the same record: the second save is refused, not silently lost."""

import pytest
from django.test import Client

from tests.admin_forms import change_form_data
from tests.conftest import make_user
from tests.factories import make_producer

pytestmark = pytest.mark.django_db


def test_the_second_of_two_concurrent_saves_is_refused_with_what_changed(clerk_client):
    producer = make_producer(name="کاشی کردستان", employees=10)
    url = f"/admin/registry/producer/{producer.pk}/change/"
    other = make_user("clerk2", "clerk")
    second_client = Client()
    second_client.force_login(other)

    # both open the form
    first_form = change_form_data(clerk_client.get(url))
    second_form = change_form_data(second_client.get(url))

    first_form["employees"] = "12"
    assert clerk_client.post(url, first_form).status_code == 302

    second_form["name"] = "کاشی زاگرس"
    response = second_client.post(url, second_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "clerk1" in html and "تعداد کارکنان" in html
    assert "Nothing of yours was saved" not in html  # it is said in Persian
    producer.refresh_from_db()
    assert (producer.name, producer.employees, producer.version) == ("کاشی کردستان", 12, 2)

    # opened again, the second clerk's change goes through
    fresh = change_form_data(second_client.get(url))
    fresh["name"] = "کاشی زاگرس"
    assert second_client.post(url, fresh).status_code == 302
    producer.refresh_from_db()
    assert (producer.name, producer.employees, producer.version) == ("کاشی زاگرس", 12, 3)
