"""The clerks' screens, one module per domain on a shared base (registry.admin.base)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# Importing the modules registers their ModelAdmins.
from registry.admin import (  # noqa: F401
    access,
    auctions,
    employment,
    estates,
    imports,
    mining,
    producers,
    products,
    reconciliation,
    reference,
)
from registry.security import LoginForm

admin.site.login_form = LoginForm
admin.site.site_url = None  # no public site: the reports have their own link
admin.site.site_header = _("Shafaf — Industry, Mine and Trade of Kurdistan")
admin.site.site_title = _("Shafaf")
admin.site.index_title = _("Registry of the directorate")
