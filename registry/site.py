"""Shafaf's admin site: Django's, except where the login leads (registry.apps.AdminConfig makes it
the default site; outside registry/admin/, whose modules register on it as they are imported)."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse


class AdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        # Django sends everyone who did not ask for a page to the admin's index; here they go to
        # the root, which knows their starting page (registry.roles.landing_url).
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            extra_context = {**(extra_context or {}), REDIRECT_FIELD_NAME: reverse("landing")}
        return super().login(request, extra_context)
