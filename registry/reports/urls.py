"""/reports/: the dashboard, the director general's monthly bulletin and the ten reports by slug."""

from django.urls import path

from registry.reports.views import BulletinView, DashboardView, ReportView

app_name = "reports"

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("bulletin/", BulletinView.as_view(), name="bulletin"),
    path("<slug:slug>/", ReportView.as_view(), name="report"),
]
