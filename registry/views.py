"""Views outside the admin and the reports: where a user lands, the clerk's worklist, the health
check, the second-factor setup, and the pages of a refused or missing address in the admin's frame."""

import base64
import logging

import segno
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import DatabaseError, connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry import jalali, roles, worklist
from registry.models import County
from registry.scoping import scope
from registry.text import alphabetical, digits_to_ascii

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


def landing(request):
    """The site's root: each user's own starting page (registry.roles.landing_url), where the
    login sends everyone who did not ask for a page."""
    if not request.user.is_authenticated:
        return redirect("admin:login")
    return redirect(roles.landing_url(request.user))


class WorklistFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False)
    county = forms.ChoiceField(label=_("county"), required=False)

    def __init__(self, data, *, counties):
        super().__init__(data)
        self.counties = {county.code: county for county in counties}
        self.fields["kind"].choices = [("", _("all kinds")), *((kind.name, kind.title) for kind in worklist.KINDS)]
        self.fields["county"].choices = [("", _("all your counties")),
                                         *alphabetical(((code, str(county)) for code, county in self.counties.items()),
                                                       lambda choice: choice[1])]

    def chosen(self):
        """(the kinds asked for, the county or None)."""
        kind = worklist.BY_NAME.get(self.cleaned_data["kind"])
        return ((kind,) if kind else worklist.KINDS), self.counties.get(self.cleaned_data["county"])


def worklist_view(request):
    """/worklist/: the items of the user's counties, grouped by kind, each kind's most urgent first,
    with its count linked to the admin list of all of them; `?format=json` for programs."""
    output = request.GET.get("format") or "html"
    if output not in ("html", "json"):
        return HttpResponseBadRequest(_("Unknown format: choose json."))
    user = request.user
    form = WorklistFilterForm(request.GET, counties=scope(County.objects.all(), user))
    if not form.is_valid():
        if output == "json":
            return JsonResponse({"errors": form.errors}, status=400, json_dumps_params={"ensure_ascii": False})
        return render(request, "registry/worklist.html", {
            **admin.site.each_context(request), "title": _("Worklist"), "form": form, "is_nav_sidebar_enabled": False,
        }, status=400)
    kinds, county = form.chosen()
    today = jalali.today()
    counts = worklist.counts(user, today, county, kinds)
    if output == "json":
        items = sorted(worklist.items(user, today, county, kinds), key=worklist.urgency)
        return JsonResponse({"counts": counts, "items": [item.as_json() for item in items]},
                            json_dumps_params={"ensure_ascii": False})
    one_kind = len(kinds) == 1
    items = worklist.items(user, today, county, kinds,
                           limit=worklist.ITEMS_PER_KIND if one_kind else worklist.SHOWN_PER_KIND)
    if not one_kind and county is None:
        request.worklist_counts = counts  # the header's count (registry/templatetags/worklist.py)
    return render(request, "registry/worklist.html", {
        **admin.site.each_context(request),
        "title": _("Worklist"),
        "is_nav_sidebar_enabled": False,
        "form": form,
        "today": today,
        "county": county,
        "groups": worklist.groups(kinds, counts, items, county),
        "total": sum(counts.values()),
        "one_kind": one_kind,
    })
