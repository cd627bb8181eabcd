"""Shafaf's URLs: the admin (with its audit trail and second-factor setup), the reports, the clerk's
worklist, the health check, the language switch; the root leads each user to their own starting
page (registry.roles.landing_url). Refused and missing pages are shown in the admin's frame."""
from django.contrib import admin
from django.urls import include, path

from registry.admin.audit import audit_view
from registry.views import healthz, landing, page_not_found, permission_denied, two_factor_setup, worklist_view

handler403 = permission_denied
handler404 = page_not_found

urlpatterns = [
    path("", landing, name="landing"),
    path("admin/two-factor/", two_factor_setup, name="two_factor_setup"),
    path("admin/audit/", admin.site.admin_view(audit_view), name="audit"),
    path("admin/", admin.site.urls),
    path("reports/", include("registry.reports.urls")),
    path("worklist/", admin.site.admin_view(worklist_view), name="worklist"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]
