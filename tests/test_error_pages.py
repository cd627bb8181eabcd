"""The pages of refused, missing, stale and failed requests: Persian first, in the admin's frame
where there is a user, and free of inline style and script (the Content-Security-Policy would
block them)."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

# A style element or attribute, or a script without a src.
INLINE = re.compile(r"<style|\sstyle=|<script>|<script(?![^>]*\ssrc=)[^>]*>")


def page(response, status):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert not INLINE.search(html), INLINE.search(html)
    return html


def test_a_refused_page_is_persian_and_keeps_the_user_in_the_admin(supervisor_client):
    html = page(supervisor_client.get("/admin/registry/producer/add/"), 403)
    assert "<h1>به این صفحه دسترسی ندارید</h1>" in html
    assert "حذف کردن فقط با مدیران سامانه است" in html
    # The user tools stay: language switch and logging out.
    assert 'id="logout-form"' in html and 'value="en"' in html


def test_a_missing_page_is_persian_for_users_and_visitors(clerk_client):
    html = page(clerk_client.get("/admin/no-such-page/"), 404)
    assert "<h1>این صفحه وجود ندارد</h1>" in html and 'id="logout-form"' in html
    html = page(Client().get("/no-such-page/"), 404)
    assert "<h1>این صفحه وجود ندارد</h1>" in html and 'id="logout-form"' not in html


@pytest.mark.parametrize("visit_first", (False, True), ids=("no cookie", "stale token"))
def test_a_form_failing_the_csrf_check_is_refused_in_persian(visit_first):
    client = Client(enforce_csrf_checks=True)
    if visit_first:
        client.get("/admin/login/")
    html = page(client.post("/admin/login/", {"username": "clerk1", "csrfmiddlewaretoken": "x" * 64}), 403)
    assert "<h1>این فرم دیگر معتبر نیست</h1>" in html
    assert "فرمی که فرستاد دیگر معتبر نیست. چیزی ذخیره نشد." in html


def test_the_server_error_page_needs_no_context():
    with translation.override("fa"):
        html = render_to_string("500.html")
    assert '<html lang="fa" dir="rtl">' in html and "<h1>خطایی رخ داد</h1>" in html
    assert not INLINE.search(html)
