"""Shafaf's URLs: the admin, the reports, the health check (and the language switch)."""
from django.contrib import admin
from django.urls import include, path

from registry.admin.audit import audit_view
from registry.views import healthz, two_factor_setup

urlpatterns = [
    path("admin/two-factor/", two_factor_setup, name="two_factor_setup"),
    path("admin/audit/", admin.site.admin_view(audit_view), name="audit"),
    path("admin/", admin.site.urls),
    path("reports/", include("registry.reports.urls")),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]
