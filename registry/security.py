"""Login and session safeguards: client address for throttling, session lifetimes, the optional
second factor (TOTP) and its enforcement for administrators and supervisors."""

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin

from registry.roles import SUPERVISOR
from registry.text import digits_to_ascii

LOGIN_AT = "shafaf_login_at"
SEEN_AT = "shafaf_seen_at"
# A session's last-seen time is written at most this often (seconds), not on every request.
SEEN_GRANULARITY = 60


def client_ip(request):
    """The address login throttling counts by.

    Behind TRUSTED_PROXY_COUNT reverse proxies, each appends the address it received from; the
    client is the entry that many places from the right of X-Forwarded-For. Without proxies
    the header is ignored, so a client cannot choose its own address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def needs_second_factor(user):
    """Administrators and supervisors must use TOTP when the setting TWO_FACTOR_REQUIRED is on."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=SUPERVISOR).exists()


class LoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin login: username and password, plus the one-time code for users who set up TOTP."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("One-time code"), required=False, max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}),
        help_text=_("Only if you set up two-factor login: the 6 digits your authenticator app shows."),
    )
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the one-time code from your authenticator app."),
        "invalid_token": _("The one-time code is wrong or has expired. Try the current code."),
    }

    def _chosen_device(self, user):
        # Each user has at most one authenticator (TOTP), so the form does not ask which.
        return super()._chosen_device(user) or next(devices_for_user(user), None)

    def clean(self):
        if self.data.get("otp_token"):
            self.data = self.data.copy()
            self.data["otp_token"] = digits_to_ascii(self.data["otp_token"]).replace(" ", "")
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            self.clean_otp(user)
        return cleaned


def start_session_clock(sender, request, user, **kwargs):
    """user_logged_in: the ten-hour limit counts from here."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class SessionLifetimeMiddleware:
    """Ends a session after 30 minutes idle or 10 hours in all (settings SESSION_IDLE_SECONDS and
    SESSION_MAX_SECONDS), writing the session only when its last-seen time is a minute old."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            if now - seen_at > settings.SESSION_IDLE_SECONDS or now - login_at > settings.SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, _("Your session ended; please log in again."))
                return redirect(f"{reverse('admin:login')}?next={request.path}")
            if now - seen_at >= SEEN_GRANULARITY or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """With TWO_FACTOR_REQUIRED, administrators and supervisors without a verified second factor
    can only reach the page that sets one up (and log out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if needs_second_factor(user) and not user.is_verified():
            allowed = {reverse("two_factor_setup"), reverse("admin:logout"), reverse("set_language")}
            static = "/" + settings.STATIC_URL.lstrip("/")
            if request.path not in allowed and not request.path.startswith(static):
                if user_has_device(user):
                    # A device exists but this session never proved it: log in again with the code.
                    logout(request)
                    return redirect(reverse("admin:login"))
                return redirect(reverse("two_factor_setup"))
        return self.get_response(request)
