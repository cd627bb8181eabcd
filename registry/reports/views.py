"""The report pages: filters → query → page or download. Only staff holding `view_reports`
(clerks, supervisors, administrators) may read them; anonymous users are sent to the login page."""

from django.contrib import admin
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from registry import jalali, reconciliation
from registry.formatting import digits
from registry.reports import bulletin, exports, queries
from registry.reports.catalogue import BY_SLUG, REPORTS, Column
from registry.reports.forms import BulletinForm, ReportFilterForm


class ReportAccessMixin(PermissionRequiredMixin):
    """Logged-in staff with the report permission; others get 403, anonymous users the login page."""

    permission_required = "registry.view_reports"

    def has_permission(self):
        user = self.request.user
        return user.is_active and user.is_staff and super().has_permission()

    def page_context(self, **context):
        # The admin's frame (header, user links, language switch) without its model sidebar; the
        # time of the figures, for the printed letterhead.
        return {**admin.site.frame_context(self.request), "today": jalali.today(), "printed_at": timezone.now(),
                **context}


class DashboardView(ReportAccessMixin, View):
    def get(self, request):
        figures = queries.dashboard()
        return render(request, "registry/reports/dashboard.html", self.page_context(
            title=_("Reports"), figures=figures, reconciliation=reconciliation.report_status(),
            bulletin_title=bulletin_title(bulletin.Period.last_finished()),
        ))


class ReportView(ReportAccessMixin, View):
    def get(self, request, slug):
        report = BY_SLUG.get(slug)
        if report is None:
            raise Http404(slug)
        output = request.GET.get("format") or "html"
        if output != "html" and output not in exports.FORMATS:
            return HttpResponseBadRequest(_("Unknown format: choose csv, xlsx or json."))
        form = ReportFilterForm(request.GET, report=report)
        valid = form.is_valid()
        if not valid and output == "json":
            return exports.json_errors(form)
        if not valid:
            # The page, counted without the filters that are not valid, each with its error beside
            # it; never a download counted otherwise than asked.
            output = "html"
        filters = form.filters()
        result = report.query(filters)
        summary = form.summary(filters)
        if output != "html":
            return exports.FORMATS[output](report, filters, summary, result)
        query = request.GET.copy()
        for name in ("format", *form.errors):
            query.pop(name, None)
        nothing_counted = report.nothing_counted(result)
        return render(request, "registry/reports/report.html", self.page_context(
            title=report.title, report=report, form=form, reports=REPORTS, summary=summary, filters=filters,
            result=result, charts=() if nothing_counted else report.charts(result, filters),
            nothing_counted=nothing_counted, tables=report.shown_tables(result), totals=report.shown_totals(result),
            query=query.urlencode(),
            reconciliation=(reconciliation.report_status(filters.county, filters.sector)
                            if slug == "transparency" else None),
        ), status=200 if valid else 400)


def bulletin_title(period):
    return _("The director general's monthly bulletin: %(month)s %(year)s") % {
        "month": jalali.month_name(period.month), "year": digits(period.year)}


class BulletinView(ReportAccessMixin, View):
    def get(self, request):
        output = request.GET.get("format") or "html"
        if output not in ("html", "json"):
            return HttpResponseBadRequest(_("Unknown format: the bulletin is a page or JSON."))
        form = BulletinForm(request.GET)
        if not form.is_valid():
            if output == "json":
                return exports.json_errors(form)
            return render(request, "registry/reports/bulletin.html", self.page_context(
                title=_("The director general's monthly bulletin"), form=form), status=400)
        period = form.period()
        figures = bulletin.bulletin(period)
        if output == "json":
            return exports.bulletin_json(figures)
        days = figures.days
        return render(request, "registry/reports/bulletin.html", self.page_context(
            title=bulletin_title(period), form=form, bulletin=figures, month=jalali.month_name(period.month),
            mine_columns=bulletin.MINE_COLUMNS,
            summary=[(Column("as_of", _("as of"), "date"), days["value"]),
                     (Column("compared", _("compared with"), "text"), _("%(previous)s and %(last_year)s") % {
                         "previous": jalali.format_date(days["previous_month"]),
                         "last_year": jalali.format_date(days["same_month_last_year"])})],
        ))
