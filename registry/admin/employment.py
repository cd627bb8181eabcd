"""The jobs each provincial office registered, month by month, with each office's total for a year."""

from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.admin.base import RegistryModelAdmin
from registry.admin.filters import KnownByFilter
from registry.formatting import digits
from registry.models import EmploymentRecord, Office


class EmploymentYearFilter(admin.SimpleListFilter):
    """The Jalali years that records carry (the year is stored as a Jalali number), and the year
    chosen (a report's link may ask for a year without records)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = set(EmploymentRecord.objects.order_by().values_list("year", flat=True).distinct())
        chosen = selected_year(self.value())
        return [(str(year), digits(year)) for year in sorted(years | ({chosen} - {None}), reverse=True)]

    def queryset(self, request, queryset):
        year = selected_year(self.value())
        return queryset if year is None else queryset.filter(year=year)


def selected_year(value):
    """The Jalali year a query-string value names, or None (the records' years are 1300–1699)."""
    if value and value.isascii() and value.isdigit() and 1300 <= int(value) < jalali.JALALI_YEAR_LIMIT:
        return int(value)
    return None


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(RegistryModelAdmin):
    list_display = ("reference", "office", "year_label", "month_label", "county", "producer", "jobs", "verified")
    list_filter = ("office", "office__is_self", "county", EmploymentYearFilter, "verified", KnownByFilter)
    list_select_related = ("office", "county", "producer")
    search_fields = ("reference",)
    autocomplete_fields = ("producer",)
    ordering = ("-year", "-month", "reference")
    change_list_template = "admin/registry/employmentrecord/change_list.html"  # import-export extends it

    @admin.display(description=_("year"), ordering="year")
    def year_label(self, record):
        return digits(record.year)

    @admin.display(description=_("month"), ordering="month")
    def month_label(self, record):
        return jalali.month_name(record.month)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            year = selected_year(request.GET.get(EmploymentYearFilter.parameter_name)) or jalali.jalali_year()
            # One GROUP BY over the year's records that the list's other filters (office, county)
            # keep: the jobs a report's figure counts, when its link leads here.
            rows = (changelist.queryset.filter(year=year).order_by()
                    .values("office", "office__code", "office__name_fa", "office__name_en").annotate(jobs=Sum("jobs")))
            offices = []
            for row in sorted(rows, key=lambda row: (-row["jobs"], row["office__code"])):
                office = Office(pk=row["office"], code=row["office__code"], name_fa=row["office__name_fa"],
                                name_en=row["office__name_en"])
                office.jobs = row["jobs"]
                offices.append(office)
            response.context_data.update({
                "totals_year": year,
                "office_totals": offices,
                "jobs_total": sum(office.jobs for office in offices),
            })
        return response
