"""/reports/: the dashboard and the ten reports by slug."""

from django.urls import path

from registry.reports.views import DashboardView, ReportView

app_name = "reports"

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/", ReportView.as_view(), name="report"),
]
