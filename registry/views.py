"""Views outside the admin and the reports: the landing page and the login that leads to it, the
health check, the second-factor setup, and the pages of a refused or missing address in the
admin's frame."""

import base64
import logging

import segno
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.roles import landing_url
from registry.text import digits_to_ascii

logger = logging.getLogger(__name__)


def _error_page(request, status, title, message):
    return render(request, "registry/error_page.html", {
        **admin.site.each_context(request), "title": title, "message": message,
    }, status=status)


def permission_denied(request, exception):
    """403 in the admin's frame and the user's language, with the way back (Django's own page is
    a bare English line)."""
    return _error_page(request, 403, _("You do not have access to this page"), _(
        "Your account may not open this page. Supervisors read the registry without changing it; "
        "deleting is for administrators. If your work needs this page, ask an administrator."))


def page_not_found(request, exception):
    """404 in the admin's frame and the user's language."""
    return _error_page(request, 404, _("This page does not exist"), _(
        "Nothing is at this address. The link may be old, or the record may have been deleted."))


@require_GET
def home(request):
    """The site's root, where the header's name leads: each user's own landing page."""
    if not request.user.is_authenticated:
        return redirect("admin:login")
    return redirect(landing_url(request.user))


def login(request):
    """The admin's login, landing on the user's own page (home) when no page was asked for."""
    if request.method == "GET" and admin.site.has_permission(request):
        return redirect(landing_url(request.user))  # as the admin's own, which goes to its index
    asked = "next" in request.GET or "next" in request.POST
    return admin.site.login(request, extra_context=None if asked else {"next": reverse("home")})


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a round trip, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("One-time code"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr",
                                      "autofocus": True}),
    )

    def clean_token(self):
        return digits_to_ascii(self.cleaned_data["token"]).replace(" ", "")


@never_cache
@staff_member_required(login_url="admin:login")
def two_factor_setup(request):
    """Set up (or replace) the TOTP second factor of the logged-in user.

    A user who already has a second factor must have proved it in this session first, so a
    stolen password alone cannot replace it.
    """
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect("admin:login")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Shafaf", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save()
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on: from now on, log in with a one-time code too."))
            return redirect("admin:index")
        form.add_error("token", _("The one-time code is wrong or has expired. Try the current code."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "registry/two_factor_setup.html", {
        "title": _("Two-factor login"),
        "form": form,
        "qr_code": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4)),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    })
