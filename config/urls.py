"""Shafaf's URLs: the admin, the reports, the health check (and the language switch)."""
from django.contrib import admin
from django.urls import include, path

from registry.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("reports/", include("registry.reports.urls")),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]
