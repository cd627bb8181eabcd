"""Login throttling, session lifetimes, two-factor login and the security headers."""

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry import security

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # tests/conftest.py's make_user


def log_in(client, username, password=PASSWORD, address="10.0.0.1", **extra):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password, **extra},
                       REMOTE_ADDR=address)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


class TestLoginThrottling:
    def test_five_failures_lock_that_username_from_that_address_for_15_minutes(self, client, clerk, supervisor):
        for _ in range(4):
            assert log_in(client, "clerk1", "wrong-password").status_code == 200
        assert log_in(client, "clerk1", "wrong-password").status_code == 429  # the fifth failure locks
        refused = log_in(client, "clerk1")  # even the right password is refused now
        assert refused.status_code == 429
        assert "۱۵ دقیقه" in refused.content.decode()
        assert "_auth_user_id" not in client.session

        # one person's typos never lock out the office behind the same address
        assert log_in(client, "supervisor1").status_code == 302
        client.logout()
        # nor the same person from another address
        assert log_in(client, "clerk1", address="10.0.0.2").status_code == 302
        client.logout()

        AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
        assert log_in(client, "clerk1").status_code == 302

    def test_four_failures_do_not_lock(self, client, clerk):
        for _ in range(4):
            log_in(client, "clerk1", "wrong-password")
        assert log_in(client, "clerk1").status_code == 302

    def test_forwarded_header_is_ignored_without_trusted_proxies(self, rf):
        request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert security.client_ip(request) == "10.0.0.1"
        with override_settings(TRUSTED_PROXY_COUNT=1):
            assert security.client_ip(request) == "1.2.3.4"
            request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
            assert security.client_ip(request) == "1.2.3.4"


class TestSessions:
    def test_a_session_ends_after_30_minutes_idle(self, clerk_client):
        assert clerk_client.get("/admin/").status_code == 200
        session = clerk_client.session
        session[security.SEEN_AT] = int(time.time()) - 30 * 60 - 5
        session.save()
        response = clerk_client.get("/admin/")
        assert response.status_code == 302 and response.url.startswith("/admin/login/")
        assert "_auth_user_id" not in clerk_client.session

    def test_a_session_ends_after_10_hours_even_when_active(self, clerk_client):
        clerk_client.get("/admin/")
        session = clerk_client.session
        session[security.LOGIN_AT] = int(time.time()) - 10 * 60 * 60 - 5
        session.save()
        assert clerk_client.get("/admin/").status_code == 302

    def test_an_active_session_goes_on(self, clerk_client):
        clerk_client.get("/admin/")
        session = clerk_client.session
        session[security.SEEN_AT] = int(time.time()) - 29 * 60
        session.save()
        assert clerk_client.get("/admin/").status_code == 200


class TestTwoFactor:
    def make_device(self, user):
        return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    def test_a_user_with_a_device_needs_the_code(self, client, supervisor):
        device = self.make_device(supervisor)
        response = log_in(client, "supervisor1")
        assert response.status_code == 200
        assert "کد یک‌بار مصرف" in response.content.decode()
        assert log_in(client, "supervisor1", otp_token="000000").status_code == 200
        device.refresh_from_db()
        device.throttle_reset()  # a wrong code makes the device wait before the next try
        assert log_in(client, "supervisor1", otp_token=current_code(device)).status_code == 302

    def test_users_without_a_device_log_in_with_their_password(self, client, clerk):
        assert log_in(client, "clerk1").status_code == 302

    @override_settings(TWO_FACTOR_REQUIRED=True)
    def test_when_required_supervisors_must_set_it_up_first(self, client, supervisor, clerk):
        assert log_in(client, "supervisor1").status_code == 302
        response = client.get("/admin/")
        assert response.status_code == 302 and response.url == "/admin/two-factor/"
        page = client.get("/admin/two-factor/")
        assert page.status_code == 200 and "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=supervisor)
        assert client.post("/admin/two-factor/", {"token": current_code(device)}).status_code == 302
        assert client.get("/admin/").status_code == 200
        client.logout()
        # clerks are not obliged
        assert log_in(client, "clerk1").status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_a_password_alone_cannot_replace_an_existing_device(self, client, supervisor):
        self.make_device(supervisor)
        client.force_login(supervisor)  # the password, without the code
        assert client.get("/admin/two-factor/").status_code == 302
        assert TOTPDevice.objects.filter(user=supervisor).count() == 1


def test_security_headers(client):
    response = client.get("/admin/login/")
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                      "object-src 'none'", "form-action 'self'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
