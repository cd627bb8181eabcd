"""The clerks' screens, one module per domain on a shared base (registry.admin.base)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.admin import reference  # noqa: F401  (registers the ModelAdmins)
from registry.admin import imports  # noqa: F401

admin.site.site_header = _("Shafaf — Industry, Mine and Trade of Kurdistan")
admin.site.site_title = _("Shafaf")
admin.site.index_title = _("Registry of the directorate")
